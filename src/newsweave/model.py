"""The plain dataclasses that flow through the pipeline.

A raw document comes in, stages fill an Article, the cluster stage groups
articles into Events and Events into Stories. Offsets (start, end) are
character offsets into ``Article.text`` (the clean text), end exclusive.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass
class RawDocument:
    """One input as read from disk, stdin or a feed, before any analysis.

    Exactly one of ``html`` or ``text`` is set. Fields a JSON record or an
    HTML page may carry are kept so later stages do not have to guess them.
    """

    source: str  # the file path (with "#N" for the Nth record of a JSONL file) or URL
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # as given by the source, unparsed
    site: str | None = None
    repaired_encoding: bool = False  # the reader put mis-decoded text (mojibake) right


@dataclass
class RemovedLine:
    """A line the cleaner dropped from the body, kept with why it went."""

    line: str
    reason: str


@dataclass
class DateRef:
    """A temporal expression found in the text and the day it resolves to."""

    expression: str
    start: int
    end: int
    date: date | None  # None when it cannot be anchored (no reference date)
    kind: str  # "absolute" | "relative" | "weekday" | "month"


@dataclass
class Mention:
    """A name in the text, linked to one canonical entity."""

    text: str
    start: int
    end: int
    type: str  # PER ORG LOC PRO EVT
    lemma: str = ""  # base form (nominative) of the surface
    entity_id: str = ""
    canonical: str = ""
    confidence: float = 1.0


@dataclass
class Entity:
    """A canonical entity: one person, organisation or place across languages."""

    id: str
    name: str  # preferred (English, Latin-script) name
    type: str
    variants: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)  # normalised matching keys
    curated: bool = False  # from the curated list or CLDR, not learned


@dataclass
class Quote:
    """A direct quotation and who said it."""

    text: str
    start: int
    end: int
    speaker: str = ""  # the surface that names the speaker ("he", "Putin", "the Kremlin chief")
    speaker_id: str = ""
    speaker_name: str = ""
    verb: str = ""
    confidence: float = 0.0
    kind: str = "direct"  # direct: the speaker's own words; indirect: "X said that …", reported


@dataclass
class Article:
    """One analysed article; stages fill it in order."""

    id: str
    source: str
    url: str | None
    title: str
    text: str  # clean body
    raw: str  # the body as received (text, or the HTML's extracted text before line cleaning)
    content_hash: str
    removed: list[RemovedLine] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # site, dateline, agency, author, page_date…
    language: str = ""
    language_confidence: float = 0.0
    script: str = ""
    published: date | None = None
    published_source: str = ""  # "record", a page's own (dates/evidence.py), "text", or ""
    dates: list[DateRef] = field(default_factory=list)
    event_date: date | None = None
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    event_id: str | None = None
    story_id: str | None = None

    @property
    def trusted_published(self) -> date | None:
        """The publication date when a record or the page itself gave it. A date line scraped
        from the top of a plain text may be the day it was scraped or republished: good enough
        to resolve "on Friday" against, not to stand in for the happening's own day."""
        return self.published if self.published_source not in ("", "text") else None


@dataclass
class Assignment:
    """Why an article joined an event: the evidence, stored for the user."""

    article_id: str
    event_id: str
    score: float
    shared_entities: list[str] = field(default_factory=list)
    shared_quotes: int = 0
    new_event: bool = False


@dataclass
class Event:
    """Articles that report the same happening, whatever their language."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    title: str = ""
    first_date: date | None = None
    last_date: date | None = None
    story_id: str | None = None


@dataclass
class Story:
    """Events that belong to one thread over time."""

    id: str
    event_ids: list[str] = field(default_factory=list)
    title: str = ""


@dataclass
class Provenance:
    """Where an article of an event comes from: an original, or a copy of another article."""

    article_id: str
    role: str  # "original" | "copy" (same language) | "translation" | "rewrite" | "independent"
    source_id: str | None = None  # the article it was copied, translated or rewritten from
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)


def content_hash(text: str) -> str:
    """A stable hash of normalised text: whitespace and case do not make a new article."""
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class StageSeconds(dict[str, float]):
    """Seconds spent in each pipeline stage; a stage not timed yet reads 0."""

    def __missing__(self, stage: str) -> float:
        return 0.0

    def add(self, spent: Mapping[str, float]) -> None:
        """Another part's seconds (a worker's), stage by stage."""
        for stage, seconds in spent.items():
            self[stage] += seconds
