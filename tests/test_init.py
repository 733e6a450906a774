"""``publisher init``: a new site that builds, and settings copied from generators' configs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from publisher.cli import cli
from publisher.config import load_config


def _run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_a_new_site_from_nothing_to_feeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("init", "mysite", "--title", "My site", "--base-url", "https://me.example/")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote mysite/publisher.toml\ncreated mysite/content/\n"
        "added the cache folder to mysite/.gitignore\n"
    )
    config = load_config(Path("mysite/publisher.toml"))
    assert (config.title, config.base_url, config.generator) == (
        "My site",
        "https://me.example",
        "",
    )
    assert (tmp_path / "mysite" / ".gitignore").read_text() == (
        "# publisher's build cache and lock\n.publisher-cache/\n"
    )
    monkeypatch.chdir(tmp_path / "mysite")
    new = _run("new", "First post", "--category", "Notes", "--date", "2026-01-02T10:00:00Z")
    assert new.exit_code == 0, new.output
    draft = Path(new.stdout.strip())
    draft.write_text(draft.read_text("utf-8").replace("draft: true\n", ""), "utf-8")  # publish
    build = _run("build")
    assert build.exit_code == 0 and build.output == "", build.output
    assert (tmp_path / "mysite" / "feeds" / "notes" / "atom.xml").is_file()


def test_refuses_to_overwrite_and_adds_the_ignore_line_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").write_text("node_modules", encoding="utf-8")
    assert _run("init", "--title", "T", "--base-url", "https://t.example").exit_code == 0
    before = (tmp_path / "publisher.toml").read_bytes()
    again = _run("init", "--title", "Other", "--base-url", "https://o.example")
    assert again.exit_code == 1
    assert again.stderr == "error: publisher.toml: already exists: not overwritten\n"
    assert (tmp_path / "publisher.toml").read_bytes() == before
    assert (tmp_path / ".gitignore").read_text() == (
        "node_modules\n# publisher's build cache and lock\n.publisher-cache/\n"
    )


def test_without_a_terminal_it_asks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("init", input="")
    assert result.exit_code == 0, result.output
    assert "edit title and base_url in publisher.toml" in result.stdout
    assert load_config(Path("publisher.toml")).base_url == "https://example.org"


def test_bad_base_url_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("init", "--base-url", "example.org")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: --base-url must be an absolute http(s) URL, got 'example.org'\n"
    )
    assert not (tmp_path / "publisher.toml").exists()


@pytest.mark.parametrize(
    ("files", "like", "expected"),
    [
        ({"config.yaml": "baseURL: https://h.example/\ntitle: H\ntimeZone: Asia/Tokyo\n"}, "hugo",
         ['base_url = "https://h.example"', 'title = "H"', 'timezone = "Asia/Tokyo"']),
        ({"_config.yml": "url: https://u.github.io\nbaseurl: /blog\npermalink: pretty\n"}, "jekyll",
         ['base_url = "https://u.github.io/blog"',
          'article_url = "{base_url}/:categories/:year/:month/:day/:title/"']),
        ({"_config.yml": "url: https://u.example\npermalink: /:year/:title:output_ext\n"}, "jekyll",
         ['article_url = "{base_url}/:year/:title:output_ext"']),
        ({"_config.yml": "url: https://u.example\npermalink: /:year/:y_day/:title\n"}, "jekyll",
         ['article_url = "{base_url}/:year/:y_day/:title"']),
        ({"_config.yml": "url: https://u.example/\nbaseurl: blog/\ntimezone: '+0100'\n"
                         "lang: pt-BR\nfeed:\n  posts_limit: 15\n"}, "jekyll",
         ['base_url = "https://u.example/blog"', 'timezone = "UTC"', 'language = "pt-BR"',
          "# Jekyll's timezone '+0100' names no zone"]),
        ({"pelicanconf.py": "SITENAME = 'P'\nSITEURL = ''\nPATH = 'posts'\n"
                            "ARTICLE_URL = '{date:%Y}/{date:%m}/{slug}/'\n",
          "publishconf.py": "SITEURL = 'https://p.example'\n"}, "pelican",
         ['base_url = "https://p.example"', 'content_dir = "posts"',
          'article_url = "{base_url}/{year}/{month}/{slug}/"']),
    ],
    ids=["hugo-yaml", "jekyll-pretty", "jekyll-custom", "jekyll-ordinal", "jekyll-zone-offset",
         "pelican"],
)  # fmt: skip
def test_like_reads_the_generators_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], like: str,
    expected: list[str],
) -> None:  # fmt: skip
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _run("init", "--like", like)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "publisher.toml").read_text(encoding="utf-8")
    for line in expected:
        assert line in text
    load_config(tmp_path / "publisher.toml")  # what init writes always loads


def test_not_found_errors_say_how_to_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    missing = _run("build")
    assert missing.exit_code == 1
    assert "run `publisher init` to create one" in missing.stderr
    (tmp_path / "publisher.toml").write_text('title = "T"\nbase_url = "https://t.example"\n')
    no_content = _run("build")
    assert no_content.exit_code == 1
    assert no_content.stderr == (
        "error: content: content folder not found (set content_dir in publisher.toml, "
        "or run `publisher init` to start a site)\n"
    )


def test_a_feed_that_held_everything_keeps_holding_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hugo's feed is unlimited by default: every old item must stay.
    (tmp_path / "hugo.toml").write_text('baseURL = "https://b.example/"\ntitle = "B"\n')
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    for number in range(70):
        (posts / f"p{number}.md").write_text(f"---\ntitle: P{number}\ndate: 2024-01-01\n---\nx\n")
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", "hugo").exit_code == 0
    assert load_config(tmp_path / "publisher.toml").items_per_feed == 70


@pytest.mark.parametrize(
    ("files", "like", "items"),
    [
        # Hugo's services.rss.limit (and the older rssLimit)
        ({"hugo.toml": 'baseURL = "https://b.example/"\nrssLimit = 20\n'}, "hugo", 20),
        ({"hugo.toml": 'baseURL = "https://b.example/"\n[services.rss]\nlimit = 7\n'}, "hugo", 7),
        # jekyll-feed's posts_limit, 10 by default
        ({"_config.yml": "url: https://j.example\n"}, "jekyll", 10),
        ({"_config.yml": "url: https://j.example\nfeed:\n  posts_limit: 25\n"}, "jekyll", 25),
        # Pelican's FEED_MAX_ITEMS, 100 by default; None is unlimited
        ({"pelicanconf.py": "SITEURL = 'https://p.example'\n"}, "pelican", 100),
        ({"pelicanconf.py": "FEED_MAX_ITEMS = 5\n"}, "pelican", 5),
        ({"pelicanconf.py": "FEED_MAX_ITEMS = None\n"}, "pelican", 50),
        ({"pelicanconf.py": "FEED_MAX_ITEMS = None\n", "publishconf.py": "FEED_MAX_ITEMS = 20\n"},
         "pelican", 20),
    ],
    ids=["hugo-rssLimit", "hugo-services", "jekyll-default", "jekyll-posts-limit",
         "pelican-default", "pelican-5", "pelican-unlimited", "pelican-publishconf"],
)  # fmt: skip
def test_the_feed_holds_as_many_items_as_the_generators_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], like: str, items: int
) -> None:
    # More items than the old feed held would bring older posts to subscribers as new.
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _run("init", "--like", like, "--base-url", "https://x.example", "--title", "X")
    assert result.exit_code == 0, result.output
    config = (tmp_path / "publisher.toml").read_text(encoding="utf-8")
    assert load_config(tmp_path / "publisher.toml").items_per_feed == items
    assert f"\nitems_per_feed = {items}\n" in config
    assert "pin-ids --from-feed` sets it to the old feed's own count" in config
    # The generator's feed had no byte budget: a budget would leave old items out.
    assert load_config(tmp_path / "publisher.toml").max_feed_bytes == 0


def test_a_new_site_keeps_the_default_item_count_commented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--title", "T", "--base-url", "https://t.example").exit_code == 0
    config = (tmp_path / "publisher.toml").read_text(encoding="utf-8")
    assert "\n# items_per_feed = 50\n" in config
    assert load_config(tmp_path / "publisher.toml").items_per_feed == 50
    assert "\n# max_feed_bytes = 524288\n" in config
    assert load_config(tmp_path / "publisher.toml").max_feed_bytes == 524_288
