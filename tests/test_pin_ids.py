"""``publisher pin-ids``: ids written into front matter in place, nothing else touched."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.commands.config_edit import with_setting
from publisher.commands.pin_ids import link_key, pin_lines, read_old_feed
from publisher.config import load_config
from publisher.errors import ConfigError, SourceError
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


def test_reads_rss_atom_and_json_feed_items_and_the_site_they_name() -> None:
    rss = read_old_feed(RSS, "old.xml")
    assert rss.site == "https://site.example/"
    assert [(i.link, i.id) for i in rss.items] == [
        ("http://www.site.example/n/kept/index.html", "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"),
        ("https://site.example/n/gone/", "https://site.example/?p=12"),
    ]  # fmt: skip
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://a.example/"/>'
            b'<entry><id>urn:x</id>'
            b'<link rel="alternate" href="https://a.example/p/"/><link rel="edit" href="x"/>'
            b"</entry></feed>")  # fmt: skip
    read = read_old_feed(atom, "a")
    assert read.site == "https://a.example/"
    assert [(i.link, i.id) for i in read.items] == [("https://a.example/p/", "urn:x")]
    jsonfeed = json.dumps(
        {
            "home_page_url": "https://a.example/",
            "items": [{"id": "1", "url": "https://a.example/1"}],
        }
    ).encode()
    read = read_old_feed(jsonfeed, "j")
    assert read.site == "https://a.example/"
    assert [(i.link, i.id) for i in read.items] == [("https://a.example/1", "1")]
    with pytest.raises(Exception, match="not a feed"):
        read_old_feed(b"<html", "x")


def test_link_key_ignores_form_only() -> None:
    same = ["https://site.example/a/b/", "http://www.site.example/a/b", "https://site.example/a/b/index.html",
            "https://SITE.example/a/b.html", "https://site.example/a/%62/",
            # jekyll-feed with `url: https://site.example/` (trailing slash) doubles it
            "https://site.example//a/b/",
            # Pelican's FEED_APPEND_REF, and trackers' parameters
            "https://site.example/a/b.html?ref=feed", "https://site.example/a/b/?utm_source=rss&utm_medium=x"]  # fmt: skip
    assert len({link_key(u) for u in same}) == 1
    assert link_key("https://site.example/a/c/") != link_key(same[0])
    # Any other query names another page (WordPress's ?p=12).
    assert link_key("https://site.example/?p=12") != link_key("https://site.example/?p=13")
    assert link_key("https://site.example/?p=12") != link_key("https://site.example/")


def _site_with_sources(site) -> None:
    site.article("n/kept.md", {"title": "Kept", "date": "2024-03-01"})
    site.article("n/new-one.md", {"title": "New", "date": "2024-02-01"})
    site.article("n/pinned.md", {"title": "Pinned", "date": "2024-02-02", "id": "urn:mine"})
    site.article("n/draft.md", {"title": "Draft", "date": "2024-02-03", "draft": True})
    (site.root / "old.xml").write_bytes(RSS)


def test_pin_ids_from_feed_end_to_end(site) -> None:
    _site_with_sources(site)
    before = {p: p.read_bytes() for p in site.content.rglob("*.md")}
    config = (site.root / "publisher.toml").read_bytes()
    dry = site.run("pin-ids", "--from-feed", "old.xml", "--dry-run", "--allow-unmatched", "1")
    assert dry.exit_code == 0, dry.output
    assert {p: p.read_bytes() for p in site.content.rglob("*.md")} == before
    assert (site.root / "publisher.toml").read_bytes() == config
    assert dry.stdout.splitlines() == [
        "no source for old item https://site.example/n/gone/ (id https://site.example/?p=12)",
        "would add to content/n/kept.md (from the old feed): "
        'id: "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"; '
        'link: "http://www.site.example/n/kept/index.html"',
        'would add to content/n/new-one.md: id: "tag:site.example,2024-02-01:new-one"',
        # The item given up leaves its place empty: pinned.md, older than kept.md and
        # never in the old feed, would otherwise reach subscribers as new.
        "would set items_per_feed = 1 in publisher.toml (the old feed's items less the 1 "
        "given up; more would bring older ones to subscribers as new)",
    ]
    done = site.run("pin-ids", "--from-feed", "old.xml", "--allow-unmatched", "1")
    assert done.exit_code == 0, done.output
    assert (
        done.stdout.replace("added to", "would add to").replace("\nset items", "\nwould set items")
        == dry.stdout
    )
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
    assert load_config(site.root / "publisher.toml").items_per_feed == 1
    site.build()
    items = site.feed("all", "feed.json").decode()
    assert '"id": "urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"' in items
    assert '"url": "http://www.site.example/n/kept/index.html"' in items
    # A second run changes nothing, and says only what is still unmatched.
    files = {
        p: p.read_bytes()
        for p in site.root.rglob("*")
        if p.is_file() and ".publisher" not in str(p)
    }
    again = site.run("pin-ids", "--from-feed", "old.xml", "--allow-unmatched", "1")
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        "no source for old item https://site.example/n/gone/ (id https://site.example/?p=12)\n"
    )
    assert {p: p.read_bytes() for p in files} == files
    bare = site.run("pin-ids")
    assert bare.exit_code == 0 and bare.output == ""


def test_nothing_is_written_while_an_old_item_has_no_source(site) -> None:
    _site_with_sources(site)
    before = {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file()}
    for extra in ((), ("--dry-run",)):
        result = site.run("pin-ids", "--from-feed", "old.xml", *extra)
        assert result.exit_code == 1, result.output
        assert result.stdout == (
            "no source for old item https://site.example/n/gone/ (id https://site.example/?p=12)\n"
        )
        assert result.stderr.splitlines() == [
            "error: 1 of the old feed's 2 items match no source: nothing written",
            "  https://site.example/n/gone/: no source has that link or that title",
            "  fix the config or the sources and run pin-ids again; if these items are gone "
            "for good, --allow-unmatched 1 pins the rest",
        ]
        assert {p: p.read_bytes() for p in before} == before
    # Allowing fewer than are unmatched is no allowance.
    (site.root / "old.xml").write_bytes(
        RSS.replace(b"</channel>", _item("Also gone", "n/also") + b"</channel>")
    )
    result = site.run("pin-ids", "--from-feed", "old.xml", "--allow-unmatched", "1")
    assert result.exit_code == 1
    assert (
        "error: 2 of the old feed's 3 items match no source (--allow-unmatched 1)" in result.stderr
    )
    assert {p: p.read_bytes() for p in before if p.name != "old.xml"} == {
        p: b for p, b in before.items() if p.name != "old.xml"
    }


def _item(title: str, path: str, guid: str | None = None) -> bytes:
    link = f"https://site.example/{path}/"
    return (f"<item><title>{title}</title><link>{link}</link>"
            f"<guid>{guid or link}</guid></item>").encode()  # fmt: skip


def _old_feed(site, items: bytes, link: str = "https://site.example/") -> None:
    (site.root / "old.xml").write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Old</title>'
        + f"<link>{link}</link>".encode() + b"<description>d</description>" + items
        + b"</channel></rss>"
    )  # fmt: skip


def test_a_wrong_base_url_is_named_beside_what_we_would_publish(site) -> None:
    # The harness's first finding: 0 of 102 matched because base_url was not read.
    site.config('title = "T"\nbase_url = "https://example.org"\n')
    for number in range(5):
        site.article(
            f"n/post-{number}.md",
            {"title": f"Post {number}", "date": "2024-01-0" + str(number + 1)},
        )
    _old_feed(site, b"".join(_item(f"Post {n}", f"n/post-{n}") for n in range(5)))
    result = site.run("pin-ids", "--from-feed", "old.xml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: 5 of the old feed's 5 items match no source: nothing written",
        "  base_url in publisher.toml is https://example.org, but all of the old feed's 5 "
        "links are on site.example (it names https://site.example/ as its site): set "
        "base_url to the address the site is published at",
        "  https://site.example/n/post-0/: content/n/post-0.md, of that title, is published "
        "at https://example.org/n/post-0/",
        "  https://site.example/n/post-1/: content/n/post-1.md, of that title, is published "
        "at https://example.org/n/post-1/",
        "  https://site.example/n/post-2/: content/n/post-2.md, of that title, is published "
        "at https://example.org/n/post-2/",
        "  ... and 2 more (listed above)",
        "  fix the config or the sources and run pin-ids again; if these items are gone "
        "for good, --allow-unmatched 5 pins the rest",
    ]
    assert not any("id:" in p.read_text("utf-8") for p in site.content.rglob("*.md"))
    # Pinning the derived ids anyway still keeps the old feed's size.
    given_up = site.run("pin-ids", "--from-feed", "old.xml", "--dry-run", "--allow-unmatched", "5")
    assert given_up.exit_code == 0, given_up.output
    assert "(from the old feed)" not in given_up.stdout
    assert "would set items_per_feed = 5 in publisher.toml" in given_up.stdout
    site.config('title = "T"\nbase_url = "https://www.site.example"\n')
    fixed = site.run("pin-ids", "--from-feed", "old.xml")
    assert fixed.exit_code == 0, fixed.output
    assert fixed.stdout.count("(from the old feed)") == 5


def test_two_sources_with_one_old_items_link_get_neither_its_id(site) -> None:
    site.config('title = "T"\nbase_url = "https://site.example"\n'
                'article_url = "{base_url}/{slug}/"\n')  # fmt: skip
    site.article("a/same.md", {"title": "Same A", "date": "2024-01-01"})
    site.article("b/same.md", {"title": "Same B", "date": "2024-01-02"})
    _old_feed(site, _item("Same", "same", "urn:old:1"))
    result = site.run("pin-ids", "--from-feed", "old.xml")
    assert result.exit_code == 1
    assert ("  https://site.example/same/: 2 sources have that link: content/a/same.md, "
            "content/b/same.md") in result.stderr.splitlines()  # fmt: skip
    allowed = site.run("pin-ids", "--from-feed", "old.xml", "--allow-unmatched", "1")
    assert allowed.exit_code == 1
    assert not any(b"urn:old:1" in p.read_bytes() for p in site.content.rglob("*.md"))
    assert ("content/a/same.md: error: not pinned: its link is old item "
            "https://site.example/same/'s, and so is content/b/same.md's: one link, two sources"
            ) in allowed.stderr  # fmt: skip


def test_an_old_guid_that_is_no_iri_is_not_written(site) -> None:
    # <guid isPermaLink="false">1234</guid> written as `id: "1234"` made the next build
    # refuse the source: the source keeps its derived id, and the user is told why.
    site.config('title = "T"\nbase_url = "https://site.example"\n')
    site.article("n/numbered.md", {"title": "Numbered", "date": "2024-01-01"})
    site.article("n/plain.md", {"title": "Plain", "date": "2024-01-02"})
    _old_feed(site, _item("Numbered", "n/numbered", "1234") + _item("Plain", "n/plain"))
    result = site.run("pin-ids", "--from-feed", "old.xml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        'added to content/n/plain.md (from the old feed): id: "https://site.example/n/plain/"',
        "set items_per_feed = 2 in publisher.toml (the old feed held 2 items; more would "
        "bring older ones to subscribers as new)",
    ]
    assert result.stderr == (
        "content/n/numbered.md: error: not pinned: old item https://site.example/n/numbered/'s "
        "id '1234' is no IRI, and publisher's ids are (Atom requires one): give the source an "
        "id of your choosing; readers that knew the item by '1234' will show it once as new\n"
    )
    assert "id:" not in (site.content / "n" / "numbered.md").read_text("utf-8")
    build = site.run("build")
    assert build.exit_code == 0, build.output


def test_two_sources_deriving_one_id_are_not_both_pinned(site) -> None:
    site.article("a/same.md", {"title": "A", "date": "2024-01-01"})
    site.article("b/same.md", {"title": "B", "date": "2024-01-01"})
    site.article("b/other.md", {"title": "Other", "date": "2024-01-01"})
    result = site.run("pin-ids")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        'added to content/a/same.md: id: "tag:site.example,2024-01-01:same"',
        'added to content/b/other.md: id: "tag:site.example,2024-01-01:other"',
    ]
    assert result.stderr == (
        "content/b/same.md: error: not pinned: the id derived for it, "
        "'tag:site.example,2024-01-01:same', is also content/a/same.md's: give one of them an id\n"
    )


def test_the_old_feeds_item_count_is_kept_and_set_once(site) -> None:
    for number in range(12):
        site.article(
            f"n/p{number:02}.md", {"title": f"P{number}", "date": f"2024-01-{number + 1:02}"}
        )
    site.config('title = "T"\nbase_url = "https://site.example"\n# a comment kept\n'
                "# items_per_feed = 50\n\n[author]\nname = \"Me\"\n")  # fmt: skip
    newest = range(11, 1, -1)  # the old feed held the newest ten (one of them twice)
    _old_feed(site, b"".join(_item(f"P{n}", f"n/p{n:02}") for n in (*newest, 5)))
    result = site.run("pin-ids", "--from-feed", "old.xml")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("(from the old feed)") == 10
    assert "set items_per_feed = 10 in publisher.toml (the old feed held 10 items" in result.stdout
    assert (site.root / "publisher.toml").read_text("utf-8") == (
        'title = "T"\nbase_url = "https://site.example"\n# a comment kept\n'
        'items_per_feed = 10\n\n[author]\nname = "Me"\n'
    )
    site.build()
    assert len(site.feed("all", "rss.xml").split(b"<item>")) == 11  # no older post as new
    # A later change of the user's own is not undone by running it again.
    site.config((site.root / "publisher.toml").read_text("utf-8").replace("= 10", "= 30"))
    again = site.run("pin-ids", "--from-feed", "old.xml")
    assert again.exit_code == 0 and again.output == ""
    assert load_config(site.root / "publisher.toml").items_per_feed == 30


def test_an_existing_id_that_differs_from_the_old_feed_is_left_and_reported(site) -> None:
    site.article("n/kept.md", {"title": "Kept", "date": "2024-01-05", "id": "urn:other"})
    (site.root / "old.xml").write_bytes(RSS)
    result = site.run("pin-ids", "--from-feed", "old.xml", "--allow-unmatched", "1")
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
        result = site.run("pin-ids", "--from-feed", url, "--dry-run", "--allow-unmatched", "1")
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('title = "T"\nitems_per_feed = 50\n', 'title = "T"\nitems_per_feed = 10\n'),
        ('title = "T"\n# items_per_feed = 50\n', 'title = "T"\nitems_per_feed = 10\n'),
        ('title = "T"\n\n[author]\nname = "A"\n',
         'title = "T"\n\nitems_per_feed = 10\n\n[author]\nname = "A"\n'),
        ('[author]\nname = "A"\n', 'items_per_feed = 10\n[author]\nname = "A"\n'),
        # A key of that name inside a table is the table's, not the setting.
        ('title = "T"\n[x]\nitems_per_feed = 3\n', 'title = "T"\n\nitems_per_feed = 10\n[x]\nitems_per_feed = 3\n'),
    ],
    ids=["set", "commented", "before-table", "only-tables", "table-key"],
)  # fmt: skip
def test_one_setting_changes_and_nothing_else(text: str, expected: str) -> None:
    assert with_setting(text, "items_per_feed", 10) == expected


def test_a_setting_that_cannot_be_changed_safely_is_refused() -> None:
    with pytest.raises(ConfigError, match="cannot set items_per_feed"):
        with_setting("items_per_feed = [\n 50,\n]\n", "items_per_feed", 10)


def test_a_leading_folder_in_the_old_links_is_named(site) -> None:
    # gitea's blog: Hugo put the default language under /en-us/ (defaultContentLanguageInSubdir).
    for number in range(3):
        site.article(f"n/post-{number}.md", {"title": f"Post {number}", "date": "2024-01-01"})
    _old_feed(site, b"".join(_item(f"Post {n}", f"en-us/n/post-{n}") for n in range(3)))
    result = site.run("pin-ids", "--from-feed", "old.xml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        "  3 of the 3 old items whose title we have differ from our link only by a leading "
        "/en-us in theirs: a folder (a language's?) our article_url leaves out"
    )
