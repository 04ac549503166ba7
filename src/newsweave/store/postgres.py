"""PostgreSQL storage: the same Store as SQLite, for many writers and readers on a server.

Semantics mirror sqlite.py method by method: an article is stored once (unique content
hash, unique URL), nested transactions join the outermost, named state is replaced whole.
Search uses PostgreSQL's own full-text search: a tsvector of the title (weighted higher)
and the text under the 'simple' configuration, which folds case in every script and
stems in none (newsweave is multilingual, a stemmer of one language would harm the rest);
accents are folded with the `unaccent` extension when the server has it. The schema is
versioned in `schema_version` and migrated forward on open, under an advisory lock so
that two processes opening a fresh database do not race.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from newsweave.model import Article, Entity
from newsweave.store.records import (
    article_from_record,
    article_record,
    entity_from_record,
    entity_record,
)

POOL_MIN = 1  # one connection kept open: a pipeline run writes through one at a time
POOL_MAX = 8  # enough for an HTTP server's worker threads reading beside one writer
POOL_TIMEOUT_S = 30.0  # as long as SQLite waits for its lock before giving up
SNIPPET_WORDS = 12  # as many words around a hit as SQLite's snippet() shows
# The JSON record escapes a NUL as \u0000, which PostgreSQL refuses to turn back into text;
# such a rare article shows its title as the snippet instead of failing the whole search.
SNIPPET_SOURCE = (
    "CASE WHEN strpos(a.record, '\\u0000') = 0 THEN a.record::json->>'text'"
    " ELSE coalesce(a.title, '') END"
)
# Any fixed number works; it only has to be the same in every process that migrates.
MIGRATION_LOCK = 7_243_115

# Each entry moves the schema one version forward; never edit one that has shipped,
# append a new one. The statements of one version run in one transaction.
MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE articles (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
            added_at TEXT NOT NULL,
            search TSVECTOR NOT NULL
        );
        CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
        CREATE INDEX articles_language ON articles(language);
        CREATE INDEX articles_event ON articles(event_id);
        CREATE INDEX articles_search ON articles USING GIN (search);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            surface TEXT NOT NULL,
            type TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);
        CREATE INDEX mentions_article ON mentions(article_id);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            record TEXT NOT NULL
        );
        CREATE TABLE state (
            name TEXT NOT NULL,
            position INTEGER NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (name, position)
        );
        CREATE TABLE input_errors (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source TEXT NOT NULL,
            message TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """,
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class PostgresStore:
    """A Store on a PostgreSQL server, addressed by a postgresql:// URL."""

    def __init__(self, url: str, pool_max: int = POOL_MAX) -> None:
        self.url = url
        self.pool: ConnectionPool[psycopg.Connection[dict[str, Any]]] = ConnectionPool(
            url,
            min_size=POOL_MIN,
            max_size=max(pool_max, POOL_MIN),
            timeout=POOL_TIMEOUT_S,
            connection_class=psycopg.Connection[dict[str, Any]],
            kwargs={"row_factory": dict_row},
            open=True,
        )
        # A transaction is bound to the thread that opened it: its statements must all go
        # through the one connection it holds, while other threads use their own.
        self._local = threading.local()
        self.unaccent = False
        try:
            self.pool.wait(timeout=POOL_TIMEOUT_S)
            self._migrate()
        except BaseException:
            self.pool.close()
            raise

    # --- connections and transactions -------------------------------------------------------
    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """The open transaction's connection, or a pooled one that commits when done."""
        held = getattr(self._local, "connection", None)
        if held is not None:
            yield held
            return
        with self.pool.connection() as connection:
            yield connection

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Nested calls join the outer transaction; the outermost commits or rolls back."""
        if getattr(self._local, "connection", None) is not None:
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        # pool.connection() commits on a clean exit and rolls back on an exception
        with self.pool.connection() as connection:
            self._local.connection, self._local.depth = connection, 1
            try:
                yield
            finally:
                self._local.connection, self._local.depth = None, 0

    def _execute(self, query: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        with self._connection() as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def _migrate(self) -> None:
        with self.pool.connection() as connection:
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
            row = connection.execute("SELECT max(version) AS v FROM schema_version").fetchone()
            current = int(row["v"] or 0) if row else 0
            if current > SCHEMA_VERSION:
                raise RuntimeError(
                    f"database schema version {current} is newer than this newsweave"
                    f" ({SCHEMA_VERSION}); upgrade newsweave"
                )
            for version, statements in MIGRATIONS:
                if version > current:
                    connection.execute(statements)  # type: ignore[arg-type]
                    connection.execute("INSERT INTO schema_version VALUES (%s)", (version,))
        self.unaccent = self._enable_unaccent()

    def _enable_unaccent(self) -> bool:
        """Accent folding for search when the server ships the extension (it is 'trusted',
        so a database owner may create it without being superuser)."""
        try:
            with self.pool.connection() as connection:
                connection.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            return True
        except psycopg.Error:
            rows = self._execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
            return bool(rows)

    def schema_version(self) -> int:
        rows = self._execute("SELECT max(version) AS v FROM schema_version")
        return int(rows[0]["v"] or 0)

    # --- articles ---------------------------------------------------------------------------
    def find_article(self, content_hash: str, url: str | None) -> str | None:
        rows = self._execute(
            "SELECT id FROM articles WHERE content_hash = %s OR (url IS NOT NULL AND url = %s)"
            " LIMIT 1",
            (content_hash, url),
        )
        return rows[0]["id"] if rows else None

    def add_article(self, article: Article) -> bool:
        if self.find_article(article.content_hash, article.url):
            return False
        record = article_record(article)
        with self.transaction(), self._connection() as connection:
            # Another writer may store the same article between the check and the insert;
            # the unique indexes decide, and the loser writes nothing.
            inserted = connection.execute(
                "INSERT INTO articles(id, content_hash, url, source, title, language, published,"
                " event_id, story_id, record, added_at, search) VALUES"
                f" (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s, {self._vector_sql()})"
                " ON CONFLICT DO NOTHING RETURNING seq",
                (
                    article.id,
                    article.content_hash,
                    article.url,
                    _searchable(article.source),
                    _searchable(article.title),
                    article.language,
                    record["published"],
                    article.event_id,
                    article.story_id,
                    json.dumps(record, ensure_ascii=False),
                    _now(),
                    _searchable(article.title),
                    _searchable(article.text),
                ),
            ).fetchone()
            if inserted is None:
                return False
            rows = [
                (article.id, m.entity_id, m.text, m.type, m.start, m.end)
                for m in article.mentions
                if m.entity_id
            ]
            if rows:
                with connection.cursor().copy(
                    'COPY mentions(article_id, entity_id, surface, type, start, "end") FROM STDIN'
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
        return True

    def article(self, article_id: str) -> Article | None:
        rows = self._execute(
            "SELECT id, record FROM articles WHERE id = %s OR starts_with(id, %s) LIMIT 2",
            (article_id, article_id),
        )
        if len(rows) != 1:
            rows = [r for r in rows if r["id"] == article_id]
        return article_from_record(json.loads(rows[0]["record"])) if rows else None

    def articles(self, language: str | None = None) -> Iterator[Article]:
        query = "SELECT record, event_id, story_id FROM articles"
        params: tuple[Any, ...] = ()
        if language:
            query += " WHERE language = %s"
            params = (language,)
        for row in self._execute(query + " ORDER BY seq", params):
            article = article_from_record(json.loads(row["record"]))
            article.event_id, article.story_id = row["event_id"], row["story_id"]
            yield article

    def count_articles(self) -> int:
        return int(self._execute("SELECT count(*) AS n FROM articles")[0]["n"])

    def set_clusters(self, article_id: str, event_id: str | None, story_id: str | None) -> None:
        self._execute(
            "UPDATE articles SET event_id = %s, story_id = %s WHERE id = %s",
            (event_id, story_id, article_id),
        )

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        # plainto_tsquery ANDs the words and ignores operators and quotes, so user input
        # cannot break the query syntax (the same contract as SQLite's fts_query)
        fold = "unaccent(%s)" if self.unaccent else "%s"
        # the snippet is made for the hits that are returned only: ts_headline re-reads text
        rows = self._execute(
            f"WITH q AS (SELECT plainto_tsquery('simple', {fold}) AS q),"
            " hits AS (SELECT a.seq, ts_rank_cd(a.search, q.q) AS rank FROM articles a, q"
            " WHERE a.search @@ q.q ORDER BY rank DESC, a.seq LIMIT %s)"
            " SELECT a.id, a.title, a.language,"
            f" ts_headline('simple', {SNIPPET_SOURCE}, q.q,"
            f" 'StartSel=[, StopSel=], MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2},"
            " MaxFragments=1, FragmentDelimiter=…') AS snippet"
            " FROM hits JOIN articles a USING (seq), q ORDER BY hits.rank DESC, a.seq",
            (_searchable(query), limit),
        )
        return [dict(row) for row in rows]

    def _vector_sql(self) -> str:
        fold = "unaccent(%s)" if self.unaccent else "%s"
        return f"setweight(to_tsvector('simple', {fold}), 'A') || to_tsvector('simple', {fold})"

    # --- entities and state -----------------------------------------------------------------
    def save_entities(self, entities: list[Entity]) -> None:
        if not entities:
            return
        with self.transaction(), self._connection() as connection:
            connection.cursor().executemany(
                "INSERT INTO entities(id, name, type, record) VALUES (%s,%s,%s,%s)"
                " ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,"
                " record = excluded.record",
                [
                    (e.id, e.name, e.type, json.dumps(entity_record(e), ensure_ascii=False))
                    for e in entities
                ],
            )

    def entities(self) -> list[Entity]:
        rows = self._execute('SELECT record FROM entities ORDER BY id COLLATE "C"')
        return [entity_from_record(json.loads(row["record"])) for row in rows]

    def entity_mentions(self, entity_id: str) -> list[dict[str, Any]]:
        """Where an entity is mentioned: article id, surface and type, in article order."""
        return self._execute(
            "SELECT m.article_id, m.surface, m.type, a.language, a.published FROM mentions m"
            " JOIN articles a ON a.id = m.article_id WHERE m.entity_id = %s ORDER BY a.seq",
            (entity_id,),
        )

    def save_state(self, name: str, records: list[dict[str, Any]]) -> None:
        with self.transaction(), self._connection() as connection:
            connection.execute("DELETE FROM state WHERE name = %s", (name,))
            # COPY: the entity index is saved whole at every commit and grows with the corpus
            with connection.cursor().copy("COPY state(name, position, record) FROM STDIN") as copy:
                for position, record in enumerate(records):
                    copy.write_row((name, position, json.dumps(record, ensure_ascii=False)))

    def load_state(self, name: str) -> list[dict[str, Any]]:
        rows = self._execute("SELECT record FROM state WHERE name = %s ORDER BY position", (name,))
        return [json.loads(row["record"]) for row in rows]

    # --- errors -----------------------------------------------------------------------------
    def record_error(self, source: str, message: str) -> None:
        self._execute(
            "INSERT INTO input_errors(source, message, at) VALUES (%s,%s,%s)",
            (_searchable(source), _searchable(message), _now()),
        )

    def errors(self) -> list[dict[str, str]]:
        return self._execute("SELECT source, message, at FROM input_errors ORDER BY seq")

    def close(self) -> None:
        self.pool.close()


def _searchable(text: str | None) -> str:
    """PostgreSQL text cannot hold NUL characters, which scraped pages sometimes carry."""
    return (text or "").replace("\x00", "")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
