"""Feed -> RSS 2.0 bytes (with content:encoded, dc:creator and atom:link rel=self)."""

from __future__ import annotations

from publisher.formats import _feedgen, xmltree
from publisher.model import Feed

MEDIA_TYPE = "application/rss+xml"


def render_rss(feed: Feed) -> bytes:
    """The RSS 2.0 document for ``feed``."""
    fg = _feedgen.build_generator(feed, "rss")
    return xmltree.serialize(xmltree.parse(fg.rss_str(pretty=False)))
