"""Chinese names the model runs into a pronoun before them or a day after them. Sentences
written for the test."""

from __future__ import annotations

from newsweave.entities import find_mentions
from newsweave.entities.gazetteer import default_gazetteer
from newsweave.entities.recognise import unspaced_names_trimmed


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
