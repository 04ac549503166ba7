"""The ordered stages and how a batch of inputs runs through them into a Store.

`STAGES` is the list a reader can print: clean makes the Article from the raw
document, every later stage fills part of it, and the cluster stage places it
in an event and a story. I/O happens only here, at the edges.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsweave import settings
from newsweave.cluster import Clusterer
from newsweave.cluster.encoder import Encoder, encoder_text
from newsweave.dates import (
    choose_event_date,
    choose_publication,
    evidence_meta,
    find_dates,
    publication_evidence,
)
from newsweave.entities import EntityIndex, find_mentions
from newsweave.entities.gazetteer import default_gazetteer
from newsweave.entities.link import POSTINGS_WRITTEN, StoredIndex
from newsweave.held import StoredRecords
from newsweave.ingest import BadInput, InputError, read_input
from newsweave.langs import detect_language
from newsweave.model import Article, Assignment, RawDocument, StageSeconds
from newsweave.quotes import find_quotes
from newsweave.store import Store

if TYPE_CHECKING:
    from newsweave.engines import Analysed


@dataclass
class Context:
    """What stages may read besides the article: the raw input and the entity index."""

    raw: RawDocument
    entities: EntityIndex


def detect_language_stage(article: Article, context: Context) -> None:
    guess = detect_language(f"{article.title}\n{article.text}")
    article.language, article.language_confidence, article.script = (
        guess.language,
        guess.confidence,
        guess.script,
    )


def dates_stage(article: Article, context: Context) -> None:
    evidence = publication_evidence(context.raw, article.meta, article.language)
    article.meta.update(evidence_meta(evidence))
    article.published, article.published_source = choose_publication(evidence)
    article.dates = find_dates(article.text, article.language, article.published)
    fall_back = article.trusted_published is not None
    article.event_date, confidence = choose_event_date(article.dates, article.published, fall_back)
    if article.event_date is not None:
        article.meta["event_date_confidence"] = f"{confidence:.2f}"


def detect_mentions(article: Article, context: Context) -> None:
    """The half of the entities stage that reads only the article (any worker may run it)."""
    article.mentions = find_mentions(article.text, article.language)


def link_mentions(article: Article, context: Context) -> None:
    """The half that needs the shared entity index (the driver runs it, in input order)."""
    context.entities.link(article.mentions, article.language, article.text)


def entities_stage(article: Article, context: Context) -> None:
    detect_mentions(article, context)
    link_mentions(article, context)


def quotes_stage(article: Article, context: Context) -> None:
    article.quotes = find_quotes(article.text, article.language, article.mentions)


Stage = Callable[[Article, Context], None]

STAGES: list[tuple[str, Stage]] = [
    ("language", detect_language_stage),
    ("dates", dates_stage),
    ("entities", entities_stage),
    ("quotes", quotes_stage),
]


def analyse(
    raw: RawDocument, entities: EntityIndex, timings: StageSeconds | None = None
) -> Article:
    """Run one raw document through clean and every analysis stage, here and now.

    The same two halves every engine runs (engines/): what reads only the document, then the
    linking through the shared entity index and the stages after it.
    """
    from newsweave.engines import detect_part, link_part

    timings = timings if timings is not None else StageSeconds()
    article = detect_part(raw, timings)
    link_part(article, raw, entities, timings)
    return article


def record_assignment(article: Article, assignment: Assignment) -> None:
    """Keep why the article joined its event with the article, for users to check."""
    if assignment.new_event:
        article.meta["event_reason"] = "opened a new event: no event close enough"
        return
    reason = f"score {assignment.score:.2f}"
    if assignment.shared_entities:
        reason += "; shared entities " + ", ".join(assignment.shared_entities[:8])
    if assignment.shared_quotes:
        reason += f"; {assignment.shared_quotes} matched quotation(s)"
    article.meta["event_reason"] = reason


def refusal(article: Article | None, error: str | None) -> str:
    """Why an analysed input cannot be stored ("" when it can)."""
    if article is None:
        return error or "analysis failed"
    if "access_wall" in article.meta:
        wall = article.meta["access_wall"]
        return f"the page is an access wall (\"{wall}\"), not the article: fetch it again later"
    if len(article.text) < settings.MIN_TEXT_CHARS:
        return f"no article text left after cleaning ({len(article.text)} characters)"
    return ""


@dataclass
class RunReport:
    """What a run did, for the CLI to print and the tests to check."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    timings: StageSeconds = field(default_factory=StageSeconds)


def stored_collection(store: Callable[[], Store], name: str) -> StoredRecords:
    """How an index reads its records of the state collection `name` in the store that
    `store` gives at each read."""
    return StoredRecords(
        records=lambda keys: store().state_records(name, keys),
        fields=lambda fields, keys, prefix: store().state_fields(name, fields, keys, prefix),
        everything=lambda: store().load_state(name),
    )


def stored_clusterer(
    store: Callable[[], Store], encoder: Encoder | Sequence[Encoder] | None = None
) -> Clusterer:
    """The event and story indexes bound to the store's records: the events and stories an
    article is compared with are read when it needs them (see settings.EVENTS_HELD)."""
    return Clusterer.stored(
        stored_collection(store, "events"), stored_collection(store, "stories"), encoder
    )


def stored_entities(store: Callable[[], Store]) -> StoredIndex:
    """How the entity index reads its records and postings in the store `store` gives."""
    return StoredIndex(
        stored_collection(store, "entity_index"), stored_collection(store, "entity_postings")
    )


def bound_entity_index(store: Store, current: Callable[[], Store]) -> EntityIndex:
    """The entity index bound to `store`: it reads the learned entities articles name from
    the store. A database saved before the index had postings is read whole once, and its
    postings written, in one transaction."""
    stored = stored_entities(current)
    if store.state_records("entity_postings", [POSTINGS_WRITTEN]):
        gazetteer_ids = list(default_gazetteer().entities)
        curated = store.state_records("entity_index", gazetteer_ids)
        return EntityIndex.stored(stored, list(curated.values()))
    index = EntityIndex.from_records(store.load_state("entity_index"))
    with store.transaction():
        marker = {"id": POSTINGS_WRITTEN, "ids": ""}
        store.update_state("entity_postings", [*index.learned_postings(), marker])
    index.bind(stored)
    return index


class Pipeline:
    """The stages bound to one store: the entity index and clusters load from it and save to it."""

    def __init__(self, store: Store, encoder: Encoder | Sequence[Encoder] | None = None) -> None:
        self.store = store
        # Bound to the store like the event index: the learned entities are the corpus's.
        self.entities = bound_entity_index(store, lambda: self.store)
        # The event index is read from the store as articles need it: the whole index would be
        # the corpus in memory (see settings.EVENTS_HELD). Through self.store, which a server
        # rebinds to each thread's connection.
        self.clusterer = stored_clusterer(lambda: self.store, encoder)

    def run(
        self,
        inputs: Iterable[str],
        on_input_done: Callable[[str], None] | None = None,
        engine: str = "auto",
        workers: int | None = None,
    ) -> RunReport:
        """Ingest every input, analyse (on the named engine), cluster and store, in batches."""
        from newsweave.engines import analysed_articles

        report = RunReport()
        pending: list[Article] = []
        documents = self._documents(inputs, report, on_input_done)
        # An encoder whose model runs in a process of its own takes a core of those `auto`
        # would give to entity detection (on two cores: none left; 4,000 articles with e5
        # in its process, 29.0 a second with detection on the second core, 34.4 without).
        reserved = int(
            any(getattr(e, "uses_teacher_process", False) for e in self.clusterer.encoders)
        )
        analysed = analysed_articles(
            documents, engine, self.entities, report.timings, workers, reserved
        )
        for outcome in self._encoded_ahead(analysed):
            refused = refusal(outcome.article, outcome.error)
            if refused or outcome.article is None:
                self._record_error(InputError(outcome.raw.source, refused), report)
                continue
            article = outcome.article
            if self.store.find_article(article.content_hash, article.url) or any(
                a.content_hash == article.content_hash for a in pending
            ):
                report.duplicates.append(article.source)
                continue
            started = time.perf_counter()
            record_assignment(article, self.clusterer.add(article, outcome.text))
            report.timings["cluster"] += time.perf_counter() - started
            pending.append(article)
            if len(pending) >= settings.COMMIT_EVERY:
                self._commit(pending, report)
        self._commit(pending, report)
        return report

    def _encoded_ahead(self, outcomes: Iterable[Analysed]) -> Iterator[Analysed]:
        """The outcomes in their order, `settings.ENCODER_PREFETCH_ARTICLES` behind the
        analysis, each article's text handed to the encoders that can work ahead as it
        arrives: the encoders run on one core while the next articles are analysed on the
        other, and the clusterer finds the vectors ready. Clustering reads nothing the
        analysis of later articles writes, so the results are those of the plain order."""
        ahead = [e for e in self.clusterer.encoders if hasattr(e, "prefetch")]
        if not ahead:
            yield from outcomes
            return
        window: deque[Analysed] = deque()
        for outcome in outcomes:
            if outcome.article is not None and outcome.error is None:
                for encoder in ahead:
                    encoder.prefetch(encoder_text(outcome.article, encoder.lead_chars))
            window.append(outcome)
            if len(window) > settings.ENCODER_PREFETCH_ARTICLES:
                yield window.popleft()
        yield from window

    def _documents(
        self,
        inputs: Iterable[str],
        report: RunReport,
        on_input_done: Callable[[str], None] | None,
    ) -> Iterator[RawDocument]:
        """The documents of every input; refused inputs are recorded and skipped."""
        for name in inputs:
            for item in read_input(name):
                if isinstance(item, InputError):
                    self._record_error(item, report)
                    continue
                if item.url and self.store.find_article("", item.url):
                    # A resumed run skips what is stored before paying for its analysis.
                    report.duplicates.append(item.source)
                    continue
                yield item
            if on_input_done:
                on_input_done(name)

    def add(self, raw: RawDocument) -> Article | None:
        """Analyse, cluster and store one document now (the API's and the feeds' ingest).

        None if it is a duplicate; BadInput, naming the reason, when it cannot be analysed or
        leaves no article text (the caller records it: it knows the input's name and context)."""
        from newsweave.engines import analysed_articles

        report = RunReport()
        outcome = next(analysed_articles([raw], "inprocess", self.entities, report.timings))
        refused = refusal(outcome.article, outcome.error)
        if refused or outcome.article is None:
            raise BadInput(refused)
        article = outcome.article
        if self.store.find_article(article.content_hash, article.url):
            return None
        record_assignment(article, self.clusterer.add(article, outcome.text))
        self._commit([article], report)
        return article

    def add_analysed(self, articles: Iterable[Article]) -> RunReport:
        """Cluster and store articles analysed elsewhere (an import of exported records, a
        bench's copies), in batches as `run` does; those already stored are skipped."""
        report = RunReport()
        pending: list[Article] = []
        for article in articles:
            if self.store.find_article(article.content_hash, article.url) or any(
                a.content_hash == article.content_hash for a in pending
            ):
                report.duplicates.append(article.source)
                continue
            record_assignment(article, self.clusterer.add(article))
            pending.append(article)
            if len(pending) >= settings.COMMIT_EVERY:
                self._commit(pending, report)
        self._commit(pending, report)
        return report

    def _record_error(self, error: InputError, report: RunReport) -> None:
        report.errors.append(error)
        self.store.record_error(error.source, error.message)

    def _commit(self, pending: list[Article], report: RunReport) -> None:
        """Articles, entities and cluster state of a batch commit together: a crash loses
        at most the batch in flight, and a rerun redoes exactly that batch."""
        started = time.perf_counter()
        with self.store.transaction():
            for article in pending:
                self.store.add_article(article)
                report.added.append(article.id)
            moved: set[str] = set()
            for article_id, event_id, story_id in self.clusterer.changed_memberships():
                self.store.set_clusters(article_id, event_id, story_id)
                moved.add(event_id)
            # Only what changed since the last commit is rewritten: the indexes grow with the
            # corpus, a batch touches a few hundred of their records.
            changed, removed = self.entities.changed_records()
            self.store.update_state("entity_index", changed, removed)
            self.store.update_state("entity_postings", self.entities.changed_postings())
            known = (self.entities.entity(record["id"]) for record in changed)
            self.store.save_entities([entity for entity in known if entity is not None])
            state = self.clusterer.changed_state()
            for name, (records, gone) in state.items():
                self.store.update_state(name, records, gone)
            self._index_clusters(moved, state)
        self.clusterer.release()
        self.entities.release()
        pending.clear()
        report.timings["store"] += time.perf_counter() - started

    def _index_clusters(
        self, moved: set[str], state: dict[str, tuple[list[dict[str, Any]], list[str]]]
    ) -> None:
        """The events and stories a batch changed, for the store's read index (the pages)."""
        event_records, gone_events = state["events"]
        story_records, gone_stories = state["stories"]
        # member records carry their members; the header, features and merges do not
        event_ids = moved | {r["id"] for r in event_records if "article_ids" in r}
        story_ids = {r["id"] for r in story_records if "event_ids" in r}
        events = [e for e in (self.clusterer.event(i) for i in sorted(event_ids)) if e]
        stories = [s for s in (self.clusterer.story(i) for i in sorted(story_ids)) if s]
        self.store.index_clusters(events, stories, gone_events, gone_stories)
