"""What one line of scraped text looks like: prose, a date, a menu, a counter, a link, tag spam.

These signals hold in any language; the few phrases that do not come from
data/boilerplate.json, all languages at once, since the language is not yet known.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsweave import settings

SENTENCE_END = ".!?…。！？؟"
CLOSERS = "\"'”’»“«)]›‹ \u00a0"
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
MENU_SEPARATORS = re.compile(r"\s+[|•·›»]\s+|\s*\|\s*")
URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+\.(?:com|org|net|[a-z]{2})/\S*$", re.IGNORECASE)
EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
HANDLE = re.compile(r"^@\w{2,}$")
COUNTER = re.compile(
    r"^[^\W\d_][\w .'-]{0,30}?\s*[(\[]\s*\d[\d\s.,]*[)\]]$"  # "Коментари (0)", "Udostępnij (8)"
    r"|^\d[\d\s.,]*\s+[^\W\d_][\w'-]*$"  # "12 comments"
    r"|^[^\W\d_][\w'-]*\s+\d[\d\s.,]*$"  # "Share 12"
    r"|^[^\W\d_][\w'-]*\s+\d[\d\s.,]*\s+[^\W\d_][\w'-]*$",  # "Прочетена 1 245 пъти"
)
DATE_PATTERNS = (
    re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(r"\b\d{1,2}\.?\s+[^\W\d_]{3,}\.?,?\s+\d{4}\b"),  # 12 марта 2024
    re.compile(r"\b[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"),  # March 12, 2024
    re.compile(r"^\d{1,2}:\d{2}$"),
    # 2024年3月12日, 2024/3/12: the year first, no spaces to mark word edges (\d is any digit,
    # full-width ones too); "2024.1.5" stays out, a version or a figure as often as a date
    re.compile(r"(?<!\d)\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]"),
    re.compile(r"(?<![\d/])\d{4}/\d{1,2}/\d{1,2}(?![\d/])"),
)
# Split after each sentence end: linear in the line, where a findall of "[^.]+[.]" is quadratic
# on a long line with no full stop (hostile input).
SENTENCE_ENDS = re.compile(r"(?<=[.!?…])")
NAME_DASH = re.compile(r"^(?:[A-ZÀ-ÞА-ЯЁЄІЇҐΑ-Ω][\w'’.-]+\s){1,3}[–—-]\s")
# Breadcrumb trails: arrows are unambiguous from two steps, a slash only from three
# ("Israel / Gaza" is a headline, "Home / World / Europe" a trail).
BREADCRUMB_ARROWS = re.compile(r"\s+(?:>|>>|→|›|»|/)\s+")
# "Photo 3 of 12", "Фото 1 з 18", "Φωτογραφίες (1/32)", "1 / 14": a gallery or pager position.
GALLERY_POSITION = re.compile(
    r"^(?:[^\W\d_]+\s+){0,2}[(\[]?\d{1,3}\s*(?:/|[^\W\d_]{1,3})\s*\d{1,3}[)\]]?$"
)
ELLIPSIS = ("...", "…")
DIGIT = re.compile(r"\d")
# Han and kana are written without spaces between words: to the phrase matcher each character
# is a word, as in Unicode word segmentation (UAX #29), so "关注我们" is found in "欢迎关注我们的".
IDEOGRAPHS = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"
)
# A non-spacing mark (an Arabic vowel sign, a Hebrew point, a decomposed accent) and the Arabic
# tatweel belong to their word: dropped, not a word break, so "أيضًا" matches "أيضا".
INWORD_MARKS = re.compile(
    "["
    + "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Mn")
    + "\u0640]"
)
LABEL_COLON = re.compile("[:：]")  # the full-width colon ends a Chinese or Japanese label


@dataclass(frozen=True)
class Phrase:
    """One boilerplate phrase: where in a line it must appear, and why the line goes."""

    words: str  # phrase_key(): casefolded words separated by single spaces
    where: str  # "start" | "anywhere" | "whole" | "label" (the words before a colon)
    reason: str


def words(line: str) -> list[str]:
    """The words of a line; in Han and kana, which run on without spaces, every
    settings.CLEAN_IDEOGRAPHS_PER_WORD characters count as one, so a Chinese sentence is as
    long here as its translation and is not taken for a label."""
    if not line.isascii():
        size = settings.CLEAN_IDEOGRAPHS_PER_WORD
        line = IDEOGRAPHS.sub(lambda run: _spaced_out(run, size), line)
    return WORD.findall(line)


def normalise(line: str) -> str:
    """Casefolded words only: "Junte -se a nós!" and "junte-se a nós" compare equal."""
    return " ".join(re.findall(r"[^\W_]+", line.casefold()))


def phrase_key(line: str) -> str:
    """normalise() for phrase matching: in-word marks dropped, each ideograph a word of its own."""
    if not line.isascii():
        line = IDEOGRAPHS.sub(_spaced_out, INWORD_MARKS.sub("", line))
    return normalise(line)


def _spaced_out(run: re.Match[str], size: int = 1) -> str:
    """A run of ideographs cut into words of ``size`` characters, spaced off its neighbours."""
    return " " + " ".join(run[0][i : i + size] for i in range(0, len(run[0]), size)) + " "


def is_sentence(line: str) -> bool:
    """Prose: ends like a sentence and has a few words."""
    stripped = line.rstrip(CLOSERS)
    return (
        bool(stripped)
        and stripped[-1] in SENTENCE_END
        and len(words(line)) >= settings.SENTENCE_MIN_WORDS
    )


def is_short_sentence(line: str) -> bool:
    """A brief full-stop sentence ("Schools are closed.", "„Wir backen weiter.“"): prose too.

    Only a full stop and a capital start count: labels and buttons rarely have both, and an
    ellipsis marks a cut teaser, not a sentence.
    """
    stripped = line.rstrip(CLOSERS)
    head = line.lstrip("\"'„“”«»‚‘’ \u00a0")
    return (
        stripped.endswith(".")
        and not stripped.endswith("..")
        and bool(head)
        and head[0].isupper()
        and len(words(line)) >= settings.SHORT_SENTENCE_MIN_WORDS
    )


def ends_with_ellipsis(line: str) -> bool:
    """A teaser cut short by the site ("Why your rent could rise…"), not a finished sentence."""
    return line.rstrip(CLOSERS).endswith(ELLIPSIS)


def ends_like_sentence(line: str) -> bool:
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def is_link(line: str) -> bool:
    """A bare URL, e-mail address or social handle."""
    stripped = line.strip()
    return bool(URL.match(stripped) or EMAIL.match(stripped) or HANDLE.match(stripped))


def is_date_line(line: str) -> bool:
    """A line that only dates the page: "12 март 2024 | 18:32", "Publié le 12 mars 2024 à 17h05"."""
    if len(line) > settings.DATE_LINE_MAX_CHARS or (is_sentence(line) and line.rstrip()[-1] != "."):
        return False
    if not any(pattern.search(line.strip()) for pattern in DATE_PATTERNS):
        return False
    long_words = [w for w in words(line) if len(w) >= 5 and not any(c.isdigit() for c in w)]
    return len(long_words) <= settings.DATE_LINE_MAX_LONG_WORDS


def is_table_row(line: str) -> bool:
    """A table row as trafilatura writes it ("| 1 | Ann Lee | 50 |"): content, not a menu."""
    stripped = line.strip()
    return len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|")


def is_counter(line: str) -> bool:
    """A counter ("Comments (4)", "12 comments"), alone or inside a menu line."""
    if is_table_row(line):
        return False
    return any(
        COUNTER.match(segment.strip()) for segment in MENU_SEPARATORS.split(line) if segment.strip()
    )


def is_menu(line: str) -> bool:
    """Pipe- or bullet-separated short items: "Share | Tweet | Email", "Home › Politics"."""
    segments = [s for s in MENU_SEPARATORS.split(line.strip()) if s.strip()]
    if len(segments) < 2 or ends_like_sentence(line) or is_table_row(line):
        return False
    return all(len(words(s)) <= settings.MENU_SEGMENT_MAX_WORDS for s in segments)


def is_breadcrumb(line: str) -> bool:
    """A navigation trail: "Startseite > Politik", "Головна → Новини", "Home / World / EU"."""
    stripped = line.strip()
    if ends_like_sentence(stripped) or is_table_row(stripped):
        return False
    segments = [s for s in BREADCRUMB_ARROWS.split(stripped) if s.strip()]
    separators = BREADCRUMB_ARROWS.findall(stripped)
    slash_only = all(sep.strip() == "/" for sep in separators)
    if len(segments) < (3 if slash_only else 2):
        return False
    return all(len(words(s)) <= settings.MENU_SEGMENT_MAX_WORDS for s in segments)


def is_gallery_position(line: str) -> bool:
    """A slideshow or pager position ("Фото 1 з 18", "Photo (3/12)"); never prose."""
    return bool(GALLERY_POSITION.match(line.strip()))


def is_caps_label(line: str) -> bool:
    """A short all-caps line without punctuation ("RELATED STORIES", "MOST READ")."""
    # str.isupper() is True when every cased character is upper: one C-level pass.
    return (
        len(line) <= settings.CAPS_LABEL_MAX_CHARS
        and line.isupper()
        and sum(c.isalpha() for c in line) >= 3
        and len(words(line)) <= settings.MENU_SEGMENT_MAX_WORDS
        and not ends_like_sentence(line)
    )


def is_fragment(line: str) -> bool:
    """A stray letter, symbol or a word cut by the scraper ("п", "\ufffdверенитет")."""
    stripped = line.strip()
    return len(stripped) <= settings.FRAGMENT_MAX_CHARS or "\ufffd" in stripped


def is_keyword_spam(line: str) -> bool:
    """A tag list ("Tags: a, b, c, d") or a run of bare lowercase keywords."""
    label, colon, rest = line.partition(":")
    if colon and len(words(label)) <= 2 and not ends_like_sentence(rest):
        items = [item for item in re.split(r"[,;#|]", rest) if item.strip()]
        if len(items) >= settings.KEYWORD_LIST_MIN_ITEMS and all(
            len(words(item)) <= settings.KEYWORD_ITEM_MAX_WORDS for item in items
        ):
            return True
    tokens = words(line)
    return (
        len(tokens) >= 2
        and not re.search(r"[^\w\s]", line)
        and all(token.islower() for token in tokens)
    )


def is_bio_spam(line: str) -> bool:
    """Generated author bios: many one-to-four-word sentences ("Coffee guru. Bacon fan.").

    Only full stops count and digits rule it out, so shouted quotes ("Hands! Step out!")
    and score lines ("K. Smith 1 goal.") are not taken for bios.
    """
    text = line.strip(CLOSERS + '“”«»"')
    if "!" in text or "?" in text or DIGIT.search(text):
        return False
    sentences = [part for part in SENTENCE_ENDS.split(text) if part.strip()[-1:] in (".", "…")]
    if len(sentences) < settings.BIO_MIN_SENTENCES:
        return False
    sizes = [len(words(sentence)) for sentence in sentences]
    return (
        sum(sizes) / len(sizes) <= settings.BIO_MAX_WORDS_PER_SENTENCE
        and max(sizes) <= settings.BIO_MAX_WORDS_PER_SENTENCE + 1
    )


def is_name_blurb(line: str) -> bool:
    """A person introduced with a dash ("Anna Nowak – reporter, author of …"), a bio."""
    return bool(NAME_DASH.match(line))


def is_author_bio(line: str, author: str) -> bool:
    """A line that names the byline's author in its first words: a bio, in any language.

    Names are compared by prefix, so inflected forms match ("Της Μαρίας" / "Η Μαρία").
    """
    name = [w for w in words(author) if w[:1].isupper()]
    if len(name) < 2:
        return False
    head = words(line)[: settings.BIO_NAME_WORDS + len(name) - 2]
    return all(any(_same_name(part, word) for word in head) for part in name)


def _same_name(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    size = max(3, min(len(a), len(b)) - settings.NAME_PREFIX_SLACK)
    return len(a) >= 3 and len(b) >= 3 and a[:size] == b[:size]


@cache
def boilerplate_phrases() -> tuple[Phrase, ...]:
    """Every phrase of data/boilerplate.json except bylines, all languages together."""
    phrases: dict[tuple[str, str], Phrase] = {}
    for groups in boilerplate_lists().values():
        for reason, entries in groups.items():
            if reason in ("byline", ACCESS_WALL):
                continue
            for entry in entries:
                phrase = _phrase(entry, reason)
                phrases.setdefault((phrase.words, phrase.where), phrase)
    # An author blurb often also invites to subscribe; the bio is the better reason.
    return tuple(sorted(phrases.values(), key=lambda phrase: phrase.reason != "author bio"))


def _phrase(entry: str, reason: str) -> Phrase:
    if entry.startswith("="):
        return Phrase(phrase_key(entry[1:]), "whole", reason)
    if entry.startswith("^"):
        return Phrase(phrase_key(entry[1:]), "start", reason)
    if entry.endswith((":", "：")):
        return Phrase(phrase_key(entry), "label", reason)
    return Phrase(phrase_key(entry), "anywhere", reason)


ACCESS_WALL = "access wall"


@cache
def access_wall_phrases() -> dict[tuple[str, ...], str]:
    """The words of every 'access wall' phrase of data/boilerplate.json, all languages, each
    with the phrase as reported ("我不是机器人", not the matcher's "我 不 是 机 器 人")."""
    return {
        tuple(phrase_key(entry).split()): normalise(entry)
        for groups in boilerplate_lists().values()
        for entry in groups.get(ACCESS_WALL, [])
    }


def access_wall(text: str) -> str | None:
    """The phrase that makes a short page a gate in place of an article (a bot check, a
    page that asks for JavaScript or cookies), or None.

    A page of at most ACCESS_WALL_MAX_WORDS words is a wall with two of the phrases ("I am
    not a robot", "Your IP address"); with one, only a page of at most
    ACCESS_WALL_ALONE_MAX_WORDS is, since a short report may quote someone saying "I am not
    a robot". A longer page whose footer asks for a robot check is still an article."""
    # most pages are longer: counted no further than the limit, and never normalised
    if len(text.split(maxsplit=settings.ACCESS_WALL_MAX_WORDS)) > settings.ACCESS_WALL_MAX_WORDS:
        return None
    tokens = phrase_key(text).split()
    # Chinese has no spaces to count above: its page is as long as its ideographs.
    if len(tokens) > settings.ACCESS_WALL_MAX_WORDS:
        return None
    phrases = access_wall_phrases()
    sizes = sorted({len(phrase) for phrase in phrases})
    found = list(
        dict.fromkeys(
            phrases[tuple(tokens[start : start + size])]
            for start in range(len(tokens))
            for size in sizes
            if tuple(tokens[start : start + size]) in phrases
        )
    )
    if len(found) >= 2 or (found and len(tokens) <= settings.ACCESS_WALL_ALONE_MAX_WORDS):
        return found[0]
    return None


@cache
def byline_words() -> frozenset[str]:
    return frozenset(
        normalise(entry)
        for groups in boilerplate_lists().values()
        for entry in groups.get("byline", [])
    )


@cache
def boilerplate_lists() -> dict[str, dict[str, list[str]]]:
    """data/boilerplate.json: language → reason → phrases (its comment left out)."""
    path = resources.files("newsweave") / "data" / "boilerplate.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {language: groups for language, groups in data.items() if not language.startswith("_")}


@dataclass(frozen=True)
class PhraseIndex:
    """The phrases by where they match, each with its rank (lower wins when several match)."""

    by_where: dict[str, dict[str, tuple[int, str]]]
    lengths: dict[str, tuple[int, ...]]  # word counts of the "start" and "anywhere" phrases
    anywhere_by_first: dict[str, tuple[tuple[str, ...], ...]]  # first word -> "anywhere" phrases


@cache
def phrase_index() -> PhraseIndex:
    by_where: dict[str, dict[str, tuple[int, str]]] = {w: {} for w in WHERES}
    for rank, phrase in enumerate(boilerplate_phrases()):
        by_where[phrase.where].setdefault(phrase.words, (rank, phrase.reason))
    lengths = {
        where: tuple(sorted({len(words.split()) for words in by_where[where]}))
        for where in ("start", "anywhere")
    }
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words_ in by_where["anywhere"]:
        parts = tuple(words_.split())
        by_first.setdefault(parts[0], []).append(parts)
    return PhraseIndex(by_where, lengths, {k: tuple(v) for k, v in by_first.items()})


WHERES = ("whole", "label", "start", "anywhere")


def phrase_reason(line: str) -> str | None:
    """Why a boilerplate phrase list drops this line, or None.

    Phrases are looked up by the line's word n-grams, not tried one by one: this runs on
    every line of every article.
    """
    key = phrase_key(line)
    if not key:
        return None
    index = phrase_index()
    tokens = key.split()
    found: list[tuple[int, str]] = []
    if key in index.by_where["whole"]:
        found.append(index.by_where["whole"][key])
    if ":" in line or "：" in line:
        label = phrase_key(LABEL_COLON.split(line, maxsplit=1)[0])
        if label in index.by_where["label"]:
            found.append(index.by_where["label"][label])
    for where in ("start", "anywhere"):
        for size in index.lengths[where]:
            hit = index.by_where[where].get(" ".join(tokens[:size]))
            if hit:
                found.append(hit)
    if len(tokens) <= settings.PHRASE_ANYWHERE_MAX_WORDS:
        anywhere = index.by_where["anywhere"]
        for start in range(1, len(tokens)):
            for parts in index.anywhere_by_first.get(tokens[start], ()):
                if tuple(tokens[start : start + len(parts)]) == parts:
                    found.append(anywhere[" ".join(parts)])
    return min(found)[1] if found else None


def byline_author(line: str) -> str | None:
    """The name in "By Jane Doe, Reuters" / "Von dpa" / "Автор: Иван Петров", or None."""
    tokens = line.strip().split(maxsplit=1)
    if len(tokens) < 2 or len(words(line)) > settings.BYLINE_MAX_WORDS or ends_like_sentence(line):
        return None
    first, rest = normalise(tokens[0]), tokens[1].lstrip(": ")
    if first not in byline_words() or not rest or not rest[0].isupper():
        return None
    return re.split(r"\s*[,|–—]\s*|\s+-\s+", rest)[0].strip()
