"""Datelines ("BERLIN (AP) —") and agency credits ("/БГНЕС, АФП", "— AFP") in plain text.

Agencies come from data/agencies.json with aliases in several scripts, so "АП"
and "Associated Press" both become "AP" in meta["agency"].
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsweave import settings

DASHES = "-–—‒―"
DASH_CLASS = re.escape(DASHES)  # inside [...], an unescaped "-" would make a range
# Place names in datelines are one to four words, capitalised, possibly hyphenated or dotted.
PLACE = r"[^\W\d_][^\W\d_'’.\-]*(?:[ \-][^\W\d_][^\W\d_'’.\-]*){0,3}"
DATELINE_WITH_AGENCY = re.compile(
    rf"^(?P<place>{PLACE})(?:,[^()\n{DASH_CLASS}]{{1,40}})?\s*\((?P<agency>[^()\n]{{2,40}})\)"
    rf"\s*[{DASH_CLASS}:]\s*"
)
DATELINE_CAPS = re.compile(
    rf"^(?P<place>{PLACE})(?:,[^()\n{DASH_CLASS}]{{1,40}})?\s+[{DASH_CLASS}]\s+"
)
AGENCY_SEPARATORS = re.compile(r"\s*(?:[,;/+&]|\band\b|\bи\b|\bet\b|\bund\b|\by\b|\be\b)\s*")
CREDIT_WRAPPERS = f" \t/()[]{DASHES}©.:"
INITIALS_MAX_CHARS = 3  # "mk" in "dpa/mk": an editor's initials, not an agency
COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
# "САНКТ-ПЕТЕРБУРГ, 22 декабря — РИА Новости.", "КИЇВ, 25 квітня /Укрінформ/.": the agency
# closes the dateline instead of sitting in brackets inside it.
DATELINE_AGENCY_AFTER = re.compile(
    rf"^(?P<place>{PLACE})(?:,[^()\n/{DASH_CLASS}]{{1,40}})?\s*"
    rf"(?:[{DASH_CLASS}]\s*(?P<dash>[^\n./{DASH_CLASS}]{{2,40}}?)|/(?P<slash>[^/\n]{{2,40}})/)"
    rf"\s*(?:\.\s+|\.?$)"
)
INLINE_CREDIT = re.compile(
    rf"(?:\s/\s?(?P<slash>[^/\n]{{2,60}})|\s\((?P<paren>[^()\n]{{2,40}})\)"
    rf"|\s[{DASH_CLASS}]\s(?P<dash>[^{DASH_CLASS}\n]{{2,40}}))\s*$"
)


@dataclass(frozen=True)
class Dateline:
    """The place-and-agency prefix of the first paragraph."""

    prefix: str  # as written, without the trailing dash: "МОСКВА (АП)"
    place: str
    agencies: list[str]
    rest: str  # the paragraph without the prefix


@cache
def _agency_data() -> dict:
    path = resources.files("newsweave") / "data" / "agencies.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def agency_aliases() -> dict[str, str]:
    """Alias -> normalised name; all-caps aliases keep their case, others are casefolded."""
    aliases: dict[str, str] = {}
    for agency in _agency_data()["agencies"]:
        for alias in agency["aliases"]:
            aliases[alias if alias.isupper() else alias.casefold()] = agency["name"]
    return aliases


@cache
def credit_labels() -> tuple[str, ...]:
    labels = {label for values in _agency_data()["credit_labels"].values() for label in values}
    # Longest first so "por" does not shadow "por información de".
    return tuple(sorted(labels, key=len, reverse=True))


def agency_name(alias: str) -> str | None:
    """The normalised agency for one written alias, or None."""
    alias = alias.strip(CREDIT_WRAPPERS)
    aliases = agency_aliases()
    return aliases.get(alias) or aliases.get(alias.casefold()) if alias else None


def agency_list(text: str) -> list[str] | None:
    """Agencies in a list like "БГНЕС, АФП" or "AP and Reuters"; None if a part is not one."""
    parts = [part for part in AGENCY_SEPARATORS.split(text.strip(CREDIT_WRAPPERS)) if part.strip()]
    names = [agency_name(part) for part in parts]
    # "dpa/mk", "AP/ab": an editor's initials may follow the agency.
    names = [n for n, part in zip(names, parts, strict=True) if n or not _initials(part)]
    if not names or any(name is None for name in names):
        return None
    return [name for name in names if name is not None]


def _initials(part: str) -> bool:
    return len(part) <= INITIALS_MAX_CHARS and part.isalpha() and part.islower()


def _strip_label(text: str) -> str:
    lowered = text.casefold()
    for label in credit_labels():
        if lowered.startswith(label) and lowered[len(label) : len(label) + 1] in (":", " ", "-"):
            return text[len(label) :].lstrip(" :-")
    return text


def credit_line_agencies(line: str) -> list[str] | None:
    """Agencies if the whole line is a credit ("(Reuters)", "— AFP", "Source: TASS", "© AFP")."""
    if len(line) > settings.CREDIT_MAX_CHARS:
        return None
    body = _strip_label(line.strip().strip(CREDIT_WRAPPERS))
    names = agency_list(body)
    if names:
        return names
    if COPYRIGHT.match(line):
        return copyright_agencies(line)
    return None


@cache
def _alias_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One pattern for the all-caps aliases (matched as written), one for the rest (casefolded)."""
    aliases = agency_aliases()
    caps = sorted((a for a in aliases if a.isupper()), key=len, reverse=True)
    other = sorted((a for a in aliases if not a.isupper()), key=len, reverse=True)

    def pattern(names: list[str]) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, names))})(?!\w)")

    return pattern(caps), pattern(other)


def copyright_agencies(line: str) -> list[str]:
    """Agencies named anywhere in a copyright notice ("Copyright 2024 The Associated Press.")."""
    aliases = agency_aliases()
    caps, other = _alias_patterns()
    hits = [(m.start(), aliases[m.group(0)]) for m in caps.finditer(line)]
    hits += [(m.start(), aliases[m.group(0)]) for m in other.finditer(line.casefold())]
    found: list[str] = []
    for _, name in sorted(hits):
        if name not in found:
            found.append(name)
    return found


Ending = tuple[str, ...]  # the casefolded words a line ends with


@cache
def contribution_endings() -> tuple[tuple[Ending, ...], tuple[Ending, ...]]:
    """(endings that are a credit by themselves, endings that need an agency named too)."""
    data = _agency_data().get("contribution_endings", {})
    strong: set[Ending] = set()
    weak: set[Ending] = set()
    for entries in data.values():
        for entry in entries:
            words = tuple(re.findall(r"[^\W_]+", entry.casefold()))
            (strong if len(words) > 1 else weak).add(words)
    return tuple(sorted(strong)), tuple(sorted(weak))


def contribution_credit(line: str) -> list[str] | None:
    """Agencies (maybe none) if the line credits contributors: "AP writer Ann Lee contributed."."""
    if len(line) > settings.CREDIT_MAX_CHARS:
        return None
    words = tuple(re.findall(r"[^\W_]+", line.casefold()))
    strong, weak = contribution_endings()
    if any(words[-len(ending) :] == ending for ending in strong):
        return copyright_agencies(line)
    # "Rising costs also contributed." is prose; the bare verb is a credit only beside an agency.
    if any(words[-len(ending) :] == ending for ending in weak):
        return copyright_agencies(line) or None
    return None


def split_inline_credit(line: str) -> tuple[str, str, list[str]] | None:
    """(body, credit, agencies) for a paragraph ending in a credit: "... година. /БГНЕС, АФП"."""
    match = INLINE_CREDIT.search(line)
    if not match:
        return None
    written = match.group("slash") or match.group("paren") or match.group("dash") or ""
    names = agency_list(written)
    if not names:
        return None
    return line[: match.start()].rstrip(), line[match.start() :].strip(), names


_HAN_START, _HAN_END = "\u4e00", "\u9fff"
_HAN = f"{_HAN_START}-{_HAN_END}"
_HAN_NUMBER = "[0-9０-９〇一二三四五六七八九十]{1,3}"


@cache
def _han_dateline() -> re.Pattern[str]:
    """A Chinese dateline: an agency, the place and the day, closed by 电 (wire) and run
    into the first sentence without a space ("新华社柏林3月12日电",
    "中新网北京3月12日电（记者 王丽）")."""
    han_aliases = sorted(
        (a for a in agency_aliases() if a and all(_HAN_START <= c <= _HAN_END for c in a)),
        key=len,
        reverse=True,
    )
    return re.compile(
        f"^(?P<agency>{'|'.join(map(re.escape, han_aliases))})"
        f"(?:记者[{_HAN}·]{{2,8}}?)?(?P<place>[{_HAN}]{{2,8}}?)"
        f"(?:{_HAN_NUMBER}月)?{_HAN_NUMBER}日[电電]"
        f"(?:[（(][^）)\n]{{1,30}}[）)])?[\\s：:]*"
    )


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of a paragraph: "ROMA, 12 marzo (ANSA) -", "PARIS —",
    "新华社柏林3月12日电"."""
    han = _han_dateline().match(paragraph) if paragraph[:1] >= _HAN_START else None
    if han:
        listed = agency_list(han.group("agency")) or []
        prefix = han.group(0).rstrip(" \t：:")
        return Dateline(prefix, han.group("place"), listed, paragraph[han.end() :])
    match = DATELINE_AGENCY_AFTER.match(paragraph)
    if match and _is_caps(match.group("place")):
        agencies = agency_list(match.group("dash") or match.group("slash") or "")
        if agencies:
            return _dateline(paragraph, match, match.group("place"), agencies)
    match = DATELINE_WITH_AGENCY.match(paragraph)
    if match:
        agencies = agency_list(match.group("agency"))
        place = match.group("place")
        if agencies is None and not _is_caps(place):
            return None
        return _dateline(paragraph, match, place, agencies or [])
    match = DATELINE_CAPS.match(paragraph)
    if match and _is_caps(match.group("place")):
        return _dateline(paragraph, match, match.group("place"), [])
    return None


def _dateline(paragraph: str, match: re.Match[str], place: str, agencies: list[str]) -> Dateline:
    prefix = match.group(0).rstrip().rstrip(DASHES + ":.").rstrip()
    return Dateline(prefix, place.strip(), agencies, paragraph[match.end() :])


def _is_caps(place: str) -> bool:
    letters = [char for char in place if char.isalpha()]
    return len(letters) >= 3 and all(char.isupper() for char in letters)
