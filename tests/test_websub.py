"""WebSub: hub links in every feed, and a publish ping for exactly the feeds that changed."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from lxml import etree

from publisher.build.websub import notify_hub

ATOM = "{http://www.w3.org/2005/Atom}"


class _Hub:
    """A tiny hub on 127.0.0.1 that records pings and fails the first ``failures`` of them."""

    def __init__(self, failures: int = 0):
        self.pings: list[dict[str, str]] = []
        self.failures = failures
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if hub.failures > 0:
                    hub.failures -= 1
                    self.send_response(503)
                else:
                    hub.pings.append(form)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub() -> Iterator[_Hub]:
    server = _Hub()
    yield server
    server.close()


def _site_with_hub(site, hub_url: str) -> None:
    site.config(
        f"""
        title = "T"
        base_url = "https://site.example"
        hub = "{hub_url}"
        """
    )
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})
    site.article("sport/b.md", {"title": "B", "id": "urn:x:b", "date": "2026-01-02"})


def test_every_feed_carries_the_hub_link(site, hub, check_feed):
    _site_with_hub(site, hub.url)
    site.build()
    rss = etree.fromstring(site.feed("news", "rss.xml"))
    assert rss.find(f"channel/{ATOM}link[@rel='hub']").get("href") == hub.url
    atom = etree.fromstring(site.feed("news", "atom.xml"))
    assert atom.find(f"{ATOM}link[@rel='hub']").get("href") == hub.url
    assert json.loads(site.feed("news", "feed.json"))["hubs"] == [
        {"type": "WebSub", "url": hub.url}
    ]
    check_feed(site.feed("news", "rss.xml"))
    check_feed(site.feed("news", "atom.xml"))


def test_build_pings_the_hub_for_exactly_the_feeds_that_changed(site, hub):
    _site_with_hub(site, hub.url)
    site.build()
    first = sorted(p["hub.url"] for p in hub.pings)
    assert len(first) == 9  # all, news, sport x rss, atom, json
    assert all(p["hub.mode"] == "publish" for p in hub.pings)
    hub.pings.clear()
    site.build()
    assert hub.pings == []  # nothing changed, nobody is told
    site.article("sport/b.md", {"title": "B2", "id": "urn:x:b", "date": "2026-01-02"})
    site.build()
    assert sorted(p["hub.url"] for p in hub.pings) == [
        f"https://site.example/feeds/{slug}/{name}"
        for slug in ("all", "sport")
        for name in ("atom.xml", "feed.json", "rss.xml")
    ]


def test_ping_is_retried_then_succeeds(hub):
    hub.failures = 2
    problems = notify_hub(hub.url, ["https://site.example/feeds/a/rss.xml"], sleep=lambda s: None)
    assert problems == []
    assert [p["hub.url"] for p in hub.pings] == ["https://site.example/feeds/a/rss.xml"]


def test_failed_ping_is_a_warning_and_never_loses_the_build(site):
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    _site_with_hub(site, "http://127.0.0.1:9/hub")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert (
        "warning: hub http://127.0.0.1:9/hub was not told of the update after 3 tries"
        in result.stderr
    )
    assert (site.out / "news" / "rss.xml").is_file()


def test_hub_must_be_a_url(site):
    site.config('title = "T"\nbase_url = "https://site.example"\nhub = "nope"\n')
    result = site.run("build")
    assert result.exit_code == 1
    assert "'hub' must be an absolute http(s) URL" in result.stderr
