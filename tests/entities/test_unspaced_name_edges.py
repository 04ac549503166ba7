"""Chinese names the model runs into a pronoun before them or a day after them. Sentences
written for the test."""

from __future__ import annotations

from newsweave.entities import find_mentions
from newsweave.entities.gazetteer import default_gazetteer
from newsweave.entities.recognise import (
    dotted_names_joined,
    surnames_alone,
    unspaced_names_trimmed,
)
from newsweave.model import Mention


def test_a_pronoun_and_a_verb_are_no_name() -> None:
    text = "据他介绍，该国目前正面临诸多挑战。"
    spans = unspaced_names_trimmed(text, [(1, 4, "PER")], default_gazetteer())
    assert spans == []


def test_a_weekday_after_a_name_is_not_part_of_it() -> None:
    text = "州长阿达姆周三在拉菲亚发表声明。"
    start = text.index("阿达姆")
    spans = unspaced_names_trimmed(text, [(start, start + 5, "PER")], default_gazetteer())
    assert [text[s:e] for s, e, _ in spans] == ["阿达姆"]


def test_names_in_spaced_scripts_are_left_as_found() -> None:
    text = "Er sagte am Montag"
    assert unspaced_names_trimmed(text, [(0, 2, "PER")], default_gazetteer()) == [(0, 2, "PER")]


def test_the_recogniser_gives_no_pronoun_person() -> None:
    text = (
        "参议员阿卜杜拉希·阿达穆周三表示，总统需要人民的祈祷。据他介绍，该国正面临社会和经济挑战。"
        "州长阿达姆周三在拉菲亚发表了声明。"
    )
    people = [m.text for m in find_mentions(text, "zh") if m.type == "PER"]
    assert not any(name.startswith(("他", "她")) for name in people)
    assert not any(name.endswith("周三") for name in people)


def test_a_foreign_name_joined_by_a_middle_dot_is_one_person() -> None:
    """Parts meet inside one name ("埃马纽埃" + "尔·马克龙"), "米兰|达" lost its last
    character; "雷切尔·齐格勒扮" ran on into the verb."""
    gazetteer = default_gazetteer()
    text = "法国总统埃马纽埃尔·马克龙周二表示"
    start = text.index("埃")
    cut = text.index("尔·")
    end = text.index("周")
    spans = dotted_names_joined(text, [(start, cut, "LOC"), (cut, end, "PER")], gazetteer)
    assert [(text[s:e], t) for s, e, t in spans] == [("埃马纽埃尔·马克龙", "PER")]
    text = "她和林-曼努埃尔·米兰达之前合作过。"
    spans = dotted_names_joined(text, [(2, text.index("达"), "PER")], gazetteer)
    assert [text[s:e] for s, e, _ in spans] == ["林-曼努埃尔·米兰达"]
    text = "学生发现雷切尔·齐格勒扮演玛丽亚。"
    spans = dotted_names_joined(text, [(4, text.index("演"), "PER")], gazetteer)
    assert [text[s:e] for s, e, _ in spans] == ["雷切尔·齐格勒"]


def test_a_title_before_a_dotted_name_is_not_joined_to_it() -> None:
    gazetteer = default_gazetteer()
    text = "洛杉矶警察局长史蒂文·特拉斯克在发布会上说。"
    title = (text.index("警"), text.index("史"), "ORG")
    name = (text.index("史"), text.index("在"), "PER")
    assert dotted_names_joined(text, [title, name], gazetteer) == [title, name]


def test_a_surname_alone_after_the_full_name_is_found_without_capitals() -> None:
    """Arabic shows no capital: "شولتس" after "أولاف شولتس" is the same person all the same;
    so is "朔尔茨" after "奥拉夫·朔尔茨" in Chinese, which shows no word edge either."""
    arabic = "التقى المستشار أولاف شولتس الوزراء يوم الثلاثاء. من جهته، أكد شولتس أن المشروع مهم."
    start = arabic.index("أولاف شولتس")
    full = Mention("أولاف شولتس", start, start + len("أولاف شولتس"), "PER", "أولاف شولتس")
    found = surnames_alone([full], arabic, lambda s, e: arabic[s:e])
    assert [(m.text, m.start) for m in found] == [("شولتس", arabic.rindex("شولتس"))]
    # a short caseless word is a common word as often as a name: عون is also "help"
    aoun = "قال الرئيس ميشال عون إن البلاد تحتاج إلى عون دولي."
    start = aoun.index("ميشال عون")
    full = Mention("ميشال عون", start, start + len("ميشال عون"), "PER", "ميشال عون")
    assert surnames_alone([full], aoun, lambda s, e: aoun[s:e]) == []
    chinese = "德国总理奥拉夫·朔尔茨周二在柏林会谈。会后朔尔茨对记者表示满意。"
    start = chinese.index("奥拉夫")
    full = Mention("奥拉夫·朔尔茨", start, start + len("奥拉夫·朔尔茨"), "PER", "奥拉夫·朔尔茨")
    found = surnames_alone([full], chinese, lambda s, e: chinese[s:e])
    assert [(m.text, m.start) for m in found] == [("朔尔茨", chinese.rindex("朔尔茨"))]
