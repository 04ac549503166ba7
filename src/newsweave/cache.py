"""Where newsweave keeps what it can always build again: lemma indexes, the e5 graph.

Under NEWSWEAVE_CACHE, else the XDG cache folder. Each file's name carries its format (and
what it was built from), so processes of another version keep their own; a home that cannot
be written only costs the next process the same build again.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    return Path(
        os.environ.get("NEWSWEAVE_CACHE")
        or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsweave"
        )
    )
