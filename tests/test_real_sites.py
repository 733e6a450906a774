"""Real public sites, trimmed, switched to publisher as the README says, and compared with
what their own generator published from exactly these sources.

Each folder named in ``REAL_SITES`` under tests/sites/ holds a site's sources as its
author keeps them, ``old-feed.xml`` (its generator's feed) and ``oracle-content.json``
(every page as its generator rendered it: url, title, dates, content); see
tests/sites/README.md. Nothing here runs a generator: their output is data.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import feedparser
import lxml.html
import pytest
from click.testing import CliRunner, Result

from publisher.cli import cli
from tests.conftest import parse_feed

SITES = Path(__file__).parent / "sites"


@dataclass(frozen=True)
class RealSite:
    generator: str
    # Lines publisher.toml must have after `init --like`.
    init_lines: tuple[str, ...]
    # The template syntax the site uses that only its theme renders: one warning each use.
    theme_syntax: frozenset[str]
    # The least text similarity of an item to the generator's own rendering (renderers
    # differ in typography: the renderer's own agreement is measured in bench/).
    similar: float


REAL_SITES = {
    # kozlov.ski (khozzy/hugo-blog): a capitalized [Permalinks] with posts = ":slug", page
    # bundles in year folders, site and theme shortcodes, a rawhtml pair inside an
    # admonition (its template only prints the inner text: filled in, no warning), a
    # front matter key that is an HTML comment.
    "hugo-kozlovski": RealSite(
        "hugo",
        (
            'title = "Kozlov.ski"',
            'base_url = "https://kozlov.ski"',
            'article_url = "{base_url}/{path}"',
            '[generator_options]\npermalinks = { posts = ":slug" }',
        ),
        frozenset({"subscribe", "mermaid", "gumroad", "audio", "plotly"}),
        0.85,
    ),
}
_CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL)
_TEMPLATE = re.compile(r"\{\{[<%]|[>%]\}\}|\{%-?\s*\w|\{\{-?\s*[\w.\"']+[^{}]*\}\}")
_WARNING = re.compile(
    r"^content/.+?:\d+: warning: (?:shortcode \{\{[<%] (?P<name>[\w.-]+) |unknown)"
)


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@dataclass
class Switched:
    name: str
    site: RealSite
    root: Path
    pinned: Result
    builds: list[Result]


@pytest.fixture(scope="module", params=sorted(REAL_SITES))
def switched(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Switched:
    name = request.param
    root = tmp_path_factory.mktemp("real") / name
    shutil.copytree(SITES / name, root)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        init = _run("init", "--like", REAL_SITES[name].generator)
        assert init.exit_code == 0, init.output
        pinned = _run("pin-ids", "--from-feed", "old-feed.xml")
        assert pinned.exit_code == 0, pinned.output
        builds = [_run("build"), _run("build")]
    for result in builds:
        assert result.exit_code == 0, result.output
    return Switched(name, REAL_SITES[name], root, pinned, builds)


def _old(root: Path) -> list[feedparser.FeedParserDict]:
    entries = list(feedparser.parse((root / "old-feed.xml").read_bytes()).entries)
    assert entries
    return entries


def _ours(switched: Switched, fmt: str = "atom.xml") -> list[feedparser.FeedParserDict]:
    data = (switched.root / "feeds" / "all" / fmt).read_bytes()
    return list(parse_feed(data, name=f"{switched.name} {fmt}").entries)


def test_init_read_the_generators_config(switched: Switched) -> None:
    text = (switched.root / "publisher.toml").read_text(encoding="utf-8")
    for line in switched.site.init_lines:
        assert line in text


def test_every_old_item_keeps_its_link_id_title_and_date(switched: Switched) -> None:
    old = _old(switched.root)
    for fmt in ("rss.xml", "atom.xml"):
        by_id = {entry.id: entry for entry in _ours(switched, fmt)}
        assert len(by_id) == len(old), f"{fmt}: items appeared or vanished"
        for item in old:
            assert item.id in by_id, f"{fmt}: {item.id} is gone or has a new id"
            ours = by_id[item.id]
            assert ours.link == item.link
            assert ours.title == item.title
            assert ours.published_parsed == item.published_parsed


def test_pin_ids_took_every_id_from_the_old_feed_and_then_has_nothing_to_do(
    switched: Switched,
) -> None:
    lines = [x for x in switched.pinned.stdout.splitlines() if "(from the old feed)" in x]
    assert len(lines) == len(_old(switched.root))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(switched.root)
        again = _run("pin-ids", "--from-feed", "old-feed.xml")
    assert again.exit_code == 0 and again.output == "", again.output


def test_the_first_build_warns_only_about_the_themes_syntax_and_the_second_is_silent(
    switched: Switched,
) -> None:
    first, second = switched.builds
    assert first.stdout == ""
    named = set()
    for line in first.stderr.splitlines():
        match = _WARNING.match(line)
        assert match, line
        if match["name"]:
            named.add(match["name"])
    assert named == switched.site.theme_syntax
    assert second.output == ""


def test_no_template_syntax_reaches_a_subscriber(switched: Switched) -> None:
    for entry in _ours(switched):
        outside = _CODE.sub("", entry.content[0].value)
        assert not _TEMPLATE.search(outside), f"{entry.title}: {_TEMPLATE.search(outside)}"


def _text(html: str) -> list[str]:
    return lxml.html.fromstring(f"<div>{_CODE.sub('', html)}</div>").text_content().split()


def test_each_item_reads_as_the_generator_rendered_it(switched: Switched) -> None:
    pages = json.loads((switched.root / "oracle-content.json").read_text(encoding="utf-8"))
    rendered = {page["url"]: page["content"] for page in pages}
    for entry in _ours(switched):
        ours, theirs = _text(entry.content[0].value), _text(rendered[entry.link])
        ratio = SequenceMatcher(None, ours, theirs, autojunk=False).ratio()
        assert ratio >= switched.site.similar, f"{entry.link}: {ratio:.3f}"
