"""Read inputs (a file, a folder, stdin) into RawDocuments.

Every input either becomes documents or one InputError naming it; a bad file
never stops the others.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from newsweave import settings
from newsweave.ingest.repair import repair_encoding
from newsweave.model import RawDocument

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
# A folder of articles often carries its own README or notes in Markdown: read .md files only when
# named one by one, never when a folder is expanded.
FOLDER_SUFFIXES = KNOWN_SUFFIXES - {".md"}
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class InputError:
    """An input that could not be read, and why, in words a user can act on."""

    source: str
    message: str


class BadInput(ValueError):
    """Raised inside the reader; turned into an InputError naming the input."""


def input_files(paths: Iterable[str | Path]) -> list[str]:
    """The inputs named by files and folders, folders expanded in a stable order.

    '-' stands for stdin; a path that does not exist is kept so reading it
    reports the error by name.
    """
    files: list[str] = []
    for path in paths:
        if str(path) != "-" and Path(path).is_dir():
            files.extend(
                str(file)
                for file in sorted(Path(path).rglob("*"))
                if file.is_file()
                and _suffix(file) in FOLDER_SUFFIXES
                and not any(part.startswith(".") for part in file.relative_to(Path(path)).parts)
            )
        else:
            files.append(str(path))
    return files


def read_input(name: str) -> Iterator[RawDocument | InputError]:
    """Documents of one input: a file path, or '-' for stdin."""
    if name == "-":
        data = _stdin_bytes()
        if len(data) > settings.MAX_INPUT_BYTES:
            limit = settings.MAX_INPUT_BYTES
            yield InputError("<stdin>", f"input is over the {limit:,}-byte limit")
            return
        yield from read_stream(data, "<stdin>")
    elif not Path(name).exists():
        yield InputError(name, "no such file or folder")
    else:
        yield from read_file(Path(name))


def read_inputs(paths: Iterable[str | Path]) -> Iterator[RawDocument | InputError]:
    """Yield documents from files and folders ('-' is stdin), in a stable order."""
    for name in input_files(paths):
        yield from read_input(name)


def read_file(path: Path) -> Iterator[RawDocument | InputError]:
    """Read one file; a failure yields one InputError naming it."""
    try:
        size = path.stat().st_size
        if size > settings.MAX_INPUT_BYTES:
            raise BadInput(f"file is {size:,} bytes, over the {settings.MAX_INPUT_BYTES:,} limit")
        with path.open("rb") as handle:
            data = handle.read(settings.MAX_INPUT_BYTES + 1)
        if len(data) > settings.MAX_INPUT_BYTES:  # it grew after stat()
            raise BadInput(f"file is over the {settings.MAX_INPUT_BYTES:,}-byte limit")
    except BadInput as error:
        yield InputError(str(path), str(error))
        return
    except OSError as error:
        yield InputError(str(path), f"cannot read: {error.strerror or error}")
        return
    yield from read_bytes(data, str(path), _suffix(path))


def read_stream(data: bytes, source: str) -> Iterator[RawDocument | InputError]:
    """Read bytes whose format must be sniffed (stdin, a fetched feed item)."""
    yield from read_bytes(data, source, "")


def read_bytes(data: bytes, source: str, suffix: str) -> Iterator[RawDocument | InputError]:
    """Decode and parse one input's bytes by its suffix, or by sniffing when unknown."""
    try:
        data = _inflate(data)
        text = decode_bytes(data)
        if not text.strip():
            raise BadInput("empty input")
        kind = suffix or _sniff(text)
        if kind in JSON_SUFFIXES:
            # repaired field by field: a JSON escape (\u00c3) can spell mojibake too
            yield from _json_documents(text, source)
            return
        text, repaired = repair_encoding(text)
        if kind in HTML_SUFFIXES:
            yield RawDocument(source=source, html=text, repaired_encoding=repaired)
        else:
            yield RawDocument(source=source, text=text, repaired_encoding=repaired)
    except BadInput as error:
        yield InputError(source, str(error))


def decode_bytes(data: bytes) -> str:
    """Bytes to text: UTF-8 when valid, else the charset-normalizer guess; binary is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if _looks_binary(data):
            raise BadInput("binary data, not text") from None
        best = from_bytes(data[: settings.MAX_INPUT_BYTES]).best()
        if best is None:
            raise BadInput("unknown text encoding") from None
        text = str(best)
    if "\x00" in text[:4096]:
        raise BadInput("binary data, not text")
    return text


def _json_documents(text: str, source: str) -> Iterator[RawDocument | InputError]:
    """A JSON array, one JSON object, or JSON Lines; each bad record is its own error."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as error:
            yield InputError(source, f"malformed JSON: {error.msg} at line {error.lineno}")
            return
        except RecursionError:
            yield InputError(source, "malformed JSON: nested too deeply")
            return
        numbered = [(f"{source}#{i + 1}", record) for i, record in enumerate(records)]
    else:
        numbered = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                numbered.append((f"{source}#{number}", json.loads(line)))
            except json.JSONDecodeError as error:
                yield InputError(f"{source}#{number}", f"malformed JSON: {error.msg}")
            except RecursionError:
                yield InputError(f"{source}#{number}", "malformed JSON: nested too deeply")
    if not numbered and stripped.startswith("["):
        yield InputError(source, "no records: the JSON array is empty")
    for record_source, record in numbered:
        try:
            yield record_document(record, record_source)
        except BadInput as error:
            yield InputError(record_source, str(error))


def record_document(record: object, source: str) -> RawDocument:
    """One `{url, title, text|html, published, source}` record to a RawDocument."""
    if not isinstance(record, dict):
        raise BadInput(f"a record must be a JSON object, got {type(record).__name__}")
    fields = {}
    repaired = False
    for name in ("url", "title", "text", "html", "published", "source", "site"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise BadInput(f"field '{name}' must be a string, got {type(value).__name__}")
        # JSON escapes can spell lone surrogates ("\\ud800"), which no later stage can encode
        if value and name in ("title", "text", "html", "site", "source"):
            value, changed = repair_encoding(value)
            repaired = repaired or changed
        fields[name] = LONE_SURROGATE.sub("\ufffd", value) if value else value
    if not (fields["text"] or "").strip() and not (fields["html"] or "").strip():
        raise BadInput("record has neither 'text' nor 'html'")
    return RawDocument(
        source=source,  # where it was read; the URL is kept apart
        text=fields["text"] if fields["text"] else None,
        html=None if fields["text"] else fields["html"],
        url=fields["url"],
        title=fields["title"],
        published=fields["published"],
        site=fields["site"] or fields["source"],
        repaired_encoding=repaired,
    )


def _inflate(data: bytes) -> bytes:
    """Gunzip when gzipped, stopping at the size cap so a gzip bomb cannot fill memory."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, settings.MAX_DECOMPRESSED_BYTES + 1)
    except zlib.error as error:
        raise BadInput(f"corrupt gzip data: {error}") from None
    if len(out) > settings.MAX_DECOMPRESSED_BYTES or inflater.unconsumed_tail:
        raise BadInput(
            f"gzip inflates past the {settings.MAX_DECOMPRESSED_BYTES:,}-byte limit (a gzip bomb?)"
        )
    # the page inside is held to the same cap as an uncompressed file
    if len(out) > settings.MAX_INPUT_BYTES:
        raise BadInput(
            f"inflates to {len(out):,} bytes, over the {settings.MAX_INPUT_BYTES:,} limit"
        )
    return out


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return controls > len(sample) * 0.05


def _sniff(text: str) -> str:
    head = text.lstrip()[:512].lower()
    if head.startswith(("{", "[")):
        return ".jsonl"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head or "<div" in head:
        return ".html"
    return ".txt"


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _stdin_bytes() -> bytes:
    import sys

    stream: BinaryIO = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else io.BytesIO()
    return stream.read(settings.MAX_INPUT_BYTES + 1)
