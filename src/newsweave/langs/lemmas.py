"""One shared dictionary lemmatizer (simplemma) for every stage that needs base forms.

simplemma ships each language's dictionary as one compressed, front-coded stream. Decoding a
stream into a Python dict takes seconds per language and hundreds of megabytes (Polish: 3.7
million forms), and a mixed stream of news needs a dozen languages in every process. Instead
each stream stays as bytes and is read in place through an index of restart points, one per
block of records, which lookups bisect. Building that index is one pass over the stream; the
index is saved in the user's cache folder, so later processes load a language in a fraction of
a second. One lemmatizer with room for every language we detect serves all stages.

The index is kept small: a block's first key is also the key its decoding resumes from (a
front-coded record only borrows the prefix it shares with the key before it, and that prefix
is in its own key), and the values a block may repeat from the one before are packed in one
bytes object. simplemma's own StreamMap keeps four objects more per block: its index of Polish
takes 21 MB beside the 18 MB of stream, this one 9 MB (all languages of bench/throughput.py:
peak 1306 -> 1258 MB, articles/s unchanged).
"""

from __future__ import annotations

import marshal
import os
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import simplemma
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries import frontcode
from simplemma.strategies.dictionaries.dictionary_factory import (
    SUPPORTED_LANGUAGES,
    CachingDictionaryFactory,
    DecodedStrMapping,
    _read_decompressed,
)
from simplemma.strategies.dictionaries.stream_dictionary_factory import _BLOCK_SIZE
from simplemma.utils import normalize_token

from newsweave import settings
from newsweave.cache import cache_root
from newsweave.limits import outside_time_limit


class IndexedStreamFactory(CachingDictionaryFactory):
    """simplemma dictionaries read in place, their block index kept on disk between runs."""

    __slots__ = ()

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        # Loading is paid once per process, whatever document first needs the language.
        with outside_time_limit():
            return indexed_stream(lang)


INDEX_FORMAT = 2  # bumped when the saved index changes shape: an older one is rebuilt
_OFFSET_TYPE = "Q"  # array type of offsets into a stream (8 bytes: a dictionary may pass 4 GB)


class IndexedStream(DecodedStrMapping):
    """A language's front-coded stream (bytes) and a compact index of its blocks of records."""

    __slots__ = ("_data", "_reverse", "_count", "_firsts", "_offsets", "_seeds", "_seed_ends")

    def __init__(
        self,
        data: bytes,
        reverse: bool,
        count: int,
        firsts: list[bytes],
        offsets: array[int],
        seeds: bytes,
        seed_ends: array[int],
    ) -> None:
        blocks = -(-count // _BLOCK_SIZE)
        if not len(firsts) == len(offsets) == len(seed_ends) == blocks:
            raise ValueError("index does not fit the stream")
        self._data, self._reverse, self._count = data, reverse, count
        self._firsts = firsts  # each block's first key as stored (for bisect, and its seed)
        self._offsets = offsets  # where each block's first record starts in the stream
        # the value of the record before each block, end to end: a record may repeat it
        self._seeds, self._seed_ends = seeds, seed_ends

    @classmethod
    def build(cls, data: bytes) -> IndexedStream:
        """One pass over the stream (raises ValueError on a stream that is not whole)."""
        reverse, count, position = frontcode._read_header(data)
        firsts: list[bytes] = []
        offsets, seed_ends = array(_OFFSET_TYPE), array(_OFFSET_TYPE)
        seeds: list[bytes] = []
        seeds_length = 0
        previous_value = b""
        index = -1
        for index, (start, key, value) in enumerate(frontcode._iter_records(data, position)):
            if index % _BLOCK_SIZE == 0:
                firsts.append(key)
                offsets.append(start)
                seeds.append(previous_value)
                seeds_length += len(previous_value)
                seed_ends.append(seeds_length)
            previous_value = value
        if index + 1 != count:
            raise ValueError(frontcode._CORRUPT_STREAM_MSG)
        return cls(data, reverse, count, firsts, offsets, b"".join(seeds), seed_ends)

    def saved_index(self) -> bytes:
        offsets, seed_ends = self._offsets.tobytes(), self._seed_ends.tobytes()
        fields = (self._reverse, self._count, self._firsts, offsets, self._seeds, seed_ends)
        return marshal.dumps((INDEX_FORMAT, _OFFSET_TYPE, *fields))

    @classmethod
    def from_saved_index(cls, data: bytes, saved: bytes) -> IndexedStream:
        """Raises ValueError (or EOFError, TypeError) on an index of another shape or stream."""
        tag, typecode, reverse, count, firsts, offsets, seeds, seed_ends = marshal.loads(saved)
        if (tag, typecode) != (INDEX_FORMAT, _OFFSET_TYPE):
            raise ValueError(f"index format {tag}/{typecode}, not {INDEX_FORMAT}/{_OFFSET_TYPE}")
        packed = (array(typecode, offsets), seeds, array(typecode, seed_ends))
        return cls(data, reverse, count, firsts, *packed)

    def _lookup(self, key: str) -> str | None:
        target = key.encode()
        if self._reverse:
            target = target[::-1]
        block = bisect_right(self._firsts, target) - 1
        if block < 0:
            return None
        # The block's first key seeds the decoding: its first record shares no more with the
        # key before it than with itself.
        seed_start = self._seed_ends[block - 1] if block else 0
        seed_value = self._seeds[seed_start : self._seed_ends[block]]
        records = frontcode._iter_records(
            self._data, self._offsets[block], self._firsts[block], seed_value
        )
        for _, stored_key, stored_value in records:
            if stored_key == target:
                return (stored_value[::-1] if self._reverse else stored_value).decode()
            if stored_key > target:  # keys are sorted: the target is not in the stream
                return None
        return None

    def __iter__(self) -> Iterator[str]:
        _, _, position = frontcode._read_header(self._data)
        for _, stored_key, _ in frontcode._iter_records(self._data, position):
            yield (stored_key[::-1] if self._reverse else stored_key).decode()

    def __len__(self) -> int:
        return self._count


def indexed_stream(lang: str) -> IndexedStream:
    """The language's stream with its block index, from the cache when one was saved."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"simplemma has no dictionary for {lang!r}")
    data = _read_decompressed(lang)
    path = _index_path(lang)
    try:
        return IndexedStream.from_saved_index(data, path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # absent, unreadable or stale: rebuild
        pass
    stream = IndexedStream.build(data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(stream.saved_index())
        partial.replace(path)  # atomic: a process reading alongside sees all or nothing
    except OSError:
        pass  # a read-only home only costs the next process the same pass again
    return stream


def _index_path(lang: str) -> Path:
    """Per simplemma version and per language, under NEWSWEAVE_CACHE or the XDG cache folder."""
    # the format in the name: processes of an older newsweave keep their own files
    return cache_root() / f"simplemma-{simplemma.__version__}" / f"{lang}.v{INDEX_FORMAT}.index"


_DICTIONARIES = IndexedStreamFactory(cache_max_size=len(settings.DETECTED_LANGUAGES))
_LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_DICTIONARIES))
_LOOKUP = DictionaryLookupStrategy(_DICTIONARIES)


def load_dictionaries(languages: Iterable[str]) -> list[str]:
    """Load now the dictionaries of these languages that simplemma has (the others have none).

    A long-running process that will meet them (the server, matching quotations) pays at start,
    once, rather than in the middle of a reader's request."""
    loaded = sorted({lang for lang in languages if lang in SUPPORTED_LANGUAGES})
    for lang in loaded:
        _DICTIONARIES.get_dictionary(lang)
    return loaded


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
