"""A speaker described after the verb by an age, a party compound or a title ("der 72-Jährige",
"die Grünen-Politikerin", "the 68-year-old", "the world champion") is the person the story
named before, as a role noun is."""

from __future__ import annotations

import pytest

from newsweave.entities import find_mentions
from newsweave.entities.link import EntityIndex
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


def speakers(text: str, language: str) -> list[tuple[str, str]]:
    quotes = find_quotes(text, language, find_mentions(text, language))
    return [(q.speaker, q.speaker_name) for q in quotes if is_direct(q)]


@pytest.mark.parametrize(
    ("text", "language", "surface", "name"),
    [
        (
            "Heinz Becker ist Rentner. „Die Preise steigen jede Woche“, klagt der 72-Jährige.",
            "de",
            "der 72-Jährige",
            "Heinz Becker",
        ),
        (
            "Claudia Roth warnte vor den Folgen. „Das dürfen wir nicht hinnehmen“, sagte die "
            "Grünen-Politikerin.",
            "de",
            "die Grünen-Politikerin",
            "Claudia Roth",
        ),
        (
            "Olaf Scholz äußerte sich am Abend. „Wir sind uns einig“, betonte der SPD-Chef.",
            "de",
            "der SPD-Chef",
            "Olaf Scholz",
        ),
        (
            'Maria Lopez has lived on the street for 40 years. "I have never seen water this '
            'high," the 68-year-old said.',
            "en",
            "the 68-year-old",
            "Maria Lopez",
        ),
        (
            'Tom Hardy won the race on Sunday. "The car was perfect today," the world champion '
            "said.",
            "en",
            "the world champion",
            "Tom Hardy",
        ),
    ],
)
def test_a_described_speaker_is_the_person_named_before(
    text: str, language: str, surface: str, name: str
) -> None:
    assert speakers(text, language) == [(surface, name)]


def test_cheering_and_telling_frame_a_german_quotation() -> None:
    text = (
        "Michael Schumacher gewann das Rennen souverän. „Das Auto war heute perfekt“, jubelte "
        "der Weltmeister. „So etwas habe ich noch nie gesehen“, erzählte eine Anwohnerin."
    )
    found = speakers(text, "de")
    assert found[0] == ("der Weltmeister", "Michael Schumacher")
    assert found[1][0] == "eine Anwohnerin" and found[1][1] != "Michael Schumacher"


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        (
            'Senator Lindsey Graham called the ruling "a historic victory for the rule of law."',
            "en",
            "Lindsey Graham",
        ),
        (
            "Die Ministerin Anna Kuhn bezeichnete den Entwurf als „einen gefährlichen Schritt "
            "zurück für alle Familien“.",
            "de",
            "Anna Kuhn",
        ),
    ],
)
def test_a_naming_verb_frames_words_longer_than_a_term(text: str, language: str, name: str):
    # No reporting verb frames the words: "called", "bezeichnete … als" give them a speaker.
    assert [n for _, n in speakers(text, language)] == [name]


def test_a_place_after_its_article_speaks_as_that_place() -> None:
    text = '"We are reviewing the report," the White House said on Monday.'
    quotes = find_quotes(text, "en", find_mentions(text, "en"))
    assert [(q.speaker, q.speaker_name) for q in quotes] == [("the White House", "White House")]


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        (
            "« Nous avons tout perdu », raconte Jean Dupont, agriculteur dans la Somme.",
            "fr",
            "Jean Dupont",
        ),
        ('"Lo hemos perdido todo", relata María García, vecina de Valencia.', "es", "María García"),
        ('"Abbiamo perso tutto", lamenta Paolo Rossi, agricoltore di Modena.', "it", "Paolo Rossi"),
        ('"Perdemos tudo", lamenta João Silva, agricultor em Braga.', "pt", "João Silva"),
    ],
)
def test_telling_and_lamenting_frame_a_quotation(text: str, language: str, name: str) -> None:
    assert [n for _, n in speakers(text, language)] == [name]


@pytest.mark.parametrize(
    ("text", "language", "body"),
    [
        ("В Кремле заявили: «Мы не видим угрозы для региона».", "ru", "Кремле"),
        ("В Минобороны России сообщили: «Удар нанесён по складам».", "ru", "Минобороны"),
    ],
)
def test_a_body_after_the_preposition_opening_the_clause_speaks(text, language, body):
    # "В Кремле заявили": the plural verb has no subject; the body it names speaks.
    assert [s for s, _ in speakers(text, language)] == [body]


def test_a_place_opening_an_earlier_sentence_does_not_speak():
    text = "Президент выступил в Кремле. Потом он заявил: «Мы не видим угрозы для региона»."
    assert all(s != "Кремле" for s, _ in speakers(text, "ru"))


def test_a_role_with_a_nationality_means_the_leader_of_that_country():
    # Both leaders hold a curated "leader" role; "российский" tells which one spoke.
    text = (
        "Владимир Путин встретился с Си Цзиньпином в Москве. «Наши отношения находятся на "
        "высшем уровне», — отметил российский лидер."
    )
    mentions = find_mentions(text, "ru")
    EntityIndex().link(mentions, "ru", text)
    quotes = find_quotes(text, "ru", mentions)
    assert [q.speaker_name for q in quotes] == ["Vladimir Putin"]
