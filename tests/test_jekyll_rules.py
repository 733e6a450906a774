"""Jekyll's own rules, checked against Jekyll's own tables and answers (tests/jekyll/).

``slugify.json`` is jekyll/jekyll's test/test_utils.rb table (slugify in every mode,
titleize_slug); ``parse_date.json``, ``smartify.json`` and ``permalinks.json`` hold what
Jekyll 4.3.1 and jekyll-feed 0.17.0 answered for the corpus's forms and hand-picked ones
(bench/jekyll_tables.py asks them; the files say where each input comes from).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import pytest
import yaml
from click.testing import CliRunner, Result

from publisher.cli import cli
from publisher.dates import MIN_YEAR, DateError
from publisher.generators import jekyll_site
from publisher.generators.jekyll import JEKYLL
from publisher.generators.jekyll_urls import slugify, titleize_slug
from publisher.generators.smartify import feed_title

TABLES = Path(__file__).parent / "jekyll"


def _table(name: str) -> dict[str, Any]:
    table: dict[str, Any] = json.loads((TABLES / f"{name}.json").read_text(encoding="utf-8"))
    return table


SLUGIFY = _table("slugify")
DATES = _table("parse_date")
SMARTIFY = _table("smartify")
PERMALINKS = _table("permalinks")


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("case", SLUGIFY["cases"], ids=lambda c: f"{c['mode']}:{c['input']}")
def test_slugify_as_jekylls_test_utils(case: dict[str, Any]) -> None:
    assert slugify(case["input"], case["mode"], cased=case["cased"]) == case["expected"]


@pytest.mark.parametrize("case", SLUGIFY["titleize"], ids=lambda c: c["input"])
def test_titleize_slug_as_jekylls_test_utils(case: dict[str, str]) -> None:
    assert titleize_slug(case["input"]) == case["expected"]


def _date_cases() -> list[tuple[str, str, object]]:
    return [(c["input"], zone, c[zone]) for c in DATES["cases"] for zone in DATES["zones"]]


@pytest.mark.parametrize(("text", "zone", "ruby"), _date_cases(), ids=lambda v: str(v))
def test_dates_as_rubys_time_parse(text: str, zone: str, ruby: object) -> None:
    tz = ZoneInfo(zone)
    if isinstance(ruby, dict):  # Jekyll refuses it: so do we, in one line
        with pytest.raises(DateError, match=r"cannot read date|impossible date"):
            JEKYLL.read_date(text, tz)
        return
    assert isinstance(ruby, str)
    if not ruby[:4].isdigit() or int(ruby[:4]) < MIN_YEAR:
        # Ruby reads it; a feed carries no year before 1970 (our floor, any generator).
        with pytest.raises(DateError, match="year"):
            JEKYLL.read_date(text, tz)
        return
    expected = datetime.strptime(ruby, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert JEKYLL.read_date(text, tz) == expected


def test_a_date_that_depends_on_the_day_of_the_build_is_refused() -> None:
    # Ruby fills in the year (and more) from the clock: two builds would disagree.
    for text in ("Jan 5", "10:30", "Tuesday 10am"):
        with pytest.raises(DateError, match=r"no year|no date"):
            JEKYLL.read_date(text, UTC)


def test_yaml_timestamps_read_as_jekylls_safe_yaml_reads_them() -> None:
    la = ZoneInfo("America/Los_Angeles")
    # Unquoted 2020-01-05 22:00:00 is a timestamp: UTC, not the site's zone.
    assert JEKYLL.read_date(datetime(2020, 1, 5, 22), la) == datetime(2020, 1, 5, 22, tzinfo=UTC)
    # A bare date is local midnight; a quoted string is read by Time.parse, locally.
    assert (
        JEKYLL.read_date(datetime(2020, 1, 5).date(), la).utcoffset().total_seconds() == -8 * 3600
    )  # type: ignore[union-attr]
    assert JEKYLL.read_date("2020-01-05 22:00", la) == datetime(2020, 1, 5, 22, tzinfo=la)


def _plain(smartified: str) -> str:
    """jekyll-feed's title (smartify's HTML | strip_html | normalize_whitespace) as text."""
    stripped = re.sub(r"<script.*?</script>|<!--.*?-->|<style.*?</style>|<.*?>", "", smartified,
                      flags=re.DOTALL)  # fmt: skip
    return html.unescape(re.sub(r"[ \t\n\v\f\r]+", " ", stripped).strip())


@pytest.mark.parametrize("case", SMARTIFY["cases"], ids=lambda c: c["input"][:40])
def test_titles_as_jekyll_feeds_smartify(case: dict[str, str]) -> None:
    assert feed_title(case["input"]) == _plain(case["smartify"])


def _write_site(root: Path, config: dict[str, Any]) -> None:
    root.mkdir()
    settings = {"title": "T", "url": "https://t.example", "timezone": "America/Los_Angeles",
                "feed": {"posts_limit": 100}}  # fmt: skip
    settings.update(config)
    (root / "_config.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    for post in PERMALINKS["posts"]:
        path = root / post["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        fields = post["front_matter"]
        front = yaml.safe_dump(fields, allow_unicode=True) if fields else ""
        path.write_text(f"---\n{front}---\nBody.\n", encoding="utf-8")


@pytest.mark.parametrize("site", PERMALINKS["sites"], ids=lambda s: s["name"])
def test_links_titles_and_dates_as_jekyll_feed_published_them(
    site: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    _write_site(root, site["config"])
    monkeypatch.chdir(root)
    assert _run("init", "--like", "jekyll").exit_code == 0
    built = _run("build")
    assert built.exit_code == 0, built.output
    ours = feedparser.parse((root / "feeds" / "all" / "atom.xml").read_bytes()).entries
    got = {(e.link, e.title, e.published) for e in ours}
    expected = set()
    for entry in site["posts"].values():
        link = entry["link"]  # "https://t.example/" + "/2020/..." keeps its "//"
        published = datetime.fromisoformat(entry["published"]).astimezone(UTC)
        ours_published = published.strftime("%Y-%m-%dT%H:%M:%SZ")
        expected.add((link, html.unescape(entry["title"]), ours_published))
    assert {(link, title, _utc(when)) for link, title, when in got} == expected


def _utc(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_posts_jekyll_skips_are_no_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    _write_site(root, {})
    posts = root / "_posts"
    for name in ("_hidden.md", "2020-01-01-backup.md~", "notes.md", ".2020-01-01-dot.md"):
        (posts / name).write_text("---\ntitle: Never\n---\nNo.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert _run("init", "--like", "jekyll").exit_code == 0
    built = _run("build")
    assert built.exit_code == 0, built.output
    assert "Never" not in (root / "feeds" / "all" / "atom.xml").read_text(encoding="utf-8")


def test_a_date_jekyll_refuses_is_one_line_naming_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    _write_site(root, {})
    (root / "_posts" / "2020-01-09-bad.md").write_text(
        "---\ntitle: Bad\ndate: the ninth of never\n---\nBody.\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    assert _run("init", "--like", "jekyll").exit_code == 0
    built = _run("build")
    assert built.exit_code == 1
    assert [line for line in built.stderr.splitlines() if ": error:" in line] == [
        "_posts/2020-01-09-bad.md:3: error: 'date': cannot read date 'the ninth of never': "
        "no date or time in it"
    ]


def test_init_asks_for_the_address_github_pages_fills_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "_config.yml").write_text("title: T\n", encoding="utf-8")
    (tmp_path / "CNAME").write_text("blog.example.net\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    refused = _run("init", "--like", "jekyll")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: _config.yml names no url (GitHub Pages fills it in when it builds the site): "
        "give the site's address with --base-url (its CNAME says https://blog.example.net)\n"
    )
    assert not (tmp_path / "publisher.toml").exists()
    given = _run("init", "--like", "jekyll", "--base-url", "https://blog.example.net")
    assert given.exit_code == 0, given.output


@pytest.mark.parametrize(
    ("files", "limit"),
    [
        ({}, 10),
        ({"_config.yml": "feed:\n  posts_limit: 25\n"}, 25),
        ({"feed.xml": "---\nlayout: null\n---\n{% for post in site.posts limit:20 %}x{% endfor %}"},
         20),
        ({"feed.xml": "---\n---\n{%- for post in documents %}x{% endfor %}"}, None),
        ({"feed.xml": "<rss>{% for post in site.posts limit:3 %}{% endfor %}</rss>"}, 10),
    ],
    ids=["jekyll-feed", "posts_limit", "own-template", "own-template-unlimited",
         "static-file"],
)  # fmt: skip
def test_the_number_of_items_the_old_feed_held(
    tmp_path: Path, files: dict[str, str], limit: int | None
) -> None:
    files = {"_config.yml": "url: https://t.example\n"} | files
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert JEKYLL.site_facts(tmp_path).feed_limit == limit


def test_front_matter_defaults_are_read_on_every_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    _write_site(root, {})
    monkeypatch.chdir(root)
    assert _run("init", "--like", "jekyll").exit_code == 0
    assert _run("build").exit_code == 0
    config = root / "_config.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["defaults"] = [{"scope": {"path": "_posts/sub"},
                             "values": {"permalink": "/moved/:title/", "author": "Ada"}}]  # fmt: skip
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    assert _run("build").exit_code == 0
    feed = feedparser.parse((root / "feeds" / "all" / "atom.xml").read_bytes())
    moved = [e for e in feed.entries if e.title == "Folder"]
    assert [(e.link, e.author) for e in moved] == [("https://t.example/moved/in-a-folder/", "Ada")]


def test_a_broken_config_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "site"
    _write_site(root, {})
    monkeypatch.chdir(root)
    assert _run("init", "--like", "jekyll").exit_code == 0
    (root / "_config.yml").write_text("title: T\ndefaults: [\n", encoding="utf-8")
    built = _run("build")
    assert built.exit_code == 1
    assert re.fullmatch(r"error: \S*_config.yml:3: not valid YAML: .*\n", built.stderr)
    shutil.rmtree(root / "feeds", ignore_errors=True)


@pytest.mark.parametrize(
    ("feed", "title"),
    [(None, "It’s – done"),
     ("---\n---\n{% for post in site.posts %}{{ post.title | xml_escape }}{% endfor %}",
      "It's -- done"),
     ("---\n---\n{% for post in site.posts %}{{ post.title | smartify }}{% endfor %}",
      "It’s – done")],
    ids=["jekyll-feed", "own-template", "own-template-smartify"],
)  # fmt: skip
def test_titles_as_the_sites_feed_prints_them(
    feed: str | None, title: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "_config.yml").write_text("url: https://t.example\n", encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2020-01-01-done.md").write_text(
        "---\ntitle: It's -- done\n---\nB\n", encoding="utf-8"
    )
    if feed is not None:
        (tmp_path / "feed.xml").write_text(feed, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", "jekyll").exit_code == 0
    assert _run("build").exit_code == 0
    entries = feedparser.parse((tmp_path / "feeds" / "all" / "atom.xml").read_bytes()).entries
    assert [e.title for e in entries] == [title]


def test_posts_in_any_folder_take_the_folders_above_as_categories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "_config.yml").write_text("url: https://t.example\n", encoding="utf-8")
    posts = {"_posts/2020-01-01-top.md": "Top", "en/news/_posts/2020-01-02-nested.md": "Nested",
             "es/_posts/2020-01-03-hola.md": "Hola"}  # fmt: skip
    for rel, title in posts.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"---\ntitle: {title}\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Not a post\n", encoding="utf-8")
    (tmp_path / "_site" / "2020").mkdir(parents=True)
    (tmp_path / "_site" / "2020" / "top.html").write_text("<p>built</p>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", "jekyll").exit_code == 0
    assert 'content_dir = "."' in (tmp_path / "publisher.toml").read_text(encoding="utf-8")
    built = _run("build")
    assert built.exit_code == 0, built.output
    entries = feedparser.parse((tmp_path / "feeds" / "all" / "atom.xml").read_bytes()).entries
    assert sorted((e.title, e.link) for e in entries) == [
        ("Hola", "https://t.example/es/2020/01/03/hola.html"),
        ("Nested", "https://t.example/en/news/2020/01/02/nested.html"),
        ("Top", "https://t.example/2020/01/01/top.html"),
    ]
    assert sorted(p.name for p in (tmp_path / "feeds").iterdir() if p.is_dir()) == [
        "all", "en", "es", "news",
    ]  # fmt: skip


def test_the_collections_the_sites_own_feed_lists_are_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    shutil.copytree(TABLES / "collections", root)
    monkeypatch.chdir(root)
    started = _run("init", "--like", "jekyll")
    assert started.exit_code == 0
    assert "lists _releases/, _notes/, _events/ too" in started.output
    built = _run("build")
    assert built.exit_code == 0, built.output
    entries = feedparser.parse((root / "feeds" / "all" / "atom.xml").read_bytes()).entries
    ours = [f"{e.link}|{e.title}|{e.published}" for e in entries]
    jekylls = (TABLES / "collections.expected").read_text(encoding="utf-8").splitlines()
    assert ours == [line for line in jekylls if line]
    assert "Not listed" not in (root / "feeds" / "all" / "atom.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("style", "template"),
    [("pretty", "/:collection/:path/"), ("date", "/:collection/:path:output_ext"),
     ("none", "/:collection/:path:output_ext"), ("/:year/:month/:title/", "/:collection/:path/"),
     ("/:year/:month/:title", "/:collection/:path"),
     ("/:title:output_ext", "/:collection/:path:output_ext")],
)  # fmt: skip
def test_a_collections_url_without_a_permalink_follows_the_sites_style(
    style: str, template: str
) -> None:
    """``Utils.add_permalink_suffix``'s documented examples, on ``/:collection/:path``."""
    data = {"permalink": style, "collections": {"releases": {"output": True}}}
    found = jekyll_site.feed_collections(data, "---\n---\n{{ site.releases }}")
    assert found == {"releases": template}


def test_collections_the_feed_does_not_list_or_jekyll_does_not_write_are_no_articles() -> None:
    data = {"collections": {"a": {"output": True}, "b": {"output": False}, "c": {"output": True}}}
    feed = "---\n---\n{% for d in site.a | concat: site.b %}{% endfor %}{{ site.title }}"
    assert list(jekyll_site.feed_collections(data, feed)) == ["a"]
    assert jekyll_site.feed_collections(data, None) == {}
