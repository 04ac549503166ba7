"""The rule passes: names found from what we know, for the trained model and without it.

The trained recogniser (recognise.py) reads these passes' mentions as features, keeps the
names the gazetteer knows, and leaves the passes alone to decide in a language it never learnt.
`_Finder.find` runs them in this order:

1. known names: gazetteer and CLDR hits in any case form (`gazetteer_hits`), a given name the
   gazetteer lacks joined to a known surname, demonyms (the people of a place name the place),
   web sites named by their address;
2. capitalised runs (`capitalised_runs`) that are not a sentence's common first word, split at
   appositions, each typed by the strongest cue (`cue_type`: a title before a person, an
   organisation word inside, a place preposition before); a lone untyped name in a list takes
   its neighbours' type;
3. names in scripts without capitals (`caseless_mentions`);
4. spans that run on: the field an organisation serves (Комитет по международным делам), and
   the place an organisation belongs to (Върховния съд на Пакистан).

Each pass is measured by bench/entity_passes.py on sets that chose none of them; a pass that
helps nowhere it was not chosen is deleted (README, "Entity recognition").
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from newsweave import settings
from newsweave.cldr import locale_names
from newsweave.entities.gazetteer import (
    Gazetteer,
    LanguageCues,
    case_form,
    default_gazetteer,
    local_place_name,
)
from newsweave.entities.lemma import (
    fleeting_vowel_stem,
    genitive_complement,
    lemmatize_token,
    morph_type,
    nominative_given_name,
)
from newsweave.entities.name_type import (
    adjective_shaped,
    first_name,
    matches_cue,
    place_shaped,
)
from newsweave.entities.translit import (
    keys_as_written,
    stem_keys,
    surface_key,
    surface_key_start,
)
from newsweave.langs.detect import word_script
from newsweave.langs.lemmas import is_known, lemmatize
from newsweave.model import Mention
from newsweave.quotes.lexicon import attribution_lexicon

_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[-'’.](?=[^\W_]))*")
_SENTENCE_END = set('.!?:;"«»“”„()[]\n—–')
_MARKS = set('"«»“”„()[]')  # opening a quotation or an aside, or closing it
_CASELESS = re.compile(r"[\u0600-\u06ff\u0590-\u05ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_ACRONYM_MAX = 6
# case and gender endings of a title in a language that capitalises nouns (des Präsidenten,
# die Kanzlerin, des Ministers)
_TITLE_ENDINGS = ("e", "en", "n", "s", "es", "in", "innen")
# Scripts that write words without spaces: a name is any substring there.
_UNSPACED_SCRIPTS = {"Han", "Japanese", "Thai", "Lao", "Khmer", "Myanmar"}
# Letters written onto the word before a name: and, so, with/in, for, as, the (والسودان,
# بمصر; Hebrew וב, ה). Korean particles follow the name (한국은) and are all allowed.
_PROCLITICS = {
    "Arabic": {"و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فال", "كال", "لل", "وب", "ول", "وبال"},
    "Hebrew": {"ו", "ה", "ב", "ל", "מ", "ש", "כ", "וה", "וב", "ול", "שה", "מה", "שב"},
}
# Endings that make a place's adjective or people (مصري, مصرية: Egyptian): still the place.
_NAME_SUFFIXES = {"Arabic": {"ي", "ية", "يين", "يون", "يا"}}
_ELIDED = re.compile(r"([^\W\d_]{1,7})['’](?=[^\W\d_])")  # "dell’", "l’", "qu’"
_CLITIC_MAX = 4  # letters: longer runs before a name are a word of their own
_WORD_REST = re.compile(r"\w+")  # the letters after a match that ends inside a word
_ROMAN_NUMERAL = re.compile(r"(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})")
# a given name cut to its initial: "W." in George W. Bush, "Дж." in Дж. Буш
_INITIAL = re.compile(r"[^\W\d_]|[^\W\d_][^\W\d_A-ZА-ЯЁІЇЄҐ]")
# letters and at least three digits in one word: a model or a lab code, not a body (G20, MI6)
_MODEL_CODE = re.compile(r"(?=(?:\D*\d){3})[^\W\d_][\w-]*")
_INITIAL_AND_NAME = re.compile(r"[^\W\d_]{1,2}\.[^\W\d_]{3,}")  # С.Барклі
# a full stop after a word of two letters or more, then a capital: two words, space lost
# (not before a top-level domain in capitals that ends the word: RBC.UA, Leave.EU, Газета.Ru)
_GLUED_SENTENCE = re.compile(
    r"(?<=[^\W\d_]{2})\.(?=[^\W\d_a-zа-яёіїєґ])(?!(?:[A-Z][A-Za-z]|[A-Z]{3}|РФ)(?![\w.]))"
)
# a space, then a name without sentence punctuation between quotation marks (paired by
# _Finder.quoted)
# a gloss in brackets right after a name (a closing quotation mark between): «Байонтек» (BioNTech)
_GLOSS = re.compile(r"[»\"“”]? \(([^()\n]{2,40})\)")
# a word cut to an abbreviation with its full stop glued to the next word: W.Brytania
_ABBREVIATED_FIRST = re.compile(r"([^\W\d_]{1,3})\.([^\W\d_]{3,})")
_CAMEL_CASE = re.compile(r"[^\W\d_A-ZА-ЯЁІЇЄҐ]+[A-ZА-ЯЁІЇЄҐ]\w*")  # easyJet, iPhone
_ABBREVIATION_MAX = 3  # letters of a word cut short in a name: W., Wlk., Płn.
_FIELD_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # a word of an organisation's field
_OPENING_QUOTES = {"«": "»", '"': '"', "„": "“", "“": "”"}
# A site named by its address (Echo24.cz, novostivolgograda.ru, wPolityce.pl) is a medium: a
# product, as a newspaper's title is. Lower-case top-level domains only: a name written with
# a capital one (ZN.UA, Leave.EU, Газета.Ru) is a firm or a campaign as often as a medium, and
# is typed as any other name.
_WEB_TITLE = re.compile(
    r"(?:www\.)?[^\W_][\w-]*(?:\.[\w-]+)*\."
    r"(?:com|org|net|info|news|tv|eu|uk|de|ru|ua|by|kz|pl|cz|sk|si|hr|rs|bg|рф)"
)

_TYPE_PRIORITY = {"PER": 0, "ORG": 1, "EVT": 2, "PRO": 3, "LOC": 4}


def _type_rank(etype: str) -> int:
    return _TYPE_PRIORITY.get(etype, len(_TYPE_PRIORITY))


@dataclass
class _Token:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence, a quotation or a line
    capitalised: bool = False
    acronym: bool = False

    def __post_init__(self) -> None:
        # asked many times per token by every pass: answer once
        text = self.text
        self.capitalised = text[:1].isupper()
        second = text[1:2]
        # a second letter that is no capital settles most words (Putin) without listing letters
        if not text[:1].islower() and not (second.isalpha() and not second.isupper()):
            letters = [c for c in text if c.isalpha()]
            self.acronym = 2 <= len(letters) <= _ACRONYM_MAX and all(c.isupper() for c in letters)

    @cached_property
    def name_script(self) -> str:
        # joined() asks it of each token once per span the token is tried in
        return _name_script(self.text)


def _token_spans(text: str) -> list[tuple[str, int]]:
    """Words and where they start, cut where a full stop with no space after it ends a word
    and a capital follows (БТА.Франция: a lost space); initials (Н.И.Пирогов) and web
    addresses (echo24.cz) stay whole."""
    out = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(), m.start()
        if "." not in word:
            # most words hold no full stop, and only a full stop is cut at
            out.append((word, start))
            continue
        cut = 0
        for glue in _GLUED_SENTENCE.finditer(word):
            out.append((word[cut : glue.start() + 1], start + cut))
            cut = glue.end()
        out.append((word[cut:], start + cut))
    return out


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens the text, or a sentence, line or quotation."""
    j = start - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j < 0 or text[j] in _SENTENCE_END


def _tokens(text: str, cues: LanguageCues) -> list[_Token]:
    out = []
    apostrophe_endings = [e for e in cues.case_endings if e[:1] in "'’"]
    for word, start in _token_spans(text):
        word = word.rstrip(".")
        elided = _ELIDED.match(word) if cues.elisions else None
        if (
            elided
            and elided.group(1).casefold() in cues.elisions
            # a capital opens a sentence ("L’Italia") or a surname ("D'Alema")
            and (elided.group(1).islower() or opens_sentence(text, start))
        ):
            # "dell’Italia", "l’Europe": the article or preposition is no part of the name
            start, word = start + elided.end(), word[elided.end() :]
        end = start + len(word)
        # possessive and case suffixes after an apostrophe (Trump's, Erdoğan'ın) are not the name
        if apostrophe_endings and ("'" in word or "’" in word):
            for ending in apostrophe_endings:
                if word.lower().endswith(ending) and len(word) > len(ending):
                    word = word[: -len(ending)]
                    end = start + len(word)
                    break
        j = start - 1
        while j >= 0 and text[j] in " \t\r":
            j -= 1
        # a hyphen standing alone opens a line of dialogue or a quotation ("- To ważny krok")
        dash = j >= 0 and text[j] == "-" and (j == 0 or text[j - 1].isspace())
        # a quotation mark or bracket right after a word closes it: no sentence starts there
        # (Съдбата на "освободената" Биби)
        closing = (
            j > 0
            and text[j] in _MARKS
            and not text[j - 1].isspace()
            and text[j - 1] not in _SENTENCE_END
        )
        boundary = j < 0 or (text[j] in _SENTENCE_END and not closing)
        out.append(_Token(word, start, end, boundary or dash))
    return out


@lru_cache(maxsize=64)
def _calendar_words(language: str) -> frozenset[str]:
    """Month and weekday names: capitalised in many languages, never entities."""
    names = locale_names(language)
    if names is None:
        return frozenset()
    words: set[str] = set()
    for calendar in (names.months, names.days):
        for widths in calendar.values():
            for table in widths.values():
                words |= {w.casefold().rstrip(".") for w in table.values()}
    return frozenset(words)


@lru_cache(maxsize=64)
def _territory_stems(language: str) -> frozenset[str]:
    """First four letters of each word of the language's country names (for demonyms)."""
    names = locale_names(language)
    if names is None:
        return frozenset()
    countries = names.territories.values()
    return frozenset(w.casefold()[:4] for n in countries for w in n.split() if len(w) >= 4)


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
    lemma, known = lemmatize(low, language), is_known(low, language)
    # simplemma keeps names capitalised in its lemma; a lower-case lemma means a common word
    return known and lemma[:1].islower()


@lru_cache(maxsize=64)
def _title_forms(titles: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The one-word titles in their other cases and genders (Präsidenten, Kanzlerin), and
    those with the titles themselves: the endings a compound title ends in."""
    single = [title for title in titles if " " not in title]
    inflected = frozenset(title + ending for title in single for ending in _TITLE_ENDINGS)
    return inflected, (*single, *inflected)


def is_title_word(word: str, cues: LanguageCues, compounds: bool) -> bool:
    """A title: no part of a person's name. With `compounds` (German, which capitalises its
    nouns and joins them), in any case or gender too, or a compound ending in one
    (Bundespräsident, Ministerpräsidenten); elsewhere such an ending proves nothing (Oleksandr
    ends in "dr")."""
    low = word.casefold()
    if not compounds:
        return low in cues.person_titles
    inflected, whole = _title_forms(tuple(cues.person_titles))
    return low in whole or (
        low.endswith(whole) and any(low.endswith(f) and len(low) > len(f) + 2 for f in whole)
    )


def _title_before(text: str, start: int, cues: LanguageCues) -> bool:
    before = text[max(0, start - 40) : start].casefold().rstrip()
    before = re.sub(r"[\s,]+$", "", before)
    return any(
        before.endswith(title)
        and (len(before) == len(title) or not before[-len(title) - 1].isalnum())
        for title in cues.person_titles
    )


# ", die Anwältin der Frau", ", the company's spokesman": an article and up to three words
_APPOSED_AFTER = re.compile(
    r",[^\S\n]+(?P<article>[^\W\d_]+)[^\S\n]+(?P<words>[\w'’-]+(?:[^\S\n]+[\w'’-]+){0,2})"
)


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"([^\W\d_]+)\s+$", text[max(0, start - 30) : start])
    return m.group(1).casefold() if m else ""


def _name_script(word: str) -> str:
    """The script a word holds a name to; "" for a letter, a Roman numeral or a number,
    written alike beside words of any script ("Спутник V", "Бенедикт XVI", "Евро 2020")."""
    if len(word) == 1 or _ROMAN_NUMERAL.fullmatch(word):
        return ""
    return word_script(word)


def _one_of(words: list[str]) -> str:
    """A pattern matching any one of ``words`` as written (cue phrases: do spraw, ds.)."""
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


def _lowercase_words(text: str, tokens: list[_Token]) -> set[str]:
    """Words seen in lower case, on lines that use capitals at all: a line with none (a tag
    list "дональд трамп, фбр, капитолий", a handle, a caseless post) says nothing about which
    of its words are names."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    line_ends = line_starts[1:] + [len(text) + 1]
    cased = [
        any(c.isupper() for c in text[start : end - 1])
        for start, end in zip(line_starts, line_ends, strict=True)
    ]
    return {
        tok.text
        for tok in tokens
        if tok.text[:1].islower() and cased[bisect.bisect_right(line_starts, tok.start) - 1]
    }


class _Finder:
    def __init__(self, text: str, language: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.language = language
        self.gaz = gazetteer
        self.cues = gazetteer.language_cues(language)
        # one-word titles win over organisation words they begin with (senator: senate)
        self.title_words = frozenset(t for t in self.cues.person_titles if " " not in t)
        self.tokens = _tokens(text, self.cues)
        self.words = {t.text for t in self.tokens}
        self.lowered = _lowercase_words(text, self.tokens)
        # words the text capitalises inside sentences: names, whatever a dictionary says
        self.named_inside = Counter(t.text for t in self.tokens if t.capitalised and not t.initial)
        self.lower_count = Counter(t.text for t in self.tokens if t.text in self.lowered)
        self.caseless = bool(_CASELESS.search(text))
        self.keys_as_written = keys_as_written(text)
        self.cyrillic = language in gazetteer.cyrillic_languages
        self.calendar = _calendar_words(language)
        self.inflects = language in gazetteer.inflects_names
        self.nouns_capitalised = language in gazetteer.capitalises_nouns
        self.endings = tuple(self.cues.case_endings)
        self.noun_like = self._capitalised_common_nouns()
        # each word's base form, strict and loose (see lemma)
        self._lemmas: dict[str, str] = {}
        self._loose_lemmas: dict[str, str] = {}
        self.hit_ids: dict[tuple[int, int], list[str]] = {}  # (start, end) of a known name
        self.abbreviation_ends: dict[int, int] = {}  # start -> end of a name cut short (Wlk.)

    def _full_name_opens(self, at: int) -> bool:
        """A given name we know, and a capitalised word right after it: "forderten Anna
        Lührmann und …" names someone after a verb that ends like an adjective."""
        following = self.tokens[at + 1] if at + 1 < len(self.tokens) else None
        return (
            self.given_name(self.tokens[at].text)
            and following is not None
            and following.capitalised
            and self.text[self.tokens[at].end : following.start] == " "
        )

    def _capitalised_common_nouns(self) -> set[str]:
        """In languages that capitalise nouns: words seen after an article, numeral or adjective.

        "das Treffen", "zehn Kilometer", "grünen Wasserstoff": a name rarely stands there, and
        once a word is seen so, it is a common noun everywhere in the text.
        """
        if not self.nouns_capitalised:
            return set()
        out = set()
        for i, (prev, tok) in enumerate(zip(self.tokens, self.tokens[1:], strict=False)):
            if not tok.capitalised or tok.acronym or tok.text.casefold() in self.cues.particles:
                continue
            low = prev.text.casefold()
            if (
                low in self.cues.noun_determiners
                or prev.text.isdigit()
                or (
                    prev.text[:1].islower()
                    and low.endswith(("e", "en", "er", "es", "em"))
                    and low not in self.cues.function_words  # zwischen, gegen: no adjective
                    # a verb ends like an adjective: "sagte Anna Schmidt" names a person
                    and low not in self.cues.reporting_words
                    and not self._full_name_opens(i + 1)
                )
            ):
                out.add(tok.text)
        if self.cues.person_titles:
            # a title in another case or gender (Präsidenten, Kanzlerin), and compounds ending
            # in one (Staatspräsident, Ministerpräsidenten), are titles, not names
            inflected, whole = _title_forms(tuple(self.cues.person_titles))
            for tok in self.tokens:
                if not tok.capitalised or tok.acronym:
                    continue
                low = tok.text.casefold()
                # one endswith over all the titles turns away nearly every word before the
                # lengths are compared
                if low in inflected or (
                    low.endswith(whole)
                    and any(low.endswith(f) and len(low) > len(f) + 2 for f in whole)
                ):
                    out.add(tok.text)
        return out

    def attested(self, stem: str) -> bool:
        return stem in self.words or surface_key(stem) in self.gaz.name_words

    def title_before(self, start: int) -> bool:
        """A person's title right before ``start``; where nouns are capitalised and joined, a
        compound one too ("Innenministerin Faeser", "Oberbürgermeisterin Dörner")."""
        if _title_before(self.text, start, self.cues):
            return True
        before = _previous_word(self.text, start)
        return self.nouns_capitalised and bool(before) and is_title_word(before, self.cues, True)

    def named_as_person(self, start: int, end: int) -> bool:
        """A title before the name or a role set off after it: a person's, whatever else."""
        return self.title_before(start) or self.role_after(end)

    def role_after(self, end: int) -> bool:
        """A role set off by a comma after ``end``: "Celebi, die Anwältin der Frau", "Jan
        Smit, the company's spokesman": the name before it is a person's."""
        apposed = _APPOSED_AFTER.match(self.text, end)
        if apposed is None:
            return False
        lexicon = attribution_lexicon(self.language)
        if apposed.group("article").casefold() not in lexicon.determiners:
            return False
        return any(lexicon.roles.fullmatch(w) for w in apposed.group("words").split())

    def given_name(self, word: str) -> bool:
        return word.casefold() in self.gaz.first_names

    def lemma(self, tokens: list[_Token], loose: bool = False) -> str:
        # the n-gram search asks for the same token many times: remember each answer
        if len(tokens) > 1 and self.language == "ru" and nominative_given_name(tokens[0].text):
            # Names agree in case: after a given name in the nominative the surname is one too.
            return " ".join(t.text for t in tokens)
        known = self._loose_lemmas if loose else self._lemmas
        out = []
        for tok in tokens:
            lemma = known.get(tok.text)
            if lemma is None:
                lemma = known[tok.text] = lemmatize_token(
                    tok.text,
                    self.language,
                    self.endings,
                    self.attested,
                    self.inflects,
                    self.words.__contains__,
                    loose,
                    self.given_name,
                )
            out.append(lemma)
        if self.cues.oblique_adjective_endings and tokens[0].text[:1].isupper():
            for i in range(len(tokens) - 1):
                if not tokens[i + 1].text[:1].isupper():
                    break  # "Bank für Internationalen Zahlungsausgleich": "für" governs the case
                out[i] = self._cited_adjective(tokens[i].text, out[i])
        return " ".join(out)

    def _cited_adjective(self, word: str, lemma: str) -> str:
        """An adjective that opens a name, as the name is cited: "Deutschen" in "der Deutschen
        Bank" is "Deutsche", not the dictionary's "Deutscher" (a German) that would make the
        bank "Deutscher Bank"."""
        if lemma == word or self.given_name(word):
            return lemma
        for ending, cited in self.cues.oblique_adjective_endings.items():
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: len(word) - len(ending)] + cited
        return word if word.endswith(tuple(self.cues.oblique_adjective_endings.values())) else lemma

    def lemma_between(self, start: int, end: int) -> str:
        """The base form of the name between two offsets another recogniser found."""
        inside = [t for t in self.tokens if start <= t.start and t.end <= end]
        return self.lemma(inside) if inside else self.text[start:end]

    def gaz_head(self, word: str) -> str:
        return surface_key(word)[: settings.ENTITY_HEAD_PREFIX]

    def span_text(self, tokens: list[_Token]) -> str:
        return self.text[tokens[0].start : tokens[-1].end]

    def joined(self, tokens: list[_Token]) -> bool:
        """Tokens that follow each other with only a space or hyphen between them."""
        return all(self._adjoined(a, b) for a, b in zip(tokens, tokens[1:], strict=False))

    def _adjoined(self, a: _Token, b: _Token) -> bool:
        """``b`` follows ``a`` as the next word of one name does (see joined)."""
        gap = self.text[a.end : b.start]
        # a spaced dash parts a dateline from its story or a name from a gloss
        # ("Islámábád - Pákistánská strana"); a name never holds one
        if gap not in (" ", "-", "\u00a0") and not (
            gap in (".", ". ") and _INITIAL.fullmatch(a.text)
        ):
            return False
        # nor does it change script between its words ("щодо Brexit Мішель Барньє")
        script_a, script_b = a.name_script, b.name_script
        return not (script_a and script_b and script_a != script_b)

    def gazetteer_hits(self) -> list[tuple[int, int, list[str], str]]:
        """(first token, last token + 1, entity ids, lemma) for the longest known names."""
        hits = []
        i, n = 0, len(self.tokens)
        longest = min(self.gaz.max_tokens, settings.ENTITY_MAX_NGRAM)
        prefix_len = settings.ENTITY_LOWERCASE_PREFIX
        while i < n:
            found = self.abbreviated_hit(i)
            if found:
                hits.append(found)
                i = found[1]
                continue
            head = self.tokens[i].text
            if _CAMEL_CASE.fullmatch(head):
                # a brand written with a small first letter (easyJet, iPhone): known or nothing
                ids = self.known_word(head)
                if ids:
                    hits.append((i, i + 1, ids, head))
                i += 1
                continue
            if (
                head[:1].islower()
                and not self.caseless
                and surface_key_start(head, prefix_len) not in self.gaz.lowercase_prefixes
            ):
                i += 1
                continue
            sizes = min(longest, n - i)
            if surface_key(head)[: settings.ENTITY_HEAD_PREFIX] not in self.gaz.multiword_heads:
                sizes = 1
            # a span longer than the run of joined tokens from the head is no name: asked once
            # here rather than of every span size, and the longer spans are not tried
            lower_head = not (self.tokens[i].capitalised or self.caseless or not head[:1].isalpha())
            reach = self._joined_reach(i, sizes)
            for size in range(sizes if lower_head else min(sizes, reach), 0, -1):
                span = self.tokens[i : i + size]
                if lower_head:
                    lower_hit = self.lowercase_hit(span)
                    if lower_hit:
                        found = (i, i + size, *lower_hit)
                        break
                    continue
                if not span[-1].capitalised and not self.caseless and span[-1].text[:1].isalpha():
                    if size > 1 and span[-1].text.casefold() in self.cues.particles:
                        continue
                surface = self.span_text(span)
                ids = self.gaz.lookup(surface)
                lemma: str | None = surface if self.caseless or not self.inflects else None
                # the base forms of a longer span are looked up only where its head's could
                # begin a known name: most heads' cannot, and the words after them then need
                # no lemmatising (None: not asked; the lemma is made if a stem finds the name)
                if lemma is None and (ids or size == 1 or self._base_form_may_begin_name(i)):
                    lemma = self.lemma(span)
                    if not ids and lemma != surface:
                        ids = self.gaz.lookup(lemma)
                    if not ids:
                        loose = self.lemma(span, loose=True)
                        if loose != lemma:
                            ids = self.gaz.lookup(loose)
                            lemma = loose[:1].upper() + loose[1:] if ids else lemma
                    if not ids and size > 1 and self.cues.oblique_adjective_endings:
                        # "der Vereinten Nationen": the adjective cited, the noun as written,
                        # whose dictionary form would be a singular (Nation)
                        words = lemma.split()
                        cited = " ".join([*words[:-1], span[-1].text])
                        if len(words) == size and cited not in (lemma, surface):
                            ids = self.gaz.lookup(cited)
                            lemma = cited if ids else lemma
                if (
                    not ids
                    and self.inflects
                    and size <= settings.ENTITY_STEM_MAX_TOKENS
                    and span[0].capitalised
                    and not any(t.acronym for t in span)
                    and (
                        all(t.capitalised for t in span)
                        or (size > 1 and self.gaz_head(head) in self.gaz.lowercase_inner_heads)
                    )
                    and not (size == 1 and span[0].initial)
                    # a given name's case form is no other name's (Johnem is not Yoon), unless
                    # a place's preposition asks for a place and no surname follows (v Georgii)
                    and not (
                        size == 1
                        and first_name(span[0].text, self.gaz, self.cues)
                        and (
                            _previous_word(self.text, span[0].start)
                            not in self.cues.place_prepositions
                            or self._person_starts(i)
                        )
                    )
                    # nor is an organisation word's: Ради ("of the council") is not Радев
                    and not (size == 1 and self.organisation_cue(span[0]))
                    # a Latin-script word in a Cyrillic text takes no case ending: "Lion Air" is
                    # not a form of Lyon, nor "Air" of Éire
                    and not self.foreign_script(span)
                ):
                    ids = self.gaz.lookup_stem(surface, self.language, self.endings)
                    ids = [e for e in ids if self.inflected_form(surface, e)]
                    if size == 1 and adjective_shaped(span[0].text, self.language, self.cues):
                        # an adjective's form names a place only where the place's name is an
                        # adjective (dla Polski), and not where it begins a longer name
                        # (Polski Związek Pływacki)
                        named_on = i + 1 < n and self.tokens[i + 1].capitalised
                        if named_on and self.joined(self.tokens[i : i + 2]):
                            ids = []
                        ids = [e for e in ids if self.adjectival_name(e, surface)]
                    ids = ids if len({self.gaz.entities[e].type for e in ids}) == 1 else []
                if ids and size == 1 and span[0].initial and not span[0].acronym:
                    # "Sofia" the city or the first word of a sentence: trust the gazetteer
                    # unless the word is also written in lower case in this text, as a word
                    # and not as a name written so (brexit: "Brexit bo najkasneje")
                    low = span[0].text.casefold()
                    if self.written_as_word(span[0]) and not self.lowercase_name(low):
                        ids = []
                if ids:
                    found = (i, i + size, ids, self.lemma(span) if lemma is None else lemma)
                    break
            if found:
                hits.append(found)
                i = found[1]
            else:
                i += 1
        return hits

    def _joined_reach(self, first: int, most: int) -> int:
        """How many tokens from ``first`` on (``most`` at most) follow each other as the words
        of one name do (see joined)."""
        tokens = self.tokens
        reach = 1
        while reach < most and self._adjoined(tokens[first + reach - 1], tokens[first + reach]):
            reach += 1
        return reach

    def _base_form_may_begin_name(self, head: int) -> bool:
        """Whether the base form (strict or loose) of a span of several words beginning at
        token ``head`` may be a known name: its key begins with the head's base form's key
        (translit.surface_key), so that must be the first word of one."""
        if self.keys_as_written:
            return True
        word = self.tokens[head].text
        for loose in (False, True):
            base = self.lemma([self.tokens[head]], loose)
            for form in {base, self._cited_adjective(word, base)}:
                first_word = surface_key(form).split(" ", 1)[0]
                if not first_word or first_word in self.gaz.first_words:
                    return True
        return False

    def abbreviated_hit(self, i: int) -> tuple[int, int, list[str], str] | None:
        """A two-word name with one word cut to an abbreviation and its full stop, at token
        ``i``: Wlk. Brytanii, W.Brytania, Irlandii Płn. The full stop belongs to the name."""
        tok = self.tokens[i]
        # asked of every token: the pattern's full stop is missing from nearly all of them
        glued = _ABBREVIATED_FIRST.fullmatch(tok.text) if "." in tok.text else None
        if glued:
            pairs = [(glued.group(1), glued.group(2), True, i + 1, tok.end)]
        elif i + 1 < len(self.tokens) and tok.capitalised and self.tokens[i + 1].capitalised:
            after = self.tokens[i + 1]
            between = self.text[tok.end : after.start]
            pairs = []
            if between in (". ", ".") and len(tok.text) <= _ABBREVIATION_MAX:
                pairs.append((tok.text, after.text, True, i + 2, after.end))
            if between == " " and len(after.text) <= _ABBREVIATION_MAX:
                if self.text[after.end : after.end + 1] == ".":
                    pairs.append((after.text, tok.text, False, i + 2, after.end + 1))
        else:
            return None
        for short, word, cut_first, last, end in pairs:
            if len(short) > 1 and short.isupper():
                continue  # an acronym ending a sentence (DPA. Stávky), not a word cut short
            found = self.gaz.abbreviated(short, word, cut_first)
            if len({entity_id for entity_id, _ in found}) == 1:
                self.abbreviation_ends[tok.start] = end
                return (i, last, [found[0][0]], found[0][1])
        return None

    def known_word(self, word: str) -> list[str]:
        """Ids of the known names one word is, as written or in a case form (easyJetu)."""
        return self.gaz.lookup(word) or [
            e
            for e in self.gaz.lookup_stem(word, self.language, self.endings)
            if self.inflected_form(word, e)
        ]

    def known_word_types(self, word: str) -> set[str]:
        """The types of the known names one word is (see known_word)."""
        return {self.gaz.entities[e].type for e in self.known_word(word)}

    def inflected_form(self, surface: str, entity_id: str) -> bool:
        """``surface`` may be a case form of one of the entity's names in its own script. The
        coarse stem keys also meet names that merely sound alike: Барние is no form of Бърно."""
        if " " in surface:
            return True  # several words confirm each other
        script = _name_script(surface)
        low = surface.casefold()
        same_script = [
            v.casefold()
            for v in self.gaz.entities[entity_id].variants
            if " " not in v and _name_script(v) == script
        ]
        if not same_script:
            return True  # only a romanised or foreign spelling to compare with: trust the key
        if self.nouns_capitalised:
            # Where every noun is capitalised, a capital is no sign of a name, and a name
            # changes only by its case ending (Merkels): a word that merely begins like one
            # is a noun (Politik is no form of Politico, nor Mann of Man).
            return any(
                low == v or (low.startswith(v) and low[len(v) :] in self.endings)
                for v in same_script
            )
        return any(case_form(low, v) for v in same_script)

    def adjectival_name(self, entity_id: str, surface: str) -> bool:
        """The text's language names the place with an adjective (Polska) and ``surface`` is
        a case form of that name (dla Polski). A neighbour's name does not count: a Slovene
        text's Slovenske is no form of the Slovak Slovensko."""
        name = local_place_name(entity_id, self.language)
        if not name or " " in name:
            return False
        return case_form(surface.casefold(), name.casefold()) and adjective_shaped(
            name, self.language, self.cues
        )

    def name_part_hits_dropped(
        self, hits: list[tuple[int, int, list[str], str]]
    ) -> list[tuple[int, int, list[str], str]]:
        """Drop a one-word place or organisation hit that is part of a longer unknown name.

        "Asia Bibi" is a woman, not the continent followed by a surname.
        """
        starts = {h[0] for h in hits}
        ends = {h[1] for h in hits}
        person_starts = {
            h[0] for h in hits if any(self.gaz.entities[i].type == "PER" for i in h[2])
        }
        kept = []
        for hit in hits:
            first, last, ids, _ = hit
            types = {self.gaz.entities[i].type for i in ids}
            word = self.tokens[first]
            if (
                last - first == 1
                and "PER" not in types
                and not word.acronym
                and not word.text[:1].islower()
            ):
                if (
                    self._unknown_name_word(last, starts)
                    and self.joined(self.tokens[first : last + 1])
                    and not self._person_starts(last)
                    and not self._full_name_after(last, starts, person_starts)
                ):
                    continue
                before = first - 1
                if (
                    before >= 0
                    and before + 1 not in ends
                    and self._unknown_name_word(before, set())
                    and not (
                        self.tokens[before].initial and self._sentence_word(self.tokens[before])
                    )
                ):
                    joined = self.joined(self.tokens[before:last])
                    if joined and not self.tokens[first].initial:
                        continue
            kept.append(hit)
        return kept

    def _person_starts(self, idx: int) -> bool:
        """A given name followed by another capitalised word: a person's name begins here
        ("Paříže Anne Hidalgová", "Ryanair Майкл О'Лірі" name a place or firm, then a person)."""
        after = idx + 1
        return (
            after < len(self.tokens)
            and self.tokens[after].capitalised
            and first_name(self.tokens[idx].text, self.gaz, self.cues)
        )

    def _full_name_after(self, idx: int, hit_starts: set[int], person_starts: set[int]) -> bool:
        """A given name and a surname follow a known place or body ("Пакистан Асия Биби",
        "Канада Джъстин Трюдо" with a known surname), not the one word that completes a name."""
        surname = idx + 1
        return (
            self._unknown_name_word(surname, hit_starts) or surname in person_starts
        ) and self.joined(self.tokens[idx : idx + 2])

    def split_apposition(self, run: list[_Token]) -> list[list[_Token]]:
        """Cut a run where a person's full name follows another name with no comma between:
        an acronym or a place before a given name and a surname."""
        if len(run) < 3:
            return [run]
        for k in range(1, len(run) - 1):
            before = run[k - 1]
            if before.acronym and k == 1 and not run[k].acronym:
                return [run[:k], *self.split_apposition(run[k:])]
            if (
                not before.acronym
                and not first_name(before.text, self.gaz, self.cues)
                and before.text.casefold() not in self.cues.particles
                and first_name(run[k].text, self.gaz, self.cues)
                and run[k + 1].capitalised
            ):
                return [run[:k], run[k:]]
        return [run]

    def _unknown_name_word(self, idx: int, hit_starts: set[int]) -> bool:
        if idx >= len(self.tokens) or idx in hit_starts:
            return False
        tok = self.tokens[idx]
        low = tok.text.casefold()
        return (
            tok.capitalised
            and not tok.acronym
            and len(tok.text) > 1
            and low not in self.cues.function_words
            and low not in self.cues.person_titles
            and low not in self.calendar
            and not self.org_word(tok.text)
            and not matches_cue(tok.text, self.cues.place_words)
        )

    def lowercase_hit(self, span: list[_Token]) -> tuple[list[str], str] | None:
        """A name the gazetteer allows in lower case (brexit, коронавирус), in any case form."""
        if len(span) > settings.ENTITY_STEM_MAX_TOKENS or not self.joined(span):
            return None
        # a number may follow the words (covid 19, covida 19), never lead them
        if not span[0].text[:1].isalpha():
            return None
        surface = self.span_text(span)
        key = surface_key(surface)
        if key in self.gaz.lowercase_keys:
            return self.gaz.lookup(surface), surface
        alias = self.gaz.lowercase_form(key)
        if alias:
            ids = self.gaz.lookup(alias)
            # the entity's own name is the base form: "brexitu" and "covidom-19" link by it
            return ids, self.gaz.entities[ids[0]].name if len(ids) == 1 else surface
        return None

    def written_as_word(self, tok: _Token) -> bool:
        """The text writes this word in lower case at least as often as it capitalises it
        inside sentences: a common word, not a name ("boeinga 737" once beside "Boeing" four
        times is the plane named after the firm)."""
        low = tok.text.casefold()
        return low in self.lowered and self.lower_count[low] >= self.named_inside[tok.text]

    def lowercase_name(self, word: str) -> bool:
        """A lower-case word that is a name the gazetteer allows in lower case, or its case form."""
        key = surface_key(word)
        return key in self.gaz.lowercase_keys or self.gaz.lowercase_form(key) is not None

    def caseless_mentions(self, taken_spans: list[tuple[int, int]]) -> list[Mention]:
        """Names in scripts without capitals (Chinese, Arabic…): substring search, held to
        word bounds where the script spaces its words."""
        if not self.caseless:
            return []
        found: list[Mention] = []
        spans = list(taken_spans)
        # longest aliases first so 中华人民共和国 wins over 中华
        for alias in sorted(self.gaz.caseless_aliases, key=len, reverse=True):
            pos = self.text.find(alias)
            while pos >= 0:
                end = pos + len(alias)
                if self._whole_word(alias, pos, end) and not any(
                    s < end and pos < e for s, e in spans
                ):
                    ids = sorted(self.gaz.caseless_aliases[alias])
                    etype = sorted({self.gaz.entities[i].type for i in ids}, key=_type_rank)[0]
                    found.append(Mention(alias, pos, end, etype, alias))
                    spans.append((pos, end))
                    if word_script(alias) in _UNSPACED_SCRIPTS:
                        # a known name, as the token pass's hits are (it cannot see names in
                        # unspaced text): the recogniser keeps it where its model found
                        # nothing (新冠肺炎 in 新冠肺炎疫情). In spaced scripts the token pass
                        # has the whole words; what is left here lies inside a word (مصري,
                        # an adjective), which annotated Arabic news does not mark as a name.
                        self.hit_ids[(pos, end)] = ids
                pos = self.text.find(alias, end)
        return found

    def _whole_word(self, alias: str, start: int, end: int) -> bool:
        """The alias at start:end is a word of the text, or one with only its script's
        clitics attached (والسودان, 한국은): مصر is not the start of مصرع ("death")."""
        script = word_script(alias)
        if script in _UNSPACED_SCRIPTS:
            return True
        first = start
        while first > 0 and self.text[first - 1].isalnum() and start - first <= _CLITIC_MAX:
            first -= 1
        prefix = self.text[first:start]
        after = _WORD_REST.match(self.text, end)
        suffix = after.group(0) if after else ""
        if prefix and prefix not in _PROCLITICS.get(script, ()):
            return False
        return script == "Hangul" or not suffix or suffix in _NAME_SUFFIXES.get(script, ())

    def capitalised_runs(self, taken: set[int]) -> list[list[_Token]]:
        runs: list[list[_Token]] = []
        current: list[_Token] = []
        skip_until = 0
        for idx, tok in enumerate(self.tokens):
            if idx < skip_until:
                continue
            ok = idx not in taken and (tok.capitalised or (tok.acronym and tok.text[:1].isalpha()))
            particle = (
                idx not in taken
                and current
                and tok.text.casefold() in self.cues.particles
                and idx + 1 < len(self.tokens)
                and self.tokens[idx + 1].capitalised
                and not self._article_after_name(tok, current)
            )
            if (ok or particle) and current and not self._adjoined(current[-1], tok):
                runs.append(current)
                current = []
            if ok or particle or idx in taken or not current or not tok.text[:1].islower():
                head = 0
            else:
                head = self.lowercase_head(idx, current[-1])
            if head:
                current.extend(self.tokens[idx : idx + head])
                skip_until = idx + head
                continue
            if idx < skip_until:
                continue
            if ok or (particle and current):
                current.append(tok)
            else:
                if current:
                    runs.append(current)
                current = []
        if current:
            runs.append(current)
        return [self.trim(run) for run in runs]

    def _article_after_name(self, tok: _Token, current: list[_Token]) -> bool:
        """Where every noun is capitalised, an article after a name opens the next phrase ("sagte
        Nancy Faeser der Süddeutschen Zeitung"); it belongs to the name only after another
        particle ("von der Leyen")."""
        return (
            self.nouns_capitalised
            and tok.text.casefold() in self.cues.noun_determiners
            and current[-1].text.casefold() not in self.cues.particles
        )

    def lowercase_head(self, idx: int, before: _Token) -> int:
        """Lower-case words (at most one more adjective, then an organisation or place word)
        that complete a name begun by a capitalised adjective; 0 when there are none.

        Slavic names capitalise only the first word: Демократическата партия, Верховный суд,
        Центральной военной комиссии.
        """
        cues = self.cues
        if not cues.adjective_endings:
            return 0
        adjective_end = tuple(cues.adjective_endings)
        if not (
            self._adjective_ending(before.text)
            or adjective_shaped(before.text, self.language, cues)
        ):
            return 0
        for size in (1, 2):
            span = self.tokens[idx : idx + size]
            if len(span) < size or not self.joined([before, *span]):
                return 0
            last = span[-1]
            if not last.text[:1].islower():
                return 0
            if self.organisation_cue(last) or self.cue_word(last, cues.place_words):
                return size
            if not last.text.casefold().endswith(adjective_end):
                return 0
        return 0

    def _adjective_ending(self, word: str) -> bool:
        """An adjective by its ending alone, for those a dictionary lacks (Pákistánský,
        Пакистанская); a woman's surname's ending (Mayovou) is no proof."""
        low = word.casefold()
        return low.endswith(tuple(self.cues.adjective_endings)) and not low.endswith(
            self.cues.feminine_surname_endings
        )

    def org_word(self, word: str, compound: bool = False, compound_min: int = 3) -> bool:
        return matches_cue(word, self.cues.org_words, compound, compound_min, self.title_words)

    def organisation_cue(self, tok: _Token) -> bool:
        """``tok`` is an organisation word, also through its base form, and no title."""
        return self.cue_word(tok, self.cues.org_words, self.title_words)

    def cue_word(self, tok: _Token, words: set[str], rivals: frozenset[str] = frozenset()) -> bool:
        """``tok`` is one of the cue ``words``, also through its base form: short cues match
        only whole words, and "судом", "суду" are "суд" (``rivals``: see matches_cue)."""
        if matches_cue(tok.text, words, rivals=rivals):
            return True
        return self.inflects and self.lemma([tok], loose=True).casefold() in words

    def trim(self, run: list[_Token]) -> list[_Token]:
        # nor does a name end in a particle, a function word ("Peter Mühlbauer Ein": a byline
        # run into the first sentence) or, where nouns are capitalised, a common noun
        while run and (
            run[-1].text.casefold() in self.cues.particles
            or (run[-1].text.casefold() in self.cues.function_words and not run[-1].text.isupper())
            or self._common_noun_in_run(run[-1])
            or run[-1].text in self.noun_like
        ):
            run = run[:-1]
        while run:
            head = run[0]
            low = head.text.casefold()
            if low in self.cues.function_words or (
                low in self.calendar and not (len(run) > 1 and self.given_name(low))
            ):
                # a month or weekday opens no name, but a given name spelled like one does
                # ("Jan de Vries", "May Brown")
                run = run[1:]
            elif low in self.cues.person_titles and len(run) > 1:
                run = run[1:]
            elif self._names_an_institution(run):
                # "Sąd Najwyższy", "Министерство Обороны": the common noun heads the name
                break
            elif (
                head.initial
                and len(run) > 1
                and low in self.lowered
                and not (low in self.cues.particles and run[1].text[:1].islower())
            ):
                # only same-text evidence here: dictionaries know first names as words; a
                # particle that opens a name stays ("Von der Leynova je poudarila" beside a
                # lower-case "von der Leynova" further on)
                run = run[1:]
            elif head.initial and len(run) > 1 and self._sentence_word(head):
                run = run[1:]
            elif head.text in self.noun_like or (len(run) > 1 and self._common_noun_in_run(head)):
                run = run[1:]
            else:
                break
        # lower-case words complete a name begun by a capital; with that capital trimmed they
        # are none, and the name, if any, begins at the next capital ("Letalska družba Adria
        # Airways": a sentence's adjective and noun, then the firm)
        while run and run[0].text[:1].islower():
            run = run[1:]
        return run

    def _common_noun_in_run(self, tok: _Token) -> bool:
        """A capitalised noun with a common-noun ending (Entführungen, Olympiaverschiebung)
        in a language that capitalises nouns, unless it is an organisation or place word."""
        return (
            self.nouns_capitalised
            and not tok.acronym
            and self._common_noun_ending(tok.text)
            and not self.org_word(tok.text, True)
            and not matches_cue(tok.text, self.cues.place_words, True)
        )

    def _common_noun_ending(self, word: str) -> bool:
        return word.casefold().endswith(tuple(self.cues.common_noun_suffixes))

    def _names_an_institution(self, run: list[_Token]) -> bool:
        """An organisation word opening a sentence and followed by a capitalised name word."""
        return (
            len(run) > 1
            and run[0].initial
            and run[1].capitalised
            and not run[1].acronym
            and self.org_word(run[0].text)
        )

    def listed_mentions(self, untyped: list[list[_Token]], typed: list[Mention]) -> list[Mention]:
        """Lone unknown names listed beside typed ones take their type: "Wisconsin, Michigan
        i Arizona" are places once one of them is known to be one."""
        if not untyped:
            return []
        ends = {m.end: m.type for m in typed}
        starts = {m.start: m.type for m in typed}
        pending = {run[0].start: run[0] for run in untyped}
        found: list[Mention] = []
        changed = True
        while changed and pending:
            changed = False
            for start, tok in sorted(pending.items()):
                etype = self._listed_type(tok, ends, starts)
                if etype is None:
                    continue
                mention = Mention(tok.text, tok.start, tok.end, etype, self.lemma([tok]))
                found.append(mention)
                ends[tok.end], starts[tok.start] = etype, etype
                del pending[start]
                changed = True
        return found

    def _listed_type(self, tok: _Token, ends: dict[int, str], starts: dict[int, str]) -> str | None:
        window = settings.ENTITY_LIST_GAP_MAX
        before = self.text[max(0, tok.start - window) : tok.start]
        for end, etype in ends.items():
            if tok.start - window <= end < tok.start and self._list_gap(before[end - tok.start :]):
                return etype
        after = self.text[tok.end : tok.end + window]
        governed = _previous_word(self.text, tok.start) in self.cues.function_words
        for start, etype in starts.items():
            if tok.end < start <= tok.end + window and self._list_gap(after[: start - tok.end]):
                if etype == "PER" and governed:
                    # "il ministro della Salute, Marco Rossi": a word an article or preposition
                    # governs completes what stands before it; the person after is apposed
                    continue
                return etype
        return None

    def _list_gap(self, gap: str) -> bool:
        """Only a comma or a coordinating conjunction between two names."""
        words = gap.replace(",", " , ").split()
        if words == [","]:
            return True
        return len(words) == 1 and words[0].casefold() in self.cues.conjunctions

    def _given_name_before(self, idx: int, hit_tokens: set[int]) -> bool:
        before = idx - 1
        if before < 0 or before in hit_tokens:
            return False
        tok = self.tokens[before]
        if not (tok.capitalised and not tok.acronym and self._adjoined(tok, self.tokens[idx])):
            return False
        if self._case_disagrees(tok, self.tokens[idx]):
            return False
        if first_name(tok.text, self.gaz, self.cues):
            return True
        # an unknown name word mid-sentence right before a known surname is its given name
        # (Джъстин Трюдо, Лио Варадкар), not a common word capitalised by the sentence
        return (
            not tok.initial
            and tok.text not in self.noun_like
            and self._unknown_name_word(before, set())
            and morph_type(tok.text, self.language) in (None, "PER")
            and not _is_common_word(tok.text, self.language, self.lowered, self.cues)
        )

    def _case_disagrees(self, word: _Token, surname: _Token) -> bool:
        """A given name inflects with its surname: "Чжаном Путин" is Zhang (instrumental) then
        Putin (nominative), two people. Only this direction breaks: a foreign given name often
        stays bare before an inflected surname (Джо Байдена)."""
        return self.lemma([word]) != word.text and self.lemma([surname]) == surname.text

    def _sentence_word(self, tok: _Token) -> bool:
        """A common word capitalised only because it opens the sentence (Sprawa, Водночас),
        not a first name the dictionary also knows as a word."""
        if tok.acronym or first_name(tok.text, self.gaz, self.cues):
            return False
        if self.gaz.lookup(tok.text):
            return False
        morph = morph_type(tok.text, self.language)
        if morph is not None:
            return morph == "COMMON"
        return _is_common_word(tok.text, self.language, self.lowered, self.cues)

    def keep_single(self, tok: _Token) -> bool:
        low = tok.text.casefold()
        if low in self.calendar or low in self.cues.function_words or len(tok.text) < 2:
            return False
        if low in self.cues.person_titles or low in self.gaz.common_acronyms:
            return False
        if _ROMAN_NUMERAL.fullmatch(tok.text):
            # a century or a regnal number (XIX, XVI) standing alone names nothing
            return False
        if low in self.cues.org_words and (tok.initial or self.nouns_capitalised):
            # mid-sentence "the Prefettura", "Kremlin" names one institution; at a sentence
            # start or in German it is just the noun
            return False
        if tok.text[:1].isdigit():
            return False
        if (
            _is_demonym(tok.text, self.language, self.cues)
            and not tok.acronym
            # where peoples are written in lower case, a word no dictionary knows, capitalised
            # mid-sentence, is a name (Giorgetti, Salvini; but "il Estado", "Russo" are words)
            and (
                tok.initial
                or self.language not in self.gaz.lowercase_demonyms
                or is_known(tok.text.casefold(), self.language)
            )
        ):
            return False
        if self.nouns_capitalised and not tok.acronym:
            if self._common_noun_ending(tok.text):
                return False
            if tok.text in self.noun_like:
                return False
        if tok.initial and not tok.acronym:
            if (
                tok.text in self.named_inside
                and not self.written_as_word(tok)
                and not self.nouns_capitalised  # German capitalises every noun inside, too
            ):
                # "Биби бе осъдена" after "Асия Биби беше арестувана": the text's own usage
                # outweighs a dictionary that knows the word
                return True
            if morph_type(tok.text, self.language) == "COMMON":
                return False
            return not _is_common_word(tok.text, self.language, self.lowered, self.cues)
        return True

    def cue_type(self, run: list[_Token], person_surfaces: set[str]) -> str | None:
        """The type the strongest evidence gives; None for a lone word with no evidence."""
        if self.media_title(run):
            return "PRO"
        start = run[0].start
        words = [t.text for t in run if t.text[:1].isalpha()]
        if self.inflects:
            words += self.lemma(run, loose=True).split()
        if len(run) > 1 and (
            first_name(run[0].text, self.gaz, self.cues)
            or morph_type(run[0].text, self.language) == "PER"
        ):
            # a surname that is also a common noun names no place or body: Альберта Гора,
            # Wojciech Góra, Ян Суд
            words = words[:1]
        compound = self.nouns_capitalised
        # where nouns are not capitalised only a long cue word ends a compound: Демпартия
        org_compound_min = 3 if compound else settings.ENTITY_COMPOUND_CUE_MIN
        if any(self.org_word(w, True, org_compound_min) for w in words):
            return "ORG"
        if len(run) > 1 and self.english_organisation(run):
            return "ORG"
        if self._quoted_after_organisation_word(run):
            return "ORG"
        if any(matches_cue(w, self.cues.document_words, compound) for w in words):
            return "PRO"
        if _MODEL_CODE.fullmatch(run[-1].text):
            # a type designation closes the name of a product: Airbus A380, BNT162b2, AZD1222
            return "PRO"
        if any(matches_cue(w, self.cues.place_words, compound) for w in words):
            return "LOC"
        adjective = adjective_shaped(run[0].text, self.language, self.cues)
        single = len(run) == 1
        if single and run[0].acronym:
            # a body's initials after a title name its holder's employer: rzecznik KPRM
            return "ORG"
        if self.named_as_person(start, run[-1].end) and not adjective:
            return "PER"
        if single and _INITIAL_AND_NAME.fullmatch(run[0].text):
            return "PER"
        if single and self.feminine_surname(run[0].text):
            return "PER"
        if single and (
            run[0].text in person_surfaces
            or self.lemma(run) in person_surfaces
            or stem_keys(run[0].text, self.language, self.endings) & person_surfaces
        ):
            return "PER"
        if single and self.person_derived(run[0].text, person_surfaces):
            return "PER"
        morph = [morph_type(t.text, self.language) for t in run]
        if morph[0] in ("PER", "LOC", "ORG") and (single or morph[0] == "PER"):
            return morph[0]
        if first_name(run[0].text, self.gaz, self.cues):
            return "PER"
        if morph[-1] in ("LOC", "ORG"):
            return morph[-1]
        if single and morph[0] in ("COMMON", "ADJ"):
            return None
        if self.quoted(start, run[-1].end):
            # a name no other evidence types, set in quotation marks: a title, of a vaccine, a
            # medium or a work (ЭпиВакКорона, Dawn), unless a known name glosses it
            return self.glossed_type(run) or "PRO"
        if place_shaped(run[-1].text, self.gaz):
            return "LOC"
        if single and _previous_word(self.text, start) in self.cues.place_prepositions:
            return "LOC"
        if self.reporting_near(run):
            return "PER"
        if single and adjective:
            return None
        if not single and self.foreign_script(run):
            # a Cyrillic text keeps brands and firms in their Latin spelling (Wizz Air,
            # Cockpit) but transliterates people: a Latin name there is an organisation
            return "ORG"
        if not single:
            if adjective:
                return "LOC"
            if self.known_place_with_adjective(run):
                return "LOC"
            if _previous_word(self.text, start) in self.cues.place_prepositions:
                return "LOC"
            if "ORG" in self.known_word_types(run[0].text):
                # a known firm's name begins it: its branch or product (Ryanair Sun)
                return "ORG"
            if all(t.capitalised and not t.acronym for t in run if t.text[:1].isalpha()):
                return "PER"
        return settings.ENTITY_DEFAULT_TYPE or None

    def known_place_with_adjective(self, run: list[_Token]) -> bool:
        """A known place followed by adjectives is a part of it: Europy Wschodniej, Azja
        Środkowa (Polish and Slovene put the adjective after the name)."""
        return "LOC" in self.known_word_types(run[0].text) and all(
            adjective_shaped(t.text, self.language, self.cues) for t in run[1:]
        )

    def glossed_type(self, run: list[_Token]) -> str | None:
        """The type of the known name glossing this one in brackets right after it: «Байонтек»
        (BioNTech). Only for a quoted name: after a person the brackets hold a credit (PAP)."""
        gloss = _GLOSS.match(self.text, run[-1].end)
        if not gloss:
            return None
        ids = self.gaz.lookup(gloss.group(1))
        types = {self.gaz.entities[i].type for i in ids}
        return types.pop() if len(types) == 1 else None

    def known_ids(self, mention: Mention) -> list[str]:
        """The gazetteer's entities for a mention: those it was found as, or those of its
        surface or base form."""
        return (
            self.hit_ids.get((mention.start, mention.end))
            or self.gaz.lookup(mention.text)
            or self.gaz.lookup(mention.lemma)
        )

    def english_organisation(self, run: list[_Token]) -> bool:
        """A firm or body cited by its English name in another language's text (Adria
        Airways, Discovery Communications, Tea Party): the English organisation words."""
        if self.language == "en" or not all(t.text.isascii() for t in run):
            return False
        english = self.gaz.language_cues("en").org_words
        return any(matches_cue(t.text, english) for t in run)

    def feminine_surname(self, word: str) -> bool:
        """A woman's surname as Czech and Slovak write it (Bibiová, Mayové, Verdiovou): the
        ending on a word the dictionary does not know (světová is an adjective)."""
        low = word.casefold()
        return (
            low.endswith(self.cues.feminine_surname_endings)
            and len(low) > settings.ENTITY_STEM_MIN + 3
            and not is_known(low, self.language)
        )

    def media_title(self, run: list[_Token]) -> bool:
        """A newspaper's or programme's title: Financial Times, Polsat News, The Sun, Daily
        Express; a lone "Times" only mid-sentence."""
        first, last = run[0].text.casefold(), run[-1].text.casefold()
        if last in self.gaz.media_words and (len(run) > 1 or not run[0].initial):
            return True
        english_article = first == "the" and self.language == "en"
        return len(run) > 1 and first in self.gaz.media_openers and not english_article

    def _quoted_after_organisation_word(self, run: list[_Token]) -> bool:
        """компании "Биолек", firmy „Pixmac“: a quoted name right after an organisation word
        is that organisation's name."""
        start = run[0].start
        if not self.quoted(start, run[-1].end):
            return False
        before = _previous_word(self.text, start - 1)
        return bool(before) and self.org_word(before)

    def person_derived(self, word: str, person_surfaces: set[str]) -> bool:
        """A possessive adjective (Mayeva, Bibijeve, Bidenův) or a case form with a fleeting
        vowel (Bidna, Bidnove) of a person named in this text or known as one."""
        low = word.casefold()
        for suffix in (*self.cues.possessive_suffixes, *self.endings):
            if not low.endswith(suffix) or len(low) - len(suffix) < settings.ENTITY_STEM_MIN:
                continue
            stem = word[: len(word) - len(suffix)]
            # -jev-, -jin- join the suffix to a stem ending in a vowel (Bibi-jev-a)
            candidates = {stem, stem[:-1] if stem.endswith("j") else stem}
            candidates.add(fleeting_vowel_stem(stem) or stem)  # Bidn-a: Biden
            for candidate in candidates:
                if candidate in person_surfaces or self.known_person(candidate):
                    return True
        return False

    def known_person(self, name: str) -> bool:
        ids = self.gaz.lookup(name)
        return bool(ids) and all(self.gaz.entities[i].type == "PER" for i in ids)

    def foreign_script(self, run: list[_Token]) -> bool:
        """A Latin-script name in a Cyrillic text."""
        return self.cyrillic and all(t.text.isascii() for t in run)

    def reporting_near(self, run: list[_Token]) -> bool:
        """A reporting verb right before or after the name: "said Nowak", "Nowak told"."""
        verbs = self.cues.reporting_words
        if not verbs:
            return False
        after = re.match(r"[\s,]*([^\W\d_]+)", self.text[run[-1].end : run[-1].end + 30])
        if after and after.group(1).casefold() in verbs:
            return True
        return _previous_word(self.text, run[0].start) in verbs

    def surname_forms(self, surname: _Token, lemma: str) -> set[str]:
        """How a lone surname of a person named in full may appear later in the text.

        Case forms (Bibiovou, Mayeva) meet the full name through their stem.
        """
        forms = {surname.text, lemma.split()[-1]}
        return forms | stem_keys(surname.text, self.language, self.endings)

    def web_titles(self, taken: set[int]) -> list[Mention]:
        """Sites named by their address ("píše server Echo24.cz"), not addresses inside a link
        or an e-mail."""
        found = []
        for idx, tok in enumerate(self.tokens):
            if idx in taken or "." not in tok.text or not _WEB_TITLE.fullmatch(tok.text):
                continue
            around = self.text[tok.start - 1 : tok.start] + self.text[tok.end : tok.end + 1]
            if "/" in around or "@" in around:
                continue
            found.append(Mention(tok.text, tok.start, tok.end, "PRO", tok.text))
            taken.add(idx)
        return found

    def demonym_mentions(self, taken: set[int]) -> list[Mention]:
        """Nouns for the people of a place or the members of a party (Polacy, американцы,
        demokraci): they name the place or party, in any case form and either letter case."""
        table = self.gaz.demonyms.get(self.language)
        if table is None:
            return []
        found = []
        prefix = settings.ENTITY_DEMONYM_PREFIX
        for idx, tok in enumerate(self.tokens):
            if tok.text[:prefix].casefold() not in table.by_prefix or idx in taken:
                continue
            demonym = table.find(tok.text)
            if demonym is None or demonym.adjective:
                continue
            before = self.tokens[idx - 1] if idx else None
            if (
                before is not None
                and tok.capitalised
                and before.capitalised
                and idx - 1 not in taken
                and not before.initial
                and self._adjoined(before, tok)
                and adjective_shaped(before.text, self.language, self.cues)
            ):
                # a capitalised adjective and the members' noun name one party: Liberalni
                # Demokraci, Liberal Democrats
                text = self.text[before.start : tok.end]
                found.append(Mention(text, before.start, tok.end, "ORG", text))
                taken.update((idx - 1, idx))
                continue
            found.append(Mention(tok.text, tok.start, tok.end, demonym.mention_type, tok.text))
            taken.add(idx)
        return found

    def find(self) -> list[Mention]:
        mentions: list[Mention] = []
        taken: set[int] = set()
        person_surfaces: set[str] = set()
        hits = self.name_part_hits_dropped(self.gazetteer_hits())
        hit_tokens = {i for first, last, _, _ in hits for i in range(first, last)}
        for first, last, ids, lemma in hits:
            types = sorted({self.gaz.entities[i].type for i in ids}, key=_type_rank)
            etype = types[0]
            if etype == "PER" and self._given_name_before(first, hit_tokens):
                # a known surname after a first name the gazetteer lacks: Эрик Трамп, Joe Bidena
                first -= 1
                given = self.lemma([self.tokens[first]])
                if lemma.split()[0].casefold() != given.casefold():
                    lemma = f"{given} {lemma}"
                # else the hit began on that name's initial: "Vladimir V. Putin", a middle one
            span = self.tokens[first:last]
            end = self.abbreviation_ends.get(span[0].start, span[-1].end)
            if len(types) > 1 and self.title_before(span[0].start) and "PER" in types:
                etype = "PER"
            mentions.append(
                Mention(self.text[span[0].start : end], span[0].start, end, etype, lemma)
            )
            self.hit_ids[(span[0].start, end)] = ids
            taken.update(range(first, last))
            if etype == "PER" and last - first > 1:
                person_surfaces |= self.surname_forms(span[-1], lemma)
        mentions.extend(self.demonym_mentions(taken))
        mentions.extend(self.web_titles(taken))
        runs = [
            part
            for run in self.capitalised_runs(taken)
            if run
            for part in self.split_apposition(run)
        ]
        candidates = []
        for run in runs:
            if len(run) == 1 and not self.keep_single(run[0]):
                continue
            if len(run) > 1 and not self.joined(run):
                continue
            candidates.append(run)
        typed = []
        untyped: list[list[_Token]] = []
        # multi-token names first so that a lone surname later can borrow their type
        for run in sorted(candidates, key=len, reverse=True):
            cued = self.cue_type(run, person_surfaces)
            if cued is None:
                if len(run) == 1 and not run[0].initial:
                    untyped.append(run)
                continue
            etype = cued
            lemma = self.lemma(run)
            if etype == "PER" and len(run) > 1:
                person_surfaces |= self.surname_forms(run[-1], lemma)
            typed.append(Mention(self.span_text(run), run[0].start, run[-1].end, etype, lemma))
        mentions.extend(typed)
        mentions.extend(self.listed_mentions(untyped, mentions))
        mentions.extend(self.caseless_mentions([(m.start, m.end) for m in mentions]))
        # the passes below look at each mention's neighbour in the text
        mentions.sort(key=lambda m: m.start)
        if self.cues.field_prepositions:
            mentions = self._names_run_on(mentions, self._field_end)
        if self.inflects or self.cues.genitive_linkers:
            mentions = self.organisations_of_places(mentions)
        return mentions

    def _names_run_on(
        self,
        mentions: list[Mention],
        name_end: Callable[[Mention], int | None],
        etype: str = "ORG",
    ) -> list[Mention]:
        """Each name of type ``etype`` (an organisation unless told) run on to where
        ``name_end`` finds it ends (None: where it does); the mentions it swallows on the way
        are dropped."""
        out: list[Mention] = []
        swallowed_until = -1
        for mention in mentions:
            if mention.start < swallowed_until:
                continue
            end = name_end(mention) if mention.type == etype else None
            if end is not None:
                mention = self._name_through(mention, end)
                swallowed_until = end
            out.append(mention)
        return out

    def _name_through(self, mention: Mention, end: int) -> Mention:
        """The name `mention` begins, running on to `end`; the words it takes in keep their
        form in the lemma, as names are cited."""
        lemma = f"{mention.lemma}{self.text[mention.end : end]}"
        return replace(mention, text=self.text[mention.start : end], end=end, lemma=lemma)

    def _field_end(self, mention: Mention) -> int | None:
        """Where the field ends that an organisation word serves, named in lower case after a
        field preposition: Evropska agencija za zdravila, Комитет по международным делам.
        Adjectives lead to the field's noun, which ends it; no noun, no field."""
        found = self._field_preposition.match(self.text, mention.end)
        last = self._token_ending_at.get(mention.end)
        if (
            not found
            or last is None
            or not self.organisation_cue(self.tokens[last])
            # a known body has its name: "the EU's negotiator for Brexit" is not its field
            or self.known_ids(mention)
        ):
            return None
        position = found.end()
        for _ in range(settings.ENTITY_FIELD_WORDS):
            word = _FIELD_WORD.match(self.text, position)
            if (
                not word
                or not word.group()[:1].islower()
                or word.group() in self.cues.function_words
                or word.group() in self.calendar
            ):
                return None
            if not adjective_shaped(word.group(), self.language, self.cues):
                return self._genitive_words_end(word.end())
            if self.text[word.end() : word.end() + 1] != " ":
                return None
            position = word.end() + 1
        return None

    def _genitive_next(self, last: int) -> bool:
        """The token after ``last`` is a lower-case genitive joined to it."""
        return (
            last + 1 < len(self.tokens)
            and self.tokens[last + 1].text[:1].islower()
            and self.joined(self.tokens[last : last + 2])
            and genitive_complement(self.tokens[last + 1].text, self.language)
        )

    def _genitive_words_end(self, end: int) -> int:
        """Where the lower-case genitive words after the word ending at ``end`` end, in
        languages whose dictionary tells the genitive (з питань охорони здоров'я)."""
        last = self._token_ending_at.get(end)
        if last is None:
            return end
        first = last
        while last - first < settings.ENTITY_GENITIVE_WORDS and self._genitive_next(last):
            last += 1
        return self.tokens[last].end

    @cached_property
    def _token_ending_at(self) -> dict[int, int]:
        return {t.end: i for i, t in enumerate(self.tokens)}

    @cached_property
    def _token_starting_at(self) -> dict[int, int]:
        return {t.start: i for i, t in enumerate(self.tokens)}

    @cached_property
    def _field_preposition(self) -> re.Pattern[str]:
        return re.compile(rf" {_one_of(self.cues.field_prepositions)} ")

    def quoted(self, start: int, end: int) -> bool:
        """The text from `start` to `end` stands between a pair of quotation marks."""
        opening = self.text[start - 1 : start] if start else ""
        return opening in _OPENING_QUOTES and self.text[end : end + 1] == _OPENING_QUOTES[opening]

    def organisations_of_places(self, mentions: list[Mention]) -> list[Mention]:
        """An organisation word followed by the place it belongs to is one organisation:
        "Верховный суд Пакистана", "МИД Великобритании", "Министерство внутренних дел
        Пакистана", "Върховния съд на Пакистан" (languages that put the owner after the head)."""
        out: list[Mention] = []
        for m in mentions:
            first = self._token_starting_at.get(m.start)
            if m.type == "LOC" and first:
                found = self._organisation_start(first, out)
            elif m.type == "ORG" and first:
                found = self._body_of(first, self._union_of_states(m))
            else:
                found = None
            if found is None:
                out.append(m)
                continue
            start, etype = found
            lemma = self.text[start : m.end]
            if out and out[-1].start == start:
                # the head keeps its base form; the owner stays in the genitive, as names are cited
                lemma = out[-1].lemma + self.text[out[-1].end : m.end]
            while out and out[-1].start >= start:
                out.pop()
            out.append(Mention(self.text[start : m.end], start, m.end, etype, lemma))
        return out

    def _body_of(self, first: int, union: bool) -> tuple[int, str] | None:
        """Where a body begins that the organisation at token ``first`` owns, joined by a
        genitive word ("Съда на ЕС", "Съвета на Европейския съюз") or, for a union of states,
        right after it ("Ради ЄС", "Sodišče EU", "Совету ЕС"). Otherwise a word before an
        organisation is as often its kind in apposition (агентство ТАСС, strana CDU)."""
        linker = first - 1
        if linker < 1:
            return None
        if self.tokens[linker].text.casefold() in self.cues.genitive_linkers:
            head_index = linker - 1
        elif union:
            head_index = linker
        else:
            return None
        head = self.tokens[head_index]
        if (
            not head.capitalised
            or head.acronym
            or not self.joined(self.tokens[head_index : first + 1])
        ):
            return None
        return (head.start, "ORG") if self.organisation_cue(head) else None

    def _union_of_states(self, mention: Mention) -> bool:
        ids = self.known_ids(mention)
        return bool(ids) and all(i in self.gaz.unions_of_states for i in ids)

    def _organisation_start(self, first: int, previous: list[Mention]) -> tuple[int, str] | None:
        """Where the organisation (or the airport, the republic: a place) begins whose name the
        place at token ``first`` ends, and its type."""
        idx = first - 1
        if self.tokens[idx].text.casefold() in self.cues.genitive_linkers and idx > 0:
            idx -= 1
        if not self.joined(self.tokens[idx : first + 1]):
            return None
        last = previous[-1] if previous else None
        for _ in range(settings.ENTITY_ORG_INNER_WORDS + 1):
            tok = self.tokens[idx]
            etype = self._head_type(tok)
            if last is not None and last.end == tok.end:
                # through cue_word, so that a short cue in a case form counts: "Верховным судом"
                organisation = last.type == "ORG" and any(
                    self.organisation_cue(t) for t in self._tokens_of(last, idx)
                )
                if organisation:
                    return (last.start, "ORG")
                if last.type == "PRO" and etype == "PRO":
                    return (last.start, "PRO")  # Конституции США
                # a place word taken alone as a place, then its name: "Летище София"
                lone_place_word = last.start == tok.start and etype == "LOC"
                return (last.start, "LOC") if lone_place_word else None
            if last is not None and last.end > tok.start:
                return None
            if tok.capitalised:
                return (tok.start, etype) if etype else None
            if tok.text.casefold() in self.cues.function_words or idx == 0:
                return None
            if not self.joined(self.tokens[idx - 1 : idx + 1]):
                return None
            idx -= 1
        return None

    def _tokens_of(self, mention: Mention, last: int) -> list[_Token]:
        """The tokens of ``mention``, whose last token is at index ``last``."""
        first = last
        while first > 0 and self.tokens[first - 1].start >= mention.start:
            first -= 1
        return self.tokens[first : last + 1]

    def _head_type(self, tok: _Token) -> str | None:
        if self.org_word(tok.text):
            return "ORG"
        if tok.capitalised and matches_cue(tok.text, self.cues.document_words):
            return "PRO"
        if tok.capitalised and matches_cue(tok.text, self.cues.place_words):
            return "LOC"
        return None


def clitics_only(text: str, outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    """Whether the word(s) at `outer` are the name at `inner` with nothing added but its
    script's clitics (بفيروس كورونا: ب "with" + فيروس كورونا; مصريا: مصر + the adjective
    ending): a tokeniser that keeps clitics on their word draws the longer span."""
    (start, end), (inner_start, inner_end) = outer, inner
    if not (start <= inner_start and inner_end <= end) or (start, end) == inner:
        return False
    script = word_script(text[inner_start:inner_end])
    prefix, suffix = text[start:inner_start], text[inner_end:end]
    return (not prefix or prefix in _PROCLITICS.get(script, ())) and (
        not suffix or suffix in _NAME_SUFFIXES.get(script, ())
    )


def rule_finder(text: str, language: str, gazetteer: Gazetteer | None = None) -> _Finder:
    """The rule passes over ``text``: `.find()` gives their mentions, `.lemma_between` the
    base form of any name in it."""
    return _Finder(text, language, gazetteer or default_gazetteer())


def rule_mentions(text: str, language: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Mentions the rule passes alone find in ``text``."""
    return rule_finder(text, language, gazetteer).find()
