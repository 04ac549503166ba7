"""Reads through the Python API while a batch ingest writes in another process (SQLite WAL):
no read fails and no read sees half an article."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from hostile import write_corpus

from newsweave.app import Newsweave

ARTICLES = 200


def consistent_snapshot(nw: Newsweave) -> int:
    """Read events, search and every article; return the article count seen. Any partial
    write (an article without its mentions or its search row) fails an assertion."""
    list(nw.events())
    nw.search("council", limit=5)
    articles = list(nw.articles())
    db = nw.store.db  # type: ignore[attr-defined]
    for article in articles:
        linked = sum(1 for m in article.mentions if m.entity_id)
        rows = db.execute(
            "SELECT count(*) FROM mentions WHERE article_id = ?", (article.id,)
        ).fetchone()[0]
        assert rows == linked, f"{article.id}: {rows} mention rows, {linked} in the record"
        indexed = db.execute(
            "SELECT count(*) FROM articles_fts WHERE id = ?", (article.id,)
        ).fetchone()[0]
        assert indexed == 1, f"{article.id} is stored but not searchable"
        again = nw.article(article.id)
        assert again is not None and again.text == article.text
    return len(articles)


def test_reads_stay_consistent_while_a_batch_writes(tmp_path: Path):
    folder, db = tmp_path / "batch", tmp_path / "shared.db"
    write_corpus(folder, ARTICLES, [], seed=5)
    Newsweave(str(db)).close()  # the schema exists before either side starts
    writer = subprocess.Popen(
        [sys.executable, "-m", "newsweave", "run", str(folder), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    reader = Newsweave(str(db))
    counts: list[int] = []
    deadline = time.monotonic() + 120
    try:
        while writer.poll() is None and time.monotonic() < deadline:
            counts.append(consistent_snapshot(reader))
            time.sleep(0.05)
        _, stderr = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0, stderr[-2000:]
    counts.append(consistent_snapshot(reader))
    assert counts[-1] == ARTICLES
    assert len(set(counts)) >= 3, f"reads did not overlap the writes: {sorted(set(counts))}"
    assert counts == sorted(counts), "a later read saw fewer articles than an earlier one"
