"""The cluster stage: articles into events, events into stories, incrementally."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from newsweave import settings
from newsweave.cluster.encoder import Encoder, encoder_list
from newsweave.cluster.events import EventIndex, EventState, event_profile
from newsweave.cluster.profile import TextFeatures, article_profile, text_features
from newsweave.cluster.stories import StoryIndex, StoryMember, StoryState
from newsweave.held import StoredRecords
from newsweave.model import Article, Assignment, Event, Story


class Clusterer:
    """Event and story indexes together; `add` places one analysed article."""

    def __init__(
        self,
        events: EventIndex | None = None,
        stories: StoryIndex | None = None,
        encoder: Encoder | Sequence[Encoder] | None = None,
    ):
        self.events = events or EventIndex()
        self.stories = stories or StoryIndex()
        self.stories.idf_epoch = self.events.idf_epoch
        # optional (cluster.encoder): one more signal each
        self.encoders: list[Encoder] = encoder_list(encoder)
        self._split_asked: dict[str, int] = {}  # story → the doubling it was last asked at

    def add(self, article: Article, text: TextFeatures | None = None) -> Assignment:
        """Place the article (`text`: its text features, when a worker computed them)."""
        profile = article_profile(article, self.encoders, text)
        assignment = self.events.assign(profile, article.title)
        for kept, gone, gone_event in self.events.story_merges:
            self.stories.join_for_event_merge(kept, gone, gone_event)
        self.events.story_merges.clear()
        event = self.events.events[assignment.event_id]
        event.story_id = self.stories.place(
            profile, event.id, event.story_id, article.title, self.events.idf
        )
        size = len(event.article_ids)
        if size >= 2 and size & (size - 1) == 0:  # 2, 4, 8… reports
            event.story_id = self.stories.reconsider(
                event_profile(event), event.actors, event.story_id, self.events.idf
            )
        self._split_if_two_threads(event.story_id)
        article.event_id, article.story_id = event.id, event.story_id
        return assignment

    def _split_if_two_threads(self, story_id: str | None) -> None:
        """Ask a story whether it is two threads each time its events double (16, 32, …):
        log-many times, so the cost per article stays flat. A story that took in another
        (merged events) may jump past a doubling; it is asked at the next article."""
        story = self.stories.story(story_id) if story_id else None
        if story is None:
            return
        count = len(story.event_ids)
        due = max(settings.STORY_SPLIT_MIN_EVENTS, 2 * self._split_asked.get(story.id, 0))
        if count < due or due > settings.STORY_SPLIT_MAX_EVENTS:
            return
        self._split_asked[story.id] = 1 << (count.bit_length() - 1)  # the doubling reached
        members, seen = [], set()
        self.events.hold(story.event_ids)
        for listed in story.event_ids:
            event = self.events.event(listed)
            if event is not None and event.id not in seen:
                seen.add(event.id)
                size = len(event.article_ids)
                profile = event_profile(event)
                members.append(StoryMember(listed, profile, event.actors, size, event.title))
        new_id = self.stories.split(story.id, members, self.events.idf)
        if new_id is None:
            return
        for listed in self.stories.stories[new_id].event_ids:
            moved = self.events.event(listed)
            if moved is not None:
                moved.story_id = new_id
                self.events.dirty.add(moved.id)
                self.events.unsaved.members.add(moved.id)  # its record names the new story

    def changed_memberships(self) -> Iterator[tuple[str, str, str | None]]:
        """(article, event, story) for every article of an event changed since the last call."""
        for event_id in sorted(self.events.dirty):
            event = self.events.events.get(event_id)
            if event is None:
                continue
            story_id = self.stories.resolve(event.story_id) if event.story_id else None
            event.story_id = story_id
            for article_id in event.article_ids:
                yield article_id, event.id, story_id
        self.events.dirty.clear()

    def event_list(self) -> list[Event]:
        """Every event held: all of them for a clusterer built from records (`from_state`);
        one bound to a store (`stored`) holds the recent ones only."""
        return [self._event(e) for e in self.events.events.values()]

    def story_list(self) -> list[Story]:
        """Every story held (as event_list: the recent ones of a clusterer bound to a store)."""
        return [self._story(s) for s in self.stories.stories.values()]

    def event(self, event_id: str) -> Event | None:
        """One event as event_list gives it (the read index stores those a batch changed)."""
        e = self.events.event(event_id)
        return None if e is None else self._event(e)

    def story(self, story_id: str) -> Story | None:
        """One story as story_list gives it."""
        s = self.stories.story(story_id)
        return None if s is None else self._story(s)

    def _event(self, e: EventState) -> Event:
        return Event(
            id=e.id,
            article_ids=list(e.article_ids),
            title=e.title,
            first_date=e.first_day,
            last_date=e.last_day,
            story_id=self.stories.resolve(e.story_id) if e.story_id else None,
        )

    def _story(self, s: StoryState) -> Story:
        return Story(
            id=s.id,
            event_ids=list(dict.fromkeys(self.events.resolve(e) for e in s.event_ids)),
            title=s.title,
        )

    def to_state(self) -> dict[str, list[dict[str, Any]]]:
        return {"events": self.events.to_records(), "stories": self.stories.to_records()}

    def changed_state(self) -> dict[str, tuple[list[dict[str, Any]], list[str]]]:
        """Per index, the records changed since the last call and the ids to drop."""
        return {"events": self.events.changed_records(), "stories": self.stories.changed_records()}

    def release(self) -> None:
        """Let go of what a clusterer bound to a store holds beyond its bounds (after a commit)."""
        self.events.release()
        self.stories.release()

    @classmethod
    def stored(
        cls,
        events: StoredRecords,
        stories: StoredRecords,
        encoder: Encoder | Sequence[Encoder] | None = None,
    ) -> Clusterer:
        """A clusterer bound to the store's event and story records: it reads the events and
        stories an article is compared with when it needs them."""
        return cls(EventIndex.stored(events), StoryIndex.stored(stories), encoder)

    @classmethod
    def from_state(
        cls,
        state: dict[str, list[dict[str, Any]]],
        encoder: Encoder | Sequence[Encoder] | None = None,
    ) -> Clusterer:
        return cls(
            EventIndex.from_records(state.get("events", [])),
            StoryIndex.from_records(state.get("stories", [])),
            encoder,
        )


__all__ = [
    "Clusterer",
    "EventIndex",
    "StoryIndex",
    "TextFeatures",
    "article_profile",
    "text_features",
]
