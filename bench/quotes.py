"""Quotation figures: detection P/R/F1, speaker accuracy, cross-lingual quote matching.

Gold: bench/gold/quotes.jsonl, one line per annotated document
``{"doc": "slavicner:<topic>/<lang>/<file>.txt" | "samples:<file>[#n]"
| "semeval:<pair_id>/text1|text2", "language": "ru",
"quotes": [{"start", "end", "speaker", "kind", "check"}]}``. Offsets point into the document
text (``Path.read_text``; the ``text`` field of a JSONL record); every quotation in a document
is annotated, so precision is measured per document. ``kind`` is direct | dash | partial |
reported; reported speech, and any quote marked ``"optional": true`` (a fragment either outcome
is fine for), counts when found and costs nothing when missed. ``check`` is the
first 8 hex digits of the SHA-1 of the span, so a changed source file is noticed.

Pairs: bench/gold/quote_pairs.jsonl, ``{"a": {"text", "language"}, "b": {...}, "same": bool}``.

Held-out-like: the same product run on quotation sets written elsewhere (``--data DIR``, default
shared/data/quotes: German WikiNews and PolNeAR, read by _quote_sets.py, scored by
_quote_heldout.py) on their dev splits and on the last fifth of their train splits, which no rule
was chosen on. Figures come out under ``heldout_like`` per set and split.

    python bench/quotes.py [--gold PATH] [--data DIR] [--splits dev,holdout] [--pairs PATH]
                           [--slavicner PATH] [--samples PATH] [--semeval PATH]
                           [--speaker-model DIR]
                           [--errors] [--json]

``--speaker-model DIR`` scores with a learned speaker choice (`newsweave train speakers`), as
NEWSWEAVE_SPEAKER_MODEL does; without either, the rules alone.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import GOLD, REPO, SHARED_DATA, bench_arguments, print_table  # noqa: E402
from _quote_heldout import score_sets  # noqa: E402
from _quote_sets import SETS, SPLITS  # noqa: E402
from anyascii import anyascii  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

SPAN_OVERLAP_MIN = 0.5  # share of the shorter span two quotations must share to be one
TOKEN_JACCARD_MIN = 0.5  # ...or share of their words, for spans cut at different marks
SURNAME_SPELLING_MIN = 70  # rapidfuzz ratio of two transliterations of one surname
OPTIONAL_KINDS = {"reported"}  # indirect speech: a bonus when found, no loss when missed


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_ok: int = 0
    matched: int = 0
    docs: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.speaker_ok += other.speaker_ok
        self.matched += other.matched
        self.docs += other.docs


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def read_document(doc: str, slavicner: Path, samples: Path, semeval: Path) -> str:
    """The text the pipeline sees for a gold document id."""
    kind, _, rest = doc.partition(":")
    if kind == "slavicner":
        return (slavicner / "raw" / rest).read_text(encoding="utf-8")
    if kind == "semeval":
        pair_id, _, side = rest.partition("/")
        return semeval_texts(semeval)[pair_id][side]
    if kind != "samples":
        raise ValueError(f"unknown document source {doc!r}")
    name, _, record = rest.partition("#")
    path = samples / name
    if record:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        return json.loads(lines[int(record) - 1])["text"]
    if name.endswith(".gz"):
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


@cache
def semeval_texts(path: Path) -> dict[str, dict[str, str]]:
    """The SemEval-2022 pairs file's texts by pair id (the first row of an id that repeats)."""
    csv.field_size_limit(sys.maxsize)  # a page's text can outgrow the csv module's default
    texts: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.setdefault(row["pair_id"], {"text1": row["text1"], "text2": row["text2"]})
    return texts


def span_check(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def same_quote(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    if shorter > 0 and overlap / shorter >= SPAN_OVERLAP_MIN:
        return True
    wa, wb = words(a[2]), words(b[2])
    return bool(wa | wb) and len(wa & wb) / len(wa | wb) >= TOKEN_JACCARD_MIN


def fold_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _sound(surname: str) -> str:
    # Transliteration spells one sound several ways (Kurz/Kurts, Moscovici/Moskovisi).
    folded = re.sub(r"[^a-z]", "", surname)
    for a, b in (("ts", "z"), ("tz", "z"), ("c", "k"), ("y", "i"), ("w", "v"), ("j", "i")):
        folded = folded.replace(a, b)
    return folded


def _latin_words(name: str) -> list[str]:
    return fold_name(anyascii(re.sub(r"[·・‧]", " ", name))).split()


def same_speaker(predicted: str, gold: str) -> bool:
    """Equal up to case and diacritics, or the same surname once both are in Latin letters.

    The surname may differ by a transliteration's spelling (ratio >= SURNAME_SPELLING_MIN):
    the figure measures who the quote is given to; the entity's canonical spelling is the
    entities bench's concern.
    """
    if fold_name(predicted) == fold_name(gold):
        return True
    p, g = _latin_words(predicted), _latin_words(gold)
    if not (p and g):
        return False
    if p[-1] == g[-1]:
        return True
    # Chinese writes a name without spaces (赵立坚 "ZhaoLiJian" against "Zhao LiJian") and a
    # foreign one with a middle dot (穆罕默杜·布哈里): the same letters, surname last.
    if "".join(g).endswith("".join(p)) or "".join(p).endswith("".join(g)):
        return True
    return fuzz.ratio(_sound(p[-1]), _sound(g[-1])) >= SURNAME_SPELLING_MIN


def score_document(record: dict, text: str, find_quotes, find_mentions, index) -> Counts:
    from newsweave.settings import QUOTE_DIRECT_MIN_CONFIDENCE

    language = record["language"]
    mentions = find_mentions(text, language)
    index.link(mentions, language, text)
    # The gold set annotates direct quotations only; reported speech ("said that …") is
    # emitted below QUOTE_DIRECT_MIN_CONFIDENCE and is not scored as a quotation.
    predicted = [
        (q.start, q.end, text[q.start : q.end], q)
        for q in find_quotes(text, language, mentions)
        if q.confidence >= QUOTE_DIRECT_MIN_CONFIDENCE
    ]
    gold = [(g["start"], g["end"], text[g["start"] : g["end"]], g) for g in record["quotes"]]
    counts = Counts(docs=1)
    used: set[int] = set()
    for p in predicted:
        hit = next(
            (i for i, g in enumerate(gold) if i not in used and same_quote(p[:3], g[:3])), None
        )
        if hit is None:
            counts.fp += 1
            counts.errors.append(f"FP  {record['doc']} [{p[3].speaker_name}] {p[2][:90]!r}")
            continue
        used.add(hit)
        counts.tp += 1
        counts.matched += 1
        speaker = gold[hit][3]["speaker"]
        # A name in another script may come with its usual Latin spelling ("speaker_latin"):
        # the product may give either.
        names = [speaker, gold[hit][3].get("speaker_latin")]
        if any(name is not None and same_speaker(p[3].speaker_name, name) for name in names):
            counts.speaker_ok += 1
        else:
            counts.errors.append(
                f"SPK {record['doc']} gold={speaker!r} got={p[3].speaker_name!r} "
                f"(surface {p[3].speaker!r}) {p[2][:60]!r}"
            )
    for i, g in enumerate(gold):
        if i not in used and not (g[3]["kind"] in OPTIONAL_KINDS or g[3].get("optional")):
            counts.fn += 1
            counts.errors.append(f"FN  {record['doc']} [{g[3]['speaker']}] {g[2][:90]!r}")
    return counts


def key_figures(
    counts_by_key: dict[str, Counts], rows: list[tuple[str, object, str]], label: str, data: str
) -> dict[str, dict[str, float | int]]:
    """P/R/F1 and speaker accuracy per language (or language and split), as table rows too."""
    figures: dict[str, dict[str, float | int]] = {}
    for key in sorted(counts_by_key):
        c = counts_by_key[key]
        p, r, f = prf(c.tp, c.fp, c.fn)
        accuracy = c.speaker_ok / c.matched if c.matched else 0.0
        figures[key] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "speaker_accuracy": round(accuracy, 4),
            "documents": c.docs,
            "quotes": c.tp + c.fn,
        }
        rows.append(
            (
                f"  {label}{key}: P / R / F1 / speaker",
                f"{p:.2f} / {r:.2f} / {f:.2f} / {accuracy:.2f}",
                f"{data}{c.docs} docs, {c.tp + c.fn} quotes",
            )
        )
    return figures


def score_pairs(path: Path) -> tuple[float, float, float, int]:
    from newsweave.quotes.match import quote_key, quote_similarity
    from newsweave.settings import QUOTE_MATCH_THRESHOLD

    tp = fp = fn = 0
    pairs = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for pair in pairs:
        a, b = pair["a"], pair["b"]
        score = quote_similarity(
            quote_key(a["text"], a["language"]), quote_key(b["text"], b["language"])
        )
        said_same = score >= QUOTE_MATCH_THRESHOLD
        tp += said_same and pair["same"]
        fp += said_same and not pair["same"]
        fn += not said_same and pair["same"]
    return (*prf(tp, fp, fn), len(pairs))


def main() -> int:
    parser = bench_arguments(__doc__.splitlines()[0], SHARED_DATA / "quotes")
    parser.add_argument("--gold", type=Path, default=GOLD / "quotes.jsonl", help="our own gold")
    parser.add_argument(
        "--splits",
        default="dev,holdout",
        help=f"splits of the --data sets to score, from {','.join(SPLITS)}; '' for none",
    )
    parser.add_argument(
        "--independent-gold",
        type=lambda value: Path(value) if value else None,
        default=GOLD / "quotes_independent.jsonl",
        help="gold written by hands that never ran the finder (Arabic, Chinese), scored per "
        "language and split; the test split's errors are never listed ('' for none)",
    )
    parser.add_argument("--pairs", type=Path, default=GOLD / "quote_pairs.jsonl")
    parser.add_argument("--slavicner", type=Path, default=SHARED_DATA / "slavicner")
    parser.add_argument("--samples", type=Path, default=REPO / "samples")
    parser.add_argument(
        "--semeval",
        type=Path,
        default=SHARED_DATA / "semeval2022-task8" / "pairs-dev.csv",
        help="the SemEval pairs file that 'semeval:' gold documents come from",
    )
    parser.add_argument(
        "--speaker-model",
        type=Path,
        default=None,
        help="a folder `newsweave train speakers` wrote (default: NEWSWEAVE_SPEAKER_MODEL, if set)",
    )
    parser.add_argument(
        "--errors", action="store_true", help="list every miss, false alarm and wrong speaker"
    )
    args = parser.parse_args()
    splits = [s for s in args.splits.split(",") if s]
    unknown = [s for s in splits if s not in SPLITS]
    if unknown:
        parser.error(f"unknown split(s) {unknown}: choose from {list(SPLITS)}")
    if splits and not args.data.is_dir():
        parser.error(f"--data {args.data}: no such folder of quotation sets")
    if splits and not any((args.data / name).is_dir() for name in SETS):
        parser.error(f"--data {args.data}: holds none of the quotation sets {sorted(SETS)}")

    if args.speaker_model is not None:
        os.environ["NEWSWEAVE_SPEAKER_MODEL"] = str(args.speaker_model)

    from newsweave.entities import EntityIndex, find_mentions
    from newsweave.quotes import find_quotes

    # One index for the whole run, as the store keeps one: building an index loads the
    # gazetteer (about a second), which per document would dominate the run time.
    index = EntityIndex()

    started = time.perf_counter()
    stale: list[str] = []

    def scored(path: Path, by_split: bool) -> dict[str, Counts]:
        """Counts per language ("ar dev" per language and split, for a gold set with splits)."""
        per_key: dict[str, Counts] = defaultdict(Counts)
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            text = read_document(record["doc"], args.slavicner, args.samples, args.semeval)
            for g in record["quotes"]:
                if "check" in g and span_check(text[g["start"] : g["end"]]) != g["check"]:
                    stale.append(f"{record['doc']}@{g['start']}")
            counts = score_document(record, text, find_quotes, find_mentions, index)
            key = f"{record['language']} {record['split']}" if by_split else record["language"]
            per_key[key].add(counts)
            per_key[key].errors.extend(counts.errors)
        return per_key

    per_language = scored(args.gold, by_split=False)
    independent = scored(args.independent_gold, by_split=True) if args.independent_gold else {}
    total = Counts()
    for counts in per_language.values():
        total.add(counts)
    p, r, f = prf(total.tp, total.fp, total.fn)
    speaker_accuracy = total.speaker_ok / total.matched if total.matched else 0.0
    try:
        mp, mr, mf, n_pairs = score_pairs(args.pairs)
    except Exception as error:  # a broken matcher must not hide the detection figures
        print(f"warning: cross-lingual matching failed: {error!r}", file=sys.stderr)
        mp = mr = mf = 0.0
        n_pairs = 0
    heldout, heldout_errors, _ = score_sets(args.data, splits)
    elapsed = time.perf_counter() - started

    data = f"{args.gold.name}: {total.docs} docs, {total.tp + total.fn} quotes"
    rows: list[tuple[str, object, str]] = [
        ("quote detection precision", p, data),
        ("quote detection recall", r, data),
        ("quote detection F1", f, data),
        ("speaker accuracy (matched quotes)", speaker_accuracy, f"{total.matched} matched quotes"),
    ]
    per_language_figures = key_figures(per_language, rows, "", "")
    independent_figures = key_figures(
        independent,
        rows,
        "independent gold ",
        f"{args.independent_gold.name}: " if args.independent_gold else "",
    )
    pairs_data = f"{args.pairs.name}: {n_pairs} pairs"
    rows += [
        ("cross-lingual match precision", mp, pairs_data),
        ("cross-lingual match recall", mr, pairs_data),
        ("cross-lingual match F1", mf, pairs_data),
    ]
    for name, by_split in heldout.items():
        for split, fig in by_split.items():
            rows.append(
                (
                    f"{name} {split}: quote P (strict) / R / F1",
                    f"{fig['quote_precision']:.3f} ({fig['quote_precision_strict']:.3f}) / "
                    f"{fig['quote_recall']:.3f} / {fig['quote_f1']:.3f}",
                    f"{args.data.name}/{name} {split}: {fig['documents']} docs, "
                    f"{fig['gold_direct_quotes']} direct quotes",
                )
            )
            rows.append(
                (
                    f"{name} {split}: speaker / pronoun speaker",
                    f"{fig['speaker_accuracy']:.3f} / {fig['pronoun_speaker_accuracy']:.3f}",
                    f"{fig['speakers_scored']} named, {fig['pronoun_speakers_scored']} pronoun",
                )
            )
    rows.append(("seconds", f"{elapsed:.1f}", data))
    if args.errors:
        for lang in sorted(per_language):
            for line in per_language[lang].errors:
                print(line)
        for key in sorted(independent):
            if not key.endswith(" test"):  # the test half's errors stay unread
                for line in independent[key].errors:
                    print(key, line)
        for key in sorted(heldout_errors):
            if not key.endswith("/holdout"):  # the held-out part's errors stay unread
                for line in heldout_errors[key]:
                    print(key, line)
    if stale:
        print(f"warning: {len(stale)} gold spans no longer match their check: {stale[:5]}")
    figures = {
        "quote_precision": round(p, 4),
        "quote_recall": round(r, 4),
        "quote_f1": round(f, 4),
        "speaker_accuracy": round(speaker_accuracy, 4),
        "crosslingual_match_precision": round(mp, 4),
        "crosslingual_match_recall": round(mr, 4),
        "crosslingual_match_f1": round(mf, 4),
        "per_language": per_language_figures,
        "independent_gold": independent_figures,
        "heldout_like": heldout,
    }
    print_table(rows, figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
