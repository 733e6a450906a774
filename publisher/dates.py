"""Zone-aware dates from front matter values and page metadata."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, tzinfo

# RFC 3339, plus the friendlier `YYYY-MM-DD[ HH:MM[:SS]]` (zone optional: the site's zone).
_DATE_RE = re.compile(
    r"""^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})
        (?:[T\x20](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?P<frac>\.\d+)?)?
           \s*(?P<zone>Z|z|[+-]\d{2}:?\d{2})?)?$""",
    re.VERBOSE | re.ASCII,  # \d must not match other scripts' digits ("２０２６")
)

# Feeds carry four-digit years. Readers store dates as Unix time, where anything before
# 1970 is negative and breaks some of them (our validator flags it), so 1970 is the floor.
MIN_YEAR = 1970
MAX_YEAR = 9999
# The earliest date a feed can carry.
EARLIEST = datetime(MIN_YEAR, 1, 1, tzinfo=UTC)


class DateError(ValueError):
    """A date value that cannot be understood; the message says why."""


def parse_date(value: object, default_tz: tzinfo) -> datetime:
    """Turn a front matter value (string, date or datetime) into an aware datetime.

    Naive values take ``default_tz``; date-only values mean midnight in that zone.
    """
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str):
        result = _parse_text(value.strip())
    else:
        raise DateError(f"expected a date, got {type(value).__name__} {value!r}")
    if result.tzinfo is None or result.utcoffset() is None:
        result = result.replace(tzinfo=default_tz)
    return in_range(result)


def in_range(result: datetime) -> datetime:
    """``result`` (aware) when a feed can carry it: DateError for a year out of range."""
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise DateError(f"year {result.year} is out of range ({MIN_YEAR}-{MAX_YEAR})")
    if not _fits_utc(result):
        raise DateError(f"{result.isoformat()} is after the year {MAX_YEAR} in UTC")
    if result.astimezone(UTC).year < MIN_YEAR:
        raise DateError(f"{result.isoformat()} is before the year {MIN_YEAR} in UTC")
    return result


def _fits_utc(value: datetime) -> bool:
    try:
        value.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _parse_text(text: str) -> datetime:
    match = _DATE_RE.match(text)
    if not match:
        raise DateError(f"cannot read date {text!r} (use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])")
    zone = match["zone"]
    if zone and zone not in ("Z", "z") and (int(zone[1:3]) > 23 or int(zone[-2:]) > 59):
        raise DateError(f"impossible date {text!r}: zone offset {zone} is out of range")
    reason = impossible(*(int(match[part] or 0) for part in ("y", "mo", "d", "h", "mi", "s")))
    if reason:
        raise DateError(f"impossible date {text!r}: {reason}")
    iso = f"{match['y']}-{match['mo']}-{match['d']}"
    if match["h"]:
        iso += f"T{match['h']}:{match['mi']}:{match['s'] or '00'}{match['frac'] or ''}"
        if zone:
            zone = "+00:00" if zone in ("Z", "z") else zone
            iso += zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    try:
        return datetime.fromisoformat(iso)
    except ValueError:  # what impossible() missed: no library's words in the message
        raise DateError(f"impossible date {text!r}") from None


def impossible(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> str | None:
    """Why these parts make no date and time (our words, not the datetime module's,
    which change between Python releases), or None if they do."""
    if year < 1:
        return f"there is no year {year}"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    for name, value, top in (("hour", hour, 23), ("minute", minute, 59), ("second", second, 59)):
        if value > top:
            return f"{name} {value} is out of range (0-{top})"
    return None


def format_rfc3339(value: datetime) -> str:
    """``2026-11-29T09:40:00+00:00``; seconds always, fractions dropped."""
    return value.replace(microsecond=0).isoformat()
