"""Storage behind one interface: `open_store` picks the backend from the address."""

from __future__ import annotations

from pathlib import Path

from newsweave.store.base import Store
from newsweave.store.errors import StorageError
from newsweave.store.sqlite import SQLiteStore


def open_store(address: str | Path) -> Store:
    """A Store for a postgresql:// URL (PostgreSQL), else a file path or ':memory:' (SQLite)."""
    text = str(address)
    if text.startswith(("postgresql://", "postgres://")):
        # imported here: psycopg is an optional extra (newsweave[postgres])
        from newsweave.store.postgres import PostgresStore

        return PostgresStore(text)
    return SQLiteStore(text)


__all__ = ["SQLiteStore", "StorageError", "Store", "open_store"]
