"""Per-tag feeds (``tag_feeds``): feeds/tags/<tag-slug>/, with the category feeds' guarantees."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from publisher.cli import cli
from publisher.config import load_config
from publisher.errors import ConfigError
from publisher.slugs import tag_slug
from tests.conftest import parse_feed

BASE = 'title = "T"\nbase_url = "https://site.example"\ntimezone = "UTC"\n'
FILES = ("rss.xml", "atom.xml", "feed.json")


def _articles(site) -> None:
    tags = {1: ["Solar", "grid"], 2: ["solar"], 3: ["wind"], 4: ["solar", "Wind power"]}
    for n, article_tags in tags.items():
        site.article(
            f"energy/a{n}.md" if n % 2 else f"world/a{n}.md",
            {"title": f"A{n}", "id": f"urn:x:a{n}", "date": f"2026-03-0{n}T10:00:00Z",
             "tags": article_tags},
        )  # fmt: skip


def _tag_files(site) -> list[str]:
    return sorted(k for k in site.files() if k.startswith("tags/"))


def test_off_by_default(site):
    _articles(site)
    site.build()
    assert _tag_files(site) == []


def test_every_tag_gets_feeds_with_its_articles(site, check_feed):
    site.config(BASE + "tag_feeds = true\n")
    _articles(site)
    assert site.build().output == ""
    slugs = ["grid", "solar", "wind", "wind-power"]
    assert _tag_files(site) == sorted(f"tags/{s}/{f}" for s in slugs for f in FILES)
    rss = site.feed("tags/solar", "rss.xml")
    parsed = check_feed(rss, self_url="https://site.example/feeds/tags/solar/rss.xml")
    # Newest first; "Solar" and "solar" are one tag, named by its most common spelling.
    assert [e.id for e in parsed.entries] == ["urn:x:a4", "urn:x:a2", "urn:x:a1"]
    assert parsed.feed.title == "T: tagged solar"
    assert parsed.feed.link == "https://site.example/tags/solar/"
    atom = check_feed(site.feed("tags/solar", "atom.xml"),
                      self_url="https://site.example/feeds/tags/solar/atom.xml")  # fmt: skip
    # The same ids, links and content as in the category feeds.
    everything = {e.id: e for e in check_feed(site.feed("all", "atom.xml")).entries}
    for entry in atom.entries:
        assert entry.link == everything[entry.id].link
        assert entry.content == everything[entry.id].content
    document = json.loads(site.feed("tags/solar", "feed.json"))
    assert document["feed_url"] == "https://site.example/feeds/tags/solar/feed.json"
    assert [i["id"] for i in document["items"]] == ["urn:x:a4", "urn:x:a2", "urn:x:a1"]


def test_a_list_chooses_tags_and_keeps_a_feed_for_an_unused_one(site, check_feed):
    site.config(BASE + 'tag_feeds = ["Wind", "Heat pumps"]\n')
    _articles(site)
    site.build()
    assert _tag_files(site) == [f"tags/{s}/{f}" for s in ("heat-pumps", "wind") for f in sorted(FILES)]  # fmt: skip
    empty = check_feed(site.feed("tags/heat-pumps", "atom.xml"))
    assert empty.entries == [] and empty.feed.title == "T: tagged Heat pumps"
    assert [e.id for e in check_feed(site.feed("tags/wind", "rss.xml")).entries] == ["urn:x:a3"]


def test_listed_in_the_index_page_and_the_opml(site):
    site.config(BASE + 'tag_feeds = ["solar"]\n')
    _articles(site)
    site.build()
    page = lxml_html.document_fromstring((site.out / "index.html").read_bytes())
    row = page.get_element_by_id("feed-tags/solar")
    assert row.findtext("strong") == "solar"
    assert row.xpath("a/@href") == [
        f"https://site.example/feeds/tags/solar/{name}" for name in FILES
    ]
    assert page.xpath("//nav//a[@href='#tags']")
    # Autodiscovery stays with the main feeds: a site can have hundreds of tags.
    assert not page.xpath("//head/link[contains(@href, '/tags/')]")
    opml = etree.fromstring((site.out / "index.opml").read_bytes())
    urls = opml.xpath("//outline/@xmlUrl")
    assert urls[-1] == "https://site.example/feeds/tags/solar/rss.xml"
    assert len(urls) == 4  # all, energy, world, the tag


def test_no_churn_and_only_affected_tag_feeds_change(site):
    site.config(BASE + "tag_feeds = true\n")
    _articles(site)
    site.build()
    before = site.files()
    site.build()
    assert site.files() == before
    site.article("energy/a5.md", {"title": "A5", "id": "urn:x:a5", "date": "2026-03-05",
                                  "tags": ["wind"]})  # fmt: skip
    site.build()
    after = site.files()
    changed = {k for k in after if after.get(k) != before.get(k)}
    assert {k for k in changed if k.startswith("tags/")} == {f"tags/wind/{f}" for f in FILES}


def test_an_emptied_tag_keeps_a_valid_feed_dated_when_it_last_had_an_item(site, check_feed):
    site.config(BASE + "tag_feeds = true\n")
    _articles(site)
    site.build()
    (site.content / "energy" / "a1.md").unlink()  # the only article tagged "grid"
    site.article("energy/a9.md", {"title": "A9", "id": "urn:x:a9", "date": "2026-03-09"})
    site.build()
    parsed = check_feed(site.feed("tags/grid", "atom.xml"))
    assert parsed.entries == []
    assert parsed.feed.updated == "2026-03-01T10:00:00+00:00"  # not the site's newest (9th)
    site.build()  # and it stays so
    assert check_feed(site.feed("tags/grid", "atom.xml")).feed.updated == parsed.feed.updated


def test_tag_feeds_are_archived_like_category_feeds(site, check_feed):
    site.config(BASE + "tag_feeds = true\nitems_per_feed = 2\narchive = true\n")
    _articles(site)
    site.build()
    page = check_feed(site.feed("tags/solar", "archive/1.xml"))
    assert [e.id for e in page.entries] == ["urn:x:a2", "urn:x:a1"]
    current = etree.fromstring(site.feed("tags/solar", "atom.xml"))
    prev = current.find("{http://www.w3.org/2005/Atom}link[@rel='prev-archive']")
    assert prev.get("href") == "https://site.example/feeds/tags/solar/archive/1.xml"


def test_a_category_named_tags_is_an_error_only_with_tag_feeds(site):
    site.article("tags/x.md", {"title": "X", "id": "urn:x:x", "date": "2026-03-01"})
    site.build()
    site.config(BASE + "tag_feeds = true\n")
    result = site.run("build")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("content/tags/x.md: error: category 'Tags' would write its")


def test_tag_url_pattern(site):
    site.config(BASE + 'tag_feeds = true\ntag_url = "{base_url}/tag/{tag}/"\n')
    _articles(site)
    site.build()
    rss = etree.fromstring(site.feed("tags/wind-power", "rss.xml"))
    assert rss.findtext("channel/link") == "https://site.example/tag/wind-power/"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("tag_feeds = 5\n", "'tag_feeds' must be true, false or a list of tags"),
        ('tag_feeds = ["a", ""]\n', "'tag_feeds' must be true, false or a list of tags"),
        ('tag_url = "{base_url}/{slug}/"\n', "'tag_url': unknown placeholder {slug}"),
    ],
)
def test_config_errors(tmp_path, toml, message):
    path = tmp_path / "publisher.toml"
    path.write_text(BASE + toml)
    with pytest.raises(ConfigError, match=message.replace("{", r"\{").replace("}", r"\}")):
        load_config(path)


@given(st.text(min_size=1, max_size=120))
def test_any_tag_text_gives_a_safe_folder_name(text):
    slug = tag_slug(text)
    assert slug and slug.isascii() and len(slug) <= 80
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert slug == tag_slug(text.upper()) or not text.isascii()  # case never splits a tag


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=4))
def test_untrusted_tags_build_valid_feeds_inside_the_output(tmp_path_factory, tags):
    root = tmp_path_factory.mktemp("site")
    (root / "publisher.toml").write_text(BASE + "tag_feeds = true\n")
    content = root / "content" / "news"
    content.mkdir(parents=True)
    front = yaml.safe_dump({"title": "A", "id": "urn:x:a", "date": "2026-03-01", "tags": tags})
    (content / "a.md").write_text(f"---\n{front}---\n\nBody.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--config", str(root / "publisher.toml")])
    assert result.exit_code in (0, 1), result.output  # 1: a tag the source rules refuse
    out = (root / "feeds").resolve()
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out)
    for path in (out / "tags").glob("*/atom.xml") if result.exit_code == 0 else ():
        parse_feed(path.read_bytes(), name=str(path))
