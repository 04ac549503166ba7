"""The named queries the JSON API and the pages both answer from: one per route.

Each reads the store through its indexed queries (store/indexed.py) and returns one page of
results, so a request costs the same at 5,000 articles and at a million, and shows what any
writer committed the moment before: nothing here keeps a copy of the corpus. The one thing
remembered between requests is an event's matched quotations (quadratic in its quotations),
in a bounded memo keyed by the event's articles, so a new article makes a new key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from newsweave import settings
from newsweave.entities.translit import surface_key
from newsweave.langs.detect import word_script
from newsweave.model import Article, Entity, Quote
from newsweave.quotes.statements import same_statements
from newsweave.store import Store
from newsweave.store.indexed import (
    ArticleBrief,
    ArticleFilter,
    EventRow,
    QuoteFilter,
    QuoteRow,
    SearchHit,
    StoryRow,
)

PAGE_LIMIT_MAX = 500  # one response stays small enough to render and to parse quickly
SEARCH_PAGE = 20  # hits per search page: each snippet re-reads an article; more is a next page
MAX_SEARCH_VARIANTS = 24  # an entity's names in every script, bounded cost per query
EVENT_QUOTES_COMPARED = 200  # pairwise quote matching per event is quadratic: bound it
MEMBERS_LISTED = 10  # articles listed per event in a list (its article_count says all)
TOP_STORIES = 20  # a morning's reading
STORY_EVENTS_LISTED = 50  # events of a story listed with their articles; the rest as counts
STORY_EVENTS_PAGE = 200  # events of a story drawn and listed at once: a story grows all year
CO_OCCURRING_SHOWN = 12  # more nodes make the graph unreadable at its size
ENTITY_ARTICLES_SHOWN = 50  # the newest articles naming an entity; `offset` pages further
MEMO_ENTRIES = 256  # events whose matched quotations are remembered (each a few KB)
PERIODS = {"1d": 1, "7d": 7, "30d": 30, "90d": 90, "365d": 365, "all": None}
DEFAULT_PERIOD = "30d"  # a month back from the newest article: what is still unfolding
PALETTE_SIZE = 12  # distinct colours for languages (web/static/style.css: .c0 … .c11)


# -- shapes ---------------------------------------------------------------------------------------


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def article_summary(article: ArticleBrief) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "language": article.language,
        "published": iso(article.published),
        "event_date": iso(article.event_date),
        "source": article.source,
        "url": article.url,
        "site": article.site,
        "event_id": article.event_id,
        "story_id": article.story_id,
        "lead": article.lead,
    }


def event_summary(event: EventRow, members: list[ArticleBrief]) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "story_id": event.story_id,
        "first_date": iso(event.first_date),
        "last_date": iso(event.last_date),
        "languages": event.languages,
        "article_count": event.article_count,
        "articles": [{"id": a.id, "title": a.title, "language": a.language} for a in members],
    }


def story_summary(story: StoryRow) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "event_count": story.event_count,
        "article_count": story.article_count,
        "languages": story.languages,
        "first_date": iso(story.first_date),
        "last_date": iso(story.last_date),
    }


def entity_summary(entity: Entity, mentions: int, by_language: dict[str, int]) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "mentions": mentions,
        "by_language": by_language,
    }


def quote_summary(row: QuoteRow) -> dict[str, Any]:
    return {
        "text": row.text,
        "speaker": row.speaker,
        "speaker_id": row.speaker_id or None,
        "verb": row.verb,
        "kind": row.kind,
        "article_id": row.article_id,
        "article_title": row.article_title,
        "language": row.language,
        "event_id": row.event_id,
        "published": iso(row.published),
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
        "published": iso(article.published),
    }


@dataclass
class EventEntry:
    """An event with (some of) its articles, as the pages list it."""

    event: EventRow
    articles: list[Any]  # ArticleBrief in lists, Article where the text is shown

    @property
    def languages(self) -> list[str]:
        return self.event.languages


@dataclass
class Site:
    """What every page shows besides its subject: the languages (one colour each) and totals."""

    languages: list[str]
    totals: dict[str, int]

    def colour(self, language: str) -> str:
        """A CSS class that gives a language the same colour on every page."""
        index = self.languages.index(language) if language in self.languages else len(language)
        return f"c{index % PALETTE_SIZE}"


def site_facts(store: Store) -> Site:
    return Site(sorted(store.languages()), store.totals())


class Memo:
    """A bounded memo: the most recently used entries; concurrent builds of one key wait."""

    def __init__(self, size: int = MEMO_ENTRIES) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._entries:
                    return self._entries[key]
            value = build()
            with self._lock:
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
                self._building.pop(key, None)
            return value


# -- articles and search --------------------------------------------------------------------------


def find_entity(store: Store, name_or_id: str) -> Entity | None:
    name_or_id = name_or_id.strip()
    return store.find_entity(name_or_id) if name_or_id else None


def search_terms(store: Store, query: str) -> list[str]:
    """The query, then the names of the entity it names in every other script and spelling."""
    terms = [query.strip()]
    entity = find_entity(store, query)
    if entity is not None:
        names = sorted({entity.name, *entity.variants}, key=lambda n: (len(n), n))
        terms += [n for n in names if n.casefold() != query.strip().casefold()]
    return terms[:MAX_SEARCH_VARIANTS]


def list_articles(
    store: Store, where: ArticleFilter, q: str | None, limit: int, offset: int
) -> tuple[int, list[ArticleBrief], dict[str, str]]:
    """Articles newest first (by relevance with `q`), filtered: one page, the total, and the
    search snippets of the page's articles."""
    if not (q and q.strip()):
        total, page = store.article_briefs(where, limit, offset)
        return total, page, {}
    total, hits = store.search_hits(search_terms(store, q), where, limit, offset)
    return total, [h.article for h in hits], {h.article.id: h.snippet for h in hits}


def search_page(
    store: Store, query: str, language: str | None, limit: int, offset: int = 0
) -> tuple[int, list[SearchHit]]:
    """The search page: the query and the names of the entity it means, in any script, in one
    bounded full-text query; one page of hits by relevance, and how many were ranked."""
    where = ArticleFilter(language=language or None)
    return store.search_hits(search_terms(store, query), where, limit, offset)


# -- events and stories ---------------------------------------------------------------------------


def list_events(
    store: Store,
    language: str | None,
    story: str | None,
    min_languages: int,
    limit: int,
    offset: int = 0,
) -> dict[str, Any]:
    total, events = store.event_rows(language, story, min_languages, limit, offset)
    members = store.event_members([e.id for e in events], MEMBERS_LISTED)
    return {"total": total, "items": [event_summary(e, members[e.id]) for e in events]}


def shared_entities(store: Store, event_id: str) -> list[dict[str, Any]]:
    """Entities named by at least two articles of the event (of the first ones read whole
    for its page), most widely shared first."""
    return [
        {
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "articles": articles,
            "languages": languages,
        }
        for entity, articles, languages in store.shared_entities(
            event_id, settings.EVENT_ARTICLES_READ
        )
    ]


def matched_quotes(store: Store, memo: Memo, event_id: str) -> list[list[dict[str, Any]]]:
    """Groups of quotations from different articles of the event that say the same thing."""
    ids = tuple(store.event_article_ids(event_id, settings.EVENT_ARTICLES_READ))

    def build() -> list[list[dict[str, Any]]]:
        articles = store.full_articles(event_id, settings.EVENT_ARTICLES_READ)
        groups = same_statements(articles, EVENT_QUOTES_COMPARED)
        return [
            [
                {**quote_record(article, quote), "score": round(score, 3)}
                for article, quote, score in sorted(group, key=lambda r: r[0].language)
            ]
            for group in groups
        ]

    return memo.get(("quotes", event_id, ids), build)  # type: ignore[no-any-return]


def event_detail(
    store: Store, memo: Memo, event_id: str, limit: int, offset: int = 0
) -> dict[str, Any] | None:
    event = store.event_row(event_id)
    if event is None:
        return None
    _, page = store.article_briefs(ArticleFilter(event_id=event_id), limit, offset)
    members = store.event_members([event_id], MEMBERS_LISTED)[event_id]
    return {
        **event_summary(event, members),
        "articles": [article_summary(a) for a in page],
        "shared_entities": shared_entities(store, event_id),
        "matched_quotes": matched_quotes(store, memo, event_id),
    }


def story_timeline(events: list[tuple[EventRow, dict[str, int]]]) -> list[dict[str, Any]]:
    """Events of a story in time order, with their articles counted by language."""
    return [
        {
            "event_id": e.id,
            "title": e.title,
            "date": iso(e.first_date),
            "last_date": iso(e.last_date),
            "article_count": e.article_count,
            "by_language": by_language,
        }
        for e, by_language in events
    ]


def story_detail(
    store: Store, story_id: str, limit: int = STORY_EVENTS_PAGE, offset: int = 0
) -> dict[str, Any] | None:
    """A story with one page of its timeline (`event_count` says how many events in all)."""
    story = store.story_row(story_id)
    if story is None:
        return None
    events = store.story_events(story_id, limit, offset)
    return {**story_summary(story), "offset": offset, "timeline": story_timeline(events)}


def story_members(
    store: Store,
    story_id: str,
    with_articles: bool = True,
    limit: int | None = STORY_EVENTS_PAGE,
    offset: int = 0,
) -> list[tuple[EventEntry, dict[str, int]]]:
    """A story's events in time order (a page of them, or all with no `limit`), with their
    articles (those of the first STORY_EVENTS_LISTED) and languages."""
    events = store.story_events(story_id, limit, offset)
    listed = [e.id for e, _ in events[:STORY_EVENTS_LISTED]] if with_articles else []
    members = store.event_members(listed, MEMBERS_LISTED)
    return [(EventEntry(e, members.get(e.id, [])), counts) for e, counts in events]


def period_bounds(store: Store, period: str, until: date | None) -> tuple[date | None, date | None]:
    """A period counts back from `until`, by default the newest article: archives stay readable."""
    days = PERIODS.get(period)
    if days is None:
        return None, until
    end = until or store.newest_day()
    if end is None:
        return None, until
    return end - timedelta(days=days - 1), end


def top_stories(
    store: Store, start: date | None, end: date | None, limit: int = TOP_STORIES
) -> list[dict[str, Any]]:
    return [
        {**story_summary(story), "articles_in_period": count}
        for story, count in store.top_stories(start, end, limit)
    ]


# -- entities and quotations ----------------------------------------------------------------------


def list_entities(
    store: Store, entity_type: str | None, q: str | None, limit: int, offset: int = 0
) -> dict[str, Any]:
    """Entities by mention count, with counts by language."""
    needle = surface_key(q) if q else None
    total, ranked = store.entity_rankings(entity_type, needle, limit, offset)
    return {"total": total, "items": [entity_summary(*row) for row in ranked]}


def script_of(name: str) -> str:
    """The writing system of a name, from its first letter ('Latin', 'Cyrillic', 'Greek'…)."""
    return word_script(name) or "Other"


def entity_detail(store: Store, entity: Entity, limit: int, offset: int = 0) -> dict[str, Any]:
    """Variants by script, mentions per day by language, articles and co-occurring entities."""
    by_script: dict[str, list[str]] = {}
    names = {entity.name, *entity.variants, *store.entity_surfaces(entity.id)}
    for name in sorted(names, key=str.casefold):
        by_script.setdefault(script_of(name), []).append(name)
    per_day: dict[date | None, dict[str, int]] = {}
    for day, language, count in store.entity_days(entity.id):
        counts = per_day.setdefault(day, {})
        counts[language] = counts.get(language, 0) + count
    total, page = store.article_briefs(ArticleFilter(entity_id=entity.id), limit, offset)
    by_language = store.mentions_by_language([entity.id]).get(entity.id, {})
    return {
        **entity_summary(entity, store.entity_mention_count(entity.id), by_language),
        "variants_by_script": dict(sorted(by_script.items())),
        "mentions_by_date": [
            {"date": iso(day), "count": sum(c.values()), "by_language": dict(sorted(c.items()))}
            for day, c in sorted(per_day.items(), key=lambda kv: (kv[0] is None, kv[0] or date.min))
        ],
        "article_total": total,
        "articles": [article_summary(a) for a in page],
        "co_occurring": [
            {"id": other.id, "name": other.name, "type": other.type, "count": count}
            for other, count in store.co_occurring(entity.id, CO_OCCURRING_SHOWN)
        ],
    }


def _word_stem(word: str) -> str:
    # A prefix tolerates inflection ("Тайвань", "Тайваня", "Taiwans") without a stemmer.
    return word[: max(4, len(word) - 2)]


def quote_filter(
    store: Store, speaker: str | None, query: str | None, language: str | None
) -> QuoteFilter:
    """Quotations by speaker (a name in any script, or id) about a topic (words or an entity)."""
    where = QuoteFilter(language=language or None)
    if speaker:
        wanted = find_entity(store, speaker)
        if wanted is not None:
            where.speaker_id = wanted.id
        else:
            where.speaker_key = surface_key(speaker)
    if query and query.strip():
        where.alternatives.append([_word_stem(w.casefold()) for w in query.split()])
        entity = find_entity(store, query)
        if entity is not None:
            where.alternatives += [[n.casefold()] for n in sorted({entity.name, *entity.variants})]
    return where


def list_quotes(
    store: Store, speaker: str | None, q: str | None, language: str | None, limit: int, offset: int
) -> tuple[int, list[QuoteRow]]:
    return store.quote_rows(quote_filter(store, speaker, q, language), limit, offset)
