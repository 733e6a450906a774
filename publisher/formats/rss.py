"""Feed -> RSS 2.0 bytes (with content:encoded, dc:creator and atom:link rel=self)."""

from __future__ import annotations

import re

from lxml import etree

from publisher.formats import _feedgen, xmltree
from publisher.model import Feed

ATOM = xmltree.ATOM_NS
# A plain-text element alone on its line, as the pretty printer writes it.
_TEXT_LINE = re.compile(rb"^(\s*<([\w:]+)(?:\s[^<>]*)?>)([^<\n]*&lt;[^<\n]*)(</\2>)$", re.M)
_HTML_ELEMENTS = frozenset((b"description", b"content:encoded"))


def _hex_references(match: re.Match[bytes]) -> bytes:
    if match[2] in _HTML_ELEMENTS:
        return match[0]
    text = match[3].replace(b"&lt;", b"&#x3C;").replace(b"&amp;", b"&#x26;")
    return match[1] + text + match[4]


def hex_escape_plain_text(document: bytes) -> bytes:
    """Write ``<`` and ``&`` as hexadecimal references in plain text that holds a ``<``.

    The RSS Advisory Board's profile asks for this so that readers do not take a
    title such as ``a &lt;b&gt; c`` for HTML; the W3C validator warns otherwise.
    The parsed document is unchanged: only how two characters are spelled.
    """
    return _TEXT_LINE.sub(_hex_references, document)


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
    if any(article.translations for article in feed.items):
        _add_translation_links(root, feed)
    if feed.podcast is not None:
        from publisher.formats.podcast import add_podcast_tags

        root = add_podcast_tags(root, feed)
    return hex_escape_plain_text(xmltree.serialize(root, stylesheet=feed.stylesheet))


def _add_translation_links(root: etree._Element, feed: Feed) -> None:
    """Each item's translations as ``atom:link rel="alternate" hreflang`` (RSS has no
    element of its own for them), after its link."""
    from publisher.formats.atom import translation_links

    for item, article in zip(root.iterfind("channel/item"), feed.items, strict=True):
        anchor = item.find("link")
        for link in translation_links(ATOM, article, feed.language):
            if anchor is None:
                item.append(link)
            else:
                anchor.addnext(link)
            anchor = link
