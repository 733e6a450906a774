"""Atom 1.0 (RFC 4287) rules: feed documents, entry documents and ``atom:source``."""

from __future__ import annotations

from lxml import etree

from publisher.validate import extensions, feedsync, html
from publisher.validate.rules import Findings
from publisher.validate.timestamps import check_rfc3339
from publisher.validate.values import (
    ATOM_NS,
    MIME,
    XHTML_NS,
    check_address,
    check_bases,
    check_iri,
    check_languages,
    check_link_attributes,
    check_self,
    has_whitespace_around,
    is_base64,
    line_of,
    namespace,
    text_of,
    uri_problem,
)

_A = f"{{{ATOM_NS}}}"
_APP_NS = "http://www.w3.org/2007/app"
_FEED_ONCE = frozenset(
    ["id", "title", "subtitle", "updated", "rights", "icon", "logo", "generator"]
)
_SOURCE = _FEED_ONCE | {"author", "category", "contributor", "link"}
_FEED = _SOURCE | {"entry"}
_ENTRY_ONCE = frozenset(
    ["content", "id", "published", "rights", "source", "summary", "title", "updated"]
)
_ENTRY = _ENTRY_ONCE | {"author", "category", "contributor", "link"}
_PERSON = frozenset(("name", "uri", "email"))
_TEXT_CONSTRUCTS = frozenset(("title", "subtitle", "rights", "summary"))
_TEXT_TYPES = frozenset(("text", "html", "xhtml"))
# Elements that never belong inside XHTML content: Atom's and AtomPub's own.
_NOT_XHTML = frozenset((ATOM_NS, _APP_NS, ""))
_REL = "http://www.iana.org/assignments/relation/"
_RELATIVE = ("url-not-absolute", "must be an absolute URL")


class _Children:
    """An element's Atom children by local name, after vocabulary checks."""

    def __init__(
        self,
        parent: etree._Element,
        what: str,
        allowed: frozenset[str],
        once: frozenset[str],
        found: Findings,
        spaces: set[str],
    ) -> None:
        self.by_name: dict[str, list[etree._Element]] = {}
        self.extensions: list[etree._Element] = []
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag.startswith(_A):
                name = tag[len(_A) :]
            elif tag.startswith("{"):
                self.extensions.append(child)
                extensions.check(child, what, found, spaces)
                continue
            else:
                found.add(
                    "xml-no-namespace",
                    f"{what} holds <{tag}>, which has no namespace; readers cannot tell what it is",
                    line_of(child),
                )
                continue
            if name not in allowed:
                found.add(
                    "atom-unknown-element", f"{what} has no {name!r} in Atom 1.0", line_of(child)
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


def _element_children(element: etree._Element) -> list[etree._Element]:
    return [kid for kid in element if isinstance(kid.tag, str)]


def _xhtml_div(element: etree._Element, name: str, found: Findings) -> etree._Element | None:
    kids = _element_children(element)
    stray = (element.text or "").strip() or any((kid.tail or "").strip() for kid in element)
    if len(kids) != 1 or kids[0].tag != f"{{{XHTML_NS}}}div" or stray:
        found.add(
            "atom-xhtml-missing-div",
            f'{name} type="xhtml" must hold exactly one <div xmlns="{XHTML_NS}">',
            line_of(element),
        )
        return None
    div = kids[0]
    for inner in div.iter(etree.Element):
        if inner is not div and namespace(str(inner.tag)) in _NOT_XHTML:
            found.add(
                "atom-content-model",
                f"{name} holds <{inner.tag}>, which is not XHTML (declare the XHTML namespace)",
                line_of(inner),
            )
            break
    return div


def _no_children(element: etree._Element, name: str, kind: str, found: Findings) -> bool:
    kids = _element_children(element)
    if kids:
        found.add(
            "atom-content-model",
            f'{name} type="{kind}" holds the element <{kids[0].tag}>; escape markup as text',
            line_of(kids[0]),
        )
        return False
    return True


def _text_construct(element: etree._Element, name: str, found: Findings) -> None:
    kind = element.get("type", "text").strip()
    if kind not in _TEXT_TYPES:
        found.add(
            "atom-invalid-text-type",
            f'{name} type {kind!r} must be "text", "html" or "xhtml"',
            line_of(element),
        )
    elif kind != "xhtml" and not _no_children(element, name, kind, found):
        return
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


def _content(content: etree._Element, has_summary: bool, found: Findings) -> None:
    kind = content.get("type", "text").strip()
    line = line_of(content)
    src = content.get("src")
    is_mime = kind not in _TEXT_TYPES and MIME.fullmatch(kind) is not None
    if (kind not in _TEXT_TYPES and not is_mime) or kind.lower().startswith("multipart/"):
        found.add(
            "atom-invalid-content-type",
            f'content type {kind!r} must be "text", "html", "xhtml" or a non-multipart MIME type',
            line,
        )
        return
    if src is not None:
        if "type" in content.attrib and not is_mime:
            found.add(
                "atom-invalid-content-type",
                f'content with src needs a MIME type such as "text/html", not {kind!r}',
                line,
            )
        check_iri(src, "content src", found, line)
        if text_of(content).strip() or len(content):
            found.add("atom-content-src-not-empty", "content with src must be empty", line)
        if not has_summary:
            found.add("atom-entry-missing-summary", "content with src requires a summary", line)
        return
    lowered = kind.lower()
    is_xml = lowered.endswith(("+xml", "/xml"))
    if kind in ("text", "html") or (lowered.startswith("text/") and not is_xml):
        if _no_children(content, "content", kind, found):
            _markup(content, kind, "content", found)
        return
    if kind == "xhtml":
        _markup(content, kind, "content", found)
        return
    if is_xml:
        stray = (content.text or "").strip() or any((kid.tail or "").strip() for kid in content)
        if stray:
            found.add(
                "atom-content-model",
                f'content type="{kind}" mixes text with its XML element',
                line,
            )
        return
    if not has_summary:
        found.add("atom-entry-missing-summary", f"base64 {kind} content requires a summary", line)
    if _no_children(content, "content", kind, found) and not is_base64(text_of(content)):
        found.add("atom-invalid-base64", f"{kind} content is not valid base64", line)


def _person(person: etree._Element, found: Findings, spaces: set[str]) -> None:
    what = person.tag[len(_A) :]
    kids = _Children(person, what, _PERSON, _PERSON, found, spaces)
    name = kids.first("name")
    if name is None:
        found.add("atom-person-missing-name", f"{what} has no name", line_of(person))
    elif not text_of(name).strip():
        found.add("empty-value", f"{what} name is empty", line_of(name))
    email = kids.first("email")
    if email is not None:
        check_address(
            text_of(email).strip(), f"{what} email", "atom-invalid-email", found, line_of(email)
        )
    uri = kids.first("uri")
    if uri is not None:
        _no_whitespace(uri, f"{what} uri", found)
        check_iri(text_of(uri).strip(), f"{what} uri", found, line_of(uri))


def _no_whitespace(element: etree._Element, what: str, found: Findings) -> None:
    if has_whitespace_around(text_of(element)):
        found.add(
            "atom-unexpected-whitespace",
            f"{what} has spaces or line breaks around its value",
            line_of(element),
        )


def _common(kids: _Children, found: Findings, what: str, spaces: set[str]) -> None:
    """Checks shared by feed, entry and source: id, dates, text constructs, people."""
    for element in kids.all("id"):
        value = text_of(element)
        _no_whitespace(element, f"{what} id", found)
        value = value.strip()
        problem = uri_problem(value, absolute=True, iri=True)
        if value[:4].lower() == "urn:" and value[:9].lower() != "urn:uuid:":
            # Readers compare ids as opaque strings, and a published id must never
            # change: a URN off RFC 8141's syntax (urn:x:1) is accepted as it is.
            problem = None
        if problem is not None:
            rule = "atom-id-not-absolute" if problem[0] == "url-not-absolute" else problem[0]
            found.add(rule, f"{what} id {value[:80]!r} {problem[1]}", line_of(element))
    for name in ("updated", "published"):
        for element in kids.all(name):
            _no_whitespace(element, f"{what} {name}", found)
            for rule, message in check_rfc3339(text_of(element)):
                found.add(rule, f"{what} {name}: {message}", line_of(element))
    for name in _TEXT_CONSTRUCTS:
        for element in kids.all(name):
            _text_construct(element, name, found)
    for person in kids.all("author") + kids.all("contributor"):
        _person(person, found, spaces)
    for name in ("icon", "logo"):
        for element in kids.all(name):
            _no_whitespace(element, name, found)
            check_iri(text_of(element).strip(), name, found, line_of(element))
    for category in kids.all("category"):
        line = line_of(category)
        if category.get("term") is None:
            found.add("missing-attribute", "category has no term", line)
        check_iri(category.get("scheme"), "category scheme", found, line, absolute=True)
    for generator in kids.all("generator"):
        kid = next(iter(_element_children(generator)), None)
        if kid is not None:
            found.add("atom-unknown-element", "generator holds only text", line_of(kid))
        check_iri(generator.get("uri"), "generator uri", found, line_of(generator))


def _links(kids: _Children, found: Findings) -> tuple[bool, dict[str, etree._Element]]:
    """Check links; return (has an alternate link, the first link of each relation)."""
    alternates: set[tuple[str, str]] = set()
    by_rel: dict[str, etree._Element] = {}
    for link in kids.all("link"):
        href = link.get("href")
        line = line_of(link)
        if href is None:
            found.add("atom-link-missing-href", "link has no href", line)
            continue
        check_iri(href, "link href", found, line)
        check_link_attributes(link, "link", found, line)
        if len(link.attrib) > 1 + ("rel" in link.attrib) + ("type" in link.attrib):
            extensions.thread_link_attributes(link, found)
        rel = link.get("rel", "alternate").strip()
        rel = rel.removeprefix(_REL)
        by_rel.setdefault(rel, link)
        if rel == "alternate":
            key = (link.get("type", ""), link.get("hreflang", ""))
            if key in alternates:
                found.add(
                    "atom-duplicate-alternate-link",
                    f"a second alternate link with type {key[0]!r} and hreflang {key[1]!r}",
                    line,
                )
            alternates.add(key)
    return bool(alternates), by_rel


def _source(source: etree._Element, found: Findings, spaces: set[str]) -> None:
    kids = _Children(source, "source", _SOURCE, _FEED_ONCE, found, spaces)
    _common(kids, found, "source", spaces)
    _links(kids, found)


def _entry(
    entry: etree._Element,
    found: Findings,
    feed_has_author: bool,
    ids: dict[str, int],
    spaces: set[str],
) -> None:
    kids = _Children(entry, "entry", _ENTRY, _ENTRY_ONCE, found, spaces)
    for name in ("id", "title", "updated"):
        if kids.first(name) is None:
            found.add(f"atom-entry-missing-{name}", f"entry has no {name}", line_of(entry))
    _common(kids, found, "entry", spaces)
    source = kids.first("source")
    if source is not None:
        _source(source, found, spaces)
    source_author = source is not None and source.find(_A + "author") is not None
    if not feed_has_author and not kids.all("author") and not source_author:
        found.add(
            "atom-missing-author", "entry has no author and the feed has none", line_of(entry)
        )
    has_alternate, _ = _links(kids, found)
    content = kids.first("content")
    if content is not None:
        _content(content, kids.first("summary") is not None, found)
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


def _misplaced_metadata(root: etree._Element, found: Findings) -> None:
    seen_entry = False
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if child.tag == _A + "entry":
            seen_entry = True
        elif seen_entry and child.tag.startswith(_A):
            found.add(
                "atom-misplaced-metadata",
                f"feed metadata <{child.tag[len(_A) :]}> comes after the entries",
                line_of(child),
            )
            return


def _history(kids: _Children, by_rel: dict[str, etree._Element], found: Findings) -> None:
    """RFC 5005 feed paging and archiving."""
    complete = any(extensions.is_history(kid, "complete") for kid in kids.extensions)
    self_link = by_rel.get("self")
    self_href = self_link.get("href") if self_link is not None else None
    if complete:
        for rel in ("first", "last", "next", "previous", "prev", "next-archive", "prev-archive"):
            if rel in by_rel:
                found.add(
                    "history-invalid",
                    f'a complete feed (fh:complete) has no pages: drop rel="{rel}"',
                    line_of(by_rel[rel]),
                )
        current = by_rel.get("current")
        if current is not None and self_href is not None and current.get("href") != self_href:
            found.add(
                "history-invalid",
                'in a complete feed rel="current" must name the feed itself (its self link)',
                line_of(current),
            )
    for rel, end in (("next", "last"), ("previous", "first"), ("prev", "first")):
        end_link = by_rel.get(end)
        if rel in by_rel and end_link is not None and self_href == end_link.get("href"):
            found.add(
                "history-invalid",
                f'the {end} page has a rel="{rel}" link past the end',
                line_of(by_rel[rel]),
            )


def _feed_rules(
    root: etree._Element, kids: _Children, found: Findings, self_urls: tuple[str, ...]
) -> dict[str, etree._Element]:
    for name in ("id", "title", "updated"):
        if kids.first(name) is None:
            found.add(f"atom-missing-feed-{name}", f"feed has no {name}", line_of(root))
    _, by_rel = _links(kids, found)
    self_link = by_rel.get("self")
    if self_link is None:
        found.add(
            "atom-missing-self-link",
            'add <link rel="self" href="..."/> naming the feed\'s own URL',
            line_of(root),
        )
    else:
        href = (self_link.get("href") or "").strip()
        if href and uri_problem(href, absolute=True, iri=True) == _RELATIVE:
            found.add(
                "self-link-relative",
                f"self link {href[:80]!r} is relative; write the feed's full URL",
                line_of(self_link),
            )
        check_self(self_link.get("href"), self_urls, found, line_of(self_link))
    return by_rel


def check_atom(root: etree._Element, found: Findings, self_urls: tuple[str, ...]) -> None:
    """All Atom 1.0 rules on a parsed ``<feed>`` document."""
    spaces: set[str] = set()
    check_bases(root, found)
    check_languages(root, found)
    kids = _Children(root, "feed", _FEED, _FEED_ONCE, found, spaces)
    _common(kids, found, "feed", spaces)
    by_rel = _feed_rules(root, kids, found, self_urls)
    _history(kids, by_rel, found)
    _misplaced_metadata(root, found)
    ids: dict[str, int] = {}
    feed_has_author = bool(kids.all("author"))
    entries = kids.all("entry")
    for entry in entries:
        _entry(entry, found, feed_has_author, ids, spaces)
    feedsync.check_unique_ids(root, found)
    if len(entries) > 9 and len(ids) == 1:
        found.add(
            "atom-entries-share-one-id",
            f"all {len(entries)} entries have the same id; each entry needs its own",
            line_of(root),
        )


def check_atom_entry(root: etree._Element, found: Findings) -> None:
    """An Atom Entry Document (RFC 4287 §2): one ``<entry>`` as the root."""
    spaces: set[str] = set()
    check_bases(root, found)
    check_languages(root, found)
    _entry(root, found, False, {}, spaces)
