"""Whom a pronoun speaker means: a name set off between a description and its verb is the
sentence's subject, and in a verb-second language a pronoun inside a split cue is its subject."""

from __future__ import annotations

from newsweave.model import Mention
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


def _person(text: str, name: str, surface: str | None = None, nth: int = 0) -> Mention:
    surface = surface or name
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Mention(surface, start, start + len(surface), "PER", name, name.casefold(), name)


def _speakers(text: str, language: str, mentions: list[Mention]) -> list[str]:
    return [q.speaker_name for q in find_quotes(text, language, mentions) if is_direct(q)]


def _speakers_of(text: str, language: str, *people: str) -> list[str]:
    """The speakers found where the name finder gave these people, each where first named."""
    return _speakers(text, language, [_person(text, name) for name in people])


def test_a_name_apposed_to_the_subject_is_whom_the_next_er_means():
    text = (
        "Das Gelände hatte Jürgen Rieger 2004 gekauft. Der frühere Bürgermeister der Gemeinde, "
        "Heiner Falldorf, wertet das Urteil als Niederlage für Rieger. Gegenüber dem Sender "
        "äußerte er sich mit den Worten: „Das ist hoffentlich der Anfang vom Ende.“"
    )
    mentions = [
        _person(text, "Jürgen Rieger"),
        # The name finder keeps the comma that closes the apposition.
        _person(text, "Heiner Falldorf", "Heiner Falldorf,"),
        _person(text, "Jürgen Rieger", "Rieger", nth=1),
    ]
    assert _speakers(text, "de", mentions) == ["Heiner Falldorf"]


def test_an_english_name_apposed_to_the_subject_is_whom_he_means():
    text = (
        "The deal was signed by Tom Baxter last week. The mayor of the town, Joan Pike, called "
        "the deal a mistake by Baxter. Speaking to reporters, she added: “We will fight this "
        "decision in every court we can.”"
    )
    mentions = [
        _person(text, "Tom Baxter"),
        _person(text, "Joan Pike"),
        _person(text, "Tom Baxter", "Baxter", nth=1),
    ]
    assert _speakers(text, "en", mentions) == ["Joan Pike"]


def test_a_pronoun_inside_a_german_split_cue_is_its_subject():
    text = (
        "Vizekanzler Franz Moosbrugger hat seinen Rücktritt verkündet. Er begründet den "
        "Schritt mit der Krankheit seiner Frau. „Es ist ausschließlich dieser private Grund“, "
        "teilte er mit."
    )
    mentions = [_person(text, "Franz Moosbrugger")]
    quotes = [q for q in find_quotes(text, "de", mentions) if is_direct(q)]
    assert [(q.speaker, q.speaker_name) for q in quotes] == [("er", "Franz Moosbrugger")]


def test_a_name_after_an_impersonal_verb_is_in_what_was_said():
    text = (
        "In der Ankündigung des Komitees heißt es, der Preis gehe an die in Temeswar geborene "
        "Hanna Lorenz, „die mit der Dichte der Poesie die Landschaft der Heimatlosen zeichnet“."
    )
    mentions = [_person(text, "Hanna Lorenz")]
    assert all(name != "Hanna Lorenz" for name in _speakers(text, "de", mentions))


def test_a_name_the_words_follow_in_brackets_speaks():
    cases = (
        (
            "de",
            "Auch andere gratulierten, so der Leiter der Atombehörde, Halvor Strand („Mir fällt "
            "niemand ein, der diese Ehre mehr verdient hätte.“), und der Premier.",
        ),
        (
            "en",
            "Others were less kind, among them the union leader Halvor Strand (“This is a "
            "betrayal of every worker in the country.”) and two senators.",
        ),
    )
    for language, text in cases:
        quotes = [q for q in find_quotes(text, language, [_person(text, "Halvor Strand")])]
        assert [q.speaker_name for q in quotes if is_direct(q)] == ["Halvor Strand"], language


def test_es_geheissen_is_impersonal_and_its_text_speaks():
    text = (
        "In einer Erklärung der Außenminister vom Dienstagabend hatte es geheißen: „Es gibt "
        "keine militärische Lösung in diesem Konflikt.“"
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert len(quotes) == 1 and "Erklärung" in quotes[0].speaker


def test_words_woven_into_reported_speech_stay_with_the_last_speaker():
    text = (
        "Familienministerin Kristin Albers sagte, es gebe „viele Frauen mit Erfahrung im "
        "Umgang mit Kindern.“ Die Arbeitsagenturen würden ihnen deshalb „beherzt ein Angebot "
        "machen.“"
    )
    mentions = [_person(text, "Kristin Albers")]
    assert _speakers(text, "de", mentions) == ["Kristin Albers", "Kristin Albers"]


def test_a_sentence_in_the_indicative_is_no_reported_speech():
    text = (
        "Familienministerin Kristin Albers sagte, es gebe „viele Frauen mit Erfahrung im "
        "Umgang mit Kindern.“ Die Arbeitsagenturen machen ihnen deshalb „beherzt ein Angebot.“"
    )
    mentions = [_person(text, "Kristin Albers")]
    assert _speakers(text, "de", mentions)[1:] != ["Kristin Albers"]


def test_he_means_the_person_who_opens_the_sentence_not_the_last_one_named():
    # Nobody in the sentence before speaks with a reporting verb: the subject that opens it
    # is whom "he" continues, not the object named at its end.
    text = (
        "Senator Paul Hendricks spent the morning touring farms hit by the drought with the "
        "county's water commissioner, Mark Ridley. “These families need help before the "
        "harvest, not after it,” he said."
    )
    assert _speakers_of(text, "en", "Paul Hendricks", "Mark Ridley") == ["Paul Hendricks"]


def test_er_means_the_person_who_opens_the_sentence_not_the_last_one_named():
    text = (
        "Bürgermeister Klaus Wendler besuchte am Morgen die überfluteten Höfe gemeinsam mit dem "
        "Leiter des Wasserwerks, Georg Baumann. „Wir lassen niemanden mit dem Schaden allein“, "
        "sagte er."
    )
    assert _speakers_of(text, "de", "Klaus Wendler", "Georg Baumann") == ["Klaus Wendler"]


def test_a_title_before_a_name_does_not_end_the_sentence_he_looks_back_over():
    # "Mr. Kessler" does not open a sentence of its own: the stop is the title's.
    text = (
        "Mr. Albright praised Mr. Kessler for months of patient work. “We agreed on the "
        "timetable and nothing else,” he said."
    )
    mentions = [
        _person(text, "Tom Albright", "Albright"),
        _person(text, "Dan Kessler", "Kessler"),
    ]
    assert _speakers(text, "en", mentions) == ["Tom Albright"]


def test_a_name_before_a_relative_clause_is_the_subject_of_the_verb_after_it():
    # "said Carla Beaumont's report": the name after the verb owns its object, and the one
    # the next "she" means is the name the relative clause follows.
    text = (
        "Economist Dana Whitfield, who studies housing markets at a university in Ohio, said "
        "Carla Beaumont's report had missed the point.\n\n“Rents are rising faster than wages "
        "everywhere we look,” she said."
    )
    assert _speakers_of(text, "en", "Dana Whitfield", "Carla Beaumont") == ["Dana Whitfield"]
    german = (
        "Die Forscherin Petra Lindqvist, die seit Jahren die Mieten in Leipzig untersucht, "
        "kritisierte am Dienstag den Bericht von Anna Berger. „Die Mieten steigen schneller "
        "als die Löhne“, sagte sie."
    )
    assert _speakers_of(german, "de", "Petra Lindqvist", "Anna Berger") == ["Petra Lindqvist"]


def test_a_name_after_its_employers_possessive_is_the_verbs_subject_but_not_after_told():
    text = (
        "“Voters have made up their minds,” said Rob Kessler of the state party.\n\n"
        "Debates rarely move the polls this late, noted NBC’s Dante Okafor.\n\n"
        "“By the time the candidates take the stage, most voters have decided,” he wrote."
    )
    assert _speakers_of(text, "en", "Rob Kessler", "Dante Okafor") == [
        "Rob Kessler",
        "Dante Okafor",
    ]
    told = (
        "“Voters have made up their minds,” said Rob Kessler of the state party.\n\n"
        "Later he told CNN’s Dante Okafor that the race was over.\n\n"
        "“By the time the candidates take the stage, most voters have decided,” he said."
    )
    assert _speakers_of(told, "en", "Rob Kessler", "Dante Okafor") == ["Rob Kessler", "Rob Kessler"]


def test_a_given_name_of_either_sex_leaves_its_bearer_to_she():
    text = (
        "“The veto will be overridden,” Senator Mark Dolan said on Tuesday.\n\n"
        "“They are wrong about the courts,” said widow Terry Stradling.\n\n"
        "She continued, “All we are asking for is our day in court.”"
    )
    assert _speakers_of(text, "en", "Mark Dolan", "Terry Stradling") == [
        "Mark Dolan",
        "Terry Stradling",
        "Terry Stradling",
    ]


def test_a_pronoun_that_opens_a_colon_sentence_hands_its_person_the_quotation():
    text = (
        "Die Ministerin Ursula Weber besuchte am Montag das Werk. Sie warb dort für ihren "
        "Plan: „Wir brauchen mehr Tempo bei der Energiewende.“"
    )
    quotes = [q for q in find_quotes(text, "de", [_person(text, "Ursula Weber")]) if is_direct(q)]
    assert [(q.speaker, q.speaker_name) for q in quotes] == [("Sie", "Ursula Weber")]


def test_an_english_pronoun_that_opens_a_colon_sentence_hands_over_too():
    text = (
        "Senator Maria Lopez toured the plant on Monday. She laid out the stakes: “We cannot "
        "afford to lose these jobs to another state.”"
    )
    quotes = [q for q in find_quotes(text, "en", [_person(text, "Maria Lopez")]) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == ["Maria Lopez"]


def test_the_place_or_circle_after_aus_hiess_es_speaks():
    text = (
        "Das Weiße Haus verlangte einen Rückzug. Aus Paris hieß es, das Vorgehen sei „eine "
        "schwerwiegende Verletzung“ des Abkommens."
    )
    start = text.index("Paris")
    paris = Mention("Paris", start, start + 5, "LOC", "Paris", "LOC-paris", "Paris")
    quotes = [q for q in find_quotes(text, "de", [paris]) if is_direct(q)]
    assert [(q.speaker, q.speaker_name) for q in quotes] == [("Paris", "Paris")]
    circle = "Aus Regierungskreisen hieß es am Abend: „Eine Einigung ist nicht in Sicht.“"
    quotes = [q for q in find_quotes(circle, "de", []) if is_direct(q)]
    assert [q.speaker for q in quotes] == ["Regierungskreisen"]


def test_a_french_subject_pronoun_inverted_onto_its_verb_points_back():
    text = (
        "Les négociations piétinent. Claire Dubois était à Lyon. « Nous devrons changer la "
        "loi », ajoute-t-elle. « Il faut du temps », a-t-elle précisé."
    )
    quotes = [q for q in find_quotes(text, "fr", [_person(text, "Claire Dubois")]) if is_direct(q)]
    assert [(q.speaker, q.speaker_name) for q in quotes] == [("elle", "Claire Dubois")] * 2


def test_a_possessive_before_the_colon_points_back_to_its_person():
    for text, language, name in [
        (
            "Anna Schmidt kam zur Sitzung. Ihr Fazit: „Wir werden das Gesetz ändern müssen.“",
            "de",
            "Anna Schmidt",
        ),
        (
            'Karen Lowe spoke for an hour. Her verdict: "We will have to change the law."',
            "en",
            "Karen Lowe",
        ),
    ]:
        quotes = [q for q in find_quotes(text, language, [_person(text, name)]) if is_direct(q)]
        assert [(q.speaker, q.speaker_name) for q in quotes] == [
            (text.split(". ")[1].split(":")[0], name)
        ]
    # an article there points back to no one
    text = 'Karen Lowe spoke for an hour. The verdict: "We will have to change the law."'
    quotes = [q for q in find_quotes(text, "en", [_person(text, "Karen Lowe")]) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == [""]
