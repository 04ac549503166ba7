"""The dates stage: publication date, temporal expressions, and the happening's date."""

from newsweave.dates.event import choose_event_date
from newsweave.dates.expressions import find_dates
from newsweave.dates.publication import (
    choose_publication,
    evidence_meta,
    parse_date_string,
    publication_date,
    publication_evidence,
)

__all__ = [
    "choose_event_date",
    "choose_publication",
    "evidence_meta",
    "find_dates",
    "parse_date_string",
    "publication_date",
    "publication_evidence",
]
