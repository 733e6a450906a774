"""The object stores: the few operations publishing needs, one class per cloud, over
fsspec's backends (``s3fs`` for S3 and S3-compatible stores).

Every operation is a coroutine run on the caller's event loop (``remote.py`` owns it):
the backends are made with ``asynchronous=True``, so fsspec starts no I/O thread of its
own, and between two operations the build's process has no other thread (it forks:
see ``forked.py``). Credentials are the backend's business: each reads its cloud's
standard environment variables and config files.

Failures become ``OutputError`` (exit 4) naming the object's URL, with the store's own
reason; a precondition that does not hold (the lock) is an answer, not a failure.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from publisher.config import StorageConfig
from publisher.errors import OutputError
from publisher.storage.headers import ObjectHeaders
from publisher.storage.url import StoreURL

DIGEST_KEY = "publisher-digest"  # user metadata: what headers.object_digest gave
T = TypeVar("T")
_EXTRAS = {"s3": ("s3fs", "s3"), "gs": ("gcsfs", "gcs"), "az": ("adlfs", "azure")}


@dataclass(frozen=True, slots=True)
class ObjectStamp:
    """One stored version of an object, as a listing shows it."""

    size: int
    etag: str  # what a conditional write names (S3 and Azure ETag, GCS generation)
    modified: str  # S3's ETag stays when only the headers change; this does not


class ObjectStore(Protocol):
    """What publishing asks of a bucket, under one prefix (``rel`` names are relative to it)."""

    url: StoreURL

    async def list(self) -> dict[str, ObjectStamp]:
        """Every object under the prefix."""
        ...

    async def digest(self, rel: str) -> str | None:
        """The digest publisher stored with the object, or None (absent, or not ours)."""
        ...

    async def get(self, rel: str) -> tuple[bytes, str] | None:
        """The object's bytes and etag, or None if there is no such object."""
        ...

    async def put(self, rel: str, data: bytes, headers: ObjectHeaders, digest: str) -> str:
        """Store the object (replacing any); its new etag."""
        ...

    async def delete(self, rel: str) -> None:
        """Remove the object (none there is fine)."""
        ...

    async def create(self, rel: str, data: bytes) -> str | None:
        """Store the object only if there is none (one atomic request); its etag, or
        None if one exists."""
        ...

    async def replace(self, rel: str, data: bytes, etag: str) -> str | None:
        """Store the object only if its etag is still ``etag``; the new etag, or None."""
        ...

    async def delete_if(self, rel: str, etag: str) -> bool:
        """Remove the object only if its etag is still ``etag``; whether it was removed."""
        ...

    async def close(self) -> None: ...


async def open_store(url: StoreURL, options: StorageConfig) -> ObjectStore:
    """A connected store for ``url``; OutputError when its backend is not installed."""
    module, extra = _EXTRAS[url.scheme]
    try:
        importlib.import_module(module)
    except ImportError:
        raise OutputError(
            f"publishing to {url.scheme}:// needs {module}: pip install 'publisher[{extra}]'",
            path=str(url),
        ) from None
    if url.scheme == "gs":
        from publisher.storage.gcs import GCSStore

        return await GCSStore.connect(url, options)
    if url.scheme == "az":
        from publisher.storage.azure import AzureStore

        return await AzureStore.connect(url, options)
    from publisher.storage.s3 import S3Store

    return await S3Store.connect(url, options)


async def guarded(url: StoreURL, rel: str, doing: str, call: Callable[[], Awaitable[T]]) -> T:
    """``call()``, its failures as one OutputError naming the object."""
    try:
        return await call()
    except OutputError:
        raise
    except Exception as exc:  # the backends raise OSErrors and their SDK's own errors
        raise OutputError(f"cannot {doing}: {reason(exc)}", path=url.shown(rel)) from None


def reason(exc: BaseException) -> str:
    """The store's own words for a failure (``Access Denied (AccessDenied)``)."""
    code, message = error_code(exc), ""
    response: Any = getattr(exc.__cause__, "response", None) or getattr(exc, "response", None)
    if isinstance(response, dict):
        message = str(response.get("Error", {}).get("Message") or "")
    message = message or str(exc) or type(exc).__name__
    message = " ".join(message.split())
    return f"{message} ({code})" if code and code not in message else message


def error_code(exc: BaseException) -> str:
    """The S3 error code behind an s3fs/botocore failure (``PreconditionFailed``), or ''."""
    for candidate in (exc, exc.__cause__):
        response: Any = getattr(candidate, "response", None)
        if isinstance(response, dict):
            return str(response.get("Error", {}).get("Code") or "")
    return ""
