"""Articles and entities as JSON records: the export contract and the stored form.

The article record is what `newsweave export --format jsonl` writes, one per
line; its keys are documented in the README and kept stable.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from newsweave.model import Article, DateRef, Entity, Event, Mention, Quote, RemovedLine, Story

# A record as stored: json.dumps(record, ensure_ascii=False), with one encoder for all (dumps
# makes an encoder per call for any option, and a batch stores tens of thousands of records).
record_json = json.JSONEncoder(ensure_ascii=False).encode


def article_record(article: Article) -> dict[str, Any]:
    """The export contract: one JSON object per article."""
    return {
        "id": article.id,
        "url": article.url,
        "path": None if article.url else article.source,
        "source": article.source,
        "title": article.title,
        "language": article.language,
        "language_confidence": article.language_confidence,
        "script": article.script,
        "published": _iso(article.published),
        "published_source": article.published_source,
        "event_date": _iso(article.event_date),
        "text": article.text,
        "removed": [{"line": r.line, "reason": r.reason} for r in article.removed],
        "meta": dict(article.meta),
        "entities": [
            {
                "mention": m.text,
                "lemma": m.lemma,
                "canonical": m.canonical,
                "canonical_id": m.entity_id,
                "type": m.type,
                "start": m.start,
                "end": m.end,
                "confidence": m.confidence,
            }
            for m in article.mentions
        ],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker_name or q.speaker,
                "speaker_surface": q.speaker,
                "speaker_id": q.speaker_id,
                "verb": q.verb,
                "start": q.start,
                "end": q.end,
                "confidence": q.confidence,
                "kind": q.kind,
            }
            for q in article.quotes
        ],
        "dates": [
            {
                "expression": d.expression,
                "date": _iso(d.date),
                "kind": d.kind,
                "start": d.start,
                "end": d.end,
            }
            for d in article.dates
        ],
        "event_id": article.event_id,
        "story_id": article.story_id,
        "content_hash": article.content_hash,
        "raw": article.raw,
    }


def article_from_record(record: dict[str, Any]) -> Article:
    """Rebuild an Article from its record (the inverse of article_record)."""
    return Article(
        id=record["id"],
        source=record["source"],
        url=record.get("url"),
        title=record.get("title") or "",
        text=record["text"],
        raw=record.get("raw") or "",
        content_hash=record["content_hash"],
        removed=[RemovedLine(r["line"], r["reason"]) for r in record.get("removed", [])],
        meta=dict(record.get("meta") or {}),
        language=record.get("language") or "",
        language_confidence=record.get("language_confidence") or 0.0,
        script=record.get("script") or "",
        published=_date(record.get("published")),
        published_source=record.get("published_source") or "",
        event_date=_date(record.get("event_date")),
        dates=[
            DateRef(d["expression"], d["start"], d["end"], _date(d.get("date")), d["kind"])
            for d in record.get("dates", [])
        ],
        mentions=[
            Mention(
                text=m["mention"],
                start=m["start"],
                end=m["end"],
                type=m["type"],
                lemma=m.get("lemma") or "",
                entity_id=m.get("canonical_id") or "",
                canonical=m.get("canonical") or "",
                confidence=m.get("confidence", 1.0),
            )
            for m in record.get("entities", [])
        ],
        quotes=[
            Quote(
                text=q["text"],
                start=q["start"],
                end=q["end"],
                speaker=q.get("speaker_surface") or "",
                speaker_id=q.get("speaker_id") or "",
                speaker_name=q.get("speaker") or "",
                verb=q.get("verb") or "",
                confidence=q.get("confidence", 0.0),
                kind=q.get("kind", "direct"),
            )
            for q in record.get("quotes", [])
        ],
        event_id=record.get("event_id"),
        story_id=record.get("story_id"),
    )


def entity_record(entity: Entity) -> dict[str, Any]:
    # (not dataclasses.asdict: its deep copy of the sets cost more than the JSON encoding)
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "variants": sorted(entity.variants),
        "keys": sorted(entity.keys),
        "curated": entity.curated,
    }


def entity_from_record(record: dict[str, Any]) -> Entity:
    return Entity(
        id=record["id"],
        name=record["name"],
        type=record["type"],
        variants=set(record.get("variants", [])),
        keys=set(record.get("keys", [])),
        curated=bool(record.get("curated", False)),
    )


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "article_ids": list(event.article_ids),
        "first_date": _iso(event.first_date),
        "last_date": _iso(event.last_date),
        "story_id": event.story_id,
    }


def story_record(story: Story) -> dict[str, Any]:
    return {"id": story.id, "title": story.title, "event_ids": list(story.event_ids)}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
