"""The build's incremental state, every key it is looked up by, and the counters of
what a build really did.

The state is one SQLite database (standard library, WAL journal) with a row per
source, per rendered body and per feed output, so a build reads and writes only the
rows of what changed:

- ``sources``: what each source file parsed to (its stat and hash, its problems, the
  pickled Article), plus the few columns planning asks about (id, dates, category,
  identity key (``plan.identity_key``), link, the generator's order: ``Article.order``
  as ``rank``), with ``categories`` and ``tags`` rows beside them. Planning queries
  these (the first of each feed, duplicates, counts)
  instead of holding every article; ``folders`` keeps a digest of each folder's
  listing, so a build compares per file only the folders whose listing changed.
- ``rendered``: what each published body rendered to, by ``render_key``, and beside it
  the few facts about it a build needs without its HTML (``BodyFacts``).
- ``outputs``: each feed's validated files, by ``feed_key``, checked against
  ``feed_fingerprint`` (made of each item's ``item_print``).
- ``meta``: the header (format, code version, config fingerprint) and the keys of
  the warnings already told that belong to no source (``problem_key``).

Safe to delete: a missing cache, or one from another version or config, is simply
rebuilt; a corrupt one is discarded with a warning, never trusted. Bodies are not
kept (disk would grow with the archive's text), only metadata, and rendered HTML for
the articles that appear in feeds.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sqlite3
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from publisher.build.code_version import FEED_WRITING, RENDERING, code_version, library_versions
from publisher.errors import Problem, Severity
from publisher.model import Article, Feed, Rendered
from publisher.slugs import category_slug

if TYPE_CHECKING:
    from publisher.build.catalog import Catalog
    from publisher.config import Config
    from publisher.render.settings import MarkdownSettings
    from publisher.sources import Discovered, Listing

CACHE_NAME = "cache.sqlite"
FORMAT = 14
# A folder's listing is also kept as digests of runs of this many files (by name), so a
# folder that changed is compared row by row only in the runs that did.
RUN = 1_000
# A cold build commits every so many sources, so its transaction (and the WAL) stays small.
COMMIT_EVERY = 20_000
# Parsed sources wait in memory until this many can be inserted with one statement each.
_FLUSH_EVERY = 1_000
# SQLite limits the parameters of one statement; lookups by key go in batches.
_BATCH = 500
# The columns of ``sources`` that the identity check looks for duplicates in, and where
# they are in a row.
_SHARED_COLUMNS = (("id", 8), ("identity", 13))
# Above this many ids and identity keys to look up, one pass over both indexes is faster.
_SHARED_LOOKUPS = 200
_TOO_MANY = ("", "")
# The tables of names (categories, tags, authors) ``spellings`` counts, and what stands
# for a name's folded form in each (only category names are grouped by it).
_SPELLED = (
    ("categories", "fold"),
    ("tags", "''"),
    ("authors", "''"),
)  # stands for more than _SHARED_LOOKUPS values inserted
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
T = TypeVar("T")
_MICROSECOND = timedelta(microseconds=1)

_TABLES = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE folders(folder BLOB PRIMARY KEY, digest BLOB);
CREATE TABLE runs(
    folder BLOB NOT NULL, first BLOB NOT NULL, digest BLOB NOT NULL, PRIMARY KEY(folder, first)
) WITHOUT ROWID;
CREATE TABLE sources(
    rel BLOB PRIMARY KEY, folder BLOB NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, digest TEXT NOT NULL,
    problems BLOB, has_error INTEGER NOT NULL, article BLOB,
    id TEXT, published INTEGER, updated INTEGER, expires INTEGER,
    category_slug TEXT, identity TEXT, link TEXT, rank BLOB
);
CREATE TABLE categories(
    rel BLOB NOT NULL, slug TEXT NOT NULL, fold TEXT NOT NULL, name TEXT NOT NULL,
    main INTEGER NOT NULL, published INTEGER NOT NULL, id TEXT NOT NULL, rank BLOB
);
CREATE TABLE tags(
    rel BLOB NOT NULL, slug TEXT NOT NULL, name TEXT NOT NULL,
    published INTEGER NOT NULL, id TEXT NOT NULL, rank BLOB
);
CREATE TABLE authors(
    rel BLOB NOT NULL, slug TEXT NOT NULL, name TEXT NOT NULL,
    published INTEGER NOT NULL, id TEXT NOT NULL, rank BLOB
);
CREATE TABLE spellings(
    kind TEXT NOT NULL, slug TEXT NOT NULL, fold TEXT NOT NULL, name TEXT NOT NULL,
    uses INTEGER NOT NULL, PRIMARY KEY(kind, slug, fold, name)
) WITHOUT ROWID;
CREATE TABLE rendered(key TEXT PRIMARY KEY, facts BLOB NOT NULL, value BLOB NOT NULL);
CREATE TABLE outputs(
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, record BLOB NOT NULL, files BLOB NOT NULL
);
"""
# Made after a cold build's rows are in (sorting once is faster than growing each index
# row by row), and kept up to date by every later build.
_INDEXES = """
CREATE INDEX IF NOT EXISTS sources_folder ON sources(folder);
CREATE INDEX IF NOT EXISTS sources_id ON sources(id) WHERE id IS NOT NULL;
CREATE INDEX IF NOT EXISTS sources_identity ON sources(identity) WHERE identity IS NOT NULL;
CREATE INDEX IF NOT EXISTS sources_category ON sources(category_slug, rel)
    WHERE category_slug IS NOT NULL;
CREATE INDEX IF NOT EXISTS sources_newest ON sources(published DESC, id)
    WHERE published IS NOT NULL;
CREATE INDEX IF NOT EXISTS sources_ranked ON sources(rank, id) WHERE rank IS NOT NULL;
CREATE INDEX IF NOT EXISTS sources_updated ON sources(updated DESC, rel)
    WHERE updated IS NOT NULL;
CREATE INDEX IF NOT EXISTS sources_expires ON sources(expires) WHERE expires IS NOT NULL;
CREATE INDEX IF NOT EXISTS sources_errors ON sources(rel) WHERE has_error = 1;
CREATE INDEX IF NOT EXISTS sources_warned ON sources(rel) WHERE problems IS NOT NULL;
CREATE INDEX IF NOT EXISTS categories_rel ON categories(rel);
CREATE INDEX IF NOT EXISTS categories_newest ON categories(slug, published DESC, id);
CREATE INDEX IF NOT EXISTS categories_ranked ON categories(slug, rank, id)
    WHERE rank IS NOT NULL;
CREATE INDEX IF NOT EXISTS categories_names ON categories(slug, fold, name, main, rel);
CREATE INDEX IF NOT EXISTS tags_rel ON tags(rel);
CREATE INDEX IF NOT EXISTS tags_newest ON tags(slug, published DESC, id);
CREATE INDEX IF NOT EXISTS tags_ranked ON tags(slug, rank, id) WHERE rank IS NOT NULL;
CREATE INDEX IF NOT EXISTS tags_names ON tags(slug, name);
CREATE INDEX IF NOT EXISTS authors_rel ON authors(rel);
CREATE INDEX IF NOT EXISTS authors_newest ON authors(slug, published DESC, id);
CREATE INDEX IF NOT EXISTS authors_ranked ON authors(slug, rank, id) WHERE rank IS NOT NULL;
CREATE INDEX IF NOT EXISTS authors_names ON authors(slug, name);
"""


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One source file as it was read: its stat, its hash, what it became."""

    size: int
    mtime_ns: int
    digest: str
    article: Article | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class StoredSource:
    """A source's rows as the database keeps them (made in the worker that parsed it, so
    the parent only inserts): the article pickled, and the columns planning asks about."""

    rel: str
    size: int
    mtime_ns: int
    digest: str
    problems: tuple[Problem, ...]
    article: bytes | None
    # id, published, updated, expires, category slug, identity, link, rank (Article.order)
    columns: tuple[str, int, int, int | None, str | None, str | None, str, bytes | None] | None
    categories: tuple[tuple[str, str, str, int], ...] = ()  # slug, folded, name, main
    tags: tuple[tuple[str, str], ...] = ()  # slug, name (the article's first spelling)
    authors: tuple[tuple[str, str], ...] = ()  # the same for its authors' names

    @property
    def has_error(self) -> bool:
        return not self.digest or any(p.is_error for p in self.problems)


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """What a build needs of a rendered body besides its HTML: the summary, the first
    image (an article's image when ``image_from_body``), the links on the site's own
    host (the ones that may point into a wrong category folder), as written, a digest
    of the HTML and excerpt (what names them in ``item_print``: a body rendered again
    under the same key, its cross references moved, may read otherwise), and the cross
    references it followed (``Rendered.references``)."""

    summary: str | None
    first_image: str | None
    site_links: tuple[str, ...]
    digest: str
    references: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class FeedOutput:
    """A feed's serialized, validated files, valid while the feed's fingerprint holds;
    ``items`` are its items' ``item_print`` in order (a later build keeps the bytes of
    those still there, ``build/splice.py``)."""

    fingerprint: str
    files: dict[str, bytes]
    problems: tuple[Problem, ...]
    items: tuple[str, ...] = ()
    # Items of a feed over its byte budget that its files leave out, by format file:
    # the root element they were written under, and each item's bytes by its print
    # (an edit then renders only what changed, not these again: build/splice.py).
    spare: Spare = field(default_factory=dict)

    @property
    def record(self) -> OutputRecord:
        return OutputRecord(self.fingerprint, self.problems, self.items)


Spare = dict[str, tuple[bytes, dict[str, bytes]]]


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """What is kept of a feed's files besides their bytes (read without them).

    ``stored``: whether the cache holds the bytes too. A feed spliced into a folder is
    stored without them (``put_output(..., keep_files=False)``): its files are the
    ones published, which a later build reads from the folder while they have the
    stamps the last good build recorded, and otherwise makes again.
    """

    fingerprint: str
    problems: tuple[Problem, ...]
    items: tuple[str, ...]
    stored: bool = True


@dataclass(frozen=True, slots=True)
class CachedSource:
    """A stored source's article with what rendering it needs (its stat and hash)."""

    article: Article
    size: int
    mtime_ns: int
    digest: str


@dataclass(frozen=True, slots=True)
class FolderChanges:
    """The sources of one folder a build must read: their places in the listing's
    folder, and the hash each had when it has a row (same bytes: nothing to parse);
    ``known`` None when none has (a new folder, or a cold build)."""

    folder: str
    indexes: Sequence[int]
    known: list[str | None] | None = None

    def jobs(self, listing: Listing) -> Iterator[tuple[Discovered, str | None]]:
        """Each source to read, made only when its turn comes (a cold build of a
        million sources never holds a million records)."""
        for n, index in enumerate(self.indexes):
            yield (
                listing.item(self.folder, listing.entry(self.folder, index)),
                (self.known[n] if self.known is not None else None),
            )


@dataclass(frozen=True, slots=True)
class SourceChanges:
    """What a build must read, folder by folder, how many sources are unchanged, and the
    sources that are gone (their rows removed)."""

    todo: list[FolderChanges]
    unchanged: int
    removed: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(changes.indexes) for changes in self.todo)

    def jobs(self, listing: Listing) -> Iterator[tuple[Discovered, str | None]]:
        for changes in self.todo:
            yield from changes.jobs(listing)


@dataclass(slots=True)
class CacheStats:
    """Counters a test (or -v) can read: how much work this build really did.

    Only ``BuildCache`` counts (and ``skipped``, for the fast path), so each number
    has one meaning.
    """

    parsed: int = 0  # sources read and parsed
    reused: int = 0  # sources taken from the cache (same stat, or same bytes)
    rendered: int = 0
    render_reused: int = 0
    serialized: int = 0
    bodies_reread: int = 0  # published bodies read a second time (not kept from loading)

    @classmethod
    def skipped(cls, sources: int) -> CacheStats:
        """A build the fast path skipped: every source counts as reused."""
        return cls(reused=sources)


# -- keys -------------------------------------------------------------------------------


def config_fingerprint(config: Config) -> str:
    """Everything besides the sources that changes what a source becomes.

    Not the working directory: cached paths are relative to the content folder.
    """
    return hashlib.sha256(repr(config).encode()).hexdigest()


def source_signature(fingerprint: str, digests: Mapping[str, bytes]) -> str:
    """The fast path's key: changes whenever a source is added, removed, resized or
    touched (``digests``: each folder's listing digest), the config changes, or a library
    that renders or writes feeds has another release.

    The fast path replays no problems, but it does return the next scheduled source as
    the last build showed it, relative to the working directory: so that directory is
    part of this key (and only of this one).
    """
    libraries = library_versions(RENDERING + FEED_WRITING)
    digest = hashlib.sha256(f"{code_version()}\0{libraries}\0{fingerprint}\0{Path.cwd()}".encode())
    for folder in sorted(digests):
        digest.update(folder.encode("utf-8", "surrogateescape") + b"\0" + digests[folder])
    return digest.hexdigest()


def problem_key(problem: Problem) -> str:
    """A warning's identity across builds: where, which rule, what it says (or, for a
    warning whose details change, what it is ``told_as``)."""
    said = problem.message if problem.told_as is None else problem.told_as
    text = f"{problem.path}\0{problem.line}\0{problem.rule}\0{said}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def renderer_identity(settings: MarkdownSettings) -> str:
    """What rendered HTML depends on besides the body: the site's flavour of Markdown, its
    options, and the releases of the libraries that render it (the flavour's, nh3 that
    sanitizes, lxml that reads scraped pages), so another flavour, option or release
    renders again."""
    return f"{settings!r} {library_versions((*settings.libraries, 'nh3', 'lxml'))}"


def render_key(article: Article, source_digest: str, renderer: str) -> str:
    """What rendered HTML depends on: the source bytes, the link (URLs' base), the summary,
    and the renderer (``renderer_identity``)."""
    digest = hashlib.sha256()
    parts = (source_digest, article.body_format, article.link, article.summary or "", renderer)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def feed_key(feed: Feed) -> str:
    """Where a feed's files are kept: its Atom URL (unique per feed and archive page)."""
    return feed.urls["atom"]


def item_print(article: Article, content: str) -> str:
    """Everything a feed item's bytes depend on: the article as published (its HTML
    aside), ``content``, what names its HTML (the digest kept beside the rendered body,
    ``BodyFacts.digest``: so no item's HTML is read to tell whether a feed changed), and
    the releases of the libraries that write feeds (an item kept from the last files
    was written by them)."""
    light = article if article.content_html is None else replace(article, content_html=None)
    text = repr(light) + "\0" + content + "\0" + library_versions(FEED_WRITING)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def feed_fingerprint(feed: Feed, items: Sequence[str]) -> str:
    """Everything a feed's bytes depend on: the feed without its items, and each item's
    ``item_print`` in order (every part length-prefixed, so no two feeds share one
    stream of parts)."""
    digest = hashlib.sha256()

    def part(text: str) -> None:
        data = text.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data))
        digest.update(data)

    part(library_versions(FEED_WRITING))  # a new feedgen or lxml may write other bytes
    part(repr(replace(feed, items=())))
    for item in items:
        part(item)
    return digest.hexdigest()


def instant(when: datetime) -> int:
    """An aware datetime as whole microseconds since 1970 UTC: exact, and ordered as the
    instants are (the offset it was written with is kept in the article)."""
    return (when - _EPOCH) // _MICROSECOND


def stored_source(
    rel: str,
    entry: SourceEntry,
    *,
    with_tags: bool,
    with_authors: bool = False,
    by_link: bool = False,
) -> StoredSource:
    """The rows of one parsed source; ``with_tags``, ``with_authors``: tag (author) feeds
    are on (only then are tags, authors asked about); ``by_link``: a generator's site
    (``plan.identity_key``)."""
    from publisher.plan import identity_key

    article = entry.article
    if article is None:
        return StoredSource(
            rel, entry.size, entry.mtime_ns, entry.digest, entry.problems, None, None
        )
    published = instant(article.published)
    columns = (
        article.id, published, instant(article.updated),
        instant(article.expires) if article.expires is not None else None,
        article.category_slug if article.category else None,
        identity_key(article, by_link=by_link), article.link, article.order,
    )  # fmt: skip
    names = [n for n in (article.category, *article.more_categories) if n]
    categories = tuple(
        (category_slug(name), name.casefold(), name, int(i == 0 and bool(article.category)))
        for i, name in enumerate(names)
    )
    tags: tuple[tuple[str, str], ...] = ()
    if with_tags:
        from publisher.plan import article_tags

        tags = tuple(article_tags(article).items())
    authors: tuple[tuple[str, str], ...] = ()
    if with_authors:
        from publisher.plan import article_authors

        authors = tuple(article_authors(article).items())
    blob = pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)
    return StoredSource(
        rel, entry.size, entry.mtime_ns, entry.digest, entry.problems, blob, columns,
        categories, tags, authors,
    )  # fmt: skip


# -- the cache --------------------------------------------------------------------------


class BuildCache:
    """The database, opened for one build; ``save`` commits it.

    Without ``persist`` (``--no-cache``, a dry run) nothing is ever committed to the
    cache folder: a cache that is disabled lives in a private temporary database.
    """

    def __init__(self, db: sqlite3.Connection, folder: Path | None, fingerprint: str) -> None:
        self.db = db
        self.folder = folder
        self.fingerprint = fingerprint
        self.stats = CacheStats()
        self.told: frozenset[str] = frozenset()
        self._told_changed = False
        self._seen_rendered: set[str] = set()
        self._seen_outputs: set[str] = set()
        self._folder_digests: dict[bytes, bytes | None] = {}
        # Each compared folder's runs (first name, digest), None when not to be kept.
        self._folder_runs: dict[bytes, list[tuple[str, bytes]] | None] = {}
        self._since_commit = 0
        self._pending: list[tuple[object, ...]] = []
        self._pending_categories: list[tuple[object, ...]] = []
        self._pending_tags: list[tuple[object, ...]] = []
        self._pending_authors: list[tuple[object, ...]] = []
        self._folders_seen: set[bytes] = set()
        # The (column, value) pairs of _SHARED_COLUMNS that more than one source held
        # when it was made (None: not read yet; as kept, perhaps some that deletes have
        # unshared since), and the pairs of every row inserted since. Only an insert can
        # make a value shared, and every value kept is looked up again.
        self._shared: set[tuple[str, str]] | None = None
        self._shared_touched: set[tuple[str, str]] = set()
        self._shared_made = False  # made by this build: for save to keep
        # Whether table ``spellings`` counts every row of the name tables (meta
        # 'spellings'); only then is it kept up to date as rows come and go.
        self._counted = False
        self.cold = False
        self._indexed = False
        # False for a dry run: then nothing this build does is ever committed.
        self.persist = folder is not None

    @classmethod
    def disabled(cls) -> BuildCache:
        """A cache that remembers within one build and never saves (``--no-cache``)."""
        cache = cls(_connect(""), None, "")
        cache._create()
        return cache

    @classmethod
    def load(cls, folder: Path, fingerprint: str) -> tuple[BuildCache, list[Problem]]:
        """Open the cache in ``folder``; an unusable one is replaced by an empty one.

        A corrupt file also gives a warning; one from another version or config does not.
        """
        path = folder / CACHE_NAME
        header = pickle.dumps(_header(fingerprint))
        problems: list[Problem] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                db = _connect(str(path))
                found = _read_header(db)
            except sqlite3.DatabaseError:
                problems.append(corrupt_cache_warning(path))
                _remove_database(path)
                db = _connect(str(path))
                found = None
        except (OSError, sqlite3.Error):
            # The cache only saves time: one that cannot be opened is a cold build.
            return cls.disabled(), problems
        cache = cls(db, folder, fingerprint)
        if found != header:
            cache._create()
            db.execute("INSERT INTO meta VALUES ('header', ?)", (header,))
            return cache, problems
        told = db.execute("SELECT value FROM meta WHERE key = 'told'").fetchone()
        cache.told = pickle.loads(told[0]) if told else frozenset()
        counted = db.execute("SELECT 1 FROM meta WHERE key = 'spellings'").fetchone()
        cache._counted = counted is not None
        db.execute("BEGIN")
        return cache, problems

    def _create(self) -> None:
        """Empty every table (a cold build: indexes come after its rows are in)."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
        for (name,) in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        ).fetchall():
            self.db.execute(f"DROP TABLE {name}")
        _run_script(self.db, _TABLES)
        self.cold = True
        self._indexed = False
        self._counted = False
        self._shared, self._shared_touched = set(), set()  # no rows: nothing shared

    def reset(self) -> None:
        """Forget everything (the database was found corrupt during a build)."""
        with contextlib.suppress(sqlite3.Error):
            self.db.rollback()
        self._create()
        if self.folder is not None:
            self.db.execute(
                "INSERT INTO meta VALUES ('header', ?)", (pickle.dumps(_header(self.fingerprint)),)
            )
        self.stats = CacheStats()
        self.told = frozenset()
        self._pending, self._pending_categories, self._pending_tags = [], [], []
        self._pending_authors = []
        self._folders_seen, self._folder_digests, self._folder_runs = set(), {}, {}

    # Sources: compared by folder listing, then by stat, then (after reading) by hash.

    def compare(self, listing: Listing, digests: Mapping[str, bytes]) -> SourceChanges:
        """The sources to read, and the rows of sources that are gone removed.

        A folder whose listing digest (``digests``) is as last recorded is skipped
        whole. In the others each run of files (``RUN``, table ``runs``) whose digest is
        as recorded is skipped too, and in the rest each file's stat is compared with
        its row: an edit in a folder of 100,000 files compares about a thousand rows.
        """
        recorded = dict(self.db.execute("SELECT folder, digest FROM folders").fetchall())
        todo: list[FolderChanges] = []
        unchanged = 0
        removed: list[str] = []
        for folder, digest in digests.items():
            key = rel_key(folder)
            if recorded.pop(key, None) == digest:
                unchanged += listing.count(folder)
                continue
            self._folder_digests[key] = digest
            found, same = self._compare_folder(listing, folder, key, removed)
            unchanged += same
            if found is not None:
                todo.append(found)
        for key in recorded:  # folders with no source left
            removed += (rel_of(rel) for (rel,) in self.db.execute(
                "SELECT rel FROM sources WHERE folder = ?", (key,)
            ).fetchall())  # fmt: skip
            self.db.execute("DELETE FROM folders WHERE folder = ?", (key,))
            self.db.execute("DELETE FROM runs WHERE folder = ?", (key,))
        self._delete(rel_key(rel) for rel in removed)
        self.stats.reused += unchanged
        return SourceChanges(todo, unchanged, removed)

    def _compare_folder(
        self, listing: Listing, folder: str, key: bytes, removed: list[str]
    ) -> tuple[FolderChanges | None, int]:
        """One changed folder's sources to read, and how many are unchanged; the sources
        that are gone are added to ``removed``; its runs' digests are noted for
        ``save``."""
        names = listing.names[folder]
        prefix = f"{folder}/" if folder else ""
        stored = self._runs_of(key, names)
        if stored is None:  # no runs kept (or names SQLite orders otherwise): every row
            rows = self._rows("folder = ?", (key,))
            made = self._split(listing, folder, 0, len(names))
            self._folder_runs[key] = made if _byte_ordered(names) else None
            if not rows:  # a new folder (or a cold build): every source, nothing known
                return FolderChanges(folder, range(len(names))), 0
            indexes, known, unchanged = self._compare_run(listing, folder, 0, len(names), rows)
            removed += (prefix + name for name in rows)
            return (FolderChanges(folder, indexes, known) if indexes else None), unchanged
        # Each run: [its first name, the next run's) by name, the same range of rows by
        # rel (names that are UTF-8 sort as their bytes do); the first run from the start.
        starts = [0, *(bisect_left(names, first) for first, _ in stored[1:])]
        ends = [*starts[1:], len(names)]
        firsts = [first for first, _ in stored]
        bounds = [rel_key(prefix + first) for first in firsts[1:]]
        lows, highs = [rel_key(prefix), *bounds], [*bounds, rel_key(prefix) + b"\xff"]
        runs: list[tuple[str, bytes]] = []
        indexes, known = [], []
        unchanged = 0
        for n, (first, was) in enumerate(stored):
            start, end = starts[n], ends[n]
            now = listing.run_digest(folder, start, end)
            if now == was:
                unchanged += end - start
                runs.append((first, was))
                continue
            # ``+folder``: found by the rel range (the primary key), not by the folder's
            # index, which would walk all of the folder's rows.
            rows = self._rows("rel >= ? AND rel < ? AND +folder = ?", (lows[n], highs[n], key))
            more, more_known, same = self._compare_run(listing, folder, start, end, rows)
            indexes += more
            known += more_known
            unchanged += same
            removed += (prefix + name for name in rows)
            if end - start > 2 * RUN:  # a run grown twice as long: cut again
                split = self._split(listing, folder, start, end)
                runs += [(first, split[0][1]), *split[1:]]
            else:
                runs.append((first, now))
        self._folder_runs[key] = runs
        return (FolderChanges(folder, indexes, known) if indexes else None), unchanged

    def _rows(self, where: str, values: tuple[bytes, ...]) -> dict[str, tuple[int, int, str]]:
        """Stored (size, mtime_ns, digest) by file name, of the rows of one folder
        ``where`` selects."""
        return {
            rel_of(rel).rpartition("/")[2]: (size, mtime_ns, known)
            for rel, size, mtime_ns, known in self.db.execute(
                f"SELECT rel, size, mtime_ns, digest FROM sources WHERE {where}", values
            )
        }

    @staticmethod
    def _compare_run(
        listing: Listing, folder: str, start: int, end: int, rows: dict[str, tuple[int, int, str]]
    ) -> tuple[list[int], list[str | None], int]:
        """The indexes of the sources from ``start`` to ``end`` whose row (taken out of
        ``rows``: what is left there is gone) differs, the hash each row had, and how
        many are unchanged."""
        indexes: list[int] = []
        known: list[str | None] = []
        unchanged = 0
        stats = listing.stats[folder]
        for index in range(start, end):
            row = rows.pop(listing.names[folder][index], None)
            if row is not None and row[2] and row[:2] == (stats[2 * index], stats[2 * index + 1]):
                unchanged += 1
            else:
                indexes.append(index)
                known.append(row[2] if row is not None and row[2] else None)
        return indexes, known, unchanged

    @staticmethod
    def _split(listing: Listing, folder: str, start: int, end: int) -> list[tuple[str, bytes]]:
        """The sources from ``start`` to ``end`` cut into runs of ``RUN``: each run's first
        name ("" for the folder's first run) and digest."""
        names = listing.names[folder]
        return [
            ("" if at == 0 else names[at], listing.run_digest(folder, at, min(end, at + RUN)))
            for at in range(start, max(end, start + 1), RUN)
        ]

    def _runs_of(self, key: bytes, names: list[str]) -> list[tuple[str, bytes]] | None:
        """The runs kept of a folder (first name, digest), in name order; None when none
        are, or when the names are not all UTF-8 (then names and rels may sort apart)."""
        runs = [
            (rel_of(first), digest)
            for first, digest in self.db.execute(
                "SELECT first, digest FROM runs WHERE folder = ? ORDER BY first", (key,)
            )
        ]
        if not runs or runs[0][0] != "" or not _byte_ordered(names):
            return None
        return runs

    def touched(self, rel: str, size: int, mtime_ns: int) -> None:
        """A source touched but not changed (same hash): its row gets the new stat."""
        self.db.execute(
            "UPDATE sources SET size = ?, mtime_ns = ? WHERE rel = ?",
            (size, mtime_ns, rel_key(rel)),
        )
        self.stats.reused += 1

    def store(self, source: StoredSource) -> None:
        """Keep a freshly parsed source's rows (replacing what it was).

        Rows are inserted a batch at a time (the next query or save flushes them).
        """
        self.stats.parsed += 1
        rel = rel_key(source.rel)
        if not self.cold:
            self._delete((rel,))
        folder = rel_key(source.rel.rpartition("/")[0])
        if folder not in self._folders_seen:
            # Every folder with rows is recorded (its rows go when it does), without a
            # digest until the build that made them is saved.
            self._folders_seen.add(folder)
            self.db.execute("INSERT OR IGNORE INTO folders VALUES (?, NULL)", (folder,))
        if not source.digest:  # unreadable: its folder is compared file by file next time
            self._folder_digests[folder] = None
        problems = pickle.dumps(source.problems) if source.problems else None
        self._pending.append(
            (
                rel, folder, source.size, source.mtime_ns, source.digest, problems,
                int(source.has_error), source.article, *(source.columns or (None,) * 8),
            )
        )  # fmt: skip
        if source.columns is not None:
            article_id, published, rank = source.columns[0], source.columns[1], source.columns[7]
            self._pending_categories += [
                (rel, *names, published, article_id, rank) for names in source.categories
            ]
            self._pending_tags += [
                (rel, *names, published, article_id, rank) for names in source.tags
            ]
            self._pending_authors += [
                (rel, *names, published, article_id, rank) for names in source.authors
            ]
        if len(self._pending) >= _FLUSH_EVERY:
            self._flush()

    def _flush(self) -> sqlite3.Connection:
        """Insert the rows waiting; the database, for a query that must see them."""
        if self._pending:
            touched = self._shared_touched
            if _TOO_MANY not in touched:  # past it both columns are grouped whole: a
                # cold build keeps no set of its 100,000 ids
                touched.update(
                    (column, str(row[at]))
                    for row in self._pending
                    for column, at in _SHARED_COLUMNS
                    if row[at] is not None
                )
                if len(touched) > _SHARED_LOOKUPS:
                    touched.clear()
                    touched.add(_TOO_MANY)
            if self._counted:
                self._count("categories", [row[1:4] for row in self._pending_categories], 1)
                self._count("tags", [(row[1], "", row[2]) for row in self._pending_tags], 1)
                self._count("authors", [(row[1], "", row[2]) for row in self._pending_authors], 1)
            marks = ", ".join("?" * 16)
            self.db.executemany(f"INSERT INTO sources VALUES ({marks})", self._pending)
            self.db.executemany(
                "INSERT INTO categories VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._pending_categories
            )
            self.db.executemany("INSERT INTO tags VALUES (?, ?, ?, ?, ?, ?)", self._pending_tags)
            self.db.executemany(
                "INSERT INTO authors VALUES (?, ?, ?, ?, ?, ?)", self._pending_authors
            )
            self._since_commit += len(self._pending)
            self._pending, self._pending_categories, self._pending_tags = [], [], []
            self._pending_authors = []
            if self.cold and self._since_commit >= COMMIT_EVERY and self.persist:
                self.db.commit()
                self.db.execute("BEGIN")
                self._since_commit = 0
        return self.db

    def _delete(self, rels: Iterable[bytes]) -> None:
        for batch in in_batches(list(rels)):
            marks = placeholders(batch)
            if self._counted:
                for table, fold in _SPELLED:
                    gone = self.db.execute(
                        f"SELECT slug, {fold}, name FROM {table} WHERE rel IN ({marks})", batch
                    ).fetchall()
                    self._count(table, gone, -1)
            for table in ("sources", "categories", "tags", "authors"):
                self.db.execute(f"DELETE FROM {table} WHERE rel IN ({marks})", batch)

    def _count(self, kind: str, names: Sequence[tuple[object, ...]], step: int) -> None:
        """Count these (slug, folded, name) rows of ``kind`` in (``step`` 1) or out (-1)
        of ``spellings``."""
        if not names:
            return
        counts = Counter(tuple(name) for name in names)
        self.db.executemany(
            "INSERT INTO spellings VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE "
            "SET uses = uses + excluded.uses",
            [(kind, *name, step * uses) for name, uses in counts.items()],
        )
        if step < 0:  # a spelling no row uses any more goes (by key: no scan of them all)
            self.db.executemany(
                "DELETE FROM spellings WHERE kind = ? AND slug = ? AND fold = ? AND name = ? "
                "AND uses <= 0",
                [(kind, *name) for name in counts],
            )

    def spellings(self) -> None:
        """Make sure ``spellings`` counts every stored row (counted once, by grouping every
        row, after a cold build; kept up to date row by row after that)."""
        db = self._flush()
        if self._counted:
            return
        self.indexed()
        db.execute("DELETE FROM spellings")
        for table, fold in _SPELLED:
            db.execute(
                f"INSERT INTO spellings SELECT '{table}', slug, {fold}, name, count(*) "
                f"FROM {table} GROUP BY slug, {fold}, name"
            )
        # Saved in the transaction that saves the counts: a cold build committed half-way
        # has rows and no mark, and is counted again.
        db.execute("INSERT OR REPLACE INTO meta VALUES ('spellings', x'')")
        self._counted = True

    def indexed(self) -> None:
        """Make sure every index exists (after a cold build's rows are in)."""
        db = self._flush()
        if not self._indexed:  # once a build: eighteen statements to parse each time
            _run_script(db, _INDEXES)
            self._indexed = True

    def shared(self) -> set[tuple[str, str]]:
        """The (column, value) pairs that more than one stored source holds, of the
        columns ``id`` and ``identity``: what the identity check's suspects share.

        Kept with the rows (meta ``shared``, written by ``save`` in the transaction that
        commits them), so that a build which changed a few sources looks up, by index,
        only the values of the rows it inserted and the ones shared before, instead of
        grouping every row; without a kept set (a cold build's rows committed before it
        stopped half-way), or with many values to look up, both columns are grouped whole.
        """
        db = self._flush()
        self.indexed()
        known = self._shared
        if known is None:
            row = db.execute("SELECT value FROM meta WHERE key = 'shared'").fetchone()
            known = set(pickle.loads(row[0])) if row else None
        touched = self._shared_touched
        if known is None or _TOO_MANY in touched or len(known) + len(touched) > _SHARED_LOOKUPS:
            found = {
                (column, value)
                for column, _ in _SHARED_COLUMNS
                for (value,) in db.execute(
                    f"SELECT {column} FROM sources WHERE {column} IS NOT NULL "
                    f"GROUP BY {column} HAVING count(*) > 1"
                )
            }
        else:
            found = {
                (column, value)
                for column, value in known | touched
                if db.execute(
                    f"SELECT count(*) > 1 FROM (SELECT 1 FROM sources WHERE {column} = ? LIMIT 2)",
                    (value,),
                ).fetchone()[0]
            }
        self._shared, self._shared_touched, self._shared_made = found, set(), True
        return set(found)

    def catalog(self) -> Catalog:
        """The questions planning asks of the stored sources (rows waiting are inserted
        first, and every index made)."""
        from publisher.build.catalog import Catalog

        self.indexed()
        self.spellings()
        return Catalog(self.db)

    # Rendered bodies, by render_key.

    def rendered(self, keys: Iterable[str]) -> dict[str, Rendered]:
        """The rendered bodies of these keys that are in the cache."""
        found: dict[str, Rendered] = {}
        for batch in in_batches(list(keys)):
            for key, value in self.db.execute(
                f"SELECT key, value FROM rendered WHERE key IN ({placeholders(batch)})", batch
            ):
                found[key] = pickle.loads(value)
        self._seen_rendered.update(found)
        return found

    def rendered_facts(
        self, keys: Iterable[str], still: Callable[[BodyFacts], bool] | None = None
    ) -> dict[str, BodyFacts]:
        """The facts kept beside each of these rendered bodies that is in the cache (the
        HTML stays on disk), and that is ``still`` as rendered (else it is rendered
        again)."""
        found: dict[str, BodyFacts] = {}
        for batch in in_batches(list(keys)):
            for key, facts in self.db.execute(
                f"SELECT key, facts FROM rendered WHERE key IN ({placeholders(batch)})", batch
            ):
                found[key] = BodyFacts(*pickle.loads(facts))
        if still is not None:
            found = {key: facts for key, facts in found.items() if still(facts)}
        self._seen_rendered.update(found)
        self.stats.render_reused += len(found)
        return found

    def put_rendered(self, key: str, value: Rendered, facts: BodyFacts) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO rendered VALUES (?, ?, ?)",
            (key, _facts_blob(facts), pickle.dumps(value)),
        )
        self._seen_rendered.add(key)
        self.stats.rendered += 1

    def body_reread(self) -> None:
        """Count a published body that had to be read again to render it."""
        self.stats.bodies_reread += 1

    # Feed files, by feed_key, valid for one feed_fingerprint.

    def get_output(self, feed: Feed) -> OutputRecord | None:
        """What is kept of the feed's files as last made, without their bytes (compare
        its ``fingerprint`` with the feed's)."""
        key = feed_key(feed)
        self._seen_outputs.add(key)
        row = self.db.execute("SELECT record FROM outputs WHERE key = ?", (key,)).fetchone()
        return OutputRecord(*pickle.loads(row[0])) if row else None

    def output_spare(self, feed: Feed) -> Spare:
        """The spare items kept for a feed stored without its bytes (``FeedOutput.spare``:
        in the column that would hold them)."""
        spare: Spare = self._files_column(feed)
        return spare

    def output_files(self, feed: Feed) -> dict[str, bytes]:
        """The bytes of the feed's files as last made (none if it has no row)."""
        files: dict[str, bytes] = self._files_column(feed)
        return files

    def _files_column(self, feed: Feed) -> Any:
        row = self.db.execute(
            "SELECT files FROM outputs WHERE key = ?", (feed_key(feed),)
        ).fetchone()
        return pickle.loads(row[0]) if row else {}

    def put_output(self, feed: Feed, output: FeedOutput, *, keep_files: bool = True) -> None:
        """Keep the feed's files as made; without ``keep_files``, all but their bytes
        (``OutputRecord.stored``): an edit's feeds, each 1.3 MB at 10,000 articles
        written, committed and checkpointed for a read the published files serve."""
        key = feed_key(feed)
        self._seen_outputs.add(key)
        record = (output.fingerprint, output.problems, output.items, keep_files)
        files = output.files if keep_files else output.spare
        self.db.execute(
            "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?)",
            (
                key, output.fingerprint, pickle.dumps(record),
                pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL),
            ),
        )  # fmt: skip
        self.stats.serialized += 1

    # Warnings that belong to no source (feed rules, schedule, identity): told once.

    def was_told(self, problem: Problem) -> bool:
        """True when an earlier build (with this config) already told this warning."""
        return problem_key(problem) in self.told

    def remember_told(self, problems: Iterable[Problem], *, forget_others: bool) -> None:
        """Record these warnings as told; with ``forget_others``, only these stand (a
        warning that went away and comes back is news again)."""
        keys = frozenset(problem_key(p) for p in problems)
        told = keys if forget_others else self.told | keys
        if told != self.told:
            self.told = told
            self._told_changed = True

    def save(self, *, prune: bool = True) -> None:
        """Commit this build's rows.

        With ``prune``, rendered bodies and feed outputs this build did not use are
        dropped; a failed build saves without pruning, since it stopped before using
        everything it will need.
        """
        if not self.persist:
            return
        try:
            self.indexed()
            for folder, digest in self._folder_digests.items():
                self.db.execute("INSERT OR REPLACE INTO folders VALUES (?, ?)", (folder, digest))
                # Runs stand only beside a digest (a folder with an unreadable file, or
                # runs not made, is compared row by row next time).
                self.db.execute("DELETE FROM runs WHERE folder = ?", (folder,))
                runs = self._folder_runs.get(folder) if digest is not None else None
                self.db.executemany(
                    "INSERT INTO runs VALUES (?, ?, ?)",
                    [(folder, rel_key(first), run) for first, run in runs or ()],
                )
            if prune:
                self._prune("rendered", self._seen_rendered)
                self._prune("outputs", self._seen_outputs)
            if self._told_changed:
                self.db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('told', ?)", (pickle.dumps(self.told),)
                )
            if self._shared_touched or self._shared_made or self.cold:
                # Up to date with the rows this commit saves.
                self.db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('shared', ?)",
                    (pickle.dumps(sorted(self.shared())),),
                )
            self.db.commit()
            self.db.execute("BEGIN")
        except sqlite3.Error:
            pass  # the cache only saves time; failing to write it must not fail the build
        self._folder_digests, self._told_changed, self._shared_made = {}, False, False
        self._folder_runs = {}

    def _prune(self, table: str, seen: set[str]) -> None:
        gone = [
            key for (key,) in self.db.execute(f"SELECT key FROM {table}") if key not in seen
        ]  # fmt: skip
        for batch in in_batches(gone):
            self.db.execute(f"DELETE FROM {table} WHERE key IN ({placeholders(batch)})", batch)

    def close(self) -> None:
        """Let go of the database; what was not saved is rolled back."""
        with contextlib.suppress(sqlite3.Error):
            self.db.rollback()
            self.db.close()


def _facts_blob(facts: BodyFacts) -> bytes:
    # A tuple, not the dataclass: a build reads every published body's facts, and a
    # tuple unpickles several times faster. (The facts column comes before the HTML in
    # the row, so reading it does not walk the HTML's overflow pages.)
    return pickle.dumps(
        (facts.summary, facts.first_image, facts.site_links, facts.digest, facts.references)
    )


def _byte_ordered(names: list[str]) -> bool:
    """Whether these names sort as their stored bytes do (UTF-8 does; a name that is not
    UTF-8, kept surrogate-escaped, may not)."""
    try:
        "".join(names).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def corrupt_cache_warning(path: Path) -> Problem:
    return Problem(
        str(path), None, Severity.WARNING, "cache-corrupt",
        "build cache is unreadable: discarded (it will be rebuilt)",
    )  # fmt: skip


def _connect(path: str) -> sqlite3.Connection:
    # Transactions are begun and committed here, not by the module's guesses.
    db = sqlite3.connect(path, isolation_level=None)
    if path:
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -16000")  # 16 MB of pages: enough for an edit's lookups
    return db


def _read_header(db: sqlite3.Connection) -> bytes | None:
    """The pickled header, or None for a database without one (new, or not ours)."""
    tables = db.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchall()
    if not tables:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = 'header'").fetchone()
    return bytes(row[0]) if row else None


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # Statement by statement: executescript would commit the open transaction first.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def rel_key(rel: str) -> bytes:
    # Paths are kept as bytes: a file name that is not UTF-8 (surrogate-escaped by the
    # os module) could not be stored as SQLite text.
    return rel.encode("utf-8", "surrogateescape")


def rel_of(rel: bytes) -> str:
    return rel.decode("utf-8", "surrogateescape")


def in_batches(items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


def placeholders(batch: Sequence[object]) -> str:
    return ", ".join("?" * len(batch))


def _header(fingerprint: str) -> tuple[int, str, str]:
    return (FORMAT, code_version(), fingerprint)
