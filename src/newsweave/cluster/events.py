"""Online event clustering: each new article joins the best matching event or opens one.

An article is compared only with the events that its entities point to (an
inverted index, capped per entity, within a time window), so adding an article
costs the same however large the corpus grows. Every decision keeps its
evidence: the score, the shared entities and the matched quotations.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from newsweave import settings
from newsweave.cluster.held import HeldClusters, saved_merges
from newsweave.cluster.profile import (
    ArticleProfile,
    bag_profile,
    days_outside,
    profile_from_record,
    profile_record,
    sparse_dot,
    stored_vectors,
    sum_of_squares,
)
from newsweave.cluster.similarity import (
    SAME_LANGUAGE,
    combine,
    date_proximity,
    dense_signal,
    encoder_key,
    model_for,
    smoothed_idf,
)
from newsweave.cluster.state import (
    FEATURE_PREFIX,
    HEADER_ID,
    Unsaved,
    bounded_posting,
    changed_records,
    feature_record,
    pack_weights,
    packed_weights,
    post,
    record_day,
    unpack_weights,
)
from newsweave.held import StoredRecords
from newsweave.model import Assignment
from newsweave.quotes.match import quote_key, quote_similarity


@dataclass
class EventState:
    """An event as the index keeps it: its members and their summed signals."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    entities: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)  # reports naming each person or body
    grams: Counter[int] = field(default_factory=Counter)
    # The grams as the store packed them (state.pack_weights), not read yet: most events an
    # index holds are only compared by their other signals, and a read Counter of grams is
    # five times the size of its packed form. gram_bag() reads them.
    packed_grams: str | None = None
    quotes: list[tuple[str, str]] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    concepts: Counter[str] = field(default_factory=Counter)
    numbers: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    # Per encoder, the sum of the members' vectors (its direction counts), as arrays: a fifth
    # of a list's memory, and a cosine is one BLAS dot product rather than a Python loop.
    dense: dict[str, np.ndarray] = field(default_factory=dict)
    title_concepts: Counter[str] = field(default_factory=Counter)
    title_grams: Counter[int] = field(default_factory=Counter)
    version: int = 0  # bumped on every change: cached vector norms are stale
    first_day: date | None = None
    last_day: date | None = None
    title: str = ""
    story_id: str | None = None
    # (version, norm) of the grams: unlike the other norms it needs no rarities, so it holds
    # across IDF epochs until the event changes
    _gram_length: tuple[int, float] = field(default=(-1, 1.0), init=False, repr=False)

    def add(self, profile: ArticleProfile, title: str) -> None:
        self.article_ids.append(profile.article_id)
        self.entities.update(profile.entities)
        self.actors.update(profile.actors)
        self.concepts.update(profile.concepts)
        self._bound()
        self.gram_bag().update(profile.grams)
        if len(self.grams) > settings.EVENT_MAX_GRAMS * 3 // 2:
            # Bounded memory per event: the rare grams of one member say little of the event.
            self.grams = Counter(dict(self.grams.most_common(settings.EVENT_MAX_GRAMS)))
        self._add_quotes(profile.quotes)
        self.languages[profile.language] += 1
        if len(self.numbers) < settings.EVENT_MAX_FEATURES:  # the first reports' figures suffice
            self.numbers |= profile.numbers
        if len(self.places) < settings.EVENT_MAX_FEATURES:
            self.places |= profile.places
        _add_vectors(self.dense, profile.dense)
        self.title_concepts.update(profile.title_concepts)
        self.title_grams.update(profile.title_grams)
        if len(self.title_grams) > settings.EVENT_MAX_GRAMS * 3 // 2:
            self.title_grams = Counter(dict(self.title_grams.most_common(settings.EVENT_MAX_GRAMS)))
        self.version += 1
        if profile.day:
            self.first_day = min(filter(None, (self.first_day, profile.day)))
            self.last_day = max(filter(None, (self.last_day, profile.day)))
        self.title = self.title or title

    def gram_bag(self) -> Counter[int]:
        """The lexical grams, read from their packed form on first use."""
        if self.packed_grams is not None:
            self.grams, self.packed_grams = unpack_weights(self.packed_grams), None
        return self.grams

    def gram_length(self) -> float:
        """The grams' Euclidean norm (1 when there are none), without reading them into a bag."""
        if self._gram_length[0] != self.version:
            weights = (
                packed_weights(self.packed_grams)
                if self.packed_grams is not None
                else self.grams.values()
            )
            self._gram_length = (self.version, math.sqrt(sum_of_squares(weights)) or 1.0)
        return self._gram_length[1]

    def _bound(self) -> None:
        for bag in (self.entities, self.concepts):
            if len(bag) > settings.EVENT_MAX_FEATURES * 3 // 2:
                # Bounded cost per comparison: a big event's rare features say little of it.
                for feature, _ in bag.most_common()[settings.EVENT_MAX_FEATURES :]:
                    del bag[feature]
                if bag is self.entities:
                    for actor in [a for a in self.actors if a not in bag]:
                        del self.actors[actor]

    def _add_quotes(self, quotes: list[tuple[str, str]]) -> None:
        # A quotation every report repeats is kept once: the event's slots go to distinct
        # statements, and an article is not compared with the same words forty times.
        for quote in quotes:
            if len(self.quotes) >= settings.EVENT_MAX_QUOTES:
                return
            if quote not in self.quotes:
                self.quotes.append(quote)

    def absorb(self, other: EventState) -> None:
        self.article_ids.extend(other.article_ids)
        self.entities.update(other.entities)
        self.actors.update(other.actors)
        self.concepts.update(other.concepts)
        self._bound()
        self.gram_bag().update(other.gram_bag())
        self._add_quotes(other.quotes)
        self.languages.update(other.languages)
        self.numbers |= other.numbers
        self.places |= other.places
        _add_vectors(self.dense, other.dense)
        self.title_concepts.update(other.title_concepts)
        self.title_grams.update(other.title_grams)
        self.version += 1
        days = [d for d in (self.first_day, self.last_day, other.first_day, other.last_day) if d]
        self.first_day, self.last_day = (min(days), max(days)) if days else (None, None)


@dataclass
class Match:
    event_id: str
    score: float
    shared_entities: list[str]
    shared_quotes: int


class EventIndex:
    """The events so far, an entity → events index over them, and entity document counts.

    Built from records (`from_records`), it holds everything. Bound to a store (`stored`), it
    holds the document counts and merges, and reads an event, or a feature's postings, when an
    article first needs it; `release` lets go of the least recently used ones the store has,
    so a long-running writer's memory stays bounded whatever the archive's size."""

    def __init__(self, stored: StoredRecords | None = None) -> None:
        self.events: dict[str, EventState] = {}  # held events (all of them, built in memory)
        self.postings: dict[str, deque[str]] = {}
        self.document_frequency: Counter[str] = Counter()
        self.articles_seen = 0
        self.merged_into: dict[str, str] = {}
        self.dirty: set[str] = set()  # events whose memberships the store has not seen
        self.unsaved = Unsaved()  # records the store has not seen
        # (kept story, gone story, gone event) of merged events whose stories differ
        self.story_merges: list[tuple[str, str, str]] = []
        self._idf_cache: dict[str, float] = {}  # rarities at the current corpus size
        self._idf_seen = -1
        self._idf_asked = -1  # the corpus size the epoch was last checked at
        self._norm_cache: dict[str, tuple[tuple[int, int, int], tuple[float, ...]]] = {}
        self._weighted_bags: dict[int, tuple[dict[str, float], float]] = {}
        self._article_vectors: dict[int, tuple[np.ndarray, float]] = {}  # likewise its vectors
        self._next = 1
        self._held = HeldClusters(stored, "event", _event_from_record, self.events, self.postings)

    # -- assignment ---------------------------------------------------------------------------

    def assign(self, profile: ArticleProfile, title: str) -> Assignment:
        """Put an article into its event (new or existing); merge events it proves the same."""
        self.articles_seen += 1
        self._weighted_bags.clear()  # the previous article's bags: their ids may be reused
        self._article_vectors.clear()
        self.document_frequency.update(profile.entities.keys())
        self.document_frequency.update(profile.concepts.keys())
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
                profile.article_id,
                event.id,
                round(best.score, 4),
                best.shared_entities,
                best.shared_quotes,
            )
        event = EventState(id=self._new_id())
        event.add(profile, title)
        self.events[event.id] = event
        self._held.added(event.id)
        self._post(profile, event.id)
        self.dirty.add(event.id)
        best_score = round(matches[0].score, 4) if matches else 0.0
        return Assignment(profile.article_id, event.id, best_score, [], 0, new_event=True)

    def event_candidates(self, profile: ArticleProfile) -> list[str]:
        """Events sharing the article's most telling entities or cross-lingual features,
        recent ones first, within the time window (held, once this returns)."""
        return self._held.candidates(
            self._candidate_keys(profile),
            self.resolve,
            profile.day,
            settings.EVENT_WINDOW_DAYS,
            settings.MAX_CANDIDATE_EVENTS,
        )

    def event(self, event_id: str) -> EventState | None:
        """An event by id, merges followed; read from the store when it is not held."""
        event_id = self.resolve(event_id)
        self._held.hold([event_id])
        return self.events.get(event_id)

    def hold(self, event_ids: Iterable[str]) -> None:
        """Read these events (merges followed) from the store in one go, if not held."""
        self._held.hold(dict.fromkeys(self.resolve(e) for e in event_ids))

    def release(self) -> None:
        """Let go of the least recently used events and postings beyond the bounds held
        (settings.EVENTS_HELD, POSTINGS_HELD); those changed and not saved yet stay."""
        released = self._held.release(
            settings.EVENTS_HELD,
            settings.POSTINGS_HELD,
            settings.EVENT_SPANS_HELD,
            self.unsaved.members | self.dirty,
            self.unsaved.features,
        )
        for event in released:
            if len(event.article_ids) < settings.EVENT_NORM_STALE_MIN_SIZE:
                # (a big event's norms lag its growth: kept, so that reading it back goes
                # on from the same norms as holding it would)
                self._norm_cache.pop(event.id, None)

    def match(self, profile: ArticleProfile, event: EventState) -> Match:
        """How strongly an article belongs to an event: the pairwise similarity's signals taken
        against the event's summed profile, with the evidence."""
        norms = self._norms(event)
        entity_score, shared = self._weighted_overlap(
            profile.entities, event, event.entities, norms[0]
        )
        concept_score, _ = self._weighted_overlap(profile.concepts, event, event.concepts, norms[1])
        title_score, _ = self._weighted_overlap(
            profile.title_concepts, event, event.title_concepts, norms[3]
        )
        quote_score, quote_hits = _quote_overlap(profile.quotes, event.quotes)
        signals = {
            "entities": entity_score,
            "places": _jaccard(profile.places, event.places),
            "concepts": concept_score,
            "lexical": 0.0,
            "numbers": _jaccard(profile.numbers, event.numbers),
            "quotes": quote_score,
            "dates": date_proximity(profile.day, _nearest_day(profile.day, event)),
            "title_concepts": title_score,
            "title_lexical": sparse_dot(profile.title_grams, event.title_grams) / norms[4],
            SAME_LANGUAGE: float(profile.language in event.languages),
        }
        # The encoders that gave both a vector; one still warming up drops out, and the weights
        # fitted without it apply.
        encoders = [name for name in profile.dense if name in event.dense]
        for name in encoders:
            signals[name] = dense_signal(self._cosine(profile.dense[name], event.dense[name]))
        encoder = encoder_key(encoders)
        if corroborated(signals, profile.anchored):
            model = model_for(encoder)
            score = model.score(signals)
            # The lexical grams are the costliest signal: taken only when they can decide
            # (the other signals alone fall short of the threshold, but not out of its reach).
            if score < settings.EVENT_JOIN_THRESHOLD <= model.ceiling(signals, "lexical", score):
                # (an article without grams leaves the event's packed ones unread)
                grams = sparse_dot(profile.grams, event.gram_bag()) if profile.grams else 0.0
                signals["lexical"] = grams / norms[2]
                score = model.score(signals)
        else:
            # One topic is not one happening: without the same day, a shared quotation or
            # shared figures, the similarity is capped below the join threshold.
            score = min(combine(signals, encoder), settings.EVENT_UNCORROBORATED_CAP)
        if _days_apart(profile.day, event) > settings.EVENT_SAME_DAYS:
            score *= settings.EVENT_DATE_MISMATCH_FACTOR
        return Match(event.id, score, shared, quote_hits)

    def idf(self, feature: str) -> float:
        """Rarity of an entity or concept, smoothed with a background prior."""
        if self.articles_seen != self._idf_asked:  # (asked millions of times per corpus size)
            self.idf_epoch()
        value = self._idf_cache.get(feature)
        if value is None:
            value = smoothed_idf(feature, self.document_frequency[feature], self.articles_seen)
            self._idf_cache[feature] = value
        return value

    def idf_epoch(self) -> int:
        """The corpus size the rarities were last computed at. Rarities move slowly: recomputed
        once the corpus grew by a small share, not at every article, so a long stream does not
        pay for its whole vocabulary over and over. Norms computed from them hold as long."""
        if self.articles_seen - self._idf_seen > self._idf_seen * settings.IDF_CACHE_DRIFT:
            self._idf_cache.clear()
            self._idf_seen = self.articles_seen
        self._idf_asked = self.articles_seen
        return self._idf_seen

    def resolve(self, event_id: str) -> str:
        """Follow merges: an event merged into another answers with the survivor's id."""
        while event_id in self.merged_into:
            event_id = self.merged_into[event_id]
        return event_id

    # -- internals ----------------------------------------------------------------------------

    def _candidate_keys(self, profile: ArticleProfile) -> list[str]:
        entities = sorted(profile.entities, key=self.idf, reverse=True)
        concepts = sorted(
            (f for f in profile.concepts if not f.startswith("c:")), key=self.idf, reverse=True
        )
        return entities[: settings.CANDIDATE_ENTITIES] + concepts[: settings.CANDIDATE_CONCEPTS]

    def _norms(self, event: EventState) -> tuple[float, ...]:
        """Norms of the event's weighted vectors, cached while the event and the IDF epoch hold."""
        epoch = self.idf_epoch()
        size = len(event.article_ids) or 1
        cached = self._norm_cache.get(event.id)
        if cached and cached[0][1] == epoch:
            version, _, cached_size = cached[0]
            # A big event's mean vector barely moves with one more report: its norms are
            # reused until it grew by a small share, or a comparison would cost its whole size.
            if version == event.version or (
                cached_size >= settings.EVENT_NORM_STALE_MIN_SIZE
                and size <= cached_size * (1 + settings.EVENT_NORM_STALE_GROWTH)
            ):
                return cached[1]

        norms = (
            self._mean_norm(event.entities, size),
            self._mean_norm(event.concepts, size),
            event.gram_length(),
            self._mean_norm(event.title_concepts, size),
            math.sqrt(sum_of_squares(event.title_grams.values())) or 1.0,
        )
        self._norm_cache[event.id] = ((event.version, epoch, size), norms)
        return norms

    def _mean_norm(self, bag: Counter[str], size: int) -> float:
        """Norm of an event's rarity-weighted mean bag (1 when empty). A norm walks every
        feature of the event, millions a corpus: the rarities are read from the epoch's cache
        in a plain loop, rather than by a call of `idf` and a generator step each (a quarter
        faster). Only the rarities not cached yet go through `idf`, in the bag's order, so the
        cache fills as before; the terms are added in the bag's order from 0, as sum() adds
        them: the same float to the last bit."""
        self.idf_epoch()  # (the cache read below is this corpus size's)
        rarities = self._idf_cache
        total: float = 0
        for feature, count in bag.items():
            rarity = rarities.get(feature)
            if rarity is None:
                rarity = self.idf(feature)
            total += (count / size * rarity) ** 2
        return math.sqrt(total) or 1.0

    def _weighted_overlap(
        self, article: dict[str, float], event: EventState, bag: Counter[str], bag_norm: float
    ) -> tuple[float, list[str]]:
        """IDF-weighted cosine of an article's bag with the event's mean bag; what they share."""
        if not article or not bag:
            return 0.0, []
        size = len(event.article_ids) or 1
        weighted, norm = self._weighted(article)
        # heaviest first; reverse keeps ties in the article's order, as a key of -weight did
        shared = sorted(filter(bag.__contains__, weighted), key=weighted.__getitem__, reverse=True)
        dot = sum(weighted[e] * bag[e] / size * self.idf(e) for e in shared)
        return dot / (norm * bag_norm), shared[:10]

    def _cosine(self, vector: list[float], total: np.ndarray) -> float:
        """Cosine of an article's vector with an event's summed one (0 when either is empty)."""
        cached = self._article_vectors.get(id(vector))
        if cached is None:
            array = np.asarray(vector, dtype=np.float64)
            cached = array, math.sqrt(float(array @ array))
            self._article_vectors[id(vector)] = cached
        array, norm = cached
        if len(array) != len(total):
            return 0.0
        denominator = norm * math.sqrt(float(total @ total))
        return float(array @ total) / denominator if denominator else 0.0

    def _weighted(self, article: dict[str, float]) -> tuple[dict[str, float], float]:
        """An article bag weighted by rarity, and its norm: once per bag while it is compared
        with every candidate event (the bags of the article being assigned, by identity)."""
        cached = self._weighted_bags.get(id(article))
        if cached is None:
            weighted = {e: w * self.idf(e) for e, w in article.items()}
            cached = weighted, math.sqrt(sum_of_squares(weighted.values())) or 1.0
            self._weighted_bags[id(article)] = cached
        return cached

    def _post(self, profile: ArticleProfile, event_id: str) -> None:
        self.unsaved.members.add(event_id)
        self.unsaved.features.update(profile.entities)
        self.unsaved.features.update(profile.concepts)
        keys = list(profile.entities) + [f for f in profile.concepts if not f.startswith("c:")]
        self._held.hold_postings(keys)
        for entity_id in keys:
            post(self.postings, entity_id, event_id)

    def _merge(self, keep: EventState, gone: EventState) -> None:
        if keep.id == gone.id:
            return
        if gone.story_id and keep.story_id and gone.story_id != keep.story_id:
            self.story_merges.append((keep.story_id, gone.story_id, gone.id))
        keep.story_id = keep.story_id or gone.story_id
        keep.absorb(gone)
        self.merged_into[gone.id] = keep.id
        del self.events[gone.id]
        self._held.merged_away(gone.id)
        self._norm_cache.pop(gone.id, None)
        self.dirty.discard(gone.id)
        self.dirty.add(keep.id)
        self.unsaved.merged(gone.id, keep.id)

    def _new_id(self) -> str:
        while f"ev{self._next:05d}" in self.events or f"ev{self._next:05d}" in self.merged_into:
            self._next += 1
        event_id = f"ev{self._next:05d}"
        self._next += 1
        return event_id

    # -- persistence --------------------------------------------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        """The whole index as records: a header, one per feature, per merge and per event."""
        return self.changed_records(whole=True)[0]

    def changed_records(self, whole: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
        """The records changed since the last call, and the ids of events merged away (all
        records, and the changes kept for the next call, when `whole`)."""
        header = {
            "id": HEADER_ID,
            "kind": "index",
            "articles_seen": self.articles_seen,
            "next": self._next,
        }
        return changed_records(
            None if whole else self.unsaved,
            header,
            self._feature_record,
            lambda: sorted(self.document_frequency.keys() | self.postings.keys()),
            self._event_record,
            lambda: list(self.events),
            self.merged_into,
        )

    def _feature_record(self, feature: str) -> dict[str, Any]:
        postings = self.postings.get(feature, ())
        return feature_record(feature, postings, self.document_frequency.get(feature, 0))

    def _event_record(self, event_id: str) -> dict[str, Any] | None:
        e = self.events.get(event_id)
        if e is None:
            return None
        return {
            "kind": "event",
            "id": e.id,
            "article_ids": list(e.article_ids),
            "entities": dict(e.entities),
            "actors": dict(e.actors),
            "grams": e.packed_grams if e.packed_grams is not None else pack_weights(e.grams),
            "quotes": list(e.quotes),
            "languages": dict(e.languages),
            "concepts": dict(e.concepts),
            "numbers": sorted(e.numbers),
            "places": sorted(e.places),
            "dense": {name: total.tolist() for name, total in e.dense.items()},
            "title_concepts": dict(e.title_concepts),
            "title_grams": pack_weights(e.title_grams),
            "first_day": e.first_day.isoformat() if e.first_day else None,
            "last_day": e.last_day.isoformat() if e.last_day else None,
            "title": e.title,
            "story_id": e.story_id,
        }

    @classmethod
    def stored(cls, stored: StoredRecords) -> EventIndex:
        """An index bound to its records in the store: the header, document counts and merges
        read now, events and postings when an article needs them."""
        header = stored.records([HEADER_ID]).get(HEADER_ID)
        if header is not None and "postings" in header:  # saved whole by an older newsweave
            index = cls.from_records(stored.everything())
            index._held.hold_everything(stored)
            return index
        index = cls(stored)
        if header is not None:
            index.articles_seen, index._next = header["articles_seen"], header["next"]
        for row in stored.fields(["feature", "df"], None, FEATURE_PREFIX).values():
            if row["df"]:
                index.document_frequency[row["feature"]] = row["df"]
        index.merged_into.update(saved_merges(stored))
        return index

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> EventIndex:
        index = cls()
        for record in records:
            if record["kind"] == "index":
                index.articles_seen = record["articles_seen"]
                index._next = record["next"]
                if "postings" in record:  # saved whole by an older newsweave
                    index.document_frequency = Counter(record["document_frequency"])
                    index.merged_into = dict(record["merged_into"])
                    index.postings.update(
                        (e, bounded_posting(p)) for e, p in record["postings"].items()
                    )
                    index.unsaved.everything = True
            elif record["kind"] == "feature":
                if record["df"]:
                    index.document_frequency[record["feature"]] = record["df"]
                if record["postings"]:
                    index.postings[record["feature"]] = bounded_posting(record["postings"])
            elif record["kind"] == "merge":
                index.merged_into[record["gone"]] = record["into"]
            else:
                index.events[record["id"]] = _event_from_record(record)
        return index


def _event_from_record(record: dict[str, Any]) -> EventState:
    return EventState(
        id=record["id"],
        article_ids=list(record["article_ids"]),
        entities=Counter(record["entities"]),
        actors=Counter(record.get("actors", {})),
        grams=Counter() if isinstance(record["grams"], str) else unpack_weights(record["grams"]),
        packed_grams=record["grams"] if isinstance(record["grams"], str) else None,
        quotes=[(q[0], q[1]) for q in record["quotes"]],
        languages=Counter(record["languages"]),
        concepts=Counter(record.get("concepts", {})),
        numbers=set(record.get("numbers", [])),
        places=set(record.get("places", [])),
        dense=_arrays(stored_vectors(record.get("dense"))),
        title_concepts=Counter(record.get("title_concepts", {})),
        title_grams=unpack_weights(record.get("title_grams", {})),
        first_day=record_day(record["first_day"]),
        last_day=record_day(record["last_day"]),
        title=record["title"],
        story_id=record["story_id"],
    )


def _quote_overlap(
    quotes: list[tuple[str, str]], others: list[tuple[str, str]]
) -> tuple[float, int]:
    """Best quotation match between article and event, and how many quotes matched."""
    if not quotes or not others:
        # no match (the threshold is above 0), and no quotation keyed for nothing
        return 0.0, 0
    # The event's keys looked up once per comparison, not once per quotation of the article
    keys = [quote_key(o, ol) for o, ol in others]
    best, hits = 0.0, 0
    for text, language in quotes:
        key = quote_key(text, language)
        top = max([quote_similarity(key, other) for other in keys], default=0.0)
        best = max(best, top)
        hits += top >= settings.QUOTE_MATCH_THRESHOLD
    # The best match alone, as in the pairwise similarity the weights were fitted on: many
    # loose matches are what long quotation-rich articles of one topic always have.
    return best, hits


def event_profile(event: EventState) -> ArticleProfile:
    """An event's reports taken together as one profile: what its story is judged by."""
    return bag_profile(event.id, event.last_day, event.entities, event.actors, event.concepts)


def corroborated(signals: dict[str, float], anchored: bool = True) -> bool:
    """Evidence that two reports tell the same occurrence, not just the same subject (the
    same day only counts for a report whose day was read against its publication date)."""
    return (
        (anchored and signals["dates"] >= settings.EVENT_SAME_DAY_PROXIMITY)
        or signals["quotes"] >= settings.EVENT_QUOTE_PROOF
        or signals["numbers"] >= settings.EVENT_NUMBERS_PROOF
    )


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)  # walks the smaller set; the union's size follows without building it
    return shared / (len(a) + len(b) - shared)


def _add_vectors(
    totals: dict[str, np.ndarray], vectors: Mapping[str, Sequence[float] | np.ndarray]
) -> None:
    """Add each encoder's vector to that encoder's sum."""
    for name, vector in vectors.items():
        if not len(vector):
            continue
        total = totals.get(name)
        array = np.asarray(vector, dtype=np.float64)
        totals[name] = array.copy() if total is None or not len(total) else total + array


def _arrays(vectors: Mapping[str, Sequence[float]]) -> dict[str, np.ndarray]:
    return {name: np.asarray(v, dtype=np.float64) for name, v in vectors.items() if len(v)}


def _nearest_day(day: date | None, event: EventState) -> date | None:
    """The event's day closest to the article's: inside its span counts as the same day."""
    if day is None or event.first_day is None or event.last_day is None:
        return None
    return min(max(day, event.first_day), event.last_day)


def _days_apart(day: date | None, event: EventState) -> float:
    return days_outside(day, event.first_day, event.last_day)


__all__ = [
    "EventIndex",
    "EventState",
    "Match",
    "event_profile",
    "profile_from_record",
    "profile_record",
]
