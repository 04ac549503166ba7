"""SIGKILL in the middle of a batch, then run again: nothing committed is lost, nothing is
stored twice, the database is intact and the second run skips what the first one stored."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from hostile import write_corpus

ARTICLES = 300
KILL_AFTER = 50  # one committed batch (settings.COMMIT_EVERY) and the run still going


def committed(db: Path) -> dict[str, str]:
    """{article id: source} as a separate reader sees it now; empty while the file is new."""
    if not db.exists():
        return {}
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return dict(connection.execute("SELECT id, source FROM articles").fetchall())
    except sqlite3.OperationalError:  # the schema is not there yet
        return {}


def run_command(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "newsweave", "run", str(folder), "--db", str(db)]


def child_pids(pid: int) -> list[int]:
    """The processes `pid` started (Linux: /proc/<pid>/task/<tid>/children)."""
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for whoever adopted it to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_sigkill_mid_run_loses_nothing_and_the_rerun_resumes(tmp_path: Path):
    folder, db = tmp_path / "batch", tmp_path / "crash.db"
    write_corpus(folder, ARTICLES, [], seed=3)
    env = {**os.environ, "COLUMNS": "200"}
    first = subprocess.Popen(
        run_command(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    before_kill: dict[str, str] = {}
    deadline = time.monotonic() + 80
    while time.monotonic() < deadline and first.poll() is None:
        before_kill = committed(db)
        if len(before_kill) >= KILL_AFTER:
            break
        time.sleep(0.05)
    assert first.poll() is None, "the first run ended before it could be killed"
    assert len(before_kill) >= KILL_AFTER, "no batch was committed in time"
    children = child_pids(first.pid)  # the encoder's model process, the engines' workers
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(map(running, children)):
        time.sleep(0.1)
    assert not any(map(running, children)), "a process of the killed run lives on without it"
    after_kill = committed(db)
    assert set(before_kill) <= set(after_kill), "an article committed before the kill is gone"
    assert len(after_kill) < ARTICLES, "the kill came after the run had finished its work"

    second = subprocess.run(
        run_command(folder, db), capture_output=True, text=True, timeout=120, env=env
    )
    assert second.returncode == 0, second.stderr[-2000:]
    final = committed(db)
    assert set(after_kill) <= set(final)
    assert len(final) == ARTICLES == len(set(final.values())), "an input stored twice or lost"
    skipped = re.search(r"skipped (\d+) duplicate", second.stderr)
    assert skipped and int(skipped.group(1)) == len(after_kill), second.stderr[-500:]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sources = connection.execute("SELECT count(DISTINCT source) FROM articles").fetchone()[0]
        assert sources == ARTICLES
