"""One walk of the content folder: each folder's source files with their size and mtime.

A cron run of a large archive is mostly this walk (one ``stat`` per file), so it keeps
the least Python per file: a tuple per source, grouped by folder, and a digest per
folder listing. Whole ``Discovered`` records are made only for the folders a build
has to look into (``Listing.items``), or for every file when asked (``found``).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import threading
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import Problem, Severity

# (file name, size, mtime_ns) of one source, in name order within its folder.
Entry = tuple[str, int, int]
# Below this many files one process stats them all: a fork costs more than it saves.
STAT_SPLIT = 5_000
MAX_STAT_PROCESSES = 4


@dataclass(frozen=True, slots=True)
class Discovered:
    """One source file found under the content folder (``path`` absolute, ``rel`` posix)."""

    path: str
    rel: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Listing:
    """The content folder's sources as one walk found them, and the problems it met.

    ``folders`` maps a folder (posix, relative to ``root``; ``""`` for ``root`` itself)
    to its sources, sorted by name. Problems name paths relative to ``root``.
    """

    root: str
    folders: dict[str, list[Entry]]
    problems: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(entries) for entries in self.folders.values())

    def digests(self) -> dict[str, bytes]:
        """Each folder's listing digest (names, sizes, mtimes)."""
        # marshal is C and exact for str/int tuples; its format can change between Python
        # versions, which only makes every folder look changed once (a slower build).
        return {
            folder: hashlib.blake2b(marshal.dumps(entries), digest_size=16).digest()
            for folder, entries in self.folders.items()
        }

    def items(self, folder: str) -> list[Discovered]:
        """One folder's sources as ``Discovered`` records, in name order."""
        return [self.item(folder, entry) for entry in self.folders[folder]]

    def item(self, folder: str, entry: Entry) -> Discovered:
        """One source of ``folder`` as a ``Discovered`` record."""
        name, size, mtime_ns = entry
        rel = f"{folder}/{name}" if folder else name
        return Discovered(os.path.join(self.root, rel), rel, size, mtime_ns)

    def found(self) -> list[Discovered]:
        """Every source, sorted by ``rel``."""
        every = [item for folder in self.folders for item in self.items(folder)]
        every.sort(key=lambda item: item.rel)
        return every


def scan(root: Path, suffixes: frozenset[str], *, skip_top: str | None = None) -> Listing:
    """Every file under ``root`` (resolved) whose lowercase suffix is in ``suffixes``.

    Hidden files and folders are skipped, and the top-level folder ``skip_top`` if
    given; links that leave ``root`` are not followed, nor are links to folders (their
    target is read where it is; a link to a parent would otherwise loop).
    """
    top = str(root)
    problems: list[Problem] = []
    # First the names (folder listings tell files from folders without a stat), then
    # one stat per file, spread over processes for large archives.
    names: list[tuple[str, list[str], list[str]]] = []  # (folder, files, links to files)
    stack = [(top, "")]
    endings = tuple(suffixes)
    while stack:
        path, rel = stack.pop()
        files: list[str] = []
        links: list[str] = []
        try:
            with os.scandir(path) as listed:
                for entry in listed:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    try:
                        # The usual case, from d_type alone. A suffix is what follows
                        # the last dot, never a whole name (hidden names are skipped).
                        if entry.is_file(follow_symlinks=False):
                            if name.lower().endswith(endings):
                                files.append(name)
                            continue
                        _other(entry, root, rel, skip_top, stack, links, endings, problems)
                    except OSError as exc:
                        problems.append(_problem(_join(rel, name), f"cannot read: {exc.strerror}"))
        except OSError as exc:
            problems.append(_problem(rel, f"cannot list folder: {exc.strerror}"))
            continue
        if files or links:
            names.append((rel, files, links))
    paths = [
        prefix + name
        for rel, files, _ in names
        for prefix in (os.path.join(top, rel, ""),)  # os.path.join once per folder
        for name in files
    ]
    stats = iter(_stat_all(paths))
    folders: dict[str, list[Entry]] = {}
    for rel, files, links in names:
        entries: list[Entry] = []
        for name in files:
            size, mtime_ns = next(stats)
            if size < 0:  # gone or unreadable since it was listed: mtime_ns holds errno
                problems.append(_problem(_join(rel, name), f"cannot read: {os.strerror(mtime_ns)}"))
            else:
                entries.append((name, size, mtime_ns))
        for name in links:
            try:
                stat = os.stat(os.path.join(top, rel, name))  # a link to a file inside
            except OSError as exc:
                problems.append(_problem(_join(rel, name), f"cannot read: {exc.strerror}"))
                continue
            entries.append((name, stat.st_size, stat.st_mtime_ns))
        if entries:
            entries.sort()
            folders[rel] = entries
    return Listing(top, folders, problems)


def _other(
    entry: os.DirEntry[str],
    root: Path,
    rel: str,
    skip_top: str | None,
    stack: list[tuple[str, str]],
    links: list[str],
    endings: tuple[str, ...],
    problems: list[Problem],
) -> None:
    """A folder listing's entry that is not a regular file: a folder or a link."""
    name = entry.name
    shown = _join(rel, name)
    if entry.is_symlink():
        skipped = (
            "symlink points outside the content folder: skipped"
            if not _inside(Path(entry.path), root)
            else "symlink to a folder: skipped (its files are read where they are)"
            if entry.is_dir()
            else None
        )
        if skipped:
            problems.append(_problem(shown, skipped, warn=True))
            return
    if entry.is_dir(follow_symlinks=False):
        if not (skip_top is not None and not rel and name == skip_top):
            stack.append((entry.path, shown))
    elif entry.is_file() and name.lower().endswith(endings):
        links.append(name)


def _stat_all(paths: list[str]) -> list[tuple[int, int]]:
    """(size, mtime_ns) of each path, not following links; (-1, errno) for a failure.

    A stat is a system call the kernel serves in parallel but one Python thread
    cannot: above STAT_SPLIT files, forked processes take a share each (2 cores halve
    the listing of 100,000 files) and send their figures back through a pipe.
    """
    workers = _processes(len(paths))
    if workers <= 1:
        return _stats(paths)
    share = -(-len(paths) // workers)
    chunks = [paths[i : i + share] for i in range(0, len(paths), share)]
    children: list[tuple[int, int, list[str]]] = []
    for chunk in chunks[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: stat its share, send it, and leave at once
            os.close(read_end)
            try:
                data = array("q", [n for pair in _stats(chunk) for n in pair]).tobytes()
                view = memoryview(data)
                while view:
                    view = view[os.write(write_end, view) :]
            finally:
                os._exit(0)
        os.close(write_end)
        children.append((pid, read_end, chunk))
    results = _stats(chunks[0])
    for pid, read_end, chunk in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        figures = array("q")
        figures.frombytes(data[: len(data) // 8 * 8])
        if len(figures) != 2 * len(chunk):  # the child died: do its share here
            results += _stats(chunk)
            continue
        results += zip(figures[0::2], figures[1::2], strict=True)
    return results


def _stats(paths: list[str]) -> list[tuple[int, int]]:
    results: list[tuple[int, int]] = []
    for path in paths:
        try:
            stat = os.lstat(path)
        except OSError as exc:
            results.append((-1, exc.errno or 0))
            continue
        results.append((stat.st_size, stat.st_mtime_ns))
    return results


def _processes(files: int) -> int:
    """How many processes share the stats: one below STAT_SPLIT files, one per core
    (at most MAX_STAT_PROCESSES) where fork is safe (no other thread in this one)."""
    if files < STAT_SPLIT or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_STAT_PROCESSES, files // STAT_SPLIT))


def _join(rel: str, name: str) -> str:
    return f"{rel}/{name}" if rel else name


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def _problem(path: str, message: str, *, warn: bool = False) -> Problem:
    severity = Severity.WARNING if warn else Severity.ERROR
    return Problem(path, None, severity, "source-unreadable", message)
