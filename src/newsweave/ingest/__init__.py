"""The ingest stage: files, folders, stdin, JSON records and gzip into RawDocuments."""

from newsweave.ingest.read import (
    BadInput,
    InputError,
    decode_bytes,
    input_files,
    read_bytes,
    read_input,
    read_inputs,
    record_document,
)

__all__ = [
    "BadInput",
    "InputError",
    "decode_bytes",
    "input_files",
    "read_bytes",
    "read_input",
    "read_inputs",
    "record_document",
]
