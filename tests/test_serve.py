"""`publisher serve`: real sockets on 127.0.0.1, bounded timeouts, shut down after each test."""

from __future__ import annotations

import http.client
import os
import threading
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from publisher.cli.serve import serve_command
from publisher.commands.serve import content_type, make_server

TIMEOUT = 5.0
FILES = {
    "index.html": b"<!DOCTYPE html><title>x</title>",
    "index.opml": b"<opml version='2.0'/>",
    "all/rss.xml": b"<rss version='2.0'/>",
    "all/atom.xml": b"<feed xmlns='http://www.w3.org/2005/Atom'/>",
    "all/feed.json": b'{"version": "https://jsonfeed.org/version/1.1"}\n',
    ".publisher-manifest.json": b"{}",
}


class Client:
    """One request per connection, raw paths sent exactly as written."""

    def __init__(self, port: int):
        self.port = port

    def __call__(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Client, Path]]:
    folder = tmp_path / "feeds"
    for rel, data in FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    (tmp_path / "publisher.toml").write_text("secret = 1\n")
    server = make_server(folder, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Client(server.server_address[1]), folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)
        assert not thread.is_alive()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/all/rss.xml", "application/rss+xml; charset=utf-8"),
        ("/all/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/all/feed.json", "application/feed+json; charset=utf-8"),
        ("/index.opml", "text/x-opml; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/", "text/html; charset=utf-8"),
    ],
)
def test_content_types_and_bytes(served, path, expected):
    get, _folder = served
    response, body = get(path)
    assert response.status == 200
    assert response.getheader("Content-Type") == expected
    assert response.getheader("Server") == "publisher-preview"
    assert body == FILES[path.lstrip("/") or "index.html"]
    assert response.getheader("Content-Length") == str(len(body))


def test_content_type_fallbacks():
    assert content_type("other.xml") == "application/xml; charset=utf-8"
    assert content_type("feed.xsl") == "application/xslt+xml; charset=utf-8"
    assert content_type("logo.png") == "image/png"
    assert content_type("blob") == "application/octet-stream"


def test_etag_is_strong_and_if_none_match_gives_304(served):
    get, folder = served
    first, _ = get("/all/rss.xml")
    etag = first.getheader("ETag")
    assert etag.startswith('"') and not etag.startswith("W/")
    again, body = get("/all/rss.xml", headers={"If-None-Match": etag})
    assert (again.status, body) == (304, b"")
    assert again.getheader("ETag") == etag
    listed, _ = get("/all/rss.xml", headers={"If-None-Match": f'"other", {etag}'})
    assert listed.status == 304
    (folder / "all/rss.xml").write_bytes(b"<rss version='2.0'><channel/></rss>")
    changed, body = get("/all/rss.xml", headers={"If-None-Match": etag})
    assert changed.status == 200 and body.startswith(b"<rss")
    assert changed.getheader("ETag") != etag


def test_if_modified_since_gives_304_until_the_file_changes(served):
    get, folder = served
    path = folder / "all/atom.xml"
    os.utime(path, (1_700_000_000, 1_700_000_000))
    response, _ = get("/all/atom.xml")
    assert response.getheader("Last-Modified") == formatdate(1_700_000_000, usegmt=True)
    since = {"If-Modified-Since": response.getheader("Last-Modified")}
    assert get("/all/atom.xml", headers=since)[0].status == 304
    older = {"If-Modified-Since": formatdate(1_600_000_000, usegmt=True)}
    assert get("/all/atom.xml", headers=older)[0].status == 200
    assert get("/all/atom.xml", headers={"If-Modified-Since": "garbage"})[0].status == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110).
    both = {**since, "If-None-Match": '"nope"'}
    assert get("/all/atom.xml", headers=both)[0].status == 200


def test_head_sends_headers_without_body(served):
    get, _folder = served
    response, body = get("/all/feed.json", method="HEAD")
    assert response.status == 200 and body == b""
    assert response.getheader("Content-Length") == str(len(FILES["all/feed.json"]))
    assert response.getheader("Content-Type") == "application/feed+json; charset=utf-8"
    assert get("/missing.xml", method="HEAD")[0].status == 404


def test_missing_files_hidden_files_and_listings_are_404(served):
    get, folder = served
    assert get("/nope.xml")[0].status == 404
    assert get("/.publisher-manifest.json")[0].status == 404
    (folder / "empty").mkdir()
    (folder / "other").mkdir()
    (folder / "other" / "notes.txt").write_text("mine")
    assert get("/empty/")[0].status == 404  # no directory listing
    assert get("/empty")[0].status == 404
    assert get("/other/")[0].status == 404  # not a feed folder: no listing either


def test_feed_folders_serve_an_index_of_their_feeds(served):
    get, folder = served
    response, _ = get("/all")
    assert response.status == 301 and response.getheader("Location") == "/all/"
    response, body = get("/all/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    page = html.fromstring(body)
    alternates = page.xpath("//link[@rel='alternate']")
    assert [(a.get("type"), a.get("href")) for a in alternates] == [
        ("application/rss+xml", "rss.xml"),
        ("application/atom+xml", "atom.xml"),
        ("application/feed+json", "feed.json"),
    ]
    assert page.xpath("//a/@href") == ["rss.xml", "atom.xml", "feed.json", "/"]
    etag = response.getheader("ETag")
    assert get("/all/", headers={"If-None-Match": etag})[0].status == 304
    # A category folder with one feed file lists that one; names are escaped.
    (folder / "a&b").mkdir()
    (folder / "a&b" / "atom.xml").write_bytes(b"<feed/>")
    page = html.fromstring(get("/a%26b/")[1])
    assert page.findtext(".//h1") == "Feeds in /a&b"
    assert page.xpath("//a/@href") == ["atom.xml", "/"]


def test_folder_with_index_redirects_to_its_slash(served):
    get, folder = served
    (folder / "all/index.html").write_bytes(b"<p>all</p>")
    response, _ = get("/all?x=1")
    assert response.status == 301 and response.getheader("Location") == "/all/"
    assert get("/all/")[1] == b"<p>all</p>"


@pytest.mark.parametrize(
    "path",
    [
        "/../publisher.toml",
        "/%2e%2e/publisher.toml",
        "/%2E%2E%2Fpublisher.toml",
        "/all/../../publisher.toml",
        "/all/%2e%2e/%2e%2e/publisher.toml",
        "/..%5cpublisher.toml",
        "/%00",
        "/%ff",
        "//etc/passwd",
        "/./index.html",
    ],
)
def test_traversal_is_refused(served, path):
    get, _folder = served
    response, body = get(path)
    assert response.status in (400, 404), path
    assert b"secret" not in body


def test_symlinks_out_of_the_folder_are_not_followed(served, tmp_path):
    get, folder = served
    (folder / "escape.xml").symlink_to(tmp_path / "publisher.toml")
    (folder / "outside").symlink_to(tmp_path, target_is_directory=True)
    (folder / "inside.xml").symlink_to(folder / "all/rss.xml")
    assert get("/escape.xml")[0].status == 404
    assert get("/outside/publisher.toml")[0].status == 404
    assert get("/inside.xml")[1] == FILES["all/rss.xml"]


def test_other_methods_are_refused(served):
    get, _folder = served
    assert get("/all/rss.xml", method="POST")[0].status == 501
    assert get("/all/rss.xml", method="PUT")[0].status == 501


def test_requests_are_logged_one_line_each(tmp_path, capfd):
    (tmp_path / "index.html").write_bytes(b"x")
    server = make_server(tmp_path, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        Client(server.server_address[1])("/")
        Client(server.server_address[1])("/../x")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)
    lines = capfd.readouterr().err.splitlines()
    assert len(lines) == 2, lines
    assert '"GET / HTTP/1.1" 200' in lines[0] and '"GET /../x HTTP/1.1" 400' in lines[1]


def test_missing_folder_and_busy_port_are_errors(tmp_path):
    from publisher.errors import PublisherError

    with pytest.raises(PublisherError, match="no such folder"):
        make_server(tmp_path / "nope", "127.0.0.1", 0)
    server = make_server(tmp_path, "127.0.0.1", 0, quiet=True)
    try:
        with pytest.raises(PublisherError, match="cannot listen"):
            make_server(tmp_path, "127.0.0.1", server.server_address[1])
    finally:
        server.server_close()


def test_command_help_and_errors(tmp_path, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(serve_command, ["--help"])
    assert result.exit_code == 0 and "publisher serve --dir feeds" in result.output
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(serve_command, ["--port", "0"])
    assert result.exit_code == 1
    assert result.output.startswith("error: publisher.toml: config file not found")
    result = runner.invoke(serve_command, ["--dir", "missing"])
    assert result.exit_code == 2
    (tmp_path / "built").mkdir()
    result = runner.invoke(serve_command, ["--dir", "built", "--drafts"])
    assert result.exit_code == 2 and "--drafts needs a build" in result.output


def test_dir_serves_a_built_folder_as_it_is(tmp_path, monkeypatch):
    import publisher.commands.serve as serve_module

    (tmp_path / "out").mkdir()
    seen = {}

    def fake_make_server(folder, bind, port):
        seen.update(folder=folder, bind=bind, port=port)
        server = make_server(folder, bind, 0, quiet=True)
        server.serve_forever = lambda: None  # return at once instead of blocking
        return server

    monkeypatch.setattr(serve_module, "make_server", fake_make_server)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(serve_command, ["--dir", "out", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen == {"folder": Path("out"), "bind": "127.0.0.1", "port": 8123}
    assert "Serving out at http://127.0.0.1:" in result.output
    assert list((tmp_path / "out").iterdir()) == []  # nothing built into it
