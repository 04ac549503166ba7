"""The temporal words of one language: CLDR month and weekday names plus our data file.

CLDR (through babel) gives the format and stand-alone names; the data file adds what CLDR lacks:
Slavic case forms ("в марте", "w środę"), relative day words, last/this/next modifiers, units.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from newsweave.cldr import CONTEXTS, locale_names

APOSTROPHES = "'’ʼ`"
_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})
_VOWEL_END = re.compile(r"[аяеиоуыьйіaeiouy]$")


def normalise_word(text: str) -> str:
    """Lookup key of a matched surface: case, apostrophe variants and spacing do not matter."""
    return " ".join(text.translate(_APOSTROPHE_TABLE).casefold().split())


@dataclass(frozen=True)
class Vocabulary:
    """Every temporal word of a language, keyed by its normalised form."""

    language: str
    months: dict[str, int]  # full names in every case form -> month number
    month_abbreviations: dict[str, int]  # only trusted next to a day number
    weekdays: dict[str, int]  # Monday = 0
    capitalized: bool = False  # names are always capitalised (en, de): "may" is not May
    slash_order: str = "dmy"
    month_day: bool = False  # "March 12" order is used
    ambiguous_months: frozenset[str] = frozenset()
    ambiguous_weekdays: frozenset[str] = frozenset()
    month_context: frozenset[str] = frozenset()
    weekday_prepositions: tuple[str, ...] = ()
    relative_days: dict[str, int] = field(default_factory=dict)
    modifiers: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    count_units: dict[str, str] = field(default_factory=dict)
    ago_before: tuple[str, ...] = ()
    ago_after: tuple[str, ...] = ()
    ahead_before: tuple[str, ...] = ()
    numbers: dict[str, int] = field(default_factory=dict)
    unit_counts: dict[str, int] = field(default_factory=dict)  # the dual "يومين" is two days
    year_words: tuple[str, ...] = ()  # after the year: "2020 года"
    year_words_before: tuple[str, ...] = ()  # before it: "عام 2020"
    proclitics: tuple[str, ...] = ()  # written onto the next word: "و" in "وأمس"
    unspaced: bool = False  # written without spaces (zh): no word boundaries to test
    not_dates: tuple[str, ...] = ()  # words sharing a character with a date word: 目前 (前天)
    counters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "year": ("年",) …
    day_numbers: dict[str, int] = field(default_factory=dict)  # numerals of months and days
    relative_years: dict[str, int] = field(default_factory=dict)  # "去年": -1
    week_modifiers: bool = False  # "上周五" is Friday of last week, not the last Friday
    day_alone: bool = False  # "12日表示": news names a day of the month without its month


@lru_cache(maxsize=1)
def _data() -> dict[str, dict]:
    text = resources.files("newsweave.data").joinpath("dates.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def known_languages() -> list[str]:
    """Languages with relative words in our data file (others get CLDR names only)."""
    return list(_data())


def _inflect(forms: dict[str, int], endings: list[str]) -> dict[str, int]:
    """Slavic case forms from the CLDR stems: "марта" -> "марте", "marca" -> "marcu"."""
    inflected = dict(forms)
    for form, number in forms.items():
        stem = _VOWEL_END.sub("", form)
        if len(stem) < 2:
            continue
        for ending in endings:
            inflected.setdefault(stem + ending, number)
    return inflected


def _cldr_names(language: str) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    names = locale_names(language)
    if names is None:
        return {}, {}, {}
    months: dict[str, int] = {}
    abbreviations: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for context in CONTEXTS:
        for number, name in names.months[context]["wide"].items():
            months[normalise_word(name)] = number
        for number, name in names.months[context]["abbreviated"].items():
            short = normalise_word(name).rstrip(".")
            if len(short) >= 3:
                abbreviations[short] = number
        for number, name in names.days[context]["wide"].items():
            weekdays[normalise_word(name)] = number
    return months, abbreviations, weekdays


@lru_cache(maxsize=64)
def vocabulary(language: str) -> Vocabulary:
    """The vocabulary of a language; unknown languages get CLDR names (if any) and no relatives."""
    entry = _data().get(language, {})
    months, abbreviations, weekdays = _cldr_names(language)
    months = _inflect(months, entry.get("month_endings", []))
    for number, forms in entry.get("month_forms", {}).items():
        for form in forms:
            months[normalise_word(form)] = int(number)
    for number, forms in entry.get("weekday_forms", {}).items():
        for form in forms:
            weekdays[normalise_word(form)] = int(number)
    for full, number in months.items():
        abbreviations.setdefault(full, number)

    def words(key: str) -> tuple[str, ...]:
        return tuple(normalise_word(w) for w in entry.get(key, []))

    def mapping(key: str) -> dict:
        return {normalise_word(k): v for k, v in entry.get(key, {}).items()}

    return Vocabulary(
        language=language,
        months=months,
        month_abbreviations=abbreviations,
        weekdays=weekdays,
        capitalized=entry.get("capitalized", False),
        slash_order=entry.get("slash_order", "dmy"),
        month_day=entry.get("month_day", False),
        ambiguous_months=frozenset(words("ambiguous_months")),
        ambiguous_weekdays=frozenset(words("ambiguous_weekdays")),
        month_context=frozenset(words("month_context")),
        weekday_prepositions=words("weekday_prepositions"),
        relative_days=mapping("relative_days"),
        modifiers=mapping("modifiers"),
        units=mapping("units"),
        count_units=mapping("count_units"),
        ago_before=words("ago_before"),
        ago_after=words("ago_after"),
        ahead_before=words("ahead_before"),
        # a count may be any day numeral too: 三十天前 is thirty days ago, not 十天前
        numbers={**mapping("day_numbers"), **mapping("numbers")},
        unit_counts=mapping("unit_counts"),
        year_words=words("year_words"),
        year_words_before=words("year_words_before"),
        proclitics=words("proclitics"),
        unspaced=entry.get("unspaced", False),
        not_dates=words("not_dates"),
        counters={
            name: tuple(normalise_word(w) for w in forms)
            for name, forms in entry.get("counters", {}).items()
        },
        day_numbers=mapping("day_numbers"),
        relative_years=mapping("relative_years"),
        week_modifiers=entry.get("week_modifiers", False),
        day_alone=entry.get("day_alone", False),
    )
