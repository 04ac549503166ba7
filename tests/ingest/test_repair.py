"""Mojibake: text decoded with the wrong codec is put right on reading, clean text is not touched."""

import json
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252, the codec browsers really use
import pytest

from newsweave.clean import clean_document
from newsweave.ingest import read_inputs
from newsweave.ingest.repair import repair_encoding
from newsweave.model import RawDocument

# Sentences written for these tests, one per script the issue names (and Ukrainian Cyrillic).
SENTENCES = {
    "tr": "Belediye, hafta sonu boyunca günlük sokağa çıkma yasağının sürdüğünü açıkladı.",
    "ru": "Вечером в четверг в Москве прошёл сильный снегопад, движение на дорогах затруднено.",
    "el": "Η κυβέρνηση ανακοίνωσε νέα μέτρα στήριξης για τους αγρότες της Θεσσαλίας.",
    "ar": "أعلنت وزارة الصحة عن افتتاح مستشفى جديد في مدينة الإسكندرية يوم الأحد.",
    "uk": "У Києві відкрили новий міст через Дніпро після трьох років будівництва.",
}
# Windows-1252 as browsers and scrapers apply it (bytes it leaves undefined pass through), and
# Latin-1: the two ways UTF-8 news text is most often misread.
CODECS = ("sloppy-windows-1252", "latin-1")


def misread(text: str, codec: str, times: int = 1) -> str:
    for _ in range(times):
        text = text.encode("utf-8").decode(codec)
    return text


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_double_encoded_lines_are_repaired(language, codec):
    sentence = SENTENCES[language]
    broken = misread(sentence, codec)
    assert broken != sentence
    assert repair_encoding(broken) == (sentence, True)


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_text_misread_twice_is_repaired(language):
    sentence = SENTENCES[language]
    assert repair_encoding(misread(sentence, "sloppy-windows-1252", times=2)) == (sentence, True)


def test_the_turkish_line_as_scraped():
    assert repair_encoding("gÃ¼nlÃ¼k sokaÄŸa Ã§Ä±kma") == ("günlük sokağa çıkma", True)


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_clean_text_in_every_script_is_left_untouched(language):
    assert repair_encoding(SENTENCES[language]) == (SENTENCES[language], False)


def test_clean_text_that_looks_a_little_like_mojibake_is_left_untouched():
    # Accented letters next to guillemets, degrees and no-break spaces are ordinary French,
    # Portuguese and Spanish.
    for line in (
        "« C'est l'été\u00a0», a-t-il dit ; il faisait 35\u00a0°C à Lyon.",
        "O ministro disse à imprensa: «não há acordo» — e saiu.",
        "¿Qué pasó?¡Él llegó a las 9\u00a0h!",
    ):
        assert repair_encoding(line) == (line, False)


def test_html_keeps_its_entities_and_quotes():
    page = "<p>Tom &amp; Jerry “returned” to Ä°stanbul</p>"
    assert repair_encoding(page) == ("<p>Tom &amp; Jerry “returned” to İstanbul</p>", True)


def test_every_input_kind_is_repaired_and_says_so(tmp_path: Path):
    ru, el, ar = SENTENCES["ru"], SENTENCES["el"], SENTENCES["ar"]
    (tmp_path / "a.txt").write_bytes(
        (misread(ru, "sloppy-windows-1252") + "\n" + ru + "\n").encode("utf-8")
    )
    html = f"<html><body><article><p>{misread(el, 'latin-1')}</p></article></body></html>"
    (tmp_path / "b.html").write_text(html, encoding="utf-8")
    # a JSON escape can spell the mojibake as well: json.dumps writes \\u00d8 for Ø
    record = {"url": "https://example.com/x", "title": misread("الصحة", "latin-1"), "text": ar}
    (tmp_path / "c.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    docs = list(read_inputs([tmp_path]))
    assert all(isinstance(d, RawDocument) and d.repaired_encoding for d in docs)
    assert docs[0].text == f"{ru}\n{ru}\n"
    assert el in docs[1].html
    assert docs[2].title == "الصحة" and docs[2].text == ar


def test_clean_inputs_are_not_marked_and_repair_reaches_the_article_meta(tmp_path: Path):
    (tmp_path / "clean.txt").write_text(SENTENCES["tr"] * 3, encoding="utf-8")
    (tmp_path / "broken.txt").write_text(misread(SENTENCES["tr"], "latin-1") * 3, "utf-8")
    broken, clean = list(read_inputs([tmp_path]))
    assert not clean.repaired_encoding and clean.text == SENTENCES["tr"] * 3
    article = clean_document(broken)
    assert article.meta["repaired_encoding"] == "ftfy"
    assert "sokağa çıkma" in article.text
    assert "repaired_encoding" not in clean_document(clean).meta


def test_mojibake_then_compatibility_normalised_is_repaired():
    # NFKC after the damage spells the ¼ of "Ã¼" (ü) as "1⁄4"; the SemEval rows carry it so.
    assert repair_encoding("gÃ1⁄4nlÃ1⁄4k sokaÄŸa Ã§Ä±kma") == ("günlük sokağa çıkma", True)
    assert repair_encoding("in MÃ1⁄4nchen und der TÃ1⁄4rkei") == ("in München und der Türkei", True)


def test_real_fractions_stay_fractions():
    for line in ("Mix 1⁄2 cup of flour with 3⁄4 cup of milk.", "Le prix a baissé de 1⁄4."):
        assert repair_encoding(line) == (line, False)
