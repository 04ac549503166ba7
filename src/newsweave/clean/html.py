"""An HTML page -> its main text and page metadata, with trafilatura and htmldate.

Options were chosen on 181 reference pages (token F1 of the article body):
favor_precision 0.965, default 0.959, favor_recall 0.959. When the precise
extraction is short and a recall extraction is several times longer, the longer
one wins (0.969 on the same pages; one page in 181 switches). A fast pass without
trafilatura's fallback extractors comes first and the full pass runs only when it
is short: the same texts on those pages at about 1.5 times the speed. Comments and links
stay out; the title, author and site name come back as metadata, not text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date

from newsweave import settings

# trafilatura and htmldate log every page they find hard; that is not our user's concern.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass
class HtmlText:
    """The main text of a page and what its markup says about it."""

    text: str
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)


# A start tag longer than this carries no article text, only attributes; a hostile one with tens
# of thousands of attributes keeps the parsers busy for a minute inside C, out of reach of the
# per-article time limit. Such tags are cut before parsing (the pattern is linear).
OVERSIZED_TAG = re.compile(rf"<[A-Za-z][^<>]{{{settings.HTML_MAX_TAG_CHARS},}}>")


def extract_html(html: str, url: str | None = None) -> HtmlText:
    """Main text and metadata of one page; never raises on bad markup."""
    html = OVERSIZED_TAG.sub("<span>", html)
    precise = settings.HTML_FAVOR_PRECISION
    document = _bare_extraction(html, url, precise, fast=settings.HTML_FAST_FIRST)
    text = _text(document)
    if settings.HTML_FAST_FIRST and len(text) < settings.HTML_SHORT_EXTRACTION_CHARS:
        # The fast pass skips trafilatura's second opinions; a short result may need them.
        full = _bare_extraction(html, url, precise)
        if len(_text(full)) > len(text):
            document, text = full, _text(full)
    if len(text) < settings.HTML_SHORT_EXTRACTION_CHARS:
        # Precision mode sometimes keeps only a teaser of a long article (a paywall box, a
        # split layout); a recall extraction several times longer has found the article.
        wider = _bare_extraction(html, url, favor_precision=False, favor_recall=True)
        if len(_text(wider)) >= settings.HTML_RECALL_FALLBACK_RATIO * max(len(text), 1):
            document, text = wider, _text(wider)
    if len(text) < settings.MIN_HTML_TEXT_CHARS:
        fallback = paragraph_text(html)
        text = fallback if len(fallback) > len(text) else text
    meta = _document_meta(document or {})
    meta.update(html_dates(html, url))
    return HtmlText(text=text, title=(document or {}).get("title") or "", meta=meta)


def _text(document: dict | None) -> str:
    return (document.get("text") or "") if document else ""


def _bare_extraction(
    html: str,
    url: str | None,
    favor_precision: bool,
    favor_recall: bool = False,
    fast: bool = False,
) -> dict | None:
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            fast=fast,
            favor_precision=favor_precision,
            favor_recall=favor_recall,
            include_comments=False,
            include_links=False,
            include_tables=True,
            with_metadata=True,
        )
    except Exception:  # noqa: BLE001 - any parser failure means: use the fallback
        return None
    if document is None:
        return None
    return document if isinstance(document, dict) else document.as_dict()


def _document_meta(document: dict) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key, source in (("site", "sitename"), ("author", "author"), ("canonical_url", "url")):
        value = document.get(source)
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    if isinstance(document.get("date"), str) and document["date"]:
        meta["html_date"] = document["date"]
    return meta


def html_dates(html: str, url: str | None) -> dict[str, str]:
    """Publication and last-modified day from the markup (ISO), when htmldate finds them."""
    found: dict[str, str] = {}
    for key, original in (("html_date", True), ("html_modified", False)):
        try:
            value = find_date(html, url=url, original_date=original, extensive_search=False)
        except Exception:  # noqa: BLE001 - a date we cannot read is a date we do not have
            value = None
        if value:
            found[key] = value
    return found


def paragraph_text(html: str) -> str:
    """The text of every <p>, for pages trafilatura finds no article in."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    paragraphs = (" ".join(p.text_content().split()) for p in tree.iter("p"))
    return "\n".join(p for p in paragraphs if p)
