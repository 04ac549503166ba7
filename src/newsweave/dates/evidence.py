"""Every date a web page gives for its own publication, each with where it was found.

A page says when it was published in several places that disagree more often than one would
hope: structured data (JSON-LD), meta tags, <time> elements, its address, the date printed
under the headline, and what htmldate infers from all of these. Each is kept apart here, by
source, so the choice among them (dates/publication.py) is one explicit order a reader can
check against annotated pages.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import lxml.etree
import lxml.html
from htmldate import find_date

from newsweave import settings
from newsweave.clean.html import OVERSIZED_TAG
from newsweave.dates.fields import parse_date_string

logging.getLogger("htmldate").setLevel(logging.CRITICAL)

# Structured-data types that describe the page's own article (not its publisher or a video).
ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle "
        "BackgroundNewsArticle ReviewNewsArticle LiveBlogPosting BlogPosting SocialMediaPosting "
        "TechArticle ScholarlyArticle Report WebPage"
    ).split()
)
# meta names and properties that carry the first publication, the most specific first.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "datepublished",
    "article.published",
    "article_date_original",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "pub_date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.date",
    "dc.date",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dc.date.modified")
# Elements whose dates are someone else's: menus, related stories, photo captions.
NOT_BYLINE = ("script", "style", "noscript", "svg", "template", "nav", "aside", "figcaption")

_URL_DAY = re.compile(r"/(20\d\d|19\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_.]|$)")
_URL_MONTH_NAME = re.compile(r"/(20\d\d|19\d\d)/([a-z]{3})[a-z]*/(\d{1,2})/", re.IGNORECASE)
_URL_COMPACT = re.compile(r"[/_-](20\d\d)(\d\d)(\d\d)(?:[/_.-]|$)")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_YMD = re.compile(r"\b(20\d\d|19\d\d)[./-](\d{1,2})[./-](\d{1,2})\b")
_SHORT_YEAR = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d\d)\b")
_MDY_DOTS = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(20\d\d)\b")


def page_dates(html: str, url: str | None, language: str) -> dict[str, date]:
    """The dates this page gives, by source: jsonld, meta, time, url, byline, htmldate_extensive,
    and the last update (modified, byline_updated), which bounds the publication from above."""
    found: dict[str, date] = {}
    html = OVERSIZED_TAG.sub("<span>", html)  # as the clean stage does: parsers choke on them
    tree = _parse(html)
    if tree is not None:
        url = url or _canonical_url(tree)
        for source, value in (
            ("jsonld", _json_ld_date(tree, ("datepublished", "datecreated"))),
            ("meta", _meta_date(tree, PUBLISHED_META)),
            ("time", _time_date(tree)),
            ("modified", _json_ld_date(tree, ("datemodified",)) or _meta_date(tree, MODIFIED_META)),
        ):
            if value is not None:
                found[source] = value
        found.update(byline_dates(tree, language, list(found.values())))
    if (from_url := url_date(url)) is not None:
        found["url"] = from_url
    if (extensive := htmldate_extensive(html, url)) is not None:
        found["htmldate_extensive"] = extensive
    return {source: day for source, day in found.items() if plausible(day)}


def plausible(day: date) -> bool:
    """No page was published before the web, nor after today (a day's grace for time zones)."""
    return settings.PUBLICATION_EARLIEST_YEAR <= day.year and day <= date.today() + timedelta(1)


def url_date(url: str | None) -> date | None:
    """The day an address spells: /2019/11/18/, /2019-11-18, /2019/nov/18/, -20191115/."""
    if not url:
        return None
    path = url.split("?", 1)[0]
    if match := _URL_DAY.search(path):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if (match := _URL_MONTH_NAME.search(path)) and match[2].lower() in _MONTHS:
        return _day(int(match[1]), _MONTHS.index(match[2].lower()) + 1, int(match[3]))
    if match := _URL_COMPACT.search(path):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    return None


def htmldate_extensive(html: str, url: str | None) -> date | None:
    """htmldate's original date with its extensive search of the text (its last resort)."""
    try:
        value = find_date(html, url=url, original_date=True, extensive_search=True)
    except Exception:  # noqa: BLE001 - a date we cannot read is a date we do not have
        return None
    return _iso_day(value) if value else None


def byline_dates(tree: lxml.html.HtmlElement, language: str, known: list[date]) -> dict[str, date]:
    """The date printed with the headline ("byline"), and the update printed there when labelled
    so ("byline_updated"): the nearest full date after the headline's <h1>, then before it.

    Of a date that reads two ways (05/10/2018), the reading another source confirms wins.
    """
    pieces = list(_visible_pieces(tree))
    anchor = _headline(pieces, tree)
    if anchor is None:
        return {}
    after: list[str] = []
    chars = 0
    for tag, text in pieces[anchor + 1 :]:
        if tag == "h1" or chars > settings.BYLINE_AFTER_CHARS:
            break
        after.append(text)
        chars += len(text)
    before: list[str] = []
    chars = 0
    for _, text in reversed(pieces[:anchor]):
        if chars > settings.BYLINE_BEFORE_CHARS:
            break
        before.append(text)  # nearest first
        chars += len(text)
    found: dict[str, date] = {}
    labels = update_labels(language)
    for texts, step in ((after, 1), (before, -1)):
        for kind, day in _dates_in(texts, language, known, step, labels):
            found.setdefault(kind, day)
        if "byline" in found:
            break
    return found


def _headline(pieces: list[tuple[str, str]], tree: lxml.html.HtmlElement) -> int | None:
    """The <h1> that the page's title repeats (a masthead may be an <h1> too, and the title may
    end in the site's name: the longest repeated one), else the first."""
    headings = [i for i, (tag, text) in enumerate(pieces) if tag == "h1" and text]
    if not headings:
        return None
    titles = " ".join(
        str(t) for t in tree.xpath('//title/text() | //meta[@property="og:title"]/@content')
    ).casefold()
    opening = settings.HEADLINE_MATCH_CHARS
    repeated = [i for i in headings if pieces[i][1].casefold()[:opening] in titles]
    return max(repeated, key=lambda i: len(pieces[i][1]), default=headings[0])


def _dates_in(
    texts: list[str], language: str, known: list[date], step: int, labels: tuple[str, ...]
) -> Iterator[tuple[str, date]]:
    """("byline" or "byline_updated", day) for each full date in texts, in the order given."""
    for index, text in enumerate(texts):
        if len(text) > settings.DATES_MAX_TEXT_CHARS:
            continue
        # The label sits before its date: the piece itself, or the one before it in reading order.
        label_index = index - step
        previous = texts[label_index] if 0 <= label_index < len(texts) else ""
        updated = _labelled_update(text, labels) or _labelled_update(previous, labels, whole=True)
        day = None
        readings = _numeric_readings(text)
        confirmed = [r for r in readings if any(abs((r - k).days) <= 1 for k in known)]
        if confirmed or len(readings) == 1:
            day = (confirmed or readings)[0]
        if day is None:
            day = parse_date_string(text, language)
        if day is not None:
            yield ("byline_updated" if updated else "byline"), day


def _labelled_update(text: str, labels: tuple[str, ...], whole: bool = False) -> bool:
    lowered = text.casefold().strip(" :|-–—")
    if whole:
        return lowered in labels
    return any(lowered.startswith(label) for label in labels)


@lru_cache(maxsize=64)
def update_labels(language: str) -> tuple[str, ...]:
    """Words that mark a date as the last change (data/date_labels.json), English always too."""
    text = resources.files("newsweave.data").joinpath("date_labels.json").read_text("utf-8")
    labels = json.loads(text)
    words = [*labels.get(language, []), *labels["en"]]
    return tuple(sorted({w.casefold() for w in words}, key=len, reverse=True))


def _numeric_readings(text: str) -> list[date]:
    """Numeric dates parse_date_string leaves alone: 2016.12.01, 11/19/19, 11.14.2019."""
    if match := _YMD.search(text):
        day = _day(int(match[1]), int(match[2]), int(match[3]))
        return [day] if day else []
    match = _SHORT_YEAR.search(text)
    if match:
        first, second, year = int(match[1]), int(match[2]), 2000 + int(match[3])
    elif match := _MDY_DOTS.search(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if second <= 12:  # day.month.year: parse_date_string reads it
            return []
    else:
        return []
    readings = [_day(year, first, second), _day(year, second, first)]
    return list(dict.fromkeys(r for r in readings if r is not None))


def _visible_pieces(tree: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    """(tag, text) of each visible text run in reading order; an <h1>'s whole text as one run."""
    skip = set(NOT_BYLINE)
    body = tree.find("body")
    stack: list[tuple[lxml.html.HtmlElement, bool]] = [(body if body is not None else tree, False)]
    while stack:
        element, tail_only = stack.pop()
        if tail_only:
            if element.tail and element.tail.strip():
                yield "", " ".join(element.tail.split())
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in skip or not tag:
            stack.append((element, True))
            continue
        stack.append((element, True))
        if tag == "h1":
            yield "h1", " ".join(element.text_content().split())
            continue
        if element.text and element.text.strip():
            yield tag, " ".join(element.text.split())
        stack.extend((child, False) for child in reversed(element))


def _parse(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None


def _canonical_url(tree: lxml.html.HtmlElement) -> str | None:
    for value in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
        if str(value).startswith("http"):
            return str(value)
    return None


def _json_ld_date(tree: lxml.html.HtmlElement, keys: tuple[str, ...]) -> date | None:
    """The first of keys on the page's article object, else on any object in its JSON-LD."""
    typed: list[date] = []
    untyped: list[date] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except (json.JSONDecodeError, RecursionError):
            continue
        for item in _json_objects(data):
            lowered = {str(k).casefold(): v for k, v in item.items()}
            value = next((lowered[k] for k in keys if isinstance(lowered.get(k), str)), None)
            day = _field_day(value) if value else None
            if day is None:
                continue
            kinds = lowered.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            is_article = any(isinstance(k, str) and k.casefold() in ARTICLE_TYPES for k in kinds)
            (typed if is_article else untyped).append(day)
    found = typed or untyped
    return found[0] if found else None


def _json_objects(data: object, depth: int = 0) -> Iterator[dict]:
    if depth > settings.JSON_LD_MAX_DEPTH:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, dict | list):
                yield from _json_objects(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _json_objects(value, depth + 1)


def _meta_date(tree: lxml.html.HtmlElement, names: tuple[str, ...]) -> date | None:
    """The first of names among <meta> tags and itemprop elements, in the order names gives."""
    by_name: dict[str, str] = {}
    for element in tree.xpath("//meta[@content] | //*[@itemprop][@content or @datetime]"):
        value = element.get("content") or element.get("datetime") or ""
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").casefold()
            if key and key not in by_name and value.strip():
                by_name[key] = value
    for name in names:
        if name in by_name and (day := _field_day(by_name[name])) is not None:
            return day
    return None


def _time_date(tree: lxml.html.HtmlElement) -> date | None:
    """A <time> marked as the publication (pubdate, itemprop, class), else the first <time>."""
    first: date | None = None
    for element in tree.iter("time"):
        marks = " ".join(
            element.get(a) or "" for a in ("class", "itemprop", "pubdate", "data-testid")
        ).casefold()
        if any(word in marks for word in ("modif", "updat")):
            continue
        value = element.get("datetime") or element.text_content()
        day = _field_day(value) if value else None
        if day is None:
            continue
        if "publish" in marks or element.get("pubdate") is not None:
            return day
        first = first or day
    return first


def _field_day(value: str) -> date | None:
    return parse_date_string(value.strip())


def _iso_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
