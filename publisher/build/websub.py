"""WebSub publisher pings: tell the hub which feed URLs changed (hub.mode=publish)."""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable

from publisher.errors import Problem, Severity
from publisher.formats import FEED_FORMATS
from publisher.model import Feed

USER_AGENT = "publisher (WebSub ping)"


def changed_feed_urls(feeds: Iterable[Feed], written: Iterable[str]) -> list[str]:
    """The public URLs of the feed files a build replaced: what a WebSub hub must hear of."""
    changed = set(written)
    names = {fmt.kind: fmt.file_name for fmt in FEED_FORMATS}
    return [
        url
        for feed in feeds
        for kind, url in feed.urls.items()
        if f"{feed.slug}/{names[kind]}" in changed
    ]


def notify_hub(
    hub: str,
    urls: Iterable[str],
    *,
    timeout: float = 10.0,
    attempts: int = 3,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Problem]:
    """POST ``hub.mode=publish`` for each URL; a ping that keeps failing is a warning.

    A failed ping never fails the build: the feeds are already published, and the hub
    (or the subscribers' next poll) will catch up.
    """
    problems: list[Problem] = []
    for url in urls:
        body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": url}).encode()
        error = ""
        # Once a URL has used every try the hub is most likely down: the rest get one
        # try each, so a dead hub cannot stall a cron build for minutes.
        tries = 1 if problems else attempts
        for attempt in range(tries):
            if attempt:
                sleep(backoff * 2 ** (attempt - 1))
            error = _post(hub, body, timeout)
            if not error:
                break
        if error:
            problems.append(
                Problem(
                    url,
                    None,
                    Severity.WARNING,
                    "websub-ping-failed",
                    f"hub {hub} was not told of the update after {tries} "
                    f"{'try' if tries == 1 else 'tries'}: {error}",
                )
            )
    return problems


def _post(hub: str, body: bytes, timeout: float) -> str:
    """'' on success (any 2xx), else a short reason."""
    request = urllib.request.Request(
        hub,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(65536)
            return "" if 200 <= response.status < 300 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return str(reason) or type(exc).__name__
