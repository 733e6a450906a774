"""How a feed is delivered, as a feed reader sees it: ``publisher validate URL``.

A reader asks for the feed with ``Accept-Encoding: gzip, br``, follows redirects
(remembering permanent ones), decodes the body, and on its next poll asks again with
``If-None-Match``/``If-Modified-Since``. This module does the same and reports, with
its own rule ids (``http-…``): the status and every redirect on the way, the
``Content-Type``'s charset, whether the server offers validators and answers the
repeat request with ``304``, whether it compresses (and says ``Vary``), its
``Cache-Control``, and the feed's size against what aggregators accept. The body it
decoded is then validated as any feed is; its self link must be the URL a reader
keeps (after permanent redirects, before temporary ones).
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from urllib.parse import urljoin

from publisher import __version__
from publisher.errors import TargetUnreadable
from publisher.validate.fetch import FEEDS, MAX_REDIRECTS, read_capped
from publisher.validate.rules import Findings

ACCEPT_ENCODING = "gzip, br"
PERMANENT = frozenset({301, 308})
TEMPORARY = frozenset({302, 303, 307})
# What aggregators are known to refuse (docs/output.md, "Feed size"): the smallest first.
SIZE_LIMITS = ((524_288, "FeedBurner's and LiveJournal's 512K"), (1_048_576, "1 MB"))
# A body smaller than this gains little from compression: no finding.
WORTH_COMPRESSING = 1024
# A max-age longer than a day keeps readers from seeing a new article for that long.
LONGEST_MAX_AGE = 86_400
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d+)", re.I)


@dataclass(frozen=True, slots=True)
class Delivered:
    """What a reader got: the URL it keeps polling, where the body came from, the
    decoded body and its type, and the findings about how it was served."""

    kept_url: str
    final_url: str
    data: bytes
    content_type: str | None
    too_large: bool
    findings: Findings


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: Message
    body: bytes
    too_large: bool


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Every redirect comes back as it is, to be judged and followed here."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch_as_reader(url: str, *, timeout: float, max_bytes: int) -> Delivered:
    """GET ``url`` as a feed reader does, then repeat the request conditionally;
    raise TargetUnreadable when no feed comes back at all (network, status, loops)."""
    if not url.lower().startswith(("http://", "https://")):
        raise TargetUnreadable("only http:// and https:// URLs can be validated", path=url)
    found = Findings(url)
    deadline = time.monotonic() + timeout
    kept = current = url
    for _ in range(MAX_REDIRECTS + 1):
        answer = _get(current, {}, timeout=timeout, deadline=deadline, max_bytes=max_bytes)
        if answer.status not in PERMANENT | TEMPORARY:
            break
        target = answer.headers.get("Location")
        if not target:
            raise TargetUnreadable(f"HTTP {answer.status} without a Location", path=url)
        target = urljoin(current, target)
        if answer.status in PERMANENT:
            found.add(
                "http-redirect-permanent",
                f"{current} moved permanently (HTTP {answer.status}) to {target}: readers "
                "follow and remember it",
            )
            if kept == current:
                kept = target  # readers replace the URL they poll
        else:
            found.add(
                "http-redirect-temporary",
                f"{current} redirects temporarily (HTTP {answer.status}) to {target}: "
                "readers keep polling the old URL and pay the detour on every poll",
            )
        current = target
    else:
        raise TargetUnreadable(f"more than {MAX_REDIRECTS} redirects", path=url)
    if answer.status >= 400:  # no feed at all: the target cannot be read
        raise TargetUnreadable(f"HTTP {answer.status} {_phrase(answer.status)}", path=url)
    if answer.status != 200:
        found.add("http-status", f"HTTP {answer.status} for {current}: readers get no feed")
        return Delivered(kept, current, b"", None, False, found)
    data, too_large = _decoded(answer, found, max_bytes)
    content_type = answer.headers.get("Content-Type")
    _check_charset(content_type, found)
    _check_caching(answer.headers, found)
    if not too_large:
        _check_compression(answer, data, found)
        _check_size(len(data), found)
        _check_conditional(current, answer, found, timeout=timeout, deadline=deadline)
    return Delivered(kept, current, data, content_type, too_large, found)


def _get(
    url: str, headers: dict[str, str], *, timeout: float, deadline: float, max_bytes: int
) -> _Answer:
    opener = urllib.request.build_opener(_NoRedirects())
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"publisher-validate/{__version__}",
            "Accept": FEEDS,
            "Accept-Encoding": ACCEPT_ENCODING,
            **headers,
        },
    )
    try:
        try:
            response = opener.open(request, timeout=max(0.1, deadline - time.monotonic()))
        except urllib.error.HTTPError as exc:  # 3xx, 304, 4xx, 5xx: all answers
            with exc:
                body, too_large = read_capped(exc, max_bytes, deadline, url)
                return _Answer(exc.code, exc.headers, body, too_large)
        with response:
            body, too_large = read_capped(response, max_bytes, deadline, url)
            return _Answer(response.status, response.headers, body, too_large)
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise TargetUnreadable(f"timed out after {timeout:g}s", path=url) from None
        raise TargetUnreadable(f"cannot connect: {exc.reason}", path=url) from None
    except TimeoutError:
        raise TargetUnreadable(f"timed out after {timeout:g}s", path=url) from None
    except (OSError, ValueError) as exc:
        raise TargetUnreadable(f"cannot fetch: {exc}", path=url) from None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _decoded(answer: _Answer, found: Findings, max_bytes: int) -> tuple[bytes, bool]:
    """The body with its Content-Encoding undone (never past ``max_bytes``); empty, with
    a finding, when it cannot be (then there is no feed to check)."""
    coding = (answer.headers.get("Content-Encoding") or "identity").strip().lower()
    if coding == "identity" or answer.too_large:
        return answer.body, answer.too_large
    try:
        if coding in ("gzip", "x-gzip"):
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data = inflater.decompress(answer.body, max_bytes + 1)
        elif coding == "br":
            data = _unbrotli(answer.body, max_bytes + 1)
        else:
            found.add(
                "http-bad-encoding",
                f"Content-Encoding {coding!r}, which the request did not accept "
                f"(Accept-Encoding: {ACCEPT_ENCODING})",
            )
            return b"", False
    except (zlib.error, ValueError) as exc:
        found.add("http-bad-encoding", f"the body is not valid {coding}: {exc}")
        return b"", False
    return data[:max_bytes], len(data) > max_bytes


def _unbrotli(data: bytes, limit: int) -> bytes:
    """Brotli-decoded ``data``, at most about ``limit`` bytes; ValueError when invalid."""
    import brotli  # only for a server that sends Brotli

    try:
        decoded: bytes = brotli.Decompressor().process(data, output_buffer_limit=limit)
    except brotli.error as exc:
        raise ValueError(str(exc) or "invalid Brotli data") from None
    return decoded


def _check_charset(content_type: str | None, found: Findings) -> None:
    if not content_type:
        return  # the body's own check reports a missing or wrong type
    media, _, params = content_type.partition(";")
    media = media.strip().lower()
    if media.endswith("json"):
        return  # JSON is UTF-8 by definition (RFC 8259): no charset parameter
    if not re.search(r"(?:^|;)\s*charset\s*=", params, re.I):
        found.add(
            "http-charset-missing",
            f"Content-Type {content_type.strip()!r} names no charset"
            + (
                " (text/* without one means US-ASCII to some readers)"
                if media.startswith("text/")
                else ""
            ),
        )


def _check_caching(headers: Message, found: Findings) -> None:
    value = headers.get("Cache-Control")
    if value is None:
        found.add(
            "http-cache-control-missing",
            "no Cache-Control: caches and readers guess how long the feed stays fresh",
        )
        return
    lowered = value.lower()
    if "no-store" in lowered:
        found.add(
            "http-cache-control-unhelpful",
            f"Cache-Control {value!r}: no-store keeps every cache from keeping or revalidating it",
        )
        return
    ages = [int(age) for age in _MAX_AGE.findall(value)]
    if ages and max(ages) > LONGEST_MAX_AGE:
        found.add(
            "http-cache-control-unhelpful",
            f"Cache-Control {value!r}: readers behind a cache may not see a new article "
            f"for {max(ages) // 3600} hours",
        )


def _check_compression(answer: _Answer, data: bytes, found: Findings) -> None:
    coding = (answer.headers.get("Content-Encoding") or "identity").strip().lower()
    if coding == "identity":
        if len(data) >= WORTH_COMPRESSING:
            found.add(
                "http-not-compressed",
                f"{len(data):,} bytes sent uncompressed to a reader that accepts {ACCEPT_ENCODING}",
            )
        return
    vary = ",".join(answer.headers.get_all("Vary") or []).lower()
    if "accept-encoding" not in vary and "*" not in vary:
        found.add(
            "http-vary-missing",
            f"sent with Content-Encoding {coding} but no Vary: Accept-Encoding: a shared "
            "cache may hand the compressed feed to a reader that cannot read it",
        )


def _check_size(size: int, found: Findings) -> None:
    over = [label for limit, label in SIZE_LIMITS if size > limit]
    if over:
        found.add(
            "http-too-large-for-aggregators",
            f"{size:,} bytes (decoded) is over {' and '.join(over)}: aggregators refuse feeds "
            "this large",
        )


def _check_conditional(
    url: str, first: _Answer, found: Findings, *, timeout: float, deadline: float
) -> None:
    etag = first.headers.get("ETag")
    modified = first.headers.get("Last-Modified")
    if not etag and not modified:
        found.add(
            "http-no-validators",
            "neither ETag nor Last-Modified: every poll downloads the whole feed again",
        )
        return
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    again = _get(url, headers, timeout=timeout, deadline=deadline, max_bytes=1 << 20)
    if again.status != 304:
        asked = " and ".join(f"{k}: {v}" for k, v in headers.items())
        found.add(
            "http-conditional-ignored",
            f"a repeat request with {asked} got HTTP {again.status}, not 304 Not Modified: "
            "every poll downloads the whole feed again",
        )
