"""Compare quotations across languages without translation.

A key keeps the evidence that survives translation: numbers, names (transliterated),
concepts from a small multilingual lexicon (data/concepts.json), and weak cognate
prefixes; within one language it also keeps lemmas. Similarity is a weighted overlap.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from anyascii import anyascii

from newsweave import settings
from newsweave.langs.lemmas import lemmatize

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_ELISION = re.compile(r"^\w{1,3}['’](?=\w)")  # l'Europe, d'autres, qu'il, dell'acqua
# What ends the text before a word that opens a sentence or a quotation (a capital there says
# nothing of a name). Tested on a short tail: searching the whole prefix per word is quadratic.
_SENTENCE_START = re.compile(r"(?:[.!?…:]\s+|[«“„\"'‘‚»—–]\s*)$")
_SENTENCE_START_TAIL = 16
# Spelling differences between transliterations that are not differences in sound.
_FOLDS = (
    ("sch", "sh"),
    ("tsch", "ch"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("c", "k"),
    ("y", "i"),
    ("w", "v"),
    ("z", "s"),
    ("x", "ks"),
    ("j", "i"),
    ("q", "k"),
)
_VOWELS = set("aeiou")
_PREFIX_WEIGHTS = {
    "c": settings.QUOTE_WEIGHT_CONCEPT,
    "n": settings.QUOTE_WEIGHT_NUMBER,
    "e": settings.QUOTE_WEIGHT_NAME,
    "p": settings.QUOTE_WEIGHT_COGNATE,
}


@dataclass(frozen=True)
class QuoteKey:
    """Precomputed comparable form of one quotation."""

    language: str
    features: frozenset[str]  # language-independent: "c:concept", "n:2030", "e:name", "p:cognate"
    weight: float
    lemmas: frozenset[str]  # same-language evidence only


@dataclass(frozen=True)
class _Concepts:
    by_language: dict[str, dict[str, str]]  # language -> stem -> concept id
    anywhere: dict[str, str]  # every language's stems, for languages the lexicon lacks


@lru_cache(maxsize=1)
def _concepts() -> _Concepts:
    path = resources.files("newsweave.data").joinpath("concepts.json")
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    languages: list[str] = data["languages"]
    by_language: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    anywhere: dict[str, str] = {}
    for concept, columns in data["concepts"].items():
        for lang, column in zip(languages, columns, strict=False):
            for stem in column.split():
                stem = _fold(stem)
                if len(stem) < 3:
                    continue  # two letters ("us", "la", "de") are function words in some language
                by_language[lang].setdefault(stem, concept)
                anywhere.setdefault(stem, concept)
    return _Concepts(by_language, anywhere)


# Greek moves its accent as a word inflects (καύσιμα, καυσίμων): stems are compared without it.
_GREEK_TONOS = str.maketrans("άέήίόύώϊϋΐΰ", "αεηιουωιυιυ")


def _fold(word: str) -> str:
    # Turkish "İ" casefolds to "i" plus a combining dot; the dot would hide "İngiltere".
    return word.casefold().replace("\u0307", "").translate(_GREEK_TONOS)


def _concept(token: str, stems: dict[str, str]) -> str | None:
    # The longest stem that begins the word; stems of three letters or fewer must be the word.
    if token in stems:
        return stems[token]
    for length in range(len(token) - 1, 3, -1):
        hit = stems.get(token[:length])
        if hit:
            return hit
    return None


def _latin(token: str) -> str:
    folded = re.sub(r"[^a-z]", "", anyascii(token).lower())
    for a, b in _FOLDS:
        folded = folded.replace(a, b)
    return folded


def name_key(token: str) -> str:
    """A spelling-tolerant key for a name: the first letter and next consonants, transliterated."""
    folded = _latin(token)
    if not folded:
        return ""
    skeleton = folded[0] + "".join(ch for ch in folded[1:] if ch not in _VOWELS and ch != "h")
    return skeleton[:4]


def _lemma(word: str, language: str) -> str:
    return lemmatize(word, language)


def _number_concept(concept: str) -> str:
    # Number words ("#4": four, vier, четыре) share the feature of the digits.
    return "n:" + concept[1:] if concept.startswith("#") else "c:" + concept


@lru_cache(maxsize=settings.QUOTE_KEY_CACHE)
def quote_key(text: str, language: str) -> QuoteKey:
    """The comparable representation of a quotation written in ``language``.

    Cached here, once for every caller: the event index, the pairwise similarity and provenance
    compare the same quotations again and again."""
    return build_quote_key(text, language)


def build_quote_key(text: str, language: str) -> QuoteKey:
    """quote_key without its cache, for one-off text (every sentence of an article) that would
    only push the quotations out of it."""
    concepts = _concepts()
    stems = concepts.by_language.get(language, concepts.anywhere)
    features: set[str] = set()
    lemmas: set[str] = set()
    for match in _TOKEN.finditer(text):
        token = _ELISION.sub("", match.group(0))
        if not token:
            continue
        if token[0].isdigit():
            features.add("n:" + re.sub(r"[.,]", "", token).lstrip("0"))
            continue
        lower = _fold(token)
        concept = _concept(lower, stems)
        start = match.start()
        capital = token[0].isupper() and not (
            start == 0 or _SENTENCE_START.search(text, max(0, start - _SENTENCE_START_TAIL), start)
        )
        if concept:
            features.add(_number_concept(concept))
        elif capital and len(token) > 2:
            key = name_key(token)
            if len(key) >= 2:
                features.add("e:" + key)
        elif len(lower) >= 6:
            features.add("p:" + _latin(lower)[:5])
        if len(lower) >= 4:
            lemmas.add(_lemma(lower, language).casefold())
    weight = sum(_PREFIX_WEIGHTS[f[0]] for f in features)
    return QuoteKey(language, frozenset(features), weight, frozenset(lemmas))


def _overlap(common: float, a: float, b: float) -> float:
    # Geometric-mean normalisation: between Dice and the overlap coefficient, so a quotation
    # cut short in one article still matches its full form in another.
    return common / math.sqrt(a * b) if a > 0 and b > 0 else 0.0


def quote_similarity(a: QuoteKey, b: QuoteKey) -> float:
    """How likely two quotations are the same statement, in [0, 1]."""
    score = 0.0
    if a.weight >= settings.QUOTE_KEY_MIN_WEIGHT and b.weight >= settings.QUOTE_KEY_MIN_WEIGHT:
        common = sum(_PREFIX_WEIGHTS[f[0]] for f in a.features & b.features)
        score = _overlap(common, a.weight, b.weight)
    if a.language == b.language and min(len(a.lemmas), len(b.lemmas)) >= 3:
        shared = len(a.lemmas & b.lemmas) * settings.QUOTE_WEIGHT_LEMMA
        lemma_score = _overlap(
            shared,
            len(a.lemmas) * settings.QUOTE_WEIGHT_LEMMA,
            len(b.lemmas) * settings.QUOTE_WEIGHT_LEMMA,
        )
        score = max(score, lemma_score)
    return min(1.0, score)


__all__ = ["QuoteKey", "build_quote_key", "name_key", "quote_key", "quote_similarity"]
