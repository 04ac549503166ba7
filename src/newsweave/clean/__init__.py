"""The clean stage: a raw document becomes an Article with a clean body.

HTML goes through trafilatura first; then every text, scraped or extracted,
goes through the line cleaner, which drops web furniture line by line and
keeps each dropped line with its reason, so nothing is silently lost.
"""

from __future__ import annotations

from newsweave.clean import lines
from newsweave.clean.body import Cleaned, clean_text
from newsweave.clean.html import extract_html
from newsweave.model import Article, RawDocument, content_hash

__all__ = ["clean_document", "clean_text", "extract_html"]

PARAGRAPH_BREAK = "\n\n"


def clean_document(raw: RawDocument) -> Article:
    """Build the Article from a raw document: title, clean text, removed lines and meta."""
    meta: dict[str, str] = {}
    title = raw.title
    if raw.html is not None and not raw.text:
        page = extract_html(raw.html, raw.url)
        received = page.text
        meta.update(page.meta)
        title = title or page.title or None
    else:
        received = raw.text or ""
    extracted = raw.html is not None and not raw.text
    cleaned = clean_text(received, title, extracted=extracted, author=meta.get("author"))
    meta.update(_text_meta(cleaned, meta))
    if raw.site:
        meta["site"] = raw.site
    wall = lines.access_wall(received)
    if wall:
        meta["access_wall"] = wall  # the pipeline refuses it: there is no article to analyse
    if raw.repaired_encoding:
        meta["repaired_encoding"] = "ftfy"  # the input was mis-decoded text, put right on reading
    text = PARAGRAPH_BREAK.join(cleaned.paragraphs)
    digest = content_hash(text)
    return Article(
        id=digest[:16],
        source=raw.source,
        url=raw.url,
        title=cleaned.title,
        text=text,
        raw=received,
        content_hash=digest,
        removed=cleaned.removed,
        meta=meta,
    )


def _text_meta(cleaned: Cleaned, known: dict[str, str]) -> dict[str, str]:
    """What the text says, where the markup did not already say it better."""
    meta = {key: value for key, value in cleaned.meta.items() if key not in known}
    if cleaned.agencies:
        meta["agency"] = ", ".join(cleaned.agencies)
    return meta
