"""CLDR names copied out of babel: the tables newsweave reads, without babel's locale data."""

import babel.localedata

from newsweave.cldr import locale_names


def test_country_month_and_weekday_names_in_several_languages():
    polish, german, russian = locale_names("pl"), locale_names("de"), locale_names("ru")
    assert polish.territories["PL"] == "Polska"
    assert german.territories["CN"] == "China"
    assert german.months["format"]["wide"][3] == "März"
    assert russian.months["format"]["wide"][3] == "марта"  # the genitive, as dates are written
    assert russian.months["stand-alone"]["wide"][3] == "март"
    assert russian.days["format"]["wide"][0] == "понедельник"


def test_a_language_cldr_does_not_have_gives_none():
    assert locale_names("xx") is None
    assert locale_names("") is None


def test_babel_keeps_no_locale_loaded_once_the_names_are_copied():
    locale_names("bg")
    assert not getattr(babel.localedata, "_cache", {})
    assert not getattr(babel.localedata, "_dict_cache", {})
