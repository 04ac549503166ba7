"""Commits write only what changed, and what they wrote rebuilds the same indexes."""

from __future__ import annotations

from pathlib import Path

from newsweave import settings
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


def test_saved_increments_rebuild_the_live_indexes(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "COMMIT_EVERY", 2)  # many small commits over the samples
    store = CountingStore(open_store(tmp_path / "n.db"))
    pipeline = Pipeline(store)
    pipeline.run(input_files([str(SAMPLES)]))

    reloaded = Pipeline(open_store(tmp_path / "n.db"))
    assert reloaded.clusterer.to_state() == pipeline.clusterer.to_state()
    by_id = lambda records: sorted(records, key=lambda r: r["id"])  # noqa: E731
    assert by_id(reloaded.entities.to_records()) == by_id(pipeline.entities.to_records())
    events = {e.id: sorted(e.article_ids) for e in pipeline.clusterer.event_list()}
    assert {e.id: sorted(e.article_ids) for e in reloaded.clusterer.event_list()} == events


def test_a_commit_writes_what_changed_not_the_whole_index(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "COMMIT_EVERY", 1)
    store = CountingStore(open_store(tmp_path / "n.db"))
    pipeline = Pipeline(store)
    pipeline.run(input_files([str(SAMPLES)]))
    whole = len(pipeline.clusterer.to_state()["events"])
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
