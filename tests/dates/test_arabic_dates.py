"""find_dates on Arabic news sentences written for these tests."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.dates import find_dates

TUESDAY = date(2020, 2, 25)  # the publication date every sentence is read against


def readings(text: str, reference: date = TUESDAY) -> list[tuple[str, date | None, str]]:
    return [(ref.expression, ref.date, ref.kind) for ref in find_dates(text, "ar", reference)]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("وقال وزير الخارجية يوم الأحد إن المحادثات ستستأنف.", "يوم الأحد", date(2020, 2, 23)),
        ("اجتمع مجلس الوزراء الخميس لمناقشة الموازنة.", "الخميس", date(2020, 2, 20)),
        ("وصل الوفد إلى بغداد مساء السبت.", "مساء السبت", date(2020, 2, 22)),
        ("عقد البرلمان جلسته يوم الإثنين الماضي.", "يوم الإثنين الماضي", date(2020, 2, 24)),
        ("خرج آلاف المحتجين إلى الشوارع الجمعة الماضية.", "الجمعة الماضية", date(2020, 2, 21)),
        ("يلتقي الرئيسان الخميس المقبل في عمّان.", "الخميس المقبل", date(2020, 2, 27)),
    ],
)
def test_weekday_names_with_article_and_modifier_after(text, expression, expected):
    assert readings(text) == [(expression, expected, "weekday")]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("أعلنت وزارة الصحة أمس تسجيل ثلاث إصابات جديدة.", "أمس", date(2020, 2, 24)),
        ("وأمس، استقبل الملك وفداً من رجال الأعمال.", "أمس", date(2020, 2, 24)),
        ("بالأمس خرج المتظاهرون إلى ساحة التحرير.", "بالأمس", date(2020, 2, 24)),
        ("وصلت طائرة المساعدات إلى المطار مساء أمس.", "مساء أمس", date(2020, 2, 24)),
        ("افتتح الرئيس المعرض صباح اليوم في الرياض.", "صباح اليوم", date(2020, 2, 25)),
        ("تنطلق القمة العربية غداً في تونس.", "غداً", date(2020, 2, 26)),
        ("وقع الانفجار أول أمس قرب الميناء.", "أول أمس", date(2020, 2, 23)),
        ("يصوّت المجلس على القانون بعد غد.", "بعد غد", date(2020, 2, 27)),
        (
            "ارتفعت أسعار النفط الأسبوع الماضي بنسبة خمسة في المئة.",
            "الأسبوع الماضي",
            date(2020, 2, 18),
        ),
        ("والأسبوع الماضي، أغلقت السلطات المدارس.", "الأسبوع الماضي", date(2020, 2, 18)),
        ("تجرى الانتخابات البلدية الشهر المقبل.", "الشهر المقبل", date(2020, 3, 1)),
        ("تراجع النمو الاقتصادي العام الماضي.", "العام الماضي", date(2019, 1, 1)),
        ("سجلت الصادرات رقماً قياسياً في السنة الماضية.", "السنة الماضية", date(2019, 1, 1)),
        ("تتوقع الحكومة عجزاً أقل هذا العام.", "هذا العام", date(2020, 1, 1)),
        ("تنتهي المهلة في نهاية الشهر الجاري.", "الشهر الجاري", date(2020, 2, 1)),
        ("تبدأ أعمال الترميم الصيف المقبل.", "الصيف المقبل", date(2020, 6, 1)),
        (
            "شهدت عطلة نهاية الأسبوع الماضية احتجاجات.",
            "عطلة نهاية الأسبوع الماضية",
            date(2020, 2, 22),
        ),
    ],
)
def test_relative_days_and_units(text, expression, expected):
    assert readings(text) == [(expression, expected, "relative")]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("بدأ إضراب المعلمين منذ ثلاثة أيام.", "منذ ثلاثة أيام", date(2020, 2, 22)),
        ("انهار المبنى قبل يومين في حي الشجاعية.", "قبل يومين", date(2020, 2, 23)),
        ("وقع الهجوم قبل أسبوع على الحدود.", "قبل أسبوع", date(2020, 2, 18)),
        ("اعتقلت الشرطة المشتبه به قبل 10 أيام.", "قبل 10 أيام", date(2020, 2, 15)),
        ("يعتصم العمال أمام المصنع منذ 15 يوماً.", "منذ 15 يوماً", date(2020, 2, 10)),
        ("اندلعت الحرب قبل عامين.", "قبل عامين", date(2018, 2, 25)),
        ("تعلن النتائج النهائية بعد أسبوعين.", "بعد أسبوعين", date(2020, 3, 10)),
        ("يصدر الحكم خلال ثلاثة أيام.", "خلال ثلاثة أيام", date(2020, 2, 28)),
    ],
)
def test_counts_ago_and_ahead(text, expression, expected):
    assert readings(text) == [(expression, expected, "relative")]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("وقعت الاتفاقية في 19 فبراير 2020 في جنيف.", "19 فبراير 2020", date(2020, 2, 19)),
        ("أقر البرلمان الموازنة في 3 آذار 2020.", "3 آذار 2020", date(2020, 3, 3)),
        ("صدر المرسوم في 12 كانون الأول 2019.", "12 كانون الأول 2019", date(2019, 12, 12)),
        ("وقعت الاتفاقية في ١٩ فبراير ٢٠٢٠ في جنيف.", "١٩ فبراير ٢٠٢٠", date(2020, 2, 19)),
        (
            "اندلعت الاحتجاجات في 17 تشرين الأول/أكتوبر 2019.",
            "17 تشرين الأول/أكتوبر 2019",
            date(2019, 10, 17),
        ),
        ("تأسس الحزب في 5 أبريل من عام 2011.", "5 أبريل من عام 2011", date(2011, 4, 5)),
        ("انطلق الحراك في 22 فيفري 2019 في الجزائر.", "22 فيفري 2019", date(2019, 2, 22)),
        ("الخميس، 20 فبراير 2020", "الخميس، 20 فبراير 2020", date(2020, 2, 20)),
        ("نشر التقرير بتاريخ 19/2/2020.", "19/2/2020", date(2020, 2, 19)),
    ],
)
def test_absolute_dates_in_every_month_naming(text, expression, expected):
    assert readings(text) == [(expression, expected, "absolute")]


@pytest.mark.parametrize(
    ("text", "expression", "expected"),
    [
        ("أغلق المصنع أبوابه في مارس 2019.", "مارس 2019", date(2019, 3, 1)),
        ("بدأت الأزمة في تشرين الأول.", "تشرين الأول", date(2019, 10, 1)),
        ("وفي تموز تراجعت الصادرات.", "تموز", date(2019, 7, 1)),
    ],
)
def test_month_names_after_a_context_word(text, expression, expected):
    assert readings(text) == [(expression, expected, "month")]


def test_a_unit_before_a_year_names_the_year_not_a_span():
    assert readings("يعيش في المدينة منذ عام 2011.") == []


def test_a_unit_before_a_month_name_names_the_month():
    assert readings("يعيش اللاجئون في المخيم منذ شهر أيار.", date(2020, 9, 1)) == [
        ("أيار", date(2020, 5, 1), "month")
    ]


def test_the_verb_maras_is_not_march():
    assert readings("الوزير الذي مارس الضغط على النواب استقال.") == []


def test_arabic_indic_offsets_point_into_the_text():
    text = "وأمس، وفي ١٩ فبراير ٢٠٢٠، اجتمع المجلس."
    refs = find_dates(text, "ar", TUESDAY)
    assert [ref.expression for ref in refs] == ["أمس", "١٩ فبراير ٢٠٢٠"]
    for ref in refs:
        assert text[ref.start : ref.end] == ref.expression


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="وفبالأمسيوغدعنذقثلة ٠١٢٣٤٥٦٧٨٩0123456789/،", max_size=200),
    st.one_of(st.none(), st.dates()),
)
def test_arabic_text_never_crashes(text, reference):
    for ref in find_dates(text, "ar", reference):
        assert 0 <= ref.start < ref.end <= len(text)
        assert text[ref.start : ref.end] == ref.expression
