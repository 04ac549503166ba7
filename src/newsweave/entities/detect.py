"""Find names in text: gazetteer hits first, then capitalised token sequences typed by cues.

No statistical model: a name is either known (curated list, CLDR country names), or a run of
capitalised tokens that is not a sentence-initial common word, a month or a demonym. Its type
comes from the gazetteer, else from the words around it (a title before it makes a person,
an organisation word inside it an organisation, a place preposition before it a place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import babel
import simplemma

from newsweave import settings
from newsweave.entities.gazetteer import Gazetteer, LanguageCues, default_gazetteer
from newsweave.entities.lemma import lemmatize_token
from newsweave.entities.translit import surface_key
from newsweave.model import Mention

_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[-'’.](?=[^\W_]))*")
_SENTENCE_END = set('.!?:;"«»“”„()[]\n—–')
_CASELESS = re.compile(r"[\u0600-\u06ff\u0590-\u05ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_ACRONYM_MAX = 6

_TYPE_PRIORITY = {"PER": 0, "ORG": 1, "EVT": 2, "PRO": 3, "LOC": 4}


def _type_rank(etype: str) -> int:
    return _TYPE_PRIORITY.get(etype, len(_TYPE_PRIORITY))


@dataclass
class _Token:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence, a quotation or a line

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return 2 <= len(letters) <= _ACRONYM_MAX and all(c.isupper() for c in letters)


def _tokens(text: str, cues: LanguageCues) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        word = word.rstrip(".")
        end = start + len(word)
        # possessive and case suffixes after an apostrophe (Trump's, Erdoğan'ın) are not the name
        for ending in cues.case_endings:
            if ending[:1] in "'’" and word.lower().endswith(ending) and len(word) > len(ending):
                word = word[: -len(ending)]
                end = start + len(word)
                break
        j = start - 1
        while j >= 0 and text[j] in " \t\r":
            j -= 1
        out.append(_Token(word, start, end, j < 0 or text[j] in _SENTENCE_END))
    return out


@lru_cache(maxsize=64)
def _calendar_words(language: str) -> frozenset[str]:
    """Month and weekday names: capitalised in many languages, never entities."""
    try:
        locale = babel.Locale(language)
    except (babel.UnknownLocaleError, ValueError):
        return frozenset()
    words: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            words |= {w.casefold().rstrip(".") for w in locale.months[context][width].values()}
            words |= {w.casefold().rstrip(".") for w in locale.days[context][width].values()}
    return frozenset(words)


@lru_cache(maxsize=64)
def _territory_stems(language: str) -> frozenset[str]:
    """First four letters of each word of the language's country names (for demonyms)."""
    try:
        names = babel.Locale(language).territories.values()
    except (babel.UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(w.casefold()[:4] for n in names for w in n.split() if len(w) >= 4)


def _is_demonym(word: str, language: str, cues: LanguageCues) -> bool:
    low = word.casefold()
    for suffix in cues.demonym_suffixes:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            return low[:4] in _territory_stems(language)
    return False


def _is_common_word(word: str, language: str, lowered_words: set[str], cues: LanguageCues) -> bool:
    """A capitalised word that is an ordinary word at the start of a sentence."""
    low = word.casefold()
    if low in cues.function_words or low in lowered_words or low in cues.person_titles:
        return True
    try:
        lemma = simplemma.lemmatize(low, lang=language)
        known = simplemma.is_known(low, lang=language)
    except ValueError:
        return False
    # simplemma keeps names capitalised in its lemma; a lower-case lemma means a common word
    return known and lemma[:1].islower()


def _title_before(text: str, start: int, cues: LanguageCues) -> bool:
    before = text[max(0, start - 40) : start].casefold().rstrip()
    before = re.sub(r"[\s,]+$", "", before)
    return any(
        before.endswith(title)
        and (len(before) == len(title) or not before[-len(title) - 1].isalnum())
        for title in cues.person_titles
    )


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"([^\W\d_]+)\s+$", text[max(0, start - 30) : start])
    return m.group(1).casefold() if m else ""


class _Finder:
    def __init__(self, text: str, language: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.language = language
        self.gaz = gazetteer
        self.cues = gazetteer.language_cues(language)
        self.tokens = _tokens(text, self.cues)
        self.words = {t.text for t in self.tokens}
        self.lowered = {t.text for t in self.tokens if t.text[:1].islower()}
        self.caseless = bool(_CASELESS.search(text))
        self.calendar = _calendar_words(language)
        self.inflects = language in gazetteer.inflects_names
        self._lemmas: dict[tuple[str, bool], str] = {}

    def attested(self, stem: str) -> bool:
        return stem in self.words or surface_key(stem) in self.gaz.name_words

    def lemma(self, tokens: list[_Token], loose: bool = False) -> str:
        # the n-gram search asks for the same token many times: remember each answer
        out = []
        for tok in tokens:
            key = (tok.text, loose)
            if key not in self._lemmas:
                self._lemmas[key] = lemmatize_token(
                    tok.text,
                    self.language,
                    self.cues.case_endings,
                    self.attested,
                    self.inflects,
                    self.words.__contains__,
                    loose,
                )
            out.append(self._lemmas[key])
        return " ".join(out)

    def span_text(self, tokens: list[_Token]) -> str:
        return self.text[tokens[0].start : tokens[-1].end]

    def joined(self, tokens: list[_Token]) -> bool:
        """Tokens that follow each other with only a space or hyphen between them."""
        for a, b in zip(tokens, tokens[1:], strict=False):
            gap = self.text[a.end : b.start]
            if gap not in (" ", "-", "\u00a0", " - "):
                return False
        return True

    def gazetteer_hits(self) -> list[tuple[int, int, list[str], str]]:
        """(first token, last token + 1, entity ids, lemma) for the longest known names."""
        hits = []
        i, n = 0, len(self.tokens)
        longest = min(self.gaz.max_tokens, settings.ENTITY_MAX_NGRAM)
        while i < n:
            found = None
            for size in range(min(longest, n - i), 0, -1):
                span = self.tokens[i : i + size]
                if not (span[0].capitalised or self.caseless or not span[0].text[:1].isalpha()):
                    continue
                if not span[-1].capitalised and not self.caseless and span[-1].text[:1].isalpha():
                    if size > 1 and span[-1].text.casefold() in self.cues.particles:
                        continue
                if size > 1 and not self.joined(span):
                    continue
                surface = self.span_text(span)
                ids = self.gaz.lookup(surface)
                lemma = surface if self.caseless or not self.inflects else self.lemma(span)
                if not ids and lemma != surface:
                    ids = self.gaz.lookup(lemma)
                if not ids and self.inflects and not self.caseless:
                    loose = self.lemma(span, loose=True)
                    if loose != lemma:
                        ids = self.gaz.lookup(loose)
                        lemma = loose[:1].upper() + loose[1:] if ids else lemma
                if ids and size == 1 and span[0].initial and not span[0].acronym:
                    # "Sofia" the city or the first word of a sentence: trust the gazetteer
                    # unless the word is also written in lower case in this text
                    if span[0].text.casefold() in self.lowered:
                        ids = []
                if ids:
                    found = (i, i + size, ids, lemma)
                    break
            if found:
                hits.append(found)
                i = found[1]
            else:
                i += 1
        return hits

    def caseless_mentions(self, taken_spans: list[tuple[int, int]]) -> list[Mention]:
        """Names in scripts without capitals or spaces (Chinese, Arabic…): substring search."""
        if not self.caseless:
            return []
        found: list[Mention] = []
        spans = list(taken_spans)
        # longest aliases first so 中华人民共和国 wins over 中华
        for alias in sorted(self.gaz.caseless_aliases, key=len, reverse=True):
            pos = self.text.find(alias)
            while pos >= 0:
                end = pos + len(alias)
                if not any(s < end and pos < e for s, e in spans):
                    ids = sorted(self.gaz.caseless_aliases[alias])
                    etype = sorted({self.gaz.entities[i].type for i in ids}, key=_type_rank)[0]
                    found.append(Mention(alias, pos, end, etype, alias))
                    spans.append((pos, end))
                pos = self.text.find(alias, end)
        return found

    def capitalised_runs(self, taken: set[int]) -> list[list[_Token]]:
        runs: list[list[_Token]] = []
        current: list[_Token] = []
        for idx, tok in enumerate(self.tokens):
            ok = idx not in taken and (tok.capitalised or (tok.acronym and tok.text[:1].isalpha()))
            particle = (
                idx not in taken
                and current
                and tok.text.casefold() in self.cues.particles
                and idx + 1 < len(self.tokens)
                and self.tokens[idx + 1].capitalised
            )
            if (ok or particle) and current and not self.joined([current[-1], tok]):
                runs.append(current)
                current = []
            if ok or (particle and current):
                current.append(tok)
            else:
                if current:
                    runs.append(current)
                current = []
        if current:
            runs.append(current)
        return [self.trim(run) for run in runs]

    def trim(self, run: list[_Token]) -> list[_Token]:
        while run and run[-1].text.casefold() in self.cues.particles:
            run = run[:-1]
        while run:
            head = run[0]
            low = head.text.casefold()
            if low in self.cues.function_words or low in self.calendar:
                run = run[1:]
            elif low in self.cues.person_titles and len(run) > 1:
                run = run[1:]
            elif head.initial and len(run) > 1 and head.text.casefold() in self.lowered:
                # only same-text evidence here: dictionaries know first names as words
                run = run[1:]
            else:
                break
        return run

    def keep_single(self, tok: _Token) -> bool:
        low = tok.text.casefold()
        if low in self.calendar or low in self.cues.function_words or len(tok.text) < 2:
            return False
        if low in self.cues.person_titles or low in self.cues.org_words:
            return False
        if tok.text[:1].isdigit():
            return False
        if _is_demonym(tok.text, self.language, self.cues) and not tok.acronym:
            return False
        if self.language in self.gaz.capitalises_nouns and not tok.acronym:
            if any(low.endswith(s) for s in self.cues.common_noun_suffixes):
                return False
        if tok.initial and not tok.acronym:
            return not _is_common_word(tok.text, self.language, self.lowered, self.cues)
        return True

    def cue_type(self, run: list[_Token], person_surfaces: set[str]) -> str:
        start = run[0].start
        lows = [t.text.casefold() for t in run]
        if self.inflects:
            lows += self.lemma(run, loose=True).casefold().split()
        if any(w in self.cues.org_words for w in lows):
            return "ORG"
        if _title_before(self.text, start, self.cues):
            return "PER"
        if len(run) == 1 and run[0].acronym:
            return "ORG"
        if len(run) == 1 and (run[0].text in person_surfaces or self.lemma(run) in person_surfaces):
            return "PER"
        if _previous_word(self.text, start) in self.cues.place_prepositions and len(run) == 1:
            return "LOC"
        if len(run) >= 2 and all(
            t.capitalised and not t.acronym for t in run if t.text[:1].isalpha()
        ):
            return "PER"
        return settings.ENTITY_DEFAULT_TYPE

    def find(self) -> list[Mention]:
        mentions: list[Mention] = []
        taken: set[int] = set()
        for first, last, ids, lemma in self.gazetteer_hits():
            span = self.tokens[first:last]
            types = sorted({self.gaz.entities[i].type for i in ids}, key=_type_rank)
            etype = types[0]
            if (
                len(types) > 1
                and _title_before(self.text, span[0].start, self.cues)
                and "PER" in types
            ):
                etype = "PER"
            mentions.append(
                Mention(self.span_text(span), span[0].start, span[-1].end, etype, lemma)
            )
            taken.update(range(first, last))
        person_surfaces: set[str] = set()
        runs = [run for run in self.capitalised_runs(taken) if run]
        candidates = []
        for run in runs:
            if len(run) == 1 and not self.keep_single(run[0]):
                continue
            if len(run) > 1 and not self.joined(run):
                continue
            candidates.append(run)
        typed = []
        # multi-token names first so that a lone surname later can borrow their type
        for run in sorted(candidates, key=len, reverse=True):
            etype = self.cue_type(run, person_surfaces)
            lemma = self.lemma(run)
            if etype == "PER" and len(run) > 1:
                person_surfaces.add(run[-1].text)
                person_surfaces.add(lemma.split()[-1])
            typed.append(Mention(self.span_text(run), run[0].start, run[-1].end, etype, lemma))
        mentions.extend(typed)
        mentions.extend(self.caseless_mentions([(m.start, m.end) for m in mentions]))
        mentions.sort(key=lambda m: m.start)
        return mentions


def find_mentions(text: str, language: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Mentions of people, organisations, places, products and events in ``text``."""
    return _Finder(text, language, gazetteer or default_gazetteer()).find()
