"""One shared dictionary lemmatizer (simplemma) for every stage that needs base forms.

simplemma ships each language's dictionary as one compressed, front-coded stream. Decoding a
stream into a Python dict takes seconds per language and hundreds of megabytes (Polish: 3.7
million forms), and a mixed stream of news needs a dozen languages in every process. Instead
each stream is decompressed once into the user's cache folder and read from there in place,
a block of records per lookup, through an index of the blocks' restart points, which lookups
bisect. Building that index is one pass over the stream; it is saved beside the stream, so
later processes load a language in a few milliseconds, and the streams' pages stay in the
kernel's page cache, shared by every process. One lemmatizer with room for every language we
detect serves all stages.

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
from newsweave.cache import cache_root, save
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


class StreamFile:
    """A saved stream, read a block at a time: its bytes stay in the kernel's page cache,
    which every process on the machine shares, rather than in each process's own memory (a
    mapping would count them there too, and the kernel maps 64 KB around each page touched)."""

    __slots__ = ("_file", "size")

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb", buffering=0)  # closed with the object
        self.size = os.fstat(self._file.fileno()).st_size

    def read(self, start: int, end: int) -> bytes:
        return os.pread(self._file.fileno(), end - start, start)


Stream = bytes | StreamFile


def _read(data: Stream, start: int = 0, end: int | None = None) -> bytes:
    if isinstance(data, bytes):
        return data[start:end]
    return data.read(start, data.size if end is None else end)


class IndexedStream(DecodedStrMapping):
    """A language's front-coded stream and a compact index of its blocks of records."""

    __slots__ = ("_data", "_reverse", "_count", "_firsts", "_offsets", "_seeds", "_seed_ends")

    def __init__(
        self,
        data: Stream,
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
    def build(cls, data: Stream) -> IndexedStream:
        """One pass over the stream (raises ValueError on a stream that is not whole)."""
        whole = _read(data)
        reverse, count, position = frontcode._read_header(whole)
        firsts: list[bytes] = []
        offsets, seed_ends = array(_OFFSET_TYPE), array(_OFFSET_TYPE)
        seeds: list[bytes] = []
        seeds_length = 0
        previous_value = b""
        index = -1
        for index, (start, key, value) in enumerate(frontcode._iter_records(whole, position)):
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
    def from_saved_index(cls, data: Stream, saved: bytes) -> IndexedStream:
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
        start = self._offsets[block]
        end = self._offsets[block + 1] if block + 1 < len(self._offsets) else None
        value = _value_in_block(
            _read(self._data, start, end), self._firsts[block], seed_value, target
        )
        if value is None:
            return None
        return (value[::-1] if self._reverse else value).decode()

    def __iter__(self) -> Iterator[str]:
        whole = _read(self._data)
        _, _, position = frontcode._read_header(whole)
        for _, stored_key, _ in frontcode._iter_records(whole, position):
            yield (stored_key[::-1] if self._reverse else stored_key).decode()

    def __len__(self) -> int:
        return self._count


def _value_in_block(block: bytes, first_key: bytes, seed: bytes, target: bytes) -> bytes | None:
    """The stored value of ``target`` in a block of front-coded records (frontcode's format),
    None where the block does not hold it.

    What frontcode._iter_records yields, read here without its generator and without making
    the value of each record passed: only the found record's value is made, from the last
    record that spelled one out (a record may repeat the value before it)."""
    size = len(block)
    pos = 0
    previous_key = first_key
    spelled: tuple[bytes, int, int, int] | None = None  # key, trim, start, end of a value
    try:
        while pos < size:
            shared = block[pos]
            if shared < 0x80:
                pos += 1
            else:
                shared, pos = frontcode._read_varint(block, pos)
            length = block[pos]
            if length < 0x80:
                pos += 1
            else:
                length, pos = frontcode._read_varint(block, pos)
            end = pos + length
            if end > size:
                raise ValueError(frontcode._CORRUPT_STREAM_MSG)
            key = previous_key[:shared] + block[pos:end]
            trim = block[end]
            pos = end + 1
            if trim != frontcode._SAME_AS_PREV:
                length = block[pos]
                if length < 0x80:
                    pos += 1
                else:
                    length, pos = frontcode._read_varint(block, pos)
                end = pos + length
                if end > size:
                    raise ValueError(frontcode._CORRUPT_STREAM_MSG)
                spelled = (key, trim, pos, end)
                pos = end
            if key == target:
                return seed if spelled is None else _spelled_value(block, *spelled)
            if key > target:  # keys are sorted: the target is not in the stream
                return None
            previous_key = key
    except IndexError:  # a truncated varint or trim byte
        raise ValueError(frontcode._CORRUPT_STREAM_MSG) from None
    return None


def _spelled_value(block: bytes, key: bytes, trim: int, start: int, end: int) -> bytes:
    if trim == frontcode._LITERAL_VALUE:
        return block[start:end]
    return key[: len(key) - trim] + block[start:end]


def indexed_stream(lang: str) -> IndexedStream:
    """The language's stream with its block index, both from the cache when they were saved."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"simplemma has no dictionary for {lang!r}")
    data = _stream(lang)
    try:
        return IndexedStream.from_saved_index(data, _index_path(lang).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # absent, unreadable or stale: rebuild
        pass
    try:
        stream = IndexedStream.build(data)
    except ValueError:  # the saved stream is damaged: decode the shipped one again
        data = _stream(lang, fresh=True)
        stream = IndexedStream.build(data)
    save(_index_path(lang), stream.saved_index())
    return stream


def _stream(lang: str, fresh: bool = False) -> Stream:
    """The language's decompressed stream, saved in the cache folder and read from there a
    block per lookup: the streams of the 14 languages of a news archive are 91 MB, which each
    process held before. Where the cache cannot be written, the bytes themselves."""
    path = _index_path(lang).with_suffix(".stream")
    if not fresh:
        try:
            return StreamFile(path)
        except OSError:  # absent: decompress and save it
            pass
    data = _read_decompressed(lang)
    if save(path, data):
        try:
            return StreamFile(path)
        except OSError:
            pass
    return data


def _index_path(lang: str) -> Path:
    """Per simplemma version and per language, under NEWSWEAVE_CACHE or the XDG cache folder."""
    # the format in the name: processes of an older newsweave keep their own files
    return cache_root() / f"simplemma-{simplemma.__version__}" / f"{lang}.v{INDEX_FORMAT}.index"


_DICTIONARIES = IndexedStreamFactory(cache_max_size=len(settings.DETECTED_LANGUAGES))
_LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_DICTIONARIES))
_LOOKUP = DictionaryLookupStrategy(_DICTIONARIES)


# simplemma files Croatian, Bosnian and Serbian (Latin script) as one dictionary
SHARED_DICTIONARIES = {"hr": "hbs", "bs": "hbs", "sr": "hbs"}


def dictionary_language(language: str) -> str | None:
    """The code simplemma knows the language's dictionary by; None where it has none."""
    code = SHARED_DICTIONARIES.get(language, language)
    return code if code in SUPPORTED_LANGUAGES else None


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
