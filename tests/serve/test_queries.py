"""The query layer: pages answered by indexed store queries, never from a copy of the corpus."""

from __future__ import annotations

import gc
import sqlite3
import types
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")

from fastapi.testclient import TestClient  # noqa: E402

from newsweave.model import Article, RawDocument  # noqa: E402
from newsweave.pipeline import Pipeline  # noqa: E402
from newsweave.serve.api import create_app  # noqa: E402
from newsweave.store import SQLiteStore  # noqa: E402
from newsweave.store.indexed import TABLES  # noqa: E402

# Written for this test: an invented event, in Czech and Portuguese, naming one person.
_CZECH = RawDocument(
    source="test:cs",
    url="https://example.org/cs/lagarde-praha",
    title="Christine Lagardeová jednala v Praze o digitálním euru",
    published="2024-06-03",
    text=(
        "Prezidentka Evropské centrální banky Christine Lagardeová v pondělí jednala v Praze "
        "s guvernérem České národní banky o přípravě digitálního eura. Podle ní musí nová "
        "měna chránit soukromí plateb a fungovat i bez připojení k internetu. Guvernér řekl, "
        "že Česko zatím o přijetí eura nerozhodlo, ale sleduje vývoj pozorně. Jednání trvalo "
        "téměř tři hodiny a pokračovat bude v září v Bruselu."
    ),
)
_PORTUGUESE = RawDocument(
    source="test:pt",
    url="https://example.org/pt/lagarde-praga",
    title="Christine Lagarde discute euro digital em Praga",
    published="2024-06-03",
    text=(
        "A presidente do Banco Central Europeu, Christine Lagarde, reuniu-se na segunda-feira "
        "em Praga com o governador do banco central checo para discutir o euro digital. "
        "Segundo ela, a nova moeda deve proteger a privacidade dos pagamentos e funcionar "
        "mesmo sem ligação à internet. O governador afirmou que a Chéquia ainda não decidiu "
        "adotar o euro. As conversações continuam em setembro, em Bruxelas."
    ),
)

EVERY_ROUTE = (
    "/api/articles",
    "/api/articles?q=Macron",
    "/api/events",
    "/api/stories?period=30d",
    "/api/entities",
    "/api/entities/Macron",
    "/api/quotes?speaker=Macron",
    "/",
    "/entities",
    "/entities/Macron",
    "/quotes",
    "/search?q=Макрон",
)


def _events_answer(client: TestClient) -> list[dict[str, Any]]:
    events = client.get("/api/events").json()["items"]
    return [client.get(f"/api/events/{e['id']}").json() for e in events]


def test_a_write_by_another_handle_shows_on_the_next_request(fresh_db: Path) -> None:
    """`newsweave run` or `watch` writing beside the server: the next page shows it, at once."""
    client = TestClient(create_app(str(fresh_db)))
    before = client.get("/api/articles").json()["total"]
    assert client.get("/api/entities", params={"q": "Lagarde"}).json()["total"] == 0
    writer = SQLiteStore(fresh_db)  # another connection, as another process would hold
    try:
        pipeline = Pipeline(writer)
        added = [pipeline.add(raw) for raw in (_CZECH, _PORTUGUESE)]
    finally:
        writer.close()
    assert all(added)
    assert client.get("/api/articles").json()["total"] == before + 2
    found = client.get("/api/entities", params={"q": "Lagarde"}).json()["items"]
    assert found and found[0]["by_language"].keys() >= {"cs", "pt"}
    event_id = added[0].event_id  # type: ignore[union-attr]
    event = client.get(f"/api/events/{event_id}").json()
    assert {a["id"] for a in event["articles"]} >= {added[0].id}  # type: ignore[union-attr]
    assert "Lagarde" in client.get("/").text or "Lagarde" in client.get("/?period=all").text


def _articles_held_by(root: object) -> int:
    """Article objects reachable from `root` through its own data (not through modules,
    classes or functions, which reach the whole interpreter)."""
    seen, stack, found = {id(root)}, [root], 0
    while stack:
        for child in gc.get_referents(stack.pop()):
            if id(child) in seen or isinstance(child, (type, types.ModuleType, types.FunctionType)):
                continue
            seen.add(id(child))
            found += isinstance(child, Article)
            stack.append(child)
    return found


def test_the_server_holds_no_article_in_memory(samples_db: Path) -> None:
    """Every route answered, and no Article reachable from the server: nothing caches the
    corpus (the old snapshot held every article)."""
    client = TestClient(create_app(str(samples_db)))
    for path in EVERY_ROUTE:
        assert client.get(path).status_code == 200, path
    event = client.get("/api/events").json()["items"][0]["id"]
    assert client.get(f"/events/{event}").status_code == 200
    held = _articles_held_by(client.app.state.server)  # type: ignore[attr-defined]
    assert held == 0, f"{held} articles kept in memory after answering"


def _drop_read_index(path: Path) -> None:
    """Make the database what schema 2 wrote: no read index tables, no meta about it."""
    with sqlite3.connect(path) as db:
        for statement in TABLES.split(";"):
            words = statement.split()
            if words[:5] == ["CREATE", "TABLE", "IF", "NOT", "EXISTS"]:
                db.execute(f"DROP TABLE {words[5]}")
        for column in ("day", "event_date", "site", "lead"):
            db.execute("DROP INDEX IF EXISTS articles_day")
            db.execute(f"ALTER TABLE articles DROP COLUMN {column}")
        db.execute("ALTER TABLE entities DROP COLUMN name_keys")
        db.execute("DELETE FROM meta WHERE key = 'read_index_version'")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def test_an_older_database_is_backfilled_once_and_answers_the_same(
    fresh_db: Path, tmp_path: Path
) -> None:
    client = TestClient(create_app(str(fresh_db)))
    # written through the server: the aggregates kept at write time must equal a backfill
    assert client.post("/api/articles", json=[_as_json(_CZECH), _as_json(_PORTUGUESE)]).json()[
        "added"
    ]
    answers = {path: client.get(path).json() for path in EVERY_ROUTE if "/api/" in path}
    events = _events_answer(client)
    _drop_read_index(fresh_db)
    reopened = TestClient(create_app(str(fresh_db)))
    for path, answer in answers.items():
        assert reopened.get(path).json() == answer, path
    assert _events_answer(reopened) == events


def _as_json(raw: RawDocument) -> dict[str, Any]:
    return {"url": raw.url, "title": raw.title, "published": raw.published, "text": raw.text}


def test_lists_are_paginated(samples_db: Path) -> None:
    client = TestClient(create_app(str(samples_db)))
    whole = client.get("/api/entities", params={"limit": 500}).json()
    first = client.get("/api/entities", params={"limit": 3}).json()
    second = client.get("/api/entities", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] == whole["total"] > 6
    assert first["items"] + second["items"] == whole["items"][:6]
    quotes = client.get("/api/quotes", params={"limit": 2, "offset": 1}).json()
    assert len(quotes["items"]) == 2 and quotes["total"] > 3
    events = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert len(events["items"]) == 1 and events["total"] >= 2
    macron = client.get("/api/entities/Macron", params={"limit": 2}).json()
    assert len(macron["articles"]) == 2 and macron["article_total"] >= 3
