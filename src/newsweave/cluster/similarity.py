"""How alike two articles are, from several signals that survive a change of language.

Each signal is a number in [0, 1]; the similarity is a fitted function of them. Two kinds of
model stand behind one interface (`SimilarityModel`): the weighted sum of the signals, their
square roots and each two signals' "either" with non-negative weights (`PairModel`), which
the clusterer takes to weigh an article against an event, and boosted shallow trees over the
signals and the flag "same language" (`TreeModel`), which `article_similarity` takes for two
articles. The trees fit the rated pairs better (SemEval dev, 5-fold CV with words and e5:
0.799 against 0.787) but clustered worse: an event's signals are sums over its articles, and
the trees' cuts, learnt on single pairs, fall wrong there (SlavicNER, order 0 of the
held-out half: BCubed F1 0.900 against 0.919 without encoders, 0.901 against 0.919 with
words). Both never lower the score when a signal grows. Both were fitted on the SemEval-2022
Task 8 dev pairs (1,283 pairs, 16 language pairs; `python bench/similarity.py --fit PATH`),
checked by 5-fold cross-validation there, and ship in data/similarity_model.json so that the
product never reads the evaluation data.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

from newsweave import settings
from newsweave.cluster.profile import ArticleProfile, cosine, sum_of_squares
from newsweave.quotes.match import quote_key, quote_similarity

Idf = Callable[[str], float]

# Country entities (CLDR territory codes) are named in a large share of all world news.
COUNTRY_ID = re.compile(r"^LOC-[A-Z]{2}$")
PRIOR_CACHE_FEATURES = 1 << 16  # features whose kind is remembered (a few MB when full)

SIGNALS = (
    "entities",
    "places",
    "concepts",
    "lexical",
    "numbers",
    "quotes",
    "dates",
    "title_concepts",
    "title_lexical",
)
# One more signal per optional encoder (encoder.ENCODER_NAMES), named after it: its vectors'
# cosine.
# Not evidence but a condition: 1 when the two texts share a language. Lexical grams and
# titles weigh differently across a language border, and a tree may split on it either way.
SAME_LANGUAGE = "same_language"
# A condition too: how much text the shorter of the two has (settings.PAIR_SHORT_TEXT_CHARS
# and more: 1). Where one page kept only its headline or its site's masthead, the signals say
# little either way, and the trees learn to trust them less (SemEval dev, 5-fold CV with e5:
# 0.806 -> 0.810, cross-language 0.795 -> 0.804).
SHORTER_TEXT = "shorter_text"


class SimilarityModel(Protocol):
    @property
    def signals(self) -> tuple[str, ...]:
        """The signals it reads, in its own order."""
        ...

    def score(self, signals: Mapping[str, float]) -> float:
        """The similarity the fitted model gives these signals."""
        ...

    def ceiling(self, signals: Mapping[str, float], signal: str, score: float) -> float:
        """The most the score (`score`, that of `signals`) can reach when `signal`, not yet
        measured, is: it never falls as a signal grows, so the cheap signals alone tell
        whether a costly one can decide."""
        ...


@dataclass(frozen=True)
class PairModel:
    """Fitted non-negative weights over the terms of `model_terms`: the signals, their square
    roots and each two signals' "either" (a + b - ab). Evidence saturates: a second strong
    signal adds less than the first (concepts and lexical grams often say the same thing), which
    a plain weighted sum cannot say. Every term grows with every signal and no weight is
    negative, so more shared evidence never lowers the score, also for pairs unlike any the
    weights were fitted on."""

    signals: tuple[str, ...]
    weights: dict[str, float]
    intercept: float
    # The weights laid out by signal position, read once: `score` runs for every candidate
    # event of every article and need not build the terms' names each time.
    _linear: tuple[tuple[float, float], ...] = field(init=False, repr=False, compare=False)
    _either: tuple[tuple[int, int, float], ...] = field(init=False, repr=False, compare=False)
    _reach: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names, weight = self.signals, self.weights.get
        linear = tuple((weight(n, 0.0), weight(f"√{n}", 0.0)) for n in names)
        either = tuple(
            (i, j, w)
            for i in range(len(names))
            for j in range(i + 1, len(names))
            if (w := weight(f"{names[i]}|{names[j]}", 0.0))
        )
        reach = {n: a + b for n, (a, b) in zip(names, linear, strict=True)}
        for i, j, w in either:
            reach[names[i]] += w
            reach[names[j]] += w
        object.__setattr__(self, "_linear", linear)
        object.__setattr__(self, "_either", either)
        object.__setattr__(self, "_reach", reach)

    def score(self, signals: Mapping[str, float]) -> float:
        """The intercept plus every term of `model_terms` times its weight."""
        values = [min(max(signals.get(name, 0.0), 0.0), 1.0) for name in self.signals]
        total = self.intercept
        for value, (linear, root) in zip(values, self._linear, strict=True):
            total += linear * value + root * math.sqrt(value)
        for i, j, w in self._either:
            total += w * (values[i] + values[j] - values[i] * values[j])
        return total

    def reach(self, signal: str) -> float:
        """The most that `signal` can raise the score, all terms lying in [0, 1]."""
        return self._reach.get(signal, 0.0)

    def ceiling(self, signals: Mapping[str, float], signal: str, score: float) -> float:
        return score + self.reach(signal)


@dataclass(frozen=True)
class TreeModel:
    """Gradient-boosted regression trees over the signals (their values in [0, 1]) and the
    conditions (same language, the shorter text's length): the intercept plus one leaf of each
    tree. A tree is a leaf value or
    (column, threshold, left, right), the left taken when the value is at most the threshold;
    columns index `signals`. Fitted with every signal held to raise the score (a split whose
    right side scores lower is never made), so that, as with `PairModel`, more shared
    evidence never lowers it; the conditions are held to no direction. Shallow trees
    give what one weighted sum cannot: a signal that counts only where another is weak, and
    weights that differ across a language border (SemEval dev, 5-fold CV with words and e5:
    0.787 as a sum, 0.799 as trees)."""

    signals: tuple[str, ...]
    trees: tuple[Any, ...]
    intercept: float

    def score(self, signals: Mapping[str, float]) -> float:
        values = [min(max(signals.get(name, 0.0), 0.0), 1.0) for name in self.signals]
        total = self.intercept
        for tree in self.trees:
            while type(tree) is tuple:
                column, threshold, left, right = tree
                tree = left if values[column] <= threshold else right
            total += tree
        return total

    def ceiling(self, signals: Mapping[str, float], signal: str, score: float) -> float:
        if signal not in self.signals:
            return score
        return self.score({**signals, signal: 1.0})


@dataclass(frozen=True)
class BlendModel:
    """The mean of several models' scores, moved by `intercept`: boosted trees and a weighted
    sum err apart (SemEval dev, 5-fold CV with e5: trees 0.797, cross-language 0.779; the sum
    0.790 / 0.781; their mean 0.7985 / 0.783). Each member never scores lower as a signal
    grows, so neither does their mean."""

    members: tuple[SimilarityModel, ...]
    intercept: float

    @property
    def signals(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for m in self.members for name in m.signals))

    def score(self, signals: Mapping[str, float]) -> float:
        return self.intercept + sum(m.score(signals) for m in self.members) / len(self.members)

    def ceiling(self, signals: Mapping[str, float], signal: str, score: float) -> float:
        reached = (m.ceiling(signals, signal, m.score(signals)) for m in self.members)
        return self.intercept + sum(reached) / len(self.members)


def tree_from_json(node: Any) -> Any:
    """A tree as data/similarity_model.json writes it (nested lists) as nested tuples."""
    if isinstance(node, list):
        column, threshold, left, right = node
        return (int(column), float(threshold), tree_from_json(left), tree_from_json(right))
    return float(node)


def model_terms(signals: Mapping[str, float], names: Iterable[str]) -> dict[str, float]:
    """Each signal, its square root ("√name") and, with each later signal, the chance that
    either says so ("a|b": a + b - ab), in the order of `names`."""
    values = [(name, min(max(signals.get(name, 0.0), 0.0), 1.0)) for name in names]
    terms: dict[str, float] = {}
    for i, (name, value) in enumerate(values):
        terms[name] = value
        terms[f"√{name}"] = math.sqrt(value)
        for other, other_value in values[i + 1 :]:
            terms[f"{name}|{other}"] = value + other_value - value * other_value
    return terms


# Which fitted models a caller takes: "events" (the clusterer, an article against an event's
# summed signals) or "pairs" (two articles). The same SemEval pairs fit both.
MODEL_USES = {"events": "models", "pairs": "pair_models"}


@lru_cache(maxsize=1)
def fitted_models() -> dict[str, dict[str, SimilarityModel]]:
    """The fitted models of each use, keyed by `encoder_key` ("" without encoders), from
    data/similarity_model.json (written by `bench/similarity.py --fit PATH`)."""
    path = resources.files("newsweave.data").joinpath("similarity_model.json")
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    return {
        use: {key: model_from_json(model) for key, model in data[section].items()}
        for use, section in MODEL_USES.items()
    }


def model_from_json(model: Mapping[str, Any]) -> SimilarityModel:
    signals, intercept = tuple(model["signals"]), float(model["intercept"])
    if "blend" in model:
        return BlendModel(tuple(model_from_json(m) for m in model["blend"]), intercept)
    if "trees" in model:
        return TreeModel(signals, tuple(tree_from_json(t) for t in model["trees"]), intercept)
    return PairModel(signals, dict(model["weights"]), intercept)


def pair_signals(
    a: ArticleProfile,
    b: ArticleProfile,
    idf: Idf,
    dense: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Every signal of two articles, each in [0, 1]. `dense`: the cosine of their vectors
    from each encoder that gave both a vector."""
    signals = {
        "entities": weighted_cosine(a.entities, b.entities, idf),
        "places": _jaccard(a.places, b.places),
        "concepts": weighted_cosine(a.concepts, b.concepts, idf),
        "lexical": cosine(a.grams, b.grams),
        "numbers": _jaccard(a.numbers, b.numbers),
        "quotes": quote_overlap(a.quotes, b.quotes),
        "dates": date_proximity(a.day, b.day),
        "title_concepts": weighted_cosine(a.title_concepts, b.title_concepts, idf),
        "title_lexical": cosine(a.title_grams, b.title_grams),
        SAME_LANGUAGE: float(a.language == b.language),
        SHORTER_TEXT: shorter_text(a, b),
    }
    for name, value in (dense or {}).items():
        signals[name] = dense_signal(value)
    return signals


def shorter_text(a: ArticleProfile, b: ArticleProfile) -> float:
    """The shorter text's length as a share of settings.PAIR_SHORT_TEXT_CHARS, at most 1; 1
    where a length is not known."""
    lengths = [n for n in (a.text_chars, b.text_chars) if n is not None]
    if len(lengths) < 2:
        return 1.0
    return min(min(lengths) / settings.PAIR_SHORT_TEXT_CHARS, 1.0)


def encoder_key(names: Iterable[str]) -> str | None:
    """The key of the weight set for signals holding these encoders' cosines (None: none)."""
    return "+".join(sorted(names)) or None


def model_for(encoders: str | None, use: str = "events") -> SimilarityModel:
    """The model of that use (MODEL_USES) fitted for signals holding those encoders' cosines
    (an `encoder_key`; None or a combination never fitted: the model without encoders)."""
    models = fitted_models()[use]
    return models.get(encoders or "", models[""])


def combine(
    signals: Mapping[str, float], encoders: str | None = None, use: str = "events"
) -> float:
    """The fitted model's score of the signals (the model fitted along the cosines of
    `encoders`, an `encoder_key`, when the signals hold them)."""
    return model_for(encoders, use).score(signals)


def article_similarity(
    a: ArticleProfile, b: ArticleProfile, idf: Idf, dense: Mapping[str, float] | None = None
) -> float:
    """How alike two articles are: about 1 for the same happening, about 0 for unrelated.
    `dense`: the cosine of their vectors from each encoder that gave both a vector."""
    return combine(pair_signals(a, b, idf, dense), encoder_key(dense or {}), use="pairs")


def dense_signal(cosine_value: float) -> float:
    """An encoder's cosine as a signal in [0, 1]: the vectors are centred on their language's
    mean, so those of unrelated texts scatter around zero and a negative cosine says no more."""
    return min(max(cosine_value, 0.0), 1.0)


def smoothed_idf(feature: str, document_frequency: float, documents: int) -> float:
    """Rarity of a feature among the documents seen, smoothed with a virtual background corpus
    in which each kind of feature has a prior frequency, so early decisions are sane."""
    prior = getattr(settings, _prior_setting(feature))
    total = documents + settings.BACKGROUND_DOCUMENTS
    return max(math.log(total / (document_frequency + prior)), 0.0)


@lru_cache(maxsize=PRIOR_CACHE_FEATURES)
def _prior_setting(feature: str) -> str:
    """The setting that holds the prior frequency of the feature's kind. A feature's kind never
    changes, but its rarity is recomputed at every IDF epoch, for hundreds of thousands of
    features a corpus: the pattern is matched once per feature. (The setting's name, not its
    value, is kept: a value set later still counts.)"""
    if COUNTRY_ID.match(feature):
        return "COUNTRY_PRIOR_DF"
    if feature.startswith("c:"):
        return "CONCEPT_PRIOR_DF"
    if feature.startswith("n:"):
        return "NUMBER_PRIOR_DF"
    return "ENTITY_PRIOR_DF"


def weighted_cosine(a: Mapping[str, float], b: Mapping[str, float], idf: Idf) -> float:
    """Cosine of two bags with every feature weighted by its rarity."""
    if not a or not b:
        return 0.0
    wa = {k: v * idf(k) for k, v in a.items()}
    wb = {k: v * idf(k) for k, v in b.items()}
    dot = sum(v * wb[k] for k, v in wa.items() if k in wb)
    if not dot:
        return 0.0
    norm = math.sqrt(sum_of_squares(wa.values()) * sum_of_squares(wb.values()))
    return dot / norm if norm else 0.0


def quote_overlap(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> float:
    """The best match between the two articles' quotations (0 when either has none)."""
    best = 0.0
    for text, language in a:
        key = quote_key(text, language)
        for other, other_language in b:
            best = max(best, quote_similarity(key, quote_key(other, other_language)))
    return best


def date_proximity(a: date | None, b: date | None) -> float:
    """1 on the same day, decaying over days; an unknown date is half way (no evidence)."""
    if a is None or b is None:
        return 0.5
    return math.exp(-abs((a - b).days) / settings.DATE_PROXIMITY_DAYS)


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


__all__ = [
    "SAME_LANGUAGE",
    "SHORTER_TEXT",
    "SIGNALS",
    "BlendModel",
    "PairModel",
    "SimilarityModel",
    "TreeModel",
    "article_similarity",
    "combine",
    "date_proximity",
    "dense_signal",
    "encoder_key",
    "fitted_models",
    "model_for",
    "model_from_json",
    "model_terms",
    "pair_signals",
    "quote_overlap",
    "smoothed_idf",
    "tree_from_json",
    "weighted_cosine",
]
