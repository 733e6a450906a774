"""What an HTML fragment says, without how a library happened to write it.

Python-Markdown and nh3 may change, from one release to the next, the order of
attributes, quoting, entity spelling, whether a void element ends in ``/>`` and the
blank lines between blocks; none of that changes what a reader sees. ``shape`` reads a
fragment with the standard library's parser into elements, their attributes (sorted,
entities decoded) and their text (each run of blanks one space; blanks alone, between
blocks, dropped), so tests compare what the HTML says and stay the same whichever
releases are installed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

Token = tuple[str, ...]
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)


class _Shape(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self.text: list[str] = []

    def _flush(self) -> None:
        text = re.sub(r"[ \t\n\r\f]+", " ", "".join(self.text))
        if text.strip():  # blanks alone (between blocks) are layout, not text
            self.tokens.append(("text", text))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        pairs = sorted(f"{name}={value or ''}" for name, value in attrs)
        self.tokens.append(("<", tag, *pairs))
        if tag in _VOID:
            self.tokens.append((">", tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.tokens.append((">", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        self._flush()
        self.tokens.append((">", tag))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def shape(fragment: str) -> list[Token]:
    """The elements, sorted attributes and collapsed text of ``fragment``, in order."""
    parser = _Shape()
    parser.feed(fragment.strip())
    parser.close()
    parser._flush()
    return parser.tokens
