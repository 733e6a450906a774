"""An article's image: RSS enclosure + media:content, Atom enclosure link, JSON Feed image."""

from __future__ import annotations

import json

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def _item(site, slug: str = "news"):
    return etree.fromstring(site.feed(slug, "rss.xml")).find("channel/item")


def test_local_relative_image_gets_its_size_and_type(site, check_feed):
    site.article(
        "news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01", "image": "pic.png"}
    )
    (site.content / "news" / "pic.png").write_bytes(b"\x89PNG" + b"0" * 96)
    site.build()
    enclosure = _item(site).find("enclosure")
    assert enclosure.attrib == {
        "url": "https://site.example/news/a/pic.png",
        "length": "100",
        "type": "image/png",
    }
    media = _item(site).find(f"{MEDIA}content")
    assert (media.get("fileSize"), media.get("medium")) == ("100", "image")
    link = etree.fromstring(site.feed("news", "atom.xml")).find(
        f"{ATOM}entry/{ATOM}link[@rel='enclosure']"
    )
    assert (link.get("type"), link.get("length")) == ("image/png", "100")
    assert (
        json.loads(site.feed("news", "feed.json"))["items"][0]["image"]
        == "https://site.example/news/a/pic.png"
    )
    parsed = check_feed(site.feed("news", "rss.xml"))
    assert parsed.entries[0].enclosures[0].length == "100"
    check_feed(site.feed("news", "atom.xml"))


def test_root_relative_image_is_found_under_static_dir(site):
    site.config('title = "T"\nbase_url = "https://site.example"\nstatic_dir = "static"\n')
    (site.root / "static" / "img").mkdir(parents=True)
    (site.root / "static" / "img" / "x.jpg").write_bytes(b"j" * 42)
    site.article(
        "news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01", "image": "/img/x.jpg"}
    )
    site.build()
    assert _item(site).find("enclosure").get("length") == "42"


def test_remote_image_has_unknown_length(site):
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01",
                               "image": "https://cdn.example.org/a.webp"})  # fmt: skip
    site.build()
    assert _item(site).find("enclosure").attrib == {
        "url": "https://cdn.example.org/a.webp", "length": "0", "type": "image/webp",
    }  # fmt: skip
    assert _item(site).find(f"{MEDIA}content").get("fileSize") is None
    link = etree.fromstring(site.feed("news", "atom.xml")).find(
        f"{ATOM}entry/{ATOM}link[@rel='enclosure']"
    )
    assert link.get("length") is None


def test_image_outside_the_content_folder_is_never_read(site, tmp_path):
    (tmp_path / "secret.png").write_bytes(b"s" * 7)
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01",
                               "image": "../../../secret.png"})  # fmt: skip
    site.build()
    assert _item(site).find("enclosure").get("length") == "0"


def test_non_image_is_not_an_enclosure(site):
    site.article(
        "news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01", "image": "doc.pdf"}
    )
    site.build()
    assert _item(site).find("enclosure") is None


def test_first_body_image_when_configured(site):
    site.config('title = "T"\nbase_url = "https://site.example"\nimage_from_body = true\n')
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"},
                 "Text.\n\n![chart](chart.gif)\n\n![other](b.png)")  # fmt: skip
    site.build()
    assert _item(site).find("enclosure").get("url") == "https://site.example/news/a/chart.gif"


def test_body_images_are_not_used_unless_configured(site):
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"}, "![c](c.gif)")
    site.build()
    assert _item(site).find("enclosure") is None
