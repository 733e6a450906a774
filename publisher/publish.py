"""The only writer of published files: build lock, atomic replace, unchanged files untouched."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from publisher.atomic import fsync_dir, temp_files, write_temp
from publisher.errors import LockHeld, OutputError

LOCK_NAME = "build.lock"


@contextlib.contextmanager
def build_lock(folder: Path, *, wait: float = 0.0) -> Iterator[int]:
    """Hold an exclusive lock for the whole build; raise LockHeld if another build has it
    (after waiting up to ``wait`` seconds). Yields the lock's file descriptor, which
    worker processes must close (see build.pool.Workers).

    flock is released by the kernel when the holder dies, so a lock left by a killed
    build is simply free again: there is no stale state to clean up.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot create lock file: {exc.strerror}", path=str(folder)) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                    raise LockHeld(f"another build is running (pid {holder})") from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield fd
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class PublishResult:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...] = ()


def plan_writes(
    output_dir: Path, files: Mapping[str, bytes], *, remove: Iterable[str] = ()
) -> PublishResult:
    """Which of ``files`` (relative posix paths) differ from what is published, and which
    of ``remove`` are there to be removed."""
    removed = tuple(
        rel for rel in sorted(set(remove) - set(files)) if safe_target(output_dir, rel).is_file()
    )
    written: list[str] = []
    unchanged: list[str] = []
    for rel in sorted(files):
        target = safe_target(output_dir, rel)
        try:
            same = target.read_bytes() == files[rel]
        except OSError:
            same = False
        (unchanged if same else written).append(rel)
    return PublishResult(tuple(written), tuple(unchanged), removed)


def publish(
    output_dir: Path, files: Mapping[str, bytes], *, remove: Iterable[str] = ()
) -> PublishResult:
    """Replace each changed file atomically; leave unchanged ones (and their mtime) alone;
    then delete the files in ``remove`` (a retired category's), and their folders if
    that empties them.

    Every new file is written and fsynced under a temporary name first; only when all
    of them are safely on disk are they renamed into place, so a failure (full disk,
    read-only folder) replaces nothing.
    """
    plan = plan_writes(output_dir, files, remove=remove)
    _remove_stale_temps(output_dir, files)
    staged: list[tuple[Path, Path]] = []
    try:
        for rel in plan.written:
            target = safe_target(output_dir, rel)
            staged.append((write_temp(target, files[rel]), target))
    except OSError as exc:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        where = exc.filename or str(output_dir)
        raise OutputError(
            f"cannot write: {_reason(exc)}; nothing was replaced", path=where
        ) from None
    folders = set()
    for temp, target in staged:
        os.replace(temp, target)
        folders.add(target.parent)
    for folder in sorted(folders):
        fsync_dir(folder)
    _remove(output_dir, plan.removed)
    return plan


def _remove(output_dir: Path, rels: Iterable[str]) -> None:
    """Delete these published files, then each folder they leave empty (deepest first);
    a file the tool did not write keeps its folder."""
    folders: set[Path] = set()
    for rel in rels:
        target = safe_target(output_dir, rel)
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot remove: {_reason(exc)}", path=str(target)) from None
        parent = target.parent
        while parent != output_dir and parent.is_relative_to(output_dir):
            folders.add(parent)
            parent = parent.parent
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty: someone else's files live there
            folder.rmdir()
    if folders:
        fsync_dir(output_dir)


def read_published(output_dir: Path, rel: str) -> bytes | None:
    """The bytes of a published file, or None if it is not there."""
    try:
        return safe_target(output_dir, rel).read_bytes()
    except OSError:
        return None


def safe_target(output_dir: Path, rel: str) -> Path:
    """``output_dir / rel``, refusing anything that would land outside ``output_dir``."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise OutputError(f"refusing to write outside the output folder: {rel!r}")
    return output_dir.joinpath(*parts)


def _remove_stale_temps(output_dir: Path, files: Mapping[str, bytes]) -> None:
    # A build killed mid-write leaves its temporary files; we hold the lock, so any
    # temp file named after one of our files is such a leftover.
    for rel in files:
        target = safe_target(output_dir, rel)
        if target.parent.is_dir():
            for stale in temp_files(target):
                stale.unlink(missing_ok=True)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    return exc.strerror or str(exc)
