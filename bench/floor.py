"""The no-op floor: a Python process that imports what a no-op build imports and stats
every source, and does nothing else.

``python bench/floor.py --modules publisher.cli,publisher.build [--suffixes .md] CONTENT``

A no-op ``publisher build`` cannot cost less than this: the interpreter's start, the
imports it makes (``run.py`` finds them in the same run, from a no-op under ``python -X
importtime``, and passes them here) and one ``lstat`` per source. The walk is the
listing's: ``os.scandir`` folder by folder, hidden names skipped, regular files whose
lowercase suffix is wanted (every file when no ``--suffixes``), then one ``lstat`` each,
shared with forked children above 5,000 files, one per core (at most 4), each sending
its sizes and mtimes back through a pipe. It prints how many files it stat'ed and how
many modules it imported.

Only what the interpreter loads at start is used here (``sys``, ``os``, the ``array``
built-in): the floor must not pay for imports of its own, such as ``argparse``.
"""

from __future__ import annotations

import os
import sys
from array import array

STAT_SPLIT = 5_000
MAX_PROCESSES = 4


def walk(root: str, suffixes: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Each folder's wanted file names (folder path with a trailing separator)."""
    found: list[tuple[str, list[str]]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        names: list[str] = []
        with os.scandir(folder) as listed:
            for entry in listed:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_file(follow_symlinks=False):
                    if not suffixes or name.lower().endswith(suffixes):
                        names.append(name)
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
        if names:
            found.append((os.path.join(folder, ""), names))
    return found


def stat_share(share: list[tuple[str, list[str]]]) -> array[int]:
    """(size, mtime_ns) of every file of the share."""
    figures = array("q")
    for base, names in share:
        for name in names:
            st = os.lstat(base + name)
            figures.append(st.st_size)
            figures.append(st.st_mtime_ns)
    return figures


def shares(folders: list[tuple[str, list[str]]], count: int) -> list[list[tuple[str, list[str]]]]:
    """The files cut into ``count`` runs of about equal length (a folder may be cut)."""
    total = sum(len(names) for _, names in folders)
    size = -(-total // count) if total else 1
    out: list[list[tuple[str, list[str]]]] = [[]]
    room = size
    for base, names in folders:
        start = 0
        while start < len(names):
            if room == 0:
                out.append([])
                room = size
            end = min(len(names), start + room)
            out[-1].append((base, names[start:end]))
            room -= end - start
            start = end
    return out


def stat_all(folders: list[tuple[str, list[str]]]) -> int:
    """Stat every file, in forked children above STAT_SPLIT files; how many were stat'ed."""
    total = sum(len(names) for _, names in folders)
    cores = len(os.sched_getaffinity(0))
    count = 1 if total < STAT_SPLIT else max(1, min(cores, MAX_PROCESSES, total // STAT_SPLIT))
    parts = shares(folders, count)
    children = []
    for part in parts[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            view = memoryview(stat_share(part).tobytes())
            while view:
                view = view[os.write(write_end, view) :]
            os._exit(0)
        os.close(write_end)
        children.append((pid, read_end))
    figures = stat_share(parts[0])
    for pid, read_end in children:
        chunks = []
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)
        os.close(read_end)
        os.waitpid(pid, 0)
        figures.frombytes(b"".join(chunks))
    return len(figures) // 2


def main(argv: list[str]) -> int:
    modules: list[str] = []
    suffixes: tuple[str, ...] = ()
    args = list(argv)
    root = None
    while args:
        arg = args.pop(0)
        if arg == "--modules":
            modules = [m for m in args.pop(0).split(",") if m]
        elif arg == "--suffixes":
            suffixes = tuple(s.lower() for s in args.pop(0).split(",") if s)
        else:
            root = arg
    if root is None:
        print(__doc__.strip().splitlines()[2].strip(" `"), file=sys.stderr)
        return 2
    for name in modules:
        __import__(name)
    files = stat_all(walk(os.path.abspath(root), suffixes))
    print(f"{files} files stat'ed, {len(modules)} modules imported")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
