"""German frames the name finder may leave bare: a full name set off by its apposition, and
cues beyond "sagte" ("zeigte sich zufrieden", "lautete")."""

from __future__ import annotations

import pytest

from newsweave import settings
from newsweave.model import Mention
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct
from newsweave.quotes.lexicon import attribution_lexicon


def test_a_full_name_before_its_apposition_speaks_without_a_mention():
    text = (
        "Die Opposition widersprach. Hanna Oberle, Vorsitzende des Umweltausschusses, "
        "kritisierte: „Dieser Plan verschiebt das Problem nur um zehn Jahre.“"
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == ["Hanna Oberle"]


def test_a_single_capitalised_word_before_a_comma_is_no_such_name():
    text = "Trotzdem, so hieß es weiter, kritisierte man: „Dieser Plan verschiebt das Problem nur.“"
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert all(q.speaker_name != "Trotzdem" for q in quotes)


def test_zeigte_sich_frames_the_quotation_before_it():
    text = (
        "„Wir haben das Ziel erreicht und fahren zufrieden nach Hause“, zeigte sich "
        "Trainerin Jola Brandt nach dem Spiel erleichtert."
    )
    start = text.index("Jola Brandt")
    mentions = [
        Mention("Jola Brandt", start, start + 11, "PER", "Jola Brandt", "q1", "Jola Brandt")
    ]
    quotes = [q for q in find_quotes(text, "de", mentions) if is_direct(q)]
    assert [(q.speaker_name, q.verb) for q in quotes] == [("Jola Brandt", "zeigte sich")]


def test_the_source_a_cue_governs_speaks():
    cases = (
        ("Dabei habe es laut Polizei eine „gezielte Provokation“ gegeben.", "Polizei"),
        (
            "Der Plan sei nach Meinung der Umweltorganisation eine „teure Sackgasse“ geworden.",
            "der Umweltorganisation",
        ),
    )
    for text, said in cases:
        quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
        assert [q.speaker for q in quotes] == [said], text


def test_a_cue_that_follows_its_source_governs_nothing_after_it():
    text = "Dem Bericht zufolge habe der Minister die „volle Verantwortung“ getragen."
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert all(q.speaker != "der Minister" for q in quotes)


def test_a_paper_named_in_marks_after_the_verb_speaks():
    cases = (
        (
            "de",
            "„Der Hafen wird zum Nadelöhr für die ganze Region“, schreibt die „Nordpost“ am Montag.",
            "die Nordpost",
        ),
        (
            "de",
            "„Die Reform kommt zu spät und bringt zu wenig“, schrieb „Die Tagespost“ in einem Kommentar.",
            "Die Tagespost",
        ),
    )
    for language, text, said in cases:
        quotes = [q for q in find_quotes(text, language, []) if is_direct(q)]
        assert [q.speaker for q in quotes] == [said], text


def test_lower_case_words_in_marks_after_the_verb_are_no_name():
    text = "Der Minister sagte am Abend: „wir prüfen das noch“ und ging."
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert all("prüfen" not in q.speaker for q in quotes)


def test_the_subject_right_after_a_subordinator_speaks():
    text = (
        "Wie die Stiftung Lesen am Montag erklärte, sieht die Stadt im Plan "
        "„keinen Grund für weitere Verzögerungen“."
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker for q in quotes] == ["die Stiftung Lesen"]


def test_an_object_after_the_subordinator_is_no_subject():
    text = "Wie den Bürgermeister am Montag mitgeteilt wurde, sei das „ein schwerer Fehler“."
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert all("Bürgermeister" not in q.speaker for q in quotes)


def test_a_quotation_after_a_sentence_about_a_person_is_theirs():
    text = (
        "Jonas Keller, einer der Abgeordneten, verurteilte die Haltung der Regierung. "
        "„Diese Politik wird von fast jedem, mit dem ich spreche, als ungerecht angesehen.“"
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == ["Jonas Keller"]
    assert quotes[0].confidence < settings.QUOTE_CONFIDENCE_NAMED


def test_a_quotation_after_a_sentence_about_a_thing_has_no_speaker():
    text = (
        "Die Brücke wurde am Montag gesperrt. "
        "„Wir wissen nicht, wann sie wieder geöffnet werden kann und was das kostet.“"
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == [""]


def test_a_verb_right_after_a_comma_takes_the_subject_after_it():
    text = (
        "Sie sei „vollkommen erschüttert“ über das Unglück, sagte die Bürgermeisterin, "
        "und sagte Hilfe zu."
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker for q in quotes] == ["die Bürgermeisterin"]


def test_the_source_right_after_laut_beats_a_name_further_on():
    text = (
        "Laut „Nordpost“ zeichnet die Regierung von Präsident Jonas Keller das Bild eines "
        "„völlig überforderten Apparats“."
    )
    start = text.index("Jonas Keller")
    keller = Mention("Jonas Keller", start, start + 12, "PER", "Jonas Keller", "q3", "Jonas Keller")
    quotes = [q for q in find_quotes(text, "de", [keller]) if is_direct(q)]
    assert [q.speaker for q in quotes] == ["Nordpost"]


def test_a_name_in_marks_ends_its_phrase():
    text = "„Das wird das größte Update aller Zeiten“, zitiert die „Tagespost“ Lynch im Bericht."
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert all("Lynch" not in q.speaker for q in quotes)


def test_a_name_set_off_right_before_the_verb_is_the_subject():
    text = (
        "Der Vorsitzende des Bauverbands in Sachsen, Holger Kranich, kritisierte die Entscheidung "
        "der Behörde scharf: „Die Behörde muss sich fragen lassen, warum sie den Weg frei macht.“"
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == ["Holger Kranich"]


def test_a_split_verb_brackets_a_long_subject_when_its_particle_closes_the_clause():
    text = (
        "„Wir prüfen den Vorgang sehr genau und mit aller Sorgfalt“, teilte ein Sprecher "
        "des Innenministeriums am Abend mit."
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker for q in quotes] == ["ein Sprecher des Innenministeriums"]


def test_a_particle_that_does_not_close_the_clause_splits_no_verb_over_long_reaches():
    lex = attribution_lexicon("de")
    assert lex.verbs.search("Er gab viel Geld für die Reisen an die Küste aus.") is None
    assert lex.verbs.search("Das gab der Bürgermeister der Stadt Bonn gestern bekannt.")


def _person(text: str, name: str, entity_id: str) -> Mention:
    start = text.index(name)
    return Mention(name, start, start + len(name), "PER", name, entity_id, name)


def test_a_role_compound_stands_for_the_person_the_text_gave_it():
    # German joins a role to what it governs ("Innenminister", "Rechtsanwältin"); the role
    # alone later is the person it was set before.
    text = (
        "Innenministerin Carla Brenner besuchte am Montag Dresden. Die Polizei schwieg. "
        "„Das hätte verhindert werden können“, sagte die Innenministerin. Die Rechtsanwältin "
        "der Familie, Maria Gonzalez, widersprach. „Die Behörden wussten es“, sagte die "
        "Rechtsanwältin."
    )
    mentions = [_person(text, "Carla Brenner", "p1"), _person(text, "Maria Gonzalez", "p2")]
    quotes = [q for q in find_quotes(text, "de", mentions) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == ["Carla Brenner", "Maria Gonzalez"]


def test_a_role_ends_a_compound_but_a_body_or_a_vehicle_is_no_role():
    roles = attribution_lexicon("de").roles
    assert roles.fullmatch("Polizeisprecherin") and roles.fullmatch("Fraktionsvorsitzende")
    assert not roles.fullmatch("Innenministerium") and not roles.fullmatch("Fahrzeuge")


def test_an_adverb_that_opens_the_frame_is_no_speaker():
    # German capitalises the first word: "Wörtlich", "Deutlich" are adverbs, and the subject
    # follows the finite verb.
    for frame, speaker in [
        ("Wörtlich sagte die Ministerin:", "die Ministerin"),
        ("Deutlich wurde der Verbandschef:", "der Verbandschef"),
        ("Höhnisch veröffentlichte der Verfasser folgenden Kommentar:", "der Verfasser"),
    ]:
        text = f"Die Debatte ging weiter. {frame} „Wer das glaubt, hat den Bericht nicht gelesen.“"
        quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
        assert [q.speaker for q in quotes] == [speaker], frame


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a name set off by commas after the description that follows the verb
        (
            "Die Lage ist ernst. „Wir werden das Gesetz ändern müssen“, warnte die Vorsitzende "
            "der Partei, Ricarda Lehmann, am Montag.",
            "Ricarda Lehmann",
        ),
        # "Das sagte …" after a quotation with its stop inside the marks, as agencies write
        (
            "Die Lage ist ernst. „Wir werden das Gesetz ändern müssen.“ Das sagte Lars Brandt "
            "am Sonntag in Berlin. „Wir fahren nach Hause.“ Die Mannschaft reiste am Abend ab.",
            "Lars Brandt",
        ),
    ],
)
def test_the_frame_after_the_quotation_names_the_speaker(text, name):
    quotes = [q for q in find_quotes(text, "de", [_person(text, name, "p1")]) if is_direct(q)]
    assert quotes[0].speaker_name == name


def test_a_colon_sentence_in_reported_speech_goes_on_reporting_the_last_speaker():
    text = (
        "Die Kommissarin Eva Lindqvist äußerte sich am Montag. Lindqvist bekräftigte das "
        "Engagement der Kommission. Die Pflichten der Union seien im Vertrag klar festgelegt: "
        "„Daraus ergibt sich, dass nationales Recht dem Europäischen Recht nicht widersprechen "
        "darf.“ Neben diesem Grundsatz gebe es weitere Regeln."
    )
    mentions = [_person(text, "Eva Lindqvist", "p1")]
    start = text.index("Lindqvist bekräftigte")
    mentions.append(
        Mention("Lindqvist", start, start + 9, "PER", "Lindqvist", "p1", "Eva Lindqvist")
    )
    quotes = [q for q in find_quotes(text, "de", mentions) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == ["Eva Lindqvist"]
    # in the indicative the colon's sentence states a fact of the writer's: no one is assumed
    factual = text.replace("seien", "sind").replace("gebe es", "gibt es")
    quotes = [q for q in find_quotes(factual, "de", mentions) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == [""]


def test_a_relay_that_names_no_one_it_quotes_is_the_source():
    text = "Der Fall ist alt. „Wir haben die Pflicht und die Ehre gewählt“, zitiert Reuters."
    start = text.index("Reuters")
    agency = Mention("Reuters", start, start + 7, "ORG", "Reuters", "o1", "Reuters")
    quotes = [q for q in find_quotes(text, "de", [agency]) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == ["Reuters"]
    # one it quotes after it speaks
    text = text.replace("Reuters.", "Reuters den Minister Paul Weber.")
    mentions = [agency, _person(text, "Paul Weber", "p1")]
    quotes = [q for q in find_quotes(text, "de", mentions) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == ["Paul Weber"]


def test_a_split_verb_after_its_subject_holds_an_object():
    # "warf der Ampel vor": "der Ampel" is a dative inside the split verb, not its subject.
    text = "Ministerpräsident Markus Söder (CSU) warf der Regierung vor, „das Land zu spalten“."
    start = text.index("Markus Söder")
    mentions = [
        Mention("Markus Söder", start, start + 12, "PER", "Markus Söder", "q1", "Markus Söder")
    ]
    quotes = find_quotes(text, "de", mentions)
    assert [(q.text, q.speaker_name) for q in quotes] == [("das Land zu spalten", "Markus Söder")]


@pytest.mark.parametrize(
    ("before", "speaker"),
    [
        ("Die Staatsanwaltschaft gab am Dienstag eine Stellungnahme ab.", "eine Stellungnahme"),
        ("Die Staatsanwaltschaft tagte am Dienstag in Köln.", ""),  # no text to point back at
    ],
)
def test_darin_heisst_es_points_back_at_the_text_named_before(before, speaker):
    text = f"{before} Darin heißt es: „Besonders betroffen sind wir, weil es möglich gewesen wäre.“"
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker for q in quotes] == [speaker]
