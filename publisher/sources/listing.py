"""One walk of the content folder: each folder's source files with their size and mtime.

A cron run of a large archive is mostly this walk (one ``stat`` per file), so it keeps
the least Python per file: each folder's names in a list and their sizes and mtimes in
one array of machine integers, and a digest per folder listing. Entries, and whole
``Discovered`` records, are made only for the folders a build has to look into
(``Listing.entries``, ``Listing.items``), or for every file when asked (``found``).
"""

from __future__ import annotations

import hashlib
import os
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import Problem, Severity
from publisher.forked import cores, in_forks

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

    Folders are posix paths relative to ``root`` (``""`` for ``root`` itself); each has
    its sources' names, sorted, and their (size, mtime_ns) pairs in one array.
    Problems name paths relative to ``root``.
    """

    root: str
    names: dict[str, list[str]]
    stats: dict[str, array[int]]
    problems: list[Problem] = field(default_factory=list)
    # Files that make pages when the generator runs them (Hugo's content adapters), not
    # sources themselves: relative path -> (size, mtime_ns).
    templates: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Sources kept outside ``root`` (the pages templates made, written by the build):
    # relative path -> absolute path.
    elsewhere: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, root: str, folders: dict[str, list[Entry]], problems: list[Problem] | None = None
    ) -> Listing:
        """A listing of these entries (each folder's in any order)."""
        names: dict[str, list[str]] = {}
        stats: dict[str, array[int]] = {}
        for folder, entries in folders.items():
            ordered = sorted(entries)
            names[folder] = [name for name, _, _ in ordered]
            stats[folder] = array("q", [n for _, size, mtime in ordered for n in (size, mtime)])
        return cls(root, names, stats, problems or [])

    def __len__(self) -> int:
        return sum(len(names) for names in self.names.values())

    def count(self, folder: str) -> int:
        """How many sources ``folder`` holds."""
        return len(self.names[folder])

    def digests(self) -> dict[str, bytes]:
        """Each folder's listing digest (its names, sizes and mtimes)."""
        return {folder: self._digest(folder) for folder in self.names}

    def templates_digest(self) -> dict[str, bytes]:
        """The templates' listing as one more digest (under a key no folder has), none
        when there are none."""
        if not self.templates:
            return {}
        digest = hashlib.blake2b(digest_size=16)
        for rel, (size, mtime_ns) in sorted(self.templates.items()):
            digest.update(f"{rel}\0{size}\0{mtime_ns}\0".encode("utf-8", "surrogateescape"))
        return {"\0templates": digest.digest()}

    def with_sources(self, added: dict[str, str], problems: list[Problem]) -> Listing:
        """This listing with the sources kept elsewhere (relative path -> absolute path;
        one that cannot be read is left out) and more problems."""
        folders = self.folders
        elsewhere = dict(self.elsewhere)
        for rel, path in added.items():
            try:
                stat = os.stat(path)
            except OSError:
                continue
            folder, _, name = rel.rpartition("/")
            folders.setdefault(folder, []).append((name, stat.st_size, stat.st_mtime_ns))
            elsewhere[rel] = path
        listing = Listing.of(self.root, folders, [*self.problems, *problems])
        return Listing(listing.root, listing.names, listing.stats, listing.problems,
                       dict(self.templates), elsewhere)  # fmt: skip

    def path(self, rel: str) -> str:
        """Where the source at ``rel`` is on disk."""
        return self.elsewhere.get(rel) or os.path.join(self.root, rel)

    def _digest(self, folder: str) -> bytes:
        return _listing_digest(self.names[folder], self.stats[folder])

    def run_digest(self, folder: str, start: int, end: int) -> bytes:
        """The digest of one run of ``folder``'s sources (its entries from ``start`` to
        ``end``, in name order), made as the folder's listing digest is."""
        return _listing_digest(
            self.names[folder][start:end], self.stats[folder][2 * start : 2 * end]
        )

    def entry(self, folder: str, index: int) -> Entry:
        """The source at ``index`` (in name order) of ``folder``."""
        stats = self.stats[folder]
        return self.names[folder][index], stats[2 * index], stats[2 * index + 1]

    def entries(self, folder: str) -> list[Entry]:
        """One folder's sources as (name, size, mtime_ns), in name order."""
        stats = self.stats[folder]
        return list(zip(self.names[folder], stats[0::2], stats[1::2], strict=True))

    @property
    def folders(self) -> dict[str, list[Entry]]:
        """Every folder's entries (made now, for every file)."""
        return {folder: self.entries(folder) for folder in self.names}

    def items(self, folder: str) -> list[Discovered]:
        """One folder's sources as ``Discovered`` records, in name order."""
        return [self.item(folder, entry) for entry in self.entries(folder)]

    def item(self, folder: str, entry: Entry) -> Discovered:
        """One source of ``folder`` as a ``Discovered`` record."""
        name, size, mtime_ns = entry
        rel = f"{folder}/{name}" if folder else name
        return Discovered(self.path(rel), rel, size, mtime_ns)

    def found(self) -> list[Discovered]:
        """Every source, sorted by ``rel``."""
        every = [item for folder in self.names for item in self.items(folder)]
        every.sort(key=lambda item: item.rel)
        return every


def _listing_digest(names: list[str], stats: array[int]) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    digest.update("\0".join(names).encode("utf-8", "surrogateescape"))
    digest.update(b"\0\0")
    digest.update(stats.tobytes())
    return digest.digest()


def scan(
    root: Path,
    suffixes: frozenset[str],
    *,
    skip_top: str | None = None,
    within: frozenset[str] | None = None,
    templates: frozenset[str] = frozenset(),
) -> Listing:
    """Every file under ``root`` (resolved) whose lowercase suffix is in ``suffixes``.

    Hidden files and folders are skipped, and the top-level folder ``skip_top`` if
    given; with ``within``, only files inside a folder of one of those names (at any
    depth) count. Links that leave ``root`` are not followed, nor are links to folders (their
    target is read where it is; a link to a parent would otherwise loop). Files named as
    one of ``templates`` are listed apart (``Listing.templates``).
    """
    top = str(root)
    problems: list[Problem] = []
    # First the names (folder listings tell files from folders without a stat), then
    # one stat per file, spread over processes for large archives.
    names: dict[str, list[str]] = {}
    links: dict[str, list[str]] = {}  # links to files inside the folder: stat followed
    stack = [(top, "")]
    endings = tuple(suffixes)
    found_templates: list[str] = []
    while stack:
        path, rel = stack.pop()
        files: list[str] = []
        linked: list[str] = []
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
                            elif name in templates:
                                found_templates.append(_join(rel, name))
                            continue
                        _other(entry, root, rel, skip_top, stack, linked, endings, problems)
                    except OSError as exc:
                        problems.append(_problem(_join(rel, name), f"cannot read: {exc.strerror}"))
        except OSError as exc:
            problems.append(_problem(rel, f"cannot list folder: {exc.strerror}"))
            continue
        if within is not None and within.isdisjoint(rel.split("/")):
            files, linked = [], []
        if files:
            files.sort()
            names[rel] = files
        if linked:
            links[rel] = linked
    stats = _stat_all(top, names)
    for rel in [r for r, figures in stats.items() if min(figures[0::2], default=0) < 0]:
        _drop_unreadable(rel, names, stats, problems)
    for rel, linked in links.items():
        _add_links(top, rel, linked, names, stats, problems)
    return Listing(top, names, stats, problems, _template_stats(top, found_templates, problems))


def _template_stats(
    top: str, rels: list[str], problems: list[Problem]
) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for rel in sorted(rels):
        try:
            stat = os.lstat(os.path.join(top, rel))
        except OSError as exc:
            problems.append(_problem(rel, f"cannot read: {exc.strerror}"))
            continue
        found[rel] = (stat.st_size, stat.st_mtime_ns)
    return found


def _drop_unreadable(
    rel: str, names: dict[str, list[str]], stats: dict[str, array[int]], problems: list[Problem]
) -> None:
    """Files gone or unreadable since they were listed (size -1, errno in place of the
    mtime) become problems; the folder keeps the others."""
    kept = []
    for name, size, mtime_ns in zip(names[rel], stats[rel][0::2], stats[rel][1::2], strict=True):
        if size < 0:
            problems.append(_problem(_join(rel, name), f"cannot read: {os.strerror(mtime_ns)}"))
        else:
            kept.append((name, size, mtime_ns))
    _set(rel, kept, names, stats)


def _add_links(
    top: str,
    rel: str,
    linked: list[str],
    names: dict[str, list[str]],
    stats: dict[str, array[int]],
    problems: list[Problem],
) -> None:
    """Links to files inside the content folder join their folder's listing."""
    entries = list(zip(names.get(rel, []), stats.get(rel, array("q"))[0::2],
                       stats.get(rel, array("q"))[1::2], strict=True))  # fmt: skip
    for name in linked:
        try:
            stat = os.stat(os.path.join(top, rel, name))
        except OSError as exc:
            problems.append(_problem(_join(rel, name), f"cannot read: {exc.strerror}"))
            continue
        entries.append((name, stat.st_size, stat.st_mtime_ns))
    _set(rel, sorted(entries), names, stats)


def _set(
    rel: str, entries: list[Entry], names: dict[str, list[str]], stats: dict[str, array[int]]
) -> None:
    if entries:
        names[rel] = [name for name, _, _ in entries]
        stats[rel] = array("q", [n for _, size, mtime in entries for n in (size, mtime)])
    else:
        names.pop(rel, None)
        stats.pop(rel, None)


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


def _stat_all(top: str, names: dict[str, list[str]]) -> dict[str, array[int]]:
    """Each folder's (size, mtime_ns) pairs, not following links; (-1, errno) for a
    file that cannot be read.

    A stat is a system call the kernel serves in parallel but one Python thread
    cannot: above STAT_SPLIT files, forked processes take a share each (2 cores halve
    the listing of 100,000 files) and send their arrays back through a pipe.
    """
    total = sum(len(files) for files in names.values())
    shares = _shares(names, _processes(total))
    arrays = in_forks(lambda share: [_stats(top, names, s) for s in share], shares)
    stats: dict[str, array[int]] = {}
    # Shares are runs in listing order: a folder cut between two continues in the next.
    for share, figures in zip(shares, arrays, strict=True):
        for (rel, _, _), run in zip(share, figures, strict=True):
            stats.setdefault(rel, array("q")).extend(run)
    return stats


# A run of one folder's files: (folder, first index, end index).
_Segment = tuple[str, int, int]


def _shares(names: dict[str, list[str]], workers: int) -> list[list[_Segment]]:
    """The files cut into ``workers`` runs of about equal length (a folder may be cut)."""
    total = sum(len(files) for files in names.values())
    size = -(-total // workers) if total else 1
    shares: list[list[_Segment]] = [[]]
    room = size
    for rel, files in names.items():
        start = 0
        while start < len(files):
            if room == 0:
                shares.append([])
                room = size
            end = min(len(files), start + room)
            shares[-1].append((rel, start, end))
            room -= end - start
            start = end
    return shares


def _stats(top: str, names: dict[str, list[str]], segment: _Segment) -> array[int]:
    rel, start, end = segment
    base = os.path.join(top, rel, "")  # os.path.join once per folder, not per file
    figures = array("q")
    for name in names[rel][start:end]:
        try:
            stat = os.lstat(base + name)
        except OSError as exc:
            figures.extend((-1, exc.errno or 0))
            continue
        figures.extend((stat.st_size, stat.st_mtime_ns))
    return figures


def _processes(files: int) -> int:
    """How many processes share the stats: one below STAT_SPLIT files, one per core
    (at most MAX_STAT_PROCESSES)."""
    if files < STAT_SPLIT:
        return 1
    return max(1, min(cores(), MAX_STAT_PROCESSES, files // STAT_SPLIT))


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
