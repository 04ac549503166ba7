"""find_dates on sentences written for these tests, in many languages."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.dates import find_dates

MONDAY = date(2024, 3, 18)


def resolved(text: str, language: str, reference: date | None = MONDAY) -> dict[str, date | None]:
    return {ref.expression: ref.date for ref in find_dates(text, language, reference)}


def only_date(text: str, language: str, reference: date | None = MONDAY) -> date | None:
    refs = find_dates(text, language, reference)
    assert len(refs) == 1, refs
    return refs[0].date


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("La domenica delle elezioni è stata tranquilla.", "it", None),
        ("Il sindaco ha parlato domenica ai cittadini.", "it", date(2024, 3, 17)),
        ("The minister resigned on Friday after the vote.", "en", date(2024, 3, 15)),
        ("Совет собрался в среду вечером.", "ru", date(2024, 3, 13)),
        ("Парламентът гласува в сряда закона.", "bg", date(2024, 3, 13)),
        ("Premier spotkał się z rolnikami w środę.", "pl", date(2024, 3, 13)),
        ("Vláda o tom jednala ve středu.", "cs", date(2024, 3, 13)),
        ("Der Ausschuss tagte am Dienstag.", "de", date(2024, 3, 12)),
        ("Vlada je v sredo sprejela sklep.", "sl", date(2024, 3, 13)),
        ("Депутати проголосували у середу.", "uk", date(2024, 3, 13)),
        ("Le président a parlé lundi matin.", "fr", date(2024, 3, 18)),
        ("El Gobierno aprobó el jueves la reforma.", "es", date(2024, 3, 14)),
        ("O acordo foi assinado na terça-feira.", "pt", date(2024, 3, 12)),
    ],
)
def test_weekday_resolves_to_most_recent_on_or_before(text, language, expected):
    if expected is None:
        # "la domenica delle elezioni" still names a Sunday: accept it but demand the right one
        refs = find_dates(text, language, MONDAY)
        assert all(ref.date == date(2024, 3, 17) for ref in refs)
        return
    assert only_date(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("We will meet next Friday.", "en", date(2024, 3, 22)),
        ("Встреча пройдёт в следующую пятницу.", "ru", date(2024, 3, 22)),
        ("They met last Monday.", "en", date(2024, 3, 11)),
        ("Ci vediamo venerdì prossimo.", "it", date(2024, 3, 22)),
        ("Il est arrivé vendredi dernier.", "fr", date(2024, 3, 15)),
    ],
)
def test_weekday_modifiers_point_forward_or_back(text, language, expected):
    assert only_date(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected", "kind"),
    [
        ("The treaty was signed on 12 March 2024 in Geneva.", "en", date(2024, 3, 12), "absolute"),
        ("The treaty was signed on March 12, 2024.", "en", date(2024, 3, 12), "absolute"),
        ("Указ подписан 10 января 2019 года.", "ru", date(2019, 1, 10), "absolute"),
        ("The file is dated 2024-03-12.", "en", date(2024, 3, 12), "absolute"),
        ("Zákon platí od 12.03.2024 bez výjimek.", "cs", date(2024, 3, 12), "absolute"),
        ("Die Wahl fand am 3. Oktober 2021 statt.", "de", date(2021, 10, 3), "absolute"),
        ("La ley entró en vigor el 1 de julio de 2020.", "es", date(2020, 7, 1), "absolute"),
        ("A lei foi publicada em 5 de maio de 2019.", "pt", date(2019, 5, 5), "absolute"),
        ("Le sommet s'est ouvert le 1er juin 2022.", "fr", date(2022, 6, 1), "absolute"),
        ("Umowę podpisano 12 marca 2024 r. w Warszawie.", "pl", date(2024, 3, 12), "absolute"),
        ("Sporazum so podpisali 12. marca 2024.", "sl", date(2024, 3, 12), "absolute"),
        ("Угоду підписали 12 березня 2024 року.", "uk", date(2024, 3, 12), "absolute"),
        ("Срещата е на 23 Декември, 2025 в София.", "bg", date(2025, 12, 23), "absolute"),
        ("The plant closed in October 2019.", "en", date(2019, 10, 1), "month"),
        ("Завод закрыли в октябре.", "ru", date(2023, 10, 1), "month"),
        ("Fabrykę zamknięto w listopadzie.", "pl", date(2023, 11, 1), "month"),
        ("Továrna skončila v březnu.", "cs", date(2024, 3, 1), "month"),
    ],
)
def test_absolute_and_month_dates(text, language, expected, kind):
    refs = find_dates(text, language, MONDAY)
    assert [(r.date, r.kind) for r in refs] == [(expected, kind)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The talks collapsed yesterday.", "en", date(2024, 3, 17)),
        ("Переговоры сорвались вчера.", "ru", date(2024, 3, 17)),
        ("I colloqui sono falliti ieri.", "it", date(2024, 3, 17)),
        ("Prices rose last week.", "en", date(2024, 3, 11)),
        ("I prezzi sono saliti la settimana scorsa.", "it", date(2024, 3, 11)),
        ("Цены выросли в прошлом месяце.", "ru", date(2024, 2, 1)),
        ("Work will start next spring.", "en", date(2025, 3, 1)),
        ("The strike began two days ago.", "en", date(2024, 3, 16)),
        ("Stávka začala před třemi dny.", "cs", date(2024, 3, 15)),
        ("Strajk zaczął się 3 dni temu.", "pl", date(2024, 3, 15)),
        ("Der Streik begann vor zwei Wochen.", "de", date(2024, 3, 4)),
        ("La huelga empezó hace dos días.", "es", date(2024, 3, 16)),
        ("Вибори відбулися минулого тижня.", "uk", date(2024, 3, 11)),
        ("Изборите бяха миналата седмица.", "bg", date(2024, 3, 11)),
    ],
)
def test_relative_expressions(text, language, expected):
    refs = find_dates(text, language, MONDAY)
    assert [(r.date, r.kind) for r in refs] == [(expected, "relative")]


def test_weekday_with_date_is_one_absolute_expression():
    refs = find_dates("Совещание прошло в четверг, 10 января.", "ru", date(2019, 1, 15))
    assert [(r.expression, r.date, r.kind) for r in refs] == [
        ("в четверг, 10 января", date(2019, 1, 10), "absolute")
    ]


def test_relative_without_reference_has_no_date():
    refs = find_dates("It happened yesterday, on 12 March 2024.", "en", None)
    assert [r.date for r in refs] == [None, date(2024, 3, 12)]


def test_yearless_date_takes_closest_year_before_reference():
    assert only_date("The vote was on 20 December.", "en", date(2024, 1, 5)) == date(2023, 12, 20)


def test_offsets_point_into_the_text():
    text = "Sabato scorso, 9 marzo, il corteo ha attraversato Roma."
    for ref in find_dates(text, "it", MONDAY):
        assert text[ref.start : ref.end] == ref.expression


def test_environment_is_not_wednesday():
    assert find_dates("Выбросы загрязняют окружающую среду.", "ru", MONDAY) == []


def test_modal_may_is_not_a_month():
    assert find_dates("Ministers may decide later.", "en", MONDAY) == []


def test_unknown_language_still_finds_iso_dates():
    assert only_date("Wydarzenie 2024-03-12.", "xx") == date(2024, 3, 12)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=300),
    st.sampled_from(["en", "ru", "pl", "it", "bg", "", "zz"]),
    st.one_of(st.none(), st.dates()),
)
def test_find_dates_never_crashes(text, language, reference):
    for ref in find_dates(text, language, reference):
        assert 0 <= ref.start < ref.end <= len(text)
        assert ref.kind in {"absolute", "relative", "weekday", "month"}
