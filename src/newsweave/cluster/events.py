"""Online event clustering: each new article joins the best matching event or opens one.

An article is compared only with the events that its entities point to (an
inverted index, capped per entity, within a time window), so adding an article
costs the same however large the corpus grows. Every decision keeps its
evidence: the score, the shared entities and the matched quotations.
"""

from __future__ import annotations

import math
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from newsweave import settings
from newsweave.cluster.profile import (
    ArticleProfile,
    cosine,
    days_outside,
    profile_from_record,
    profile_record,
)
from newsweave.model import Assignment
from newsweave.quotes.match import QuoteKey, quote_key, quote_similarity

# Country entities (CLDR territory codes) are named in a large share of all world news.
COUNTRY_ID = re.compile(r"^LOC-[A-Z]{2}$")


@dataclass
class EventState:
    """An event as the index keeps it: its members and their summed signals."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    entities: Counter[str] = field(default_factory=Counter)
    grams: Counter[int] = field(default_factory=Counter)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    first_day: date | None = None
    last_day: date | None = None
    title: str = ""
    story_id: str | None = None

    def add(self, profile: ArticleProfile, title: str) -> None:
        self.article_ids.append(profile.article_id)
        self.entities.update(profile.entities)
        self.grams.update(profile.grams)
        room = settings.EVENT_MAX_QUOTES - len(self.quotes)
        self.quotes.extend(profile.quotes[: max(room, 0)])
        self.languages[profile.language] += 1
        if profile.day:
            self.first_day = min(filter(None, (self.first_day, profile.day)))
            self.last_day = max(filter(None, (self.last_day, profile.day)))
        self.title = self.title or title

    def absorb(self, other: EventState) -> None:
        self.article_ids.extend(other.article_ids)
        self.entities.update(other.entities)
        self.grams.update(other.grams)
        self.quotes.extend(other.quotes[: max(settings.EVENT_MAX_QUOTES - len(self.quotes), 0)])
        self.languages.update(other.languages)
        days = [d for d in (self.first_day, self.last_day, other.first_day, other.last_day) if d]
        self.first_day, self.last_day = (min(days), max(days)) if days else (None, None)


@dataclass
class Match:
    event_id: str
    score: float
    shared_entities: list[str]
    shared_quotes: int


class EventIndex:
    """The events so far, an entity → events index over them, and entity document counts."""

    def __init__(self) -> None:
        self.events: dict[str, EventState] = {}
        self.postings: dict[str, deque[str]] = {}
        self.document_frequency: Counter[str] = Counter()
        self.articles_seen = 0
        self.merged_into: dict[str, str] = {}
        self.dirty: set[str] = set()  # events changed since the store last saw them
        self.story_merges: list[tuple[str, str]] = []  # (kept, gone) stories of merged events
        self._next = 1

    # -- assignment ---------------------------------------------------------------------------

    def assign(self, profile: ArticleProfile, title: str) -> Assignment:
        """Put an article into its event (new or existing); merge events it proves the same."""
        self.articles_seen += 1
        self.document_frequency.update(profile.entities.keys())
        matches = sorted(
            (self.match(profile, self.events[eid]) for eid in self.event_candidates(profile)),
            key=lambda m: m.score,
            reverse=True,
        )
        if matches and matches[0].score >= settings.EVENT_JOIN_THRESHOLD:
            best = matches[0]
            event = self.events[best.event_id]
            for other in matches[1:]:
                if other.score >= settings.EVENT_MERGE_THRESHOLD:
                    self._merge(event, self.events[other.event_id])
            event.add(profile, title)
            self._post(profile, event.id)
            self.dirty.add(event.id)
            return Assignment(
                profile.article_id, event.id, round(best.score, 4),
                best.shared_entities, best.shared_quotes,
            )
        event = EventState(id=self._new_id())
        event.add(profile, title)
        self.events[event.id] = event
        self._post(profile, event.id)
        self.dirty.add(event.id)
        best_score = round(matches[0].score, 4) if matches else 0.0
        return Assignment(profile.article_id, event.id, best_score, [], 0, new_event=True)

    def event_candidates(self, profile: ArticleProfile) -> list[str]:
        """Events sharing the article's most telling entities, recent ones first, within the window."""
        ranked = sorted(profile.entities, key=self.idf, reverse=True)[: settings.CANDIDATE_ENTITIES]
        seen: dict[str, None] = {}
        for entity_id in ranked:
            for event_id in reversed(self.postings.get(entity_id, ())):
                event_id = self.resolve(event_id)
                if event_id in seen or event_id not in self.events:
                    continue
                if _days_apart(profile.day, self.events[event_id]) > settings.EVENT_WINDOW_DAYS:
                    continue
                seen[event_id] = None
        return list(seen)[: settings.MAX_CANDIDATE_EVENTS]

    def match(self, profile: ArticleProfile, event: EventState) -> Match:
        """How strongly an article belongs to an event, with the evidence."""
        entity_score, shared = self._entity_similarity(profile.entities, event.entities)
        quote_score, quote_hits = _quote_overlap(profile.quotes, event.quotes)
        gram_norm = math.sqrt(sum(v * v for v in event.grams.values())) or 1.0
        lexical = cosine(profile.grams, {k: v / gram_norm for k, v in event.grams.items()})
        score = (
            settings.WEIGHT_ENTITIES * entity_score
            + settings.WEIGHT_QUOTES * quote_score
            + settings.WEIGHT_LEXICAL * lexical
        )
        gap = _days_apart(profile.day, event)
        if gap > settings.EVENT_SAME_DAYS:
            score *= settings.EVENT_DATE_MISMATCH_FACTOR
        return Match(event.id, score, shared, quote_hits)

    def idf(self, entity_id: str) -> float:
        """Rarity of an entity, smoothed with a background prior so early decisions are sane."""
        prior = settings.COUNTRY_PRIOR_DF if COUNTRY_ID.match(entity_id) else settings.ENTITY_PRIOR_DF
        total = self.articles_seen + settings.BACKGROUND_DOCUMENTS
        return math.log(total / (self.document_frequency[entity_id] + prior))

    def resolve(self, event_id: str) -> str:
        """Follow merges: an event merged into another answers with the survivor's id."""
        while event_id in self.merged_into:
            event_id = self.merged_into[event_id]
        return event_id

    # -- internals ----------------------------------------------------------------------------

    def _entity_similarity(
        self, article: dict[str, float], event: Counter[str]
    ) -> tuple[float, list[str]]:
        size = sum(event.values()) or 1.0
        weighted_a = {e: w * self.idf(e) for e, w in article.items()}
        weighted_b = {e: (n / size) * self.idf(e) for e, n in event.items()}
        norm_a = math.sqrt(sum(v * v for v in weighted_a.values())) or 1.0
        norm_b = math.sqrt(sum(v * v for v in weighted_b.values())) or 1.0
        dot = sum(v * weighted_b.get(e, 0.0) for e, v in weighted_a.items())
        shared = sorted(
            (e for e in weighted_a if e in weighted_b), key=lambda e: -weighted_a[e]
        )
        return dot / (norm_a * norm_b), shared[:10]

    def _post(self, profile: ArticleProfile, event_id: str) -> None:
        for entity_id in profile.entities:
            posting = self.postings.setdefault(
                entity_id, deque(maxlen=settings.POSTINGS_PER_ENTITY)
            )
            if not posting or posting[-1] != event_id:
                posting.append(event_id)

    def _merge(self, keep: EventState, gone: EventState) -> None:
        if keep.id == gone.id:
            return
        if gone.story_id and keep.story_id and gone.story_id != keep.story_id:
            self.story_merges.append((keep.story_id, gone.story_id))
        keep.story_id = keep.story_id or gone.story_id
        keep.absorb(gone)
        self.merged_into[gone.id] = keep.id
        del self.events[gone.id]
        self.dirty.discard(gone.id)
        self.dirty.add(keep.id)

    def _new_id(self) -> str:
        while f"ev{self._next:05d}" in self.events or f"ev{self._next:05d}" in self.merged_into:
            self._next += 1
        event_id = f"ev{self._next:05d}"
        self._next += 1
        return event_id

    # -- persistence --------------------------------------------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        header = {
            "kind": "index",
            "articles_seen": self.articles_seen,
            "document_frequency": dict(self.document_frequency),
            "merged_into": self.merged_into,
            "postings": {e: list(p) for e, p in self.postings.items()},
            "next": self._next,
        }
        return [header] + [
            {
                "kind": "event",
                "id": e.id,
                "article_ids": e.article_ids,
                "entities": dict(e.entities),
                "grams": {str(k): v for k, v in e.grams.items()},
                "quotes": e.quotes,
                "languages": dict(e.languages),
                "first_day": e.first_day.isoformat() if e.first_day else None,
                "last_day": e.last_day.isoformat() if e.last_day else None,
                "title": e.title,
                "story_id": e.story_id,
            }
            for e in self.events.values()
        ]

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> EventIndex:
        index = cls()
        for record in records:
            if record["kind"] == "index":
                index.articles_seen = record["articles_seen"]
                index.document_frequency = Counter(record["document_frequency"])
                index.merged_into = dict(record["merged_into"])
                index.postings = {
                    e: deque(p, maxlen=settings.POSTINGS_PER_ENTITY)
                    for e, p in record["postings"].items()
                }
                index._next = record["next"]
            else:
                index.events[record["id"]] = EventState(
                    id=record["id"],
                    article_ids=list(record["article_ids"]),
                    entities=Counter(record["entities"]),
                    grams=Counter({int(k): v for k, v in record["grams"].items()}),
                    quotes=[(q[0], q[1]) for q in record["quotes"]],
                    languages=Counter(record["languages"]),
                    first_day=_day(record["first_day"]),
                    last_day=_day(record["last_day"]),
                    title=record["title"],
                    story_id=record["story_id"],
                )
        return index


def _quote_overlap(
    quotes: list[tuple[str, str]], others: list[tuple[str, str]]
) -> tuple[float, int]:
    """Best quotation match between article and event, and how many quotes matched."""
    best, hits = 0.0, 0
    for text, language in quotes:
        scores = [quote_similarity(_key(text, language), _key(o, ol)) for o, ol in others]
        top = max(scores, default=0.0)
        best = max(best, top)
        hits += top >= settings.QUOTE_MATCH_THRESHOLD
    # Two matched quotations are near-proof of the same report; one may be a stock phrase.
    return (min(1.0, best * (1.0 + 0.25 * max(hits - 1, 0))) if hits else 0.0), hits


@lru_cache(maxsize=20_000)
def _key(text: str, language: str) -> QuoteKey:
    return quote_key(text, language)


def _days_apart(day: date | None, event: EventState) -> float:
    return days_outside(day, event.first_day, event.last_day)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


__all__ = ["EventIndex", "EventState", "Match", "profile_from_record", "profile_record"]
