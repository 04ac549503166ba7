"""Typing of names no gazetteer knows, common nouns, lower-case names, ids and inflected links."""

import re
import time

import pytest

from newsweave.entities import find_mentions
from newsweave.entities.detect import rule_mentions
from newsweave.entities.link import EntityIndex
from newsweave.entities.translit import stem_keys
from newsweave.model import Mention


def types(text: str, language: str) -> dict[str, str]:
    return {m.text: m.type for m in find_mentions(text, language)}


# --- 1. places and organisations are not people ------------------------------------------


def test_a_title_that_begins_like_an_organisation_word_names_no_organisation() -> None:
    # сенатор begins with сенат, but is a title, not the Senate in another case
    t = types("Российский сенатор Алексей Пушков уверен, что Сенат США ошибся.", "ru")
    assert t.get("Алексей Пушков") == "PER"
    assert t.get("Сенат") == "ORG"
    assert not any("сенатор" in name for name in t), t

def test_italian_places_and_offices_are_not_people() -> None:
    t = types(
        "Dopo le piogge la Prefettura ha chiuso i ponti; la Protezione civile e la "
        "Regione Piemonte hanno chiesto aiuto alla Provincia di Cuneo.",
        "it",
    )
    assert t.get("Prefettura") == "ORG"
    assert t.get("Regione Piemonte") == "LOC"
    assert all(kind != "PER" for kind in t.values()), t


def test_russian_dictionary_knows_places_and_adjectives() -> None:
    t = types(
        "Переговоры с Китаем шли долго, а представители Запада прибыли в Пенсильванию. "
        "Российского посла не было, заявил Лавров.",
        "ru",
    )
    assert t["Китаем"] == "LOC"
    assert t["Запада"] == "LOC"
    assert t["Пенсильванию"] == "LOC"
    assert t["Лавров"] == "PER"
    assert "Российского" not in t


def test_place_shape_and_first_names() -> None:
    t = types("Delegacja przyjechała wczoraj z Pensylwanii, a Tomasz Zielonka ją przywitał.", "pl")
    assert t["Pensylwanii"] == "LOC"
    assert t["Tomasz Zielonka"] == "PER"


def rule_types(text: str, language: str) -> dict[str, str]:
    return {m.text: m.type for m in rule_mentions(text, language)}


# The two tests below are about the rule passes' evidence. Until December 7 a leaked
# NEWSWEAVE_NER_MODEL made every test after tests/entities/test_recognise.py run without the
# shipped model, so they tested the rules alone; the model reads both names otherwise
# ("Vorbeck" PER, "Okonkwo-Baptiste" LOC: the second is wrong, see the closing note).
def test_lone_word_without_evidence_is_not_a_person() -> None:
    # "Vorbeck" has no title, first name, verb of saying or known person beside it
    t = rule_types("Le rapport cite Vorbeck parmi les sources.", "fr")
    assert t.get("Vorbeck") != "PER"


def test_reporting_verb_makes_a_person() -> None:
    t = rule_types("Critics said Okonkwo-Baptiste was wrong.", "en")
    assert t["Okonkwo-Baptiste"] == "PER"


def test_lowercase_head_word_completes_slavic_names() -> None:
    bg = types("Решението на Демократическата партия изненада всички.", "bg")
    assert bg.get("Демократическата партия") == "ORG"
    ru = types("Он возглавил Центральную военную комиссию страны.", "ru")
    assert ru.get("Центральную военную комиссию") == "ORG"


def test_part_of_a_longer_name_is_not_the_place() -> None:
    t = types("Sąd zwolnił wczoraj Asia Bibi z więzienia.", "pl")
    assert t.get("Asia Bibi") == "PER"
    assert "Asia" not in t


def test_short_acronym_alias_needs_capitals() -> None:
    # SAD is the USA in Croatian; "Sąd" is a Polish court
    t = types("Wyrok wydał wczoraj Sąd Najwyższy.", "pl")
    assert t.get("Sąd Najwyższy") == "ORG"
    assert types("Predsjednik je otputovao u SAD.", "hr").get("SAD") == "LOC"


# --- 2. capitalised common nouns ---------------------------------------------------------


def test_german_common_nouns_are_not_names() -> None:
    t = types(
        "Das Treffen im Kanzleramt dauerte zwei Stunden. Der Staatspräsident sprach über "
        "grünen Wasserstoff und zehn Kilometer Leitung, sagte Scholz.",
        "de",
    )
    for noun in ("Treffen", "Staatspräsident", "Wasserstoff", "Kilometer"):
        assert noun not in t, noun
    assert t.get("Kanzleramt") in (None, "ORG")
    assert t["Scholz"] == "PER"


# --- lower-case names the curator allows --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vlada je razpravljala o posledicah, ki jih prinaša brexit.", "sl"),
        ("Больше людей заболели из-за коронавируса на этой неделе.", "ru"),
    ],
)
def test_lowercase_curated_names(text: str, language: str) -> None:
    assert any(m.type == "EVT" for m in find_mentions(text, language))


# --- 3. readable ids for every script ----------------------------------------------------


def test_greek_new_entity_gets_latin_slug() -> None:
    index = EntityIndex()
    text = "Ο υπουργός Παύλος Κωστόπουλος μίλησε χθες."
    mentions = find_mentions(text, "el")
    index.link(mentions, "el", text)
    person = next(m for m in mentions if m.type == "PER")
    assert re.fullmatch(r"PER-[a-z0-9-]+", person.entity_id)
    assert person.entity_id.startswith("PER-pa")
    again = find_mentions("Ο Παύλος Κωστόπουλος απάντησε.", "el")
    index.link(again, "el")
    assert again[0].entity_id == person.entity_id


# --- 4. inflected forms link to one entity -----------------------------------------------


def test_stem_keys_ignore_case_endings() -> None:
    assert stem_keys("Floridy", "pl") == stem_keys("Florida", "en")
    assert stem_keys("Флориде", "ru") & stem_keys("Florida", "en")
    assert stem_keys("Wielkiej Brytanii", "pl") == stem_keys("Wielka Brytania", "pl")


def test_gold_style_mentions_without_lemma_link_by_stem() -> None:
    index = EntityIndex()
    forms = [("pl", "Floryda"), ("pl", "Florydzie"), ("ru", "Флориде"), ("sl", "Floridi")]
    ids = set()
    for language, surface in forms:
        mention = Mention(surface, 0, len(surface), "LOC")
        index.link([mention], language, surface)
        ids.add(mention.entity_id)
    assert len(ids) == 1, ids


def test_inflected_person_forms_join() -> None:
    index = EntityIndex()
    ids = set()
    for language, text in [
        ("en", "Senator Walter Hinchcliffe spoke on Monday."),
        ("pl", "Senator Walter Hinchcliffe przemawiał w poniedziałek."),
        ("cs", "Se senátorem Walterem Hinchcliffem mluvili novináři."),
    ]:
        mentions = find_mentions(text, language)
        index.link(mentions, language, text)
        ids |= {m.entity_id for m in mentions if m.type == "PER"}
    assert len(ids) == 1, ids


def test_romanised_name_gives_way_to_latin_spelling() -> None:
    index = EntityIndex()
    ru = [Mention("Мишель Барнье", 0, 13, "PER", "Мишель Барнье")]
    index.link(ru, "ru")
    fr = [Mention("Michel Barnier", 0, 14, "PER", "Michel Barnier")]
    index.link(fr, "fr")
    assert ru[0].entity_id == fr[0].entity_id
    assert index.entity(ru[0].entity_id).name == "Michel Barnier"


# --- 5. speed ------------------------------------------------------------------------------


def test_index_construction_is_lazy_and_fast() -> None:
    started = time.perf_counter()
    index = EntityIndex()
    assert time.perf_counter() - started < 0.1
    assert index.entity("LOC-RU") is not None


def test_fuzzy_search_is_blocked_not_linear() -> None:
    index = EntityIndex()
    for n in range(3000):
        name = f"Zed{n:04d} Quill{n:04d}"
        index.link([Mention(name, 0, len(name), "PER", name)], "en")
    bucket = index._fuzzy[("PER", "zq")]
    assert len(bucket[0]) >= 3000
    # another initials pair never searches that bucket
    probe = [Mention("Harriet Lowden", 0, 14, "PER", "Harriet Lowden")]
    index.link(probe, "en")
    assert probe[0].entity_id == "PER-harriet-lowden"


def test_former_states_and_a_countrys_initials_are_places() -> None:
    index = EntityIndex()
    text = "После распада СССР в ФРГ переехали тысячи семей из бывшей ГДР."
    mentions = find_mentions(text, "ru")
    index.link(mentions, "ru", text)
    found = {m.text: (m.type, m.entity_id) for m in mentions}
    assert found["СССР"] == ("LOC", "LOC-soviet-union")
    assert found["ФРГ"] == ("LOC", "LOC-DE")
    assert found["ГДР"][0] == "LOC"
    polish = find_mentions("Rodzina wyjechała z Polski do RFN w 1981 roku.", "pl")
    index.link(polish, "pl")
    assert {m.text: m.entity_id for m in polish}["RFN"] == "LOC-DE"


def test_initials_after_a_title_name_the_holders_body_not_the_holder() -> None:
    found = types("Jak poinformował rzecznik KPRM, decyzja zapadnie jutro.", "pl")
    assert found.get("KPRM") == "ORG"
    found = types("Jak zapowiedział szef KPRM Michał Dworczyk, decyzja zapadnie.", "pl")
    assert found == {"KPRM": "ORG", "Michał Dworczyk": "PER"}


def test_a_known_place_with_an_adjective_after_it_is_a_place() -> None:
    found = types("Państwa Europy Środkowej i Ameryki Łacińskiej czekają na szczepionki.", "pl")
    assert found.get("Europy Środkowej") == "LOC"
    assert found.get("Ameryki Łacińskiej") == "LOC"


def test_a_place_preposition_makes_a_given_names_look_alike_the_place() -> None:
    found = types("Trump je skušal storiti enako v Georgii, kjer pa ni uspel.", "sl")
    assert found.get("Georgii") == "LOC"
    # a surname after it makes it a person's given name again
    found = types("Revolucija se je začela z Georgeem Washingtonom.", "sl")
    assert found.get("Georgeem Washingtonom") == "PER"


def test_a_name_begun_by_a_known_firm_is_an_organisation() -> None:
    found = types("Samolot czarterowy linii Ryanair Sun wylądował w Katowicach.", "pl")
    assert found.get("Ryanair Sun") == "ORG"
