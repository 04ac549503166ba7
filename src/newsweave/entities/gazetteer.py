"""The gazetteer: curated world-news entities plus country names from CLDR.

Curated entries (data/entities.json) carry an id, an English name, a type, aliases in
several languages and scripts and, for people, role cue phrases. Countries come from
CLDR through babel: every locale's name of a territory maps to one ``LOC-<ISO code>``
entity, so Россия, Rusia, Russland and Rosja are one place.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from newsweave import settings
from newsweave.cldr import locale_names
from newsweave.entities.translit import stem_keys, surface_key
from newsweave.model import Entity

_CASELESS = re.compile(r"[\u0600-\u06ff\u0590-\u05ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

# Locales whose country names we index: the languages we expect news in, and their neighbours.
CLDR_LANGUAGES = (
    "en de fr es it pt nl ru uk be bg mk sr hr bs sl cs sk pl lt lv et fi sv da nb "
    "hu ro el tr ar fa he hi zh ja ko id vi ca"
).split()

# Curated entity lists, same shape: world leaders and bodies, then the wider world-news set.
_CURATED_FILES = ("entities.json", "entities_world.json")
USER_ENTITIES_VARIABLE = "NEWSWEAVE_ENTITIES"

# CLDR regions that are not places, or that the curated list names as organisations.
_SKIPPED_REGIONS = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
# Continents are places people write about; other numeric CLDR regions are statistical.
_CONTINENTS = {"002", "142", "150", "019", "009", "003", "005", "013", "053"}


@dataclass
class LanguageCues:
    """Words that help find and type names in one language (see data/entities_cues.json)."""

    language: str = ""
    person_titles: list[str] = field(default_factory=list)
    org_words: set[str] = field(default_factory=set)
    place_prepositions: set[str] = field(default_factory=set)
    particles: set[str] = field(default_factory=set)
    function_words: set[str] = field(default_factory=set)
    case_endings: list[str] = field(default_factory=list)
    # an adjective's ending before the rest of a name in an oblique case, and the cited one's
    oblique_adjective_endings: dict[str, str] = field(default_factory=dict)
    elisions: frozenset[str] = frozenset()  # "dell’", "l’": written onto the name after them
    demonym_suffixes: list[str] = field(default_factory=list)
    common_noun_suffixes: list[str] = field(default_factory=list)
    place_words: set[str] = field(default_factory=set)
    document_words: set[str] = field(default_factory=set)  # constitution: a document, PRO
    noun_determiners: set[str] = field(default_factory=set)
    adjective_endings: list[str] = field(default_factory=list)
    reporting_words: set[str] = field(default_factory=set)
    conjunctions: set[str] = field(default_factory=set)
    # words that join an organisation to the place it belongs to ("Върховния съд на Пакистан")
    genitive_linkers: set[str] = field(default_factory=set)
    # endings that make a possessive adjective of a person's name (Trumpov, Mayeva, Bidenův)
    possessive_suffixes: list[str] = field(default_factory=list)
    field_prepositions: list[str] = field(default_factory=list)
    # endings of women's surnames (Bibiová, Mayové): a word with one names a person
    feminine_surname_endings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Demonym:
    """A word naming the people (or an adjective) of a place or party: its entity and type."""

    entity_id: str
    mention_type: str
    adjective: bool


@dataclass
class DemonymTable:
    """One language's demonym stems, bucketed by their first letters (see find)."""

    by_prefix: dict[str, list[tuple[str, bool, Demonym]]] = field(default_factory=dict)

    def add(self, stem: str, demonym: Demonym) -> None:
        whole = stem.endswith("$")
        stem = stem.rstrip("$").casefold()
        key = stem[: settings.ENTITY_DEMONYM_PREFIX]
        self.by_prefix.setdefault(key, []).append((stem, whole, demonym))

    def find(self, word: str) -> Demonym | None:
        """The demonym ``word`` is a form of; adjectives win over people nouns, longer stems
        over shorter ones."""
        low = word.casefold()
        candidates = self.by_prefix.get(low[: settings.ENTITY_DEMONYM_PREFIX])
        if not candidates:
            return None
        best: Demonym | None = None
        best_rank = (False, -1)
        for stem, whole, demonym in candidates:
            if whole:
                hit = low == stem
            else:
                extra = len(low) - len(stem)
                hit = 0 <= extra <= settings.ENTITY_DEMONYM_ENDING_MAX and low.startswith(stem)
            # an adjective first, then the longest stem: Republikanin (a member) before
            # Republikan- (the party's people)
            rank = (demonym.adjective, len(stem))
            if hit and rank > best_rank:
                best, best_rank = demonym, rank
        return best


@dataclass
class Gazetteer:
    """Known entities and the surface forms that name them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    role_cues: dict[str, list[str]] = field(default_factory=dict)
    surface_index: dict[str, set[str]] = field(default_factory=dict)
    cues: dict[str, LanguageCues] = field(default_factory=dict)
    capitalises_nouns: set[str] = field(default_factory=set)
    lowercase_demonyms: set[str] = field(default_factory=set)
    inflects_names: set[str] = field(default_factory=set)
    cyrillic_languages: set[str] = field(default_factory=set)
    # unions of states whose councils and courts are named with them (Совет ЕС, Rada UE)
    unions_of_states: set[str] = field(default_factory=set)
    common_acronyms: set[str] = field(default_factory=set)  # СМИ, PKB, DNA: no name alone
    max_tokens: int = 1
    # names in scripts written without spaces or capitals, found by substring search
    caseless_aliases: dict[str, set[str]] = field(default_factory=dict)
    name_words: set[str] = field(default_factory=set)  # single words of known names, for lemmas
    # short all-capital aliases match only capitals: SAD (USA in Croatian) is not "Sąd" (court)
    acronyms: dict[str, set[str]] = field(default_factory=dict)
    # aliases the curator wrote in lower case: also found where the text writes them so (brexit)
    lowercase_keys: set[str] = field(default_factory=set)
    first_names: set[str] = field(default_factory=set)
    place_suffixes: list[str] = field(default_factory=list)
    # last words of newspaper and programme titles (Financial Times, Fox News): cited in
    # their own language everywhere, so one list serves all
    media_words: set[str] = field(default_factory=set)
    media_openers: set[str] = field(default_factory=set)  # first words: The, Daily, Sunday
    # words of scripts without spaces that never open a name (他, 她) or never close one (周三):
    # the model, reading character by character, runs a name into them
    unspaced_name_openers: tuple[str, ...] = ()
    unspaced_name_closers: tuple[str, ...] = ()
    transliteration: frozenset[str] = frozenset()  # 埃, 马, 纽: how Chinese spells foreign names
    demonyms: dict[str, DemonymTable] = field(default_factory=dict)

    def add(self, entity: Entity, roles: Iterable[str] = ()) -> None:
        """Add an entity, or merge its variants into the one with the same id."""
        known = self.entities.get(entity.id)
        fresh: set[str] | None = None  # the variants not indexed yet; None: all of them
        if known is None:
            self.entities[entity.id] = entity
            known = entity
        else:
            fresh = entity.variants - known.variants
            known.variants |= entity.variants
        known.variants.add(known.name)
        self.__dict__.pop("stem_index", None)
        self.__dict__.pop("lowercase_prefixes", None)
        self.__dict__.pop("lowercase_aliases", None)
        self.__dict__.pop("multiword_heads", None)
        self.__dict__.pop("first_words", None)
        self.__dict__.pop("two_word_names", None)
        self.__dict__.pop("lowercase_inner_heads", None)
        if roles:
            self.role_cues.setdefault(entity.id, []).extend(r.casefold() for r in roles)
        for variant in known.variants:
            if fresh is not None and variant not in fresh:
                # indexed when it came: a place gets a name from each of 40 languages, and
                # indexing them all again at each merge was most of loading the gazetteer
                continue
            key = surface_key(variant)
            # letters are counted only where the shape may be an acronym's
            acronym_max = settings.ENTITY_CASED_ACRONYM_MAX
            if key and variant.isupper() and _letter_count(variant) <= acronym_max:
                self.acronyms.setdefault(key, set()).add(entity.id)
                continue
            if key and variant == variant.lower() and any(c.isalpha() for c in variant):
                self.lowercase_keys.add(key)
            if key:
                self.surface_index.setdefault(key, set()).add(entity.id)
                self.max_tokens = max(self.max_tokens, len(key.split()))
                self.name_words.update(key.split())
            if _CASELESS.search(variant) and len(variant) >= 2:
                self.caseless_aliases.setdefault(variant, set()).add(entity.id)

    def lookup(self, surface: str) -> list[str]:
        """Ids of entities named exactly by ``surface`` (case and diacritics ignored)."""
        key = surface_key(surface)
        ids = self.surface_index.get(key, _NO_IDS)
        if surface.isupper() and key in self.acronyms:
            ids = ids | self.acronyms[key]
        return sorted(ids)

    @cached_property
    def stem_index(self) -> dict[str, set[str]]:
        """Inflection-blind keys of every known name (see translit.stem_keys)."""
        index: dict[str, set[str]] = {}
        for entity in self.entities.values():
            for variant in entity.variants:
                if _CASELESS.search(variant) or variant.isupper():
                    continue
                for key in stem_keys(variant):
                    index.setdefault(key, set()).add(entity.id)
        return index

    @cached_property
    def multiword_heads(self) -> frozenset[str]:
        """First letters of the first word of every multi-word name: most spans start no name."""
        n = settings.ENTITY_HEAD_PREFIX
        return frozenset(key.split()[0][:n] for key in self.surface_index if " " in key)

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The first word of every key a look-up can find: a span of several words whose
        first word's base form is none of these is known by no base form of it."""
        keys = [*self.surface_index, *self.acronyms]
        return frozenset(key.split(" ", 1)[0] for key in keys)

    @cached_property
    def two_word_names(self) -> dict[str, list[tuple[str, str, str]]]:
        """Two-word names (surface keys) by the first letters of each of their words."""
        n = settings.ENTITY_STEM_MIN
        index: dict[str, list[tuple[str, str, str]]] = {}
        for key, ids in self.surface_index.items():
            words = key.split()
            if len(words) != 2:
                continue
            for entity_id in sorted(ids):
                for word in {words[0][:n], words[1][:n]}:
                    index.setdefault(word, []).append((words[0], words[1], entity_id))
        return index

    def abbreviated(self, abbreviation: str, word: str, cut_first: bool) -> list[tuple[str, str]]:
        """(entity id, full name) of two-word names written with one word cut to an
        abbreviation: Wlk. Brytania, W. Brytanii, Irlandia Płn. ``word`` may be a case form
        of the full word beside the abbreviation."""
        short, whole = surface_key(abbreviation), surface_key(word)
        found = []
        for first, second, entity_id in self.two_word_names.get(
            whole[: settings.ENTITY_STEM_MIN], []
        ):
            cut, kept = (first, second) if cut_first else (second, first)
            if _abbreviates(short, cut) and case_form(whole, kept):
                key = f"{first} {second}"
                entity = self.entities[entity_id]
                # spellings that fold alike (Vladimir, Vladimír): the entity's own name, else
                # the first in order, never the set's order of the run
                spelled = sorted(v for v in entity.variants if surface_key(v) == key)
                found.append((entity_id, entity.name if entity.name in spelled else spelled[0]))
        return found

    @cached_property
    def lowercase_inner_heads(self) -> frozenset[str]:
        """First letters of names whose later words are lower case (Палата представителей):
        only spans starting so are worth an inflection-blind look-up with lower-case words."""
        n = settings.ENTITY_HEAD_PREFIX
        return frozenset(
            surface_key(words[0])[:n]
            for entity in self.entities.values()
            for variant in entity.variants
            if len(words := variant.split()) > 1 and any(w[:1].islower() for w in words[1:])
        )

    @cached_property
    def lowercase_prefixes(self) -> frozenset[str]:
        """Starts of lower-case aliases: a cheap test before lemmatising a lower-case word."""
        n = settings.ENTITY_LOWERCASE_PREFIX
        return frozenset(k[:n] for k in self.lowercase_keys)

    @cached_property
    def lowercase_aliases(self) -> dict[str, list[tuple[str, ...]]]:
        """Lower-case aliases as word tuples, bucketed by their first letters."""
        n = settings.ENTITY_LOWERCASE_PREFIX
        out: dict[str, list[tuple[str, ...]]] = {}
        for key in sorted(self.lowercase_keys):
            out.setdefault(key[:n], []).append(tuple(key.split()))
        return out

    def lowercase_form(self, key: str) -> str | None:
        """The lower-case alias ``key`` (a surface key) is a case form of: brexitu, covidu 19,
        koronavirem, коронавирусом. Each word may lose up to two final letters of the alias and
        add an ending, since these common-noun-like names inflect like any noun."""
        words = tuple(key.split())
        for alias in self.lowercase_aliases.get(key[: settings.ENTITY_LOWERCASE_PREFIX], []):
            # a word inside a longer alias is confirmed by its neighbours: a shorter stem will do
            shortest = settings.ENTITY_LOWERCASE_STEM_MIN - (len(alias) > 1)
            if len(alias) == len(words) and all(
                _same_word_stem(w, a, shortest) for w, a in zip(words, alias, strict=True)
            ):
                return " ".join(alias)
        return None

    def lookup_stem(self, surface: str, language: str, endings: tuple[str, ...]) -> list[str]:
        """Ids of known names that ``surface`` may be an inflected form of (Floridy, Флориде)."""
        ids: set[str] = set()
        for key in stem_keys(surface, language, endings):
            ids |= self.stem_index.get(key, set())
        return sorted(ids)

    def demonym(self, word: str, language: str) -> Demonym | None:
        """Americans, американских, Britanci: the place or party the word is formed from."""
        table = self.demonyms.get(language)
        return table.find(word) if table else None

    def language_cues(self, language: str) -> LanguageCues:
        """Cues for ``language``; English ones stand in for a language we have none for."""
        return self.cues.get(language) or self.cues.get("en") or LanguageCues()


_NO_IDS: frozenset[str] = frozenset()  # a look-up's miss, without a new empty set each time


def _letter_count(text: str) -> int:
    return sum(c.isalpha() for c in text)


def case_form(word: str, name: str) -> bool:
    """``word`` (lower case) may be a case form of ``name``: the name less at most two final
    letters begins it, and a short ending follows (Флориде, Китаем)."""
    return (
        word.startswith(name[: max(len(name) - 2, settings.ENTITY_STEM_MIN)])
        and len(word) - len(name) <= settings.ENTITY_FORM_ENDING_MAX
    )


def _abbreviates(short: str, word: str) -> bool:
    """``short`` is an abbreviation of ``word``: its first letter, then more of its letters in
    order (Wlk of Wielka, Płn of Północna), and at least two letters shorter."""
    if not short or not short[0] == word[:1] or len(word) - len(short) < 2:
        return False
    rest = iter(word[1:])
    return all(letter in rest for letter in short[1:])


def _same_word_stem(word: str, alias: str, shortest: int) -> bool:
    if word == alias:
        return True
    if not alias.isalpha() or len(alias) < shortest + 1:
        return False
    for cut in range(1, settings.ENTITY_LOWERCASE_STEM_CUT + 1):
        stem = alias[: len(alias) - cut]
        extra = len(word) - len(stem)
        if (
            len(stem) >= shortest
            and 0 <= extra <= settings.ENTITY_CUE_ENDING_MAX
            and word.startswith(stem)
        ):
            return True
    return word.startswith(alias) and len(word) - len(alias) <= settings.ENTITY_CUE_ENDING_MAX


def _curated_entities(records: list[dict], gazetteer: Gazetteer) -> None:
    for rec in records:
        entity = Entity(
            id=rec["id"],
            name=rec["name"],
            type=rec["type"],
            variants=set(rec.get("aliases", [])) | {rec["name"]},
            curated=True,
        )
        gazetteer.add(entity, rec.get("roles", []))


@lru_cache(maxsize=4096)
def local_place_name(entity_id: str, language: str) -> str | None:
    """The name ``language`` itself gives a CLDR place (Polska in Polish), if any."""
    if not entity_id.startswith("LOC-"):
        return None
    names = locale_names(language)
    return names.territories.get(entity_id[4:]) if names else None


def _cldr_places(gazetteer: Gazetteer, languages: Iterable[str]) -> None:
    english = locale_names("en")
    english_names = english.territories if english else {}
    for language in languages:
        names = locale_names(language)
        if names is None:
            continue
        for code, name in names.territories.items():
            if code in _SKIPPED_REGIONS or (code.isdigit() and code not in _CONTINENTS):
                continue
            entity = Entity(
                id=f"LOC-{code}",
                name=english_names.get(code, name),
                type="LOC",
                variants={name},
                curated=True,
            )
            gazetteer.add(entity)


def _language_cues(data: dict) -> dict[str, LanguageCues]:
    out = {}
    for language, cues in data["languages"].items():
        out[language] = LanguageCues(
            language=language,
            person_titles=sorted((t.casefold() for t in cues.get("person_titles", [])), key=len),
            org_words={w.casefold() for w in cues.get("org_words", [])},
            place_prepositions={w.casefold() for w in cues.get("place_prepositions", [])},
            particles={w.casefold() for w in cues.get("particles", [])},
            function_words={w.casefold() for w in cues.get("function_words", [])},
            case_endings=sorted(cues.get("case_endings", []), key=len, reverse=True),
            oblique_adjective_endings=cues.get("oblique_adjective_endings", {}),
            elisions=frozenset(w.casefold() for w in cues.get("elisions", [])),
            demonym_suffixes=sorted(cues.get("demonym_suffixes", []), key=len, reverse=True),
            common_noun_suffixes=cues.get("common_noun_suffixes", []),
            place_words={w.casefold() for w in cues.get("place_words", [])},
            document_words={w.casefold() for w in cues.get("document_words", [])},
            noun_determiners={w.casefold() for w in cues.get("noun_determiners", [])},
            adjective_endings=sorted(cues.get("adjective_endings", []), key=len, reverse=True),
            reporting_words={w.casefold() for w in cues.get("reporting_words", [])},
            conjunctions={w.casefold() for w in cues.get("conjunctions", [])},
            genitive_linkers={w.casefold() for w in cues.get("genitive_linkers", [])},
            field_prepositions=cues.get("field_prepositions", []),
            feminine_surname_endings=tuple(cues.get("feminine_surname_endings", [])),
            possessive_suffixes=sorted(cues.get("possessive_suffixes", []), key=len, reverse=True),
        )
    return out


def _reporting_verbs(cues: dict[str, LanguageCues]) -> None:
    """One-word reporting verbs (said, заявил) from the quotes data: a name beside one is a
    person."""
    try:
        data = _read_data("reporting_verbs.json")
    except FileNotFoundError:
        return
    for language, entry in data.items():
        if language.startswith("_") or not isinstance(entry, dict):
            continue
        words = {v.casefold() for v in entry.get("verbs", []) if " " not in v}
        cues.setdefault(language, LanguageCues()).reporting_words |= words


def _demonyms(data: dict) -> dict[str, DemonymTable]:
    tables: dict[str, DemonymTable] = {}
    for language, entries in data["languages"].items():
        table = tables.setdefault(language, DemonymTable())
        for entry in entries:
            people = Demonym(entry["id"], entry.get("mention_type", "PER"), False)
            adjective = Demonym(entry["id"], entry.get("mention_type", "PER"), True)
            for stem in entry.get("people", []):
                table.add(stem, people)
            for stem in entry.get("adjectives", []):
                table.add(stem, adjective)
            # one member of a party is a person, however the party's members as a body are typed
            member = Demonym(entry["id"], "PER", False)
            for stem in entry.get("members", []):
                table.add(stem, member)
    return tables


def _read_data(name: str) -> dict:
    with resources.files("newsweave.data").joinpath(name).open(encoding="utf-8") as fh:
        return json.load(fh)


def load_gazetteer(
    extra_paths: list[Path] | None = None, languages: Iterable[str] = CLDR_LANGUAGES
) -> Gazetteer:
    """Curated list, CLDR country names and any user files of the same JSON shape.

    A user entry with an existing id adds its aliases to that entity.
    """
    gazetteer = Gazetteer()
    cues = _read_data("entities_cues.json")
    gazetteer.cues = _language_cues(cues)
    gazetteer.capitalises_nouns = set(cues.get("capitalises_nouns", []))
    gazetteer.lowercase_demonyms = set(cues.get("lowercase_demonyms", []))
    gazetteer.inflects_names = set(cues.get("inflects_names", []))
    gazetteer.cyrillic_languages = set(cues.get("writes_cyrillic", []))
    gazetteer.unions_of_states = set(cues.get("unions_of_states", []))
    gazetteer.common_acronyms = {a.casefold() for a in cues.get("common_acronyms", [])}
    _reporting_verbs(gazetteer.cues)
    gazetteer.place_suffixes = sorted(cues.get("place_suffixes", []), key=len, reverse=True)
    gazetteer.media_words = {w.casefold() for w in cues.get("media_words", [])}
    gazetteer.media_openers = {w.casefold() for w in cues.get("media_openers", [])}
    edges = cues.get("unspaced_name_edges", {})
    gazetteer.unspaced_name_openers = tuple(edges.get("never_open", []))
    gazetteer.unspaced_name_closers = tuple(edges.get("never_close", []))
    gazetteer.transliteration = frozenset(edges.get("transliteration", ""))
    gazetteer.first_names = {n.casefold() for n in _read_data("entities_first_names.json")["names"]}
    # The names that tell a person's sex are given names all the same (Horst, Jürgen, Ingrid).
    sexed = _read_data("given_name_genders.json")
    gazetteer.first_names |= {n.casefold() for n in sexed["female"] + sexed["male"]}
    gazetteer.demonyms = _demonyms(_read_data("entities_demonyms.json"))
    _cldr_places(gazetteer, languages)
    for name in _CURATED_FILES:
        _curated_entities(_read_data(name)["entities"], gazetteer)
    for path in extra_paths or []:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            records = data["entities"] if isinstance(data, dict) else data
            _curated_entities(records, gazetteer)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(
                f"entity file {path}: not a list of entities with id, name, type and aliases"
                f" ({type(error).__name__}: {error})"
            ) from error
    gazetteer.first_names |= _known_first_names(gazetteer)
    return gazetteer


def _known_first_names(gazetteer: Gazetteer) -> set[str]:
    """First words of the curated people's names in every script (Владимир, Joe, Τζο)."""
    names = set()
    for entity in gazetteer.entities.values():
        if entity.type != "PER":
            continue
        for variant in entity.variants:
            words = variant.split()
            if len(words) >= 2 and len(words[0]) > 2 and not _CASELESS.search(variant):
                names.add(words[0].casefold())
    return names


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer with the user's entity files, built once per process. The files are named
    in NEWSWEAVE_ENTITIES (paths joined by the system's path separator), an environment
    variable so that every worker process of a parallel engine reads the same ones."""
    named = os.environ.get(USER_ENTITIES_VARIABLE, "")
    return load_gazetteer([Path(p) for p in named.split(os.pathsep) if p.strip()])
