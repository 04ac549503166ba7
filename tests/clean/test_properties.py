"""Properties of the cleaner on any input: it never crashes and never silently loses a line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.clean import clean_document
from newsweave.clean.lines import normalise
from newsweave.model import Article, RawDocument

LINES = [
    "Flood waters reach the old town",
    "March 3, 2024, 8:00 AM",
    "By Jane Porter, Staff writer",
    "Share 4 | Tweet | Email",
    "BERLIN (AP) — The river rose by two metres overnight, officials said.",
    "МОСКВА (ТАСС) – Уровень воды поднялся на два метра за ночь.",
    "Rescue teams evacuated 200 people from their homes on Sunday.",
    "„Wir haben so etwas noch nie gesehen“, sagte die Bürgermeisterin.",
    "Читайте также:",
    "Коментари (0)",
    "Tags: flood, river, rain, weather",
    "Лидерът ще пристигне през пролетта. /БГНЕС, АФП",
    "(Reuters)",
    "© AFP",
    "Leggi anche",
    "Seguici su Facebook",
    "www.example.com/news",
    "п",
    "",
]


def accounted_for(line: str, article: Article) -> bool:
    """The line is in the text, the title, the removed lines or meta, or split between them.

    Containment, not equality: a hard-wrapped line is joined to the one it continues.
    """
    key = normalise(line)
    paragraphs = [normalise(p) for p in article.text.split("\n\n")]
    pieces = [normalise(r.line) for r in article.removed]
    whole = {normalise(article.title), *paragraphs, *pieces, *map(normalise, article.meta.values())}
    if any(key in f" {part} " or f" {key} " in f" {part} " for part in whole):
        return True
    return any(
        key in f"{piece} {paragraph} {piece}" for piece in pieces for paragraph in paragraphs
    )


def assert_nothing_lost(text: str, article: Article) -> None:
    for line in text.splitlines():
        if line.strip():
            assert accounted_for(line, article), f"lost: {line!r}"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_crashes_on_arbitrary_text(text: str) -> None:
    article = clean_document(RawDocument(source="fuzz", text=text))
    assert isinstance(article.text, str)
    assert article.id == article.content_hash[:16]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=25))
def test_nothing_is_lost(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert_nothing_lost(text, clean_document(RawDocument(source="fuzz", text=text)))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300).map(lambda t: t + "\nA b."))
def test_nothing_is_lost_on_arbitrary_text(text: str) -> None:
    assert_nothing_lost(text, clean_document(RawDocument(source="fuzz", text=text)))


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=500))
def test_never_crashes_on_arbitrary_html(text: str) -> None:
    html = f"<html><body><p>{text}</p><div>{text}</div></body></html>"
    article = clean_document(RawDocument(source="fuzz.html", html=html))
    assert isinstance(article.text, str)
