"""Where a described speaker ends: an adverb or a relative pronoun after the subject is no part
of who spoke ("the editorial board recently wrote", "said Trump, who …")."""

from __future__ import annotations

from newsweave.model import Mention
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


def _speakers(text: str, language: str) -> list[str]:
    return [q.speaker for q in find_quotes(text, language, []) if is_direct(q)]


def test_an_adverb_after_a_description_ends_it():
    text = (
        "“Obsequious pandering to the front-runner belies the senator’s claims,” the editorial "
        "board recently wrote in a column on the primary."
    )
    assert _speakers(text, "en") == ["the editorial board"]


def test_an_adverb_before_the_verb_that_opens_a_frame_is_no_speaker():
    text = (
        "Famed fight doctor Ferdie Pacheco once said: “He was the fastest heavyweight I ever saw "
        "in a ring.”"
    )
    assert _speakers(text, "en") == ["Famed fight doctor Ferdie Pacheco"]


def _named(text: str, names: list[tuple[str, str]]) -> list[Mention]:
    """Mentions of the given surfaces (surface, type), each its own entity."""
    found = []
    for surface, kind in names:
        start = text.index(surface)
        key = surface.casefold()
        found.append(Mention(surface, start, start + len(surface), kind, surface, key, surface))
    return sorted(found, key=lambda m: m.start)


def _said(text: str, language: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    return [
        (q.speaker, q.speaker_name) for q in find_quotes(text, language, mentions) if is_direct(q)
    ]


def test_a_spokesman_of_the_police_speaks_for_the_police_not_the_minister_named_before():
    text = (
        "Innenminister Otto Schily stellte am Morgen den Plan vor. „Die Lage ist unter "
        "Kontrolle, es besteht keine Gefahr mehr“, sagte der Sprecher der Polizei."
    )
    mentions = _named(text, [("Otto Schily", "PER")])
    assert _said(text, "de", mentions) == [("der Sprecher der Polizei", "")]


def test_a_spokesman_of_the_police_in_french_keeps_the_role_and_the_body():
    text = (
        "Le ministre Gérald Darmanin a visité la ville lundi. « La situation est sous contrôle "
        "et il n’y a plus de danger », a déclaré le porte-parole de la police."
    )
    mentions = _named(text, [("Gérald Darmanin", "PER")])
    assert _said(text, "fr", mentions) == [("le porte-parole de la police", "")]


def test_a_description_whose_head_is_no_role_speaks_for_itself():
    text = (
        "Die Landeszentrale kündigte daraufhin den Vertrag. „Offenbar sind öffentliche "
        "Bürgeranfragen dann doch zu lästig.“ so das Fazit der Betreiber von Abgeordnetenwatch."
    )
    [(surface, _)] = _said(text, "de", [])
    assert surface.endswith("der Betreiber von Abgeordnetenwatch")


def test_a_role_whose_complement_names_no_body_still_stands_for_its_holder():
    text = (
        "Secretary of State John Kerry met the foreign minister in Cairo on Monday. “We will "
        "not give up on a ceasefire in the coming weeks,” the secretary of state said."
    )
    mentions = _named(text, [("John Kerry", "PER")])
    assert [name for _, name in _said(text, "en", mentions)] == ["John Kerry"]


def test_a_day_number_in_a_clause_that_wie_opens_ends_no_sentence():
    text = (
        "Das Urteil fiel trotz der Einwände. Wie Norman Paech, der am 20. August 2007 als "
        "Beobachter bei der Anhörung in Atlanta anwesend war, dazu feststellt, verlangt „der "
        "Tatbestand der Verschwörung das Mitwissen des Plans. Das konnte niemand beweisen.“"
    )
    mentions = _named(text, [("Norman Paech", "PER")])
    assert [name for _, name in _said(text, "de", mentions)] == ["Norman Paech"]


def test_an_auxiliary_after_a_coordinator_keeps_the_subject_of_the_first_verb():
    text = (
        "Der Student verbrachte die Nacht in Gewahrsam, schlief immer wieder ein und hatte "
        "gefragt: „Was ist mit dem Radfahrer passiert?“"
    )
    assert _said(text, "de", []) == [("Der Student", "")]


def test_an_auxiliary_after_and_keeps_the_subject_in_english():
    text = (
        "Mayor Joan Pike thanked Tom Reed for his help and has said: “We will rebuild every "
        "house that the river took from us this spring.”"
    )
    mentions = _named(text, [("Joan Pike", "PER"), ("Tom Reed", "PER")])
    assert [name for _, name in _said(text, "en", mentions)] == ["Joan Pike"]


def test_a_middle_initial_ends_no_sentence_between_a_quotation_and_its_frame():
    text = (
        "The city bought the course in a short sale. “We wanted to control the real estate,” "
        "Michael C. Cernech, the city manager, said of the course."
    )
    assert _said(text, "en", []) == [("Michael C. Cernech", "Michael C. Cernech")]


def test_a_middle_initial_in_a_german_frame():
    text = (
        "„Wir wollten das Grundstück selbst in der Hand behalten“, sagte Hans P. Kammer, der "
        "Bürgermeister der Stadt."
    )
    assert [surface for surface, _ in _said(text, "de", [])] == ["Hans P. Kammer"]


def test_a_lone_name_set_off_by_its_age_after_a_quotation_speaks_whatever_its_type():
    text = (
        "The actress campaigns for the senator.\n\n“That is a legitimate concern, because they "
        "are very passionate,” Sarandon, 69, told MSNBC on Monday."
    )
    mentions = _named(text, [("Sarandon", "LOC"), ("MSNBC", "PRO")])
    assert [name for _, name in _said(text, "en", mentions)] == ["Sarandon"]


def test_a_party_and_state_in_brackets_before_a_colon_belong_to_the_name():
    text = (
        "The hearing went on into the night.\n\nRep. Trey Gowdy (R-S.C.): “I have not heard "
        "anyone other than you ever cite that figure. Who told you that?”"
    )
    assert [surface for surface, _ in _said(text, "en", [])] == ["Rep. Trey Gowdy"]


def test_a_name_first_after_a_quotation_opens_a_clause_of_its_own_in_german():
    text = (
        "Der Schiedsrichter wurde heftig kritisiert. Miroslav Klose, der wegen wiederholter "
        "Fouls Gelb-Rot sah, nannte seinen Platzverweis „völlig überzogen“, Bundestrainer "
        "Joachim Löw bezeichnete acht Gelbe Karten in einem Spiel als „übertrieben“."
    )
    mentions = _named(text, [("Miroslav Klose", "PER"), ("Joachim Löw", "PER")])
    assert [name for _, name in _said(text, "de", mentions)] == ["Miroslav Klose", "Joachim Löw"]


def test_a_name_set_off_with_its_party_in_brackets_is_the_subject_of_the_verb_after_it():
    text = (
        "Die Strafe wurde zur Bewährung ausgesetzt. Der frühere Bürgermeister und "
        "Justizsenator, Henning Scherf (SPD), warnte die CDU vor einem „populistischen "
        "Wahlkampf auf dem Rücken der Opfer“."
    )
    assert [surface for surface, _ in _said(text, "de", [])] == ["Henning Scherf"]


def test_a_surname_in_a_wie_clause_after_the_quotation_speaks():
    text = (
        "Am Vorabend sei der Schiedsrichter in eine Bar gegangen. Der Betreuer habe jedem "
        "Geld gegeben, „um uns zu vergnügen, was wir auch taten“, wie Hoyzer von "
        "Spiegel-Online zitiert wird."
    )
    assert _said(text, "de", []) == [("Hoyzer", "Hoyzer")]


def test_a_signature_on_the_line_under_a_quotation_signs_it():
    text = (
        "The candidates clashed over health care.\n\n“The idea that I would dismantle health "
        "care while we are waiting to pass Medicare for all is just not accurate.”\n\n"
        "- Sanders.\n\nThe claim goes too far."
    )
    assert [name for _, name in _said(text, "en", [])] == ["Sanders"]


def test_a_dash_signature_under_a_quotation_in_spanish():
    text = (
        "«La vida no es la que uno vivió, sino la que uno recuerda y cómo la recuerda para "
        "contarla.»\n— Gabriel García Márquez\n\nEl escritor murió en 2014."
    )
    assert [name for _, name in _said(text, "es", [])] == ["Gabriel García Márquez"]


def test_a_hyphen_that_opens_a_sentence_under_a_quotation_signs_nothing():
    text = (
        "“We will rebuild every house that the river took from us this spring.”\n"
        "- The council met again on Tuesday to count the cost of the flood."
    )
    assert not any(name.startswith("The council") for _, name in _said(text, "en", []))


def test_the_subject_of_the_dass_clause_a_cue_closes_said_the_words():
    text = (
        "Der Abgeordnete trat am Freitag zurück. Der Sender will aber wissen, dass Mindermann "
        "das Mädchen danach gefragt habe, ob sie „schon einmal einen Freund gehabt“ habe."
    )
    assert [surface for surface, _ in _said(text, "de", [])] == ["Mindermann"]


def test_als_before_a_noun_and_a_verb_that_goes_on_opens_no_clause():
    text = (
        "Die Forscher gaben die Ergebnisse gestern bekannt. Als Begründung sagte ein "
        "Wissenschaftler: „Das ist ein sehr breites Feld an Erkrankungen, die spät auftreten.“"
    )
    assert [surface for surface, _ in _said(text, "de", [])] == ["ein Wissenschaftler"]


def test_the_owner_of_a_statement_an_impersonal_verb_quotes_speaks_in_russian():
    text = (
        "Об отставке министра стало известно днем.\n\nВ заявлении Даунинг-стрит говорится: "
        "«Премьер-министр приняла отставку и благодарит министра за проделанную работу»."
    )
    mentions = _named(text, [("Даунинг-стрит", "LOC")])
    assert [surface for surface, _ in _said(text, "ru", mentions)] == ["Даунинг-стрит"]


def test_the_owner_of_a_statement_an_impersonal_verb_quotes_speaks_in_polish():
    text = (
        "Rozmowy trwały do późnej nocy.\n\nW komunikacie MSZ czytamy: „Polska oczekuje "
        "natychmiastowego wyjaśnienia wszystkich okoliczności tego incydentu”."
    )
    mentions = _named(text, [("MSZ", "ORG")])
    assert [surface for surface, _ in _said(text, "pl", mentions)] == ["MSZ"]


def test_a_paper_named_right_after_the_preposition_of_an_impersonal_verb_speaks():
    text = (
        "Słowa przewodniczącego nie spodobały się Brytyjczykom.\n\n- Unia zachowuje się jak "
        'gangsterzy, grożąc nam ograniczeniami w handlu - czytamy w "The Sun".\n\n'
        "Najbardziej zaskakuje jednak zdjęcie."
    )
    mentions = _named(text, [("The Sun", "PRO")])
    assert [surface for surface, _ in _said(text, "pl", mentions)] == ["The Sun"]


def test_an_adverb_of_manner_between_a_described_subject_and_its_verb_ends_the_subject():
    # "quickly" is in no word list: its "-ly" marks it an adverb
    text = (
        "Her campaign quickly blasted out an email to supporters stating, “The governor has "
        "never once answered the question.”"
    )
    assert _speakers(text, "en") == ["Her campaign"]
    # a noun that ends like an adverb still heads its phrase
    assert _speakers("The family said: “We are grateful for the support.”", "en") == ["The family"]
    # "went on to" is no part of the subject, and no description is left to speak
    went = "The letter went on to say: “Nobody here was ever asked for their view.”"
    assert _speakers(went, "en") == [""]
