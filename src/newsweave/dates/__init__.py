"""The dates stage: publication date, temporal expressions, and the happening's date."""

from newsweave.dates.event import choose_event_date
from newsweave.dates.expressions import find_dates
from newsweave.dates.publication import parse_date_string, publication_date

__all__ = ["choose_event_date", "find_dates", "parse_date_string", "publication_date"]
