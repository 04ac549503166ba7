"""Recognisers the entity benches train for themselves: one per left-out SlavicNER topic
(leave-one-topic-out) and one on all of SlavicNER (what a user who trains on their own copy
gets). Each learns, as the shipped model does, from the licensed sets' training parts; trained
models are kept in the cache folder under a key of the code, the config and the data, so a
second run of a bench costs only the scoring.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path

from _common import REPO, SHARED_DATA

from newsweave.entities.corpus import AnnotatedText, read_corpus, read_slavicner
from newsweave.entities.gazetteer import default_gazetteer
from newsweave.entities.recognise import SHIPPED_MODEL
from newsweave.entities.train import (
    Prepared,
    TrainingConfig,
    prepare_all,
    split_corpus,
    train_model,
)

LICENSED = SHARED_DATA / "ner"
CACHE = Path(os.environ.get("NEWSWEAVE_CACHE", Path.home() / ".cache" / "newsweave")) / "bench-ner"

# filled before the worker processes fork, so each reads them without a copy
_PREPARED: dict[str, list[Prepared]] = {}


def shipped_config() -> TrainingConfig:
    """The config the shipped model was trained with, so a bench's models differ from it only
    in their data."""
    return TrainingConfig.of_model(SHIPPED_MODEL)


_NOT_TRAINING = {"link.py", "recognise.py", "__init__.py"}


def _code_key(config: TrainingConfig, name: str, sources: list[str]) -> str:
    digest = hashlib.sha256()
    # what training reads: its own code and the rule passes' code and data (its features);
    # tagging after training (recognise.py) and linking are not part of it
    for folder in ("src/newsweave/entities", "src/newsweave/data"):
        for path in sorted((REPO / folder).glob("*.*")):
            if path.suffix in (".py", ".json") and path.name not in _NOT_TRAINING:
                digest.update(path.read_bytes())
    digest.update(repr((sorted(config.__dict__.items()), name, sources)).encode())
    return digest.hexdigest()[:16]


def _train_one(job: tuple[list[str], str]) -> str:
    keys, output = job
    texts = [p for key in keys for p in _PREPARED[key]]
    train_model(texts, Path(output), shipped_config(), keys)
    return output


def trained_models(
    slavicner: Path,
    folds: list[str],
    with_all: bool,
    workers: int = 2,
    say: Callable[[str], None] = print,
) -> dict[str, Path]:
    """Model folders: one per topic in `folds` (trained without it) and, with `with_all`, one
    named "all" trained on every topic. Each also learns from the licensed sets."""
    config = shipped_config()
    topics = sorted(p.name for p in (slavicner / "raw").iterdir() if p.is_dir())
    wanted = {f"without-{t}": [k for k in topics if k != t] for t in folds}
    if with_all:
        wanted["all"] = topics
    sources = {
        name: ["licensed", *(f"slavicner:{t}" for t in keys)] for name, keys in wanted.items()
    }
    paths = {name: CACHE / f"{name}-{_code_key(config, name, sources[name])}" for name in wanted}
    missing = [name for name, path in paths.items() if not (path / "model.crfsuite").exists()]
    if missing:
        say(f"training {len(missing)} model(s) for the bench, kept in {CACHE}: {missing}")
        gazetteer = default_gazetteer()
        licensed: list[AnnotatedText] = split_corpus(
            read_corpus(LICENSED), config.hold_out_every
        ).train
        _PREPARED["licensed"] = prepare_all(licensed, gazetteer)
        by_topic: dict[str, list[AnnotatedText]] = {}
        for text in read_slavicner(slavicner):
            by_topic.setdefault(text.group, []).append(text)
        for topic, texts in by_topic.items():
            _PREPARED[f"slavicner:{topic}"] = prepare_all(texts, gazetteer)
        jobs = [(sources[name], str(paths[name])) for name in missing]
        with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
            for done in pool.imap_unordered(_train_one, jobs):
                say(f"trained {done}")
        _PREPARED.clear()
    return paths
