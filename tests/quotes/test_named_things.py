"""Marks right after a noun for a thing with a name (a paper, a group, a book) hold that name,
in compounds and with case endings too; a colon between hands over speech as before."""

from __future__ import annotations

import pytest

from newsweave.model import Mention
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Die Hilfsorganisation „Ärzte am Fluss“ warnte am Montag vor Seuchen im Lager."),
        ("de", "Wie die Tageszeitung „Der Nordkurier“ berichtet, sei die Brücke gesperrt."),
        ("en", "The weekly newspaper “The Harbour Gazette” reported that the ferry was late."),
        ("fr", "Selon le quotidien « La Voix du Port », le ferry est en retard."),
        ("ru", "Об этом сообщила газета «Северный вестник» в понедельник утром."),
    ],
)
def test_a_name_after_its_naming_noun_is_no_quotation(language, text):
    assert [q.text for q in find_quotes(text, language, []) if is_direct(q)] == []


def test_a_colon_after_the_noun_still_hands_over_speech():
    text = "Der Minister sagte dem Fernsehsender: „Wir werden das prüfen und dann entscheiden.“"
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.text for q in quotes] == ["Wir werden das prüfen und dann entscheiden."]


def test_marks_around_exactly_one_name_set_off_the_name() -> None:
    """In "被称为“莱茵氢气走廊”的管道" the marks hold a name the entity stage found, not speech."""
    text = "双方表示，这条被称为“莱茵氢气走廊”的管道将于2030年前建成。"
    name = "莱茵氢气走廊"
    start = text.index(name)
    mention = Mention(name, start, start + len(name), "LOC", name)
    assert find_quotes(text, "zh", [mention]) == []


def test_a_word_that_only_begins_like_a_naming_word_names_nothing():
    # "estancan" begins as "esta" does, "Thatcher" as "that": neither makes the marks a title
    for text, language in [
        ('Las negociaciones se estancan. "Tendremos que cambiar la ley", dijo Carmen López.', "es"),
        ('The tories loved Thatcher "because she never gave up," said Karen Lowe.', "en"),
    ]:
        start = text.index("Carmen López" if language == "es" else "Karen Lowe")
        name = text[start:].split(",")[0].split(".")[0]
        mention = Mention(name, start, start + len(name), "PER", name, "p1", name)
        quotes = [q for q in find_quotes(text, language, [mention]) if is_direct(q)]
        assert [q.speaker_name for q in quotes] == [name], text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Das berichtete „tagesschau.de“ am Montag."),
        ("en", "Source: “news.example.co.uk”"),
    ],
)
def test_a_web_address_in_marks_is_no_quotation(language, text):
    assert [q.text for q in find_quotes(text, language, []) if is_direct(q)] == []
