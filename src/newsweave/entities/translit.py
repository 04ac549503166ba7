"""Latin renderings of names so that scripts and spelling traditions meet.

Путин, Putin and Poutine must share a key; so must Си Цзиньпин (Russian Palladius),
Си Дзинпин (Bulgarian), 习近平 and Xi Jinping. A name gets several renderings (one per
romanisation scheme); each is normalised to a *plain* key (casefold, no diacritics, no
doubled letters) and a coarser *phonetic skeleton* key, marked with a leading "~", where
sh/sch/sz/š, j/y/i, w/v, c/k/ts meet (Szojgu, Shoigu, Schoigu, Šojgu → "~soigu").
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from itertools import product

from anyascii import anyascii

from newsweave import settings

SKELETON_MARK = "~"

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NON_LETTER = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1)
def _tables() -> dict:
    with resources.files("newsweave.data").joinpath("translit.json").open(encoding="utf-8") as fh:
        return json.load(fh)


# the few Latin letters NFKD does not split
_UNSPLIT_LETTERS = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ı": "i"}


class _Undiacritic(dict[int, str]):
    """str.translate's table for strip_diacritics, one character's entry made when first met.
    Character by character is the same as the whole text at once: NFKD decomposes each
    character on its own, and its reordering moves only the combining marks that go."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        char = _UNSPLIT_LETTERS.get(char, char)
        stripped = "".join(
            ch for ch in unicodedata.normalize("NFKD", char) if not unicodedata.combining(ch)
        )
        self[code] = stripped
        return stripped


_UNDIACRITIC = _Undiacritic()


def strip_diacritics(text: str) -> str:
    """Remove combining marks; also the few Latin letters NFKD does not split (ł, ø, đ, ß)."""
    return text if text.isascii() else text.translate(_UNDIACRITIC)


def plain_key(latin: str) -> str:
    """Casefold, drop diacritics and punctuation, collapse doubled letters."""
    # Word by word, each remembered (as _skeleton_word): whitespace is one of the non-letters
    # that become a single space, so the words' keys joined are the whole name's key.
    return " ".join(key for key in map(_plain_word, latin.split()) if key)


@lru_cache(maxsize=200_000)
def _plain_word(word: str) -> str:
    text = strip_diacritics(word.casefold())
    text = _NON_LETTER.sub(" ", text).strip()
    return _DOUBLE.sub(r"\1", text)


def skeleton_key(latin: str) -> str:
    """A coarse phonetic form where common spelling traditions of one sound coincide."""
    return _skeleton_of_plain(plain_key(latin))


def _skeleton_of_plain(plain: str) -> str:
    # Word by word, each remembered: no rule of the table spans a space, and the names of an
    # index share their words (the same surname in a hundred variants), so loading a large
    # entity index computes each word's skeleton once.
    text = " ".join(_skeleton_word(word) for word in plain.split(" "))
    return SKELETON_MARK + text if text else ""


@lru_cache(maxsize=200_000)
def _skeleton_word(word: str) -> str:
    for old, new in _tables()["skeleton"]:
        word = word.replace(old, new)
    return _DOUBLE.sub(r"\1", word)


def cyrillic_renderings(name: str, language: str = "") -> list[str]:
    """The name romanised under each scheme suited to its language (all schemes if unknown)."""
    schemes = _tables()["cyrillic_language_schemes"]
    return [name.translate(_cyrillic_translation(s)) for s in schemes.get(language) or schemes[""]]


@cache
def _cyrillic_translation(scheme: str) -> dict[int, str]:
    """The scheme as a str.translate table: each letter whose lower case the scheme spells, a
    capital as the capitalised spelling (one C-level pass per name instead of a Python loop)."""
    table = _cyrillic_table(scheme)
    letters = set(table) | {k.upper() for k in table} | {chr(c) for c in range(0x400, 0x530)}
    translation = {}
    for ch in letters:
        latin = table.get(ch.lower())
        if len(ch) == 1 and latin is not None:
            translation[ord(ch)] = latin.capitalize() if ch != ch.lower() else latin
    return translation


@cache
def _cyrillic_table(scheme: str) -> dict[str, str]:
    """One romanisation scheme: the letters all schemes share, with the scheme's own."""
    cyrillic = _tables()["cyrillic"]
    return {**cyrillic["base"], **cyrillic[scheme]}


@lru_cache(maxsize=1)
def _chinese_syllables() -> dict[str, list[str]]:
    """Cyrillic syllable → pinyin readings, built from the initial and final tables."""
    chinese = _tables()["chinese"]
    syllables: dict[str, set[str]] = {}
    for system in ("russian", "bulgarian"):
        initials = chinese["initials"][system]
        finals = chinese["finals"][system]
        for ini, pin_inis in initials.items():
            if not ini:
                continue
            for fin, pin_fins in finals.items():
                for pi, pf in product(pin_inis, pin_fins):
                    # j/q/x only before i/ü, z/c/s only before the rest: keeps readings few
                    if pi in ("j", "q", "x") and not pf.startswith(("i", "ü")):
                        continue
                    if pi in ("z", "c", "s", "zh", "ch", "sh", "r") and pf.startswith("ü"):
                        continue
                    if pi in ("z", "c", "s") and pf.startswith("i") and pf != "i":
                        continue
                    if pi in ("j", "q", "x"):
                        pf = pf.replace("ü", "u")
                    syllables.setdefault(ini + fin, set()).add(pi + pf)
    for cyr, pin in chinese["zero_initial"].items():
        syllables.setdefault(cyr, set()).add(pin)
    return {k: sorted(v) for k, v in syllables.items()}


def _pinyin_readings(word: str, limit: int) -> list[str]:
    """Split one Cyrillic word into at most two Chinese syllables; each split gives readings.

    Chinese given names are written as one word of one or two syllables (Цзиньпин), so a
    longer word is not a Chinese name and gets no reading.
    """
    table = _chinese_syllables()
    word = word.lower()
    results: list[str] = []
    for cut in range(1, len(word) + 1):
        head, tail = word[:cut], word[cut:]
        if head not in table:
            continue
        tails = [""] if not tail else table.get(tail, [])
        for first, second in product(table[head], tails):
            results.append(first + second)
    return results[:limit]


def chinese_renderings(name: str) -> list[str]:
    """Pinyin readings of a Chinese name written in Cyrillic (Palladius or Bulgarian)."""
    words = name.split()
    if not 1 <= len(words) <= 3 or not all(_CYRILLIC.search(w) for w in words):
        return []
    per_word = []
    for word in words:
        readings = _pinyin_readings(word.replace("-", ""), settings.ENTITY_PINYIN_READINGS)
        if not readings:
            return []
        per_word.append(readings)
    out = []
    for combo in product(*per_word):
        out.append(" ".join(combo).replace("ü", "u"))
        if len(out) >= settings.ENTITY_PINYIN_READINGS:
            break
    return out


def _han_renderings(name: str) -> list[str]:
    """anyascii gives 'XiJinPing'; Chinese names read surname + given name, so split after one."""
    syllables = re.findall(r"[A-Z][a-z]*", anyascii(name))
    if not syllables:
        return []
    joined = "".join(syllables)
    if len(syllables) >= 2:
        return [syllables[0] + " " + "".join(syllables[1:]), joined]
    return [joined]


def latin_renderings(name: str, language: str = "") -> list[str]:
    """Latin-script spellings of a name, unnormalised."""
    if _HAN.search(name):
        return _han_renderings(name)
    if _CYRILLIC.search(name):
        return cyrillic_renderings(name, language) + chinese_renderings(name)
    if name.isascii():
        return [name]
    if _GREEK.search(name):
        return list(dict.fromkeys([name, *greek_renderings(name), anyascii(name)]))
    return [name, anyascii(name)]


_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
# Greek writes b, d and g with two letters (μπ, ντ, γκ): at a word's start always, inside a
# word for the sounds of foreign names (Μπονέτι: Bonetti), else mb, nd, ng (Λάμπρος: Lambros).
_GREEK_STOPS = {"μπ": ("b", "mb"), "ντ": ("d", "nd"), "γκ": ("g", "ng"), "γγ": ("ng", "ng")}
_GREEK_STOP = re.compile("|".join(_GREEK_STOPS), re.IGNORECASE)


def _case_of(model: str, latin: str) -> str:
    return latin.capitalize() if model[:1].isupper() else latin


def greek_renderings(name: str) -> list[str]:
    """A Greek name in Latin letters the standard way (ELOT 743: Μπονέτι → Boneti, Λάμπρος
    → Lambros), and with every μπ, ντ, γκ read as b, d, g and τζ as j or gi, as foreign names
    come into Greek (Αλμπέρτο → Alberto, Τζόρτζια → Giorgia)."""

    def spelt(foreign: bool, tz: str = "tz") -> str:
        def stop(match: re.Match[str]) -> str:
            letters = match.group(0)
            initial, medial = _GREEK_STOPS[letters.casefold()]
            at_start = match.start() == 0 or not name[match.start() - 1].isalpha()
            at_end = match.end() == len(name) or not name[match.end()].isalpha()
            if at_end and not at_start and letters.casefold() == "μπ":
                return anyascii(letters)  # Τραμπ: Tramp (but Ντόναλντ: Donald)
            latin = initial if at_start or foreign else medial
            return latin.upper() if letters.isupper() else _case_of(letters, latin)

        latin = anyascii(_GREEK_STOP.sub(stop, name))
        if not foreign:
            return latin
        return re.sub(
            "tz",
            lambda m: tz.upper() if m.group(0).isupper() else _case_of(m.group(0), tz),
            latin,
            flags=re.IGNORECASE,
        )

    # τζ is an English j (Τζον: John) or an Italian gi (Τζόρτζια: Giorgia)
    return list(dict.fromkeys([spelt(False), spelt(True, "j"), spelt(True, "gi")]))


def display_latin(name: str, language: str = "") -> str:
    """The Latin spelling a new entity is named by: the first rendering, with a Cyrillic word
    that opens with У and a vowel spelt with W, as English names come into Cyrillic
    ("Кристофър Уайли": "Kristofar Wayli", the Wylie of other languages' reports)."""
    if _GREEK.search(name):
        return greek_renderings(name)[0]
    latin = latin_renderings(name, language)[0]
    if not _CYRILLIC.search(name):
        return latin
    initials = _tables().get("cyrillic_english_initials", {})
    words = []
    for word in name.split(" "):
        initial = initials.get(word[:2].casefold())
        if initial is None or len(word) < 3:
            words.append(cyrillic_renderings(word, language)[0] if word else word)
            continue
        initial = initial.capitalize() if word[:1].isupper() else initial
        words.append(initial + cyrillic_renderings(word[2:], language)[0])
    return " ".join(words)


@lru_cache(maxsize=200_000)
def latin_keys_cached(name: str, language: str = "") -> frozenset[str]:
    """``latin_keys`` remembered: the gazetteer asks for the same thousands of names each run."""
    return frozenset(latin_keys(name, language))


def latin_keys(name: str, language: str = "") -> set[str]:
    """Plain and skeleton keys of every Latin rendering of ``name``."""
    keys: set[str] = set()
    for rendering in latin_renderings(name, language):
        plain = plain_key(rendering)
        if plain:
            keys.add(plain)
            keys.add(_skeleton_of_plain(plain))
    keys.discard("")
    return keys


@lru_cache(maxsize=200_000)
def surface_key(text: str) -> str:
    """The script-preserving lookup form of a surface: casefolded, no diacritics, single spaces.

    Where ``text`` holds no Han ideograph (`keys_as_written`), each letter is folded on its
    own, so the key of "A B" begins with the key of "A" (when "A" has one)."""
    # _HAN.search is keys_as_written, inline: every key of every token is made here
    folded = strip_diacritics(text.casefold()) if _HAN.search(text) is None else text
    return " ".join(_NON_WORD.sub(" ", folded).split())


def surface_key_start(text: str, length: int) -> str:
    """``surface_key(text)[:length]``, from the key of the text's first ``length`` characters
    where that is long enough (the key of a text begins with the key of its beginning): the
    beginnings of words recur far more than the words, so their keys are mostly remembered."""
    if _HAN.search(text) is None:  # keys_as_written, inline: asked of every lower-case word
        start = surface_key(text[:length])
        if len(start) >= length:
            return start[:length]
    return surface_key(text)[:length]


def keys_as_written(text: str) -> bool:
    """`surface_key` leaves a text holding Han ideographs unfolded, as written."""
    return bool(_HAN.search(text))


# Case, number and possessive endings left once a name is romanised and skeletonised:
# Trumpa, Trumpem, Trumpovi; Floridy, Флориде; Demokratów, демократы → one stem.
_INFLECTION_TAIL = re.compile(r"(?:[ev]?[oe]v)?[aeiou]*(?:m|g|h)?[aeiou]*$")


# Tokens of skeletons whose stems are remembered, about 200 bytes each (4 MB): a name's
# renderings share most of their tokens and names recur, so six in seven asks are repeats.
_TOKEN_STEM_CACHE = 20_000


@lru_cache(maxsize=_TOKEN_STEM_CACHE)
def _token_stem(token: str) -> str:
    cut = _INFLECTION_TAIL.sub("", token)
    return cut if len(cut) >= settings.ENTITY_STEM_MIN else token


@lru_cache(maxsize=settings.ENTITY_STEM_CACHE)
def stem_keys(name: str, language: str = "", endings: tuple[str, ...] = ()) -> frozenset[str]:
    """Inflection-blind keys: each word romanised, skeletonised and cut before its ending.

    ``endings`` (the language's case endings, longest first) are removed from the script
    form before romanising, for endings no vowel rule sees (Bulgarian article -ът, -та).
    Coarse by design: use only where type and a failed exact match already narrow the choice.
    """
    words = []
    for word in name.split():
        low = word.casefold()
        for ending in endings:
            if low.endswith(ending) and len(low) - len(ending) >= settings.ENTITY_STEM_MIN:
                word = word[: len(word) - len(ending)]
                break
        words.append(word)
    out = set()
    for rendering in latin_renderings(" ".join(words), language):
        skeleton = skeleton_key(rendering)[len(SKELETON_MARK) :]
        if skeleton:
            out.add(" ".join(_token_stem(t) for t in skeleton.split()))
    return frozenset(out)
