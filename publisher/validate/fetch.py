"""Fetching a feed over HTTP(S) with a timeout, a size limit and at most 5 redirects."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import IO

from publisher import __version__
from publisher.errors import TargetUnreadable

MAX_REDIRECTS = 5
_CHUNK = 65536


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a server sent: the final URL after redirects, the body, its media type."""

    url: str
    final_url: str
    data: bytes
    content_type: str | None
    too_large: bool


class _Redirects(urllib.request.HTTPRedirectHandler):
    # urllib counts redirects per request chain and raises HTTPError past the limit.
    max_redirections = MAX_REDIRECTS
    max_repeats = MAX_REDIRECTS


def read_capped(
    response: IO[bytes], max_bytes: int, deadline: float, url: str
) -> tuple[bytes, bool]:
    """At most ``max_bytes`` of ``response`` before ``deadline``, and whether there was more."""
    chunks: list[bytes] = []
    size = 0
    while size <= max_bytes:
        # The socket timeout bounds each read; the deadline bounds a slow drip.
        if time.monotonic() > deadline:
            raise TargetUnreadable("timed out while reading", path=url)
        chunk = response.read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:max_bytes], True


FEEDS = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, */*;q=0.5"
)
PAGES = "text/html, application/xhtml+xml, text/plain;q=0.9, */*;q=0.5"


def fetch(
    url: str, *, timeout: float, max_bytes: int, accept: str = FEEDS, purpose: str = "validate"
) -> Fetched:
    """GET ``url``; raise TargetUnreadable on network, HTTP or redirect-limit failures.

    ``accept`` is the Accept header; ``purpose`` names the command in the User-Agent and
    in the error for a URL that is not http(s).
    """
    if not url.lower().startswith(("http://", "https://")):
        done = "imported" if purpose == "import" else "validated"
        raise TargetUnreadable(f"only http:// and https:// URLs can be {done}", path=url)
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(
        url, headers={"User-Agent": f"publisher-{purpose}/{__version__}", "Accept": accept}
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            final_url = response.geturl()
            length = headers.get("Content-Length", "")
            if length.isascii() and length.isdigit() and int(length) > max_bytes:
                return Fetched(url, final_url, b"", headers.get("Content-Type"), True)
            data, too_large = read_capped(response, max_bytes, deadline, url)
            return Fetched(url, final_url, data, headers.get("Content-Type"), too_large)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            message = f"more than {MAX_REDIRECTS} redirects (HTTP {exc.code})"
        else:
            message = f"HTTP {exc.code} {exc.reason}"
        raise TargetUnreadable(message, path=url) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise TargetUnreadable(f"timed out after {timeout:g}s", path=url) from None
        raise TargetUnreadable(f"cannot connect: {reason}", path=url) from None
    except TimeoutError:
        raise TargetUnreadable(f"timed out after {timeout:g}s", path=url) from None
    except (OSError, ValueError) as exc:
        raise TargetUnreadable(f"cannot fetch: {exc}", path=url) from None
