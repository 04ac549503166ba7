"""Language and script of an article.

lingua ships its models in the wheel, so detection works offline; it is limited
to the languages newsweave handles so that memory and time stay small. The script
is read first and only the languages written in it are compared: Cyrillic text is
never weighed against French, so lingua does a fraction of the work, and a script
that only one language uses (Greek, Hangul) needs no statistics at all.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from lingua import (
    ConfidenceValue,
    IsoCode639_1,
    Language,
    LanguageDetector,
    LanguageDetectorBuilder,
)

from newsweave import settings
from newsweave.langs.lemmas import dictionary_language, is_known

_WORD = re.compile(r"\w+")


@dataclass
class LanguageGuess:
    language: str  # ISO 639-1, "" when undetermined
    confidence: float
    script: str  # Latin, Cyrillic, Greek, Arabic, Han, …


def detect_language(text: str) -> LanguageGuess:
    """The article's language (ISO 639-1) with lingua's confidence, and its main script."""
    sample = text[: settings.LANGUAGE_SAMPLE_CHARS]
    shares = script_shares(sample)
    script = max(shares, key=shares.__getitem__) if shares else ""
    if not sample.strip():
        return LanguageGuess("", 0.0, script)
    # Every script with a real share counts: a Chinese text quoting Latin names has fewer Han
    # letters than Latin ones, one ideograph being a word.
    written = (s for s, share in shares.items() if share >= settings.LANGUAGE_SCRIPT_MIN_SHARE)
    candidates = _languages_written_in(tuple(sorted(written)))
    if len(candidates) == 1:
        return LanguageGuess(candidates[0], 1.0, script)
    values = _detector(candidates).compute_language_confidence_values(sample)
    if not values or values[0].value < settings.LANGUAGE_MIN_CONFIDENCE:
        return LanguageGuess("", values[0].value if values else 0.0, script)
    best = values[0]
    if len(sample) < settings.LANGUAGE_SHORT_TEXT_CHARS:
        best = _best_known(sample, values)
    return LanguageGuess(best.language.iso_code_639_1.name.lower(), round(best.value, 4), script)


def _best_known(sample: str, values: list[ConfidenceValue]) -> ConfidenceValue:
    """Of lingua's close candidates for a short text, the one whose dictionary knows the most
    of its words. lingua's trigrams alone mistake close languages in a line of 60 characters
    (Slovene for Croatian, Bulgarian for Russian, Czech for Slovak); their dictionaries tell
    them apart. Where a candidate has no dictionary, lingua's order stands, so a language
    is never preferred for having one."""
    floor = values[0].value * settings.LANGUAGE_TIE_SHARE
    close = [v for v in values if v.value >= floor]
    codes = [dictionary_language(v.language.iso_code_639_1.name.lower()) for v in close]
    words = [w.casefold() for w in _WORD.findall(sample) if not w[0].isdigit()]
    if len(close) < 2 or not words or None in codes:
        return values[0]
    known = [sum(is_known(w, code) for w in words) for code in codes if code is not None]
    return close[known.index(max(known))]  # the first, by lingua's order, of the best


def dominant_script(text: str) -> str:
    """The Unicode script most of the letters belong to ("Latin", "Cyrillic", "Han"…)."""
    shares = script_shares(text)
    return max(shares, key=shares.__getitem__) if shares else ""


def script_shares(text: str) -> dict[str, float]:
    """The share of the text's letters in each Unicode script."""
    # Each distinct character asked once (a text of thousands has a hundred or so). Counter
    # keeps characters in the order they first occur, so the scripts keep theirs too.
    scripts: Counter[str] = Counter()
    for char, count in Counter(text).items():
        if char.isalpha():
            scripts[_script_of(char)] += count
    total = sum(scripts.values())
    return {script: count / total for script, count in scripts.items()}


def word_script(word: str) -> str:
    """The Unicode script of a word's first letter ("" for a word without letters)."""
    first = next((char for char in word if char.isalpha()), "")
    return _script_of(first) if first else ""


@lru_cache(maxsize=4096)
def _script_of(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("CJK") or "IDEOGRAPH" in name:
        return "Han"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "Japanese"
    if name.startswith("HANGUL"):
        return "Hangul"
    first = name.split(" ")[0].title()
    return first or "Unknown"


@cache
def _languages_written_in(scripts: tuple[str, ...]) -> tuple[str, ...]:
    """The detected languages written in any of the scripts; all of them when none is known."""
    table = _language_scripts()
    written = tuple(
        code
        for code in settings.DETECTED_LANGUAGES
        if any(script in table.get(code, ()) for script in scripts)
    )
    return written or tuple(settings.DETECTED_LANGUAGES)


@lru_cache(maxsize=1)
def _language_scripts() -> dict[str, list[str]]:
    path = resources.files("newsweave") / "data" / "scripts.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    return {code: scripts for code, scripts in table.items() if not code.startswith("_")}


@cache
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    """One lingua detector per set of candidate languages (a handful of scripts in practice).

    Its trigram models only (lingua's low-accuracy mode). On a long text lingua reads no
    others anyway (the same top language on 1,411 of 1,412 snippets of 120 characters and
    more); on a short one (a feed item, a caption) its high-accuracy mode loads the models of
    1 to 5 letters for every candidate language, at the first short text a process meets: a
    server that answered in milliseconds stalled for seconds and kept the memory. Measured by
    bench/languages.py on SlavicNER paragraphs, high -> low: the first short text in each of
    six languages 633 -> 38 MB and 7.2 -> 0.25 s; accuracy at 60 characters 0.989 -> 0.965,
    at 119 0.997 -> 0.993, on whole paragraphs 0.998 both. The dictionary tie-break of short
    texts (`_best_known`) brings 60 characters back to 0.988 (in part in-sample: its share
    was chosen on three of the five topics; on the other two and five NER sets' sentences,
    0.846 -> 0.869, Latin-script Serbian, which lingua reads as Croatian, 0 both ways)."""
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    builder = LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode()
    # all candidates' models at once (lingua keeps them for every detector): the first text
    # would load most of them anyway, one by one
    return builder.with_preloaded_language_models().build()


def load_models(languages: Iterable[str]) -> None:
    """Load now the models that the first text in each of these languages' scripts needs
    (Latin: 21 candidates, 35 MB, 0.2 s): a long-running process (the server) pays at start,
    not in its first request."""
    table = _language_scripts()
    for script in sorted({script for language in languages for script in table.get(language, ())}):
        candidates = _languages_written_in((script,))
        if len(candidates) > 1:
            _detector(candidates)
