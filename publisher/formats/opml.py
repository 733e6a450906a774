"""Feeds -> an OPML 2.0 subscription list (``index.opml``) that readers can import."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from publisher.formats import xmltree
from publisher.model import Feed

DOCS = "http://opml.org/spec2.opml"


def render_opml(
    feeds: Sequence[Feed], *, title: str, owner_name: str | None, date_modified: datetime
) -> bytes:
    """One ``<outline type="rss">`` per feed, in the order given; RSS URLs as ``xmlUrl``.

    ``date_modified`` must be timezone-aware (pass the newest feed's ``updated``, never
    the wall clock, so an unchanged site gives unchanged bytes).
    """
    if date_modified.tzinfo is None:
        raise ValueError("date_modified must be timezone-aware")
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    # RFC 822 in GMT, the form OPML 2.0 asks for and every parser reads.
    when = format_datetime(date_modified.astimezone(UTC), usegmt=True)
    etree.SubElement(head, "dateModified").text = when
    if owner_name:
        etree.SubElement(head, "ownerName").text = owner_name
    etree.SubElement(head, "docs").text = DOCS
    body = etree.SubElement(root, "body")
    for feed in feeds:
        outline = etree.SubElement(body, "outline")
        # Attribute order is fixed by insertion, so the bytes are stable.
        outline.set("type", "rss")
        outline.set("version", "RSS")  # the spec's value for RSS 0.91-2.0
        outline.set("text", feed.title)
        outline.set("title", feed.title)
        outline.set("xmlUrl", feed.urls["rss"])
        outline.set("htmlUrl", feed.link)
        outline.set("description", feed.description or feed.title)
        outline.set("language", feed.language)
    return xmltree.serialize(root)
