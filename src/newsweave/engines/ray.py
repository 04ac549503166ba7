"""The Ray engine: the detect part of the analysis on Ray Data, the rest in the driver.

Documents travel in windows: each window becomes a Ray Dataset whose `map_batches`
runs `detect_part` on the workers, with order preserved. While the driver links,
clusters and stores one window, the next is already being analysed. Windows keep the
driver's memory bounded on inputs of any size, and the raw documents are read in the
driver's thread, so a store used while reading is never touched from another thread.

Locally Ray starts with as many CPUs as workers asked for; with RAY_ADDRESS (or
`address=`) the same code runs on an existing cluster whose nodes have newsweave
installed (`pip install newsweave[ray]`).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Any

import numpy as np
import ray

from newsweave.engines import Analysed, detected
from newsweave.model import RawDocument, StageSeconds

WINDOW = 512  # documents per Dataset: big enough that Ray's per-dataset start-up is noise
WINDOWS_AHEAD = 2  # windows in flight: one being analysed while the driver finishes one
BATCH = 16  # documents per map_batches call: amortises the call, keeps batches even


def start_ray(workers: int | None = None, address: str | None = None) -> None:
    """Join the cluster at `address` / RAY_ADDRESS, else start a local Ray with `workers` CPUs."""
    if ray.is_initialized():
        return
    address = address or os.environ.get("RAY_ADDRESS") or None
    options: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING}
    if address is None:
        options["num_cpus"] = workers or os.cpu_count() or 1
    ray.init(address=address, **options)
    context = ray.data.DataContext.get_current()
    # the driver links and clusters in input order; results must come back in that order
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False


def stop_ray() -> None:
    """Shut down the Ray this process started or joined (a new worker count needs a restart)."""
    if ray.is_initialized():
        ray.shutdown()


def detect_batch(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The map_batches function: pickled RawDocuments in, pickled outcomes (article, error,
    timings, text features) out."""
    outcomes = []
    for blob in batch["raw"]:
        timings = StageSeconds()
        analysed = detected(pickle.loads(blob), timings)
        outcome = (analysed.article, analysed.error, dict(timings), analysed.text)
        outcomes.append(pickle.dumps(outcome))
    return {"outcome": np.array(outcomes, dtype=object)}


def _detect_window(window: list[RawDocument]) -> list[bytes]:
    # One block per batch: Ray's default splits a small list into hundreds of tiny blocks,
    # each a task to schedule and track, which on few cores costs as much as the analysis.
    documents = ray.data.from_items(
        [{"raw": pickle.dumps(raw)} for raw in window],
        override_num_blocks=max(1, -(-len(window) // BATCH)),
    )
    outcomes = documents.map_batches(detect_batch, batch_size=BATCH, batch_format="numpy")
    return [row["outcome"] for row in outcomes.iter_rows()]


def ray_detected(
    raws: Iterable[RawDocument], timings: StageSeconds, workers: int | None = None
) -> Iterator[Analysed]:
    """The detect part of every document, run on Ray, yielded in input order."""
    start_ray(workers)
    documents = iter(raws)
    in_flight: deque[tuple[list[RawDocument], Future[list[bytes]]]] = deque()
    with ThreadPoolExecutor(max_workers=WINDOWS_AHEAD) as pool:

        def submit_next() -> None:
            window = list(islice(documents, WINDOW))
            if window:
                in_flight.append((window, pool.submit(_detect_window, window)))

        for _ in range(WINDOWS_AHEAD):
            submit_next()
        while in_flight:
            window, future = in_flight.popleft()
            outcomes = future.result()
            submit_next()
            for raw, blob in zip(window, outcomes, strict=True):
                article, error, spent, text = pickle.loads(blob)
                timings.add(spent)
                yield Analysed(raw, article, error, text)
