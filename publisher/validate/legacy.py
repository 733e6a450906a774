"""The RDF formats, RSS 0.90 and RSS 1.0: required channel elements, the RDF shape,
extensions; and what sets RSS 0.91 and 0.92 apart (they are checked as RSS 2.0)."""

from __future__ import annotations

from lxml import etree

from publisher.validate import extensions
from publisher.validate.rules import Findings
from publisher.validate.values import check_url, line_of, local, namespace, text_of

RSS10_NS = "http://purl.org/rss/1.0/"
RSS090_NS = "http://my.netscape.com/rdf/simple/0.9/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_R = f"{{{RSS10_NS}}}"
_RDF = f"{{{RDF_NS}}}"
_CHANNEL10 = frozenset(("title", "link", "description", "image", "items", "textinput"))
_ITEM10 = frozenset(("title", "link", "description"))
_NETSCAPE_DTD = "http://my.netscape.com/publish/formats/rss-0.91.dtd"


def _rdf_problem(element: etree._Element, message: str, found: Findings) -> None:
    found.add("rdf-invalid-structure", message, line_of(element))


def _rdf_children(
    parent: etree._Element,
    what: str,
    allowed: frozenset[str],
    found: Findings,
    spaces: set[str],
    own: str = RSS10_NS,
) -> set[str]:
    names: set[str] = set()
    for kid in parent:
        if not isinstance(kid.tag, str):
            continue
        ns = namespace(kid.tag)
        if ns == own:
            name = local(kid.tag)
            if name not in allowed:
                found.add("rss-unknown-element", f"RSS 1.0 {what} has no {name!r}", line_of(kid))
            elif name in ("title", "link", "description") and len(kid):
                _rdf_problem(kid, f"{what} {name} holds elements; it takes text only", found)
            names.add(name)
        elif ns and ns not in (RDF_NS, own):
            extensions.check(kid, f"rdf-{what}", found, spaces)
    return names


def _rss10(root: etree._Element, channel: etree._Element, found: Findings) -> None:
    spaces: set[str] = set()
    _rdf_children(channel, "channel", _CHANNEL10, found, spaces)
    items = channel.find(_R + "items")
    if items is None:
        _rdf_problem(channel, "channel has no items (an rdf:Seq of the items)", found)
    else:
        seq = items.find(_RDF + "Seq")
        if seq is None and len(items):
            _rdf_problem(items, "items must hold an rdf:Seq", found)
        elif seq is not None:
            for li in seq.iterchildren(_RDF + "li"):
                for key in li.attrib:
                    if key not in (_RDF + "resource", "resource"):
                        found.add(
                            "unknown-attribute",
                            f"rdf:li has no attribute {local(str(key))!r}; use rdf:resource",
                            line_of(li),
                        )
    for item in root.iterchildren(_R + "item"):
        present = _rdf_children(item, "item", _ITEM10, found, spaces)
        for name in ("title", "link"):
            if name not in present:
                _rdf_problem(item, f"RSS 1.0 item has no {name}", found)


def _rss090(root: etree._Element, channel: etree._Element, found: Findings) -> None:
    """RSS 0.90: channel and item vocabularies, items with a title and a link."""
    spaces: set[str] = set()
    own = f"{{{RSS090_NS}}}"
    _rdf_children(channel, "channel", _CHANNEL10, found, spaces, RSS090_NS)
    for item in root.iterchildren(own + "item"):
        present = _rdf_children(item, "item", _ITEM10, found, spaces, RSS090_NS)
        for name in ("title", "link"):
            if name not in present:
                _rdf_problem(item, f"RSS 0.90 item has no {name}", found)


def note_rss09x(root: etree._Element, found: Findings, label: str) -> None:
    """RSS 0.91 and 0.92 (checked with the RSS 2.0 rules): the info, and the dead DTD."""
    found.add(
        "rss-not-rss2", f"{label}: checked with the RSS 2.0 rules, which it follows", line_of(root)
    )
    # lxml-stubs 0.5 lacks DocInfo.system_url; it is a str or None.
    if getattr(root.getroottree().docinfo, "system_url", None) == _NETSCAPE_DTD:
        found.add(
            "rss-deprecated-dtd",
            "the Netscape RSS 0.91 DTD no longer exists; drop the DOCTYPE",
            line_of(root),
        )


def check_legacy(root: etree._Element, found: Findings, label: str) -> None:
    """Checks for the RDF formats, RSS 0.90 and 1.0: channel, items, the RDF shape."""
    found.add(
        "rss-not-rss2",
        f"{label}: fewer checks are made than for RSS 2.0, which is preferred",
        line_of(root),
    )
    ns = RSS090_NS if root.find(f"{{{RSS090_NS}}}channel") is not None else RSS10_NS
    prefix = f"{{{ns}}}"
    channel = root.find(prefix + "channel")
    if channel is None:
        found.add("rss-missing-channel", "no channel element", line_of(root))
        return
    if ns == RSS10_NS:
        _rss10(root, channel, found)
    else:
        _rss090(root, channel, found)
    for name in ("title", "link", "description"):
        if channel.find(prefix + name) is None:
            found.add(f"rss-missing-channel-{name}", f"channel has no {name}", line_of(channel))
    for item in root.findall(prefix + "item"):
        if item.find(prefix + "title") is None and item.find(prefix + "description") is None:
            found.add(
                "rss-item-missing-title-or-description",
                "item needs a title or a description",
                line_of(item),
            )
        link = item.find(prefix + "link")
        if link is not None:
            check_url(text_of(link), "item link", found, line_of(link))
