"""Where a described speaker ends: an adverb or a relative pronoun after the subject is no part
of who spoke ("the editorial board recently wrote", "said Trump, who …")."""

from __future__ import annotations

from newsweave.quotes import find_quotes
from newsweave.quotes.find import is_direct


def _speakers(text: str, language: str) -> list[str]:
    return [q.speaker for q in find_quotes(text, language, []) if is_direct(q)]


def test_an_adverb_after_a_description_ends_it():
    text = (
        "“Obsequious pandering to the front-runner belies the senator’s claims,” the editorial "
        "board recently wrote in a column on the primary."
    )
    assert _speakers(text, "en") == ["the editorial board"]


def test_an_adverb_before_the_verb_that_opens_a_frame_is_no_speaker():
    text = (
        "Famed fight doctor Ferdie Pacheco once said: “He was the fastest heavyweight I ever saw "
        "in a ring.”"
    )
    assert _speakers(text, "en") == ["Famed fight doctor Ferdie Pacheco"]
