"""`newsweave watch` and `newsweave serve` on one SQLite database, each SIGKILLed in the middle
of a write: the other keeps working, the restarted one resumes, nothing committed is lost,
nothing is stored twice and the file passes PRAGMA integrity_check."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hostile import good_article
from loopback_feeds import LoopbackFeeds

pytest.importorskip("fastapi", reason="the server extra is not installed: pip install '.[server]'")
pytest.importorskip("uvicorn", reason="the server extra is not installed: pip install '.[server]'")

from newsweave.app import Newsweave  # noqa: E402

FEED_ENTRIES = 150  # first ones are slow (each language loads its lexicons): a kill lands mid-way
LATER_ENTRIES = 20  # published while the server is dead: the watcher must take them
BATCH = 150  # one POST, at most MAX_INGEST_RECORDS
KILL_AT = 3  # committed articles of the write in flight before its process is killed
POLL_SECONDS = 0.02
PATIENCE = 60.0  # seconds any one step may take on a loaded 2-core machine


def stored(db: Path) -> dict[str, int]:
    """{url: how many rows} as a separate reader sees it now."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            rows = connection.execute("SELECT url, count(*) FROM articles GROUP BY url")
            return dict(rows.fetchall())
    except sqlite3.OperationalError:
        return {}


def wait_for(what: str, condition: Callable[[], bool], process: subprocess.Popen | None = None):
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: the process ended with {process.returncode}")
        time.sleep(POLL_SECONDS)
    raise AssertionError(f"{what}: not within {PATIENCE:g} s")


def newsweave(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsweave", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def kill(process: subprocess.Popen[str]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def http(port: int, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=PATIENCE) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def answers(port: int) -> bool:
    try:
        return http(port, "GET", "/api/articles?limit=1")[0] == 200
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def article(serial: int, rng: random.Random, url: str) -> dict[str, str]:
    _, text = good_article(serial, rng)
    title, body = text.split("\n\n", 1)
    return {"url": url, "title": title, "text": body}


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def wire_feed(rng: random.Random) -> LoopbackFeeds:
    """A loopback feed "wire" of FEED_ENTRIES articles."""
    feeds = LoopbackFeeds()
    for serial in range(FEED_ENTRIES):
        item = article(serial, rng, "")
        feeds.add("wire", item["title"], item["text"])
    return feeds


def test_watch_and_serve_survive_each_others_sigkill(tmp_path: Path, processes: list):
    db = tmp_path / "shared.db"
    Newsweave(str(db)).close()  # the schema exists before either side starts
    rng = random.Random(30)
    feeds = wire_feed(rng)
    try:
        feed_links = feeds.links("wire")
        port = free_port()
        watch_args = ("watch", feeds.url("wire"), "--db", str(db), "--interval", "0.3")
        watch_args += ("--allow-private",)
        serve_args = ("serve", "--db", str(db), "--port", str(port))

        # 1. both start; the watcher is killed while it stores the feed
        processes.append(server := newsweave(*serve_args))
        processes.append(watcher := newsweave(*watch_args))
        wait_for("the first watcher stores", lambda: len(stored(db)) >= KILL_AT, watcher)
        kill(watcher)
        after_watch_kill = stored(db)
        assert len(after_watch_kill) < FEED_ENTRIES, "the watcher had finished before the kill"

        # 2. the server keeps reading and writing meanwhile
        wait_for("the server answers", lambda: answers(port), server)
        lone = article(1000, rng, "https://example.org/lone/1")
        status, body = http(port, "POST", "/api/articles", lone)
        assert status == 201 and body["added"], body
        assert set(after_watch_kill) <= set(stored(db)), "the kill lost a committed article"

        # 3. a new watcher resumes: what the first stored is skipped, the rest is added
        processes.append(watcher := newsweave(*watch_args))
        wait_for(
            "the second watcher stores the whole feed",
            lambda: set(feed_links) <= set(stored(db)),
            watcher,
        )

        # 4. the server is killed in the middle of a batch
        batch = [article(2000 + i, rng, f"https://example.org/batch/{i}") for i in range(BATCH)]
        batch_urls = {item["url"] for item in batch}
        posting = threading.Thread(
            target=lambda: _post_expecting_a_broken_connection(port, batch), daemon=True
        )
        posting.start()
        wait_for(
            "the server stores the batch",
            lambda: len(batch_urls & set(stored(db))) >= KILL_AT,
            server,
        )
        kill(server)
        posting.join(timeout=PATIENCE)
        after_serve_kill = stored(db)
        batch_stored = batch_urls & set(after_serve_kill)
        assert len(batch_stored) < BATCH, "the server had finished the batch before the kill"

        # 5. the watcher keeps taking new entries while the server is dead
        for serial in range(FEED_ENTRIES, FEED_ENTRIES + LATER_ENTRIES):
            item = article(serial, rng, "")
            feeds.add("wire", item["title"], item["text"])
        feed_links = feeds.links("wire")
        wait_for(
            "the watcher takes the later entries",
            lambda: set(feed_links) <= set(stored(db)),
            watcher,
        )

        # 6. a new server resumes the batch: what the first stored comes back as duplicates
        processes.append(server := newsweave(*serve_args))
        wait_for("the restarted server answers", lambda: answers(port), server)
        status, body = http(port, "POST", "/api/articles", batch)
        assert status in (200, 201), body
        assert len(body["duplicates"]) == len(batch_stored), body["duplicates"]
        assert len(body["added"]) == BATCH - len(batch_stored)
        assert not body["errors"], body["errors"]
        total = http(port, "GET", "/api/articles?limit=1")[1]["total"]
    finally:
        feeds.close()
    watcher.send_signal(signal.SIGINT)
    watcher.wait(timeout=PATIENCE)
    polls = re.findall(r"added (\d+) article\(s\), skipped (\d+) known", watcher.stderr.read())
    # the second watcher's first poll skipped what the first had stored
    assert polls and int(polls[0][1]) == len(after_watch_kill), polls[:3]

    final = stored(db)
    expected = set(feed_links) | batch_urls | {lone["url"]}
    assert set(after_serve_kill) <= set(final), "a committed article is gone"
    assert set(final) == expected, "an article is missing or one came from nowhere"
    assert all(count == 1 for count in final.values()), "an article is stored twice"
    assert total == len(expected)
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        hashes = connection.execute("SELECT count(DISTINCT content_hash) FROM articles")
        assert hashes.fetchone()[0] == len(expected)
        indexed = connection.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        assert indexed == len(expected), "an article is stored without its search row"


def _post_expecting_a_broken_connection(port: int, batch: list[dict[str, str]]) -> None:
    try:
        http(port, "POST", "/api/articles", batch)
    except OSError:  # the server died under the request: expected
        return


@pytest.mark.parametrize("kind", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_watch_stops_between_entries_on_a_signal(
    tmp_path: Path, processes: list, kind: signal.Signals
) -> None:
    db = tmp_path / "watched.db"
    feeds = wire_feed(random.Random(31))
    try:
        watch_args = ("watch", feeds.url("wire"), "--db", str(db), "--allow-private")
        processes.append(watcher := newsweave(*watch_args, "--encoder", "none"))
        wait_for("the watcher stores", lambda: len(stored(db)) >= KILL_AT, watcher)
        watcher.send_signal(kind)
        assert watcher.wait(timeout=PATIENCE) == 0
        kept = stored(db)
        assert KILL_AT <= len(kept) < FEED_ENTRIES  # stopped mid-feed, the stored ones kept
        assert all(count == 1 for count in kept.values())
        assert "stopped" in watcher.stderr.read()
    finally:
        feeds.close()
