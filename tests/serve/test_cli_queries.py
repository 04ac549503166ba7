"""`newsweave events/stories/entities/entity/quotes`: one page from the read index's named
queries, never a pass over every article."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.serve import queries
from newsweave.serve.cli import app
from newsweave.store import SQLiteStore


@pytest.fixture
def no_full_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading every article fails: a command that needs it is reading the whole corpus."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a listing command read every article")

    monkeypatch.setattr(SQLiteStore, "articles", refuse)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_events_are_paged_from_the_index(fresh_db: Path, no_full_reads: None) -> None:
    db = str(fresh_db)
    store = SQLiteStore(db)
    listed = queries.list_events(store, None, None, 1, 2)
    store.close()
    assert listed["total"] >= 2
    first = invoke("events", "--limit", "1", "--db", db)
    second = invoke("events", "--limit", "1", "--offset", "1", "--db", db)
    assert f"Events 1–1 of {listed['total']}" in first
    assert f"Events 2–2 of {listed['total']}" in second
    one, two = (event["id"] for event in listed["items"])
    assert one in first and two not in first
    assert two in second and one not in second


def test_stories_and_a_story_timeline(fresh_db: Path, no_full_reads: None) -> None:
    db = str(fresh_db)
    store = SQLiteStore(db)
    top = queries.top_stories(store, None, None, 3)
    store.close()
    assert top, "the samples make at least one story"
    output = invoke("stories", "--limit", "3", "--db", db)
    assert all(story["id"] in output for story in top)
    timeline = invoke("story", top[0]["id"], "--timeline", "--db", db)
    assert top[0]["title"][:40] in timeline
    refused = CliRunner().invoke(app, ["stories", "--period", "fortnight", "--db", db])
    assert refused.exit_code == 1 and "unknown period" in refused.output


def test_entities_entity_and_quotes_in_any_script(fresh_db: Path, no_full_reads: None) -> None:
    db = str(fresh_db)
    store = SQLiteStore(db)
    _, ranked = store.entity_rankings(None, None, 3)
    store.close()
    output = invoke("entities", "--limit", "3", "--db", db)
    assert all(entity.id in output for entity, _, _ in ranked)
    macron = invoke("entity", "Макрон", "--db", db)
    assert "Emmanuel Macron" in macron and "Cyrillic:" in macron and "Latin:" in macron
    quoted = invoke("quotes", "--speaker", "Макрон", "--limit", "1", "--db", db)
    assert "Emmanuel Macron" in quoted and "1 of " in quoted
