"""Who said it: the name next to the reporting verb, else the person a pronoun or role points to."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsweave import settings
from newsweave.entities.tokens import POSSESSIVES, caseless
from newsweave.model import Mention
from newsweave.quotes.lexicon import AttributionLexicon, title_abbreviations
from newsweave.quotes.subject import (
    Phrase,
    describes_a_speaker,
    mention_in,
    named_before,
    ordinal_day,
    phrase_after,
    phrase_before,
    phrase_ending_at,
    verb_second_subject,
    word_before,
)

_WORD = re.compile(r"\w+", re.UNICODE)
# Who may speak, best first: people, then names the entity stage could not type, then bodies
# (organisations, and the media titles typed as products: "the Guardian wrote").
BODY_TYPES = ("ORG", "PRO")
SPEAKER_RANK = {"PER": 0, "": 1, "ORG": 2, "PRO": 2}


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
    """Entity id -> its curated role phrases ("chancellor of germany …"), folded as role cues
    are (_fold), for role nouns."""
    path = resources.files("newsweave.data").joinpath("entities.json")
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    entities = data.get("entities", []) if isinstance(data, dict) else data
    return {
        e["id"]: _fold(" ".join(e.get("roles", [])))
        for e in entities
        if isinstance(e, dict) and "id" in e and e.get("roles")
    }


def _ends_sentence(between: str) -> bool:
    """A stop followed by a word that is not lower case: "red. naczelnym" is an abbreviation,
    and so is a title before a name ("Mr. Rubin")."""
    titles = title_abbreviations()
    return any(
        not between[m.end() : m.end() + 1].islower()
        and not (m.group(0).startswith(".") and _last_word(between[: m.start()]) in titles)
        for m in re.finditer(r"[.!?]\s+", between)
    )


def _last_word(text: str) -> str:
    # Titles are capitalised ("M. Macron"); "100 m." ends a sentence on a unit.
    words = _WORD.findall(text[-12:])
    return words[-1].casefold() if words and words[-1][:1].isupper() else ""


def _tokens_between(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text[start:end])) if end > start else 0


def _outside(mention: Mention, quotes: list[tuple[int, int]]) -> bool:
    # A name inside a quotation is talked about, not talking.
    return not any(s <= mention.start and mention.end <= e for s, e in quotes)


def _inflected(mention: Mention) -> bool:
    # Away from its base form a name is in an oblique case: whom or whose, rarely who. The case
    # shows on the last word, the surname; a word glued on before it ("Австрії Себастьян
    # Курц") may be a genitive that is no part of the name.
    if not mention.lemma:
        return False
    # A stop or comma the name finder kept ("Heiner Falldorf,") is no case ending.
    surface, lemma = mention.text.rstrip(".,;:").split(), mention.lemma.split()
    return bool(surface and lemma) and surface[-1].casefold() != lemma[-1].casefold()


def _possessive(text: str, mention: Mention) -> bool:
    # "Trump's statement"; also "Christie's been": only where another cue cannot tell.
    return bool(re.match(r"['’]s?\b", text[mention.end : mention.end + 3]))


def _owner_phrase(between: str) -> bool:
    # "noted NBC’s Dante Chinni", "said the Post's Dana Milbank": whom the name works for.
    owner = r"\s*(?:the\s+)?(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*['’]s\s*"
    return re.fullmatch(owner, between) is not None


def _after_preposition(mention: Mention, text: str, lexicon: AttributionLexicon | None) -> bool:
    # "in Piedmont", "на Downing Street", "с Джонсоном": a place or a partner, never the speaker.
    return lexicon is not None and word_before(text, mention.start) in lexicon.prepositions


def _names_a_place_of(mention: Mention, text: str, lexicon: AttributionLexicon | None) -> bool:
    # "na portalu BuzzFeed, zapowiedział": the name of the thing a preposition governs.
    if lexicon is None:
        return False
    lead = text[max(0, mention.start - 40) : mention.start]
    # Only the name's own sentence: "… zu diskutieren.\n\nMartin Behrsing, Sprecher …" opens
    # with the name, whatever the sentence before ended in.
    lead = lead[max(lead.rfind(mark) for mark in ".!?\n") + 1 :]
    head = _WORD.findall(lead)
    return len(head) >= 2 and head[-1].islower() and head[-2].casefold() in lexicon.prepositions


def _speaking_body(
    mention: Mention, text: str, verb: tuple[int, int], lexicon: AttributionLexicon | None
) -> bool:
    """A verb, a preposition, then the body speaking: "заявили в Ryanair", "poinformowano w PAP";
    or the preposition and the body opening the verb's clause, a place of the body's at most
    between: "В Кремле заявили", "В Минобороны России сообщили"."""
    if lexicon is None or mention.type == "PER":
        return False
    if mention.end <= verb[0]:
        opening = _WORD.findall(text[_sentence_start(text, mention.start) : mention.start])
        after = _WORD.findall(text[mention.end : verb[0]])
        return (
            len(opening) == 1
            and opening[0].casefold() in lexicon.bodies
            and len(after) <= 1
            and all(w[:1].isupper() for w in after)
        )
    between = _WORD.findall(text[verb[1] : mention.start].casefold())
    return len(between) == 1 and between[0] in lexicon.bodies


def _split_name(mention: Mention, mentions: list[Mention], text: str) -> bool:
    """One name the entity stage cut in two: a single word run on from an organisation's
    ("BBC Radio 5"), or a person's name that runs on into another ("Trójce Kornel Morawiecki")."""
    for m in mentions:
        if m.end <= mention.start and not text[m.end : mention.start].strip():
            if m.type in BODY_TYPES and " " not in mention.text and not _inflected(m):
                return True
        if m.start >= mention.end and not text[mention.end : m.start].strip():
            if m.type == "PER" and mention.type == "PER":
                return True
    return False


def _governed_by_role(mention: Mention, text: str, lexicon: AttributionLexicon | None) -> bool:
    """A caseless body right after a role noun is the role's possessor (an Arabic construct)."""
    if lexicon is None or not caseless(mention.text[:1]):
        return False
    before = text[max(0, mention.start - 40) : mention.start].split()
    return bool(before) and lexicon.roles.fullmatch(before[-1]) is not None


def _between_without_quotes(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> str:
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
    head = text[max(0, mention.start - 4) : mention.start].rstrip(' "“„«')
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
    oblique: bool = False,
) -> Speaker | None:
    """A PER/ORG mention in the verb's clause, nearest the verb, people before organisations.

    ``strict`` wants nothing but words between name and verb, and only then may an
    organisation speak ("the Kremlin said"); otherwise commas may intervene ("declared the
    region's president, Alberto Cirio") and only people count. A name in an oblique case is
    an object or a possessor ("поблагодарила Джонсона"), so it speaks only where ``oblique``
    says the verb names its source that way ("по словам Схинаса"), and then ranks after names
    that can be the subject.
    """
    best: tuple[tuple[int, int, int], Mention] | None = None
    # Where a person stands right before the verb, set off by a comma ("…, Frank Bsirske,
    # würdigte Kluncker als „…“"), a verb-second clause has its subject: a name after the
    # verb is its object.
    subject_before = (
        lexicon is not None
        and lexicon.verb_second
        and _person_right_before(text, verb, clause, mentions)
    )
    for m in mentions:
        if m.type not in SPEAKER_RANK or m.start < clause[0] or m.end > clause[1]:
            continue
        if subject_before and m.start >= verb[1]:
            continue
        body = _speaking_body(m, text, verb, lexicon)
        if (m.type in BODY_TYPES and not strict and not body) or not _outside(m, quotes):
            continue
        gap = verb[0] - m.end if m.end <= verb[0] else m.start - verb[1]
        if gap < 0 or gap > settings.QUOTE_SPEAKER_GAP:
            continue
        # A sentence end between name and verb means the name belongs elsewhere.
        lo, hi = min(m.end, verb[1]), max(m.start, verb[0])
        between = _between_without_quotes(text, lo, hi, quotes)
        if _ends_sentence(between) or any(ch in between for ch in '“”«»„"\n'):
            continue
        if strict and any(ch in between for ch in ",;:()—–"):
            continue
        if m.type in BODY_TYPES and _tokens_between(text, lo, hi) > settings.QUOTE_ORG_GAP_TOKENS:
            continue
        if lexicon is not None and m.start >= verb[1] and lexicon.that.search(between):
            continue  # "announced that Theresa May would …": the name is in the reported clause
        if _ordinary_word(m, text, mentions, lexicon) or _split_name(m, mentions, text):
            continue
        if m.type in BODY_TYPES and _governed_by_role(m, text, lexicon):
            continue  # "قال رئيس منظمة الصحة العالمية …": whose head speaks, not the body
        if text.startswith(POSSESSIVES, m.end):
            continue  # "before Bill Clinton’s comments": whose comments, not who spoke
        if _after_preposition(m, text, lexicon) and not body:
            continue
        if m.end <= verb[0] and "," in between and _names_a_place_of(m, text, lexicon):
            continue
        inflected = _inflected(m) and not body
        if inflected and (m.type in BODY_TYPES or not oblique):
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


def role_cue(role: str) -> str:
    """The part of a role word that an earlier mention's apposition must repeat.

    Dropping only the last letter keeps the gender a Slavic role word carries in its stem
    ("premiérka" fits "premiérky Mayové", not "premiérem Morawieckým").
    """
    role = _fold(role)
    return role if len(role) <= settings.QUOTE_ROLE_CUE_MIN_CHARS else role[:-1]


def _fold(text: str) -> str:
    # "vyjednavač" and "vyjednávač": news sites drop accents in titles.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _role_beside(person: Mention, mentions: list[Mention], text: str, cue: str, before: int) -> int:
    """How the role word stands beside one of the person's mentions in this text: 2 in
    apposition ("Premier-Minister Großbritanniens Theresa May", "Scholz, the chancellor"), 1
    earlier in the name's sentence with no other person between ("Эксперт института …
    Владимир Брутер"), 0 not at all."""
    best = 0
    for m in mentions:
        if m.entity_id != person.entity_id or (not m.entity_id and m.text != person.text):
            continue
        if m.end > before:
            break
        after = _fold(text[m.end : m.end + settings.QUOTE_ROLE_CONTEXT_CHARS])
        at = after.find(cue)
        # "Scholz, the chancellor", "Курц (канцлер Австрии)": set off right after the name.
        if (
            at >= 0
            and after[:at].lstrip()[:1] in (",", "(", "–", "—", "-")
            and len(_WORD.findall(after[:at])) <= settings.QUOTE_ROLE_LEAD_TOKENS
        ):
            return 2
        start = max(0, m.start - settings.QUOTE_SPEAKER_GAP)
        for stop in re.finditer(r"[.!?\n]\s", text[start : m.start]):
            if not text[start + stop.end() : start + stop.end() + 1].islower():
                start = start + stop.end()
        others = [
            o.end
            for o in mentions
            if o.type == "PER"
            and start <= o.start
            and o.end <= m.start
            and (o.entity_id or o.text) != (m.entity_id or m.text)
        ]
        head = _fold(text[max([start, *others]) : m.start])
        at = head.rfind(cue)
        if at < 0:
            continue
        lead = len(re.findall(r"[\w'’-]+", head[at:])) - 1  # words after the role's own
        # An oblique name stands in apposition only right after its role ("премьера Терезы
        # Мэй"); further off it is the object ("Премьер поблагодарила Джонсона").
        if lead <= (0 if _inflected(m) else settings.QUOTE_ROLE_APPOSITION_TOKENS):
            return 2
        best = 1
    return best


def _role_curated(person: Mention, cue: str) -> bool:
    return bool(person.entity_id) and cue in _curated_roles().get(person.entity_id, "")


def _role_curated_phrase(person: Mention, phrase: str) -> bool:
    """Every word of the role phrase, its ending cut off, is in the person's curated roles
    ("российского лидера" in "российский лидер")."""
    words = [w for w in _WORD.findall(_fold(phrase)) if len(w) >= 4]  # no article, no "of"
    roles = _curated_roles().get(person.entity_id, "")
    return len(words) > 1 and all(w[: max(4, len(w) - 2)] in roles for w in words)


def role_holder(
    mentions: list[Mention],
    before: int,
    quotes: list[tuple[int, int]],
    text: str,
    cue: str,
    phrase: str = "",
) -> Mention | None:
    """The latest person before ``before`` whom the text, else the curated data, gives the role.

    A role stands in apposition ("Chancellor Olaf Scholz", "Scholz, the chancellor") at some
    mention of the person, not necessarily the latest one. Of the people the curated data
    gives the role, one it gives the whole ``phrase`` comes first ("российский лидер": the
    Russian leader, not the Chinese one named last).
    """
    people: list[Mention] = []
    seen: set[str] = set()
    for m in reversed(_people_before(mentions, before, quotes)):
        if (m.entity_id or m.text) not in seen:
            seen.add(m.entity_id or m.text)
            people.append(m)
    # The text's own apposition is the better evidence; curated roles come second.
    beside = {id(m): _role_beside(m, mentions, text, cue, before) for m in people}
    apposed = [m for m in people if beside[id(m)] == 2]
    curated = [m for m in people if _role_curated(m, cue)]
    curated = [m for m in curated if _role_curated_phrase(m, phrase)] or curated
    same_sentence = [m for m in people if beside[id(m)] == 1]
    ranked = apposed or curated or same_sentence
    return ranked[0] if ranked else None


def previous_person(
    mentions: list[Mention],
    before: int,
    quotes: list[tuple[int, int]],
    text: str = "",
    lexicon: AttributionLexicon | None = None,
) -> Mention | None:
    """The latest PER mention before ``before`` that can be a sentence's subject."""
    every = [
        m
        for m in _people_before(mentions, before, quotes)
        if not (
            text and (_after_preposition(m, text, lexicon) or _names_a_place_of(m, text, lexicon))
        )
    ] or _people_before(mentions, before, quotes)
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
    # "он" and a dropped subject point back at a subject, not at "отставки Дэвида Дэвиса".
    nominative = [m for m in candidates if not _inflected(m)]
    return (nominative or candidates)[-1]


def next_person(
    mentions: list[Mention], after: int, quotes: list[tuple[int, int]]
) -> Mention | None:
    """The first person named after ``after`` (the protagonist a headline quotes)."""
    for m in mentions:
        if m.type == "PER" and m.start >= after and _outside(m, quotes) and m.entity_id:
            return m
    return None


def _source_before(text: str, m: Mention, since: int, lexicon: AttributionLexicon) -> bool:
    """An according phrase before the name in its sentence: "по словам Схинаса", "Σύμφωνα με
    την επικεφαλής της Πολιτικής Προστασίας, Κιάρα Μπονέτι"."""
    head = text[max(since, m.start - settings.QUOTE_SPEAKER_GAP) : m.start]
    for verb in lexicon.verbs.finditer(head):
        rest = head[verb.end() :]
        if not lexicon.is_according(verb.group(0)) or _ends_sentence(rest):
            continue
        # The source touches the phrase ("Según Chiara Bonetti") or follows its role after a
        # comma ("σύμφωνα με την επικεφαλής …, Κιάρα Μπονέτι"); other names are the role's.
        if not rest.strip() or rest.rstrip().endswith(","):
            return True
    return False


def _opens_sentence(
    text: str, m: Mention, mentions: list[Mention], lexicon: AttributionLexicon
) -> bool:
    """The first name of its sentence, after at most a role ("Prezydent regionu Alberto Cirio
    zwrócił się …"): in news prose, the sentence's subject."""
    reach = max(0, m.start - settings.QUOTE_SPEAKER_GAP)
    start = reach
    for stop in re.finditer(r"(\w*)(?:[.!?]\s+|\n)", text[reach : m.start]):
        start_of_sentence = reach + stop.end()
        if text[start_of_sentence : start_of_sentence + 1].islower():
            continue
        dot = reach + stop.end(1)
        if text[dot] == "." and _abbreviated(text, dot):
            continue  # "Mr. Cruz", "Harry B. Harris": a title or an initial, not a sentence end
        start = start_of_sentence
    if start == reach and start > 0:
        return False  # no sentence start in reach
    head = text[start : m.start]
    if any(ch in head for ch in ',;:"“”«»„') or any(
        o.start >= start and o.end <= m.start and not _names_a_role(text, o, lexicon)
        for o in mentions
    ):
        return False
    words = _WORD.findall(head)
    roles = [w for w in words if lexicon.roles.fullmatch(w) or _abbreviation(w)]
    if len(words) <= settings.QUOTE_ROLE_LEAD_TOKENS:
        return not words or bool(roles)
    # A described role: "Der niedersächsische Ministerpräsident Christian Wulff", "Der
    # VW-Betriebsratsvorsitzende Bernd Osterloh", "The French president Emmanuel Macron".
    return (
        len(words) <= settings.QUOTE_ROLE_PHRASE_TOKENS
        and words[0].casefold() in lexicon.determiners
        and any(lexicon.roles.fullmatch(w) for w in words[1:])
    )


def _names_a_role(text: str, m: Mention, lexicon: AttributionLexicon) -> bool:
    """The name is the first part of a role's compound: "VW-Betriebsratsvorsitzende",
    "SPD-Chef", "EU-Kommissar"."""
    joined = re.match(r"-(\w+)", text[m.end : m.end + 40])
    return joined is not None and bool(lexicon.roles.fullmatch(joined.group(1)))


def _abbreviation(word: str) -> bool:
    return len(word) == 1 and word.isupper() or word.casefold() in title_abbreviations()


def _role_before(text: str, m: Mention, lexicon: AttributionLexicon) -> bool:
    words = re.findall(r"[\w'’-]+", text[max(0, m.start - 60) : m.start])
    return any(lexicon.roles.fullmatch(w) for w in words[-2:])


def _apposed_subject(text: str, m: Mention, lexicon: AttributionLexicon) -> bool:
    """A name set off by commas between its description and the finite verb: "Der frühere
    Bürgermeister, Heiner Falldorf, schätzt …", "The mayor, Joan Pike, said …"."""
    if not text[max(0, m.start - 3) : m.start].rstrip().endswith(","):
        return False
    # The name finder may keep the closing comma in the name ("Heiner Falldorf,").
    end = m.end - 1 if m.text.endswith(",") else m.end
    after = re.match(r"\s*(?:\([^()]{1,40}\)\s*)?,\s*(\w+)", text[end : end + 60])
    if after is None or not after.group(1)[:1].islower():
        return False
    closed = lexicon.determiners | lexicon.prepositions | lexicon.coordinators
    return after.group(1).casefold() not in closed | lexicon.that_words


def _subject_across_relative(text: str, m: Mention, lexicon: AttributionLexicon) -> bool:
    """A name whose reporting verb comes after a relative clause set off by commas: "Aparna
    Mathur, who studies tax policy at the American Enterprise Institute, said …", "Angela
    Merkel, die am Montag eintraf, sagte …"."""
    if not lexicon.relatives:
        return False
    end = m.end - 1 if m.text.endswith(",") else m.end
    opened = re.match(r"\s*,\s*(\w+)\b", text[end : end + 40])
    if opened is None or opened.group(1).casefold() not in lexicon.relatives:
        return False
    start = end + opened.end()
    clause = text[start : start + settings.QUOTE_SPEAKER_GAP * 2]
    for comma in re.finditer(r",\s*", clause):
        if _ends_sentence(clause[: comma.start()]) or any(
            mark in clause[: comma.start()] for mark in '"“”«»„\n'
        ):
            return False
        verb = lexicon.verbs.match(clause, comma.end())
        if verb is not None:
            return True
    return False


def latest_subject(
    text: str,
    mentions: list[Mention],
    since: int,
    before: int,
    quotes: list[tuple[int, int]],
    lexicon: AttributionLexicon,
    by_role: bool = False,
) -> Mention | None:
    """The latest person in [since, before) who is the subject of a reporting verb right beside
    the name, or the source an according phrase names: "Scholz said the pipeline …" makes
    Scholz the one a following "he said" means. ``by_role``: a role noun ("the politician")
    or a pronoun also means a person who opens a sentence, after at most a role ("Regional
    president Alberto Cirio asked …"): the sentence's subject, not the object named after it."""
    found = None
    for m in mentions:
        if m.type != "PER" or m.start < since or m.end > before or not _outside(m, quotes):
            continue
        # "nach Ansicht von Christian Wulff": the according phrase may end in a preposition.
        if _source_before(text, m, since, lexicon):
            found = m
            continue
        if _after_preposition(m, text, lexicon):
            continue
        if _inflected(m):
            continue
        after = text[m.end : m.end + 40]
        verb = lexicon.verbs.search(after)
        if verb and not after[: verb.start()].strip(" \t"):
            found = m
            continue
        if by_role and _opens_sentence(text, m, mentions, lexicon):
            found = m
            continue
        if _apposed_subject(text, m, lexicon) or _subject_across_relative(text, m, lexicon):
            found = m
            continue
        if _possessive(text, m):
            continue  # "said Ivanka Trump's statement …": the name owns the verb's object
        head = text[max(since, m.start - settings.QUOTE_SPEAKER_GAP) : m.start]
        for verb in lexicon.verbs.finditer(head):
            rest = head[verb.end() :]
            cue = verb.group(0)
            if lexicon.is_relay(cue) or lexicon.is_impersonal(cue) or lexicon.addresses(cue):
                # "передает SalamNews": the outlet, not the one who spoke; "told CNN's Jake
                # Tapper": the one spoken to
                continue
            # "заявил в понедельник в Брюсселе представитель ЕК Маргаритис Схинас": a role
            # word introduces the name the verb's clause ends on.
            if (
                not rest.strip(" \t")
                or _owner_phrase(rest)
                or not (
                    _ends_sentence(rest)
                    or any(ch in rest for ch in ',;:"“”«»„\n')
                    or any(
                        o.type == "PER" and o.start >= m.start - len(rest) and o.end <= m.start
                        for o in mentions
                    )
                    or not _role_before(text, m, lexicon)
                )
            ):
                found = m
    return found


@lru_cache(maxsize=1)
def _given_name_genders() -> dict[str, str]:
    path = resources.files("newsweave.data").joinpath("given_name_genders.json")
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    genders = {name.casefold(): "f" for name in data["female"]}
    genders.update({name.casefold(): "m" for name in data["male"]})
    return genders


def _name_gender(name: str) -> str:
    words = name.split()
    return _given_name_genders().get(words[0].casefold(), "") if len(words) > 1 else ""


def _may_be(mention: Mention, gender: str, text: str, lexicon: AttributionLexicon) -> bool:
    return mention.type != "PER" or person_gender(mention, text, lexicon) in ("", gender)


def person_gender(mention: Mention, text: str, lexicon: AttributionLexicon) -> str:
    """ "f", "m", or "" when neither the given name nor a title before the name tells."""
    gender = _name_gender(mention.canonical or mention.text) or _name_gender(mention.text)
    if gender:
        return gender
    before = _WORD.findall(text[max(0, mention.start - 12) : mention.start])
    titled = lexicon.gendered_titles.get(before[-1].casefold(), "") if before else ""
    return titled or _role_gender(mention, text, lexicon)


def _role_gender(mention: Mention, text: str, lexicon: AttributionLexicon) -> str:
    """ "f" where the role set right before the name is a woman's ("Sprecherin Gisela Piltz",
    "die Sprecherin der FDP-Fraktion, Gisela Piltz", "spokeswoman Jen Psaki")."""
    if not lexicon.feminine_role_endings:
        return ""
    lead = text[max(0, mention.start - settings.QUOTE_ROLE_GENDER_CHARS) : mention.start]
    lead = lead[max(lead.rfind(". "), lead.rfind("\n")) + 1 :]
    words = _WORD.findall(lead)[-settings.QUOTE_ROLE_GENDER_WORDS :]
    roles = [w for w in words if lexicon.roles.fullmatch(w)]
    if roles and roles[-1].casefold().endswith(lexicon.feminine_role_endings):
        return "f"
    return ""


def antecedent(
    surface: str,
    text: str,
    mentions: list[Mention],
    anchor: int,
    quotes: list[tuple[int, int]],
    lexicon: AttributionLexicon,
    carried: Speaker | None,
    confidence: float,
    by_role: bool = False,
) -> Speaker:
    """Whom a pronoun or a dropped subject means: the speaker of the quotation just before (even if
    someone else was named in between), unless a later sentence made another person speak."""
    if surface.casefold() in lexicon.latter:
        # "„…“, so letztere": the person named last, whoever spoke before.
        last = previous_person(mentions, anchor, quotes, text, lexicon)
        if last is not None:
            return Speaker(surface, last.entity_id, last.canonical or last.text, confidence)
    gender = lexicon.pronoun_genders.get(surface.casefold(), "")
    if gender:
        # "she" never points back at a man, nor "he" at a woman, where a name or title tells.
        if carried is not None and _carried_gender(carried, mentions, text, lexicon) not in (
            "",
            gender,
        ):
            carried = None
        mentions = [
            m
            for m in mentions
            if m.type != "PER" or person_gender(m, text, lexicon) in ("", gender)
        ]
    if carried is not None and carried.at >= 0:
        since = carried.at
    else:
        since = max(0, anchor - settings.QUOTE_CONTINUATION_CHARS)
    subject = latest_subject(text, mentions, since, anchor, quotes, lexicon, by_role)
    if subject is not None:
        return Speaker(surface, subject.entity_id, subject.canonical or subject.text, confidence)
    if carried is not None and (carried.entity_id or carried.name):
        return Speaker(surface, carried.entity_id, carried.name, confidence)
    person = previous_person(mentions, anchor, quotes, text, lexicon)
    if person:
        return Speaker(surface, person.entity_id, person.canonical or person.text, confidence)
    return Speaker(surface, "", "", settings.QUOTE_CONFIDENCE_UNRESOLVED)


def _carried_gender(
    carried: Speaker, mentions: list[Mention], text: str, lexicon: AttributionLexicon
) -> str:
    """The sex of the last quotation's speaker: from the given name, else from a title or role
    beside one of their mentions ("die Sprecherin …, Gisela Piltz")."""
    by_name = _name_gender(carried.name)
    if by_name or not carried.entity_id:
        return by_name
    for m in mentions:
        if m.entity_id == carried.entity_id and m.type == "PER":
            found = person_gender(m, text, lexicon)
            if found:
                return found
    return ""


def _touches(named: Speaker, text: str, verb: tuple[int, int]) -> bool:
    # The name itself stands right against the verb ("Novak said he …").
    before = text[max(0, verb[0] - len(named.surface) - 2) : verb[0]].strip()
    after = text[verb[1] : verb[1] + len(named.surface) + 2].strip()
    return before.endswith(named.surface) or after.startswith(named.surface)


def _role_speaker(
    text: str,
    verb: tuple[int, int],
    clause: tuple[int, int],
    anchor: int,
    mentions: list[Mention],
    quotes: list[tuple[int, int]],
    lexicon: AttributionLexicon,
    carried: Speaker | None,
) -> Speaker | None:
    """ "the minister said": the person the text gives that role, else whom the story follows."""
    segment = text[clause[0] : clause[1]]
    for match in lexicon.roles.finditer(segment):
        span = (clause[0] + match.start(), clause[0] + match.end())
        if not (_near(text, verb, span, clause) or _opens_clause(text, span, clause)):
            continue
        if span[0] >= verb[1] and lexicon.that.search(text[verb[1] : span[0]]):
            continue  # "zapowiedział, że premier …": the role is in what was said
        surface = _role_phrase(
            segment, match, max(0, verb[1] - clause[0]) if span[0] >= verb[1] else 0
        )
        complement = _body_complement(text, span[1], clause[1], lexicon)
        if complement:
            # "le porte-parole de la police", "der Sprecher der Polizei": the body speaks, the
            # role kept in the surface, not the last person given a like role.
            described = f"{surface} {complement}"
            return Speaker(described, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
        apposed = _name_after_role(text, span[1], verb, lexicon) or _name_after_body(
            text, span[1], clause[1], mentions, lexicon
        )
        if apposed:
            # "press secretary Josh Earnest said": a name the entity stage missed.
            return Speaker(apposed, "", apposed, settings.QUOTE_CONFIDENCE_DESCRIBED)
        if lexicon.plural_role(match.group(0)):
            # "кажуть аналітики", "officials said": a group, not the one person named before
            return Speaker(surface, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
        # A role stands for someone named before it, not the object that follows it in its own
        # sentence ("Премьер-министр поблагодарила Джонсона и отметила …").
        person = role_holder(
            mentions, min(anchor, span[0]), quotes, text, role_cue(match.group(0)), surface
        )
        if person:
            return Speaker(
                surface,
                person.entity_id,
                person.canonical or person.text,
                settings.QUOTE_CONFIDENCE_ROLE,
            )
        body = (
            _body_right_after(text, span[1], clause[1], mentions)
            if lexicon.spokespeople.fullmatch(match.group(0))
            else None
        )
        if body is not None:
            # "пресс-секретарь Кремля", "rzecznik Ryanaira": a genitive names the body a
            # spokesperson speaks for, with no joiner between; the body speaks, the role kept.
            # A head ("глава Еврокомиссии") speaks as the person the text gave that role.
            return _body_with_role(surface, body)
        if match.group(0).casefold().startswith(lexicon.occupations):
            # "сказав аналітик", "sagte ein Experte": a trade nobody here was given names
            # someone new, not the person the last sentences were about
            return Speaker(surface, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
        # No one was given the role: it stands for whom the last sentences were about.
        referent = antecedent(
            surface,
            text,
            mentions,
            anchor,
            quotes,
            lexicon,
            carried,
            settings.QUOTE_CONFIDENCE_ROLE,
            by_role=True,
        )
        governed = (
            _body_after_role(text, span[1], clause[1], mentions)
            if not referent.name and caseless(surface[-1:])
            else None
        )
        if governed is not None:
            # "قال مدير منظمة الصحة العالمية": with no holder in sight, the body it heads.
            return _body_with_role(surface, governed)
        return referent
    return None


def _body_with_role(role: str, body: Mention) -> Speaker:
    """The body speaks; the surface keeps the role that spoke for it."""
    return Speaker(
        f"{role} {body.text}",
        body.entity_id,
        body.canonical or body.text,
        settings.QUOTE_CONFIDENCE_DESCRIBED,
    )


def _body_right_after(
    text: str, end: int, clause_end: int, mentions: list[Mention]
) -> Mention | None:
    """An organisation named right after a role noun in an oblique case, nothing but a space
    between: its genitive ("Кремля", not "Кремль"). A name in its base form there is more often
    the holder the name finder typed wrong than the body."""
    body = _body_after_role(text, end, clause_end, mentions, 0, _inflected)
    return body if body and end < body.start and not text[end : body.start].strip(" \t") else None


_CASELESS_WORD = re.compile(r"\S+")


def _body_after_role(
    text: str,
    role_end: int,
    clause_end: int,
    mentions: list[Mention],
    words_between: int = settings.QUOTE_ROLE_BODY_WORDS,
    fits: Callable[[Mention], bool] = lambda m: True,
) -> Mention | None:
    """The organisation a role phrase governs, with at most ``words_between`` words and no
    punctuation before it: "رئيس منظمة الصحة العالمية", "المدير العام لمنظمة …" (an adjective,
    a preposition written onto the name)."""
    for m in mentions:
        if m.type not in BODY_TYPES or m.start < role_end or m.end > clause_end or not fits(m):
            continue
        between = text[role_end : m.start]
        if re.search(r"[^\w\s]", between):
            continue
        if len(between.split()) <= words_between:
            return m
    return None


def _name_after_body(
    text: str, role_end: int, clause_end: int, mentions: list[Mention], lexicon: AttributionLexicon
) -> str:
    """In a script without capitals, the words right after a role and the body it governs name
    the role holder where the name finder missed them ("قال رئيس منظمة الصحة العالمية تيدروس
    أدهانوم غيبريسوس إن …"): two to four words up to "that", a preposition, a word with a
    preposition or article written onto it, a verb, a figure or a mark; "" otherwise."""
    if not caseless(text[role_end - 1 : role_end]):
        return ""
    body = _body_after_role(text, role_end, clause_end, mentions)
    if body is None:
        return ""
    words: list[str] = []
    for token in _CASELESS_WORD.finditer(text, body.end, clause_end):
        word = token.group(0)
        if (
            not all(caseless(ch) for ch in word)
            or word in lexicon.that_words
            or word in lexicon.prepositions
            or word.startswith(lexicon.name_breakers)
            or lexicon.verbs.fullmatch(word)
            or any(m.start <= token.start() < m.end for m in mentions)
        ):
            break
        words.append(word)
        if len(words) > settings.QUOTE_ROLE_NAME_MAX_WORDS:
            return ""
    return " ".join(words) if len(words) >= 2 else ""


_NAME_AFTER_ROLE = re.compile(r"[^\S\n]+((?:[^\W\d_][\w'’.-]*[^\S\n]+){0,2}[^\W\d_][\w'’-]*)")


def _name_after_role(
    text: str, end: int, verb: tuple[int, int], lexicon: AttributionLexicon
) -> str:
    """Capitalised words between a role noun and the verb right after them ("press secretary
    Josh Earnest said"): the role holder's name; "" where anything else stands there."""
    if end >= verb[0]:
        return ""
    found = _NAME_AFTER_ROLE.match(text, end, verb[0])
    if found is None or text[found.end() : verb[0]].strip():
        return ""
    words = found.group(1).split()
    if not all(w[:1].isupper() for w in words) or any(
        w.casefold().rstrip(".") in lexicon.not_speakers for w in words
    ):
        return ""
    return found.group(1)


def _body_complement(text: str, start: int, end: int, lexicon: AttributionLexicon) -> str:
    """The words after a role noun that name the body holding the role, where they do: a joiner,
    then a phrase that describes a speaking body or, where nouns are lower case, holds a name
    ("de la police", "des Ministeriums", "for the Pentagon"); "" otherwise."""
    words: list[str] = []
    for token in re.finditer(r"[\w'’-]+|[^\w\s]", text[start : min(end, start + 80)]):
        word = token.group(0)
        if not words and word.casefold() not in lexicon.joiners:
            return ""
        if not word[:1].isalnum() or lexicon.verbs.fullmatch(word):
            break
        if words and word.casefold() in lexicon.that_words | lexicon.relatives:
            break
        words.append(word)
        if len(words) > settings.QUOTE_SUBJECT_MAX_TOKENS:
            return ""
    complement = " ".join(words)
    content = [w for w in words if w.casefold() not in lexicon.joiners | lexicon.determiners]
    if not content:
        return ""
    # A script without capitals (Arabic) cannot show a name: what the joiner governs there
    # ("المتحدث باسم البنك الدولي") is taken for the body's name, as a capital would be.
    named = lexicon.lower_nouns and any(w[:1].isupper() or caseless(w) for w in content)
    return complement if named or describes_a_speaker(complement, lexicon) else ""


def _opens_clause(text: str, span: tuple[int, int], clause: tuple[int, int]) -> bool:
    # "Премьер-министр Великобритании поблагодарила … и отметила": the role is the subject.
    head = text[clause[0] : span[0]]
    return _tokens_between(text, clause[0], span[0]) <= settings.QUOTE_ROLE_LEAD_TOKENS and not (
        any(ch in head for ch in ",;:")
    )


def _pronoun_touching(
    text: str, verb: tuple[int, int], clause: tuple[int, int], lexicon: AttributionLexicon
) -> re.Match[str] | None:
    # French inverts its subject pronoun onto the verb: "a-t-elle ajouté", "explique-t-il"
    joined = re.search(r"-(?:t-)?([^\W\d_]+)\b", text[verb[0] : verb[1]])
    if joined is not None and joined.group(1).casefold() in lexicon.pronouns_set:
        return lexicon.pronouns.fullmatch(joined.group(1))
    segment = text[clause[0] : clause[1]]
    for match in lexicon.pronouns.finditer(segment):
        span = (clause[0] + match.start(), clause[0] + match.end())
        if span[0] < verb[1] and verb[0] < span[1]:
            # A pronoun inside the cue ("put it") is its object; in a verb-second language one
            # right after the finite verb of a split cue is its subject ("teilte er mit").
            first = re.match(r"\S+\s+", text[verb[0] : verb[1]])
            if lexicon.verb_second and first is not None and span[0] == verb[0] + first.end():
                return match
            continue
        gap = text[span[1] : verb[0]] if span[1] <= verb[0] else text[verb[1] : span[0]]
        if not gap.strip():
            return match
    return None


def _source_speaker(
    text: str,
    verb: tuple[int, int],
    clause: tuple[int, int],
    anchor: int,
    mentions: list[Mention],
    quotes: list[tuple[int, int]],
    lexicon: AttributionLexicon,
    carried: Speaker | None,
) -> Speaker:
    """ "по словам X", "according to X", "laut X": the source is what the phrase names, and a
    common noun ("за словами прибічників") names nobody we can give the words to."""
    pronoun = _pronoun_touching(text, verb, clause, lexicon)
    if pronoun:  # "според него"
        return antecedent(
            pronoun.group(0),
            text,
            mentions,
            anchor,
            quotes,
            lexicon,
            carried,
            settings.QUOTE_CONFIDENCE_PRONOUN,
        )
    # The phrase the cue governs comes first: "Laut „Reuters“ zeichnet Russland von Präsident
    # Saakaschwili das Bild …" is Reuters', whoever is named further on.
    governed = _governed_source(text, verb, clause, mentions, lexicon)
    if governed:
        return governed
    named = named_speaker(text, verb, clause, mentions, quotes, lexicon=lexicon, oblique=True)
    if named:
        return named
    described = _framed_subject(text, verb, clause, mentions, lexicon, governed=True)
    if described:
        return described
    role = _role_speaker(text, verb, clause, anchor, mentions, quotes, lexicon, carried)
    if role:
        return role
    return NOBODY


def _governed_source(
    text: str,
    verb: tuple[int, int],
    clause: tuple[int, int],
    mentions: list[Mention],
    lexicon: AttributionLexicon,
) -> Speaker | None:
    """The phrase right after a cue that governs its source ("laut Polizei", "nach Meinung der
    Umweltschutzorganisation", "according to a White House official"), when it names someone
    or describes a speaker; cues that follow their source ("dem Bericht zufolge") govern none."""
    said = text[verb[0] : verb[1]]
    if lexicon.follows_source(said) or clause[1] <= verb[1]:
        return None
    phrase = phrase_after(text, verb[1], clause[1], lexicon, subject=False)
    if phrase is None or text[verb[1] : phrase.start].strip():
        return None  # the source stands right after its cue, or the cue governs another phrase
    held = mention_in(phrase, mentions)
    apposed = (
        None
        if held is not None and held.type == "PER"
        else _person_apposed_after(phrase, text, mentions)
    )
    if apposed is not None:
        # "secondo il presidente di Confindustria, Emanuele Orsini, …": the name set off after
        # the description is the source it describes, not the body inside it
        name = apposed.canonical or apposed.text
        return Speaker(apposed.text, apposed.entity_id, name, settings.QUOTE_CONFIDENCE_NAMED)
    if held is not None and held.type in ("PER", "ORG"):
        name = held.canonical or held.text
        return Speaker(phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_ROLE)
    if phrase.named:
        return Speaker(phrase.text, "", phrase.text, settings.QUOTE_CONFIDENCE_DESCRIBED)
    if describes_a_speaker(phrase.text, lexicon) or _determined_noun(phrase.text, lexicon):
        # "laut einem Jury-Mitglied", "according to the report": what the cue governs is the
        # source, a member or a document as much as a spokesman.
        return Speaker(phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
    return None


def _determined_noun(phrase: str, lexicon: AttributionLexicon) -> bool:
    """A determiner and a noun that is no time word ("einem Jury-Mitglied", "the report")."""
    words = phrase.split()
    return (
        len(words) > 1
        and words[0].casefold() in lexicon.determiners
        and words[-1].casefold() not in lexicon.not_speakers
    )


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
    said = text[verb[0] : verb[1]]
    if lexicon.addresses(said) and clause[1] > verb[1]:
        # "“…,” Sarandon, 69, told MSNBC": whom the words were told to is no speaker.
        clause = (clause[0], verb[1])
    if lexicon.is_according(said):
        return _source_speaker(text, verb, clause, anchor, mentions, quotes, lexicon, carried)
    if lexicon.is_participle(said) and text[: verb[0]].rstrip().endswith(","):
        subject = _participle_subject(text, verb, mentions, lexicon)
        if subject is not None:
            return subject
    conjunct = _conjunct_subject(text, verb, anchor, mentions, quotes, lexicon, carried)
    if conjunct is not None:
        return conjunct
    relay = lexicon.is_relay(said)
    if relay:  # "цитує агенція Reuters": the agency passes on the words of the one it quotes
        passive = _passive(text, verb, clause, lexicon)
        relayed = _relayed_speaker(text, verb, clause, mentions, quotes, lexicon, passive)
        if relayed is not None:
            return relayed
        # In the passive nobody passes the words on: the verb's subject was quoted ("„…“,
        # wird Mike Downey, Produktmanager, zitiert"), as by any other reporting verb.
        relay = not passive
    named = None
    if not relay:
        named = named_speaker(text, verb, clause, mentions, quotes, strict=True, lexicon=lexicon)
    pronoun = _pronoun_touching(text, verb, clause, lexicon)
    # "he said", "заяви той", "според него": the pronoun touches the verb, and beats a
    # name that stands further off ("според него Банън идвал …": Bannon is talked about).
    if pronoun and not relay and not (named and _touches(named, text, verb)):
        # "Senator X toured the farms with Y. “…,” he said": he continues the subject that
        # opened the sentence before, not the person named last in it.
        return antecedent(
            pronoun.group(0),
            text,
            mentions,
            anchor,
            quotes,
            lexicon,
            carried,
            settings.QUOTE_CONFIDENCE_PRONOUN,
            by_role=True,
        )
    if named:
        return named
    if not relay and not lexicon.is_impersonal(said) and lexicon.verb_second:
        # The cue closes a subordinate clause: its own subject said the words, not the main
        # clause's ("Der NDR will wissen, dass Mindermann sie gefragt habe, was sie „…“").
        closing = _subordinate_subject(text, verb, anchor, mentions, lexicon, clause, True)
        if closing is not None:
            return closing
    if not relay and not lexicon.is_impersonal(said):
        described = _framed_subject(text, verb, clause, mentions, lexicon)
        if described:
            return described
    if not relay and not lexicon.is_impersonal(said):
        # "heißt es, der Preis gehe an Herta Müller, „…“": after an impersonal verb a name
        # set off by commas is in what was said, not the one saying it.
        named = named_speaker(text, verb, clause, mentions, quotes, lexicon=lexicon)
        if named:
            return named
    if lexicon.is_impersonal(said):
        # "говорится в заявлении", "czytamy w komiksie": no person from before said it; the
        # text it names speaks ("heißt es in einer Erklärung des Ministeriums").
        # The text may also open the verb's sentence ("Auf der Homepage heißt es zur
        # Begründung, warum …:", "Im letzten Satz der Anordnung, die …, heißt es:").
        opening = (_sentence_start(text, verb[0]), verb[0])
        return (
            _source_text(text, clause, mentions, lexicon)
            or _source_text(text, opening, mentions, lexicon)
            or _document_before(text, opening, lexicon)
            or NOBODY
        )
    if not relay:
        role = _role_speaker(text, verb, clause, anchor, mentions, quotes, lexicon, carried)
        if role:
            return role
        # No subject in sight: a name that looks oblique may be a lemmatiser's slip on an
        # unfamiliar surname ("добавил Брутер"), and still beats a guess from earlier sentences.
        named = named_speaker(text, verb, clause, mentions, quotes, lexicon=lexicon, oblique=True)
        if named:
            return named
        segment = text[clause[0] : clause[1]]
        for match in lexicon.pronouns.finditer(segment):
            span = (clause[0] + match.start(), clause[0] + match.end())
            if _near(text, verb, span, clause) and not (span[0] < verb[1] and verb[0] < span[1]):
                return antecedent(
                    match.group(0),
                    text,
                    mentions,
                    anchor,
                    quotes,
                    lexicon,
                    carried,
                    settings.QUOTE_CONFIDENCE_PRONOUN,
                )
    if lexicon.subject_required:
        subject = _subordinate_subject(text, verb, anchor, mentions, lexicon, clause) or (
            _relative_subject(text, verb, mentions, lexicon)
        )
        if subject is not None:
            return subject
        # No subject in sight where the grammar wants one: the speaker of the quotation just
        # before, when there is one, else nobody rather than a guess from earlier sentences.
        if carried is not None and carried.name:
            return Speaker("", carried.entity_id, carried.name, settings.QUOTE_CONFIDENCE_CONTINUED)
        return NOBODY
    # A dropped subject: the surface is empty, since the verb names nobody.
    return antecedent(
        "", text, mentions, anchor, quotes, lexicon, carried, settings.QUOTE_CONFIDENCE_DROPPED
    )


def _participle_subject(
    text: str, verb: tuple[int, int], mentions: list[Mention], lexicon: AttributionLexicon
) -> Speaker | None:
    """ "During a speech, Trump attacked Clinton for her votes, saying, “…”": a participle
    after a comma has the subject of the clause it hangs on, the name that opens the sentence
    or its first clause after an opening adverbial, not the object named last."""
    start = _sentence_start(text, verb[0], marks=False, titles=True)
    openings = [start] + [start + c.end() for c in re.finditer(r",\s*", text[start : verb[0]])]
    for at in openings[:-1]:  # the last comma is the participle's own
        first = next((m for m in mentions if at <= m.start < verb[0]), None)
        if first is None or first.type not in ("PER", "ORG"):
            continue
        lead = _WORD.findall(text[at : first.start])
        if len(lead) > settings.QUOTE_ROLE_LEAD_TOKENS or not all(
            w.casefold() in lexicon.determiners or lexicon.roles.fullmatch(w) or _abbreviation(w)
            for w in lead
        ):
            continue  # a clause opening with something else: the name is not its subject
        following = _WORD.findall(text[first.end : first.end + 30])
        possessive = text[first.end : first.end + 2] in ("'s", "’s")
        verb_next = (  # its finite verb; "Back in 1999" (a name-finder slip) is no subject
            following
            and following[0][:1].islower()
            and following[0].casefold() not in lexicon.prepositions
        )
        if verb_next and not possessive:
            name = first.canonical or first.text
            return Speaker(first.text, first.entity_id, name, settings.QUOTE_CONFIDENCE_NAMED)
    return None


def _sentence_start(text: str, pos: int, marks: bool = True, titles: bool = False) -> int:
    """Where the sentence holding ``pos`` starts, within QUOTE_BEFORE_WINDOW: after the last
    stop, colon, line break or (with ``marks``) quotation mark that a word not in lower case
    follows; with ``titles``, not after a title's or an initial's stop ("Mr. Clinton")."""
    floor = max(0, pos - settings.QUOTE_BEFORE_WINDOW)
    start = floor
    pattern = r"[.!?:\n]\s+|[„“\"«»]" if marks else r"[.!?:\n]\s+"
    for stop in re.finditer(pattern, text[floor:pos]):
        after = floor + stop.end()
        if text[after : after + 1].islower():
            continue
        dot = floor + stop.start()
        if text[dot] == "." and ordinal_day(text, dot):
            continue  # "am 14. Dezember": an ordinal day
        if titles and text[dot] == "." and _abbreviated(text, dot):
            continue
        start = after
    return start


def _abbreviated(text: str, dot: int) -> bool:
    """The stop at ``dot`` closes a title or an initial ("Mr.", "B.")."""
    word = re.search(r"(\w+)$", text[max(0, dot - 11) : dot])
    return word is not None and _abbreviation(word.group(1))


def _conjunct_subject(
    text: str,
    verb: tuple[int, int],
    anchor: int,
    mentions: list[Mention],
    quotes: list[tuple[int, int]],
    lexicon: AttributionLexicon,
    carried: Speaker | None,
) -> Speaker | None:
    """A verb right after a coordinator shares the subject of the verb before it ("Die CCE
    bestätigte die Aussage nicht und nannte sie …", "biss der Randalierer den Fluggast und rief",
    "Kowalski smiled and said"): the subject that opens the sentence, the one after its finite
    verb in a verb-second clause, or the pronoun that opens it."""
    if not lexicon.determiners:
        return None  # without articles a phrase's edges are unknown: role nouns and names decide
    head = text[max(0, verb[0] - settings.QUOTE_BEFORE_WINDOW) : verb[0]]
    words = _WORD.findall(head[-24:])
    # "… und hatte gefragt", "and has said": an auxiliary may stand between the two.
    auxiliary = len(words) >= 2 and words[-1].casefold() in lexicon.auxiliaries
    joined = words[-2:] if auxiliary else words[-1:]
    if not joined or joined[0].casefold() not in lexicon.coordinators:
        return None
    coordinator = verb[0] - len(head) + head.rfind(joined[0])
    if text[coordinator : verb[0]].split() != joined:
        return None  # "und dann sagte", "and he said": something else stands between
    start = _sentence_start(text, coordinator)
    opening = _WORD.findall(text[start:coordinator][:40])
    if opening and opening[0].casefold() in lexicon.pronouns_set:
        # "Er halte … für vertretbar und bezeichnete …": the pronoun that opens it.
        return antecedent(
            opening[0],
            text,
            mentions,
            start,
            quotes,
            lexicon,
            carried,
            settings.QUOTE_CONFIDENCE_PRONOUN,
        )
    phrase = phrase_after(text, start, coordinator, lexicon)
    if lexicon.lower_nouns and phrase is not None:
        # Lower-case nouns and verbs look alike: only a name marks the subject, and the
        # phrase ends with the name that opens it ("Mayor Joan Pike thanked Tom Reed …").
        phrase = _opening_name(text, phrase, mentions)
    if phrase is not None and not text[start : phrase.start].strip(" ,"):
        following = text[phrase.end : phrase.end + 30].lstrip()
        if following[:1].islower() or (following[:1] == "," and phrase.named):
            # The phrase that opens the sentence right before its finite verb is its subject.
            spoken = phrase_speaker(phrase, mentions, lexicon)
            if spoken is not None:
                return spoken
    second = verb_second_subject(text, start, coordinator, lexicon, mentions)
    if second is not None:
        spoken = phrase_speaker(second[0], mentions, lexicon)
        # A clause a preposition, a subordinate clause or an object opens has its subject after
        # the finite verb; after one bare capitalised word that word may be the subject itself.
        opener = opening[0].casefold() if opening else ""
        grammatical = opener in lexicon.prepositions | lexicon.subordinators | (
            lexicon.oblique_openers
        )
        if spoken is not None and (
            spoken.name or grammatical or describes_a_speaker(second[0].text, lexicon)
        ):
            return spoken
    return None


def _opening_name(text: str, phrase: Phrase, mentions: list[Mention]) -> Phrase | None:
    """The phrase cut after the first name in it, where only capitalised words (a title, a
    role) stand before that name; None where the phrase opens with lower-case words."""
    for m in mentions:
        if m.start < phrase.start or m.end > phrase.end or m.type not in SPEAKER_RANK:
            continue
        lead = text[phrase.start : m.start].split()
        if not all(w[:1].isupper() for w in lead):
            return None
        return Phrase(phrase.start, m.end, text[phrase.start : m.end], not lead)
    return None


def _relayed_speaker(
    text: str,
    verb: tuple[int, int],
    clause: tuple[int, int],
    mentions: list[Mention],
    quotes: list[tuple[int, int]],
    lexicon: AttributionLexicon,
    passive: bool,
) -> Speaker | None:
    """Whose words a relay passes on: its object, after it ("zitiert die „Computerwoche“
    Lynch", "Der Spiegel zitiert den Prediger mit den Worten", "quoted Smith as saying"), or in
    the passive (``passive``, from _passive) the subject before it ("wird Watzke … wie folgt
    zitiert")."""
    after = [
        m
        for m in mentions
        if m.type == "PER"
        and verb[1] <= m.start
        and m.end <= clause[1]
        and m.start - verb[1] <= settings.QUOTE_SPEAKER_GAP
        and _outside(m, quotes)
        and not _ends_sentence(text[verb[1] : m.start])
    ]
    if after:
        m = after[0]
        return Speaker(m.text, m.entity_id, m.canonical or m.text, settings.QUOTE_CONFIDENCE_NAMED)
    phrase = phrase_after(text, verb[1], clause[1], lexicon, subject=False)
    if phrase is not None and lexicon.determiners and not text[verb[1] : phrase.start].strip():
        # A description right after the verb is its object ("den Prediger"); an organisation
        # or a bare name there is the relay itself, inverted ("zitiert die „Computerwoche“"),
        # unless the relay stands before the verb as its subject ("Ein Fernsehsender zitierte
        # Papandreou mit den Worten"): then the name is whom it quotes.
        relay_before = phrase_before(text, clause[0], verb[0], lexicon) if not passive else None
        held = mention_in(phrase, mentions)
        if held is None and (not phrase.named or relay_before):
            name = phrase.text if phrase.named else ""
            return Speaker(phrase.text, "", name, settings.QUOTE_CONFIDENCE_DESCRIBED)
        if (
            held is not None
            and relay_before is None
            and not text[phrase.end : clause[1]].strip(" .,;")
        ):
            # "„…“, zitiert CNN.": the relay names no one it quotes; the medium is the source
            name = held.canonical or held.text
            return Speaker(phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_DESCRIBED)
    if not passive:
        return None
    before = [
        m
        for m in mentions
        if m.type == "PER" and clause[0] <= m.start and m.end <= verb[0] and _outside(m, quotes)
    ]
    if not before:
        return None
    m = before[-1]
    return Speaker(m.text, m.entity_id, m.canonical or m.text, settings.QUOTE_CONFIDENCE_DESCRIBED)


def _passive(
    text: str, verb: tuple[int, int], clause: tuple[int, int], lexicon: AttributionLexicon
) -> bool:
    """An auxiliary in the verb's clause makes it a participle ("wird … zitiert", "was
    quoted"); German sets a long stretch between the two ("wird Watzke auf der Internetseite
    des Vereins wie folgt zitiert")."""
    nearby = text[max(clause[0], verb[0] - 120) : verb[0]] + " " + text[verb[1] : verb[1] + 12]
    return any(w.casefold() in lexicon.auxiliaries for w in _WORD.findall(nearby))


def _subordinate_subject(
    text: str,
    verb: tuple[int, int],
    anchor: int,
    mentions: list[Mention],
    lexicon: AttributionLexicon,
    clause: tuple[int, int] | None = None,
    closing: bool = False,
) -> Speaker | None:
    """In a clause a subordinator opens, the subject comes right after it and the verb at the
    end ("Wie der Finanzminister Hartmut Möllring am Dienstag erklärte, …", "…, weil die
    US-Regierung Georgien als „…“ bezeichnet hat", after the quotation "…“, wie Hoyzer
    zitiert wird"): that phrase, where it can speak. ``closing``: only where the cue closes
    that clause, which then may be one a that-word opens in a verb-second language ("Der NDR
    will wissen, dass Mindermann sie gefragt habe, was sie „anhabe“": Mindermann asked)."""
    if not lexicon.subordinators:
        return None
    openers = lexicon.subordinators
    if closing and lexicon.verb_second:
        openers = openers | lexicon.that_words
    floor = max(0, min(anchor, verb[0]) - settings.QUOTE_BEFORE_WINDOW)
    # "Wie Norman Paech, der am 20. August 2007 … anwesend war, dazu feststellt, …": a day's
    # stop or a title's ends no sentence.
    start = _sentence_start(text, min(anchor, verb[0]), marks=False)
    end = min(anchor, verb[0])
    ranges = [(max(start, floor), end)]
    if clause is not None and anchor <= clause[0] < verb[0]:
        # The frame after the quotation ("…“, wie Hoyzer zitiert wird") first; where the
        # verb alone follows it ("weil die US-Regierung Georgien als „…“ bezeichnet hat"), the
        # clause it closes opened before the quotation.
        ranges = [(clause[0], verb[0])] + (ranges if not text[clause[0] : verb[0]].strip() else [])
    opener = None
    for low, end in ranges:
        for word in _WORD.finditer(text, low, end):
            before = text[low : word.start()].rstrip()
            if word.group(0).casefold() in openers and (not before or before.endswith(",")):
                opener = word  # the last clause a subordinator opens before the quotation
        if opener is not None:
            break
    if opener is None:
        return None
    if closing and not (
        opener.end() < verb[0]
        and "," not in text[opener.end() : verb[0]]
        and _ends_clause(text, verb[1], lexicon)
    ):
        return None  # the cue is not the verb that closes this clause ("Als Begründung sagte …")
    phrase = phrase_after(text, opener.end(), end, lexicon)
    if phrase is None or text[opener.end() : phrase.start].strip():
        return None  # something else opens the clause: an adverbial, an object
    phrase = _without_trailing_place(phrase, mentions, text)
    head, complement = head_and_complement(phrase.text, lexicon)
    if (
        complement
        and all(w[:1].isupper() for w in head.split())
        and (head.split()[0].casefold() not in lexicon.determiners)
    ):
        # "wie Hoyzer von Spiegel-Online zitiert wird": a bare name before a joiner speaks;
        # what the joiner adds is the agent or the place, not part of the name.
        phrase = Phrase(phrase.start, phrase.start + len(head), head, True)
    held = mention_in(phrase, mentions)
    if held is not None and held.type in ("PER", "ORG"):
        name = held.canonical or held.text
        return Speaker(phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_DESCRIBED)
    if phrase.named and len(phrase.text.split()) > 1:
        return Speaker(phrase.text, "", phrase.text, settings.QUOTE_CONFIDENCE_DESCRIBED)
    # The cue closes this very clause ("Wie die Feuerwehr am Abend mitteilte, …"): whatever
    # its subject describes, it said the words; further off it must describe a speaker.
    closes = opener.end() < verb[0] and "," not in text[phrase.end : verb[0]]
    if not phrase.named and (closes or describes_a_speaker(phrase.text, lexicon)):
        return Speaker(phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
    if phrase.named and closes:
        # "…“, wie Hoyzer von Spiegel-Online zitiert wird": a surname the name finder missed,
        # or one named in full before.
        earlier = named_before(phrase.text, mentions, phrase.start)
        if earlier is not None:
            name = earlier.canonical or earlier.text
            return Speaker(
                phrase.text, earlier.entity_id, name, settings.QUOTE_CONFIDENCE_DESCRIBED
            )
        return Speaker(phrase.text, "", phrase.text, settings.QUOTE_CONFIDENCE_DESCRIBED)
    return None


def _without_trailing_place(phrase: Phrase, mentions: list[Mention], text: str) -> Phrase:
    """A place right after a description is the verb's object, not the subject's name ("weil
    die US-Regierung Georgien als … bezeichnet hat")."""
    for m in mentions:
        if m.type == "LOC" and phrase.start < m.start and m.end == phrase.end:
            head = text[phrase.start : m.start].rstrip()
            if head and not head.endswith(","):
                return Phrase(phrase.start, phrase.start + len(head), head, phrase.named)
    return phrase


def _ends_clause(text: str, end: int, lexicon: AttributionLexicon) -> bool:
    """Only an auxiliary, if anything, stands between a verb and a comma, colon or stop: the
    verb comes last in its clause ("dass sie gefragt habe, …", "wie sie mitteilte:")."""
    following = re.match(r"\s*(\w+)?\s*([,.;:!?]|$)", text[end : end + 40])
    if following is None:
        return False
    word = following.group(1)
    return word is None or word.casefold() in lexicon.auxiliaries


def _relative_subject(
    text: str, verb: tuple[int, int], mentions: list[Mention], lexicon: AttributionLexicon
) -> Speaker | None:
    """A verb that ends a relative clause whose pronoun is its subject ("ein Kommentar, der die
    Entscheidung als „…“ bezeichnet"): the phrase the clause hangs on, right before the comma,
    where it names or describes someone or something that speaks."""
    if not lexicon.relatives or not lexicon.determiners:
        return None
    start = _sentence_start(text, verb[0], marks=False)
    opener = None
    for found in re.finditer(r",\s*(\w+)\s+(\w+)", text[start : verb[0]]):
        if found.group(1).casefold() in lexicon.relatives:
            opener = found
    if opener is None or "," in text[start + opener.end() : verb[0]]:
        return None  # the verb is not the one that closes this relative clause
    if opener.group(2).casefold() in lexicon.determiners and not opener.group(2)[:1].isupper():
        following = _WORD.findall(text[start + opener.end(2) : start + opener.end(2) + 40])
        if following and following[0][:1].isupper() and lexicon.roles.search(following[0]):
            return None  # "die Rede, die der Minister hielt": the clause has its own subject
    comma = start + opener.start()
    phrase = phrase_ending_at(text, start, comma, lexicon)
    if phrase is None or phrase.text.split()[0].casefold() in lexicon.prepositions:
        return None
    held = mention_in(phrase, mentions)
    if held is not None and held.type in ("PER", "ORG"):
        name = held.canonical or held.text
        return Speaker(phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_DESCRIBED)
    if phrase.named and len(phrase.text.split()) > 1:
        return Speaker(phrase.text, "", phrase.text, settings.QUOTE_CONFIDENCE_DESCRIBED)
    if not phrase.named:
        return Speaker(phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
    return None


def _source_text(
    text: str, clause: tuple[int, int], mentions: list[Mention], lexicon: AttributionLexicon
) -> Speaker | None:
    """ "heißt es in der Erklärung des Ministeriums": the document after the preposition."""
    for word in re.finditer(r"\w+", text[clause[0] : clause[1]]):
        if word.group(0).casefold() not in lexicon.sources:
            continue
        at = clause[0] + word.end()
        phrase = phrase_after(text, at, clause[1], lexicon, subject=False)
        if phrase is not None and not phrase.named:
            held = mention_in(phrase, mentions)
            if held is not None:
                name = held.canonical or held.text
                return Speaker(phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_ROLE)
            return Speaker(phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
        if phrase is not None and lexicon.determiners and not text[at : phrase.start].strip():
            # "Aus Paris hieß es", "Aus Regierungskreisen hieß es": a body, a capital standing
            # for its government, or a circle of speakers, named right after the preposition.
            held = next(
                (
                    m
                    for m in mentions
                    if m.start == phrase.start and m.end <= phrase.end and m.type in _SOURCE_TYPES
                ),
                None,
            )
            if held is not None:
                name = held.canonical or held.text
                return Speaker(phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_ROLE)
            if describes_a_speaker(phrase.text, lexicon):
                return Speaker(phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
        if not lexicon.determiners:
            if phrase is not None and phrase.named and not text[at : phrase.start].strip(_MARKS):
                # "czytamy w „The Sun”": the paper or site itself, named right after.
                held = mention_in(phrase, mentions)
                if held is not None:
                    name = held.canonical or held.text
                    return Speaker(
                        phrase.text, held.entity_id, name, settings.QUOTE_CONFIDENCE_ROLE
                    )
                return Speaker(phrase.text, "", phrase.text, settings.QUOTE_CONFIDENCE_DESCRIBED)
            owner = _document_owner(text, at, clause[1], mentions)
            if owner is not None:
                return owner
    return None


_SOURCE_TYPES = ("PER", "ORG", "PRO", "LOC")


def _document_before(
    text: str, opening: tuple[int, int], lexicon: AttributionLexicon
) -> Speaker | None:
    """ "Die Staatsanwaltschaft gab eine Stellungnahme ab. Darin heißt es: „…“": the sentence
    opens with an adverb that points back at a text, the last one the sentence before names."""
    words = _WORD.findall(text[opening[0] : opening[1]])
    if not words or words[0].casefold() not in lexicon.document_adverbs:
        return None
    stop = len(text[: opening[0]].rstrip()) - 1  # the sentence before ends here
    sentence = text[_sentence_start(text, stop, marks=False) : stop]
    found = None
    for match in _WORD.finditer(sentence):
        if match.group(0).casefold().endswith(lexicon.documents):
            found = match
    if found is None:
        return None
    lead = _WORD.findall(sentence[: found.start()])
    article = lead[-1] if lead and lead[-1].casefold() in lexicon.determiners else ""
    surface = f"{article} {found.group(0)}".strip()
    return Speaker(surface, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)


def _document_owner(text: str, start: int, end: int, mentions: list[Mention]) -> Speaker | None:
    """Without articles: the document a source preposition names, one lower-case word, and
    the name of its owner right after it in the genitive ("говорится в заявлении Даунинг-стрит",
    "czytamy w komunikacie MSZ"): the owner speaks."""
    document = re.match(r"\s+(\w+)\s+", text[start:end])
    if document is None or not document.group(1)[:1].islower():
        return None
    at = start + document.end()
    for m in mentions:
        if m.start == at and m.end <= end and m.type in ("PER", "ORG", "PRO", "LOC"):
            name = m.canonical or m.text
            return Speaker(m.text, m.entity_id, name, settings.QUOTE_CONFIDENCE_ROLE)
    return None


def _framed_subject(
    text: str,
    verb: tuple[int, int],
    clause: tuple[int, int],
    mentions: list[Mention],
    lexicon: AttributionLexicon,
    governed: bool = False,
) -> Speaker | None:
    """The subject the frame's grammar gives: a name inside a split verb ("fügte Kempthorne
    hinzu"), else the noun phrase right after the verb ("…“, sagte der Sprecher") or right
    before it ("Ein Sprecher des Ministeriums sagte: „…“")."""
    for m in mentions:
        if verb[0] < m.start and m.end < verb[1] and m.type in SPEAKER_RANK:
            if _person_right_before(text, verb, clause, mentions):
                break  # "Henning Scherf (SPD), warnte die CDU vor": the split verb holds its object
            name = m.canonical or m.text
            return Speaker(m.text, m.entity_id, name, settings.QUOTE_CONFIDENCE_NAMED)
    if not lexicon.determiners:
        return None  # languages without articles: role nouns and names carry the subject
    inner = text[verb[0] : verb[1]].split(maxsplit=1)
    if (
        len(inner) > 1
        and lexicon.verbs.fullmatch(text[verb[0] : verb[1]])
        and not _person_right_before(text, verb, clause, mentions)
    ):
        # "fügte der Minister hinzu": the subject sits inside the split verb, unless one stands
        # right before it ("Markus Söder (CSU) warf der Ampel vor": an object).
        gap_start = verb[0] + len(inner[0])
        phrase = phrase_after(text, gap_start, verb[1], lexicon)
        if phrase is not None and phrase.end < verb[1]:
            return phrase_speaker(phrase, mentions, lexicon)
    # The frame's own clause starts after the last colon or semicolon before its verb
    # ("…, scharf: So sagte Olli Rehn: „…“").
    cut = max(text.rfind(":", clause[0], verb[0]), text.rfind(";", clause[0], verb[0]))
    clause = (cut + 1, clause[1]) if cut >= 0 else clause
    lead = text[clause[0] : verb[0]] if clause[0] <= verb[0] else ""
    lead_words = _WORD.findall(lead)
    # "dem Bericht zufolge", "laut dem Minister": the cue governs its source's case.
    phrase = phrase_before(text, clause[0], verb[0], lexicon, not governed) if lead_words else None
    if (
        phrase is not None
        and lexicon.is_adverb(phrase.text)
        and mention_in(phrase, mentions) is None
    ):
        phrase = None  # "Wörtlich sagte der Minister": an adverb opens, the subject follows
    if phrase is not None and phrase.text.split()[0].casefold() in lexicon.prepositions:
        phrase = None  # "Über Steve Fossett sagte Branson": a topic; the subject follows
    holder = _person_apposed_to(phrase, text, mentions) if phrase is not None else None
    if holder is not None:
        # "Martin Behrsing, Sprecher des Forums kommentierte": the role describes the person
        # named before its comma, who speaks.
        name = holder.canonical or holder.text
        return Speaker(holder.text, holder.entity_id, name, settings.QUOTE_CONFIDENCE_NAMED)
    inverted = (
        _object_first(phrase, text, verb, clause, mentions, lexicon)
        if phrase is not None and lexicon.verb_second
        else None
    )
    if inverted is not None:
        # "Der Zeitung sagte Filep Karma: …": a dative opens the clause, the name speaks.
        return phrase_speaker(inverted, mentions, lexicon)
    after = False
    # "…“, hatte Koch-Mehrin damals gesagt", "…“ sei, hatte sie gesagt": the subject follows
    # the auxiliary that opens the frame's own clause, after the last comma before the verb.
    own = clause[0] + lead.rfind(",") + 1 if phrase is None else clause[0]
    own_words = _WORD.findall(text[own : verb[0]])
    if phrase is None and own_words and own_words[0].casefold() in lexicon.auxiliaries:
        inverted = phrase_after(text, own, verb[0], lexicon)
        if inverted is not None:
            return phrase_speaker(inverted, mentions, lexicon)
    second = verb_second_subject(text, own, verb[0], lexicon, mentions) if phrase is None else None
    if second is not None:
        # "Zur Lage wird Watzke wie folgt zitiert": the clause opens with an adverbial, and its
        # subject follows the finite verb, which here is not the cue itself.
        spoken = phrase_speaker(second[0], mentions, lexicon)
        if spoken is not None:
            return spoken
    if phrase is None and lead_words:
        apposed = _APPOSED_BEFORE_VERB.search(lead)
        if apposed is not None and all(w[:1].isupper() for w in apposed.group(1).split()):
            # "Der Vorsitzende des Verbands in Deutschland, Michael Knipper, kritisierte": the
            # name set off right before the verb is the subject's own.
            start = clause[0] + apposed.start(1)
            named = Phrase(start, start + len(apposed.group(1)), apposed.group(1), True)
            return phrase_speaker(named, mentions, lexicon)
        phrase = _opening_subject(text, clause, verb, mentions, lexicon)
    # The subject follows the verb right after a quotation ("…“, sagte der Sprecher") and, in
    # a verb-second language, after a short opening adverbial ("Am Montag sagte der Minister").
    short_opening = (
        0 < len(lead_words) <= settings.QUOTE_SUBJECT_SKIP_TOKENS + 1
        and lead_words[0][:1].isupper()
    )
    # A comma right after the verb opens what was said ("sagen, der Pilot trage …").
    opens_content = text[verb[1] : verb[1] + 2].lstrip()[:1] in (",", ":")
    # A verb right after a comma opens its own clause, its subject after it ("…“ über das
    # Geschehen, sagte die britische Königin").
    after_comma = lead.rstrip().endswith(",")
    # In a verb-second language whatever stands before the finite verb is one part, however
    # long: a phrase a preposition opens ("In einer kurzen Presseerklärung erklärte die
    # Fraktion") leaves the subject to follow the verb.
    prepositional_opening = (
        lexicon.verb_second
        and bool(lead_words)
        and lead_words[0].casefold() in lexicon.prepositions
        and "," not in lead
    )
    opening_only = not lead_words or short_opening or after_comma or prepositional_opening
    if phrase is None and opening_only and not opens_content:
        phrase, after = phrase_after(text, verb[1], clause[1], lexicon, not governed), True
    if phrase is None or phrase.text.split()[0].casefold() in lexicon.prepositions:
        return None
    if after and text[phrase.end : phrase.end + 2].strip()[:1] in (":", ",", "."):
        # "Über Steve Fossett sagte Branson: „…“": the frame ends on its subject.
        # "…“, sagte der Sprecher des Ministeriums, Peter Maier": the name set off after a
        # description is the one it describes.
        held = mention_in(phrase, mentions)
        set_off = (
            None if held and held.type == "PER" else _person_apposed_after(phrase, text, mentions)
        )
        if set_off is not None:
            name = set_off.canonical or set_off.text
            return Speaker(set_off.text, set_off.entity_id, name, settings.QUOTE_CONFIDENCE_NAMED)
        return phrase_speaker(phrase, mentions, lexicon)
    # Right after a quotation the phrase after the verb is its subject ("…“, sagte Jelpke"),
    # whatever the case of its first letter; elsewhere a lone capitalised word may be an object.
    return phrase_speaker(phrase, mentions, lexicon, after and bool(lead_words))


def _person_right_before(
    text: str, verb: tuple[int, int], clause: tuple[int, int], mentions: list[Mention]
) -> bool:
    """A person named right before the verb, with at most a bracket and a comma between: the
    verb's subject, so a name the verb brackets is its object."""
    return any(
        m.type == "PER"
        and clause[0] <= m.start
        and m.end <= verb[0]
        and _BRACKET_AND_COMMA.fullmatch(text, m.end, verb[0]) is not None
        for m in mentions
    )


_BRACKET_AND_COMMA = re.compile(r"\s*(?:\([^()\n]{1,30}\))?\s*,?\s*")


def _person_apposed_to(phrase: Phrase, text: str, mentions: list[Mention]) -> Mention | None:
    """The person whose name stands right before the phrase, set off from it by a comma."""
    for m in mentions:
        if m.type == "PER" and m.end <= phrase.start and text[m.end : phrase.start].strip() == ",":
            return m
    return None


def _person_apposed_after(phrase: Phrase, text: str, mentions: list[Mention]) -> Mention | None:
    """The person named right after the phrase, set off by commas or ending the sentence."""
    for m in mentions:
        if (
            m.type == "PER"
            and m.start >= phrase.end
            and text[phrase.end : m.start].strip() == ","
            and text[m.end : m.end + 2].strip()[:1] in ("", ",", ".", ":", "(")
        ):
            return m
    return None


def _object_first(
    phrase: Phrase,
    text: str,
    verb: tuple[int, int],
    clause: tuple[int, int],
    mentions: list[Mention],
    lexicon: AttributionLexicon,
) -> Phrase | None:
    """A description before the verb that names no one, and a full name right after the verb
    that ends the frame: in a verb-second clause the description is an object that opened the
    clause ("Der Zeitung sagte Filep Karma: „…“"), and the name, returned, is the subject."""
    if phrase.named or mention_in(phrase, mentions) is not None:
        return None
    named = phrase_after(text, verb[1], clause[1], lexicon)
    if named is None or text[verb[1] : named.start].strip() or not named.named:
        return None
    full = len(named.text.split()) >= 2 or mention_in(named, mentions) is not None
    ends_frame = text[named.end : named.end + 2].strip()[:1] in (":", ",")
    return named if full and ends_frame else None


_MARKS = " \t\"“”„«»‘’'"
_CLOSING_MARKS = set("”\"»“’'")
# "…, Henning Scherf (SPD), warnte": a party in brackets may follow the name.
_APPOSED_BEFORE_VERB = re.compile(
    r",\s*([^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,3})(?:\s*\([^()\n]{1,30}\))?,\s*$"
)


def _opening_subject(
    text: str,
    clause: tuple[int, int],
    verb: tuple[int, int],
    mentions: list[Mention],
    lexicon: AttributionLexicon,
) -> Phrase | None:
    """The phrase that opens the clause and is its subject: set off by a comma before its
    appositions ("Günther Platter, der Verteidigungsminister Österreichs, …, sagte") or right
    before the finite verb or an auxiliary ("Stoiber hatte … betont", "Zypries sieht …")."""
    opening = phrase_after(text, clause[0], verb[0], lexicon)
    if opening is None or opening.text.split()[0].casefold() in lexicon.prepositions:
        return None
    rest = text[opening.end : verb[0]]
    next_word = _WORD.findall(rest[:30])
    if rest.lstrip()[:1] == ",":
        # A first and last name set off by its apposition is the subject even where the name
        # finder missed it ("Renate Künast, Fraktionschefin der Grünen, kritisierte: …").
        full_name = opening.named and len(opening.text.split()) >= 2
        # Right after a quotation a lone name set off by its apposition is the frame's
        # subject too ("“…,” Sarandon, 69, told MSNBC"), whatever the name finder typed it.
        after_quote = text[max(0, clause[0] - 1) : clause[0]] in _CLOSING_MARKS and not (
            text[clause[0] : opening.start].strip(" ,")
        )
        named = full_name or (opening.named and after_quote)
        return opening if named or mention_in(opening, mentions) else None
    if next_word and next_word[0].casefold() in lexicon.auxiliaries:
        return opening
    return None


def phrase_speaker(
    phrase: Phrase, mentions: list[Mention], lexicon: AttributionLexicon, after: bool = False
) -> Speaker | None:
    held = mention_in(phrase, mentions)
    after_name = phrase.text[held.end - phrase.start :] if held is not None else ""
    if after_name.startswith(POSSESSIVES) and after_name[2:].strip():
        # "Scott's niece": the one named owns the head; the description speaks.
        return Speaker(phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)
    if held is not None and held.type == "PER":
        return Speaker(
            held.text, held.entity_id, held.canonical or held.text, settings.QUOTE_CONFIDENCE_NAMED
        )
    # "ein Sprecher des Ministeriums": the organisation speaks, the role stays in the surface;
    # "the White House said": a place speaks through those who govern it.
    speaking = held or _place_as_phrase(phrase, mentions, lexicon)
    if speaking is not None:
        name = speaking.canonical or speaking.text
        return Speaker(phrase.text, speaking.entity_id, name, settings.QUOTE_CONFIDENCE_ROLE)
    if phrase.named:
        earlier = named_before(phrase.text, mentions, phrase.start)
        if earlier is not None:
            return Speaker(
                phrase.text,
                earlier.entity_id,
                earlier.canonical or earlier.text,
                settings.QUOTE_CONFIDENCE_NAMED,
            )
        if not lexicon.lower_nouns and after and " " not in phrase.text:
            return None  # German capitalises nouns: "äußerte Vorbehalte" names an object
        return Speaker(phrase.text, "", phrase.text, settings.QUOTE_CONFIDENCE_DESCRIBED)
    head, complement = head_and_complement(phrase.text, lexicon)
    body = bool(complement) and (
        describes_a_speaker(complement, lexicon)
        or (lexicon.lower_nouns and any(w[:1].isupper() for w in complement.split()))
    )
    if (
        lexicon.roles.search(head)
        and not body
        and phrase.text.split()[0].casefold() not in lexicon.indefinites
    ):
        return None  # "der Minister": the role stands for someone named before (role_holder)
    # "der Sprecher der Polizei", "a spokesman for the Pentagon": the role is held in the body
    # the complement names, which speaks, the role kept in the surface ("the secretary of
    # state" is a person's role all the same); a description whose head is no role
    # ("das Fazit der Betreiber von Abgeordnetenwatch") speaks for itself.
    return Speaker(phrase.text, "", "", settings.QUOTE_CONFIDENCE_DESCRIBED)


def _place_as_phrase(
    phrase: Phrase, mentions: list[Mention], lexicon: AttributionLexicon
) -> Mention | None:
    """The place the whole phrase names after its article ("the White House", "die Türkei"):
    a building or a country that speaks. A bare name may be a person's surname the entity
    stage took for a place ("Hollande"), and a pronoun after it would then mean a country."""
    words = phrase.text.split()
    if len(words) < 2 or words[0].casefold() not in lexicon.determiners:
        return None
    named = " ".join(words[1:])
    for m in mentions:
        if m.type == "LOC" and phrase.start <= m.start and m.end <= phrase.end and m.text == named:
            return m
    return None


def head_and_complement(phrase: str, lexicon: AttributionLexicon) -> tuple[str, str]:
    """A description split at its first joiner after the head: "der Sprecher" and "der
    Polizei", "a spokesman" and "for the ministry"; the complement is "" where there is none."""
    words = phrase.split()
    for k in range(1, len(words)):
        if words[k].casefold() in lexicon.joiners and words[k - 1].casefold() not in (
            lexicon.determiners | lexicon.joiners
        ):
            return " ".join(words[:k]), " ".join(words[k:])
    return phrase, ""
