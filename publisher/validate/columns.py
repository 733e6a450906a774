"""Columns for findings about elements: where each element's start tag begins.

libxml2 (through lxml) records an element's line but not its column. When a
document has findings, one pass of the standard library's expat parser over the
same text records where every start tag begins, in document order, which is the
order lxml iterates elements in; each finding then gets its element's column.
"""

from __future__ import annotations

import re
from dataclasses import replace
from xml.parsers import expat

from lxml import etree

from publisher.validate.rules import Findings

_NEWLINE = re.compile(r"\r\n|\r|\n")


def _start_tags(text: str) -> list[tuple[int, int]] | None:
    """(line, byte offset in the UTF-8 line) of every start tag, or None if expat fails."""
    parser = expat.ParserCreate(encoding="UTF-8")
    starts: list[tuple[int, int]] = []

    def start(_name: str, _attributes: object) -> None:
        starts.append((parser.CurrentLineNumber, parser.CurrentColumnNumber))

    parser.StartElementHandler = start
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError:
        return None  # lxml took it; if expat does not, the columns stay unknown
    return starts


def add_columns(found: Findings, root: etree._Element, text: str) -> None:
    """Give each finding anchored to an element the column of that element's start tag."""
    if not found.anchors:
        return
    wanted = {id(element) for element in found.anchors.values()}
    order: dict[int, int] = {}
    for index, element in enumerate(root.iter(etree.Element)):
        if id(element) in wanted:
            order[id(element)] = index
    starts = _start_tags(text)
    if starts is None:
        return
    lines = _NEWLINE.split(text)
    for at, element in found.anchors.items():
        position = order.get(id(element))
        problem = found.items[at]
        if position is None or position >= len(starts) or problem.line is None:
            continue
        line, offset = starts[position]
        if line != problem.line or line > len(lines):
            continue  # the two parsers disagree: better no column than a wrong one
        prefix = lines[line - 1].encode("utf-8")[:offset].decode("utf-8", "replace")
        found.items[at] = replace(problem, column=len(prefix) + 1)
