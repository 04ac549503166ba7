"""Scraped plain text -> title, body paragraphs, and every dropped line with its reason.

A line is judged by its own shape (lines.py), by the phrase lists, by repetition
inside the text and by its position: before the first and after the last line of
prose, a page has menus, dates, teasers and bios; between them, only strong signals
drop a line, so short real paragraphs and subheadings survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from newsweave import settings
from newsweave.clean import credits, lines
from newsweave.model import RemovedLine

TITLE = "title"  # verdict of the line that became the title: kept, not reported as removed
# Verdicts that need no context: in extracted text they hold anywhere, while shape rules
# (counters, dates, short lines, teaser blocks) hold only above or below the prose.
CONTEXT_FREE = frozenset({"link", "agency credit", "copyright", "credit", "translation note"})
TITLE_SUFFIX = re.compile(r"^(?P<head>.+?)\s+(?P<sep>[|–—-]|::)\s+(?P<site>[^|–—]+)$")


@dataclass
class Cleaned:
    """What the line cleaner found in one text."""

    title: str
    paragraphs: list[str]
    removed: list[RemovedLine] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    agencies: list[str] = field(default_factory=list)


@dataclass
class Page:
    """The non-blank lines of a text and the verdict on each ("" keeps the line)."""

    lines: list[str]
    verdicts: list[str]

    def kept(self) -> list[int]:
        return [i for i, verdict in enumerate(self.verdicts) if not verdict]


def clean_text(
    text: str, title: str | None = None, extracted: bool = False, author: str | None = None
) -> Cleaned:
    """Split scraped text into title, body and removed lines; nothing is silently lost.

    ``extracted`` text comes from trafilatura, which already cut the page furniture by
    markup: there, lines are judged on their own (phrases, counters, credits), not by
    position or repetition, which would cut lists and tables that are the article.
    ``author``, when the markup named one, lets a closing bio of that person go.
    """
    page = Page(unwrap_lines(text), [])
    page.verdicts = [""] * len(page.lines)
    result = Cleaned(title="", paragraphs=[])
    mark_line_rules(page, result, extracted)
    mark_header_lines(page, result)
    line_rules = list(page.verdicts)
    result.title = choose_title(page, title, result.meta)
    if not extracted:
        mark_repeated_lines(page)
    mark_related_blocks(page)
    if author:
        result.meta.setdefault("author", author)
    if extracted:
        keep_inner_lines(page, line_rules)
        mark_trailing_bios(page, result.meta.get("author") or author or "")
    else:
        mark_outside_prose(page, result.meta)
    result.paragraphs = [page.lines[i] for i in page.kept()]
    if "dateline" not in result.meta:
        cut_dateline(result)
    result.removed = [
        RemovedLine(line, verdict)
        for line, verdict in zip(page.lines, page.verdicts, strict=True)
        if verdict and verdict != TITLE
    ] + result.removed
    return result


def unwrap_lines(text: str) -> list[str]:
    """Non-blank lines, with hard-wrapped sentences joined: a line that continues in lowercase."""
    joined: list[str] = []
    previous_blank = True
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            previous_blank = True
            continue
        continues = (
            not previous_blank
            and joined
            and line[0].islower()
            and not lines.ends_like_sentence(joined[-1])
            and not joined[-1].endswith(":")
            # "niedziela, 17 marca 2024": weekdays are lowercase in many languages
            and not lines.is_date_line(line)
        )
        if continues:
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
        previous_blank = False
    return joined


def line_reason(line: str) -> str | None:
    """Why a line goes whatever its position, from its shape or a boilerplate phrase."""
    if lines.is_link(line):
        return "link"
    if credits.credit_line_agencies(line):
        return "agency credit"
    if credits.contribution_credit(line) is not None:
        return "credit"
    if credits.COPYRIGHT.match(line):
        return "copyright"
    reason = lines.phrase_reason(line)
    if reason:
        return reason
    if lines.is_date_line(line):
        return "date"
    checks = (
        (lines.is_gallery_position, "gallery"),
        (lines.is_breadcrumb, "navigation"),
        (lines.is_counter, "counter"),
        (lines.is_menu, "navigation"),
        (lines.is_keyword_spam, "keyword spam"),
        (lines.is_bio_spam, "author bio"),
        (lines.is_caps_label, "navigation"),
        (lines.is_fragment, "short fragment"),
    )
    return next((reason for check, reason in checks if check(line)), None)


def mark_line_rules(page: Page, result: Cleaned, extracted: bool) -> None:
    for i, line in enumerate(page.lines):
        line = page.lines[i] = _cut_inline_credit(line, result)
        reason = line_reason(line)
        # In extracted text an all-caps line was a heading in the markup, not a menu.
        if extracted and reason == "navigation" and lines.is_caps_label(line):
            reason = None
        if reason == "agency credit":
            _add_agencies(result, credits.credit_line_agencies(line) or [])
        elif reason == "copyright":
            _add_agencies(result, credits.copyright_agencies(line))
        elif reason == "credit":
            _add_agencies(result, credits.contribution_credit(line) or [])
            result.meta.setdefault("credit", line)
        elif reason == "translation note":
            result.meta.setdefault("translated_from", line)
        page.verdicts[i] = reason or ""
    first_prose = _first_prose(page)
    for i in range(first_prose):
        if page.verdicts[i] == "date":
            page.verdicts[i] = "page date"
            result.meta.setdefault("page_date", page.lines[i])


def mark_header_lines(page: Page, result: Cleaned) -> None:
    """Above the prose, a byline and a dateline alone on its line are metadata, not body.

    A dateline line ("КИЇВ, 25 квітня /Укрінформ/.") may read like the first sentence, so
    the first prose line is checked too.
    """
    first = _first_prose(page)
    for i in range(min(first + 1, len(page.lines))):
        if page.verdicts[i] not in ("", "navigation"):
            continue
        line = page.lines[i]
        author = lines.byline_author(line) if i < first else None
        dateline = credits.parse_dateline(line)
        if author:
            page.verdicts[i] = "byline"
            result.meta.setdefault("author", author)
        elif dateline is not None and not dateline.rest.strip() and "dateline" not in result.meta:
            page.verdicts[i] = "dateline"
            _keep_dateline(result, dateline)


def keep_inner_lines(page: Page, line_rules: list[str]) -> None:
    """In extracted text the markup already cut the furniture: between the first and the last
    prose line only context-free rules and phrases hold, so results tables, numbered steps,
    subheadings and embedded posts stay."""
    prose = [i for i, v in enumerate(line_rules) if not v and lines.is_sentence(page.lines[i])]
    if not prose:
        return
    for i in range(prose[0] + 1, prose[-1]):
        rule = line_rules[i]
        strong = rule in CONTEXT_FREE or (rule and lines.phrase_reason(page.lines[i]) == rule)
        page.verdicts[i] = rule if strong else ""


def mark_trailing_bios(page: Page, author: str) -> None:
    """The last lines of a body that name its author at their start are the author's bio."""
    for i in reversed(page.kept()):
        if not lines.is_author_bio(page.lines[i], author):
            return
        page.verdicts[i] = "author bio"


def choose_title(page: Page, given: str | None, meta: dict[str, str]) -> str:
    """The given title, or the first headline-shaped line; its reprints go as "repeated title"."""
    if given and given.strip():
        title = given.strip()
    else:
        index = _title_line(page)
        if index is None:
            return _lead_as_title(page)
        title = page.lines[index]
        page.verdicts[index] = TITLE
    title = _split_site_suffix(page, title, meta)
    for i, line in enumerate(page.lines):
        if page.verdicts[i] != TITLE and _same_title(line, title):
            page.verdicts[i] = "repeated title"
    return title


def _title_line(page: Page) -> int | None:
    for i in range(_first_prose(page) + 1):
        if i >= len(page.lines):
            return None
        line = page.lines[i]
        if page.verdicts[i] or line.rstrip(lines.CLOSERS).endswith("."):
            if page.verdicts[i]:
                continue
            return None
        count = len(lines.words(line))
        has_body = i + 1 < len(page.lines)
        if settings.TITLE_MIN_WORDS <= count <= settings.TITLE_MAX_WORDS and has_body:
            return i
    return None


def _lead_as_title(page: Page) -> str:
    """No headline line: the first prose line names the article but stays in the body."""
    first = _first_prose(page)
    if first < len(page.lines) and len(lines.words(page.lines[first])) <= settings.TITLE_MAX_WORDS:
        return page.lines[first]
    return ""


def _split_site_suffix(page: Page, title: str, meta: dict[str, str]) -> str:
    """Split "Headline | Site" when the separator is a pipe or the headline recurs alone."""
    match = TITLE_SUFFIX.match(title)
    if not match or len(lines.words(match.group("site"))) > settings.TITLE_SUFFIX_MAX_WORDS:
        return title
    head, site = match.group("head").strip(), match.group("site").strip()
    recurs = any(_same_title(line, head) for line in page.lines if line != title)
    if match.group("sep") not in ("|", "::") and not recurs:
        return title
    if "," not in site:
        meta.setdefault("site", site)
    for i, line in enumerate(page.lines):
        if line == title and page.verdicts[i] != TITLE:
            page.verdicts[i] = "repeated title"
    return head


def _same_title(line: str, title: str) -> bool:
    a, b = lines.normalise(line), lines.normalise(title)
    if not a or not b:
        return False
    return a == b or fuzz.ratio(a, b) >= settings.TITLE_REPEAT_SIMILARITY


def mark_repeated_lines(page: Page) -> None:
    """Headlines printed twice are teaser links (all copies go); repeated prose keeps its first."""
    seen: dict[str, list[int]] = {}
    for i in page.kept():
        seen.setdefault(lines.normalise(page.lines[i]), []).append(i)
    for key, indices in seen.items():
        if len(indices) < 2 or not key:
            continue
        if lines.ends_like_sentence(page.lines[indices[0]]):
            for i in indices[1:]:
                page.verdicts[i] = "repeated line"
        else:
            for i in indices:
                page.verdicts[i] = "related teaser"


def mark_related_blocks(page: Page) -> None:
    """After "Read also" / "RELATED STORIES", the headlines up to the next prose line go too."""
    i = 0
    while i < len(page.lines):
        header = page.verdicts[i] == "related teaser" or (
            page.verdicts[i] == "navigation" and lines.is_caps_label(page.lines[i])
        )
        if header and not lines.ends_like_sentence(page.lines[i]):
            i = _drop_teasers(page, i + 1)
        i += 1


def _drop_teasers(page: Page, start: int) -> int:
    j = start
    while j < len(page.lines):
        if not page.verdicts[j]:
            line = page.lines[j]
            if lines.ends_like_sentence(line) and not lines.ends_with_ellipsis(line):
                break
            page.verdicts[j] = "related teaser"
        j += 1
    return j - 1


def mark_outside_prose(page: Page, meta: dict[str, str]) -> None:
    """Above the first and below the last prose line, what is not prose is page furniture."""
    prose = [i for i in page.kept() if _is_prose(page.lines[i])]
    if not prose:
        return
    author = meta.get("author", "")
    last = _last_prose(page, prose[0], author)
    for i in page.kept():
        if i < prose[0]:
            page.verdicts[i] = _top_verdict(page.lines[i], meta)
        elif i > last:
            page.verdicts[i] = _bottom_verdict(page.lines[i], author)


def _is_prose(line: str) -> bool:
    return lines.is_sentence(line) and not lines.ends_with_ellipsis(line)


def _last_prose(page: Page, first: int, author: str) -> int:
    """The last line of the article: prose, or a brief full-stop sentence, before any
    contributors' credit, and not an author blurb ("Anna Nowak – reporter, …")."""
    end = next(
        (i for i in range(first, len(page.lines)) if page.verdicts[i] == "credit"),
        len(page.lines),
    )
    for i in reversed([i for i in page.kept() if first <= i < end]):
        line = page.lines[i]
        if not (_is_prose(line) or lines.is_short_sentence(line)):
            continue
        if not _is_bio(line, author):
            return i
    return first


def _is_bio(line: str, author: str) -> bool:
    return bool(
        lines.is_name_blurb(line)
        or lines.byline_author(_label_head(line))
        or lines.is_author_bio(line, author)
    )


def _label_head(line: str) -> str:
    return line.split("—")[0].split(" – ")[0][: settings.CREDIT_MAX_CHARS]


def _top_verdict(line: str, meta: dict[str, str]) -> str:
    author = lines.byline_author(line)
    if author:
        meta.setdefault("author", author)
        return "byline"
    if len(lines.words(line)) >= settings.STANDFIRST_MIN_WORDS:
        return ""
    return "short fragment" if lines.is_fragment(line) else "navigation"


def _bottom_verdict(line: str, author: str) -> str:
    if _is_bio(line, author):
        return "author bio"
    if len(lines.words(line)) >= settings.SENTENCE_MIN_WORDS:
        return "related teaser"
    return "short fragment"


def _cut_inline_credit(line: str, result: Cleaned) -> str:
    """Move a credit ending a paragraph ("... spring. /БГНЕС, АФП") to meta."""
    split = credits.split_inline_credit(line)
    # Only after a finished sentence: "Talks with Reuters" is a headline, not a credit.
    if split is None or not lines.ends_like_sentence(split[0]):
        return line
    body, credit, agencies = split
    result.removed.append(RemovedLine(credit, "agency credit"))
    _add_agencies(result, agencies)
    return body


def cut_dateline(result: Cleaned) -> None:
    """Move the dateline ("МОСКВА (АП) – …") to meta; the sentence after it stays."""
    for index, paragraph in enumerate(result.paragraphs[: settings.DATELINE_SEARCH_PARAGRAPHS]):
        dateline = credits.parse_dateline(paragraph)
        if dateline is None or not dateline.rest.strip():
            continue
        result.paragraphs[index] = dateline.rest
        result.removed.append(RemovedLine(dateline.prefix, "dateline"))
        _keep_dateline(result, dateline)
        return


def _keep_dateline(result: Cleaned, dateline: credits.Dateline) -> None:
    result.meta["dateline"] = dateline.prefix
    result.meta["dateline_place"] = dateline.place
    result.agencies[:0] = [a for a in dateline.agencies if a not in result.agencies]


def _add_agencies(result: Cleaned, agencies: list[str]) -> None:
    result.agencies.extend(a for a in agencies if a not in result.agencies)


def _first_prose(page: Page) -> int:
    return next(
        (
            i
            for i, line in enumerate(page.lines)
            if not page.verdicts[i] and lines.is_sentence(line)
        ),
        len(page.lines),
    )
