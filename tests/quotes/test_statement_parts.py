"""A statement quoted in parts around its frame comes out as one quotation where the language's
data says news treats it so (en), and as its parts where it does not (de)."""

from __future__ import annotations

from newsweave.model import Mention, Quote
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


def person(text: str, surface: str, canonical: str) -> Mention:
    start = text.index(surface)
    return Mention(surface, start, start + len(surface), "PER", surface, canonical, canonical)


def direct(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if is_direct(q)]


def test_a_long_frame_sentence_joins_the_parts_around_it():
    text = (
        "“The harbour will reopen in May,” Mayor Ellen Varga said on Tuesday at a meeting of "
        "the port council in the old customs house. “Until then the ferries use the north pier.”"
    )
    quotes = direct(find_quotes(text, "en", [person(text, "Ellen Varga", "Ellen Varga")]))
    assert len(quotes) == 1, [q.text for q in quotes]
    assert quotes[0].text.endswith("north pier.")
    assert quotes[0].speaker_name == "Ellen Varga"


def test_the_framed_paragraph_after_the_frame_continues_the_statement():
    text = (
        "“We did not expect the storm to turn north,” Tomas Reyes told reporters.\n\n"
        "“By the time it did, the boats were already out at sea.”"
    )
    quotes = direct(find_quotes(text, "en", [person(text, "Tomas Reyes", "Tomas Reyes")]))
    assert [q.text[:9] for q in quotes] == ["We did no"]
    assert quotes[0].text.endswith("out at sea.")


def test_the_same_verb_between_the_parts_is_their_one_frame():
    text = (
        "“Budgets are choices,” Ada Brook continued, “and this one chooses the schools over "
        "the stadium.”"
    )
    quotes = direct(find_quotes(text, "en", [person(text, "Ada Brook", "Ada Brook")]))
    assert len(quotes) == 1, [q.text for q in quotes]


def test_two_statements_each_with_its_own_frame_stay_apart():
    text = "“The bridge is safe,” Ada Brook said. “The tunnel is not,” said the engineer Paul Ode."
    mentions = [person(text, "Ada Brook", "Ada Brook"), person(text, "Paul Ode", "Paul Ode")]
    quotes = direct(find_quotes(text, "en", mentions))
    assert [q.speaker_name for q in quotes] == ["Ada Brook", "Paul Ode"]


def test_a_frame_sentence_with_another_quotation_in_it_joins_nothing():
    text = (
        "“Prices will fall,” Ada Brook said, calling the forecast “cautious” at best. "
        "“Wages will not.”"
    )
    quotes = direct(find_quotes(text, "en", [person(text, "Ada Brook", "Ada Brook")]))
    assert not any(
        q.text.endswith("Wages will not.") and q.text.startswith("Prices") for q in quotes
    )


def test_german_parts_stay_apart():
    text = (
        "„Der Hafen öffnet im Mai“, sagte Bürgermeisterin Ellen Varga am Dienstag im Rathaus. "
        "„Bis dahin fahren die Fähren vom Nordpier.“"
    )
    quotes = direct(find_quotes(text, "de", [person(text, "Ellen Varga", "Ellen Varga")]))
    assert len(quotes) == 2


def test_a_dash_and_a_name_ending_the_line_sign_the_quotation():
    text = (
        "Readers wrote in after the debate.\n\n"
        "“I have never seen a candidate this unprepared for a simple question.” ― Marta Ruiz\n"
        "“The river towns need the bridge more than they need promises.”― Oskar P. Lind.\n"
    )
    quotes = direct(find_quotes(text, "en", [person(text, "Marta Ruiz", "Marta Ruiz")]))
    assert [q.speaker_name for q in quotes] == ["Marta Ruiz", "Oskar P. Lind"]


def test_a_dash_before_lower_case_words_is_no_signature():
    text = "„Wir schaffen das“ – sagte die Ministerin Ilse Dorn am Abend in Kiel."
    quotes = direct(find_quotes(text, "de", [person(text, "Ilse Dorn", "Ilse Dorn")]))
    assert all(q.speaker_name != "sagte" for q in quotes)
    assert [q.speaker_name for q in quotes] == ["Ilse Dorn"]


def test_whom_the_words_were_told_to_is_not_the_speaker():
    text = "“The vote is close,” Rosa Imre, 61, told Radio Nord on Monday."
    mentions = [person(text, "Rosa Imre", "Rosa Imre")]
    start = text.index("Radio Nord")
    mentions.append(
        Mention("Radio Nord", start, start + 10, "ORG", "Radio Nord", "rn", "Radio Nord")
    )
    quotes = direct(find_quotes(text, "en", mentions))
    assert [q.speaker_name for q in quotes] == ["Rosa Imre"]


def test_a_frame_closing_the_paragraph_before_hands_over_to_the_quotation():
    for language, text, said in (
        ("en", "A spokesman for the port authority added:\n\n“We rebuild by May.”", "spokesman"),
        ("de", "Ein Sprecher der Hafenbehörde sagte:\n\n„Wir bauen bis Mai neu.“", "Sprecher"),
    ):
        quotes = direct(find_quotes(text, language, []))
        assert len(quotes) == 1 and said in quotes[0].speaker, (language, quotes)
        assert quotes[0].verb, language


def test_a_relay_passes_on_the_words_of_the_person_after_it():
    text = "The Harbour Gazette quoted Ada Brook as saying: “The bridge will not open this year.”"
    quotes = direct(find_quotes(text, "en", [person(text, "Ada Brook", "Ada Brook")]))
    assert [q.speaker_name for q in quotes] == ["Ada Brook"]
    text = "«Мост в этом году не откроют», цитирует газета мэра Анну Орлову."
    mentions = [person(text, "Анну Орлову", "Анна Орлова")]
    quotes = direct(find_quotes(text, "ru", mentions))
    assert [q.speaker_name for q in quotes] == ["Анна Орлова"]


def test_a_long_apposition_between_the_quotation_and_its_verb():
    text = (
        "Martin Kade ran the studio for a decade.\n\n"
        "“I would not discount the commercial motives,” Mr. Kade, a screenwriter and former "
        "studio executive who left in 2014, said."
    )
    quotes = direct(find_quotes(text, "en", [person(text, "Martin Kade", "Martin Kade")]))
    assert [(q.speaker_name, q.verb) for q in quotes] == [("Martin Kade", "said")]


def test_the_it_of_put_it_is_no_speaker():
    text = "As Professor Lena Foss put it: “The city does a better job than it admits.”"
    quotes = direct(find_quotes(text, "en", []))
    assert [q.speaker for q in quotes] == ["Professor Lena Foss"]
