"""Feed -> RSS 2.0 bytes (with content:encoded, dc:creator and atom:link rel=self)."""

from __future__ import annotations

from lxml import etree

from publisher.formats import _feedgen, xmltree
from publisher.model import Feed

MEDIA_TYPE = "application/rss+xml"
ATOM = "http://www.w3.org/2005/Atom"


def render_rss(feed: Feed) -> bytes:
    """The RSS 2.0 document for ``feed``."""
    fg = _feedgen.build_generator(feed, "rss")
    root = xmltree.parse(fg.rss_str(pretty=False))
    if feed.hub:
        # feedgen writes only the self atom:link in RSS; the WebSub hub goes beside it.
        self_link = root.find(f"channel/{{{ATOM}}}link")
        assert self_link is not None  # feedgen always writes it: we always set one
        hub = etree.Element(f"{{{ATOM}}}link", href=feed.hub, rel="hub")
        self_link.addnext(hub)
    return xmltree.serialize(root, stylesheet=feed.stylesheet)
