"""Indexes bound to a store hold only what recent articles used.

The entity, event and story indexes grow with the corpus. Bound to a store, each reads the
records an article needs by id, keeps them while they are used and lets the least recently
used go after a commit; a record changed and not saved yet is never let go.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

Record = dict[str, Any]


@dataclass(frozen=True)
class StoredRecords:
    """How an index bound to a store reads its records there (store.state_records and
    store.state_fields of its named collection): by id, or a few fields of them."""

    records: Callable[[Collection[str]], dict[str, Record]]
    fields: Callable[[Sequence[str], Collection[str] | None, str], dict[str, Record]]
    everything: Callable[[], list[Record]]  # the whole collection (an older, whole-saved one)


def least_recent(
    used: dict[str, None], held: int, limit: int, pinned: Collection[str]
) -> list[str]:
    """The ids to let go of so that at most `limit` stay held: the least recently used first
    (`used` is in order of use), never one that is pinned (changed, not saved yet)."""
    excess = held - limit
    gone: list[str] = []
    for key in used:
        if len(gone) >= excess:
            break
        if key not in pinned:
            gone.append(key)
    return gone


def touch(used: dict[str, None], key: str) -> None:
    """Mark a held record as just used."""
    used.pop(key, None)
    used[key] = None
