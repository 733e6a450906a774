"""Dates as Jekyll reads them: Ruby's ``Time.parse`` (``Utils.parse_date``).

Jekyll hands every front matter date to ``Time.parse(value.to_s)``, which reads far more
than RFC 3339: ``2015-06-14 5:30:00 -0700``, ``Jan 5 2020``, ``5th March 2019 10am``,
``2023-01-29 18:30:22 2023 -0800`` (a zone after a stray year is not read at all: the
time is local). This module learns the rules from Ruby's own code, not its output:
``Date._parse`` (ruby/date ``ext/date/date_parse.c``: the scanners tried in order, each
match blanked out of the string, ``s3e`` deciding which number is the year) and
``Time.parse``/``make_time``/``zone_offset`` (Ruby's ``lib/time.rb``). Our choices
where Ruby would make a date depend on the day of the build (a date without a year, a
time without a date): those are refused, so two builds never disagree.

What YAML already typed stays as YAML gave it: Jekyll's SafeYAML reads an unquoted
``2020-01-05 22:00:00`` as UTC (not local time) and a bare ``2020-01-05`` as a date
whose ``to_s`` Time.parse reads as local midnight.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from publisher.dates import DateError

# Date._parse refuses longer strings (ruby/date's ``limit: 128``).
_LIMIT = 128
_ABBR_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_ABBR_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun",
                "jul", "aug", "sep", "oct", "nov", "dec")  # fmt: skip
_DAYS = "|".join(_ABBR_DAYS)
_MONTHS = "|".join(_ABBR_MONTHS)
_NUMBER = r"(?<!\d)\d"
_A = re.ASCII
_AI = re.ASCII | re.IGNORECASE

# What Date._parse keeps of the text (every other run becomes one space).
_JUNK = re.compile(r"(?:[^\w\-+',./:@\[\]]|_)+")
_DAY = re.compile(rf"\b({_DAYS})[^-/\d\s]*", _AI)
_TIME = re.compile(
    rf"({_NUMBER}+\s*"
    r"(?:(?::\s*\d+(?:\s*:\s*\d+(?:[,.]\d*)?)?|h(?:\s*\d+m?(?:\s*\d+s?)?)?)"
    r"(?:\s*[ap](?:m\b|\.m\.))?"
    r"|[ap](?:m\b|\.m\.)))"
    r"(?:\s*((?:gmt|utc?)?[-+]\d+(?:[,.:]\d+(?::\d+)?)?"
    r"|(?-i:[A-Za-z.\s]+)(?:standard|daylight)\stime\b"
    r"|(?-i:[A-Za-z]+)(?:\sdst)?\b))?",
    _AI,
)
_TIME_PARTS = re.compile(
    r"\A(\d+)h?(?:\s*:?\s*(\d+)m?(?:\s*:?\s*(\d+)(?:[,.](\d+))?s?)?)?(?:\s*([ap])(?:m\b|\.m\.))?",
    _AI,
)
_ERA = r"(c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.))"
_EU = re.compile(
    rf"('?{_NUMBER}+)[^-\d\s]*\s*({_MONTHS})[^-\d\s']*"
    rf"(?:\s*(?:\b{_ERA}(?!(?<!\.)[a-z]))?\s*('?-?\d+(?:(?:st|nd|rd|th)\b)?))?",
    _AI,
)
_US = re.compile(
    rf"\b({_MONTHS})[^-\d\s']*\s*('?\d+)[^-\d\s']*(?:\s*+,?\s*+{_ERA}?\s*('?-?\d+))?", _AI
)
_ISO = re.compile(rf"('?[-+]?{_NUMBER}+)-(\d+)-('?-?\d+)", _A)
_ISO21 = re.compile(r"\b(\d{2}|\d{4})?-?w(\d{2})(?:-?(\d))?\b", _AI)
_ISO22 = re.compile(r"-w-(\d)\b", _AI)
_ISO23 = re.compile(r"--(\d{2})?-(\d{2})\b", _A)
_ISO24 = re.compile(r"--(\d{2})(\d{2})?\b", _A)
_ISO25_NOT = re.compile(r"[,.](\d{2}|\d{4})-\d{3}\b", _A)
_ISO25 = re.compile(r"\b(\d{2}|\d{4})-(\d{3})\b", _A)
_ISO26_NOT = re.compile(r"\d-\d{3}\b", _A)
_ISO26 = re.compile(r"\b-(\d{3})\b", _A)
_JIS = re.compile(r"\b([mtshr])(\d+)\.(\d+)\.(\d+)", _AI)
_VMS11 = re.compile(rf"('?-?{_NUMBER}+)-({_MONTHS})[^-/.]*-('?-?\d+)", _AI)
_VMS12 = re.compile(rf"\b({_MONTHS})[^-/.]*-('?-?\d+)(?:-('?-?\d+))?", _AI)
_SLA = re.compile(rf"('?-?{_NUMBER}+)/\s*('?\d+)(?:\D\s*('?-?\d+))?", _AI)
_DOT = re.compile(rf"('?-?{_NUMBER}+)\.\s*('?\d+)\.\s*('?-?\d+)", _AI)
_YEAR = re.compile(r"'(\d+)\b", _A)
_MON = re.compile(rf"\b({_MONTHS})\S*", _AI)
_MDAY = re.compile(rf"({_NUMBER}+)(st|nd|rd|th)\b", _AI)
_DDD = re.compile(
    rf"([-+]?)({_NUMBER}{{2,14}})(?:\s*t?\s*(\d{{2,6}})?(?:[,.](\d*))?)?"
    r"(?:\s*(z\b|[-+]\d{1,4}\b|\[[-+]?\d[^\]]*\]))?",
    _AI,
)
_BC = re.compile(r"\b(bc\b|bce\b|b\.c\.|b\.c\.e\.)", _AI)
_FRAG = re.compile(r"\A\s*(\d{1,2})\s*\Z", _AI)

# Time's own zone names (lib/time.rb ZoneOffset), in hours; any other name counts only
# when it is the local zone's abbreviation on 1 January or 1 July of that year.
_ZONE_HOURS = {
    "UTC": 0, "Z": 0, "UT": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
    "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    **{letter: hours for hours, letter in enumerate("ABCDEFGHI", 1)},
    "K": 10, "L": 11, "M": 12,
    **{letter: -hours for hours, letter in enumerate("NOPQRSTUVWXY", 1)},
}  # fmt: skip
_ZONE_HHMM = re.compile(r"\A([+-])(\d\d)(:?)(\d\d)(?:\3(\d\d))?\Z", _A)
_ZONE_HH = re.compile(r"\A[+-]\d\d\Z", _A)
# A plain YAML scalar SafeYAML makes a Time of (safe_yaml's Parse::Date::TIME_MATCHER).
SAFE_YAML_TIME = re.compile(
    r"\A\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?"
    r"(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d{2})?))?\Z",
    _A,
)


@dataclass
class _Parsed:
    """What Date._parse found (its hash); None where a part was not found."""

    year: int | None = None
    mon: int | None = None
    mday: int | None = None
    yday: int | None = None
    hour: int | None = None
    min: int | None = None
    sec: int | None = None
    fraction: str | None = None  # the digits after the seconds' point
    zone: str | None = None
    comp: bool = True
    bc: bool = False
    week: dict[str, int] = field(default_factory=dict)  # cwyear, cweek, cwday: unused


def parse_jekyll_date(value: object, tz: tzinfo) -> datetime:
    """A front matter value as Jekyll's ``Utils.parse_date`` reads it, in ``tz`` (the
    site's zone, Ruby's local time); DateError saying why when Jekyll would refuse it."""
    if isinstance(value, datetime):
        # An unquoted YAML timestamp: SafeYAML reads one without a zone as UTC.
        return value if value.utcoffset() is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=tz)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise DateError(f"expected a date, got {type(value).__name__} {value!r}")
    return ruby_time_parse(str(value), tz)


def ruby_time_parse(text: str, tz: tzinfo) -> datetime:
    """``Time.parse(text)`` with ``tz`` as the local zone (see the module's docstring)."""
    if len(text) > _LIMIT:
        raise DateError(f"cannot read date: longer than {_LIMIT} characters")
    found = date_parse(text)
    parts = (found.year, found.yday, found.mon, found.mday, found.hour, found.min, found.sec)
    if all(part is None for part in parts) and found.fraction is None:
        raise DateError(f"cannot read date {text!r}: no date or time in it")
    if found.year is None:
        # Ruby takes the year (and what is missing above the first part given) from
        # the clock: the same source would get another date next year.
        raise DateError(f"cannot read date {text!r}: no year (Jekyll takes the year of "
                        "the build, so write it)")  # fmt: skip
    return _make_time(text, found, tz)


def date_parse(text: str) -> _Parsed:
    """Ruby's ``Date._parse(text, true)``: each scanner in ruby/date's order, each match
    blanked out so that the next one sees only what is left."""
    work = [_JUNK.sub(" ", text)]
    found = _Parsed()

    def has(*kinds: str) -> bool:  # ruby/date's HAVE_ELEM_P, on the text left now
        return set(kinds) <= _classes(work[0])

    if has("a"):
        _sub(work, _DAY, lambda m: None)
    if has("d"):
        _sub(work, _TIME, lambda m: _time(m, found))
    _first_date(work, found, has)
    if has("a"):
        _sub(work, _BC, lambda m: setattr(found, "bc", True))
    if has("d"):
        _sub(work, _FRAG, lambda m: _frag(m, found))
    if found.bc and found.year is not None:
        found.year = -found.year + 1
    if found.comp and found.year is not None and 0 <= found.year <= 99:
        found.year += 1900 if found.year >= 69 else 2000
    return found


def _first_date(work: list[str], found: _Parsed, has: Callable[..., bool]) -> bool:
    """The date scanners of Date._parse, in its order: only the first that matches runs."""

    def s3e(match: re.Match[str]) -> None:
        _s3e(found, *match.groups())

    return bool(
        (has("a", "d") and (_sub(work, _EU, lambda m: _eu(m, found))
                            or _sub(work, _US, lambda m: _us(m, found))))
        or (has("d", "-") and _sub(work, _ISO, s3e))
        or (has("d", ".") and _sub(work, _JIS, lambda m: _jis(m, found)))
        or (has("a", "d", "-") and _vms(work, found))
        or (has("d", "/") and _sub(work, _SLA, s3e))
        or (has("d", ".") and _sub(work, _DOT, s3e))
        or (has("d") and _iso2(work, found))
        or (has("d") and _sub(work, _YEAR, lambda m: setattr(found, "year", int(m[1]))))
        or (has("a") and _sub(work, _MON, lambda m: setattr(found, "mon", _month(m[1]))))
        or (has("d") and _sub(work, _MDAY, lambda m: setattr(found, "mday", int(m[1]))))
        or (has("d") and _sub(work, _DDD, lambda m: _ddd(m, found)))
    )  # fmt: skip


def _classes(text: str) -> set[str]:
    """Ruby's check_class: which kinds of characters the text holds."""
    flags = set()
    for char in text:
        if char.isascii() and char.isalpha():
            flags.add("a")
        elif char.isascii() and char.isdigit():
            flags.add("d")
        elif char in "-./":
            flags.add(char)
    return flags


def _sub(work: list[str], pattern: re.Pattern[str], found: object) -> bool:
    """ruby/date's ``subx``: the first match is handed to ``found`` and replaced by one
    space in the text the next scanners see."""
    match = pattern.search(work[0])
    if match is None:
        return False
    work[0] = work[0][: match.start()] + " " + work[0][match.end() :]
    assert callable(found)
    found(match)
    return True


def _time(match: re.Match[str], found: _Parsed) -> None:
    if match[2] is not None:
        found.zone = match[2]
    parts = _TIME_PARTS.match(match[1])
    if parts is None:
        return
    hour = int(parts[1])
    if parts[5] is not None:
        hour = hour % 12 + (12 if parts[5].lower() == "p" else 0)
    found.hour = hour
    if parts[2] is not None:
        found.min = int(parts[2])
    if parts[3] is not None:
        found.sec = int(parts[3])
    if parts[4] is not None:
        found.fraction = parts[4]


def _month(name: str) -> int:
    return _ABBR_MONTHS.index(name[:3].lower()) + 1


def _era_bc(era: str | None) -> bool:
    return era is not None and era[:1].lower() == "b"


def _eu(match: re.Match[str], found: _Parsed) -> None:
    day, month, era, year = match.groups()
    _s3e(found, year, str(_month(month)), day, bc=_era_bc(era))


def _us(match: re.Match[str], found: _Parsed) -> None:
    month, day, era, year = match.groups()
    _s3e(found, year, str(_month(month)), day, bc=_era_bc(era))


def _jis(match: re.Match[str], found: _Parsed) -> None:
    era = {"m": 1867, "t": 1911, "s": 1925, "h": 1988, "r": 2018}[match[1].lower()]
    found.year, found.mon, found.mday = int(match[2]) + era, int(match[3]), int(match[4])


def _vms(work: list[str], found: _Parsed) -> bool:
    def vms11(m: re.Match[str]) -> None:
        _s3e(found, m[3], str(_month(m[2])), m[1])

    def vms12(m: re.Match[str]) -> None:
        _s3e(found, m[3], str(_month(m[1])), m[2])

    return _sub(work, _VMS11, vms11) or _sub(work, _VMS12, vms12)


def _iso2(work: list[str], found: _Parsed) -> bool:
    def week(m: re.Match[str]) -> None:
        names = ("cwyear", "cweek", "cwday")
        found.week.update({k: int(v) for k, v in zip(names, m.groups(), strict=True) if v})

    def weekday(m: re.Match[str]) -> None:
        found.week["cwday"] = int(m[1])

    def month_day(m: re.Match[str]) -> None:
        if m[1] is not None:
            found.mon = int(m[1])
        found.mday = int(m[2])

    def month_only(m: re.Match[str]) -> None:
        found.mon = int(m[1])
        if m[2] is not None:
            found.mday = int(m[2])

    def ordinal(m: re.Match[str]) -> None:
        found.year, found.yday = int(m[1]), int(m[2])

    def yday(m: re.Match[str]) -> None:
        found.yday = int(m[1])

    return (
        _sub(work, _ISO21, week)
        or _sub(work, _ISO22, weekday)
        or _sub(work, _ISO23, month_day)
        or _sub(work, _ISO24, month_only)
        or (not _ISO25_NOT.search(work[0]) and _sub(work, _ISO25, ordinal))
        or (not _ISO26_NOT.search(work[0]) and _sub(work, _ISO26, yday))
    )


def _ddd(match: re.Match[str], found: _Parsed) -> None:
    sign, digits, more, fraction, zone = match.groups()

    def n(start: int, width: int) -> int:
        return int(digits[start : start + width])

    negative = sign == "-"
    size = len(digits)
    time_only = more is None and fraction is not None  # "s3 nil, s4 given" in ruby/date
    if size == 2:
        if time_only:
            found.sec = n(0, 2)
        else:
            found.mday = n(0, 2)
    elif size == 4:
        if time_only:
            found.sec, found.min = n(2, 2), n(0, 2)
        else:
            found.mon, found.mday = n(0, 2), n(2, 2)
    elif size == 6:
        if time_only:
            found.sec, found.min, found.hour = n(4, 2), n(2, 2), n(0, 2)
        else:
            found.year = -n(0, 2) if negative else n(0, 2)
            found.mon, found.mday = n(2, 2), n(4, 2)
    elif size in (8, 10, 12, 14):
        if time_only:
            found.sec, found.min = n(size - 2, 2), n(size - 4, 2)
            found.hour, found.mday = n(size - 6, 2), n(size - 8, 2)
            if size >= 10:
                found.mon = n(size - 10, 2)
            if size == 12:
                found.year = -n(0, 2) if negative else n(0, 2)
            if size == 14:
                found.year = -n(0, 4) if negative else n(0, 4)
                found.comp = False
        else:
            found.year = -n(0, 4) if negative else n(0, 4)
            found.mon, found.mday = n(4, 2), n(6, 2)
            if size >= 10:
                found.hour = n(8, 2)
            if size >= 12:
                found.min = n(10, 2)
            if size >= 14:
                found.sec = n(12, 2)
            found.comp = False
    elif size == 3:
        if time_only:
            found.sec, found.min = n(1, 2), n(0, 1)
        else:
            found.yday = n(0, 3)
    elif size == 5:
        if time_only:
            found.sec, found.min, found.hour = n(3, 2), n(1, 2), n(0, 1)
        else:
            found.year = -n(0, 2) if negative else n(0, 2)
            found.yday = n(2, 3)
    elif size == 7:
        if time_only:
            found.sec, found.min = n(5, 2), n(3, 2)
            found.hour, found.mday = n(1, 2), n(0, 1)
        else:
            found.year = -n(0, 4) if negative else n(0, 4)
            found.yday = n(4, 3)
    if more is not None and len(more) in (2, 4, 6):
        if fraction is not None:
            found.sec = int(more[-2:])
            if len(more) >= 4:
                found.min = int(more[-4:-2])
            if len(more) >= 6:
                found.hour = int(more[-6:-4])
        else:
            found.hour = int(more[0:2])
            if len(more) >= 4:
                found.min = int(more[2:4])
            if len(more) >= 6:
                found.sec = int(more[4:6])
    if fraction is not None:
        found.fraction = fraction
    if zone is not None:
        found.zone = zone
        if zone.startswith("["):
            inner = zone[1:-1]
            found.zone = inner.partition(":")[2] if ":" in inner else inner


def _frag(match: re.Match[str], found: _Parsed) -> None:
    number = int(match[1])
    if found.hour is not None and found.mday is None and 1 <= number <= 31:
        found.mday = number
    if found.mday is not None and found.hour is None and 0 <= number <= 24:
        found.hour = number


def _number_at(text: str, *, signed: bool) -> tuple[int, int, bool] | None:
    """(start, end, sign seen) of the first number in ``text`` (ruby/date's scan in s3e)."""
    for start, char in enumerate(text):
        if char.isascii() and (char.isdigit() or (signed and char in "+-")):
            end = start + 1 if char in "+-" else start
            while end < len(text) and text[end].isascii() and text[end].isdigit():
                end += 1
            return start, end, char in "+-"
    return None


def _s3e(found: _Parsed, y: str | None, m: str | None, d: str | None, *, bc: bool = False) -> None:
    """ruby/date's ``s3e``: which of three numbers is the year, the month and the day."""
    if y is not None and m is not None and d is None:
        y, m, d = None, y, m
    if y is None:
        if d is not None and len(d) > 2:
            y, d = d, None
        if d is not None and d.startswith("'"):
            y, d = d, None
    if y is not None:
        span = _number_at(y, signed=True)
        if span is not None and span[1] < len(y):
            number = y[span[0] : span[1]]
            y, d = d, number  # ruby/date: a year with more after it is the day
    if m is not None and (m.startswith("'") or len(m) > 2):
        y, m, d = m, d, y  # "us -> be" in ruby/date
    if d is not None and (d.startswith("'") or len(d) > 2):
        y, d = d, y
    comp: bool | None = None
    if y is not None:
        span = _number_at(y, signed=True)
        if span is not None:
            start, end, signed = span
            if signed or end - start - (1 if signed else 0) > 2:
                comp = False
            found.year = int(y[start:end]) if y[start:end] not in ("+", "-") else 0
    if bc:
        found.bc = True
    if m is not None:
        span = _number_at(m, signed=False)
        if span is not None:
            found.mon = int(m[span[0] : span[1]])
    if d is not None:
        span = _number_at(d, signed=False)
        if span is not None:
            found.mday = int(d[span[0] : span[1]])
    if comp is not None:
        found.comp = comp


def _zone_offset(zone: str, year: int, tz: tzinfo) -> int | None:
    """Ruby's ``Time.zone_offset`` (seconds east of UTC), with ``tz`` as the local zone."""
    zone = zone.upper()
    match = _ZONE_HHMM.match(zone)
    if match:
        seconds = (int(match[2]) * 60 + int(match[4])) * 60 + int(match[5] or 0)
        return -seconds if match[1] == "-" else seconds
    if _ZONE_HH.match(zone):
        return int(zone) * 3600
    if zone in _ZONE_HOURS:
        return _ZONE_HOURS[zone] * 3600
    for month in (1, 7):
        try:
            local = datetime(year, month, 1, tzinfo=tz)
        except ValueError:
            return None
        name, offset = local.tzname(), local.utcoffset()
        if name is not None and name.upper() == zone and offset is not None:
            return int(offset.total_seconds())
    return None


def _month_days(year: int, month: int) -> int | None:
    if not 1 <= month <= 12:
        return None
    if month == 2:
        return 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _apply_offset(
    year: int, mon: int, day: int, hour: int, minute: int, sec: int, off: int
) -> tuple[int, int, int, int, int, int]:
    """lib/time.rb's ``apply_offset``: the wall time moved to UTC, carrying only what the
    offset moves (so an out-of-range second is caught later, as Ruby catches it)."""
    if off < 0:
        off = -off
        off, rest = divmod(off, 60)
        if rest:
            sec += rest
            carry, sec = divmod(sec, 60)
            off += carry
        off, rest = divmod(off, 60)
        if rest:
            minute += rest
            carry, minute = divmod(minute, 60)
            off += carry
        off, rest = divmod(off, 24)
        if rest:
            hour += rest
            carry, hour = divmod(hour, 24)
            off += carry
        if off:
            day += off
            days = _month_days(year, mon)
            if days is not None and days < day:
                mon += 1
                if mon > 12:
                    mon, year = 1, year + 1
                day = 1
    elif off > 0:
        off, rest = divmod(off, 60)
        if rest:
            sec -= rest
            carry, sec = divmod(sec, 60)
            off -= carry
        off, rest = divmod(off, 60)
        if rest:
            minute -= rest
            carry, minute = divmod(minute, 60)
            off -= carry
        off, rest = divmod(off, 24)
        if rest:
            hour -= rest
            carry, hour = divmod(hour, 24)
            off -= carry
        if off:
            day -= off
            if day < 1:
                mon -= 1
                if mon < 1:
                    year, mon = year - 1, 12
                day = _month_days(year, mon) or 31
    return year, mon, day, hour, minute, sec


def _wall(
    text: str, year: int, mon: int, day: int, hour: int, minute: int, sec: int, micro: int
) -> datetime:
    """Ruby's Time.utc/Time.local arguments as a naive datetime: days past the month's
    end, hour 24 and second 60 carry over as Ruby carries them; the rest is refused."""
    if not (1 <= mon <= 12 and 1 <= day <= 31 and 0 <= hour <= 24 and 0 <= minute <= 59
            and 0 <= sec <= 60) or (hour == 24 and (minute or sec)):  # fmt: skip
        raise DateError(f"impossible date {text!r}: a part is out of range")
    if not 1 <= year <= 9999:
        raise DateError(f"impossible date {text!r}: year {year} is out of range")
    try:
        start = datetime(year, mon, 1)
        return start + timedelta(days=day - 1, hours=hour, minutes=minute, seconds=sec,
                                 microseconds=micro)  # fmt: skip
    except OverflowError:
        raise DateError(f"impossible date {text!r}: year {year} is out of range") from None


def _local(wall: datetime, tz: tzinfo) -> datetime:
    """A wall time in ``tz`` as Ruby's Time.local reads it: of two readings (a time the
    clocks passed twice, or skipped), the later instant."""
    first, second = wall.replace(tzinfo=tz), wall.replace(tzinfo=tz, fold=1)
    later = max(first.astimezone(UTC), second.astimezone(UTC)).astimezone(tz)
    if later.fold:  # Python never finds a fold=1 time equal to one in another zone
        offset = later.utcoffset()
        assert offset is not None
        return later.replace(tzinfo=timezone(offset), fold=0)
    return later


def _make_time(text: str, found: _Parsed, tz: tzinfo) -> datetime:
    """lib/time.rb's ``make_time`` for a text with its year (see ``ruby_time_parse``)."""
    year = found.year
    assert year is not None
    mon, day = found.mon, found.mday
    if found.yday is not None:
        if not 1 <= found.yday <= 366:
            raise DateError(f"impossible date {text!r}: day of the year {found.yday}")
        if not 1 <= year <= 9999:
            raise DateError(f"impossible date {text!r}: year {year} is out of range")
        moment = date(year, 1, 1) + timedelta(days=found.yday - 1)
        if moment.year != year:
            raise DateError(f"impossible date {text!r}: day of the year {found.yday}")
        mon, day = moment.month, moment.day
    micro = 0
    if found.fraction:
        micro = int((found.fraction + "000000")[:6])
    mon, day = (1 if mon is None else mon), (1 if day is None else day)
    hour, minute, sec = (0 if part is None else part for part in (found.hour, found.min, found.sec))
    offset = _zone_offset(found.zone, year, tz) if found.zone else None
    if offset is None:
        return _local(_wall(text, year, mon, day, hour, minute, sec, micro), tz)
    moved = _apply_offset(year, mon, day, hour, minute, sec, offset)
    return _wall(text, *moved, micro).replace(tzinfo=UTC).astimezone(tz)
