"""The one narrow interface every storage backend implements.

The pipeline, the CLI and the API speak only to a Store; SQLite is the default
backend and a server database can follow by implementing the same methods.
Records are plain JSON-able dicts (see records.py) so a backend stores them
without knowing the dataclasses.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any, Protocol

from newsweave.model import Article, Entity, Event, Story
from newsweave.store.indexed import (
    ArticleBrief,
    ArticleFilter,
    EventRow,
    QuoteFilter,
    QuoteRow,
    SearchHit,
    StoryRow,
)


class Store(Protocol):
    def transaction(self) -> AbstractContextManager[None]:
        """Everything written inside commits together or not at all."""

    def find_article(self, content_hash: str, url: str | None) -> str | None:
        """The id of an already stored article with this content or URL, if any."""

    def add_article(self, article: Article) -> bool:
        """Store a new article; False (and nothing written) when it is already there."""

    def article(self, article_id: str) -> Article | None:
        """One article by id (a unique id prefix also works)."""

    def articles(self, language: str | None = None) -> Iterator[Article]:
        """All articles in ingestion order, optionally of one language."""

    def count_articles(self) -> int: ...

    def set_clusters(self, article_id: str, event_id: str | None, story_id: str | None) -> None:
        """Record which event and story an article belongs to now."""

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and clean text: [{id, title, language, snippet}]."""

    def save_entities(self, entities: list[Entity]) -> None:
        """Insert or replace canonical entities."""

    def entities(self) -> list[Entity]: ...

    def save_state(self, name: str, records: list[dict[str, Any]]) -> None:
        """Replace one named collection of records whole (a feed's validators…)."""

    def update_state(
        self, name: str, changed: list[dict[str, Any]], removed: Collection[str] = ()
    ) -> None:
        """Insert or replace records of a named collection by their "id", and drop the ids
        removed; the rest stays as it was (events, stories, the entity index grow with the
        corpus: a batch rewrites only what it changed)."""

    def load_state(self, name: str) -> list[dict[str, Any]]:
        """A named collection's records, in the order they were first stored."""

    def state_records(self, name: str, keys: Collection[str]) -> dict[str, dict[str, Any]]:
        """The records of a named collection with these ids, by id (those stored)."""

    def state_fields(
        self,
        name: str,
        fields: Sequence[str],
        keys: Collection[str] | None = None,
        prefix: str = "",
    ) -> dict[str, dict[str, Any]]:
        """Some top-level scalar fields of records, by id, without reading the records whole:
        those with these ids, or (keys None) every record whose id starts with the prefix."""

    def record_error(self, source: str, message: str) -> None:
        """Remember an input that failed, so a user can list what was refused and why."""

    def errors(self) -> list[dict[str, str]]: ...

    # -- the read index (store/indexed.py): kept at write time, read one page at a time ------

    def index_clusters(
        self,
        events: list[Event],
        stories: list[Story],
        removed_events: Collection[str] = (),
        removed_stories: Collection[str] = (),
    ) -> None:
        """Bring the events and stories a batch changed up to date, counts included."""

    def article_briefs(
        self, where: ArticleFilter, limit: int, offset: int = 0
    ) -> tuple[int, list[ArticleBrief]]:
        """Articles that pass the filter, newest first: how many, and one page of them."""

    def search_hits(
        self, terms: Sequence[str], where: ArticleFilter, limit: int, offset: int = 0
    ) -> tuple[int, list[SearchHit]]:
        """Articles that pass the filter and hold every word of one of the terms, from the
        full-text index: among the settings.SEARCH_CANDIDATES most recently stored of them,
        by relevance, one page, and how many there are (at most that bound)."""

    def full_articles(self, event_id: str, limit: int) -> list[Article]:
        """An event's first articles with their whole analysis."""

    def event_article_ids(self, event_id: str, limit: int) -> list[str]: ...

    def event_members(self, event_ids: Sequence[str], limit: int) -> dict[str, list[ArticleBrief]]:
        """The first articles of each event."""

    def event_rows(
        self,
        language: str | None,
        story_id: str | None,
        min_languages: int,
        limit: int,
        offset: int = 0,
    ) -> tuple[int, list[EventRow]]:
        """Events, largest and most multilingual first: how many qualify, and one page."""

    def event_row(self, event_id: str) -> EventRow | None: ...

    def story_row(self, story_id: str) -> StoryRow | None: ...

    def story_events(
        self, story_id: str, limit: int | None = None, offset: int = 0
    ) -> list[tuple[EventRow, dict[str, int]]]:
        """A story's events in time order (all, or `limit` from `offset`), each with its
        articles by language."""

    def newest_day(self) -> date | None:
        """The latest day an article is about."""

    def top_stories(
        self, start: date | None, end: date | None, limit: int
    ) -> list[tuple[StoryRow, int]]:
        """Stories ranked by their articles in a period, with that count."""

    def entity(self, entity_id: str) -> Entity | None: ...

    def find_entity(self, name_or_id: str) -> Entity | None:
        """An entity by id, or by any of its names in any script."""

    def entity_rankings(
        self, entity_type: str | None, needle: str | None, limit: int, offset: int = 0
    ) -> tuple[int, list[tuple[Entity, int, dict[str, int]]]]:
        """Entities by mentions (`needle`: part of a name's surface key), by language."""

    def mentions_by_language(self, entity_ids: Sequence[str]) -> dict[str, dict[str, int]]: ...

    def entity_mention_count(self, entity_id: str) -> int: ...

    def entity_days(self, entity_id: str) -> list[tuple[date | None, str, int]]:
        """(day, language, mentions) of an entity."""

    def entity_surfaces(self, entity_id: str) -> list[str]: ...

    def co_occurring(self, entity_id: str, limit: int) -> list[tuple[Entity, int]]:
        """The entities named in most articles together with this one, with that count."""

    def shared_entities(
        self, event_id: str, limit: int | None = None
    ) -> list[tuple[Entity, int, list[str]]]:
        """Entities named by two or more articles of an event (of its first `limit`): count
        and languages."""

    def quote_rows(
        self, where: QuoteFilter, limit: int, offset: int = 0
    ) -> tuple[int, list[QuoteRow]]:
        """Quotations that pass the filter, in the order they were stored."""

    def languages(self) -> list[str]: ...

    def totals(self) -> dict[str, int]:
        """How many articles, events, stories and languages."""

    def close(self) -> None: ...
