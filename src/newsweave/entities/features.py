"""What the learned recogniser sees of each token: the word and its shape, its beginning and
its ending (where Slavic and Turkish names carry their case), its neighbours, and what the
knowledge we hold says of it (the gazetteer, CLDR places, first names and cue words, through
the rule passes' mentions). Knowledge is what carries a name's type into languages and topics
no annotated set covers: a model can learn "a known place" once and use it everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsweave import settings
from newsweave.entities.tokens import UNSPACED

_DIGIT = re.compile(r"\d")
_SENTENCE_END = frozenset('.!?…:;"«»“”„')


@lru_cache(maxsize=settings.LEMMA_CACHE_WORDS)
def word_shape(word: str) -> str:
    """Aa, A, a, 0, A.A.: letters' case and digits, repeats collapsed."""
    out: list[str] = []
    for char in word:
        if char.isupper():
            kind = "A"
        elif char.islower():
            kind = "a"
        elif char.isdigit():
            kind = "0"
        elif char.isalpha():
            kind = "c"  # a letter of a caseless script
        else:
            kind = char
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)[:6]


@lru_cache(maxsize=settings.LEMMA_CACHE_WORDS)
def _script(char: str) -> str:
    if not char.isalpha():
        return "-"
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "?"


def token_features(
    words: list[str],
    knowledge: list[str],
    first_names: frozenset[str] | set[str] = frozenset(),
    language: str = "",
) -> list[list[str]]:
    """One feature list per token. `knowledge` is the rule passes' tag of each token
    (B-PER, I-LOC, O …), which the model learns to trust as far as it deserves;
    `first_names` are given names in every script (casefolded).

    Each feature comes twice: alone, shared by every language, and joined to the text's
    language, so a language with annotated data learns its own conventions on top of what all
    share, and a language with none (bg, uk, pl, cs, sl in the shipped model) reads the
    shared weights alone (feature augmentation, Daumé 2007)."""
    lowered = [_DIGIT.sub("0", w.lower()) for w in words]
    shapes = [word_shape(w) for w in words]
    count = len(words)
    out = []
    for i, word in enumerate(words):
        low = lowered[i]
        f = [
            "b",
            "w=" + low,
            "sh=" + shapes[i],
            "k=" + knowledge[i],
            "sc=" + _script(word[:1]),
        ]
        if UNSPACED.match(word):
            # characters of unspaced scripts: their pairs are the words
            prev_char = words[i - 1] if i else "^"
            next_char = words[i + 1] if i + 1 < count else "$"
            f += ["c-=" + prev_char + word, "c+=" + word + next_char]
        elif len(word) > 1:
            f += ["s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:], "p3=" + low[:3]]
            if len(word) > 5:
                f.append("p5=" + low[:5])
        if low in first_names:
            f.append("given")
        if i == 0 or words[i - 1] in _SENTENCE_END:
            f.append("first")
        if i > 0:
            f += ["w-1=" + lowered[i - 1], "sh-1=" + shapes[i - 1], "k-1=" + knowledge[i - 1]]
            if len(words[i - 1]) > 2:
                f.append("s3-1=" + lowered[i - 1][-3:])
            if i > 1:
                f += ["w-2=" + lowered[i - 2], "sh-2=" + shapes[i - 2]]
        else:
            f.append("bos")
        if i + 1 < count:
            f += ["w+1=" + lowered[i + 1], "sh+1=" + shapes[i + 1], "k+1=" + knowledge[i + 1]]
            if len(words[i + 1]) > 2:
                f.append("s3+1=" + lowered[i + 1][-3:])
            if i + 2 < count:
                f += ["w+2=" + lowered[i + 2], "sh+2=" + shapes[i + 2]]
        else:
            f.append("eos")
        if language:
            f += [language + ":" + feature for feature in f]
        out.append(f)
    return out
