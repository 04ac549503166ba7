"""The Python API: one object over a store that the CLI and the HTTP API both call.

For example:

    from newsweave.app import Newsweave
    nw = Newsweave("newsweave.db")
    nw.run(["samples/"])
    for event in nw.events(): ...

A database that cannot be used (unwritable, corrupt, full, a server that does not answer)
raises newsweave.store.StorageError, whose message names it and says what to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from newsweave import settings
from newsweave.cluster import Clusterer
from newsweave.cluster.encoder import (
    DEFAULT_ENCODERS,
    Encoder,
    close_encoders,
    encoder_list,
    encoders_for,
)
from newsweave.cluster.stories import STORY_ID_PREFIX
from newsweave.entities.translit import surface_key
from newsweave.ingest import input_files
from newsweave.model import Article, Entity, Event, Provenance, Story
from newsweave.pipeline import Pipeline, RunReport, stored_clusterer
from newsweave.provenance import trace_provenance
from newsweave.quotes.statements import Reported, same_statements
from newsweave.store import Store, open_store
from newsweave.store.indexed import ArticleFilter, EventRow, StoryRow
from newsweave.store.records import article_record, entity_record, event_record, story_record

EXPORT_TABLES = ("articles", "entities", "quotes", "events", "stories")


@dataclass
class EventView:
    """An event with its articles, for listing and showing."""

    event: Event
    articles: list[Article]

    @property
    def languages(self) -> list[str]:
        return sorted({a.language for a in self.articles if a.language})

    def statements(self) -> list[list[Reported]]:
        """Quotations of different articles that report one statement, grouped, biggest first."""
        return same_statements(self.articles)

    def provenance(self) -> list[Provenance]:
        """Which article is an original and which copy it, translate it or rewrite it."""
        return trace_provenance(self.articles)


class Newsweave:
    def __init__(
        self,
        db: str = "newsweave.db",
        store: Store | None = None,
        encoder: Encoder | Sequence[Encoder] | str | None = DEFAULT_ENCODERS,
    ) -> None:
        """`encoder`: the dense encoders that add their cosines to the clustering signals
        (cluster.encoder), or their names ("e5", "words,e5,use"); by default those of
        settings.DEFAULT_ENCODERS, loaded when first needed; "none", None or [] for the
        lexical signals alone."""
        self.store = store or open_store(db)
        self._db = db
        self._encoder_names = encoder if isinstance(encoder, str) else None
        self._encoders = None if isinstance(encoder, str) else encoder_list(encoder)

    @property
    def encoders(self) -> list[Encoder]:
        """The encoders a run clusters with (the default ones loaded on first use: reading
        needs no model)."""
        if self._encoders is None:
            self._encoders = encoders_for(self._encoder_names or DEFAULT_ENCODERS, self._db)
        return self._encoders

    # -- writing ------------------------------------------------------------------------------

    def run(
        self,
        paths: Iterable[str],
        on_input_done: Callable[[str], None] | None = None,
        engine: str = "auto",
        workers: int | None = None,
    ) -> RunReport:
        """Ingest, analyse, cluster and store everything under the given paths ('-' = stdin)."""
        pipeline = Pipeline(self.store, self.encoders)
        return pipeline.run(input_files(paths), on_input_done, engine, workers)

    # -- reading ------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        return self.store.article(article_id)

    def articles(self, language: str | None = None) -> Iterator[Article]:
        return self.store.articles(language)

    def clusters(self) -> Clusterer:
        """The event and story indexes as the pipeline keeps them: events and stories read
        from the store when asked for (Clusterer.event, Clusterer.story)."""
        return stored_clusterer(lambda: self.store)

    def events(self, language: str | None = None, min_languages: int = 1) -> Iterator[EventView]:
        """Events, largest and most multilingual first, each with its first articles whole
        (settings.EVENT_ARTICLES_READ), read from the store a page at a time: a listing of a
        large archive holds one page, not the corpus."""
        return (self._event_view(row) for row in self._event_rows(language, min_languages))

    def _event_rows(
        self, language: str | None = None, min_languages: int = 1
    ) -> Iterator[EventRow]:
        offset, page = 0, settings.EVENTS_READ_PAGE
        while True:
            _, rows = self.store.event_rows(language, None, min_languages, page, offset)
            yield from rows
            if len(rows) < page:
                return
            offset += len(rows)

    def event(self, event_id: str) -> EventView | None:
        """One event with its first articles whole, from the read index (not every event)."""
        row = self.store.event_row(event_id)
        return None if row is None else self._event_view(row)

    def _event_view(self, row: EventRow) -> EventView:
        articles = self.store.full_articles(row.id, settings.EVENT_ARTICLES_READ)
        event = Event(
            row.id, [a.id for a in articles], row.title, row.first_date, row.last_date, row.story_id
        )
        return EventView(event, articles)

    def stories(self) -> Iterator[tuple[Story, list[EventView]]]:
        """Stories, most articles first, each with its events in time order; one story's
        events are read at a time."""
        for row, _ in self.store.top_stories(None, None, self._story_count()):
            yield self._story_view(row)

    def story(self, story_id: str) -> tuple[Story, list[EventView]] | None:
        row = self.store.story_row(story_id)
        return None if row is None else self._story_view(row)

    def _story_view(self, row: StoryRow) -> tuple[Story, list[EventView]]:
        members = [self._event_view(event) for event, _ in self.store.story_events(row.id)]
        return Story(row.id, [v.event.id for v in members], row.title), members

    def _story_count(self) -> int:
        # one field of each story record, by key: not the story index with its postings
        return len(self.store.state_fields("stories", ["kind"], None, STORY_ID_PREFIX))

    def counts(self) -> tuple[int, int, int]:
        """How many articles, events and stories the store holds (indexed counts)."""
        events, _ = self.store.event_rows(None, None, 1, 0)
        return self.store.count_articles(), events, self._story_count()

    def entities(self, limit: int = 50) -> list[tuple[Entity, int, Counter[str]]]:
        """Top entities by mention count, with their counts by language (the read index)."""
        _, ranked = self.store.entity_rankings(None, None, limit)
        return [(entity, count, Counter(by_language)) for entity, count, by_language in ranked]

    def find_entity(self, name_or_id: str) -> Entity | None:
        """An entity by id, or by any of its names in any script (an indexed lookup)."""
        return self.store.find_entity(name_or_id)

    def entity_report(self, entity: Entity, limit: int = 50) -> dict[str, Any]:
        """Variants, the newest articles and the co-occurring entities of one entity."""
        _, articles = self.store.article_briefs(ArticleFilter(entity_id=entity.id), limit)
        return {
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "variants": sorted(entity.variants | set(self.store.entity_surfaces(entity.id))),
            "articles": [(a.id, a.language, a.title) for a in articles],
            "co_occurring": [(e.name, n) for e, n in self.store.co_occurring(entity.id, 15)],
        }

    def quotes(self, speaker: str | None = None) -> list[tuple[Article, Any]]:
        """Quotations, optionally of one speaker (by name in any script, or id)."""
        wanted = self.find_entity(speaker) if speaker else None
        key = surface_key(speaker) if speaker else ""
        found = []
        for article in self.store.articles():
            for quote in article.quotes:
                if speaker is None or (
                    (wanted and quote.speaker_id == wanted.id)
                    or (
                        not wanted
                        and key
                        and key in surface_key(quote.speaker_name or quote.speaker)
                    )
                ):
                    found.append((article, quote))
        return found

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        return self.store.search(query, limit)

    def export_records(self, table: str = "articles") -> Iterator[dict[str, Any]]:
        """One table's export records: articles (see the README for the keys), entities, quotes,
        events or stories."""
        if table == "articles":
            yield from (article_record(article) for article in self.store.articles())
        elif table == "entities":
            yield from (entity_record(entity) for entity in self.store.entities())
        elif table == "quotes":
            for article in self.store.articles():
                for quote in article.quotes:
                    yield {
                        "article_id": article.id,
                        "event_id": article.event_id,
                        "language": article.language,
                        **asdict(quote),
                    }
        elif table == "events":
            for row in self._event_rows():
                ids = self.store.event_article_ids(row.id, row.article_count)
                event = Event(row.id, ids, row.title, row.first_date, row.last_date, row.story_id)
                yield {**event_record(event), "languages": row.languages}
        elif table == "stories":
            yield from (story_record(story) for story in self._every_story())
        else:
            raise ValueError(f"unknown table {table!r}; choose one of {', '.join(EXPORT_TABLES)}")

    def _every_story(self, chunk: int = 500) -> Iterator[Story]:
        """Every story, read from the store a chunk at a time (an index bound to the store
        holds only those recently used)."""
        clusters = self.clusters()
        ids = sorted(self.store.state_fields("stories", ["kind"], None, STORY_ID_PREFIX))
        for start in range(0, len(ids), chunk):
            clusters.stories.hold(ids[start : start + chunk])
            for story_id in ids[start : start + chunk]:
                story = clusters.story(story_id)
                if story is not None:
                    yield story
            clusters.stories.release()

    def close(self) -> None:
        close_encoders(self._encoders or [])
        self.store.close()
