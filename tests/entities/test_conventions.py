"""Annotation conventions of news NER: demonyms, inflected lower-case events, listed names,
sentence-initial common words; and linking of demonyms and adjectives to their place."""

from newsweave.entities import EntityIndex
from newsweave.entities.detect import rule_mentions
from newsweave.model import Mention


def found(text: str, language: str) -> dict[str, str]:
    return {m.text: m.type for m in rule_mentions(text, language)}


def test_demonyms_are_person_mentions_in_either_letter_case() -> None:
    assert found("Na wakacje do Chorwacji jadą głównie Polacy i Czesi.", "pl")["Polacy"] == "PER"
    assert found("Многие американцы вернулись домой раньше.", "ru").get("американцы") == "PER"
    assert found("Britanci so glasovali za odhod.", "sl")["Britanci"] == "PER"


def test_country_name_is_not_taken_for_its_demonym() -> None:
    m = found("Vláda řekla, že Británie odejde a Britové zaplatí clo.", "cs")
    assert m["Británie"] == "LOC"
    assert m["Britové"] == "PER"


def test_adjectives_are_not_mentions() -> None:
    assert "американских" not in found("Акции американских компаний выросли в среду.", "ru")


def test_party_members_name_the_party() -> None:
    assert found("В Сенате демократов поддержали два сенатора.", "ru")["демократов"] == "ORG"


def test_inflected_lower_case_event_names() -> None:
    m = found("Kvůli brexitu a koronaviru letos klesly tržby. Přišel i nový koronavirus.", "cs")
    assert m["brexitu"] == "EVT"
    assert m["koronaviru"] == "EVT"
    assert "coverji" not in found("Na policah so bili coverji in plošče.", "sl")


def test_holidays_and_wars_are_events_not_places() -> None:
    m = found("Przed świętami Bożego Narodzenia wróciło do Polski wielu emigrantów.", "pl")
    assert m["Bożego Narodzenia"] == "EVT"
    assert found("Město se po druhé světové válce změnilo.", "cs")["druhé světové válce"] == "EVT"
    m = found("После Второй мировой войны началась холодная война.", "ru")
    assert m["Второй мировой войны"] == "EVT"
    assert m["холодная война"] == "EVT"


def test_lone_unknown_name_listed_beside_a_place_is_a_place() -> None:
    m = found("Kandydaci odwiedzą Kanadę, Ohio i Meksyk w przyszłym tygodniu.", "pl")
    assert m.get("Ohio") == "LOC"


def test_sentence_initial_common_word_is_not_part_of_the_name() -> None:
    m = found("Sprawa Nowaka trafiła do sądu w Krakowie.", "pl")
    assert "Sprawa Nowaka" not in m


def test_given_name_joins_a_known_surname() -> None:
    m = found("На встрече с Джозефом Байденом говорили о выборах.", "ru")
    assert m.get("Джозефом Байденом") == "PER"


def test_latin_names_in_a_cyrillic_text_are_organisations() -> None:
    assert found("Полетите на Wizz Air до София бяха отменени.", "bg").get("Wizz Air") == "ORG"


def test_a_latin_word_in_a_cyrillic_text_is_no_case_form_of_a_place() -> None:
    # "Lion" is no form of Lyon, nor "Air" of Éire (Ireland)
    m = found("Самолёт компании Lion Air разбился у берегов Индонезии.", "ru")
    assert m.get("Lion Air") == "ORG"
    assert "Lion" not in m and "Air" not in m


def test_demonyms_and_adjectives_link_to_their_country() -> None:
    index = EntityIndex()
    mentions = [
        Mention("США", 0, 3, "LOC"),
        Mention("американцев", 10, 21, "PER"),
        Mention("американских", 30, 42, "LOC"),
    ]
    index.link(mentions, "ru")
    polish = [Mention("Amerykanie", 0, 10, "PER")]
    index.link(polish, "pl")
    ids = {m.entity_id for m in mentions + polish}
    assert ids == {"LOC-US"}


def test_media_titles_are_products_and_agencies_organisations() -> None:
    m = found("Според CNN и Фейсбук, новината е вярна, съобщи Ройтерс.", "bg")
    assert m["CNN"] == "PRO"
    assert m["Фейсбук"] == "PRO"
    assert m["Ройтерс"] == "ORG"


def test_the_white_house_is_a_place() -> None:
    assert found("Rzecznik Białego Domu odmówił komentarza.", "pl")["Białego Domu"] == "LOC"


def test_new_coronavirus_names_the_virus_without_new() -> None:
    m = found("В России выявлены новые случаи заражения: новый коронавирус опасен.", "ru")
    assert m.get("коронавирус") == "EVT"
    assert "новый коронавирус" not in m


def test_bulgarian_name_of_an_institution_with_indefinite_adjectives() -> None:
    m = found("Пробите са изпратени в Националната референтна лаборатория в София.", "bg")
    assert m["Националната референтна лаборатория"] == "ORG"
    assert (
        found("Според Националния оперативен щаб случаите са 20.", "bg")[
            "Националния оперативен щаб"
        ]
        == "ORG"
    )


def test_bulgarian_abbreviation_of_the_united_kingdom() -> None:
    assert found("След излизането на ОК от ЕС митата се промениха.", "bg")["ОК"] == "LOC"


def test_a_site_named_by_its_address_is_a_medium() -> None:
    m = found("Jak uvádí server Echo24.cz, vláda o tom jednala.", "cs")
    assert m["Echo24.cz"] == "PRO"
    assert (
        found("Как сообщает novostivolgograda.ru, в городе тепло.", "ru")["novostivolgograda.ru"]
        == "PRO"
    )
    addresses = found("Více na https://www.idnes.cz/zpravy nebo na info@seznam.cz dnes.", "cs")
    assert "idnes.cz" not in addresses and "www.idnes.cz" not in addresses
    assert "seznam.cz" not in addresses


def test_bulgarian_na_marks_a_possessor_not_a_place() -> None:
    text = "Правителството пое грижа за сигурността на Асия Биби и семейството ѝ."
    assert found(text, "bg")["Асия Биби"] == "PER"


def test_a_surname_that_is_a_common_noun_keeps_the_person() -> None:
    text = "В 2000 году за Альберта Гора в Калифорнии проголосовали 5,8 миллиона человек."
    assert found(text, "ru")["Альберта Гора"] == "PER"


def test_common_given_names_in_case_forms_are_people() -> None:
    assert found("Byla odsouzena za urážku proroka Mohameda.", "cs")["Mohameda"] == "PER"


def test_a_word_after_a_dialogue_dash_opens_a_sentence() -> None:
    text = "Rzecznik ministerstwa mówił dalej. - To ważny krok dla pacjentów - podkreślił."
    assert "To" not in found(text, "pl")
