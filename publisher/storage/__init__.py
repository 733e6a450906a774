"""Where a build publishes: a folder or an object store, behind one small interface.

``Output`` is everything the build asks of where it publishes: the lock that keeps
publishers on other hosts out, reading a file it published before (the manifest),
the stamps the no-op fast path compares, and publishing (or planning, for a dry run)
a set of files. ``local.py`` is a folder (through ``publish.py``, the only writer of
published files); ``remote.py`` is an object store (S3, GCS, Azure, through fsspec's
backends), imported only when ``output_dir`` is a URL, so a folder's build loads no
cloud library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from publisher.storage.url import StoreURL

if TYPE_CHECKING:
    from publisher.config import Config
    from publisher.publish import PublishResult

# What the fast path compares to notice a published file changed behind the build's
# back: (size, mtime_ns) of a file; (size, "etag modified") of an object.
Stamp = tuple[int, int | str]


class Output(Protocol):
    """Where a build publishes."""

    def lock(self, *, wait: float) -> AbstractContextManager[object]:
        """Held while a build may publish, against builds on other hosts (raise
        LockHeld); a folder needs nothing beyond the build lock in ``cache_dir``."""
        ...

    def read(self, rel: str) -> bytes | None:
        """The bytes of a file published before, or None if there is none."""
        ...

    def stamps(self, rels: Iterable[str]) -> dict[str, Stamp]:
        """The stamp of each of ``rels`` that is published (missing ones are left out)."""
        ...

    def plan(self, files: Mapping[str, bytes], *, remove: Iterable[str] = ()) -> PublishResult:
        """What ``publish`` would do, doing nothing."""
        ...

    def publish(self, files: Mapping[str, bytes], *, remove: Iterable[str] = ()) -> PublishResult:
        """Publish the files that differ from what is there, then remove ``remove``."""
        ...

    def close(self) -> None:
        """Let go of connections; the output is not used again."""
        ...


def open_output(config: Config) -> Output:
    """The output a build with ``config`` publishes to."""
    if isinstance(config.output_dir, StoreURL):
        from publisher.storage.remote import RemoteOutput

        return RemoteOutput(config.output_dir, config.storage, config.cache_dir)
    from publisher.storage.local import LocalOutput

    return LocalOutput(config.output_dir)


def shown(output_dir: Path | StoreURL, rel: str) -> str:
    """How the published file ``rel`` is named to the user: its path, or its URL."""
    return output_dir.shown(rel) if isinstance(output_dir, StoreURL) else str(output_dir / rel)
