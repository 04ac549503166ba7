"""publication_date: the source order and the formats a date field comes in."""

from datetime import date

import pytest

from newsweave.dates import choose_event_date, parse_date_string, publication_date
from newsweave.model import DateRef, RawDocument


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-12T23:30:00+05:00", date(2024, 3, 12)),
        ("2024-03-12T10:00:00Z", date(2024, 3, 12)),
        ("2024-03-12", date(2024, 3, 12)),
        ("Tue, 12 Mar 2024 10:00:00 +0000", date(2024, 3, 12)),
        ("12 марта 2024", date(2024, 3, 12)),
        ("23 Декември, 2025", date(2025, 12, 23)),
        ("12 de março de 2024, 14h30", date(2024, 3, 12)),
        ("12.03.2024 10:15", date(2024, 3, 12)),
        ("March 12, 2024 10:00 AM", date(2024, 3, 12)),
    ],
)
def test_record_date_formats(value, expected):
    assert publication_date(RawDocument("x", published=value), {}, "en") == (expected, "record")


@pytest.mark.parametrize("value", ["", "soon", "12 марта", "yesterday", "x" * 500])
def test_no_full_date_is_no_date(value):
    assert parse_date_string(value, "ru") is None


def test_htmldate_used_when_record_and_page_have_nothing_better():
    raw = RawDocument("x", html="<html><body><p>Testo senza data.</p></body></html>")
    found, source = publication_date(raw, {"html_date": "2024-03-11"}, "it")
    assert source in ("htmldate", "htmldate_extensive")
    assert found == date(2024, 3, 11) or source == "htmldate_extensive"


def test_page_date_and_dateline_are_text_sources():
    raw = RawDocument("x")
    assert publication_date(raw, {"page_date": "12.03.2024, 09:41"}, "ru") == (
        date(2024, 3, 12),
        "text",
    )
    assert publication_date(raw, {"dateline": "ROMA, 12 marzo 2024 (ANSA)"}, "it") == (
        date(2024, 3, 12),
        "text",
    )


def test_nothing_is_never_today():
    assert publication_date(RawDocument("x"), {"dateline": "ROMA (ANSA)"}, "it") == (None, "")


def test_event_date_prefers_recent_lead_weekday():
    published = date(2024, 3, 18)
    refs = [
        DateRef("in 2019", 300, 307, date(2019, 1, 1), "month"),
        DateRef("on Friday", 40, 49, date(2024, 3, 15), "weekday"),
        DateRef("next week", 900, 909, date(2024, 3, 25), "relative"),
    ]
    day, confidence = choose_event_date(refs, published)
    assert day == date(2024, 3, 15)
    assert confidence > 0.5


def test_event_date_falls_back_to_publication():
    published = date(2024, 3, 18)
    assert choose_event_date([], published) == (published, 0.4)
    old = [DateRef("in May 2001", 2000, 2011, date(2001, 5, 1), "month")]
    assert choose_event_date(old, published) == (published, 0.4)


def test_event_date_none_without_any_date():
    assert choose_event_date([DateRef("yesterday", 0, 9, None, "relative")], None) == (None, 0.0)
