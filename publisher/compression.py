"""Pre-compressed siblings of published files: which file name suffix carries which HTTP
``Content-Encoding``, and the compressors that make them.

With ``precompress = true`` the build writes ``rss.xml.br`` and ``rss.xml.gz`` beside
``rss.xml`` (and beside every other published document), so a web server sends them as
they are (nginx ``gzip_static``/``brotli_static``, Caddy ``precompressed``, Apache
rewrites), ``publisher serve`` answers ``Accept-Encoding`` with them, and publishing to
object storage labels each object with its encoding. This module is the one place that
names the pairs; everything else reads ``ENCODINGS``.

The bytes are deterministic: the same input gives the same output on every build (no
time stamp, no file name, fixed levels), so a no-op rebuild rewrites nothing. They can
differ between versions of zlib or of the Brotli library, which only means one rewrite.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

# Feeds are compressed once per change and read by every poll, but an edit recompresses
# its feeds in the build cron waits for. Measured on a 442 KB RSS feed of the 1,000-article
# benchmark (bench/README.md): Brotli 9 gives 83.7 KB in 49 ms, 10 gives 79.8 KB in
# 290 ms, 11 gives 77.0 KB in 900 ms; so 9, eight percent larger at a twentieth of the
# time. gzip 9 (115.7 KB, 45 ms) costs little more than 6 (116.1 KB, 27 ms).
GZIP_LEVEL = 9
BROTLI_QUALITY = 9


def gzip_bytes(data: bytes) -> bytes:
    """``data`` as a gzip member (RFC 1952) with no name, mtime 0 and OS "unknown".

    Written by hand rather than with ``gzip.compress``, whose header's OS byte depends
    on the platform zlib was built for.
    """
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    body = compressor.compress(data) + compressor.flush()
    # ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=2 (slowest, best) OS=255 (unknown)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return header + body + trailer


def brotli_bytes(data: bytes) -> bytes:
    """``data`` compressed with Brotli (RFC 7932) at ``BROTLI_QUALITY``, text mode."""
    import brotli  # imported only by builds that precompress

    compressed: bytes = brotli.compress(data, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY)
    return compressed


@dataclass(frozen=True, slots=True)
class Encoding:
    """One pre-compressed sibling: ``<file><suffix>`` holds the file in ``name``."""

    name: str  # the HTTP Content-Encoding token (RFC 9110 §8.4)
    suffix: str  # appended to the file's name
    compress: Callable[[bytes], bytes]


BROTLI = Encoding("br", ".br", brotli_bytes)
GZIP = Encoding("gzip", ".gz", gzip_bytes)
# Preferred first: when a client accepts both, Brotli is the smaller.
ENCODINGS: tuple[Encoding, ...] = (BROTLI, GZIP)
SUFFIXES: frozenset[str] = frozenset(e.suffix for e in ENCODINGS)


def sibling_encoding(rel: str) -> tuple[str, Encoding] | None:
    """``(original name, encoding)`` when ``rel`` names a pre-compressed sibling
    (``all/rss.xml.br`` -> ``("all/rss.xml", BROTLI)``), else None."""
    for encoding in ENCODINGS:
        if rel.endswith(encoding.suffix) and len(rel) > len(encoding.suffix):
            return rel[: -len(encoding.suffix)], encoding
    return None


def siblings(files: dict[str, bytes]) -> dict[str, bytes]:
    """Every pre-compressed sibling of ``files`` (a path -> bytes mapping), by path."""
    return {
        rel + encoding.suffix: encoding.compress(data)
        for rel, data in files.items()
        for encoding in ENCODINGS
    }
