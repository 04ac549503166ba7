"""Ingest: every input becomes documents or one error naming it."""

import gzip
import json
from pathlib import Path

from newsweave.ingest import InputError, input_files, read_inputs
from newsweave.model import RawDocument


def read_all(*paths):
    return list(read_inputs([str(p) for p in paths]))


def test_plain_text_in_utf8_and_legacy_cyrillic_encoding(tmp_path: Path):
    text = "Парламентът прие бюджета за следващата година след дълъг дебат.\n" * 3
    (tmp_path / "bg.txt").write_text(text, encoding="utf-8")
    (tmp_path / "ru.txt").write_bytes(
        ("Правительство утвердило новый план по развитию железных дорог. " * 4).encode("cp1251")
    )
    docs = read_all(tmp_path)
    assert [type(d) for d in docs] == [RawDocument, RawDocument]
    assert "Парламентът" in docs[0].text
    assert "железных дорог" in docs[1].text


def test_gzip_html_and_jsonl_records(tmp_path: Path):
    html = "<html><body><article><p>Die Regierung hat am Montag beschlossen.</p></article></body></html>"
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(html.encode()))
    records = [
        {"url": "https://example.org/a", "title": "Sciopero", "text": "Lo sciopero è iniziato ieri.",
         "published": "2024-03-05", "source": "Esempio"},
        {"url": "https://example.org/b", "title": "Huelga", "html": "<p>La huelga sigue hoy.</p>"},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    docs = read_all(tmp_path)
    by_source = {d.source: d for d in docs}
    assert by_source[str(tmp_path / "page.html.gz")].html.startswith("<html>")
    first = by_source[f"{tmp_path / 'feed.jsonl'}#1"]
    assert (first.title, first.published, first.site) == ("Sciopero", "2024-03-05", "Esempio")
    assert first.url == "https://example.org/a"
    assert by_source[f"{tmp_path / 'feed.jsonl'}#2"].html == "<p>La huelga sigue hoy.</p>"


def test_bad_inputs_are_named_and_do_not_stop_the_others(tmp_path: Path):
    (tmp_path / "a_binary.html").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "b_empty.txt").write_text("   \n")
    (tmp_path / "c_bad.jsonl").write_text('{"title": "ok", "text": "Un texte valable ici."}\n{broken\n')
    (tmp_path / "d_types.json").write_text('[{"title": 5, "text": "x"}]')
    (tmp_path / "e_bomb.txt.gz").write_bytes(gzip.compress(b"a" * 60_000_000))
    (tmp_path / "f_good.txt").write_text("Le gouvernement a présenté mardi un nouveau plan climat.")
    docs = read_all(tmp_path, tmp_path / "missing.txt")
    errors = {Path(d.source).name: d.message for d in docs if isinstance(d, InputError)}
    good = [d for d in docs if isinstance(d, RawDocument)]
    assert "binary" in errors["a_binary.html"]
    assert "empty" in errors["b_empty.txt"]
    assert "malformed JSON" in errors["c_bad.jsonl#2"]
    assert "must be a string" in errors["d_types.json#1"]
    assert "gzip bomb" in errors["e_bomb.txt.gz"]
    assert "no such file" in errors["missing.txt"]
    assert sorted(Path(d.source).name for d in good) == ["c_bad.jsonl#1", "f_good.txt"]


def test_folders_expand_in_stable_order_and_skip_hidden_and_unknown(tmp_path: Path):
    for name in ("b.txt", "a.html", "notes.pdf", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    assert [Path(p).name for p in input_files([tmp_path])] == ["a.html", "b.txt"]
