"""A pronoun points back at a person of its gender where a given name or a title tells it; a
person whose name tells nothing stays a candidate for either."""

from __future__ import annotations

from newsweave.model import Mention
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


def people(text: str, *names: str) -> list[Mention]:
    found = []
    for name in names:
        start = -1
        while (start := text.find(name, start + 1)) >= 0:
            found.append(Mention(name, start, start + len(name), "PER", name, name, name))
    return sorted(found, key=lambda m: m.start)


def speakers(text: str, language: str, mentions: list[Mention]) -> list[str]:
    return [q.speaker_name for q in find_quotes(text, language, mentions) if is_direct(q)]


def test_she_skips_the_man_named_last():
    text = (
        "Margaret Olsen opened the session on Monday. Then Peter Lund took the floor and attacked "
        "the budget. “We cannot pay for this twice,” she said."
    )
    assert speakers(text, "en", people(text, "Margaret Olsen", "Peter Lund")) == ["Margaret Olsen"]


def test_he_skips_the_woman_named_last():
    text = (
        "Peter Lund opened the session on Monday. Then Margaret Olsen took the floor and attacked "
        "the budget. “We cannot pay for this twice,” he said."
    )
    assert speakers(text, "en", people(text, "Margaret Olsen", "Peter Lund")) == ["Peter Lund"]


def test_a_title_tells_the_gender_of_an_unknown_given_name():
    text = (
        "Mrs. Xandra Belo chaired the hearing. Later Mr. Quill Arden asked about the costs. "
        "“The costs are known,” she said."
    )
    assert speakers(text, "en", people(text, "Xandra Belo", "Quill Arden")) == ["Xandra Belo"]


def test_er_skips_the_woman_named_last_in_german():
    text = (
        "Stefan Weber eröffnete am Montag die Sitzung. Danach sprach Ursula Brandt über den "
        "Haushalt. „Das können wir nicht zweimal bezahlen“, sagte er."
    )
    assert speakers(text, "de", people(text, "Stefan Weber", "Ursula Brandt")) == ["Stefan Weber"]


def test_a_title_and_surname_name_the_person_named_in_full_before():
    text = (
        "Douglas Kerrigan, an economist at the port authority, was critical.\n\n"
        "“It is more tinkering at the edges,” Mr. Kerrigan said."
    )
    start = text.index("Douglas Kerrigan")
    full = Mention("Douglas Kerrigan", start, start + 16, "PER", "Douglas Kerrigan", "q7", "")
    quotes = [q for q in find_quotes(text, "en", [full]) if is_direct(q)]
    assert [(q.speaker, q.speaker_name, q.speaker_id) for q in quotes] == [
        ("Mr. Kerrigan", "Douglas Kerrigan", "q7")
    ]
