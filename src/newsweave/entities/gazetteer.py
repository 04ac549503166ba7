"""The gazetteer: curated world-news entities plus country names from CLDR.

Curated entries (data/entities.json) carry an id, an English name, a type, aliases in
several languages and scripts and, for people, role cue phrases. Countries come from
CLDR through babel: every locale's name of a territory maps to one ``LOC-<ISO code>``
entity, so Россия, Rusia, Russland and Rosja are one place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import babel

from newsweave import settings
from newsweave.entities.translit import stem_keys, surface_key
from newsweave.model import Entity

_CASELESS = re.compile(r"[\u0600-\u06ff\u0590-\u05ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

# Locales whose country names we index: the languages we expect news in, and their neighbours.
CLDR_LANGUAGES = (
    "en de fr es it pt nl ru uk be bg mk sr hr bs sl cs sk pl lt lv et fi sv da nb "
    "hu ro el tr ar fa he hi zh ja ko id vi ca"
).split()

# CLDR regions that are not places, or that the curated list names as organisations.
_SKIPPED_REGIONS = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
# Continents are places people write about; other numeric CLDR regions are statistical.
_CONTINENTS = {"002", "142", "150", "019", "009", "003", "005", "013", "053"}


@dataclass
class LanguageCues:
    """Words that help find and type names in one language (see data/entities_cues.json)."""

    person_titles: list[str] = field(default_factory=list)
    org_words: set[str] = field(default_factory=set)
    place_prepositions: set[str] = field(default_factory=set)
    particles: set[str] = field(default_factory=set)
    function_words: set[str] = field(default_factory=set)
    case_endings: list[str] = field(default_factory=list)
    demonym_suffixes: list[str] = field(default_factory=list)
    common_noun_suffixes: list[str] = field(default_factory=list)
    place_words: set[str] = field(default_factory=set)
    noun_determiners: set[str] = field(default_factory=set)
    adjective_endings: list[str] = field(default_factory=list)
    reporting_words: set[str] = field(default_factory=set)


@dataclass
class Gazetteer:
    """Known entities and the surface forms that name them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    role_cues: dict[str, list[str]] = field(default_factory=dict)
    surface_index: dict[str, set[str]] = field(default_factory=dict)
    cues: dict[str, LanguageCues] = field(default_factory=dict)
    capitalises_nouns: set[str] = field(default_factory=set)
    inflects_names: set[str] = field(default_factory=set)
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

    def add(self, entity: Entity, roles: Iterable[str] = ()) -> None:
        """Add an entity, or merge its variants into the one with the same id."""
        known = self.entities.get(entity.id)
        if known is None:
            self.entities[entity.id] = entity
            known = entity
        else:
            known.variants |= entity.variants
        known.variants.add(known.name)
        self.__dict__.pop("stem_index", None)
        self.__dict__.pop("lowercase_prefixes", None)
        self.__dict__.pop("multiword_heads", None)
        if roles:
            self.role_cues.setdefault(entity.id, []).extend(r.casefold() for r in roles)
        for variant in known.variants:
            key = surface_key(variant)
            letters = [c for c in variant if c.isalpha()]
            if key and variant.isupper() and len(letters) <= settings.ENTITY_CASED_ACRONYM_MAX:
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
        ids = self.surface_index.get(key, set())
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
    def lowercase_prefixes(self) -> frozenset[str]:
        """Starts of lower-case aliases: a cheap test before lemmatising a lower-case word."""
        n = settings.ENTITY_LOWERCASE_PREFIX
        return frozenset(k[:n] for k in self.lowercase_keys)

    def lookup_stem(self, surface: str, language: str, endings: tuple[str, ...]) -> list[str]:
        """Ids of known names that ``surface`` may be an inflected form of (Floridy, Флориде)."""
        ids: set[str] = set()
        for key in stem_keys(surface, language, endings):
            ids |= self.stem_index.get(key, set())
        return sorted(ids)

    def language_cues(self, language: str) -> LanguageCues:
        """Cues for ``language``; English ones stand in for a language we have none for."""
        return self.cues.get(language) or self.cues.get("en") or LanguageCues()


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


def _cldr_places(gazetteer: Gazetteer, languages: Iterable[str]) -> None:
    english = babel.Locale("en").territories
    for language in languages:
        try:
            names = babel.Locale(language).territories
        except (babel.UnknownLocaleError, ValueError):
            continue
        for code, name in names.items():
            if code in _SKIPPED_REGIONS or (code.isdigit() and code not in _CONTINENTS):
                continue
            entity = Entity(
                id=f"LOC-{code}",
                name=english.get(code, name),
                type="LOC",
                variants={name},
                curated=True,
            )
            gazetteer.add(entity)


def _language_cues(data: dict) -> dict[str, LanguageCues]:
    out = {}
    for language, cues in data["languages"].items():
        out[language] = LanguageCues(
            person_titles=sorted((t.casefold() for t in cues.get("person_titles", [])), key=len),
            org_words={w.casefold() for w in cues.get("org_words", [])},
            place_prepositions={w.casefold() for w in cues.get("place_prepositions", [])},
            particles={w.casefold() for w in cues.get("particles", [])},
            function_words={w.casefold() for w in cues.get("function_words", [])},
            case_endings=sorted(cues.get("case_endings", []), key=len, reverse=True),
            demonym_suffixes=sorted(cues.get("demonym_suffixes", []), key=len, reverse=True),
            common_noun_suffixes=cues.get("common_noun_suffixes", []),
            place_words={w.casefold() for w in cues.get("place_words", [])},
            noun_determiners={w.casefold() for w in cues.get("noun_determiners", [])},
            adjective_endings=sorted(cues.get("adjective_endings", []), key=len, reverse=True),
            reporting_words={w.casefold() for w in cues.get("reporting_words", [])},
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
    gazetteer.inflects_names = set(cues.get("inflects_names", []))
    _reporting_verbs(gazetteer.cues)
    gazetteer.place_suffixes = sorted(cues.get("place_suffixes", []), key=len, reverse=True)
    gazetteer.first_names = {n.casefold() for n in _read_data("entities_first_names.json")["names"]}
    _cldr_places(gazetteer, languages)
    _curated_entities(_read_data("entities.json")["entities"], gazetteer)
    for path in extra_paths or []:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        records = data["entities"] if isinstance(data, dict) else data
        _curated_entities(records, gazetteer)
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
    """The gazetteer without user files, built once per process."""
    return load_gazetteer()
