"""One shared dictionary lemmatizer (simplemma) for every stage that needs base forms.

simplemma ships each language's dictionary as one compressed, front-coded stream. Decoding a
stream into a Python dict takes seconds per language and hundreds of megabytes (Polish: 3.7
million forms), and a mixed stream of news needs a dozen languages in every process. Instead
each stream stays as bytes and is read in place through an index of restart points, one per
block of records, which lookups bisect. Building that index is one pass over the stream; the
index is saved in the user's cache folder, so later processes load a language in a fraction of
a second. One lemmatizer with room for every language we detect serves all stages.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import simplemma
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    SUPPORTED_LANGUAGES,
    CachingDictionaryFactory,
    _read_decompressed,
)
from simplemma.strategies.dictionaries.stream_dictionary_factory import _BLOCK_SIZE, StreamMap
from simplemma.utils import normalize_token

from newsweave import settings
from newsweave.limits import outside_time_limit


class IndexedStreamFactory(CachingDictionaryFactory):
    """simplemma dictionaries read in place, their block index kept on disk between runs."""

    __slots__ = ()

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        # Loading is paid once per process, whatever document first needs the language.
        with outside_time_limit():
            return indexed_stream(lang)


def indexed_stream(lang: str) -> StreamMap:
    """The language's stream with its block index, from the cache when one was saved."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"simplemma has no dictionary for {lang!r}")
    path = _index_path(lang)
    try:
        return _from_index(lang, path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # absent, unreadable or stale: rebuild
        pass
    stream = StreamMap(lang)  # raises ValueError for a language simplemma has no data for
    index = (stream._rev, stream._count, stream._pos, stream._firsts, stream._blocks)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(index))
        partial.replace(path)  # atomic: a process reading alongside sees all or nothing
    except OSError:
        pass  # a read-only home only costs the next process the same pass again
    return stream


def _from_index(lang: str, saved: bytes) -> StreamMap:
    reverse, count, position, firsts, blocks = marshal.loads(saved)
    if len(firsts) != len(blocks) or len(firsts) != -(-count // _BLOCK_SIZE):
        raise ValueError("index does not fit the stream")
    stream = StreamMap.__new__(StreamMap)
    stream._data = _read_decompressed(lang)
    stream._rev, stream._count, stream._pos = reverse, count, position
    stream._firsts, stream._blocks = firsts, blocks
    return stream


def _index_path(lang: str) -> Path:
    """Per simplemma version and per language, under NEWSWEAVE_CACHE or the XDG cache folder."""
    root = os.environ.get("NEWSWEAVE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsweave"
    )
    return Path(root) / f"simplemma-{simplemma.__version__}" / f"{lang}.index"


_DICTIONARIES = IndexedStreamFactory(cache_max_size=len(settings.DETECTED_LANGUAGES))
_LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_DICTIONARIES))
_LOOKUP = DictionaryLookupStrategy(_DICTIONARIES)


@lru_cache(maxsize=settings.LEMMA_CACHE_WORDS)
def lemmatize(word: str, language: str) -> str:
    """The dictionary base form of a word; the word itself when the language has no dictionary."""
    try:
        return _LEMMATIZER.lemmatize(word, language)
    except (ValueError, KeyError):  # a language simplemma has no data for
        return word


@lru_cache(maxsize=settings.LEMMA_CACHE_WORDS)
def is_known(word: str, language: str) -> bool:
    """Whether the language's dictionary lists the word (as a form or a lemma)."""
    try:
        return _LOOKUP.get_lemma(normalize_token(word), language) is not None
    except (ValueError, KeyError):
        return False
