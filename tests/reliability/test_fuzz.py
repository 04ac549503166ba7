"""Hostile inputs beside good ones in one run: the run never crashes, every bad input is
reported by name, every good input is stored.

The corpus is deterministic (fixed seeds); the same generator at a larger size is bench/fuzz.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hostile import (
    KNOWN_SLOW,
    expectation_of,
    generated_hostile,
    named_hostile,
    write_corpus,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsweave.app import Newsweave
from newsweave.entities import EntityIndex
from newsweave.ingest import InputError, read_bytes
from newsweave.pipeline import analyse

GENERATED = 700  # with the 300 hypothesis examples and the named files: over 1,000 inputs
GOOD = 60
SLOW_BUDGET_SECONDS = 20  # a few inputs under a per-article limit of two seconds


def outcomes(folder: Path, report, store) -> dict[str, set[str]]:
    """For each corpus file: which outcomes it had ('stored', 'error', 'duplicate')."""
    seen: dict[str, set[str]] = {}

    def note(source: str, what: str) -> None:
        name = Path(source.split("#")[0]).name
        seen.setdefault(name, set()).add(what)

    for article in store.articles():
        note(article.source, "stored")
    for error in report.errors:
        note(error.source, "error")
    for source in report.duplicates:
        note(source, "duplicate")
    return seen


def check_run(kinds: dict[str, str], seen: dict[str, set[str]]) -> None:
    unaccounted = sorted(name for name in kinds if name not in seen)
    assert not unaccounted, f"inputs with neither an article nor an error: {unaccounted[:10]}"
    bad_unreported = sorted(n for n, k in kinds.items() if k == "bad" and "error" not in seen[n])
    assert not bad_unreported, f"bad inputs not reported as errors: {bad_unreported[:10]}"
    bad_stored = sorted(n for n, k in kinds.items() if k == "bad" and "stored" in seen[n])
    assert not bad_stored, f"bad inputs stored as articles: {bad_stored[:10]}"
    good_lost = sorted(n for n, k in kinds.items() if k == "good" and "stored" not in seen[n])
    assert not good_lost, f"good inputs not stored: {good_lost[:10]}"


def test_hostile_corpus_runs_without_a_crash_and_loses_no_good_article(tmp_path: Path):
    hostile = [h for h in named_hostile(big=True) if h.name not in KNOWN_SLOW]
    hostile += generated_hostile(GENERATED, seed=8)
    folder = tmp_path / "corpus"
    written = write_corpus(folder, GOOD, hostile, seed=8)
    kinds = {name: expectation_of(name) for name in written}
    nw = Newsweave(str(tmp_path / "fuzz.db"))
    report = nw.run([str(folder)])  # a crash of the run fails the test here
    seen = outcomes(folder, report, nw.store)
    check_run(kinds, seen)
    stored_errors = {Path(e["source"].split("#")[0]).name for e in nw.store.errors()}
    assert {n for n, k in kinds.items() if k == "bad"} <= stored_errors
    assert len(kinds) >= GENERATED + GOOD


def test_the_cli_reports_each_bad_file_and_exits_cleanly(tmp_path: Path):
    hostile = [h for h in named_hostile(big=False) if h.name not in KNOWN_SLOW]
    folder = tmp_path / "corpus"
    written = write_corpus(folder, 8, hostile, seed=9)
    done = subprocess.run(
        [sys.executable, "-m", "newsweave", "run", str(folder), "--db", str(tmp_path / "cli.db")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "COLUMNS": "400"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for name in written:
        if expectation_of(name) == "bad":
            assert name in done.stderr, f"{name} not named in the CLI's errors"
    assert "added 8 article(s)" in done.stderr or "added 1" in done.stderr


ENTITIES = EntityIndex.from_records([])


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=2000).map(str.encode),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=50),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
            max_leaves=20,
        ).map(lambda value: __import__("json").dumps(value).encode()),
    ),
    suffix=st.sampled_from(["", ".txt", ".html", ".json", ".jsonl"]),
)
def test_any_bytes_become_documents_or_errors_never_an_exception(data: bytes, suffix: str):
    # the pipeline guards analysis too; here every stage is asked to survive on its own,
    # so a stage bug shows up as a failing example with the input that caused it
    for item in read_bytes(data, "fuzzed" + suffix, suffix):
        if isinstance(item, InputError):
            assert item.source.startswith("fuzzed") and item.message
        else:
            analyse(item, ENTITIES)


class Overtime(BaseException):
    """BaseException, so the pipeline's per-article guard cannot swallow it and go on."""


def test_pathological_inputs_finish_in_bounded_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import signal

    from newsweave import settings

    monkeypatch.setattr(settings, "MAX_ANALYSIS_SECONDS", 2.0)
    slow = [h for h in named_hostile(big=False) if h.name in KNOWN_SLOW]
    folder = tmp_path / "slow"
    write_corpus(folder, 0, slow)

    def overtime(*_: object) -> None:
        raise Overtime

    previous = signal.signal(signal.SIGALRM, overtime)
    signal.setitimer(signal.ITIMER_REAL, SLOW_BUDGET_SECONDS)
    try:
        report = Newsweave(str(tmp_path / "slow.db")).run([str(folder)])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert len(report.added) + len(report.errors) >= len(slow)
