"""Checks on HTML carried in feeds: script, event handlers, javascript: and relative URLs.

Escaped HTML is scanned with regular expressions rather than parsed: a feed of 50
full-content items must validate in a few milliseconds, and like the W3C service
we only need to find tags and attributes, not build a document.
"""

from __future__ import annotations

import html
import re

from lxml import etree

from publisher.validate.rules import Findings
from publisher.validate.values import line_of

_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_HANDLER = re.compile(r"""[\s"'/](on[a-z]+)\s*=""", re.IGNORECASE)
_URL_ATTR = re.compile(
    r"""[\s"'/](href|src|srcset|poster|action|formaction|background)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x20]+")
_URL_ATTRS = frozenset(("href", "src", "srcset", "poster", "action", "formaction", "background"))


def _urls(name: str, value: str) -> list[str]:
    if name.lower() == "srcset":
        # "a.jpg 1x, b.jpg 2x": each candidate is a URL then a descriptor.
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return [value]


def _check_url(
    url: str, where: str, has_base: bool, found: Findings, line: int | None, seen: set[str]
) -> None:
    if url.startswith(("https://", "http://")):
        return  # the common case, and nothing to unescape
    # Browsers drop control characters and spaces before the scheme, so must we.
    plain = _CONTROL.sub("", html.unescape(url)).strip()
    if plain.lower().startswith(("javascript:", "vbscript:")):
        if "html-javascript-url" not in seen:
            seen.add("html-javascript-url")
            found.add("html-javascript-url", f"{where} links to {plain[:40]!r}", line)
        return
    if not plain or plain.startswith("#") or has_base or _SCHEME.match(plain):
        return
    if "html-relative-url" not in seen:
        seen.add("html-relative-url")
        found.add(
            "html-relative-url",
            f"{where} has relative URL {plain[:60]!r}; make it absolute or set xml:base",
            line,
        )


def check_escaped(
    markup: str, where: str, found: Findings, line: int | None, has_base: bool = False
) -> None:
    """Check escaped HTML (RSS description, content:encoded, Atom type="html")."""
    if "<" not in markup:
        return
    # One finding per rule per element: fifty relative links are one problem.
    seen: set[str] = set()
    if _SCRIPT.search(markup):
        seen.add("html-script")
        found.add("html-script", f"{where} contains a script element", line)
    for handler in _HANDLER.finditer(markup):
        # Only inside a tag: the last '<' before it comes after the last '>'.
        at = handler.start()
        if markup.rfind("<", 0, at) > markup.rfind(">", 0, at):
            seen.add("html-event-handler")
            found.add("html-event-handler", f"{where} has event handler {handler[1]!r}", line)
            break
    for tag in _TAG.finditer(markup):
        text = tag[0]
        if "=" not in text:
            continue
        for attr in _URL_ATTR.finditer(text):
            value = attr[2] if attr[2] is not None else attr[3] if attr[3] is not None else attr[4]
            for url in _urls(attr[1], value):
                _check_url(url, where, has_base, found, line, seen)


def check_xhtml(container: etree._Element, where: str, found: Findings) -> None:
    """Check inline XHTML (Atom type="xhtml") element by element."""
    seen: set[str] = set()
    for element in container.iter(etree.Element):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        local = tag.rsplit("}", 1)[-1].lower()
        line = line_of(element)
        if local == "script" and "html-script" not in seen:
            seen.add("html-script")
            found.add("html-script", f"{where} contains a script element", line)
        for name, value in element.attrib.items():
            attr = str(name).rsplit("}", 1)[-1].lower()
            if attr.startswith("on") and "html-event-handler" not in seen:
                seen.add("html-event-handler")
                found.add("html-event-handler", f"{where} has event handler {attr!r}", line)
            elif attr in _URL_ATTRS:
                has_base = element.base is not None
                for url in _urls(attr, str(value)):
                    _check_url(url, where, has_base, found, line, seen)
