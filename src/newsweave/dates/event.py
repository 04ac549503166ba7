"""Choose the day the article's main happening took place."""

from __future__ import annotations

from datetime import date

from newsweave import settings
from newsweave.model import DateRef

# How much a kind of expression says about the happening's own day: "yesterday" and "on Friday"
# almost always date the reported act; a bare month is background more often than not.
_KIND_WEIGHT = {"relative": 1.0, "weekday": 1.0, "absolute": 0.9, "month": 0.3}


def _score(ref: DateRef, published: date | None) -> float:
    assert ref.date is not None
    score = _KIND_WEIGHT.get(ref.kind, 0.5)
    if ref.start < settings.EVENT_LEAD_CHARS:
        score += 0.3
    if published is None:
        return score
    days_before = (published - ref.date).days
    if -settings.EVENT_FUTURE_DAYS <= days_before <= settings.EVENT_RECENT_DAYS:
        score += 0.5
    elif days_before < 0:
        score -= 0.5  # announced for later: not what happened
    else:
        score -= min(0.6, days_before / 60)  # background grows weaker the older it is
    return score


def _announced(ref: DateRef, published: date | None) -> bool:
    """A day after publication is a plan ("next year", "next Friday"), not what happened."""
    assert ref.date is not None
    return published is not None and (ref.date - published).days > settings.EVENT_FUTURE_DAYS


def choose_event_date(
    dates: list[DateRef], published: date | None, fall_back_to_published: bool = True
) -> tuple[date | None, float]:
    """The happening's date with a confidence; the publication date as a weaker fallback."""
    dated = [ref for ref in dates if ref.date is not None and not _announced(ref, published)]
    if published is None:
        # With nothing to anchor against, only a day-precise date in the text can say when.
        dated = [ref for ref in dated if ref.kind == "absolute"]
    if dated:
        # Earlier mentions win ties: the lead says when, the rest gives context.
        best = max(dated, key=lambda ref: (_score(ref, published), -ref.start))
        score = _score(best, published)
        if score >= settings.EVENT_MIN_SCORE:
            return best.date, round(min(1.0, score / 1.8), 2)
    if published is not None and fall_back_to_published:
        return published, settings.EVENT_CONFIDENCE_PUBLISHED
    return None, 0.0
