"""Commits write only what changed, and what they wrote rebuilds the same indexes."""

from __future__ import annotations

from pathlib import Path

from newsweave import settings
from newsweave.cluster import Clusterer
from newsweave.entities import EntityIndex
from newsweave.entities.translit import surface_key
from newsweave.ingest import input_files
from newsweave.pipeline import Pipeline
from newsweave.store import open_store

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


class CountingStore:
    """The SQLite store, counting the state records each commit writes."""

    def __init__(self, store):
        self._store = store
        self.written: list[int] = []

    def update_state(self, name, changed, removed=()):
        self.written.append(len(changed))
        self._store.update_state(name, changed, removed)

    def __getattr__(self, name):
        return getattr(self._store, name)


def _run_samples(path: Path, monkeypatch, commit_every: int, held: int) -> CountingStore:
    monkeypatch.setattr(settings, "COMMIT_EVERY", commit_every)
    monkeypatch.setattr(settings, "EVENTS_HELD", held)
    monkeypatch.setattr(settings, "POSTINGS_HELD", held)
    monkeypatch.setattr(settings, "ENTITIES_HELD", held)
    monkeypatch.setattr(settings, "ENTITY_POSTINGS_HELD", held)
    monkeypatch.setattr(settings, "STORIES_HELD", held)
    monkeypatch.setattr(settings, "STORY_POSTINGS_HELD", held)
    store = CountingStore(open_store(path))
    Pipeline(store).run(input_files([str(SAMPLES)]))
    return store


def test_small_commits_holding_one_event_save_what_one_commit_holding_all_saves(
    tmp_path, monkeypatch
):
    # A writer bound to the store lets go of events and postings after each commit and reads
    # them back when an article needs them, and so of stories and of learned entities and
    # their postings: the entities and clusters must not depend on what it held.
    whole = _run_samples(tmp_path / "whole.db", monkeypatch, commit_every=10**6, held=10**6)
    parts = _run_samples(tmp_path / "parts.db", monkeypatch, commit_every=2, held=1)
    by_id = lambda records: sorted(records, key=lambda r: r["id"])  # noqa: E731
    for name in ("events", "stories", "entity_index", "entity_postings"):
        assert by_id(parts.load_state(name)) == by_id(whole.load_state(name)), name
    members = lambda store: sorted((a.id, a.event_id, a.story_id) for a in store.articles())  # noqa: E731
    assert members(parts) == members(whole)
    links = lambda store: sorted(  # noqa: E731
        (m.start, m.entity_id) for a in store.articles() for m in a.mentions
    )
    assert links(parts) == links(whole)


def test_a_reloaded_writer_reads_the_saved_indexes(tmp_path, monkeypatch):
    store = _run_samples(tmp_path / "n.db", monkeypatch, commit_every=2, held=1)
    reloaded = Pipeline(open_store(tmp_path / "n.db"))
    saved = Clusterer.from_state(
        {"events": store.load_state("events"), "stories": store.load_state("stories")}
    )
    for event in saved.event_list():
        assert reloaded.clusterer.event(event.id) == event
    assert not reloaded.clusterer.story_list()  # none read yet: each is read when asked for
    for story in saved.story_list():
        assert reloaded.clusterer.story(story.id) == story
    assert reloaded.clusterer.stories.merged_into == saved.stories.merged_into
    assert reloaded.clusterer.events.document_frequency == saved.events.document_frequency
    assert reloaded.clusterer.events.merged_into == saved.events.merged_into


def test_a_commit_writes_what_changed_not_the_whole_index(tmp_path, monkeypatch):
    store = _run_samples(tmp_path / "n.db", monkeypatch, commit_every=1, held=10**6)
    whole = len(store.load_state("events"))
    per_commit_events = store.written[1::3]  # entity_index, events, stories per commit
    assert max(per_commit_events[-3:]) < whole


def test_an_index_saved_whole_by_an_older_version_is_rewritten_whole_once():
    from newsweave.cluster.events import EventIndex

    old = [
        {
            "kind": "index",
            "articles_seen": 2,
            "document_frequency": {"PER-ana-costa": 2},
            "merged_into": {"ev00002": "ev00001"},
            "postings": {"PER-ana-costa": ["ev00001"]},
            "next": 3,
        },
        {
            "kind": "event",
            "id": "ev00001",
            "article_ids": ["a", "b"],
            "entities": {"PER-ana-costa": 2},
            "grams": {},
            "quotes": [],
            "languages": {"en": 2},
            "first_day": None,
            "last_day": None,
            "title": "Summit",
            "story_id": None,
        },
    ]
    index = EventIndex.from_records(old)
    assert index.resolve("ev00002") == "ev00001"
    records, removed = index.changed_records()
    kinds = sorted(r["kind"] for r in records)
    assert kinds == ["event", "feature", "index", "merge"] and removed == []
    assert EventIndex.from_records(records).to_records() == index.to_records()
    assert [r["kind"] for r in index.changed_records()[0]] == ["index"]  # then only changes


def test_a_database_saved_before_entity_postings_gets_them_once(tmp_path, monkeypatch):
    store = _run_samples(tmp_path / "old.db", monkeypatch, commit_every=2, held=1)
    postings = store.load_state("entity_postings")
    with store.transaction():  # as an older version left it: the entity records alone
        store.update_state("entity_postings", [], [p["id"] for p in postings])
    assert store.load_state("entity_postings") == []
    bound = Pipeline(store).entities
    rebuilt = {p["id"]: set(p["ids"].split("\n")) for p in store.load_state("entity_postings")}
    learned = [r for r in store.load_state("entity_index") if not r["curated"]]
    assert learned
    for record in learned:  # each learned name is found again by the way it is written
        key = surface_key(record["variants"][0])
        assert record["id"] in rebuilt[f"k\x1f{key}"], record
    index = EntityIndex.from_records(store.load_state("entity_index"))
    for record in store.load_state("entity_index"):
        assert bound.entity(record["id"]).variants == index.entity(record["id"]).variants
