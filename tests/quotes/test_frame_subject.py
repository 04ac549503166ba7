"""The frame's grammar gives the speaker: descriptions, names inside split verbs, short forms,
and never a verb, a date or a function word. Sentences written for these tests."""

from __future__ import annotations

from newsweave.model import Mention
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct
from newsweave.quotes.lexicon import attribution_lexicon
from newsweave.quotes.subject import phrase_after


def mention(text: str, surface: str, kind: str, entity_id: str, canonical: str) -> Mention:
    start = text.index(surface)
    return Mention(surface, start, start + len(surface), kind, surface, entity_id, canonical)


def only_direct(text: str, language: str, mentions: list[Mention]):
    quotes = [q for q in find_quotes(text, language, mentions) if is_direct(q)]
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_german_spokesman_of_a_ministry_speaks_for_it_with_the_role_kept():
    text = (
        "Die Brücke bleibt gesperrt. „Wir werden sie bis zum Sommer reparieren“, sagte ein "
        "Sprecher des Verkehrsministeriums am Dienstag."
    )
    ministry = mention(text, "Verkehrsministeriums", "ORG", "ORG-bmv", "Verkehrsministerium")
    q = only_direct(text, "de", [ministry])
    assert q.speaker_id == "ORG-bmv"
    assert q.speaker == "ein Sprecher des Verkehrsministeriums"


def test_german_description_without_a_name_is_the_speaker_not_an_earlier_person():
    text = (
        "Bürgermeister Jonas Weber eröffnete das Fest. Später brannte eine Scheune. "
        "„Das Feuer war in wenigen Minuten unter Kontrolle“, sagte ein Feuerwehrmann."
    )
    weber = mention(text, "Jonas Weber", "PER", "PER-weber", "Jonas Weber")
    q = only_direct(text, "de", [weber])
    assert q.speaker == "ein Feuerwehrmann"
    assert q.speaker_id == ""


def test_german_name_inside_a_split_verb_is_the_subject():
    text = "„Die Kosten tragen am Ende die Länder“, fügte Peer Steinbrück hinzu."
    peer = mention(text, "Peer Steinbrück", "PER", "PER-steinbrueck", "Peer Steinbrück")
    q = only_direct(text, "de", [peer])
    assert q.speaker_id == "PER-steinbrueck"


def test_german_surname_alone_means_the_person_named_in_full_before():
    text = (
        "Finanzminister Peer Steinbrück legte am Morgen den Haushalt vor.\n\n"
        "Steinbrück sagte: „Wir sparen, wo es nicht wehtut.“"
    )
    peer = mention(text, "Peer Steinbrück", "PER", "PER-steinbrueck", "Peer Steinbrück")
    q = only_direct(text, "de", [peer])
    assert q.speaker_name == "Peer Steinbrück"


def test_german_impersonal_frame_names_nobody():
    text = "„Die Lage bleibt angespannt“, hieß es am Abend aus dem Rathaus der Stadt."
    q = only_direct(text, "de", [])
    assert q.speaker_name == ""
    assert q.speaker != "hieß es"


def test_german_guillemets_open_a_quotation():
    text = "»Das ist ein guter Tag für unsere Stadt«, sagte Anna Berg nach der Abstimmung."
    berg = mention(text, "Anna Berg", "PER", "PER-berg", "Anna Berg")
    q = only_direct(text, "de", [berg])
    assert q.text == "Das ist ein guter Tag für unsere Stadt"
    assert q.speaker_id == "PER-berg"


def test_german_date_the_name_finder_ran_into_a_name_is_cut_off():
    text = "Kevin Lynch Anfang April sagte: „Das wird das größte Update des Jahres.“"
    lynch = mention(text, "Kevin Lynch Anfang April", "PER", "", "Kevin Lynch Anfang April")
    q = only_direct(text, "de", [lynch])
    assert q.speaker_name == "Kevin Lynch"


def test_english_description_after_the_verb_is_the_speaker():
    text = (
        "The council voted on Monday. “We will appeal the ruling,” said a spokeswoman for the "
        "city council."
    )
    q = only_direct(text, "en", [])
    assert q.speaker == "a spokeswoman for the city council"
    assert q.kind == "direct"


def test_english_reported_speech_is_indirect():
    text = "Mayor Ruth Allen said that the bridge would reopen to traffic in early May."
    allen = mention(text, "Ruth Allen", "PER", "PER-allen", "Ruth Allen")
    quotes = find_quotes(text, "en", [allen])
    assert [q.kind for q in quotes] == ["indirect"]
    assert not is_direct(quotes[0])


def test_english_weekday_is_never_a_speaker():
    text = "Tuesday said: “the market opens at nine and closes when the last stall is sold out.”"
    tuesday = mention(text, "Tuesday", "PER", "PER-tuesday", "Tuesday")
    q = only_direct(text, "en", [tuesday])
    assert q.speaker_name == ""
    assert q.speaker_id == ""


def test_french_description_after_the_verb_is_the_speaker():
    text = "« Nous manquons de lits depuis des mois », a déclaré une infirmière de l'hôpital."
    q = only_direct(text, "fr", [])
    assert q.speaker == "une infirmière de l'hôpital"
    assert q.text == "Nous manquons de lits depuis des mois"


def test_russian_name_after_the_dash_frame():
    text = "«Мы готовы к переговорам в любой момент», — заявил Олег Иванов журналистам."
    ivanov = mention(text, "Олег Иванов", "PER", "PER-ivanov", "Oleg Ivanov")
    q = only_direct(text, "ru", [ivanov])
    assert q.speaker_id == "PER-ivanov"


def test_bulgarian_answering_verb_is_not_the_speaker():
    text = (
        "Георги Петров заяви, че ще остане министър до края на мандата. "
        "„Няма да подам оставка заради един доклад“, отговори той."
    )
    petrov = mention(text, "Георги Петров", "PER", "PER-petrov", "Georgi Petrov")
    q = only_direct(text, "bg", [petrov])
    assert q.speaker != "отговори"
    assert q.speaker_id == "PER-petrov"


def test_english_statement_continued_after_its_frame_is_one_quotation():
    text = (
        "“We will appeal the ruling,” Ruth Allen said. “The court did not hear half of the "
        "evidence.”\n\nThe council meets again on Friday."
    )
    allen = mention(text, "Ruth Allen", "PER", "PER-allen", "Ruth Allen")
    q = only_direct(text, "en", [allen])
    assert q.text == "We will appeal the ruling The court did not hear half of the evidence."
    assert q.speaker_id == "PER-allen"


def test_english_part_with_a_frame_of_its_own_stays_apart():
    text = (
        "“We will appeal the ruling,” Ruth Allen said. Her deputy Tom Reed disagreed. "
        "“The court heard everything it needed,” Reed said."
    )
    allen = mention(text, "Ruth Allen", "PER", "PER-allen", "Ruth Allen")
    reed = mention(text, "Tom Reed", "PER", "PER-reed", "Tom Reed")
    quotes = [q for q in find_quotes(text, "en", [allen, reed]) if is_direct(q)]
    assert [q.speaker_id for q in quotes] == ["PER-allen", "PER-reed"]


def test_german_words_woven_in_after_an_article_are_speech_not_a_name():
    text = "Der frühere Bürgermeister Henning Scherf warnte die Partei vor einem „populistischen Wahlkampf“."
    scherf = mention(text, "Henning Scherf", "PER", "PER-scherf", "Henning Scherf")
    q = only_direct(text, "de", [scherf])
    assert q.text == "populistischen Wahlkampf"
    assert q.speaker_id == "PER-scherf"


def test_german_newspaper_name_after_an_article_is_no_quotation():
    text = "Das berichtete die „Süddeutsche Zeitung“ am Montag unter Berufung auf Diplomaten."
    assert [q for q in find_quotes(text, "de", []) if is_direct(q)] == []


def test_english_doubled_apostrophes_are_quotation_marks_and_mr_is_no_sentence_end():
    text = (
        "The senator spoke to students in Boston.\n\n''When I was in college, we argued about "
        "everything,'' Mr. Rubin said."
    )
    rubin = mention(text, "Mr. Rubin", "PER", "PER-rubin", "Robert Rubin")
    q = only_direct(text, "en", [rubin])
    assert q.text == "When I was in college, we argued about everything"
    assert q.speaker_id == "PER-rubin"


def test_french_title_m_before_a_name_does_not_end_the_sentence():
    text = "« Nous tiendrons nos engagements », a déclaré M. Lefèvre devant les députés."
    lefevre = mention(text, "Lefèvre", "PER", "PER-lefevre", "Paul Lefèvre")
    q = only_direct(text, "fr", [lefevre])
    assert q.speaker_id == "PER-lefevre"


def test_german_subject_after_the_auxiliary_of_a_perfect_frame():
    text = "Ihre Arbeit sei „nicht frei von Schwächen“, hatte Koch-Mehrin damals gesagt."
    q = only_direct(text, "de", [])
    assert q.speaker == "Koch-Mehrin"


def test_english_quotation_over_two_paragraphs_is_one_with_the_frames_speaker():
    text = (
        "The mayor spoke for an hour. “We will rebuild every bridge that the flood took from us."
        "\n\n“And we will do it before the winter comes back to the valley,” Ruth Allen said."
    )
    allen = mention(text, "Ruth Allen", "PER", "PER-allen", "Ruth Allen")
    q = only_direct(text, "en", [allen])
    assert q.text.startswith("We will rebuild") and q.text.endswith("to the valley")
    assert q.speaker_id == "PER-allen"


def test_german_paragraph_left_open_takes_the_speaker_named_in_the_next():
    text = (
        "Der Bürgermeister sprach eine Stunde. „Wir bauen jede Brücke wieder auf, die das "
        "Hochwasser genommen hat.\n\n„Und zwar noch bevor der Winter zurückkommt“, sagte Ruth Allen."
    )
    allen = mention(text, "Ruth Allen", "PER", "PER-allen", "Ruth Allen")
    quotes = [q for q in find_quotes(text, "de", [allen]) if is_direct(q)]
    assert [q.speaker_id for q in quotes] == ["PER-allen", "PER-allen"]
    assert quotes[0].text.endswith("genommen hat.")


def test_german_comma_after_the_verb_opens_what_was_said_not_its_subject():
    text = "Die Kanadier hingegen sagen, der Pilot trage die „volle Verantwortung für die Landung“."
    q = only_direct(text, "de", [])
    assert q.speaker != "der Pilot"


def test_german_frame_after_a_colon_and_a_named_colon_line():
    text = (
        "Die Kommission kritisierte das Gesetz scharf: So sagte Olli Rehn, Kommissar: „Man kann "
        "den Bürgern kein Gesetz vorsetzen und jede Diskussion beenden.“\n\nErkki Tuomioja, "
        "Präsident des Rates: „Ein solches Gesetz ist mit unseren Werten nicht vereinbar.“"
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker_name for q in quotes] == ["Olli Rehn", "Erkki Tuomioja"]


def test_german_woven_words_belong_to_the_subject_that_opens_the_sentence():
    text = (
        "Der Bundespräsident konstatierte in seiner Rede eine wachsende „Kluft zwischen arm "
        "und reich“ im Land."
    )
    q = only_direct(text, "de", [])
    assert q.speaker == "Der Bundespräsident"


def test_german_pronoun_with_no_one_before_it_names_no_speaker():
    text = "„Wir bleiben bis zum Ende der Saison in der Stadt“, sagte er am Abend."
    q = only_direct(text, "de", [])
    assert (q.speaker, q.speaker_name) == ("", "")


def test_german_subject_after_a_fronted_topic_and_source_governed_by_zufolge():
    text = (
        "Über den Piloten sagte Branson: „Er muss mit Hitze und Schlafmangel fertig werden.“ "
        "Dem Bericht zufolge waren „technische Probleme mit der Hydraulik“ der Grund."
    )
    quotes = [q for q in find_quotes(text, "de", []) if is_direct(q)]
    assert [q.speaker for q in quotes] == ["Branson", "Dem Bericht"]


def test_a_genitive_chain_ends_at_an_acronym_a_name_takes_no_genitive():
    """In "dient laut einer Pressemitteilung des BMI der Verbesserung des „…“" the source is
    the press release of the ministry; "der Verbesserung" is the verb's own object. A chain
    through common nouns goes on ("eines Sprechers des Ministeriums der Finanzen")."""
    lexicon = attribution_lexicon("de")
    text = "einer Pressemitteilung des BMI der Verbesserung des Austauschs"
    found = phrase_after(text, 0, len(text), lexicon, subject=False)
    assert found is not None and found.text == "einer Pressemitteilung des BMI"
    text = "eines Sprechers des Ministeriums der Finanzen zufolge"
    found = phrase_after(text, 0, len(text), lexicon, subject=False)
    assert found is not None and found.text == "eines Sprechers des Ministeriums der Finanzen"
