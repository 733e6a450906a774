"""``[markdown]``: which Markdown a site writes, as the config reads it, as ``init``
writes it (from a generator's own config), and as the build renders and caches it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from publisher.cli import cli
from publisher.config import load_config
from publisher.errors import ConfigError
from publisher.render.settings import MarkdownSettings, default_settings
from tests.conftest import SITE_TOML, Site, parse_feed


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _config(tmp_path: Path, text: str) -> MarkdownSettings:
    path = tmp_path / "publisher.toml"
    top, _, tables = SITE_TOML.partition("[author]")
    path.write_text(top + text + "\n[author]" + tables, encoding="utf-8")
    return load_config(path, environ={}).markdown


def test_a_config_without_the_key_renders_as_publisher_always_has(tmp_path: Path) -> None:
    assert _config(tmp_path, "") == MarkdownSettings()
    assert MarkdownSettings().is_default


@pytest.mark.parametrize(
    ("text", "flavour"),
    [
        ('markdown = "commonmark"', "commonmark"),
        ('markdown = {flavour = "goldmark"}', "goldmark"),
        ('generator = "hugo"', "goldmark"),
        ('generator = "jekyll"', "kramdown"),
        ('generator = "pelican"', "python-markdown"),
        ('generator = "hugo"\nmarkdown = "python-markdown"', "python-markdown"),
    ],
)
def test_the_flavour_is_named_or_the_generators(tmp_path: Path, text: str, flavour: str) -> None:
    assert _config(tmp_path, text).flavour == flavour


def test_options_and_their_defaults(tmp_path: Path) -> None:
    hugo = _config(tmp_path, 'markdown = {flavour = "goldmark", raw_html = false}')
    assert (hugo.raw_html, hugo.typographer, hugo.block_attributes) == (False, True, False)
    assert _config(tmp_path, 'markdown = "commonmark"').typographer is False
    pelican = _config(tmp_path, 'generator = "pelican"')
    assert pelican.extensions == ("codehilite", "extra")
    configured = _config(
        tmp_path,
        'markdown = {flavour = "python-markdown", extension_configs = {toc = {permalink = true}}}',
    )
    assert "toc" in configured.extensions and configured.extension_configs == (
        ("toc", (("permalink", True),)),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'markdown = "textile"',
            "'markdown.flavour' must be one of 'python-markdown', 'commonmark', 'goldmark', 'kramdown', got 'textile'",
        ),
        ("markdown = 3", "'markdown' must be a flavour's name or a table"),
        ('markdown = {flavour = "commonmark", smart = true}', "unknown key 'markdown.smart'"),
        (
            'markdown = {flavour = "python-markdown", raw_html = false}',
            "'markdown.raw_html' applies to the commonmark and goldmark and kramdown flavour only",
        ),
        (
            'markdown = {flavour = "commonmark", extensions = ["toc"]}',
            "'markdown.extensions' applies to the python-markdown flavour only",
        ),
        (
            'markdown = {flavour = "goldmark", typographer = "yes"}',
            "'markdown.typographer' must be true or false",
        ),
        (
            'markdown = {flavour = "python-markdown", extensions = ["nosuch_ext_here"]}',
            "'markdown.extensions': 'nosuch_ext_here' is neither one of Python-Markdown's extensions nor an installed package's",
        ),
        (
            'markdown = {flavour = "python-markdown", extensions = ["markdown.extensions.nope"]}',
            "'markdown.extensions': 'markdown.extensions.nope' is neither",
        ),
    ],
)
def test_a_wrong_setting_is_an_error_naming_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        _config(tmp_path, text)
    assert message in str(raised.value)


def test_a_new_site_writes_commonmark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--base-url", "https://me.example").exit_code == 0
    assert 'markdown = "commonmark"' in Path("publisher.toml").read_text(encoding="utf-8")
    assert load_config().markdown.flavour == "commonmark"


def _init_like(root: Path, like: str, files: dict[str, str]) -> MarkdownSettings:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    result = _run("init", str(root), "--like", like, "--base-url", "https://me.example")
    assert result.exit_code == 0, result.output
    return load_config(root / "publisher.toml").markdown


def test_init_like_hugo_reads_goldmarks_settings(tmp_path: Path) -> None:
    plain = _init_like(tmp_path / "a", "hugo", {"hugo.toml": 'title = "A"\n'})
    assert plain == default_settings("hugo")
    # No [markup]: a config for the Hugo before Goldmark, which kept raw HTML (and today's
    # would empty whole posts of HTML); with one, Goldmark's default: left out.
    assert plain.raw_html is True  # docs/migrating/hugo.md
    goldmark_era = _init_like(tmp_path / "d", "hugo", {"config.yaml": (
        "markup:\n  highlight:\n    codeFences: false\n"
    )})  # fmt: skip
    assert goldmark_era.raw_html is False
    told = _init_like(tmp_path / "b", "hugo", {"config.toml": (
        # Keys in any case, as Hugo reads them (one spelling per table: TOML makes
        # [Markup] and [markup] two tables, which Hugo merges in no set order).
        '[Markup.Goldmark.Renderer]\nUnsafe = false\n'
        "[Markup.Goldmark.Extensions.Typographer]\nDisable = true\n"
        "[Markup.Goldmark.Parser.Attribute]\nblock = true\n"
    )})  # fmt: skip
    assert (told.flavour, told.raw_html, told.typographer, told.block_attributes) == (
        "goldmark", False, False, True,
    )  # fmt: skip
    yaml_config = _init_like(tmp_path / "c", "hugo", {"hugo.yaml": (
        "markup:\n  goldmark:\n    renderer:\n      unsafe: true\n    extensions:\n"
        "      typographer:\n        enDash: '--'\n"
    )})  # fmt: skip
    assert (yaml_config.raw_html, yaml_config.typographer) == (True, True)
    assert yaml_config.typographer_substitutions == (("enDash", "--"),)
    site = tmp_path / "c"
    (site / "content").mkdir(exist_ok=True)
    (site / "content" / "flags.md").write_text(
        '---\ntitle: Flags\ndate: 2026-01-05\n---\nRun it with --name "x" -- or not...\n',
        encoding="utf-8",
    )
    assert _run("build", "--config", str(site / "publisher.toml")).exit_code == 0
    feed = json.loads((site / "feeds" / "all" / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["content_html"] == "<p>Run it with --name “x” -- or not…</p>"


def test_init_like_jekyll_renders_as_kramdown(tmp_path: Path) -> None:
    kramdown = _init_like(tmp_path / "a", "jekyll", {"_config.yml": "markdown: kramdown\n"})
    assert kramdown == default_settings("jekyll") and kramdown.typographer
    commonmark = _init_like(
        tmp_path / "b", "jekyll", {"_config.yml": "markdown: CommonMarkGhPages\n"}
    )
    assert commonmark.flavour == "commonmark"
    parsing = _init_like(tmp_path / "c", "jekyll", {"_config.yml": (
        "kramdown:\n  input: GFM\n  parse_block_html: true\n"
    )})  # fmt: skip
    assert parsing == replace(default_settings("jekyll"), parse_block_html=True)
    assert "parse_block_html = true" in (tmp_path / "c" / "publisher.toml").read_text("utf-8")


def test_init_like_pelican_reads_markdown_and_typogrify(tmp_path: Path) -> None:
    settings = _init_like(tmp_path / "a", "pelican", {"pelicanconf.py": (
        "MARKDOWN = {\n"
        "    'extension_configs': {\n"
        "        'markdown.extensions.codehilite': {'css_class': 'highlight'},\n"
        "        'markdown.extensions.extra': {},\n"
        "        'markdown.extensions.meta': {},\n"
        "        'markdown.extensions.toc': {'permalink': True},\n"
        "        'not_installed_anywhere.ext': {},\n"
        "    },\n"
        "    'output_format': 'html5',\n"
        "}\n"
    ), "publishconf.py": "from pelicanconf import *\nTYPOGRIFY = True\n"})  # fmt: skip
    assert settings.extensions == ("codehilite", "extra", "toc")
    assert dict(settings.extension_configs)["toc"] == (("permalink", True),)
    assert settings.typographer is True
    text = (tmp_path / "a" / "publisher.toml").read_text(encoding="utf-8")
    assert 'left out (install them and add them back): "not_installed_anywhere.ext"' in text
    computed = _init_like(tmp_path / "b", "pelican", {"pelicanconf.py": (
        "import os\nMARKDOWN = {'extensions': [os.environ.get('X', 'toc')]}\n"
    )})  # fmt: skip
    assert computed == default_settings("pelican")
    assert not settings.extract_toc  # no extract_toc plugin listed
    extracted = _init_like(tmp_path / "c", "pelican", {"pelicanconf.py": (
        "PLUGINS = ['asfgenid', 'extract_toc']\n"
        "MARKDOWN = {'extension_configs': {'markdown.extensions.toc': {'title': 'Contents'}}}\n"
    )})  # fmt: skip
    assert extracted.extract_toc and extracted.extensions == ("toc",)
    assert "extract_toc = true" in (tmp_path / "c" / "publisher.toml").read_text("utf-8")
    no_toc = _init_like(tmp_path / "d", "pelican", {"pelicanconf.py": (
        "PLUGINS = ['pelican.plugins.extract_toc']\n"
    )})  # fmt: skip
    assert not no_toc.extract_toc  # Pelican's default MARKDOWN has no toc to extract


def _post(site: Site, body: str) -> None:
    site.article(
        "notes/a.md",
        {"title": "A", "id": "tag:site.example,2026:a", "date": "2026-01-05T10:00:00+00:00"},
        body,
    )


def test_another_flavour_renders_again_and_moves_no_id_or_date(site: Site) -> None:
    _post(site, 'She said "hello" -- twice.')
    site.build()
    before = json.loads(site.feed("all", "feed.json"))["items"][0]
    assert before["content_html"] == '<p>She said "hello" -- twice.</p>'
    config = (site.root / "publisher.toml").read_text(encoding="utf-8")
    top, _, tables = config.partition("[author]")
    (site.root / "publisher.toml").write_text(
        top + 'markdown = "goldmark"\n\n[author]' + tables, "utf-8"
    )
    site.build()
    after = json.loads(site.feed("all", "feed.json"))["items"][0]
    assert after["content_html"] == "<p>She said “hello” – twice.</p>"
    assert {k: v for k, v in after.items() if k not in ("content_html", "summary")} == {
        k: v for k, v in before.items() if k not in ("content_html", "summary")
    }
    parse_feed(site.feed("all", "atom.xml"), name="atom")
    assert site.build().output == ""  # and nothing more to do


def test_the_render_cache_keeps_flavours_apart(site: Site) -> None:
    """The same source, link and summary under two flavours: two cache entries."""
    _post(site, "Text with ~~strike~~ and www.example.org.")
    site.build()
    plain = json.loads(site.feed("all", "feed.json"))["items"][0]["content_html"]
    site.config(
        SITE_TOML.replace(
            'timezone = "Europe/Berlin"', 'timezone = "Europe/Berlin"\nmarkdown = "commonmark"'
        )
    )
    site.build()
    gfm = json.loads(site.feed("all", "feed.json"))["items"][0]["content_html"]
    assert plain == "<p>Text with ~~strike~~ and www.example.org.</p>"
    assert (
        gfm
        == '<p>Text with <s>strike</s> and <a href="http://www.example.org">www.example.org</a>.</p>'
    )
