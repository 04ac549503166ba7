"""The HTTP face of newsweave: a JSON API and server-rendered pages over one database.

    uvicorn --factory "newsweave.serve.api:app_from_env"   # or: newsweave serve --db X

Reads go through `newsweave.app.Newsweave` (one per worker thread: SQLite connections stay in
the thread that opened them) and a `Corpus` snapshot rebuilt whenever the article count
changes, so an article ingested here or by `newsweave run` shows up without a restart.
Article text is untrusted: templates autoescape, the SVG is built from escaped strings, and a
Content-Security-Policy forbids inline scripts and anything from another origin.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote_plus, urlsplit

from fastapi import Body, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape
from pydantic import BaseModel, Field, model_validator

from newsweave import settings
from newsweave.app import EventView, Newsweave
from newsweave.clean import clean_document
from newsweave.cluster.encoder import Encoder, close_encoders
from newsweave.entities.translit import surface_key
from newsweave.langs.detect import word_script
from newsweave.model import Article, Entity, Quote, RawDocument, Story
from newsweave.pipeline import Pipeline
from newsweave.quotes.statements import same_statements
from newsweave.store.errors import StorageError
from newsweave.store.records import article_record

WEB = Path(__file__).resolve().parent / "web"

LEAD_CHARS = 280  # enough of the first paragraph to recognise an article in a list
PAGE_LIMIT_MAX = 500  # one response stays small enough to render and to parse quickly
SEARCH_LIMIT = 50  # hits per search term: more is noise an analyst will not read
MAX_SEARCH_VARIANTS = 24  # an entity's names in every script, bounded cost per query
MAX_INGEST_RECORDS = (
    200  # one POST analyses synchronously; bigger batches belong to `newsweave run`
)
MAX_INGEST_CHARS = 2_000_000  # a news page is rarely over 200 KB of text
EVENT_QUOTES_COMPARED = 200  # pairwise quote matching per event is quadratic: bound it
TOP_STORIES = 20  # a morning's reading
CO_OCCURRING_SHOWN = 12  # more nodes make the graph unreadable at its size
GRAPH_LABEL_CHARS = 26  # longer names overlap their neighbours; the tooltip has the full name
MEMO_ENTRIES = 2048  # derived views kept per snapshot (entity lookups, quote groups)
PERIODS = {"1d": 1, "7d": 7, "30d": 30, "90d": 90, "365d": 365, "all": None}
DEFAULT_PERIOD = "30d"  # a month back from the newest article: what is still unfolding
WARM_EVENTS = 50  # events whose quote matches are built at startup, biggest first
PALETTE_SIZE = 12  # distinct colours for languages (web/static/style.css: .c0 … .c11)

# Everything comes from this origin; no inline script can run, whatever an article contains.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


_MISSING = object()

# -- the snapshot every read uses ---------------------------------------------------------------


@dataclass
class Corpus:
    """Everything the pages read, built once per database version."""

    version: int
    articles: list[Article]
    by_id: dict[str, Article]
    events: list[EventView]
    event_by_id: dict[str, EventView]
    stories: list[tuple[Story, list[EventView]]]
    story_by_id: dict[str, tuple[Story, list[EventView]]]
    entities: dict[str, Entity]
    mention_counts: Counter[str]
    mention_languages: dict[str, Counter[str]]
    languages: list[str]
    memo: dict[tuple[str, str], Any] = field(default_factory=dict)
    _building: dict[tuple[str, str], threading.Lock] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def colour(self, language: str) -> str:
        """A CSS class that gives a language the same colour on every page."""
        index = self.languages.index(language) if language in self.languages else len(language)
        return f"c{index % PALETTE_SIZE}"

    def remember(self, key: tuple[str, str], build: Any) -> Any:
        """A derived view, built once: concurrent requests for it wait for the first build."""
        value = self.memo.get(key, _MISSING)
        if value is not _MISSING:
            return value
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            value = self.memo.get(key, _MISSING)
            if value is _MISSING:
                value = build()
                with self._lock:
                    if len(self.memo) >= MEMO_ENTRIES:
                        self.memo.clear()
                        self._building.clear()
                    self.memo[key] = value
            return value


def load_corpus(nw: Newsweave, version: int) -> Corpus:
    articles = list(nw.articles())
    events = nw.events()
    stories = nw.stories()
    entities = {e.id: e for e in nw.store.entities()}
    counts: Counter[str] = Counter()
    by_language: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for mention in article.mentions:
            if mention.entity_id:
                counts[mention.entity_id] += 1
                by_language[mention.entity_id][article.language] += 1
    return Corpus(
        version=version,
        articles=articles,
        by_id={a.id: a for a in articles},
        events=events,
        event_by_id={v.event.id: v for v in events},
        stories=stories,
        story_by_id={s.id: (s, members) for s, members in stories},
        entities=entities,
        mention_counts=counts,
        mention_languages=by_language,
        languages=sorted({a.language for a in articles if a.language}),
    )


class Server:
    """One database behind the app: per-thread readers, one writer, the current snapshot."""

    def __init__(self, db: str, encoders: Sequence[Encoder] = ()) -> None:
        self.db = db
        self.encoders = list(encoders)  # one set for all writers: they take turns (_write_lock)
        self._local = threading.local()
        self._snapshot_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._corpus: Corpus | None = None
        Newsweave(db).close()  # create the schema now, so the first reads find tables

    def nw(self) -> Newsweave:
        nw = getattr(self._local, "nw", None)
        if nw is None:
            nw = self._local.nw = Newsweave(self.db)
        return nw

    def corpus(self) -> Corpus:
        version = self.nw().store.count_articles()
        corpus = self._corpus
        if corpus is None or corpus.version != version:
            with self._snapshot_lock:
                if self._corpus is None or self._corpus.version != version:
                    self._corpus = load_corpus(self.nw(), version)
                corpus = self._corpus
        return corpus

    def warm(self) -> None:
        """Build the snapshot and the biggest events' quote matches before the first reader
        asks: the first quotation key of a language loads its lemma dictionary (seconds)."""
        try:
            corpus = self.corpus()
        except StorageError as error:  # each request answers 503 with it; no traceback here
            print(f"error: {error}", file=sys.stderr)
            return
        for view in corpus.events[:WARM_EVENTS]:
            matched_quotes(corpus, view)

    def ingest(self, raws: list[RawDocument]) -> list[dict[str, Any]]:
        """Analyse and store documents one by one through the same pipeline as `newsweave run`."""
        results: list[dict[str, Any]] = []
        with self._write_lock:
            store = self.nw().store
            version = store.count_articles()
            # The pipeline holds the entity index and clusters in memory: reuse it while no one
            # else wrote, reload it when another thread or `newsweave run` added articles.
            cached: tuple[int, Pipeline] | None = getattr(self._local, "pipeline", None)
            if cached is None or cached[0] != version:
                cached = (version, Pipeline(store, self.encoders))
            pipeline = cached[1]
            self._local.pipeline = None  # until this batch is through
            for index, raw in enumerate(raws):
                try:
                    article = pipeline.add(raw)
                except StorageError:
                    raise  # the database's fault, not this record's: 503 (see create_app)
                except Exception as error:  # noqa: BLE001 - report which record broke, go on
                    message = f"analysis failed: {type(error).__name__}: {error}"
                    store.record_error(raw.source, message)
                    results.append({"index": index, "status": "error", "message": message})
                    return results + _not_attempted(index + 1, len(raws))
                if article is None:
                    existing = store.find_article(clean_document(raw).content_hash, raw.url)
                    results.append({"index": index, "status": "duplicate", "id": existing})
                    continue
                results.append(
                    {
                        "index": index,
                        "status": "added",
                        "id": article.id,
                        "language": article.language,
                        "event_id": article.event_id,
                        "story_id": article.story_id,
                    }
                )
            self._local.pipeline = (store.count_articles(), pipeline)
        return results


def _not_attempted(start: int, end: int) -> list[dict[str, Any]]:
    return [
        {"index": i, "status": "skipped", "message": "not analysed: an earlier record failed"}
        for i in range(start, end)
    ]


# -- JSON shapes ----------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def article_day(article: Article) -> date | None:
    """The day an article is about, else the day it appeared."""
    return article.event_date or article.published


def article_summary(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "language": article.language,
        "published": _iso(article.published),
        "event_date": _iso(article.event_date),
        "source": article.source,
        "url": article.url,
        "site": article.meta.get("site"),
        "event_id": article.event_id,
        "story_id": article.story_id,
        "lead": article.text[:LEAD_CHARS],
    }


def event_summary(view: EventView) -> dict[str, Any]:
    event = view.event
    return {
        "id": event.id,
        "title": event.title,
        "story_id": event.story_id,
        "first_date": _iso(event.first_date),
        "last_date": _iso(event.last_date),
        "languages": view.languages,
        "article_count": len(view.articles),
        "articles": [{"id": a.id, "title": a.title, "language": a.language} for a in view.articles],
    }


def story_summary(story: Story, members: list[EventView]) -> dict[str, Any]:
    days = [d for v in members for d in (v.event.first_date, v.event.last_date) if d]
    return {
        "id": story.id,
        "title": story.title,
        "event_count": len(members),
        "article_count": sum(len(v.articles) for v in members),
        "languages": sorted({lang for v in members for lang in v.languages}),
        "first_date": _iso(min(days)) if days else None,
        "last_date": _iso(max(days)) if days else None,
    }


def story_timeline(members: list[EventView]) -> list[dict[str, Any]]:
    """Events of a story in time order, with their articles counted by language."""
    return [
        {
            "event_id": v.event.id,
            "title": v.event.title,
            "date": _iso(v.event.first_date),
            "last_date": _iso(v.event.last_date),
            "article_count": len(v.articles),
            "by_language": dict(sorted(Counter(a.language for a in v.articles).items())),
        }
        for v in members
    ]


def entity_summary(corpus: Corpus, entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "mentions": corpus.mention_counts.get(entity.id, 0),
        "by_language": dict(corpus.mention_languages.get(entity.id, Counter()).most_common()),
    }


def quote_record(article: Article, quote: Quote) -> dict[str, Any]:
    return {
        "text": quote.text,
        "speaker": quote.speaker_name or quote.speaker,
        "speaker_id": quote.speaker_id or None,
        "verb": quote.verb,
        "kind": quote.kind,
        "article_id": article.id,
        "article_title": article.title,
        "language": article.language,
        "event_id": article.event_id,
        "published": _iso(article.published),
    }


# -- derived views --------------------------------------------------------------------------------


def find_entity(server: Server, corpus: Corpus, name_or_id: str) -> Entity | None:
    name_or_id = name_or_id.strip()
    if not name_or_id:
        return None
    if name_or_id in corpus.entities:
        return corpus.entities[name_or_id]
    return corpus.remember(("entity", name_or_id), lambda: server.nw().find_entity(name_or_id))


def search_terms(server: Server, corpus: Corpus, query: str) -> list[str]:
    """The query, then the names of the entity it names in every other script and spelling."""
    terms = [query.strip()]
    entity = find_entity(server, corpus, query)
    if entity is not None:
        names = sorted({entity.name, *entity.variants}, key=lambda n: (len(n), n))
        terms += [n for n in names if n.casefold() != query.strip().casefold()]
    return terms[:MAX_SEARCH_VARIANTS]


def search_across_languages(server: Server, corpus: Corpus, query: str) -> list[dict[str, Any]]:
    """Full-text hits for the query and for the names of the entity it means, in any script."""

    def run() -> list[dict[str, Any]]:
        hits: dict[str, dict[str, Any]] = {}
        for term in search_terms(server, corpus, query):
            for hit in server.nw().search(term, SEARCH_LIMIT):
                hits.setdefault(hit["id"], {**hit, "matched": term})
        return list(hits.values())

    return corpus.remember(("search", query.strip()), run)


def shared_entities(corpus: Corpus, view: EventView) -> list[dict[str, Any]]:
    """Entities named by at least two articles of the event, most widely shared first."""
    articles_of: dict[str, set[str]] = defaultdict(set)
    languages_of: dict[str, set[str]] = defaultdict(set)
    for article in view.articles:
        for mention in article.mentions:
            if mention.entity_id:
                articles_of[mention.entity_id].add(article.id)
                languages_of[mention.entity_id].add(article.language)
    shared = []
    for entity_id, ids in articles_of.items():
        if len(ids) < 2:
            continue
        entity = corpus.entities.get(entity_id)
        shared.append(
            {
                "id": entity_id,
                "name": entity.name if entity else entity_id,
                "type": entity.type if entity else "",
                "articles": len(ids),
                "languages": sorted(languages_of[entity_id]),
            }
        )
    return sorted(shared, key=lambda e: (-e["articles"], -len(e["languages"]), e["name"]))


def matched_quotes(corpus: Corpus, view: EventView) -> list[list[dict[str, Any]]]:
    """Groups of quotations from different articles of the event that say the same thing."""

    def build() -> list[list[dict[str, Any]]]:
        groups = same_statements(view.articles, EVENT_QUOTES_COMPARED)
        return [
            [
                {**quote_record(article, quote), "score": round(score, 3)}
                for article, quote, score in sorted(group, key=lambda r: r[0].language)
            ]
            for group in groups
        ]

    return corpus.remember(("quotes", view.event.id), build)


def script_of(name: str) -> str:
    """The writing system of a name, from its first letter ('Latin', 'Cyrillic', 'Greek'…)."""
    return word_script(name) or "Other"


def entity_detail(corpus: Corpus, entity: Entity) -> dict[str, Any]:
    """Variants by script, mentions per day by language, articles and co-occurring entities."""
    surfaces: set[str] = set()
    per_day: dict[date | None, Counter[str]] = defaultdict(Counter)
    neighbours: Counter[str] = Counter()
    articles = []
    for article in corpus.articles:
        mine = [m for m in article.mentions if m.entity_id == entity.id]
        if not mine:
            continue
        articles.append(article)
        surfaces.update(m.text for m in mine)
        per_day[article_day(article)][article.language] += len(mine)
        neighbours.update({m.entity_id for m in article.mentions if m.entity_id} - {entity.id})
    by_script: dict[str, list[str]] = defaultdict(list)
    for name in sorted({entity.name, *entity.variants, *surfaces}, key=str.casefold):
        by_script[script_of(name)].append(name)
    co_occurring = []
    for other_id, count in neighbours.most_common(CO_OCCURRING_SHOWN):
        other = corpus.entities.get(other_id)
        co_occurring.append(
            {
                "id": other_id,
                "name": other.name if other else other_id,
                "type": other.type if other else "",
                "count": count,
            }
        )
    return {
        **entity_summary(corpus, entity),
        "variants_by_script": dict(sorted(by_script.items())),
        "mentions_by_date": [
            {"date": _iso(day), "count": sum(c.values()), "by_language": dict(sorted(c.items()))}
            for day, c in sorted(per_day.items(), key=lambda kv: (kv[0] is None, kv[0]))
        ],
        "articles": [article_summary(a) for a in articles],
        "co_occurring": co_occurring,
    }


def story_articles_in(members: list[EventView], start: date | None, end: date | None) -> int:
    """How many of a story's articles fall in a period (undated ones count when it is open)."""
    total = 0
    for view in members:
        for article in view.articles:
            day = article_day(article) or view.event.first_date
            if day is None:
                total += start is None
            elif (start is None or day >= start) and (end is None or day <= end):
                total += 1
    return total


def newest_day(corpus: Corpus) -> date | None:
    days = [d for a in corpus.articles if (d := article_day(a))]
    return max(days) if days else None


def period_bounds(
    corpus: Corpus, period: str, until: date | None
) -> tuple[date | None, date | None]:
    """A period counts back from `until`, by default the newest article: archives stay readable."""
    end = until or newest_day(corpus)
    days = PERIODS.get(period)
    if days is None or end is None:
        return None, until
    return end - timedelta(days=days - 1), end


def top_stories(
    corpus: Corpus, start: date | None, end: date | None, limit: int = TOP_STORIES
) -> list[tuple[dict[str, Any], list[EventView]]]:
    ranked = []
    for story, members in corpus.stories:
        in_period = story_articles_in(members, start, end)
        if in_period:
            summary = {**story_summary(story, members), "articles_in_period": in_period}
            ranked.append((summary, members))
    ranked.sort(key=lambda s: (-s[0]["articles_in_period"], -len(s[0]["languages"]), s[0]["id"]))
    return ranked[:limit]


def _word_stem(word: str) -> str:
    # A prefix tolerates inflection ("Тайвань", "Тайваня", "Taiwans") without a stemmer.
    return word[: max(4, len(word) - 2)]


def quote_matches(
    server: Server, corpus: Corpus, speaker: str | None, query: str | None, language: str | None
) -> list[tuple[Article, Quote]]:
    """Quotations by speaker (a name in any script, or id) about a topic (words or an entity)."""
    wanted = find_entity(server, corpus, speaker) if speaker else None
    speaker_key = surface_key(speaker) if speaker else ""
    alternatives: list[list[str]] = []
    if query and query.strip():
        words = [_word_stem(w.casefold()) for w in query.split()]
        alternatives.append(words)
        entity = find_entity(server, corpus, query)
        if entity is not None:
            alternatives += [[n.casefold()] for n in {entity.name, *entity.variants}]
    found = []
    for article in corpus.articles:
        if language and article.language != language:
            continue
        for quote in article.quotes:
            if speaker and not (
                (wanted and quote.speaker_id == wanted.id)
                or (
                    not wanted
                    and speaker_key
                    and speaker_key in surface_key(quote.speaker_name or quote.speaker)
                )
            ):
                continue
            text = quote.text.casefold()
            if alternatives and not any(all(w in text for w in alt) for alt in alternatives):
                continue
            found.append((article, quote))
    return found


# -- ingest ---------------------------------------------------------------------------------------


class ArticleIn(BaseModel):
    """One article to ingest: `text` (plain) or `html` (a whole page) is required."""

    url: str | None = Field(None, max_length=4096, description="where it was published")
    title: str | None = Field(None, max_length=2000)
    text: str | None = Field(None, max_length=MAX_INGEST_CHARS, description="plain text body")
    html: str | None = Field(None, max_length=MAX_INGEST_CHARS, description="the page's HTML")
    published: str | None = Field(None, max_length=100, description="as the source gives it")
    source: str | None = Field(None, max_length=4096, description="a name for this input")
    site: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def has_a_body(self) -> ArticleIn:
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("an article needs a non-empty 'text' or 'html'")
        if (
            self.text is not None
            and not self.html
            and len(self.text.strip()) < settings.MIN_TEXT_CHARS
        ):
            raise ValueError(
                f"'text' is shorter than {settings.MIN_TEXT_CHARS} characters: not an article"
            )
        return self

    def raw(self, position: int) -> RawDocument:
        return RawDocument(
            source=self.source or self.url or f"api:{position}",
            text=self.text,
            html=self.html,
            url=self.url,
            title=self.title,
            published=self.published,
            site=self.site,
        )


# -- SVG pictures (built here from escaped strings; the templates mark them safe) -----------------


@dataclass
class Column:
    """One column of a time chart: a day, counts per language, a link and a tooltip."""

    day: date | None
    counts: dict[str, int]
    href: str
    label: str


def time_columns_svg(corpus: Corpus, columns: list[Column], caption: str) -> Markup:
    """Stacked columns over a time axis, one colour per language; undated columns at the end."""
    if not columns:
        return Markup("")
    bar, gap, left, right, top, bottom = 22, 6, 40, 20, 16, 46
    height = 200
    dated = sorted((c for c in columns if c.day), key=lambda c: c.day)  # type: ignore[arg-type, return-value]
    undated = [c for c in columns if not c.day]
    first, last = (dated[0].day, dated[-1].day) if dated else (None, None)
    span = max(((last - first).days if first and last else 0), 1)
    plot = max(560, (len(columns)) * (bar + gap))
    xs: list[float] = []
    for column in dated:
        x = left + ((column.day - first).days / span) * (plot - bar) if first else left  # type: ignore[operator]
        if xs and x < xs[-1] + bar + gap:
            x = xs[-1] + bar + gap  # same or neighbouring days: side by side, not on top
        xs.append(x)
    for _ in undated:
        xs.append((xs[-1] if xs else left) + bar + 3 * gap)
    width = int(max(xs) + bar + right)
    tallest = max(sum(c.counts.values()) for c in columns) or 1
    unit = (height - top - bottom) / tallest
    base = height - bottom
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(caption)}</title>',
        f'<line class="axis" x1="{left - 8}" y1="{base}" x2="{width - right + 8}" y2="{base}"/>',
        f'<text class="tick" x="{left - 12}" y="{top + 4}" text-anchor="end">{tallest}</text>',
        f'<text class="tick" x="{left - 12}" y="{base}" text-anchor="end">0</text>',
    ]
    previous_label = ""
    for x, column in zip(xs, [*dated, *undated], strict=True):
        y = float(base)
        tooltip = (
            column.label
            + " — "
            + ", ".join(f"{lang}: {n}" for lang, n in sorted(column.counts.items()))
        )
        parts.append(f'<a href="{escape(column.href)}"><g class="column">')
        parts.append(f"<title>{escape(tooltip)}</title>")
        for language, count in sorted(column.counts.items()):
            h = count * unit
            y -= h
            parts.append(
                f'<rect class="{corpus.colour(language)}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar}" height="{h:.1f}" rx="2"/>'
            )
        parts.append("</g></a>")
        day_label = column.day.strftime("%d %b") if column.day else "undated"
        if day_label != previous_label:
            parts.append(
                f'<text class="tick" x="{x + bar / 2:.1f}" y="{base + 16}" '
                f'text-anchor="middle">{escape(day_label)}</text>'
            )
            if column.day and (column.day == first or column.day == last):
                parts.append(
                    f'<text class="tick year" x="{x + bar / 2:.1f}" y="{base + 30}" '
                    f'text-anchor="middle">{column.day.year}</text>'
                )
        previous_label = day_label
    parts.append("</svg>")
    return Markup("".join(parts))


def cooccurrence_svg(entity: dict[str, Any], neighbours: list[dict[str, Any]]) -> Markup:
    """The entity in the middle, the entities named with it around, edges as thick as the count."""
    if not neighbours:
        return Markup("")
    width, height, radius = 720, 380, 130
    cx, cy = width / 2, height / 2
    heaviest = max(n["count"] for n in neighbours)
    parts = [
        f'<svg class="graph" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(entity['name'])} and the entities named with it</title>"
    ]
    nodes = []
    for index, other in enumerate(neighbours):
        angle = 2 * math.pi * index / len(neighbours) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        stroke = 1 + 5 * other["count"] / heaviest
        parts.append(
            f'<line class="edge" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke-width="{stroke:.1f}"/>'
        )
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (22 if math.sin(angle) > 0 else -14)
        nodes.append(
            f'<a href="/entities/{escape(other["id"])}"><g class="node t-{escape(other["type"])}">'
            f"<title>{escape(other['name'])}: {other['count']} article(s) together</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8"/>'
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
            f"{escape(_shorten(other['name'], GRAPH_LABEL_CHARS))}</text></g></a>"
        )
    parts += nodes
    parts.append(
        f'<g class="node centre t-{escape(entity["type"])}"><circle cx="{cx}" cy="{cy}" r="14"/>'
        f'<text x="{cx}" y="{cy + 32}" text-anchor="middle">{escape(entity["name"])}</text></g>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the app --------------------------------------------------------------------------------------


def _templates() -> Jinja2Templates:
    environment = Environment(loader=FileSystemLoader(WEB / "templates"), autoescape=True)
    environment.filters["highlight"] = highlight_snippet
    environment.filters["source_label"] = source_label
    return Jinja2Templates(env=environment)


def source_label(article: Article) -> str:
    """Where an article came from, short: its site, else its URL's host, else its file name."""
    if article.meta.get("site"):
        return article.meta["site"]
    if article.url:
        return urlsplit(article.url).netloc or article.url
    return Path(article.source.split("#")[0]).name + (
        "#" + article.source.split("#", 1)[1] if "#" in article.source else ""
    )


def highlight_snippet(snippet: str) -> Markup:
    """The search snippet escaped, with FTS5's [match] markers turned into <mark>."""
    out: list[Markup] = []
    chunk: list[str] = []
    inside = False
    for char in snippet:
        if char == "[" and not inside:
            out.append(escape("".join(chunk)))
            chunk, inside = [], True
        elif char == "]" and inside:
            out.append(Markup("<mark>") + escape("".join(chunk)) + Markup("</mark>"))
            chunk, inside = [], False
        else:
            chunk.append(char)
    out.append(escape(("[" if inside else "") + "".join(chunk)))
    return Markup("").join(out)


def _not_found(what: str, item_id: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} {item_id!r}")


def create_app(db: str, encoders: Sequence[Encoder] = ()) -> FastAPI:
    """The FastAPI app over one newsweave database (created empty if missing); documents
    posted to it are clustered with `encoders` too (cluster.encoder), as `newsweave run` does."""
    server = Server(db, encoders)
    templates = _templates()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=server.warm, name="newsweave-warm", daemon=True).start()
        yield
        close_encoders(server.encoders)  # what they learnt is written down

    app = FastAPI(
        lifespan=lifespan,
        title="newsweave",
        summary="Multilingual news: articles, events, stories, entities and quotations.",
        version="0.1.0",
        docs_url=None,  # the stock docs page loads its scripts from a CDN; ours is local
        redoc_url=None,
    )
    app.state.server = server
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")

    @app.exception_handler(StorageError)
    def storage_fault(request: Request, error: StorageError) -> Response:
        # 503: the request was fine and may succeed once the database is back
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(error)}, status_code=503)
        return PlainTextResponse(f"newsweave cannot read its database: {error}", status_code=503)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        corpus = context.get("corpus") or server.corpus()
        context.setdefault("corpus", corpus)
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    # ---- JSON API ----

    @app.get("/api/articles", tags=["articles"])
    def list_articles(
        language: Annotated[str | None, Query(description="ISO 639-1 code, e.g. bg")] = None,
        date_from: Annotated[date | None, Query(description="published on or after")] = None,
        date_to: Annotated[date | None, Query(description="published on or before")] = None,
        source: Annotated[str | None, Query(description="part of the source, URL or site")] = None,
        entity: Annotated[str | None, Query(description="entity id or name in any script")] = None,
        q: Annotated[str | None, Query(description="full-text search, across scripts")] = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Articles, newest first (or by relevance with `q`), filtered."""
        corpus = server.corpus()
        snippets: dict[str, str] = {}
        if q and q.strip():
            hits = search_across_languages(server, corpus, q)
            snippets = {h["id"]: h["snippet"] for h in hits}
            articles = [corpus.by_id[h["id"]] for h in hits if h["id"] in corpus.by_id]
        else:
            articles = sorted(
                corpus.articles, key=lambda a: (a.published or date.min, a.id), reverse=True
            )
        wanted = None
        if entity:
            wanted = find_entity(server, corpus, entity)
            if wanted is None:
                raise _not_found("entity", entity)
        needle = source.casefold() if source else ""
        selected = [
            a
            for a in articles
            if (not language or a.language == language)
            and (not date_from or (a.published and a.published >= date_from))
            and (not date_to or (a.published and a.published <= date_to))
            and (
                not needle
                or any(
                    needle in (s or "").casefold() for s in (a.source, a.url, a.meta.get("site"))
                )
            )
            and (wanted is None or any(m.entity_id == wanted.id for m in a.mentions))
        ]
        items = []
        for article in selected[offset : offset + limit]:
            item = article_summary(article)
            if article.id in snippets:
                item["snippet"] = snippets[article.id]
            items.append(item)
        return {"total": len(selected), "offset": offset, "items": items}

    @app.post("/api/articles", tags=["articles"], status_code=201)
    def ingest_articles(
        payload: Annotated[
            ArticleIn | list[ArticleIn],
            Body(description=f"one article or a list of at most {MAX_INGEST_RECORDS}"),
        ],
    ) -> JSONResponse:
        """Analyse, cluster and store articles now; they are readable as soon as this returns."""
        records = payload if isinstance(payload, list) else [payload]
        if not records:
            raise HTTPException(422, detail="the list of articles is empty")
        if len(records) > MAX_INGEST_RECORDS:
            raise HTTPException(
                413,
                detail=f"{len(records)} articles: send at most {MAX_INGEST_RECORDS} per request",
            )
        results = server.ingest([r.raw(i) for i, r in enumerate(records)])
        body = {
            "added": [r["id"] for r in results if r["status"] == "added"],
            "duplicates": [r["id"] for r in results if r["status"] == "duplicate"],
            "errors": [r for r in results if r["status"] in ("error", "skipped")],
            "results": results,
        }
        if body["errors"] and not body["added"] and not body["duplicates"]:
            # The input was valid (422 is for that): the analysis itself failed.
            return JSONResponse({"detail": body["errors"][0]["message"], **body}, status_code=500)
        return JSONResponse(body, status_code=201 if body["added"] else 200)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def get_article(article_id: str, raw: bool = False) -> dict[str, Any]:
        """One article with its analysis (the export record; `raw=true` adds the input body)."""
        article = server.nw().article(article_id)
        if article is None:
            raise _not_found("article", article_id)
        record = article_record(article)
        if not raw:
            record.pop("raw", None)
        return record

    @app.get("/api/events", tags=["events"])
    def list_events(
        language: Annotated[
            str | None, Query(description="events reported in this language")
        ] = None,
        story: Annotated[str | None, Query(description="events of one story")] = None,
        min_languages: Annotated[int, Query(ge=1)] = 1,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 100,
    ) -> dict[str, Any]:
        """Events, largest and most multilingual first."""
        corpus = server.corpus()
        views = [
            v
            for v in corpus.events
            if (not language or language in v.languages)
            and (not story or v.event.story_id == story)
            and len(v.languages) >= min_languages
        ]
        return {"total": len(views), "items": [event_summary(v) for v in views[:limit]]}

    @app.get("/api/events/{event_id}", tags=["events"])
    def get_event(event_id: str) -> dict[str, Any]:
        """An event: its articles, the entities they share and the quotations they match on."""
        corpus = server.corpus()
        view = corpus.event_by_id.get(event_id)
        if view is None:
            raise _not_found("event", event_id)
        return {
            **event_summary(view),
            "articles": [article_summary(a) for a in view.articles],
            "shared_entities": shared_entities(corpus, view),
            "matched_quotes": matched_quotes(corpus, view),
        }

    @app.get("/api/stories", tags=["stories"])
    def list_stories(
        period: Annotated[str, Query(description=" | ".join(PERIODS))] = "all",
        until: Annotated[
            date | None, Query(description="end of the period; default newest")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 100,
    ) -> dict[str, Any]:
        """Stories ranked by their articles in the period (counted back from `until`)."""
        if period not in PERIODS:
            raise HTTPException(422, detail=f"period must be one of {', '.join(PERIODS)}")
        corpus = server.corpus()
        start, end = period_bounds(corpus, period, until)
        ranked = top_stories(corpus, start, end, limit)
        return {
            "period": {"from": _iso(start), "to": _iso(end)},
            "items": [summary for summary, _ in ranked],
        }

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def get_story(story_id: str) -> dict[str, Any]:
        """A story and its timeline: events in time order with articles per language."""
        corpus = server.corpus()
        found = corpus.story_by_id.get(story_id)
        if found is None:
            raise _not_found("story", story_id)
        story, members = found
        return {**story_summary(story, members), "timeline": story_timeline(members)}

    @app.get("/api/entities", tags=["entities"])
    def list_entities(
        type: Annotated[str | None, Query(description="PER ORG LOC PRO EVT")] = None,  # noqa: A002
        q: Annotated[str | None, Query(description="part of the name")] = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 50,
    ) -> dict[str, Any]:
        """Entities by mention count, with counts by language."""
        corpus = server.corpus()
        needle = surface_key(q) if q else ""
        items = []
        for entity_id, _ in corpus.mention_counts.most_common():
            entity = corpus.entities.get(entity_id) or Entity(entity_id, entity_id, "")
            if type and entity.type != type:
                continue
            if needle and not any(
                needle in surface_key(n) for n in (entity.name, *entity.variants)
            ):
                continue
            items.append(entity_summary(corpus, entity))
        return {"total": len(items), "items": items[:limit]}

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def get_entity(entity_id: str) -> dict[str, Any]:
        """An entity (by id, or a name in any script): variants, mentions over time, neighbours."""
        corpus = server.corpus()
        entity = find_entity(server, corpus, entity_id)
        if entity is None:
            raise _not_found("entity", entity_id)
        return entity_detail(corpus, entity)

    @app.get("/api/quotes", tags=["quotes"])
    def list_quotes(
        speaker: Annotated[str | None, Query(description="name in any script, or id")] = None,
        q: Annotated[str | None, Query(description="words or a name the quote contains")] = None,
        language: Annotated[str | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 100,
    ) -> dict[str, Any]:
        """Quotations: what a speaker said, about what."""
        corpus = server.corpus()
        found = quote_matches(server, corpus, speaker, q, language)
        return {"total": len(found), "items": [quote_record(a, qt) for a, qt in found[:limit]]}

    # ---- pages ----

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def front_page(request: Request, period: str = DEFAULT_PERIOD, until: date | None = None):
        corpus = server.corpus()
        period = period if period in PERIODS else DEFAULT_PERIOD
        start, end = period_bounds(corpus, period, until)
        stories = top_stories(corpus, start, end)
        timelines = {
            s["id"]: time_columns_svg(corpus, _event_columns(members), s["title"])
            for s, members in stories[:3]
        }
        return page(
            request,
            "front.html",
            corpus=corpus,
            stories=stories,
            timelines=timelines,
            period=period,
            periods=list(PERIODS),
            start=start,
            end=end,
            top_entities=_top_entities(corpus, 12),
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str):
        corpus = server.corpus()
        found = corpus.story_by_id.get(story_id)
        if found is None:
            return _missing_page(request, "story", story_id)
        story, members = found
        summary = story_summary(story, members)
        return page(
            request,
            "story.html",
            corpus=corpus,
            story=summary,
            members=members,
            timeline=time_columns_svg(corpus, _event_columns(members), f"Timeline: {story.title}"),
        )

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str):
        corpus = server.corpus()
        view = corpus.event_by_id.get(event_id)
        if view is None:
            return _missing_page(request, "event", event_id)
        story = corpus.story_by_id.get(view.event.story_id or "")
        return page(
            request,
            "event.html",
            corpus=corpus,
            view=view,
            story=story[0] if story else None,
            articles=sorted(view.articles, key=lambda a: (a.language, a.title)),
            shared=shared_entities(corpus, view),
            groups=matched_quotes(corpus, view),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str):
        article = server.nw().article(article_id)
        if article is None:
            return _missing_page(request, "article", article_id)
        corpus = server.corpus()
        article = corpus.by_id.get(article.id, article)
        return page(request, "article.html", corpus=corpus, article=article)

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, q: str = ""):
        corpus = server.corpus()
        return page(
            request,
            "entities.html",
            corpus=corpus,
            q=q,
            entities=list_entities(q=q or None, limit=200, type=None)["items"],
        )

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str):
        corpus = server.corpus()
        entity = find_entity(server, corpus, entity_id)
        if entity is None:
            return _missing_page(request, "entity", entity_id)
        detail = entity_detail(corpus, entity)
        columns = [
            Column(
                date.fromisoformat(row["date"]) if row["date"] else None,
                row["by_language"],
                f"/search?q={quote_plus(entity.name)}",
                row["date"] or "undated",
            )
            for row in detail["mentions_by_date"]
        ]
        return page(
            request,
            "entity.html",
            corpus=corpus,
            entity=detail,
            mentions=time_columns_svg(corpus, columns, f"Mentions of {entity.name} over time"),
            graph=cooccurrence_svg(detail, detail["co_occurring"]),
        )

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, speaker: str = "", q: str = "", language: str = ""):
        corpus = server.corpus()
        asked = bool(speaker.strip() or q.strip() or language)
        found = quote_matches(server, corpus, speaker or None, q or None, language or None)
        return page(
            request,
            "quotes.html",
            corpus=corpus,
            speaker=speaker,
            q=q,
            language=language,
            asked=asked,
            quotes=found[:PAGE_LIMIT_MAX] if asked else found[:30],
            total=len(found),
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", language: str = ""):
        corpus = server.corpus()
        hits = search_across_languages(server, corpus, q) if q.strip() else []
        rows = [
            (corpus.by_id[h["id"]], h)
            for h in hits
            if h["id"] in corpus.by_id and (not language or h["language"] == language)
        ]
        return page(
            request,
            "search.html",
            corpus=corpus,
            q=q,
            search_q=q,
            language=language,
            rows=rows,
            terms=search_terms(server, corpus, q) if q.strip() else [],
            found_languages=sorted({h["language"] for h in hits if h["language"]}),
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        return page(request, "docs.html", spec=app.openapi())

    def _missing_page(request: Request, what: str, item_id: str) -> HTMLResponse:
        return page(request, "missing.html", status_code=404, what=what, item_id=item_id)

    return app


def _event_columns(members: Iterable[EventView]) -> list[Column]:
    return [
        Column(
            v.event.first_date,
            dict(Counter(a.language for a in v.articles)),
            f"/events/{v.event.id}",
            f"{v.event.title} ({len(v.articles)} article(s))",
        )
        for v in members
    ]


def _top_entities(corpus: Corpus, limit: int) -> list[dict[str, Any]]:
    result = []
    for entity_id, _ in corpus.mention_counts.most_common(limit):
        entity = corpus.entities.get(entity_id)
        if entity is not None:
            result.append(entity_summary(corpus, entity))
    return result


def app_from_env() -> FastAPI:
    """For `uvicorn --factory newsweave.serve.api:app_from_env` (database from NEWSWEAVE_DB)."""
    return create_app(os.environ.get("NEWSWEAVE_DB", "newsweave.db"))


__all__ = ["ArticleIn", "Corpus", "Server", "app_from_env", "create_app"]
