"""The publication date of a document: every date it gives for itself, then one explicit order.

Each source's date is kept (in the article's meta as `date_<source>`), and the first source of
`settings.PUBLICATION_SOURCE_ORDER` that has one gives the publication date. The order was
chosen on the dev half of bench/gold/publication_dates.json (bench/dates.py --publication);
the last update (`modified`, `byline_updated`) is kept as evidence and chosen only as the bound
an original cannot pass: the original publication is wanted, not the last change.
Nothing is guessed: without any source, the date is None.
"""

from __future__ import annotations

from datetime import date

from newsweave import settings
from newsweave.dates.evidence import page_dates, url_date
from newsweave.dates.fields import parse_date_string
from newsweave.model import RawDocument

__all__ = [
    "choose_publication",
    "evidence_meta",
    "parse_date_string",
    "publication_date",
    "publication_evidence",
]


def publication_evidence(raw: RawDocument, meta: dict[str, str], language: str) -> dict[str, date]:
    """Every publication date the document gives, by source (see dates/evidence.py)."""
    found: dict[str, date] = {}
    if (day := parse_date_string(raw.published, language)) is not None:
        found["record"] = day
    if raw.html is not None and not raw.text:  # the page the clean stage extracted
        found.update(page_dates(raw.html, raw.url or meta.get("canonical_url"), language))
        if (day := parse_date_string(meta.get("html_date"), language)) is not None:
            found["htmldate"] = day
    elif (day := url_date(raw.url)) is not None:
        found["url"] = day
    for key in ("page_date", "dateline"):
        if "text" not in found and (day := parse_date_string(meta.get(key), language)):
            found["text"] = day
    return found


def choose_publication(evidence: dict[str, date]) -> tuple[date | None, str]:
    """The date of the first source in the settled order that has one, and that source.

    The date printed near the headline comes first, unless nothing else on the page (markup,
    address, not even the last update) comes within a day of it: then it was more likely a
    photo caption's or a related story's. A page is not published after it was last updated:
    an update printed with the headline
    (in the publisher's own day) earlier than the chosen date, which markup often gives in UTC,
    is the better bound on the original.
    """
    for source in settings.PUBLICATION_SOURCE_ORDER:
        if source in evidence and (source != "byline" or _byline_supported(evidence)):
            updated = evidence.get("byline_updated")
            if updated is not None and updated < evidence[source]:
                return updated, "byline_updated"
            return evidence[source], source
    return None, ""


def _byline_supported(evidence: dict[str, date]) -> bool:
    byline = evidence["byline"]
    others = [day for source, day in evidence.items() if source in settings.BYLINE_WITNESSES]
    return not others or any(
        abs((byline - day).days) <= settings.BYLINE_SUPPORT_DAYS for day in others
    )


def publication_date(
    raw: RawDocument, meta: dict[str, str], language: str
) -> tuple[date | None, str]:
    """The publication date and the source it came from, or (None, "")."""
    return choose_publication(publication_evidence(raw, meta, language))


def evidence_meta(evidence: dict[str, date]) -> dict[str, str]:
    """The evidence as meta entries: date_<source> -> ISO day."""
    return {f"date_{source}": day.isoformat() for source, day in sorted(evidence.items())}
