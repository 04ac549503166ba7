"""The read side of a store: tables kept up to date at write time, and the queries over them.

A page must cost the same at 5,000 articles and at a million, so nothing here reads the whole
corpus. What a page needs in aggregate (an entity's mentions by day and language, the entities
named together, an event's and a story's counts, the languages) is written by the same
transaction that stores the article or moves it between events; the rest is one indexed query.
SQLite and PostgreSQL share this code: the SQL is written once with `?` placeholders and the
few functions both have under one name (instr/strpos for "contains"); each backend supplies
`_rows`, `_run` and `_run_many`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsweave import settings
from newsweave.entities.translit import surface_key
from newsweave.model import Article, Entity, Event, Story
from newsweave.store.records import (
    article_from_record,
    entity_from_record,
    entity_record,
    record_json,
)

READ_INDEX_VERSION = 2  # bump when a table below changes: an older database is rebuilt once
LEAD_CHARS = 280  # enough of the first paragraph to recognise an article in a list
UNDATED = ""  # the day key of undated articles (a primary key cannot be NULL)
QUOTES_PER_ARTICLE = 10_000  # a quotation's id is its article's seq times this plus its place
TRIGRAM = 3  # the shortest text a trigram index (FTS5's, pg_trgm's) can look up


# -- what the queries answer ---------------------------------------------------------------------


@dataclass
class ArticleBrief:
    """An article as a list shows it: no text beyond its lead, no analysis."""

    id: str
    title: str
    language: str
    published: date | None
    event_date: date | None
    source: str
    url: str | None
    site: str | None
    event_id: str | None
    story_id: str | None
    lead: str

    @property
    def meta(self) -> dict[str, str]:
        """The part of Article.meta a list reads (the site), so one label fits both."""
        return {"site": self.site} if self.site else {}


@dataclass
class EventRow:
    """An event with its counts, as the events table keeps them."""

    id: str
    title: str
    story_id: str | None
    first_date: date | None
    last_date: date | None
    article_count: int
    languages: list[str]


@dataclass
class StoryRow:
    id: str
    title: str
    event_count: int
    article_count: int
    languages: list[str]
    first_date: date | None
    last_date: date | None


@dataclass
class QuoteRow:
    """A quotation with the article it appeared in."""

    text: str
    speaker: str
    speaker_id: str | None
    verb: str
    kind: str
    article_id: str
    article_title: str
    language: str
    event_id: str | None
    published: date | None


@dataclass
class SearchHit:
    """An article a search found, with the passage around the words it matched."""

    article: ArticleBrief
    snippet: str  # the words matched between [ and ]


@dataclass
class ArticleFilter:
    language: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None  # part of the source, URL or site, any case
    entity_id: str | None = None
    event_id: str | None = None
    ids: Sequence[str] | None = None  # only these (search hits)


@dataclass
class QuoteFilter:
    speaker_id: str | None = None
    speaker_key: str | None = None  # part of the speaker's surface key, when no entity matched
    # any of these lists of words, each word contained in the casefolded quotation
    alternatives: list[list[str]] = field(default_factory=list)
    language: str | None = None


# -- the tables -----------------------------------------------------------------------------------

# Columns added to `articles`: the day it is about (event date, else publication), the site,
# the lead, and its event date, so that a list is read from columns, not from the JSON record.
ARTICLE_COLUMNS = ("day", "event_date", "site", "lead")

# Indexes over the articles' read-index columns that came after the read index's tables: an
# older database gets them when opened (IF NOT EXISTS), without the read index rebuilt.
ARTICLE_INDEXES = """
CREATE INDEX IF NOT EXISTS articles_language_newest
    ON articles(language, (coalesce(published, '')), id);
"""

TABLES = """
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    story_id TEXT,
    first_date TEXT,
    last_date TEXT,
    article_count INTEGER NOT NULL,
    language_count INTEGER NOT NULL,
    languages TEXT NOT NULL,
    by_language TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_rank ON events(article_count DESC, language_count DESC, id);
CREATE INDEX IF NOT EXISTS events_story ON events(story_id);
CREATE TABLE IF NOT EXISTS event_days (
    event_id TEXT NOT NULL,
    story_id TEXT,
    day TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (event_id, day)
);
CREATE INDEX IF NOT EXISTS event_days_period ON event_days(day, story_id, articles);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    event_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    language_count INTEGER NOT NULL,
    languages TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT
);
CREATE INDEX IF NOT EXISTS stories_rank ON stories(article_count DESC, language_count DESC, id);
CREATE TABLE IF NOT EXISTS entity_totals (
    entity_id TEXT PRIMARY KEY,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_totals_rank ON entity_totals(mentions DESC, entity_id);
CREATE TABLE IF NOT EXISTS entity_days (
    entity_id TEXT NOT NULL,
    day TEXT NOT NULL,
    language TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (entity_id, day, language)
);
CREATE TABLE IF NOT EXISTS entity_articles (
    entity_id TEXT NOT NULL,
    newest TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, newest, article_id)
);
CREATE TABLE IF NOT EXISTS entity_surfaces (
    entity_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    PRIMARY KEY (entity_id, surface)
);
CREATE TABLE IF NOT EXISTS cooccurrence (
    entity_id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (entity_id, other_id)
);
CREATE TABLE IF NOT EXISTS entity_keys (
    key TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (key, entity_id)
);
CREATE INDEX IF NOT EXISTS entity_keys_entity ON entity_keys(entity_id);
CREATE TABLE IF NOT EXISTS quotes (
    id BIGINT PRIMARY KEY,
    article_id TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    text_key TEXT NOT NULL,
    speaker TEXT NOT NULL,
    speaker_id TEXT,
    speaker_key TEXT NOT NULL,
    verb TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);
CREATE TABLE IF NOT EXISTS languages (language TEXT PRIMARY KEY, articles INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS articles_event_seq ON articles(event_id, seq);
CREATE INDEX IF NOT EXISTS articles_newest ON articles((coalesce(published, '')), id);
""" + ARTICLE_INDEXES

# Newest first, undated last: the order of the article list (an index serves it).
NEWEST_FIRST = "coalesce(a.published, '') DESC, a.id DESC"

# Every table of the read index: dropped and rebuilt when READ_INDEX_VERSION changes.
READ_TABLES = (
    "events",
    "event_days",
    "stories",
    "entity_totals",
    "entity_days",
    "entity_articles",
    "entity_surfaces",
    "cooccurrence",
    "entity_keys",
    "quotes",
    "languages",
)

BRIEF_COLUMNS = (
    "a.id, a.title, a.language, a.published, a.event_date, a.source, a.url, a.site,"
    " a.event_id, a.story_id, a.lead"
)


class IndexedReads:
    """The read index, shared by the SQLite and the PostgreSQL store."""

    # what the backend calls "haystack contains needle", as SQL over two expressions
    CONTAINS = "instr({haystack}, {needle}) > 0"
    # a top-level field of a state record (JSON text), its name bound as a parameter
    JSON_FIELD = "json_extract(record, '$.' || ?)"

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def search_hits(
        self, terms: Sequence[str], where: ArticleFilter, limit: int, offset: int = 0
    ) -> tuple[int, list[SearchHit]]:
        raise NotImplementedError  # each backend's own full-text index answers

    def named_now(self, article: Article) -> Article:
        """``article`` with its entities named as they are now. The record keeps the names of
        the day it was stored; a name learnt from another script gives way later to a Latin
        spelling (Almberto Tsirio: Alberto Cirio)."""
        ids = sorted(
            {m.entity_id for m in article.mentions if m.entity_id}
            | {q.speaker_id for q in article.quotes if q.speaker_id}
        )
        if not ids:
            return article
        rows = self._rows(f"SELECT id, name FROM entities WHERE id IN ({marks(ids)})", ids)
        names = {row["id"]: row["name"] for row in rows}
        for mention in article.mentions:
            mention.canonical = names.get(mention.entity_id, mention.canonical)
        for quote in article.quotes:
            quote.speaker_name = names.get(quote.speaker_id, quote.speaker_name)
        return article

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search as plain records: [{id, title, language, snippet}]."""
        _, hits = self.search_hits([query], ArticleFilter(), limit)
        return [
            {
                "id": h.article.id,
                "title": h.article.title,
                "language": h.article.language,
                "snippet": h.snippet,
            }
            for h in hits
        ]

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def _run_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _contains(self, haystack: str, needle: str = "?") -> str:
        return self.CONTAINS.format(haystack=haystack, needle=needle)

    # -- index records by id (the clusterer reads what an article needs, not the whole index) ----

    def state_records(self, name: str, keys: Collection[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(keys)):
            rows = self._rows(
                f"SELECT key, record FROM state WHERE name = ? AND key IN ({marks(chunk)})",
                [name, *chunk],
            )
            found.update((row["key"], json.loads(row["record"])) for row in rows)
        return found

    def state_fields(
        self,
        name: str,
        fields: Sequence[str],
        keys: Collection[str] | None = None,
        prefix: str = "",
    ) -> dict[str, dict[str, Any]]:
        columns = ", ".join(f"{self.JSON_FIELD} AS f{i}" for i in range(len(fields)))
        if keys is None:  # a prefix as a range of the primary key: read off its index
            selections = [("key >= ? AND key < ?", [prefix, key_prefix_end(prefix)])]
        else:
            selections = [(f"key IN ({marks(c)})", list(c)) for c in _chunks(list(keys))]
        found: dict[str, dict[str, Any]] = {}
        for where, params in selections:
            rows = self._rows(
                f"SELECT key, {columns} FROM state WHERE name = ? AND {where}",
                [*fields, name, *params],
            )
            found.update(
                (row["key"], {f: row[f"f{i}"] for i, f in enumerate(fields)}) for row in rows
            )
        return found

    # -- writing: called inside the transaction that stores the article ---------------------------

    def _index_article(self, article: Article) -> None:
        """The article's share of every aggregate: its columns, quotations, entity counts."""
        day = _iso(article.event_date or article.published)
        site = article.meta.get("site")
        self._run(
            "UPDATE articles SET day = ?, event_date = ?, site = ?, lead = ? WHERE id = ?",
            (day, _iso(article.event_date), site, _text(article.text[:LEAD_CHARS]), article.id),
        )
        seq = int(self._rows("SELECT seq FROM articles WHERE id = ?", (article.id,))[0]["seq"])
        quotes = article.quotes[:QUOTES_PER_ARTICLE]
        self._run_many(
            "INSERT INTO quotes(id, article_id, language, text, text_key,"
            " speaker, speaker_id, speaker_key, verb, kind) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    seq * QUOTES_PER_ARTICLE + position,
                    article.id,
                    article.language,
                    _text(q.text),
                    _text(q.text.casefold()),
                    _text(q.speaker_name or q.speaker),
                    q.speaker_id or None,
                    surface_key(q.speaker_name or q.speaker),
                    q.verb,
                    q.kind,
                )
                for position, q in enumerate(quotes)
            ],
        )
        self._index_quote_texts(
            [(seq * QUOTES_PER_ARTICLE + i, _text(q.text.casefold())) for i, q in enumerate(quotes)]
        )
        if article.language:
            self._run(
                "INSERT INTO languages(language, articles) VALUES (?, 1) ON CONFLICT(language)"
                " DO UPDATE SET articles = languages.articles + 1",
                (article.language,),
            )
        counts = Counter(m.entity_id for m in article.mentions if m.entity_id)
        if not counts:
            return
        self._run_many(
            "INSERT INTO entity_totals(entity_id, mentions, articles) VALUES (?, ?, 1)"
            " ON CONFLICT(entity_id) DO UPDATE SET"
            " mentions = entity_totals.mentions + excluded.mentions,"
            " articles = entity_totals.articles + 1",
            sorted(counts.items()),
        )
        newest = _iso(article.published) or ""
        self._run_many(
            "INSERT INTO entity_articles(entity_id, newest, article_id) VALUES (?,?,?)"
            " ON CONFLICT DO NOTHING",
            [(e, newest, article.id) for e in sorted(counts)],
        )
        self._run_many(
            "INSERT INTO entity_surfaces(entity_id, surface) VALUES (?,?) ON CONFLICT DO NOTHING",
            sorted({(m.entity_id, _text(m.text)) for m in article.mentions if m.entity_id}),
        )
        self._run_many(
            "INSERT INTO entity_days(entity_id, day, language, mentions) VALUES (?,?,?,?)"
            " ON CONFLICT(entity_id, day, language)"
            " DO UPDATE SET mentions = entity_days.mentions + excluded.mentions",
            [(e, day or UNDATED, article.language, n) for e, n in sorted(counts.items())],
        )
        # Pairs grow as the square of an article's entities; an article names a few dozen.
        ids = sorted(counts)
        self._run_many(
            "INSERT INTO cooccurrence(entity_id, other_id, articles) VALUES (?, ?, 1)"
            " ON CONFLICT(entity_id, other_id)"
            " DO UPDATE SET articles = cooccurrence.articles + 1",
            [(a, b) for a in ids for b in ids if a != b],
        )

    def _index_quote_texts(self, rows: list[tuple[int, str]]) -> None:
        """A backend's own index of quotation texts, for `_quote_text_clause` (none here)."""

    def _quote_text_clause(self, alternatives: list[list[str]]) -> tuple[str, list[Any]]:
        """Quotations whose casefolded text contains every word of one of the alternatives,
        at a cost bounded whatever the archive's size: the newest settings.QUOTES_MATCHED
        that the index finds; and as a word shorter than a trigram (a name in two Chinese
        characters) no index looks up, its alternatives among the newest
        settings.QUOTES_SCANNED quotations."""
        alternatives = fewest_alternatives(alternatives)
        indexed = [words for words in alternatives if all(len(w) >= TRIGRAM for w in words)]
        short = [words for words in alternatives if words not in indexed]
        sources: list[str] = []
        params: list[Any] = []
        if indexed:
            sql, values = self._indexed_quote_ids(indexed)
            sources.append(f"SELECT * FROM ({sql} ORDER BY 1 DESC LIMIT ?) AS newest")
            params += [*values, settings.QUOTES_MATCHED]
        if short:
            sql, values = self._contains_every_word(short)
            sources.append(
                "SELECT q.id FROM (SELECT id, text_key FROM quotes ORDER BY id DESC LIMIT ?) q"
                f" WHERE {sql}"
            )
            params += [settings.QUOTES_SCANNED, *values]
        return f"q.id IN ({' UNION ALL '.join(sources)})", params

    def _indexed_quote_ids(self, alternatives: list[list[str]]) -> tuple[str, list[Any]]:
        """A query of the ids of the quotations holding every word of one alternative, each
        word three letters or more: through the backend's index where it has one."""
        sql, values = self._contains_every_word(alternatives)
        return f"SELECT q.id FROM quotes q WHERE {sql}", values

    def _contains_every_word(self, alternatives: list[list[str]]) -> tuple[str, list[Any]]:
        options = []
        params: list[Any] = []
        for words in alternatives:
            tests = [self._quote_contains("q.text_key", word) for word in words]
            options.append("(" + " AND ".join(sql for sql, _ in tests) + ")")
            params += [param for _, values in tests for param in values]
        return "(" + " OR ".join(options) + ")", params

    def _quote_contains(self, column: str, needle: str) -> tuple[str, list[Any]]:
        """A quotation column (text_key, speaker_key) holds the needle: SQL and its values."""
        return self._contains(column), [needle]

    def _changed_entities(self, entities: list[Entity]) -> list[tuple[Entity, str]]:
        """The entities whose stored record differs from theirs now, with the record as JSON.
        A batch names hundreds of known entities and changes few of them: rewriting each, and
        its name keys, was a third of the time a batch took to store."""
        records = {e.id: record_json(entity_record(e)) for e in entities}
        stored: dict[str, str] = {}
        for chunk in _chunks(list(records)):
            for row in self._rows(
                f"SELECT id, record FROM entities WHERE id IN ({marks(chunk)})", chunk
            ):
                stored[row["id"]] = row["record"]
        return [(e, records[e.id]) for e in entities if stored.get(e.id) != records[e.id]]

    def _index_entities(self, entities: list[Entity]) -> None:
        """Every name of an entity under its lookup key, so a name in any script finds it."""
        if not entities:
            return
        ids = [e.id for e in entities]
        for chunk in _chunks(ids):
            self._run(f"DELETE FROM entity_keys WHERE entity_id IN ({marks(chunk)})", chunk)
        keys = {e.id: sorted(_entity_keys(e)) for e in entities}
        self._run_many(
            "INSERT INTO entity_keys(key, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(key, e.id) for e in entities for key in keys[e.id]],
        )
        self._run_many(
            "UPDATE entities SET name_keys = ? WHERE id = ?",
            [("\n".join(keys[e.id]), e.id) for e in entities],
        )

    def index_clusters(
        self,
        events: list[Event],
        stories: list[Story],
        removed_events: Collection[str] = (),
        removed_stories: Collection[str] = (),
    ) -> None:
        """Bring the events and stories tables up to date with what a batch changed: their
        titles and dates, and their counts recomputed from the articles they hold now."""
        with self.transaction():  # type: ignore[attr-defined]
            for chunk in _chunks(list(removed_events)):
                self._run(f"DELETE FROM events WHERE id IN ({marks(chunk)})", chunk)
                self._run(f"DELETE FROM event_days WHERE event_id IN ({marks(chunk)})", chunk)
            for chunk in _chunks(list(removed_stories)):
                self._run(f"DELETE FROM stories WHERE id IN ({marks(chunk)})", chunk)
            touched_stories = {s.id for s in stories}
            for event in events:
                previous = self._rows("SELECT story_id FROM events WHERE id = ?", (event.id,))
                if previous and previous[0]["story_id"]:
                    touched_stories.add(previous[0]["story_id"])
                if event.story_id:
                    touched_stories.add(event.story_id)
                self._save_event(event)
            for story in stories:
                # A merge of stories leaves the events of the one merged away pointing at it.
                for chunk in _chunks(story.event_ids):
                    self._run(
                        f"UPDATE events SET story_id = ? WHERE id IN ({marks(chunk)})"
                        " AND (story_id IS NULL OR story_id <> ?)",
                        (story.id, *chunk, story.id),
                    )
                    for table, column in (("articles", "event_id"), ("event_days", "event_id")):
                        self._run(
                            f"UPDATE {table} SET story_id = ? WHERE {column} IN ({marks(chunk)})"
                            " AND (story_id IS NULL OR story_id <> ?)",
                            (story.id, *chunk, story.id),
                        )
            titles = {s.id: s.title for s in stories}
            for story_id in sorted(touched_stories - set(removed_stories)):
                self._save_story(story_id, titles.get(story_id))

    def _save_event(self, event: Event) -> None:
        by_language = {
            row["language"] or "": int(row["n"])
            for row in self._rows(
                "SELECT language, count(*) AS n FROM articles WHERE event_id = ? GROUP BY language",
                (event.id,),
            )
        }
        languages = sorted(lang for lang in by_language if lang)
        self._run(
            "INSERT INTO events(id, title, story_id, first_date, last_date, article_count,"
            " language_count, languages, by_language) VALUES (?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET"
            " title = excluded.title, story_id = excluded.story_id,"
            " first_date = excluded.first_date, last_date = excluded.last_date,"
            " article_count = excluded.article_count, language_count = excluded.language_count,"
            " languages = excluded.languages, by_language = excluded.by_language",
            (
                event.id,
                event.title,
                event.story_id,
                _iso(event.first_date),
                _iso(event.last_date),
                sum(by_language.values()),
                len(languages),
                _language_list(languages),
                ",".join(f"{lang}:{n}" for lang, n in sorted(by_language.items())),
            ),
        )
        # The articles of the event by day (an undated one on the event's first day), so a
        # period's top stories sum these rows, not the articles.
        fallback = _iso(event.first_date) or UNDATED
        self._run("DELETE FROM event_days WHERE event_id = ?", (event.id,))
        self._run(
            "INSERT INTO event_days(event_id, story_id, day, articles)"
            " SELECT event_id, ?, coalesce(day, ?), count(*) FROM articles WHERE event_id = ?"
            " GROUP BY event_id, 3",
            (event.story_id, fallback, event.id),
        )

    def _save_story(self, story_id: str, title: str | None) -> None:
        rows = self._rows(
            "SELECT article_count, languages, first_date, last_date FROM events WHERE story_id = ?",
            (story_id,),
        )
        languages = sorted({lang for row in rows for lang in _languages(row["languages"])})
        days = [d for row in rows for d in (row["first_date"], row["last_date"]) if d]
        if title is None:
            known = self._rows("SELECT title FROM stories WHERE id = ?", (story_id,))
            if not known:
                return  # a story the cluster state has not described yet: its batch will
            title = known[0]["title"]
        self._run(
            "INSERT INTO stories(id, title, event_count, article_count, language_count,"
            " languages, first_date, last_date) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id)"
            " DO UPDATE SET title = excluded.title, event_count = excluded.event_count,"
            " article_count = excluded.article_count, language_count = excluded.language_count,"
            " languages = excluded.languages, first_date = excluded.first_date,"
            " last_date = excluded.last_date",
            (
                story_id,
                title,
                len(rows),
                sum(int(row["article_count"]) for row in rows),
                len(languages),
                _language_list(languages),
                min(days) if days else None,
                max(days) if days else None,
            ),
        )

    def _backfill_read_index(self) -> None:
        """Fill the read index of a database written before it existed: once, on open."""
        with self.transaction():  # type: ignore[attr-defined]
            for table in READ_TABLES:
                self._run(f"DELETE FROM {table}")
            last = -1
            while True:
                rows = self._rows(
                    "SELECT seq, record, event_id, story_id FROM articles WHERE seq > ?"
                    " ORDER BY seq LIMIT ?",
                    (last, settings.COMMIT_EVERY),
                )
                if not rows:
                    break
                for row in rows:
                    self._index_article(article_from_record(json.loads(row["record"])))
                last = int(rows[-1]["seq"])
            self._index_entities(
                [
                    entity_from_record(json.loads(row["record"]))
                    for row in self._rows("SELECT record FROM entities")
                ]
            )
            events, stories = _clusters_from_state(
                self.load_state("events"),  # type: ignore[attr-defined]
                self.load_state("stories"),  # type: ignore[attr-defined]
                {
                    row["event_id"]: row["story_id"]
                    for row in self._rows(
                        "SELECT DISTINCT event_id, story_id FROM articles"
                        " WHERE event_id IS NOT NULL"
                    )
                },
            )
            self.index_clusters(events, stories)

    # -- reading --------------------------------------------------------------------------------

    def article_briefs(
        self, where: ArticleFilter, limit: int, offset: int = 0
    ) -> tuple[int, list[ArticleBrief]]:
        """Articles that pass the filter, newest first, one page of them, and how many pass."""
        if where.entity_id and where == ArticleFilter(entity_id=where.entity_id):
            return self._entity_articles(where.entity_id, limit, offset)
        clauses, params = self._article_clauses(where)
        condition = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        if where == ArticleFilter() or where == ArticleFilter(language=where.language):
            total = self._article_count(where.language)
        else:
            total = int(
                self._rows(f"SELECT count(*) AS n FROM articles a{condition}", params)[0]["n"]
            )
        rows = self._rows(
            f"SELECT {BRIEF_COLUMNS} FROM articles a{condition} ORDER BY {NEWEST_FIRST}"
            " LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return total, [brief_of_row(row) for row in rows]

    def _entity_articles(
        self, entity_id: str, limit: int, offset: int
    ) -> tuple[int, list[ArticleBrief]]:
        """The articles naming an entity, newest first, from the index kept for it."""
        total = self._rows("SELECT articles FROM entity_totals WHERE entity_id = ?", (entity_id,))
        ids = [
            row["article_id"]
            for row in self._rows(
                "SELECT article_id FROM entity_articles WHERE entity_id = ?"
                " ORDER BY newest DESC, article_id DESC LIMIT ? OFFSET ?",
                (entity_id, limit, offset),
            )
        ]
        found = {
            row["id"]: brief_of_row(row)
            for row in self._rows(
                f"SELECT {BRIEF_COLUMNS} FROM articles a WHERE a.id IN ({marks(ids or [''])})",
                ids or [""],
            )
        }
        return (int(total[0]["articles"]) if total else 0), [found[i] for i in ids if i in found]

    def _article_clauses(self, where: ArticleFilter) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if where.language:
            clauses.append("a.language = ?")
            params.append(where.language)
        if where.date_from:
            clauses.append("a.published >= ?")
            params.append(where.date_from.isoformat())
        if where.date_to:
            clauses.append("a.published <= ?")
            params.append(where.date_to.isoformat())
        if where.source:
            needle = where.source.lower()
            clauses.append(
                "("
                + " OR ".join(
                    self._contains(f"lower(coalesce({column}, ''))")
                    for column in ("a.source", "a.url", "a.site")
                )
                + ")"
            )
            params += [needle, needle, needle]
        if where.entity_id:
            clauses.append("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
            params.append(where.entity_id)
        if where.event_id:
            clauses.append("a.event_id = ?")
            params.append(where.event_id)
        if where.ids is not None:
            ids = list(where.ids) or [""]
            clauses.append(f"a.id IN ({marks(ids)})")
            params += ids
        return clauses, params

    def full_articles(self, event_id: str, limit: int) -> list[Article]:
        """An event's articles with their whole analysis, in the order they were stored."""
        rows = self._rows(
            "SELECT record, event_id, story_id FROM articles WHERE event_id = ?"
            " ORDER BY seq LIMIT ?",
            (event_id, limit),
        )
        articles = []
        for row in rows:
            article = article_from_record(json.loads(row["record"]))
            article.event_id, article.story_id = row["event_id"], row["story_id"]
            articles.append(article)
        return articles

    def event_article_ids(self, event_id: str, limit: int) -> list[str]:
        rows = self._rows(
            "SELECT id FROM articles WHERE event_id = ? ORDER BY seq LIMIT ?", (event_id, limit)
        )
        return [row["id"] for row in rows]

    def event_members(self, event_ids: Sequence[str], limit: int) -> dict[str, list[ArticleBrief]]:
        """The articles of each event (at most `limit` each), in the order they were stored."""
        return {
            event_id: [
                brief_of_row(row)
                for row in self._rows(
                    f"SELECT {BRIEF_COLUMNS} FROM articles a WHERE a.event_id = ?"
                    " ORDER BY a.seq LIMIT ?",
                    (event_id, limit),
                )
            ]
            for event_id in event_ids
        }

    def event_rows(
        self,
        language: str | None,
        story_id: str | None,
        min_languages: int,
        limit: int,
        offset: int = 0,
    ) -> tuple[int, list[EventRow]]:
        """Events, largest and most multilingual first, one page, and how many qualify."""
        clauses: list[str] = ["e.language_count >= ?"]
        params: list[Any] = [min_languages]
        if language:
            clauses.append(self._contains("e.languages"))
            params.append(f",{language},")
        if story_id:
            clauses.append("e.story_id = ?")
            params.append(story_id)
        condition = " WHERE " + " AND ".join(clauses)
        total = int(self._rows(f"SELECT count(*) AS n FROM events e{condition}", params)[0]["n"])
        rows = self._rows(
            f"SELECT e.* FROM events e{condition}"
            " ORDER BY e.article_count DESC, e.language_count DESC, e.id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return total, [_event(row) for row in rows]

    def event_row(self, event_id: str) -> EventRow | None:
        rows = self._rows("SELECT * FROM events WHERE id = ?", (event_id,))
        return _event(rows[0]) if rows else None

    def story_events(
        self, story_id: str, limit: int | None = None, offset: int = 0
    ) -> list[tuple[EventRow, dict[str, int]]]:
        """A story's events in time order (undated last), each with its articles by language:
        all of them, or `limit` from `offset`."""
        rows = self._rows(
            "SELECT * FROM events WHERE story_id = ?"
            f" ORDER BY first_date IS NULL, first_date, {self._by_id('id')}"
            + (" LIMIT ? OFFSET ?" if limit is not None else ""),
            (story_id, limit, offset) if limit is not None else (story_id,),
        )
        return [(_event(row), _counts(row["by_language"])) for row in rows]

    def story_row(self, story_id: str) -> StoryRow | None:
        rows = self._rows("SELECT * FROM stories WHERE id = ?", (story_id,))
        return _story(rows[0]) if rows else None

    def newest_day(self) -> date | None:
        # event_days holds every day an article is about (an undated one: its event's first)
        rows = self._rows("SELECT max(day) AS day FROM event_days")
        return _date(rows[0]["day"]) if rows else None

    def top_stories(
        self, start: date | None, end: date | None, limit: int
    ) -> list[tuple[StoryRow, int]]:
        """Stories ranked by their articles that fall in the period (an article counts on the
        day it is about, else its event's first day; an undated one only in an open period)."""
        if start is None and end is None:
            rows = self._rows(
                "SELECT s.*, s.article_count AS in_period FROM stories s WHERE s.article_count > 0"
                " ORDER BY s.article_count DESC, s.language_count DESC, s.id LIMIT ?",
                (limit,),
            )
        else:
            # UNDATED sorts before every day: it is in the period only when that is open
            low, high = _iso(start) or UNDATED, _iso(end) or "9999-12-31"
            rows = self._rows(
                "SELECT s.*, p.n AS in_period FROM (SELECT story_id, sum(articles) AS n"
                " FROM event_days WHERE day >= ? AND day <= ? AND story_id IS NOT NULL"
                " GROUP BY story_id) p JOIN stories s ON s.id = p.story_id"
                " ORDER BY p.n DESC, s.language_count DESC, s.id LIMIT ?",
                (low, high, limit),
            )
        return [(_story(row), int(row["in_period"])) for row in rows]

    def entity(self, entity_id: str) -> Entity | None:
        rows = self._rows("SELECT record FROM entities WHERE id = ?", (entity_id,))
        return entity_from_record(json.loads(rows[0]["record"])) if rows else None

    def find_entity(self, name_or_id: str) -> Entity | None:
        """An entity by id, or by any of its names in any script (the first by id if several)."""
        found = self.entity(name_or_id)
        if found is not None:
            return found
        key = surface_key(name_or_id)
        rows = self._rows(
            f"SELECT entity_id FROM entity_keys WHERE key = ? ORDER BY {self._by_id('entity_id')}"
            " LIMIT 1",
            (key,),
        )
        return self.entity(rows[0]["entity_id"]) if rows else None

    def _by_id(self, column: str) -> str:
        """Ids sorted by their code points, as Python sorts them."""
        return column

    def entity_rankings(
        self, entity_type: str | None, needle: str | None, limit: int, offset: int = 0
    ) -> tuple[int, list[tuple[Entity, int, dict[str, int]]]]:
        """Entities by mentions, with their mentions by language: one page, and how many."""
        clauses: list[str] = []
        params: list[Any] = []
        if entity_type:
            clauses.append("coalesce(e.type, '') = ?")
            params.append(entity_type)
        if needle:
            clauses.append(self._contains("coalesce(e.name_keys, t.entity_id)"))
            params.append(needle)
        condition = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        join = " FROM entity_totals t LEFT JOIN entities e ON e.id = t.entity_id"
        counted = join if clauses else " FROM entity_totals t"  # the join only to filter
        total = int(self._rows(f"SELECT count(*) AS n{counted}{condition}", params)[0]["n"])
        rows = self._rows(
            f"SELECT t.entity_id, t.mentions, e.name, e.type{join}{condition}"
            " ORDER BY t.mentions DESC, t.entity_id LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        by_language = self.mentions_by_language([row["entity_id"] for row in rows])
        ranked = []
        for row in rows:
            entity = _named(row["entity_id"], row["name"], row["type"])
            ranked.append((entity, int(row["mentions"]), by_language.get(entity.id, {})))
        return total, ranked

    def mentions_by_language(self, entity_ids: Sequence[str]) -> dict[str, dict[str, int]]:
        """Each entity's mentions per language, most first."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for chunk in _chunks(list(entity_ids)):
            for row in self._rows(
                "SELECT entity_id, language, sum(mentions) AS n FROM entity_days"
                f" WHERE entity_id IN ({marks(chunk)}) GROUP BY entity_id, language",
                chunk,
            ):
                counts[row["entity_id"]][row["language"]] += int(row["n"])
        return {
            e: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for e, c in counts.items()
        }

    def entity_mention_count(self, entity_id: str) -> int:
        rows = self._rows("SELECT mentions FROM entity_totals WHERE entity_id = ?", (entity_id,))
        return int(rows[0]["mentions"]) if rows else 0

    def entity_days(self, entity_id: str) -> list[tuple[date | None, str, int]]:
        """(day, language, mentions) of an entity; day None for undated articles."""
        rows = self._rows(
            "SELECT day, language, mentions FROM entity_days WHERE entity_id = ?", (entity_id,)
        )
        return [(_date(row["day"] or None), row["language"], int(row["mentions"])) for row in rows]

    def entity_surfaces(self, entity_id: str) -> list[str]:
        rows = self._rows("SELECT surface FROM entity_surfaces WHERE entity_id = ?", (entity_id,))
        return [row["surface"] for row in rows]

    def co_occurring(self, entity_id: str, limit: int) -> list[tuple[Entity, int]]:
        """The entities named in most articles together with this one."""
        rows = self._rows(
            "SELECT c.other_id, c.articles, e.name, e.type FROM cooccurrence c"
            " LEFT JOIN entities e ON e.id = c.other_id WHERE c.entity_id = ?"
            " ORDER BY c.articles DESC, c.other_id LIMIT ?",
            (entity_id, limit),
        )
        return [
            (_named(row["other_id"], row["name"], row["type"]), int(row["articles"]))
            for row in rows
        ]

    def shared_entities(
        self, event_id: str, limit: int | None = None
    ) -> list[tuple[Entity, int, list[str]]]:
        """Entities named by at least two articles of the event (of its first `limit`: an
        event grows with the archive), with the articles' count and languages, most widely
        shared first."""
        articles: dict[str, int] = defaultdict(int)
        languages: dict[str, set[str]] = defaultdict(set)
        bound = " LIMIT ?" if limit is not None else ""
        # Counted in the query, per entity and language (an article has one language): the
        # rows of every (entity, article) pair were 1,300 on a big event, 7.5 ms to build
        # sets from in Python, under the GIL that the page's other readers wait for.
        for row in self._rows(
            "SELECT m.entity_id, a.language, count(DISTINCT a.id) AS articles FROM"
            f" (SELECT id, language FROM articles WHERE event_id = ? ORDER BY seq{bound}) a"
            " JOIN mentions m ON m.article_id = a.id GROUP BY m.entity_id, a.language",
            (event_id, limit) if limit is not None else (event_id,),
        ):
            articles[row["entity_id"]] += int(row["articles"])
            if row["language"]:
                languages[row["entity_id"]].add(row["language"])
        shared = [e for e, count in articles.items() if count >= 2]
        known = self._entities(shared)
        found = [
            (known.get(e) or Entity(e, e, ""), articles[e], sorted(languages[e])) for e in shared
        ]
        return sorted(found, key=lambda f: (-f[1], -len(f[2]), f[0].name))

    def _entities(self, ids: Sequence[str]) -> dict[str, Entity]:
        found: dict[str, Entity] = {}
        for chunk in _chunks(list(ids)):
            for row in self._rows(
                f"SELECT id, name, type FROM entities WHERE id IN ({marks(chunk)})",
                chunk,
            ):
                found[row["id"]] = _named(row["id"], row["name"], row["type"])
        return found

    def quote_rows(
        self, where: QuoteFilter, limit: int, offset: int = 0
    ) -> tuple[int, list[QuoteRow]]:
        """Quotations that pass the filter in the order they were stored, one page, and how
        many pass."""
        clauses: list[str] = []
        params: list[Any] = []
        if where.speaker_id is not None:
            clauses.append("q.speaker_id = ?")
            params.append(where.speaker_id)
        elif where.speaker_key:
            clause, values = self._quote_contains("q.speaker_key", where.speaker_key)
            clauses.append(clause)
            params += values
        elif where.speaker_key is not None:
            clauses.append("1 = 0")  # a name with no letters names nobody
        if where.language:
            clauses.append("q.language = ?")
            params.append(where.language)
        if where.alternatives:
            clause, words = self._quote_text_clause(where.alternatives)
            clauses.append(clause)
            params += words
        condition = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        # The speaker's entity as it is named now: a name learnt from one script gives way to
        # a Latin spelling seen later (Almberto Tsirio: Alberto Cirio), after the quote was kept.
        columns = (
            "SELECT q.text, COALESCE(e.name, q.speaker) AS speaker, q.speaker_id, q.verb, q.kind,"
            " q.article_id, q.language, a.title, a.event_id, a.published FROM quotes q"
            " JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id"
        )
        if where.alternatives:
            # the words' matches are bounded (`_quote_text_clause`): looked up once, counted
            # and paged here, rather than once to count and once for the page
            ids = [
                row["id"]
                for row in self._rows(f"SELECT q.id FROM quotes q{condition} ORDER BY q.id", params)
            ]
            page = ids[offset : offset + limit]
            total = len(ids)
            rows = self._rows(
                f"{columns} WHERE q.id IN ({marks(page or [-1])}) ORDER BY q.id", page or [-1]
            )
        else:
            total = int(
                self._rows(f"SELECT count(*) AS n FROM quotes q{condition}", params)[0]["n"]
            )
            rows = self._rows(
                f"{columns}{condition} ORDER BY q.id LIMIT ? OFFSET ?", (*params, limit, offset)
            )
        return total, [
            QuoteRow(
                text=row["text"],
                speaker=row["speaker"],
                speaker_id=row["speaker_id"],
                verb=row["verb"],
                kind=row["kind"],
                article_id=row["article_id"],
                article_title=row["title"] or "",
                language=row["language"],
                event_id=row["event_id"],
                published=_date(row["published"]),
            )
            for row in rows
        ]

    def languages(self) -> list[str]:
        return [row["language"] for row in self._rows("SELECT language FROM languages")]

    def totals(self) -> dict[str, int]:
        """How many articles, events, stories and languages the database holds."""
        counts = {"articles": self._article_count(None)}
        for table in ("events", "stories", "languages"):
            counts[table] = int(self._rows(f"SELECT count(*) AS n FROM {table}")[0]["n"])
        return counts

    def _article_count(self, language: str | None) -> int:
        """Articles in a language, or all, from the languages table written with them (a
        count(*) of the articles reads every row of an index); those of no language through
        the language index."""
        if language:
            rows = self._rows("SELECT articles FROM languages WHERE language = ?", (language,))
            return int(rows[0]["articles"]) if rows else 0
        known = self._rows("SELECT coalesce(sum(articles), 0) AS n FROM languages")[0]["n"]
        unknown = self._rows(
            "SELECT count(*) AS n FROM articles WHERE language IS NULL OR language = ''"
        )[0]["n"]
        return int(known) + int(unknown)


# -- helpers --------------------------------------------------------------------------------------

CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on bound parameters


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def key_prefix_end(prefix: str) -> str:
    """The first key after every key that starts with the prefix ("" for all keys)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\U0010ffff"


def marks(items: Sequence[Any]) -> str:
    return ",".join("?" * len(items))


def fewest_alternatives(alternatives: list[list[str]]) -> list[list[str]]:
    """The alternatives less those another one implies: a text that holds "europejczykami"
    holds "euro" too, so with ["euro"] among them ["europejczykami"] finds nothing more (an
    entity's names in every inflection cost an index lookup each)."""

    def implies(wider: list[str], narrower: list[str]) -> bool:
        return all(any(word in other for other in narrower) for word in wider)

    kept: list[list[str]] = []
    for words in sorted(alternatives, key=lambda ws: (len(ws), sum(map(len, ws)), ws)):
        if not any(implies(shorter, words) for shorter in kept):
            kept.append(words)
    return kept


def _named(entity_id: str, name: str | None, entity_type: str | None) -> Entity:
    """An entity as a list shows it: id, name and type (an unknown id named by itself); its
    variants and keys, large for a country, are read by `entity` when a page shows them."""
    return Entity(entity_id, name or entity_id, entity_type or "")


def _text(text: str) -> str:
    """PostgreSQL text cannot hold NUL characters, which scraped pages sometimes carry."""
    return text.replace("\x00", "")


def _entity_keys(entity: Entity) -> set[str]:
    keys = set(entity.keys) | {surface_key(n) for n in (entity.name, *entity.variants)}
    return {k for k in keys if k}


def _counts(column: str | None) -> dict[str, int]:
    """'bg:3,en:2' (the events' by_language column) as {'bg': 3, 'en': 2}."""
    pairs = (item.rpartition(":") for item in (column or "").split(",") if item)
    return {language: int(n) for language, _, n in pairs}


def _language_list(languages: Iterable[str]) -> str:
    """Languages as ',bg,en,': one column a "contains ,xx," test filters on."""
    listed = ",".join(languages)
    return f",{listed}," if listed else ""


def _languages(column: str | None) -> list[str]:
    return [lang for lang in (column or "").split(",") if lang]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def brief_of_row(row: dict[str, Any]) -> ArticleBrief:
    return ArticleBrief(
        id=row["id"],
        title=row["title"] or "",
        language=row["language"] or "",
        published=_date(row["published"]),
        event_date=_date(row["event_date"]),
        source=row["source"],
        url=row["url"],
        site=row["site"],
        event_id=row["event_id"],
        story_id=row["story_id"],
        lead=row["lead"] or "",
    )


def _event(row: dict[str, Any]) -> EventRow:
    return EventRow(
        id=row["id"],
        title=row["title"],
        story_id=row["story_id"],
        first_date=_date(row["first_date"]),
        last_date=_date(row["last_date"]),
        article_count=int(row["article_count"]),
        languages=_languages(row["languages"]),
    )


def _story(row: dict[str, Any]) -> StoryRow:
    return StoryRow(
        id=row["id"],
        title=row["title"],
        event_count=int(row["event_count"]),
        article_count=int(row["article_count"]),
        languages=_languages(row["languages"]),
        first_date=_date(row["first_date"]),
        last_date=_date(row["last_date"]),
    )


def _clusters_from_state(
    event_records: list[dict[str, Any]],
    story_records: list[dict[str, Any]],
    story_of_event: dict[str, str | None],
) -> tuple[list[Event], list[Story]]:
    """Events and stories from the cluster state records (cluster/events.py and stories.py
    write them; a member record is the one without a "kind" of header, feature or merge)."""
    events = [
        Event(
            id=r["id"],
            article_ids=list(r.get("article_ids", [])),
            title=r.get("title") or "",
            first_date=_date(r.get("first_day")),
            last_date=_date(r.get("last_day")),
            story_id=story_of_event.get(r["id"]),
        )
        for r in event_records
        if "article_ids" in r
    ]
    stories = [
        Story(id=r["id"], event_ids=list(r.get("event_ids", [])), title=r.get("title") or "")
        for r in story_records
        if "event_ids" in r
    ]
    return events, stories
