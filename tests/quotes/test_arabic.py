"""Arabic quotations: the verb opens the sentence and glues "and" (و) to itself, the subject
follows it, and the script has no capitals to show a name."""

from __future__ import annotations

from newsweave.model import Mention
from newsweave.quotes import find_quotes

AOUN = "PER-michel-aoun"


def mentions_of(text: str, names: dict[str, tuple[str, str]]) -> list[Mention]:
    found = []
    for surface, (kind, entity_id) in names.items():
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            found.append(Mention(surface, start, end, kind, surface, entity_id, surface))
            start = text.find(surface, end)
    return sorted(found, key=lambda m: m.start)


def quotes_in(text: str, names: dict[str, tuple[str, str]]):
    return find_quotes(text, "ar", mentions_of(text, names))


def test_the_subject_after_a_verb_with_its_conjunction_speaks():
    text = (
        "بيروت - التقى الرئيس اللبناني ميشال عون وفدا دبلوماسيا يوم الثلاثاء.\n\n"
        'وأضاف عون في كلمة أمام الوفد: "لبنان تحمل عبئا كبيرا من النزوح ولا يستطيع '
        'الاستمرار وحده".'
    )
    (quote,) = quotes_in(text, {"ميشال عون": ("PER", AOUN), "عون": ("PER", AOUN)})
    assert text[quote.start : quote.end].startswith("لبنان تحمل عبئا")
    assert quote.speaker_id == AOUN
    assert quote.kind == "direct"


def test_a_quotation_before_its_verb_in_guillemets():
    text = (
        "أعلنت وزارة الصحة عن خطة جديدة لمواجهة الوباء.\n\n"
        "«سنفتح عشرة مستشفيات ميدانية خلال شهر»، قال وزير الصحة خالد عبد الغفار."
    )
    minister = "PER-khaled-abdel-ghaffar"
    (quote,) = quotes_in(text, {"خالد عبد الغفار": ("PER", minister)})
    assert text[quote.start : quote.end] == "سنفتح عشرة مستشفيات ميدانية خلال شهر"
    assert quote.speaker_id == minister


def test_a_spokeswoman_for_a_body_is_not_the_last_person_named():
    # "the spokeswoman for the World Bank": the body she speaks for, not the president named
    # a paragraph before, whose role is another.
    text = (
        "قال الرئيس اللبناني ميشال عون إن الحرب في سوريا من أسباب الأزمة.\n\n"
        '"الوضع صعب لكنه ليس ميؤوسا منه"، قالت المتحدثة باسم البنك الدولي.'
    )
    names = {"ميشال عون": ("PER", AOUN), "البنك الدولي": ("ORG", "ORG-world-bank")}
    quote = next(q for q in quotes_in(text, names) if q.kind == "direct")
    assert quote.speaker_id != AOUN
    assert "البنك الدولي" in quote.speaker


def test_said_that_is_reported_speech():
    text = "قال الرئيس اللبناني ميشال عون يوم الثلاثاء إن الحرب في سوريا أحد أسباب الأزمة."
    quotes = quotes_in(text, {"ميشال عون": ("PER", AOUN)})
    assert [q.kind for q in quotes] == ["indirect"]
    assert quotes[0].speaker_id == AOUN


def test_the_name_after_a_role_and_its_body_speaks_not_the_body():
    """ "قال رئيس منظمة الصحة العالمية تيدروس أدهانوم غيبريسوس إن …": the organisation is whose
    head he is; the name the finder missed after it is the speaker's."""
    text = (
        "جنيف - قال رئيس منظمة الصحة العالمية تيدروس أدهانوم غيبريسوس إن انتشار المرض "
        '"يمكن وقفه إذا تحركت الدول بسرعة" في الأسابيع المقبلة.'
    )
    (quote,) = quotes_in(text, {"منظمة الصحة العالمية": ("ORG", "ORG-who")})
    assert quote.speaker_name == "تيدروس أدهانوم غيبريسوس"
    assert quote.speaker_id == ""


def test_a_role_and_its_body_with_no_holder_named_give_the_body():
    text = 'قال مدير منظمة الصحة العالمية إن الوضع "خطير جدا ويتطلب تحركا عاجلا".'
    (quote,) = quotes_in(text, {"منظمة الصحة العالمية": ("ORG", "ORG-who")})
    assert quote.speaker_id == "ORG-who"
    assert quote.speaker.startswith("مدير")
