"""The processes engine: the detect part on a pool of local processes, the rest in the driver.

The same split as the Ray engine, with nothing but the standard library: the detect part
(clean, language, dates, entity detection) runs in worker processes, one core each, while
the driver links, clusters and stores in input order. Documents are read in the driver's
thread (a store consulted while reading is never touched from another thread) and travel
in small chunks, with a bounded number in flight, so memory stays flat on inputs of any size.

Workers are started with `spawn`: a fork of a driver that runs threads (a progress bar, a
server) can inherit a held lock and hang. Each worker loads its own models once.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from newsweave import settings
from newsweave.cluster.profile import TextFeatures
from newsweave.engines import Analysed, available_cores, detected
from newsweave.model import Article, RawDocument, StageSeconds
from newsweave.workers import leave_with_parent

Outcome = tuple[Article | None, str | None, dict[str, float], TextFeatures | None]


def detect_chunk(chunk: list[RawDocument]) -> list[Outcome]:
    """The worker's function: each document's detect part, its error and its stage timings."""
    outcomes: list[Outcome] = []
    for raw in chunk:
        timings = StageSeconds()
        analysed = detected(raw, timings)
        outcomes.append((analysed.article, analysed.error, dict(timings), analysed.text))
    return outcomes


def process_detected(
    raws: Iterable[RawDocument], timings: StageSeconds, workers: int | None = None
) -> Iterator[Analysed]:
    """The detect part of every document on `workers` local processes, in input order."""
    workers = workers or available_cores()
    documents = iter(raws)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=leave_with_parent)
    in_flight: deque[tuple[list[RawDocument], Future[list[Outcome]]]] = deque()

    def submit_next() -> None:
        chunk = list(islice(documents, settings.PROCESS_CHUNK_DOCUMENTS))
        if chunk:
            in_flight.append((chunk, pool.submit(detect_chunk, chunk)))

    try:
        for _ in range(workers * settings.PROCESS_CHUNKS_AHEAD):
            submit_next()
        while in_flight:
            chunk, future = in_flight.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory): the pool is gone with every chunk in
                # it. Those chunks are analysed here instead and a fresh pool takes the rest.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(
                    workers, mp_context=context, initializer=leave_with_parent
                )
                stranded = [c for c, _ in in_flight]
                in_flight.clear()
                outcomes = detect_chunk(chunk)
                for later in stranded:
                    in_flight.append((later, _done(detect_chunk(later))))
            submit_next()
            for raw, (article, error, spent, text) in zip(chunk, outcomes, strict=True):
                timings.add(spent)
                yield Analysed(raw, article, error, text)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _done(outcomes: list[Outcome]) -> Future[list[Outcome]]:
    future: Future[list[Outcome]] = Future()
    future.set_result(outcomes)
    return future
