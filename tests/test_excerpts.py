"""content = "summary": excerpts on purpose, from the site, a category or one article;
separators as each generator has them; "Read more" in the feed's language."""

from __future__ import annotations

import json

import feedparser
import pytest
from lxml import html as lxml_html

from publisher.excerpts import READ_MORE, automatic_excerpt, read_more
from tests.conftest import parse_feed

TOML = """\
title = "Excerpts"
base_url = "https://site.example"
timezone = "UTC"
language = "{language}"
{extra}
"""
BODY = """\
The opening paragraph says what happened.

A second paragraph, still in the summary.

<!--more-->

The rest of the story, which only the article's page shows.
"""


def _site(site, extra: str = 'content = "summary"', language: str = "en") -> None:
    site.config(TOML.format(extra=extra, language=language))


def _article(site, rel: str, n: int, body: str = BODY, **fields: object) -> None:
    front = {"title": f"Story {n}", "id": f"urn:x:{n}", "date": f"2026-03-0{n}T09:00:00Z"}
    site.article(rel, {**front, **fields}, body)


def _entries(site, slug: str = "energy", name: str = "rss.xml") -> list:
    data = site.feed(slug, name)
    return parse_feed(data, self_url=f"https://site.example/feeds/{slug}/{name}").entries


def _content(entry) -> str:
    return entry.content[0].value


def test_a_summary_item_shows_the_part_before_the_separator_and_links_to_read_more(site):
    _site(site)
    _article(site, "energy/one.md", 1)
    site.build()
    for name in ("rss.xml", "atom.xml"):
        (entry,) = _entries(site, name=name)
        html = _content(entry)
        assert "The opening paragraph" in html and "still in the summary" in html
        assert "The rest of the story" not in html
        page = lxml_html.fragment_fromstring(html, create_parent="div")
        (more,) = page.xpath("//a[text()='Read more']")
        assert more.get("href") == entry.link == "https://site.example/energy/one/"
    item = json.loads(site.feed("energy", "feed.json"))["items"][0]
    assert item["url"] == "https://site.example/energy/one/"
    assert "Read more" in item["content_html"] and "rest of the story" not in item["content_html"]


def test_without_a_separator_the_first_paragraph_and_nothing_to_read_more_when_whole(site):
    _site(site)
    _article(site, "energy/one.md", 1, "First paragraph here.\n\nSecond paragraph there.")
    _article(site, "energy/two.md", 2, "Only one paragraph.")
    site.build()
    two, one = _entries(site)
    assert "First paragraph here." in _content(one) and "Second" not in _content(one)
    assert "Read more" in _content(one)
    assert _content(two) == "<p>Only one paragraph.</p>"  # nothing left out: no link


def test_a_summary_field_is_the_excerpt_when_the_body_has_no_separator(site):
    _site(site)
    _article(site, "energy/one.md", 1, "Long body.\n\nMore body.", summary="A written summary.")
    _article(site, "energy/two.md", 2, summary="Ignored: the divider wins.")
    site.build()
    two, one = _entries(site)
    assert _content(one).startswith("<p>A written summary.</p>")
    assert "opening paragraph" in _content(two) and "Ignored" not in _content(two)


def test_an_articles_own_content_field_wins_both_ways(site):
    _site(site)
    _article(site, "energy/one.md", 1, content="full")
    site.build()
    assert "The rest of the story" in _content(_entries(site)[0])
    _site(site, "")
    _article(site, "energy/one.md", 1, content="summary")
    _article(site, "energy/two.md", 2)
    site.build()
    two, one = _entries(site)
    assert "The rest of the story" not in _content(one) and "Read more" in _content(one)
    assert "The rest of the story" in _content(two)


def test_a_categorys_setting_is_its_feeds_not_the_sites(site):
    _site(site, '[categories.energy]\ncontent = "summary"')
    _article(site, "energy/one.md", 1)
    site.build()
    assert "Read more" in _content(_entries(site)[0])
    assert "The rest of the story" in _content(_entries(site, "all")[0])


@pytest.mark.parametrize(
    ("language", "text", "lang"),
    [
        ("de", "Weiterlesen", None),
        ("fr-CA", "Lire la suite", None),
        ("pt-PT", "Ler mais", None),
        ("pt-BR", "Leia mais", None),
        ("zh-Hant-TW", "閱讀全文", None),
        ("ja", "続きを読む", None),
        ("en-GB", "Read more", None),
        ("eo", "Read more", "en"),
    ],
)
def test_read_more_in_the_feeds_language(language, text, lang):
    assert read_more(language) == (text, lang)


def test_read_more_falls_back_on_english_marked_as_such(site):
    _site(site, language="eo")
    _article(site, "energy/one.md", 1)
    site.build()
    assert '<p lang="en"><a href="https://site.example/energy/one/">Read more</a></p>' in (
        _content(_entries(site)[0])
    )
    assert all(READ_MORE.values())


def test_hugo_sites_cut_at_summary_length_in_whole_blocks(site):
    site.config(
        TOML.format(
            language="en", extra='content = "summary"\ngenerator = "hugo"\nsummary_words = 8'
        )
    )
    body = "One two three four five.\n\nSix seven eight nine.\n\nTen eleven twelve.\n"
    _article(site, "posts/one.md", 1, body)
    site.build()
    (entry,) = _entries(site, "posts")
    assert "Six seven" in _content(entry) and "Ten eleven" not in _content(entry)
    # The divider wins over a summary field, as in Hugo.
    _article(site, "posts/one.md", 1, summary="Front matter.")
    site.build()
    assert "Front matter." not in _content(_entries(site, "posts")[0])


def test_automatic_excerpt_keeps_whole_blocks():
    html = "<h2>Title</h2><p>one two</p><ul><li>three four five</li></ul><p>six</p>"
    assert automatic_excerpt(html, 0) == "<h2>Title</h2><p>one two</p>"
    assert (
        automatic_excerpt(html, 4)
        == "<h2>Title</h2><p>one two</p><ul><li>three four five</li></ul>"
    )
    assert automatic_excerpt(html, 100) is None


def _jekyll(site, extra: str = "") -> None:
    site.config(
        TOML.format(
            language="en",
            extra=f'content = "summary"\ngenerator = "jekyll"\ncontent_dir = "_posts"\n{extra}',
        )
    )


def test_jekyll_first_paragraph_its_excerpt_separator_and_excerpt_field(site):
    _jekyll(site)
    posts = site.root / "_posts"
    posts.mkdir()
    (posts / "2026-03-01-first.md").write_text(
        "---\ntitle: First\nid: urn:j:1\n---\n\nPara one.\n\nPara two.\n", "utf-8"
    )
    (posts / "2026-03-02-second.md").write_text(
        "---\ntitle: Second\nid: urn:j:2\nexcerpt_separator: <!--cut-->\n---\n\n"
        "Para one.\n\nPara two.\n<!--cut-->\nPara three.\n",
        "utf-8",
    )
    (posts / "2026-03-03-third.md").write_text(
        "---\ntitle: Third\nid: urn:j:3\nexcerpt: Written excerpt.\n---\n\nA.\n\nB.\n", "utf-8"
    )
    site.build()
    data = site.feed("all", "atom.xml")
    third, second, first = feedparser.parse(data).entries
    assert "Para one." in _content(first) and "Para two." not in _content(first)
    assert "Para two." in _content(second) and "Para three." not in _content(second)
    assert _content(third).startswith("<p>Written excerpt.</p>")  # Jekyll: the field wins


def test_a_bad_content_field_is_the_files_error(site):
    _site(site, "")
    _article(site, "energy/one.md", 1, content="teaser")
    result = site.run("build")
    assert result.exit_code == 1
    assert "'content' must be full or summary, got 'teaser'" in result.output


def test_a_bad_content_setting_is_a_config_error(site):
    _site(site, 'content = "teaser"')
    result = site.run("build")
    assert result.exit_code == 1
    assert '\'content\' must be "full" or "summary"' in result.output


def test_full_sites_render_no_excerpt_and_keep_their_bytes(site, tmp_path):
    _site(site, "")
    _article(site, "energy/one.md", 1)
    site.build()
    assert "The rest of the story" in _content(_entries(site)[0])
    assert "Read more" not in site.feed("energy", "rss.xml").decode()


def test_init_like_copies_the_generators_summary_settings(tmp_path):
    from publisher.commands.init import render_config, site_facts

    (tmp_path / "hugo.toml").write_text('title = "H"\nsummaryLength = 30\n', "utf-8")
    hugo = site_facts(tmp_path, "hugo")
    assert hugo.summary_words == 30
    assert "summary_words = 30" in render_config(
        title="H", base_url="https://h.example", like="hugo", facts=hugo
    )
    (tmp_path / "_config.yml").write_text('excerpt_separator: "<!--cut-->"\n', "utf-8")
    jekyll = site_facts(tmp_path, "jekyll")
    assert 'summary_separator = "<!--cut-->"' in render_config(
        title="J", base_url="https://j.example", like="jekyll", facts=jekyll
    )
    (tmp_path / "pelicanconf.py").write_text("SUMMARY_MAX_LENGTH = 50\n", "utf-8")
    assert site_facts(tmp_path, "pelican").summary_words == 0  # Pelican's own default
