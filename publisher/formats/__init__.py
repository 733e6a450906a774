"""The output formats: one module per format (``Feed`` -> bytes) and one registry of
the facts about them (kind, file name, media type, label, renderer) that the planner,
the emitter, WebSub, the index page and the preview server all read.

Renderers are named, not imported, so reading the registry costs no feedgen or lxml.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publisher.model import Feed


@dataclass(frozen=True, slots=True)
class FeedFormat:
    """One format every feed is published in."""

    kind: str  # the key of Feed.urls
    file_name: str  # inside the feed's folder
    media_type: str
    label: str  # shown to people
    renderer: str  # "module:function", imported on first use

    def render(self, feed: Feed) -> bytes:
        """``feed`` as this format's bytes."""
        module_name, _, name = self.renderer.partition(":")
        function: Callable[[Feed], bytes] = getattr(importlib.import_module(module_name), name)
        return function(feed)


RSS = FeedFormat("rss", "rss.xml", "application/rss+xml", "RSS", "publisher.formats.rss:render_rss")
ATOM = FeedFormat(
    "atom", "atom.xml", "application/atom+xml", "Atom", "publisher.formats.atom:render_atom"
)
JSON_FEED = FeedFormat(
    "json", "feed.json", "application/feed+json", "JSON Feed",
    "publisher.formats.jsonfeed:render_jsonfeed",
)  # fmt: skip

# Every feed is published in these, in this order (the index page and autodiscovery too).
FEED_FORMATS: tuple[FeedFormat, ...] = (RSS, ATOM, JSON_FEED)
# RFC 5005 archive pages are Atom only, at <slug>/archive/<n>.xml.
ARCHIVE_FORMAT = ATOM
ARCHIVE_FOLDER = "archive"

# The site-wide files, beside the feed folders.
OPML_NAME = "index.opml"
OPML_MEDIA_TYPE = "text/x-opml"
# The stylesheets a feed opened in a browser may link (formats/stylesheet.py; feeds link
# them relatively, from the output folder's root).
CSS_NAME = "feed.css"
CSS_MEDIA_TYPE = "text/css"
XSLT_NAME = "feed.xsl"
XSLT_MEDIA_TYPE = "application/xslt+xml"
INDEX_NAME = "index.html"
INDEX_MEDIA_TYPE = "text/html"


def by_kind(kind: str) -> FeedFormat:
    """The feed format whose ``Feed.urls`` key is ``kind``."""
    for fmt in FEED_FORMATS:
        if fmt.kind == kind:
            return fmt
    raise KeyError(kind)


def feed_urls(feeds_url: str, slug: str) -> dict[str, str]:
    """Every format's URL of the feed ``slug``: ``{feeds_url}/{slug}/{file name}``."""
    return {fmt.kind: f"{feeds_url}/{slug}/{fmt.file_name}" for fmt in FEED_FORMATS}


def archive_url(feeds_url: str, slug: str, number: int) -> str:
    """The URL of archive page ``number`` of the feed ``slug``."""
    return f"{feeds_url}/{slug}/{ARCHIVE_FOLDER}/{number}.xml"


def feed_files(feed: Feed) -> Sequence[tuple[str, FeedFormat]]:
    """(path in the output folder, format) of each file published for ``feed``."""
    if feed.archive_number is not None:
        name = f"{ARCHIVE_FOLDER}/{feed.archive_number}.xml"
        return ((f"{feed.slug}/{name}", ARCHIVE_FORMAT),)
    return tuple((f"{feed.slug}/{fmt.file_name}", fmt) for fmt in FEED_FORMATS)


def media_types_by_name() -> dict[str, str]:
    """Media type by file name, for every file name the formats publish."""
    return {
        **{fmt.file_name: fmt.media_type for fmt in FEED_FORMATS},
        OPML_NAME: OPML_MEDIA_TYPE,
        INDEX_NAME: INDEX_MEDIA_TYPE,
        CSS_NAME: CSS_MEDIA_TYPE,
        XSLT_NAME: XSLT_MEDIA_TYPE,
    }
