"""The HTTP face of newsweave: a JSON API and server-rendered pages over one database.

    uvicorn --factory "newsweave.serve.api:app_from_env"   # or: newsweave serve --db X

Every route is a thin shell over one named query (queries.py) that reads the store through
its indexes, one page at a time: a request costs the same whatever the size of the archive,
and what `newsweave run` or `watch` committed a moment ago is in the next answer. Each worker
thread reads through its own store (SQLite connections stay in the thread that opened them);
posted articles go through one pipeline, one at a time. The HTML pages are in pages.py.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Body, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, model_validator

from newsweave import settings
from newsweave.clean import clean_document
from newsweave.cluster.encoder import CentredEncoder, Encoder, close_encoders
from newsweave.entities.gazetteer import default_gazetteer
from newsweave.ingest.read import BadInput
from newsweave.langs.detect import load_models as load_language_models
from newsweave.langs.lemmas import load_dictionaries
from newsweave.model import RawDocument
from newsweave.pipeline import Pipeline
from newsweave.quotes.lexicon import attribution_lexicon
from newsweave.serve import queries
from newsweave.serve.pages import WEB, Column, add_pages, highlight_snippet
from newsweave.serve.queries import PAGE_LIMIT_MAX, PERIODS, iso, script_of
from newsweave.store import Store, open_store
from newsweave.store.errors import StorageError
from newsweave.store.indexed import ArticleFilter
from newsweave.store.records import article_record

MAX_INGEST_RECORDS = (
    200  # one POST analyses synchronously; bigger batches belong to `newsweave run`
)
MAX_INGEST_CHARS = 2_000_000  # a news page is rarely over 200 KB of text
WARM_EVENTS = 50  # events whose quote matches are built at startup, biggest first
# Threads that answer requests (AnyIO's default is 40): each reads through its own database
# connection and page cache, and two cores gain nothing from more.
READER_THREADS = 8

# Everything comes from this origin; no inline script can run, whatever an article contains.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class Server:
    """One database behind the app: a store per reading thread, one pipeline for writes."""

    def __init__(self, db: str, encoders: Sequence[Encoder] = ()) -> None:
        self.db = db
        self.encoders = list(encoders)  # one set for all writers: they take turns (_write_lock)
        self.memo = queries.Memo()
        self._local = threading.local()
        self._write_lock = threading.Lock()
        # The pipeline holds the entity index and the clusters in memory: one for the server,
        # kept while no one else writes, with the article count it was loaded at.
        self._pipeline: tuple[int, Pipeline] | None = None
        open_store(db).close()  # create (or bring forward) the schema before the first read

    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db)
        return store

    def warm(self) -> None:
        """Load the lemma dictionary of every language of the database (quotation keys need
        them), match the quotations of the biggest events and load the writer, before the
        first reader or writer asks: the server reaches its working size at start, not
        minutes later when a reader first opens an event in another language."""
        try:
            store = self.store()
            languages = store.languages()
            load_dictionaries(languages)
            _, events = store.event_rows(None, None, 1, WARM_EVENTS)
            for event in events:
                queries.matched_quotes(store, self.memo, event.id)
            # The writer too, so that the first POST costs its own analysis, not the loads
            # (they took it to 0.9-1.1 s): the gazetteer and the entity and event indexes,
            # the known names' inflection-blind index (8 MB, 0.4 s), the language models
            # and reporting-verb patterns of the archive's languages (40 MB, 0.7 s), and
            # the encoder (e5: 80 MB, 0.5 s). The entity recogniser is loaded before
            # (serve's model check).
            with self._write_lock:  # (no write is half-way through while the heap settles)
                if self._pipeline is None:
                    self._pipeline = (store.count_articles(), Pipeline(store, self.encoders))
                default_gazetteer().stem_index  # noqa: B018 - built on first access
                load_language_models(languages)
                for language in languages:
                    attribution_lexicon(language)
                for encoder in self.encoders:
                    if isinstance(encoder, CentredEncoder):
                        encoder.load()
                settle_heap()
        except StorageError as error:  # each request answers 503 with it; no traceback here
            print(f"error: {error}", file=sys.stderr)

    def ingest(self, raws: list[RawDocument]) -> list[dict[str, Any]]:
        """Analyse and store documents one by one through the same pipeline as `newsweave run`."""
        results: list[dict[str, Any]] = []
        with self._write_lock:
            store = self.store()
            version = store.count_articles()
            # Reload the pipeline's indexes when another process (`newsweave run`, `watch`)
            # added articles since: they hold what it clustered.
            cached, self._pipeline = self._pipeline, None  # until this batch is through
            if cached is None or cached[0] != version:
                gc.unfreeze()  # the old writer's cycles can be collected again
                cached = (version, Pipeline(store, self.encoders))
                settle_heap()
            pipeline = cached[1]
            pipeline.store = store  # this thread's connection (SQLite binds one to a thread)
            for index, raw in enumerate(raws):
                try:
                    article = pipeline.add(raw)
                except StorageError:
                    raise  # the database's fault, not this record's: 503 (see create_app)
                except BadInput as error:
                    # Refused before anything was stored or clustered (an access wall, no text
                    # left): the pipeline is as it was, so the next records go on.
                    store.record_error(raw.source, str(error))
                    results.append({"index": index, "status": "refused", "message": str(error)})
                    continue
                except Exception as error:  # noqa: BLE001 - report which record broke, go on
                    message = f"analysis failed: {type(error).__name__}: {error}"
                    store.record_error(raw.source, message)
                    results.append({"index": index, "status": "error", "message": message})
                    return results + _not_attempted(index + 1, len(raws))
                if article is None:
                    existing = store.find_article(clean_document(raw).content_hash, raw.url)
                    results.append({"index": index, "status": "duplicate", "id": existing})
                    continue
                results.append(
                    {
                        "index": index,
                        "status": "added",
                        "id": article.id,
                        "language": article.language,
                        "event_id": article.event_id,
                        "story_id": article.story_id,
                    }
                )
            self._pipeline = (store.count_articles(), pipeline)
        return results


def _not_attempted(start: int, end: int) -> list[dict[str, Any]]:
    return [
        {"index": i, "status": "skipped", "message": "not analysed: an earlier record failed"}
        for i in range(start, end)
    ]


# -- ingest ---------------------------------------------------------------------------------------


class ArticleIn(BaseModel):
    """One article to ingest: `text` (plain) or `html` (a whole page) is required."""

    url: str | None = Field(None, max_length=4096, description="where it was published")
    title: str | None = Field(None, max_length=2000)
    text: str | None = Field(None, max_length=MAX_INGEST_CHARS, description="plain text body")
    html: str | None = Field(None, max_length=MAX_INGEST_CHARS, description="the page's HTML")
    published: str | None = Field(None, max_length=100, description="as the source gives it")
    source: str | None = Field(None, max_length=4096, description="a name for this input")
    site: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def has_a_body(self) -> ArticleIn:
        if not (self.text and self.text.strip()) and not (self.html and self.html.strip()):
            raise ValueError("an article needs a non-empty 'text' or 'html'")
        if (
            self.text is not None
            and not self.html
            and len(self.text.strip()) < settings.MIN_TEXT_CHARS
        ):
            raise ValueError(
                f"'text' is shorter than {settings.MIN_TEXT_CHARS} characters: not an article"
            )
        return self

    def raw(self, position: int) -> RawDocument:
        return RawDocument(
            source=self.source or self.url or f"api:{position}",
            text=self.text,
            html=self.html,
            url=self.url,
            title=self.title,
            published=self.published,
            site=self.site,
        )


def _not_found(what: str, item_id: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} {item_id!r}")


def settle_heap() -> None:
    """Take what the server holds now (the gazetteer, the writer's indexes, lemma
    dictionaries) out of the garbage collector's sight. A full collection walked all of it:
    105 ms on a 100,000-article archive, a pause that every request in flight waited out (the
    page p99s). Collected first, so nothing already garbage is frozen; a writer replaced later
    is unfrozen before it goes (Server.ingest)."""
    gc.collect()
    gc.freeze()


def create_app(db: str, encoders: Sequence[Encoder] = ()) -> FastAPI:
    """The FastAPI app over one newsweave database (created empty if missing); documents
    posted to it are clustered with `encoders` too (cluster.encoder), as `newsweave run` does."""
    server = Server(db, encoders)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = READER_THREADS
        threading.Thread(target=server.warm, name="newsweave-warm", daemon=True).start()
        yield
        close_encoders(server.encoders)  # what they learnt is written down

    app = FastAPI(
        lifespan=lifespan,
        title="newsweave",
        summary="Multilingual news: articles, events, stories, entities and quotations.",
        version="0.1.0",
        docs_url=None,  # the stock docs page loads its scripts from a CDN; ours is local
        redoc_url=None,
    )
    app.state.server = server
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")

    @app.exception_handler(StorageError)
    def storage_fault(request: Request, error: StorageError) -> Response:
        # 503: the request was fine and may succeed once the database is back
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(error)}, status_code=503)
        return PlainTextResponse(f"newsweave cannot read its database: {error}", status_code=503)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    add_json_routes(app, server)
    add_pages(app, server.store, server.memo, app.openapi)
    return app


def add_json_routes(app: FastAPI, server: Server) -> None:
    """The JSON API: each route checks its input and answers from one named query."""

    @app.get("/api/articles", tags=["articles"])
    def list_articles(
        language: Annotated[str | None, Query(description="ISO 639-1 code, e.g. bg")] = None,
        date_from: Annotated[date | None, Query(description="published on or after")] = None,
        date_to: Annotated[date | None, Query(description="published on or before")] = None,
        source: Annotated[str | None, Query(description="part of the source, URL or site")] = None,
        entity: Annotated[str | None, Query(description="entity id or name in any script")] = None,
        q: Annotated[str | None, Query(description="full-text search, across scripts")] = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Articles, newest first (or by relevance with `q`), filtered."""
        store = server.store()
        where = ArticleFilter(language, date_from, date_to, source)
        if entity:
            wanted = queries.find_entity(store, entity)
            if wanted is None:
                raise _not_found("entity", entity)
            where.entity_id = wanted.id
        total, page, snippets = queries.list_articles(store, where, q, limit, offset)
        items = []
        for article in page:
            item = queries.article_summary(article)
            if article.id in snippets:
                item["snippet"] = snippets[article.id]
            items.append(item)
        return {"total": total, "offset": offset, "items": items}

    @app.post("/api/articles", tags=["articles"], status_code=201)
    def ingest_articles(
        payload: Annotated[
            ArticleIn | list[ArticleIn],
            Body(description=f"one article or a list of at most {MAX_INGEST_RECORDS}"),
        ],
    ) -> JSONResponse:
        """Analyse, cluster and store articles now; they are readable as soon as this returns."""
        records = payload if isinstance(payload, list) else [payload]
        if not records:
            raise HTTPException(422, detail="the list of articles is empty")
        if len(records) > MAX_INGEST_RECORDS:
            raise HTTPException(
                413,
                detail=f"{len(records)} articles: send at most {MAX_INGEST_RECORDS} per request",
            )
        results = server.ingest([r.raw(i) for i, r in enumerate(records)])
        body = {
            "added": [r["id"] for r in results if r["status"] == "added"],
            "duplicates": [r["id"] for r in results if r["status"] == "duplicate"],
            "errors": [r for r in results if r["status"] in ("error", "refused", "skipped")],
            "results": results,
        }
        if all(r["status"] == "refused" for r in results):
            # Every record was read and found to hold no article: the input's fault.
            return JSONResponse({"detail": body["errors"][0]["message"], **body}, status_code=422)
        if body["errors"] and not body["added"] and not body["duplicates"]:
            # The input was valid (422 is for that): the analysis itself failed.
            return JSONResponse({"detail": body["errors"][0]["message"], **body}, status_code=500)
        return JSONResponse(body, status_code=201 if body["added"] else 200)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def get_article(article_id: str, raw: bool = False) -> dict[str, Any]:
        """One article with its analysis (the export record; `raw=true` adds the input body)."""
        article = server.store().article(article_id)
        if article is None:
            raise _not_found("article", article_id)
        record = article_record(article)
        if not raw:
            record.pop("raw", None)
        return record

    @app.get("/api/events", tags=["events"])
    def list_events(
        language: Annotated[
            str | None, Query(description="events reported in this language")
        ] = None,
        story: Annotated[str | None, Query(description="events of one story")] = None,
        min_languages: Annotated[int, Query(ge=1)] = 1,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Events, largest and most multilingual first (each lists its first articles)."""
        return queries.list_events(server.store(), language, story, min_languages, limit, offset)

    @app.get("/api/events/{event_id}", tags=["events"])
    def get_event(
        event_id: str,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX, description="articles")] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """An event: its articles, the entities they share and the quotations they match on."""
        detail = queries.event_detail(server.store(), server.memo, event_id, limit, offset)
        if detail is None:
            raise _not_found("event", event_id)
        return detail

    @app.get("/api/stories", tags=["stories"])
    def list_stories(
        period: Annotated[str, Query(description=" | ".join(PERIODS))] = "all",
        until: Annotated[
            date | None, Query(description="end of the period; default newest")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 100,
    ) -> dict[str, Any]:
        """Stories ranked by their articles in the period (counted back from `until`)."""
        if period not in PERIODS:
            raise HTTPException(422, detail=f"period must be one of {', '.join(PERIODS)}")
        store = server.store()
        start, end = queries.period_bounds(store, period, until)
        return {
            "period": {"from": iso(start), "to": iso(end)},
            "items": queries.top_stories(store, start, end, limit),
        }

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def get_story(
        story_id: str,
        limit: Annotated[
            int, Query(ge=1, le=PAGE_LIMIT_MAX, description="events")
        ] = queries.STORY_EVENTS_PAGE,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """A story and its timeline: events in time order with articles per language, a page
        of them (`event_count` says how many in all)."""
        detail = queries.story_detail(server.store(), story_id, limit, offset)
        if detail is None:
            raise _not_found("story", story_id)
        return detail

    @app.get("/api/entities", tags=["entities"])
    def list_entities(
        type: Annotated[str | None, Query(description="PER ORG LOC PRO EVT")] = None,  # noqa: A002
        q: Annotated[str | None, Query(description="part of the name")] = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Entities by mention count, with counts by language."""
        return queries.list_entities(server.store(), type, q, limit, offset)

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def get_entity(
        entity_id: str,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX, description="articles")] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """An entity (by id, or a name in any script): variants, mentions over time, neighbours,
        and its newest articles (`article_total` of them in all)."""
        store = server.store()
        entity = queries.find_entity(store, entity_id)
        if entity is None:
            raise _not_found("entity", entity_id)
        return queries.entity_detail(store, entity, limit, offset)

    @app.get("/api/quotes", tags=["quotes"])
    def list_quotes(
        speaker: Annotated[str | None, Query(description="name in any script, or id")] = None,
        q: Annotated[str | None, Query(description="words or a name the quote contains")] = None,
        language: Annotated[str | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT_MAX)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        """Quotations: what a speaker said, about what."""
        total, found = queries.list_quotes(server.store(), speaker, q, language, limit, offset)
        return {"total": total, "items": [queries.quote_summary(row) for row in found]}


def app_from_env() -> FastAPI:
    """For `uvicorn --factory newsweave.serve.api:app_from_env` (database from NEWSWEAVE_DB)."""
    return create_app(os.environ.get("NEWSWEAVE_DB", "newsweave.db"))


__all__ = [
    "CONTENT_SECURITY_POLICY",
    "MAX_INGEST_RECORDS",
    "ArticleIn",
    "Column",
    "Server",
    "app_from_env",
    "create_app",
    "highlight_snippet",
    "script_of",
]
