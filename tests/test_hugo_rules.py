"""Hugo's rules through publisher's public surface: a source's link, fields and dates
(``normalize`` with the site's files), what Hugo never lists, its config as ``init
--like hugo`` reads it, and ``pin-ids`` on sources Hugo reads but others would not.

The rules come from Hugo's code (see the modules' docstrings); the data-driven tables
of Hugo's own tests are in tests/test_hugo_tables.py.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.commands.pin_ids import pin_lines
from publisher.config import Config, load_config
from publisher.errors import ConfigError
from publisher.model import Article
from publisher.normalize import normalize
from publisher.sources.base import ReaderOptions
from publisher.sources.markdown import MarkdownReader
from publisher.sources.site_files import SourceFolder

HUGO = ReaderOptions(generator="hugo")


def _config(tmp_path: Path, table: str = "") -> Config:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://site.example"\ngenerator = "hugo"\n'
        f'article_url = "{{base_url}}/{{path}}"\n{table}',
        encoding="utf-8",
    )
    (tmp_path / "content").mkdir(exist_ok=True)
    return load_config(tmp_path / "publisher.toml", environ={})


def _write(root: Path, rel: str, text: str) -> None:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _article(config: Config, rel: str, text: str | None = None) -> Article | None:
    if text is not None:
        _write(config.root, rel, text)
    source = (config.content_dir / rel).read_text(encoding="utf-8")
    doc = MarkdownReader().read(source, path=rel, rel=rel, options=HUGO)
    article, problems = normalize(doc, config, SourceFolder.of(config.content_dir, "hugo"))
    assert not [p for p in problems if p.is_error], problems
    return article


def _link(config: Config, rel: str, front: str = "title: T\ndate: 2024-01-05") -> str:
    article = _article(config, rel, f"---\n{front}\n---\nBody\n")
    assert article is not None
    return article.link


# Links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "front", "link"),
    [
        # The page's path, every folder kept (etcd, harbor, tikv, mosuke).
        ("docs/v3.3/learning/client-architecture.md", "title: T",
         "https://site.example/docs/v3.3/learning/client-architecture/"),
        ("cli-docs/cli-docs/harbor.md", "title: T", "https://site.example/cli-docs/cli-docs/harbor/"),
        ("posts/2024/thomson_sampling/index.md", "title: T",
         "https://site.example/posts/2024/thomson_sampling/"),
        ("about.md", "title: About", "https://site.example/about/"),
        # The slug replaces the file or bundle name, as written (then sanitized).
        ("posts/2024/x/index.md", "title: T\nslug: A New Name", "https://site.example/posts/2024/a-new-name/"),
        # Folders and names are lowercased, each space a hyphen; urlize's rules after.
        ("Posts/My  Trip/index.md", "title: T", "https://site.example/posts/my--trip/"),
        # Spaces become hyphens before anything is dropped (NormalizePathStringBasic).
        ("posts/C# & you, @home.md", "title: T", "https://site.example/posts/c%23--you-@home/"),
        ("posts/日本語.md", "title: T", "https://site.example/posts/%E6%97%A5%E6%9C%AC%E8%AA%9E/"),
    ],
)  # fmt: skip
def test_the_default_link_is_the_pages_path(
    tmp_path: Path, rel: str, front: str, link: str
) -> None:
    assert _link(_config(tmp_path), rel, front) == link


def test_path_settings_keep_case_and_drop_accents(tmp_path: Path) -> None:
    upper = _config(tmp_path, "[generator_options]\ndisablePathToLower = true\n")
    assert _link(upper, "Posts/Über Café.md") == "https://site.example/Posts/%C3%9Cber-Caf%C3%A9/"
    plain = _config(tmp_path, "[generator_options]\nremovePathAccents = true\n")
    assert _link(plain, "posts/Über Café.md") == "https://site.example/posts/uber-cafe/"


def test_permalinks_expand_as_hugo_does(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "[generator_options]\npermalinks = { posts = ':slug', blog = '/blog/:year-:month-:day-:title/`',"
        " notes = '/:section/:filename/', 'notes/deep' = '/deep/:slugorfilename' }\n",
    )
    # :slug is the slug, else the title (kozlovski's `posts = ":slug"`).
    assert _link(config, "posts/2025/activity_schema/index.md", "title: The Activity Schema") == (
        "https://site.example/the-activity-schema/"
    )
    # A stray character in the pattern is sanitized away (clairecodes' backtick).
    assert _link(
        config, "blog/2023/2023-10-01-x.md", "title: Blogtober 2023\ndate: 2023-10-01"
    ) == ("https://site.example/blog/2023-10-01-blogtober-2023/")
    assert _link(config, "notes/a/b.md") == "https://site.example/notes/b/"
    # The most specific section's rule wins.
    assert _link(config, "notes/deep/c.md") == "https://site.example/deep/c/"
    # Pages of other sections keep their path.
    assert _link(config, "misc/x.md") == "https://site.example/misc/x/"


def test_permalinks_page_table_ugly_urls_and_language_folder(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        "[generator_options]\npermalinks = { page = { blog = '/:year/:month/:day/:slug/' } }\n"
        "uglyURLs = { post = true }\ndefaultContentLanguage = 'en-us'\n"
        "defaultContentLanguageInSubdir = true\n",
    )
    assert _link(config, "blog/x/index.md", "title: Hi There\ndate: 2022-09-23") == (
        "https://site.example/en-us/2022/09/23/hi-there/"
    )
    assert _link(config, "post/y.md") == "https://site.example/en-us/post/y.html"
    assert _link(config, "page/z.md") == "https://site.example/en-us/page/z/"


def test_a_permalink_hugo_refuses_is_refused_by_the_config(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match=r"\[generator_options\]: 'permalinks'.*':fred' not recognised"
    ):
        _config(tmp_path, "[generator_options]\npermalinks = { posts = '/:fred/' }\n")
    (tmp_path / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://s.example"\n[generator_options]\nx = 1\n'
    )
    with pytest.raises(ConfigError, match=r"\[generator_options\] needs 'generator'"):
        load_config(tmp_path / "publisher.toml", environ={})


# Parsing -------------------------------------------------------------------------------


def test_blank_lines_and_a_bom_may_come_before_the_front_matter(tmp_path: Path) -> None:
    config = _config(tmp_path)
    article = _article(
        config, "n/a.md", "\ufeff\n\n  \n---\ntitle: Spaced\ndate: 2024-01-05\n---\nB"
    )
    assert article is not None and article.title == "Spaced"
    _write(tmp_path, "n/b.md", "\n\n+++\ntitle = 'T'\ndate = 'not a date'\n+++\n")
    doc = MarkdownReader().read((tmp_path / "content/n/b.md").read_text(), path="n/b.md",
                                rel="n/b.md", options=HUGO)  # fmt: skip
    assert doc.field_lines["date"] == 5  # lines count from the file's first


def test_a_page_without_front_matter_is_published(tmp_path: Path) -> None:
    config = _config(tmp_path)
    article = _article(
        config, "post/papers_we_love_page2.md", "Just text.\n\nTitle: not a header\n"
    )
    assert article is not None
    assert article.link == "https://site.example/post/papers_we_love_page2/"
    # Hugo's title is '' and its date the year 1: the file name and the earliest date a
    # feed can carry stand in.
    assert article.title == "papers_we_love_page2"
    assert article.published == datetime(1970, 1, 1, tzinfo=UTC)


def test_front_matter_keys_are_case_insensitive(tmp_path: Path) -> None:
    config = _config(tmp_path)
    article = _article(
        config,
        "posts/2026-07-03-ai.md",
        "---\nTitle: The missing knowledge transfer\nDate: 2026-07-03T10:00:00Z\n"
        "Draft: false\nTags: [ai]\n---\nB",
    )
    assert article is not None
    assert article.title == "The missing knowledge transfer"
    assert article.published == datetime(2026, 7, 3, 10, tzinfo=UTC)
    assert article.tags == ("ai",)
    assert _article(config, "posts/d.md", "---\nTitle: D\nDRAFT: true\n---\nB") is None


@pytest.mark.parametrize(
    ("front", "published"),
    [
        ("date: 2019-04-09T8:09:26-07:00", datetime(2019, 4, 9, 8, 9, 26, tzinfo=timezone(-timedelta(hours=7)))),
        ("date: '2016-03-06 15:28:01 +0900'", datetime(2016, 3, 6, 15, 28, 1, tzinfo=timezone(timedelta(hours=9)))),
        ("date: 'Tue, 10 Nov 2009 23:00:00 +0000'", datetime(2009, 11, 10, 23, tzinfo=UTC)),
        ("publishDate: 2024-02-01", datetime(2024, 2, 1, tzinfo=UTC)),
        ("pubdate: 2024-02-02", datetime(2024, 2, 2, tzinfo=UTC)),
        ("published: 2024-02-03", datetime(2024, 2, 3, tzinfo=UTC)),
        ("lastmod: 2024-02-04", datetime(2024, 2, 4, tzinfo=UTC)),
        ("modified: 2024-02-05", datetime(2024, 2, 5, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_dates_as_hugo_reads_them(tmp_path: Path, front: str, published: datetime) -> None:
    article = _article(_config(tmp_path), "n/a.md", f"---\ntitle: T\n{front}\n---\nB")
    assert article is not None and article.published == published


# What Hugo never lists -------------------------------------------------------------------


def test_cascade_from_a_section_page_reaches_the_pages_below(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _write(tmp_path, "tests/_index.md", "---\ntitle: Tests\ncascade:\n  - target:\n"
           "      environment: production\n    build:\n      list: never\n---\n")  # fmt: skip
    assert _article(config, "tests/deep/shortcodes.md", "---\ntitle: S\n---\nB") is None
    _write(tmp_path, "docs/_index.md", "---\ntitle: Docs\ncascade:\n  draft: true\n"
           "  _target:\n    path: /docs/old/**\n---\n")  # fmt: skip
    assert _article(config, "docs/old/a.md", "---\ntitle: A\n---\nB") is None
    assert _article(config, "docs/new/b.md", "---\ntitle: B\n---\nB") is not None
    # The page's own front matter wins over the cascade.
    assert _article(config, "docs/old/c.md", "---\ntitle: C\ndraft: false\n---\nB") is not None
    _write(tmp_path, "_index.md", "---\ncascade:\n  _build:\n    list: local\n---\n")
    assert _article(config, "anywhere/d.md", "---\ntitle: D\n---\nB") is None


def test_translations_are_no_articles_of_the_default_language(tmp_path: Path) -> None:
    config = _config(tmp_path, "[generator_options]\nlanguages = ['en', 'fr']\n")
    _write(tmp_path, "posts/trip/index.md", "---\ntitle: Trip\n---\nB")
    assert _article(config, "posts/trip/index.fr.md", "---\ntitle: Voyage\n---\nB") is None
    assert _article(config, "posts/note.fr.md", "---\ntitle: Note\n---\nB") is None
    english = _article(config, "posts/note.en.md", "---\ntitle: Note\n---\nB")
    assert english is not None and english.link == "https://site.example/posts/note/"
    # Without French among the site's languages, `.fr` is part of the name (Hugo's path
    # parser only knows configured languages).
    alone = _config(tmp_path / "alone")
    assert _link(alone, "posts/note.fr.md") == "https://site.example/posts/note.fr/"


def test_files_hugo_ignores_are_no_articles(tmp_path: Path) -> None:
    config = _config(
        tmp_path, "[generator_options]\nignoreFiles = ['README\\.md$', 'content/docs/internal/']\n"
    )
    assert _article(config, "docs/README.md", "Just text.\n") is None
    assert _article(config, "docs/internal/x.md", "---\ntitle: X\n---\nB") is None
    assert _article(config, "docs/y.md", "---\ntitle: Y\n---\nB") is not None


# init --like hugo ------------------------------------------------------------------------


def _init(root: Path) -> str:
    result = CliRunner().invoke(cli, ["init", str(root), "--like", "hugo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return (root / "publisher.toml").read_text(encoding="utf-8")


def test_init_reads_the_config_folder_keyed_by_file_name(tmp_path: Path) -> None:
    default = tmp_path / "config" / "_default"
    default.mkdir(parents=True)
    (default / "hugo.yaml").write_text("baseURL: https://linkerd.example/\ntitle: Linkerd\n")
    (default / "permalinks.yaml").write_text("page:\n  blog: /:year/:month/:day/:slug/\n")
    (default / "services.yaml").write_text("rss:\n  limit: 10\n")
    (tmp_path / "config" / "production").mkdir()
    (tmp_path / "config" / "production" / "params.toml").write_text("x = 1\n")
    text = _init(tmp_path)
    assert 'title = "Linkerd"' in text and 'base_url = "https://linkerd.example"' in text
    assert 'article_url = "{base_url}/{path}"' in text
    assert (
        '[generator_options]\npermalinks = { page = { blog = "/:year/:month/:day/:slug/" } }'
        in text
    )
    assert load_config(tmp_path / "publisher.toml", environ={}).generator_options == {
        "permalinks": {"page": {"blog": "/:year/:month/:day/:slug/"}},
        "pageOrder": "hugo",
    }


def test_init_reads_keys_in_any_case_and_the_default_language(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'BaseURL = "https://ignored.example/"\nTitle = "Root"\nrssLimit = 20\n'
        'timeZone = "Europe/Oslo"\ndefaultContentLanguage = "ja"\n'
        "[Permalinks]\nposts = ':slug'\n"
        "[languages.ja]\ncontentDir = 'content/ja/'\ntitle = 'Japanese title'\n"
        "[languages.en]\ncontentDir = 'content/en'\ntitle = 'English title'\n"
    )
    (tmp_path / "hugo.toml").write_text('baseurl = "https://site.example/"\n')  # wins
    text = _init(tmp_path)
    assert 'base_url = "https://site.example"' in text
    assert 'title = "Root"' not in text  # hugo.toml is read, config.toml is not
    (tmp_path / "hugo.toml").unlink()
    (tmp_path / "publisher.toml").unlink()
    text = _init(tmp_path)
    assert 'title = "Japanese title"' in text
    # Two languages, each its own content folder: both are read, each in its language.
    assert 'content_dir = "content"' in text
    assert '[languages.ja]\ntitle = "Japanese title"\nfolder = "ja"' in text
    assert '[languages.en]\ntitle = "English title"\nfolder = "en"' in text
    assert 'timezone = "Europe/Oslo"' in text
    assert 'permalinks = { posts = ":slug" }' in text
    assert 'defaultContentLanguage = "ja"\nlanguages = ["ja", "en"]' in text


def test_init_takes_the_content_mount(tmp_path: Path) -> None:
    (tmp_path / "hugo.yaml").write_text(
        "baseURL: /\ntitle: Flux\nmodule:\n  mounts:\n    - source: content/en\n      target: content\n"
    )
    text = _init(tmp_path)
    assert 'content_dir = "content/en"' in text
    assert 'base_url = "https://example.org"' in text  # "/" is no address: asked for


# pin-ids ---------------------------------------------------------------------------------


def test_pin_ids_adds_front_matter_where_hugo_reads_it(tmp_path: Path) -> None:
    new, line = pin_lines(b"\n\n---\ntitle: T\n---\nB\n", [("id", "x:y")], "a.md", generator="hugo")
    assert new == b'\n\n---\nid: "x:y"\ntitle: T\n---\nB\n' and line == 4
    new, line = pin_lines(b"Just text.\n", [("id", "x:y")], "a.md", generator="hugo")
    assert new == b'---\nid: "x:y"\n---\nJust text.\n' and line == 2
    doc = MarkdownReader().read(new.decode(), path="a.md", rel="a.md", options=HUGO)
    assert doc.fields == {"id": "x:y"} and doc.body == "Just text.\n"


def test_any_line_starting_with_the_delimiter_closes_the_front_matter(tmp_path: Path) -> None:
    config = _config(tmp_path)
    text = "---\ntitle: Tuning\ndate: 2024-01-05\n----------\n\nBody text.\n"
    article = _article(config, "docs/tuning.md", text)
    assert article is not None and article.title == "Tuning"
    doc = MarkdownReader().read(text, path="t.md", rel="t.md", options=HUGO)
    assert doc.body.startswith("-------\n") and doc.body_line == 4


def test_shortcode_output_stays_where_raw_html_is_left_out(tmp_path: Path) -> None:
    """Hugo puts a shortcode's output in after rendering the Markdown, so
    ``renderer.unsafe = false`` leaves out the HTML the author wrote, not a figure's."""
    _config(tmp_path, '\n[markdown]\nflavour = "goldmark"\nraw_html = false\n')
    _write(tmp_path, "posts/a.md", (
        "---\ntitle: A\ndate: 2024-01-05\n---\nIntro <b>bold</b>.\n\n"
        '{{< figure src="/a.png" caption="Cap" >}}\n\nSee {{< youtube abc >}} now.\n\n'
        "<div>raw</div>\n"
    ))  # fmt: skip
    result = CliRunner().invoke(cli, ["build", "--config", str(tmp_path / "publisher.toml")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "feeds" / "all" / "atom.xml").read_text(encoding="utf-8")
    assert "&lt;p&gt;Intro bold.&lt;/p&gt;" in html and "raw" not in html
    assert '&lt;figure&gt;&lt;img src="https://site.example/a.png"' in html
    assert '&lt;a href="https://www.youtube.com/watch?v=abc"&gt;Watch on YouTube' in html
    assert "data-publisher-generated" not in html


_ORDERED_SITE = {
    "docs/a.md": "---\ntitle: A\nweight: 2\n---\nA\n",
    "docs/b.md": "---\ntitle: B\nweight: 1\n---\nB\n",
    "docs/c.md": "---\ntitle: C\n---\nC\n",
    "blog/new.md": "---\ntitle: New\ndate: 2024-05-01\n---\nNew\n",
    "blog/old.md": "---\ntitle: Old\ndate: 2020-01-01\n---\nOld\n",
}


def _build_links(root: Path) -> tuple[str, list[str]]:
    result = CliRunner().invoke(
        cli, ["build", "--config", str(root / "publisher.toml")], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    rss = (root / "feeds" / "all" / "rss.xml").read_text(encoding="utf-8")
    return result.output, re.findall(r"<link>https://site\.example/([^<]*)</link>", rss)[1:]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ('pageOrder = "hugo"\n', ["docs/b/", "docs/a/", "blog/new/"]),
        ('pageOrder = "date"\n', ["blog/new/", "blog/old/", "docs/a/"]),
        ("", ["blog/new/", "blog/old/", "docs/a/"]),  # a config from before the setting
    ],
)
def test_feeds_list_pages_in_hugos_order_when_asked(
    tmp_path: Path, order: str, expected: list[str]
) -> None:
    # linkerd's docs pages have weights and no date: Hugo's feed lists them first.
    _config(tmp_path, f"items_per_feed = 3\n[generator_options]\n{order}")
    for rel, text in _ORDERED_SITE.items():
        _write(tmp_path, rel, text)
    assert _build_links(tmp_path)[1] == expected
    # Dateless pages keep the date their ids were derived from (docs/generators.md).
    rss = (tmp_path / "feeds" / "all" / "rss.xml").read_text(encoding="utf-8")
    assert "Thu, 01 Jan 1970 00:00:00 +0000" in rss


def test_hugo_order_follows_an_edit_and_a_no_op_build_changes_nothing(tmp_path: Path) -> None:
    _config(tmp_path, 'items_per_feed = 3\n[generator_options]\npageOrder = "hugo"\n')
    for rel, text in _ORDERED_SITE.items():
        _write(tmp_path, rel, text)
    _build_links(tmp_path)
    feeds = {p: p.read_bytes() for p in (tmp_path / "feeds").rglob("*") if p.is_file()}
    output, links = _build_links(tmp_path)
    assert output == "" and links == ["docs/b/", "docs/a/", "blog/new/"]
    assert {p: p.read_bytes() for p in (tmp_path / "feeds").rglob("*") if p.is_file()} == feeds
    # C gets B's weight and a link title that sorts first; A drops out of the three.
    _write(tmp_path, "docs/c.md", "---\ntitle: C\nlinkTitle: Aa\nweight: 1\n---\nC\n")
    assert _build_links(tmp_path)[1] == ["docs/c/", "docs/b/", "docs/a/"]
    _write(tmp_path, "docs/a.md", "---\ntitle: A\n---\nA\n")  # A loses its weight
    assert _build_links(tmp_path)[1] == ["docs/c/", "docs/b/", "blog/new/"]


def test_a_page_order_hugo_does_not_know_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'pageOrder' must be"):
        _config(tmp_path, '[generator_options]\npageOrder = "weight"\n')


def test_init_like_hugo_orders_pages_as_hugo(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://s.example/"\ntitle = "S"\n[services.rss]\nlimit = 10\n'
    )
    text = _init(tmp_path)
    assert '[generator_options]\npageOrder = "hugo"' in text
    assert "held the first 10 articles" in text
    config = load_config(tmp_path / "publisher.toml", environ={})
    assert config.generator_options == {"pageOrder": "hugo"}


def test_the_sites_plain_html_shortcodes_are_written_where_they_stand(tmp_path: Path) -> None:
    """A shortcode template with no template action is text Hugo puts in the page as it
    is, after rendering (so raw_html = false keeps it); one with actions needs Hugo. An
    edit of the template renders the pages again."""
    _config(tmp_path, '\n[markdown]\nflavour = "goldmark"\nraw_html = false\n')
    shortcodes = tmp_path / "layouts" / "shortcodes"
    shortcodes.mkdir(parents=True)
    (shortcodes / "series.html").write_text(
        '<hr>\n<h5>The series</h5>\n\n<ul>\n<li><a href="/posts/one/">One</a></li>\n</ul>\n',
        encoding="utf-8",
    )
    (shortcodes / "card.html").write_text(
        '{{ with .Get "url" }}<div>{{ . }}</div>{{ end }}\n', encoding="utf-8"
    )
    _write(tmp_path, "posts/a.md", (
        "---\ntitle: A\ndate: 2024-01-05\n---\nIntro.\n\n{{< series >}}\n\n"
        '{{< card url="x" >}}\n\nEnd.\n'
    ))  # fmt: skip
    config = ["--config", str(tmp_path / "publisher.toml")]
    result = CliRunner().invoke(cli, ["build", *config])
    assert result.exit_code == 0, result.output
    assert "shortcode {{< card >}} cannot be rendered outside Hugo" in result.output
    assert "series" not in result.output
    feed = feedparser.parse((tmp_path / "feeds" / "all" / "atom.xml").read_bytes())
    body = feed.entries[0].content[0].value
    assert "<h5>The series</h5>" in body
    assert '<a href="https://site.example/posts/one/">One</a>' in body
    assert body.index("Intro.") < body.index("The series") < body.index("End.")
    assert "data-publisher-generated" not in body
    (shortcodes / "series.html").write_text("<p>Renamed series</p>\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["build", *config]).exit_code == 0
    feed = feedparser.parse((tmp_path / "feeds" / "all" / "atom.xml").read_bytes())
    assert "Renamed series" in feed.entries[0].content[0].value


@pytest.mark.parametrize(
    ("template", "shortcode", "written"),
    [
        ("<!-- raw html -->\n{{.Inner}}\n", "{{< rawhtml >}}\n<b>Hi</b>\n\n<i>there</i>\n{{< /rawhtml >}}",
         "<b>Hi</b>\n\n<i>there</i>"),
        ('<a href="{{ .Get "url" }}">{{- .Get 0 -}}</a>', '{{< link "Go & see" url="/x/" >}}',
         '<a href="https://site.example/x/">Go &amp; see</a>'),
        ("{{/* a note */}}<q>{{ .Inner | safeHTML }}</q>", "{{< q >}}Said{{< /q >}}", "<q>Said</q>"),
        ("<p>Video {{ .Get 0 }}</p>", "{{< youtube abc >}}", "<p>Video abc</p>"),
    ],
    ids=["rawhtml", "arguments", "comment-safehtml", "site-template-over-embedded"],
)  # fmt: skip
def test_shortcode_templates_that_only_print_the_inner_text_or_arguments(
    tmp_path: Path, template: str, shortcode: str, written: str
) -> None:
    """The actions filled in without Hugo: ``.Inner`` as it is, ``.Get`` escaped as Go's
    html/template escapes text, comments; Hugo's ``-`` markers trim the spaces beside."""
    _config(tmp_path, '\n[markdown]\nflavour = "goldmark"\nraw_html = false\n')
    shortcodes = tmp_path / "layouts" / "shortcodes"
    shortcodes.mkdir(parents=True)
    name = re.search(r"\{\{< (\w+)", shortcode)
    assert name
    (shortcodes / f"{name[1]}.html").write_text(template, encoding="utf-8")
    _write(tmp_path, "posts/a.md", f"---\ntitle: A\ndate: 2024-01-05\n---\n{shortcode}\n")
    result = CliRunner().invoke(cli, ["build", "--config", str(tmp_path / "publisher.toml")])
    assert result.exit_code == 0, result.output
    assert "cannot be rendered" not in result.output
    feed = feedparser.parse((tmp_path / "feeds" / "all" / "atom.xml").read_bytes())
    assert written in feed.entries[0].content[0].value
