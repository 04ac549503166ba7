"""Base forms of names: Путина → Путин, Сергеем Шойгу → Сергей Шойгу, Putinem → Putin.

Russian and Ukrainian go through pymorphy3, preferring name, surname and place readings;
other languages through simplemma. Either way a case ending is stripped when the shorter
form is attested elsewhere (in the same text or among known names), which catches
surnames no dictionary knows (Шольцем → Шольц when Шольц is seen).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from newsweave import settings
from newsweave.langs.lemmas import lemmatize

_NAME_TAGS = ("Surn", "Name", "Patr", "Geox", "Orgn", "Abbr")
_PYMORPHY_LANGUAGES = ("ru", "uk")


@lru_cache(maxsize=2)
def _morph(language: str):  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


def _match_case(lemma: str, surface: str) -> str:
    if surface.isupper() and len(surface) > 1:
        return lemma.upper()
    if surface[:1].isupper():
        return lemma[:1].upper() + lemma[1:]
    return lemma


def _in_dictionary(parse) -> bool:  # type: ignore[no-untyped-def]
    return any(type(step[0]).__name__ == "DictionaryAnalyzer" for step in parse.methods_stack)


def _known_reading(parse) -> bool:  # type: ignore[no-untyped-def]
    """A reading the dictionary holds for the whole word, not for its tail behind a prefix it
    does not know."""
    return _in_dictionary(parse) and not _behind_unknown_prefix(parse)


@lru_cache(maxsize=settings.ENTITY_READINGS_CACHE_WORDS)
def _readings(word: str, language: str) -> tuple:
    """pymorphy3's readings of a word. The base form, the name type and the given-name test
    each ask for the same word, mostly in the same article: a third of the parses were
    repeats."""
    return tuple(_morph(language).parse(word))


@lru_cache(maxsize=65536)
def _pymorphy_lemma(word: str, language: str) -> str | None:
    """Nominative singular (or plural for plural-only names) keeping gender; None if unsure."""
    parses = _readings(word, language)
    if not parses:
        return None
    named = [p for p in parses if p.tag.grammemes & set(_NAME_TAGS) and _in_dictionary(p)]
    # a name is no verb: a verb reading of one is the dictionary's guess behind a prefix it
    # does not know (Брутер read as бр + утереть, Эймсбери as эймс + берущий)
    verbless = [p for p in parses if p.tag.POS not in ("VERB", "INFN", "PRTF", "PRTS", "GRND")]
    best = (named or verbless or parses)[0]
    if not _in_dictionary(best):
        # Guessed readings of foreign surnames invent stems (Шольцем → шолец): only accept
        # a guess that keeps the surface as its prefix.
        lemma = best.normal_form
        return lemma if word.lower().startswith(lemma) else None
    if "nomn" in best.tag and "Fixd" not in best.tag:
        return word
    inflected = best.inflect({"nomn"})
    return inflected.word if inflected is not None else best.normal_form


def lemmatize_token(
    word: str,
    language: str,
    case_endings: Sequence[str],
    attested: Callable[[str], bool],
    inflects: bool,
    seen: Callable[[str], bool] | None = None,
    loose: bool = False,
    given_name: Callable[[str], bool] | None = None,
) -> str:
    """The base form of one token of a name.

    ``loose`` accepts a dictionary lemma even where it is a common word (Wielkiej → wielki):
    right for looking a name up, wrong for naming a person.

    ``seen`` says whether a stem occurs in the same text (strong evidence, tried first);
    ``attested`` also accepts stems of known names (weaker: tried after the dictionaries), but
    not in a word that ``given_name`` knows as it stands (Hans is no genitive of Han).
    """
    if not inflects or word.isupper() or not word[:1].isalpha():
        return _strip_attested(word, case_endings, attested) if case_endings else word
    if seen is not None:
        stem = _strip_attested(word, case_endings, seen)
        if stem != word:
            return stem
    lemma: str | None
    if language in _PYMORPHY_LANGUAGES:
        lemma = _pymorphy_lemma(word, language)
    else:
        lemma = _simplemma_lemma(word, language)
        # simplemma lower-cases common words; a name must stay a name
        if (
            not loose
            and lemma[:1].islower()
            and word[:1].isupper()
            and lemma.lower() != word.lower()
        ):
            lemma = None
    if lemma and lemma.lower() != word.lower():
        return _match_case(lemma, word)
    if given_name is not None and given_name(word):
        return word
    return _strip_attested(word, case_endings, attested)


def _simplemma_lemma(word: str, language: str) -> str:
    return lemmatize(word, language)


def _strip_attested(word: str, endings: Sequence[str], attested: Callable[[str], bool]) -> str:
    stems = _stems_before_endings(word, tuple(endings))
    for stem in stems:
        if attested(stem):
            return stem
    for stem in stems:
        restored = fleeting_vowel_stem(stem)
        if restored and attested(restored):
            return restored
    return word


# y is left out: foreign names spell a consonant with it (Leyen: Leyn-ova)
_VOWELS = set("aeiouáéíóúýěåäöüàèìòùâêîôû" "аеёиоуыэюяіїєъь")


def fleeting_vowel_stem(stem: str) -> str | None:
    """The stem with the e put back that Slavic declension drops from a last syllable (Bidn-a:
    Biden, Merkl-ova: Merkel, Павл-а: Павел), where the stem ends in two consonants.

    Only a guess: callers accept it where the restored form is attested."""
    if len(stem) < 3 or not stem[-2:].isalpha() or _VOWELS & set(stem[-2:].lower()):
        return None
    vowel = "е" if "\u0400" <= stem[-1] <= "\u04ff" else "e"
    return stem[:-1] + vowel + stem[-1]


@lru_cache(maxsize=settings.ENTITY_STEM_CACHE)
def _stems_before_endings(word: str, endings: tuple[str, ...]) -> tuple[str, ...]:
    """``word`` cut before each of the case ``endings`` it ends in, in their order, where three
    letters or more stay: a language has dozens of endings, and a word is asked this for
    each of its lemmas and again at each of its occurrences."""
    low = word.lower()
    return tuple(
        word[: len(word) - len(ending)]
        for ending in endings
        if low.endswith(ending) and len(word) - len(ending) >= 3
    )


def lemmatize_name(
    tokens: list[str],
    language: str,
    case_endings: Sequence[str],
    attested: Callable[[str], bool],
    inflects: bool,
    seen: Callable[[str], bool] | None = None,
    loose: bool = False,
) -> str:
    """Base form of a multi-token name, token by token (names agree in case)."""
    return " ".join(
        lemmatize_token(tok, language, case_endings, attested, inflects, seen, loose)
        for tok in tokens
    )


# pymorphy3's Ukrainian dictionary tags no places or organisations (Україна is a plain noun):
# there it can only tell adjectives apart.
_NAME_TAGGED_LANGUAGES = ("ru",)
# Bulgarian has no morphological dictionary here; names are spelled as in Russian more often
# than not (Кузнецов, Пакистан), common words seldom, so only name readings are borrowed.
_NAME_DICTIONARY_STAND_INS = {"bg": "ru"}
_TAG_TYPES = (("Geox", "LOC"), ("Orgn", "ORG"), ("Name", "PER"), ("Surn", "PER"), ("Patr", "PER"))


def _dictionary_parses(word: str, language: str) -> list:
    """The morphological dictionary's readings of a word that it really knows (no guesses
    from the ending); none for a language without a dictionary or a word not starting with
    a letter."""
    if language not in _PYMORPHY_LANGUAGES or not word[:1].isalpha():
        return []
    return [p for p in _readings(word, language) if _in_dictionary(p)]


@lru_cache(maxsize=65536)
def morph_type(word: str, language: str) -> str | None:
    """What a morphological dictionary says a capitalised word is.

    "LOC", "ORG" or "PER" for a proper-name reading (Флорида, Мичиган, Байден); "ADJ" for an
    adjective; "COMMON" for any other dictionary word (Впрочем, Может); None when the language
    has no dictionary or the word is not in it.
    """
    parses = _dictionary_parses(word, language)
    if language not in _NAME_TAGGED_LANGUAGES:
        # a language with no dictionary of its own borrows a kindred one's name readings
        stand_in = _NAME_DICTIONARY_STAND_INS.get(language)
        kind = _name_type_in(word, stand_in) if stand_in else None
        if kind or not parses:
            return kind
        return "ADJ" if parses[0].tag.POS in ("ADJF", "ADJS", "PRTF") else None
    if not parses:
        return None
    for parse in parses:
        for tag, kind in _TAG_TYPES:
            if tag in parse.tag.grammemes:
                return kind
    if all(_behind_unknown_prefix(p) for p in parses):
        # a known word behind letters the dictionary does not know (Байонтек read as
        # "байон" + тёк) is a guess: it may find a name in it (Бай-дена), not a common word
        return None
    return "ADJ" if parses[0].tag.POS in ("ADJF", "ADJS", "PRTF") else "COMMON"


def _behind_unknown_prefix(parse) -> bool:  # type: ignore[no-untyped-def]
    return any(type(step[0]).__name__ == "UnknownPrefixAnalyzer" for step in parse.methods_stack)


def _certain_readings(word: str, language: str) -> list:
    """``language``'s dictionary readings of a Cyrillic word, guesses left out (none for a
    word in another script)."""
    if not all("\u0400" <= c <= "\u04ff" for c in word):
        return []
    return [p for p in _readings(word, language) if _known_reading(p)]


def _name_type_in(word: str, language: str) -> str | None:
    """The proper-name reading (LOC, ORG, PER) that ``language``'s dictionary knows for a
    word spelled alike."""
    for parse in _certain_readings(word, language):
        for tag, kind in _TAG_TYPES:
            if tag in parse.tag.grammemes:
                return kind
    return None


@lru_cache(maxsize=65536)
def russian_given_name(word: str) -> bool:
    """A Cyrillic word the Russian dictionary knows as a given name (Роберто, Камала, Урсула)
    and not as a place or body (Ливан is also a name there)."""
    grammemes = set().union(*(p.tag.grammemes for p in _certain_readings(word, "ru")))
    return "Name" in grammemes and not grammemes & {"Geox", "Orgn"}


@lru_cache(maxsize=65536)
def nominative_given_name(word: str) -> bool:
    """A Russian given name that can only be in the nominative (Алексей, Мария; not Ивана, nor
    the indeclinable Роберто): a name it opens is in the nominative too, whatever the
    dictionary makes of its surname (Пушков read as a plural of пушок)."""
    names = [p.tag for p in _certain_readings(word, "ru") if "Name" in p.tag]
    return bool(names) and all("nomn" in t and "sing" in t and "Fixd" not in t for t in names)


@lru_cache(maxsize=65536)
def genitive_complement(word: str, language: str) -> bool:
    """A noun or adjective in the genitive that may complete an organisation's name
    (Министерство здравоохранения, Міністерство охорони здоров'я); False without a dictionary."""
    # the dictionary spells the apostrophe plainly (здоров'я)
    parses = _dictionary_parses(word.replace("’", "'").replace("ʼ", "'"), language)
    nominal = ("NOUN", "ADJF", "PRTF")
    # a reading as a verb, adverb or preposition first means the name has ended
    if not parses or parses[0].tag.POS not in nominal:
        return False
    return any("gent" in p.tag and p.tag.POS in nominal for p in parses)
