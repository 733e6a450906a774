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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import Problem, Severity

# (file name, size, mtime_ns) of one source, in name order within its folder.
Entry = tuple[str, int, int]


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
        prefix = f"{folder}/" if folder else ""
        base = os.path.join(self.root, *folder.split("/")) if folder else self.root
        return [
            Discovered(os.path.join(base, name), prefix + name, size, mtime_ns)
            for name, size, mtime_ns in self.folders[folder]
        ]

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
    folders: dict[str, list[Entry]] = {}
    problems: list[Problem] = []
    stack = [(top, "")]
    while stack:
        path, rel = stack.pop()
        entries: list[Entry] = []
        for entry in _entries(path, rel, problems):
            name = entry.name
            shown = f"{rel}/{name}" if rel else name
            try:
                if entry.is_file(follow_symlinks=False):  # the usual case, from d_type alone
                    dot = name.rfind(".")  # os.path.splitext's suffix: no hidden names here
                    if dot > 0 and name[dot:].lower() in suffixes:
                        stat = entry.stat(follow_symlinks=False)
                        entries.append((name, stat.st_size, stat.st_mtime_ns))
                    continue
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
                        continue
                if entry.is_dir(follow_symlinks=False):
                    if not (skip_top is not None and not rel and name == skip_top):
                        stack.append((entry.path, shown))
                elif entry.is_file():  # a link to a file inside the folder
                    dot = name.rfind(".")
                    if dot > 0 and name[dot:].lower() in suffixes:
                        stat = entry.stat()
                        entries.append((name, stat.st_size, stat.st_mtime_ns))
            except OSError as exc:
                problems.append(_problem(shown, f"cannot read: {exc.strerror}"))
        if entries:
            entries.sort()
            folders[rel] = entries
    return Listing(top, folders, problems)


def _entries(path: str, rel: str, problems: list[Problem]) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(path) as found:
            for entry in found:
                if not entry.name.startswith("."):
                    yield entry
    except OSError as exc:
        problems.append(_problem(rel, f"cannot list folder: {exc.strerror}"))


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def _problem(path: str, message: str, *, warn: bool = False) -> Problem:
    severity = Severity.WARNING if warn else Severity.ERROR
    return Problem(path, None, severity, "source-unreadable", message)
