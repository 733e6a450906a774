"""precompress = true: .br and .gz siblings beside every published file, deterministic,
removed when no longer written, and sent by `publisher serve` to clients that accept them."""

from __future__ import annotations

import gzip
import threading
import urllib.request
from collections.abc import Iterator

import brotli
import pytest

from publisher.commands.serve import accepted_encodings, make_server
from publisher.compression import ENCODINGS, gzip_bytes, sibling_encoding

TOML = """\
title = "Squeezed"
base_url = "https://site.example"
timezone = "UTC"
{extra}
"""


def _site(site, extra: str = "precompress = true") -> None:
    site.config(TOML.format(extra=extra))
    for n in range(1, 6):
        site.article(
            f"energy/story-{n}.md",
            {"title": f"Story {n}", "id": f"urn:x:{n}", "date": f"2026-02-0{n}T09:00:00Z"},
            "Words about the grid. " * 40,
        )


def test_every_published_file_gets_both_siblings_that_decompress_to_it(site):
    _site(site)
    site.build()
    files = site.files()
    originals = {r for r in files if sibling_encoding(r) is None and not r.startswith(".")}
    assert {"all/rss.xml", "energy/feed.json", "index.html", "index.opml"} <= originals
    for rel in originals:
        assert gzip.decompress(files[rel + ".gz"]) == files[rel], rel
        assert brotli.decompress(files[rel + ".br"]) == files[rel], rel
        assert len(files[rel + ".br"]) < len(files[rel]), rel
    manifest = files[".publisher-manifest.json"].decode()
    assert '"all/rss.xml.br"' in manifest and '"all/rss.xml.gz"' in manifest


def test_gzip_header_carries_no_time_and_no_name():
    data = gzip_bytes(b"<rss/>" * 100)
    assert data[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    assert gzip_bytes(b"<rss/>" * 100) == data
    assert gzip.decompress(data) == b"<rss/>" * 100


def test_a_no_op_rebuild_leaves_every_sibling_alone_and_the_fast_path_knows_them(site):
    _site(site)
    site.build()
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.out.rglob("*.br")}
    site.build("--no-cache")  # a full build: every file compared byte for byte
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.out.rglob("*.br")}
    assert before == after and len(before) == 9  # 2 feeds x 3 formats, index, OPML, XSL
    site.build()  # (--no-cache saves no fast-path state: this build does)
    state = (site.root / ".publisher-cache" / "state.json").read_text()
    assert '"all/rss.xml.br"' in state and '"all/rss.xml.gz"' in state
    # A sibling changed behind the build's back is noticed: the fast path is skipped.
    (site.out / "all" / "rss.xml.gz").write_bytes(b"stale")
    site.build()
    assert gzip.decompress((site.out / "all" / "rss.xml.gz").read_bytes()) == site.feed(
        "all", "rss.xml"
    )


def test_turning_it_off_removes_the_siblings_but_nothing_else(site):
    _site(site)
    site.build()
    (site.out / "notes.txt.gz").write_bytes(b"not ours")
    _site(site, "precompress = false")
    site.build()
    assert not [p for p in site.out.rglob("*.br")]
    assert [p.name for p in site.out.rglob("*.gz")] == ["notes.txt.gz"]
    assert (site.out / "all" / "rss.xml").is_file()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, br", {"gzip", "br"}),
        ("br;q=0, gzip", {"gzip"}),
        ("*", {"gzip", "br"}),
        ("*, br;q=0", {"gzip"}),
        ("identity", {"identity"}),
        ("GZIP;q=0.5", {"gzip"}),
        ("", set()),
        ("gzip;q=oops", set()),
    ],
)
def test_accept_encoding_is_read_with_its_q_values(header, expected):
    assert accepted_encodings(header) == expected


@pytest.fixture
def served(site) -> Iterator[str]:
    _site(site)
    site.build()
    server = make_server(site.out, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.mark.parametrize("encoding", [e.name for e in ENCODINGS])
def test_serve_sends_the_sibling_a_client_accepts(served, site, encoding):
    status, headers, body = _get(f"{served}/all/rss.xml", **{"Accept-Encoding": encoding})
    assert status == 200
    assert headers["Content-Encoding"] == encoding
    assert headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert headers["Vary"] == "Accept-Encoding"
    decode = brotli.decompress if encoding == "br" else gzip.decompress
    assert decode(body) == site.feed("all", "rss.xml")
    assert int(headers["Content-Length"]) == len(body)
    # The repeat request a reader makes, with the tag it was given: 304, nothing sent.
    status, again, body = _get(
        f"{served}/all/rss.xml",
        **{"Accept-Encoding": encoding, "If-None-Match": headers["ETag"]},
    )
    assert (status, body) == (304, b"")
    assert again["ETag"] == headers["ETag"] and again["Vary"] == "Accept-Encoding"


def test_serve_prefers_brotli_and_falls_back_to_the_file(served, site):
    _, headers, _ = _get(f"{served}/all/atom.xml", **{"Accept-Encoding": "gzip, deflate, br"})
    assert headers["Content-Encoding"] == "br"
    _, plain, body = _get(f"{served}/all/atom.xml", **{"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain and body == site.feed("all", "atom.xml")
    assert plain["ETag"] != headers["ETag"]  # one tag per representation
    status, _, _ = _get(f"{served}/all/atom.xml", **{"If-Modified-Since": plain["Last-Modified"]})
    assert status == 304
