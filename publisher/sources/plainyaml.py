"""YAML front matter made only of plain one-line ``key: value`` pairs, read without a parser.

Most front matter is a handful of lines such as ``title: "A story"``, ``date:
2026-10-31T19:43:22+01:00`` and ``tags: [a, b]``; handing each to libyaml was a third
of the time spent reading a source. ``plain_front_matter`` reads exactly such lines
and returns None for anything else (comments, indentation, block or nested values,
escapes, anchors, tags, tabs, characters YAML forbids), so the caller parses those
with libyaml. Each unquoted scalar is typed by PyYAML's own resolver and built by its
own constructors, the ones libyaml's loader uses, so the values are the same;
tests/test_plain_yaml.py checks that with hypothesis.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from yaml import ScalarNode
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

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
_TAGS = "tag:yaml.org,2002:"
_TYPED = frozenset(_TAGS + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_STR = _TAGS + "str"


class _Scalars:
    """PyYAML's resolver and safe constructors, applied to one plain scalar at a time."""

    def __init__(self) -> None:
        self._resolver = Resolver()
        self._constructor = SafeConstructor()
        self._build: dict[str, Callable[[SafeConstructor, ScalarNode], Any]] = {
            tag: SafeConstructor.yaml_constructors[tag] for tag in _TYPED
        }

    def tag(self, text: str) -> str:
        # types-PyYAML leaves resolve() untyped; it returns the tag as a str.
        return str(self._resolver.resolve(ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]

    def value(self, text: str) -> tuple[bool, object]:
        """(True, the value) of an unquoted scalar, or (False, None) for libyaml to judge."""
        tag = self.tag(text)
        if tag not in _TYPED:
            return False, None
        try:
            return True, self._build[tag](self._constructor, ScalarNode(tag, text))
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
