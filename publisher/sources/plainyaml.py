"""YAML front matter made only of plain one-line ``key: value`` pairs, read without a parser.

Most front matter is a handful of lines such as ``title: "A story"``, ``date:
2026-10-31T19:43:22+01:00`` and ``tags: [a, b]``; handing each to libyaml was a third
of the time spent reading a source. ``plain_front_matter`` reads exactly such lines
and returns None for anything else (comments, indentation, block or nested values,
escapes, anchors, tags, tabs, characters YAML forbids), so the caller parses those
with libyaml. Each unquoted scalar is typed by YAML 1.1's implicit types as PyYAML's
safe loader resolves and builds them (booleans, null, integers, floats, timestamps,
else text), written here so that an edit's rebuild need not import PyYAML (~10 ms):
tests/test_plain_yaml.py checks, with hypothesis and with the front matter of real
sites, that every value is the one PyYAML gives.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')
_SINGLE_QUOTED = re.compile(r"'([^']*)'")
_FLOW_LIST = re.compile(r"\[(.*)\]")
_FLOW_MAP = re.compile(r"\{(.*)\}")
# One ``key: value`` of a flow mapping, and the comma or end after it: the value is
# double-quoted without escapes, or unquoted without indicators, quotes or colons.
_FLOW_PAIR = re.compile(
    r' *([A-Za-z_][A-Za-z0-9_-]*): +(?:"([^"\\]*)"'
    r"|([^ ,\[\]{}#:\"'&*!|>%@`?-][^,\[\]{}#:\"']*?)) *(,|\Z)"
)
# Characters a plain scalar may not start with (YAML's indicators, and '-', '?', ':'
# even where a following character would make them plain: those go to libyaml).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Anything outside YAML's printable set (and tab, CR, NEL, BOM, the Unicode line and
# paragraph separators): libyaml rejects or treats these specially. Written as the few
# ranges it is, not as the complement of the printable set: that negated class took
# ~3 ms to compile, paid by every edit rebuild (the same characters either way).
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")

# YAML 1.1's implicit types (yaml.org/type), each spelled as PyYAML's resolver accepts
# it, quirks included: a float needs a '.', '1e3' is text, '017' is octal, '1:30' is
# base 60, a date alone has two-digit month and day.
_BOOLEANS = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_INT = re.compile(
    r"[-+]?(?:0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)"
)
_FLOAT = re.compile(
    r"[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]*))?(?:[ \t]*(?:(Z)|([-+])([0-9][0-9]?)(?::([0-9]{2}))?))?"
)
# What PyYAML's constructor returns for '.nan' (a NaN made the same way, sign and all).
_NAN = -math.inf / math.inf

_TAGS = "tag:yaml.org,2002:"
_STR = _TAGS + "str"
_MERGE = _TAGS + "merge"  # '<<' and '=' are typed, but not as values: libyaml's to judge
_VALUE = _TAGS + "value"


def _boolean(text: str) -> object:
    return _BOOLEANS[text]


def _null(text: str) -> object:
    return None


def _integer(text: str) -> object:
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == "0":
        return 0
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits[0] == "0":
        return sign * int(digits, 8)
    if ":" in digits:
        return sign * _base60([int(part) for part in digits.split(":")], 0)
    return sign * int(digits)


def _real(text: str) -> object:
    digits = text.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == ".inf":
        return sign * math.inf
    if digits == ".nan":
        return _NAN
    if ":" in digits:
        return sign * _base60([float(part) for part in digits.split(":")], 0.0)
    return sign * float(digits)


def _base60(parts: list[int] | list[float], zero: int | float) -> int | float:
    value, place = zero, 1
    for part in reversed(parts):
        value += part * place
        place *= 60
    return value


def _timestamp(text: str) -> object:
    day = _DATE.fullmatch(text)
    if day is not None:
        return date(int(day[1]), int(day[2]), int(day[3]))
    parts = _DATE_TIME.fullmatch(text)
    assert parts is not None  # typed as a timestamp by the same patterns
    year, month, mday, hour, minute, second, fraction, utc, sign, zone_h, zone_m = parts.groups()
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    zone: timezone | None = None
    if sign:
        offset = timedelta(hours=int(zone_h), minutes=int(zone_m or 0))
        zone = timezone(-offset if sign == "-" else offset)
    elif utc:
        zone = UTC
    return datetime(
        int(year), int(month), int(mday), int(hour), int(minute), int(second), micro, tzinfo=zone
    )


def _typed(text: str) -> tuple[str, Callable[[str], object] | None]:
    """The YAML 1.1 tag of an unquoted scalar, and what builds its value (None: libyaml's)."""
    if text in _BOOLEANS:
        return _TAGS + "bool", _boolean
    if text in _NULLS:
        return _TAGS + "null", _null
    if text == "<<":
        return _MERGE, None
    if text == "=":
        return _VALUE, None
    if text[0] in "-+.0123456789":
        if _FLOAT.fullmatch(text):
            return _TAGS + "float", _real
        if _INT.fullmatch(text):
            return _TAGS + "int", _integer
        if _DATE.fullmatch(text) or _DATE_TIME.fullmatch(text):
            return _TAGS + "timestamp", _timestamp
    return _STR, str


class _Scalars:
    """Unquoted scalars typed and built as PyYAML's safe loader types and builds them."""

    def tag(self, text: str) -> str:
        return _typed(text)[0]

    def value(self, text: str) -> tuple[bool, object]:
        """(True, the value) of an unquoted scalar, or (False, None) for libyaml to judge."""
        build = _typed(text)[1]
        if build is None:
            return False, None
        try:
            return True, build(text)
        except (ValueError, TypeError, OverflowError):  # e.g. 2026-02-30: libyaml's message
            return False, None


_SCALARS = _Scalars()


def plain_front_matter(
    text: str, *, first_line: int
) -> tuple[dict[str, object], dict[str, int]] | None:
    """(fields, 1-based line of each field) when ``text`` is only plain ``key: value``
    lines (and empty lines), as libyaml's safe loader would give them; else None."""
    if _UNUSUAL.search(text):
        return None
    fields: dict[str, object] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n")):
        if not line:
            continue
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            return None
        key, raw = match[1], (match[2] or "").rstrip(" ")
        if _SCALARS.tag(key) != _STR:  # yes:, null:, on: ... are not text keys
            return None
        ok, value = _value(raw)
        if not ok:
            return None
        fields[key] = value  # a repeated key: the last value, at the first key's place
        lines.setdefault(key, first_line + number)
    return (fields, lines) if fields else None


def _value(raw: str) -> tuple[bool, object]:
    if not raw:
        return True, None
    first = raw[0]
    if first == '"' or first == "'":
        quoted = (_DOUBLE_QUOTED if first == '"' else _SINGLE_QUOTED).fullmatch(raw)
        return (True, quoted[1]) if quoted else (False, None)
    if first == "[":
        listed = _FLOW_LIST.fullmatch(raw)
        return _flow_list(listed[1]) if listed else (False, None)
    if first == "{":
        mapped = _FLOW_MAP.fullmatch(raw)
        return _flow_map(mapped[1]) if mapped else (False, None)
    if first in _INDICATORS or ": " in raw or " #" in raw or raw.endswith(":"):
        return False, None
    return _SCALARS.value(raw)


def _flow_list(inner: str) -> tuple[bool, object]:
    """``[a, b]`` of unquoted items without flow indicators, colons or comments."""
    if not inner.strip(" "):
        return True, []
    items: list[object] = []
    for part in inner.split(","):
        item = part.strip(" ")
        if not item or item[0] in _INDICATORS or any(c in item for c in "[]{}:#"):
            return False, None
        ok, value = _SCALARS.value(item)
        if not ok:
            return False, None
        items.append(value)
    return True, items


def _flow_map(inner: str) -> tuple[bool, object]:
    """``{name: "Ana", email: "a@example.org"}``: text keys, quoted or unquoted values."""
    mapping: dict[str, object] = {}
    position, end = 0, len(inner)
    if not inner.strip(" "):
        return True, mapping
    while position < end:
        pair = _FLOW_PAIR.match(inner, position)
        if pair is None or (pair[4] == "," and pair.end() == end):  # none, or a trailing comma
            return False, None
        key, quoted, plain = pair[1], pair[2], pair[3]
        if _SCALARS.tag(key) != _STR:
            return False, None
        if quoted is not None:
            mapping[key] = quoted
        else:
            ok, value = _SCALARS.value(plain)
            if not ok:
                return False, None
            mapping[key] = value
        position = pair.end()
    return True, mapping
