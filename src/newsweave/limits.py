"""Time limits on the analysis of one document, and the loading that must not count against them.

A pathological page (a 100,000-character line, 50,000 attributes on one tag) must cost one
error, not the run, so each document is analysed under an alarm. Loading shipped data for
the first time (a language's lemma dictionary, a morphology model) is not the document's
doing: on a slow or busy machine it can take longer than the limit, and it is paid once.
Such loading runs with the alarm paused.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in this block after `seconds`. Works in a process's main thread (the
    CLI, a worker process); elsewhere the block runs unbounded."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def give_up(signum: int, frame: object) -> None:
        raise TimeoutError(f"analysis took longer than {seconds:g} s (MAX_ANALYSIS_SECONDS)")

    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_remaining and outer_remaining <= seconds:
        yield  # a caller's own alarm comes first: leave it alone
        return
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_remaining:  # give back the caller's alarm, less the time spent here
            left = outer_remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


@contextmanager
def outside_time_limit() -> Iterator[None]:
    """Pause a running `time_limit` alarm for this block; it resumes with what was left."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    remaining, _ = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if remaining:
            signal.setitimer(signal.ITIMER_REAL, remaining)
