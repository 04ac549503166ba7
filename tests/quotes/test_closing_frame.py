"""A frame the writer closed with a stop after the quotation ("“….” Graham said.") still frames
it; a longer sentence after a quotation that ended its own is the next sentence."""

from __future__ import annotations

from newsweave.model import Mention
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


def _graham(text: str) -> list[Mention]:
    start = text.index("Graham")
    return [
        Mention(
            "Graham", start, start + 6, "PER", "Lindsey Graham", "lindsey graham", "Lindsey Graham"
        )
    ]


def test_a_subject_and_verb_after_a_stop_frame_the_quotation_before():
    text = (
        "The senator drew boos on Wednesday with a remark about the missing files.\n\n"
        "“I hope the inspectors find every one of the emails that went missing.” Graham said."
    )
    quotes = [q for q in find_quotes(text, "en", _graham(text)) if is_direct(q)]
    assert [(q.speaker_name, q.verb) for q in quotes] == [("Lindsey Graham", "said")]


def test_a_longer_sentence_after_the_stop_is_not_the_quotations_frame():
    text = (
        "The senator drew boos on Wednesday with a remark about the missing files.\n\n"
        "“I hope the inspectors find every one of the emails that went missing.” Graham later "
        "told donors in Ohio that the remark had been a joke and said."
    )
    quotes = [q for q in find_quotes(text, "en", _graham(text)) if is_direct(q)]
    assert all(q.verb == "" for q in quotes)
