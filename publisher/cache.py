"""Incremental build state: what each source parsed to, and what each article rendered to.

Safe to delete: a missing cache, or one from another version or config, is simply
rebuilt; a corrupt one is discarded with a warning, never trusted. Bodies are not
kept (memory and disk would grow with the archive), only metadata and rendered HTML
for the articles that appear in feeds.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.errors import Problem, Severity
from publisher.model import Article

CACHE_NAME = "cache.pickle"
FORMAT = 4
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
class Rendered:
    content_html: str
    summary: str | None


@dataclass(frozen=True)
class FeedOutput:
    """A feed's serialized, validated files, valid while the feed's fingerprint holds."""

    fingerprint: str
    files: dict[str, bytes]
    problems: tuple[Problem, ...]


@dataclass(slots=True)
class CacheStats:
    """Counters a test (or -v) can read: how much work this build really did."""

    parsed: int = 0
    reused: int = 0
    rendered: int = 0
    render_reused: int = 0
    serialized: int = 0


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
    stats: CacheStats = field(default_factory=CacheStats)
    _dirty_main: bool = False
    _dirty_shards: set[int] = field(default_factory=set)
    _seen_sources: set[str] = field(default_factory=set)
    _seen_rendered: set[str] = field(default_factory=set)
    _seen_outputs: set[str] = field(default_factory=set)

    @classmethod
    def disabled(cls) -> BuildCache:
        return cls(folder=None, fingerprint="")

    @classmethod
    def load(cls, folder: Path, fingerprint: str) -> tuple[BuildCache, list[Problem]]:
        """Read the cache in ``folder``; an unusable one gives an empty cache.

        A corrupt file also gives a warning; one from another version or config does not.
        """
        cache = cls(folder=folder, fingerprint=fingerprint)
        header = _header(fingerprint)
        try:
            main = _read(folder / CACHE_NAME)
            if main is None or main[0] != header:
                cache._reset()
                return cache, []
            _, cache.rendered, cache.outputs = main
            for shard in range(SHARDS):
                part = _read(folder / _shard_name(shard))
                if part is None or part[0] != header:
                    cache._reset()
                    return cache, []
                cache.sources.update(part[1])
        except Exception:  # any unpickling failure means the files are not ours to trust
            warning = Problem(
                str(folder / CACHE_NAME), None, Severity.WARNING, "cache-corrupt",
                "build cache is unreadable: discarded (it will be rebuilt)",
            )  # fmt: skip
            cache._reset()
            return cache, [warning]
        return cache, []

    def _reset(self) -> None:
        self.sources, self.rendered, self.outputs = {}, {}, {}
        self._dirty_main = True
        self._dirty_shards = set(range(SHARDS))

    def by_stat(self, rel: str, size: int, mtime_ns: int) -> SourceEntry | None:
        entry = self.sources.get(rel)
        if entry and entry.size == size and entry.mtime_ns == mtime_ns:
            self._seen_sources.add(rel)
            self.stats.reused += 1
            return entry
        return None

    def by_digest(self, rel: str, digest: str, size: int, mtime_ns: int) -> SourceEntry | None:
        """A source touched but not changed: reuse it and remember its new stat."""
        entry = self.sources.get(rel)
        if entry and entry.digest == digest:
            self.store(rel, SourceEntry(size, mtime_ns, digest, entry.article, entry.problems))
            self.stats.reused += 1
            return entry
        return None

    def store(self, rel: str, entry: SourceEntry) -> None:
        self.sources[rel] = entry
        self._seen_sources.add(rel)
        self._dirty_shards.add(_shard(rel))

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

    def get_output(self, key: str, fingerprint: str) -> FeedOutput | None:
        self._seen_outputs.add(key)
        found = self.outputs.get(key)
        return found if found is not None and found.fingerprint == fingerprint else None

    def put_output(self, key: str, output: FeedOutput) -> None:
        self._seen_outputs.add(key)
        self.outputs[key] = output
        self.stats.serialized += 1
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
                _write(self.folder / _shard_name(shard), (header, part))
            # Every record is keyed by content (hashes, stats), so a crash between two
            # files leaves old and new records side by side, each still true.
            if self._dirty_main or self._dirty_shards:
                _write(self.folder / CACHE_NAME, (header, self.rendered, self.outputs))
        except OSError:
            pass  # the cache only saves time; failing to write it must not fail the build
        self._dirty_main, self._dirty_shards = False, set()


def _shard(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8", "surrogatepass")) % SHARDS


def _shard_name(shard: int) -> str:
    return f"sources-{shard:02d}.pickle"


def _read(path: Path) -> Any:
    # Unpickling builds many small acyclic objects; the cyclic collector would rescan
    # them again and again (half the load time at 10,000 articles) for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    finally:
        if collecting:
            gc.enable()


def _write(path: Path, data: object) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temp.open("wb") as handle:
            # Shards keep each file (and so the pickler's memo) small even at 100,000
            # articles; the memo shares repeated objects (time zones), which loads faster.
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def render_key(article: Article, source_digest: str) -> str:
    """What rendered HTML depends on: the source bytes, the link (URLs' base), the summary."""
    digest = hashlib.sha256()
    for part in (source_digest, article.body_format, article.link, article.summary or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _header(fingerprint: str) -> tuple[int, str, str]:
    return (FORMAT, __version__, fingerprint)
