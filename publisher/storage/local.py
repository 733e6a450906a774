"""A folder as the build's output: ``publish.py`` writes it, the fast path stats it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from publisher.publish import PublishResult, plan_writes, publish, read_published, safe_target
from publisher.storage import Stamp


class LocalOutput:
    """The output folder. Its lock is the build lock (``publish.build_lock`` on
    ``cache_dir``), which the build always holds: two hosts never share a folder's cache."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @contextlib.contextmanager
    def lock(self, *, wait: float) -> Iterator[object]:
        yield None

    def read(self, rel: str) -> bytes | None:
        return read_published(self.folder, rel)

    def stamps(self, rels: Iterable[str]) -> dict[str, Stamp]:
        """(size, mtime_ns) of each published file, to notice one changed behind our back."""
        stamps: dict[str, Stamp] = {}
        for rel in rels:
            try:
                st = safe_target(self.folder, rel).stat()
            except OSError:
                continue
            stamps[rel] = (st.st_size, st.st_mtime_ns)
        return stamps

    def plan(self, files: Mapping[str, bytes], *, remove: Iterable[str] = ()) -> PublishResult:
        return plan_writes(self.folder, files, remove=remove)

    def publish(self, files: Mapping[str, bytes], *, remove: Iterable[str] = ()) -> PublishResult:
        return publish(self.folder, files, remove=remove)

    def close(self) -> None:
        pass
