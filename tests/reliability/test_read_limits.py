"""The reader's limits and crash fixes found by fuzzing, one input each."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsweave import settings
from newsweave.ingest import InputError, read_bytes, read_input
from newsweave.model import content_hash


def only(items: list) -> object:
    assert len(items) == 1, items
    return items[0]


def test_an_oversized_file_is_an_error_not_an_exception(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_INPUT_BYTES", 1_000)
    page = tmp_path / "big.html"
    page.write_bytes(b"<p>Ein langer Absatz.</p>" * 100)
    error = only(list(read_input(str(page))))
    assert isinstance(error, InputError) and "over the 1,000 limit" in error.message


def test_gzip_inside_the_bomb_limit_is_still_held_to_the_file_limit(monkeypatch):
    monkeypatch.setattr(settings, "MAX_INPUT_BYTES", 1_000)
    data = gzip.compress(b"Une phrase assez longue pour un article. " * 100)
    error = only(list(read_bytes(data, "page.txt.gz", ".txt")))
    assert isinstance(error, InputError) and "over the 1,000 limit" in error.message


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_deeply_nested_json_is_reported(suffix: str):
    error = only(list(read_bytes(b"[" * 100_000 + b"]" * 100_000, "deep" + suffix, suffix)))
    assert isinstance(error, InputError) and "nested too deeply" in error.message


def test_an_empty_json_array_is_reported_not_silently_skipped():
    error = only(list(read_bytes(b"[]", "none.json", ".json")))
    assert isinstance(error, InputError) and "no records" in error.message


def test_lone_surrogates_in_json_become_replacement_characters():
    record = '{"title": "Wahl", "text": "Die Wahl \\ud800 findet am Sonntag statt."}'
    document = only(list(read_bytes(record.encode(), "s.jsonl", ".jsonl")))
    assert "\ufffd" in document.text
    content_hash(document.text)  # encodable now: this raised UnicodeEncodeError before


def test_json_records_of_the_wrong_type_are_named_by_position():
    data = json.dumps([{"title": "ok", "text": "Texte valable."}, 7, {"text": ["x"]}]).encode()
    errors = [i for i in read_bytes(data, "mix.json", ".json") if isinstance(i, InputError)]
    assert [e.source for e in errors] == ["mix.json#2", "mix.json#3"]
