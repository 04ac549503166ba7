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
from functools import lru_cache
from importlib import resources
from itertools import product

from anyascii import anyascii

from newsweave import settings

SKELETON_MARK = "~"

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NON_LETTER = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=1)
def _tables() -> dict:
    with resources.files("newsweave.data").joinpath("translit.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def strip_diacritics(text: str) -> str:
    """Remove combining marks; also the few Latin letters NFKD does not split (ł, ø, đ, ß)."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    text = text.replace("đ", "d").replace("Đ", "D").replace("ß", "ss").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def plain_key(latin: str) -> str:
    """Casefold, drop diacritics and punctuation, collapse doubled letters."""
    text = strip_diacritics(latin.casefold())
    text = _NON_LETTER.sub(" ", text).strip()
    return _DOUBLE.sub(r"\1", text)


def skeleton_key(latin: str) -> str:
    """A coarse phonetic form where common spelling traditions of one sound coincide."""
    text = plain_key(latin)
    for old, new in _tables()["skeleton"]:
        text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", text)
    return SKELETON_MARK + text if text else ""


def cyrillic_renderings(name: str, language: str = "") -> list[str]:
    """The name romanised under each scheme suited to its language (all schemes if unknown)."""
    tables = _tables()
    schemes = tables["cyrillic_language_schemes"]
    names = schemes.get(language) or schemes[""]
    base = tables["cyrillic"]["base"]
    out = []
    for scheme in names:
        table = {**base, **tables["cyrillic"][scheme]}
        chars = []
        for ch in name:
            low = ch.lower()
            latin = table.get(low)
            if latin is None:
                chars.append(ch)
            else:
                chars.append(latin.capitalize() if ch != low else latin)
        out.append("".join(chars))
    return out


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
    return [name, anyascii(name)]


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
            keys.add(skeleton_key(rendering))
    keys.discard("")
    return keys


@lru_cache(maxsize=200_000)
def surface_key(text: str) -> str:
    """The script-preserving lookup form of a surface: casefolded, no diacritics, single spaces.

    Where ``text`` holds no Han ideograph (`keys_as_written`), each letter is folded on its
    own, so the key of "A B" begins with the key of "A" (when "A" has one)."""
    folded = strip_diacritics(text.casefold()) if not keys_as_written(text) else text
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def surface_key_start(text: str, length: int) -> str:
    """``surface_key(text)[:length]``, from the key of the text's first ``length`` characters
    where that is long enough (the key of a text begins with the key of its beginning): the
    beginnings of words recur far more than the words, so their keys are mostly remembered."""
    if not keys_as_written(text):
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


def _token_stem(token: str) -> str:
    cut = _INFLECTION_TAIL.sub("", token)
    return cut if len(cut) >= settings.ENTITY_STEM_MIN else token


@lru_cache(maxsize=100_000)
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
