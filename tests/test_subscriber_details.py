"""Small things readers notice: empty feeds' dates, missing images, alt text in summaries."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest
from lxml import etree

from publisher.build import build
from publisher.config import load_config
from publisher.render.summary import plain_text, summarize

ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_site_with_no_article_dates_its_feeds_when_the_config_was_saved(site, check_feed):
    saved = datetime(2026, 4, 5, 6, 7, 8, tzinfo=UTC)
    os.utime(site.root / "publisher.toml", (saved.timestamp(), saved.timestamp() + 0.9))
    site.build()
    rss = etree.fromstring(site.feed("all", "rss.xml"))
    assert rss.findtext("channel/lastBuildDate") == "Sun, 05 Apr 2026 06:07:08 +0000"
    parsed = check_feed(site.feed("all", "atom.xml"))
    assert parsed.feed.updated == "2026-04-05T06:07:08+00:00"
    assert b"2000" not in site.feed("all", "atom.xml")


def test_an_emptied_category_keeps_the_date_it_last_had_an_item(site, check_feed):
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01T10:00:00Z"})
    site.article("world/b.md", {"title": "B", "id": "urn:x:b", "date": "2026-02-01T10:00:00Z"})
    site.build()
    (site.content / "news" / "a.md").unlink()
    site.article("world/c.md", {"title": "C", "id": "urn:x:c", "date": "2026-03-01T10:00:00Z"})
    site.build()
    parsed = check_feed(site.feed("news", "atom.xml"))
    assert parsed.entries == [] and parsed.feed.updated == "2026-01-01T10:00:00+00:00"
    manifest = json.loads((site.out / ".publisher-manifest.json").read_text())
    assert manifest["updated"]["news"] == "2026-01-01T10:00:00+00:00"


def test_a_missing_local_image_is_a_warning_and_never_length_zero(site):
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01",
                               "image": "photos/missing.jpg"})  # fmt: skip
    result = site.build()
    assert result.output == (
        "content/news/a.md: warning: image content/news/photos/missing.jpg not found: "
        "the feeds leave the image out\n"
    )
    rss = site.feed("news", "rss.xml")
    assert b"<enclosure" not in rss and b'length="0"' not in rss and b"media:content" not in rss
    atom = etree.fromstring(site.feed("news", "atom.xml"))
    assert atom.find(f"{ATOM}entry/{ATOM}link[@rel='enclosure']") is None
    assert "image" not in json.loads(site.feed("news", "feed.json"))["items"][0]


def test_a_missing_image_under_a_configured_static_dir_is_a_warning(site):
    site.config('title = "T"\nbase_url = "https://site.example"\nstatic_dir = "public"\n')
    (site.root / "public").mkdir()
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01",
                               "image": "/img/gone.png"})  # fmt: skip
    result = site.build()
    assert "warning: image public/img/gone.png not found" in result.output
    assert b"<enclosure" not in site.feed("news", "rss.xml")


def test_plain_summaries_keep_image_alt_text():
    html = (
        '<p>See the <a href="https://x.example/about/">about page</a> and '
        '<img alt="the team &amp; friends" src="https://x.example/t.jpg">.</p>'
    )
    assert summarize(html) == "See the about page and the team & friends."
    assert plain_text('<p><img src="https://x.example/t.jpg"> no alt</p>') == "no alt"


def test_summary_from_a_markdown_body_keeps_alt_text(site):
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"},
                 "See the [about page](/about/) and ![our newsroom](room.jpg).")  # fmt: skip
    site.build()
    item = json.loads(site.feed("news", "feed.json"))["items"][0]
    assert item["summary"] == "See the about page and our newsroom."


def _linking_site(site, href: str) -> None:
    site.article("science/heat.md", {"title": "Heat", "id": "urn:x:heat", "date": "2026-01-01"})
    site.article("technology/mesh.md", {"title": "Mesh", "id": "urn:x:mesh",
                                        "date": "2026-01-02"}, f"See [the report]({href}).")  # fmt: skip


def test_a_relative_link_into_a_missing_category_folder_is_a_warning(site):
    _linking_site(site, "../science/heat/")
    result = site.build()
    assert result.output == (
        "content/technology/mesh.md: warning: link https://site.example/technology/science/heat/ "
        "points into technology/science/, where no page is; did you mean "
        "https://site.example/science/heat/? (a relative link resolves against the article's "
        "own URL)\n"
    )


def test_a_misplaced_link_stands_while_its_cached_body_is_reused(site):
    # Later builds take the body from the cache: the warning still stands (told once),
    # and goes once a page appears where the link points, the body untouched.
    _linking_site(site, "../science/heat/")
    site.build()
    config = load_config(site.root / "publisher.toml")
    again = build(config, fast_path=False)
    assert again.stats.rendered == 0
    assert [p.rule for p in again.problems] == ["source-link-misplaced"]
    assert again.first_seen == ()
    # A page at technology/science/ makes the folder a real one.
    site.article("technology/science.md", {"title": "Science", "id": "urn:x:science",
                                           "date": "2025-12-01"})  # fmt: skip
    fixed = build(config, fast_path=False)
    assert fixed.stats.rendered == 1  # the new article only
    assert [p.rule for p in fixed.problems if p.rule == "source-link-misplaced"] == []


@pytest.mark.parametrize(
    "href",
    [
        "/science/heat/",  # root-relative: right
        "../../science/heat/",  # relative, right
        "../other/",  # into the own category, not another one
        "https://elsewhere.example/technology/science/",  # another site
    ],
)
def test_correct_and_unrelated_links_draw_no_warning(site, href):
    _linking_site(site, href)
    assert site.build().output == ""


def test_an_article_whose_slug_is_a_category_name_is_a_real_page(site):
    _linking_site(site, "../science/")
    site.article("technology/science.md", {"title": "S", "id": "urn:x:s", "date": "2026-01-03"})
    assert site.build().output == ""  # /technology/science/ exists: the article "science"
