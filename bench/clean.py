"""Cleaning figures: article body from HTML, and boilerplate lines dropped from scraped text.

Two measurements:

1. Body extraction on the Article Extraction Benchmark (Zyte / scrapinghub, 181 pages): the
   extracted body (``Article.text``; the title is NOT included, it lives in ``Article.title``)
   against the reference ``articleBody``. The headline figure follows the benchmark's own
   ``evaluate.py``: tokens are ``\\w+`` runs, compared as a multiset of 4-token shingles; per page
   precision and recall; precision and recall are each averaged over pages, and F1 is the
   harmonic mean of those two averages (not a mean of per-page F1). That is how the published
   numbers (trafilatura 0.958, newspaper4k 0.949) were computed. A second, simpler figure is
   reported too: whitespace tokens as a bag, the mean over pages of per-page F1.
   ``trafilatura.extract(html)`` with default options is scored the same way as a reference.

2. Boilerplate lines on our own gold set (``bench/gold/boilerplate/texts.jsonl``): texts written
   for this bench in many languages, every line labelled. Title, dateline-only and agency-credit
   lines are metadata: labelled boilerplate, i.e. they should leave the body (the stage keeps
   them in ``Article.title`` / ``Article.meta``). A gold line counts as removed when it is no
   longer in ``Article.text``; a body line whose dateline prefix was cut still counts as kept.
   The positive class is "boilerplate": precision = of the lines removed, how many were
   boilerplate; recall = of the boilerplate lines, how many were removed.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from _common import GOLD, SHARED_DATA, bench_arguments, print_table

DEFAULT_PAGES = SHARED_DATA / "article-extraction"
DEFAULT_GOLD = GOLD / "boilerplate" / "texts.jsonl"
SHINGLE_SIZE = 4  # the benchmark's evaluate.py compares 4-token shingles
METADATA_KINDS = {"title", "credit", "dateline"}
# A body line shorter than this share of its gold line is not "the same line with its dateline
# cut": it is a different, shorter line that merely ends the same way.
DATELINE_CUT_MIN_SHARE = 0.5
# A gold line at least this long found inside the body counts as kept even if the stage merged
# lines into paragraphs; shorter lines could match by accident ("Share" inside a sentence).
MERGED_LINE_MIN_CHARS = 30

Extractor = Callable[[str, str], str]  # (page id, html) -> body text


# --- body extraction --------------------------------------------------------------------------


@dataclass
class PageScore:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp + self.fp == 0:
            return None  # nothing predicted: the benchmark leaves such pages out of precision
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp + self.fn == 0:
            return None
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Word-token shingles of ``size``; a text shorter than that is one short shingle."""
    tokens = _WORD.findall(text or "")
    count = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i : i + size]) for i in range(count) if tokens[i : i + size])


def bag_overlap(true: Counter, pred: Counter) -> PageScore:
    tp = sum((true & pred).values())
    return PageScore(tp=tp, fp=sum(pred.values()) - tp, fn=sum(true.values()) - tp)


def shingle_score(true: str, pred: str) -> PageScore:
    return bag_overlap(shingles(true), shingles(pred))


def whitespace_bag_score(true: str, pred: str) -> PageScore:
    return bag_overlap(Counter(true.split()), Counter(pred.split()))


def benchmark_figures(scores: list[PageScore]) -> dict[str, float]:
    """Precision and recall averaged over pages, F1 their harmonic mean (as evaluate.py does)."""
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def load_pages(folder: Path, limit: int | None) -> list[tuple[str, str, str]]:
    """(id, html, reference body) for every page with a reference, in a stable order."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth)[:limit]:
        raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(
            (page_id, raw.decode("utf-8", errors="replace"), truth[page_id]["articleBody"])
        )
    return pages


@dataclass
class BodyRun:
    shingle: dict[str, float]
    bag_mean_f1: float
    pages_per_s: float
    failures: int
    per_page: dict[str, PageScore] = field(default_factory=dict)


def run_body(pages: list[tuple[str, str, str]], extract: Extractor) -> BodyRun:
    shingle_scores, bag_scores, seconds, failures, per_page = [], [], 0.0, 0, {}
    for page_id, html, truth in pages:
        started = time.perf_counter()
        try:
            body = extract(page_id, html) or ""
        except Exception as error:  # a crash on one page is a zero for it, not the end of the run
            print(f"  {page_id}: {type(error).__name__}: {error}", file=sys.stderr)
            body, failures = "", failures + 1
        seconds += time.perf_counter() - started
        score = shingle_score(truth, body)
        shingle_scores.append(score)
        bag_scores.append(whitespace_bag_score(truth, body))
        per_page[page_id] = score
    return BodyRun(
        shingle=benchmark_figures(shingle_scores),
        bag_mean_f1=statistics.mean(s.f1 for s in bag_scores) if bag_scores else 0.0,
        pages_per_s=len(pages) / seconds if seconds else 0.0,
        failures=failures,
        per_page=per_page,
    )


# --- boilerplate lines ------------------------------------------------------------------------


def normalised(line: str) -> str:
    return " ".join(line.split())


def kept_lines(gold: list[str], body: str) -> list[bool]:
    """For each gold line, whether it is still in the body (see the module docstring)."""
    body_lines = [normalised(line) for line in body.splitlines() if line.strip()]
    exact = set(body_lines)
    flat = normalised(body)
    kept = []
    for line in gold:
        if line in exact:
            kept.append(True)
        elif any(
            line.endswith(b) and len(b) >= DATELINE_CUT_MIN_SHARE * len(line) for b in body_lines
        ):
            kept.append(True)
        else:
            kept.append(len(line) >= MERGED_LINE_MIN_CHARS and line in flat)
    return kept


@dataclass
class LineTally:
    tp: int = 0  # boilerplate, removed
    fp: int = 0  # real text, removed
    fn: int = 0  # boilerplate, kept

    def add(self, boilerplate: bool, removed: bool) -> None:
        if boilerplate and removed:
            self.tp += 1
        elif removed:
            self.fp += 1
        elif boilerplate:
            self.fn += 1

    def figures(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}


@dataclass
class BoilerplateRun:
    overall: LineTally
    body_only: LineTally  # metadata lines (title, credit, dateline) left out
    by_language: dict[str, LineTally]
    kind_recall: dict[str, tuple[int, int]]  # kind -> (removed, total) for boilerplate kinds
    wrongly_kept: list[tuple[str, str, str]]
    wrongly_removed: list[tuple[str, str, str]]
    documents: int
    lines: int


def load_gold(path: Path, limit: int | None) -> list[dict]:
    if not path.exists():
        print(f"no gold set at {path}; boilerplate rows are skipped", file=sys.stderr)
        return []
    with path.open(encoding="utf-8") as handle:
        documents = [json.loads(line) for line in handle if line.strip()]
    return documents[:limit]


def run_boilerplate(
    documents: Iterable[dict], clean_text: Callable[[str, str], str]
) -> BoilerplateRun:
    overall, body_only = LineTally(), LineTally()
    by_language: dict[str, LineTally] = defaultdict(LineTally)
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrongly_kept, wrongly_removed = [], []
    count_docs = count_lines = 0
    for doc in documents:
        count_docs += 1
        text = "\n".join(line["text"] for line in doc["lines"])
        body = clean_text(doc["id"], text)
        labelled = [line for line in doc["lines"] if line["text"].strip()]
        kept = kept_lines([normalised(line["text"]) for line in labelled], body)
        for line, is_kept in zip(labelled, kept, strict=True):
            count_lines += 1
            removed = not is_kept
            boilerplate = bool(line["boilerplate"])
            overall.add(boilerplate, removed)
            by_language[doc["language"]].add(boilerplate, removed)
            if line.get("kind") not in METADATA_KINDS:
                body_only.add(boilerplate, removed)
            if boilerplate:
                tally = kinds[line.get("kind", "?")]
                tally[0] += removed
                tally[1] += 1
                if not removed:
                    wrongly_kept.append((doc["id"], line.get("kind", "?"), line["text"]))
            elif removed:
                wrongly_removed.append((doc["id"], line.get("kind", "?"), line["text"]))
    return BoilerplateRun(
        overall=overall,
        body_only=body_only,
        by_language=dict(sorted(by_language.items())),
        kind_recall={kind: (r, t) for kind, (r, t) in sorted(kinds.items())},
        wrongly_kept=wrongly_kept,
        wrongly_removed=wrongly_removed,
        documents=count_docs,
        lines=count_lines,
    )


# --- the two systems --------------------------------------------------------------------------


def stage_functions(
    raw_bodies: dict[str, str], titles: dict[str, str]
) -> tuple[Extractor, Callable[[str, str], str]] | None:
    """The clean stage as two plain functions, or None when it cannot be imported yet.

    ``raw_bodies`` collects ``Article.raw`` per page (the body before line cleaning) and
    ``titles`` the title found for each gold text, so the bench can tell which step lost what.
    """
    try:
        from newsweave.clean import clean_document
        from newsweave.model import RawDocument
    except ImportError as error:
        print(f"clean stage not importable ({error}); stage rows are skipped", file=sys.stderr)
        return None

    def from_html(name: str, html: str) -> str:
        article = clean_document(RawDocument(source=name, html=html))
        raw_bodies[name] = article.raw
        return article.text

    def from_text(name: str, text: str) -> str:
        article = clean_document(RawDocument(source=name, text=text))
        titles[name] = article.title
        return article.text

    return from_html, from_text


def trafilatura_body(_name: str, html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


# --- report -----------------------------------------------------------------------------------


def show_body_errors(body: BodyRun, reference: BodyRun | None, how_many: int) -> None:
    out = sys.stderr
    print("\nlowest body F1 pages (F1, id, precision, recall):", file=out)
    for page_id, score in sorted(body.per_page.items(), key=lambda item: item[1].f1)[:how_many]:
        p, r = score.precision or 0.0, score.recall or 0.0
        print(f"  {score.f1:.3f}  {page_id[:16]}  P={p:.3f} R={r:.3f}", file=out)
    if reference is None:
        return
    gaps = sorted(
        (reference.per_page[page_id].f1 - score.f1, page_id)
        for page_id, score in body.per_page.items()
    )
    print("\npages where trafilatura.extract beats the stage most (F1 gap, id):", file=out)
    for gap, page_id in reversed(gaps[-how_many:]):
        if gap > 0:
            print(f"  +{gap:.3f}  {page_id[:16]}", file=out)


def show_errors(run: BoilerplateRun, how_many: int) -> None:
    out = sys.stderr
    print("\nboilerplate recall by kind (removed/total):", file=out)
    for kind, (removed, total) in run.kind_recall.items():
        print(f"  {kind:<14} {removed}/{total}", file=out)
    print(f"\nwrongly kept ({len(run.wrongly_kept)}):", file=out)
    for doc_id, kind, text in run.wrongly_kept[:how_many]:
        print(f"  [{doc_id} {kind}] {text[:110]}", file=out)
    print(f"\nwrongly removed ({len(run.wrongly_removed)}):", file=out)
    for doc_id, kind, text in run.wrongly_removed[:how_many]:
        print(f"  [{doc_id} {kind}] {text[:110]}", file=out)


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], DEFAULT_PAGES)
    parser.add_argument("--boilerplate", type=Path, default=DEFAULT_GOLD, help="gold JSONL")
    parser.add_argument("--limit", type=int, default=None, help="at most N pages and N gold texts")
    parser.add_argument("--errors", type=int, default=0, help="print N error lines to stderr")
    parser.add_argument("--no-reference", action="store_true", help="skip the trafilatura row")
    args = parser.parse_args()

    pages = load_pages(args.data, args.limit)
    pages_label = f"{args.data.name} ({len(pages)} pages)"
    gold = load_gold(args.boilerplate, args.limit)
    raw_bodies: dict[str, str] = {}
    titles: dict[str, str] = {}
    stage = stage_functions(raw_bodies, titles)
    reference = None

    rows: list[tuple[str, object, str]] = []
    figures: dict[str, object] = {"pages": len(pages), "title_in_body": False}
    body = None
    if stage is not None:
        body = run_body(pages, stage[0])
        rows += [
            ("body F1 (4-gram shingles, evaluate.py)", body.shingle["f1"], pages_label),
            ("body precision (mean over pages)", body.shingle["precision"], pages_label),
            ("body recall (mean over pages)", body.shingle["recall"], pages_label),
            ("body F1 (whitespace bag, mean per page)", body.bag_mean_f1, pages_label),
            ("pages/s (clean_document on HTML)", body.pages_per_s, pages_label),
            ("pages that raised", body.failures, pages_label),
        ]
        raw_scores = [
            shingle_score(truth, raw_bodies.get(page_id, "")) for page_id, _, truth in pages
        ]
        raw = benchmark_figures(raw_scores)
        rows.append(("body F1 before line cleaning (Article.raw)", raw["f1"], pages_label))
        figures.update(
            body_raw_f1=raw["f1"],
            body_f1=body.shingle["f1"],
            body_precision=body.shingle["precision"],
            body_recall=body.shingle["recall"],
            body_bag_mean_f1=body.bag_mean_f1,
            pages_per_s=body.pages_per_s,
            body_failures=body.failures,
        )
    if not args.no_reference:
        reference = run_body(pages, trafilatura_body)
        rows += [
            ("reference: trafilatura.extract F1 (shingles)", reference.shingle["f1"], pages_label),
            ("reference: trafilatura P / R", _pair(reference.shingle), pages_label),
            ("reference: trafilatura F1 (whitespace bag)", reference.bag_mean_f1, pages_label),
            ("reference: trafilatura pages/s", reference.pages_per_s, pages_label),
        ]
        figures["trafilatura"] = {
            "body_f1": reference.shingle["f1"],
            "body_precision": reference.shingle["precision"],
            "body_recall": reference.shingle["recall"],
            "body_bag_mean_f1": reference.bag_mean_f1,
            "pages_per_s": reference.pages_per_s,
        }

    if stage is not None and gold:
        lines = run_boilerplate(gold, stage[1])
        gold_label = f"{args.boilerplate.name} ({lines.documents} texts, {lines.lines} lines)"
        total = lines.overall.figures()
        body_only = lines.body_only.figures()
        rows += [
            ("boilerplate line F1 (incl. title/credit/dateline)", total["f1"], gold_label),
            ("boilerplate line P / R", _pair(total), gold_label),
            ("boilerplate line F1 (metadata lines excluded)", body_only["f1"], gold_label),
        ]
        for language, tally in lines.by_language.items():
            lang = tally.figures()
            rows.append(
                (
                    f"boilerplate F1 [{language}] (P / R)",
                    f"{lang['f1']:.3f} ({_pair(lang)})",
                    gold_label,
                )
            )
        figures.update(
            boilerplate_line_f1=total["f1"],
            boilerplate_line_precision=total["precision"],
            boilerplate_line_recall=total["recall"],
            boilerplate_body_only_f1=body_only["f1"],
            boilerplate_by_language={k: v.figures() for k, v in lines.by_language.items()},
            boilerplate_kind_recall={k: v[0] / v[1] for k, v in lines.kind_recall.items()},
            boilerplate_wrongly_kept=len(lines.wrongly_kept),
            boilerplate_wrongly_removed=len(lines.wrongly_removed),
        )
        expected = {doc["id"]: _first_title(doc) for doc in gold}
        right = sum(
            normalised(titles.get(doc_id, "")) == title for doc_id, title in expected.items()
        )
        rows.append(("title found exactly (texts)", f"{right}/{len(expected)}", gold_label))
        figures["title_exact"] = right / len(expected) if expected else 0.0
        if args.errors:
            show_errors(lines, args.errors)
            print("\nwrong titles:", file=sys.stderr)
            for doc_id, title in expected.items():
                if normalised(titles.get(doc_id, "")) != title:
                    print(f"  [{doc_id}] got {titles.get(doc_id, '')[:70]!r}", file=sys.stderr)
    if body is not None and args.errors:
        show_body_errors(body, reference, 8)

    print_table(rows, figures, args.json)


def _first_title(doc: dict) -> str:
    return next((normalised(x["text"]) for x in doc["lines"] if x.get("kind") == "title"), "")


def _pair(figures: dict[str, float]) -> str:
    return f"{figures['precision']:.3f} / {figures['recall']:.3f}"


if __name__ == "__main__":
    main()
