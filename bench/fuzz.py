"""Fuzz run as a benchmark: hostile inputs beside good articles through one Newsweave run.

Figures: inputs tried, crashes of the run, bad inputs reported by name, good inputs kept.
The corpus comes from tests/reliability/hostile.py (fixed seed), larger than the test's.

    python bench/fuzz.py --generated 3000 --good 300 --json
"""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from pathlib import Path

from _common import REPO, bench_arguments, print_table

sys.path.insert(0, str(REPO / "tests" / "reliability"))

from hostile import (  # noqa: E402
    KNOWN_SLOW,
    expectation_of,
    generated_hostile,
    named_hostile,
    write_corpus,
)

from newsweave.app import Newsweave  # noqa: E402


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], REPO / "tests" / "reliability")
    parser.add_argument("--generated", type=int, default=2000, help="generated hostile files")
    parser.add_argument("--good", type=int, default=200, help="good articles mixed in")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--with-slow", action="store_true", help="include the inputs known to take minutes"
    )
    args = parser.parse_args()

    hostile = [h for h in named_hostile(big=True) if args.with_slow or h.name not in KNOWN_SLOW]
    hostile += generated_hostile(args.generated, seed=args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "corpus"
        kinds = {n: expectation_of(n) for n in write_corpus(folder, args.good, hostile, args.seed)}
        nw = Newsweave(str(Path(scratch) / "fuzz.db"))
        crashes = 0
        started = time.perf_counter()
        try:
            report = nw.run([str(folder)])
        except Exception:  # noqa: BLE001 - a crash is the figure being measured
            traceback.print_exc()
            crashes = 1
            report = None
        seconds = time.perf_counter() - started
        stored = {Path(a.source.split("#")[0]).name for a in nw.articles()}
        reported = {Path(e.source.split("#")[0]).name for e in report.errors} if report else set()
        duplicates = {Path(s.split("#")[0]).name for s in report.duplicates} if report else set()
        nw.close()

    bad = {n for n, k in kinds.items() if k == "bad"}
    good = {n for n, k in kinds.items() if k == "good"}
    figures = {
        "inputs": len(kinds),
        "crashes": crashes,
        "errors_reported": len(bad & reported),
        "bad_total": len(bad),
        "bad_stored": len(bad & stored),
        "good_kept": len(good & stored),
        "good_total": len(good),
        "duplicates": len(duplicates),
        "unaccounted": len(set(kinds) - stored - reported - duplicates) if report else len(kinds),
        "seconds": round(seconds, 1),
    }
    data = f"hostile.py seed {args.seed}: {args.generated} generated, {args.good} good"
    rows = [(name, value, data) for name, value in figures.items()]
    print_table(rows, figures, args.json)


if __name__ == "__main__":
    main()
