"""Loading every source into the store, cache-aware, reading each changed file once.

Unchanged sources stay as they are in the store. A changed one is read, hashed,
parsed, normalized and turned into its rows (in the pool when there are many); its
body is kept only while the article is among the newest of its category or of the
site (the ones a feed can show), so memory does not grow with the archive's text and
a cold build renders from what it read instead of reading the files again.
"""

from __future__ import annotations

import hashlib
import heapq
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from publisher.build.cache import BuildCache, SourceEntry, StoredSource, instant, stored_source
from publisher.build.pool import Progress, Workers, map_in_order
from publisher.config import Config
from publisher.errors import Problem, Severity, SourceError
from publisher.generators import site_generator
from publisher.generators.files import SiteFiles
from publisher.model import Article
from publisher.normalize import normalize
from publisher.sources import Discovered, Listing, ReaderOptions, parse_source, read_bytes
from publisher.sources.site_files import SourceFolder

# Below this many changed sources a pool costs more than it saves.
PARALLEL_LOADS = 400


@dataclass(frozen=True, slots=True)
class Loaded:
    """An article, where it came from, and its body (UTF-8) when it was read in this
    build and the article may appear in a feed."""

    article: Article
    found: Discovered
    digest: str
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class LoadedSources:
    """What loading found: the problems that stand (every error; the warnings of the
    sources this build parsed, or of all when asked), which sources this build parsed
    with something to tell (new or changed: their warnings are news; the others' were
    told when they were), the bodies kept for rendering, and every source whose bytes
    changed in this build (None when more than ``CHANGED_LISTED``: too many to keep
    apart, so every cross reference counts as changed); a source that is gone counts as
    changed."""

    problems: list[Problem]
    parsed: frozenset[str]
    bodies: dict[str, bytes]
    changed: frozenset[str] | None = frozenset()


# Beyond this many changed sources a build forgets which (a cold build's whole archive).
CHANGED_LISTED = 10_000


# What orders an article in a feed, and the feeds it is in: (published as
# ``cache.instant``, newest first, or the generator's own order, ``Article.order``,
# smallest first; id; category slugs).
Rank = tuple[int | bytes, str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class _Parsed:
    """What a worker sends back for one source: its rows (None: same bytes as cached),
    and for an article that may be published by ``now``, its rank and body.

    The body travels and waits as UTF-8: half the size of (or a quarter of) a str
    holding one non-Latin-1 character, and nothing to decode for the bodies dropped.
    """

    stored: StoredSource | None
    body: bytes | None = None
    rank: Rank | None = None
    # The source's new stat when its bytes are the same as cached (``stored`` None).
    rel: str = ""
    size: int = 0
    mtime_ns: int = 0


def load_articles(
    config: Config,
    cache: BuildCache,
    listing: Listing,
    digests: Mapping[str, bytes],
    *,
    now: datetime,
    workers: Workers,
    progress: Progress | None = None,
    all_warnings: bool = True,
) -> LoadedSources:
    """Bring the store up to date with the content folder (drafts only when
    ``config.drafts``), and collect the problems that stand (``digests``: each
    folder's listing digest).

    Problems' paths are relative to the content folder.
    """
    problems = list(listing.problems)
    changes = cache.compare(listing, digests)
    options = ReaderOptions(config.boilerplate_patterns, config.generator)
    files = SourceFolder.of(config.content_dir, config.generator, listing.elsewhere)
    work = partial(_load_job, config=config, options=options, files=files, now=now)
    tick = partial(progress, "reading sources") if progress else None
    pool = workers if len(changes) >= PARALLEL_LOADS else workers.serial()
    newest = _Newest(None if config.archive else config.items_per_feed)
    fresh: dict[str, tuple[Problem, ...]] = {}
    # A source that is gone counts as changed: a body listing the site's articles, or
    # one whose cross reference led to it, is rendered again.
    changed: set[str] | None = (
        set(changes.removed) if len(changes.removed) <= CHANGED_LISTED else None
    )
    for parsed in map_in_order(work, changes.jobs(listing), pool, tick, total=len(changes)):
        if parsed.stored is None:  # touched, same bytes
            cache.touched(parsed.rel, parsed.size, parsed.mtime_ns)
            continue
        rel = parsed.stored.rel
        cache.store(parsed.stored)
        if changed is not None:
            changed.add(rel)
            if len(changed) > CHANGED_LISTED:
                changed = None
        if parsed.stored.problems:  # the others have nothing to tell
            fresh[rel] = parsed.stored.problems
        if parsed.body is not None and parsed.rank is not None:
            newest.offer(rel, parsed.rank, parsed.body)
    catalog = cache.catalog()
    standing = dict(catalog.error_sources())
    if all_warnings:
        standing.update(catalog.warned_sources())
    standing.update(fresh)
    for rel in sorted(standing):
        problems += standing[rel]
    listed = frozenset(changed) if changed is not None else None
    return LoadedSources(problems, frozenset(fresh), newest.bodies, listed)


def path_shower(config: Config) -> Callable[[str], str]:
    """Shows a source's path (relative to the content folder) as the user would type it:
    relative to where they stand if possible.

    The content folder's place is worked out once: a site with a warning per source
    shows ten thousand paths, and pathlib would spend a second on them.
    """
    try:
        prefix = str(config.content_dir.relative_to(Path.cwd()))
    except ValueError:
        prefix = str(config.content_dir)

    def show(rel: str) -> str:
        if os.path.isabs(rel):
            return rel
        return rel if prefix == "." else f"{prefix}{os.sep}{rel}"

    return show


def read_body(item: Discovered, config: Config) -> str:
    """Read and parse one source again for its body (SourceError names the file)."""
    options = ReaderOptions(config.boilerplate_patterns, config.generator)
    data = read_bytes(item, max_bytes=config.max_source_bytes, shown=item.rel)
    return parse_source(item, data, options, shown=item.rel).body


def as_problem(exc: SourceError, rel: str) -> Problem:
    """A source's error as a Problem naming the file."""
    return Problem(exc.path or rel, exc.line, Severity.ERROR, "source-invalid", exc.message)


def _load_job(
    job: tuple[Discovered, str | None],
    *,
    config: Config,
    options: ReaderOptions,
    files: SiteFiles,
    now: datetime,
) -> _Parsed:
    """Read, hash, parse and normalize one source, and make its rows (runs in a worker)."""
    item, known_digest = job
    # Paths in what is cached are relative to the content folder: the cache must not
    # depend on where the build was started (build() shows them to the user).
    shown = item.rel
    rows = partial(
        stored_source, with_tags=bool(config.tag_feeds),
        with_authors=bool(config.author_feeds), by_link=bool(config.generator),
    )  # fmt: skip
    try:
        data = read_bytes(item, max_bytes=config.max_source_bytes, shown=shown)
    except SourceError as exc:
        entry = SourceEntry(item.size, item.mtime_ns, "", None, (as_problem(exc, shown),))
        return _Parsed(rows(item.rel, entry))
    digest = hashlib.sha256(data).hexdigest()
    if digest == known_digest:
        return _Parsed(None, rel=item.rel, size=item.size, mtime_ns=item.mtime_ns)
    generator = site_generator(config)
    if generator is not None and not generator.reads(item.rel):  # Pelican's theme, pages
        entry = SourceEntry(item.size, item.mtime_ns, digest, None, ())
        return _Parsed(rows(item.rel, entry))
    try:
        doc = parse_source(item, data, options, shown=shown)
    except SourceError as exc:
        entry = SourceEntry(item.size, item.mtime_ns, digest, None, (as_problem(exc, shown),))
        return _Parsed(rows(item.rel, entry))
    article, problems = normalize(doc, config, files)
    entry = SourceEntry(item.size, item.mtime_ns, digest, article, tuple(problems))
    stored = rows(item.rel, entry)
    # Scheduled articles cannot be in a feed this build: their bodies stay behind.
    if article is None or article.published > now:
        return _Parsed(stored)
    place = article.order if article.order is not None else instant(article.published)
    rank = (place, article.id, article.category_slugs)
    return _Parsed(stored, doc.body.encode("utf-8", "surrogatepass"), rank)


class _Later(str):
    """An id that sorts after another when it is smaller: among articles published at
    one instant, feeds take the smaller id first, so it is the better one to keep."""

    __slots__ = ()

    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)

    def __gt__(self, other: str) -> bool:
        return str.__lt__(self, other)


class _Sooner(bytes):
    """A generator's order key that sorts after another when it is smaller: the
    article it places first is the better one to keep (as ``_Later`` for ids)."""

    __slots__ = ()

    def __lt__(self, other: bytes) -> bool:
        return bytes.__gt__(self, other)

    def __gt__(self, other: bytes) -> bool:
        return bytes.__lt__(self, other)


class _Newest:
    """The bodies of the articles that may be published: for the site and for each
    category, the ``limit`` newest seen so far (every one when ``limit`` is None).

    A superset of what the feeds will show, kept as results stream in, so at most
    (categories + 1) x limit bodies are held at once.
    """

    def __init__(self, limit: int | None) -> None:
        self._limit = limit
        self._heaps: dict[str | None, list[tuple[tuple[int | _Sooner, _Later], str]]] = {}
        self._holders: dict[str, int] = {}
        self.bodies: dict[str, bytes] = {}

    def offer(self, rel: str, rank: Rank, body: bytes) -> None:
        if self._limit is None:
            self.bodies[rel] = body
            return
        place, article_id, slugs = rank
        # Worst first in each heap: the oldest (the last in the generator's order), then
        # the largest id. The instant is an int, so only a tie in time compares ids (in
        # Python).
        order = (_Sooner(place) if isinstance(place, bytes) else place, _Later(article_id))
        held = 0
        for group in (None, *slugs):  # None: the feed of every article
            heap = self._heaps.setdefault(group, [])
            if len(heap) < self._limit:
                heapq.heappush(heap, (order, rel))
                held += 1
            elif heap[0][0] < order:
                _, dropped = heapq.heapreplace(heap, (order, rel))
                held += 1
                self._release(dropped)
        if held:
            self._holders[rel] = held
            self.bodies[rel] = body

    def _release(self, rel: str) -> None:
        self._holders[rel] -= 1
        if not self._holders[rel]:
            del self._holders[rel], self.bodies[rel]
