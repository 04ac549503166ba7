"""Chinese quotations: no spaces between words, full-width punctuation, the next sentence
right after the stop."""

from __future__ import annotations

from newsweave.model import Mention
from newsweave.quotes import find_quotes

ZHAO = "PER-zhao-lijian"
LI = "PER-li-keqiang"


def mentions_of(text: str, names: dict[str, str]) -> list[Mention]:
    found = []
    for surface, entity_id in names.items():
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            found.append(Mention(surface, start, end, "PER", surface, entity_id, surface))
            start = text.find(surface, end)
    return sorted(found, key=lambda m: m.start)


def test_a_statement_after_a_colon_and_one_before_its_verb():
    text = (
        "外交部发言人赵立坚4日在例行记者会上表示，中方愿同各方加强合作。"
        "他说：“我们将继续向有需要的国家提供援助。”\n\n"
        "“疫情正在得到控制，”李克强说。"
    )
    quotes = find_quotes(text, "zh", mentions_of(text, {"赵立坚": ZHAO, "李克强": LI}))
    direct = [q for q in quotes if q.kind == "direct"]
    assert [text[q.start : q.end].rstrip("。") for q in direct] == [
        "我们将继续向有需要的国家提供援助",
        "疫情正在得到控制",
    ]
    assert [q.speaker_id for q in direct] == [ZHAO, LI]


def test_a_word_inside_a_longer_word_frames_nothing_without_marks():
    # "说明" (explain) holds 说 (say): with no quotation marks there is no direct quotation.
    text = "报告说明了事故的原因。"
    assert not [q for q in find_quotes(text, "zh", []) if q.kind == "direct"]


def test_a_closing_mark_between_two_characters_closes():
    # "called him “creepy” and “pervert”": Chinese writes no space after a closing mark, so
    # the two words in marks are two quotations, not one running from the first mark to the
    # last.
    text = "一名男子在集会上打断了他的讲话，大喊“不要碰孩子”和“你这个变态”。"
    spans = [text[q.start : q.end] for q in find_quotes(text, "zh", [])]
    assert "不要碰孩子”和“你这个变态" not in spans
    assert "不要碰孩子" in spans
