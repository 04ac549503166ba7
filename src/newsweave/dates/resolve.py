"""Calendar arithmetic that anchors an expression to a reference date."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from newsweave import settings

SEASON_START_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # meteorological seasons


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None for impossible ones (31 February, year 0)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def monthless(day: int, reference: date | None) -> date | None:
    """The month that puts a day of the month ("12日") closest before the reference: its own,
    unless the day lies more than DATES_DAY_ALONE_FUTURE_DAYS ahead, then the month before."""
    if reference is None:
        return None
    found = safe_date(reference.year, reference.month, day)
    if found is not None and (found - reference).days <= settings.DATES_DAY_ALONE_FUTURE_DAYS:
        return found
    if reference.year == 1 and reference.month == 1:
        return None  # no month before the first one
    last_month = reference.replace(day=1) - timedelta(days=1)
    return safe_date(last_month.year, last_month.month, day)


def yearless(month: int, day: int, reference: date | None) -> date | None:
    """The year that puts a day-and-month closest before the reference.

    A date a little after the reference stays in its year: news announces what is coming soon
    ("the summit on 25 June"), but further ahead it is more likely last year's.
    """
    if reference is None:
        return None
    horizon = reference + timedelta(days=settings.DATES_YEARLESS_FUTURE_DAYS)
    for year in (reference.year + 1, reference.year, reference.year - 1, reference.year - 2):
        candidate = safe_date(year, month, day)
        if candidate is not None and candidate <= horizon:
            return candidate
    return None


def weekday(target: int, reference: date, modifier: int | None) -> date:
    """The day of week `target` (Monday 0) near the reference.

    Bare names resolve to the most recent such day on or before the reference: news reports
    the past. "last" is strictly before, "next" strictly after, "this" the coming one.
    """
    back = (reference.weekday() - target) % 7
    ahead = (target - reference.weekday()) % 7
    if modifier is None:
        return reference - timedelta(days=back)
    if modifier < 0:
        return reference - timedelta(days=back or 7)
    if modifier > 0:
        return reference + timedelta(days=ahead or 7)
    return reference + timedelta(days=ahead)


def day_of_week(target: int, reference: date, week: int) -> date:
    """The day `target` (Monday 0) of the week before (-1), of (0) or after (1) the reference's:
    上周五 read on a Saturday is eight days back, where "last Friday" would be yesterday."""
    monday = reference - timedelta(days=reference.weekday())
    return monday + timedelta(days=7 * week + target)


def season(name: str, reference: date, modifier: int) -> date:
    """First day of the last, this or next occurrence of a season."""
    month = SEASON_START_MONTH[name]
    starts = [date(year, month, 1) for year in range(reference.year - 2, reference.year + 2)]
    current = max(s for s in starts if s <= reference)
    following = min(s for s in starts if s > reference)
    inside = reference < add_months(current, 3)
    if modifier < 0:
        return add_months(current, -12) if inside else current
    if modifier > 0:
        return following
    if inside:
        return current
    return min((current, following), key=lambda s: abs((s - reference).days))


def unit_shift(unit: str, reference: date, modifier: int) -> date:
    """Last/this/next week, month, year, weekend or season."""
    if unit == "week":
        return reference + timedelta(days=7 * modifier)
    if unit == "month":
        return add_months(reference.replace(day=1), modifier)
    if unit == "year":
        return date(reference.year + modifier, 1, 1)
    if unit == "weekend":
        saturday = 5
        if modifier < 0:
            return weekday(saturday, reference - timedelta(days=1), None)
        if modifier > 0:
            return weekday(saturday, reference, 1)
        return (
            weekday(saturday, reference + timedelta(days=1), None)
            if reference.weekday() == 6
            else weekday(saturday, reference, 0)
        )
    return season(unit, reference, modifier)


def count_shift(unit: str, count: int, reference: date) -> date:
    """`count` days, weeks, months or years after the reference (negative: ago)."""
    if unit == "day":
        return reference + timedelta(days=count)
    if unit == "week":
        return reference + timedelta(days=7 * count)
    if unit == "month":
        return add_months(reference, count)
    return add_months(reference, 12 * count)
