"""JSON Feed 1.1: same items, ids, urls, dates and content as the RSS and Atom feeds."""

from __future__ import annotations

import json
from dataclasses import replace

import feedparser
import pytest
from lxml import etree

from publisher.build import build
from publisher.config import load_config
from publisher.formats.jsonfeed import json_url, render_jsonfeed
from publisher.model import Feed
from publisher.validate import validate_bytes

ATOM = "{http://www.w3.org/2005/Atom}"


def _write_site(site) -> None:
    site.article(
        "technology/chips.md",
        """
        title: "Chips & <Dies> “quoted”"
        id: "tag:site.example,2026-03-01:chips"
        date: 2026-03-01T10:00:00+05:45
        updated: 2026-03-02T08:00:00Z
        tags: [hardware, "fabs", Technology]
        author: [{name: "Zoë Ng", email: "zoe@site.example"}, "Bo Li"]
        summary: "Plain summary with R&D < more."
        image: /img/chip.jpg
        """,
        "Intro with a [relative link](../world/other/) and ![a chip](chip.png).",
    )
    site.article(
        "world/summit.md",
        """
        title: Summit in Genève
        id: "tag:site.example,2026-02-01:summit"
        date: 2026-02-01 09:30
        author: Ana Souza
        """,
        "Delegates met in **Genève**. Prices rose 5 % < 10 %.",
    )


def _feeds(site) -> list[Feed]:
    """Build with the CLI, then get the same rendered feeds from a library dry run."""
    _write_site(site)
    site.build()
    return list(build(load_config(site.root / "publisher.toml"), dry_run=True).feeds)


def _clean(data: bytes, url: str) -> dict:
    report = validate_bytes(data, name="feed.json", self_url=url)
    assert report.format == "jsonfeed1.1"
    assert not report.errors and not report.warnings, [str(p) for p in report.problems]
    return json.loads(data.decode("utf-8"))


def test_every_feed_validates_and_matches_atom_and_rss(site):
    for feed in _feeds(site):
        document = _clean(render_jsonfeed(feed), json_url(feed))
        atom = etree.fromstring(site.feed(feed.slug, "atom.xml"))
        rss = feedparser.parse(site.feed(feed.slug, "rss.xml"))
        entries = atom.findall(f"{ATOM}entry")
        assert len(document["items"]) == len(entries) == len(rss.entries) > 0
        for item, entry, rss_entry in zip(document["items"], entries, rss.entries, strict=True):
            assert item["id"] == entry.findtext(f"{ATOM}id") == rss_entry.id
            assert item["url"] == entry.find(f"{ATOM}link[@rel='alternate']").get("href")
            assert item["url"] == rss_entry.link
            assert item["date_published"] == entry.findtext(f"{ATOM}published")
            assert item["date_modified"] == entry.findtext(f"{ATOM}updated")
            assert item["title"] == entry.findtext(f"{ATOM}title")
            assert item["content_html"] == entry.findtext(f"{ATOM}content")
            assert item["summary"] == entry.findtext(f"{ATOM}summary")
            terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
            assert item["tags"] == list(dict.fromkeys(terms))
        assert document["title"] == atom.findtext(f"{ATOM}title")
        assert document["home_page_url"] == feed.link
        assert document["description"] == atom.findtext(f"{ATOM}subtitle")
        assert document["feed_url"] == feed.urls["atom"].replace("atom.xml", "feed.json")


def test_feed_and_item_fields(site):
    feeds = _feeds(site)
    feed = next(f for f in feeds if f.slug == "technology")
    document = json.loads(render_jsonfeed(feed))
    assert list(document)[:7] == [
        "version", "title", "home_page_url", "feed_url", "description", "language", "authors",
    ]  # fmt: skip
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["language"] == "en"
    assert document["authors"] == [{"name": "Desk"}]
    (item,) = document["items"]
    assert item["title"] == "Chips & <Dies> “quoted”"
    assert item["summary"] == "Plain summary with R&D < more."
    assert item["image"] == "https://site.example/img/chip.jpg"
    assert item["date_published"] == "2026-03-01T10:00:00+05:45"
    assert item["date_modified"] == "2026-03-02T08:00:00+00:00"
    assert item["authors"] == [
        {"name": "Zoë Ng", "url": "mailto:zoe@site.example"},
        {"name": "Bo Li"},
    ]
    # The category leads; a tag repeating it is not listed twice.
    assert item["tags"] == ["Technology", "hardware", "fabs"]
    assert 'src="https://site.example/technology/chips/chip.png"' in item["content_html"]
    world = next(f for f in feeds if f.slug == "world")
    (plain,) = json.loads(render_jsonfeed(world))["items"]
    assert "image" not in plain and plain["authors"] == [{"name": "Ana Souza"}]
    assert plain["date_published"] == "2026-02-01T09:30:00+01:00"  # the site's zone


def test_bytes_are_deterministic_utf8_with_trailing_newline(site):
    feed = _feeds(site)[0]
    data = render_jsonfeed(feed)
    assert data == render_jsonfeed(feed)
    assert data.endswith(b"}\n") and not data.endswith(b"\n\n")
    assert "Genève".encode() in data  # not \u-escaped
    assert data.startswith(b'{\n  "version"')


def test_json_url_is_taken_from_urls_when_given(site):
    feed = _feeds(site)[0]
    custom = replace(feed, urls={**feed.urls, "json": "https://cdn.example/all.json"})
    assert json_url(custom) == "https://cdn.example/all.json"
    assert json.loads(render_jsonfeed(custom))["feed_url"] == "https://cdn.example/all.json"


def test_empty_feed_is_valid(site):
    feed = replace(_feeds(site)[0], items=(), authors=())
    document = _clean(render_jsonfeed(feed), json_url(feed))
    assert document["items"] == [] and "authors" not in document


def test_feedparser_reads_json_feed_if_supported(site):
    feed = _feeds(site)[0]
    parsed = feedparser.parse(render_jsonfeed(feed))
    if parsed.get("version") != "json11":
        pytest.skip(f"feedparser {feedparser.__version__} does not read JSON Feed")
    assert [e.id for e in parsed.entries] == [a.id for a in feed.items]
