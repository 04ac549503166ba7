"""Date accuracy of find_dates on the hand-annotated gold set.

An item counts as correct when an expression overlapping the gold span resolves to the expected
day. Detected = some expression overlaps the span at all. SlavicNER items point into the raw
texts by path and offsets (the articles are not copied here); our own items carry their text.

    cd /work/main && PYTHONPATH=src python bench/dates.py [--data PATH] [--slavicner PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from newsweave.dates import find_dates

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / "bench" / "gold" / "dates.jsonl"
DEFAULT_SLAVICNER = REPO / ".." / "shared" / "data" / "slavicner"


def load_items(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def item_text(item: dict, slavicner: Path) -> str:
    if "text" in item:
        return item["text"]
    return (slavicner / item["file"]).read_text(encoding="utf-8", errors="replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--slavicner", type=Path, default=DEFAULT_SLAVICNER)
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    parser.add_argument("--errors", action="store_true", help="list the items found wrong")
    args = parser.parse_args()

    items = load_items(args.data)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # items, correct, detected
    errors = []
    texts: dict[str, str] = {}
    elapsed = 0.0
    for item in items:
        key = item.get("file") or item["text"]
        if key not in texts:
            texts[key] = item_text(item, args.slavicner)
        text = texts[key]
        reference = date.fromisoformat(item["reference"]) if item.get("reference") else None
        started = time.perf_counter()
        refs = find_dates(text, item["language"], reference)
        elapsed += time.perf_counter() - started
        overlapping = [r for r in refs if r.start < item["end"] and r.end > item["start"]]
        expected = date.fromisoformat(item["expected"])
        correct = any(r.date == expected for r in overlapping)
        for bucket in (item["language"], "all"):
            totals[bucket][0] += 1
            totals[bucket][1] += correct
            totals[bucket][2] += bool(overlapping)
        if not correct:
            found = [(r.expression, str(r.date)) for r in overlapping]
            errors.append((item["language"], item["expression"], item["expected"], found))

    command = "PYTHONPATH=src python bench/dates.py" + (
        f" --data {args.data}" if args.data != DEFAULT_DATA else ""
    )
    print(f"figure: date accuracy of find_dates | data: {args.data} ({len(items)} items)")
    print(f"command: {command}")
    print(f"{'language':<10}{'items':>7}{'accuracy':>10}{'detected':>10}")
    languages = sorted(k for k in totals if k != "all") + ["all"]
    for language in languages:
        n, correct, detected = totals[language]
        print(f"{language:<10}{n:>7}{correct / n:>10.3f}{detected / n:>10.3f}")
    print(f"find_dates time: {elapsed * 1000 / max(1, len(items)):.2f} ms per item")
    if args.errors:
        for error in errors:
            print("  wrong:", *error)
    if args.json:
        n, correct, detected = totals["all"]
        print(
            json.dumps(
                {
                    "date_accuracy": round(correct / n, 4),
                    "detection_recall": round(detected / n, 4),
                    "items": n,
                    "per_language": {
                        k: round(totals[k][1] / totals[k][0], 4) for k in languages if k != "all"
                    },
                },
                ensure_ascii=False,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
