"""Feeds -> files: every output document's bytes, validated, plus the site-wide files.

Formats are imported inside the functions that use them, so a no-op build (which
never gets here) does not pay for feedgen and lxml.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from publisher.cache import BuildCache, FeedOutput
from publisher.config import Config
from publisher.errors import Problem
from publisher.formats.stylesheet import FILE_NAME as STYLESHEET_FILE
from publisher.model import Feed
from publisher.publish import read_published

MANIFEST = ".publisher-manifest.json"
FEED_FILES = frozenset({"rss.xml", "atom.xml", "feed.json"})


def serialize(
    feeds: Iterable[Feed], cache: BuildCache | None = None
) -> tuple[dict[str, bytes], list[Problem]]:
    """Every output file's bytes by relative path, and what validating them found.

    A feed whose content is exactly as last time reuses its validated bytes.
    """
    cache = cache or BuildCache.disabled()
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for feed in feeds:
        fingerprint = hashlib.sha256(repr(feed).encode("utf-8", "surrogatepass")).hexdigest()
        key = feed.urls["atom"]
        output = cache.get_output(key, fingerprint)
        if output is None:
            output = _serialize_feed(feed, fingerprint)
            cache.put_output(key, output)
        files.update(output.files)
        problems += output.problems
    return files, problems


def _serialize_feed(feed: Feed, fingerprint: str) -> FeedOutput:
    from publisher.formats.atom import render_atom
    from publisher.formats.jsonfeed import render_jsonfeed
    from publisher.formats.rss import render_rss
    from publisher.validate import validate_bytes

    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    formats: tuple[tuple[str, Callable[[Feed], bytes], str], ...] = (
        ("rss.xml", render_rss, "rss"),
        ("atom.xml", render_atom, "atom"),
        ("feed.json", render_jsonfeed, "json"),
    )
    if feed.archive_number is not None:  # RFC 5005 archive pages are Atom only
        formats = ((f"archive/{feed.archive_number}.xml", render_atom, "atom"),)
    for name, render, kind in formats:
        url = feed.urls[kind]
        rel = f"{feed.slug}/{name}"
        files[rel] = render(feed)
        problems += validate_bytes(files[rel], name=rel, self_url=url).problems
    return FeedOutput(fingerprint, files, tuple(problems))


def site_files(feeds: list[Feed], config: Config) -> dict[str, bytes]:
    """The files about all feeds: the OPML subscription list and the HTML index."""
    from publisher.formats.index_html import render_index
    from publisher.formats.opml import render_opml
    from publisher.formats.stylesheet import render_stylesheet

    stylesheet = {STYLESHEET_FILE: render_stylesheet()} if config.stylesheet else {}
    return stylesheet | {
        "index.opml": render_opml(
            feeds,
            title=config.title,
            owner_name=config.author.name if config.author else None,
            date_modified=max(f.updated for f in feeds),
        ),
        "index.html": render_index(
            feeds,
            site_title=config.title,
            site_description=config.description,
            language=config.language,
            opml_url=f"{config.feeds_url}/index.opml",
            icon=config.icon or None,
            logo=config.logo or None,
        ),
    }


def changed_feed_urls(feeds: Iterable[Feed], written: Iterable[str]) -> list[str]:
    """The public URLs of the feed files a build replaced: what a WebSub hub must hear of."""
    changed = set(written)
    names = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
    return [
        url
        for feed in feeds
        for kind, url in feed.urls.items()
        if f"{feed.slug}/{names[kind]}" in changed
    ]


def manifest(files: dict[str, bytes], feeds: Iterable[Feed] = ()) -> bytes:
    """The files this tool owns in the output folder, and each feed's date.

    A feed's date is kept so that, once it has no items left, it keeps the date it
    last had an item.
    """
    document: dict[str, object] = {"files": sorted(files)}
    dates = {f.slug: f.updated.isoformat() for f in feeds if f.archive_number is None}
    if dates:
        document["updated"] = dict(sorted(dates.items()))
    return (json.dumps(document, indent=1) + "\n").encode()


def previous_feeds(output_dir: Path) -> dict[str, datetime | None]:
    """Feeds published before (slug -> its date, when recorded): an emptied one stays."""
    data = read_published(output_dir, MANIFEST)
    if data is None:
        return {}
    try:
        document = json.loads(data)
        slugs: dict[str, datetime | None] = {}
        for name in document["files"]:
            folder, _, file = name.rpartition("/")
            if folder and file in FEED_FILES and not folder.endswith("/archive"):
                slugs[folder] = None
        for slug, when in document.get("updated", {}).items():
            if slug in slugs:
                slugs[slug] = datetime.fromisoformat(when)
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
    return slugs
