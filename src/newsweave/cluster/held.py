"""What an event or story index bound to a store holds of it.

Both indexes find their candidates the same way: the postings of an article's key features
name clusters (events or stories), the most recently posted first; those too far in time are
passed over by their first and last days, read alone (a busy name's postings hold clusters
long over), and the rest are read whole. `HeldClusters` does that reading, and lets the least
recently used clusters and postings go after a commit.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable
from datetime import date
from typing import Generic, Protocol, TypeVar

from newsweave.cluster.profile import days_outside
from newsweave.cluster.state import (
    FEATURE_PREFIX,
    MERGE_PREFIX,
    Record,
    bounded_posting,
    record_day,
)
from newsweave.held import StoredRecords, least_recent, touch

Span = tuple[date | None, date | None]


class Dated(Protocol):
    first_day: date | None
    last_day: date | None


Cluster = TypeVar("Cluster", bound=Dated)


class HeldClusters(Generic[Cluster]):
    """The clusters and postings an index holds (its own dicts, shared), and what it read of
    those it let go. Without a store every cluster is held and nothing is read or let go."""

    def __init__(
        self,
        stored: StoredRecords | None,
        kind: str,
        from_record: Callable[[Record], Cluster],
        clusters: dict[str, Cluster],
        postings: dict[str, deque[str]],
    ) -> None:
        self.stored = stored
        self._kind = kind  # the record kind of a cluster ("event", "story")
        self._from_record = from_record
        self._clusters = clusters
        self._postings = postings
        self._used: dict[str, None] = {}  # held clusters, least recently used first
        self._postings_used: dict[str, None] = {}  # features whose postings are read
        self._spans: dict[str, Span] = {}  # days of clusters not held

    def hold_everything(self, stored: StoredRecords) -> None:
        """Bind an index read whole (saved whole by an older newsweave) to its store."""
        self.stored = stored
        self._used = dict.fromkeys(self._clusters)
        self._postings_used = dict.fromkeys(self._postings)

    def candidates(
        self,
        keys: list[str],
        resolve: Callable[[str], str],
        day: date | None,
        max_gap_days: float,
        most: int,
    ) -> list[str]:
        """Up to `most` clusters posted under these features (merges followed), within
        `max_gap_days` of `day`, the most recently posted first; held once this returns."""
        self.hold_postings(keys)
        listed = dict.fromkeys(
            resolve(cluster_id)
            for feature in keys
            for cluster_id in reversed(self._postings.get(feature, ()))
        )
        self._read_spans(listed)
        found: list[str] = []
        for cluster_id in listed:
            span = self._span(cluster_id)
            if span is None or days_outside(day, *span) > max_gap_days:
                continue
            found.append(cluster_id)
            if len(found) == most:
                break
        self.hold(found)
        return found

    def hold(self, cluster_ids: Iterable[str]) -> None:
        """Read the clusters not held yet (ids already resolved) in one query."""
        cluster_ids = list(cluster_ids)
        if self.stored is None:
            return
        missing = [c for c in cluster_ids if c not in self._clusters]
        if missing:
            for cluster_id, record in self.stored.records(missing).items():
                if record.get("kind") == self._kind:
                    self._clusters[cluster_id] = self._from_record(record)
                    self._spans.pop(cluster_id, None)
        for cluster_id in cluster_ids:
            if cluster_id in self._clusters:
                touch(self._used, cluster_id)

    def hold_postings(self, features: Iterable[str]) -> None:
        """Read the postings of these features, if not read yet (a posting list is extended
        in place, never overwritten, so it must be read before a cluster is posted)."""
        if self.stored is None:
            return
        features = list(features)
        missing = [f for f in features if f not in self._postings_used]
        if missing:
            keys = [f"{FEATURE_PREFIX}{f}" for f in missing]
            for record in self.stored.records(keys).values():
                if record["postings"]:
                    self._postings[record["feature"]] = bounded_posting(record["postings"])
        for feature in features:
            touch(self._postings_used, feature)

    def added(self, cluster_id: str) -> None:
        """A new cluster, held as just used."""
        touch(self._used, cluster_id)

    def merged_away(self, cluster_id: str) -> None:
        self._used.pop(cluster_id, None)

    def release(
        self,
        clusters_held: int,
        postings_held: int,
        spans_held: int,
        pinned: Collection[str],
        pinned_features: Collection[str],
    ) -> list[Cluster]:
        """Let go of the least recently used clusters and postings beyond the bounds held,
        never one changed and not saved yet (pinned); the clusters let go are returned."""
        if self.stored is None:
            return []
        gone = []
        for cluster_id in least_recent(self._used, len(self._clusters), clusters_held, pinned):
            cluster = self._clusters.pop(cluster_id)
            del self._used[cluster_id]
            self._spans[cluster_id] = (cluster.first_day, cluster.last_day)
            gone.append(cluster)
        for feature in least_recent(
            self._postings_used, len(self._postings_used), postings_held, pinned_features
        ):
            self._postings.pop(feature, None)
            del self._postings_used[feature]
        if len(self._spans) > spans_held:  # the oldest read go first
            for cluster_id in list(self._spans)[: len(self._spans) - spans_held]:
                del self._spans[cluster_id]
        return gone

    def _read_spans(self, cluster_ids: Iterable[str]) -> None:
        """The first and last days of clusters neither held nor read before, without reading
        the clusters whole."""
        if self.stored is None:
            return
        unknown = [c for c in cluster_ids if c not in self._clusters and c not in self._spans]
        if unknown:
            read = self.stored.fields(["first_day", "last_day"], unknown, "")
            for cluster_id, days in read.items():
                first, last = record_day(days["first_day"]), record_day(days["last_day"])
                self._spans[cluster_id] = (first, last)

    def _span(self, cluster_id: str) -> Span | None:
        """A cluster's first and last days; None when there is no such cluster."""
        cluster = self._clusters.get(cluster_id)
        if cluster is not None:
            return cluster.first_day, cluster.last_day
        return self._spans.get(cluster_id)


def saved_merges(stored: StoredRecords) -> dict[str, str]:
    """Which cluster each one merged away went into, as the store has it (an index bound to
    the store holds all of these: an id from an old posting must find its survivor)."""
    rows = stored.fields(["gone", "into"], None, MERGE_PREFIX).values()
    return {row["gone"]: row["into"] for row in rows}
