"""The reporting period both reports take: whole local days, start to end inclusive, bounded."""

from __future__ import annotations

from datetime import date, datetime

MAX_DAYS = 366
# Far enough apart for any real report, and keeps day boundaries clear of datetime's year limits.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def is_day(value) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def period_errors(start, end) -> dict[str, list[str]]:
    """Field -> messages for a period that can't be reported on; {} when it can."""
    errors: dict[str, list[str]] = {}
    for name, value in (("start", start), ("end", end)):
        if not is_day(value):
            errors[name] = [f"Enter a valid {name} date."]
        elif not EARLIEST <= value <= LATEST:
            errors[name] = [f"Choose a date between {EARLIEST.year} and {LATEST.year}."]
    if errors:
        return errors
    if end < start:
        return {"end": ["The end date must be on or after the start date."]}
    if (end - start).days + 1 > MAX_DAYS:
        return {"end": [f"Choose a period of at most {MAX_DAYS} days."]}
    return {}
