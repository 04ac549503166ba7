"""Link mentions to canonical entities across languages and scripts.

The index maps Latin keys (see translit) to entity ids. A mention is linked, in order, by:
an exact key of one of its forms; for a lone surname, the full-name person of the same
article or the one person that dominates that surname in the index; a fuzzy match whose
token initials agree; a moderately close spelling of a curated person whose role words stand
nearby (an MT slip such as "Li Changfu" beside "defence minister"); else a new entity.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz, process

from newsweave import settings
from newsweave.entities.gazetteer import Gazetteer, default_gazetteer
from newsweave.entities.lemma import lemmatize_token
from newsweave.entities.translit import (
    SKELETON_MARK,
    display_latin,
    latin_keys_cached,
    stem_keys,
    strip_diacritics,
    surface_key,
)
from newsweave.held import StoredRecords, least_recent, touch
from newsweave.model import Entity, Mention

_NAME_BREAKS = re.compile(r"[\s·・]+")


def _name_words(name: str) -> list[str]:
    """The words of a name: Chinese writes a foreign one's parts with a middle dot between."""
    return [word for word in _NAME_BREAKS.split(name.strip()) if word]


_VOWELISH = re.compile(r"[^a-z]|[aeiouywhv]")


def _consonants(key: str) -> str:
    """The consonants of a Latin key, doubles once and r as l, as every script keeps them:
    "emanuel", "~imnvil" (إيمانويل), "aimaniuaier" (埃马纽埃尔) all give "mnl"."""
    letters = _VOWELISH.sub("", key.lstrip(SKELETON_MARK)).replace("r", "l")
    return re.sub(r"(.)\1+", r"\1", letters)


def _entity_keys(name: str, language: str = "") -> set[str]:
    keys = set(latin_keys_cached(name, language))
    script = surface_key(name)
    if script:
        keys.add(script)
    return keys


def _slug(text: str) -> str:
    """Readable id part: ASCII words joined by hyphens, doubled letters kept (Quarrington).

    anyascii covers the scripts our own tables do not (Greek, Georgian, Armenian…).
    """
    return "-".join(re.findall(r"[a-z0-9]+", anyascii(strip_diacritics(text)).casefold()))


def _words_alike(query: str, key: str) -> bool:
    """Two names of as many words whose differing words are each a respelling of the other
    ("Zelenskyy", "Zelensky"), not another short word a letter or two away: "Deutsche Bahn" is no
    "Deutsche Bank", "John Key" no "John Kerry" (keyed "john kery"), "Afryce" no "Ameryce",
    however alike the whole names look."""
    words, known = query.split(), key.split()
    if len(words) != len(known):
        return True
    return all(_respelt(a, b) for a, b in zip(words, known, strict=True))


def _respelt(word: str, known: str) -> bool:
    """One word of a name spelt or inflected otherwise: a case ending on a shared stem ("dudy",
    "duda"), or a long word a letter or two off ("zelenskyy")."""
    if word == known:
        return True
    stem = len(os.path.commonprefix([word, known]))
    short, long_ = sorted((word, known), key=len)
    if len(long_) - stem <= 3 and (
        stem >= settings.ENTITY_FUZZY_STEM_CHARS or stem == len(short) >= 2
    ):
        return True  # a case ending on the stem, or on a short stem as it stands (un, unom)
    if len(long_) <= 3 and stem >= 2:
        return True  # a particle's case: "von der Leyen", "von den Leyen"
    if len(short) <= 2 and _abbreviates(short, long_):
        return True  # "W. Brytania", "Wlk. Brytania"
    if _consonants(word) == _consonants(known):
        return True  # vowels are what transliterations spell differently (Piers, Pirs)
    return (
        len(short) >= settings.ENTITY_FUZZY_WORD_MIN_CHARS
        and fuzz.ratio(word, known) >= settings.ENTITY_FUZZY_WORD_MIN
    )


def _abbreviates(short: str, word: str) -> bool:
    """``short`` is made of ``word``'s letters in order, from its first."""
    rest = iter(word[1:])
    return short[:1] == word[:1] and all(c in rest for c in short[1:])


def _initials(key: str) -> str:
    """Blocking key for fuzzy search: the first letter of each word."""
    return "".join(w[0] for w in key.split())


def _plain(keys: Iterable[str]) -> list[str]:
    return sorted(k for k in keys if not k.startswith(SKELETON_MARK))


# Postings of learned keys, saved as records of their own (entity ids joined by a newline)
# under "<kind>\x1f<key>": exact keys, the last words of full names, inflection-blind stems,
# and fuzzy keys under "f\x1f<type>\x1f<initials>\x1f<key>", read a block of initials at once.
EXACT, SURNAME, STEM, FUZZY = "k", "s", "t", "f"
_SEP = "\x1f"
# The record that says a database's postings are written (older ones saved the index whole).
POSTINGS_WRITTEN = "~postings"


def posting_id(kind: str, key: str) -> str:
    return f"{kind}{_SEP}{key}"


def _bucket_id(etype: str, initials: str) -> str:
    return f"{FUZZY}{_SEP}{etype}{_SEP}{initials}"


@dataclass(frozen=True)
class StoredIndex:
    """How an index bound to a store reads the entities and postings earlier commits saved
    (the store's "entity_index" and "entity_postings" collections)."""

    entities: StoredRecords
    postings: StoredRecords


@dataclass
class _Choice:
    entity_id: str
    confidence: float


class EntityIndex:
    """Canonical entities and the keys that name them; persists through records."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self._entities: dict[str, Entity] = {}
        # Entity ids by key: exact keys, the last words of full names (surnames) and the
        # inflection-blind stems of learned variants (curated ones live in the gazetteer). The
        # gazetteer's own are built once and always held; the learned ones are all held, or,
        # bound to a store (`stored`), read from it as asked and let go when unused.
        self._curated: dict[str, dict[str, set[str]]] = {EXACT: {}, SURNAME: {}}
        self._postings: dict[str, dict[str, set[str]]] = {EXACT: {}, SURNAME: {}, STEM: {}}
        # fuzzy candidates blocked by (type, initials): "dt" holds Donald Trump, Dick Tracy…
        self._curated_fuzzy: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        self._fuzzy: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        self._counts: Counter[str] = Counter()
        self._merged: dict[str, str] = {}
        self._learned: dict[str, set[str]] = {}
        self.evidence: list[dict] = []
        # touched since changed_records() last ran: a commit saves these, not the whole index
        self._changed: set[str] = set()
        self._removed: set[str] = set()
        self._built = False
        self._building = False
        # Bound to a store: what is held, least recently used first, and what changed unsaved.
        self._stored: StoredIndex | None = None
        self._entities_used: dict[str, None] = {}  # learned entities (curated ones stay)
        self._postings_used: dict[str, None] = {}  # posting and fuzzy-block ids
        self._unsaved_postings: set[str] = set()
        self._absent: set[str] = set()  # ids asked of the store and not there

    @classmethod
    def stored(
        cls, stored: StoredIndex, curated: list[dict], gazetteer: Gazetteer | None = None
    ) -> EntityIndex:
        """An index bound to a store: the gazetteer, with the records of its entities that the
        store has (`curated`), and the learned entities read from the store as articles name
        them. Its memory is bounded (settings.ENTITIES_HELD, ENTITY_POSTINGS_HELD), not the
        corpus; the store must hold its postings (see `learned_postings`)."""
        index = cls(gazetteer)
        index._build()
        for record in curated:
            index._restore(record)
        index._stored = stored
        return index

    def bind(self, stored: StoredIndex) -> None:
        """Bind an index built whole (from_records) to the store its records came from: what
        it holds stays held until a commit lets the least recently used go."""
        self._stored = stored
        for entity_id, entity in self._entities.items():
            if not entity.curated:
                touch(self._entities_used, entity_id)
        for kind, postings in self._postings.items():
            for key in postings:
                touch(self._postings_used, posting_id(kind, key))
        for etype, initials in self._fuzzy:
            touch(self._postings_used, _bucket_id(etype, initials))

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        """Index the gazetteer on first use: a command that never links never pays for it."""
        if self._built:
            return
        self._built = True
        self._building = True  # these postings are the gazetteer's, held for good
        for entity in self.gazetteer.entities.values():
            copy = Entity(entity.id, entity.name, entity.type, set(entity.variants), set(), True)
            self._entities[copy.id] = copy
            for variant in sorted(copy.variants):
                self._add_variant(copy, variant, stems=False)
        self._building = False

    def _add_variant(
        self, entity: Entity, variant: str, language: str = "", stems: bool = True
    ) -> None:
        entity.variants.add(variant)
        keys = _entity_keys(variant, language)
        new = sorted(keys - entity.keys)
        self._post(EXACT, new, entity.id)
        for key in new:
            if not key.startswith(SKELETON_MARK) and key.isascii():
                self._post_fuzzy(entity.type, key, entity.id)
        entity.keys |= keys
        if stems and not variant.isupper():
            endings = tuple(self.gazetteer.language_cues(language).case_endings)
            self._post(STEM, sorted(stem_keys(variant, language, endings)), entity.id)
        words = variant.split()
        if entity.type == "PER" and len(words) >= 2:
            self._post(SURNAME, _plain(latin_keys_cached(words[-1], language)), entity.id)

    def _post(self, kind: str, keys: list[str], entity_id: str) -> None:
        if self._building:
            for key in keys:
                self._curated[kind].setdefault(key, set()).add(entity_id)
            return
        postings = self._held_postings(kind, keys)  # held first: the stored ids join the new one
        for key in keys:
            postings.setdefault(key, set()).add(entity_id)
        if self._stored is not None:
            self._unsaved_postings.update(posting_id(kind, key) for key in keys)

    def _post_fuzzy(self, etype: str, key: str, entity_id: str) -> None:
        block = (etype, _initials(key))
        if self._building:
            bucket = self._curated_fuzzy.setdefault(block, ([], []))
        else:
            bucket = self._held_fuzzy(block)
            if self._stored is not None:
                self._unsaved_postings.add(f"{_bucket_id(*block)}{_SEP}{key}")
        bucket[0].append(key)
        bucket[1].append(entity_id)

    # --- what is held, bound to a store -----------------------------------------------------
    def _held_postings(self, kind: str, keys: Iterable[str]) -> dict[str, set[str]]:
        """The learned postings of one kind, with those of `keys` held."""
        postings = self._postings[kind]
        if self._stored is None:
            return postings
        ids = {posting_id(kind, key): key for key in keys}
        missing = [i for i in ids if i not in self._postings_used]
        found = self._stored.postings.records(missing) if missing else {}
        for record_id, record in found.items():
            postings.setdefault(ids[record_id], set()).update(record["ids"].split("\n"))
        for record_id in ids:  # a key the store lacks is held too: it is asked again and again
            touch(self._postings_used, record_id)
        return postings

    def _held_fuzzy(self, block: tuple[str, str]) -> tuple[list[str], list[str]]:
        """The learned keys and ids of one fuzzy block, held."""
        bucket = self._fuzzy.setdefault(block, ([], []))
        if self._stored is None:
            return bucket
        block_id = _bucket_id(*block)
        if block_id not in self._postings_used:
            prefix = f"{block_id}{_SEP}"
            found = self._stored.postings.fields(["ids"], None, prefix)
            for record_id in sorted(found):
                key = record_id[len(prefix) :]
                for entity_id in found[record_id]["ids"].split("\n"):
                    bucket[0].append(key)
                    bucket[1].append(entity_id)
        touch(self._postings_used, block_id)
        return bucket

    def _ids(self, kind: str, keys: Iterable[str]) -> set[str]:
        """Every entity id posted under any of `keys`, curated or learned."""
        keys = list(keys)
        learned = self._held_postings(kind, keys)
        curated = self._curated.get(kind, {})
        return set().union(*(curated.get(k, ()) for k in keys), *(learned.get(k, ()) for k in keys))

    def _hold(self, ids: Iterable[str]) -> None:
        """Have the entities of `ids` in memory (those the store has)."""
        if self._stored is None:
            return
        missing = [i for i in ids if i not in self._entities and i not in self._absent]
        if missing:
            found = self._stored.entities.records(missing)
            for record in found.values():
                self._restore(record)
            self._absent.update(i for i in missing if i not in found)
        for entity_id in ids:
            if entity_id in self._entities_used:
                touch(self._entities_used, entity_id)

    def _restore(self, record: dict) -> Entity:
        """An entity as a commit saved it, without posting its keys again (the store has them)."""
        entity = self._entities.get(record["id"])
        if entity is None:
            entity = Entity(record["id"], record["name"], record["type"], set(), set(), False)
            self._entities[entity.id] = entity
            touch(self._entities_used, entity.id)
        variants = set(record.get("variants", []))
        entity.variants |= variants
        if entity.curated and variants:
            self._learned.setdefault(entity.id, set()).update(variants)
        if "keys" in record:
            entity.keys |= set(record["keys"])
        else:  # saved before keys were: the keys a reload has always given
            for variant in variants:
                entity.keys |= _entity_keys(variant)
        self._counts[entity.id] = record.get("mentions", 0)
        for old in record.get("merged_ids", []):
            self._merged[old] = entity.id
        return entity

    def release(self) -> None:
        """Let go of the least recently used learned entities and postings beyond the bounds
        held (settings.ENTITIES_HELD, ENTITY_POSTINGS_HELD); those changed since the last
        save stay. Only an index bound to a store lets go: the store has the rest."""
        if self._stored is None:
            return
        for entity_id in least_recent(
            self._entities_used, len(self._entities_used), settings.ENTITIES_HELD, self._changed
        ):
            del self._entities[entity_id], self._entities_used[entity_id]
            self._counts.pop(entity_id, None)
            self._learned.pop(entity_id, None)
        unsaved_blocks = {i.rsplit(_SEP, 1)[0] for i in self._unsaved_postings}
        for held_id in least_recent(
            self._postings_used,
            len(self._postings_used),
            settings.ENTITY_POSTINGS_HELD,
            self._unsaved_postings | unsaved_blocks,
        ):
            del self._postings_used[held_id]
            kind, rest = held_id.split(_SEP, 1)
            if kind == FUZZY:
                etype, initials = rest.split(_SEP, 1)
                self._fuzzy.pop((etype, initials), None)
            else:
                self._postings[kind].pop(rest, None)
        self._absent.clear()

    def changed_postings(self) -> list[dict]:
        """The posting records changed since the last call, whole, for the store."""
        records = []
        for record_id in sorted(self._unsaved_postings):
            kind, rest = record_id.split(_SEP, 1)
            if kind == FUZZY:
                etype, initials, key = rest.split(_SEP, 2)
                keys, ids = self._fuzzy.get((etype, initials), ([], []))
                posted = [i for k, i in zip(keys, ids, strict=True) if k == key]
            else:
                posted = sorted(self._postings[kind].get(rest, ()))
            records.append({"id": record_id, "ids": "\n".join(dict.fromkeys(posted))})
        self._unsaved_postings = set()
        return records

    def learned_postings(self) -> list[dict]:
        """Every learned posting as a record: what an index built whole (an older database's,
        from_records) gives the store once, so that it can be bound to it."""
        records = [
            {"id": posting_id(kind, key), "ids": "\n".join(sorted(ids))}
            for kind, postings in self._postings.items()
            for key, ids in postings.items()
        ]
        for (etype, initials), (keys, ids) in self._fuzzy.items():
            by_key: dict[str, list[str]] = {}
            for key, entity_id in zip(keys, ids, strict=True):
                by_key.setdefault(key, []).append(entity_id)
            records.extend(
                {"id": f"{_bucket_id(etype, initials)}{_SEP}{key}", "ids": "\n".join(posted)}
                for key, posted in by_key.items()
            )
        return records

    def _new_entity(self, mention: Mention, language: str) -> Entity:
        base = mention.lemma or mention.text
        latin = display_latin(base, language) if base else mention.text
        slug = _slug(latin) or _slug(mention.text) or "x"
        entity_id = f"{mention.type}-{slug}"
        n = 2
        while self._known(entity_id):
            entity_id = f"{mention.type}-{slug}-{n}"
            n += 1
        name = latin if latin.isascii() or not base.isascii() else base
        if not name.isascii() and not _latin_script(name):
            name = anyascii(name)
        if not base.isascii() and name.islower():
            name = name.title()
        entity = Entity(entity_id, name, mention.type, set(), set(), False)
        self._entities[entity_id] = entity
        if self._stored is not None:
            touch(self._entities_used, entity_id)
        self._changed.add(entity_id)
        for form in {base, mention.text}:
            self._add_variant(entity, form, language)
        return entity

    def _prefer_latin_name(self, entity: Entity, form: str, language: str) -> None:
        """A learned name romanised from another script gives way to a real Latin spelling.

        "Mishel Barne" becomes "Michel Barnier" once a text in a language that does not
        inflect names has written it; the id stays as it was.
        """
        if entity.curated or entity.name in entity.variants:
            return
        if language in self.gazetteer.inflects_names:
            return
        if _latin_script(form) and len(form.split()) == len(entity.name.split()):
            entity.name = form

    # --- lookups --------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id (following merges)."""
        self._build()
        while entity_id in self._merged:
            entity_id = self._merged[entity_id]
        self._hold([entity_id])
        return self._entities.get(entity_id)

    def _known(self, entity_id: str) -> bool:
        self._hold([entity_id])
        return entity_id in self._entities

    def entities(self) -> Iterator[Entity]:
        """Every entity, curated and learned (bound to a store: those held)."""
        self._build()
        return iter(self._entities.values())

    def mention_count(self, entity_id: str) -> int:
        """How many mentions have been linked to this entity."""
        return self._counts[entity_id]

    def _best(self, ids: Iterable[str], etype: str, article: set[str]) -> str | None:
        ids = list(ids)
        self._hold(ids)
        ids = [i for i in ids if i in self._entities]
        if not ids:
            return None

        def rank(i: str) -> tuple:
            e = self._entities[i]
            return (e.type != etype, i not in article, not e.curated, -self._counts[i], i)

        return min(ids, key=rank)

    def _exact(self, keys: set[str], etype: str, article: set[str]) -> _Choice | None:
        plain = self._ids(EXACT, (k for k in keys if not k.startswith("~")))
        best = self._best(plain, etype, article)
        if best:
            return _Choice(best, 1.0)
        skel = self._ids(EXACT, (k for k in keys if k.startswith("~")))
        self._hold(skel)
        typed = [i for i in skel if i in self._entities and self._entities[i].type == etype]
        best = self._best(typed, etype, article)
        return _Choice(best, settings.ENTITY_CONFIDENCE_SKELETON) if best else None

    def _surname_and_given_name(
        self, mention: Mention, language: str, article: set[str]
    ) -> _Choice | None:
        """A full name in another script whose surname alone is a curated person's alias and
        whose given name sounds like that person's: "إيمانويل ماكرون", "奥拉夫·朔尔茨" are
        Emmanuel Macron and Olaf Scholz, "بريجيت ماكرون" is not. Only the surname is curated
        in most scripts, and a given name's vowels do not survive them."""
        words = _name_words(mention.text)
        if mention.type != "PER" or len(words) < 2 or mention.text.isascii():
            return None
        choice = self._exact(_entity_keys(words[-1], language), "PER", article)
        entity = self.entity(choice.entity_id) if choice else None
        if entity is None or not entity.curated or len(entity.name.split()) < 2:
            return None
        given = {_consonants(k) for k in latin_keys_cached(words[0], language)}
        wanted = {_consonants(k) for k in latin_keys_cached(entity.name.split()[0], "en")}
        return _Choice(entity.id, 1.0) if given & wanted - {""} else None

    def _surname(self, keys: set[str], article: set[str]) -> _Choice | None:
        ids = self._ids(SURNAME, _plain(keys))
        self._hold(ids)
        ids = {i for i in ids if i in self._entities}
        if not ids:
            return None
        local = [i for i in ids if i in article]
        if local:
            return _Choice(self._best(local, "PER", article) or local[0], 1.0)
        ranked = sorted(ids, key=lambda i: -self._counts[i])
        if len(ranked) == 1:
            return _Choice(ranked[0], settings.ENTITY_CONFIDENCE_SURNAME)
        top, second = self._counts[ranked[0]], self._counts[ranked[1]]
        if top >= settings.ENTITY_SURNAME_DOMINANCE * max(second, 1):
            return _Choice(ranked[0], settings.ENTITY_CONFIDENCE_SURNAME)
        return None

    def _stem_match(self, mention: Mention, language: str, article: set[str]) -> _Choice | None:
        """Same type and same inflection-blind stem (Floridy, Флориде → Florida)."""
        endings = tuple(self.gazetteer.language_cues(language).case_endings)
        ids: set[str] = set()
        for form in {mention.lemma, mention.text} - {""}:
            if form.isupper():
                continue
            keys = [
                key
                for key in stem_keys(form, language, endings)
                if len(key.replace(" ", "")) >= settings.ENTITY_STEM_KEY_MIN
            ]
            for key in keys:
                ids |= self.gazetteer.stem_index.get(key, set())
            ids |= self._ids(STEM, keys)
        self._hold(ids)
        found = {e.id for e in map(self.entity, ids) if e is not None and e.type == mention.type}
        if mention.type == "PER" and len(mention.text.split()) == 1:
            # a lone surname's skeleton meets too many others' (Чжан and Хания share one):
            # it may only join a person the article has named
            found &= article
        best = self._best(found, mention.type, article)
        return _Choice(best, settings.ENTITY_CONFIDENCE_STEM) if best else None

    def _demonym(self, mention: Mention, language: str) -> _Choice | None:
        """Americans, американских → the United States; демократы → the Democratic Party."""
        words = mention.text.split()
        if len(words) != 1:
            return None
        demonym = self.gazetteer.demonym(words[0], language)
        if demonym is None or not self._known(demonym.entity_id):
            return None
        return _Choice(demonym.entity_id, settings.ENTITY_CONFIDENCE_STEM)

    def _fuzzy_match(
        self, keys: set[str], etype: str, min_score: float, spelt: bool = False
    ) -> tuple[str, str, float] | None:
        """Closest known key (query, key, score) whose tokens start with the same letters.

        ``spelt``: the name is written in Latin letters, so its keys are its writer's own
        spelling, not one of many transliterations: every word that differs must then be a
        respelling of its counterpart (_words_alike)."""
        best: tuple[float, str, str, str] | None = None
        for query in _plain(keys)[:4]:
            if not query.isascii():
                continue
            block = (etype, _initials(query))
            curated = self._curated_fuzzy.get(block, ([], []))
            learned = self._held_fuzzy(block)
            block_keys, block_ids = curated[0] + learned[0], curated[1] + learned[1]
            if not block_keys:
                continue
            hits = process.extract(
                query, block_keys, scorer=fuzz.ratio, score_cutoff=min_score, limit=8
            )
            for key, score, pos in hits:
                if spelt and not _words_alike(query, key):
                    continue
                candidate = (-score, key, block_ids[pos], query)
                if best is None or candidate < best:
                    best = candidate
        if best is None:
            return None
        return best[3], best[2], -best[0]

    def _context_repair(self, keys: set[str], mention: Mention, text: str) -> _Choice | None:
        if mention.type != "PER" or not text:
            return None
        window = settings.ENTITY_CONTEXT_WINDOW
        context = text[max(0, mention.start - window) : mention.end + window].casefold()
        queries = _plain(keys)[:4]
        if not queries:
            return None
        # the entities whose role the context names, with their names of two words or more:
        # the same for every query, so found once
        cued = [
            (entity_id, [k for k in _plain(entity.keys) if len(k.split()) >= 2])
            for entity_id, cues in self.gazetteer.role_cues.items()
            if any(cue in context for cue in cues)
            and (entity := self._entities.get(entity_id)) is not None
        ]
        candidates = []
        for query in queries:
            for entity_id, names in cued:
                score = max((fuzz.ratio(query, k) for k in names), default=0)
                if score >= settings.ENTITY_CONTEXT_FUZZY_MIN:
                    candidates.append((score, entity_id))
        if not candidates:
            return None
        return _Choice(max(candidates)[1], settings.ENTITY_CONFIDENCE_CONTEXT)

    # --- linking --------------------------------------------------------------------------
    def link(self, mentions: list[Mention], language: str, text: str = "") -> None:
        """Fill entity_id, canonical and confidence of each mention, adding new entities.

        ``text`` (the article the mentions come from) lets role words nearby confirm a
        doubtful spelling.
        """
        self._build()
        article: set[str] = set()
        name_parts: dict[str, set[str]] = {}  # first and last words of the article's full names
        # full names first, so that a lone surname can join the person named in full
        order = sorted(range(len(mentions)), key=lambda i: len(mentions[i].text.split()) < 2)
        for i in order:
            mention = mentions[i]
            choice = self._short_form(mention, language, name_parts) or self._resolve(
                mention, language, text, article
            )
            entity = self._entities[choice.entity_id]
            mention.entity_id = entity.id
            mention.canonical = entity.name
            mention.confidence = choice.confidence
            article.add(entity.id)
            if entity.type == "PER" and len(mention.text.split()) >= 2:
                for key in self._part_keys(mention, language, (0, -1)):
                    name_parts.setdefault(key, set()).add(entity.id)
            self._counts[entity.id] += 1
            self._changed.add(entity.id)
            if choice.confidence >= settings.ENTITY_CONFIDENCE_FUZZY:
                for form in {mention.lemma, mention.text} - {""} - entity.variants:
                    self._learned.setdefault(entity.id, set()).add(form)
                    self._add_variant(entity, form, language)
                self._prefer_latin_name(entity, mention.lemma or mention.text, language)

    def _part_keys(self, mention: Mention, language: str, positions: tuple[int, ...]) -> set[str]:
        """Spelling- and case-blind keys of the words at `positions` of a name."""
        endings = tuple(self.gazetteer.language_cues(language).case_endings)
        keys: set[str] = set()
        for form in {mention.lemma, mention.text} - {""}:
            words = form.split()
            for position in positions:
                word = words[position]
                keys |= set(_plain(latin_keys_cached(word, language)))
                keys |= set(stem_keys(word, language, endings))
        return keys

    def _short_form(
        self, mention: Mention, language: str, name_parts: dict[str, set[str]]
    ) -> _Choice | None:
        """A one-word name that is the first or last word of one person the same article named
        in full is that person: "Li" after "Li Shangfu", Путина after Владимир Путин, a bare
        Чжан after Чжан Юся. Where two people of the article share the word, it stays open."""
        if mention.type != "PER" or len(mention.text.split()) != 1 or not name_parts:
            return None
        ids = set().union(
            *(name_parts.get(k, set()) for k in self._part_keys(mention, language, (0,)))
        )
        return _Choice(ids.pop(), 1.0) if len(ids) == 1 else None

    def _base_form(self, mention: Mention, language: str) -> str:
        """A lemma for a mention that came without one (linked from another detector)."""
        if mention.lemma or language not in self.gazetteer.inflects_names:
            return mention.lemma
        endings = self.gazetteer.language_cues(language).case_endings
        return " ".join(
            lemmatize_token(w, language, endings, lambda stem: False, True)
            for w in mention.text.split()
        )

    def _resolve(self, mention: Mention, language: str, text: str, article: set[str]) -> _Choice:
        keys: set[str] = set()
        base = self._base_form(mention, language)
        for form in {mention.lemma, mention.text, base} - {""}:
            keys |= _entity_keys(form, language)
        single = len((mention.lemma or mention.text).split()) == 1
        if single and mention.type == "PER":
            choice = self._surname(keys, article)
            if choice and choice.entity_id in article:
                return choice
        choice = self._exact(keys, mention.type, article)
        if choice:
            return choice
        choice = self._demonym(mention, language)
        if choice:
            return choice
        choice = self._surname_and_given_name(mention, language, article)
        if choice:
            return choice
        choice = self._stem_match(mention, language, article)
        if choice:
            return choice
        if single and mention.type in ("PER", "ORG", "LOC"):
            choice = self._surname(keys, article)
            if choice:
                return choice
        hit = self._fuzzy_match(
            keys, mention.type, settings.ENTITY_FUZZY_MIN, _latin_script(mention.text)
        )
        if hit and self._known(hit[1]):
            return _Choice(hit[1], settings.ENTITY_CONFIDENCE_FUZZY)
        choice = self._context_repair(keys, mention, text)
        if choice:
            return choice
        entity = self._new_entity(mention, language)
        return _Choice(entity.id, settings.ENTITY_CONFIDENCE_NEW)

    # --- learning across languages --------------------------------------------------------
    def learn_variants(self, groups: list[list[Mention]]) -> list[dict]:
        """Unify entities named alike in articles judged to report the same event.

        Within a group, two entities of one type, at least one of them learned (not curated),
        whose Latin keys are close are merged into the curated or more frequent one. Returns
        the evidence of each merge (also kept in ``self.evidence``).
        """
        self._build()
        made: list[dict] = []
        for g, group in enumerate(groups):
            present: dict[str, Counter[str]] = {}
            for m in group:
                entity = self.entity(m.entity_id) if m.entity_id else None
                if entity:
                    present.setdefault(entity.type, Counter())[entity.id] += 1
            for etype, counts in present.items():
                ids = sorted(counts, key=lambda i: (-self._counts[i], i))
                for a_pos, a in enumerate(ids):
                    for b in ids[a_pos + 1 :]:
                        ea, eb = self.entity(a), self.entity(b)
                        if ea is None or eb is None or ea.id == eb.id:
                            continue
                        if ea.curated and eb.curated:
                            continue
                        score = self._similarity(ea, eb)
                        if score < settings.ENTITY_LEARN_SIMILARITY:
                            continue
                        keep, drop = (ea, eb) if (ea.curated or not eb.curated) else (eb, ea)
                        evidence = {
                            "kept": keep.id,
                            "merged": drop.id,
                            "type": etype,
                            "similarity": round(score, 1),
                            "group": g,
                            "variants": sorted(drop.variants),
                        }
                        self._merge(drop.id, keep.id)
                        made.append(evidence)
            for m in group:
                if m.entity_id in self._merged:
                    target = self.entity(m.entity_id)
                    if target:
                        m.entity_id, m.canonical = target.id, target.name
        self.evidence.extend(made)
        return made

    @staticmethod
    def _similarity(a: Entity, b: Entity) -> float:
        ka = [k for k in _plain(a.keys) if k.isascii()][:12]
        kb = [k for k in _plain(b.keys) if k.isascii()][:12]
        return max((fuzz.ratio(x, y) for x in ka for y in kb), default=0.0)

    def _merge(self, drop_id: str, keep_id: str) -> None:
        drop = self._entities.pop(drop_id)
        keep = self._entities[keep_id]
        self._merged[drop_id] = keep_id
        self._changed.add(keep_id)
        self._removed.add(drop_id)
        for variant in drop.variants:
            self._learned.setdefault(keep_id, set()).add(variant)
            self._add_variant(keep, variant)
        # The merged-away entity is always a learned one: only learned postings name it. Bound
        # to a store, those not held keep its id, and lookups skip it (its record is gone).
        self._held_postings(EXACT, drop.keys)
        for kind, postings in self._postings.items():
            for key, ids in postings.items():
                if drop_id in ids:
                    ids.discard(drop_id)
                    ids.add(keep_id)
                    if self._stored is not None:
                        self._unsaved_postings.add(posting_id(kind, key))
        for key in _plain(drop.keys):
            block = (drop.type, _initials(key))
            bucket = self._held_fuzzy(block)
            bucket[1][:] = [keep_id if e == drop_id else e for e in bucket[1]]
            if self._stored is not None:
                self._unsaved_postings.update(
                    f"{_bucket_id(*block)}{_SEP}{k}" for k in set(bucket[0])
                )
        self._counts[keep_id] += self._counts.pop(drop_id, 0)

    # --- persistence ----------------------------------------------------------------------
    def to_records(self) -> list[dict]:
        """Learned entities, and curated ones that gained variants or mentions, as plain dicts."""
        self._build()
        merged_into = self._merged_into()
        records = (self._record(entity, merged_into) for entity in self._entities.values())
        return [record for record in records if record]

    def changed_records(self) -> tuple[list[dict], list[str]]:
        """The records of the entities touched since the last call, and the ids merged away
        since (their records are gone: the survivor lists them among its merged ids)."""
        merged_into = self._merged_into()
        touched = (self._entities.get(entity_id) for entity_id in sorted(self._changed))
        records = [r for r in (self._record(e, merged_into) for e in touched if e) if r]
        removed = sorted(self._removed - {record["id"] for record in records})
        self._changed, self._removed = set(), set()
        return records, removed

    def _merged_into(self) -> dict[str, list[str]]:
        merged_into: dict[str, list[str]] = {}
        for old in self._merged:
            target = self.entity(old)
            if target:
                merged_into.setdefault(target.id, []).append(old)
        return merged_into

    def _record(self, entity: Entity, merged_into: dict[str, list[str]]) -> dict | None:
        """What the store keeps of an entity; None for a curated one as the gazetteer has it."""
        learned = self._learned.get(entity.id, set())
        if (
            entity.curated
            and not learned
            and not self._counts[entity.id]
            and entity.id not in merged_into
        ):
            return None
        return {
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "variants": sorted(entity.variants if not entity.curated else learned),
            "keys": sorted(entity.keys),
            "curated": entity.curated,
            "mentions": self._counts[entity.id],
            "merged_ids": sorted(merged_into.get(entity.id, [])),
        }

    @classmethod
    def from_records(cls, records: list[dict], gazetteer: Gazetteer | None = None) -> EntityIndex:
        """Rebuild an index: the gazetteer, then what ``to_records`` saved on top of it."""
        index = cls(gazetteer)
        index._build()
        for rec in records:
            entity = index._entities.get(rec["id"])
            if entity is None:
                entity = Entity(
                    rec["id"], rec["name"], rec["type"], set(), set(), rec.get("curated", False)
                )
                index._entities[entity.id] = entity
            for variant in rec.get("variants", []):
                if variant not in entity.variants:
                    index._add_variant(entity, variant)
                    if entity.curated:
                        index._learned.setdefault(entity.id, set()).add(variant)
            index._counts[entity.id] = rec.get("mentions", 0)
            for old in rec.get("merged_ids", []):
                index._merged[old] = entity.id
        return index


def _latin_script(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(strip_diacritics(c).isascii() for c in letters)


def link(mentions: list[Mention], language: str, index: EntityIndex, text: str = "") -> None:
    """Link ``mentions`` (of one article in ``language``) through ``index``."""
    index.link(mentions, language, text)
