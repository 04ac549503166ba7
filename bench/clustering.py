"""Unsupervised clustering of SlavicNER: every topic and language in one stream, BCubed.

All documents (raw/<topic>/<lang>/*.txt, the title on the first line) go through the real
stages and the real Clusterer, in one fixed shuffled order, with no labels. Stories are the
topic level (asia_bibi, brexit, covid-19, ryanair, us_election_2020 run over months), so the
story-level BCubed precision/recall/F1 against the topics is the headline; event-level figures
(events are finer than topics: high precision, low recall expected) are reported beside them.

    python bench/clustering.py [--data DIR] [--limit N] [--cache FILE] [--json]
"""

from __future__ import annotations

import pickle
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SHARED_DATA, bench_arguments, print_table  # noqa: E402

from newsweave.cluster import Clusterer  # noqa: E402
from newsweave.entities import EntityIndex  # noqa: E402
from newsweave.model import Article, RawDocument  # noqa: E402
from newsweave.pipeline import analyse  # noqa: E402

DEFAULT_DATA = SHARED_DATA / "slavicner"


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="a spread sample of N documents")
    parser.add_argument("--cache", type=Path, help="pickle of analysed articles, reused if present")
    args = parser.parse_args()

    documents = spread_sample(sorted((args.data / "raw").glob("*/*/*.txt")), args.limit)
    started = time.perf_counter()
    articles = analysed(documents, args.cache)
    analyse_seconds = time.perf_counter() - started

    topic = {a.id: a.source.split("/")[-3] for a in articles}
    clusterer = Clusterer()
    started = time.perf_counter()
    for article in articles:
        clusterer.add(article)
    cluster_seconds = time.perf_counter() - started
    events = {a: e.id for e in clusterer.event_list() for a in e.article_ids}
    story_of_event = {e.id: e.story_id for e in clusterer.event_list()}
    stories = {a: story_of_event[e] or e for a, e in events.items()}

    story_p, story_r, story_f = bcubed(stories, topic)
    event_p, event_r, event_f = bcubed(events, topic)
    languages = Counter(a.source.split("/")[-2] for a in articles)
    data = f"slavicner raw ({len(articles)} docs, {len(set(topic.values()))} topics, " \
           f"{len(languages)} languages)"
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
    }
    print_table(rows, figures, args.json)


def spread_sample(paths: list[Path], limit: int) -> list[Path]:
    """Every document in one fixed shuffled order; with a limit, an even spread over
    topics and languages (every k-th of the sorted list) before the shuffle."""
    if limit and limit < len(paths):
        step = len(paths) / limit
        paths = [paths[int(i * step)] for i in range(limit)]
    shuffled = list(paths)
    random.Random(0).shuffle(shuffled)
    return shuffled


def analysed(paths: list[Path], cache: Path | None) -> list[Article]:
    stored: dict[str, Article] = {}
    if cache and cache.exists():
        with cache.open("rb") as fh:
            stored = pickle.load(fh)
    entities = EntityIndex()
    articles = []
    for path in paths:
        key = str(path)
        if key not in stored:
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            raw = RawDocument(source=key, text=body, title=title.strip() or None)
            stored[key] = analyse(raw, entities)
        articles.append(stored[key])
    if cache:
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
