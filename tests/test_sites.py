"""Switching real-looking Hugo, Jekyll and Pelican sites to publisher, as a user would.

Each site under tests/sites/ keeps its sources as its generator wants them, beside the
feed that generator really published from them (old-feed.xml: made by hugo 0.111.3,
jekyll 4.3.1 with jekyll-feed 0.17.0, and pelican 4.12.0; see tests/sites/README.md).
The switch is `init --like`, `pin-ids --from-feed`, then `build` twice: every old item
must come out with the same link and the same id, nothing unpublished may appear, no
template syntax may reach a subscriber outside code, and the second build says nothing.
"""

from __future__ import annotations

import html
import re
import shutil
from difflib import SequenceMatcher
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner, Result

from publisher.cli import cli
from tests.conftest import parse_feed

SITES = Path(__file__).parent / "sites"

# Titles of what each generator did not publish (drafts, unpublished, expired, headless,
# section and static pages); none may reach a feed.
NEVER_PUBLISHED = {
    "hugo": ["Draft: my GopherCon talk outline", "20% off GoDays tickets (ends Friday)",
             "Shared images", "Posts", "Mara Lindgren", "Photo captions"],
    "jekyll": ["Why we left Heroku (unpublished)", "Ractors in practice", "Home"],
    # Its four oldest posts were published but not in jekyll-feed's ten: never new items.
    "jekyll-daattali": ["Mimicking a Google Form with a Shiny app",
                        "CRANalerts: Get email alerts when a CRAN package gets updated",
                        "Beautiful Jekyll v4: Huge updates to one of the most popular GitHub "
                        "Pages themes"],
    "pelican": ["Protocols over ABCs", "About"],
}  # fmt: skip
# The warnings each switch reports once: template syntax only the generator can render.
EXPECTED_WARNINGS = {
    # (its layouts/shortcodes/newsletter.html is plain HTML: written, then sanitized)
    "hugo": ["content/posts/hugo-shortcodes-explained.md:30: warning: template code in inline "
             "shortcode year.inline removed"],
    # (its {% include signup.html %} is read from the site's _includes)
    "jekyll": [],
    "jekyll-daattali": [],
    "pelican": [],
}  # fmt: skip
# What a user adds because the site's config has no address (GitHub Pages fills it in).
INIT_ARGS = {"jekyll-daattali": ["--base-url", "https://deanattali.com"]}
_CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL)
_TEMPLATE = re.compile(r"\{\{[<%]|[>%]\}\}|\{%|%\}|\{\{|\}\}|\{(?:filename|static|attach)\}")


def _run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


@pytest.fixture(params=sorted(NEVER_PUBLISHED))
def switched(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The site copied to tmp_path and switched; (name, root, pin-ids result, builds)."""
    name = request.param
    root = tmp_path / name
    shutil.copytree(SITES / name, root)
    monkeypatch.chdir(root)
    init = _run("init", "--like", name.partition("-")[0], *INIT_ARGS.get(name, []))
    assert init.exit_code == 0, init.output
    pinned = _run("pin-ids", "--from-feed", "old-feed.xml")
    assert pinned.exit_code == 0, pinned.output
    builds = [_run("build"), _run("build")]
    for result in builds:
        assert result.exit_code == 0, result.output
    return name, root, pinned, builds


def _old_items(root: Path) -> list[feedparser.FeedParserDict]:
    parsed = feedparser.parse((root / "old-feed.xml").read_bytes())
    assert parsed.entries
    return list(parsed.entries)


def test_every_old_item_keeps_its_link_and_id(switched) -> None:
    name, root, _, _ = switched
    for fmt in ("rss.xml", "atom.xml"):
        new = parse_feed((root / "feeds" / "all" / fmt).read_bytes(), name=f"{name} {fmt}")
        by_id = {entry.id: entry for entry in new.entries}
        for old in _old_items(root):
            assert old.id in by_id, f"{name} {fmt}: old item {old.id} is gone or has a new id"
            assert by_id[old.id].link == old.link, f"{name} {fmt}: {old.id} changed its link"
        assert len(new.entries) == len(_old_items(root)), f"{name}: items appeared or vanished"


# Items whose text differs from what the generator published, and why: what only the
# generator can make (its highlighter's line numbers).
CONTENT_DIFFERENCES = {
    "jekyll": {"Sidekiq retries without tears": "rouge numbers the lines of a code block"},
}  # fmt: skip
_WORD = re.compile(r"\w+|[^\w\s]")


def _text(fragment: str) -> list[str]:
    """The words and signs a reader sees of an HTML fragment."""
    return _WORD.findall(html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def test_content_reads_as_the_generator_rendered_it(switched) -> None:
    """Where the old feed carries each post's content (jekyll-feed, Pelican's Atom), ours
    renders the same Markdown the same way: kramdown's smart quotes, Pelican's extensions."""
    name, root, _, _ = switched
    new = parse_feed((root / "feeds" / "all" / "atom.xml").read_bytes(), name=name)
    ours = {entry.id: entry.content[0].value for entry in new.entries}
    compared = 0
    for old in _old_items(root):
        if not old.get("content"):
            continue
        compared += 1
        ratio = SequenceMatcher(
            None, _text(ours[old.id]), _text(old.content[0].value), autojunk=False
        ).ratio()
        if old.title in CONTENT_DIFFERENCES.get(name, {}):
            assert ratio < 0.98, f"{name}: {old.title} now agrees: take it off the list"
        else:
            assert ratio >= 0.98, f"{name}: {old.title}: {ratio:.3f} similar"
    assert compared or name == "hugo"  # Hugo's feed carries summaries only


def test_nothing_unpublished_appears(switched) -> None:
    name, root, _, _ = switched
    everything = b"".join(p.read_bytes() for p in (root / "feeds").rglob("*") if p.is_file())
    text = everything.decode("utf-8")
    for title in NEVER_PUBLISHED[name]:
        assert f"<title>{title}</title>" not in text.replace("&amp;", "&"), title
    for body in ("Secret outline", "Not ready", "Unfinished", "Welcome to my notes", "NOTES20"):
        assert body not in text


def test_no_template_syntax_outside_code(switched) -> None:
    name, root, _, _ = switched
    feed = parse_feed((root / "feeds" / "all" / "atom.xml").read_bytes(), name=name)
    for entry in feed.entries:
        html = entry.content[0].value
        outside = _CODE.sub("", html)
        assert not _TEMPLATE.search(outside), f"{name}: {entry.title}: {outside}"


def test_code_keeps_what_the_author_wrote(switched) -> None:
    name, root, _, _ = switched
    text = (root / "feeds" / "all" / "feed.json").read_text(encoding="utf-8")
    shown = {
        "hugo": ["{{&lt; notice info &gt;}}", "{{ .Inner }}", "go fetch(r.Context(), ch)",
                 "ctx.Err()"],
        "jekyll": ["<pre><code>{{ page.title }}\\n</code></pre>",
                   "<code>{% post_url 2021-03-14-welcome-to-jekyll %}</code>", "ChargeJob"],
        "jekyll-daattali": ["<code>usethis::use_github_action_check_standard()</code>",
                            "<code>isolate()</code>"],
        "pelican": ["match event:"],
    }[name]  # fmt: skip
    for snippet in shown:
        assert snippet in text, f"{name}: {snippet!r} not in the feed"


def test_cross_references_become_the_other_articles_links(switched) -> None:
    name, root, _, _ = switched
    text = (root / "feeds" / "all" / "atom.xml").read_text(encoding="utf-8")
    links = {
        "hugo": ["https://blog.example.org/notes/context-cancellation/",
                 "https://blog.example.org/posts/goroutine-leaks/",
                 "https://www.youtube.com/watch?v=w7Ft2ymGmfc",
                 "https://gist.github.com/spf13/7896402",
                 "https://x.com/GoHugoIO/status/1315233626070503424"],
        "jekyll": ["https://tidewater.example.com/meta/2021/03/14/welcome-to-jekyll.html",
                   "https://tidewater.example.com/assets/liquid.png",
                   "https://tidewater.example.com/assets/new-layout.png"],
        "jekyll-daattali": ["https://daattali.com/shiny/shinyscreenshot-demo/",
                            "https://deanattali.com/assets/img/blog/migrating-travis-to-github/gha.png"],
        "pelican": ["https://bits.example.net/an-esp32-soil-sensor-that-lasts-a-year-on-two-aa-cells.html",
                    "https://bits.example.net/images/soil-sensor.jpg"],
    }[name]  # fmt: skip
    for link in links:
        assert f'href="{link}"' in text.replace("&quot;", '"') or f'src="{link}"' in text.replace(
            "&quot;", '"'
        ), f"{name}: no link to {link}"


def test_the_first_build_warns_once_and_the_second_says_nothing(switched) -> None:
    name, _, _, (first, second) = switched
    assert first.stdout == ""
    assert first.stderr.splitlines() == EXPECTED_WARNINGS[name]
    assert second.output == "", second.output


def test_pin_ids_took_every_id_from_the_old_feed(switched) -> None:
    _, root, pinned, _ = switched
    assert "no source for old item" not in pinned.output
    from_feed = [line for line in pinned.stdout.splitlines() if "(from the old feed)" in line]
    assert len(from_feed) == len(_old_items(root)), pinned.stdout
    again = _run("pin-ids", "--from-feed", "old-feed.xml")
    assert again.exit_code == 0 and again.output == "", again.output


def test_init_wrote_the_generators_settings(switched) -> None:
    name, root, _, _ = switched
    text = (root / "publisher.toml").read_text(encoding="utf-8")
    expected = {
        "hugo": ['content_dir = "content"', 'article_url = "{base_url}/{path}"',
                 'base_url = "https://blog.example.org"', 'title = "Field Notes"'],
        "jekyll": ['content_dir = "_posts"',
                   'article_url = "{base_url}/:categories/:year/:month/:day/:title:output_ext"',
                   'base_url = "https://tidewater.example.com"'],
        "jekyll-daattali": ['article_url = "{base_url}/blog/:title/"', "items_per_feed = 10",
                            'timezone = "America/Toronto"', 'title = "Dean Attali"'],
        "pelican": ['article_url = "{base_url}/{slug}.html"', 'timezone = "Europe/Lisbon"',
                    'title = "Bits and Solder"'],
    }[name]  # fmt: skip
    for line in expected:
        assert line in text
    assert ".publisher-cache/" in (root / ".gitignore").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(NEVER_PUBLISHED))
def test_categories_become_feeds(name: str, tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / name
    shutil.copytree(SITES / name, root)
    monkeypatch.chdir(root)
    assert _run("init", "--like", name.partition("-")[0], *INIT_ARGS.get(name, [])).exit_code == 0
    assert _run("build").exit_code == 0
    feeds = sorted(p.name for p in (root / "feeds").iterdir() if p.is_dir())
    assert (
        feeds
        == {
            "hugo": ["all", "go", "hugo", "notes", "travel", "web"],
            "jekyll": [
                "all",
                "background-jobs",
                "jekyll",
                "meta",
                "performance",
                "rails",
                "ruby",
                "uncategorized",
            ],
            "pelican": ["all", "hardware", "python"],
            "jekyll-daattali": ["all"],  # tags only, and tag feeds are off by default
        }[name]
    )
    if name == "jekyll":  # in each of its categories' feeds, and once in all
        for slug in ("rails", "performance"):
            entries = feedparser.parse((root / "feeds" / slug / "atom.xml").read_bytes()).entries
            assert [e.title for e in entries] == ["Five Rails caching tips"]
        titles = [
            e.title for e in feedparser.parse((root / "feeds/all/atom.xml").read_bytes()).entries
        ]
        assert titles.count("Five Rails caching tips") == 1


def test_hugo_permalinks_are_reproduced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "hugo"
    shutil.copytree(SITES / "hugo", root)
    with (root / "hugo.toml").open("a", encoding="utf-8") as config:
        config.write(
            '\n[permalinks]\n  posts = "/:year/:month/:slug/"\n  notes = "/:section/:filename/"\n'
        )
    shutil.copy(SITES / "hugo-permalinks-feed" / "index.xml", root / "old-feed.xml")
    monkeypatch.chdir(root)
    for args in (["init", "--like", "hugo"], ["pin-ids", "--from-feed", "old-feed.xml"], ["build"]):
        result = _run(*args)
        assert result.exit_code == 0, result.output
    new = parse_feed((root / "feeds" / "all" / "rss.xml").read_bytes(), name="hugo permalinks")
    got = [(e.id, e.link) for e in new.entries]
    assert got == [(e.id, e.link) for e in _old_items(root)]
    assert "https://blog.example.org/2023/04/two-weeks-in-kyoto/" in dict(got)


def test_a_real_pelican_site_switches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """getpelican/pelican-blog (tests/sites/README.md): five .rst articles and one
    Markdown article, SITEURL only in publishconf.py, explicit slugs, the folder category."""
    import json
    from difflib import SequenceMatcher

    import lxml.html

    root = tmp_path / "pelican-blog"
    shutil.copytree(SITES / "pelican-blog", root)
    monkeypatch.chdir(root)
    init = _run("init", "--like", "pelican")
    assert init.exit_code == 0, init.output
    text = (root / "publisher.toml").read_text(encoding="utf-8")
    assert 'base_url = "https://blog.getpelican.com"' in text
    assert 'title = "Pelican Development Blog"' in text
    pinned = _run("pin-ids", "--from-feed", "old-feed.xml")
    assert pinned.exit_code == 0, pinned.output
    builds = [_run("build"), _run("build")]
    assert [b.exit_code for b in builds] == [0, 0], builds[0].output
    assert builds[1].output == ""
    new = parse_feed((root / "feeds" / "all" / "atom.xml").read_bytes(), name="pelican-blog")
    old = _old_items(root)
    assert [(e.id, e.link, e.title) for e in new.entries] == [(e.id, e.link, e.title) for e in old]
    assert [e.published_parsed for e in new.entries] == [e.published_parsed for e in old]
    assert "pages" not in {p.name for p in (root / "feeds").iterdir()}

    def words(html: str) -> list[str]:
        return lxml.html.fromstring(f"<div>{html}</div>").text_content().split()

    rendered = {
        p["url"]: p["content"] for p in json.loads((root / "oracle-content.json").read_text())
    }
    for entry in new.entries:
        ratio = SequenceMatcher(
            None, words(entry.content[0].value), words(rendered[entry.link])
        ).ratio()
        assert ratio > 0.95, (entry.link, ratio)
