"""Feeds -> files: every output document's bytes, validated, plus the site-wide files
(the OPML list, the index page, the manifest of what this tool owns).

Formats are imported when first rendered, so a no-op build (which never gets here)
does not pay for feedgen and lxml.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from publisher.build.cache import BuildCache, FeedOutput
from publisher.config import Config
from publisher.errors import Problem
from publisher.formats import INDEX_NAME, OPML_NAME, feed_files
from publisher.model import Feed
from publisher.publish import read_published

MANIFEST = ".publisher-manifest.json"


def serialize(feeds: Iterable[Feed], cache: BuildCache) -> tuple[dict[str, bytes], list[Problem]]:
    """Every output file's bytes by relative path, and what validating them found.

    A feed whose content is exactly as last time reuses its validated bytes.
    """
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for feed in feeds:
        fingerprint, output = cache.get_output(feed)
        if output is None:
            output = _serialize_feed(feed, fingerprint)
            cache.put_output(feed, output)
        files.update(output.files)
        problems += output.problems
    return files, problems


def _serialize_feed(feed: Feed, fingerprint: str) -> FeedOutput:
    from publisher.validate import validate_bytes

    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for rel, fmt in feed_files(feed):
        files[rel] = fmt.render(feed)
        problems += validate_bytes(files[rel], name=rel, self_url=feed.urls[fmt.kind]).problems
    return FeedOutput(fingerprint, files, tuple(problems))


def site_files(feeds: list[Feed], config: Config) -> dict[str, bytes]:
    """The files about all feeds: the OPML subscription list and the HTML index."""
    from publisher.formats.index_html import render_index
    from publisher.formats.opml import render_opml

    return {
        OPML_NAME: render_opml(
            feeds,
            title=config.title,
            owner_name=config.author.name if config.author else None,
            date_modified=max(f.updated for f in feeds),
        ),
        INDEX_NAME: render_index(
            feeds,
            site_title=config.title,
            site_description=config.description,
            language=config.language,
            opml_url=f"{config.feeds_url}/{OPML_NAME}",
        ),
    }


def manifest(files: dict[str, bytes]) -> bytes:
    """The list of files this tool owns in the output folder."""
    return (json.dumps({"files": sorted(files)}, indent=1) + "\n").encode()


def previous_categories(output_dir: Path) -> list[str]:
    """Category slugs published before (from the last manifest): an emptied category
    keeps a valid, empty feed rather than leaving subscribers a dead URL."""
    slugs = {f.split("/", 1)[0] for f in _published_files(output_dir) if "/" in f}
    return sorted(s for s in slugs if s != "all")


def retired_files(config: Config) -> list[str]:
    """The files of the categories retired on purpose (``retired_categories``) that the
    last build published: the build removes them (and their manifest records)."""
    retired = set(config.retired_categories)
    return [
        rel
        for rel in _published_files(config.output_dir)
        if "/" in rel and rel.split("/", 1)[0] in retired
    ]


def _published_files(output_dir: Path) -> list[str]:
    """The files the last manifest lists (none when it is missing or unreadable)."""
    data = read_published(output_dir, MANIFEST)
    if data is None:
        return []
    try:
        files = json.loads(data)["files"]
        return sorted(f for f in files if isinstance(f, str))
    except (ValueError, KeyError, TypeError, AttributeError):
        return []
