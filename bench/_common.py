"""What every bench shares: where the data lives, one table, one JSON line.

A bench prints one table (figure, value, data, command) so a reader sees what was measured on
what; with --json the same figures follow as one JSON object on the last line, for machines.
"""

from __future__ import annotations

import argparse
import json
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
