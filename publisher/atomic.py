"""The one way this project replaces a file: a temporary file in the same folder,
written and fsynced, then renamed over the target (and the folder fsynced), so a
reader or a crash sees either the old bytes or the new ones, never a torn file."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def temp_name(target: Path) -> Path:
    """The temporary name beside ``target`` (hidden, per process, so builds never collide)."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def temp_files(target: Path) -> list[Path]:
    """Temporary files of ``target`` left by any process (a killed writer's leftovers)."""
    return list(target.parent.glob(f".{target.name}.*.tmp"))


def write_temp(target: Path, data: bytes) -> Path:
    """Write ``data`` to a fsynced temporary file beside ``target``; return its path.

    On failure nothing is left behind and the OSError names ``target``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError as exc:
        exc.filename = str(target)
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return temp


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(
    target: Path, data: bytes, *, overwrite: bool = True, mode: int | None = None
) -> None:
    """Replace (or, with ``overwrite=False``, create) ``target`` with ``data`` atomically.

    Without ``overwrite`` an existing file is never touched: FileExistsError is raised.
    ``mode`` sets the new file's permission bits (e.g. the replaced file's).
    """
    with replacing(target, overwrite=overwrite, mode=mode) as handle:
        handle.write(data)


@contextlib.contextmanager
def replacing(
    target: Path, *, overwrite: bool = True, mode: int | None = None
) -> Iterator[BinaryIO]:
    """A binary handle on a temporary file beside ``target`` that replaces it (or, with
    ``overwrite=False``, creates it) once the block ends without an exception: for
    writers that stream (pickle.dump) rather than hold the bytes twice."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_name(target)
    try:
        with temp.open("wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        if overwrite:
            os.replace(temp, target)
        else:
            _create(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    fsync_dir(target.parent)


def _create(temp: Path, target: Path) -> None:
    try:
        os.link(temp, target)  # fails, atomically, if target exists
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links: reserve the name, then replace it
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        os.replace(temp, target)
