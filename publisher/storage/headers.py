"""The HTTP headers each published object is stored with, and its digest.

An object store serves an object with the headers it was uploaded with, so they are
chosen here, once, from the formats registry: each format's media type with its
charset (every document publisher writes is UTF-8), the site's ``Cache-Control``, and
``Content-Encoding`` for a pre-compressed sibling (``rss.xml.gz`` is ``rss.xml``'s
type, gzip-encoded).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from publisher.compression import sibling_encoding
from publisher.formats import ARCHIVE_FOLDER, ARCHIVE_FORMAT, media_types_by_name

CHARSET = "; charset=utf-8"
_BY_NAME = media_types_by_name()
_BY_SUFFIX = {".json": "application/json", ".xml": "application/xml", ".html": "text/html"}
_BINARY = "application/octet-stream"
# Bumped when the digest's recipe changes, so old objects are uploaded again.
_DIGEST_VERSION = b"publisher-object-1"


@dataclass(frozen=True, slots=True)
class ObjectHeaders:
    """What a reader's fetch of the object sees besides its bytes."""

    content_type: str
    cache_control: str
    content_encoding: str = ""


def encoding_of(rel: str) -> tuple[str, str]:
    """(the uncompressed file's name, the Content-Encoding) of ``rel``; ``(rel, "")`` for
    a file that is not a pre-compressed sibling."""
    # The suffix names the Content-Encoding (publisher/compression.py says which),
    # the rest of the name the Content-Type.
    sibling = sibling_encoding(rel)
    return (sibling[0], sibling[1].name) if sibling else (rel, "")


def content_type(rel: str) -> str:
    """The Content-Type of the published file ``rel`` (an uncompressed name)."""
    path = PurePosixPath(rel)
    if path.parent.name == ARCHIVE_FOLDER and path.suffix == ".xml":
        media = ARCHIVE_FORMAT.media_type
    else:
        media = _BY_NAME.get(path.name) or _BY_SUFFIX.get(path.suffix, _BINARY)
    return media if media == _BINARY else media + CHARSET


def headers_for(rel: str, cache_control: str) -> ObjectHeaders:
    """The headers the object holding ``rel`` is stored with."""
    original, encoding = encoding_of(rel)
    return ObjectHeaders(content_type(original), cache_control, encoding)


def object_digest(data: bytes, headers: ObjectHeaders) -> str:
    """What an object must match to be left alone: its bytes and its headers (a new
    ``cache_control`` uploads every object again, with the same bytes)."""
    digest = hashlib.sha256(_DIGEST_VERSION)
    for part in (headers.content_type, headers.cache_control, headers.content_encoding):
        digest.update(b"\0" + part.encode())
    digest.update(b"\0" + data)
    return digest.hexdigest()
