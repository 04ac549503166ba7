"""Soak: `newsweave watch` and `newsweave serve` on one database for a set time, while a client
reads every page and route of the server.

The feeds are served on 127.0.0.1 by this bench (tests/reliability/loopback_feeds.py): one per
SlavicNER topic, its entries the topic's real articles in six languages, a few more published
every --tick seconds so the watcher writes all through the run. The client reads the server's
own route table (every GET page and API route; ids taken from the lists it just read) one
request after another, as a reader clicking through would.

Figures: errors (5xx, refused or timed-out requests, a process that died: goal 0), the p99
latency of each minute, and the resident memory of the server (and of the watcher) after the
first full pass of the client and at the end (goal: end within 1.2x of start). The start is
taken after that pass, not at launch, because the first pass is the server's warm-up: the
first reads of each page and of each language's quotations load what a server holds for
good (templates, the lemma dictionaries of the languages the watcher just stored); the
memory at launch, once the server first answers, is reported beside it. The database
grows through the run; the server answers from the store's indexes and keeps no copy of it in
memory: the article counts at start and end are printed beside the memory so growth from data
can be told from a leak.

    python bench/soak.py --minutes 10 --json
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import REPO, SHARED_DATA, bench_arguments, print_table

sys.path.insert(0, str(REPO / "tests" / "reliability"))

from loopback_feeds import LoopbackFeeds  # noqa: E402

REQUEST_TIMEOUT_S = 30.0  # a request slower than this counts as an error, not a slow answer
STARTUP_TIMEOUT_S = 120.0  # the server opens the database and loads its lexicons first
FIRST_ENTRIES = 10  # per feed before the watcher starts: the server has something to show
# ids filled into the routes' {placeholders}, from the list the client read last
ID_SOURCES = {
    "article_id": "/api/articles?limit=50",
    "event_id": "/api/events?limit=50",
    "story_id": "/api/stories?limit=50",
    "entity_id": "/api/entities?limit=50",
}


def feed_articles(data: Path, seed: int) -> dict[str, list[tuple[str, str]]]:
    """{topic: [(title, text)]} from SlavicNER's raw files, shuffled across languages."""
    rng = random.Random(seed)
    topics: dict[str, list[tuple[str, str]]] = {}
    for topic in sorted(p for p in (data / "raw").iterdir() if p.is_dir()):
        articles = []
        for path in sorted(topic.glob("*/*.txt")):
            title, _, text = path.read_text(encoding="utf-8", errors="replace").partition("\n")
            if text.strip():
                articles.append((title.strip(), text.strip()))
        rng.shuffle(articles)
        topics[topic.name] = articles
    if not topics:
        raise SystemExit(f"no SlavicNER articles under {data / 'raw'}")
    return topics


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_routes(db: Path) -> list[str]:
    """Every GET route of the server, read from the app itself (so a new page is soaked too)."""
    from newsweave.serve.api import create_app

    app = create_app(str(db))
    paths = [
        route.path
        for route in app.routes
        if "GET" in (getattr(route, "methods", None) or ()) and route.path != "/openapi.json"
    ]
    return sorted(set(paths)) + ["/openapi.json"]


class Client:
    """One reader going through every route in turn, timing each request."""

    def __init__(self, port: int, routes: list[str], started: float, minutes: float = 1) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.last_minute = max(0, math.ceil(minutes) - 1)  # a request ending late counts in it
        self.routes = routes
        self.started = started
        self.latencies: dict[int, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.not_found = 0  # an id listed a moment ago whose event merged away since
        self.not_found_paths: list[str] = []
        self.requests = 0
        self.ids: dict[str, list[str]] = {}
        self.words: list[str] = []
        self.rng = random.Random(7)

    def get(self, path: str) -> Any:
        started = time.perf_counter()
        status, body = 0, b""
        try:
            with urllib.request.urlopen(self.base + path, timeout=REQUEST_TIMEOUT_S) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except OSError as error:
            self.errors.append(f"{path}: {type(error).__name__}: {error}")
        elapsed = time.perf_counter() - started
        self.requests += 1
        minute = min(int((time.monotonic() - self.started) // 60), self.last_minute)
        self.latencies[minute].append(elapsed * 1000)
        if status >= 500:
            self.errors.append(f"{path}: HTTP {status}: {body[:200]!r}")
        elif status == 404:
            self.not_found += 1
            self.not_found_paths.append(path)
        if status == 200 and path.startswith("/api/") and body:
            return json.loads(body)
        return None

    def one_pass(self, until: float = math.inf) -> None:
        """Every route once (ids from fresh lists), stopping at `until` (a monotonic time)."""
        for name, path in ID_SOURCES.items():
            if time.monotonic() >= until:
                return
            listed = self.get(path) or {}
            self.ids[name] = [str(item["id"]) for item in listed.get("items", []) if "id" in item]
            if name == "article_id":
                titles = " ".join(str(item.get("title") or "") for item in listed.get("items", []))
                self.words = [w for w in titles.split() if len(w) > 4] or self.words
        for route in self.routes:
            if time.monotonic() >= until:
                return
            self.get(self.fill(route))

    def fill(self, route: str) -> str:
        path = route
        for name, ids in self.ids.items():
            if "{" + name + "}" in path:
                path = path.replace("{" + name + "}", urllib.parse.quote(self.pick(ids), safe=""))
        if route in ("/search", "/api/articles") and self.words:
            path += "?q=" + urllib.parse.quote(self.rng.choice(self.words))
        return path

    def pick(self, ids: list[str]) -> str:
        return self.rng.choice(ids) if ids else "none"


def drain(stream: Any, lines: list[str]) -> None:
    """Keep the watcher's stderr flowing (a full pipe would stop it) and remember it."""
    for line in stream:
        lines.append(line.rstrip())


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], SHARED_DATA / "slavicner")
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to soak")
    parser.add_argument("--tick", type=float, default=10.0, help="seconds between new entries")
    parser.add_argument("--per-tick", type=int, default=2, help="new entries per feed per tick")
    parser.add_argument("--interval", type=float, default=5.0, help="the watcher's poll interval")
    parser.add_argument(
        "--grow-minutes",
        type=float,
        default=None,
        help="publish new entries only this long (default: the whole run); the memory after"
        " that, with the data no longer growing, is reported as steady start and end",
    )
    parser.add_argument("--seed", type=int, default=30)
    args = parser.parse_args()

    topics = feed_articles(args.data, args.seed)
    work = Path(tempfile.mkdtemp(prefix="newsweave-soak-"))
    db = work / "soak.db"
    routes = get_routes(db)  # also creates the schema before either process starts
    feeds = LoopbackFeeds()
    remaining = {topic: list(articles) for topic, articles in topics.items()}

    def publish(count: int) -> None:
        for topic, articles in remaining.items():
            for title, text in articles[:count]:
                feeds.add(topic, title, text)
            del articles[:count]

    publish(FIRST_ENTRIES)
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(REPO / "src")}
    port = free_port()
    newsweave = [sys.executable, "-m", "newsweave"]
    server = subprocess.Popen(
        [*newsweave, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watcher = subprocess.Popen(
        [*newsweave, "watch", *(feeds.url(t) for t in topics), "--db", str(db)]
        + ["--interval", str(args.interval), "--allow-private"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    server_log: list[str] = []
    watch_log: list[str] = []
    for process, log in ((server, server_log), (watcher, watch_log)):
        threading.Thread(target=drain, args=(process.stderr, log), daemon=True).start()
    errors: list[str] = []
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        probe = Client(port, [], time.monotonic())
        while probe.get("/api/articles?limit=1") is None:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"the server did not start: {server_log[-5:]}")
            time.sleep(0.5)
        rss_launch = {"serve": rss_mb(server.pid), "watch": rss_mb(watcher.pid)}

        # the clock starts once the watcher's first poll is stored: the first pass then reads
        # every language's articles, and the memory after it is the server's working size
        while not any(line.startswith("added ") for line in watch_log):
            if time.monotonic() > deadline or watcher.poll() is not None:
                raise SystemExit(f"the watcher did not poll: {watch_log[-5:]}")
            time.sleep(0.5)
        started = time.monotonic()
        end = started + args.minutes * 60
        client = Client(port, routes, started, args.minutes)
        stop = threading.Event()

        grow_until = started + (args.grow_minutes or args.minutes) * 60

        def feeding() -> None:
            while not stop.wait(args.tick) and time.monotonic() < grow_until:
                publish(args.per_tick)

        threading.Thread(target=feeding, daemon=True).start()
        client.one_pass()
        rss_start = {"serve": rss_mb(server.pid), "watch": rss_mb(watcher.pid)}
        articles_start = (client.get("/api/articles?limit=1") or {}).get("total", 0)
        rss_by_minute = {0: rss_start["serve"]}  # the server's, as each minute begins
        passes = 1
        steady: float | None = None
        while time.monotonic() < end:
            for name, process in (("serve", server), ("watch", watcher)):
                if process.poll() is not None:
                    errors.append(f"newsweave {name} ended with {process.returncode}")
            if errors:
                break
            client.one_pass(until=end)
            passes += 1
            # the data stopped growing and the watcher has stored the last of it
            if steady is None and time.monotonic() > grow_until + 2 * args.interval + 1:
                steady = rss_mb(server.pid)
            minute = int((time.monotonic() - started) // 60)
            if minute not in rss_by_minute and time.monotonic() < end:
                rss_by_minute[minute] = rss_mb(server.pid)
        stop.set()
        rss_end = {"serve": rss_mb(server.pid), "watch": rss_mb(watcher.pid)}
        articles_end = (probe.get("/api/articles?limit=1") or {}).get("total", 0)
    finally:
        for process in (watcher, server):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        feeds.close()
        shutil.rmtree(work, ignore_errors=True)
    errors = client.errors + errors
    refusals = sum(
        int(line.rsplit(" error(s)", 1)[0].rsplit(" ", 1)[-1])
        for line in watch_log
        if line.startswith("added ") and line.endswith(" error(s)")
    )
    by_minute = [rss_by_minute[m] for m in sorted(rss_by_minute)]
    steady_text = f"{steady:.1f} -> {rss_end['serve']:.1f}" if steady is not None else "-"
    # a refused entry is refetched (and refused again) at every poll of a feed without ETag
    refused = {line.split(": ", 1)[0] for line in watch_log if line.startswith("error ")}
    p99 = [round(_percentile(client.latencies[m], 99), 1) for m in sorted(client.latencies)]
    figures = {
        "minutes": args.minutes,
        "errors": len(errors),
        "requests": client.requests,
        "passes": passes,
        "routes": len(routes),
        "not_found": client.not_found,
        "p99_ms_by_minute": p99,
        "rss_mb_launch": round(rss_launch["serve"], 1),
        "rss_mb_start": round(rss_start["serve"], 1),
        "rss_mb_by_minute": [round(v, 1) for v in by_minute],
        "rss_mb_end": round(rss_end["serve"], 1),
        "rss_mb_steady_start": round(steady, 1) if steady is not None else None,
        "watch_rss_mb_launch": round(rss_launch["watch"], 1),
        "watch_rss_mb_start": round(rss_start["watch"], 1),
        "watch_rss_mb_end": round(rss_end["watch"], 1),
        "articles_start": articles_start,
        "articles_end": articles_end,
        "watch_refused_entries": len(refused),
        "watch_refusals": refusals,
        "feed_requests": feeds.requests,
    }
    data = f"{args.data.name} raw, {len(topics)} loopback feeds"
    rows = [
        ("errors (5xx, failed requests, dead process)", len(errors), data),
        ("requests / full passes over routes", f"{client.requests} / {passes}", data),
        ("404 (an id gone between list and read)", client.not_found, data),
        ("p99 ms by minute", " ".join(f"{v:g}" for v in p99), data),
        ("serve RSS MB at launch (before warm-up)", f"{rss_launch['serve']:.1f}", data),
        ("serve RSS MB start -> end", f"{rss_start['serve']:.1f} -> {rss_end['serve']:.1f}", data),
        ("serve RSS MB as each minute began", " ".join(f"{v:.0f}" for v in by_minute), data),
        ("serve RSS MB once the data stopped growing -> end", steady_text, data),
        ("watch RSS MB start -> end", f"{rss_start['watch']:.1f} -> {rss_end['watch']:.1f}", data),
        ("articles start -> end", f"{articles_start} -> {articles_end}", data),
        (
            "entries the watcher refused / refusals over all polls",
            f"{len(refused)} / {refusals}",
            data,
        ),
    ]
    for error in errors[:10]:
        print(f"error: {error}", file=sys.stderr)
    for line in [line for line in watch_log if line.startswith("error")][:3]:
        print(f"watcher: {line}", file=sys.stderr)
    for path in client.not_found_paths[:5]:
        print(f"404: {path}", file=sys.stderr)
    print_table(rows, figures, args.json)


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(percent / 100 * len(ordered)) - 1)]


if __name__ == "__main__":
    main()
