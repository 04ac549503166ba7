"""The HTML pages: server-rendered from the named queries (queries.py), one per route.

Article text is untrusted: templates autoescape, the SVG is built here from escaped strings,
and the app's Content-Security-Policy forbids inline scripts and anything from another origin.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from newsweave import settings
from newsweave.model import Article
from newsweave.serve import queries
from newsweave.serve.queries import DEFAULT_PERIOD, PAGE_LIMIT_MAX, PERIODS, EventEntry, Site
from newsweave.store import Store
from newsweave.store.indexed import ArticleBrief

WEB = Path(__file__).resolve().parent / "web"

GRAPH_LABEL_CHARS = 26  # longer names overlap their neighbours; the tooltip has the full name
TIMELINES_ON_FRONT = 3  # stories on the front page drawn with their timeline
EVENTS_ON_CARD = 4  # events a story's card on the front page lists (front.html)
TOP_ENTITIES_ON_FRONT = 12
ENTITIES_LISTED = 200
QUOTES_BROWSED = 30  # quotations shown before the reader asks for anything
EVENT_ARTICLES_SIDE_BY_SIDE = 24  # whole texts side by side: more is not read, only scrolled
ENTITY_ARTICLES_SHOWN = 50


# -- SVG pictures (built here from escaped strings; the templates mark them safe) -----------------


@dataclass
class Column:
    """One column of a time chart: a day, counts per language, a link and a tooltip."""

    day: date | None
    counts: dict[str, int]
    href: str
    label: str


def time_columns_svg(site: Site, columns: list[Column], caption: str) -> Markup:
    """Stacked columns over a time axis, one colour per language; undated columns at the end."""
    if not columns:
        return Markup("")
    bar, gap, left, right, top, bottom = 22, 6, 40, 20, 16, 46
    height = 200
    dated = sorted((c for c in columns if c.day), key=lambda c: c.day)  # type: ignore[arg-type, return-value]
    undated = [c for c in columns if not c.day]
    first, last = (dated[0].day, dated[-1].day) if dated else (None, None)
    span = max(((last - first).days if first and last else 0), 1)
    plot = max(560, (len(columns)) * (bar + gap))
    xs: list[float] = []
    for column in dated:
        x = left + ((column.day - first).days / span) * (plot - bar) if first else left  # type: ignore[operator]
        if xs and x < xs[-1] + bar + gap:
            x = xs[-1] + bar + gap  # same or neighbouring days: side by side, not on top
        xs.append(x)
    for _ in undated:
        xs.append((xs[-1] if xs else left) + bar + 3 * gap)
    width = int(max(xs) + bar + right)
    tallest = max(sum(c.counts.values()) for c in columns) or 1
    unit = (height - top - bottom) / tallest
    base = height - bottom
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(caption)}</title>',
        f'<line class="axis" x1="{left - 8}" y1="{base}" x2="{width - right + 8}" y2="{base}"/>',
        f'<text class="tick" x="{left - 12}" y="{top + 4}" text-anchor="end">{tallest}</text>',
        f'<text class="tick" x="{left - 12}" y="{base}" text-anchor="end">0</text>',
    ]
    previous_label = ""
    for x, column in zip(xs, [*dated, *undated], strict=True):
        y = float(base)
        tooltip = (
            column.label
            + " — "
            + ", ".join(f"{lang}: {n}" for lang, n in sorted(column.counts.items()))
        )
        parts.append(f'<a href="{escape(column.href)}"><g class="column">')
        parts.append(f"<title>{escape(tooltip)}</title>")
        for language, count in sorted(column.counts.items()):
            h = count * unit
            y -= h
            parts.append(
                f'<rect class="{site.colour(language)}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar}" height="{h:.1f}" rx="2"/>'
            )
        parts.append("</g></a>")
        day_label = column.day.strftime("%d %b") if column.day else "undated"
        if day_label != previous_label:
            parts.append(
                f'<text class="tick" x="{x + bar / 2:.1f}" y="{base + 16}" '
                f'text-anchor="middle">{escape(day_label)}</text>'
            )
            if column.day and (column.day == first or column.day == last):
                parts.append(
                    f'<text class="tick year" x="{x + bar / 2:.1f}" y="{base + 30}" '
                    f'text-anchor="middle">{column.day.year}</text>'
                )
        previous_label = day_label
    parts.append("</svg>")
    return Markup("".join(parts))


def cooccurrence_svg(entity: dict[str, Any], neighbours: list[dict[str, Any]]) -> Markup:
    """The entity in the middle, the entities named with it around, edges as thick as the count."""
    if not neighbours:
        return Markup("")
    width, height, radius = 720, 380, 130
    cx, cy = width / 2, height / 2
    heaviest = max(n["count"] for n in neighbours)
    parts = [
        f'<svg class="graph" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(entity['name'])} and the entities named with it</title>"
    ]
    nodes = []
    for index, other in enumerate(neighbours):
        angle = 2 * math.pi * index / len(neighbours) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        stroke = 1 + 5 * other["count"] / heaviest
        parts.append(
            f'<line class="edge" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke-width="{stroke:.1f}"/>'
        )
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (22 if math.sin(angle) > 0 else -14)
        nodes.append(
            f'<a href="/entities/{escape(other["id"])}"><g class="node t-{escape(other["type"])}">'
            f"<title>{escape(other['name'])}: {other['count']} article(s) together</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8"/>'
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
            f"{escape(_shorten(other['name'], GRAPH_LABEL_CHARS))}</text></g></a>"
        )
    parts += nodes
    parts.append(
        f'<g class="node centre t-{escape(entity["type"])}"><circle cx="{cx}" cy="{cy}" r="14"/>'
        f'<text x="{cx}" y="{cy + 32}" text-anchor="middle">{escape(entity["name"])}</text></g>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- templates ----------------------------------------------------------------------------------


def _templates() -> Jinja2Templates:
    environment = Environment(loader=FileSystemLoader(WEB / "templates"), autoescape=True)
    environment.filters["highlight"] = highlight_snippet
    environment.filters["source_label"] = source_label
    return Jinja2Templates(env=environment)


def source_label(article: Article | ArticleBrief) -> str:
    """Where an article came from, short: its site, else its URL's host, else its file name."""
    if article.meta.get("site"):
        return article.meta["site"]
    if article.url:
        return urlsplit(article.url).netloc or article.url
    return Path(article.source.split("#")[0]).name + (
        "#" + article.source.split("#", 1)[1] if "#" in article.source else ""
    )


def highlight_snippet(snippet: str) -> Markup:
    """The search snippet escaped, with FTS5's [match] markers turned into <mark>."""
    out: list[Markup] = []
    chunk: list[str] = []
    inside = False
    for char in snippet:
        if char == "[" and not inside:
            out.append(escape("".join(chunk)))
            chunk, inside = [], True
        elif char == "]" and inside:
            out.append(Markup("<mark>") + escape("".join(chunk)) + Markup("</mark>"))
            chunk, inside = [], False
        else:
            chunk.append(char)
    out.append(escape(("[" if inside else "") + "".join(chunk)))
    return Markup("").join(out)


# -- the pages ------------------------------------------------------------------------------------


def add_pages(
    app: FastAPI, store: Callable[[], Store], memo: queries.Memo, spec: Callable[[], Any]
) -> None:
    """Register the HTML pages; `store` gives the calling thread's store."""
    templates = _templates()

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("site", queries.site_facts(store()))
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def missing(request: Request, what: str, item_id: str) -> HTMLResponse:
        return page(request, "missing.html", status_code=404, what=what, item_id=item_id)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def front_page(request: Request, period: str = DEFAULT_PERIOD, until: date | None = None):
        db = store()
        site = queries.site_facts(db)
        period = period if period in PERIODS else DEFAULT_PERIOD
        start, end = queries.period_bounds(db, period, until)
        stories = []
        timelines = {}
        for rank, summary in enumerate(queries.top_stories(db, start, end)):
            # a card lists its first events; only the stories drawn need a page of them
            drawn = rank < TIMELINES_ON_FRONT
            members = queries.story_members(
                db,
                summary["id"],
                with_articles=False,
                limit=queries.STORY_EVENTS_PAGE if drawn else EVENTS_ON_CARD,
            )
            stories.append((summary, [entry for entry, _ in members]))
            if drawn:
                timelines[summary["id"]] = time_columns_svg(
                    site, _event_columns(members), summary["title"]
                )
        return page(
            request,
            "front.html",
            site=site,
            stories=stories,
            timelines=timelines,
            period=period,
            periods=list(PERIODS),
            start=start,
            end=end,
            top_entities=queries.list_entities(db, None, None, TOP_ENTITIES_ON_FRONT)["items"],
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str, offset: int = 0):
        db = store()
        story = db.story_row(story_id)
        if story is None:
            return missing(request, "story", story_id)
        site = queries.site_facts(db)
        offset = max(0, offset)
        members = queries.story_members(db, story_id, offset=offset)
        following = offset + queries.STORY_EVENTS_PAGE
        return page(
            request,
            "story.html",
            site=site,
            story=queries.story_summary(story),
            members=[entry for entry, _ in members],
            offset=offset,
            next_url=f"/stories/{story_id}?offset={following}"
            if following < story.event_count
            else None,
            timeline=time_columns_svg(site, _event_columns(members), f"Timeline: {story.title}"),
        )

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str):
        db = store()
        event = db.event_row(event_id)
        if event is None:
            return missing(request, "event", event_id)
        articles = db.full_articles(event_id, EVENT_ARTICLES_SIDE_BY_SIDE)
        return page(
            request,
            "event.html",
            view=EventEntry(event, articles),
            story=db.story_row(event.story_id) if event.story_id else None,
            articles=sorted(articles, key=lambda a: (a.language, a.title)),
            shared=queries.shared_entities(db, event_id),
            groups=queries.matched_quotes(db, memo, event_id),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str):
        article = store().article(article_id)
        if article is None:
            return missing(request, "article", article_id)
        return page(request, "article.html", article=article)

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, q: str = ""):
        found = queries.list_entities(store(), None, q or None, ENTITIES_LISTED)
        return page(request, "entities.html", q=q, entities=found["items"])

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str):
        db = store()
        entity = queries.find_entity(db, entity_id)
        if entity is None:
            return missing(request, "entity", entity_id)
        site = queries.site_facts(db)
        detail = queries.entity_detail(db, entity, ENTITY_ARTICLES_SHOWN)
        columns = [
            Column(
                date.fromisoformat(row["date"]) if row["date"] else None,
                row["by_language"],
                f"/search?q={quote_plus(entity.name)}",
                row["date"] or "undated",
            )
            for row in detail["mentions_by_date"]
        ]
        return page(
            request,
            "entity.html",
            site=site,
            entity=detail,
            mentions=time_columns_svg(site, columns, f"Mentions of {entity.name} over time"),
            graph=cooccurrence_svg(detail, detail["co_occurring"]),
        )

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, speaker: str = "", q: str = "", language: str = ""):
        asked = bool(speaker.strip() or q.strip() or language)
        total, found = queries.list_quotes(
            store(),
            speaker or None,
            q or None,
            language or None,
            PAGE_LIMIT_MAX if asked else QUOTES_BROWSED,
            0,
        )
        return page(
            request,
            "quotes.html",
            speaker=speaker,
            q=q,
            language=language,
            asked=asked,
            quotes=found,
            total=total,
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", language: str = "", offset: int = 0):
        db = store()
        offset = max(0, offset)
        total, hits = (
            queries.search_page(db, q, language or None, queries.SEARCH_PAGE, offset)
            if q.strip()
            else (0, [])
        )
        following = offset + queries.SEARCH_PAGE
        return page(
            request,
            "search.html",
            q=q,
            search_q=q,
            language=language,
            hits=hits,
            total=total,
            bounded=total >= settings.SEARCH_CANDIDATES,
            offset=offset,
            next_url=(
                f"/search?{urlencode({'q': q, 'language': language, 'offset': following})}"
                if following < total
                else None
            ),
            terms=queries.search_terms(db, q) if q.strip() else [],
            found_languages=sorted({h.article.language for h in hits if h.article.language}),
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        return page(request, "docs.html", spec=spec())


def _event_columns(members: list[tuple[EventEntry, dict[str, int]]]) -> list[Column]:
    return [
        Column(
            entry.event.first_date,
            by_language,
            f"/events/{entry.event.id}",
            f"{entry.event.title} ({entry.event.article_count} article(s))",
        )
        for entry, by_language in members
    ]
