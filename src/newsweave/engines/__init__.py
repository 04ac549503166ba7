"""Engines: where the per-article analysis runs; the driver keeps what must stay in order.

An engine maps a stream of RawDocuments to analysed Articles, in input order. The
analysis of one article splits in two parts:

- `detect_part`: clean, language, dates and entity detection, then the clusterer's text
  features (grams, concepts, figures). These read nothing but the document itself, so any
  number of workers may run them side by side.
- `link_part`: entity linking and every stage after it (quotes read the linked ids). The
  EntityIndex learns from each article it links, so linking happens in the driver, one
  article after another in input order: the same index and the same ids as in-process.

Clustering and storing stay in the driver too (Pipeline.run). Engines by name:
`auto` (the default: in this process, and for a long input on a machine with more than one
core, the detect part of what follows its first documents on the spare cores), `inprocess`
(everything in this process), `processes` (engines/processes.py: the detect part on a pool of
local processes, standard library only) and `ray` (engines/ray.py: the detect part on Ray
Data, locally or on a cluster at RAY_ADDRESS). Every engine gives the same articles.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice

from newsweave import settings
from newsweave.cluster.profile import TextFeatures, text_features
from newsweave.entities import EntityIndex
from newsweave.limits import time_limit
from newsweave.model import Article, RawDocument, StageSeconds

ENGINES = ("auto", "inprocess", "processes", "ray")
# The stage whose linking half needs the shared index; stages before it need no state.
LINKING_STAGE = "entities"
TEXT_FEATURES_STAGE = "cluster.text"


@dataclass
class Analysed:
    """One input's outcome: the article, or why analysis failed (the run reports it)."""

    raw: RawDocument
    article: Article | None
    error: str | None = None
    text: TextFeatures | None = None  # the clusterer's text features, computed by the worker


def detect_part(raw: RawDocument, timings: StageSeconds) -> Article:
    """Everything that reads only the document: clean, the stages before entities, mentions."""
    from newsweave.clean import clean_document
    from newsweave.pipeline import STAGES, Context, detect_mentions

    started = time.perf_counter()
    article = clean_document(raw)
    timings["clean"] += time.perf_counter() - started
    # the stages never touch the index before the linking stage; an empty one stands in
    context = Context(raw, _NO_INDEX)
    for name, stage in STAGES:
        started = time.perf_counter()
        if name == LINKING_STAGE:
            detect_mentions(article, context)
            timings[f"{name}.detect"] += time.perf_counter() - started
            break
        stage(article, context)
        timings[name] += time.perf_counter() - started
    return article


def link_part(
    article: Article, raw: RawDocument, entities: EntityIndex, timings: StageSeconds
) -> None:
    """Link the mentions through the shared index, then run the stages after linking."""
    from newsweave.pipeline import STAGES, Context, link_mentions

    context = Context(raw, entities)
    started = time.perf_counter()
    link_mentions(article, context)
    timings[f"{LINKING_STAGE}.link"] += time.perf_counter() - started
    names = [name for name, _ in STAGES]
    for name, stage in STAGES[names.index(LINKING_STAGE) + 1 :]:
        started = time.perf_counter()
        stage(article, context)
        timings[name] += time.perf_counter() - started


def detected(raw: RawDocument, timings: StageSeconds) -> Analysed:
    """The detect part and the clusterer's text features (they read no shared state either),
    with a failure turned into a reported outcome."""
    try:
        with time_limit(settings.MAX_ANALYSIS_SECONDS):
            article = detect_part(raw, timings)
            started = time.perf_counter()
            text = text_features(article)
            timings[TEXT_FEATURES_STAGE] += time.perf_counter() - started
            return Analysed(raw, article, text=text)
    except Exception as error:  # noqa: BLE001 - one bad article must not stop a batch
        return Analysed(raw, None, f"analysis failed: {type(error).__name__}: {error}")


def finish(analysed: Analysed, entities: EntityIndex, timings: StageSeconds) -> Analysed:
    """The driver's half, for an article whose detect part ran here or elsewhere."""
    if analysed.article is None:
        return analysed
    try:
        with time_limit(settings.MAX_ANALYSIS_SECONDS):
            link_part(analysed.article, analysed.raw, entities, timings)
    except Exception as error:  # noqa: BLE001 - one bad article must not stop a batch
        return Analysed(analysed.raw, None, f"analysis failed: {type(error).__name__}: {error}")
    return analysed


def inprocess(
    raws: Iterable[RawDocument], entities: EntityIndex, timings: StageSeconds
) -> Iterator[Analysed]:
    """The default engine: both parts here, one document after another (the same code as
    the parallel engines run, so an engine never changes a result)."""
    for raw in raws:
        yield finish(detected(raw, timings), entities, timings)


def available_cores() -> int:
    """The cores this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def auto(
    raws: Iterable[RawDocument],
    entities: EntityIndex,
    timings: StageSeconds,
    workers: int | None = None,
    reserved: int = 0,
) -> Iterator[Analysed]:
    """In this process, until the input turns out long: past its first
    settings.AUTO_POOL_AFTER_DOCUMENTS documents, the detect part of the rest runs on a pool of
    `workers` processes (the spare cores: one left to the driver and `reserved` to other
    processes it runs, an encoder's) ahead of the driver's linking, clustering and storing. A
    short input never pays for starting the pool's processes."""
    documents = iter(raws)
    yield from inprocess(islice(documents, settings.AUTO_POOL_AFTER_DOCUMENTS), entities, timings)
    spare = workers or available_cores() - 1 - reserved
    following = next(documents, None)
    if following is None:
        return
    rest = chain([following], documents)
    if spare < 1:
        yield from inprocess(rest, entities, timings)
        return
    from newsweave.engines.processes import process_detected

    for analysed in process_detected(rest, timings, spare):
        yield finish(analysed, entities, timings)


def analysed_articles(
    raws: Iterable[RawDocument],
    engine: str,
    entities: EntityIndex,
    timings: StageSeconds | None = None,
    workers: int | None = None,
    reserved: int = 0,
) -> Iterator[Analysed]:
    """Analyse every document with the named engine, yielding results in input order.
    `reserved`: cores the caller's other processes take, which `auto` leaves to them.

    `timings` gathers seconds per stage; with a parallel engine the detect part's seconds
    are those its workers spent (CPU time summed over workers, not wall time).
    """
    timings = timings if timings is not None else StageSeconds()
    if engine == "auto":
        yield from auto(raws, entities, timings, workers, reserved)
    elif engine == "inprocess":
        yield from inprocess(raws, entities, timings)
    elif engine == "processes":
        from newsweave.engines.processes import process_detected

        for analysed in process_detected(raws, timings, workers):
            yield finish(analysed, entities, timings)
    elif engine == "ray":
        from newsweave.engines.ray import ray_detected

        for analysed in ray_detected(raws, timings, workers):
            yield finish(analysed, entities, timings)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


class _NoIndex(EntityIndex):
    """Stands in for the index where none may be used: touching it is a bug, said loudly."""

    def __init__(self) -> None:  # no gazetteer load: detection never reads it
        pass

    def link(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("entity linking must run in the driver, not in a detect worker")


_NO_INDEX = _NoIndex()
