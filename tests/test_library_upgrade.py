"""A new release of a library that renders (Python-Markdown, nh3, lxml) or writes feeds
(feedgen, lxml), the sources unchanged: the next build renders and writes again what it
made, and no item's id, ``published`` or ``updated`` moves, nor any feed's date (issue 22).

The upgrade is simulated through what the build reads: the installed release of a
module (``code_version.installed_version``) and, for a release that writes other HTML,
Python-Markdown's output.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from lxml import etree

from publisher.build import build, code_version
from publisher.config import load_config

ATOM = "{http://www.w3.org/2005/Atom}"
ARTICLES = {
    "news/one.md": "---\ntitle: One\nid: urn:x:one\ndate: 2026-01-01T10:00:00Z\n---\nFirst *one*.\n",
    "news/two.md": (
        "---\ntitle: Two\nid: urn:x:two\ndate: 2026-01-02T10:00:00Z\n"
        "updated: 2026-01-05T08:00:00Z\n---\nSecond, [linked](../one/).\n"
    ),
    "tech/three.md": "---\ntitle: Three\ndate: 2026-01-03\n---\n- a\n- b\n",
}


@pytest.fixture
def site(site):
    for rel, text in ARTICLES.items():
        path = site.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def _upgrade(monkeypatch: pytest.MonkeyPatch, module: str, release: str) -> None:
    """The installed release of ``module`` is now ``release``."""
    real = code_version.installed_version

    def installed(name: str) -> str:
        return release if name == module else real(name)

    monkeypatch.setattr(code_version, "installed_version", installed)
    code_version.library_versions.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_versions():
    code_version.library_versions.cache_clear()
    yield
    code_version.library_versions.cache_clear()


def _writes_other_html(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python-Markdown's next release, say, ends every body with a marker."""
    real = markdown.Markdown.convert

    def convert(self: markdown.Markdown, source: str) -> str:
        return real(self, source) + "\n<p>v2</p>"

    monkeypatch.setattr(markdown.Markdown, "convert", convert)


def _items(site) -> dict[str, dict[str, str]]:
    """Every item of every Atom feed and JSON Feed: its dates and its content, by id."""
    seen: dict[str, dict[str, str]] = {}
    for path in sorted(site.out.rglob("atom.xml")):
        feed = etree.fromstring(path.read_bytes())
        seen[f"{path.parent.name} feed"] = {"updated": feed.findtext(f"{ATOM}updated")}
        for entry in feed.iter(f"{ATOM}entry"):
            key = f"{path.parent.name} {entry.findtext(f'{ATOM}id')}"
            seen[key] = {
                "published": entry.findtext(f"{ATOM}published"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "content": entry.findtext(f"{ATOM}content"),
            }
    for path in sorted(site.out.rglob("feed.json")):
        for item in json.loads(path.read_bytes())["items"]:
            key = f"{path.parent.name} json {item['id']}"
            seen[key] = {
                "published": item["date_published"],
                "updated": item["date_modified"],
                "content": item["content_html"],
            }
    return seen


def _rss_dates(site) -> dict[str, tuple[str | None, ...]]:
    dates: dict[str, tuple[str | None, ...]] = {}
    for path in sorted(site.out.rglob("rss.xml")):
        channel = etree.fromstring(path.read_bytes()).find("channel")
        assert channel is not None
        for item in channel.iter("item"):
            dates[f"{path.parent.name} {item.findtext('guid')}"] = (item.findtext("pubDate"),)
        dates[f"{path.parent.name} channel"] = (
            channel.findtext("lastBuildDate"),
            channel.findtext("pubDate"),
        )
    return dates


def _same_except_content(before: dict, after: dict) -> None:
    assert before.keys() == after.keys()  # the same items, by the same ids
    for key in before:
        assert {k: v for k, v in after[key].items() if k != "content"} == {
            k: v for k, v in before[key].items() if k != "content"
        }, key


@pytest.mark.parametrize("module", ["markdown", "nh3", "lxml"])
def test_a_rendering_library_upgrade_renders_again_and_moves_no_date(site, monkeypatch, module):
    site.build()
    before, rss_before = _items(site), _rss_dates(site)
    _writes_other_html(monkeypatch)  # what the new release writes...

    site.build()  # ...is not seen while the release is the same: the cache holds
    assert _items(site) == before

    _upgrade(monkeypatch, module, "99.0")
    result = site.build()
    assert result.exit_code == 0 and result.stderr == ""
    after = _items(site)
    _same_except_content(before, after)
    assert _rss_dates(site) == rss_before
    contents = [item["content"] for item in after.values() if "content" in item]
    assert contents and all("v2" in content for content in contents)


@pytest.mark.parametrize("module", ["markdown_it", "mdit_py_plugins", "linkify_it"])
def test_a_commonmark_library_upgrade_renders_a_commonmark_site_again(site, monkeypatch, module):
    """The CommonMark flavours' libraries key their sites' rendered bodies, and a new
    Python-Markdown renders none of them again."""
    from markdown_it import MarkdownIt

    toml = (site.root / "publisher.toml").read_text(encoding="utf-8")
    (site.root / "publisher.toml").write_text('markdown = "goldmark"\n' + toml, "utf-8")
    config = load_config(Path("publisher.toml"))
    build(config)
    before = _items(site)
    real = MarkdownIt.render
    monkeypatch.setattr(
        MarkdownIt, "render", lambda self, text, env=None: real(self, text, env) + "<p>v2</p>"
    )

    _upgrade(monkeypatch, "markdown", "99.0")  # not this flavour's library
    unchanged = build(config)
    assert unchanged.stats.rendered == 0 and _items(site) == before

    _upgrade(monkeypatch, module, "99.0")
    upgraded = build(config)
    assert upgraded.stats.rendered == len(ARTICLES)
    after = _items(site)
    _same_except_content(before, after)
    assert all("v2" in item["content"] for item in after.values() if "content" in item)


def test_the_upgrade_renders_each_body_once_and_then_a_build_is_a_no_op(site, monkeypatch):
    config = load_config(Path("publisher.toml"))
    build(config)
    _writes_other_html(monkeypatch)
    _upgrade(monkeypatch, "nh3", "99.0")
    upgraded = build(config)
    assert upgraded.stats.rendered == len(ARTICLES) and upgraded.stats.parsed == 0
    assert upgraded.written  # the feeds carry the new HTML
    again = build(config)
    assert again.written == () and again.stats.rendered == 0


def test_the_fast_path_notices_an_upgrade(site, monkeypatch):
    site.build()
    _writes_other_html(monkeypatch)
    _upgrade(monkeypatch, "markdown", "99.0")
    site.build()  # no source touched: the no-op fast path must not skip this build
    assert all("v2" in item["content"] for item in _items(site).values() if "content" in item)


def test_a_feed_writer_upgrade_writes_the_same_dates(site, monkeypatch):
    config = load_config(Path("publisher.toml"))
    build(config)
    before, rss_before = _items(site), _rss_dates(site)
    _upgrade(monkeypatch, "feedgen", "99.0")
    upgraded = build(config)
    assert upgraded.stats.serialized > 0 and upgraded.stats.rendered == 0
    assert upgraded.written == ()  # the same release's bytes: nothing to rewrite
    assert _items(site) == before and _rss_dates(site) == rss_before


def test_after_an_upgrade_the_cache_holds_what_a_fresh_build_makes(site, monkeypatch):
    """Deleting the cache never changes a published byte, before or after an upgrade."""
    site.build()
    _writes_other_html(monkeypatch)
    _upgrade(monkeypatch, "markdown", "99.0")
    site.build()
    incremental = site.files()
    site.build("--no-cache")
    assert site.files() == incremental


def test_installed_versions_are_read_without_importing_the_libraries():
    code = (
        "import sys\n"
        "from publisher.build.code_version import FEED_WRITING, RENDERING, library_versions\n"
        "print(library_versions(RENDERING + FEED_WRITING))\n"
        f"print([m for m in {tuple(_DISTRIBUTIONS)!r} if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    versions, imported = done.stdout.splitlines()
    for module, distribution in _DISTRIBUTIONS.items():
        assert f"{module}={importlib.metadata.version(distribution)}" in versions
    assert imported == "[]"


# Each module the build's keys carry, and the distribution that installs it.
_DISTRIBUTIONS = {
    "markdown": "markdown", "markdown_it": "markdown-it-py", "mdit_py_plugins": "mdit-py-plugins",
    "linkify_it": "linkify-it-py", "nh3": "nh3", "lxml": "lxml", "feedgen": "feedgen",
}  # fmt: skip
