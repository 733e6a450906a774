"""Namespaced extension elements met in RSS and Atom: threading, feed history, trackback,
Creative Commons, slash, geo/ICBM/GeoURL coordinates and Dublin Core, plus the dispatch
to the iTunes and Media RSS modules.

``check`` is called for every namespaced child of a feed-level or item-level element
with the place it was met (``channel``, ``item``, ``feed``, ``entry``, ``source``, ...).
Elements of a well-known module must be ones it defines for that place
(``vocabulary.py``) and, unless they hold structure, plain text.
"""

from __future__ import annotations

import re

from lxml import etree

from publisher.validate import atompub, feedsync, itunes, media, module_values, vocabulary
from publisher.validate.rules import Findings
from publisher.validate.timestamps import check_rfc3339
from publisher.validate.values import (
    MIME,
    check_integer,
    check_iri,
    is_absolute,
    line_of,
    local,
    namespace,
    report_unknown_namespace,
    text_of,
)

THR_NS = "http://purl.org/syndication/thread/1.0"
FH_NS = "http://purl.org/syndication/history/1.0"
TRACKBACK_NS = "http://madskills.com/public/xml/rss/module/trackback/"
CC_NS = "http://backend.userland.com/creativeCommonsRssModule"
SLASH_NS = "http://purl.org/rss/1.0/modules/slash/"
DC_NS = "http://purl.org/dc/elements/1.1/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_GEO = {
    "http://www.w3.org/2003/01/geo/wgs84_pos#": ("lat", "long"),
    "http://postneo.com/icbm": ("latitude", "longitude"),
    "http://postneo.com/icbm/": ("latitude", "longitude"),
    "http://geourl.org/rss/module/": ("latitude", "longitude"),
}
_ENTRY_LEVEL = frozenset(("item", "entry"))
_FEED_LEVEL = frozenset(("channel", "feed"))
_COMMA_INTEGERS = re.compile(r"\d+(?:,\s*\d+)*")


def _unknown(element: etree._Element, where: str, found: Findings) -> None:
    prefix = element.prefix or namespace(str(element.tag))
    found.add(
        "extension-unknown-element",
        f"{where} cannot hold {prefix}:{local(element.tag)}",
        line_of(element),
    )


def _invalid(element: etree._Element, message: str, found: Findings) -> None:
    found.add("extension-invalid-value", message, line_of(element))


def _thread(element: etree._Element, where: str, found: Findings) -> None:
    """RFC 4685: thr:in-reply-to and thr:total in entries."""
    name, line = local(element.tag), line_of(element)
    if name == "in-reply-to":
        ref = element.get("ref")
        if ref is None:
            found.add("thr-in-reply-to-missing-ref", "thr:in-reply-to has no ref", line)
        else:
            check_iri(ref, "thr:in-reply-to ref", found, line, absolute=True)
        check_iri(element.get("href"), "thr:in-reply-to href", found, line)
        check_iri(element.get("source"), "thr:in-reply-to source", found, line)
        kind = element.get("type")
        if kind is not None and not MIME.fullmatch(kind.strip()):
            found.add("extension-invalid-value", f"thr:in-reply-to type {kind!r}", line)
    elif name == "total":
        check_integer(text_of(element), "thr:total", found, line)
    else:
        _unknown(element, where, found)


def thread_link_attributes(link: etree._Element, found: Findings) -> None:
    """thr:count and thr:updated on an Atom ``link rel="replies"``."""
    line = line_of(link)
    for key, value in link.attrib.items():
        name = str(key)
        if not name.startswith(f"{{{THR_NS}}}"):
            continue
        attr = local(name)
        value = str(value)
        if attr == "count":
            check_integer(value, "thr:count", found, line)
        elif attr == "updated":
            for rule, message in check_rfc3339(value):
                found.add(rule, f"thr:updated: {message}", line)
        else:
            found.add("extension-unknown-element", f"link has no attribute thr:{attr}", line)


def is_history(element: etree._Element, name: str) -> bool:
    """True for ``fh:<name>``."""
    return element.tag == f"{{{FH_NS}}}{name}"


def _trackback(element: etree._Element, where: str, found: Findings, rdf: bool) -> None:
    name, line = local(element.tag), line_of(element)
    if where not in _ENTRY_LEVEL or name not in ("ping", "about"):
        _unknown(element, where, found)
        return
    # RSS 1.0 points with rdf:resource, RSS 2.0 and Atom with the element's text.
    if rdf:
        resource = element.get(f"{{{RDF_NS}}}resource")
        if resource is None:
            found.add("missing-attribute", f"trackback:{name} needs rdf:resource", line)
        else:
            check_iri(resource, f"trackback:{name}", found, line, absolute=True)
        return
    value = text_of(element).strip()
    if not value or not is_absolute(value):
        found.add("url-not-absolute", f"trackback:{name} must hold an absolute URL", line)
    else:
        check_iri(value, f"trackback:{name}", found, line)


def _coordinate(element: etree._Element, names: tuple[str, str], found: Findings) -> None:
    name = local(element.tag)
    if name not in names:
        return
    limit = 90.0 if name == names[0] else 180.0
    value = text_of(element).strip()
    try:
        number = float(value)
    except ValueError:
        number = limit + 1
    if not -limit <= number <= limit:
        what = "latitude" if limit == 90.0 else "longitude"
        _invalid(element, f"{what} {value[:20]!r} is not between -{limit:g} and {limit:g}", found)


def _mixed(element: etree._Element) -> bool:
    """Text beside child elements, which RDF reads only as a Literal."""
    if element.get(f"{{{RDF_NS}}}parseType") == "Literal":
        return False
    has_text = bool((element.text or "").strip()) or any((k.tail or "").strip() for k in element)
    return has_text and any(isinstance(k.tag, str) for k in element)


# RSS 2.0 asks extensions to be namespaced all the way down; Atom and RDF do not.
_RSS2_PLACES = frozenset(("channel", "item", "image", "textInput"))


def _unnamespaced_inside(element: etree._Element, found: Findings) -> None:
    """Elements without namespace inside an extension's element mean nothing to readers."""
    if not len(element):
        return
    for inner in element.iter(etree.Element):
        if inner is not element and not str(inner.tag).startswith("{"):
            found.add(
                "extension-no-namespace",
                f"<{inner.tag}> inside {element.prefix or 'an extension'}:{local(element.tag)} "
                "has no namespace",
                line_of(inner),
            )
            return


def markup_in_text(element: etree._Element, what: str, found: Findings) -> bool:
    """Report the first element inside a value that takes text only; True if there was one."""
    for kid in element:
        if isinstance(kid.tag, str):
            found.add(
                "markup-in-text",
                f"{what} holds the element <{local(kid.tag)}>; it takes text only, so escape "
                "the markup or wrap it in CDATA",
                line_of(kid),
            )
            return True
    return False


def check(element: etree._Element, where: str, found: Findings, spaces: set[str]) -> None:
    """Check one namespaced element met inside ``where``; unfamiliar namespaces are noted."""
    written = namespace(str(element.tag))
    ns = vocabulary.canonical_namespace(written) or written
    name = local(element.tag)
    rdf = where in ("rdf-channel", "rdf-item")
    place = where.removeprefix("rdf-")
    placed = vocabulary.allowed(ns, name, where)
    if placed is False:
        _unknown(element, place, found)
        return
    if placed and len(element) and (ns, name) not in vocabulary.STRUCTURED:
        prefix = element.prefix or ns
        if not rdf:
            markup_in_text(element, f"{prefix}:{name}", found)
        elif _mixed(element):
            found.add(
                "rdf-invalid-structure",
                f'{prefix}:{name} mixes text and elements; RDF needs rdf:parseType="Literal" '
                "for that, or escaped markup",
                line_of(element),
            )
    if placed:
        module_values.check_value(element, ns, name, place, found)
    if ns == THR_NS:
        _thread(element, place, found)
    elif ns == TRACKBACK_NS:
        _trackback(element, place, found, rdf)
    elif ns == CC_NS:
        if name == "license":
            check_iri(
                text_of(element).strip(),
                "creativeCommons:license",
                found,
                line_of(element),
                absolute=True,
            )
    elif ns in _GEO:
        _coordinate(element, _GEO[ns], found)
    elif ns == itunes.ITUNES_NS:
        itunes.check(element, place, found)
    elif ns in (media.MEDIA_NS, media.MEDIA_NS_WRONG):
        media.check(element, place, found)
    elif ns == feedsync.SX_NS:
        feedsync.check(element, found)
    elif ns == atompub.APP_NS:
        atompub.check_in_feed(element, found)
    elif ns == vocabulary.XHTML_NS:
        module_values.check_value(element, ns, name, place, found)
    elif not placed:
        report_unknown_namespace(ns, found, line_of(element), spaces)
        if where in _RSS2_PLACES:
            _unnamespaced_inside(element, found)
