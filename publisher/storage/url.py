"""What an object-store output names: ``s3://bucket/prefix``, ``gs://…`` or ``az://…``.

Read by the config, so it imports no cloud library: only the backend that talks to the
store (``objects.py``) does, when a build first needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# URL scheme -> the store it means (gcs:// and abfs:// are fsspec's other names).
SCHEMES = {"s3": "s3", "gs": "gs", "gcs": "gs", "az": "az", "abfs": "az"}
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# S3, GCS and Azure bucket (container) names share this much: lowercase letters, digits,
# dots, hyphens (and, in GCS, underscores), 3 to 63 characters (GCS allows longer dotted ones).
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$")


@dataclass(frozen=True, slots=True)
class StoreURL:
    """An output in object storage: the store (``s3``, ``gs``, ``az``), the bucket (or
    Azure container) and the key prefix the feeds go under (no slash at either end)."""

    scheme: str
    bucket: str
    prefix: str = ""

    def __str__(self) -> str:
        return f"{self.scheme}://{self.bucket}" + (f"/{self.prefix}" if self.prefix else "")

    def key(self, rel: str) -> str:
        """The object key of the published file ``rel``."""
        return f"{self.prefix}/{rel}" if self.prefix else rel

    def rel(self, key: str) -> str | None:
        """The published file an object key holds, or None if it is outside the prefix."""
        if not self.prefix:
            return key
        head = self.prefix + "/"
        return key[len(head) :] if key.startswith(head) else None

    def shown(self, rel: str) -> str:
        """How a published object is named in messages: its URL."""
        return f"{self}/{rel}"


def looks_like_url(value: str) -> bool:
    """True for ``scheme://…``: an output that is not a folder (even one we refuse)."""
    return bool(_URL_LIKE.match(value))


def parse_store_url(value: str) -> StoreURL:
    """``value`` as a StoreURL; ValueError with a message for the user when it is not one."""
    parts = urlsplit(value)
    scheme = SCHEMES.get(parts.scheme.lower())
    if scheme is None:
        raise ValueError(
            f"unsupported URL scheme {parts.scheme + '://'!r} (use s3://, gs:// or az://)"
        )
    if parts.username is not None or parts.password is not None:
        raise ValueError(
            "credentials never go in the URL: the cloud's own environment variables and "
            "config files provide them"
        )
    if parts.query or parts.fragment:
        raise ValueError("an output URL takes no query or fragment")
    bucket = parts.netloc
    if not _BUCKET.match(bucket):
        raise ValueError(f"{bucket!r} is not a bucket name (s3://bucket/prefix)")
    segments = [s for s in parts.path.split("/") if s]
    if any(s in (".", "..") for s in segments):
        raise ValueError("the prefix may not contain '.' or '..'")
    return StoreURL(scheme, bucket, "/".join(segments))
