"""Entity mentions and cross-lingual linking on SlavicNER (issue "entities").

Mentions: micro precision/recall/F1 of (span, type), exact and overlapping, per language.
Linking: every gold mention is linked by our EntityIndex (one index per topic, all languages
together, documents in file order) and the mentions are scored as a clustering: BCubed F1 of
our entity ids against the gold cross-lingual ids. Speed: detected mentions per second.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from _common import SHARED_DATA, bench_arguments, print_table

from newsweave.entities import EntityIndex, find_mentions
from newsweave.model import Mention

# SlavicNER marks countries GPE-* in the id but LOC in the type column; our LOC covers both.
TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "PRO": "PRO", "EVT": "EVT"}


@dataclass
class GoldMention:
    start: int
    end: int
    surface: str
    type: str
    cross_id: str


@dataclass
class Document:
    topic: str
    language: str
    text: str
    gold: list[GoldMention]


def read_documents(root: Path, limit: int | None, offset: int = 0) -> list[Document]:
    documents = []
    for ner_file in sorted((root / "ner").glob("*/*/*.tsv")):
        topic, language = ner_file.parts[-3], ner_file.parts[-2]
        raw_file = root / "raw" / topic / language / (ner_file.stem + ".txt")
        if not raw_file.exists():
            continue
        gold = []
        for line in ner_file.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) >= 6 and cells[0].isdigit():
                start, end = int(cells[0]), int(cells[1])
                gold.append(
                    GoldMention(start, end, cells[2], TYPES.get(cells[4], cells[4]), cells[5])
                )
        documents.append(Document(topic, language, raw_file.read_text(encoding="utf-8"), gold))
    if limit:
        # An even spread over topics and languages rather than the first files of one of them.
        per_group: dict[tuple[str, str], list[Document]] = defaultdict(list)
        for document in documents:
            per_group[(document.topic, document.language)].append(document)
        share = max(1, limit // max(len(per_group), 1))
        documents = [d for group in per_group.values() for d in group[offset : offset + share]]
    return documents


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_mentions(predicted: list[Mention], gold: list[GoldMention], counts: Counter) -> None:
    gold_exact = {(g.start, g.end, g.type) for g in gold}
    counts["predicted"] += len(predicted)
    counts["gold"] += len(gold)
    counts["exact"] += sum((m.start, m.end, m.type) in gold_exact for m in predicted)
    counts["span_only"] += len(
        {(m.start, m.end) for m in predicted} & {(g.start, g.end) for g in gold}
    )
    used: set[int] = set()
    for m in predicted:
        for index, g in enumerate(gold):
            if (
                index not in used
                and g.type == m.type
                and overlaps((m.start, m.end), (g.start, g.end))
            ):
                used.add(index)
                counts["overlap"] += 1
                break


def collect_errors(
    predicted: list[Mention], document: Document, errors: dict[str, Counter]
) -> None:
    """Misses by kind, for --errors: wrong type on the right span, wrong span, spurious, missed."""
    gold_by_span = {(g.start, g.end): g for g in document.gold}
    predicted_by_span = {(m.start, m.end): m for m in predicted}
    lang = document.language
    for span, m in predicted_by_span.items():
        g = gold_by_span.get(span)
        if g is None:
            near = any(overlaps(span, other) for other in gold_by_span)
            kind = "FP boundary" if near else "FP spurious"
            errors[f"{kind} {m.type}"][f"{lang} {m.text}"] += 1
        elif g.type != m.type:
            errors[f"type gold {g.type} -> ours {m.type}"][f"{lang} {m.text}"] += 1
    for span, g in gold_by_span.items():
        if span in predicted_by_span:
            continue
        near = [m for other, m in predicted_by_span.items() if overlaps(span, other)]
        kind = "FN boundary" if near else "FN missed"
        shown = f"{lang} {g.surface}" + (f"  (ours: {near[0].text})" if near else "")
        errors[f"{kind} {g.type}"][shown] += 1


def print_errors(errors: dict[str, Counter], top: int) -> None:
    for kind in sorted(errors, key=lambda k: -sum(errors[k].values())):
        counter = errors[kind]
        print(f"\n== {kind}: {sum(counter.values())}")
        for text, count in counter.most_common(top):
            print(f"  {count:4d}  {text}")


def f1(hits: float, predicted: float, gold: float) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if hits else 0.0)


def bcubed_f1(ours: list[str], gold: list[str]) -> tuple[float, float, float]:
    """BCubed over items: for each, how pure its predicted cluster is and how complete."""
    ours_clusters: dict[str, list[int]] = defaultdict(list)
    gold_clusters: dict[str, list[int]] = defaultdict(list)
    for index, (o, g) in enumerate(zip(ours, gold, strict=True)):
        ours_clusters[o].append(index)
        gold_clusters[g].append(index)
    precision = recall = 0.0
    for o, g in zip(ours, gold, strict=True):
        same_ours = ours_clusters[o]
        same_gold = gold_clusters[g]
        both = sum(gold[j] == g for j in same_ours)
        precision += both / len(same_ours)
        recall += both / len(same_gold)
    n = len(ours) or 1
    precision, recall = precision / n, recall / n
    return (
        precision,
        recall,
        (2 * precision * recall / (precision + recall) if precision + recall else 0.0),
    )


def link_gold_mentions(documents: list[Document]) -> dict[str, tuple[list[str], list[str]]]:
    """Our entity id for every gold mention, per topic: (ours, gold) aligned lists."""
    by_topic: dict[str, tuple[list[str], list[str]]] = {}
    indexes: dict[str, EntityIndex] = {}
    for document in documents:
        if document.topic not in indexes:
            indexes[document.topic] = EntityIndex()
        index = indexes[document.topic]
        mentions = [Mention(g.surface, g.start, g.end, g.type) for g in document.gold]
        index.link(mentions, document.language, document.text)
        ours, gold = by_topic.setdefault(document.topic, ([], []))
        ours.extend(m.entity_id or f"unlinked:{m.text}" for m in mentions)
        gold.extend(g.cross_id for g in document.gold)
    return by_topic


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], SHARED_DATA / "slavicner")
    parser.add_argument(
        "--limit",
        type=int,
        default=0,
        help="documents, spread over topics and languages (default 0: all, the figure the "
        "issue's goal is set against; 300 or 600 for a quick look)",
    )
    parser.add_argument(
        "--offset",
        type=int,
        default=0,
        help="with --limit: skip this many documents of each topic and language first "
        "(a second sample, to check that a change is not fitted to the first)",
    )
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="also print the N most frequent errors of each kind (diagnostic; figures unchanged)",
    )
    parser.add_argument(
        "--no-training",
        action="store_true",
        help="skip the figures that train models (loto_mention_f1, mention_f1_user_trained)",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="models trained at once for those figures"
    )
    args = parser.parse_args()
    documents = read_documents(args.data, args.limit or None, args.offset)
    counts: dict[str, Counter] = defaultdict(Counter)
    # load each language's dictionaries before the clock starts: speed means steady state
    for language in sorted({d.language for d in documents}):
        find_mentions(next(d.text for d in documents if d.language == language), language)
    started = time.perf_counter()
    for document in documents:
        predicted = find_mentions(document.text, document.language)
        score_mentions(predicted, document.gold, counts[document.language])
        score_mentions(predicted, document.gold, counts["all"])
    detect_seconds = time.perf_counter() - started
    if args.errors:
        errors: dict[str, Counter] = defaultdict(Counter)
        for document in documents:
            collect_errors(find_mentions(document.text, document.language), document, errors)
        print_errors(errors, args.errors)

    started = time.perf_counter()
    linked = link_gold_mentions(documents)
    link_seconds = time.perf_counter() - started
    per_language_links: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    all_ours = [f"{t}|{o}" for t, (ours, _) in linked.items() for o in ours]
    all_gold = [f"{t}|{g}" for t, (_, gold) in linked.items() for g in gold]
    link_p, link_r, link_f = bcubed_f1(all_ours, all_gold)

    # Per language: mentions as above, linking scored on that language's mentions within each topic.
    offset: Counter[str] = Counter()
    for document in documents:
        ours, gold = linked[document.topic]
        at, count = offset[document.topic], len(document.gold)
        target = per_language_links[document.language]
        target[0].extend(f"{document.topic}|{o}" for o in ours[at : at + count])
        target[1].extend(f"{document.topic}|{g}" for g in gold[at : at + count])
        offset[document.topic] = at + count

    per_language = {}
    rows: list[tuple[str, object, str]] = []
    data = f"{args.data} ({len(documents)} documents, {counts['all']['gold']} gold mentions)"
    for language in sorted(k for k in counts if k != "all"):
        c = counts[language]
        _, _, exact = f1(c["exact"], c["predicted"], c["gold"])
        _, _, overlap = f1(c["overlap"], c["predicted"], c["gold"])
        _, _, linking = bcubed_f1(*per_language_links[language])
        per_language[language] = {
            "mention_f1": round(exact, 4),
            "mention_overlap_f1": round(overlap, 4),
            "linking_bcubed_f1": round(linking, 4),
            "gold_mentions": c["gold"],
        }
        rows.append(
            (
                f"{language}: mention F1 exact / overlap, linking BCubed F1",
                f"{exact:.3f} / {overlap:.3f} / {linking:.3f}",
                data,
            )
        )
    c = counts["all"]
    precision, recall, exact = f1(c["exact"], c["predicted"], c["gold"])
    _, _, overlap = f1(c["overlap"], c["predicted"], c["gold"])
    _, _, span_only = f1(c["span_only"], c["predicted"], c["gold"])
    speed = c["predicted"] / detect_seconds if detect_seconds else 0.0
    rows += [
        ("mention micro P / R (exact span + type)", f"{precision:.3f} / {recall:.3f}", data),
        ("mention micro F1 (exact span + type)", exact, data),
        ("mention micro F1 (overlapping span + type)", overlap, data),
        ("mention micro F1 (exact span, any type)", span_only, data),
        ("linking BCubed P / R across languages", f"{link_p:.3f} / {link_r:.3f}", data),
        ("linking BCubed F1 across languages", link_f, data),
        ("detection speed (mentions/s, 1 process)", round(speed), data),
        (
            "linking speed (gold mentions/s)",
            round(c["gold"] / link_seconds) if link_seconds else 0,
            data,
        ),
    ]
    figures = {
        "mention_f1": round(exact, 4),
        "mention_overlap_f1": round(overlap, 4),
        "mention_span_f1": round(span_only, 4),
        "linking_bcubed_f1": round(link_f, 4),
        "mentions_per_s": round(speed, 1),
        "documents": len(documents),
        "per_language": per_language,
    }
    if not args.no_training:
        trained_rows, trained_figures = trained_model_figures(documents, args.workers)
        rows += trained_rows
        figures.update(trained_figures)
    print_table(rows, figures, args.json)


def _mention_counts(documents: list[Document], model: object) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for document in documents:
        predicted = find_mentions(document.text, document.language, model=model)
        score_mentions(predicted, document.gold, counts[document.language])
        score_mentions(predicted, document.gold, counts["all"])
    return counts


def trained_model_figures(
    documents: list[Document], workers: int
) -> tuple[list[tuple[str, object, str]], dict]:
    """Leave-one-topic-out over the dev topics of ../shared/data/slavicner (train on four
    topics and the licensed sets, score the fifth), and a model trained on all of them scored
    on --data (in-sample where --data is that same set)."""
    from _ner_training import trained_models

    from newsweave.entities.recognise import NerModel

    dev_root = SHARED_DATA / "slavicner"
    dev_documents = read_documents(dev_root, None)
    topics = sorted({d.topic for d in dev_documents})
    paths = trained_models(dev_root, topics, with_all=True, workers=workers)
    fold_f1 = {}
    pooled: dict[str, Counter] = defaultdict(Counter)
    for topic in topics:
        counts = _mention_counts(
            [d for d in dev_documents if d.topic == topic], NerModel(paths[f"without-{topic}"])
        )
        fold_f1[topic] = round(
            f1(counts["all"]["exact"], counts["all"]["predicted"], counts["all"]["gold"])[2], 4
        )
        for key, tally in counts.items():
            pooled[key].update(tally)
    loto = round(sum(fold_f1.values()) / len(fold_f1), 4)
    loto_languages = {
        k: round(f1(v["exact"], v["predicted"], v["gold"])[2], 4)
        for k, v in sorted(pooled.items())
        if k != "all"
    }
    user = _mention_counts(documents, NerModel(paths["all"]))["all"]
    user_f1 = round(f1(user["exact"], user["predicted"], user["gold"])[2], 4)
    data = f"{dev_root}: {len(topics)} folds, each topic scored by a model trained without it"
    rows = [
        ("LOTO mention F1, mean of folds (the result)", loto, data),
        ("LOTO mention F1 per fold", " ".join(f"{t} {v:.3f}" for t, v in fold_f1.items()), data),
        (
            "LOTO mention F1 per language (pooled)",
            " ".join(f"{k} {v:.3f}" for k, v in loto_languages.items()),
            data,
        ),
        (
            "mention F1, model trained on all of SlavicNER + licensed sets",
            user_f1,
            f"--data {len(documents)} documents (in-sample where --data is the training copy)",
        ),
    ]
    figures = {
        "loto_mention_f1": loto,
        "loto_mention_f1_per_fold": fold_f1,
        "loto_mention_f1_per_language": loto_languages,
        "mention_f1_user_trained": user_f1,
    }
    return rows, figures


if __name__ == "__main__":
    main()
