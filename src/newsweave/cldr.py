"""The few CLDR tables newsweave reads, copied out of babel's locale data.

babel keeps every locale it has loaded whole, for the life of the process: currencies, units,
time zones and the rest of CLDR, half a megabyte to a megabyte a locale. newsweave reads a
locale's country, month and weekday names only, for every language the gazetteer knows, which
left about 40 MB of locale data behind in a server that needed a fraction of it. So each table
is copied into plain dicts here, once per language, and babel's loaded data let go.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import babel
import babel.localedata

CONTEXTS = ("format", "stand-alone")
WIDTHS = ("wide", "abbreviated")

# context ("format", "stand-alone") -> width ("wide", "abbreviated") -> number -> name
CalendarNames = dict[str, dict[str, dict[int, str]]]


@dataclass(frozen=True)
class LocaleNames:
    """What newsweave reads of one CLDR locale."""

    territories: dict[str, str]  # region code ("PL", "150") -> its name in the locale
    months: CalendarNames  # 1 … 12
    days: CalendarNames  # 0 (Monday) … 6


@cache  # one per language read: a few hundred at most
def locale_names(language: str) -> LocaleNames | None:
    """The country, month and weekday names of `language` in CLDR; None for a language CLDR
    does not have (or a code babel cannot parse)."""
    try:
        locale = babel.Locale.parse(language)
        names = LocaleNames(
            territories=dict(locale.territories),
            months=_calendar(locale.months),
            days=_calendar(locale.days),
        )
    except (babel.UnknownLocaleError, ValueError, TypeError):
        return None
    _forget_loaded_locales()
    return names


def _calendar(table: object) -> CalendarNames:
    return {
        context: {width: dict(table[context][width]) for width in WIDTHS}  # type: ignore[index]
        for context in CONTEXTS
    }


def _forget_loaded_locales() -> None:
    # babel has no public call for this: its caches are module dicts (the loaded data, and in
    # newer versions a wrapper over each). Should a later babel rename them, the data stays.
    lock = getattr(babel.localedata, "_cache_lock", None)
    for name in ("_cache", "_dict_cache"):
        cache = getattr(babel.localedata, name, None)
        if isinstance(cache, dict) and lock is not None:
            with lock:
                cache.clear()
