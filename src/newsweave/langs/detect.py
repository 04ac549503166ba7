"""Language and script of an article.

lingua ships its models in the wheel, so detection works offline; it is limited
to the languages newsweave handles so that memory and time stay small.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from newsweave import settings


@dataclass
class LanguageGuess:
    language: str  # ISO 639-1, "" when undetermined
    confidence: float
    script: str  # Latin, Cyrillic, Greek, Arabic, Han, …


def detect_language(text: str) -> LanguageGuess:
    """The article's language (ISO 639-1) with lingua's confidence, and its main script."""
    sample = text[: settings.LANGUAGE_SAMPLE_CHARS]
    script = dominant_script(sample)
    if not sample.strip():
        return LanguageGuess("", 0.0, script)
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < settings.LANGUAGE_MIN_CONFIDENCE:
        return LanguageGuess("", values[0].value if values else 0.0, script)
    best = values[0]
    return LanguageGuess(best.language.iso_code_639_1.name.lower(), round(best.value, 4), script)


def dominant_script(text: str) -> str:
    """The Unicode script most of the letters belong to ("Latin", "Cyrillic", "Han"…)."""
    scripts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            scripts[_script_of(char)] += 1
    return scripts.most_common(1)[0][0] if scripts else ""


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


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        for code in settings.DETECTED_LANGUAGES
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()
