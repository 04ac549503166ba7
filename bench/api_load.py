"""API load: requests/s, p99 latency and errors of search and event pages on a live server.

A bounded closed-loop load: N connections, each sending its next request when the last one
answered, for a fixed time per target, cycling through the target's URLs. Driven by wrk
(Debian's package) when it is installed, else by threads over httpx. bench/api_load.sh starts
the server; this script measures any running one:

    python bench/api_load.py --url http://127.0.0.1:8000 [--seconds 10] [--clients 8]
                             [--engine auto|wrk|python] [--json]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import print_table  # noqa: E402

# Search words that hit the samples in several languages and scripts, and one that hits nothing.
SEARCH_QUERIES = ["Macron", "Макрон", "hydrogen", "Tanaro", "Berlin", "pipeline", "nothingmatches"]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def drive(
    client: httpx.Client, paths: list[str], seconds: float, clients: int
) -> tuple[Tally, float]:
    """Each thread cycles through the paths until time is up; returns the tally and elapsed."""
    tally = Tally()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        index = offset
        mine: list[float] = []
        errors = 0
        while time.perf_counter() < stop:
            path = paths[index % len(paths)]
            index += 1
            started = time.perf_counter()
            try:
                response = client.get(path)
                if response.status_code != 200:
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
  io.write(string.format("NEWSWEAVE %%d %%d %%d %%d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status, summary.duration, latency:percentile(99)))
end
"""


def drive_wrk(
    base: str, paths: list[str], seconds: float, clients: int
) -> tuple[float, float, int]:
    """requests/s, p99 seconds and errors (non-2xx/3xx and socket errors) as wrk measures them."""
    quoted = ", ".join('"' + p.replace('"', "%22") + '"' for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % quoted)
    threads = max(1, min(clients, 2))
    command = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(clients),
        "-d",
        f"{seconds:g}s",
        "-s",
        script.name,
        base,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink()
    line = next(x for x in output.splitlines() if x.startswith("NEWSWEAVE "))
    requests, errors, duration_us, p99_us = (int(float(v)) for v in line.split()[1:])
    return requests / (duration_us / 1e6), p99_us / 1e6, errors


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def targets(client: httpx.Client) -> dict[str, list[str]]:
    """Search pages and event pages (HTML) and the search and event API, from the server's data."""
    events = client.get("/api/events", params={"limit": 50}).json()["items"]
    if not events:
        raise SystemExit("the server has no events: load articles first")
    return {
        "search_page": [f"/search?q={q}" for q in SEARCH_QUERIES],
        "event_page": [f"/events/{e['id']}" for e in events],
        "search_api": [f"/api/articles?q={q}" for q in SEARCH_QUERIES],
        "event_api": [f"/api/events/{e['id']}" for e in events],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="base URL of a running newsweave server")
    parser.add_argument("--seconds", type=float, default=10.0, help="per target")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument("--data", default="samples/", help="what the server's database holds")
    parser.add_argument("--engine", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    engine = args.engine
    if engine == "auto":
        engine = "wrk" if shutil.which("wrk") else "python"

    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    rows: list[tuple[str, object, str]] = []
    figures: dict[str, float | int] = {}
    with httpx.Client(base_url=args.url, timeout=30, limits=limits) as client:
        for name, paths in targets(client).items():
            for path in paths:  # steady state: every page's derived views built once
                client.get(path)
            if engine == "wrk":
                rate, p99_s, errors = drive_wrk(args.url, paths, args.seconds, args.clients)
                count = int(rate * args.seconds)
            else:
                tally, elapsed = drive(client, paths, args.seconds, args.clients)
                rate, errors, count = (
                    len(tally.latencies) / elapsed,
                    tally.errors,
                    len(tally.latencies),
                )
                p99_s = percentile(tally.latencies, 0.99)
            p99 = p99_s * 1000
            load = f"{len(paths)} URLs, {args.clients} clients, {args.seconds:g}s, {engine}"
            data = f"{args.data} ({load})"
            rows += [
                (f"{name} requests/s", rate, data),
                (f"{name} p99 latency ms", p99, data),
                (f"{name} errors", errors, data),
            ]
            figures.update(
                {
                    f"{name}_rps": round(rate, 1),
                    f"{name}_p99_ms": round(p99, 2),
                    f"{name}_errors": errors,
                    f"{name}_requests": count,
                }
            )
    print_table(rows, figures, args.json)


if __name__ == "__main__":
    main()
