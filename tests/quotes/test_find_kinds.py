"""Classes of quotation the finder must get right: dashes, reported speech, names in marks,
headlines, glued marks, and which person a verb, pronoun or role noun points to."""

from __future__ import annotations

import pytest

from newsweave import settings
from newsweave.model import Mention, Quote
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


def mention(text: str, surface: str, type_: str, entity_id: str, canonical: str,
            lemma: str = "", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(surface, start, start + len(surface), type_, lemma or surface, entity_id,
                   canonical)


def direct(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if is_direct(q)]


# --- speech after a dash -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("language", "text", "spoken"),
    [
        ("pl", "Rada zebrała się w piątek. - Ten plan nie ma poparcia w parlamencie - "
               "stwierdził Jan Kowal.", "Ten plan nie ma poparcia w parlamencie"),
        ("pl", "– Nie chcę o tym mówić. Sprawa jest zamknięta – powiedział Jan Kowal.",
         "Nie chcę o tym mówić. Sprawa jest zamknięta"),
        ("cs", "Vláda jednala dlouho. – Dohoda je blízko – řekl Jan Kowal.", "Dohoda je blízko"),
        ("ru", "— Мы будем работать и дальше, — сказал Ян Коваль.",
         "Мы будем работать и дальше"),
    ],
)
def test_dash_speech_anywhere_in_a_paragraph(language, text, spoken):
    surname = "Kowal" if "Kowal" in text else "Коваль"
    full = "Jan Kowal" if "Kowal" in text else "Ян Коваль"
    people = [mention(text, full, "PER", "PER-kowal", "Jan Kowal")]
    found = direct(find_quotes(text, language, people))
    assert [q.text for q in found] == [spoken], surname
    assert found[0].speaker_id == "PER-kowal"


def test_dash_speech_keeps_a_title_in_marks_inside_it():
    text = ("– Czytam „Trybunę” codziennie, bo to dobra gazeta – powiedział Jan Kowal.")
    people = [mention(text, "Jan Kowal", "PER", "PER-kowal", "Jan Kowal")]
    found = direct(find_quotes(text, "pl", people))
    assert [q.text for q in found] == ["Czytam „Trybunę” codziennie, bo to dobra gazeta"]


def test_parenthetical_dash_is_not_the_closing_one():
    text = ("Jan Kowal mówił o podatkach. - Jakich ulg? Niskie stawki - i po co więcej? "
            "- odpowiada polityk.")
    people = [mention(text, "Jan Kowal", "PER", "PER-kowal", "Jan Kowal")]
    (q,) = direct(find_quotes(text, "pl", people))
    assert q.text == "Jakich ulg? Niskie stawki - i po co więcej?"
    assert q.speaker_id == "PER-kowal"


def test_marked_quote_then_dash_verb():
    text = 'Jan Kowal pisał o tym wiele razy. "Podatki muszą spaść w tym roku" - przekonuje.'
    people = [mention(text, "Jan Kowal", "PER", "PER-kowal", "Jan Kowal")]
    (q,) = direct(find_quotes(text, "pl", people))
    assert q.text == "Podatki muszą spaść w tym roku"
    assert q.speaker_id == "PER-kowal"


# --- reported speech ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Jan Kowal added that the new tunnel would open in the spring."),
        ("cs", "Jan Kowal řekl, že nový tunel bude otevřen na jaře."),
        ("uk", "Ян Коваль зазначив, що новий тунель відкриють навесні."),
    ],
)
def test_reported_speech_is_kept_below_the_direct_threshold(language, text):
    surface = "Jan Kowal" if "Jan" in text else "Ян Коваль"
    people = [mention(text, surface, "PER", "PER-kowal", "Jan Kowal")]
    (q,) = find_quotes(text, language, people)
    assert not is_direct(q)
    assert q.confidence < settings.QUOTE_DIRECT_MIN_CONFIDENCE
    assert q.speaker_id == "PER-kowal"
    assert q.verb.endswith(("that", "že", "що"))  # the verb carries the conjunction


def test_direct_quotes_never_fall_below_the_threshold():
    text = "«Ніхто не знав, що буде далі», — сказав він."  # nobody to resolve "він" to
    (q,) = find_quotes(text, "uk", [])
    assert is_direct(q)


# --- names and emphasis in marks -------------------------------------------------------------

@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("bg", "Министърът каза пред вестник „Зора“, че ще подаде оставка."),
        ("ru", "Об этом он написал в «Телеграме», добавив подробности позже."),
        ("ru", "Министр был «лицом» реформы, сказал источник."),
        ("uk", "За словами прихильників «жорсткого» виходу, проєкт угоди «виявився гіршим, "
               "ніж очікували»."),
    ],
)
def test_names_and_emphasis_are_not_speech(language, text):
    found = direct(find_quotes(text, language, []))
    short = [q.text for q in found if len(q.text.split()) == 1]
    assert short == []


def test_glued_opening_mark_still_opens():
    text = "Премиерът заяви, че“данъците няма да се вдигат тази година“."
    people = [mention(text, "Премиерът", "PER", "PER-pm", "Prime Minister")]
    found = find_quotes(text, "bg", people)
    assert [q.text for q in found] == ["данъците няма да се вдигат тази година"]


def test_typewriter_mark_closes_german_quotation_marks():
    # de: web pages close „ with a typewriter mark; not where curly marks stand inside.
    text = ('Polizeisprecher Ralf Meyer sagte: „Das ist eine Größenordnung, die die Szene sonst '
            'nicht auf die Beine stellt". Die Demonstration blieb friedlich.')
    people = [mention(text, "Ralf Meyer", "PER", "PER-meyer", "Ralf Meyer")]
    found = find_quotes(text, "de", people)
    assert [q.text for q in found] == [
        "Das ist eine Größenordnung, die die Szene sonst nicht auf die Beine stellt"
    ]
    assert found[0].speaker_id == "PER-meyer"
    nested = 'Er sagte: „Sie nannte es „Unsinn“ und ging" und lachte "laut" dabei.'
    assert all('"' not in q.text for q in find_quotes(nested, "de", []))


# --- headlines -------------------------------------------------------------------------------

def test_headline_quote_with_colon_and_verb():
    text = ("„Не искаме отлагане“: Ян Ковал коментира изборите\n\n"
            "Ян Ковал говори пред журналисти в понеделник.")
    people = [mention(text, "Ян Ковал", "PER", "PER-kowal", "Jan Kowal"),
              mention(text, "Ян Ковал", "PER", "PER-kowal", "Jan Kowal", nth=1)]
    found = direct(find_quotes(text, "bg", people))
    assert [q.text for q in found] == ["Не искаме отлагане"]
    assert found[0].speaker_id == "PER-kowal"


def test_headline_that_is_only_a_quote_takes_the_protagonist():
    text = ("„Nechci odklad, chci volby“\n\nJan Kowal ve čtvrtek večer vystoupil v Praze.")
    people = [mention(text, "Jan Kowal", "PER", "PER-kowal", "Jan Kowal")]
    (q,) = direct(find_quotes(text, "cs", people))
    assert q.text == "Nechci odklad, chci volby"
    assert q.speaker_id == "PER-kowal"


def test_short_title_line_in_marks_is_not_a_quote():
    text = "„Nová Praha“\n\nProjekt začal v roce 2020."
    assert direct(find_quotes(text, "cs", [])) == []


# --- speakers --------------------------------------------------------------------------------

def test_place_after_preposition_is_not_the_speaker():
    text = ("«Abbiamo chiesto aiuto al governo», ha detto Luca Neri, presidente della regione "
            "in Piemonte.")
    people = [mention(text, "Luca Neri", "PER", "PER-neri", "Luca Neri"),
              mention(text, "Piemonte", "PER", "", "Piemonte")]
    (q,) = find_quotes(text, "it", people)
    assert q.speaker_id == "PER-neri"


def test_apposition_after_the_role():
    text = ("«Hemos pedido el estado de emergencia», declaró el presidente de la región, "
            "Luis Mora.")
    people = [mention(text, "Luis Mora", "PER", "PER-mora", "Luis Mora")]
    (q,) = find_quotes(text, "es", people)
    assert q.speaker_id == "PER-mora"


def test_organisation_only_as_the_bare_subject():
    text = "„Čekáme na oficiální stanovisko,“ dodal po jednání podle agentury AFP."
    people = [mention(text, "AFP", "ORG", "ORG-afp", "AFP")]
    (q,) = find_quotes(text, "cs", people)
    assert q.speaker_id != "ORG-afp"
    text = "„Let bude zrušen,“ uvedla společnost Aerolinka."
    people = [mention(text, "Aerolinka", "ORG", "ORG-aero", "Aerolinka")]
    (q,) = find_quotes(text, "cs", people)
    assert q.speaker_id == "ORG-aero"


def test_inflected_name_ranks_after_the_subject():
    text = ("– Nie ma na to zgody – powiedział w rozmowie z Pawłem Nowym minister Jan Kowal.")
    people = [
        mention(text, "Pawłem Nowym", "PER", "PER-nowy", "Paweł Nowy", lemma="Paweł Nowy"),
        mention(text, "Jan Kowal", "PER", "PER-kowal", "Jan Kowal"),
    ]
    (q,) = direct(find_quotes(text, "pl", people))
    assert q.speaker_id == "PER-kowal"


def test_role_noun_finds_the_person_with_that_role():
    text = ("Kancléřka Eva Malá přijela do Paříže, kde ji přivítal prezident Jan Kowal. "
            "„Spolupráce bude pokračovat,“ uvedla kancléřka.")
    people = [mention(text, "Eva Malá", "PER", "PER-mala", "Eva Malá"),
              mention(text, "Jan Kowal", "PER", "PER-kowal", "Jan Kowal")]
    (q,) = find_quotes(text, "cs", people)
    assert q.speaker_id == "PER-mala"


def test_pronoun_keeps_the_previous_quotes_speaker():
    text = ("“We are ready,” Anna Berg told reporters. Paul Novak arrived later with his team. "
            "“The work starts tomorrow,” she said.")
    people = [mention(text, "Anna Berg", "PER", "PER-berg", "Anna Berg"),
              mention(text, "Paul Novak", "PER", "PER-novak", "Paul Novak")]
    found = find_quotes(text, "en", people)
    assert [q.speaker_id for q in found] == ["PER-berg", "PER-berg"]


def test_pronoun_follows_a_newly_named_speaker():
    text = ("“We are ready,” Anna Berg told reporters. Paul Novak said the plan was sound. "
            "“The work starts tomorrow,” he said.")
    people = [mention(text, "Anna Berg", "PER", "PER-berg", "Anna Berg"),
              mention(text, "Paul Novak", "PER", "PER-novak", "Paul Novak")]
    found = direct(find_quotes(text, "en", people))
    assert [q.speaker_id for q in found] == ["PER-berg", "PER-novak"]


def test_name_in_the_reported_clause_is_not_the_speaker():
    text = ("Jan Kowal mówił długo. Zapowiedział, że premier Ewa Mała chce \"wejść w nową "
            "fazę rozmów\".")
    people = [mention(text, "Jan Kowal", "PER", "PER-kowal", "Jan Kowal"),
              mention(text, "Ewa Mała", "PER", "PER-mala", "Ewa Mała")]
    found = direct(find_quotes(text, "pl", people))
    assert [q.speaker_id for q in found] == ["PER-kowal"]


def test_according_to_him_beats_a_name_further_off():
    text = ("Ян Ковал говори дълго. Според него Петров идвал в града "
            "„най-малко веднъж месечно“.")
    people = [mention(text, "Ян Ковал", "PER", "PER-kowal", "Jan Kowal"),
              mention(text, "Петров", "PER", "PER-petrov", "Petrov")]
    (q,) = direct(find_quotes(text, "bg", people))
    assert q.speaker_id == "PER-kowal"
