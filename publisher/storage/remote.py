"""An object store as the build's output, with a folder's guarantees.

- **Only what changed is uploaded.** Each object carries the digest of its bytes and
  headers in its metadata; ``cache_dir/objects.json`` remembers which digest each
  object had at which stamp (size, etag, last modified), so a build lists the prefix
  (one request per thousand objects) and reads an object's metadata only when its
  stamp is not the remembered one (another host uploaded it, or the state is gone).
- **In an order readers never notice.** Archive pages and other per-item files first,
  then the feeds that link them, then the index, OPML list and stylesheet that link
  the feeds; removed files are deleted after all of them; the manifest, the record of
  what is published, goes last. Each object is replaced whole by its PUT, so a build
  that dies at any point leaves every object old or new, never torn, and a feed never
  links a page that is not there yet; the next build uploads what is still missing.
- **Visible before anyone is told.** ``publish`` returns only after a listing shows
  every uploaded object with the etag its upload returned; WebSub pings follow it.
- **One publisher at a time** (``lock.py``), renewed between the steps of publishing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import Protocol, TypeVar

from publisher.atomic import write_atomic
from publisher.config import StorageConfig
from publisher.errors import OutputError
from publisher.formats import CSS_NAME, FEED_FORMATS, INDEX_NAME, OPML_NAME, XSLT_NAME
from publisher.publish import PublishResult
from publisher.storage import Stamp
from publisher.storage.headers import encoding_of, headers_for, object_digest
from publisher.storage.lock import LOCK_NAME, RemoteLock
from publisher.storage.objects import ObjectStamp, ObjectStore, open_store
from publisher.storage.url import StoreURL

STATE_NAME = "objects.json"
# Uploads in flight at once, and objects per step between two looks at the lock.
CONCURRENCY = 16
STEP = 256
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
_FEED_FILES = frozenset(fmt.file_name for fmt in FEED_FORMATS)
_SITE_FILES = frozenset({INDEX_NAME, OPML_NAME, CSS_NAME, XSLT_NAME})
Remembered = dict[str, tuple[ObjectStamp, str]]


def upload_stage(rel: str) -> tuple[int, int]:
    """When ``rel`` is uploaded, as (rank, sub-rank): archive pages and any other
    per-item file (0), the feeds (1), the index, OPML list and stylesheet (2); after
    the deletions, hidden files at the root (3: the manifest). A pre-compressed
    sibling goes just before its original (sub-rank 0, then 1)."""
    original, encoding = encoding_of(rel)
    path = PurePosixPath(original)
    if len(path.parts) == 1 and original in _SITE_FILES:
        rank = 2
    elif len(path.parts) == 1 and original.startswith("."):
        rank = 3
    elif path.name in _FEED_FILES:
        rank = 1
    else:
        rank = 0
    return rank, 0 if encoding else 1


class EventLoop:
    """An event loop driven from this thread, one operation at a time.

    Name lookups run in an executor made for each operation and joined after it, so
    between two operations this process has no other thread: the build forks (pool,
    ``forked.py``) while the store's connections stay open.
    """

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None

    def run(self, operation: Awaitable[T]) -> T:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="publisher-store")
        self._loop.set_default_executor(executor)
        try:
            return self._loop.run_until_complete(operation)
        finally:
            executor.shutdown(wait=True)

    def close(self) -> None:
        if self._loop is not None:
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(self._loop.shutdown_asyncgens())
            self._loop.close()
            self._loop = None


class RemoteOutput:
    """A prefix of a bucket (``s3://bucket/prefix``) as the output."""

    def __init__(self, url: StoreURL, options: StorageConfig, cache_dir: Path) -> None:
        self.url = url
        self._options = options
        self._state_path = cache_dir / STATE_NAME
        self._loop = EventLoop()
        self._connected: ObjectStore | None = None
        self._lock: RemoteLock | None = None
        self._published: dict[str, ObjectStamp] | None = None  # the listing after publishing
        self._reads: dict[str, bytes | None] = {}

    def _store(self) -> ObjectStore:
        if self._connected is None:
            self._connected = self._loop.run(open_store(self.url, self._options))
        return self._connected

    @contextlib.contextmanager
    def lock(self, *, wait: float) -> Iterator[object]:
        lock = RemoteLock(self._store(), self._loop.run, expiry=self._options.lock_expiry)
        lock.acquire(wait=wait)
        self._lock = lock
        try:
            yield lock
        finally:
            self._lock = None
            lock.release()

    def read(self, rel: str) -> bytes | None:
        # The build reads the manifest twice (feed dates, retired files): one GET.
        if rel not in self._reads:
            found = self._loop.run(self._store().get(_checked(rel)))
            self._reads[rel] = None if found is None else found[0]
        return self._reads[rel]

    def stamps(self, rels: Iterable[str]) -> dict[str, Stamp]:
        listing = self._published
        if listing is None:
            listing = self._loop.run(self._store().list())
        return {
            rel: (listing[rel].size, f"{listing[rel].etag} {listing[rel].modified}")
            for rel in rels
            if rel in listing
        }

    def plan(self, files: Mapping[str, bytes], *, remove: Iterable[str] = ()) -> PublishResult:
        return self._compare(files, remove)[0]

    def publish(self, files: Mapping[str, bytes], *, remove: Iterable[str] = ()) -> PublishResult:
        self._published = None
        self._reads.clear()
        plan, remembered = self._compare(files, remove)
        digests = {rel: digest for rel, (_, digest) in remembered.items()}
        uploaded: dict[str, str] = {}
        steps = _steps(plan.written)
        removed = False
        try:
            for (rank, _), rels in steps:
                if rank >= 3 and not removed:  # deletions come before the manifest
                    self._remove(plan.removed)
                    removed = True
                self._ensure_lock()
                uploaded |= self._loop.run(self._upload(files, rels))
            if not removed:
                self._remove(plan.removed)
        except OutputError as exc:
            if not uploaded:
                raise
            raise OutputError(
                f"{exc.message}; {len(uploaded)} of {len(plan.written)} object(s) or more "
                "were uploaded before it, each whole: the next build uploads the rest",
                path=exc.path,
            ) from None
        after = self._loop.run(self._store().list())
        for rel, etag in uploaded.items():
            # Some stores quote an etag in one answer and not in another (Azure).
            if rel not in after or after[rel].etag.strip('"') != etag.strip('"'):
                raise OutputError(
                    "uploaded, but the store does not list it as uploaded (changed by "
                    "someone else meanwhile?); the next build uploads it again",
                    path=self.url.shown(rel),
                )
            digests[rel] = object_digest(files[rel], headers_for(rel, self._options.cache_control))
        self._published = after
        _save_state(self._state_path, self.url, {
            rel: (after[rel], digest) for rel, digest in digests.items() if rel in after
        })  # fmt: skip
        return plan

    def _remove(self, rels: tuple[str, ...]) -> None:
        for chunk in _chunks(rels, STEP):
            self._ensure_lock()
            self._loop.run(self._each(self._store().delete, chunk))

    def close(self) -> None:
        try:
            if self._connected is not None:
                with contextlib.suppress(Exception):  # closing: nothing left to lose
                    self._loop.run(self._connected.close())
        finally:
            self._connected = None
            self._loop.close()

    def _ensure_lock(self) -> None:
        if self._lock is not None:
            self._lock.ensure()

    def _compare(
        self, files: Mapping[str, bytes], remove: Iterable[str]
    ) -> tuple[PublishResult, Remembered]:
        """What differs from the store, and (stamp, digest) of every object left as it is."""
        for rel in files:
            _checked(rel)
        store = self._store()
        listing = self._loop.run(store.list())
        remembered = _load_state(self._state_path, self.url)
        current: dict[str, str] = {}
        unknown: list[str] = []
        for rel in files:
            stamp = listing.get(rel)
            if stamp is None:
                continue
            known = remembered.get(rel)
            if known is not None and known[0] == stamp:
                current[rel] = known[1]
            else:
                unknown.append(rel)
        if unknown:
            found = self._loop.run(self._each(store.digest, unknown))
            current |= {rel: d for rel, d in zip(unknown, found, strict=True) if d}
        written: list[str] = []
        unchanged: list[str] = []
        for rel in sorted(files):
            wanted = object_digest(files[rel], headers_for(rel, self._options.cache_control))
            (unchanged if current.get(rel) == wanted else written).append(rel)
        removed = sorted(rel for rel in set(remove) - set(files) if rel in listing)
        kept = {rel: (listing[rel], current[rel]) for rel in unchanged}
        return PublishResult(tuple(written), tuple(unchanged), tuple(removed)), kept

    async def _upload(self, files: Mapping[str, bytes], rels: list[str]) -> dict[str, str]:
        store, cache_control = self._store(), self._options.cache_control

        async def one(rel: str) -> str:
            headers = headers_for(rel, cache_control)
            return await store.put(rel, files[rel], headers, object_digest(files[rel], headers))

        etags = await self._each(one, rels)
        return dict(zip(rels, etags, strict=True))

    @staticmethod
    async def _each(work: _Work[T], rels: list[str]) -> list[T]:
        """``work`` over ``rels``, CONCURRENCY at a time, results in order; the first
        failure cancels the rest."""
        gate = asyncio.Semaphore(CONCURRENCY)

        async def gated(rel: str) -> T:
            async with gate:
                return await work(rel)

        tasks = [asyncio.ensure_future(gated(rel)) for rel in rels]
        try:
            return list(await asyncio.gather(*tasks))
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


class _Work(Protocol[T_co]):
    def __call__(self, rel: str) -> Awaitable[T_co]: ...


def _steps(rels: Iterable[str]) -> list[tuple[tuple[int, int], list[str]]]:
    """``rels`` in upload order, grouped by stage, each group cut into STEP-sized steps."""
    ordered = sorted(rels, key=lambda rel: (upload_stage(rel), rel))
    steps = []
    for stage, group in groupby(ordered, key=upload_stage):
        steps += [(stage, chunk) for chunk in _chunks(list(group), STEP)]
    return steps


def _chunks(rels: Iterable[str], size: int) -> list[list[str]]:
    rels = list(rels)
    return [rels[i : i + size] for i in range(0, len(rels), size)]


def _checked(rel: str) -> str:
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("", ".", "..") for p in rel.split("/")):
        raise OutputError(f"refusing to write outside the output prefix: {rel!r}")
    if rel == LOCK_NAME:
        raise OutputError(f"refusing to overwrite the lock: {rel!r}")
    return rel


def _load_state(path: Path, url: StoreURL) -> Remembered:
    """What the last build of this output uploaded; empty when missing or unreadable
    (then each object's metadata is read once)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw["url"] != str(url):
            return {}
        return {
            rel: (ObjectStamp(int(size), str(etag), str(modified)), str(digest))
            for rel, (size, etag, modified, digest) in raw["objects"].items()
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _save_state(path: Path, url: StoreURL, objects: Remembered) -> None:
    data = {
        "url": str(url),
        "objects": {
            rel: [stamp.size, stamp.etag, stamp.modified, digest]
            for rel, (stamp, digest) in sorted(objects.items())
        },
    }
    with contextlib.suppress(OSError):  # harmless: the next build reads the metadata again
        write_atomic(path, json.dumps(data).encode())
