"""Verb-second clauses: a German main clause that opens with an adverbial or an object has its
subject right after the finite verb, and that subject speaks the quotation the clause frames."""

from __future__ import annotations

from newsweave.model import Mention
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct
from newsweave.quotes.lexicon import attribution_lexicon
from newsweave.quotes.subject import verb_second_subject


def _direct(text: str, language: str, mentions: list[Mention] | None = None):
    return [q for q in find_quotes(text, language, mentions or []) if is_direct(q)]


def test_the_subject_after_the_finite_verb_of_a_colon_sentence_speaks():
    text = (
        "Der Pilot ist wohlauf. Dazu gab das Verkehrsministerium am Abend bekannt: "
        "„Wir arbeiten bei den Ermittlungen eng mit den Behörden zusammen.“"
    )
    assert [q.speaker.split()[-1] for q in _direct(text, "de")] == ["Verkehrsministerium"]


def test_an_object_opening_the_clause_hands_over_to_the_subject_after_the_verb():
    text = (
        "Die Debatte war hitzig. Den Ärger der Länder über die Kürzungen brachte die "
        "Ministerpräsidentin Petra Lindholm zum Ausdruck: „So lassen wir uns nicht abspeisen.“"
    )
    start = text.index("Petra Lindholm")
    mentions = [Mention("Petra Lindholm", start, start + 14, "PER", "", "q7", "Petra Lindholm")]
    assert [q.speaker_name for q in _direct(text, "de", mentions)] == ["Petra Lindholm"]


def test_a_passive_cue_gives_the_words_to_its_subject_after_the_auxiliary():
    text = (
        "Der Verein hat einen neuen Trainer. Zur Lage der Mannschaft und ihren Zielen wird "
        "Brenninger auf der Internetseite des Vereins wie folgt zitiert: „Wir wollen in "
        "dieser Saison wieder oben mitspielen.“"
    )
    assert [q.speaker for q in _direct(text, "de")] == ["Brenninger"]


def test_an_object_after_the_verb_of_a_clause_its_subject_opens_is_no_speaker():
    text = "Kerstens nannte die Gründe: „Wir brauchen mehr Zeit für die Reform der Renten.“"
    assert all(q.speaker != "die Gründe" for q in _direct(text, "de"))


def test_a_clause_that_opens_with_its_subject_gives_no_inverted_subject():
    lexicon = attribution_lexicon("de")
    text = "Der Minister gab die Zahlen bekannt"
    assert verb_second_subject(text, 0, len(text), lexicon, []) is None


def test_languages_without_verb_second_read_no_inverted_subject():
    lexicon = attribution_lexicon("en")
    text = "Then came the answer from the ministry"
    assert verb_second_subject(text, 0, len(text), lexicon, []) is None


def test_the_auxiliary_after_the_last_comma_opens_the_frame_of_a_woven_quotation():
    text = (
        "Die Universität prüft den Fall. Sie wisse, dass ihre Arbeit „nicht frei von "
        "Schwächen und manchmal ungenau“ sei, hatte Vollrath damals gesagt."
    )
    assert [q.speaker for q in _direct(text, "de")] == ["Vollrath"]


def test_a_german_question_closed_without_a_comma_ends_its_sentence():
    text = (
        "Der Geschäftsführer fragte: „Was spricht dagegen, diesen Reis einzulagern?“ "
        "Greenpeace fordert dagegen die Vernichtung der Bestände."
    )
    start = text.index("Greenpeace")
    mentions = [Mention("Greenpeace", start, start + 10, "ORG", "", "q9", "Greenpeace")]
    assert [q.speaker for q in _direct(text, "de", mentions)] == ["Der Geschäftsführer"]


def test_an_english_question_is_followed_by_its_frame_without_a_comma():
    text = (
        "The meeting ran late. “Why would anyone do that to a city like this one?” Ashworth asked."
    )
    assert [q.speaker for q in _direct(text, "en")] == ["Ashworth"]


def test_a_verb_after_a_coordinator_takes_the_subject_that_opens_the_sentence():
    text = (
        "Der Konzern beschäftigt 9.000 Menschen. Die Geschäftsleitung bestätigte die Zahlen "
        "der Gewerkschaft nicht und nannte sie „reine Spekulation der Gewerkschaft“."
    )
    assert [q.speaker for q in _direct(text, "de")] == ["Die Geschäftsleitung"]


def test_a_coordinated_verb_in_a_verb_second_clause_takes_the_subject_after_the_verb():
    text = (
        "Die Crew wollte den Mann beruhigen. Als ein Fluggast zu Hilfe eilte, biss der "
        "Randalierer den Fluggast und rief: „Lasst mich sofort hier raus!“"
    )
    assert [q.speaker for q in _direct(text, "de")] == ["der Randalierer"]


def test_an_english_coordinated_verb_takes_the_name_before_the_first_verb():
    text = (
        "The hearing ended early. Senator Marcy Kowalski smiled and said: “We will be back "
        "next week with many more questions.”"
    )
    start = text.index("Marcy Kowalski")
    mentions = [Mention("Marcy Kowalski", start, start + 14, "PER", "", "q3", "Marcy Kowalski")]
    assert [q.speaker_name for q in _direct(text, "en", mentions)] == ["Marcy Kowalski"]


def test_a_french_coordinated_verb_takes_the_phrase_that_opens_the_sentence():
    text = (
        "La réunion a duré trois heures. La porte-parole du syndicat Claire Dumas sourit et "
        "répondit : « Nous attendons une vraie proposition de la direction. »"
    )
    start = text.index("Claire Dumas")
    mentions = [Mention("Claire Dumas", start, start + 12, "PER", "", "q5", "Claire Dumas")]
    assert [q.speaker_name for q in _direct(text, "fr", mentions)] == ["Claire Dumas"]


def test_the_text_that_opens_an_impersonal_verbs_sentence_speaks():
    cases = (
        (
            "Die Messe zeigt ein neues Logo. Auf der documenta-Homepage heißt es zur "
            "Begründung, warum man es gewählt hat: „Die Striche stehen für das Zählen.“",
            "documenta-Homepage",
        ),
        (
            "Der Dienst wehrt sich. Im letzten Satz der Anordnung, die am 14. Dezember "
            "zugestellt wurde, heißt es: „Der Dienst darf die Entscheidung nicht offenlegen.“",
            "Anordnung",
        ),
    )
    for text, head in cases:
        quotes = _direct(text, "de")
        assert len(quotes) == 1 and quotes[0].speaker.endswith(head), text


def test_a_day_number_before_a_month_ends_no_sentence():
    text = "Die Behörde hatte am 14. Dezember erklärt: „Wir prüfen den Antrag noch sehr gründlich.“"
    quotes = _direct(text, "de")
    assert [q.speaker for q in quotes] == ["Die Behörde"]


def test_a_quotation_after_a_verb_second_sentence_is_its_inverted_subjects():
    cases = (
        "Im Sommer will Lindqvist die Naturwissenschaften straffen.",
        "Um die Zeit dafür zu gewinnen, will Lindqvist die Naturwissenschaften straffen.",
    )
    for middle in cases:
        text = (
            "Ministerpräsident Arne Lindqvist hat eine Reform angekündigt. "
            + middle
            + " „Nicht jede Formel aus Physik und Chemie braucht man im Leben.“"
        )
        start = text.index("Arne Lindqvist")
        mentions = [Mention("Arne Lindqvist", start, start + 14, "PER", "", "q2", "Arne Lindqvist")]
        assert [q.speaker_name for q in _direct(text, "de", mentions)] == ["Arne Lindqvist"], middle


def test_a_dative_that_opens_the_clause_leaves_the_name_after_the_verb_to_speak():
    text = (
        "Der Häftling bleibt in Haft. Der englischsprachigen Zeitung sagte Tomas Wenda: "
        "„Man hält mich im Gefängnis, aber meinen Willen bricht man nicht.“"
    )
    assert [q.speaker for q in _direct(text, "de")] == ["Tomas Wenda"]


def test_a_subject_description_before_the_verb_keeps_its_words():
    # A subject before the verb, a time after it: the description speaks.
    text = "Der Sprecher der Polizei sagte Montag Abend: „Wir haben die Lage unter Kontrolle.“"
    assert [q.speaker.startswith("Der Sprecher") for q in _direct(text, "de")] == [True]


def test_a_relative_clause_gives_its_verb_the_phrase_it_hangs_on():
    cases = (
        (
            "de",
            "In der Zeitung erschien ein Kommentar, der die Entscheidung des Komitees als "
            "„nicht nachzuvollziehende Verirrung von sechs Juroren“ bezeichnet.",
            "ein Kommentar",
        ),
        (
            "de",
            "Die Angreifer hinterließen eine kurze Botschaft, welche die Techniker als „einen "
            "Haufen von Schulkindern“ bezeichnete.",
            "eine kurze Botschaft",
        ),
    )
    for language, text, said in cases:
        assert [q.speaker for q in _direct(text, language)] == [said], text


def test_a_relative_clause_with_its_own_subject_does_not_speak_for_its_noun():
    text = (
        "Man erinnerte an die Rede, die der Minister damals als „Wendepunkt der Politik "
        "in diesem Land“ bezeichnete."
    )
    assert all(q.speaker != "die Rede" for q in _direct(text, "de"))


def test_separable_cues_split_or_joined_frame_a_quotation():
    cases = (
        (
            "Der Minister wies den Vorwurf zurück: „Davon kann überhaupt keine Rede sein.“",
            "Der Minister",
        ),
        (
            "Wie die Feuerwehr am Abend mitteilte, sei der Brand „vollständig unter Kontrolle "
            "und ohne Gefahr für Anwohner“.",
            "die Feuerwehr",
        ),
    )
    for text, said in cases:
        assert [q.speaker for q in _direct(text, "de")] == [said], text
