"""What the learned recogniser sees of each token: the word and its shape, its beginning and
its ending (where Slavic and Turkish names carry their case), its neighbours, and what the
knowledge we hold says of it (the gazetteer, CLDR places, first names and cue words, through
the rule passes' mentions). Knowledge is what carries a name's type into languages and topics
no annotated set covers: a model can learn "a known place" once and use it everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsweave import settings
from newsweave.entities.tokens import UNSPACED
from newsweave.entities.word_clusters import WordClusters

_DIGIT = re.compile(r"\d")
# Arabic writers vary the hamza seat of alef (أ إ آ ٱ) and the learned Arabic set (NewsFANE)
# writes every one as bare alef: folded, "أحمد" and "أعلن" are the words the model learnt.
# Short vowels and the stretching tatweel are dropped for the same reason.
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ـ": None}
    | {chr(mark): None for mark in range(0x064B, 0x0653)}
)
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


@dataclass(frozen=True)
class _WordFeatures:
    """The features a word gives whatever its sentence: as the token itself and as a
    neighbour (a word recurs across sentences and articles: they are made once)."""

    low: str  # lower case, digits as 0
    unspaced: bool  # a character of an unspaced script: its pairs with its neighbours are words
    head: tuple[str, ...]  # before the token's knowledge tag
    tail: tuple[str, ...]  # after it: script, then affixes
    previous: tuple[str, ...]  # as the token before: before its knowledge tag
    previous_suffix: tuple[str, ...]  # and after it
    second_previous: tuple[str, ...]
    next: tuple[str, ...]
    next_suffix: tuple[str, ...]
    second_next: tuple[str, ...]


@lru_cache(maxsize=settings.ENTITY_FEATURE_CACHE_WORDS)
def _word_features(word: str) -> _WordFeatures:
    word = word.translate(_ARABIC_FOLD)
    low = _DIGIT.sub("0", word.lower())
    shape = word_shape(word)
    unspaced = bool(UNSPACED.match(word))
    affixes: tuple[str, ...] = ()
    if not unspaced and len(word) > 1:
        affixes = ("s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:], "p3=" + low[:3])
        if len(word) > 5:
            affixes += ("p5=" + low[:5],)
    suffix = len(word) > 2
    return _WordFeatures(
        low=low,
        unspaced=unspaced,
        head=("w=" + low, "sh=" + shape),
        tail=("sc=" + _script(word[:1]), *affixes),
        previous=("w-1=" + low, "sh-1=" + shape),
        previous_suffix=("s3-1=" + low[-3:],) if suffix else (),
        second_previous=("w-2=" + low, "sh-2=" + shape),
        next=("w+1=" + low, "sh+1=" + shape),
        next_suffix=("s3+1=" + low[-3:],) if suffix else (),
        second_next=("w+2=" + low, "sh+2=" + shape),
    )


def token_features(
    words: list[str],
    knowledge: list[str],
    first_names: frozenset[str] | set[str] = frozenset(),
    language: str = "",
    clusters: WordClusters | None = None,
) -> list[list[str]]:
    """One feature list per token. `knowledge` is the rule passes' tag of each token
    (B-PER, I-LOC, O …), which the model learns to trust as far as it deserves;
    `first_names` are given names in every script (casefolded); `clusters` the word classes
    the model learnt with (each token's at every granularity, its neighbours' coarsest).

    Each feature comes twice: alone, shared by every language, and joined to the text's
    language, so a language with annotated data learns its own conventions on top of what all
    share, and a language with none (bg, uk, pl, cs, sl in the shipped model) reads the
    shared weights alone (feature augmentation, Daumé 2007)."""
    own = [_word_features(w) for w in words]
    count = len(words)
    classes = clusters.of_all(words) if clusters else None
    prefix = language + ":"  # made once: each token's features are all copied behind it
    out = []
    for i, word in enumerate(words):
        this = own[i]
        f = ["b", *this.head, "k=" + knowledge[i], *this.tail]
        if this.unspaced:
            # characters of unspaced scripts: their pairs are the words
            prev_char = words[i - 1] if i else "^"
            next_char = words[i + 1] if i + 1 < count else "$"
            f += ["c-=" + prev_char + word, "c+=" + word + next_char]
        if this.low in first_names:
            f.append("given")
        if i == 0 or words[i - 1] in _SENTENCE_END:
            f.append("first")
        if i > 0:
            f += own[i - 1].previous
            f.append("k-1=" + knowledge[i - 1])
            f += own[i - 1].previous_suffix
            if i > 1:
                f += own[i - 2].second_previous
        else:
            f.append("bos")
        if i + 1 < count:
            f += own[i + 1].next
            f.append("k+1=" + knowledge[i + 1])
            f += own[i + 1].next_suffix
            if i + 2 < count:
                f += own[i + 2].second_next
        else:
            f.append("eos")
        if classes:
            f += classes[i]
            if i > 0 and classes[i - 1]:
                f.append("p" + classes[i - 1][0])
            if i + 1 < count and classes[i + 1]:
                f.append("n" + classes[i + 1][0])
        if language:
            f += [prefix + feature for feature in f]
        out.append(f)
    return out
