"""What every process newsweave spawns does for itself: it leaves when its parent does.

A pool's worker waits for work on a queue whose writing end it holds too, so it never reads
an end of file there: when its parent is killed (SIGKILL, the out-of-memory killer), the worker
would wait for ever, holding its models in memory.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import wait


def leave_with_parent() -> None:
    """In a spawned worker (a pool's initializer): exit as soon as the parent is gone."""
    parent = multiprocessing.parent_process()
    if parent is None:  # not a spawned child: nothing to watch
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)  # no cleanup to run: the parent that wanted the results is gone

    threading.Thread(target=watch, name="newsweave-parent-watch", daemon=True).start()
