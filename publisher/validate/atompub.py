"""AtomPub (RFC 5023) documents: service and category documents, and the app: elements
an entry may carry (``app:edited``, ``app:control``).

A service document lists workspaces, each with a title and collections; a
collection names its URI (``href``) and a title, the media types it accepts and
its categories. A categories element either lists ``atom:category`` elements
(with ``fixed`` yes/no and a ``scheme``) or points at a category document with
``href`` alone.
"""

from __future__ import annotations

from lxml import etree

from publisher.validate.rules import Findings
from publisher.validate.timestamps import check_rfc3339
from publisher.validate.values import ATOM_NS, check_iri, line_of, local, namespace, text_of

APP_NS = "http://www.w3.org/2007/app"
_APP = f"{{{APP_NS}}}"
_TITLE = f"{{{ATOM_NS}}}title"


def _invalid(element: etree._Element, message: str, found: Findings) -> None:
    found.add("app-invalid", message, line_of(element))


def _app_children(parent: etree._Element, allowed: tuple[str, ...], found: Findings) -> None:
    """An app: element in a place RFC 5023 does not put it is an error."""
    for kid in parent:
        if (
            isinstance(kid.tag, str)
            and namespace(kid.tag) == APP_NS
            and local(kid.tag) not in allowed
        ):
            _invalid(kid, f"{local(parent.tag)} cannot hold app:{local(kid.tag)}", found)


def _titled(element: etree._Element, found: Findings) -> None:
    titles = element.findall(_TITLE)
    if not titles:
        _invalid(element, f"{local(element.tag)} has no atom:title", found)
    elif len(titles) > 1:
        _invalid(titles[1], f"{local(element.tag)} has more than one atom:title", found)


def check_categories(element: etree._Element, found: Findings) -> None:
    """app:categories, inline (category elements) or out of line (href alone)."""
    fixed = element.get("fixed")
    if fixed is not None and fixed not in ("yes", "no"):
        _invalid(element, f"app:categories fixed {fixed!r} must be yes or no", found)
    check_iri(element.get("scheme"), "app:categories scheme", found, line_of(element))
    href = element.get("href")
    check_iri(href, "app:categories href", found, line_of(element))
    kids = [kid for kid in element if isinstance(kid.tag, str)]
    if href is not None:
        for attr in ("fixed", "scheme"):
            if element.get(attr) is not None:
                _invalid(element, f"app:categories with href cannot also have {attr}", found)
        if kids:
            _invalid(kids[0], "app:categories with href must be empty", found)
        return
    for kid in kids:
        if kid.tag == f"{{{ATOM_NS}}}category":
            if kid.get("term") is None:
                found.add("missing-attribute", "category has no term", line_of(kid))
            check_iri(kid.get("scheme"), "category scheme", found, line_of(kid), absolute=True)
        elif namespace(kid.tag) in (APP_NS, ATOM_NS):
            _invalid(kid, f"app:categories cannot hold {local(kid.tag)}", found)


def _collection(collection: etree._Element, found: Findings) -> None:
    href = collection.get("href")
    if href is None:
        found.add("missing-attribute", "app:collection has no href", line_of(collection))
    check_iri(href, "app:collection href", found, line_of(collection))
    _titled(collection, found)
    _app_children(collection, ("accept", "categories"), found)
    for categories in collection.iterchildren(f"{_APP}categories"):
        check_categories(categories, found)


def check_service(root: etree._Element, found: Findings) -> None:
    """An AtomPub service document: workspaces, each titled, holding collections."""
    workspaces = root.findall(f"{_APP}workspace")
    if not workspaces:
        _invalid(root, "the service has no app:workspace", found)
    _app_children(root, ("workspace",), found)
    for workspace in workspaces:
        _titled(workspace, found)
        _app_children(workspace, ("collection",), found)
        for collection in workspace.iterchildren(f"{_APP}collection"):
            _collection(collection, found)


def check_in_feed(element: etree._Element, found: Findings) -> None:
    """app: elements in Atom feeds and entries: collection, edited, control."""
    name = local(element.tag)
    if name == "collection":
        _collection(element, found)
    elif name == "edited":
        for rule, message in check_rfc3339(text_of(element)):
            found.add(rule, f"app:edited: {message}", line_of(element))
    elif name == "control":
        _app_children(element, ("draft",), found)
        for draft in element.iterchildren(f"{_APP}draft"):
            if text_of(draft).strip() not in ("yes", "no"):
                _invalid(draft, "app:draft must be yes or no", found)
