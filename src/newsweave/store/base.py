"""The one narrow interface every storage backend implements.

The pipeline, the CLI and the API speak only to a Store; SQLite is the default
backend and a server database can follow by implementing the same methods.
Records are plain JSON-able dicts (see records.py) so a backend stores them
without knowing the dataclasses.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

from newsweave.model import Article, Entity


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

    def record_error(self, source: str, message: str) -> None:
        """Remember an input that failed, so a user can list what was refused and why."""

    def errors(self) -> list[dict[str, str]]: ...

    def close(self) -> None: ...
