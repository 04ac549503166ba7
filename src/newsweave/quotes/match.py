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

# Han characters form a token of their own: in unspaced Chinese a Latin name or a kana ending
# would otherwise run into the clause around it ("会见了Macron总统").
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(
    rf"\d+(?:[.,]\d+)*|[{_HAN}]+|[^\W\d_{_HAN}]+(?:['’-][^\W\d_{_HAN}]+)*", re.UNICODE
)
_HAN_START = re.compile(rf"[{_HAN}]")
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
    clitics: dict[str, tuple[str, ...]]  # language -> proclitics, longest first ("وال" before "و")
    unspaced: dict[str, int]  # language written without spaces -> its longest lexicon word


@lru_cache(maxsize=1)
def _concepts() -> _Concepts:
    path = resources.files("newsweave.data").joinpath("concepts.json")
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    languages: list[str] = data["languages"]
    unspaced_languages = set(data.get("unspaced", []))
    by_language: dict[str, dict[str, str]] = {lang: {} for lang in languages}
    anywhere: dict[str, str] = {}
    for concept, columns in data["concepts"].items():
        for lang, column in zip(languages, columns, strict=False):
            shortest = (
                settings.CONCEPT_MIN_UNSPACED_CHARS
                if lang in unspaced_languages
                else settings.CONCEPT_MIN_STEM_LETTERS
            )
            for stem in column.split():
                stem = _fold(stem)
                if len(stem) < shortest:
                    continue
                by_language[lang].setdefault(stem, concept)
                anywhere.setdefault(stem, concept)
    clitics = {
        lang: tuple(sorted((_fold(c) for c in listed.split()), key=len, reverse=True))
        for lang, listed in data.get("clitics", {}).items()
    }
    unspaced = {lang: max(map(len, by_language[lang]), default=0) for lang in unspaced_languages}
    return _Concepts(by_language, anywhere, clitics, unspaced)


# Greek moves its accent as a word inflects (καύσιμα, καυσίμων): stems are compared without it.
# Arabic writers vary the hamza seat of alef (أ إ آ ٱ), ta marbuta and final yaa (ة/ه, ى/ي)
# for the same word, and news sites write them either way: stems are compared with one form.
_LETTER_FOLDS = str.maketrans("άέήίόύώϊϋΐΰأإآٱةى", "αεηιουωιυιυااااهي")
# Arabic short-vowel marks and the tatweel stretch are optional in writing; the marks are not
# letters, so left in they would cut a word in two before it is matched.
_OPTIONAL_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


def _fold(word: str) -> str:
    # Turkish "İ" casefolds to "i" plus a combining dot; the dot would hide "İngiltere".
    return word.casefold().replace("\u0307", "").translate(_LETTER_FOLDS)


def _concept(token: str, stems: dict[str, str]) -> str | None:
    # The longest stem that begins the word; stems of three letters or fewer must be the word.
    if token in stems:
        return stems[token]
    for length in range(len(token) - 1, 3, -1):
        hit = stems.get(token[:length])
        if hit:
            return hit
    return None


def _word_concepts(
    word: str, language: str, concepts: _Concepts, stems: dict[str, str]
) -> list[str]:
    """The concepts of one folded token: one at most, or several for a run of unspaced script."""
    longest = concepts.unspaced.get(language)
    if longest and _HAN_START.match(word):
        return _unspaced_concepts(word, stems, longest)
    concept = _concept(word, stems)
    clitics = concepts.clitics.get(language)
    if concept is None and clitics:
        concept = _concept_without_clitic(word, stems, clitics)
    return [concept] if concept else []


def _concept_without_clitic(
    word: str, stems: dict[str, str], clitics: tuple[str, ...]
) -> str | None:
    # Arabic writes "and", "by", "for", "like" and the article onto the word (والحكومة, بالحرب):
    # the bare word was tried first, so a stem that itself begins with such a letter (وزير,
    # بنك) keeps its own reading; what remains must still be a word, not one or two letters.
    for clitic in clitics:
        rest = word[len(clitic) :]
        if word.startswith(clitic) and len(rest) >= settings.CONCEPT_MIN_STEM_LETTERS:
            concept = _concept(rest, stems)
            if concept:
                return concept
    return None


def _unspaced_concepts(run: str, stems: dict[str, str], longest: int) -> list[str]:
    # Chinese has no spaces: a token is a whole clause. Lexicon words are read off it from the
    # left, the longest that fits first (联合国 before 联合), and a character is used once.
    found: list[str] = []
    start = 0
    while start < len(run):
        for length in range(min(longest, len(run) - start), 1, -1):
            concept = stems.get(run[start : start + length])
            if concept:
                found.append(concept)
                start += length
                break
        else:
            start += 1
    return found


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


def build_quote_key(text: str, language: str, with_lemmas: bool = True) -> QuoteKey:
    """quote_key without its cache, for one-off text (every sentence of an article) that would
    only push the quotations out of it. Without `with_lemmas`, the key's lemmas stay empty: a
    caller that reads only the language-independent features saves the dictionary lookups."""
    concepts = _concepts()
    stems = concepts.by_language.get(language, concepts.anywhere)
    text = _OPTIONAL_MARKS.sub("", text)
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
        found = _word_concepts(lower, language, concepts, stems)
        start = match.start()
        capital = token[0].isupper() and not (
            start == 0 or _SENTENCE_START.search(text, max(0, start - _SENTENCE_START_TAIL), start)
        )
        if found:
            features.update(_number_concept(concept) for concept in found)
        elif capital and len(token) > 2:
            key = name_key(token)
            if len(key) >= 2:
                features.add("e:" + key)
        elif len(lower) >= 6:
            features.add("p:" + _latin(lower)[:5])
        if with_lemmas and len(lower) >= 4:
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
