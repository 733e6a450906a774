"""``publisher pin-ids``: ids written into front matter in place, nothing else touched."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.commands.pin_ids import link_key, pin_lines, read_old_feed
from publisher.errors import SourceError
from publisher.sources.base import ReaderOptions
from publisher.sources.decode import decode_source
from publisher.sources.markdown import MarkdownReader

RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Old</title><link>https://site.example/</link>
<description>d</description>
<item><title>Kept</title><link>http://www.site.example/n/kept/index.html</link>
<guid isPermaLink="false">urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427</guid></item>
<item><title>Gone</title><link>https://site.example/n/gone/</link><guid>https://site.example/?p=12</guid></item>
</channel></rss>"""


def _fields(data: bytes) -> dict[str, object]:
    text, _ = decode_source(data, "x.md")
    doc = MarkdownReader().read(text, path="x.md", rel="x.md", options=ReaderOptions())
    return dict(doc.fields)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (b"---\ntitle: T\n---\nBody\n", b'---\nid: "tag:a,2020:x"\ntitle: T\n---\nBody\n'),
        (b"+++\ntitle = 'T'\n[params]\nx = 1\n+++\n",
         b"+++\nid = \"tag:a,2020:x\"\ntitle = 'T'\n[params]\nx = 1\n+++\n"),
        (b'{\n  "title": "T"\n}\nBody\n', b'{\n  "id": "tag:a,2020:x",\n  "title": "T"\n}\nBody\n'),
        (b"Title: T\nDate: 2020-01-01\n\nBody\n", b"Title: T\nId: tag:a,2020:x\nDate: 2020-01-01\n\nBody\n"),
        (b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n", b'\xef\xbb\xbf---\r\nid: "tag:a,2020:x"\r\ntitle: T\r\n---\r\n'),
    ],
    ids=["yaml", "toml-with-table", "json", "pelican", "bom-crlf"],
)  # fmt: skip
def test_one_line_added_in_the_files_own_syntax(source: bytes, expected: bytes) -> None:
    new, line = pin_lines(source, [("id", "tag:a,2020:x")], "x.md")
    assert new == expected
    assert line == 2
    assert _fields(new)["id"] == "tag:a,2020:x"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b'{"title": "T"}\nBody\n', "cannot add a line to this front matter"),
        (b"no front matter\nat all\n", "no front matter to add an id to"),
        (b"\xff\xfe-\x00-\x00-\x00", "only UTF-8 sources can be edited in place"),
        (b"---", "nothing after the first line"),
    ],
)
def test_refuses_what_it_cannot_edit_safely(source: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        pin_lines(source, [("id", "x:y")], "x.md")


_VALUE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@given(
    value=_VALUE.filter(lambda v: v.strip() == v and "\n" not in v and "\r" not in v),
    title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30),
    body=st.binary(max_size=100),
    crlf=st.booleans(),
)
def test_yaml_and_toml_pins_read_back_exactly_and_remove_cleanly(
    value: str, title: str, body: bytes, crlf: bool
) -> None:
    nl = b"\r\n" if crlf else b"\n"
    for source in (
        b"---" + nl + b"title: " + json.dumps(title).encode() + nl + b"---" + nl + body,
        b"+++" + nl + b"title = " + json.dumps(title).encode() + nl + b"+++" + nl + body,
    ):
        new, _ = pin_lines(source, [("id", value)], "x.md")
        added = new[len(source.split(nl, 1)[0]) + len(nl) :].split(nl, 1)[0]
        assert new.replace(added + nl, b"", 1) == source  # nothing else changed
        try:
            fields = _fields(new)
        except SourceError:
            continue  # the body made the file unreadable already (e.g. not UTF-8)
        assert fields["id"] == value and fields["title"] == title


def test_reads_rss_atom_and_json_feed_items() -> None:
    assert [(i.link, i.id) for i in read_old_feed(RSS, "old.xml")] == [
        ("http://www.site.example/n/kept/index.html", "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"),
        ("https://site.example/n/gone/", "https://site.example/?p=12"),
    ]  # fmt: skip
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:x</id>'
            b'<link rel="alternate" href="https://a.example/p/"/><link rel="edit" href="x"/>'
            b"</entry></feed>")  # fmt: skip
    assert [(i.link, i.id) for i in read_old_feed(atom, "a")] == [("https://a.example/p/", "urn:x")]
    jsonfeed = json.dumps({"items": [{"id": "1", "url": "https://a.example/1"}]}).encode()
    assert [(i.link, i.id) for i in read_old_feed(jsonfeed, "j")] == [("https://a.example/1", "1")]
    with pytest.raises(Exception, match="not a feed"):
        read_old_feed(b"<html", "x")


def test_link_key_ignores_form_only() -> None:
    same = ["https://site.example/a/b/", "http://www.site.example/a/b", "https://site.example/a/b/index.html",
            "https://SITE.example/a/b.html", "https://site.example/a/%62/"]  # fmt: skip
    assert len({link_key(u) for u in same}) == 1
    assert link_key("https://site.example/a/c/") != link_key(same[0])


def _site_with_sources(site) -> None:
    site.article("n/kept.md", {"title": "Kept", "date": "2024-01-05"})
    site.article("n/new-one.md", {"title": "New", "date": "2024-02-01"})
    site.article("n/pinned.md", {"title": "Pinned", "date": "2024-02-02", "id": "urn:mine"})
    site.article("n/draft.md", {"title": "Draft", "date": "2024-02-03", "draft": True})
    (site.root / "old.xml").write_bytes(RSS)


def test_pin_ids_from_feed_end_to_end(site) -> None:
    _site_with_sources(site)
    before = {p: p.read_bytes() for p in site.content.rglob("*.md")}
    dry = site.run("pin-ids", "--from-feed", "old.xml", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert {p: p.read_bytes() for p in site.content.rglob("*.md")} == before
    assert dry.stdout.splitlines() == [
        "would add to content/n/kept.md (from the old feed): "
        'id: "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"; '
        'link: "http://www.site.example/n/kept/index.html"',
        'would add to content/n/new-one.md: id: "tag:site.example,2024-02-01:new-one"',
        "no source for old item https://site.example/n/gone/ (id https://site.example/?p=12)",
    ]
    done = site.run("pin-ids", "--from-feed", "old.xml")
    assert done.exit_code == 0, done.output
    assert done.stdout.replace("added to", "would add to") == dry.stdout
    kept = (site.content / "n" / "kept.md").read_bytes()
    assert kept == before[site.content / "n" / "kept.md"].replace(
        b"---\n",
        b'---\nid: "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"\n'
        b'link: "http://www.site.example/n/kept/index.html"\n',
        1,
    )
    for name in ("pinned.md", "draft.md"):
        path = site.content / "n" / name
        assert path.read_bytes() == before[path]
    site.build()
    items = site.feed("all", "feed.json").decode()
    assert '"id": "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"' in items
    assert '"url": "http://www.site.example/n/kept/index.html"' in items
    again = site.run("pin-ids")
    assert again.exit_code == 0 and again.stdout == ""


def test_an_existing_id_that_differs_from_the_old_feed_is_left_and_reported(site) -> None:
    site.article("n/kept.md", {"title": "Kept", "date": "2024-01-05", "id": "urn:other"})
    (site.root / "old.xml").write_bytes(RSS)
    result = site.run("pin-ids", "--from-feed", "old.xml")
    assert result.exit_code == 0
    assert (
        "content/n/kept.md:4: warning: has id 'urn:other', but the old feed's item" in result.stderr
    )


def test_old_feed_from_a_url(site) -> None:
    _site_with_sources(site)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(RSS)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/index.xml"
        result = site.run("pin-ids", "--from-feed", url, "--dry-run")
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert "(from the old feed)" in result.stdout


def test_unreadable_feed_and_bad_sources_are_one_line_errors(site) -> None:
    _site_with_sources(site)
    missing = site.run("pin-ids", "--from-feed", "nope.xml")
    assert missing.exit_code == 1
    assert missing.stderr == "error: nope.xml: cannot read: No such file or directory\n"
    (site.content / "n" / "bad.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = site.run("pin-ids")
    assert result.exit_code == 1
    assert "content/n/bad.md:3: error: invalid front matter" in result.stderr
    assert "added to content/n/kept.md" in result.stdout  # the good ones are still pinned
    assert Path(site.content / "n" / "kept.md").read_text(encoding="utf-8").startswith("---\nid: ")
