"""Where newsweave keeps what it can always build again: lemma dictionaries and their
indexes, the e5 graph and its vocabulary trie.

Under NEWSWEAVE_CACHE, else the XDG cache folder. Each file's name carries its format (and
what it was built from), so processes of another version keep their own; a home that cannot
be written only costs the next process the same build again.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path


def cache_root() -> Path:
    return Path(
        os.environ.get("NEWSWEAVE_CACHE")
        or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsweave"
        )
    )


def save(path: Path, data: bytes) -> bool:
    """Write `data` to `path` whole or not at all (a process reading alongside sees the old
    file or the new one, never half); False where the cache folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        partial.replace(path)
        return True
    except OSError:
        return False


def mapped(path: Path) -> mmap.mmap:
    """The file's bytes, mapped read-only: its pages are read in as they are touched and
    shared by every process that maps it. OSError where it is missing; ValueError where it
    is empty."""
    with path.open("rb") as file:
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
