"""The entities.detect stage alone: find_mentions over the throughput corpus, timed per article.

The articles are bench/throughput.py's mixed-language corpus (SlavicNER raw texts and the
SemEval-2022 Task 8 texts, interleaved with its seed), cleaned and language-detected as the
pipeline does, outside the clock. The first --warm articles after the timed ones are run
first, untimed, so that dictionaries and indexes loaded once per process are not charged to
the stage; the caches that fill as articles come (lemmas, stem keys) fill as in a run.

Figures: CPU and wall milliseconds per article (CPU time is the steadier on a shared
machine), the mentions found, and a digest of every article's mentions, so that a change
meant to leave the output alone can show it did (run both sides with the same
PYTHONHASHSEED: a few lemmas of abbreviated names depend on set order).

    PYTHONHASHSEED=0 python bench/detect_stage.py --articles 1200 --json
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from pathlib import Path

from _common import SHARED_DATA, bench_arguments, print_table
from throughput import base_documents, perturbed

DEFAULT_ARTICLES = 1_200
DEFAULT_WARM = 300


def prepared(data: Path, count: int) -> list[tuple[str, str]]:
    """(clean text, language) of the corpus's first ``count`` articles, as the pipeline's
    stages before entities leave them."""
    from newsweave.clean import clean_document
    from newsweave.langs import detect_language
    from newsweave.model import RawDocument

    base = base_documents(data)
    out = []
    for i in range(count):
        record = perturbed(base[i % len(base)], i // len(base))
        raw = RawDocument(
            source=f"bench#{i}",
            text=record["text"],
            title=record["title"],
            url=f"https://bench.example/{i}",
        )
        article = clean_document(raw)
        language = detect_language(f"{article.title}\n{article.text}").language
        out.append((article.text, language))
    return out


def main() -> None:
    parser = bench_arguments(__doc__.splitlines()[0], SHARED_DATA)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--warm", type=int, default=DEFAULT_WARM, help="untimed, run first")
    args = parser.parse_args()

    from newsweave.entities import default_gazetteer, find_mentions
    from newsweave.entities.recognise import default_model

    articles = prepared(args.data, args.articles + args.warm)
    timed, warm = articles[: args.articles], articles[args.articles :]
    default_gazetteer()
    default_model()
    for text, language in warm:
        find_mentions(text, language)

    digest = hashlib.sha256()
    mentions = 0
    wall, cpu = time.perf_counter(), time.process_time()
    found = [find_mentions(text, language) for text, language in timed]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    for article in found:
        mentions += len(article)
        rows = [[m.text, m.start, m.end, m.type, m.lemma] for m in article]
        digest.update(json.dumps(rows, ensure_ascii=False).encode())

    languages = Counter(language for _, language in timed)
    figures = {
        "articles": len(timed),
        "languages": len(languages),
        "detect_cpu_ms_per_article": 1000 * cpu / len(timed),
        "detect_wall_ms_per_article": 1000 * wall / len(timed),
        "mentions": mentions,
        "mentions_digest": digest.hexdigest()[:16],
    }
    data = f"throughput corpus, first {len(timed)} ({args.warm} more untimed first)"
    rows = [(name, value, data) for name, value in figures.items()]
    print_table(rows, figures, args.json)


if __name__ == "__main__":
    main()
