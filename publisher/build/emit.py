"""Feeds -> files: every output document's bytes, validated, plus the site-wide files
(the OPML list, the index page, the manifest of what this tool owns).

Formats are imported when first rendered, so a no-op build (which never gets here)
does not pay for feedgen and lxml.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from publisher.build.cache import BuildCache, FeedOutput, OutputRecord, feed_fingerprint
from publisher.build.pool import Workers, map_forked, map_in_order
from publisher.compression import ENCODINGS, sibling_encoding, siblings
from publisher.config import Config, language_key
from publisher.errors import Problem
from publisher.formats import (
    ARCHIVE_FOLDER,
    ARCHIVE_FORMAT,
    CSS_NAME,
    FEED_FORMATS,
    INDEX_NAME,
    OPML_NAME,
    XSLT_NAME,
    feed_files,
)
from publisher.model import Feed
from publisher.plan import language_config

if TYPE_CHECKING:
    from publisher.build.bodies import Bodies

MANIFEST = ".publisher-manifest.json"
FEED_FILES = frozenset(fmt.file_name for fmt in FEED_FORMATS)
# Below this many feeds to render, a pool costs more than it saves.
PARALLEL_FEEDS = 8


# Which of these published files are still as the last good build left them (its
# stamps), so their bytes need neither be read from the cache nor compared.
StillPublished = Callable[[list[str]], set[str]]


def serialize(
    feeds: Iterable[Feed],
    cache: BuildCache,
    bodies: Bodies,
    workers: Workers | None = None,
    still_published: StillPublished | None = None,
    *,
    precompress: bool = False,
    read_published: ReadPublished | None = None,
) -> tuple[dict[str, bytes], list[Problem], list[str]]:
    """Every output file's bytes by relative path, what validating them found, and the
    files left out of those bytes: unchanged, and published as they are; with
    ``precompress``, each file's compressed siblings too (cached with it).

    A feed whose items are exactly as last time (``feed_fingerprint``, from each item's
    metadata and the digest kept beside its HTML: no HTML read) reuses its validated
    bytes, or leaves its files out when ``still_published`` says they stand as
    published. One whose items partly changed (an edit) renders those alone and keeps
    the others' bytes (``build/splice.py``); the others are rendered and validated
    whole (with the byte budget, ``build/budget.py``), in the pool when there are enough
    of them (about 0.9 s serial for a cold build's 39 documents at 10,000 articles).

    ``read_published`` (a folder's files as the last good build published them, whose
    stamps ``still_published`` checks): given, a spliced feed's bytes are not kept in
    the cache (``OutputRecord.stored``) but read from the folder by the next edit;
    a feed whose bytes are neither kept nor standing as published is made whole again.
    """
    from publisher.build.splice import alone, spliced

    feeds = list(feeds)
    made: dict[int, FeedOutput] = {}
    reused: dict[int, OutputRecord] = {}
    partly: list[tuple[int, list[str], OutputRecord]] = []
    whole: list[tuple[int, list[str]]] = []
    for n, feed in enumerate(feeds):
        prints = [bodies.item_print(a) for a in feed.items]
        record = cache.get_output(feed)
        if record is not None and record.fingerprint == feed_fingerprint(feed, prints):
            reused[n] = record
        elif record is not None and record.items and feed.items:
            partly.append((n, prints, record))
        else:
            whole.append((n, prints))
    standing = set()
    if still_published is not None:
        standing = still_published(
            [rel for n in reused for rel in _published(feeds[n], precompress)]
            + [rel for n, _, record in partly if not record.stored for rel in _formats(feeds[n])]
        )
    for n in [n for n, record in reused.items() if not record.stored]:
        if not all(rel in standing for rel in _published(feeds[n], precompress)):
            del reused[n]  # its bytes are gone: made again
            whole.append((n, [bodies.item_print(a) for a in feeds[n].items]))
    lasts: list[tuple[int, list[str], FeedOutput]] = []
    for n, prints, record in partly:
        last = _last_files(feeds[n], cache, record, standing, read_published)
        if last is None:
            whole.append((n, prints))
        else:
            spare = {} if record.stored else cache.output_spare(feeds[n])
            lasts.append((n, prints, FeedOutput(record.fingerprint, last, record.problems,
                                                record.items, spare)))  # fmt: skip
    changed = [alone(feeds[n], prints, output) for n, prints, output in lasts]
    spliced_feeds: set[int] = set()
    for (n, prints, output), items in zip(lasts, bodies.with_content(changed), strict=True):
        fingerprint = feed_fingerprint(feeds[n], prints)
        done = spliced(feeds[n], fingerprint, prints, items, output)
        if done is None:
            whole.append((n, prints))
        else:
            if precompress:
                done = replace(done, files=done.files | siblings(done.files))
            made[n] = done
            spliced_feeds.add(n)
    whole.sort()
    todo = [
        (feed, feed_fingerprint(feed, prints), prints, precompress)
        for feed, (_, prints) in zip(
            bodies.with_content([feeds[n] for n, _ in whole]), whole, strict=True
        )
    ]
    workers = workers or Workers()
    if len(todo) > 1 and workers.processes > 1:
        _import_formats()  # once here, not once in every worker
    if len(todo) >= PARALLEL_FEEDS:
        results = list(map_in_order(_serialize_job, todo, workers))
    else:  # an edit's few feeds: forked beside this process, no pool to start
        results = map_forked(_serialize_job, todo, workers)
    made.update(zip((n for n, _ in whole), results, strict=True))
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    kept: list[str] = []
    for n, feed in enumerate(feeds):
        record = reused.get(n)
        if record is None:
            output = made[n]
            keep_files = read_published is None or n not in spliced_feeds
            cache.put_output(feed, output, keep_files=keep_files)
            files.update(output.files)
            problems += output.problems
            continue
        rels = _published(feed, precompress)
        if all(rel in standing for rel in rels):
            kept += rels
        else:
            files.update(cache.output_files(feed))
        problems += record.problems
    return files, problems, kept


def _formats(feed: Feed) -> list[str]:
    """The feed's file in each format (what splicing reads of its last files)."""
    return [rel for rel, _ in feed_files(feed)]


def _last_files(
    feed: Feed,
    cache: BuildCache,
    record: OutputRecord,
    standing: set[str],
    read_published: ReadPublished | None,
) -> dict[str, bytes] | None:
    """The feed's files as last made, for splicing: from the cache when it kept them,
    else from the folder when they stand as published there; None when neither."""
    if record.stored:
        return cache.output_files(feed)
    rels = _formats(feed)
    if read_published is None or not all(rel in standing for rel in rels):
        return None
    files: dict[str, bytes] = {}
    for rel in rels:
        data = read_published(rel)
        if data is None:
            return None
        files[rel] = data
    return files


def _published(feed: Feed, precompress: bool) -> list[str]:
    """The files published for ``feed``: one per format, and with ``precompress`` each
    one's compressed siblings."""
    rels = [rel for rel, _ in feed_files(feed)]
    if not precompress:
        return rels
    return [*rels, *(rel + encoding.suffix for rel in rels for encoding in ENCODINGS)]


def _import_formats() -> None:
    for fmt in (*FEED_FORMATS, ARCHIVE_FORMAT):
        importlib.import_module(fmt.renderer.partition(":")[0])
    importlib.import_module("publisher.validate")


def _serialize_job(job: tuple[Feed, str, list[str], bool]) -> FeedOutput:
    return _serialize_feed(*job)


def _serialize_feed(
    feed: Feed, fingerprint: str, prints: list[str], precompress: bool = False
) -> FeedOutput:
    from publisher.build.budget import fit
    from publisher.validate import validate_bytes

    files, over_budget = fit(feed, _render)
    problems: list[Problem] = [over_budget] if over_budget else []
    for rel, fmt in feed_files(feed):
        problems += validate_bytes(files[rel], name=rel, self_url=feed.urls[fmt.kind]).problems
    if precompress:
        files |= siblings(files)
    return FeedOutput(fingerprint, files, tuple(problems), tuple(prints))


def _render(feed: Feed) -> dict[str, bytes]:
    return {rel: fmt.render(feed) for rel, fmt in feed_files(feed)}


def site_files(feeds: list[Feed], config: Config) -> dict[str, bytes]:
    """The files about all feeds: the OPML subscription list and the HTML index."""
    from publisher.formats.stylesheet import render_css, render_stylesheet

    stylesheet = {
        "css": {CSS_NAME: render_css()},
        "xslt": {XSLT_NAME: render_stylesheet()},
    }.get(config.stylesheet, {})
    files = dict(stylesheet)
    if not config.multilingual:
        files |= _listings(feeds, config, "")
    # A translated site: an OPML list and an index page per language, in its folder.
    indexes = [
        ("" if index == 0 else language_key(language.code) + "/", language)
        for index, language in enumerate(config.languages if config.multilingual else ())
    ]
    for folder, language in indexes:
        own = [f for f in feeds if f.folder == folder]
        if own:
            others = [
                (
                    other.feed_tag,
                    other.title or config.title,
                    f"{config.feeds_url}/{where}{INDEX_NAME}",
                )
                for where, other in indexes
                if other is not language
            ]
            scoped = language_config(config, language, not folder)
            files |= _listings(own, scoped, folder, others)
    return files | siblings(files) if config.precompress else files


def _listings(
    feeds: list[Feed],
    config: Config,
    folder: str,
    languages: list[tuple[str, str, str]] | None = None,
) -> dict[str, bytes]:
    """The OPML subscription list and the HTML index of ``feeds``, in ``folder``."""
    from publisher.formats.index_html import render_index
    from publisher.formats.opml import render_opml

    return {
        folder + OPML_NAME: render_opml(
            feeds,
            title=config.title,
            owner_name=config.author.name if config.author else None,
            date_modified=max(f.updated for f in feeds),
        ),
        folder + INDEX_NAME: render_index(
            feeds,
            site_title=config.title,
            site_description=config.description,
            language=config.language,
            opml_url=f"{config.feeds_url}/{OPML_NAME}",
            icon=config.icon or None,
            logo=config.logo or None,
            languages=languages or (),
        ),
    }


def manifest(files: Iterable[str], feeds: Iterable[Feed] = ()) -> bytes:
    """The files this tool owns in the output folder, and each feed's date.

    A feed's date is kept so that, once it has no items left, it keeps the date it
    last had an item.
    """
    document: dict[str, object] = {"files": sorted(files)}
    dates = {f.slug: f.updated.isoformat() for f in feeds if f.archive_number is None}
    if dates:
        document["updated"] = dict(sorted(dates.items()))
    return (json.dumps(document, indent=1) + "\n").encode()


# Reads a file published before (``storage.Output.read``): its bytes, or None.
ReadPublished = Callable[[str], bytes | None]


def stale_files(config: Config, files: Iterable[str], read: ReadPublished) -> list[str]:
    """The files the last build published that this one removes (and their manifest
    records): those of the categories retired on purpose (``retired_categories``), and
    compressed siblings this build does not write (``precompress`` turned off, or a file
    gone), which a web server would otherwise go on sending in place of the new file,
    and the stylesheet of the mode ``stylesheet`` no longer names."""
    data = read(MANIFEST)
    if data is None:
        return []
    try:
        published = [f for f in json.loads(data)["files"] if isinstance(f, str)]
    except (ValueError, KeyError, TypeError, AttributeError):
        return []
    retired = set(config.retired_categories)
    written = set(files)
    # Files this build may not write: siblings, and the stylesheet of another mode.
    optional = {CSS_NAME, XSLT_NAME}
    return sorted(
        f
        for f in published
        if ("/" in f and f.split("/", 1)[0] in retired)
        or (f not in written and (f in optional or sibling_encoding(f) is not None))
    )


def previous_feeds(read: ReadPublished) -> dict[str, datetime | None]:
    """Feeds published before (slug -> its date, when recorded), from the last manifest:
    an emptied feed stays, rather than leaving subscribers a dead URL."""
    data = read(MANIFEST)
    if data is None:
        return {}
    try:
        document = json.loads(data)
        slugs: dict[str, datetime | None] = {}
        for name in document["files"]:
            folder, _, file = name.rpartition("/")
            if folder and file in FEED_FILES and not folder.endswith(f"/{ARCHIVE_FOLDER}"):
                slugs[folder] = None
        for slug, when in document.get("updated", {}).items():
            if slug in slugs:
                slugs[slug] = datetime.fromisoformat(when)
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
    return slugs
