"""Pelican's own rules, through the public surface: its tables (tests/pelican/*.toml, taken
from getpelican/pelican's tests), its settings files, its Markdown headers and
reStructuredText, metadata from paths, slugs, static links, ``init --like pelican``."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.config import Config, load_config
from publisher.dates import DateError
from publisher.errors import ConfigError, SourceError
from publisher.generators.pelican_settings import read_settings
from publisher.generators.pelican_values import DEFAULT_SUBSTITUTIONS, get_date, slugify
from publisher.normalize import normalize
from publisher.sources.base import ReaderOptions
from publisher.sources.markdown import MarkdownReader
from publisher.sources.rst import RstReader
from publisher.sources.site_files import SourceFolder

TABLES = Path(__file__).parent / "pelican"
PELICAN = ReaderOptions(generator="pelican")


def _cases(name: str) -> list[dict[str, object]]:
    return list(tomllib.loads((TABLES / name).read_text(encoding="utf-8"))["case"])


@pytest.mark.parametrize("case", _cases("get_date.toml"), ids=lambda c: str(c["text"]))
def test_get_date_table(case: dict[str, object]) -> None:
    text = str(case["text"])
    if "error" in case:
        with pytest.raises(DateError, match=str(case["error"])):
            get_date(text)
    else:
        assert get_date(text) == datetime.fromisoformat(str(case["expected"]))
        assert (
            get_date(text).isoformat() == datetime.fromisoformat(str(case["expected"])).isoformat()
        )


@pytest.mark.parametrize("case", _cases("slugify.toml"), ids=lambda c: str(c["text"]))
def test_slugify_table(case: dict[str, object]) -> None:
    substitutions = [tuple(p) for p in case.get("substitutions", DEFAULT_SUBSTITUTIONS)]  # type: ignore[attr-defined]
    substitutions = [tuple(p) for p in case.get("prepend", [])] + substitutions  # type: ignore[attr-defined]
    got = slugify(
        str(case["text"]),
        substitutions,  # type: ignore[arg-type]
        preserve_case=bool(case.get("preserve_case")),
        use_unicode=bool(case.get("use_unicode")),
    )
    assert got == case["expected"]


# Settings files ------------------------------------------------------------------------


def test_settings_are_read_as_python_would_without_running_them(tmp_path: Path) -> None:
    (tmp_path / "pelicanconf.py").write_text(
        "from __future__ import unicode_literals\nimport os\n"
        "SITENAME = u'Bits \\u2014 Solder'\nSITEURL = ''\nPATH = 'content'\n"
        "ARTICLE_URL = '{date:%Y}/{slug}'\nARTICLE_SAVE_AS = ARTICLE_URL + '.html'\n"
        "ARTICLE_PATHS = ['blog']\nSTATIC_PATHS = ['extra', *ARTICLE_PATHS]\n"
        "THEME = os.path.join('x', 'y')\nDEFAULT_METADATA = {'status': 'draft'}\n"
        "FEED = '%s/feed' % 'feeds'\nlower = 1\nPLUGINS = []\nPLUGINS += ['a']\n"
        "if os.environ.get('X'):\n    SITENAME = 'other'\n",
        encoding="utf-8",
    )
    (tmp_path / "publishconf.py").write_text(
        "import sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *\n"
        "SITEURL = 'https://bits.example.net'\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n",
        encoding="utf-8",
    )
    settings = read_settings(tmp_path)
    assert settings["SITENAME"] == "Bits \u2014 Solder"
    assert settings["SITEURL"] == "https://bits.example.net"  # publishconf.py overrides
    assert settings["ARTICLE_SAVE_AS"] == "{date:%Y}/{slug}.html"
    assert settings["STATIC_PATHS"] == ["extra", "blog"]
    assert settings["DEFAULT_METADATA"] == {"status": "draft"}
    assert settings["FEED"] == "feeds/feed"
    assert settings["PLUGINS"] == ["a"]
    assert "THEME" not in settings  # a call: unknown, Pelican's default applies
    assert "lower" not in settings  # Pelican keeps upper-case names only


def test_a_settings_file_that_is_not_python_3_is_one_error_naming_its_line(tmp_path: Path) -> None:
    (tmp_path / "pelicanconf.py").write_text("SITENAME = 'x'\nprint 'hello'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_settings(tmp_path)
    assert caught.value.line == 2 and caught.value.path.endswith("pelicanconf.py")


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_init_reads_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pelicanconf.py").write_text(
        "SITENAME = u\"Rami's Blog\"\nSITEURL = ''\nPATH = 'content/'\nTIMEZONE = 'Asia/Riyadh'\n"
        "DEFAULT_LANG = u'zh_CN'\n"
        "ARTICLE_URL = '{category}/{date:%Y}/{date:%b}/{date:%d}/{slug}/'\n",
        encoding="utf-8",
    )
    (tmp_path / "publishconf.py").write_text(
        "from pelicanconf import *\nSITEURL = 'https://rami.example'\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    _run("init", "--like", "pelican")
    text = (tmp_path / "publisher.toml").read_text(encoding="utf-8")
    for line in (
        'title = "Rami\'s Blog"',
        'base_url = "https://rami.example"',
        'content_dir = "content"',
        'timezone = "Asia/Riyadh"',
        'language = "zh-CN"',
        'article_url = "{base_url}/{category}/{year}/{date:%b}/{day}/{slug}/"',
        "items_per_feed = 100",  # FEED_MAX_ITEMS' default, not unlimited
    ):
        assert line in text
    config = load_config(tmp_path / "publisher.toml", environ={})
    assert config.article_url.startswith("{base_url}/{category}")


# Sources -------------------------------------------------------------------------------


def _site(tmp_path: Path, settings: str, files: dict[str, str]) -> Config:
    (tmp_path / "pelicanconf.py").write_text(settings, encoding="utf-8")
    (tmp_path / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://site.example"\ngenerator = "pelican"\n'
        'article_url = "{base_url}/{category}/{slug}.html"\n',
        encoding="utf-8",
    )
    for rel, text in files.items():
        path = tmp_path / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_config(tmp_path / "publisher.toml", environ={})


def _article(config: Config, rel: str):  # type: ignore[no-untyped-def]
    files = SourceFolder.of(config.content_dir, "pelican")
    doc = files.read(rel)
    assert doc is not None
    return normalize(doc, config, files)


def test_a_markdown_header_is_pythons_meta_not_yaml() -> None:
    doc = MarkdownReader().read(
        "---\ntitle: DataFusion: A Rust-native Query Engine\nDate: 2019-02-04\n"
        "Tags: rust; arrow, sql\nsummary: one\n    two\n---\nBody",
        path="a.md",
        rel="a.md",
        options=PELICAN,
    )
    assert doc.fields["title"] == "DataFusion: A Rust-native Query Engine"
    assert doc.fields["date"] == "2019-02-04"
    assert doc.fields["tags"] == ["rust", "arrow, sql"]  # ';' splits first (ensure_metadata_list)
    assert doc.fields["summary"] == "one\ntwo"
    assert doc.body == "Body" and doc.body_line == 8


def test_path_metadata_slugs_and_categories(tmp_path: Path) -> None:
    config = _site(
        tmp_path,
        "FILENAME_METADATA = '(?P<slug>.*)'\nDEFAULT_CATEGORY = 'misc'\n",
        {
            "Network/Command.md": "Title: Commands\nDate: 2014-3-2 23:50\n\nB",
            "top.md": "Title: Top level\nDate: 22.11.2012 22:11\n\nB",
            "pages/about.md": "Title: About\nDate: 2020-01-01\n\nB",
        },
    )
    article, _ = _article(config, "Network/Command.md")
    assert article.link == "https://site.example/network/Command.html"  # slug as written
    assert article.category == "Network"
    assert article.published.isoformat() == "2014-03-02T23:50:00+00:00"
    top, _ = _article(config, "top.md")
    assert top.link == "https://site.example/misc/top.html"
    assert _article(config, "pages/about.md")[0] is None


def test_date_from_the_file_name_and_slug_from_the_basename(tmp_path: Path) -> None:
    config = _site(
        tmp_path,
        "SLUGIFY_SOURCE = 'basename'\nUSE_FOLDER_AS_CATEGORY = False\nDEFAULT_CATEGORY = 'English'\n",
        {"2020/2020-05-01-truenas-configuration.md": "Title: <b>TrueNAS</b> setup\n\nB"},
    )
    article, problems = _article(config, "2020/2020-05-01-truenas-configuration.md")
    assert article is not None, problems
    assert article.published.date().isoformat() == "2020-05-01"
    assert article.link == "https://site.example/english/2020-05-01-truenas-configuration.html"


def test_default_metadata_and_article_paths(tmp_path: Path) -> None:
    config = _site(
        tmp_path,
        "DEFAULT_METADATA = {'status': 'draft'}\nARTICLE_PATHS = ['blog']\n",
        {
            "blog/draft.md": "Title: D\nDate: 2020-01-01\n\nB",
            "blog/live.md": "Title: L\nDate: 2020-01-01\nStatus: published\n\nB",
            "notes/x.md": "Title: N\nDate: 2020-01-01\n\nB",
        },
    )
    assert _article(config, "blog/draft.md")[0] is None
    assert _article(config, "blog/live.md")[0] is not None
    assert _article(config, "notes/x.md")[0] is None  # outside ARTICLE_PATHS


def test_an_extension_whose_reader_is_off_is_no_article(tmp_path: Path) -> None:
    """``READERS = {'html': None}`` (Pelican's ``Readers``: no reader for that extension):
    a Google verification page kept beside the content is not read, as Pelican does not."""
    files = {
        "extra/google0123.html": "google-site-verification: google0123.html",
        "notes/live.md": "Title: L\nDate: 2020-01-01\n\nB",
        "notes/page.html": "<html><head><title>H</title>"
        '<meta name="date" content="2020-01-01"></head><body>B</body></html>',
    }
    config = _site(tmp_path, "READERS = {'html': None}\nSTATIC_PATHS = ['extra']\n", files)
    assert _article(config, "notes/live.md")[0] is not None
    for rel in ("extra/google0123.html", "notes/page.html"):
        article, problems = _article(config, rel)
        assert article is None and not problems


def test_restructuredtext_as_pelicans_rst_reader(tmp_path: Path) -> None:
    text = (
        "Pelican 4.7 released\n####################\n\n:date: 2021-10-01\n"
        ":slug: pelican-4.7-released\n:tags: release, pelican\n:category: News\n\n"
        "See `the docs <{filename}other.rst>`_ and ``{filename}/code.md``.\n\n"
        ".. code-block:: python\n   :linenos: table\n\n   print('hi')\n"
    )
    doc = RstReader().read(text, path="a.rst", rel="news/a.rst", options=PELICAN)
    assert doc.fields["title"] == "Pelican 4.7 released"
    assert doc.fields["slug"] == "pelican-4.7-released"
    assert doc.fields["tags"] == ["release", "pelican"]
    assert doc.body_format == "html" and "print('hi')" in doc.body
    config = _site(
        tmp_path,
        "",
        {"news/a.rst": text, "news/other.rst": text.replace("pelican-4.7-released", "other")},
    )
    article, _ = _article(config, "news/a.rst")
    assert (
        article is not None
        and article.link == "https://site.example/news/pelican-4.7-released.html"
    )
    from publisher.normalize import expand_templates

    body = expand_templates(
        doc.body, config, "news/a.rst", SourceFolder.of(config.content_dir, "pelican")
    )
    assert 'href="https://site.example/news/other.html"' in body
    assert "{filename}/code.md" in body  # literal text, not a link: left as written


def test_a_restructuredtext_problem_is_one_error_with_its_line() -> None:
    with pytest.raises(SourceError) as caught:
        RstReader().read(
            "Title\n=====\n\n:date: 2020-01-01\n\n.. nosuch::\n",
            path="a.rst",
            rel="a.rst",
            options=PELICAN,
        )
    assert caught.value.line == 6 and "nosuch" in caught.value.message


def test_static_and_attach_links(tmp_path: Path) -> None:
    config = _site(
        tmp_path,
        "",
        {
            "blog/post.md": "Title: P\nDate: 2020-01-01\n\n![a]({static}../images/a.png) "
            "[pdf]({attach}files/b.pdf) [c]({filename}/images/a.png)\n",
            "images/a.png": "png",
            "blog/files/b.pdf": "pdf",
        },
    )
    from publisher.normalize import expand_templates

    article, _ = _article(config, "blog/post.md")
    files = SourceFolder.of(config.content_dir, "pelican")
    doc = files.read("blog/post.md")
    body = expand_templates(doc.body, config, "blog/post.md", files, {"url": article.link})
    assert "(https://site.example/images/a.png)" in body
    assert "(https://site.example/blog/files/b.pdf)" in body
    assert "[c](https://site.example/images/a.png)" in body


def test_a_plain_site_reads_no_restructuredtext(tmp_path: Path) -> None:
    from publisher.sources import discover

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.rst").write_text("T\n=\n", encoding="utf-8")
    assert discover(tmp_path / "c")[0] == []
    assert [f.rel for f in discover(tmp_path / "c", generator="pelican")[0]] == ["a.rst"]


def test_a_change_to_the_settings_is_a_change_of_config(tmp_path: Path) -> None:
    config = _site(tmp_path, "SLUGIFY_SOURCE = 'title'\nSITENAME = 'a'\n", {})
    (tmp_path / "pelicanconf.py").write_text("SLUGIFY_SOURCE = 'title'\nSITENAME = 'b'\n")
    assert load_config(tmp_path / "publisher.toml", environ={}) == replace(
        config, created=config.created
    )
    (tmp_path / "pelicanconf.py").write_text("SLUGIFY_SOURCE = 'basename'\n")
    assert (
        load_config(tmp_path / "publisher.toml", environ={}).generator_settings
        != config.generator_settings
    )
