"""Cross-lingual quote matching on translations and same-topic quotes written for the test."""

from __future__ import annotations

import itertools

import pytest

from newsweave import settings
from newsweave.quotes.match import quote_key, quote_similarity

# Each group is one statement in several languages.
STATEMENTS = [
    {
        "en": "We will strengthen our military cooperation and our strategic partnership.",
        "de": "Wir werden unsere militärische Zusammenarbeit und unsere strategische "
              "Partnerschaft stärken.",
        "fr": "Nous allons renforcer notre coopération militaire et notre partenariat "
              "stratégique.",
        "ru": "Мы укрепим наше военное сотрудничество и стратегическое партнёрство.",
        "bg": "Ще укрепим нашето военно сътрудничество и стратегическото партньорство.",
        "pl": "Wzmocnimy naszą współpracę wojskową i partnerstwo strategiczne.",
        "it": "Rafforzeremo la nostra cooperazione militare e il partenariato strategico.",
    },
    {
        "en": "The river rose by three metres in five hours and hundreds of people were "
              "evacuated.",
        "es": "El río subió tres metros en cinco horas y cientos de personas fueron "
              "evacuadas.",
        "pt": "O rio subiu três metros em cinco horas e centenas de pessoas foram evacuadas.",
        "uk": "Річка піднялася на три метри за п'ять годин, сотні людей евакуювали.",
        "cs": "Řeka stoupla o tři metry za pět hodin a stovky lidí byly evakuovány.",
    },
    {
        "en": "Sanctions against Russia will remain until the war in Ukraine ends.",
        "de": "Die Sanktionen gegen Russland bleiben, bis der Krieg in der Ukraine endet.",
        "sl": "Sankcije proti Rusiji bodo ostale, dokler se vojna v Ukrajini ne konča.",
        "ru": "Санкции против России сохранятся до окончания войны на Украине.",
        "fr": "Les sanctions contre la Russie resteront en place jusqu'à la fin de la guerre "
              "en Ukraine.",
    },
]

# Same topics, different statements.
UNRELATED = [
    ("en", "Our armed forces are ready to defend every border of the country."),
    ("de", "Die Regierung hat heute den Haushalt für die Armee beschlossen."),
    ("ru", "Президент провёл переговоры с министром обороны о бюджете."),
    ("es", "La policía cerró la carretera y los rescatistas buscan a dos desaparecidos."),
    ("it", "Abbiamo chiesto al governo lo stato di emergenza per la provincia."),
    ("uk", "Рятувальники врятували дітей з затопленої школи в селі."),
    ("en", "The ceasefire talks in Geneva collapsed after only two days."),
    ("fr", "Le gouvernement annoncera de nouvelles mesures contre l'inflation."),
]


def _pairs_within():
    for group in STATEMENTS:
        yield from itertools.combinations(group.items(), 2)


@pytest.mark.parametrize(("a", "b"), list(_pairs_within()))
def test_translations_match(a, b):
    score = quote_similarity(quote_key(a[1], a[0]), quote_key(b[1], b[0]))
    assert score >= settings.QUOTE_MATCH_THRESHOLD, (a[0], b[0], score)


def _pairs_across():
    statements = [(lang, text) for group in STATEMENTS for lang, text in group.items()]
    yield from itertools.product(statements, UNRELATED)
    for g1, g2 in itertools.combinations(STATEMENTS, 2):
        yield from itertools.product(g1.items(), g2.items())


@pytest.mark.parametrize(("a", "b"), list(_pairs_across()))
def test_unrelated_quotes_do_not_match(a, b):
    score = quote_similarity(quote_key(a[1], a[0]), quote_key(b[1], b[0]))
    assert score < settings.QUOTE_MATCH_THRESHOLD, (a[0], b[0], score)


def test_same_language_near_duplicate_scores_high():
    a = quote_key("We will never accept the annexation of our territory.", "en")
    b = quote_key("we will never accept the annexation of our territory", "en")
    assert quote_similarity(a, b) > 0.9


def test_short_quotes_score_zero():
    a = quote_key("new era", "en")
    b = quote_key("neue Ära", "de")
    assert quote_similarity(a, b) == 0.0


def test_similarity_is_symmetric_and_bounded():
    a = quote_key("The talks will continue in Berlin next week.", "en")
    b = quote_key("Die Gespräche werden nächste Woche in Berlin fortgesetzt.", "de")
    assert quote_similarity(a, b) == pytest.approx(quote_similarity(b, a))
    assert 0.0 <= quote_similarity(a, b) <= 1.0


# Greek and Turkish renderings, and a same-topic statement that must stay apart.
GREEK_TURKISH = {
    "en": "Fuel prices will stay high this winter despite the new measures in Greece.",
    "el": "Οι τιμές των καυσίμων θα παραμείνουν υψηλές αυτόν τον χειμώνα παρά τα νέα μέτρα "
          "στην Ελλάδα.",
    "tr": "Yakıt fiyatları yeni önlemlere rağmen bu kış Yunanistan'da yüksek kalacak.",
}


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(GREEK_TURKISH, 2)))
def test_greek_and_turkish_translations_match(a, b):
    score = quote_similarity(quote_key(GREEK_TURKISH[a], a), quote_key(GREEK_TURKISH[b], b))
    assert score >= settings.QUOTE_MATCH_THRESHOLD, score


def test_turkish_dotted_capital_i_folds():
    with_capital = quote_key("İngiltere ve İspanya anlaştı.", "tr")
    assert "c:britain" in with_capital.features


def test_same_topic_other_statement_in_turkish_stays_apart():
    other = "Hükümet gelecek yıl vergi artışı planlamıyor, dedi bakan."
    score = quote_similarity(quote_key(GREEK_TURKISH["en"], "en"), quote_key(other, "tr"))
    assert score < settings.QUOTE_MATCH_THRESHOLD, score


# Arabic writes conjunctions, prepositions and the article onto the word; Chinese has no spaces.
ARABIC_CHINESE = {
    "en": "The government said the floods destroyed homes and bridges in the city, and the army "
          "began the evacuation of the children.",
    "ar": "قالت الحكومة إن الفيضانات دمرت المنازل والجسور في المدينة، وبدأ الجيش بإجلاء الأطفال.",
    "zh": "政府表示，洪水摧毁了城市里的房屋和桥梁，军队开始疏散儿童。",
}
ARABIC_CHINESE_CONCEPTS = {"c:government", "c:flood", "c:city", "c:military", "c:children"}


@pytest.mark.parametrize("language", ["ar", "zh"])
def test_arabic_and_chinese_words_find_their_concepts(language):
    features = quote_key(ARABIC_CHINESE[language], language).features
    assert ARABIC_CHINESE_CONCEPTS <= features, ARABIC_CHINESE_CONCEPTS - features


@pytest.mark.parametrize("language", ["ar", "zh"])
def test_arabic_and_chinese_translations_match_english(language):
    english = quote_key(ARABIC_CHINESE["en"], "en")
    other = quote_key(ARABIC_CHINESE[language], language)
    assert len(english.features & other.features) >= 6, english.features & other.features
    assert quote_similarity(english, other) >= settings.QUOTE_MATCH_THRESHOLD


def test_arabic_proclitics_are_stripped():
    # و+ال, ب+ال, ل+ل and a bare ب before the word; each word has a concept of its own.
    features = quote_key("والحكومة بالحرب للاجئين بمدينة", "ar").features
    assert {"c:government", "c:war", "c:refugees", "c:city"} <= features, features


def test_arabic_word_that_begins_with_a_clitic_letter_keeps_its_reading():
    # وزير is "minister", not و + زير; بنك is "bank", not ب + نك.
    assert quote_key("وزير", "ar").features == {"c:minister"}
    assert quote_key("بنك", "ar").features == {"c:bank"}


def test_arabic_vowel_marks_and_letter_variants_fold():
    bare = quote_key("اعلنت الحكومه عن مستشفي جديد", "ar").features
    marked = quote_key("أَعْلَنَتِ الحُكومةُ عن مُستشفى جديـــد", "ar").features
    assert {"c:declare", "c:government", "c:hospital", "c:new"} <= bare, bare
    assert marked == bare


def test_arabic_clitic_is_not_stripped_down_to_a_fragment():
    # ب + عد would leave two letters: "بعد" (after) is no concept.
    assert not quote_key("بعد", "ar").features


def test_chinese_takes_the_longest_word_first():
    # 联合国 (United Nations) must not be read as 联合 + 国.
    assert quote_key("联合国", "zh").features == {"c:united_nations"}
    assert "c:nuclear" in quote_key("伊朗核计划谈判", "zh").features


def test_latin_name_inside_chinese_text_is_still_a_name():
    features = quote_key("特朗普会见了Macron总统", "zh").features
    assert "c:president" in features
    assert any(f.startswith("e:") for f in features), features
