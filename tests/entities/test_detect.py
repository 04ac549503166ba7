"""Detection: spans, types and base forms of names in sentences of many languages."""

import pytest

from newsweave.entities import find_mentions
from newsweave.entities.detect import rule_mentions
from newsweave.entities.gazetteer import default_gazetteer


def found(text: str, language: str) -> dict[str, tuple[str, str]]:
    mentions = rule_mentions(text, language)
    for m in mentions:
        assert text[m.start : m.end] == m.text, "span must slice to the surface"
    return {m.text: (m.type, m.lemma) for m in mentions}


def test_english_people_places_organisations() -> None:
    m = found(
        "Russian President Vladimir Putin flew to Beijing on Monday. The Kremlin said NATO "
        "had ignored its warnings, and Putin later met Xi Jinping.",
        "en",
    )
    assert m["Vladimir Putin"][0] == "PER"
    assert m["Beijing"][0] == "LOC"
    assert m["Kremlin"][0] == "ORG"
    assert m["NATO"][0] == "ORG"
    assert m["Xi Jinping"][0] == "PER"
    assert "Russian" not in m and "Monday" not in m and "The" not in m


def test_russian_case_forms_get_nominative_lemmas() -> None:
    m = found(
        "Владимир Путин провёл переговоры с Сергеем Шойгу в Москве. Позже Путина "
        "поддержал Олаф Шольц, а с Шольцем согласились в Китае.",
        "ru",
    )
    assert m["Сергеем Шойгу"] == ("PER", "Сергей Шойгу")
    assert m["Москве"] == ("LOC", "Москва")
    assert m["Путина"] == ("PER", "Путин")
    assert m["Шольцем"][1] == "Шольц"
    assert m["Китае"] == ("LOC", "Китай")


def test_a_german_adjective_opening_a_name_is_cited_as_the_name_is() -> None:
    # The dictionary's base form of "Deutschen" is "Deutscher" (a German): the bank is the
    # "Deutsche Bank" in the dative too. After "für" the adjective keeps its governed case.
    text = (
        "Der Chef der Deutschen Bank traf Jürgen Fitschen. Die Deutsche Bank meldete Gewinne. "
        "Die Bank für Internationalen Zahlungsausgleich warnte."
    )
    lemmas = {m.text: m.lemma for m in find_mentions(text, "de")}
    assert lemmas["Deutschen Bank"] == lemmas["Deutsche Bank"] == "Deutsche Bank"
    assert lemmas["Bank für Internationalen Zahlungsausgleich"] == (
        "Bank für Internationalen Zahlungsausgleich"
    )


def test_a_russian_name_the_dictionary_misreads_as_a_verb_keeps_its_form() -> None:
    # pymorphy3 reads Брутер as an unknown prefix before a past tense of утереть
    m = found("Эксперт Владимир Брутер предсказал отставку. Брутер сказал это в Эймсбери.", "ru")
    assert m["Брутер"] == ("PER", "Брутер")
    assert m["Эймсбери"][1] == "Эймсбери"


def test_russian_surname_after_a_nominative_given_name_stays_as_written() -> None:
    # The dictionary reads Пушков only as a plural of пушок; after Алексей it is a surname.
    m = found("Российский сенатор Алексей Пушков уверен, что слова Марии Захаровой верны.", "ru")
    assert m["Алексей Пушков"] == ("PER", "Алексей Пушков")
    assert m["Марии Захаровой"] == ("PER", "Мария Захарова")


def test_a_particle_opening_a_sentence_stays_in_the_name() -> None:
    # sl: a lower-case "von der Leynova" further on is no sign that the opening "Von" is a word.
    m = found(
        "Von der Leynova je poudarila, da so bolnišnice pod pritiskom. Kot dobro novico "
        "je von der Leynova izpostavila, da je unija sklenila pogodbe.",
        "sl",
    )
    assert m["Von der Leynova"][0] == "PER"


def test_polish_and_czech_case_forms() -> None:
    m = found(
        "Premier rozmawiał z Władimirem Putinem w Moskwie, "
        "a Władimira Putina krytykuje Unia Europejska.",
        "pl",
    )
    assert m["Władimira Putina"][1] == "Władimir Putin"
    assert m["Moskwie"] == ("LOC", "Moskwa")
    assert m["Unia Europejska"][0] == "ORG"
    c = found("Ruský prezident Putin se sešel s čínským vůdcem. S Putinem jednal v Praze.", "cs")
    assert c["Putinem"][1] == "Putin"
    assert c["Praze"][0] == "LOC"


def test_bulgarian_and_ukrainian() -> None:
    m = found(
        "Президентът Румен Радев се срещна в София с Си Дзинпин и представители на НАТО.", "bg"
    )
    assert m["Си Дзинпин"][0] == "PER"
    assert m["НАТО"][0] == "ORG"
    assert m["Румен Радев"][0] == "PER"
    u = found("Президент Володимир Зеленський прибув до Києва, де зустрівся з генсеком НАТО.", "uk")
    assert u["Володимир Зеленський"][0] == "PER"
    assert u["Києва"] == ("LOC", "Київ")


@pytest.mark.parametrize(
    "text, language, name, etype",
    [
        (
            "Il presidente cinese Xi Jinping ha ricevuto a Pechino il premier indiano.",
            "it",
            "Pechino",
            "LOC",
        ),
        ("O presidente Lula viajou para Pequim na terça-feira.", "pt", "Pequim", "LOC"),
        ("Le président Emmanuel Macron s'est rendu à Moscou hier.", "fr", "Emmanuel Macron", "PER"),
        ("Bundeskanzler Olaf Scholz reiste am Dienstag nach Peking.", "de", "Olaf Scholz", "PER"),
        ("El ministro Pedro Sánchez habló con la Comisión Europea.", "es", "Pedro Sánchez", "PER"),
        ("Premier Marko Novak je obiskal Bruselj.", "sl", "Marko Novak", "PER"),
    ],
)
def test_names_across_languages(text: str, language: str, name: str, etype: str) -> None:
    assert found(text, language)[name][0] == etype


def test_title_cue_types_an_unknown_name() -> None:
    m = found("Yesterday minister Karel Dvořák resigned, said the Ministry of Finance.", "en")
    assert m["Karel Dvořák"][0] == "PER"
    assert m["Ministry of Finance"][0] == "ORG"


def test_german_common_nouns_are_not_names() -> None:
    m = found("Die Regierung in Berlin hat die Entscheidung von Angela Merkel verteidigt.", "de")
    assert "Regierung" not in m and "Entscheidung" not in m
    assert m["Angela Merkel"][0] == "PER"


def test_german_titles_and_words_around_a_name_stay_outside_it() -> None:
    text = (
        "Ein Telefonat zwischen Thomas Bach und dem japanischen Ministerpräsidenten Shinzo Abe. "
        "Die Kanzlerin traf Präsidenten Macron."
    )
    names = {m.text for m in rule_mentions(text, "de")}
    assert {"Thomas Bach", "Shinzo Abe", "Macron"} <= names
    assert not any("präsident" in n.casefold() for n in names)
    # a byline run into the first sentence: the article opening it is no part of the name
    byline = "Der Islamische Staat ist wieder da Peter Mühlbauer Ein Soldat bildet Rekruten aus."
    assert "Peter Mühlbauer" in {m.text for m in rule_mentions(byline, "de")}


@pytest.mark.parametrize(
    ("text", "language", "title"),
    [
        ("Jak napisał dziennik The Sunday Herald, rząd się zgodził.", "pl", "The Sunday Herald"),
        (
            "The report was first published by the Kingsbridge Chronicle on Monday.",
            "en",
            "Kingsbridge Chronicle",
        ),
        ("Об этом сообщил телеканал Polsat News со ссылкой на источники.", "ru", "Polsat News"),
    ],
)
def test_newspaper_and_programme_titles_are_products(text: str, language: str, title: str):
    assert (title, "PRO") in {(m.text, m.type) for m in rule_mentions(text, language)}


def test_english_organisation_words_type_english_names_in_other_languages() -> None:
    sl = rule_mentions("Letalska družba Adria Airways je ustavila lete.", "sl")
    assert ("Adria Airways", "ORG") in {(m.text, m.type) for m in sl}
    pl = rule_mentions("Spółkę przejęła firma Brightwater Communications w piątek.", "pl")
    assert ("Brightwater Communications", "ORG") in {(m.text, m.type) for m in pl}


def test_english_the_opens_no_title_in_english() -> None:
    assert all(m.type != "PRO" for m in rule_mentions("The Beatles played in Hamburg.", "en"))


def test_chinese_by_gazetteer() -> None:
    text = "习近平在北京会见了普京。"
    mentions = rule_mentions(text, "zh")
    assert {m.text for m in mentions} == {"习近平", "北京", "普京"}
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_arabic_names_are_whole_words_with_their_clitics() -> None:
    # مصرع ("death of") begins with مصر (Egypt) but names nothing
    assert rule_mentions("مصرع تلميذة في العاشرة من عمرها بعد السقوط من سطح منزلها", "ar") == []
    text = "ارتفع سعر الدولار في مصر قليلا، وأكد مسؤول إثيوبي أن والسودان وبمصر والاقتصاد المصري"
    # in, and-the, and-in, the ...-i (Egyptian): the letters around the name stay outside it
    assert [m.text for m in rule_mentions(text, "ar")] == ["مصر", "السودان", "مصر", "مصر"]


def test_arabic_short_country_names_and_the_pandemic_are_known() -> None:
    gazetteer = default_gazetteer()
    # السعودية and الإمارات are how Arabic news names them; CLDR has the long forms only
    assert (
        gazetteer.lookup("السعودية") == gazetteer.lookup("المملكة العربية السعودية") == ["LOC-SA"]
    )
    assert gazetteer.lookup("الإمارات") == ["LOC-AE"]
    for name in ("فيروس كورونا", "كوفيد-19", "新冠肺炎", "coronavirus"):
        assert gazetteer.lookup(name) == ["EVT-covid-19"], name


@pytest.mark.parametrize(
    ("text", "organisations", "places"),
    [
        (
            "Вчера Министерство иностранных дел Аргентины и Верховный суд Индии выступили "
            "с заявлениями.",
            ["Министерство иностранных дел Аргентины", "Верховный суд Индии"],
            ["Аргентины", "Индии"],
        ),
        # a short organisation word in a case form, read through its lemma
        (
            "Решение было принято Верховным судом Пакистана, а исполнение Верховного суда "
            "Индии откладывается.",
            ["Верховным судом Пакистана", "Верховного суда Индии"],
            ["Пакистана", "Индии"],
        ),
    ],
)
def test_organisation_word_and_its_place_make_one_organisation(
    text: str, organisations: list[str], places: list[str]
) -> None:
    m = found(text, "ru")
    for name in organisations:
        assert m[name][0] == "ORG", name
    for place in places:
        assert place not in m, place


def test_bulgarian_organisation_of_a_place_joined_by_na() -> None:
    m = found("Решението на Върховния съд на Индия изненада мнозина.", "bg")
    assert m["Върховния съд на Индия"][0] == "ORG"


def test_place_then_person_is_cut_before_the_given_name() -> None:
    m = found("Jak uvedla starostka Madridu Jana Nováková, město je připraveno.", "cs")
    assert "Jana Nováková" in m and m["Jana Nováková"][0] == "PER"
    assert m["Madridu"][0] == "LOC"


def test_known_firm_after_a_sentence_initial_word_is_kept() -> None:
    m = found("Przewoźnik Lufthansa odwołał w piątek kilkaset lotów.", "pl")
    assert m["Lufthansa"][0] == "ORG"


def test_us_states_in_case_forms() -> None:
    m = found("Kandydaci walczyli o głosy na Florydzie, w Pensylwanii i w Arizonie.", "pl")
    assert {m[w][0] for w in ("Florydzie", "Pensylwanii", "Arizonie")} == {"LOC"}


def test_lower_case_words_alone_are_no_name() -> None:
    m = found("Přišla zpráva. Letecká společnost oznámila zrušení letů.", "cs")
    assert "společnost" not in m


def test_initial_of_a_given_name_stays_in_the_name() -> None:
    m = found("Wczoraj o tym mówiła Anna M. Kowalska w Sejmie.", "pl")
    assert m["Anna M. Kowalska"][0] == "PER"
    m = found("Про це написав А.Шевчук у своїй колонці.", "uk")
    assert m["А.Шевчук"][0] == "PER"


def test_known_place_before_a_full_name_is_kept_apart() -> None:
    m = found("Съдът в Индия Мира Радж Кумар беше оправдана.", "bg")
    assert m["Индия"][0] == "LOC"
    assert "Индия Мира Радж Кумар" not in m


def test_roman_numerals_and_common_abbreviations_are_no_names() -> None:
    m = found("W XIX wieku PKB rosło, a media i СМИ pisały o tym.", "pl")
    assert "XIX" not in m and "PKB" not in m


def test_unknown_given_name_joins_a_known_surname() -> None:
    # a place, then a given name the lists lack, then a surname the gazetteer knows
    m = found("Премиерът на Канада Джъстин Трюдо заяви вчера, че ще подаде оставка.", "bg")
    assert m["Канада"][0] == "LOC"
    assert m["Джъстин Трюдо"][0] == "PER"
    m = found("Ирландският премиер Лио Варадкар каза, че границата остава отворена.", "bg")
    assert m["Лио Варадкар"][0] == "PER"


def test_a_given_names_case_form_is_no_other_persons_short_name() -> None:
    # "Johnem" and "Yoon" share a coarse stem key; John McCain is still one name
    m = found("Spotkanie z Johnem McCainem odbyło się w Waszyngtonie.", "pl")
    assert m["Johnem McCainem"][0] == "PER"


def test_the_capitol_is_a_place_in_every_script() -> None:
    ru = found("В среду сторонники Трампа ворвались в Капитолий.", "ru")
    pl = found("Zwolennicy Trumpa wdarli się w środę do Kapitolu.", "pl")
    assert ru["Капитолий"][0] == "LOC"
    assert pl["Kapitolu"][0] == "LOC"


def test_a_name_does_not_change_script_between_its_words() -> None:
    m = found(
        "Головний переговірник Європейського Союзу щодо Brexit Мішель Барньє заявив, що угода "
        "можлива. Вакцину «Спутник V» схвалили, а Папа Бенедикт XVI промовчав.",
        "uk",
    )
    assert m["Мішель Барньє"][0] == "PER"
    assert "Brexit Мішель Барньє" not in m
    assert "Спутник V" in "".join(m)
    assert "Бенедикт XVI" in "".join(m)


def test_a_tag_line_in_lower_case_does_not_make_a_name_a_common_word() -> None:
    text = (
        "Были русские и Чак Норрис. Трамп хочет ввести военное положение.\n\n"
        "аудио, второй импичмент дональду трампу, фбр, подкаст, дональд трамп"
    )
    assert found(text, "ru")["Трамп"][0] == "PER"


def test_german_nouns_are_no_forms_of_names_that_merely_begin_like_them() -> None:
    m = found(
        "Ein Mann aus Hamburg kritisierte die Politik der Regierung. Angela Merkels Sprecher "
        "wies das zurück.",
        "de",
    )
    assert "Mann" not in m and "Politik" not in m  # not Isle of Man, not Politico
    assert m["Hamburg"][0] == "LOC"
    assert any(lemma == "Angela Merkel" for _, lemma in m.values())  # the genitive still is


def test_a_given_name_ending_like_a_genitive_keeps_its_s() -> None:
    # Han is a known name, and -s a German genitive; Hans is a given name as it stands, and
    # a genitive of a known person is still read as one.
    m = found("Hans Müller traf Thomas Weber. Später lobte er Angela Merkels Kurs.", "de")
    assert m["Hans Müller"][1] == "Hans Müller"
    assert m["Thomas Weber"][1] == "Thomas Weber"
    assert any(lemma == "Angela Merkel" for _, lemma in m.values())


def test_a_name_after_a_verb_that_ends_like_an_adjective_is_still_a_name() -> None:
    # "sagte", "forderten" end as German adjectives do ("große Anna" would be a noun phrase);
    # a reporting verb, or a known given name with a surname after it, says otherwise
    m = found("Am Montag sagte Anna Schmidt, sie sei zufrieden. Später kam Anna Schmidt.", "de")
    assert m["Anna Schmidt"][0] == "PER"
    m = found("Am Montag forderten Lars Klingbeil und andere Reformen.", "de")
    assert m["Lars Klingbeil"][0] == "PER"


def test_a_middle_initial_after_a_given_name_is_not_the_given_name_again() -> None:
    # "V." abbreviates Vladimir in the gazetteer's two-word name; after "Vladimir" it is the
    # middle initial, and the person is Vladimir Putin, spelled the entity's own way
    m = found("Russian President Vladimir V. Putin said Turkey had erred.", "en")
    assert m["Vladimir V. Putin"] == ("PER", "Vladimir Putin")


def test_an_abbreviated_name_is_spelled_the_same_in_every_run() -> None:
    gazetteer = default_gazetteer()
    assert gazetteer.abbreviated("V", "Putin", True) == [("PER-vladimir-putin", "Vladimir Putin")]


def test_a_field_a_preposition_governs_takes_no_type_from_the_person_apposed_after_it() -> None:
    m = found("Il ministro della Salute, Marco Rossi, ha parlato lunedì a Roma.", "it")
    assert "Salute" not in m
    assert m["Marco Rossi"][0] == "PER"
    # a list still shares its type: "Wisconsin, Michigan i Arizona"
    m = found("Kandydaci odwiedzili Wisconsin, Michigan i Arizonę.", "pl")
    assert m["Wisconsin"][0] == m["Michigan"][0] == "LOC"


def test_a_given_name_spelled_like_a_month_opens_a_name() -> None:
    # "Jan" is also January's short form; before a surname it is the given name
    assert found("Jan Smith said he was happy with the vote.", "en")["Jan Smith"][0] == "PER"
    assert found("Jan de Vries zei dat hij blij was.", "nl")["Jan de Vries"][0] == "PER"


def test_a_known_german_name_is_found_in_its_oblique_case() -> None:
    # "der Vereinten Nationen": the adjective cited and the plural noun as written find the
    # known "Vereinte Nationen"; the party's full name beats the country the model found in it.
    text = "Der Sprecher der Vereinten Nationen warnte die Alternative für Deutschland."
    found = {m.text: m.type for m in find_mentions(text, "de")}
    assert found["Vereinten Nationen"] == "ORG"
    assert found["Alternative für Deutschland"] == "ORG"
    assert "Deutschland" not in found
