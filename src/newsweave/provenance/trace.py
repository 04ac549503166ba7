"""Syndicated and translated copies among the articles of one event.

Agencies sell one wire to many outlets, which run it as is, translate it or rewrite it. A copy
keeps what a translation cannot change: the order in which names and numbers appear, the
paragraphs, the quotations; a same-language copy keeps whole phrases. The original is the
earliest article, or the one whose credit the copy repeats and extends ("/БГНЕС, АП" over "AP").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from newsweave import settings
from newsweave.clean.credits import agency_aliases
from newsweave.model import Article, Provenance
from newsweave.quotes.match import quote_key, quote_similarity

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
WORD = re.compile(r"\w+")


@dataclass
class CopyEvidence:
    """How much of one article another one carries, and what shows it."""

    score: float
    role: str  # "copy" | "translation" | "rewrite" | "" (unrelated telling)
    evidence: list[str]


def copy_evidence(original: Article, copy: Article) -> CopyEvidence:
    """Whether `copy` reproduces `original`: as is, translated, or rewritten."""
    if original.language == copy.language:
        containment = _containment(_shingles(original.text), _shingles(copy.text))
        if containment >= settings.COPY_MIN_CONTAINMENT:
            return CopyEvidence(containment, "copy", [f"{containment:.0%} of phrases shared"])
    theirs, ours = _agencies(original, credited_only=True), _agencies(copy, credited_only=False)
    if theirs and ours and not theirs & ours:
        # Each credits its own agency (AFP beside AP): two tellings, not one copied.
        return CopyEvidence(0.0, "", [f"different agencies: {', '.join(sorted(theirs | ours))}"])
    entities = _sequence_ratio(_entity_sequence(original), _entity_sequence(copy))
    numbers = _sequence_ratio(NUMBER.findall(original.text), NUMBER.findall(copy.text))
    paragraphs = _paragraph_alignment(original, copy)
    quotes = _matched_quote_share(original, copy)
    score = (
        settings.TRANSLATION_WEIGHT_ENTITIES * entities
        + settings.TRANSLATION_WEIGHT_NUMBERS * numbers
        + settings.TRANSLATION_WEIGHT_PARAGRAPHS * paragraphs
        + settings.TRANSLATION_WEIGHT_QUOTES * quotes
    )
    evidence = [
        f"names in the same order {entities:.0%}",
        f"numbers in the same order {numbers:.0%}",
        f"paragraphs aligned {paragraphs:.0%}",
        f"quotations matched {quotes:.0%}",
    ]
    if _marked_translation(copy):
        evidence.append(f"marked as translated: {copy.meta['translated_from']}")
        score = max(score, settings.TRANSLATION_MIN_SCORE)
    cited = theirs & ours
    if cited:
        evidence.append("cites " + ", ".join(sorted(cited)))
    if score >= settings.TRANSLATION_MIN_SCORE and original.language != copy.language:
        return CopyEvidence(score, "translation", evidence)
    if score >= settings.REWRITE_MIN_SCORE and cited:
        return CopyEvidence(score, "rewrite", evidence)
    return CopyEvidence(score, "", evidence)


def trace_provenance(articles: list[Article]) -> list[Provenance]:
    """One Provenance per article of an event, originals first, in the order given otherwise."""
    ordered = sorted(articles, key=_seniority)
    result: dict[str, Provenance] = {}
    for position, article in enumerate(ordered):
        best: tuple[float, Article, CopyEvidence] | None = None
        for earlier in ordered[:position]:
            if result[earlier.id].role not in ("original", "independent"):
                continue  # a copy of a copy is traced to the first original
            found = copy_evidence(earlier, article)
            if found.role and (best is None or found.score > best[0]):
                best = (found.score, earlier, found)
        if best is None:
            result[article.id] = Provenance(article.id, "independent")
        else:
            _, source, found = best
            result[source.id].role = "original"
            result[article.id] = Provenance(
                article.id, found.role, source.id, round(found.score, 3), found.evidence
            )
    return [result[a.id] for a in ordered]


def _seniority(article: Article) -> tuple[date, int, int]:
    """Earliest first; on the same day, fewer agency credits first (a resale adds its own)."""
    credits = [a for a in article.meta.get("agency", "").split(",") if a.strip()]
    return (article.published or date.max, len(credits), -len(article.text))


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = WORD.findall(text.casefold())
    size = settings.COPY_SHINGLE_WORDS
    return {tuple(words[i : i + size]) for i in range(max(len(words) - size + 1, 0))}


def _containment(a: set, b: set) -> float:
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def _entity_sequence(article: Article) -> list[str]:
    """Canonical entities in order of mention, repeats in a row collapsed."""
    sequence: list[str] = []
    for mention in sorted(article.mentions, key=lambda m: m.start):
        if mention.entity_id and (not sequence or sequence[-1] != mention.entity_id):
            sequence.append(mention.entity_id)
    return sequence


def _sequence_ratio(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _paragraphs(article: Article) -> list[tuple[int, int, frozenset[str]]]:
    """Each paragraph as (start, length, names and numbers in it): what a translation keeps."""
    result, offset = [], 0
    for part in article.text.split("\n"):
        if part.strip():
            names = {
                m.entity_id for m in article.mentions if offset <= m.start < offset + len(part)
            }
            result.append((offset, len(part), frozenset(names | set(NUMBER.findall(part)))))
        offset += len(part) + 1
    return result


def _paragraph_alignment(a: Article, b: Article) -> float:
    """How well the paragraphs pair up in order, by their names and numbers (a monotone alignment).

    A translation renders paragraph by paragraph; an independent report regroups the same facts.
    """
    pa, pb = _paragraphs(a), _paragraphs(b)
    if not pa or not pb:
        return 0.0
    # best[i][j]: the best total likeness aligning a's first i paragraphs with b's first j.
    best = [[0.0] * (len(pb) + 1) for _ in range(len(pa) + 1)]
    for i in range(1, len(pa) + 1):
        for j in range(1, len(pb) + 1):
            best[i][j] = max(
                best[i - 1][j],
                best[i][j - 1],
                best[i - 1][j - 1] + _paragraph_likeness(pa[i - 1], pb[j - 1]),
            )
    return best[-1][-1] / max(len(pa), len(pb))


def _paragraph_likeness(
    a: tuple[int, int, frozenset[str]], b: tuple[int, int, frozenset[str]]
) -> float:
    union = a[2] | b[2]
    shared = len(a[2] & b[2]) / len(union) if union else 0.5
    # Translations change a paragraph's length by a third at most.
    length = min(a[1], b[1]) / max(a[1], b[1], 1)
    return shared * (1.0 if length >= 0.6 else length)


def _matched_quote_share(a: Article, b: Article) -> float:
    if not a.quotes or not b.quotes:
        return 0.0
    keys_b = [quote_key(q.text, b.language) for q in b.quotes]
    matched = sum(
        any(
            quote_similarity(quote_key(q.text, a.language), kb) >= settings.QUOTE_MATCH_THRESHOLD
            for kb in keys_b
        )
        for q in a.quotes
    )
    return matched / max(len(a.quotes), len(b.quotes))


def _marked_translation(article: Article) -> bool:
    return bool(article.meta.get("translated_from"))


def _agencies(article: Article, credited_only: bool) -> set[str]:
    """Agencies an article credits, and unless credited_only, names in its text ("сообщает AP")."""
    found = {a.strip() for a in article.meta.get("agency", "").split(",") if a.strip()}
    if not credited_only:
        found |= {
            name
            for alias, name in agency_aliases().items()
            if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", article.text)
        }
    return found
