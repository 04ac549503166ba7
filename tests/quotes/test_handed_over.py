"""A quotation without a cue of its own goes on with the last speaker, unless a sentence between
the two makes a new person the subject or the source: then the words are that person's."""

from __future__ import annotations

from newsweave.model import Mention
from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


def _person(text: str, name: str, surface: str | None = None) -> Mention:
    surface = surface or name
    start = text.index(surface)
    return Mention(surface, start, start + len(surface), "PER", name, name.casefold(), name)


def _speakers(text: str, language: str, mentions: list[Mention]) -> list[str]:
    return [q.speaker_name for q in find_quotes(text, language, mentions) if is_direct(q)]


def test_a_german_according_phrase_hands_the_next_quotation_to_its_source():
    text = (
        "„Das Urteil trifft die Belegschaft hart“, sagte Finanzminister Hartmut Möllring. Nach "
        "Ansicht von Ministerpräsident Christian Wulff ist damit aber noch nichts entschieden. "
        "„Es ist nur eine gutachterliche Stellungnahme, der Gerichtshof ist oft davon abgewichen.“"
    )
    mentions = [_person(text, "Hartmut Möllring"), _person(text, "Christian Wulff")]
    assert _speakers(text, "de", mentions) == ["Hartmut Möllring", "Christian Wulff"]


def test_an_english_sentence_opened_by_a_new_person_hands_the_quotation_over():
    text = (
        "“The bridge will be finished by the spring,” said Tom Baxter, the contractor. Governor "
        "Ann Lowe called the schedule a fantasy on Tuesday. “We cannot keep paying for promises "
        "that nobody in this state believes any more.”"
    )
    mentions = [_person(text, "Tom Baxter"), _person(text, "Ann Lowe")]
    assert _speakers(text, "en", mentions) == ["Tom Baxter", "Ann Lowe"]


def test_the_last_speaker_keeps_a_quotation_when_nobody_new_speaks_between():
    text = (
        "“The bridge will be finished by the spring,” said Tom Baxter, the contractor. The "
        "schedule has slipped twice since the work began. “We have learned from every delay and "
        "the crews now work in two shifts.”"
    )
    mentions = [_person(text, "Tom Baxter")]
    assert _speakers(text, "en", mentions) == ["Tom Baxter", "Tom Baxter"]
