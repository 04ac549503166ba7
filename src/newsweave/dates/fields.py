"""A full calendar date from a date field or a date line, in any common format."""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

from newsweave import settings
from newsweave.dates.expressions import find_dates
from newsweave.dates.vocabulary import known_languages

_ISO_PREFIX = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ]\S*)?")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T?\d{4,6}Z?)?\s*$")


def _iso(value: str) -> date | None:
    text = value.strip().replace("Z", "+00:00")
    try:
        # The date as the publisher wrote it: its own day, not the day in UTC.
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    match = _ISO_PREFIX.match(value) or _COMPACT.match(value)
    if match is None:
        return None
    digits = re.sub(r"\D", "", "".join(match.groups()))[:8]
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _rfc2822(value: str) -> date | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed else None


def _in_words(value: str, language: str) -> date | None:
    """A written date ("12 марта 2024", "23 Декември, 2025"): only a full one, never year-less."""
    languages = [language, *(lang for lang in known_languages() if lang != language)]
    for lang in languages:
        for ref in find_dates(value, lang, None):
            if ref.date is not None and ref.kind == "absolute":
                return ref.date
    return None


def parse_date_string(value: str | None, language: str = "") -> date | None:
    """A full calendar date from a date field in any common format, or None."""
    if not value or len(value) > settings.DATES_MAX_TEXT_CHARS:
        return None
    return _iso(value) or _rfc2822(value) or _in_words(value, language)
