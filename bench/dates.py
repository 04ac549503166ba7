"""Date accuracy of find_dates, and of the publication date, on hand-annotated gold sets.

find_dates: an item counts as correct when an expression overlapping the gold span resolves to
the expected day. Detected = some expression overlaps the span at all. SlavicNER items point
into the raw texts by path and offsets (the articles are not copied here); our own items carry
their text.

Publication date: each page of --pages is read as `newsweave run` reads a folder (ingest, then
clean, language and dates as every engine's detect part runs them: engines.detect_part), and
the date it exports (Article.published) is compared with --gold, in htmldate's evaluation
format `{key: {"file": name, "date": "YYYY-MM-DD" or null}}`; a null is right only when we
give no date. The default gold, bench/gold/publication_dates.json, is our reading of the date
each of the 181 article-extraction pages prints with its headline (keyed by its address), read
page by page with the markup as a hint only: the publisher's own day as printed (not the UTC
day of the markup); under a date labelled as an update, the original publication (from the
markup or address, in the publisher's day); under "1 day ago" or a bare weekday, the markup's
day it agrees with; an unlabelled printed date stands even where the markup calls it the last
change (4 pages); where the page prints none, the date in its address (a few); null where it
shows neither (6 pages: the markup alone is not the page saying so). It is split by sorted file
name: the first 91 chose the source order (dev, in-sample), the other 90 were looked at only
after (held-out). htmldate alone (find_date, original_date=True, given the
page's address) runs on the same pages; "with url" feeds each page as a JSON record carrying
its address, as a crawler's export would.

    PYTHONPATH=src python bench/dates.py [--data PATH] [--slavicner PATH]
        [--pages DIR --gold FILE] [--errors] [--json]
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newsweave.dates import find_dates
from newsweave.model import RawDocument

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / "bench" / "gold" / "dates.jsonl"
DEFAULT_SLAVICNER = REPO / ".." / "shared" / "data" / "slavicner"
DEFAULT_PAGES = REPO / ".." / "shared" / "data" / "article-extraction" / "html"
DEFAULT_PUBLICATION_GOLD = REPO / "bench" / "gold" / "publication_dates.json"


@dataclass
class PageOutcome:
    """One gold page: what it says, what we export (by file and by record), htmldate alone."""

    key: str
    file: str
    expected: date | None
    ours: date | None
    ours_with_url: date | None
    htmldate: date | None
    source: str
    evidence: dict[str, str]


def load_publication_gold(path: Path) -> list[tuple[str, str, date | None]]:
    """(key, file, date) of each page, in sorted file order (the order the split follows)."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    items = [
        (key, entry["file"], date.fromisoformat(entry["date"]) if entry.get("date") else None)
        for key, entry in gold.items()
    ]
    return sorted(items, key=lambda item: item[1])


def dev_half(count: int) -> int:
    """How many of the sorted pages are the dev half (the first; the rest are held out)."""
    return (count + 1) // 2


def publication_outcomes(pages: Path, gold: Path) -> list[PageOutcome]:
    from htmldate import find_date

    from newsweave.engines import detect_part
    from newsweave.ingest import read_input
    from newsweave.ingest.read import record_document

    outcomes = []
    for key, name, expected in load_publication_gold(gold):
        path = pages / name
        documents = list(read_input(str(path)))
        raw = documents[0] if documents else None
        if not isinstance(raw, RawDocument) or raw.html is None:
            raise SystemExit(f"{path}: not an HTML page ({documents[0] if documents else 'empty'})")
        article = detect_part(raw, Counter())
        url = key if key.startswith(("http://", "https://")) else None
        with_url = detect_part(record_document({"url": url, "html": raw.html}, name), Counter())
        try:
            alone = find_date(raw.html, url=url, original_date=True)
        except Exception:  # noqa: BLE001 - htmldate failing on a page is its miss
            alone = None
        evidence = {k[5:]: v for k, v in article.meta.items() if k.startswith("date_")}
        outcomes.append(
            PageOutcome(
                key,
                name,
                expected,
                article.published,
                with_url.published,
                date.fromisoformat(alone) if alone else None,
                article.published_source,
                evidence,
            )
        )
    return outcomes


def publication_rows(outcomes: list[PageOutcome], gold: Path) -> tuple[list, dict]:
    split = dev_half(len(outcomes))
    halves = {"all": outcomes, "dev": outcomes[:split], "held-out": outcomes[split:]}
    rows, figures = [], {}
    for label, attribute, prefix in (
        ("newsweave run + export", "ours", "publication_accuracy"),
        ("newsweave, pages as records with their url", "ours_with_url", "publication_with_url"),
        ("htmldate alone (original_date=True, url)", "htmldate", "htmldate_accuracy"),
    ):
        for half, items in halves.items():
            right = sum(getattr(o, attribute) == o.expected for o in items)
            accuracy = right / max(1, len(items))
            note = {"dev": ", dev half", "held-out": ", held-out half"}.get(half, "")
            if attribute != "htmldate" and half == "dev":
                note += " (in-sample: chose the order)"
            rows.append((f"{label}: {half}", accuracy, f"{gold.name} {len(items)} pages{note}"))
            suffix = {"all": "", "dev": "_dev", "held-out": "_heldout"}[half]
            figures[prefix + suffix] = round(accuracy, 4)
    figures["publication_pages"] = len(outcomes)
    return rows, figures


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
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="the gold's pages")
    parser.add_argument("--gold", type=Path, default=DEFAULT_PUBLICATION_GOLD)
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

    started = time.perf_counter()
    outcomes = publication_outcomes(args.pages, args.gold)
    rows, publication = publication_rows(outcomes, args.gold)
    seconds = (time.perf_counter() - started) / max(1, len(outcomes))
    print()
    print("figure: publication date accuracy | command: python " + shlex.join(sys.argv))
    width = max(len(row[0]) for row in rows)
    for name, value, data in rows:
        print(f"{name:<{width}} | {value:.3f} | {data}")
    print(f"time: {seconds:.2f} s per page (two pipeline runs and htmldate)")
    if args.errors:
        split = dev_half(len(outcomes))
        for index, o in enumerate(outcomes):
            if o.ours != o.expected:
                half = "dev" if index < split else "held-out"
                print(
                    f"  wrong ({half}): {o.file[:12]} gold {o.expected} ours {o.ours}",
                    f"({o.source or 'none'}) {o.evidence} {o.key}",
                )
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
                    **publication,
                },
                ensure_ascii=False,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
