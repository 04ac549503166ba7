"""Faults of the database, not of an input: one StorageError naming the database and saying
what to do, in the Python API, one line and exit status 3 in the CLI, 503 in the HTTP API."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave import settings
from newsweave.app import Newsweave
from newsweave.store import StorageError, open_store
from newsweave.store.sqlite import SCHEMA_VERSION, SQLiteStore

# Sentences written for these tests, in several languages and scripts: the state records
# they fill are a newsweave database of several pages, so a cut through it lands mid-table.
SENTENCES = [
    "Die Stadtwerke kündigten am Dienstag an, die Strompreise im Winter nicht zu erhöhen.",
    "Парламентът прие на първо четене промените в Закона за енергетиката.",
    "Le conseil municipal a voté la rénovation de la gare routière pour 2026.",
    "Rząd zapowiedział, że nowe przepisy wejdą w życie od pierwszego stycznia.",
    "Το λιμάνι του Πειραιά θα παραμείνει κλειστό λόγω της απεργίας των ναυτικών.",
    "La Generalitat aprobó ayer un plan de ayudas para los agricultores afectados.",
]


def filled_database(path: Path, records: int = 400) -> Path:
    store = SQLiteStore(path)
    rows = [{"id": f"r{i}", "text": " ".join(SENTENCES) * 4} for i in range(records)]
    store.update_state("notes", rows)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    store.close()
    return path


def assert_one_line_about(error: StorageError, database: str, *words: str) -> None:
    message = str(error)
    assert "\n" not in message, message
    assert database in message, f"the message does not name {database}: {message}"
    for word in words:
        assert word in message, f"{word!r} missing from: {message}"


# -- SQLite, through the Python API ---------------------------------------------------------------


@pytest.fixture
def unwritable_folder() -> Iterator[Path]:
    """A folder this process may read but not write. Root writes through permission bits, so
    as root the test drops to the 'nobody' user for the open (seteuid; root can take it back)."""
    home = Path(tempfile.mkdtemp(prefix="newsweave-ro-"))
    home.chmod(0o755)
    folder = home / "read-only"
    folder.mkdir(mode=0o555)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(home, ignore_errors=True)


def test_a_database_in_a_read_only_folder_says_the_path_is_not_writable(unwritable_folder: Path):
    path = unwritable_folder / "news.db"
    as_root = os.geteuid() == 0
    if as_root:
        os.seteuid(65534)  # nobody
    try:
        with pytest.raises(StorageError) as caught:
            Newsweave(str(path))
    finally:
        if as_root:
            os.seteuid(0)
    assert_one_line_about(caught.value, str(path), "cannot be opened or written", "may write")
    assert not path.exists()


@pytest.mark.parametrize("keep", [0.5, 0.02])
def test_a_truncated_database_is_called_corrupt(tmp_path: Path, keep: float):
    path = filled_database(tmp_path / "cut.db")
    os.truncate(path, int(path.stat().st_size * keep))
    with pytest.raises(StorageError) as caught:
        Newsweave(str(path))
    assert_one_line_about(caught.value, str(path), "corrupt", "PRAGMA integrity_check")
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)


def test_a_file_of_random_bytes_is_not_a_newsweave_database(tmp_path: Path):
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(50_000))
    before = path.read_bytes()
    with pytest.raises(StorageError) as caught:
        Newsweave(str(path))
    assert_one_line_about(caught.value, str(path), "not a newsweave database")
    assert path.read_bytes() == before, "the file was changed"


def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(tmp_path: Path):
    path = tmp_path / "recipes.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE recipes (name TEXT)")
        other.execute("INSERT INTO recipes VALUES ('Banitsa'), ('Pierogi ruskie')")
    with pytest.raises(StorageError) as caught:
        SQLiteStore(path)
    assert_one_line_about(caught.value, str(path), "another program")
    with sqlite3.connect(path) as other:
        tables = {row[0] for row in other.execute("SELECT name FROM sqlite_master")}
        assert tables == {"recipes"}
        assert other.execute("PRAGMA journal_mode").fetchone()[0] != "wal"


def test_a_schema_from_a_newer_newsweave_is_refused(tmp_path: Path):
    path = filled_database(tmp_path / "future.db", records=3)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),)
        )
    with pytest.raises(StorageError) as caught:
        open_store(path)
    assert_one_line_about(caught.value, str(path), "newer newsweave", "upgrade")
    with sqlite3.connect(path) as connection:
        kept = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'")
        assert kept.fetchone()[0] == str(SCHEMA_VERSION + 1), "the newer version was overwritten"


def test_a_full_disk_is_named_and_what_was_committed_stays(tmp_path: Path):
    path = tmp_path / "full.db"
    store = SQLiteStore(path)
    store.update_state("notes", [{"id": "kept", "text": SENTENCES[0]}])
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own limit on the file's size fails a write as a full disk does (SQLITE_FULL)
    store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = [{"id": f"n{i}", "text": " ".join(SENTENCES) * 8} for i in range(200)]
    with pytest.raises(StorageError) as caught:
        store.update_state("notes", big)
    assert_one_line_about(caught.value, str(path), "disk is full", "free space")
    assert [r["id"] for r in store.load_state("notes")] == ["kept"]
    store.update_state("notes", [{"id": "after", "text": SENTENCES[1]}])  # still usable
    assert len(store.load_state("notes")) == 2
    store.close()


# -- PostgreSQL -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_postgres_port_with_nothing_on_it_fails_at_once_naming_host_and_port():
    pytest.importorskip("psycopg", reason="psycopg is not installed (newsweave[postgres])")
    port = _free_port()
    started = time.monotonic()
    with pytest.raises(StorageError) as caught:
        open_store(f"postgresql://reporter:s3cret@127.0.0.1:{port}/news")
    assert time.monotonic() - started < settings.POSTGRES_CONNECT_TIMEOUT_SECONDS
    assert_one_line_about(caught.value, f"127.0.0.1:{port}", "does not answer", "running")
    assert "s3cret" not in str(caught.value), "the password was printed"


def test_a_postgres_port_that_never_answers_fails_within_the_connect_timeout(monkeypatch):
    pytest.importorskip("psycopg", reason="psycopg is not installed (newsweave[postgres])")
    monkeypatch.setattr(settings, "POSTGRES_CONNECT_TIMEOUT_SECONDS", 2)
    with socket.socket() as silent:  # the kernel accepts the connection; nobody speaks
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(StorageError) as caught:
            open_store(f"postgresql://reporter@127.0.0.1:{port}/news?sslmode=disable")
        waited = time.monotonic() - started
    assert 1.5 < waited < 2 + 3, f"waited {waited:.1f} s for a 2 s connect timeout"
    assert_one_line_about(caught.value, f"127.0.0.1:{port}", "does not answer")


def _test_server() -> str:
    url = os.environ.get("NEWSWEAVE_TEST_POSTGRES")
    if not url:
        pytest.skip("NEWSWEAVE_TEST_POSTGRES is not set (.ci/run sets it to its own server)")
    pytest.importorskip("psycopg", reason="psycopg is not installed (newsweave[postgres])")
    return url


def _with_user(url: str, user: str, password: str | None) -> str:
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(url)
    secret = f":{password}" if password is not None else ""
    host, port = params.get("host", "127.0.0.1"), params.get("port", "5432")
    return f"postgresql://{user}{secret}@{host}:{port}/{params.get('dbname', 'postgres')}"


def test_a_postgres_user_that_does_not_exist_is_an_authentication_failure():
    url = _with_user(_test_server(), f"nobody_{uuid.uuid4().hex[:8]}", "anything")
    with pytest.raises(StorageError) as caught:
        open_store(url)
    assert_one_line_about(caught.value, "nobody_", "authentication failed", "user and password")


def test_a_wrong_postgres_password_is_an_authentication_failure():
    import psycopg

    server = _test_server()
    role = f"reporter_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'the-right-one'")
    try:
        wrong = _with_user(server, role, "a-wrong-one")
        try:
            psycopg.connect(wrong, connect_timeout=5).close()
        except psycopg.OperationalError:
            pass
        else:
            pytest.skip(
                "the test server lets every connection in whatever its password (pg_hba.conf"
                " 'trust', as .ci/run sets up): a wrong password cannot fail there"
            )
        with pytest.raises(StorageError) as caught:
            open_store(wrong)
        assert_one_line_about(caught.value, role, "authentication failed", "password")
        assert "a-wrong-one" not in str(caught.value), "the password was printed"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP ROLE {role}")


# -- the CLI and the HTTP API -----------------------------------------------------------------


def newsweave(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "300"}
    return subprocess.run(
        [sys.executable, "-m", "newsweave", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def assert_one_error_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 3, (result.returncode, result.stderr[-1500:])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"not one line on stderr:\n{result.stderr[-1500:]}"
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], f"{word!r} missing from: {lines[0]}"


def test_cli_a_path_that_cannot_be_written_is_one_line(tmp_path: Path):
    article = tmp_path / "in" / "article.txt"
    article.parent.mkdir()
    article.write_text(
        "Hafen von Triest erweitert\n\nDer Hafen von Triest eröffnet im Herbst ein neues"
        " Containerterminal, teilte die Hafenbehörde am Montag mit.",
        encoding="utf-8",
    )
    result = newsweave("run", str(article.parent), "--db", "/proc/nope.db")
    assert_one_error_line(result, "/proc/nope.db", "cannot be opened or written")


def test_cli_a_corrupt_file_is_one_line_and_debug_keeps_the_traceback(tmp_path: Path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    assert_one_error_line(newsweave("events", "--db", str(path)), str(path), "corrupt")
    debug = newsweave("--debug", "events", "--db", str(path))
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "DatabaseError" in debug.stderr


def test_cli_a_postgres_server_that_is_not_there_is_one_line_within_seconds():
    pytest.importorskip("psycopg", reason="psycopg is not installed (newsweave[postgres])")
    port = _free_port()
    started = time.monotonic()
    result = newsweave("events", "--db", f"postgresql://postgres@127.0.0.1:{port}/none")
    assert time.monotonic() - started < 30, "it waited like the old pool timeout"
    assert_one_error_line(result, f"127.0.0.1:{port}", "does not answer")


def test_http_api_answers_503_with_the_error_envelope_when_the_file_breaks(tmp_path: Path):
    pytest.importorskip("fastapi", reason="the server extra is not installed")
    pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx")
    from fastapi.testclient import TestClient

    from newsweave.serve.api import create_app

    path = filled_database(tmp_path / "served.db", records=3)
    client = TestClient(create_app(str(path)))
    assert client.get("/api/articles").status_code == 200
    for sidecar in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        sidecar.unlink(missing_ok=True)
    with path.open("r+b") as handle:  # the header and the first pages overwritten
        handle.write(os.urandom(8192))
    read = client.get("/api/articles")
    assert read.status_code == 503, read.text
    assert set(read.json()) == {"detail"} and str(path) in read.json()["detail"]
    posted = client.post(
        "/api/articles",
        json={"title": "Streik im Hafen", "text": SENTENCES[0] + " " + SENTENCES[2]},
    )
    assert posted.status_code == 503, posted.text
    assert "corrupt" in posted.json()["detail"]
    page = client.get("/")
    assert page.status_code == 503 and str(path) in page.text
