"""The recogniser's tokens: words, single characters of unspaced scripts, punctuation.

The same cut serves training and tagging, so the model meets in a user's article the tokens
it learnt from, whatever tokenisation an annotated set used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Scripts written without spaces between words: each character is a token (Chinese names are
# runs of characters, which the tagger learns to join).
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # one character of those scripts
    r"|(?:[^\W\d_]\.){2,}"  # initials and abbreviations written with full stops: U.S., S.A.
    r"|[^\W_](?:[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|[-'’.](?=[^\W_]))*"  # a word
    r"|[^\w\s]"  # one punctuation mark
)
# An English possessive is not part of the name it follows (Trump's); other languages' case
# endings after an apostrophe (Erdoğan'ın) are, as the annotated sets keep them.
POSSESSIVES = ("'s", "’s")


def caseless(word: str) -> bool:
    """A word in a script without capitals (Arabic, Chinese): its first letter has no case."""
    return word[:1].isalpha() and word[:1].lower() == word[:1].upper()


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, with their offsets in ``text`` (no pattern here looks
    outside the words it matches, so a part reads as if cut out)."""
    out = []
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        word, begins = match.group(), match.start()
        # str.endswith rather than a pattern: asked of every token, true of few
        if len(word) > 2 and word.endswith(POSSESSIVES):
            cut = len(word) - 2
            out.append(Token(word[:cut], begins, begins + cut))
            out.append(Token(word[cut:], begins + cut, match.end()))
            continue
        out.append(Token(word, begins, match.end()))
    return out


_PUNCTUATION = re.compile(r"[^\w]+")


def name_span(tokens: list[Token]) -> tuple[int, int] | None:
    """Where the name these tokens make begins and ends, less the punctuation at either edge
    (None: marks alone): a name never begins or ends on a mark, though a set whose OCR glued a
    full stop or comma to its word ("Schlesien,") spans it."""
    words = [token for token in tokens if not _PUNCTUATION.fullmatch(token.text)]
    return (words[0].start, words[-1].end) if words else None
