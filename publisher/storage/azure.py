"""Azure Blob Storage through adlfs.

adlfs brings the credentials (``AZURE_STORAGE_CONNECTION_STRING``,
``AZURE_STORAGE_ACCOUNT_NAME`` with ``AZURE_STORAGE_ACCOUNT_KEY`` or
``AZURE_STORAGE_SAS_TOKEN``, or Azure's default credential chain: environment,
managed identity, ``az login``) and the async ``BlobServiceClient`` the calls go
through. Azure changes a blob's ETag on every write, so the ETag alone stamps it; the
lock's writes are ``If-None-Match: *`` (``overwrite=False``) and ``If-Match`` (a
match condition on the stale ETag).
"""

from __future__ import annotations

import contextlib
import weakref
from typing import Any

from publisher.config import StorageConfig
from publisher.storage.headers import ObjectHeaders
from publisher.storage.objects import ObjectStamp, guarded
from publisher.storage.url import StoreURL

# Azure metadata names are C# identifiers: no hyphen (S3 and GCS say publisher-digest).
DIGEST_KEY = "publisher_digest"


class AzureStore:
    """One container and prefix of Azure Blob Storage (``az://container/prefix``)."""

    def __init__(self, url: StoreURL, fs: Any) -> None:
        self.url = url
        self._fs = fs
        self._container = fs.service_client.get_container_client(url.bucket)

    @classmethod
    async def connect(cls, url: StoreURL, options: StorageConfig) -> AzureStore:
        import asyncio

        import adlfs

        async def make() -> Any:
            account = {"account_name": options.account_name} if options.account_name else {}
            # Our loop, not fsspec's: adlfs would otherwise start fsspec's I/O thread.
            return adlfs.AzureBlobFileSystem(
                asynchronous=True, skip_instance_cache=True, loop=asyncio.get_running_loop(),
                **account,
            )  # fmt: skip

        return cls(url, await guarded(url, "", "connect", make))

    def _blob(self, rel: str) -> Any:
        return self._container.get_blob_client(self.url.key(rel))

    async def list(self) -> dict[str, ObjectStamp]:
        async def call() -> dict[str, ObjectStamp]:
            found: dict[str, ObjectStamp] = {}
            async for blob in self._container.list_blobs(name_starts_with=self.url.key("")):
                rel = self.url.rel(blob.name)
                if rel:
                    found[rel] = ObjectStamp(
                        int(blob.size), str(blob.etag), blob.last_modified.isoformat()
                    )
            return found

        return await guarded(self.url, "", "list", call)

    async def digest(self, rel: str) -> str | None:
        from azure.core.exceptions import ResourceNotFoundError

        async def call() -> str | None:
            try:
                properties = await self._blob(rel).get_blob_properties()
            except ResourceNotFoundError:
                return None
            value = (properties.metadata or {}).get(DIGEST_KEY)
            return str(value) if value else None

        return await guarded(self.url, rel, "read", call)

    async def get(self, rel: str) -> tuple[bytes, str] | None:
        from azure.core.exceptions import ResourceNotFoundError

        async def call() -> tuple[bytes, str] | None:
            try:
                download = await self._blob(rel).download_blob()
            except ResourceNotFoundError:
                return None
            return bytes(await download.readall()), str(download.properties.etag)

        return await guarded(self.url, rel, "read", call)

    async def put(self, rel: str, data: bytes, headers: ObjectHeaders, digest: str) -> str:
        from azure.storage.blob import ContentSettings

        settings = ContentSettings(
            content_type=headers.content_type,
            cache_control=headers.cache_control,
            content_encoding=headers.content_encoding or None,
        )

        async def call() -> str:
            result = await self._blob(rel).upload_blob(
                data, overwrite=True, content_settings=settings, metadata={DIGEST_KEY: digest}
            )
            return str(result["etag"])

        return await guarded(self.url, rel, "upload", call)

    async def delete(self, rel: str) -> None:
        from azure.core.exceptions import ResourceNotFoundError

        async def call() -> None:
            with contextlib.suppress(ResourceNotFoundError):
                await self._blob(rel).delete_blob()

        await guarded(self.url, rel, "delete", call)

    async def create(self, rel: str, data: bytes) -> str | None:
        return await self._conditional(rel, data, None)

    async def replace(self, rel: str, data: bytes, etag: str) -> str | None:
        return await self._conditional(rel, data, etag)

    async def _conditional(self, rel: str, data: bytes, etag: str | None) -> str | None:
        from azure.core import MatchConditions
        from azure.core.exceptions import (
            ResourceExistsError,
            ResourceModifiedError,
            ResourceNotFoundError,
        )
        from azure.storage.blob import ContentSettings

        settings = ContentSettings(content_type="application/json", cache_control="no-store")
        condition: dict[str, Any] = (
            {"overwrite": False}
            if etag is None
            else {"overwrite": True, "etag": etag, "match_condition": MatchConditions.IfNotModified}
        )

        async def call() -> str | None:
            try:
                result = await self._blob(rel).upload_blob(
                    data, content_settings=settings, **condition
                )
            except (ResourceExistsError, ResourceModifiedError, ResourceNotFoundError):
                return None
            return str(result["etag"])

        return await guarded(self.url, rel, "write", call)

    async def delete_if(self, rel: str, etag: str) -> bool:
        from azure.core import MatchConditions
        from azure.core.exceptions import ResourceModifiedError, ResourceNotFoundError

        async def call() -> bool:
            try:
                await self._blob(rel).delete_blob(
                    etag=etag, match_condition=MatchConditions.IfNotModified
                )
            except (ResourceModifiedError, ResourceNotFoundError):
                return False
            return True

        return await guarded(self.url, rel, "delete", call)

    async def close(self) -> None:
        await self._fs.service_client.close()
        # adlfs registers finalizers that close its clients at exit through fsspec's
        # sync() on the loop it was given: ours, closed by then. Closed here already.
        for finalizer in list(getattr(weakref.finalize, "_registry", {})):
            found = finalizer.peek()
            if found is not None and found[0] is self._fs:
                finalizer.detach()
