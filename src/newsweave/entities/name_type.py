"""Evidence for the type of a name no gazetteer knows.

Each function answers one question about a word (is it a place-like shape, a first name, a
cue word for an organisation or a place, an adjective) from data files and dictionaries, so
that the detector can weigh the evidence instead of calling every unknown name a person.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsweave import settings
from newsweave.entities.gazetteer import Gazetteer, LanguageCues
from newsweave.entities.lemma import morph_type, russian_given_name
from newsweave.langs.lemmas import is_known, lemmatize

_VOWELS = set("aeiouyáéíóúýàèìòùâêîôûäëïöüąęěůаеёиоуыэюяіїєъьαεηιουωάέήίόύώ")


def cue_stem(word: str) -> str:
    """A cue word without its final vowels, so that its case forms share a prefix."""
    low = word.casefold()
    while len(low) > settings.ENTITY_CUE_STEM_MIN and low[-1] in _VOWELS:
        low = low[:-1]
    return low


@dataclass(frozen=True)
class _CueTable:
    """One cue list made ready for matching many words: by the lengths its entries have, a
    word is compared with a few slices of itself rather than with every cue."""

    single: frozenset[str]  # exact single-word cues
    stems: frozenset[str]  # stems long enough to match by prefix
    stem_lengths: tuple[int, ...]
    single_lengths: tuple[int, ...]


@lru_cache(maxsize=256)
def _cue_table(words: frozenset[str]) -> _CueTable:
    single = frozenset(w for w in words if " " not in w)
    stems = frozenset(
        stem for w in single if len(stem := cue_stem(w)) >= settings.ENTITY_CUE_STEM_MIN
    )
    return _CueTable(
        single,
        stems,
        tuple(sorted({len(stem) for stem in stems})),
        tuple(sorted({len(w) for w in single})),
    )


def matches_cue(
    word: str,
    words: set[str] | frozenset[str],
    compound: bool = False,
    compound_min: int = 3,
    rivals: frozenset[str] = frozenset(),
) -> bool:
    """``word`` is one of the cue ``words`` in some case form (партията, unije, Kanzleramt).

    ``compound`` also accepts a cue of ``compound_min`` letters or more at the end of a longer
    word, for languages that write compounds as one word. A word that is one of the
    ``rivals`` in some case form is a cue only as written: сенатор is no case form of сенат.
    """
    low = word.casefold()
    table = _cue_table(frozenset(words))
    if low in table.single:
        return True
    if rivals and matches_cue(low, rivals):
        return False
    # a stem begins the word, and at most a case ending follows it
    shortest = len(low) - settings.ENTITY_CUE_ENDING_MAX
    for size in table.stem_lengths:
        if shortest <= size <= len(low) and low[:size] in table.stems:
            return True
    if compound:
        # a cue ends the word, after at least three letters of another
        return any(
            compound_min <= size < len(low) - 2 and low[len(low) - size :] in table.single
            for size in table.single_lengths
        )
    return False


def place_shaped(word: str, gazetteer: Gazetteer) -> bool:
    """Ends like a place name (-ija, -stan, -burg, -ово, -ск), in any language."""
    low = word.casefold()
    return any(
        low.endswith(s) and len(low) - len(s) >= settings.ENTITY_CUE_STEM_MIN
        for s in gazetteer.place_suffixes
    )


def _without_accents(word: str) -> str:
    """A Latin word without its accents (María: maria), for lists that spell a name plainly;
    other scripts as they are (й is no и)."""
    if not all(ch < "\u0250" for ch in word):
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def first_name(word: str, gazetteer: Gazetteer, cues: LanguageCues) -> bool:
    """A given name, also in a case form (Joem, Джозефа, Borisa)."""
    low = word.casefold()
    if low in gazetteer.first_names or _without_accents(low) in gazetteer.first_names:
        return True
    if word[:1].isupper() and russian_given_name(word):
        # the Russian dictionary's given names serve the other Cyrillic languages too, unless
        # the word is also a common word there (Ukrainian Коли "when", Але "but")
        language = cues.language
        common = is_known(low, language) and lemmatize(low, language)[:1].islower()
        return language == "ru" or not common
    for ending in cues.case_endings:
        if low.endswith(ending) and len(low) - len(ending) >= settings.ENTITY_CUE_STEM_MIN:
            stem = low[: len(low) - len(ending)]
            if stem in gazetteer.first_names or stem + "a" in gazetteer.first_names:
                return True
    return False


def adjective_shaped(word: str, language: str, cues: LanguageCues) -> bool:
    """A capitalised adjective (Pákistánská, Российского): a dictionary or its ending says so."""
    kind = morph_type(word, language)
    if kind is not None:
        return kind == "ADJ"
    low = word.casefold()
    if not any(low.endswith(e) for e in cues.adjective_endings):
        return False
    return is_known(low, language) and lemmatize(low, language)[:1].islower()
