"""What the clusterer knows of an article: the signals that survive a change of language.

Canonical entities and quotations are language-independent by construction;
the lexical grams are taken after transliteration so that international
vocabulary (strategic, стратегическо, strategico) still meets across scripts.
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from anyascii import anyascii

from newsweave import settings
from newsweave.cluster.encoder import Encoder, encoder_text
from newsweave.model import Article, DateRef
from newsweave.quotes.match import build_quote_key

WORD = re.compile(r"[^\W\d_]{5,}")
NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?(?![\d.,])")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
HEADLINE_END = re.compile(r"(?<=[.!?…])\s+|\n|\s{2,}")
PLACE_TYPES = ("LOC", "GPE")


@dataclass
class ArticleProfile:
    article_id: str
    language: str
    day: date | None
    entities: dict[str, float]  # canonical entity id → weight (mention count, damped)
    actors: set[str]  # PER and ORG entities: who acts, what stories follow
    quotes: list[tuple[str, str]]  # (quotation text, language) for cross-lingual matching
    grams: dict[int, float]  # hashed character grams of the transliterated lead, L2-normalised
    numbers: set[str] = field(default_factory=set)
    # Cross-lingual bag: lexicon concepts, name skeletons and numbers ("c:flood", "e:tnr", "n:2030")
    concepts: dict[str, float] = field(default_factory=dict)
    places: set[str] = field(default_factory=set)
    # The optional encoders' vectors of the article, by encoder name (none: no encoder, or
    # each abstained).
    dense: dict[str, list[float]] = field(default_factory=dict)
    # The headline alone: what the report is about, said in the fewest words.
    title_concepts: dict[str, float] = field(default_factory=dict)
    title_grams: dict[int, float] = field(default_factory=dict)
    # Whether the day was chosen against a publication date. Without one, a date in the text
    # may as well be a deadline or an anniversary the report mentions ("by 29 March 2019"):
    # it still places the report in time, but it does not prove the same happening.
    anchored: bool = True
    # Characters of clean text (None: not known, as for an event's summed bags). A page that
    # kept little more than its headline says too little for its signals to mean much.
    text_chars: int | None = None


@dataclass
class TextFeatures:
    """The part of a profile that reads only the article's text and language, not its linked
    entities: a parallel engine computes it in the workers, next to entity detection."""

    grams: dict[int, float]
    numbers: set[str]
    concepts: dict[str, float]
    title_concepts: dict[str, float]
    title_grams: dict[int, float]


def text_features(article: Article) -> TextFeatures:
    """Lexical grams, figures and concept bags of the lead and of the headline."""
    lead = f"{article.title}\n{article.text[: settings.PROFILE_LEAD_CHARS]}"
    title = headline(article)
    return TextFeatures(
        grams=lexical_grams(lead),
        numbers=_numbers(article.text, article.dates),
        concepts=concept_bag(
            f"{article.title}\n{article.text[: settings.PROFILE_CONCEPT_CHARS]}", article.language
        ),
        title_concepts=dict.fromkeys(_sentence_features(title, article.language), 1.0),
        title_grams=lexical_grams(title),
    )


def article_profile(
    article: Article, encoders: Sequence[Encoder] = (), text: TextFeatures | None = None
) -> ArticleProfile:
    """Reduce an analysed article to the features event clustering compares (with the
    vectors of the optional encoders given). `text`: its text features when a worker
    computed them already."""
    counts: Counter[str] = Counter(m.entity_id for m in article.mentions if m.entity_id)
    actors = {m.entity_id for m in article.mentions if m.entity_id and m.type in ("PER", "ORG")}
    text = text or text_features(article)
    return ArticleProfile(
        article_id=article.id,
        language=article.language,
        day=article.event_date or article.trusted_published,
        anchored=article.published is not None,
        # log damping: an entity named ten times is more central, not ten times more
        entities={eid: 1.0 + math.log(n) for eid, n in counts.items()},
        actors=actors,
        quotes=[
            (q.text, article.language)
            for q in article.quotes
            if len(q.text.split()) >= settings.QUOTE_MATCH_MIN_WORDS
        ],
        grams=text.grams,
        numbers=text.numbers,
        concepts=text.concepts,
        places={m.entity_id for m in article.mentions if m.entity_id and m.type in PLACE_TYPES},
        dense=article_vectors(article, encoders),
        title_concepts=text.title_concepts,
        title_grams=text.title_grams,
        text_chars=len(article.text),
    )


def article_vectors(article: Article, encoders: Sequence[Encoder]) -> dict[str, list[float]]:
    """Each encoder's vector of the article, where it gives one."""
    vectors: dict[str, list[float]] = {}
    for encoder in encoders:
        text = encoder_text(article, encoder.lead_chars)
        vector = encoder.embed([text], [article.language])[0]
        if vector is not None:
            vectors[encoder.name] = vector
    return vectors


def stored_vectors(stored: Any) -> dict[str, list[float]]:
    """Vectors from a record: by encoder name, or one bare vector, which an older newsweave
    could only have had from e5."""
    if not stored:
        return {}
    return dict(stored) if isinstance(stored, dict) else {"e5": list(stored)}


def bag_profile(
    owner_id: str,
    day: date | None,
    entities: Mapping[str, float],
    actors: Iterable[str],
    concepts: Mapping[str, float],
) -> ArticleProfile:
    """Many reports' summed bags as one profile (an event's, a story's), to be compared
    with a story as one article is; it carries its owner's id."""
    return ArticleProfile(
        article_id=owner_id,
        language="",
        day=day,
        entities=dict(entities),
        actors=set(actors),
        quotes=[],
        grams={},
        concepts=dict(concepts),
    )


def headline(article: Article) -> str:
    """The title, or where a feed gave none, the text's first line or sentence (a title run
    into the body is set off by a line break or a double space)."""
    if article.title:
        return article.title[: settings.HEADLINE_MAX_CHARS]
    start = article.text[: settings.HEADLINE_MAX_CHARS].lstrip()
    return HEADLINE_END.split(start, 1)[0]


def concept_bag(text: str, language: str) -> dict[str, float]:
    """The language-independent features of every sentence (the quotation key applied to
    prose): concepts of the multilingual lexicon, transliterated name skeletons, numbers."""
    counts: Counter[str] = Counter()
    for sentence in SENTENCE_END.split(text):
        if len(sentence) >= settings.CONCEPT_MIN_SENTENCE_CHARS:
            counts.update(_sentence_features(sentence, language))
    return {f: 1.0 + math.log(n) for f, n in counts.items()}


@lru_cache(maxsize=100_000)
def _sentence_features(sentence: str, language: str) -> tuple[str, ...]:
    # Cognate prefixes ("p:") are chance-level across a whole article; keep the strong kinds.
    # Sorted, not a set: the bags' order decides ties between equally rare features, and a
    # set's order changes with every run's string hashing (the same stream must cluster alike).
    features = build_quote_key(sentence, language, with_lemmas=False).features
    return tuple(sorted({f for f in features if f[0] in "cen"}))


def lexical_grams(text: str) -> dict[int, float]:
    """Character 4-grams of long words after transliteration, hashed and L2-normalised."""
    counts: Counter[int] = Counter()
    for word in WORD.findall(text):
        counts.update(_word_grams(word))
    norm = math.sqrt(sum_of_squares(counts.values())) or 1.0
    return {gram: v / norm for gram, v in counts.items()}


@lru_cache(maxsize=settings.WORD_GRAMS_CACHE_WORDS)
def _word_grams(word: str) -> array[int]:
    # A word's hashed grams, remembered: the words of news recur far more than they are new
    # (an array: a third of a tuple's memory)
    padded = f"_{cognate_form(anyascii(word).lower())}_"
    return array(
        "i",
        (
            zlib.crc32(padded[i : i + 4].encode()) % settings.GRAM_BUCKETS
            for i in range(len(padded) - 3)
        ),
    )


def cognate_form(word: str) -> str:
    """Fold spellings that differ between languages but not in sound (c/k, ph/f, y/i…)."""
    for old, new in settings.COGNATE_FOLDS:
        word = word.replace(old, new)
    return word


def cosine(a: dict[Any, float], b: dict[Any, float]) -> float:
    """Cosine of two sparse vectors that are already L2-normalised."""
    if len(a) > len(b):
        a, b = b, a
    return sparse_dot(a, b)


def sparse_dot(a: Mapping[Any, float], b: Mapping[Any, float]) -> float:
    """The dot product of two sparse vectors over a's keys. Clustering takes it for every
    candidate it compares: a plain loop, a third faster than a generator on this Python, adding
    the same terms in the same order from 0 as sum() does (the same float, to the last bit)."""
    get = b.get
    total: float = 0
    for key, value in a.items():
        total += value * get(key, 0.0)
    return total


def sum_of_squares(values: Iterable[float]) -> float:
    """Σ v·v in the values' order, as sum() over a generator adds them (a loop: faster)."""
    total: float = 0
    for value in values:
        total += value * value
    return total


def days_outside(day: date | None, first: date | None, last: date | None) -> float:
    """Days between a day and a span; 0 inside it, and 0 when a date is unknown
    (a missing date is no evidence of a different day)."""
    if day is None or first is None or last is None or first <= day <= last:
        return 0.0
    return float(min(abs((day - first).days), abs((day - last).days)))


def _numbers(text: str, dates: Sequence[DateRef] = ()) -> set[str]:
    """The figures of a text: counts, sums, scores. The day and year of a date are not
    figures of the happening (the date signal weighs them), and two reports that both name
    a deadline's "29 March 2019" would otherwise share all their figures."""
    for ref in dates:
        text = text[: ref.start] + " " * (ref.end - ref.start) + text[ref.end :]
    # Small numbers (one digit) are everywhere and say nothing about the happening.
    return {n.replace(",", ".") for n in NUMBER.findall(text) if len(n) >= 2}


def profile_record(profile: ArticleProfile) -> dict[str, Any]:
    return {
        "article_id": profile.article_id,
        "language": profile.language,
        "day": profile.day.isoformat() if profile.day else None,
        "entities": profile.entities,
        "actors": sorted(profile.actors),
        "quotes": profile.quotes,
        "grams": {str(k): v for k, v in profile.grams.items()},
        "numbers": sorted(profile.numbers),
        "concepts": profile.concepts,
        "places": sorted(profile.places),
        "dense": profile.dense,
        "title_concepts": profile.title_concepts,
        "title_grams": {str(k): v for k, v in profile.title_grams.items()},
        "anchored": profile.anchored,
        "text_chars": profile.text_chars,
    }


def profile_from_record(record: dict[str, Any]) -> ArticleProfile:
    return ArticleProfile(
        article_id=record["article_id"],
        language=record["language"],
        day=date.fromisoformat(record["day"]) if record["day"] else None,
        entities=dict(record["entities"]),
        actors=set(record["actors"]),
        quotes=[(q[0], q[1]) for q in record["quotes"]],
        grams={int(k): v for k, v in record["grams"].items()},
        numbers=set(record["numbers"]),
        concepts=dict(record.get("concepts", {})),
        places=set(record.get("places", [])),
        dense=stored_vectors(record.get("dense")),
        title_concepts=dict(record.get("title_concepts", {})),
        title_grams={int(k): v for k, v in record.get("title_grams", {}).items()},
        anchored=record.get("anchored", True),
        text_chars=record.get("text_chars"),
    )
