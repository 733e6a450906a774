"""The build's incremental state, every key it is looked up by, and the counters of
what a build really did.

Three record kinds: what each source parsed to (``SourceEntry``, by path, checked by
stat then by hash), what each published article rendered to (``Rendered``, by
``render_key``), and each feed's validated files (``FeedOutput``, by ``feed_key``,
checked against ``feed_fingerprint``). ``source_signature`` is the fast path's key.
Beside them, the keys of the warnings already told that belong to no source entry
(``problem_key``), so a build tells each of them once.

Safe to delete: a missing cache, or one from another version or config, is simply
rebuilt; a corrupt one is discarded with a warning, never trusted. Bodies are not
kept (memory and disk would grow with the archive), only metadata and rendered HTML
for the articles that appear in feeds.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.atomic import replacing
from publisher.code_version import code_version
from publisher.errors import Problem, Severity
from publisher.model import Article, Feed, Rendered

if TYPE_CHECKING:
    from publisher.config import Config
    from publisher.sources import Discovered

CACHE_NAME = "cache.pickle"
FORMAT = 6
SHARDS = 16


@dataclass(frozen=True)
class SourceEntry:
    """One source file as last seen: its stat, its hash, what it became."""

    size: int
    mtime_ns: int
    digest: str
    article: Article | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class FeedOutput:
    """A feed's serialized, validated files, valid while the feed's fingerprint holds."""

    fingerprint: str
    files: dict[str, bytes]
    problems: tuple[Problem, ...]


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


def source_signature(fingerprint: str, found: Iterable[Discovered]) -> str:
    """The fast path's key: changes whenever a source is added, removed, resized or
    touched, or the config changes.

    The fast path replays the last build's problems as they were shown, relative to
    the working directory, so that directory is part of this key (and only of this one).
    """
    digest = hashlib.sha256(f"{code_version()}\0{fingerprint}\0{Path.cwd()}".encode())
    for item in found:
        digest.update(
            f"\0{item.rel}\0{item.size}\0{item.mtime_ns}".encode("utf-8", "surrogatepass")
        )
    return digest.hexdigest()


def problem_key(problem: Problem) -> str:
    """A warning's identity across builds: where, which rule, what it says."""
    text = f"{problem.path}\0{problem.line}\0{problem.rule}\0{problem.message}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def render_key(article: Article, source_digest: str) -> str:
    """What rendered HTML depends on: the source bytes, the link (URLs' base), the summary."""
    digest = hashlib.sha256()
    for part in (source_digest, article.body_format, article.link, article.summary or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def feed_key(feed: Feed) -> str:
    """Where a feed's files are kept: its Atom URL (unique per feed and archive page)."""
    return feed.urls["atom"]


def feed_fingerprint(feed: Feed) -> str:
    """Everything a feed's bytes depend on: the whole planned and rendered feed."""
    return hashlib.sha256(repr(feed).encode("utf-8", "surrogatepass")).hexdigest()


# -- the cache --------------------------------------------------------------------------


@dataclass
class BuildCache:
    """In-memory view of the cache files; ``save`` rewrites only the parts that changed.

    Source entries are spread over SHARDS files by a hash of their path, so editing
    one article in a large archive rewrites one small file, not the whole cache.
    """

    folder: Path | None
    fingerprint: str
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    rendered: dict[str, Rendered] = field(default_factory=dict)
    outputs: dict[str, FeedOutput] = field(default_factory=dict)
    told: frozenset[str] = frozenset()
    stats: CacheStats = field(default_factory=CacheStats)
    _dirty_main: bool = False
    _dirty_shards: set[int] = field(default_factory=set)
    _seen_sources: set[str] = field(default_factory=set)
    _seen_rendered: set[str] = field(default_factory=set)
    _seen_outputs: set[str] = field(default_factory=set)

    @classmethod
    def disabled(cls) -> BuildCache:
        """A cache that remembers within one build and never saves (``--no-cache``)."""
        return cls(folder=None, fingerprint="")

    @classmethod
    def load(cls, folder: Path, fingerprint: str) -> tuple[BuildCache, list[Problem]]:
        """Read the cache in ``folder``; an unusable one gives an empty cache.

        A corrupt file also gives a warning; one from another version or config does not.
        """
        cache = cls(folder=folder, fingerprint=fingerprint)
        header = _header(fingerprint)
        try:
            main = _read(folder / CACHE_NAME, header)
            if main is None:
                cache._reset()
                return cache, []
            cache.rendered, cache.outputs, cache.told = main
            for shard in range(SHARDS):
                part = _read(folder / _shard_name(shard), header)
                if part is None:
                    cache._reset()
                    return cache, []
                cache.sources.update(part)
        except Exception:  # any unpickling failure means the files are not ours to trust
            warning = Problem(
                str(folder / CACHE_NAME), None, Severity.WARNING, "cache-corrupt",
                "build cache is unreadable: discarded (it will be rebuilt)",
            )  # fmt: skip
            cache._reset()
            return cache, [warning]
        return cache, []

    def _reset(self) -> None:
        self.sources, self.rendered, self.outputs, self.told = {}, {}, {}, frozenset()
        self._dirty_main = True
        self._dirty_shards = set(range(SHARDS))

    # Sources: looked up by stat, then (after reading) by hash.

    def by_stat(self, rel: str, size: int, mtime_ns: int) -> SourceEntry | None:
        """The entry for an untouched source (same size and mtime), counted as reused."""
        entry = self.sources.get(rel)
        if entry and entry.size == size and entry.mtime_ns == mtime_ns:
            self._seen_sources.add(rel)
            self.stats.reused += 1
            return entry
        return None

    def known_digest(self, rel: str) -> str | None:
        """The hash of the source's bytes when it was last parsed."""
        entry = self.sources.get(rel)
        return entry.digest if entry else None

    def touched(self, rel: str, size: int, mtime_ns: int) -> SourceEntry:
        """A source touched but not changed (same hash): reuse it under its new stat."""
        old = self.sources[rel]
        entry = SourceEntry(size, mtime_ns, old.digest, old.article, old.problems)
        self._store(rel, entry)
        self.stats.reused += 1
        return entry

    def parsed(self, rel: str, entry: SourceEntry) -> None:
        """Remember a freshly parsed source (an unreadable one, without a hash, is not)."""
        self.stats.parsed += 1
        if entry.digest:
            self._store(rel, entry)

    def _store(self, rel: str, entry: SourceEntry) -> None:
        self.sources[rel] = entry
        self._seen_sources.add(rel)
        self._dirty_shards.add(_shard(rel))

    # Rendered bodies, by render_key.

    def get_rendered(self, key: str) -> Rendered | None:
        found = self.rendered.get(key)
        if found is not None:
            self._seen_rendered.add(key)
            self.stats.render_reused += 1
        return found

    def put_rendered(self, key: str, value: Rendered) -> None:
        self.rendered[key] = value
        self._seen_rendered.add(key)
        self.stats.rendered += 1
        self._dirty_main = True

    def body_reread(self) -> None:
        """Count a published body that had to be read again to render it."""
        self.stats.bodies_reread += 1

    # Feed files, by feed_key, valid for one feed_fingerprint.

    def get_output(self, feed: Feed) -> tuple[str, FeedOutput | None]:
        """(the feed's fingerprint, its cached files if they were made from exactly it)."""
        key, fingerprint = feed_key(feed), feed_fingerprint(feed)
        self._seen_outputs.add(key)
        found = self.outputs.get(key)
        return (
            fingerprint,
            found if found is not None and found.fingerprint == fingerprint else None,
        )

    def put_output(self, feed: Feed, output: FeedOutput) -> None:
        key = feed_key(feed)
        self._seen_outputs.add(key)
        self.outputs[key] = output
        self.stats.serialized += 1
        self._dirty_main = True

    # Warnings that belong to no source entry (feed rules, schedule, identity): told once.

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
            self._dirty_main = True

    def save(self, *, prune: bool = True) -> None:
        """Write what changed, atomically per file.

        With ``prune``, entries this build did not use are dropped; a failed build saves
        without pruning, since it stopped before using everything it will need.
        """
        if self.folder is None:
            return
        if prune:
            for rel in set(self.sources) - self._seen_sources:
                del self.sources[rel]
                self._dirty_shards.add(_shard(rel))
        if prune and (
            set(self.rendered) != self._seen_rendered or set(self.outputs) != self._seen_outputs
        ):
            self.rendered = {k: v for k, v in self.rendered.items() if k in self._seen_rendered}
            self.outputs = {k: v for k, v in self.outputs.items() if k in self._seen_outputs}
            self._dirty_main = True
        header = _header(self.fingerprint)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for shard in sorted(self._dirty_shards):
                part = {k: v for k, v in self.sources.items() if _shard(k) == shard}
                _write(self.folder / _shard_name(shard), header, part)
            # Every record is keyed by content (hashes, stats), so a crash between two
            # files leaves old and new records side by side, each still true.
            if self._dirty_main or self._dirty_shards:
                _write(self.folder / CACHE_NAME, header, (self.rendered, self.outputs, self.told))
        except OSError:
            pass  # the cache only saves time; failing to write it must not fail the build
        self._dirty_main, self._dirty_shards = False, set()


def _shard(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8", "surrogatepass")) % SHARDS


def _shard_name(shard: int) -> str:
    return f"sources-{shard:02d}.pickle"


def _read(path: Path, header: tuple[int, str, str]) -> Any:
    """The payload of a cache file, or None if it is missing or from another version or
    config (its header, pickled first, differs: the payload is then never unpickled)."""
    # Unpickling builds many small acyclic objects; the cyclic collector would rescan
    # them again and again (half the load time at 10,000 articles) for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            try:
                found = pickle.load(handle)
            except (ModuleNotFoundError, AttributeError):
                return None  # written by a version whose record classes lived elsewhere
            return pickle.load(handle) if found == header else None
    except FileNotFoundError:
        return None
    finally:
        if collecting:
            gc.enable()


def _write(path: Path, header: tuple[int, str, str], payload: object) -> None:
    # Shards keep each file (and so the pickler's memo) small even at 100,000
    # articles; the memo shares repeated objects (time zones), which loads faster.
    with replacing(path) as handle:
        pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _header(fingerprint: str) -> tuple[int, str, str]:
    return (FORMAT, code_version(), fingerprint)
