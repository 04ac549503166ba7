"""Spans and types of names that follow general Slavic news conventions: possessive adjectives
of people, organisation words with their genitive field, place words before a place name, and
words the tokenizer must keep apart."""

from __future__ import annotations

import pytest

from newsweave.entities.detect import _tokens, rule_mentions
from newsweave.entities.gazetteer import default_gazetteer


def spans(text: str, language: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in rule_mentions(text, language)}


def test_slovene_possessive_of_a_named_person_is_that_person() -> None:
    text = "Premierka Theresa May je govorila v parlamentu. Mayeva vlada je nato odstopila."
    assert ("Mayeva", "PER") in spans(text, "sl")


def test_possessive_with_linking_j_after_a_vowel() -> None:
    text = "Asia Bibi je bila oproščena. Bibijeva družina je zapustila državo."
    assert ("Bibijeva", "PER") in spans(text, "sl")


def test_czech_possessive_of_a_known_person() -> None:
    assert ("Bidenův", "PER") in spans("Novináři čekali, co řekne Bidenův tým v pondělí.", "cs")


def test_fleeting_vowel_case_form_of_a_named_person() -> None:
    text = "Joe Biden je zmagal na volitvah. Demokrati so Bidna podprli že spomladi."
    assert ("Bidna", "PER") in spans(text, "sl")


def test_czech_womens_surnames_name_people_in_any_case() -> None:
    found = spans("Soud rozhodl, že Bibiová je nevinná. Rodina Bibiové odjela i s Bibiovou.", "cs")
    assert {("Bibiová", "PER"), ("Bibiové", "PER"), ("Bibiovou", "PER")} <= found
    # an adjective with the same ending is a word, not a surname
    assert not any(t == "Světová" for t, _ in spans("Řekl, že Světová banka zasáhne.", "cs"))


def test_a_name_the_text_uses_inside_sentences_is_one_at_a_sentence_start() -> None:
    text = "Асия Биби беше арестувана през 2009 г. Биби бе осъдена на смърт през 2010 г."
    assert ("Биби", "PER") in spans(text, "bg")


def test_a_name_written_in_lower_case_is_one_when_a_sentence_opens_with_it() -> None:
    text = "Parlament je zavrnil brexit brez dogovora. Brexit bo najkasneje na noč čarovnic."
    assert ("Brexit", "EVT") in spans(text, "sl")
    # a place the text also writes as a common word stays a word at a sentence start
    assert not spans("Sofia rośnie w ogrodzie. Rośnie tam sofia i mięta.", "pl") & {
        ("Sofia", "LOC")
    }


def test_a_closing_quotation_mark_starts_no_sentence() -> None:
    text = 'Съдбата на "освободената" Биби. "Той" каза'
    tokens = {t.text: t.initial for t in _tokens(text, default_gazetteer().language_cues("bg"))}
    assert tokens["Биби"] is False  # after the closing mark
    assert tokens["Той"] is True  # after a full stop and an opening mark


def test_possessive_of_an_unknown_word_is_not_a_person() -> None:
    # no person Nov is named: the adjective-looking word stays unlabelled
    assert not any(m.type == "PER" for m in rule_mentions("Novakova hiša je stara.", "sl"))


def test_short_organisation_word_matches_in_its_case_forms() -> None:
    assert ("Верховным судом", "ORG") in spans("Дело было рассмотрено Верховным судом.", "ru")
    assert ("Верховного суду", "ORG") in spans("Рішення Верховного суду було остаточним.", "uk")


def test_court_does_not_swallow_its_object() -> None:
    found = spans("Приговор был отменён Верховным судом страны.", "ru")
    assert ("Верховным судом", "ORG") in found


def test_place_word_joins_the_place_it_names() -> None:
    assert ("Летище София", "LOC") in spans("Самолетът кацна на Летище София вчера.", "bg")


def test_spaced_dash_parts_a_dateline_from_the_story() -> None:
    found = rule_mentions("Islámábád - Pákistánská vláda oznámila nová opatření.", "cs")
    assert not any(" - " in m.text for m in found)


def test_full_stop_without_space_parts_two_names() -> None:
    found = {m.text for m in rule_mentions("Съобщи БТА.Франция отговори веднага.", "bg")}
    assert "БТА.Франция" not in found


def test_initials_and_web_addresses_stay_whole() -> None:
    from newsweave.entities.detect import _token_spans

    words = [w for w, _ in _token_spans("Н.И.Пирогов писал на echo24.cz вчера")]
    assert "Н.И.Пирогов" in words and "echo24.cz" in words
    # a capital top-level domain ends a name; a capitalised word after a lost space does not
    words = [w for w, _ in _token_spans("Як повідомляє RBC.UA, БТА.Франция та Leave.EU")]
    assert {"RBC.UA", "Leave.EU", "БТА.", "Франция"} <= set(words)


def test_a_model_or_lab_code_names_a_product() -> None:
    ru = spans("Британия одобрила вакцину BNT162b2, а саммит G20 её поддержал.", "ru")
    assert ("BNT162b2", "PRO") in ru
    assert ("G20", "ORG") in ru  # a group's short name is no product code
    assert ("Airbus A380", "PRO") in spans("Letalo Airbus A380 je pristalo v Frankfurtu.", "sl")


def test_an_organisation_word_in_a_case_form_is_no_known_surname() -> None:
    # "Ради" (of the council) shares its stem with the surname Радев
    found = spans("Міністри зібралися на засідання Ради ЄС у Брюсселі.", "uk")
    assert not any(etype == "PER" for _, etype in found)
    assert ("Радев", "PER") in spans("Президентът Румен Радев говори. Радев каза още.", "bg")


def test_a_word_the_dictionary_only_guesses_is_no_common_word() -> None:
    from newsweave.entities.lemma import morph_type

    # "Байонтек" is read as an unknown "байон" before тёк: no evidence of a common word
    assert morph_type("Байонтек", "ru") is None
    assert morph_type("Впрочем", "ru") == "COMMON"


def test_a_long_organisation_word_ends_a_compound() -> None:
    found = spans("Об этом заявили в Демпартии США, а Госкорпорация промолчала.", "ru")
    assert {("Демпартии", "ORG"), ("Госкорпорация", "ORG")} <= {
        (text.split()[0], etype) for text, etype in found
    }


def test_russian_given_names_serve_other_cyrillic_languages() -> None:
    bg = spans("Испанският вестник пише, че Роберто Флорес Гарсия е разбрал всичко.", "bg")
    assert ("Роберто Флорес Гарсия", "PER") in bg  # not a place for its -ия
    # a Ukrainian common word that is also a Russian given name opens no name
    uk = spans("Коли Тереза Мей виступила в парламенті, всі мовчали.", "uk")
    assert ("Тереза Мей", "PER") in uk


def test_a_name_written_in_lower_case_once_stays_a_name_at_a_sentence_start() -> None:
    text = (
        "Letalo Boeing je strmoglavilo. Pri tem je Boeing priznal napako, kot je Boeing "
        "sporočil včeraj.\n\nBoeing je z modelom želel uspeh. Nesreča boeinga in boeing sta "
        "znana."
    )
    found = [(m.text, m.type, m.start) for m in rule_mentions(text, "sl")]
    start = text.index("Boeing je z")
    assert ("Boeing", "ORG", start) in found


def test_bulgarian_borrows_the_russian_dictionarys_name_readings() -> None:
    from newsweave.entities.lemma import morph_type

    assert morph_type("Кузнецов", "bg") == "PER"
    assert morph_type("Добре", "bg") is None  # a common word: nothing borrowed
    assert morph_type("Кузнецов", "pl") is None


def test_the_russian_official_name_of_covid_is_one_event_in_any_case() -> None:
    found = spans("Число заболевших новой коронавирусной инфекцией снова выросло.", "ru")
    assert ("коронавирусной инфекцией", "EVT") in found


def test_a_name_that_only_sounds_like_a_known_place_is_not_its_case_form() -> None:
    # Барние and Бърно (Brno) share a coarse stem key, but Барние is no form of Бърно
    found = spans("Преговарящият на ЕС Барние заяви, че сделката е близо.", "bg")
    assert ("Барние", "LOC") not in found
    assert ("Флориде", "LOC") in spans("Выборы во Флориде прошли спокойно.", "ru")


def test_one_member_of_a_party_is_a_person_in_every_language() -> None:
    found = spans("Demokraci przegrali, a jeden Republikanin i Demokrata Biden wygrali.", "pl")
    assert ("Demokraci", "ORG") in found
    assert ("Republikanin", "PER") in found
    found = spans("Демократы победили, но один республиканец голосовал против.", "ru")
    assert {("Демократы", "ORG"), ("республиканец", "PER")} <= found


def test_a_body_of_a_known_organisation_joined_by_a_genitive_word_is_one_name() -> None:
    found = spans("Решението на Съда на ЕС беше обявено вчера.", "bg")
    assert ("Съда на ЕС", "ORG") in found
    # with no genitive word the kind stands in apposition: "агенция ТАСС" names ТАСС
    assert ("ТАСС", "ORG") in spans("Както съобщи агенция ТАСС, срещата е отложена.", "bg")


def test_a_capitalised_adjective_and_a_partys_members_name_the_party() -> None:
    found = spans("Lider Liberalnych Demokratów Jo Swinson przegrała wybory.", "pl")
    assert ("Liberalnych Demokratów", "ORG") in found


def test_a_lower_case_name_may_end_in_a_number() -> None:
    assert ("covida 19", "EVT") in spans("Zaradi covida 19 so zaprli šole.", "sl")


def test_a_constitution_is_a_document_with_its_country() -> None:
    found = spans("Согласно Конституции США выборщики голосуют в декабре.", "ru")
    assert ("Конституции США", "PRO") in found
    assert ("Konstytucją", "PRO") in spans("Zgodnie z Konstytucją prezydent odmówił.", "pl")
    # a court named after it is a body
    assert ("Конституционный суд", "ORG") in spans("Вчера Конституционный суд решил.", "ru")


def test_a_preposition_parts_an_organisation_from_a_place_after_it() -> None:
    text = "Zwolennicy opuszczenia Unii Europejskiej przez Wielką Brytanię wygrali."
    assert {("Unii Europejskiej", "ORG"), ("Wielką Brytanię", "LOC")} <= spans(text, "pl")


def test_a_council_of_a_union_of_states_is_named_with_it() -> None:
    assert ("Ради ЄС", "ORG") in spans("Міністри зібралися на засідання Ради ЄС у Брюсселі.", "uk")
    assert ("Sodišče EU", "ORG") in spans("Odločitev je sprejelo Sodišče EU v Luxembourgu.", "sl")
    # an agency's name after its kind word stays apart
    assert ("ТАСС", "ORG") in spans('Агентство ТАСС "Мы не будем ничего менять" сообщило.', "ru")


def test_a_place_named_with_an_adjective_is_found_in_its_adjectives_case_forms() -> None:
    found = spans("To dobra wiadomość dla Polski, bo rząd wraca do rozmów.", "pl")
    assert ("Polski", "LOC") in found
    # the adjective before a longer name belongs to that name, not to the place
    found = spans("Rekord pobił zawodnik z Polskiego Związku Pływackiego w sobotę.", "pl")
    assert ("Polskiego", "LOC") not in found
    # only the text's own name for a place counts: Slovenske is no form of Slovak Slovensko
    found = spans("Mejo varujejo pripadniki Slovenske vojske že mesec dni.", "sl")
    assert not any(etype == "LOC" and text.startswith("Slovensk") for text, etype in found)


def test_the_field_an_organisation_serves_belongs_to_its_name() -> None:
    found = spans("Podatki Nacionalnega inštituta za javno zdravje so jasni.", "sl")
    assert ("Nacionalnega inštituta za javno zdravje", "ORG") in found
    found = spans("Об этом заявил глава Комитета по международным делам Слуцкий.", "ru")
    assert ("Комитета по международным делам", "ORG") in found
    found = spans("Норвезьке агентство з лікарських засобів повідомило про випадки.", "uk")
    assert ("Норвезьке агентство з лікарських засобів", "ORG") in found
    # a known body has its name already: the negotiator, not the union, works on Brexit
    found = spans("Преговарящият на Европейския съюз по въпросите на Брекзит каза.", "bg")
    assert ("Европейския съюз", "ORG") in found
    # an adverb is no field: "za zdaj" is "for now"
    found = spans("Je dejal, da bo Urad za zdaj počakal.", "sl")
    assert not any(text.startswith("Urad za") for text, _ in found)


def test_czech_soft_adjectives_begin_an_organisations_name() -> None:
    found = spans("Podle předsedy Federální volební komise je to tak.", "cs")
    assert ("Federální volební komise", "ORG") in found
    # a woman's surname ending like an adjective stays her name before a common noun
    found = spans("„Nechceme být členem unie,“ citovala Mayovou agentura Reuters.", "cs")
    assert ("Mayovou", "PER") in found


def test_a_name_with_one_word_cut_short_is_the_whole_name() -> None:
    text = (
        "Polacy w Wlk. Brytanii czekają. W.Brytania wychodzi z Unii, "
        "a granica z Irlandią Płn. zostaje otwarta."
    )
    found = {(m.text, m.type, m.lemma) for m in rule_mentions(text, "pl")}
    assert ("Wlk. Brytanii", "LOC", "Wielka Brytania") in found
    assert ("W.Brytania", "LOC", "Wielka Brytania") in found
    # the full stop of a cut word that ends the name belongs to it
    assert ("Irlandią Płn.", "LOC", "Irlandia Północna") in found
    # an acronym ending a sentence cuts nothing short
    found = spans("Informovala o tom agentura DPA. Stávky pokračují.", "cs")
    assert ("DPA", "ORG") in found


def test_a_social_network_written_in_lower_case_is_still_named() -> None:
    assert ("twitterju", "PRO") in spans("Trump je na twitterju zapisal, da odhaja.", "sl")
    assert ("твиттере", "PRO") in spans("Фарадж написал в своем твиттере, что уходит.", "ru")
    # a tweet is no network: the Bulgarian "туит" stays a common noun
    assert not any(t.startswith("туит") for t, _ in spans("Тръмп написа десетки туитове.", "bg"))


def test_a_known_brand_written_with_a_small_first_letter_is_found() -> None:
    found = spans("Aerolinky easyJet a Ryanair zrušily lety, easyJetu to nepomohlo.", "cs")
    assert {("easyJet", "ORG"), ("easyJetu", "ORG")} <= found
    # a small-first-letter word the gazetteer does not know is no name: mRNA
    assert spans("Vakcína na bázi mRNA funguje.", "cs") == set()


def test_an_italian_surname_that_begins_like_a_country_is_found_alone() -> None:
    # Giorgetti begins like Giordania, Salvini like El Salvador; Italian writes peoples in
    # lower case, so a capital mid-sentence makes a name
    text = "Il ministro Giancarlo Giorgetti parlò con Matteo Salvini. Poi Giorgetti disse no."
    found = spans(text, "it")
    assert ("Giorgetti", "PER") in found
    # a dictionary word stays a word: "o Estado" is no name
    assert not any(t == "Estado" for t, _ in spans("Ele disse que o Estado vai pagar.", "pt"))


def test_a_given_name_written_with_accents_opens_the_name() -> None:
    # the list spells María plainly: Maria
    assert ("María José Catalá", "PER") in spans("Ayer habló María José Catalá en Valencia.", "es")


def test_a_german_compound_title_makes_the_word_after_it_a_person() -> None:
    from newsweave.entities import find_mentions

    text = "Gegenüber der Presse sagte Innenministerin Faeser: „Wir setzen die Kontrollen fort.“"
    assert ("Faeser", "PER") in spans(text, "de")
    # and the rules' titled person fills the gap the model leaves
    assert ("Faeser", "PER") in {(m.text, m.type) for m in find_mentions(text, "de")}


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Zu dieser Zeit ging Celebi, die Anwältin der Frau, noch davon aus.", "de", "Celebi"),
        ("In aula ha parlato Bortolin, il sindaco del paese, per primo.", "it", "Bortolin"),
    ],
)
def test_a_role_set_off_after_a_word_makes_it_a_person(text: str, language: str, name: str) -> None:
    from newsweave.entities import find_mentions

    assert (name, "PER") in spans(text, language)
    # and the rules' person fills the gap the model leaves
    assert (name, "PER") in {(m.text, m.type) for m in find_mentions(text, language)}


def test_an_article_after_a_german_name_opens_the_next_phrase() -> None:
    from newsweave.entities import find_mentions

    text = "„Wir setzen die Kontrollen fort“, sagte Innenministerin Nancy Faeser der Süddeutschen Zeitung."
    found = {(m.text, m.type) for m in find_mentions(text, "de")}
    assert ("Nancy Faeser", "PER") in found
    assert not any("Faeser der" in name for name, _ in found)


def test_a_known_full_name_replaces_the_model_s_first_part_of_it() -> None:
    from newsweave.entities import find_mentions

    text = "In Brüssel sprach Ursula von der Leyen am Montag mit den Regierungschefs."
    assert ("Ursula von der Leyen", "PER") in {(m.text, m.type) for m in find_mentions(text, "de")}
    # a known name the model split in two stays split: a body and its country
    text = "Спикер Конгресса США выступил в среду."
    found = {m.text for m in find_mentions(text, "ru")}
    assert "Конгресса США" not in found


def test_an_elided_article_written_onto_a_name_is_no_part_of_it() -> None:
    italian = spans(
        "Il ministro ha parlato dell’Unione europea e dell'Italia. L’Austria tace, e Massimo "
        "D'Alema ha incontrato la Comunità di Sant’Egidio.",
        "it",
    )
    assert {("Unione europea", "ORG"), ("Italia", "LOC"), ("Austria", "LOC")} <= italian
    # a capital mid-sentence opens a surname or a name's own part, not an article
    assert ("Massimo D'Alema", "PER") in italian
    assert ("Comunità di Sant’Egidio", "ORG") in italian
