"""What an index changed since the store last saw it, so that a commit writes only that.

The event and story indexes grow with the corpus; saving them whole at every batch would
make each batch cost more than the one before. Each index records instead which of its
records changed: a member's record (an event, a story), a feature's record (an entity's
document count and postings) and a merge. The store keeps records by id and replaces
only these.
"""

from __future__ import annotations

import base64
import sys
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsweave import settings

Record = dict[str, Any]
HEADER_ID = "index"
FEATURE_PREFIX = "f:"
MERGE_PREFIX = "m:"


def record_day(value: str | None) -> date | None:
    """A day as records keep it (ISO text, or None)."""
    return date.fromisoformat(value) if value else None


@dataclass
class Unsaved:
    members: set[str] = field(default_factory=set)  # events or stories changed or added
    features: set[str] = field(default_factory=set)  # entities and concepts seen again
    merges: set[str] = field(default_factory=set)  # members merged into another
    everything: bool = False  # loaded from a whole-index record: the next save rewrites all

    def merged(self, gone: str, kept: str) -> None:
        self.members.discard(gone)
        self.members.add(kept)
        self.merges.add(gone)


def changed_records(
    unsaved: Unsaved | None,
    header: Record,
    feature: Callable[[str], Record],
    all_features: Callable[[], Iterable[str]],
    member: Callable[[str], Record | None],
    all_members: Callable[[], Iterable[str]],
    merged_into: dict[str, str],
) -> tuple[list[Record], list[str]]:
    """The header, the changed features, merges and members, and the ids of records to drop
    (members merged away). Everything when `unsaved` is None or says so; clears `unsaved`.
    The whole collections are asked for only then: a batch's commit must not walk them."""
    features: Iterable[str]
    merges: Iterable[str]
    members: Iterable[str]
    if unsaved is None or unsaved.everything:
        features, merges, members = all_features(), merged_into, all_members()
    else:
        features = sorted(unsaved.features)
        merges = sorted(unsaved.merges)
        members = sorted(unsaved.members)
    records = [
        header,
        *(feature(key) for key in features),
        *(merge_record(gone, merged_into[gone]) for gone in merges if gone in merged_into),
    ]
    records.extend(r for r in (member(m) for m in members) if r is not None)
    removed: list[str] = []
    if unsaved is not None:
        removed = sorted(unsaved.merges)
        unsaved.members.clear()
        unsaved.features.clear()
        unsaved.merges.clear()
        unsaved.everything = False
    return records, removed


def bounded_posting(members: Iterable[str] = ()) -> deque[str]:
    """A feature's posting list: its most recent members only (older ones are out of any
    window), so a lookup costs the same however large the corpus grows."""
    return deque(members, maxlen=settings.POSTINGS_PER_ENTITY)


def post(postings: dict[str, deque[str]], feature: str, member: str) -> bool:
    """Post a member under a feature, once in a row; whether the posting list changed."""
    posting = postings.setdefault(feature, bounded_posting())
    if posting and posting[-1] == member:
        return False
    posting.append(member)
    return True


def feature_record(feature: str, postings: Iterable[str], df: int | None = None) -> Record:
    """One feature's postings (and, for the event index, its document count)."""
    record: Record = {"id": f"{FEATURE_PREFIX}{feature}", "kind": "feature", "feature": feature}
    if df is not None:
        record["df"] = df
    record["postings"] = list(postings)
    return record


def merge_record(gone: str, kept: str) -> Record:
    return {"id": f"{MERGE_PREFIX}{gone}", "kind": "merge", "gone": gone, "into": kept}


def pack_weights(bag: Mapping[int, float]) -> str:
    """Hashed-gram weights as one string: the keys as 32-bit and the weights as 64-bit
    little-endian numbers, base64. Half the size of a JSON object of the same weights, exact,
    and one string to encode: an event's grams are most of its record, rewritten as it grows."""
    keys, weights = array("I", bag.keys()), array("d", bag.values())
    if sys.byteorder == "big":
        keys.byteswap()
        weights.byteswap()
    return base64.b64encode(keys.tobytes() + weights.tobytes()).decode("ascii")


def unpack_weights(saved: str | Mapping[str, float]) -> Counter[int]:
    """What pack_weights wrote, or the JSON object an older newsweave saved."""
    if not isinstance(saved, str):
        return Counter({int(k): v for k, v in saved.items()})
    keys, weights = _unpacked(saved)
    return Counter(dict(zip(keys, weights, strict=True)))


def packed_weights(saved: str) -> array[float]:
    """The weights pack_weights wrote, in the order it wrote them, without their keys."""
    return _unpacked(saved)[1]


def _unpacked(saved: str) -> tuple[array[int], array[float]]:
    raw = base64.b64decode(saved)
    count = len(raw) // 12
    keys, weights = array("I"), array("d")
    keys.frombytes(raw[: 4 * count])
    weights.frombytes(raw[4 * count :])
    if sys.byteorder == "big":
        keys.byteswap()
        weights.byteswap()
    return keys, weights
