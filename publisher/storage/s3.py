"""S3 and S3-compatible stores (R2, MinIO) through s3fs.

The calls are S3's own (``put_object`` with ``IfNoneMatch``/``IfMatch``, a paginated
``list_objects_v2``), made through s3fs's ``_call_s3``, which brings the client set up
from the standard AWS sources (``AWS_ACCESS_KEY_ID``, ``~/.aws/credentials``, profiles,
instance roles, ``AWS_ENDPOINT_URL_S3``), its retries and its error translation.
"""

from __future__ import annotations

from typing import Any

from publisher.config import StorageConfig
from publisher.errors import OutputError
from publisher.storage.headers import ObjectHeaders
from publisher.storage.objects import DIGEST_KEY, ObjectStamp, error_code, guarded, reason
from publisher.storage.url import StoreURL

# Codes meaning "the condition did not hold" (409: a concurrent conditional write won).
_NOT_MET = frozenset({"PreconditionFailed", "ConditionalRequestConflict", "412", "409"})
_NOT_FOUND = frozenset({"NoSuchKey", "404", "NotFound"})


class S3Store:
    """One bucket and prefix of an S3 (or S3-compatible) store."""

    def __init__(self, url: StoreURL, fs: Any, client: Any) -> None:
        self.url = url
        self._fs = fs
        self._client = client

    @classmethod
    async def connect(cls, url: StoreURL, options: StorageConfig) -> S3Store:
        import s3fs

        client_kwargs = {}
        if options.endpoint_url:
            client_kwargs["endpoint_url"] = options.endpoint_url
        if options.region:
            client_kwargs["region_name"] = options.region
        fs = s3fs.S3FileSystem(
            asynchronous=True, skip_instance_cache=True, use_listings_cache=False,
            client_kwargs=client_kwargs,
        )  # fmt: skip
        client = await guarded(url, "", "connect", fs.set_session)
        _require_conditional_writes(client, url)
        return cls(url, fs, client)

    async def _call(self, rel: str, doing: str, method: str, **kwargs: Any) -> Any:
        return await self._attempt(rel, doing, method, quiet=frozenset(), **kwargs)

    async def _attempt(
        self, rel: str, doing: str, method: str, *, quiet: frozenset[str], **kwargs: Any
    ) -> Any:
        """The response, or None when the store answered with one of the ``quiet`` codes."""
        try:
            return await self._fs._call_s3(method, Bucket=self.url.bucket, **kwargs)
        except Exception as exc:  # s3fs's OSErrors, botocore's own (no credentials, no route)
            code = error_code(exc) or (
                "PreconditionFailed" if isinstance(exc, FileExistsError) else ""
            )
            if code in quiet:
                return None
            raise OutputError(f"cannot {doing}: {reason(exc)}", path=self.url.shown(rel)) from None

    async def list(self) -> dict[str, ObjectStamp]:
        prefix = self.url.key("")
        found: dict[str, ObjectStamp] = {}
        token: dict[str, str] = {}
        while True:
            page = await self._call("", "list", "list_objects_v2", Prefix=prefix, **token)
            for item in page.get("Contents", ()):
                rel = self.url.rel(item["Key"])
                if rel:
                    found[rel] = ObjectStamp(
                        int(item["Size"]), item["ETag"], item["LastModified"].isoformat()
                    )
            if not page.get("IsTruncated"):
                return found
            token = {"ContinuationToken": page["NextContinuationToken"]}

    async def digest(self, rel: str) -> str | None:
        key = self.url.key(rel)
        head = await self._attempt(rel, "read", "head_object", quiet=_NOT_FOUND, Key=key)
        value = head and head.get("Metadata", {}).get(DIGEST_KEY)
        return str(value) if value else None

    async def get(self, rel: str) -> tuple[bytes, str] | None:
        key = self.url.key(rel)
        response = await self._attempt(rel, "read", "get_object", quiet=_NOT_FOUND, Key=key)
        if response is None:
            return None

        async def body() -> bytes:
            async with response["Body"] as stream:
                return bytes(await stream.read())

        return await guarded(self.url, rel, "read", body), str(response["ETag"])

    async def put(self, rel: str, data: bytes, headers: ObjectHeaders, digest: str) -> str:
        extra = {"ContentEncoding": headers.content_encoding} if headers.content_encoding else {}
        response = await self._call(
            rel, "upload", "put_object", Key=self.url.key(rel), Body=data,
            ContentType=headers.content_type, CacheControl=headers.cache_control,
            Metadata={DIGEST_KEY: digest}, **extra,
        )  # fmt: skip
        return str(response["ETag"])

    async def delete(self, rel: str) -> None:
        await self._call(rel, "delete", "delete_object", Key=self.url.key(rel))

    async def create(self, rel: str, data: bytes) -> str | None:
        return await self._conditional(rel, data, IfNoneMatch="*")

    async def replace(self, rel: str, data: bytes, etag: str) -> str | None:
        return await self._conditional(rel, data, IfMatch=etag)

    async def _conditional(self, rel: str, data: bytes, **condition: str) -> str | None:
        response = await self._attempt(
            rel, "write", "put_object", quiet=_NOT_MET | _NOT_FOUND, Key=self.url.key(rel),
            Body=data, ContentType="application/json", CacheControl="no-store", **condition,
        )  # fmt: skip
        return None if response is None else str(response["ETag"])

    async def delete_if(self, rel: str, etag: str) -> bool:
        response = await self._attempt(
            rel, "delete", "delete_object", quiet=_NOT_MET | _NOT_FOUND,
            Key=self.url.key(rel), IfMatch=etag,
        )  # fmt: skip
        return response is not None

    async def close(self) -> None:
        await self._client.close()


def _require_conditional_writes(client: Any, url: StoreURL) -> None:
    """Refuse a botocore that does not know the conditions the lock needs: s3fs would
    drop them without a word, and every host would think it holds the lock."""
    members = client.meta.service_model.operation_model("PutObject").input_shape.members
    if not {"IfMatch", "IfNoneMatch"} <= set(members):
        raise OutputError(
            "this botocore cannot make conditional writes (If-Match, If-None-Match): "
            "pip install 'botocore>=1.35.69'",
            path=str(url),
        )
