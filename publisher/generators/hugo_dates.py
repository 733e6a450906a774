"""Dates as Hugo reads and writes them: Go's time layouts.

Hugo reads a front matter date with spf13/cast (``ToTimeInDefaultLocationE``), which
tries a list of Go layouts in order (cast ``internal/time.go`` ``TimeFormats``) with Go's
``time.Parse`` (an hour may have one digit, fractional seconds may follow any seconds,
a space in the layout matches any run of spaces, month and weekday names in any case).
Layouts with a zone name but no offset take the site's zone, as cast does. Hugo's
permalinks also take any Go layout as a token (``:2006``, ``:Monday``), formatted with
Go's ``time.Format``. Only the layout elements those two need are here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

_LONG_MONTHS = tuple(calendar.month_name)[1:]
_SHORT_MONTHS = tuple(m[:3] for m in _LONG_MONTHS)
# Go's weekday order starts on Sunday.
_LONG_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_SHORT_DAYS = tuple(d[:3] for d in _LONG_DAYS)

# cast's layouts, in its order, and whether each carries a numeric offset; the
# time-only ones (Kitchen, Stamp...) are left out: they give the year 0.
_NO_ZONE, _NAMED_ZONE, _NUMERIC_ZONE = "none", "named", "numeric"
CAST_LAYOUTS: tuple[tuple[str, str], ...] = (
    ("2006-01-02", _NO_ZONE),
    ("2006-01-02T15:04:05Z07:00", _NUMERIC_ZONE),  # RFC 3339
    ("2006-01-02T15:04:05", _NO_ZONE),
    ("Mon, 02 Jan 2006 15:04:05 -0700", _NUMERIC_ZONE),  # RFC 1123Z
    ("Mon, 02 Jan 2006 15:04:05 MST", _NAMED_ZONE),  # RFC 1123
    ("02 Jan 06 15:04 -0700", _NUMERIC_ZONE),  # RFC 822Z
    ("02 Jan 06 15:04 MST", _NAMED_ZONE),  # RFC 822
    ("Monday, 02-Jan-06 15:04:05 MST", _NAMED_ZONE),  # RFC 850
    ("2006-01-02 15:04:05.999999999 -0700 MST", _NUMERIC_ZONE),  # Go's Time.String()
    ("2006-01-02T15:04:05-0700", _NUMERIC_ZONE),
    ("2006-01-02 15:04:05Z0700", _NUMERIC_ZONE),
    ("2006-01-02 15:04:05", _NO_ZONE),
    ("Mon Jan _2 15:04:05 2006", _NO_ZONE),  # ANSIC
    ("Mon Jan _2 15:04:05 MST 2006", _NAMED_ZONE),  # UnixDate
    ("Mon Jan 02 15:04:05 -0700 2006", _NUMERIC_ZONE),  # RubyDate
    ("2006-01-02 15:04:05Z07:00", _NUMERIC_ZONE),
    ("02 Jan 2006", _NO_ZONE),
    ("2006-01-02 15:04:05 -07:00", _NUMERIC_ZONE),
    ("2006-01-02 15:04:05 -0700", _NUMERIC_ZONE),
)

# Go's layout elements (time/format.go ``nextStdChunk``), longest first where one is a
# prefix of another.
_STD = re.compile(
    r"January|Jan|Monday|Mon|MST|2006|002|__2|_2(?!006)|15|01|02|03|04|05|06|1|2|3|4|5|PM|pm"
    r"|Z07:00:00|Z070000|Z07:00|Z0700|Z07|-07:00:00|-070000|-07:00|-0700|-07"
    r"|[.,](?:0+|9+)(?![0-9])"
)


class _Bad(ValueError):
    pass


def _chunks(layout: str) -> list[tuple[str, bool]]:
    """The layout as (text, is_element) pieces."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _STD.finditer(layout):
        if match.start() > position:
            pieces.append((layout[position : match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    if position < len(layout):
        pieces.append((layout[position:], False))
    return pieces


# --- formatting ---------------------------------------------------------------------------


def go_format(when: datetime, layout: str) -> str:
    """Go's ``time.Format`` of ``when`` (in its own zone) with ``layout``."""
    out: list[str] = []
    for text, element in _chunks(layout):
        out.append(_format_element(when, text) if element else text)
    return "".join(out)


def _format_element(when: datetime, std: str) -> str:
    hour12 = when.hour % 12 or 12
    weekday = (when.weekday() + 1) % 7  # Go counts from Sunday
    yday = when.timetuple().tm_yday
    simple = {
        "January": _LONG_MONTHS[when.month - 1],
        "Jan": _SHORT_MONTHS[when.month - 1],
        "Monday": _LONG_DAYS[weekday],
        "Mon": _SHORT_DAYS[weekday],
        "2006": f"{when.year:04d}",
        "06": f"{when.year % 100:02d}",
        "002": f"{yday:03d}",
        "__2": f"{yday:>3d}",
        "_2": f"{when.day:>2d}",
        "15": f"{when.hour:02d}",
        "01": f"{when.month:02d}",
        "02": f"{when.day:02d}",
        "03": f"{hour12:02d}",
        "04": f"{when.minute:02d}",
        "05": f"{when.second:02d}",
        "1": str(when.month),
        "2": str(when.day),
        "3": str(hour12),
        "4": str(when.minute),
        "5": str(when.second),
        "PM": "PM" if when.hour >= 12 else "AM",
        "pm": "pm" if when.hour >= 12 else "am",
    }
    if std in simple:
        return simple[std]
    if std == "MST":
        return when.tzname() or _offset(when, "-0700")
    if std[0] in "Z-":
        return _offset(when, std)
    return _fraction(when, std)


def _offset(when: datetime, std: str) -> str:
    delta = when.utcoffset() or timedelta(0)
    if std.startswith("Z") and not delta:
        return "Z"
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    body = std[1:]
    if body == "07":
        return f"{sign}{hours:02d}"
    if body == "0700":
        return f"{sign}{hours:02d}{minutes:02d}"
    if body == "07:00":
        return f"{sign}{hours:02d}:{minutes:02d}"
    if body == "070000":
        return f"{sign}{hours:02d}{minutes:02d}{secs:02d}"
    return f"{sign}{hours:02d}:{minutes:02d}:{secs:02d}"


def _fraction(when: datetime, std: str) -> str:
    digits = f"{when.microsecond:06d}000"[: len(std) - 1]
    if std[1] == "9":
        digits = digits.rstrip("0")
        return std[0] + digits if digits else ""
    return std[0] + digits


def is_go_layout(text: str) -> bool:
    """Whether Hugo takes a permalink token as a date layout: formatting its reference
    time changes the text (``permalinks.go``, ``referenceTime``)."""
    reference = datetime(2019, 11, 9, 23, 1, 42, 1, tzinfo=UTC)
    return go_format(reference, text) != text


# --- parsing ------------------------------------------------------------------------------


@dataclass
class _Parsed:
    year: int = 1
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    second: int = 0
    micro: int = 0
    offset: int | None = None  # seconds east of UTC, when the value gives one
    pm: bool | None = None


def _number(value: str, fixed: bool) -> tuple[int, str]:
    """Go's ``getnum``: one or two digits (two when ``fixed``)."""
    if not value[:1].isascii() or not value[:1].isdigit():
        raise _Bad
    if not value[1:2].isascii() or not value[1:2].isdigit():
        if fixed:
            raise _Bad
        return int(value[0]), value[1:]
    return int(value[:2]), value[2:]


def _skip(value: str, literal: str) -> str:
    """Go's ``skip``: a space in the layout takes any run of spaces."""
    while literal:
        if literal[0] == " ":
            if value and value[0] != " ":
                raise _Bad
            literal, value = literal.lstrip(" "), value.lstrip(" ")
            continue
        if not value or value[0] != literal[0]:
            raise _Bad
        literal, value = literal[1:], value[1:]
    return value


def _name(value: str, names: tuple[str, ...]) -> tuple[int, str]:
    for index, name in enumerate(names):
        if value[: len(name)].lower() == name.lower():
            return index, value[len(name) :]
    raise _Bad


_ZONE_NAME = re.compile(r"UTC|GMT(?:[+-]\d{1,2})?|ChST|MeST|[A-Z]{3}(?:[A-Z]?T|(?![A-Z]))")
_NUMERIC = re.compile(r"[+-](\d\d):?(\d\d)")


def _fraction_digits(value: str) -> tuple[int, str]:
    digits = re.match(r"[0-9]+", value)
    if digits is None:
        raise _Bad
    text = digits.group()
    return int((text + "000000")[:6]), value[len(text) :]


def _parse_element(std: str, value: str, parsed: _Parsed, following: str) -> str:
    if std in ("January", "Jan"):
        index, value = _name(value, _LONG_MONTHS if std == "January" else _SHORT_MONTHS)
        parsed.month = index + 1
    elif std in ("Monday", "Mon"):
        _, value = _name(value, _LONG_DAYS if std == "Monday" else _SHORT_DAYS)
    elif std == "2006":
        if len(value) < 4 or not value[:4].isascii() or not value[:4].isdigit():
            raise _Bad
        parsed.year, value = int(value[:4]), value[4:]
    elif std == "06":
        if len(value) < 2 or not value[:2].isascii() or not value[:2].isdigit():
            raise _Bad
        year = int(value[:2])
        parsed.year, value = year + (1900 if year >= 69 else 2000), value[2:]
    elif std in ("01", "1"):
        parsed.month, value = _number(value, std == "01")
    elif std in ("02", "2", "_2"):
        if std == "_2" and value.startswith(" "):
            value = value[1:]
        parsed.day, value = _number(value, std == "02")
    elif std == "15":
        parsed.hour, value = _number(value, False)
        if parsed.hour > 23:
            raise _Bad
    elif std in ("03", "3"):
        parsed.hour, value = _number(value, std == "03")
        if parsed.hour > 12:
            raise _Bad
    elif std in ("04", "4"):
        parsed.minute, value = _number(value, std == "04")
        if parsed.minute > 59:
            raise _Bad
    elif std in ("05", "5"):
        parsed.second, value = _number(value, std == "05")
        if parsed.second > 59:
            raise _Bad
        # A fraction the layout does not name is read all the same.
        named = following.startswith((".", ","))
        if value[:1] in (".", ",") and value[1:2].isdigit() and not named:
            parsed.micro, value = _fraction_digits(value[1:])
    elif std in ("PM", "pm"):
        marker = value[:2]
        if marker not in (("PM", "AM") if std == "PM" else ("pm", "am")):
            raise _Bad
        parsed.pm, value = marker.lower() == "pm", value[2:]
    elif std == "MST":
        match = _ZONE_NAME.match(value)
        if match is None:
            raise _Bad
        value = value[match.end() :]
    elif std[0] in "Z-":
        if std[0] == "Z" and value.startswith("Z"):
            parsed.offset, value = 0, value[1:]
        else:
            match = _NUMERIC.match(value)
            wants_colon = ":" in std
            if match is None or (":" in match.group()) != wants_colon:
                raise _Bad
            hours, minutes = int(match[1]), int(match[2])
            if hours > 24 or minutes > 60:
                raise _Bad
            sign = -1 if value[0] == "-" else 1
            parsed.offset, value = sign * (hours * 3600 + minutes * 60), value[match.end() :]
    else:  # a fraction of a second
        if std[1] == "9":
            if value[:1] in (".", ",") and value[1:2].isdigit():
                parsed.micro, value = _fraction_digits(value[1:])
        else:
            width = len(std) - 1
            digits = value[1 : 1 + width]
            if value[:1] not in (".", ",") or len(digits) < width or not digits.isdigit():
                raise _Bad
            parsed.micro, value = int((digits + "000000")[:6]), value[1 + width :]
    return value


def _parse_layout(layout: str, value: str) -> _Parsed:
    parsed = _Parsed()
    pieces = _chunks(layout)
    for index, (text, element) in enumerate(pieces):
        following = pieces[index + 1][0] if index + 1 < len(pieces) else ""
        value = _parse_element(text, value, parsed, following) if element else _skip(value, text)
    if value:
        raise _Bad  # extra text
    if parsed.pm is True and parsed.hour < 12:
        parsed.hour += 12
    elif parsed.pm is False and parsed.hour == 12:
        parsed.hour = 0
    return parsed


def cast_date(text: str, site_zone: tzinfo) -> datetime | None:
    """The date spf13/cast reads ``text`` as (Hugo's front matter dates), or None.

    A date without an offset (or with only a zone name) is in ``site_zone``.
    """
    for layout, zone in CAST_LAYOUTS:
        try:
            parsed = _parse_layout(layout, text)
            naive = datetime(
                parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute,
                parsed.second, parsed.micro,
            )  # fmt: skip
        except (_Bad, ValueError):
            continue
        if zone == _NUMERIC_ZONE and parsed.offset is not None:
            return naive.replace(tzinfo=timezone(timedelta(seconds=parsed.offset)))
        return naive.replace(tzinfo=site_zone)
    return None
