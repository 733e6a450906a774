"""Feed autodiscovery: the feeds an HTML page advertises with ``<link rel="alternate">``.

A page is only scanned for its ``<link>`` elements, like a feed reader does when
given a site's address; nothing in it is fetched but the advertised feeds.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

_LINK = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
FEED_TYPES = frozenset(
    (
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/rdf+xml",
    )
)
_HEAD_LIMIT = 1_000_000


def _attributes(tag: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTR.finditer(tag):
        raw = next(group for group in match.groups()[1:] if group is not None)
        found[match[1].decode("ascii").lower()] = unescape(raw.decode("utf-8", "replace"))
    return found


def advertised_feeds(page: bytes, page_url: str) -> list[str]:
    """Absolute URLs of the feeds a page links to, in page order, without repeats."""
    feeds: dict[str, None] = {}
    for tag in _LINK.finditer(page[:_HEAD_LIMIT]):
        attrs = _attributes(tag[0])
        rels = attrs.get("rel", "").lower().split()
        kind = attrs.get("type", "").split(";")[0].strip().lower()
        href = attrs.get("href", "").strip()
        if "alternate" in rels and kind in FEED_TYPES and href:
            feeds[urljoin(page_url, href)] = None
    return list(feeds)
