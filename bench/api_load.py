"""API load by archive size: the server's memory, every route's latency, writes, requests/s.

For each size (--sizes, default 5,000, 20,000 and 100,000 articles) a database is built once and
cached under ~/.cache/newsweave/api_load: the mixed corpus of bench/throughput.py (SlavicNER
and SemEval texts, repeated and perturbed). Analysing 100,000 articles would take hours on a
small machine, so --base distinct articles are analysed once through `newsweave run`, and every
further article is a copy of one of them that drops one sentence (its k-th, as throughput.py's
copies do), its annotations shifted to match, with its own URL: copies are clustered and stored
by the ordinary pipeline (Pipeline.add_analysed), so events, stories and every index grow as
they would. Then `newsweave serve` starts on loopback and the bench reports:

- the server's resident memory after warm-up (every route asked once), and after the writes;
- p50 and p99 of every page and API route (--clients connections for --seconds per route);
- requests/s over all routes at --clients connections;
- `POST /api/articles` of one new article (--writes of them; the first loads the pipeline's
  indexes and is reported apart), and the first GET of the front page after each write.

The load comes from Debian's wrk when it is installed (apt-get install wrk): a C client,
bounded by time (-d), that adds nothing to the latencies it measures; else, or with
--python-client, from Python threads over httpx.

    python bench/api_load.py --sizes 5000,20000 [--base 2500] [--seconds 3] [--clients 4] [--json]
    python bench/api_load.py --postgres postgresql://user@host/db --sizes 5000
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from _common import REPO, SHARED_DATA, bench_arguments, print_table
from throughput import SENTENCE_END, base_documents

from newsweave.model import Article, content_hash

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsweave" / "api_load"
DEFAULT_SIZES = "5000,20000,100000"
DEFAULT_BASE = 2_500  # distinct articles analysed once: a few minutes on two cores
CACHE_FORMAT = 3  # bump when the way databases are built changes: old caches are not reused
COPIES_TRIED = 3  # copies made per article wanted at most, duplicates included
COPIES_AT_ONCE = 2_000  # copies held in memory while the pipeline stores them
ROUTE_URLS = 20  # distinct URLs per route (different ids, words), cycled through
WARM_WAIT_S = 2.0  # after the warm-up pass: the server's warm thread finishes its events
WARM_SETTLED_MB = 1.0  # and its writer: memory is read once it stops growing (polled each second)
WARM_MAX_S = 120.0
SERVER_START_S = 600.0  # opening an older cached database backfills its read index once

# Words that hit the corpus in several languages and scripts, and one that hits nothing.
SEARCH_WORDS = ["Europe", "Украйна", "police", "Warszawa", "president", "nothingmatches"]
SPEAKERS = ["Putin", "Путин", "Zelensky", "Макрон", "Biden"]


# -- the databases --------------------------------------------------------------------------------


def base_database(data: Path, base: int) -> Path:
    """`newsweave run` over the first `base` documents of the mixed corpus, cached."""
    path = CACHE / f"base-{base}.db"  # the analysis of the same documents: any format
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    documents = base_documents(data)[:base]
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "base.jsonl"
        corpus.write_text(
            "\n".join(
                json.dumps({**d, "url": f"https://bench.example/0/{i}"}, ensure_ascii=False)
                for i, d in enumerate(documents)
            )
            + "\n",
            encoding="utf-8",
        )
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newsweave", "run", str(corpus), "--db", str(building)],
            check=True,
            env=_env(),
            stdout=subprocess.DEVNULL,
        )
        print(
            f"analysed {base} base articles in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        building.rename(path)
    return path


def sized_database(base_db: Path, size: int, base: int) -> Path:
    """The base database grown to `size` articles by perturbed copies, cached. It grows from
    the largest smaller database cached: its copies are the first ones this size would make
    (made again, they are refused as duplicates at the cost of one indexed lookup each)."""
    path = CACHE / f"articles-{size}-base-{base}-v{CACHE_FORMAT}.db"
    if path.exists():
        return path
    from newsweave.pipeline import Pipeline
    from newsweave.store import SQLiteStore

    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    with sqlite3.connect(grown_from(base_db, size, base)) as source:
        with sqlite3.connect(building) as target:
            source.backup(target)
    source_store = SQLiteStore(base_db)
    try:
        originals = list(source_store.articles())
    finally:
        source_store.close()
    store = SQLiteStore(building)
    try:
        pipeline = Pipeline(store)
        started = time.perf_counter()
        # A short article has few sentences to drop: its later copies repeat earlier ones and
        # are refused as duplicates, so copies go on until the database holds `size`.
        added, index = 0, len(originals)
        while store.count_articles() < size and index < COPIES_TRIED * size:
            wanted = min(size - store.count_articles(), COPIES_AT_ONCE)
            copies = [
                copy_of(originals[i % len(originals)], i // len(originals), i % len(originals))
                for i in range(index, index + wanted)
            ]
            index += wanted
            added += len(pipeline.add_analysed(copies).added)
        print(
            f"{size}: {added} copies clustered and stored in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    finally:
        store.close()
    building.rename(path)
    return path


def grown_from(base_db: Path, size: int, base: int) -> Path:
    """The largest cached database smaller than `size`, else the base."""
    smaller = []
    for cached in CACHE.glob(f"articles-*-base-{base}-v{CACHE_FORMAT}.db"):
        articles = int(cached.name.split("-")[1])
        if articles < size:
            smaller.append((articles, cached))
    return max(smaller)[1] if smaller else base_db


def copy_of(article: Article, copy: int, index: int) -> Article:
    """The article without its `copy`-th sentence (cyclically; once each has been dropped, a
    second one further on too), annotations shifted to match, with its own URL and id: a
    shortened rewrite, as throughput.py's copies are. Dropping pairs gives a base of 2,500
    articles some 100,000 distinct copies; single sentences only a third of that."""
    text = article.text
    cuts = [0] + [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]
    spans = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i] < cuts[i + 1]]
    dropped: list[tuple[int, int]] = []
    if len(spans) > 1:
        first, round_ = copy % len(spans), copy // len(spans)
        dropped = sorted({spans[first], spans[(first + round_) % len(spans)]})

    def moved(offset: int) -> int:
        return offset - sum(end - start for start, end in dropped if end <= offset)

    def kept(a: int, b: int) -> bool:
        return all(b <= start or a >= end for start, end in dropped)

    new_text = (
        "".join(text[start:end] for start, end in spans if (start, end) not in dropped) or text
    )
    digest = content_hash(new_text)
    mentions = [
        replace(m, start=moved(m.start), end=moved(m.end))
        for m in article.mentions
        if kept(m.start, m.end)
    ]
    quotes = [
        replace(q, start=moved(q.start), end=moved(q.end))
        for q in article.quotes
        if kept(q.start, q.end)
    ]
    dates = [
        replace(d, start=moved(d.start), end=moved(d.end))
        for d in article.dates
        if kept(d.start, d.end)
    ]
    meta = {k: v for k, v in article.meta.items() if k != "event_reason"}
    url = f"https://bench.example/{copy}/{index}"
    return replace(
        article,
        id=digest[:16],
        source=url,
        url=url,
        text=new_text,
        raw=new_text,
        content_hash=digest,
        mentions=mentions,
        quotes=quotes,
        dates=dates,
        meta=meta,
        event_id=None,
        story_id=None,
    )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


# -- the server -----------------------------------------------------------------------------------


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(db: str, folder: Path) -> RunningServer:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = folder / "serve.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "newsweave", "serve", "--db", db]
        + ["--host", "127.0.0.1", "--port", str(port)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    server = RunningServer(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            httpx.get(server.url + "/api/events?limit=1", timeout=5).raise_for_status()
            return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.stop()
    raise SystemExit(f"the server did not answer within {SERVER_START_S:g} s")


# -- the load -------------------------------------------------------------------------------------


def route_urls(client: httpx.Client) -> dict[str, list[str]]:
    """Every page and API route, each with up to ROUTE_URLS URLs from the server's own data."""
    events = client.get("/api/events", params={"limit": ROUTE_URLS}).json()["items"]
    stories = client.get("/api/stories", params={"limit": ROUTE_URLS}).json()["items"]
    entities = client.get("/api/entities", params={"limit": ROUTE_URLS}).json()["items"]
    articles = client.get("/api/articles", params={"limit": ROUTE_URLS}).json()["items"]
    languages = sorted({a["language"] for a in articles if a["language"]})
    words = SEARCH_WORDS
    return {
        "GET /api/articles": ["/api/articles"]
        + [f"/api/articles?language={lang}" for lang in languages]
        + [f"/api/articles?entity={e['id']}" for e in entities[:5]],
        "GET /api/articles?q=": [f"/api/articles?q={w}" for w in words],
        "GET /api/articles/{id}": [f"/api/articles/{a['id']}" for a in articles],
        "GET /api/events": ["/api/events", "/api/events?min_languages=2"]
        + [f"/api/events?language={lang}" for lang in languages],
        "GET /api/events/{id}": [f"/api/events/{e['id']}" for e in events],
        "GET /api/stories": [f"/api/stories?period={p}" for p in ("1d", "7d", "30d", "all")],
        "GET /api/stories/{id}": [f"/api/stories/{s['id']}" for s in stories],
        "GET /api/entities": ["/api/entities", "/api/entities?type=PER", "/api/entities?q=ana"],
        "GET /api/entities/{id}": [f"/api/entities/{e['id']}" for e in entities],
        "GET /api/quotes": ["/api/quotes"]
        + [f"/api/quotes?speaker={s}" for s in SPEAKERS]
        + [f"/api/quotes?q={w}" for w in words[:3]],
        "page /": ["/", "/?period=7d", "/?period=all"],
        "page /stories/{id}": [f"/stories/{s['id']}" for s in stories],
        "page /events/{id}": [f"/events/{e['id']}" for e in events],
        "page /articles/{id}": [f"/articles/{a['id']}" for a in articles],
        "page /entities": ["/entities", "/entities?q=ana"],
        "page /entities/{id}": [f"/entities/{e['id']}" for e in entities],
        "page /quotes": ["/quotes"] + [f"/quotes?speaker={s}" for s in SPEAKERS],
        "page /search": [f"/search?q={w}" for w in words],
    }


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def drive(
    client: httpx.Client, paths: list[str], seconds: float, clients: int
) -> tuple[Tally, float]:
    """Closed loop: each connection sends its next request when the last one answered, cycling
    through the paths, until time is up; returns the tally and the time taken."""
    tally = Tally()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        index, mine, errors = offset, [], 0
        while time.perf_counter() < stop:
            path = paths[index % len(paths)]
            index += 1
            started = time.perf_counter()
            try:
                if client.get(path).status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            mine.append(time.perf_counter() - started)
        with tally.lock:
            tally.latencies += mine
            tally.errors += errors

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("NEWSWEAVE %%d %%d %%d %%d %%d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status, summary.duration,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class WrkRun:
    """What Debian's wrk measured over some paths: requests, errors, seconds, latencies."""

    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def run_wrk(base: str, paths: list[str], seconds: float, clients: int) -> WrkRun:
    """wrk over the paths in turn, `clients` connections for `seconds` (its -d bound)."""
    # wrk sends a path's bytes as they are: a name in Cyrillic is percent-encoded, as httpx does
    quoted = ", ".join('"' + quote(p, safe="/?=&%:+,") + '"' for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % quoted)
    threads = str(min(2, clients))  # wrk needs a connection per thread
    duration = f"{max(1, round(seconds))}s"  # wrk takes whole seconds
    command = ["wrk", "-t", threads, "-c", str(clients), "-d", duration, "-s", script.name]
    # a request still unanswered at the end is counted as a timeout, not waited for
    command += ["--timeout", "30s"]
    try:
        done = subprocess.run([*command, base], capture_output=True, text=True)
    finally:
        Path(script.name).unlink()
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("NEWSWEAVE "))
    requests, errors, duration_us, p50_us, p99_us = (int(float(v)) for v in line.split()[1:])
    return WrkRun(requests, errors, duration_us / 1e6, p50_us / 1000, p99_us / 1000)


def settled_rss_mb(server: RunningServer) -> float:
    """The server's resident memory once its warm-up thread is done: it stops growing."""
    deadline, last = time.monotonic() + WARM_MAX_S, server.rss_mb()
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = server.rss_mb()
        if abs(now - last) < WARM_SETTLED_MB:
            return now
        last = now
    return last


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def new_articles(data: Path, base: int, count: int, db: str) -> list[dict[str, str | None]]:
    """Documents of the corpus beyond the base and beyond those an earlier run of this bench
    posted into the database (before it measured on a copy): never stored, each POST adds one
    and costs its whole analysis (a duplicate would cost one lookup)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        (posted,) = connection.execute(
            "SELECT count(*) FROM articles WHERE url LIKE 'https://bench.example/posted/%'"
        ).fetchone()
    documents = base_documents(data)[base + posted : base + posted + count]
    stamp = int(time.time())
    return [
        {**d, "url": f"https://bench.example/posted/{stamp}/{i}", "published": "2024-06-03"}
        for i, d in enumerate(documents)
    ]


def measure(
    db: str, args: Any, folder: Path, posted: list[dict[str, str | None]]
) -> dict[str, Any]:
    """Start a server over the database and measure it; the server is stopped at the end."""
    server = start_server(db, folder)
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    figures: dict[str, Any] = {"routes": {}}
    try:
        with httpx.Client(base_url=server.url, timeout=120, limits=limits) as client:
            routes = route_urls(client)
            for paths in routes.values():  # warm-up: every URL once
                for path in paths:
                    client.get(path)
            time.sleep(WARM_WAIT_S)
            figures["rss_mb"] = settled_rss_mb(server)
            # wrk when installed: a client in C that adds nothing to what it measures; else
            # Python threads (their own time under the GIL counts in their figures)
            engine = "wrk" if shutil.which("wrk") and not args.python_client else "python threads"
            figures["load_engine"] = engine
            for name, paths in routes.items():
                if engine == "wrk":
                    run = run_wrk(server.url, paths, args.seconds, args.clients)
                    figures["routes"][name] = {
                        "p50_ms": run.p50_ms,
                        "p99_ms": run.p99_ms,
                        "requests": run.requests,
                        "errors": run.errors,
                    }
                    continue
                tally, _ = drive(client, paths, args.seconds, args.clients)
                figures["routes"][name] = {
                    "p50_ms": percentile(tally.latencies, 0.5) * 1000,
                    "p99_ms": percentile(tally.latencies, 0.99) * 1000,
                    "requests": len(tally.latencies),
                    "errors": tally.errors,
                }
            every = [p for paths in routes.values() for p in paths]
            if engine == "wrk":
                run = run_wrk(server.url, every, args.mixed_seconds, args.clients)
                rate, errors = run.rate, run.errors
            else:
                tally, elapsed = drive(client, every, args.mixed_seconds, args.clients)
                rate, errors = len(tally.latencies) / elapsed, tally.errors
            figures["requests_per_s"], figures["mixed_errors"] = rate, errors
            posts, gets = [], []
            for document in posted:
                started = time.perf_counter()
                response = client.post("/api/articles", json=document)
                posts.append(time.perf_counter() - started)
                if response.status_code not in (200, 201):
                    raise SystemExit(f"POST failed: {response.status_code} {response.text[:300]}")
                started = time.perf_counter()
                client.get("/").raise_for_status()
                gets.append(time.perf_counter() - started)
            figures["post_first_ms"] = posts[0] * 1000
            figures["post_ms"] = statistics.median(posts[1:] or posts) * 1000
            figures["get_after_write_ms"] = max(gets) * 1000
            figures["rss_after_writes_mb"] = server.rss_mb()
    finally:
        server.stop()
    return figures


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], SHARED_DATA)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="numbers of articles, commas")
    parser.add_argument("--base", type=int, default=DEFAULT_BASE, help="articles analysed")
    parser.add_argument("--seconds", type=float, default=3.0, help="of load per route")
    parser.add_argument("--mixed-seconds", type=float, default=10.0, help="of load, all routes")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--writes", type=int, default=6, help="articles posted one by one")
    parser.add_argument("--postgres", help="a postgresql:// URL to load each size into instead")
    parser.add_argument(
        "--python-client", action="store_true", help="load with Python threads even with wrk"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    base_db = base_database(args.data, args.base)
    rows: list[tuple[str, object, str]] = []
    results: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            cached = str(sized_database(base_db, size, args.base))
            posted = new_articles(args.data, args.base, args.writes, cached)
            if args.postgres:
                db = load_into_postgres(cached, args.postgres)
            else:  # the writes go to a copy: the cached database stays as it was built
                db = str(Path(folder) / f"articles-{size}.db")
                with sqlite3.connect(cached) as source, sqlite3.connect(db) as target:
                    source.backup(target)
            results[size] = figures = measure(db, args, Path(folder), posted)
            if not args.postgres:
                Path(db).unlink()
            backend = "PostgreSQL" if args.postgres else "SQLite"
            data = (
                f"{size} articles ({args.base} analysed, the rest perturbed copies), {backend},"
                f" {args.clients} connections"
            )
            rows.append(("server RSS after warm-up MB", f"{figures['rss_mb']:.0f}", data))
            for name, route in figures["routes"].items():
                rows.append(
                    (
                        f"{name} p50 / p99 ms",
                        f"{route['p50_ms']:.1f} / {route['p99_ms']:.1f}",
                        f"{data}, {args.seconds:g} s, {figures['load_engine']}",
                    )
                )
            rows += [
                (
                    "requests/s, every route in turn",
                    f"{figures['requests_per_s']:.1f}",
                    f"{data}, {args.mixed_seconds:g} s, {figures['load_engine']}",
                ),
                ("POST /api/articles first ms (loads the indexes)", figures["post_first_ms"], data),
                ("POST /api/articles median ms", figures["post_ms"], data),
                ("first GET / after a write, worst ms", figures["get_after_write_ms"], data),
                ("server RSS after the writes MB", f"{figures['rss_after_writes_mb']:.0f}", data),
            ]
    print_table(rows, summary(results), args.json)


def summary(results: dict[int, dict[str, Any]]) -> dict[str, Any]:
    def by_size(key: str) -> dict[str, float]:
        return {str(size): round(figures[key], 1) for size, figures in results.items()}

    slowest = {
        str(size): max(figures["routes"].items(), key=lambda kv: kv[1]["p99_ms"])
        for size, figures in results.items()
    }
    worst = {size: round(route["p99_ms"], 1) for size, (_, route) in slowest.items()}
    errors = sum(
        r["errors"] for figures in results.values() for r in figures["routes"].values()
    ) + sum(figures["mixed_errors"] for figures in results.values())
    return {
        "rss_mb": by_size("rss_mb"),
        "p99_ms": worst,
        "p99_route": {size: name for size, (name, _) in slowest.items()},
        "post_ms": by_size("post_ms"),
        "get_after_write_ms": by_size("get_after_write_ms"),
        "post_first_ms": by_size("post_first_ms"),
        "rss_after_writes_mb": by_size("rss_after_writes_mb"),
        "requests_per_s": by_size("requests_per_s"),
        "errors": errors,
    }


def load_into_postgres(sqlite_db: str, url: str) -> str:
    """Copy a cached SQLite database into an empty PostgreSQL database through the Store."""
    from newsweave.pipeline import Pipeline
    from newsweave.store import SQLiteStore
    from newsweave.store.postgres import PostgresStore

    source, target = SQLiteStore(sqlite_db), PostgresStore(url)
    try:
        if target.count_articles() != source.count_articles():
            if target.count_articles():
                raise SystemExit(f"{url} holds other articles: give an empty database")
            target.save_state("entity_index", source.load_state("entity_index"))
            target.save_entities(source.entities())
            articles = (replace(a, event_id=None, story_id=None) for a in source.articles())
            Pipeline(target).add_analysed(articles)
    finally:
        source.close()
        target.close()
    return url


if __name__ == "__main__":
    main()
