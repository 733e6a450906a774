"""Authors as subscribers see them: JSON Feed authors with url and avatar, Atom uri,
[authors."Name"] profiles, and per-author feeds (author_feeds, like tag_feeds)."""

from __future__ import annotations

import json

import feedparser
from lxml import etree

from tests.conftest import parse_feed

TOML = """\
title = "Bylines"
base_url = "https://site.example"
timezone = "UTC"
{extra}

[authors."Jane Doe"]
url = "https://jane.example/"
avatar = "/img/jane.png"
"""


def _site(site, extra: str = "") -> None:
    site.config(TOML.format(extra=extra))
    site.article(
        "energy/one.md",
        {"title": "One", "id": "urn:a:1", "date": "2026-04-01T08:00:00Z", "author": "Jane Doe"},
    )
    site.article(
        "energy/two.md",
        {
            "title": "Two",
            "id": "urn:a:2",
            "date": "2026-04-02T08:00:00Z",
            "author": [
                {
                    "name": "Raj Patel",
                    "url": "https://raj.example/",
                    "avatar": "https://raj.example/me.jpg",
                },
                "jane doe",
            ],
        },
    )
    site.article(
        "world/three.md",
        {"title": "Three", "id": "urn:a:3", "date": "2026-04-03T08:00:00Z", "author": "Kim Lee"},
    )


def test_json_feed_authors_carry_url_and_avatar(site):
    _site(site)
    site.build()
    items = {i["id"]: i for i in json.loads(site.feed("energy", "feed.json"))["items"]}
    assert items["urn:a:1"]["authors"] == [
        {
            "name": "Jane Doe",
            "url": "https://jane.example/",
            "avatar": "https://site.example/img/jane.png",
        }
    ]
    assert items["urn:a:2"]["authors"] == [
        {
            "name": "Raj Patel",
            "url": "https://raj.example/",
            "avatar": "https://raj.example/me.jpg",
        },
        # A profile is found whatever the case the source writes the name in.
        {
            "name": "jane doe",
            "url": "https://jane.example/",
            "avatar": "https://site.example/img/jane.png",
        },
    ]


def test_atom_authors_carry_uri_and_rss_keeps_the_names(site):
    _site(site)
    site.build()
    atom = site.feed("energy", "atom.xml")
    parse_feed(atom, self_url="https://site.example/feeds/energy/atom.xml")
    root = etree.fromstring(atom)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    uris = root.xpath("//a:entry[a:id='urn:a:1']/a:author/a:uri/text()", namespaces=ns)
    assert uris == ["https://jane.example/"]
    rss = feedparser.parse(site.feed("energy", "rss.xml"))
    two = next(e for e in rss.entries if e.id == "urn:a:2")
    assert [a["name"] for a in two.authors] == ["Raj Patel", "jane doe"]


def test_author_feeds_one_per_author_with_their_items(site):
    _site(site, "author_feeds = true")
    site.build()
    folders = sorted(p.name for p in (site.out / "authors").iterdir())
    assert folders == ["jane-doe", "kim-lee", "raj-patel"]
    for name in ("rss.xml", "atom.xml"):
        data = site.feed("authors/jane-doe", name)
        parsed = parse_feed(data, self_url=f"https://site.example/feeds/authors/jane-doe/{name}")
        assert parsed.feed.title == "Bylines: by Jane Doe"
        assert [e.id for e in parsed.entries] == ["urn:a:2", "urn:a:1"]
        assert parsed.feed.link == "https://site.example/authors/jane-doe/"
    document = json.loads(site.feed("authors/jane-doe", "feed.json"))
    assert document["authors"] == [
        {
            "name": "Jane Doe",
            "url": "https://jane.example/",
            "avatar": "https://site.example/img/jane.png",
        }
    ]
    index = (site.out / "index.html").read_text()
    assert "Feeds by author" in index and "authors/kim-lee/rss.xml" in index
    assert 'rel="alternate"' in index and "authors/kim-lee" not in index.split("</head>")[0]
    assert "authors/raj-patel/rss.xml" in (site.out / "index.opml").read_text()


def test_listed_authors_only_and_an_empty_feed_for_one_without_articles(site):
    _site(site, 'author_feeds = ["Kim Lee", "Ada Byron"]')
    site.build()
    assert sorted(p.name for p in (site.out / "authors").iterdir()) == ["ada-byron", "kim-lee"]
    empty = parse_feed(
        site.feed("authors/ada-byron", "rss.xml"),
        self_url="https://site.example/feeds/authors/ada-byron/rss.xml",
    )
    assert empty.entries == []


def test_an_edit_moves_an_article_between_author_feeds(site):
    _site(site, "author_feeds = true")
    site.build()
    site.article(
        "world/three.md",
        {"title": "Three", "id": "urn:a:3", "date": "2026-04-03T08:00:00Z", "author": "Jane Doe"},
    )
    site.build()
    ids = [e.id for e in feedparser.parse(site.feed("authors/jane-doe", "rss.xml")).entries]
    assert ids == ["urn:a:3", "urn:a:2", "urn:a:1"]
    assert feedparser.parse(site.feed("authors/kim-lee", "rss.xml")).entries == []


def test_a_category_called_authors_clashes_with_author_feeds(site):
    _site(site, "author_feeds = true")
    site.article("authors/x.md", {"title": "X", "id": "urn:a:9", "date": "2026-04-04T08:00:00Z"})
    result = site.run("build")
    assert result.exit_code == 1
    assert "would write its feeds into authors/, where author feeds go" in result.output


def test_a_bad_author_url_is_the_files_error(site):
    site.config(TOML.format(extra=""))
    site.article(
        "energy/one.md",
        {
            "title": "One",
            "id": "urn:a:1",
            "date": "2026-04-01",
            "author": {"name": "A", "url": "ftp://x"},
        },
    )
    result = site.run("build")
    assert result.exit_code == 1
    assert "author url" in result.output
