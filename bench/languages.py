"""Language detection on short and long snippets of news, and what the first short text costs.

Snippets are paragraphs of the SlavicNER raw texts (``<topic>/<language>/*.txt``, the
language named by the folder): the second to fourth paragraph of each article with over 40
characters, cut at a word boundary to 60, 90 and 119 characters (a feed item, a caption, a
headline with its first line) and whole (up to the pipeline's sample). Nothing was chosen on
them: the detector is lingua's, with the candidate languages of the text's script.

Figures: accuracy at each length (overall and per language), and the memory and time of the
process's first short texts (one per language, before anything else is detected: lingua loads
its models on demand).

    python bench/languages.py [--data DIR] [--per-language 300] [--json]
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from pathlib import Path

from _common import SHARED_DATA, bench_arguments, print_table

LENGTHS = (60, 90, 119)  # characters; "whole" is the paragraph up to LANGUAGE_SAMPLE_CHARS
MIN_PARAGRAPH_CHARS = 40
SEED = 0


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def cut(text: str, length: int) -> str:
    """The first `length` characters, ending at a word boundary."""
    if len(text) <= length:
        return text
    head = text[:length]
    return head.rsplit(" ", 1)[0] if " " in head else head


def snippets(data: Path, per_language: int) -> dict[str, list[str]]:
    by_language: dict[str, list[str]] = defaultdict(list)
    for path in sorted(data.glob("*/*/*.txt")):
        language = path.parent.name
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        paragraphs = [line.strip() for line in lines if len(line.strip()) > MIN_PARAGRAPH_CHARS]
        by_language[language].extend(paragraphs[1:4])
    rng = random.Random(SEED)
    for paragraphs in by_language.values():
        rng.shuffle(paragraphs)
        del paragraphs[per_language:]
    return dict(sorted(by_language.items()))


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], SHARED_DATA / "slavicner" / "raw")
    parser.add_argument("--per-language", type=int, default=300)
    args = parser.parse_args()
    from newsweave import settings
    from newsweave.langs import detect_language

    by_language = snippets(args.data, args.per_language)
    if not by_language:
        raise SystemExit(f"{args.data}: no <topic>/<language>/*.txt files")
    before, started = resident_mb(), time.perf_counter()
    for paragraphs in by_language.values():  # one short text in each language, first thing
        detect_language(cut(paragraphs[0], LENGTHS[0]))
    first_mb, first_s = resident_mb() - before, time.perf_counter() - started

    figures: dict = {"first_short_texts_mb": round(first_mb, 1), "first_short_texts_s": first_s}
    figures["languages"] = sorted(by_language)
    total = sum(len(v) for v in by_language.values())
    described = f"{total} paragraphs of {args.data} ({', '.join(by_language)})"
    rows: list[tuple[str, object, str]] = []
    for length in (*LENGTHS, settings.LANGUAGE_SAMPLE_CHARS):
        name = "whole" if length == settings.LANGUAGE_SAMPLE_CHARS else str(length)
        right: dict[str, float] = {}
        for language, paragraphs in by_language.items():
            hits = sum(detect_language(cut(p, length)).language == language for p in paragraphs)
            right[language] = hits / len(paragraphs)
        overall = sum(right[lang] * len(by_language[lang]) for lang in right) / total
        figures[f"accuracy_{name}"] = round(overall, 4)
        figures[f"accuracy_{name}_by_language"] = {k: round(v, 4) for k, v in right.items()}
        worst = min(right, key=right.__getitem__)
        label = f"accuracy at {name} characters" if name != "whole" else "accuracy, whole paragraph"
        rows.append((label, overall, f"{described}; worst {worst} {right[worst]:.3f}"))
    firsts = f"the first {LENGTHS[0]} characters of one paragraph per language, first thing"
    rows.append(("first short texts: memory MB", round(first_mb), firsts))
    rows.append(("first short texts: seconds", first_s, "lingua loads its models on demand"))
    print_table(rows, figures, args.json)


if __name__ == "__main__":
    main()
