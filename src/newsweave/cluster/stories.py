"""Stories: events chained into one thread by the actors they share, over months.

A story is looser than an event: the same people and organisations acting
again, weeks or months later. Time gaps are allowed up to a long limit, so a
thread survives a quiet summer. Two stories that the articles keep finding about
equally close are one thread begun twice, and merge.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsweave import settings
from newsweave.cluster.held import HeldClusters, saved_merges
from newsweave.cluster.profile import ArticleProfile, bag_profile, sparse_dot, sum_of_squares
from newsweave.cluster.state import (
    HEADER_ID,
    Unsaved,
    bounded_posting,
    changed_records,
    feature_record,
    post,
    record_day,
)
from newsweave.held import StoredRecords

# Event counts at which a story asks whether it is another's twin: each a quarter more than
# the last (2, 3, 4, 5, 6, 8, 10, 12, 15, 19…), log-many so the cost per article stays flat, yet
# soon enough that a language's own start of a thread meets the main one while both are young.
_TWIN_CHECKPOINTS = frozenset(
    math.ceil(settings.STORY_TWIN_CHECK_GROWTH**k) for k in range(1, 200)
) - {1}


@dataclass
class StoryState:
    id: str
    event_ids: list[str] = field(default_factory=list)
    entities: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    concepts: Counter[str] = field(default_factory=Counter)
    first_day: date | None = None
    last_day: date | None = None
    title: str = ""
    # Evidence that this story and another are one thread, from the articles that had to
    # choose between them: other story id -> [articles that saw both, articles torn between].
    # Kept on the story with the smaller id of the two.
    links: dict[str, list[int]] = field(default_factory=dict)
    # Squared norms of the weighted entity and concept bags, kept up to date as members come
    # in, so a comparison costs the article's features, not the story's (which only grow).
    norm_epoch: int = field(default=-1, repr=False, compare=False)
    squares: list[float] = field(default_factory=lambda: [0.0, 0.0], repr=False, compare=False)

    def add(self, profile: ArticleProfile, event_id: str, title: str) -> None:
        if event_id not in self.event_ids:
            self.event_ids.append(event_id)
        self.entities.update(profile.entities)
        self.actors.update(profile.actors)
        self.concepts.update(profile.concepts)
        self._bound()
        if profile.day:
            self.first_day = min(filter(None, (self.first_day, profile.day)))
            self.last_day = max(filter(None, (self.last_day, profile.day)))
        self.title = self.title or title

    def shift(self, event: ArticleProfile, actor_counts: Counter[str], sign: int) -> None:
        """Add (sign 1) or take out (sign -1) a whole event's reports at once: its summed
        entities, actors and concepts. Its days stay in the span (a span only widens)."""
        for bag, counts in (
            (self.entities, event.entities),
            (self.actors, actor_counts),
            (self.concepts, event.concepts),
        ):
            if sign > 0:
                bag.update(counts)
            else:
                bag.subtract(counts)
                for feature in counts:
                    if bag[feature] <= 1e-9:  # (float sums: a taken-out event leaves dust)
                        del bag[feature]
        if sign > 0:
            self._bound()
            if event.day:
                self.first_day = min(filter(None, (self.first_day, event.day)))
                self.last_day = max(filter(None, (self.last_day, event.day)))
        self.norm_epoch = -1  # the running squares no longer add up: recomputed once

    def _bound(self) -> None:
        """A thread lives for months and names ever more people and things; what it is found
        by is its recurring core. Past a bound its rarest features go, so its record, its
        memory and its norms stay the same size however long it runs."""
        pruned = False
        for bag in (self.entities, self.concepts):
            if len(bag) > settings.STORY_MAX_FEATURES * 3 // 2:
                for feature, _ in bag.most_common()[settings.STORY_MAX_FEATURES :]:
                    del bag[feature]
                pruned = True
        if pruned:
            for actor in [a for a in self.actors if a not in self.entities]:
                del self.actors[actor]
            self.norm_epoch = -1  # the running squares no longer add up: recomputed once


SIMILARITY_DIGITS = 9  # far coarser than float noise, far finer than any threshold
STORY_ID_PREFIX = "st"  # a story's id and its record's key: "st00042"


class StoryIndex:
    """Stories so far and an actor → stories index over them.

    Built from records (`from_records`), it holds everything. Bound to a store (`stored`), it
    holds the merges, and reads a story, or a feature's postings, when an article first needs
    it; `release` lets go of the least recently used ones the store has. A thread names ever
    more events, and a long archive has many threads: held whole, 100,000 articles' stories
    took some 50 MB of a writer's memory, and a million would take ten times that."""

    def __init__(self, stored: StoredRecords | None = None) -> None:
        self.stories: dict[str, StoryState] = {}  # held stories (all of them, built in memory)
        self.postings: dict[str, deque[str]] = {}
        self.merged_into: dict[str, str] = {}
        self.unsaved = Unsaved()  # records the store has not seen
        self._next = 1
        # When the rarities last changed (EventIndex.idf_epoch, set by the Clusterer): a
        # story's norms are kept up to date as members come in, and recomputed from scratch
        # once the rarities moved, so a story held all along and one read back agree.
        self.idf_epoch: Callable[[], int] = lambda: 0
        self._held = HeldClusters(stored, "story", _story_from_record, self.stories, self.postings)

    def place(
        self,
        profile: ArticleProfile,
        event_id: str,
        event_story: str | None,
        title: str,
        idf: Callable[[str], float],
    ) -> str:
        """The story of an article's event: the event's own, or the best matching, or a new one."""
        story_id = self.resolve(event_story) if event_story else None
        if story_id is not None:
            self._held.hold([story_id])
        if story_id is None or story_id not in self.stories:
            scored = sorted(
                self._scored(profile, self.story_candidates(profile, idf), idf), reverse=True
            )
            best = scored[0] if scored else (0.0, "")
            story_id = None
            if best[0] >= settings.STORY_JOIN_THRESHOLD:
                story_id = self._weigh_rivals(scored)
        if story_id is None:
            story_id = self._new_id()
            self.stories[story_id] = StoryState(id=story_id)
            self._held.added(story_id)
        story = self.stories[story_id]
        events_before = len(story.event_ids)
        epoch = self.idf_epoch()
        if story.norm_epoch == epoch:
            before = _weighted_squares(profile, story, idf)
            story.add(profile, event_id, title)
            after = _weighted_squares(profile, story, idf)
            story.squares = [
                max(s + a - b, 0.0) for s, a, b in zip(story.squares, after, before, strict=True)
            ]
        else:
            story.add(profile, event_id, title)
        self.unsaved.members.add(story_id)
        self._post(story_keys(profile, idf), story_id)
        size = len(story.event_ids)
        if size > events_before and size in _TWIN_CHECKPOINTS:
            story_id = self._join_twin(story, idf)
        return story_id

    def _join_twin(self, story: StoryState, idf: Callable[[str], float]) -> str:
        """Merge a story into a thread it has turned out to be, asked at each of
        _TWIN_CHECKPOINTS (log-many times, so the cost per article stays flat). A topic's first
        reports in one language can start a thread of their own beside the one the others
        began; grown a little, the two bags of actors and concepts are plainly one."""
        whole = bag_profile(story.id, story.last_day, story.entities, story.actors, story.concepts)
        others = [sid for sid in self.story_candidates(whole, idf) if sid != story.id]
        best_score, best_id = max(self._scored(whole, others, idf), default=(0.0, story.id))
        if best_score < settings.STORY_TWIN_SIMILARITY:
            return story.id
        return self._merge_threads(best_id, story.id)

    def reconsider(
        self,
        event: ArticleProfile,
        actor_counts: Counter[str],
        story_id: str,
        idf: Callable[[str], float],
    ) -> str:
        """The story of a grown event, asked again from all its reports together.

        An event keeps the story its first report chose, and the first report of a new
        happening is the least telling: it may be the one that names an airline and the
        Brexit deadline both. Asked again each time the event doubles (log-many times, so
        the cost per report stays flat), the event moves when its reports as a whole are
        clearly closer to another thread than to their own without them."""
        story_id = self.resolve(story_id)
        current = self.story(story_id)
        if current is None or event.article_id not in current.event_ids:
            return story_id  # (an event profile carries the event's id as its own)
        current.shift(event, actor_counts, -1)
        weighted = weighted_bags(event, idf)
        own = self.similarity(event, current, idf, weighted)
        best_score, best_id = max(
            self._scored(event, self.story_candidates(event, idf), idf, weighted),
            default=(0.0, story_id),
        )
        if (
            best_id == story_id
            or best_score < settings.STORY_JOIN_THRESHOLD
            or own >= settings.STORY_TIE_RATIO * best_score
        ):
            current.shift(event, actor_counts, 1)
            # Taken out and put back, its bags are not bit for bit what they were (float sums,
            # a feature's place in its bag): saved as they are now, so that a writer that lets
            # it go and reads it back goes on from the same story.
            self.unsaved.members.add(story_id)
            return story_id
        current.event_ids.remove(event.article_id)
        target = self.stories[best_id]
        target.event_ids.append(event.article_id)
        target.shift(event, actor_counts, 1)
        self.unsaved.members.update((story_id, best_id))
        self._post(story_keys(event, idf), best_id)
        if not current.event_ids:
            self.merge(best_id, story_id)  # a thread left with no events lives on as its heir
        return best_id

    def split(
        self, story_id: str, members: list[StoryMember], idf: Callable[[str], float]
    ) -> str | None:
        """Part a story whose events fall into two threads far apart; the new story's id.

        A topic's first reports can be placed before any story of their own exists, into a
        thread they merely overlap (an airline's strike into Brexit: the same countries, the
        same union). Both topics then grow in one story and never part. Two-means over the
        story's events (the biggest ones seed it), by the same actor and concept bags the
        story is judged by, finds the two threads; they part when each holds a fair share of
        the reports and the two halves have little in common."""
        story = self.story(story_id)
        if story is None or len(members) < 2:
            return None
        vectors = [_thread_vector(m.profile, m.actors, idf) for m in members]
        reports = [m.size for m in members]
        groups = _two_threads(vectors, reports)
        if groups is None:
            return None
        sizes = [sum(reports[i] for i in group) for group in groups]
        small = 0 if sizes[0] < sizes[1] else 1
        if sizes[small] < max(
            settings.STORY_SPLIT_MIN_ARTICLES, settings.STORY_SPLIT_MIN_SHARE * sum(sizes)
        ):
            return None
        halves = [_summed(vectors, reports, group) for group in groups]
        if _sparse_cosine(halves[0], halves[1]) >= settings.STORY_SPLIT_SIMILARITY:
            return None
        moved = [members[i] for i in groups[small]]
        new = StoryState(id=self._new_id(), title=max(moved, key=lambda m: m.size).title)
        self.stories[new.id] = new
        self._held.added(new.id)
        for member in moved:
            story.shift(member.profile, member.actors, -1)
            story.event_ids.remove(member.event_id)
            new.event_ids.append(member.event_id)
            new.shift(member.profile, member.actors, 1)
            self._post(story_keys(member.profile, idf), new.id)
        self.unsaved.members.update((story.id, new.id))
        return new.id

    def _weigh_rivals(self, scored: list[tuple[float, str]]) -> str:
        """The best story of an article, after counting which rivals it was torn between.

        A topic's first articles come before any story exists, so one topic can start as
        several threads that then grow side by side, each article picking whichever is a
        little closer. One article torn between two stories is weak evidence; but when a
        steady share of the articles that see both are torn, the two are one thread and
        merge. Two topics that only share a few names are seldom close at once."""
        best_score, best_id = scored[0]
        tie_floor = max(settings.STORY_JOIN_THRESHOLD, settings.STORY_TIE_RATIO * best_score)
        for score, rival_id in scored[1:]:
            if rival_id not in self.stories or best_id not in self.stories:
                continue  # merged away earlier in this loop
            seen_torn = self._link(best_id, rival_id)
            seen_torn[0] += 1
            seen_torn[1] += score >= tie_floor
            seen, torn = seen_torn
            if seen >= settings.STORY_LINK_MIN_SEEN and torn >= seen * settings.STORY_LINK_SHARE:
                best_id = self._merge_threads(best_id, rival_id)
        return best_id

    def _link(self, a: str, b: str) -> list[int]:
        """The evidence counts of a pair of stories (kept on the smaller id), bounded per
        story: past the limit the pair seen least often gives way."""
        owner, other = sorted((a, b))
        links = self.stories[owner].links
        self.unsaved.members.add(owner)
        if other not in links and len(links) >= settings.STORY_MAX_LINKS:
            del links[min(links, key=lambda k: links[k][0])]
        return links.setdefault(other, [0, 0])

    def _merge_threads(self, a: str, b: str) -> str:
        """Merge two stories found to be one thread into the one with more events."""
        if len(self.stories[a].event_ids) < len(self.stories[b].event_ids):
            a, b = b, a
        return self.merge(a, b)

    def story_candidates(self, profile: ArticleProfile, idf: Callable[[str], float]) -> list[str]:
        """Stories sharing the article's key features, within the longest gap a thread allows,
        the most recently posted first (held, once this returns)."""
        return self._held.candidates(
            story_keys(profile, idf),
            self.resolve,
            profile.day,
            settings.STORY_MAX_GAP_DAYS,
            settings.MAX_CANDIDATE_EVENTS,
        )

    def hold(self, story_ids: Iterable[str]) -> None:
        """Read these stories (merges followed) from the store in one go, if not held."""
        self._held.hold(dict.fromkeys(self.resolve(s) for s in story_ids))

    def story(self, story_id: str) -> StoryState | None:
        """A story by id, merges followed; read from the store when it is not held."""
        story_id = self.resolve(story_id)
        self._held.hold([story_id])
        return self.stories.get(story_id)

    def release(self) -> None:
        """Let go of the least recently used stories and postings beyond the bounds held
        (settings.STORIES_HELD, STORY_POSTINGS_HELD); those changed and not saved yet stay."""
        self._held.release(
            settings.STORIES_HELD,
            settings.STORY_POSTINGS_HELD,
            settings.STORY_SPANS_HELD,
            self.unsaved.members,
            self.unsaved.features,
        )

    def _post(self, keys: list[str], story_id: str) -> None:
        self._held.hold_postings(keys)
        for feature in keys:
            if post(self.postings, feature, story_id):
                self.unsaved.features.add(feature)

    def _scored(
        self,
        profile: ArticleProfile,
        candidates: list[str],
        idf: Callable[[str], float],
        weighted: WeightedBags | None = None,
    ) -> list[tuple[float, str]]:
        """(similarity, id) of each candidate story. The profile's bags are weighted once for
        all of them, and not at all without a candidate: the rarities asked for, and so the
        values the IDF cache settles on, stay those a comparison per story asked for."""
        if not candidates:
            return []
        weighted = weighted or weighted_bags(profile, idf)
        return [
            (self.similarity(profile, self.stories[sid], idf, weighted), sid) for sid in candidates
        ]

    def similarity(
        self,
        profile: ArticleProfile,
        story: StoryState,
        idf: Callable[[str], float],
        weighted: WeightedBags | None = None,
    ) -> float:
        """IDF-weighted cosines over entities (the actors counted double: who acts makes a
        thread) and over the cross-lingual concept bag (what the thread is about). `weighted`:
        the profile's weighted bags, when they were taken already."""
        story_norms = self._norms(story, idf)
        actors = concepts = 0.0
        weighted = weighted or weighted_bags(profile, idf)
        a, norm_a = weighted.entities, weighted.entity_norm
        if norm_a and story_norms[0]:
            dot = sum(
                v * story.entities[e] * _entity_weight(e, story.actors, idf)
                for e, v in a.items()
                if e in story.entities
            )
            actors = dot / (norm_a * story_norms[0])
        c, norm_c = weighted.concepts, weighted.concept_norm
        if norm_c and story_norms[1]:
            dot = sum(v * story.concepts[f] * idf(f) for f, v in c.items() if f in story.concepts)
            concepts = dot / (norm_c * story_norms[1])
        # Rounded: a story's norms are kept up to date as members come in, or recomputed when
        # it is read back from the store, and the two differ in the last bits; two threads
        # equally close must stay a tie (broken by id), whichever way the norm was reached.
        return round(
            settings.STORY_WEIGHT_ENTITIES * actors + settings.STORY_WEIGHT_CONCEPTS * concepts,
            SIMILARITY_DIGITS,
        )

    def _norms(self, story: StoryState, idf: Callable[[str], float]) -> tuple[float, float]:
        """The story's bag norms: updated as members come in, recomputed once an IDF epoch."""
        epoch = self.idf_epoch()
        if story.norm_epoch != epoch:
            story.squares = [
                _weighted_square_sum(story.entities, story.actors, idf),
                _weighted_square_sum(story.concepts, (), idf),
            ]
            story.norm_epoch = epoch
        return math.sqrt(story.squares[0]), math.sqrt(story.squares[1])

    def join_for_event_merge(self, keep_id: str, gone_id: str, gone_event: str) -> str:
        """Two events found to be one: a young story of the gone event folds into the kept
        event's story, but two established threads stay apart (one article bridging them is
        weak evidence, and one wrong merge would mix two whole topics); the gone event simply
        leaves its story."""
        keep_id, gone_id = self.resolve(keep_id), self.resolve(gone_id)
        self._held.hold([keep_id, gone_id])
        gone = self.stories.get(gone_id)
        if gone is None or keep_id == gone_id:
            return keep_id
        if len(gone.event_ids) <= settings.STORY_MERGE_MAX_EVENTS or keep_id not in self.stories:
            return self.merge(keep_id, gone_id)
        if len(self.stories[keep_id].event_ids) <= settings.STORY_MERGE_MAX_EVENTS:
            # the kept event's story is the young one: it folds into the established thread
            return self.merge(gone_id, keep_id)
        if gone_event in gone.event_ids:
            gone.event_ids.remove(gone_event)
            self.unsaved.members.add(gone_id)
        return keep_id

    def merge(self, keep_id: str, gone_id: str) -> str:
        """Two events found to be one: their stories become one too."""
        keep_id, gone_id = self.resolve(keep_id), self.resolve(gone_id)
        if keep_id == gone_id:
            return keep_id
        self._held.hold([keep_id, gone_id])
        keep, gone = self.stories[keep_id], self.stories.pop(gone_id)
        self._held.merged_away(gone_id)
        keep.event_ids.extend(e for e in gone.event_ids if e not in keep.event_ids)
        keep.entities.update(gone.entities)
        keep.actors.update(gone.actors)
        keep.concepts.update(gone.concepts)
        keep._bound()
        keep.norm_epoch = -1
        days = [d for d in (keep.first_day, keep.last_day, gone.first_day, gone.last_day) if d]
        keep.first_day, keep.last_day = (min(days), max(days)) if days else (None, None)
        self.merged_into[gone_id] = keep_id
        self.unsaved.merged(gone_id, keep_id)
        # the gone story's evidence about its rivals is now the kept story's
        keep.links.pop(gone_id, None)
        self._held.hold(dict.fromkeys(self.resolve(other) for other in gone.links))
        for other, (seen, torn) in gone.links.items():
            other = self.resolve(other)
            if other != keep_id and other in self.stories:
                counts = self._link(keep_id, other)
                counts[0] += seen
                counts[1] += torn
        return keep_id

    def resolve(self, story_id: str) -> str:
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    def _new_id(self) -> str:
        story_id = f"{STORY_ID_PREFIX}{self._next:05d}"
        self._next += 1
        return story_id

    def to_records(self) -> list[dict[str, Any]]:
        """The whole index as records: a header, one per feature, per merge and per story."""
        return self.changed_records(whole=True)[0]

    def changed_records(self, whole: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
        """The records changed since the last call, and the ids of stories merged away (all
        records, and the changes kept for the next call, when `whole`)."""
        return changed_records(
            None if whole else self.unsaved,
            {"id": HEADER_ID, "kind": "index", "next": self._next},
            self._feature_record,
            lambda: sorted(self.postings),
            self._story_record,
            lambda: list(self.stories),
            self.merged_into,
        )

    def _feature_record(self, feature: str) -> dict[str, Any]:
        return feature_record(feature, self.postings.get(feature, ()))

    def _story_record(self, story_id: str) -> dict[str, Any] | None:
        s = self.stories.get(story_id)
        if s is None:
            return None
        return {
            "kind": "story",
            "id": s.id,
            "event_ids": list(s.event_ids),
            "entities": dict(s.entities),
            "actors": dict(s.actors),
            "concepts": dict(s.concepts),
            "first_day": s.first_day.isoformat() if s.first_day else None,
            "last_day": s.last_day.isoformat() if s.last_day else None,
            "title": s.title,
            "links": {other: list(counts) for other, counts in s.links.items()},
        }

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> StoryIndex:
        index = cls()
        for record in records:
            if record["kind"] == "index":
                index._next = record["next"]
                if "postings" in record:  # saved whole by an older newsweave
                    index.merged_into = dict(record["merged_into"])
                    index.postings.update(
                        (e, bounded_posting(p)) for e, p in record["postings"].items()
                    )
                    index.unsaved.everything = True
            elif record["kind"] == "feature":
                index.postings[record["feature"]] = bounded_posting(record["postings"])
            elif record["kind"] == "merge":
                index.merged_into[record["gone"]] = record["into"]
            else:
                index.stories[record["id"]] = _story_from_record(record)
        return index

    @classmethod
    def stored(cls, stored: StoredRecords) -> StoryIndex:
        """An index bound to its records in the store: the header and merges read now,
        stories and postings when an article needs them."""
        header = stored.records([HEADER_ID]).get(HEADER_ID)
        if header is not None and "postings" in header:  # saved whole by an older newsweave
            index = cls.from_records(stored.everything())
            index._held.hold_everything(stored)
            return index
        index = cls(stored)
        if header is not None:
            index._next = header["next"]
        index.merged_into.update(saved_merges(stored))
        return index


def _story_from_record(record: dict[str, Any]) -> StoryState:
    return StoryState(
        id=record["id"],
        event_ids=list(record["event_ids"]),
        entities=Counter(record["entities"]),
        actors=Counter(record["actors"]),
        concepts=Counter(record.get("concepts", {})),
        first_day=record_day(record["first_day"]),
        last_day=record_day(record["last_day"]),
        title=record["title"],
        links={o: list(c) for o, c in record.get("links", {}).items()},
    )


def story_keys(profile: ArticleProfile, idf: Callable[[str], float]) -> list[str]:
    """The features a story is found by: the article's most central entities by TF-IDF (a
    thread's actors recur; its rarest names do not) and its most telling name skeletons."""
    entities = sorted(profile.entities, key=lambda e: -profile.entities[e] * idf(e))
    names = sorted(
        (f for f in profile.concepts if f.startswith("e:")),
        key=lambda f: -profile.concepts[f] * idf(f),
    )
    return entities[: settings.STORY_KEY_ENTITIES] + names[: settings.STORY_KEY_NAMES]


@dataclass
class StoryMember:
    """One event of a story, as `StoryIndex.split` weighs it."""

    event_id: str
    profile: ArticleProfile  # its reports' summed bags (events.event_profile)
    actors: Counter[str]
    size: int  # its reports
    title: str


def _thread_vector(
    profile: ArticleProfile, actors: Counter[str], idf: Callable[[str], float]
) -> dict[str, float]:
    """An event's actor and concept bags as one unit vector, each part weighted as
    `StoryIndex.similarity` weighs it."""
    vector: dict[str, float] = {}
    parts = (
        ("e", {e: w * _entity_weight(e, actors, idf) for e, w in profile.entities.items()},
         settings.STORY_WEIGHT_ENTITIES),
        ("c", {f: w * idf(f) for f, w in profile.concepts.items()}, settings.STORY_WEIGHT_CONCEPTS),
    )  # fmt: skip
    for prefix, bag, weight in parts:
        norm = math.sqrt(sum_of_squares(bag.values()))
        for key, value in bag.items():
            if norm and value:
                vector[prefix + key] = value / norm * math.sqrt(weight)
    return vector


def _two_threads(vectors: list[dict[str, float]], sizes: list[int]) -> list[list[int]] | None:
    """Spherical two-means of the events: seeded by the biggest event and the one least like
    it among the next biggest, centroids weighted by reports."""
    ranked = sorted(range(len(vectors)), key=lambda i: -sizes[i])
    first = ranked[0]
    second = min(
        ranked[1 : settings.STORY_SPLIT_SEEDS + 1],
        key=lambda i: _sparse_cosine(vectors[i], vectors[first]),
    )
    centroids = [dict(vectors[first]), dict(vectors[second])]
    groups: list[list[int]] = [[], []]
    # each vector's and each centroid's squared length once, not at every comparison
    squares = [_squares(vector) for vector in vectors]
    for _ in range(settings.STORY_SPLIT_ROUNDS):
        groups = [[], []]
        near_squares = [_squares(centroid) for centroid in centroids]
        for i, vector in enumerate(vectors):
            near = _sparse_cosine(
                vector, centroids[0], squares[i], near_squares[0]
            ) >= _sparse_cosine(vector, centroids[1], squares[i], near_squares[1])
            groups[0 if near else 1].append(i)
        if not groups[0] or not groups[1]:
            return None
        centroids = [_summed(vectors, sizes, group) for group in groups]
    return groups


def _summed(
    vectors: list[dict[str, float]], sizes: list[int], group: list[int]
) -> dict[str, float]:
    """The report-weighted sum of a group's vectors."""
    total: dict[str, float] = {}
    for i in group:
        for key, value in vectors[i].items():
            total[key] = total.get(key, 0.0) + sizes[i] * value
    return total


def _squares(vector: dict[str, float]) -> float:
    return sum_of_squares(vector.values())


def _sparse_cosine(
    a: dict[str, float],
    b: dict[str, float],
    a_squares: float | None = None,
    b_squares: float | None = None,
) -> float:
    """Cosine of two sparse vectors; their squared lengths may be given, when known."""
    a_squares = _squares(a) if a_squares is None else a_squares
    b_squares = _squares(b) if b_squares is None else b_squares
    if len(a) > len(b):
        a, b = b, a
    dot = sparse_dot(a, b)
    norm = math.sqrt(a_squares * b_squares)
    return dot / norm if norm else 0.0


def _entity_weight(
    entity: str, actors: set[str] | Counter[str], idf: Callable[[str], float]
) -> float:
    return idf(entity) * (settings.STORY_ACTOR_BOOST if entity in actors else 1.0)


def _weighted_square_sum(
    bag: Counter[str], actors: set[str] | Counter[str] | tuple[()], idf: Callable[[str], float]
) -> float:
    """Sum of a story bag's squared weighted counts (the actors among them boosted). A story's
    whole bag is walked at each IDF epoch: one plain loop, a quarter faster than a generator
    calling _entity_weight per feature. Its terms are _entity_weight's (a plain feature's
    rarity times 1.0 is its rarity), added in the bag's order from 0 as sum() adds them: the
    same total to the last bit."""
    boost = settings.STORY_ACTOR_BOOST
    total: float = 0
    for feature, count in bag.items():
        total += (count * (idf(feature) * (boost if feature in actors else 1.0))) ** 2
    return total


@dataclass(frozen=True)
class WeightedBags:
    """A profile's bags weighted as `StoryIndex.similarity` weighs them, with their norms."""

    entities: dict[str, float]
    entity_norm: float
    concepts: dict[str, float]
    concept_norm: float


def weighted_bags(profile: ArticleProfile, idf: Callable[[str], float]) -> WeightedBags:
    """The profile's entities weighted by rarity (its actors boosted) and its concepts by
    rarity: taken once for all the stories one profile is compared with."""
    entities = {e: w * _entity_weight(e, profile.actors, idf) for e, w in profile.entities.items()}
    concepts = {f: w * idf(f) for f, w in profile.concepts.items()}
    return WeightedBags(
        entities,
        math.sqrt(sum_of_squares(entities.values())),
        concepts,
        math.sqrt(sum_of_squares(concepts.values())),
    )


def _weighted_squares(
    profile: ArticleProfile, story: StoryState, idf: Callable[[str], float]
) -> list[float]:
    """The story's squared weighted counts of the article's features (what adding it changes)."""
    return [
        sum(
            (story.entities[e] * _entity_weight(e, story.actors, idf)) ** 2
            for e in profile.entities
            if e in story.entities
        ),
        sum((story.concepts[f] * idf(f)) ** 2 for f in profile.concepts if f in story.concepts),
    ]
