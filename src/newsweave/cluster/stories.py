"""Stories: events chained into one thread by the actors they share, over months.

A story is looser than an event: the same people and organisations acting
again, weeks or months later. Time gaps are allowed up to a long limit, so a
thread survives a quiet summer.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsweave import settings
from newsweave.cluster.profile import ArticleProfile, days_outside
from newsweave.cluster.similarity import weighted_cosine


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

    def add(self, profile: ArticleProfile, event_id: str, title: str) -> None:
        if event_id not in self.event_ids:
            self.event_ids.append(event_id)
        self.entities.update(profile.entities)
        self.actors.update(profile.actors)
        self.concepts.update(profile.concepts)
        if profile.day:
            self.first_day = min(filter(None, (self.first_day, profile.day)))
            self.last_day = max(filter(None, (self.last_day, profile.day)))
        self.title = self.title or title


class StoryIndex:
    """Stories so far and an actor → stories index over them."""

    def __init__(self) -> None:
        self.stories: dict[str, StoryState] = {}
        self.postings: dict[str, deque[str]] = {}
        self.merged_into: dict[str, str] = {}
        self._next = 1

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
        if story_id is None or story_id not in self.stories:
            scored = [
                (self.similarity(profile, self.stories[sid], idf), sid)
                for sid in self.story_candidates(profile, idf)
            ]
            best = max(scored, default=(0.0, ""))
            story_id = best[1] if best[0] >= settings.STORY_JOIN_THRESHOLD else None
        if story_id is None:
            story_id = self._new_id()
            self.stories[story_id] = StoryState(id=story_id)
        story = self.stories[story_id]
        story.add(profile, event_id, title)
        for entity_id in story_keys(profile, idf):
            posting = self.postings.setdefault(
                entity_id, deque(maxlen=settings.POSTINGS_PER_ENTITY)
            )
            if not posting or posting[-1] != story_id:
                posting.append(story_id)
        return story_id

    def story_candidates(self, profile: ArticleProfile, idf: Callable[[str], float]) -> list[str]:
        seen: dict[str, None] = {}
        for entity_id in story_keys(profile, idf):
            for story_id in reversed(self.postings.get(entity_id, ())):
                story_id = self.resolve(story_id)
                story = self.stories.get(story_id)
                if story is None or story_id in seen:
                    continue
                if _gap_days(profile.day, story) > settings.STORY_MAX_GAP_DAYS:
                    continue
                seen[story_id] = None
        return list(seen)[: settings.MAX_CANDIDATE_EVENTS]

    def similarity(
        self, profile: ArticleProfile, story: StoryState, idf: Callable[[str], float]
    ) -> float:
        """IDF-weighted cosines over entities (the actors counted double: who acts makes a
        thread) and over the cross-lingual concept bag (what the thread is about)."""
        def weights(items: dict[str, float], actors: set[str] | Counter[str]) -> dict[str, float]:
            return {
                e: w * idf(e) * (settings.STORY_ACTOR_BOOST if e in actors else 1.0)
                for e, w in items.items()
            }

        a = weights(profile.entities, profile.actors)
        size = sum(story.entities.values()) or 1.0
        b = weights({e: n / size for e, n in story.entities.items()}, story.actors)
        norm_a = math.sqrt(sum(v * v for v in a.values())) or 1.0
        norm_b = math.sqrt(sum(v * v for v in b.values())) or 1.0
        actors = sum(v * b.get(e, 0.0) for e, v in a.items()) / (norm_a * norm_b)
        concepts = weighted_cosine(profile.concepts, story.concepts, idf)
        return settings.STORY_WEIGHT_ENTITIES * actors + settings.STORY_WEIGHT_CONCEPTS * concepts

    def merge(self, keep_id: str, gone_id: str) -> str:
        """Two events found to be one: their stories become one too."""
        keep_id, gone_id = self.resolve(keep_id), self.resolve(gone_id)
        if keep_id == gone_id:
            return keep_id
        keep, gone = self.stories[keep_id], self.stories.pop(gone_id)
        keep.event_ids.extend(e for e in gone.event_ids if e not in keep.event_ids)
        keep.entities.update(gone.entities)
        keep.actors.update(gone.actors)
        keep.concepts.update(gone.concepts)
        days = [d for d in (keep.first_day, keep.last_day, gone.first_day, gone.last_day) if d]
        keep.first_day, keep.last_day = (min(days), max(days)) if days else (None, None)
        self.merged_into[gone_id] = keep_id
        return keep_id

    def resolve(self, story_id: str) -> str:
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    def _new_id(self) -> str:
        story_id = f"st{self._next:05d}"
        self._next += 1
        return story_id

    def to_records(self) -> list[dict[str, Any]]:
        header = {
            "kind": "index",
            "merged_into": self.merged_into,
            "postings": {e: list(p) for e, p in self.postings.items()},
            "next": self._next,
        }
        return [header] + [
            {
                "kind": "story",
                "id": s.id,
                "event_ids": s.event_ids,
                "entities": dict(s.entities),
                "actors": dict(s.actors),
                "concepts": dict(s.concepts),
                "first_day": s.first_day.isoformat() if s.first_day else None,
                "last_day": s.last_day.isoformat() if s.last_day else None,
                "title": s.title,
            }
            for s in self.stories.values()
        ]

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> StoryIndex:
        index = cls()
        for record in records:
            if record["kind"] == "index":
                index.merged_into = dict(record["merged_into"])
                index.postings = {
                    e: deque(p, maxlen=settings.POSTINGS_PER_ENTITY)
                    for e, p in record["postings"].items()
                }
                index._next = record["next"]
            else:
                index.stories[record["id"]] = StoryState(
                    id=record["id"],
                    event_ids=list(record["event_ids"]),
                    entities=Counter(record["entities"]),
                    actors=Counter(record["actors"]),
                    concepts=Counter(record.get("concepts", {})),
                    first_day=_day(record["first_day"]),
                    last_day=_day(record["last_day"]),
                    title=record["title"],
                )
        return index


def story_keys(profile: ArticleProfile, idf: Callable[[str], float]) -> list[str]:
    """The features a story is found by: the article's most central entities by TF-IDF (a
    thread's actors recur; its rarest names do not) and its most telling name skeletons."""
    entities = sorted(profile.entities, key=lambda e: -profile.entities[e] * idf(e))
    names = sorted(
        (f for f in profile.concepts if f.startswith("e:")),
        key=lambda f: -profile.concepts[f] * idf(f),
    )
    return entities[: settings.STORY_KEY_ENTITIES] + names[: settings.STORY_KEY_NAMES]


def _gap_days(day: date | None, story: StoryState) -> float:
    return days_outside(day, story.first_day, story.last_day)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
