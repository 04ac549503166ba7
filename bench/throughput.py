"""Throughput end to end: ingest → clean → analyse → cluster → store, in-process and on Ray.

The input is a mixed-language corpus built from ../shared/data: SlavicNER raw texts (bg, cs,
pl, ru, sl, uk) and the SemEval-2022 Task 8 texts (en, de, es, fr, it, pl, ru, tr, ar, zh),
interleaved, repeated and perturbed (each repeat drops one sentence and gets its own URL, as
a shortened rewrite would) up to --articles, written as JSON Lines shards and read by the
ordinary ingest. Each mode runs in its own process, so peak memory is that mode's alone
(for Ray: the driver plus every Ray process it started, sampled).

Modes: in-process (one process), the default engine (`auto`: in-process, then the detect
part on the spare cores once the input is long), the processes engine (the detect part on a
local pool; --processes), Ray (--workers), and the detect part alone on 1 and 2 local workers
(--detect-workers, on the first --detect-articles): how the distributed stages scale when the
driver's serial share (linking, clustering, storing) is set aside, with the workers' own time
per article and, for scale, what this machine gives two processes of plain Python arithmetic
against one (the ceiling of any 2-vs-1 figure on it). Figures: articles/s (inputs
analysed per wall second), peak RSS, share of time per stage (in-process; RunReport.timings plus
reading), and whether SQLite and PostgreSQL (when one is at NEWSWEAVE_TEST_POSTGRES or
--postgres) store the same events and entities for the first --check-articles inputs.
--profile N runs cProfile over N articles in-process instead.

    python bench/throughput.py --limit 300            # quick
    python bench/throughput.py --json                 # 20k articles, 1 and 2 Ray workers
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from _common import SHARED_DATA, bench_arguments, print_table

DEFAULT_ARTICLES = 20_000
SHARD_SIZE = 1_000  # records per JSONL shard: many inputs, as a crawl delivers them
SAMPLE_EVERY_S = 0.5  # RSS sampling period for the Ray process tree
SENTENCE_END = re.compile(r"(?<=[.!?。])\s+")
CEILING_LOOP = 20_000_000  # iterations of pure-Python arithmetic per process (a few seconds)


# --- the corpus -------------------------------------------------------------------------------
def base_documents(data: Path) -> list[dict[str, str | None]]:
    """Every distinct text of both sets as {title, text}, interleaved with a fixed seed."""
    documents: list[dict[str, str | None]] = []
    for path in sorted((data / "slavicner" / "raw").rglob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
        if body.strip():
            documents.append({"title": title.strip() or None, "text": body})
    seen: set[str] = set()
    csv.field_size_limit(10_000_000)
    with (data / "semeval2022-task8" / "pairs-dev.csv").open(
        encoding="utf-8", errors="replace"
    ) as f:
        for row in csv.DictReader(f):
            for text in (row.get("text1") or "", row.get("text2") or ""):
                if text.strip() and text not in seen:
                    seen.add(text)
                    documents.append({"title": None, "text": text})
    random.Random(9).shuffle(documents)
    return documents


def perturbed(document: dict[str, str | None], copy: int) -> dict[str, str | None]:
    """Copy 0 is the document; copy k drops its k-th sentence (cyclically)."""
    if copy == 0:
        return dict(document)
    sentences = SENTENCE_END.split(document["text"] or "")
    if len(sentences) > 1:
        del sentences[copy % len(sentences)]
    return {"title": document["title"], "text": " ".join(sentences)}


def write_corpus(data: Path, articles: int, folder: Path) -> list[str]:
    base = base_documents(data)
    folder.mkdir(parents=True, exist_ok=True)
    shards: list[str] = []
    records: list[str] = []
    for i in range(articles):
        record = perturbed(base[i % len(base)], i // len(base))
        record["url"] = f"https://bench.example/{i // len(base)}/{i % len(base)}"
        records.append(json.dumps(record, ensure_ascii=False))
        if len(records) == SHARD_SIZE or i == articles - 1:
            shard = folder / f"shard-{len(shards):04d}.jsonl"
            shard.write_text("\n".join(records) + "\n", encoding="utf-8")
            shards.append(str(shard))
            records = []
    return shards


# --- one mode, in a child process -------------------------------------------------------------
def run_mode(
    shards: list[str], db: str, engine: str, workers: int | None, encoder: str = "default"
) -> dict:
    """One run of the pipeline over the shards with the named engine and encoders (as
    `newsweave run --encoder` names them; "default" is what a run without the flag uses)."""
    from newsweave.cluster import Clusterer
    from newsweave.cluster.encoder import close_encoders, encoders_for
    from newsweave.pipeline import Pipeline
    from newsweave.store import open_store

    store = open_store(db)
    started = time.perf_counter()  # loading the encoders is part of a run
    encoders = encoders_for(encoder, db) if db else []
    pipeline = Pipeline(store, encoders)
    report = pipeline.run(shards, engine=engine, workers=workers)
    close_encoders(encoders)
    inputs = len(report.added) + len(report.duplicates) + len(report.errors)
    wall = time.perf_counter() - started
    result = {
        "encoders": ",".join(e.name for e in encoders) or "none",
        "inputs": inputs,
        "added": len(report.added),
        "errors": len(report.errors),
        "wall_s": wall,
        "articles_per_s": inputs / wall if wall else 0.0,
        "timings": dict(report.timings),
        "events": sorted(
            sorted(e.article_ids)
            for e in Clusterer.from_state({"events": store.load_state("events")}).event_list()
        ),
        "entities": sorted(
            (e.id, sorted(e.variants))
            for e in (pipeline.entities.entity(r["id"]) for r in pipeline.entities.to_records())
            if e
        ),
    }
    store.close()
    return result


def run_detect_part(shards: list[str], engine: str, workers: int) -> dict:
    """The parallel part alone: the engine's detect part over the shards, the driver only
    collecting results (no linking, clustering or storing). How the distributed stages
    scale with workers, apart from the driver's serial share."""
    from newsweave.ingest import read_input

    documents = [item for shard in shards for item in read_input(shard)]
    timings: Counter[str] = Counter()
    if engine == "ray":
        from newsweave.engines.ray import ray_detected as detect_part
        from newsweave.engines.ray import start_ray

        start_ray(workers)  # started before the clock, as a long-running service would be
    else:
        from newsweave.engines.processes import process_detected as detect_part
    started = time.perf_counter()
    count = sum(1 for _ in detect_part(documents, timings, workers))
    wall = time.perf_counter() - started
    return {
        "inputs": count,
        "wall_s": wall,
        "articles_per_s": count / wall if wall else 0.0,
        # the workers' own time per article: it grows when workers slow each other down
        "worker_ms_per_article": 1000 * sum(timings.values()) / count if count else 0.0,
    }


def _arithmetic(iterations: int) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return time.perf_counter() - started


def machine_scaling() -> float:
    """What this machine gives two processes of plain Python arithmetic against one (the
    ceiling for any 2-vs-1 figure here: a VM's two cores may share a physical core or a cache)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        alone = pool.map(_arithmetic, [CEILING_LOOP])[0]
    with context.Pool(2) as pool:
        together = max(pool.map(_arithmetic, [CEILING_LOOP, CEILING_LOOP]))
    return 2 * alone / together


def _tree_rss_mb(root: int) -> float:
    """RSS of a process and all its descendants (Ray's raylet and workers), from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree) / 2**20


def child_main(arguments: list[str]) -> None:
    shards_file, db, engine, workers, encoder = arguments
    shards = json.loads(Path(shards_file).read_text())
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_EVERY_S):
            peak[0] = max(peak[0], _tree_rss_mb(os.getpid()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    if engine.startswith("detect:"):
        result = run_detect_part(shards, engine.split(":", 1)[1], int(workers))
    else:
        result = run_mode(shards, db, engine, int(workers) or None, encoder)
    done.set()
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["peak_rss_mb"] = max(peak[0], own)
    if engine.endswith("ray"):
        from newsweave.engines.ray import stop_ray

        stop_ray()
    print("RESULT " + json.dumps(result, ensure_ascii=False))


def in_child(
    shards_file: Path, db: str, engine: str, workers: int, encoder: str = "default"
) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).parents[1] / "src"), env.get("PYTHONPATH", "")]
    )
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(shards_file), db, engine, str(workers), encoder],
        capture_output=True,
        text=True,
        env=env,
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"{engine} run failed:\n{done.stderr[-3000:]}")


def profile(shards: list[str], articles: int) -> None:
    """cProfile of the in-process pipeline: the top functions by own time, then by total."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        profiler.enable()
        result = run_mode(shards, str(Path(tmp) / "profile.db"), "inprocess", None)
        profiler.disable()
    print(
        f"{result['inputs']} articles in {result['wall_s']:.1f} s"
        f" ({result['articles_per_s']:.2f}/s, profiler on)"
    )
    total = sum(result["timings"].values())
    for stage, seconds in sorted(result["timings"].items(), key=lambda kv: -kv[1]):
        print(f"  {stage:16} {seconds:8.2f} s  {seconds / total:6.1%}")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(60)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
        return
    parser = bench_arguments(__doc__.splitlines()[0], SHARED_DATA)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--limit", type=int, help="a quick run on this many articles")
    parser.add_argument("--workers", default="1,2", help="Ray worker counts to compare")
    parser.add_argument(
        "--processes", default="2", help="worker counts for the processes engine ('' for none)"
    )
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument(
        "--encoder",
        default="default",
        help="the encoders every mode clusters with, as `newsweave run --encoder` names them "
        "(default: what a run without the flag uses; none: the lexical signals alone)",
    )
    parser.add_argument(
        "--detect-workers",
        default="1,2",
        help="worker counts for the parallel part alone, processes engine ('' for none)",
    )
    parser.add_argument(
        "--detect-articles",
        type=int,
        default=4000,
        help="articles the parallel part alone is timed on (the first of the corpus)",
    )
    parser.add_argument("--check-articles", type=int, default=50)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("NEWSWEAVE_TEST_POSTGRES"),
        help="postgresql:// URL of a database to create scratch databases on",
    )
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile N articles, then stop")
    args = parser.parse_args()
    articles = args.limit or args.articles
    with tempfile.TemporaryDirectory(prefix="newsweave-bench-") as tmp:
        folder = Path(tmp)
        if args.profile:
            profile(write_corpus(args.data, args.profile, folder), args.profile)
            return
        shards = write_corpus(args.data, articles, folder)
        shards_file = folder / "shards.json"
        shards_file.write_text(json.dumps(shards))
        results = {
            "inprocess": in_child(
                shards_file, str(folder / "inprocess.db"), "inprocess", 0, args.encoder
            ),
            # what `newsweave run` does with no flags: in-process, then the spare cores
            "auto": in_child(shards_file, str(folder / "auto.db"), "auto", 0, args.encoder),
        }
        for workers in [int(w) for w in args.processes.split(",") if w]:
            results[f"processes{workers}"] = in_child(
                shards_file,
                str(folder / f"processes{workers}.db"),
                "processes",
                workers,
                args.encoder,
            )
        detect_shards = folder / "detect-shards.json"
        first = shards[: max(1, min(args.detect_articles, articles) // SHARD_SIZE)]
        detect_shards.write_text(json.dumps(first))
        for workers in [int(w) for w in args.detect_workers.split(",") if w]:
            results[f"detect{workers}"] = in_child(detect_shards, "", "detect:processes", workers)
        ceiling = machine_scaling() if args.detect_workers else None
        if not args.no_ray:
            for workers in [int(w) for w in args.workers.split(",") if w]:
                results[f"ray{workers}"] = in_child(
                    shards_file, str(folder / f"ray{workers}.db"), "ray", workers, args.encoder
                )
        check = same_on_both_stores(args, folder)
    report(results, check, articles, args.json, ceiling)


def same_on_both_stores(args, folder: Path) -> str:
    """SQLite and PostgreSQL on the first --check-articles inputs: same events and entities?"""
    if not args.postgres:
        return "skipped: no PostgreSQL (set NEWSWEAVE_TEST_POSTGRES or --postgres)"
    import psycopg

    shards = write_corpus(args.data, args.check_articles, folder / "check")
    name = f"nw_bench_{os.getpid()}"
    server = args.postgres.rsplit("/", 1)[0]
    with psycopg.connect(args.postgres, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    lite = run_mode(shards, str(folder / "check.db"), "inprocess", None)
    pg = run_mode(shards, f"{server}/{name}", "inprocess", None)
    same = lite["events"] == pg["events"] and lite["entities"] == pg["entities"]
    return (
        f"{'same' if same else 'DIFFERENT'}: {len(lite['events'])} events,"
        f" {len(lite['entities'])} entities on {lite['added']} articles"
    )


def report(
    results: dict[str, dict], check: str, articles: int, as_json: bool, ceiling: float | None
) -> None:
    inprocess = results["inprocess"]
    timings = Counter(inprocess["timings"])
    total = sum(timings.values()) or 1.0
    share = {stage: round(seconds / total, 4) for stage, seconds in timings.most_common()}
    data = f"{articles} mixed-language articles (SlavicNER + SemEval, repeated+perturbed)"
    default = results["auto"]
    rows: list[tuple[str, object, str]] = [
        ("articles/s in-process", inprocess["articles_per_s"], data),
        ("encoders clustered with", inprocess["encoders"], data),
        ("peak RSS MB in-process", inprocess["peak_rss_mb"], data),
        ("articles/s default engine (auto: the spare cores for a long input)",
         default["articles_per_s"], data),
        ("peak RSS MB default engine (all processes)", default["peak_rss_mb"], data),
        ("default engine = in-process (events, entities)",
         default["events"] == inprocess["events"]
         and default["entities"] == inprocess["entities"], data),
    ]  # fmt: skip
    rates: dict[str, dict[str, float]] = {"ray": {}, "processes": {}}
    for name, result in results.items():
        engine = name.rstrip("0123456789")
        if engine not in rates:  # in-process, and the detect part alone
            continue
        workers = name[len(engine) :]
        rates[engine][workers] = result["articles_per_s"]
        label = f"{'Ray' if engine == 'ray' else 'processes engine'}, {workers} worker(s)"
        rows.append((f"articles/s {label}", result["articles_per_s"], data))
        rows.append((f"peak RSS MB {label} (all processes)", result["peak_rss_mb"], data))
        same = (
            result["events"] == inprocess["events"] and result["entities"] == inprocess["entities"]
        )
        rows.append((f"{label} = in-process (events, entities)", same, data))
        if not same:  # where to look first: inputs refused or failed on one side only
            rows.append(
                (
                    f"{label}: added / errors (in-process: {inprocess['added']} /"
                    f" {inprocess['errors']})",
                    f"{result['added']} / {result['errors']}",
                    data,
                )
            )
    detect = {name[len("detect") :]: r for name, r in results.items() if name.startswith("detect")}
    for workers, result in detect.items():
        where = f"first {result['inputs']} of the corpus, processes engine, no driver work"
        rows.append(
            (f"articles/s, detect part alone, {workers} worker(s)", result["articles_per_s"], where)
        )
        rows.append(
            (f"worker ms per article, {workers} worker(s)", result["worker_ms_per_article"], where)
        )
    scaling = (
        detect["2"]["articles_per_s"] / detect["1"]["articles_per_s"]
        if "1" in detect and "2" in detect and detect["1"]["articles_per_s"]
        else None
    )
    if scaling is not None:
        rows.append(("detect part alone: 2 workers vs 1", scaling, data))
    if ceiling is not None:
        rows.append(("this machine: plain Python arithmetic, 2 processes vs 1", ceiling, "a loop"))
    for stage, value in share.items():
        rows.append((f"share of time: {stage}", value, data + ", in-process"))
    rows.append(("SQLite = PostgreSQL (events, entities)", check, "first articles of the corpus"))
    figures = {
        "articles_per_s": round(inprocess["articles_per_s"], 3),
        "articles_per_s_default_engine": round(default["articles_per_s"], 3),
        "default_engine_same_as_inprocess": rows[5][1],
        "encoder": inprocess["encoders"],
        "articles_per_s_ray": round(max(rates["ray"].values(), default=0.0), 3),
        "articles_per_s_ray_by_workers": {k: round(v, 3) for k, v in rates["ray"].items()},
        "articles_per_s_processes": round(max(rates["processes"].values(), default=0.0), 3),
        "articles_per_s_processes_by_workers": {
            k: round(v, 3) for k, v in rates["processes"].items()
        },
        "detect_part_articles_per_s_by_workers": {
            k: round(r["articles_per_s"], 3) for k, r in detect.items()
        },
        "detect_part_scaling_2_vs_1": round(scaling, 3) if scaling is not None else None,
        "detect_part_worker_ms_per_article": {
            k: round(r["worker_ms_per_article"], 2) for k, r in detect.items()
        },
        "machine_scaling_2_vs_1": round(ceiling, 3) if ceiling is not None else None,
        "peak_rss_mb": round(inprocess["peak_rss_mb"], 1),
        "peak_rss_mb_default_engine": round(default["peak_rss_mb"], 1),
        "stage_share": share,
        "articles": articles,
        "stores_agree": check,
    }
    print_table(rows, figures, as_json)


if __name__ == "__main__":
    main()
