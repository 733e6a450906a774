"""`publisher serve` as a preview (issue #14): it builds into a temporary folder with
every feed URL on the server itself, and rebuilds when a source or the config changes.
Real sockets on 127.0.0.1 only, bounded waits, the server shut down after each test."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import feedparser
from click.testing import CliRunner

import publisher.commands.serve as preview
from publisher.cli.serve import serve_command

TIMEOUT = 10.0
REBUILD_WITHIN = 2.0  # seconds from saving a file to the served feed showing it


class Preview:
    def __init__(self, server: preview.PreviewServer) -> None:
        self.server = server
        self.port = server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def wait_for(self, path: str, test: Callable[[bytes], bool], within: float) -> float:
        """Seconds until ``path`` is served with a body passing ``test``; fails after ``within``."""
        start = time.monotonic()
        while True:
            status, body = self.get(path)
            if status == 200 and test(body):
                return time.monotonic() - start
            assert time.monotonic() - start < within, f"{path} never changed: {body[:300]!r}"
            time.sleep(0.05)


@contextmanager
def previewing(monkeypatch, *args: str) -> Iterator[Preview]:
    """Run `publisher serve --port 0 ARGS` in a thread until the block ends."""
    made: list[preview.PreviewServer] = []
    real = preview.make_server

    def recording(folder: Path, bind: str, port: int) -> preview.PreviewServer:
        assert bind == "127.0.0.1"
        server = real(folder, bind, port, quiet=True)
        made.append(server)  # type: ignore[arg-type]
        return server  # type: ignore[return-value]

    monkeypatch.setattr(preview, "make_server", recording)
    results = []
    thread = threading.Thread(
        target=lambda: results.append(
            CliRunner().invoke(serve_command, ["--port", "0", *args], catch_exceptions=False)
        )
    )
    thread.start()
    try:
        deadline = time.monotonic() + TIMEOUT
        while not made:
            assert thread.is_alive(), results and results[0].output
            assert time.monotonic() < deadline, "the server never started"
            time.sleep(0.02)
        yield Preview(made[0])
    finally:
        if made:
            made[0].shutdown()
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert results and results[0].exit_code == 0, results and results[0].output
    assert not made[0].root.exists(), "the temporary folder is removed on exit"


def _titles(body: bytes) -> list[str]:
    return [e.title for e in feedparser.parse(body).entries]


def test_preview_feeds_point_at_the_server_and_leave_the_site_alone(site, monkeypatch):
    site.article("news/a.md", {"title": "First", "id": "urn:x:a", "date": "2026-01-01"})
    site.article("news/d.md", {"title": "Draft", "id": "urn:x:d", "date": "2026-01-02",
                               "draft": True})  # fmt: skip
    with previewing(monkeypatch) as served:
        status, body = served.get("/all/rss.xml")
        assert status == 200
        feed = feedparser.parse(body)
        assert _titles(body) == ["First"]
        self_links = [link.href for link in feed.feed.links if link.rel == "self"]
        assert self_links == [f"{served.url}/all/rss.xml"]
        assert feed.entries[0].link == "https://site.example/news/a/"  # articles: the site's
        opml = served.get("/index.opml")[1].decode()
        assert f'xmlUrl="{served.url}/news/rss.xml"' in opml
        assert served.get("/news/")[0] == 200  # a category folder serves an index
    assert not site.out.exists()
    assert not (site.root / ".publisher-cache").exists()


def test_editing_a_source_changes_the_served_feed_within_two_seconds(site, monkeypatch):
    site.article("news/a.md", {"title": "First", "id": "urn:x:a", "date": "2026-01-01"})
    with previewing(monkeypatch) as served:
        served.wait_for("/all/rss.xml", lambda b: _titles(b) == ["First"], TIMEOUT)
        site.article("news/a.md", {"title": "Edited", "id": "urn:x:a", "date": "2026-01-01"})
        took = served.wait_for("/news/rss.xml", lambda b: _titles(b) == ["Edited"], REBUILD_WITHIN)
        assert took < REBUILD_WITHIN
        site.article("news/b.md", {"title": "Added", "id": "urn:x:b", "date": "2026-01-02"})
        served.wait_for("/all/atom.xml", lambda b: _titles(b) == ["Added", "Edited"], 2.0)
        (site.content / "news" / "a.md").unlink()
        served.wait_for("/all/feed.json", lambda b: b'"Edited"' not in b, REBUILD_WITHIN)


def test_a_config_change_rebuilds_and_a_bad_source_keeps_the_last_good_feeds(site, monkeypatch):
    site.article("news/a.md", {"title": "First", "id": "urn:x:a", "date": "2026-01-01"})
    with previewing(monkeypatch) as served:
        served.wait_for("/all/rss.xml", lambda b: b"Test Site" in b, TIMEOUT)
        config = site.root / "publisher.toml"
        config.write_text(config.read_text("utf-8").replace("Test Site", "Renamed Site"))
        served.wait_for("/all/rss.xml", lambda b: b"Renamed Site" in b, REBUILD_WITHIN)
        (site.content / "news" / "bad.md").write_text("no front matter", encoding="utf-8")
        time.sleep(1.0)  # a rebuild fails: the last good feeds are still served
        assert _titles(served.get("/all/rss.xml")[1]) == ["First"]
        (site.content / "news" / "bad.md").unlink()
        site.article("news/b.md", {"title": "Second", "id": "urn:x:b", "date": "2026-01-02"})
        served.wait_for("/all/rss.xml", lambda b: _titles(b) == ["Second", "First"], 2.0)


def test_drafts_are_previewed_only_when_asked(site, monkeypatch):
    site.article("news/a.md", {"title": "First", "id": "urn:x:a", "date": "2026-01-01"})
    site.article("news/d.md", {"title": "Draft", "id": "urn:x:d", "date": "2026-01-02",
                               "draft": True})  # fmt: skip
    with previewing(monkeypatch, "--drafts") as served:
        served.wait_for("/all/rss.xml", lambda b: _titles(b) == ["Draft", "First"], TIMEOUT)
        path = site.content / "news" / "d.md"
        path.write_text(path.read_text("utf-8").replace("title: Draft", "title: Draft 2"))
        served.wait_for("/news/rss.xml", lambda b: "Draft 2" in _titles(b), REBUILD_WITHIN)
    assert not site.out.exists()


def test_poller_calls_back_on_add_edit_touch_and_remove(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    changes = threading.Semaphore(0)
    poller = preview.Poller(lambda: preview.snapshot([folder]), changes.release, interval=0.02)
    poller.start()
    try:
        (folder / "a.md").write_text("one")
        assert changes.acquire(timeout=TIMEOUT)
        (folder / "a.md").write_text("two!")
        assert changes.acquire(timeout=TIMEOUT)
        (folder / ".hidden").mkdir()
        (folder / ".hidden" / "x").write_text("editor state")
        assert not changes.acquire(timeout=0.2)  # hidden folders are not watched
        (folder / "a.md").unlink()
        assert changes.acquire(timeout=TIMEOUT)
    finally:
        poller.stop()
    assert not poller.is_alive()
