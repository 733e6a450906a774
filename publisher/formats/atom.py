"""Feed -> Atom 1.0 bytes, with entry links feedgen cannot write correctly."""

from __future__ import annotations

from lxml import etree

from publisher.formats import _feedgen, xmltree
from publisher.model import Feed

MEDIA_TYPE = "application/atom+xml"
ATOM = "http://www.w3.org/2005/Atom"


def render_atom(feed: Feed) -> bytes:
    """The Atom 1.0 document for ``feed``."""
    fg = _feedgen.build_generator(feed, "atom")
    root = xmltree.parse(fg.atom_str(pretty=False))
    entries = root.findall(f"{{{ATOM}}}entry")
    # feedgen writes entries in the order added, which is the feed's order.
    for entry, article in zip(entries, feed.items, strict=True):
        anchor = entry.find(f"{{{ATOM}}}updated")
        position = list(entry).index(anchor) + 1 if anchor is not None else len(entry)
        links = [etree.Element(f"{{{ATOM}}}link", rel="alternate", type="text/html",
                               href=article.link)]  # fmt: skip
        enclosure = article.enclosure
        if enclosure:
            link = etree.Element(f"{{{ATOM}}}link", rel="enclosure", href=enclosure.url)
            link.set("type", enclosure.type)
            if enclosure.length:
                link.set("length", str(enclosure.length))
            links.append(link)
        for offset, link in enumerate(links):
            entry.insert(position + offset, link)
    return xmltree.serialize(root)
