"""RFC 822 (RSS) and RFC 3339 (Atom, JSON Feed) date checks.

Each check returns ``(rule, message)`` pairs; an empty list means the date is fine.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta, timezone

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_NAMED_ZONES = {
    "ut": 0, "gmt": 0, "z": 0,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}  # fmt: skip

# The form readers agree on: the W3C service accepts it without comment.
_STRICT_822 = re.compile(
    r"(?:(?P<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?"
    r"(?P<day>\d\d?) (?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<year>\d{4}) "
    r"(?P<h>\d\d):(?P<m>\d\d)(?::(?P<s>\d\d))? "
    r"(?P<zone>[+-]\d\d[03]0|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)\Z",
    re.ASCII,
)
# What RFC 822 allows but readers stumble on: 2-digit years, military zones, odd
# offsets and spacing. Matched case-insensitively after the strict form failed,
# once comments in parentheses are taken out.
_LOOSE_822 = re.compile(
    r"(?:(?P<dow>[a-z]{3})\s*,\s*)?"
    r"(?P<day>\d\d?)\s+(?P<mon>[a-z]{3})\s+(?P<year>\d\d(?:\d\d)?)\s+"
    r"(?P<h>\d\d):(?P<m>\d\d)(?::(?P<s>\d\d))?(?:\s+"
    r"(?P<zone>[+-]\d{4}|ut|gmt|[ecmp][sd]t|[a-ik-z]))?\Z",
    re.IGNORECASE | re.ASCII,
)
_COMMENT = re.compile(r"\([^()]*\)")
_RFC3339 = re.compile(
    r"(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)T(?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d)"
    r"(?:\.\d+)?(?P<zone>Z|[+-]\d\d:\d\d)\Z",
    re.ASCII,
)

Finding = tuple[str, str]


def _zone_offset(zone: str | None) -> timedelta:
    if not zone:
        return timedelta(0)
    lowered = zone.lower()
    if lowered in _NAMED_ZONES:
        return timedelta(hours=_NAMED_ZONES[lowered])
    if zone[0] in "+-" and zone[1:].isdigit():
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))
    return timedelta(0)  # single-letter military zones: meaning disputed, treat as UTC


def _plausibility(moment: datetime, value: str) -> list[Finding]:
    # The wall clock only feeds a warning, never the verdict on validity.
    tomorrow = datetime.fromtimestamp(time.time(), UTC) + timedelta(days=1)
    if moment.year < 1970 or moment > tomorrow:
        return [("date-implausible", f"implausible date {value!r}: before 1970 or in the future")]
    return []


def _build(
    year: int, month: int, day: int, h: int, m: int, s: int, offset: timedelta, value: str
) -> tuple[datetime | None, str]:
    try:
        return datetime(year, month, day, h, m, s, tzinfo=timezone(offset)), ""
    except ValueError as exc:
        return None, f"{value!r} names no real date or time ({exc})"


def _uncommented(value: str) -> str:
    """The date with RFC 822 comments (``(UTC)``) and quoted characters taken out."""
    value = re.sub(r"\\.", "", value)
    while True:
        shorter = _COMMENT.sub(" ", value)
        if shorter == value:
            return value.strip()
        value = shorter


def _time_findings(match: re.Match[str], value: str) -> list[Finding]:
    h, m, s = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if h > 23 or m > 59 or s > 60:
        return [
            (
                "date-invalid-time",
                f"{value!r}: {match['h']}:{match['m']} is not a time of day; readers "
                "reject it or move the item to another day",
            )
        ]
    return []


def check_rfc822(value: str) -> list[Finding]:
    """Check an RSS date: strict RFC 822 with a 4-digit year passes silently."""
    value = value.strip()
    match = _STRICT_822.match(value)
    if match is None:
        return _check_loose_822(value)
    year, month, day = (
        int(match["year"]),
        _MONTHS.index(match["mon"].lower()) + 1,
        int(match["day"]),
    )
    try:
        weekday = date(year, month, day).weekday()
    except ValueError as exc:
        return [("date-not-rfc822", f"{value!r} names no real date ({exc})")]
    if match["dow"] and match["dow"].lower() != _DAYS[weekday]:
        actual = _DAYS[weekday].title()
        return [
            ("date-wrong-day-of-week", f"{value!r}: that date is a {actual}, not {match['dow']}")
        ]
    found = _time_findings(match, value)
    if found:
        return found
    moment, _ = _build(
        year,
        month,
        day,
        int(match["h"]),
        int(match["m"]),
        min(int(match["s"] or 0), 59),
        _zone_offset(match["zone"]),
        value,
    )
    return _plausibility(moment, value) if moment else []


def _check_loose_822(value: str) -> list[Finding]:
    """A date the strict form refused: legal but troublesome (a warning), or not a date."""
    match = _LOOSE_822.match(_uncommented(value))
    if match is None or match["mon"].lower() not in _MONTHS:
        return [("date-not-rfc822", f"{value!r} is not an RFC 822 date-time")]
    if match["dow"] and match["dow"].lower() not in _DAYS:
        return [("date-not-rfc822", f"{value!r} has an unknown day name")]
    if not match["zone"]:
        return [("date-not-rfc822", f"{value!r} has no time zone (add +0000 or GMT)")]
    return [
        (
            "date-rfc822-problematic",
            f"{value!r} is legal RFC 822 but readers misparse it; write it as "
            "'Wed, 01 May 2024 12:00:00 +0000': a 4-digit year, +0000 or GMT, no comments",
        )
    ]


def parse_rfc3339(value: str) -> datetime | None:
    """Parse an RFC 3339 date-time with a zone, or return None."""
    match = _RFC3339.match(value.strip())
    if match is None:
        return None
    zone = match["zone"]
    offset = _zone_offset(None if zone == "Z" else zone)
    moment, _ = _build(
        int(match["year"]),
        int(match["mon"]),
        int(match["day"]),
        int(match["h"]),
        int(match["m"]),
        int(match["s"]),
        offset,
        value,
    )
    return moment


def check_rfc3339(value: str) -> list[Finding]:
    """Check an Atom or JSON Feed date: ``2024-05-01T12:00:00Z`` and offsets pass."""
    moment = parse_rfc3339(value)
    if moment is None:
        return [
            (
                "date-not-rfc3339",
                f"{value.strip()!r} is not an RFC 3339 date-time (e.g. 2024-05-01T12:00:00Z)",
            )
        ]
    return _plausibility(moment, value.strip())


_W3CDTF = re.compile(
    r"(?P<year>\d{4})(?:-(?P<mon>\d\d)(?:-(?P<day>\d\d)"
    r"(?:T(?P<h>\d\d):(?P<m>\d\d)(?::(?P<s>\d\d)(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d))?)?)?\Z",
    re.ASCII,
)


def check_w3cdtf(value: str) -> list[Finding]:
    """Check a Dublin Core date: W3CDTF, from ``2024`` down to ``2024-05-01T12:00:00Z``."""
    match = _W3CDTF.match(value.strip())
    if match is not None:
        try:
            datetime(
                int(match["year"]),
                int(match["mon"] or 1),
                int(match["day"] or 1),
                int(match["h"] or 0),
                int(match["m"] or 0),
                int(match["s"] or 0),
            )
        except ValueError:
            match = None
    if match is None:
        return [
            ("date-not-w3cdtf", f"{value.strip()!r} is not a W3C date such as 2024-05-01T12:00:00Z")
        ]
    return []
