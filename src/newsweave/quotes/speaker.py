"""Who said it: the name next to the reporting verb, else the person a pronoun or role points to."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsweave import settings
from newsweave.model import Mention
from newsweave.quotes.lexicon import AttributionLexicon

_WORD = re.compile(r"\w+", re.UNICODE)
# Who may speak, best first: people, then names the entity stage could not type, then bodies.
SPEAKER_RANK = {"PER": 0, "": 1, "ORG": 2}


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: the surface naming them, the entity, and how sure we are."""

    surface: str
    entity_id: str
    name: str
    confidence: float
    at: int = -1  # where the quotation that named this speaker ends, for carried speakers


NOBODY = Speaker("", "", "", settings.QUOTE_CONFIDENCE_UNRESOLVED)


@lru_cache(maxsize=1)
def _curated_roles() -> dict[str, str]:
    """Entity id -> its curated role phrases ("chancellor of germany …"), for role nouns."""
    path = resources.files("newsweave.data").joinpath("entities.json")
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    entities = data.get("entities", []) if isinstance(data, dict) else data
    return {
        e["id"]: " ".join(e.get("roles", [])).casefold()
        for e in entities
        if isinstance(e, dict) and "id" in e and e.get("roles")
    }


def _tokens_between(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end])) if end > start else 0


def _outside(mention: Mention, quotes: list[tuple[int, int]]) -> bool:
    # A name inside a quotation is talked about, not talking.
    return not any(s <= mention.start and mention.end <= e for s, e in quotes)


def _inflected(mention: Mention) -> bool:
    # Away from its base form a name is in an oblique case: whom or whose, rarely who.
    return bool(mention.lemma) and mention.lemma.casefold() != mention.text.casefold()


def _after_preposition(mention: Mention, text: str, lexicon: AttributionLexicon | None) -> bool:
    # "in Piedmont", "на Downing Street", "с Джонсоном": a place or a partner, never the speaker.
    if lexicon is None:
        return False
    head = _WORD.findall(text[max(0, mention.start - 20) : mention.start].casefold())
    return bool(head) and head[-1] in lexicon.prepositions


def _between_without_quotes(
    text: str, start: int, end: int, quotes: list[tuple[int, int]]
) -> str:
    """The text between name and verb with quoted titles inside it blanked out."""
    between = text[start:end]
    for s, e in quotes:
        if start < s and e < end:
            a, b = max(s - 1, start) - start, min(e + 1, end) - start
            between = between[:a] + " " * (b - a) + between[b:]
    return between


def _ordinary_word(
    mention: Mention, text: str, mentions: list[Mention], lexicon: AttributionLexicon | None
) -> bool:
    """A one-word "name" opening a sentence, never named again and running on into the sentence,
    is often a capitalised ordinary word ("Nadále má …") that the name finder took for a name."""
    if lexicon is None or " " in mention.text or "-" in mention.text:
        return False
    head = text[max(0, mention.start - 4) : mention.start].rstrip(" \"“„«")
    if mention.start > 0 and head and head[-1] not in ".!?\n":
        return False
    tail = text[mention.end : mention.end + 30]
    if not tail[:1] == " " or not tail[1:2].islower() or lexicon.verbs.match(tail.lstrip()):
        return False
    key = mention.entity_id or mention.text
    return sum(1 for m in mentions if (m.entity_id or m.text) == key) == 1


def named_speaker(
    text: str,
    verb: tuple[int, int],
    clause: tuple[int, int],
    mentions: list[Mention],
    quotes: list[tuple[int, int]],
    strict: bool = False,
    lexicon: AttributionLexicon | None = None,
) -> Speaker | None:
    """A PER/ORG mention in the verb's clause, nearest the verb, people before organisations.

    ``strict`` wants nothing but words between name and verb, and only then may an
    organisation speak ("the Kremlin said"); otherwise commas may intervene ("declared the
    region's president, Alberto Cirio") and only people count. Names in an oblique case rank
    after names that can be the subject.
    """
    best: tuple[tuple[int, int, int], Mention] | None = None
    for m in mentions:
        if m.type not in SPEAKER_RANK or m.start < clause[0] or m.end > clause[1]:
            continue
        if (m.type == "ORG" and not strict) or not _outside(m, quotes):
            continue
        gap = verb[0] - m.end if m.end <= verb[0] else m.start - verb[1]
        if gap < 0 or gap > settings.QUOTE_SPEAKER_GAP:
            continue
        # A sentence end between name and verb means the name belongs elsewhere.
        lo, hi = min(m.end, verb[1]), max(m.start, verb[0])
        between = _between_without_quotes(text, lo, hi, quotes)
        if re.search(r"[.!?]\s", between) or any(ch in between for ch in "“”«»„\"\n"):
            continue
        if strict and any(ch in between for ch in ",;:()—–"):
            continue
        if m.type == "ORG" and _tokens_between(text, lo, hi) > settings.QUOTE_ORG_GAP_TOKENS:
            continue
        if lexicon is not None and m.start >= verb[1] and lexicon.that.search(between):
            continue  # "announced that Theresa May would …": the name is in the reported clause
        if _ordinary_word(m, text, mentions, lexicon) or _after_preposition(m, text, lexicon):
            continue
        inflected = _inflected(m)
        if inflected and m.type == "ORG":
            continue
        rank = (int(inflected), SPEAKER_RANK[m.type], gap)
        if best is None or rank < best[0]:
            best = (rank, m)
    if best is None:
        return None
    m = best[1]
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


def _people_before(
    mentions: list[Mention], before: int, quotes: list[tuple[int, int]]
) -> list[Mention]:
    return [m for m in mentions if m.type == "PER" and m.end <= before and _outside(m, quotes)]


def _role_beside(person: Mention, mentions: list[Mention], text: str, cue: str) -> bool:
    """The role word stands beside one of the person's mentions in this text."""
    window = settings.QUOTE_ROLE_CONTEXT_CHARS
    for m in mentions:
        if m.entity_id != person.entity_id or (not m.entity_id and m.text != person.text):
            continue
        context = text[max(0, m.start - window) : m.start] + text[m.end : m.end + window]
        if cue in context.casefold():
            return True
    return False


def _role_curated(person: Mention, cue: str) -> bool:
    return bool(person.entity_id) and cue in _curated_roles().get(person.entity_id, "")


def previous_person(
    mentions: list[Mention],
    before: int,
    quotes: list[tuple[int, int]],
    text: str = "",
    cue: str = "",
) -> Mention | None:
    """The latest PER mention before ``before``; with a role cue, the latest that fits it."""
    every = _people_before(mentions, before, quotes)
    candidates = [
        m for m in every if before - m.end <= settings.QUOTE_ANTECEDENT_CHARS and m.entity_id
    ]
    if not candidates:
        candidates = every[-1:]
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
        # A role stands in apposition ("Chancellor Olaf Scholz", "Scholz, the chancellor") at
        # some mention of the person, not necessarily the latest one.
        people: list[Mention] = []
        seen: set[str] = set()
        for m in reversed(every):
            if (m.entity_id or m.text) not in seen:
                seen.add(m.entity_id or m.text)
                people.append(m)
        # The text's own apposition is the better evidence; curated roles come second.
        beside = [m for m in people if _role_beside(m, mentions, text, cue)]
        curated = [m for m in people if _role_curated(m, cue)]
        if beside or curated:
            return (beside or curated)[0]
    return candidates[-1]


def next_person(
    mentions: list[Mention], after: int, quotes: list[tuple[int, int]]
) -> Mention | None:
    """The first person named after ``after`` (the protagonist a headline quotes)."""
    for m in mentions:
        if m.type == "PER" and m.start >= after and _outside(m, quotes) and m.entity_id:
            return m
    return None


def latest_subject(
    text: str,
    mentions: list[Mention],
    since: int,
    before: int,
    quotes: list[tuple[int, int]],
    lexicon: AttributionLexicon,
) -> Mention | None:
    """The latest person in [since, before) who is the subject of a reporting verb right beside
    the name: "Scholz said the pipeline …" makes Scholz the one a following "he said" means."""
    found = None
    for m in mentions:
        if m.type != "PER" or m.start < since or m.end > before or not _outside(m, quotes):
            continue
        if _inflected(m) or _after_preposition(m, text, lexicon):
            continue
        after = text[m.end : m.end + 40]
        verb = lexicon.verbs.search(after)
        if verb and not after[: verb.start()].strip(" \t"):
            found = m
            continue
        head = text[max(since, m.start - 40) : m.start]
        for verb in lexicon.verbs.finditer(head):
            if not head[verb.end() :].strip(" \t"):
                found = m
    return found


def _antecedent(
    surface: str,
    text: str,
    mentions: list[Mention],
    anchor: int,
    quotes: list[tuple[int, int]],
    lexicon: AttributionLexicon,
    carried: Speaker | None,
    confidence: float,
) -> Speaker:
    """Whom a pronoun or a dropped subject means: the speaker of the quotation just before (even if
    someone else was named in between), unless a later sentence made another person speak."""
    if carried is not None and carried.at >= 0:
        since = carried.at
    else:
        since = max(0, anchor - settings.QUOTE_CONTINUATION_CHARS)
    subject = latest_subject(text, mentions, since, anchor, quotes, lexicon)
    if subject is not None:
        return Speaker(surface, subject.entity_id, subject.canonical or subject.text, confidence)
    if carried is not None and carried.entity_id:
        return Speaker(surface, carried.entity_id, carried.name, confidence)
    person = previous_person(mentions, anchor, quotes)
    if person:
        return Speaker(surface, person.entity_id, person.canonical or person.text, confidence)
    return Speaker(surface, "", "", settings.QUOTE_CONFIDENCE_UNRESOLVED)


def _touches(named: Speaker, text: str, verb: tuple[int, int]) -> bool:
    # The name itself stands right against the verb ("Novak said he …").
    before = text[max(0, verb[0] - len(named.surface) - 2) : verb[0]].strip()
    after = text[verb[1] : verb[1] + len(named.surface) + 2].strip()
    return before.endswith(named.surface) or after.startswith(named.surface)


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
    named = named_speaker(text, verb, clause, mentions, quotes, strict=True, lexicon=lexicon)
    segment = text[clause[0] : clause[1]]
    for match in lexicon.pronouns.finditer(segment):
        span = (clause[0] + match.start(), clause[0] + match.end())
        gap = text[span[1] : verb[0]] if span[1] <= verb[0] else text[verb[1] : span[0]]
        # "he said", "заяви той", "според него": the pronoun touches the verb, and beats a
        # name that stands further off ("според него Банън идвал …": Bannon is talked about).
        if not gap.strip() and not (named and _touches(named, text, verb)):
            return _antecedent(
                match.group(0), text, mentions, anchor, quotes, lexicon, carried,
                settings.QUOTE_CONFIDENCE_PRONOUN,
            )
    if named:
        return named
    named = named_speaker(text, verb, clause, mentions, quotes, lexicon=lexicon)
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
            return _antecedent(
                match.group(0), text, mentions, anchor, quotes, lexicon, carried,
                settings.QUOTE_CONFIDENCE_PRONOUN,
            )
    return _antecedent(
        text[verb[0] : verb[1]], text, mentions, anchor, quotes, lexicon, carried,
        settings.QUOTE_CONFIDENCE_DROPPED,
    )
