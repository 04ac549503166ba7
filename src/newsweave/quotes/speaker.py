"""Who said it: the name next to the reporting verb, else the person a pronoun or role points to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave import settings
from newsweave.model import Mention
from newsweave.quotes.lexicon import AttributionLexicon

SPEAKER_TYPES = ("PER", "ORG")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: the surface naming them, the entity, and how sure we are."""

    surface: str
    entity_id: str
    name: str
    confidence: float


NOBODY = Speaker("", "", "", settings.QUOTE_CONFIDENCE_UNRESOLVED)


def _tokens_between(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end])) if end > start else 0


def _outside(mention: Mention, quotes: list[tuple[int, int]]) -> bool:
    # A name inside a quotation is talked about, not talking.
    return not any(s <= mention.start and mention.end <= e for s, e in quotes)


def named_speaker(
    text: str,
    verb: tuple[int, int],
    clause: tuple[int, int],
    mentions: list[Mention],
    quotes: list[tuple[int, int]],
    strict: bool = False,
) -> Speaker | None:
    """A PER/ORG mention in the verb's clause, nearest the verb (people before organisations).

    ``strict`` wants nothing but words between name and verb; otherwise commas may intervene
    ("declared the region's president, Alberto Cirio").
    """
    best: tuple[int, int, Mention] | None = None
    for m in mentions:
        if m.type not in SPEAKER_TYPES or m.start < clause[0] or m.end > clause[1]:
            continue
        if not _outside(m, quotes):
            continue
        gap = verb[0] - m.end if m.end <= verb[0] else m.start - verb[1]
        if gap < 0 or gap > settings.QUOTE_SPEAKER_GAP:
            continue
        # A sentence end between name and verb means the name belongs elsewhere.
        between = text[min(m.end, verb[1]) : max(m.start, verb[0])]
        if re.search(r"[.!?]\s", between) or any(ch in between for ch in "“”«»„\"\n"):
            continue
        if strict and any(ch in between for ch in ",;:()—–"):
            continue
        rank = (0 if m.type == "PER" else 1, gap)
        if best is None or rank < best[:2]:
            best = (rank[0], rank[1], m)
    if best is None:
        return None
    m = best[2]
    return Speaker(m.text, m.entity_id, m.canonical or m.text, settings.QUOTE_CONFIDENCE_NAMED)


def _near(text: str, verb: tuple[int, int], span: tuple[int, int], clause: tuple[int, int]) -> bool:
    if span[0] < clause[0] or span[1] > clause[1]:
        return False
    if span[1] <= verb[0]:
        return _tokens_between(text, span[1], verb[0]) <= settings.QUOTE_PRONOUN_GAP_TOKENS
    if span[0] >= verb[1]:
        return _tokens_between(text, verb[1], span[0]) <= settings.QUOTE_PRONOUN_GAP_TOKENS
    return True


def _role_phrase(segment: str, match: re.Match[str], floor: int = 0) -> str:
    # Keep up to two words before the role noun: "the Chinese leader", "китайският лидер".
    start = match.start()
    head = segment[max(floor, start - 40) : start]
    words = re.findall(r"[\w'’-]+\s*$|[\w'’-]+\s+", head)
    lead = "".join(words[-2:]) if words else ""
    return (lead + match.group(0)).strip()


def previous_person(
    mentions: list[Mention],
    before: int,
    quotes: list[tuple[int, int]],
    text: str = "",
    cue: str = "",
) -> Mention | None:
    """The latest PER mention before ``before``; with a role cue, the latest that fits it."""
    candidates = [
        m
        for m in mentions
        if m.type == "PER"
        and m.end <= before
        and before - m.end <= settings.QUOTE_ANTECEDENT_CHARS
        and m.entity_id
        and _outside(m, quotes)
    ]
    if not candidates:
        candidates = [
            m for m in mentions if m.type == "PER" and m.end <= before and _outside(m, quotes)
        ][-1:]
    if not candidates:
        return None
    candidates.sort(key=lambda m: m.end)
    # A one-word name never seen in full is often a mistyped place or adjective ("Китаем");
    # a person known by a full name is the likelier antecedent.
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
    strong = [m for m in candidates if " " in (m.canonical or m.text) or counts[m.entity_id] > 1]
    candidates = strong or candidates
    if cue and text:
        # A role stands in apposition: "Chancellor Olaf Scholz", "Scholz, the chancellor".
        window = settings.QUOTE_ROLE_CONTEXT_CHARS
        every = [m for m in mentions if m.type == "PER" and m.end <= before and _outside(m, quotes)]
        for m in reversed(every):
            context = text[max(0, m.start - window) : m.start] + text[m.end : m.end + window]
            if cue in context.casefold():
                return m
    return candidates[-1]


def _pronoun(
    surface: str, mentions: list[Mention], anchor: int, quotes: list[tuple[int, int]]
) -> Speaker:
    person = previous_person(mentions, anchor, quotes)
    if person:
        return Speaker(
            surface, person.entity_id, person.canonical or person.text,
            settings.QUOTE_CONFIDENCE_PRONOUN,
        )
    return Speaker(surface, "", "", settings.QUOTE_CONFIDENCE_UNRESOLVED)


def resolve_speaker(
    text: str,
    verb: tuple[int, int],
    clause: tuple[int, int],
    anchor: int,
    mentions: list[Mention],
    quotes: list[tuple[int, int]],
    lexicon: AttributionLexicon,
    carried: Speaker | None = None,
) -> Speaker:
    """The speaker of a verb: a name beside it, else a pronoun, role noun or dropped subject.

    ``carried`` is the speaker of the quotation just before, the subject a dropped one refers to.
    """
    named = named_speaker(text, verb, clause, mentions, quotes, strict=True)
    if named:
        return named
    segment = text[clause[0] : clause[1]]
    for match in lexicon.pronouns.finditer(segment):
        span = (clause[0] + match.start(), clause[0] + match.end())
        gap = text[span[1] : verb[0]] if span[1] <= verb[0] else text[verb[1] : span[0]]
        if not gap.strip():  # "he said", "заяви той": the pronoun touches the verb
            return _pronoun(match.group(0), mentions, anchor, quotes)
    named = named_speaker(text, verb, clause, mentions, quotes)
    if named:
        return named
    for match in lexicon.roles.finditer(segment):
        span = (clause[0] + match.start(), clause[0] + match.end())
        if _near(text, verb, span, clause):
            # The role's own stem, as written, is the cue looked for around earlier names.
            cue = match.group(0).casefold()[:6]
            person = previous_person(mentions, anchor, quotes, text, cue)
            surface = _role_phrase(segment, match, max(0, verb[1] - clause[0]) if
                                   span[0] >= verb[1] else 0)
            if person:
                return Speaker(
                    surface, person.entity_id, person.canonical or person.text,
                    settings.QUOTE_CONFIDENCE_ROLE,
                )
            return Speaker(surface, "", "", settings.QUOTE_CONFIDENCE_UNRESOLVED)
    for match in lexicon.pronouns.finditer(segment):
        span = (clause[0] + match.start(), clause[0] + match.end())
        if _near(text, verb, span, clause):
            return _pronoun(match.group(0), mentions, anchor, quotes)
    if carried is not None and carried.entity_id:
        return Speaker(
            text[verb[0] : verb[1]], carried.entity_id, carried.name,
            settings.QUOTE_CONFIDENCE_DROPPED,
        )
    person = previous_person(mentions, anchor, quotes)
    if person:
        return Speaker(
            text[verb[0] : verb[1]], person.entity_id, person.canonical or person.text,
            settings.QUOTE_CONFIDENCE_DROPPED,
        )
    return NOBODY
