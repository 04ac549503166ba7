"""Find temporal expressions in text and resolve them to calendar days.

One set of compiled patterns per language, built once from the vocabulary and cached: the
pipeline runs on thousands of articles, so no per-call parsing library sits in the hot path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from typing import Any

from newsweave.dates import resolve
from newsweave.dates.vocabulary import APOSTROPHES, Vocabulary, normalise_word, vocabulary
from newsweave.model import DateRef

try:  # the regex parser's private modules (3.11+): without them no pattern gets a guard
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    sre = sre_parse = None

_FLAGS = re.IGNORECASE | re.UNICODE
_LEFT = r"(?<![\w])"
_RIGHT = r"(?![\w])"
# Where words are written without spaces (zh) every ideograph is a word character, so \w finds
# no word edge: a date word may start anywhere but after a digit or a Latin letter ("2周二").
_UNSPACED_LEFT = r"(?<![0-9A-Za-z])"
_ORDINAL = r"(?:\.|st|nd|rd|th|er|re|º|ª|°|-?(?:го|е|я|ого))?"
_YEAR_DIGITS = r"(?:1[89]|20)\d{2}(?!\d)"
_YEAR = rf"(?P<year>{_YEAR_DIGITS})"
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a decimal digit of another script: "١٩"


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first, tolerant of apostrophe and space variants."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        escaped = re.sub(r"\\?'", f"[{APOSTROPHES}]", escaped)
        escaped = escaped.replace(r"\ ", r"\s+").replace(r"\-", r"[-‐‑\s]?")
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


def _word_start(proclitics: Iterable[str], left: str = _LEFT) -> str:
    """The start of a word, or the point just after a proclitic written onto it ("و|أمس")."""
    after = "".join(f"|(?<={left}{re.escape(p)})" for p in proclitics)
    return f"(?:{left}{after})" if after else left


class _NoGuard(Exception):
    """A pattern whose first characters _first_characters does not work out."""


_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_Item = tuple[Any, Any]  # one (operation, argument) of a parsed pattern


def _first_characters(items: Iterable[_Item], out: list[_Item]) -> bool:
    """Add to ``out`` the set members (literal, range, category) that a match of the parsed
    ``items`` may begin with; True where they may also match nothing. Raises _NoGuard on
    what it does not follow (a negated set, any character, a back reference, inline flags)."""
    for op, av in items:
        if op is sre.LITERAL:
            out.append((op, av))
            return False
        if op is sre.IN:
            if any(kind is sre.NEGATE for kind, _ in av):
                raise _NoGuard
            out.extend(av)
            return False
        if op is sre.SUBPATTERN:
            _, added_flags, removed_flags, inner = av
            if added_flags or removed_flags:
                raise _NoGuard
            if not _first_characters(inner, out):
                return False
        elif op is sre.BRANCH:
            # every branch's first characters count, so none may stop early
            empty = [_first_characters(branch, out) for branch in av[1]]
            if not any(empty):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            least, _, inner = av
            if not _first_characters(inner, out) and least > 0:
                return False
        elif op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # these match no character
            raise _NoGuard
    return True


def _set_member(op: Any, av: Any) -> str:
    if op is sre.LITERAL:
        return f"\\U{av:08x}"
    if op is sre.RANGE:
        return f"\\U{av[0]:08x}-\\U{av[1]:08x}"
    if op is sre.CATEGORY and av in _CATEGORIES:
        return _CATEGORIES[av]
    raise _NoGuard


def _guarded(pattern: str) -> str:
    """``pattern`` behind a look-ahead for the characters a match may begin with.

    The word alternations below ignore case, and under IGNORECASE the regex engine neither
    skips ahead to a possible first character nor sorts out an alternation's words by theirs:
    it tries every word at every word start. One set test turns most starts away first (a
    third less time in find_dates). The matches are the same: a pattern that may match
    nothing, or whose first characters are not worked out, is left as it is."""
    if sre_parse is None:
        return pattern
    try:
        items: list[_Item] = []
        if _first_characters(sre_parse.parse(pattern, _FLAGS), items):
            return pattern
        members = [_set_member(op, av) for op, av in items]
    except (_NoGuard, AttributeError):  # (AttributeError: a parser that changed shape)
        return pattern
    return "(?=[" + "".join(dict.fromkeys(members)) + "])" + pattern


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    date: date | None
    kind: str
    priority: int  # when spans tie, the more specific reading wins


@dataclass(frozen=True)
class _Patterns:
    vocab: Vocabulary
    iso: re.Pattern[str]
    numeric: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str] | None
    month_year: re.Pattern[str]
    month: re.Pattern[str]
    weekday: re.Pattern[str]
    relative_day: re.Pattern[str] | None
    unit: re.Pattern[str] | None
    ago: re.Pattern[str] | None
    ahead: re.Pattern[str] | None
    year_first: re.Pattern[str] | None = None  # 2024/3/12
    counted: re.Pattern[str] | None = None  # 2024年3月12日, 去年12月, 三月十二日
    relative_year: re.Pattern[str] | None = None  # 去年
    not_date: re.Pattern[str] | None = None  # every occurrence of a not_dates word, overlapping
    not_date_reach: int = 0  # how far such a word reaches past a date word's edge
    day_alone: re.Pattern[str] | None = None  # "12日表示": the day of the month, no month


@lru_cache(maxsize=64)
def _patterns(language: str) -> _Patterns:
    vocab = vocabulary(language)
    unspaced = vocab.unspaced
    left = _word_start(vocab.proclitics, _UNSPACED_LEFT if unspaced else _LEFT)
    # Month names keep _RIGHT: an unspaced language counts its months (3月, 三月), which
    # _counted_pattern reads, so its CLDR names need not match inside a run of ideographs.
    right = "" if unspaced else _RIGHT
    gap = r"\s*" if unspaced else r"\s+"  # between a modifier and its noun: 上周, "last week"
    months = _alternation(vocab.months)
    abbreviations = _alternation(vocab.month_abbreviations)
    # "19 شباط/فبراير 2020": a second name of the same month, for readers of either calendar
    any_month = rf"(?P<month>{months}|{abbreviations}\.?)(?:\s*/\s*{months})?"
    year_word = rf"(?:\s*{_alternation(vocab.year_words)})?" if vocab.year_words else ""
    year_before = (
        rf"(?:{_alternation(vocab.year_words_before)}\s+)?" if vocab.year_words_before else ""
    )
    weekdays = _alternation(vocab.weekdays)
    modifiers = _alternation(vocab.modifiers)
    prepositions = _alternation(vocab.weekday_prepositions)
    numbers = rf"(?P<count>\d{{1,3}}|{_alternation(vocab.numbers)})"
    count_units = _alternation(vocab.count_units)
    # "منذ عام 2011", "منذ شهر مارس": a unit before a year or a month names it, not a span
    not_named = rf"(?!\s+(?:{_YEAR_DIGITS}|{months}))"

    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(_guarded(pattern), _FLAGS)

    day_month = (
        rf"{left}(?P<day>\d{{1,2}}){_ORDINAL}\s*(?:(?:de|of|the)\s+)?{any_month}{_RIGHT}"
        rf"(?:,?\s*(?:(?:de|del|of)\s+)?{year_before}{_YEAR}{year_word})?"
    )
    month_day = (
        rf"{left}{any_month}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s*{_YEAR})?"
        if vocab.month_day
        else None
    )
    # Unspaced, a modifier after its noun would be the next word's first character: 周二下午
    # is Tuesday afternoon, not next Tuesday; the modifier stands before (上周二, 下个月).
    modifier_after = "" if unspaced else rf"(?:\s+(?P<modafter>{modifiers}){_RIGHT})?"
    weekday = (
        rf"{left}(?:(?P<prep>{prepositions})\s+)?(?:(?P<mod>{modifiers}){gap})?"
        rf"(?P<weekday>{weekdays}){right}{modifier_after}"
    )
    unit = None
    if vocab.units and vocab.modifiers:
        units = _alternation(vocab.units)
        unit_then_modifier = "" if unspaced else rf"|(?P<unit2>{units})\s+(?P<mod2>{modifiers})"
        unit = rf"{left}(?:(?P<mod>{modifiers}){gap}(?P<unit>{units}){unit_then_modifier}){right}"
    ago = None
    if vocab.ago_before or vocab.ago_after:
        # Unspaced, a unit and "ago" with no count are a word of their own: 年前 is "before
        # the New Year", 日前 "recently".
        count_needed = "" if unspaced else "?"
        ago = (
            rf"{left}(?:{_alternation(vocab.ago_before)}\s+(?:{numbers}\s+)?"
            rf"(?P<unit>{count_units}){_RIGHT}{not_named}"
            rf"|(?:{numbers.replace('count', 'count2')}{gap}){count_needed}"
            rf"(?P<unit2>{count_units}){gap}{_alternation(vocab.ago_after)}{right})"
        )
    ahead = (
        rf"{left}{_alternation(vocab.ahead_before)}\s+(?:{numbers}\s+(?P<unit>{count_units})"
        rf"|(?P<unit2>{_alternation(vocab.unit_counts)})){_RIGHT}{not_named}"
        if vocab.ahead_before
        else None
    )
    return _Patterns(
        vocab=vocab,
        iso=compiled(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),
        numeric=compiled(
            r"(?<![\d.,/])(?P<a>\d{1,2})\s?(?P<sep>[./])\s?(?P<b>\d{1,2})\s?(?P=sep)\s?"
            r"(?P<year>\d{4})(?![\d])"
        ),
        day_month=compiled(day_month),
        month_day=compiled(month_day) if month_day else None,
        month_year=compiled(
            rf"{left}(?P<month>{months})(?:\s*/\s*{months})?\s+(?:(?:de|of)\s+)?"
            rf"{year_before}{_YEAR}{year_word}"
        ),
        month=compiled(rf"{left}(?P<month>{months}){_RIGHT}"),
        weekday=compiled(weekday),
        relative_day=compiled(rf"{left}{_alternation(vocab.relative_days)}{right}")
        if vocab.relative_days
        else None,
        unit=compiled(unit) if unit else None,
        ago=compiled(ago) if ago else None,
        ahead=compiled(ahead) if ahead else None,
        year_first=compiled(
            rf"(?<![\d.,/-])(?P<year>{_YEAR_DIGITS})(?P<sep>[./-])(?P<a>\d{{1,2}})(?P=sep)"
            r"(?P<b>\d{1,2})(?!\d)"
        )
        if vocab.slash_order == "ymd"
        else None,
        counted=compiled(_counted_pattern(vocab)) if vocab.counters else None,
        relative_year=compiled(rf"{left}(?P<word>{_alternation(vocab.relative_years)})")
        if vocab.relative_years
        else None,
        not_date=re.compile(f"(?=({_alternation(vocab.not_dates)}))", _FLAGS)
        if vocab.not_dates
        else None,
        not_date_reach=max((len(word) for word in vocab.not_dates), default=1) - 1,
        day_alone=compiled(_day_alone_pattern(vocab)) if vocab.day_alone else None,
    )


def _day_alone_pattern(vocab: Vocabulary) -> str:
    """A day of the month in figures and its counter with no month before it ("美国总统12日
    表示"): not the tail of a longer number or of a counted month, and not a count of days
    ("30日内", "5日前")."""
    day = _alternation(vocab.counters.get("day", ()))
    return rf"(?<![\d月])(?P<day>\d{{1,2}})\s*{day}(?![内以之后後前])"


def _counted_pattern(vocab: Vocabulary) -> str:
    """Year, month and day each as a number and its counter word: 2024年3月12日, 去年12月,
    三月十二日. The month is required: a counted month cannot be read as anything else."""
    counters = {
        name: _alternation(vocab.counters.get(name, ())) for name in ("year", "month", "day")
    }
    numeral = rf"\d{{1,2}}|{_alternation(vocab.day_numbers)}"
    numeral_characters = re.escape("".join(sorted(set("".join(vocab.day_numbers)))))
    # not the tail of a longer number: 二十二月 is no month, 123月 no March
    no_number_before = rf"(?<![\d{numeral_characters}])" if numeral_characters else r"(?<!\d)"
    year_word = _alternation(vocab.relative_years)
    return (
        rf"{no_number_before}(?:(?P<year>{_YEAR_DIGITS})\s*{counters['year']}\s*"
        rf"|(?P<yearword>{year_word})\s*)?"
        rf"(?P<month>{numeral})\s*{counters['month']}"
        rf"(?:\s*(?P<day>{numeral})\s*{counters['day']})?"
    )


def _name_ok(vocab: Vocabulary, surface: str) -> bool:
    """Languages that always capitalise month and day names: lower case is another word."""
    return not vocab.capitalized or surface[:1].isupper()


def _month_number(vocab: Vocabulary, surface: str) -> int | None:
    key = normalise_word(surface).rstrip(".")
    return vocab.months.get(key) or vocab.month_abbreviations.get(key)


def _count(vocab: Vocabulary, surface: str | None, unit: str) -> int:
    if not surface:
        return vocab.unit_counts.get(normalise_word(unit), 1)
    if surface.isdigit():
        return int(surface)
    return vocab.numbers.get(normalise_word(surface), 1)


def _absolute(p: _Patterns, text: str, reference: date | None) -> Iterable[_Candidate]:
    vocab = p.vocab
    for m in p.iso.finditer(text):
        day = resolve.safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
        if day:
            yield _Candidate(m.start(), m.end(), day, "absolute", 3)
    for m in p.numeric.finditer(text):
        first, second = int(m["a"]), int(m["b"])
        month_first = m["sep"] == "/" and vocab.slash_order == "mdy" and second <= 31
        if first > 12:
            month_first = False
        month, day_number = (first, second) if month_first else (second, first)
        day = resolve.safe_date(int(m["year"]), month, day_number)
        if day:
            yield _Candidate(m.start(), m.end(), day, "absolute", 3)
    if p.year_first:
        for m in p.year_first.finditer(text):
            day = resolve.safe_date(int(m["year"]), int(m["a"]), int(m["b"]))
            if day:
                yield _Candidate(m.start(), m.end(), day, "absolute", 3)
    for pattern in (p.day_month, p.month_day):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            named = _month_number(vocab, m["month"])
            if named is None or not _name_ok(vocab, m["month"]):
                continue
            month = named
            day_number = int(m["day"])
            if m["year"]:
                found = resolve.safe_date(int(m["year"]), month, day_number)
            elif not 1 <= day_number <= 31:
                continue
            else:
                found = resolve.yearless(month, day_number, reference)
            yield _Candidate(m.start(), m.end(), found, "absolute", 2)


def _numeral(vocab: Vocabulary, surface: str) -> int:
    return int(surface) if surface.isdigit() else vocab.day_numbers[normalise_word(surface)]


def _counted(p: _Patterns, text: str, reference: date | None) -> Iterable[_Candidate]:
    """Counted dates (2024年3月12日): a day makes it absolute, a month alone is a month."""
    if p.counted is None:
        return
    vocab = p.vocab
    for m in p.counted.finditer(text):
        month = _numeral(vocab, m["month"])
        if not 1 <= month <= 12:
            continue
        year: int | None = int(m["year"]) if m["year"] else None
        if m["yearword"]:
            offset = vocab.relative_years[normalise_word(m["yearword"])]
            year = reference.year + offset if reference else None
        known_year = bool(m["year"] or m["yearword"])
        found: date | None
        if m["day"]:
            day_number = _numeral(vocab, m["day"])
            if not 1 <= day_number <= 31:
                continue
            if known_year:
                found = resolve.safe_date(year, month, day_number) if year else None
            else:
                found = resolve.yearless(month, day_number, reference)
            yield _Candidate(m.start(), m.end(), found, "absolute", 2)
        else:
            if known_year:
                found = resolve.safe_date(year, month, 1) if year else None
            else:
                found = resolve.yearless(month, 1, reference)
            yield _Candidate(m.start(), m.end(), found, "month", 1)


def _days_alone(p: _Patterns, text: str, reference: date | None) -> Iterable[_Candidate]:
    """A day alone ("12日") is the 12th of the reference's month, or of the month before where
    that would lie more than DATES_DAY_ALONE_FUTURE_DAYS after the reference."""
    if p.day_alone is None:
        return
    for m in p.day_alone.finditer(text):
        day_number = int(m["day"])
        if not 1 <= day_number <= 31:
            continue
        found = resolve.monthless(day_number, reference)
        yield _Candidate(m.start(), m.end(), found, "absolute", 1)


def _inside_other_word(p: _Patterns, text: str, start: int, end: int) -> bool:
    """A not_dates word runs across an edge of text[start:end]: its characters are that
    word's (目前天然气 holds no 前天, 登上月球 no 上月)."""
    if p.not_date is None:
        return False
    lowest = max(0, start - p.not_date_reach)
    for m in p.not_date.finditer(text, lowest, end + p.not_date_reach):
        if m.start(1) < start < m.end(1) or m.start(1) < end < m.end(1):
            return True
    return False


def _preceding_word(text: str, start: int) -> str:
    """The one or two words before a position, normalised, for context checks."""
    head = text[max(0, start - 40) : start]
    words = re.findall(r"[\w'’ʼ-]+", head)
    return " ".join(words[-2:]).casefold()


def _in_month_context(vocab: Vocabulary, before: str) -> bool:
    last = before.split(" ")[-1] if before else ""
    bare = [last[len(p) :] for p in vocab.proclitics if last.startswith(p)]  # "وفي" is "في"
    return any(word in vocab.month_context for word in (last, before, *bare))


def _months(p: _Patterns, text: str, reference: date | None) -> Iterable[_Candidate]:
    vocab = p.vocab
    for m in p.month_year.finditer(text):
        month = _month_number(vocab, m["month"])
        if month and _name_ok(vocab, m["month"]):
            yield _Candidate(m.start(), m.end(), date(int(m["year"]), month, 1), "month", 1)
    for m in p.month.finditer(text):
        surface = m["month"]
        month = _month_number(vocab, surface)
        if month is None or not _name_ok(vocab, surface):
            continue
        # A bare month name is only a date after a preposition or qualifier ("в октябре",
        # "early March"); elsewhere it may be a name or a verb ("May", "Maja").
        if not _in_month_context(vocab, _preceding_word(text, m.start())):
            continue
        found = resolve.yearless(month, 1, reference)
        yield _Candidate(m.start(), m.end(), found, "month", 0)


def _weekdays(p: _Patterns, text: str, reference: date | None) -> Iterable[_Candidate]:
    vocab = p.vocab
    for m in p.weekday.finditer(text):
        surface = m["weekday"]
        if not _name_ok(vocab, surface):
            continue
        key = normalise_word(surface)
        if _inside_other_word(p, text, m.start("weekday"), m.end("weekday")):
            continue  # 每周一 is every Monday, 一周一次 once a week
        before = m["mod"]
        if before and _inside_other_word(p, text, m.start("mod"), m.start("weekday")):
            before = None  # 日本周二 is Japan on Tuesday, not this Tuesday
        after = m.groupdict().get("modafter")
        modifier_word = before or after
        if key in vocab.ambiguous_weekdays and not (m["prep"] or modifier_word):
            continue
        modifier = vocab.modifiers.get(normalise_word(modifier_word)) if modifier_word else None
        start = m.start() if (m["prep"] or before) else m.start("weekday")
        end = m.end() if after else m.end("weekday")
        found = None
        if reference and vocab.week_modifiers and modifier is not None:
            found = resolve.day_of_week(vocab.weekdays[key], reference, modifier)
        elif reference:
            found = resolve.weekday(vocab.weekdays[key], reference, modifier)
        yield _Candidate(start, end, found, "weekday", 1)


def _relatives(p: _Patterns, text: str, reference: date | None) -> Iterable[_Candidate]:
    vocab = p.vocab

    def anchored(shift: Callable[[date], date]) -> date | None:
        if reference is None:
            return None
        try:
            return shift(reference)
        except (ValueError, OverflowError):  # 前年 read in the year 2: no year 0
            return None

    if p.relative_day:
        for m in p.relative_day.finditer(text):
            offset = vocab.relative_days.get(normalise_word(m.group()))
            if offset is None:
                continue
            found = anchored(partial(resolve.count_shift, "day", offset))
            yield _Candidate(m.start(), m.end(), found, "relative", 1)
    if p.unit:
        for m in p.unit.finditer(text):
            groups = m.groupdict()
            unit = vocab.units[normalise_word(groups["unit"] or groups["unit2"])]
            modifier = vocab.modifiers[normalise_word(groups["mod"] or groups["mod2"])]
            found = anchored(partial(resolve.unit_shift, unit, modifier=modifier))
            yield _Candidate(m.start(), m.end(), found, "relative", 1)
    if p.relative_year:
        for m in p.relative_year.finditer(text):
            offset = vocab.relative_years[normalise_word(m["word"])]
            found = anchored(partial(resolve.unit_shift, "year", modifier=offset))
            yield _Candidate(m.start(), m.end(), found, "relative", 1)
    for pattern, sign in ((p.ago, -1), (p.ahead, 1)):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            groups = m.groupdict()
            unit_word = groups.get("unit") or groups["unit2"]
            unit = vocab.count_units[normalise_word(unit_word)]
            count = _count(vocab, groups.get("count") or groups.get("count2"), unit_word)
            found = anchored(partial(resolve.count_shift, unit, sign * count))
            yield _Candidate(m.start(), m.end(), found, "relative", 1)


def _merge_weekday_dates(chosen: list[_Candidate], text: str) -> list[_Candidate]:
    """ "в четверг, 10 января" is one absolute date; the weekday also picks a year-less year."""
    merged: list[_Candidate] = []
    for candidate in chosen:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == "weekday"
            and candidate.kind == "absolute"
            and re.fullmatch(r"[\s,،]*(?:the\s+)?", text[previous.end : candidate.start], _FLAGS)
        ):
            merged[-1] = _Candidate(previous.start, candidate.end, candidate.date, "absolute", 3)
            continue
        merged.append(candidate)
    return merged


def _ascii_digits(text: str) -> str:
    """The text with "١٩ فبراير ٢٠٢٠" read as "19 فبراير 2020", and a year written in Chinese
    digits one by one ("二〇二四年") as "2024年": one digit for one, so every offset into it is
    an offset into the text."""
    text = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)
    return _HAN_DIGIT_YEAR.sub(lambda m: m.group().translate(_HAN_DIGITS), text)


_HAN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
# four digit characters before 年: a year spelled digit by digit; a count of years is written
# with tens (二十年, twenty years)
_HAN_DIGIT_YEAR = re.compile("[〇零一二三四五六七八九]{4}(?=年)")


def find_dates(text: str, language: str, reference: date | None) -> list[DateRef]:
    """Every temporal expression in the text, with offsets and the day it resolves to."""
    if not text:
        return []
    p = _patterns(language or "")
    digits = _ascii_digits(text)
    candidates = [
        *_absolute(p, digits, reference),
        *_months(p, digits, reference),
        *_weekdays(p, digits, reference),
        *_relatives(p, digits, reference),
        *_counted(p, digits, reference),
        *_days_alone(p, digits, reference),
    ]
    if p.not_date is not None:
        candidates = [
            c
            for c in candidates
            if c.kind != "relative" or not _inside_other_word(p, digits, c.start, c.end)
        ]
    # The longest reading of a stretch of text wins; ties go to the more specific kind.
    candidates.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[_Candidate] = []
    for candidate in candidates:
        if all(candidate.end <= t.start or candidate.start >= t.end for t in taken):
            taken.append(candidate)
    taken.sort(key=lambda c: c.start)
    return [
        DateRef(text[c.start : c.end], c.start, c.end, c.date, c.kind)
        for c in _merge_weekday_dates(taken, text)
    ]
