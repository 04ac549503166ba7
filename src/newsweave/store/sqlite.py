"""SQLite storage: one file, WAL for readers beside a writer, FTS5 for search.

Articles are stored once: a second copy with the same content hash or URL is
refused by unique indexes, so ingesting the same input twice is harmless.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsweave import settings
from newsweave.model import Article, Entity
from newsweave.store.errors import StorageError, guard_faults
from newsweave.store.indexed import (
    ARTICLE_COLUMNS,
    ARTICLE_INDEXES,
    BRIEF_COLUMNS,
    READ_INDEX_VERSION,
    READ_TABLES,
    TABLES,
    ArticleFilter,
    IndexedReads,
    SearchHit,
    brief_of_row,
    marks,
)
from newsweave.store.records import (
    article_from_record,
    article_record,
    entity_from_record,
    record_json,
)

# 2: state records keyed by their id, so a batch rewrites only what changed
# 3: the read index (store/indexed.py): an older newsweave would not keep it up to date
SCHEMA_VERSION = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    url TEXT,
    source TEXT NOT NULL,
    title TEXT,
    language TEXT,
    published TEXT,
    event_id TEXT,
    story_id TEXT,
    record TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX IF NOT EXISTS articles_language ON articles(language);
CREATE INDEX IF NOT EXISTS articles_event ON articles(event_id);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    type TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (name, key)
);
CREATE TABLE IF NOT EXISTS input_errors (
    source TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


# Quotations found by any part of their text ("contains"), as a trigram index finds them.
QUOTES_FTS = """
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(text_key, content='', tokenize='trigram');
"""

# Any one of them marks a file as newsweave's: a version-1 database may hold only some.
NEWSWEAVE_TABLES = {"articles", "mentions", "entities", "state", "input_errors", "meta"}

# SQLite's primary result codes (the low byte of sqlite_errorcode) that are faults of the
# file or its disk, with what the user sees: the problem, then what to do about it.
_NOT_WRITABLE = (
    "cannot be opened or written ({reason})",
    "check that its folder exists and that this user may write the file and the folder"
    " (SQLite keeps a -wal and a -shm file beside it)",
)
_CORRUPT = (
    "is not a newsweave database, or is corrupt ({reason})",
    "check it with: sqlite3 {path} 'PRAGMA integrity_check'; restore it from a backup,"
    " or start a new database at another path",
)
FAULTS: dict[int, tuple[str, str]] = {
    sqlite3.SQLITE_PERM: _NOT_WRITABLE,
    sqlite3.SQLITE_READONLY: _NOT_WRITABLE,
    sqlite3.SQLITE_CANTOPEN: _NOT_WRITABLE,
    sqlite3.SQLITE_AUTH: _NOT_WRITABLE,
    sqlite3.SQLITE_CORRUPT: _CORRUPT,
    sqlite3.SQLITE_NOTADB: _CORRUPT,
    sqlite3.SQLITE_FULL: (
        "the disk is full ({reason})",
        "free space on its disk or move it to a bigger one, then run again:"
        " what was committed is kept",
    ),
    sqlite3.SQLITE_IOERR: (
        "cannot be read or written ({reason})",
        "check the disk it is on: full, removed or failing",
    ),
    sqlite3.SQLITE_BUSY: (
        f"another process has held its write lock for over {settings.SQLITE_BUSY_SECONDS:g} s",
        "wait for that writer to finish, or stop it",
    ),
    sqlite3.SQLITE_LOCKED: (
        f"another process has held its write lock for over {settings.SQLITE_BUSY_SECONDS:g} s",
        "wait for that writer to finish, or stop it",
    ),
}


def storage_fault(store: SQLiteStore, error: BaseException) -> StorageError | None:
    """The StorageError an sqlite3 error stands for, or None when it is not the file's fault."""
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    fault = FAULTS.get(code & 0xFF) if isinstance(code, int) else None
    if fault is None:
        return None
    path = getattr(store, "path", "?")
    problem, advice = fault
    return StorageError(path, problem.format(reason=error), advice.format(path=path))


@guard_faults(storage_fault)
class SQLiteStore(IndexedReads):
    """The default Store: a single SQLite file (or ':memory:')."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db = sqlite3.connect(
            self.path, timeout=settings.SQLITE_BUSY_SECONDS, isolation_level=None
        )
        try:
            self._open()
        except BaseException:
            self.db.close()
            raise

    def _open(self) -> None:
        self.db.row_factory = sqlite3.Row
        # checked before the first write: switching to WAL rewrites the file's header
        self._check_is_ours()
        self.db.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable across application crashes under WAL; only an OS crash can
        # lose the last transactions, never corrupt the file.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._depth = 0
        self._migrate()
        # executescript commits on its own; every statement in SCHEMA is idempotent
        self.db.executescript(SCHEMA)
        self._add_columns()
        self.db.executescript(ARTICLE_INDEXES)
        with self.transaction():
            row = self.db.execute(
                "SELECT value FROM meta WHERE key = 'read_index_version'"
            ).fetchone()
            if row is None or int(row["value"]) < READ_INDEX_VERSION:
                # checked inside the write lock: a second process opening it waits, then skips
                self._rebuild_read_index()
            self.db.executemany(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                [
                    ("schema_version", str(SCHEMA_VERSION)),
                    ("read_index_version", str(READ_INDEX_VERSION)),
                ],
            )

    def _rebuild_read_index(self) -> None:
        """The read index of an older version dropped, created anew and filled from what the
        database holds, in the open transaction (SQLite's DDL is transactional)."""
        for table in (*READ_TABLES, "quotes_fts"):
            self.db.execute(f"DROP TABLE IF EXISTS {table}")
        for index in ("articles_day", "articles_story"):  # read index version 1's
            self.db.execute(f"DROP INDEX IF EXISTS {index}")
        for statement in (TABLES + QUOTES_FTS).split(";"):
            if statement.strip():
                self.db.execute(statement)
        self._backfill_read_index()

    def _index_quote_texts(self, rows: list[tuple[int, str]]) -> None:
        self.db.executemany("INSERT INTO quotes_fts(rowid, text_key) VALUES (?, ?)", rows)

    def _indexed_quote_ids(self, alternatives: list[list[str]]) -> tuple[str, list[Any]]:
        """Through the trigram index of quotation texts."""
        match = " OR ".join(
            "(" + " AND ".join('"' + w.replace('"', '""') + '"' for w in words) + ")"
            for words in alternatives
        )
        return "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?", [match]

    def _add_columns(self) -> None:
        """Columns of the read index that a database of schema 2 lacks."""
        wanted = {"articles": ARTICLE_COLUMNS, "entities": ("name_keys",)}
        for table, columns in wanted.items():
            present = {row["name"] for row in self.db.execute(f"PRAGMA table_info({table})")}
            for column in columns:
                if column not in present:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.db.execute(sql, tuple(params)).fetchall()]

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.db.execute(sql, tuple(params))

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.db.executemany(sql, rows)

    def _check_is_ours(self) -> None:
        """Refuse another program's SQLite file and a schema this newsweave cannot read."""
        tables = {row["name"] for row in self.db.execute("SELECT name FROM sqlite_master")}
        if tables and not tables & NEWSWEAVE_TABLES:
            raise StorageError(
                self.path,
                "is a SQLite database of another program (it has none of newsweave's tables)",
                "give newsweave a new path of its own; nothing was written to this one",
            )
        if "meta" not in tables:
            return
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row and str(row["value"]).isdigit() and int(row["value"]) > SCHEMA_VERSION:
            raise StorageError(
                self.path,
                f"its schema (version {row['value']}) is from a newer newsweave than this one"
                f" (version {SCHEMA_VERSION})",
                "upgrade newsweave (pip install -U newsweave) to open it",
            )

    def _migrate(self) -> None:
        """Bring a database written by an older newsweave forward, keeping what it holds."""
        columns = {row["name"] for row in self.db.execute("PRAGMA table_info(state)")}
        if "position" in columns:  # version 1: state kept by position, replaced whole
            with self.transaction():
                self.db.execute("ALTER TABLE state RENAME TO state_v1")
                self.db.execute(
                    "CREATE TABLE state (name TEXT NOT NULL, key TEXT NOT NULL,"
                    " record TEXT NOT NULL, PRIMARY KEY (name, key))"
                )
                self.db.execute(
                    "INSERT INTO state(name, key, record) SELECT name,"
                    " coalesce(json_extract(record, '$.id'), json_extract(record, '$.kind'),"
                    " printf('%08d', position)), record"
                    " FROM state_v1 ORDER BY name, position"
                )
                self.db.execute("DROP TABLE state_v1")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Nested calls join the outer transaction; the outermost commits or rolls back."""
        if self._depth == 0:
            self.db.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            # SQLite rolls back by itself on some errors (a full disk, an I/O error)
            if self._depth == 0 and self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            self.db.execute("COMMIT")

    def find_article(self, content_hash: str, url: str | None) -> str | None:
        row = self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?)",
            (content_hash, url),
        ).fetchone()
        return row["id"] if row else None

    def add_article(self, article: Article) -> bool:
        if self.find_article(article.content_hash, article.url):
            return False
        record = article_record(article)
        with self.transaction():
            self.db.execute(
                "INSERT INTO articles(id, content_hash, url, source, title, language, published,"
                " event_id, story_id, record, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    article.id,
                    article.content_hash,
                    article.url,
                    article.source,
                    article.title,
                    article.language,
                    record["published"],
                    article.event_id,
                    article.story_id,
                    record_json(record),
                    _now(),
                ),
            )
            self.db.execute(
                "INSERT INTO articles_fts(id, title, text) VALUES (?,?,?)",
                (article.id, article.title, article.text),
            )
            self.db.executemany(
                'INSERT INTO mentions(article_id, entity_id, surface, type, start, "end")'
                " VALUES (?,?,?,?,?,?)",
                [
                    (article.id, m.entity_id, m.text, m.type, m.start, m.end)
                    for m in article.mentions
                    if m.entity_id
                ],
            )
            self._index_article(article)
        return True

    def article(self, article_id: str) -> Article | None:
        query = "SELECT id, record, event_id, story_id FROM articles WHERE"
        rows = self.db.execute(query + " id = ?", (article_id,)).fetchall()
        if not rows:  # a prefix: the range it spans, so the unique index finds it
            rows = self.db.execute(
                query + " id > ? AND id < ? LIMIT 2", (article_id, article_id + "\U0010ffff")
            ).fetchall()
            rows = rows if len(rows) == 1 else []
        if not rows:
            return None
        article = article_from_record(json.loads(rows[0]["record"]))
        # the record keeps the clusters of the day it was stored; the columns follow merges
        article.event_id, article.story_id = rows[0]["event_id"], rows[0]["story_id"]
        return self.named_now(article)

    def articles(self, language: str | None = None) -> Iterator[Article]:
        query = "SELECT record, event_id, story_id FROM articles"
        params: tuple[Any, ...] = ()
        if language:
            query += " WHERE language = ?"
            params = (language,)
        for row in self.db.execute(query + " ORDER BY seq", params).fetchall():
            article = article_from_record(json.loads(row["record"]))
            article.event_id, article.story_id = row["event_id"], row["story_id"]
            yield self.named_now(article)

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def set_clusters(self, article_id: str, event_id: str | None, story_id: str | None) -> None:
        self.db.execute(
            "UPDATE articles SET event_id = ?, story_id = ? WHERE id = ?",
            (event_id, story_id, article_id),
        )

    def search_hits(
        self, terms: Sequence[str], where: ArticleFilter, limit: int, offset: int = 0
    ) -> tuple[int, list[SearchHit]]:
        """FTS5 reads the matches newest first and stops at the bound, so only those are
        ranked (bm25); snippets, which re-read an article's text, are made for the page's hits
        alone, in one pass over the matches between the page's oldest and newest hit."""
        match = fts_any(terms)
        clauses, params = self._article_clauses(where)
        # Reading f.id decodes the whole row (title and text): join the articles only to filter.
        source = "articles_fts f JOIN articles a ON a.id = f.id" if clauses else "articles_fts f"
        condition = "".join(f" AND {clause}" for clause in clauses)
        candidates = self.db.execute(
            f"SELECT f.rowid AS hit, bm25(articles_fts) AS score FROM {source}"
            f" WHERE articles_fts MATCH ?{condition} ORDER BY f.rowid DESC LIMIT ?",
            (match, *params, settings.SEARCH_CANDIDATES),
        ).fetchall()
        ranked = sorted(candidates, key=lambda row: (row["score"], -row["hit"]))
        page = [row["hit"] for row in ranked[offset : offset + limit]]
        if not page:
            return len(candidates), []
        # `+f.rowid` keeps the list out of FTS5's plan: looked up one by one, each row would
        # seek every term's list of matches; the range is read through once instead, and
        # only the page's rows are decoded.
        snippets = {
            row["hit"]: (row["id"], row["snippet"])
            for row in self.db.execute(
                "SELECT f.rowid AS hit, f.id AS id,"
                " snippet(articles_fts, 2, '[', ']', '…', 12) AS snippet FROM articles_fts f"
                " WHERE articles_fts MATCH ? AND f.rowid >= ? AND f.rowid <= ?"
                f" AND +f.rowid IN ({marks(page)})",
                (match, min(page), max(page), *page),
            )
        }
        ids = [article_id for article_id, _ in snippets.values()]
        briefs = {
            row["id"]: brief_of_row(dict(row))
            for row in self.db.execute(
                f"SELECT {BRIEF_COLUMNS} FROM articles a WHERE a.id IN ({marks(ids)})",
                ids,
            )
        }
        hits = [snippets[hit] for hit in page if hit in snippets]
        return len(candidates), [
            SearchHit(briefs[article_id], snippet)
            for article_id, snippet in hits
            if article_id in briefs
        ]

    def save_entities(self, entities: list[Entity]) -> None:
        with self.transaction():
            changed = self._changed_entities(entities)
            self.db.executemany(
                "INSERT OR REPLACE INTO entities(id, name, type, record) VALUES (?,?,?,?)",
                [(e.id, e.name, e.type, record) for e, record in changed],
            )
            self._index_entities([e for e, _ in changed])

    def entities(self) -> list[Entity]:
        rows = self.db.execute("SELECT record FROM entities ORDER BY id").fetchall()
        return [entity_from_record(json.loads(row["record"])) for row in rows]

    def entity_mentions(self, entity_id: str) -> list[dict[str, Any]]:
        """Where an entity is mentioned: article id, surface and type, in article order."""
        rows = self.db.execute(
            "SELECT m.article_id, m.surface, m.type, a.language, a.published FROM mentions m"
            " JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? ORDER BY a.seq",
            (entity_id,),
        ).fetchall()
        return [dict(row) for row in rows]

    def save_state(self, name: str, records: list[dict[str, Any]]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM state WHERE name = ?", (name,))
            self._upsert_state(name, [(f"{i:08d}", r) for i, r in enumerate(records)])

    def update_state(
        self, name: str, changed: list[dict[str, Any]], removed: Collection[str] = ()
    ) -> None:
        with self.transaction():
            self.db.executemany(
                "DELETE FROM state WHERE name = ? AND key = ?", [(name, k) for k in removed]
            )
            self._upsert_state(name, [(str(r["id"]), r) for r in changed])

    def _upsert_state(self, name: str, keyed: list[tuple[str, dict[str, Any]]]) -> None:
        # An upsert keeps the row, and with it the record's place in load_state's order.
        self.db.executemany(
            "INSERT INTO state(name, key, record) VALUES (?,?,?)"
            " ON CONFLICT(name, key) DO UPDATE SET record = excluded.record",
            [(name, key, record_json(record)) for key, record in keyed],
        )

    def load_state(self, name: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT record FROM state WHERE name = ? ORDER BY rowid", (name,)
        ).fetchall()
        return [json.loads(row["record"]) for row in rows]

    def record_error(self, source: str, message: str) -> None:
        self.db.execute(
            "INSERT INTO input_errors(source, message, at) VALUES (?,?,?)",
            (source, message, _now()),
        )

    def errors(self) -> list[dict[str, str]]:
        rows = self.db.execute("SELECT source, message, at FROM input_errors ORDER BY rowid")
        return [dict(row) for row in rows.fetchall()]

    def close(self) -> None:
        self.db.close()


def fts_query(text: str) -> str:
    """User words to an FTS5 query: each word quoted, so punctuation cannot break the syntax."""
    words = [w.replace('"', '""') for w in text.split() if w.strip()]
    return " ".join(f'"{w}"' for w in words) or '""'


def fts_any(terms: Sequence[str]) -> str:
    """Terms to one FTS5 query that matches any of them (each with all its words)."""
    queries = [fts_query(term) for term in terms if term.split()]
    if len(queries) <= 1:
        return queries[0] if queries else '""'
    return " OR ".join(f"({query})" for query in queries)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
