"""Atom 1.0 (RFC 4287) rules."""

from __future__ import annotations

from lxml import etree

from publisher.validate import html
from publisher.validate.dates import check_rfc3339
from publisher.validate.rules import Findings
from publisher.validate.values import (
    ATOM_NS,
    EMAIL,
    MIME,
    XHTML_NS,
    check_self,
    check_url,
    has_bad_chars,
    is_absolute,
    line_of,
    namespace,
    report_unknown_namespace,
    text_of,
)

_A = f"{{{ATOM_NS}}}"
_FEED_ONCE = frozenset(
    ["id", "title", "subtitle", "updated", "rights", "icon", "logo", "generator"]
)
_FEED = _FEED_ONCE | {"author", "category", "contributor", "link", "entry"}
_ENTRY_ONCE = frozenset(
    ["content", "id", "published", "rights", "source", "summary", "title", "updated"]
)
_ENTRY = _ENTRY_ONCE | {"author", "category", "contributor", "link"}
_TEXT_CONSTRUCTS = frozenset(("title", "subtitle", "rights", "summary"))
_TEXT_TYPES = frozenset(("text", "html", "xhtml"))


class _Children:
    """An element's Atom children by local name, after vocabulary checks."""

    def __init__(
        self,
        parent: etree._Element,
        allowed: frozenset[str],
        once: frozenset[str],
        found: Findings,
        spaces: set[str],
    ) -> None:
        self.by_name: dict[str, list[etree._Element]] = {}
        what = "feed" if parent.tag == _A + "feed" else "entry"
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag.startswith(_A):
                name = tag[len(_A) :]
            elif tag.startswith("{"):
                report_unknown_namespace(namespace(tag), found, line_of(child), spaces)
                continue
            else:
                name = ""
            if name not in allowed:
                shown = name or tag + " (no namespace)"
                found.add(
                    "atom-unknown-element", f"{what} has no {shown!r} in Atom 1.0", line_of(child)
                )
                continue
            elements = self.by_name.setdefault(name, [])
            if elements and name in once:
                found.add(
                    "atom-duplicate-element", f"{what} has more than one {name}", line_of(child)
                )
            elements.append(child)

    def first(self, name: str) -> etree._Element | None:
        elements = self.by_name.get(name)
        return elements[0] if elements else None

    def all(self, name: str) -> list[etree._Element]:
        return self.by_name.get(name, [])


def _xhtml_div(element: etree._Element, name: str, found: Findings) -> etree._Element | None:
    kids = [kid for kid in element if isinstance(kid.tag, str)]
    stray = (element.text or "").strip() or any((kid.tail or "").strip() for kid in element)
    if len(kids) != 1 or kids[0].tag != f"{{{XHTML_NS}}}div" or stray:
        found.add(
            "atom-xhtml-missing-div",
            f'{name} type="xhtml" must hold exactly one <div xmlns="{XHTML_NS}">',
            line_of(element),
        )
        return None
    return kids[0]


def _text_construct(element: etree._Element, name: str, found: Findings) -> None:
    kind = element.get("type", "text").strip()
    if kind not in _TEXT_TYPES:
        found.add(
            "atom-invalid-text-type",
            f'{name} type {kind!r} must be "text", "html" or "xhtml"',
            line_of(element),
        )
    elif name == "summary":
        _markup(element, kind, name, found)
    elif kind == "xhtml":
        _xhtml_div(element, name, found)


def _markup(element: etree._Element, kind: str, name: str, found: Findings) -> None:
    if kind == "html":
        has_base = element.base is not None
        html.check_escaped(text_of(element), name, found, line_of(element), has_base)
    elif kind == "xhtml":
        div = _xhtml_div(element, name, found)
        if div is not None:
            html.check_xhtml(div, name, found)


def _content(
    entry: etree._Element, content: etree._Element, has_summary: bool, found: Findings
) -> None:
    kind = content.get("type", "text").strip()
    line = line_of(content)
    src = content.get("src")
    if kind not in _TEXT_TYPES and not MIME.fullmatch(kind):
        found.add(
            "atom-invalid-content-type",
            f'content type {kind!r} must be "text", "html", "xhtml" or a MIME type',
            line,
        )
        return
    if src is not None:
        check_url(src, "content src", found, line, absolute=False)
        if text_of(content).strip() or len(content):
            found.add("atom-content-src-not-empty", "content with src must be empty", line)
        if not has_summary:
            found.add("atom-entry-missing-summary", "content with src requires a summary", line)
        return
    is_xml = kind.endswith(("+xml", "/xml")) or kind.startswith("text/") or kind in _TEXT_TYPES
    if not is_xml and not has_summary:
        found.add("atom-entry-missing-summary", f"base64 {kind} content requires a summary", line)
    _markup(content, kind, "content", found)


def _person(person: etree._Element, found: Findings) -> None:
    what = person.tag[len(_A) :]
    name = person.find(_A + "name")
    if name is None or not text_of(name).strip():
        found.add("atom-person-missing-name", f"{what} has no name", line_of(person))
    email = person.find(_A + "email")
    if email is not None and not EMAIL.fullmatch(text_of(email).strip()):
        found.add("atom-invalid-email", f"{what} email {text_of(email).strip()!r}", line_of(email))
    uri = person.find(_A + "uri")
    if uri is not None:
        check_url(text_of(uri), f"{what} uri", found, line_of(uri), absolute=False)


def _common(kids: _Children, found: Findings, what: str) -> None:
    """Checks shared by feed and entry: id, dates, text constructs, people."""
    for element in kids.all("id"):
        value = text_of(element).strip()
        if has_bad_chars(value) or not is_absolute(value):
            found.add(
                "atom-id-not-absolute",
                f"{what} id {value[:80]!r} is not an absolute IRI",
                line_of(element),
            )
    for name in ("updated", "published"):
        for element in kids.all(name):
            for rule, message in check_rfc3339(text_of(element)):
                found.add(rule, f"{what} {name}: {message}", line_of(element))
    for name in _TEXT_CONSTRUCTS:
        for element in kids.all(name):
            _text_construct(element, name, found)
    for person in kids.all("author") + kids.all("contributor"):
        _person(person, found)
    for name in ("icon", "logo"):
        for element in kids.all(name):
            check_url(text_of(element), name, found, line_of(element), absolute=False)


def _links(kids: _Children, found: Findings) -> tuple[bool, etree._Element | None]:
    """Check links; return (has an alternate link, the self link)."""
    alternates: set[tuple[str, str]] = set()
    self_link = None
    for link in kids.all("link"):
        href = link.get("href")
        if href is None:
            found.add("atom-link-missing-href", "link has no href", line_of(link))
            continue
        check_url(href, "link href", found, line_of(link), absolute=False)
        rel = link.get("rel", "alternate").strip()
        if rel in ("alternate", "http://www.iana.org/assignments/relation/alternate"):
            key = (link.get("type", ""), link.get("hreflang", ""))
            if key in alternates:
                found.add(
                    "atom-duplicate-alternate-link",
                    f"a second alternate link with type {key[0]!r} and hreflang {key[1]!r}",
                    line_of(link),
                )
            alternates.add(key)
        elif rel in ("self", "http://www.iana.org/assignments/relation/self") and self_link is None:
            self_link = link
    return bool(alternates), self_link


def _entry(
    entry: etree._Element,
    found: Findings,
    feed_has_author: bool,
    ids: dict[str, int],
    spaces: set[str],
) -> None:
    kids = _Children(entry, _ENTRY, _ENTRY_ONCE, found, spaces)
    for name in ("id", "title", "updated"):
        if kids.first(name) is None:
            found.add(f"atom-entry-missing-{name}", f"entry has no {name}", line_of(entry))
    _common(kids, found, "entry")
    source = kids.first("source")
    source_author = source is not None and source.find(_A + "author") is not None
    if not feed_has_author and not kids.all("author") and not source_author:
        found.add(
            "atom-missing-author", "entry has no author and the feed has none", line_of(entry)
        )
    has_alternate, _ = _links(kids, found)
    content = kids.first("content")
    if content is not None:
        _content(entry, content, kids.first("summary") is not None, found)
    elif not has_alternate:
        found.add(
            "atom-entry-missing-content-or-alternate",
            'entry without content needs a link rel="alternate"',
            line_of(entry),
        )
    id_element = kids.first("id")
    if id_element is not None:
        value = text_of(id_element).strip()
        if value in ids:
            found.add(
                "atom-duplicate-entry-id",
                f"id {value[:80]!r} was used by the entry on line {ids[value]}",
                line_of(id_element),
            )
        else:
            ids[value] = line_of(entry) or 0


def check_atom(root: etree._Element, found: Findings, self_urls: tuple[str, ...]) -> None:
    """All Atom 1.0 rules on a parsed ``<feed>`` document."""
    spaces: set[str] = set()
    kids = _Children(root, _FEED, _FEED_ONCE, found, spaces)
    for name in ("id", "title", "updated"):
        if kids.first(name) is None:
            found.add(f"atom-missing-feed-{name}", f"feed has no {name}", line_of(root))
    _common(kids, found, "feed")
    _, self_link = _links(kids, found)
    if self_link is None:
        found.add(
            "atom-missing-self-link",
            'add <link rel="self" href="..."/> naming the feed\'s own URL',
            line_of(root),
        )
    else:
        check_self(self_link.get("href"), self_urls, found, line_of(self_link))
    ids: dict[str, int] = {}
    feed_has_author = bool(kids.all("author"))
    for entry in kids.all("entry"):
        _entry(entry, found, feed_has_author, ids, spaces)
