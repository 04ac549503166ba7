"""PostgreSQL store: the SQLite store's promises on a real server, and the same results.

The server is NEWSWEAVE_TEST_POSTGRES (a postgresql:// URL to a database we may create
databases beside, as .ci/run exports), else a private cluster started here from the
Debian packages' initdb/pg_ctl on loopback. When neither works, every test here is
skipped with the reason: never a silent pass.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from glob import glob
from pathlib import Path
from typing import Any

import pytest

from newsweave.model import Entity

psycopg = pytest.importorskip(
    "psycopg", reason="psycopg is not installed (pip install newsweave[postgres])"
)
pytest.importorskip("psycopg_pool", reason="psycopg_pool is not installed (newsweave[postgres])")

from search_cases import (  # noqa: E402
    check_bounded_quote_words,
    check_bounded_search,
    check_speaker_named_as_now,
    make_article,
)

from newsweave.store import open_store  # noqa: E402
from newsweave.store.errors import StorageError  # noqa: E402
from newsweave.store.postgres import SCHEMA_VERSION, PostgresStore  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    """initdb refuses to run as root; run the server as the 'postgres' account then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A postgresql:// URL of a server (without a database name) we may create databases on."""
    given = os.environ.get("NEWSWEAVE_TEST_POSTGRES")
    if given:
        yield given.rsplit("/", 1)[0] if given.count("/") > 2 else given
        return
    initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip(
            "no PostgreSQL server: NEWSWEAVE_TEST_POSTGRES unset and initdb not found "
            "(apt-get install postgresql)"
        )
    home = Path(tempfile.mkdtemp(prefix="newsweave-pg-"))
    if os.geteuid() == 0:
        try:
            shutil.chown(home, user="postgres")
        except (LookupError, OSError) as error:
            shutil.rmtree(home, ignore_errors=True)
            pytest.skip(
                f"cannot start a private PostgreSQL as root without a 'postgres' user: {error}"
            )
    port = _free_port()
    data = home / "data"
    try:
        subprocess.run(
            _as_server_user(
                [
                    initdb,
                    "-D",
                    str(data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            _as_server_user(
                [
                    pg_ctl,
                    "-D",
                    str(data),
                    "-l",
                    str(home / "log"),
                    "-w",
                    "-o",
                    f"-h 127.0.0.1 -p {port} -k {home} -F",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.SubprocessError, OSError) as error:
        shutil.rmtree(home, ignore_errors=True)
        detail = (getattr(error, "stderr", b"") or b"").decode(errors="replace")[-300:]
        pytest.skip(f"could not start a private PostgreSQL: {error} {detail}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(home, ignore_errors=True)


def _fresh_database(server: str) -> str:
    name = "nw_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


@pytest.fixture
def url(server: str) -> str:
    return _fresh_database(server)


@pytest.fixture
def store(url: str) -> Iterator[PostgresStore]:
    s = PostgresStore(url)
    yield s
    s.close()


def test_open_store_picks_postgres_for_a_url(url):
    s = open_store(url)
    try:
        assert isinstance(s, PostgresStore)
    finally:
        s.close()


def test_same_article_twice_is_stored_once(store):
    first = make_article("Kyiv hosted a donor conference on Monday.", url="https://n.example/1")
    assert store.add_article(first) is True
    assert store.add_article(make_article("Kyiv hosted a donor conference on Monday.")) is False
    assert store.add_article(make_article("kyiv  hosted a donor conference on monday.")) is False
    assert (
        store.add_article(make_article("Kyiv hosted a donor meeting.", url="https://n.example/1"))
        is False
    )
    assert store.count_articles() == 1
    assert store.find_article("nope", "https://n.example/1") == first.id


def test_two_writers_racing_for_one_article_store_it_once(url):
    a, b = PostgresStore(url), PostgresStore(url)
    try:
        article = make_article(
            "Zagreb opened a new tram line on Sunday.", url="https://n.example/t"
        )
        results: list[bool] = []
        threads = [
            threading.Thread(target=lambda s=s: results.append(s.add_article(article)))
            for s in (a, b)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False, True]
        assert a.count_articles() == 1
    finally:
        a.close()
        b.close()


def test_failed_transaction_keeps_what_was_committed(store):
    store.add_article(make_article("Las lluvias inundaron Valencia el martes."))
    with pytest.raises(RuntimeError):
        with store.transaction():
            with store.transaction():  # nested: joins the outer one
                store.add_article(make_article("Las autoridades abrieron albergues."))
            store.save_state("events", [{"id": "lost"}])
            raise RuntimeError("crash in the middle of a batch")
    assert store.count_articles() == 1
    assert store.load_state("events") == []
    with store.transaction():
        store.add_article(make_article("Los evacuados volvieron a casa el jueves."))
    assert store.count_articles() == 2


def test_full_text_search_in_cyrillic_and_with_diacritics(store):
    store.add_article(
        make_article("Шойгу провёл встречу с генералом в Москве.", title="Встреча", language="ru")
    )
    store.add_article(
        make_article(
            "Le ministre a rencontré les députés à Genève.", title="Réunion", language="fr"
        )
    )
    assert [h["language"] for h in store.search("шойгу")] == ["ru"]
    assert [h["language"] for h in store.search("Встреча")] == ["ru"]
    if store.unaccent:
        assert [h["language"] for h in store.search("geneve")] == ["fr"]
    assert [h["language"] for h in store.search("Genève ministre")] == ["fr"]
    assert "[Шойгу]" in store.search("Шойгу")[0]["snippet"]
    assert store.search('"unbalanced') == []
    assert store.search("& | !:* (") == []


def test_search_is_bounded_ranked_and_paged(store, monkeypatch):
    check_bounded_search(store, monkeypatch)


def test_quotations_by_words_are_bounded(store, monkeypatch):
    check_bounded_quote_words(store, monkeypatch)


def test_a_speaker_is_listed_by_the_name_the_entity_has_now(store):
    check_speaker_named_as_now(store)


def test_quote_filters_read_the_trigram_index(store):
    """A quotation "contains" filter is answered by pg_trgm's index, not by reading them all."""
    assert store.trigrams, "the server ships pg_trgm: the store should have indexed with it"
    for column in ("q.text_key", "q.speaker_key"):
        sql, params = store._quote_contains(column, "переговоры")
        with store.transaction():
            store._run("SET LOCAL enable_seqscan = off")  # a few rows: a scan would be cheaper
            plan = store._rows(f"EXPLAIN SELECT q.id FROM quotes q WHERE {sql}", params)
        assert f"quotes_{column[2:]}_trigrams" in " ".join(row["QUERY PLAN"] for row in plan)


def test_text_with_nul_characters_is_stored_and_read_back(store):
    article = make_article("Zürich\x00 held a vote on Sunday.", title="Vote\x00")
    assert store.add_article(article) is True
    assert store.article(article.id).text == article.text
    assert [h["id"] for h in store.search("zürich")] == [article.id]


def test_entities_and_state_round_trip(store):
    store.save_entities([Entity("PER-x", "Ana Costa", "PER", {"Ана Коста"}, {"ana kosta"})])
    store.save_entities([Entity("PER-x", "Ana Costa", "PER", {"Ана Коста", "Ana Costová"}, set())])
    assert store.entities()[0].variants == {"Ана Коста", "Ana Costová"}
    store.save_state("events", [{"id": "ev1", "n": 0.5}, {"id": "ev2"}])
    assert store.load_state("events") == [{"id": "ev1", "n": 0.5}, {"id": "ev2"}]
    store.save_state("events", [{"id": "ev3"}])
    assert store.load_state("events") == [{"id": "ev3"}]
    assert store.load_state("stories") == []


def test_state_updates_touch_only_the_records_named(store):
    store.update_state("events", [{"id": "ev1", "n": 1}, {"id": "ev2", "n": 1}, {"id": "ev3"}])
    store.update_state("events", [{"id": "ev2", "n": 2}, {"id": "ev4"}], removed=["ev3"])
    # a changed record keeps its place; a new one comes last
    assert store.load_state("events") == [
        {"id": "ev1", "n": 1},
        {"id": "ev2", "n": 2},
        {"id": "ev4"},
    ]


def test_article_by_id_prefix_clusters_and_mentions_index(store):
    article = make_article("Kyiv and Lviv prepared for the winter.")
    store.add_article(article)
    assert store.article(article.id[:8]).text == article.text
    assert store.article("%") is None
    store.set_clusters(article.id, "ev-1", "st-1")
    assert [(a.event_id, a.story_id) for a in store.articles()] == [("ev-1", "st-1")]
    assert list(store.articles(language="fr")) == []
    assert store.entity_mentions("LOC-kyiv")[0]["article_id"] == article.id


def test_errors_are_listed_in_order(store):
    store.record_error("a.html", "no article text left after cleaning")
    store.record_error("b.json", "malformed JSON")
    assert [e["source"] for e in store.errors()] == ["a.html", "b.json"]


def test_schema_is_versioned_and_reopening_migrates_nothing(url, store):
    assert store.schema_version() == SCHEMA_VERSION
    store.add_article(make_article("Vilnius hosted the summit."))
    again = PostgresStore(url)
    try:
        assert again.schema_version() == SCHEMA_VERSION
        assert again.count_articles() == 1
    finally:
        again.close()


def test_a_newer_schema_is_refused(url, store):
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("INSERT INTO schema_version VALUES (%s)", (SCHEMA_VERSION + 1,))
    with pytest.raises(StorageError, match="newer newsweave"):
        PostgresStore(url)


def _sample_inputs(tmp: Path) -> list[str]:
    """The bundled samples, plus shortened copies of each, so clusters get several members."""
    import json

    from newsweave.ingest import input_files, read_input

    records = []
    for name in input_files([SAMPLES]):
        for raw in read_input(name):
            text = getattr(raw, "text", None)
            if not text:
                continue
            paragraphs = [p for p in text.split("\n") if p.strip()]
            # each copy drops one paragraph of the body: a shortened rewrite of the same report
            for cut in range(2, min(len(paragraphs), 4)):
                kept = paragraphs[:cut] + paragraphs[cut + 1 :]
                records.append(
                    {
                        "title": raw.title,
                        "text": "\n\n".join(kept),
                        "published": raw.published,
                        "url": None,
                    }
                )
    shard = tmp / "samples.jsonl"
    shard.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8"
    )
    return [str(SAMPLES), str(shard)]


def _outcome(app) -> tuple:
    articles = sorted(
        (
            a.content_hash,
            a.event_id is not None,
            a.story_id is not None,
            tuple((m.text, m.entity_id) for m in a.mentions),
        )
        for a in app.articles()
    )
    events = sorted(tuple(sorted(a.id for a in view.articles)) for view in app.events())
    entities = sorted((e.id, e.name, tuple(sorted(e.variants))) for e in app.store.entities())
    return articles, events, entities


def test_sqlite_and_postgres_give_the_same_events_and_entities(url, tmp_path):
    from newsweave.app import Newsweave

    inputs = _sample_inputs(tmp_path)
    lite = Newsweave(str(tmp_path / "same.db"))
    server = Newsweave(store=PostgresStore(url))
    try:
        lite_report, server_report = lite.run(inputs), server.run(inputs)
        assert len(lite_report.added) == len(server_report.added) >= 15
        assert _outcome(lite) == _outcome(server)
    finally:
        lite.store.close()
        server.store.close()


def _read_index(store: Any) -> dict[str, Any]:
    """What the pages read, through the read index (store/indexed.py), by value."""
    from newsweave.store.indexed import ArticleFilter, QuoteFilter

    events = store.event_rows(None, None, 1, 100)[1]
    macron = store.find_entity("Макрон")
    return {
        "totals": store.totals(),
        "languages": sorted(store.languages()),
        "events": sorted((e.article_count, tuple(e.languages), e.title) for e in events),
        "stories": sorted(
            (s.article_count, n, s.title) for s, n in store.top_stories(None, None, 50)
        ),
        "ranked": sorted(
            (e.id, n, tuple(sorted(by.items())))
            for e, n, by in store.entity_rankings(None, None, 500)[1]
        ),
        "macron": macron.id if macron else None,
        "neighbours": sorted((e.id, n) for e, n in store.co_occurring(macron.id, 500)),
        "days": sorted(store.entity_days(macron.id), key=str),
        "quotes": store.quote_rows(QuoteFilter(speaker_id=macron.id), 500)[0],
        "quote_words": [
            store.quote_rows(QuoteFilter(alternatives=words), 500)[0]
            for words in (
                [["hydrogen", "2030"]],
                [["водород"], ["wasserstoff"]],
                [["%"]],
                [["_"]],
                [["и"]],
            )
        ],
        "speaker_part": store.quote_rows(QuoteFilter(speaker_key="macr"), 500)[0],
        "bulgarian": store.article_briefs(ArticleFilter(language="bg"), 500)[0],
        "shared": sorted(
            tuple(sorted((e.id, n) for e, n, _ in store.shared_entities(event.id)))
            for event in events
        ),
    }


def test_sqlite_and_postgres_read_index_answer_alike(url, tmp_path):
    """The pages' queries are one SQL for both backends: on the same inputs, the same answers."""
    from newsweave.app import Newsweave

    inputs = _sample_inputs(tmp_path)
    lite = Newsweave(str(tmp_path / "index.db"))
    server = Newsweave(store=PostgresStore(url))
    try:
        lite.run(inputs)
        server.run(inputs)
        lite_index = _read_index(lite.store)
        assert lite_index["macron"] and lite_index["neighbours"] and lite_index["quotes"]
        assert lite_index["quote_words"][0] and lite_index["speaker_part"]
        assert lite_index == _read_index(server.store)
    finally:
        lite.store.close()
        server.store.close()
