"""The DOCTYPE's internal subset: entities expanded by us, within our limits, never fetched.

Some feeds declare entities so that HTML names work (``<!ENTITY nbsp "&#160;">``).
XML parsers expand such entities themselves, which is how entity-expansion attacks
(billion laughs) and external-entity reads (XXE) work; libxml2 never sees one here.
Instead the declarations are read from the text, each reference in the document is
replaced by its value (nested references included) as long as the whole expansion
stays within ``MAX_EXPANSION`` characters, and the internal subset is blanked out
(newlines kept, so line numbers stay right) before the document is parsed.

External entities (``SYSTEM``/``PUBLIC``) and parameter entities are never read:
a reference to an external entity stands for nothing, as in a parser that does not
load external entities, and a warning names each declaration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from publisher.validate.rules import Findings

MAX_EXPANSION = 10_000_000  # characters the expanded references may add, in total
MAX_NESTING = 64  # entities referring to entities, this deep at most
_NAME = r"[A-Za-z_:][\w.:-]*"
_LITERAL = r"(?:\"[^\"]*\"|'[^']*')"
_DOCTYPE = re.compile(
    rf"<!DOCTYPE\s+{_NAME}(?:\s+(?:SYSTEM|PUBLIC)\s+{_LITERAL}(?:\s+{_LITERAL})?)?\s*\["
)
_DECLARATION = re.compile(
    r"<!ENTITY\s+(?P<param>%\s+)?(?P<name>" + _NAME + r")\s+"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<external>(?:SYSTEM|PUBLIC)\b[^>]*))\s*>"
)
# Markup inside the subset that may hold ']' or '>' in quoted text.
_SUBSET_TOKEN = re.compile(
    r"<!--.*?-->|<\?.*?\?>|<!(?:[^\"'>]|\"[^\"]*\"|'[^']*')*>|%" + _NAME + r";|\s+", re.DOTALL
)
# What a reference can hide in: only content and attribute values expand entities.
_BODY_TOKEN = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<\?.*?\?>|&(" + _NAME + r");", re.DOTALL)
_PREDEFINED = frozenset(("amp", "lt", "gt", "quot", "apos"))


@dataclass
class _Subset:
    start: int  # index of "["
    end: int  # index just after the closing "]"
    internal: dict[str, str] = field(default_factory=dict)
    external: dict[str, int] = field(default_factory=dict)  # name -> index of declaration
    parameters: dict[str, int] = field(default_factory=dict)


def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _read_subset(text: str) -> _Subset | None:
    """The internal subset of the document's DOCTYPE, or None when it has none."""
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        return None
    start = doctype.end() - 1
    pos = start + 1
    subset = _Subset(start, start)
    while pos < len(text) and text[pos] != "]":
        token = _SUBSET_TOKEN.match(text, pos)
        if token is None:
            return None  # not an internal subset we can read: the parser will say why
        declaration = _DECLARATION.fullmatch(token[0])
        if declaration is not None:
            name = declaration["name"]
            if declaration["param"]:
                subset.parameters.setdefault(name, pos)
            elif declaration["external"]:
                subset.external.setdefault(name, pos)
            else:
                value = declaration["dq"] if declaration["dq"] is not None else declaration["sq"]
                subset.internal.setdefault(name, value or "")
        pos = token.end()
    subset.end = pos + 1
    return subset


class _TooLarge(Exception):
    pass


_REFERENCE = re.compile(r"&(" + _NAME + r");")


def _length(
    name: str, subset: _Subset, lengths: dict[str, int], active: tuple[str, ...] = ()
) -> int:
    """How long an entity's expansion is, computed without building it; raises _TooLarge."""
    if name in lengths:
        return lengths[name]
    if name in active:
        raise _TooLarge(f"entity {name!r} refers to itself")
    if len(active) >= MAX_NESTING:
        raise _TooLarge(f"entities nest more than {MAX_NESTING} deep")
    if name in subset.external:
        return 0
    value = subset.internal[name]
    total = len(value)
    for match in _REFERENCE.finditer(value):
        inner = match[1]
        if inner in subset.internal or inner in subset.external:
            total += _length(inner, subset, lengths, (*active, name)) - len(match[0])
            if total > MAX_EXPANSION:
                raise _TooLarge(
                    f"entity {name!r} expands to more than {MAX_EXPANSION:,} characters"
                )
    lengths[name] = total
    return total


def _expanded(name: str, subset: _Subset, cache: dict[str, str]) -> str:
    """The text an entity stands for, its references expanded (its length already checked)."""
    if name in cache:
        return cache[name]
    if name in subset.external:
        return ""

    def one(match: re.Match[str]) -> str:
        inner = match[1]
        if inner in subset.internal or inner in subset.external:
            return _expanded(inner, subset, cache)
        return match[0]

    cache[name] = _REFERENCE.sub(one, subset.internal[name])
    return cache[name]


def expand_entities(text: str, found: Findings) -> str | None:
    """The document with its entity references expanded and internal subset blanked.

    Returns ``text`` unchanged when there is no internal subset, and None (with an
    ``xml-entity-declaration`` error) when the expansion would pass the limit.
    """
    if "<!ENTITY" not in text:
        return text
    subset = _read_subset(text)
    if subset is None:
        return text
    for kind, declared in (("external", subset.external), ("parameter", subset.parameters)):
        for name, at in declared.items():
            line, column = _position(text, at)
            found.add(
                "xml-external-entity",
                f"the DOCTYPE declares the {kind} entity {name!r}; it was not read",
                line,
                column,
            )
    blank = "".join(c if c == "\n" else " " for c in text[subset.start : subset.end])
    head, body = text[: subset.start] + blank, text[subset.end :]
    cache: dict[str, str] = {}
    lengths: dict[str, int] = {}
    added = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal added
        name = match[1]
        if name is None or name in _PREDEFINED:
            return match[0]
        if name not in subset.internal and name not in subset.external:
            return match[0]
        added += _length(name, subset, lengths)
        if added > MAX_EXPANSION:
            raise _TooLarge(f"entity references expand to more than {MAX_EXPANSION:,} characters")
        return _expanded(name, subset, cache)

    try:
        return head + _BODY_TOKEN.sub(replace, body)
    except _TooLarge as exc:
        line, column = _position(text, subset.start)
        found.add(
            "xml-entity-declaration",
            f"refused: {exc} (an entity expansion attack such as billion laughs)",
            line,
            column,
        )
        return None
