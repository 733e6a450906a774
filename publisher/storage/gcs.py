"""Google Cloud Storage through gcsfs.

gcsfs brings the credentials (``GOOGLE_APPLICATION_CREDENTIALS``, gcloud's application
default credentials, the metadata server; ``STORAGE_EMULATOR_HOST`` for an emulator),
its session and its retries; the requests are the JSON API's own, through gcsfs's
``_call``. Every upload is one multipart request carrying the object's metadata
(content type, cache control, content encoding, our digest) with its bytes, and the
lock's uploads add GCS's generation preconditions: ``ifGenerationMatch=0`` creates
only if there is no object, ``ifGenerationMatch=N`` replaces only generation N.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from typing import Any

from publisher.config import StorageConfig
from publisher.storage.headers import ObjectHeaders
from publisher.storage.objects import DIGEST_KEY, ObjectStamp, guarded
from publisher.storage.url import StoreURL


class GCSStore:
    """One bucket and prefix of Google Cloud Storage."""

    def __init__(self, url: StoreURL, fs: Any) -> None:
        self.url = url
        self._fs = fs

    @classmethod
    async def connect(cls, url: StoreURL, options: StorageConfig) -> GCSStore:
        import gcsfs

        endpoint = {"endpoint_url": options.endpoint_url} if options.endpoint_url else {}
        fs = gcsfs.GCSFileSystem(asynchronous=True, skip_instance_cache=True, **endpoint)
        await guarded(url, "", "connect", fs._set_session)
        return cls(url, fs)

    async def list(self) -> dict[str, ObjectStamp]:
        fs, bucket, prefix = self._fs, self.url.bucket, self.url.key("")
        found: dict[str, ObjectStamp] = {}
        token: dict[str, str] = {}
        while True:

            async def page_of(token: dict[str, str] = token) -> Any:
                return await fs._call(
                    "GET", "b/{}/o", bucket, prefix=prefix, json_out=True, **token
                )

            page = await guarded(self.url, "", "list", page_of)
            for item in page.get("items", ()):
                rel = self.url.rel(item["name"])
                if rel:
                    found[rel] = ObjectStamp(
                        int(item["size"]), str(item["generation"]), str(item["updated"])
                    )
            if not page.get("nextPageToken"):
                return found
            token = {"pageToken": page["nextPageToken"]}

    async def digest(self, rel: str) -> str | None:
        async def call() -> str | None:
            try:
                info = await self._fs._call(
                    "GET", "b/{}/o/{}", self.url.bucket, self.url.key(rel), json_out=True
                )
            except FileNotFoundError:
                return None
            value = (info.get("metadata") or {}).get(DIGEST_KEY)
            return str(value) if value else None

        return await guarded(self.url, rel, "read", call)

    async def get(self, rel: str) -> tuple[bytes, str] | None:
        async def call() -> tuple[bytes, str] | None:
            try:
                headers, data = await self._fs._call(
                    "GET", "b/{}/o/{}", self.url.bucket, self.url.key(rel), alt="media"
                )
            except FileNotFoundError:
                return None
            return bytes(data), str(headers.get("x-goog-generation", ""))

        return await guarded(self.url, rel, "read", call)

    async def put(self, rel: str, data: bytes, headers: ObjectHeaders, digest: str) -> str:
        fields = {
            "contentType": headers.content_type,
            "cacheControl": headers.cache_control,
            "metadata": {DIGEST_KEY: digest},
        }
        if headers.content_encoding:
            fields["contentEncoding"] = headers.content_encoding

        async def call() -> str:
            return await self._upload(rel, data, fields)

        return await guarded(self.url, rel, "upload", call)

    async def delete(self, rel: str) -> None:
        async def call() -> None:
            with contextlib.suppress(FileNotFoundError):
                await self._fs._call("DELETE", "b/{}/o/{}", self.url.bucket, self.url.key(rel))

        await guarded(self.url, rel, "delete", call)

    async def create(self, rel: str, data: bytes) -> str | None:
        return await self._conditional(rel, data, "0")

    async def replace(self, rel: str, data: bytes, etag: str) -> str | None:
        return await self._conditional(rel, data, etag)

    async def _conditional(self, rel: str, data: bytes, generation: str) -> str | None:
        fields = {"contentType": "application/json", "cacheControl": "no-store"}

        async def call() -> str | None:
            try:
                return await self._upload(rel, data, fields, ifGenerationMatch=generation)
            except FileExistsError:  # gcsfs's name for 412 Precondition Failed
                return None

        return await guarded(self.url, rel, "write", call)

    async def delete_if(self, rel: str, etag: str) -> bool:
        async def call() -> bool:
            try:
                await self._fs._call(
                    "DELETE",
                    "b/{}/o/{}",
                    self.url.bucket,
                    self.url.key(rel),
                    ifGenerationMatch=etag,
                )
            except (FileNotFoundError, FileExistsError):
                return False
            return True

        return await guarded(self.url, rel, "delete", call)

    async def _upload(self, rel: str, data: bytes, fields: dict[str, Any], **params: str) -> str:
        """One multipart upload (metadata, then bytes); the new object's generation."""
        boundary = "publisher-" + secrets.token_hex(12)
        document = json.dumps({"name": self.url.key(rel), **fields}).encode()
        body = b"".join([
            f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n".encode(),
            document,
            f"\r\n--{boundary}\r\nContent-Type: {fields['contentType']}\r\n\r\n".encode(),
            data,
            f"\r\n--{boundary}--\r\n".encode(),
        ])  # fmt: skip
        location = f"{self._fs._location}/upload/storage/v1/b/{{}}/o"
        result = await self._fs._call(
            "POST", location, self.url.bucket, uploadType="multipart", json_out=True, data=body,
            headers={"Content-Type": f'multipart/related; boundary="{boundary}"'}, **params,
        )  # fmt: skip
        return str(result["generation"])

    async def close(self) -> None:
        session = getattr(self._fs, "_session", None)
        if session is not None:
            await session.close()
