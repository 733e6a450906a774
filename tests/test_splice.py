"""build/splice.py: a feed's files made from its last files and its changed items alone
are byte for byte the files made whole, and say what validating them whole says.

The feeds are the sample site's and the golden case's (podcast, tag feeds, icons,
authors with and without email, several categories), edited at random: items changed,
dropped, added, moved, given markup the validator flags, or a repeated id; with or
without a stylesheet, summary items and a byte budget that leaves out old items
before, after or both. Whole builds of the sample site after each kind of edit, with
compressed siblings, summaries, either stylesheet or a budget, are compared with
builds from nothing.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from publisher.build import build
from publisher.build.cache import FeedOutput
from publisher.build.emit import _serialize_feed
from publisher.build.splice import alone, cut, spliced
from publisher.config import Config, load_config
from publisher.excerpts import as_summary
from publisher.formats import feed_files
from publisher.model import Article, Feed

REPO = Path(__file__).resolve().parent.parent
FEEDS = ("rss.xml", "atom.xml", "feed.json")
SITES = {"sample": REPO / "publisher.toml", "small": REPO / "tests/cases/small-site/publisher.toml"}


@cache
def _feeds(name: str) -> tuple[Feed, ...]:
    """The site's feeds as built (dry run, in its own folder: paths are relative to it)."""
    config_path = SITES[name]
    here = Path.cwd()
    os.chdir(config_path.parent)
    try:
        return build(load_config(config_path), dry_run=True, use_cache=False).feeds
    finally:
        os.chdir(here)


def _prints(feed: Feed) -> list[str]:
    # Any name that changes with the item will do; the build uses item_print.
    return [hashlib.sha256(repr(a).encode()).hexdigest() for a in feed.items]


def _whole(feed: Feed) -> tuple[dict[str, bytes], tuple[object, ...]]:
    output = _serialize_feed(feed, "fp", _prints(feed))
    return output.files, output.problems


def _edited(article: Article, how: str) -> Article:
    if how == "body":
        return replace(article, content_html=(article.content_html or "") + "<p>More.</p>")
    if how == "title":
        return replace(article, title=article.title + " <b> & more")
    if how == "flagged":  # markup the validator warns about, in every format
        return replace(article, content_html='<p><a href="javascript:go()">x</a></p>')
    return replace(article, summary="A new summary.")


@st.composite
def edits(draw: st.DrawFn) -> tuple[Feed, Feed]:
    """(a feed as it was, the same feed later)."""
    feeds = _feeds(draw(st.sampled_from(sorted(SITES))))
    feed = draw(st.sampled_from([f for f in feeds if f.items]))
    others = [a for f in feeds for a in f.items if a not in feed.items]
    items = list(feed.items)
    later = list(items)
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["edit", "edit", "drop", "add", "move", "same-id"]))
        at = draw(st.integers(0, max(0, len(later) - 1)))
        if what == "edit" and later:
            how = draw(st.sampled_from(["body", "title", "flagged", "summary"]))
            later[at] = _edited(later[at], how)
        elif what == "drop" and len(later) > 1:
            del later[at]
        elif what == "add" and others:
            later.insert(at, draw(st.sampled_from(others)))
        elif what == "move" and len(later) > 1:
            later.insert(draw(st.integers(0, len(later) - 1)), later.pop(at))
        elif what == "same-id" and len(later) > 1:
            later[at] = replace(later[at], id=later[(at + 1) % len(later)].id)
    if draw(st.booleans()):
        items[0] = _edited(items[0], "flagged")  # the last files had a finding
    # The site's settings, the same before and after (another config is another cache):
    # the browser view's stylesheet (a processing instruction before the root), summary
    # items (an excerpt and a "Read more" link), a byte budget that may leave out the
    # oldest items, now or before.
    stylesheet = draw(st.sampled_from([None, "../feed.css", "../../feed.xsl"]))
    if draw(st.booleans()):
        items = [as_summary(_with_excerpt(a), feed.language) for a in items]
        later = [as_summary(_with_excerpt(a), feed.language) for a in later]
    budget = None
    if draw(st.booleans()):
        largest = max(len(d) for d in _whole(replace(feed, items=tuple(items)))[0].values())
        budget = largest * draw(st.integers(50, 120)) // 100
    settings_ = {"stylesheet": stylesheet, "max_bytes": budget, "min_items": 1}
    head = draw(st.sampled_from(["same", "same", "updated", "title"]))
    changed = feed
    if head == "updated":  # a new article's date, as when one is added
        changed = replace(feed, updated=feed.updated + timedelta(hours=1))
    elif head == "title":
        changed = replace(feed, title=feed.title + " <& more>")
    return (
        replace(feed, items=tuple(items), **settings_),
        replace(changed, items=tuple(later), **settings_),
    )


def _with_excerpt(article: Article) -> Article:
    """The article with an excerpt, as rendering gives one (its first paragraph)."""
    html = article.content_html or ""
    first = html[: html.find("</p>") + 4] if "</p>" in html else None
    return replace(article, excerpt_html=first)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_spliced_files_are_the_files_made_whole(edit: tuple[Feed, Feed]) -> None:
    before, after = edit
    previous = _serialize_feed(before, "before", _prints(before))
    prints = _prints(after)
    made = spliced(after, "after", prints, alone(after, prints, previous), previous)
    files, problems = _whole(after)
    if made is None:  # only when the root element changed, which these edits never do
        pytest.fail("not spliced")
    over = any(p.rule == "feed-over-budget" for p in problems)
    dropped = any(p.rule == "feed-over-budget" for p in previous.problems)
    event(
        f"spliced{', over its budget' if over else ''}{', items dropped before' if dropped else ''}"
    )
    assert made.files == files
    assert made.problems == problems
    assert made.items == tuple(prints)


def test_another_root_element_is_made_whole() -> None:
    # A feed that becomes a podcast declares the iTunes and Podcasting 2.0 namespaces.
    feeds = _feeds("sample")
    show = next(f.podcast for f in feeds if f.podcast is not None)
    feed = next(f for f in feeds if f.podcast is None and len(f.items) > 2)
    previous = _serialize_feed(feed, "before", _prints(feed))
    later = replace(feed, podcast=show, items=feed.items[1:])
    prints = _prints(later)
    assert spliced(later, "after", prints, alone(later, prints, previous), previous) is None


def test_cut_gives_the_document_back() -> None:
    for feed in (*_feeds("sample"), *_feeds("small")):
        for rel, fmt in feed_files(feed):
            document = fmt.render(feed)
            parts = cut(document, fmt.kind)
            if not feed.items:
                assert parts is None, rel
                continue
            assert parts is not None, rel
            assert len(parts.items) == len(feed.items), rel
            assert parts.joined(parts.items) == document
    assert cut(b"<rss><channel/></rss>", "rss") is None
    assert cut(b'{\n  "items": []\n}\n', "json") is None


@pytest.mark.parametrize("over_before", [True, False], ids=["dropped-before", "whole-before"])
def test_an_edit_over_the_budget_validates_only_the_changed_items(
    monkeypatch: pytest.MonkeyPatch, over_before: bool
) -> None:
    # The largest feed, over its budget after one item's body grew: its last files were
    # validated whole and found nothing, so only the document of the changed item is
    # validated, and the files and problems are still those of a whole build.
    from publisher import validate

    feed = max(_feeds("sample"), key=lambda f: len(f.items))
    largest = max(len(d) for d in _whole(feed)[0].values())
    before = replace(feed, max_bytes=largest * 90 // 100 if over_before else largest, min_items=1)
    grown = (before.items[0].content_html or "") + "<p>More news.</p>" * 100
    after = replace(before, items=(replace(before.items[0], content_html=grown), *before.items[1:]))
    previous = _serialize_feed(before, "before", _prints(before))
    assert [p.rule for p in previous.problems] == (["feed-over-budget"] if over_before else [])
    prints = _prints(after)
    changed = alone(after, prints, previous)
    checked: list[int] = []
    real = validate.validate_bytes

    def counted(document: bytes, **kwargs: Any) -> Any:
        checked.append(len(document))
        return real(document, **kwargs)

    monkeypatch.setattr(validate, "validate_bytes", counted)
    made = spliced(after, "after", prints, changed, previous)
    monkeypatch.undo()
    files, problems = _whole(after)
    assert made is not None and made.files == files and made.problems == problems
    assert [p.rule for p in problems] == ["feed-over-budget"]
    assert len(checked) == 3 and max(checked) < min(map(len, files.values()))


def _site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# The site's settings that change what an item or a document holds: compressed siblings
# and the CSS browser view; summaries and the XSLT view; a byte budget under which the
# "all" feed (18 items, about 85 KB a format) leaves out its oldest items and the others
# (under 20 KB) are whole.
SETTINGS = {
    "as-is": "",
    "precompress-css": 'precompress = true\nstylesheet = "css"\n',
    "summary-xslt": 'content = "summary"\nstylesheet = "xslt"\n',
    "budget": "max_feed_bytes = 60_000\n",
}


def _count_splices(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each feed the builds tried to splice was spliced, in order."""
    from publisher.build import splice

    made: list[bool] = []

    def counted(*args: Any) -> FeedOutput | None:
        done = spliced(*args)  # the module's own, not this wrapper
        made.append(done is not None)
        return done

    monkeypatch.setattr(splice, "spliced", counted, raising=True)
    return made


def _sample_site_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings_: str
) -> tuple[Config, Config]:
    """The sample site (a podcast, tag feeds, images) with ``settings_`` before its own,
    built once; and the same config writing to a folder and cache of its own, for the
    build from nothing to compare with."""
    import shutil

    shutil.copytree(REPO / "content", tmp_path / "content")
    toml = (REPO / "publisher.toml").read_text("utf-8")
    (tmp_path / "publisher.toml").write_text(settings_ + toml, "utf-8")
    monkeypatch.chdir(tmp_path)
    config = load_config(tmp_path / "publisher.toml")
    fresh = replace(config, output_dir=tmp_path / "fresh", cache_dir=tmp_path / "fresh-cache")
    build(config)
    return config, fresh


@pytest.mark.parametrize("settings_", SETTINGS.values(), ids=SETTINGS.keys())
def test_edits_built_from_the_cache_publish_what_a_build_from_nothing_publishes(
    tmp_path, monkeypatch, settings_
):
    # The sample site (a podcast, tag feeds, images), edited in turn the ways a site is.
    import shutil

    config, fresh = _sample_site_built(tmp_path, monkeypatch, settings_)
    sources = sorted((tmp_path / "content").rglob("*.md"))
    newest, other, podcast = (
        sources[-1],
        sources[3],
        next(p for p in sources if p.parent.name == "field-notes"),
    )

    def append(path: Path, text: str) -> None:
        path.write_text(path.read_text("utf-8") + text, "utf-8")

    edits = [
        lambda: append(newest, "\nA paragraph appended, with a [link](../x/) & more.\n"),
        lambda: append(other, "\nAnother <b>edit</b>.\n"),
        lambda: append(podcast, "\nShow notes, corrected.\n"),
        lambda: newest.write_text(newest.read_text("utf-8").replace("title: ", "title: New ", 1)),
        lambda: other.unlink(),
        # A new article, newer than all: the feeds' dates change (their heads).
        lambda: (tmp_path / "content" / "world" / "new.md").write_text(
            "---\ntitle: New\nid: urn:x:new\ndate: 2026-12-07T07:00:00+00:00\n---\nNews.\n", "utf-8"
        ),
    ]
    made = _count_splices(monkeypatch)
    for edit in edits:
        edit()
        result = build(config)
        assert result.stats.parsed <= 1 and not result.errors
        shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
        build(fresh, use_cache=False)
        assert _site_files(config.output_dir) == _site_files(tmp_path / "fresh")
    assert made and all(made), made  # every feed an edit changed was spliced
    published = _site_files(config.output_dir)
    if "precompress" in settings_:
        assert "all/rss.xml.br" in published and "technology/atom.xml.gz" in published
    if "summary" in settings_:
        assert b"Read more" in published["all/rss.xml"]
    if "stylesheet" in settings_:
        assert b"<?xml-stylesheet" in published["all/atom.xml"]
    if "budget" in settings_:
        assert max(len(published[f"all/{name}"]) for name in FEEDS) <= 60_000
        assert published["all/rss.xml"].count(b"<item>") < 18


def test_a_translated_site_edited_from_the_cache_publishes_what_a_build_from_nothing_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One feed set per language, translations linked (hreflang): each edit changes one
    # language's feeds, whose items also link the other language's page.
    import shutil

    from click.testing import CliRunner

    from publisher.cli import cli

    site = tmp_path / "site"
    shutil.copytree(REPO / "tests/languages/hugo-content-dirs/site", site)
    runner = CliRunner()

    def run(*args: str) -> None:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output

    run("init", str(site), "--like", "hugo")
    config = str(site / "publisher.toml")
    run("build", "--config", config, "--out", str(tmp_path / "out"))
    french, english = site / "content/fr/blog/hello.md", site / "content/en/blog/hello.md"
    edits = [
        lambda: french.write_text(french.read_text("utf-8") + "\nEncore un *mot*.\n", "utf-8"),
        lambda: english.write_text(
            english.read_text("utf-8").replace("title: ", "title: New ", 1), "utf-8"
        ),
        lambda: (site / "content/fr/blog/only.md").write_text(
            '---\ntitle: "Seul"\ndate: 2024-03-05T10:00:00Z\n---\nRien.\n', "utf-8"
        ),
    ]
    made = _count_splices(monkeypatch)
    for edit in edits:
        edit()
        run("build", "--config", config, "--out", str(tmp_path / "out"))
        shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
        run("build", "--config", config, "--out", str(tmp_path / "fresh"),
            "--cache-dir", str(tmp_path / "fresh-cache"), "--no-cache")  # fmt: skip
        assert _site_files(tmp_path / "out") == _site_files(tmp_path / "fresh")
    assert made and all(made), made
    assert (tmp_path / "out/fr/all/atom.xml").read_bytes().count(b"<entry>") == 2


@pytest.mark.parametrize("settings_", ["", "precompress = true\n"], ids=["as-is", "precompress"])
def test_an_edited_feed_is_read_from_its_published_files_while_they_stand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings_: str
) -> None:
    # A spliced feed's bytes are not kept in the cache: the next edit reads the files
    # published into the folder, and makes the feed whole when they changed behind our
    # back or the last good build's stamps are gone (a build that found errors).
    import shutil
    import sqlite3

    from publisher.build.fastpath import clear_state

    config, fresh = _sample_site_built(tmp_path, monkeypatch, settings_)
    newest = sorted((tmp_path / "content").rglob("*.md"))[-1]
    made = _count_splices(monkeypatch)

    def stored() -> dict[str, bool]:
        import pickle

        with sqlite3.connect(config.cache_dir / "cache.sqlite") as db:
            rows = db.execute("SELECT key, record, length(files) FROM outputs").fetchall()
        return {key: pickle.loads(record)[3] for key, record, _ in rows}

    def edit_and_compare(line: str) -> None:
        newest.write_text(newest.read_text("utf-8") + line, "utf-8")
        result = build(config)
        assert result.stats.parsed <= 1 and not result.errors
        shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
        build(fresh, use_cache=False)
        assert _site_files(config.output_dir) == _site_files(tmp_path / "fresh")

    assert all(stored().values())  # a build from nothing keeps every feed's bytes
    edit_and_compare("\nFirst.\n")
    spliced_first = len(made)
    assert spliced_first and all(made)
    without = [key for key, kept in stored().items() if not kept]
    assert without  # the edited feeds' bytes: in the folder only
    edit_and_compare("\nSecond.\n")  # spliced from the published files
    assert len(made) == 2 * spliced_first and all(made)
    # Changed behind our back: made whole (not spliced), the file put right.
    (config.output_dir / "all" / "rss.xml").write_bytes(b"<rss>mangled</rss>\n")
    edit_and_compare("\nThird.\n")
    assert len(made) == 3 * spliced_first - 1 and all(made)
    # No stamps (the last build found errors): every feed without its bytes made whole.
    clear_state(config.cache_dir)
    edit_and_compare("\nFourth.\n")
    # Only the feed made whole after the mangling kept its bytes: it alone is spliced.
    assert len(made) == 3 * spliced_first and all(made)
    assert all(stored().values())
    edit_and_compare("\nFifth.\n")
    assert len(made) == 4 * spliced_first and all(made)


def test_items_a_budget_left_out_are_kept_spare_and_not_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A feed over its byte budget leaves out its oldest items; an edit keeps their bytes
    # spare, so the next renders only the edited item. An edit that shrinks the feed
    # brings spare items back (validated whole), one that grows it leaves more out.
    import shutil

    from publisher.build import splice

    config, fresh = _sample_site_built(tmp_path, monkeypatch, "max_feed_bytes = 60_000\n")
    newest = sorted((tmp_path / "content").rglob("*.md"))[-1]
    original = newest.read_text("utf-8")
    alone_items: dict[str, int] = {}
    real_alone = splice.alone

    def counted(feed: Feed, prints: Any, previous: FeedOutput) -> Feed:
        made = real_alone(feed, prints, previous)
        alone_items[feed.slug] = len(made.items)
        return made

    monkeypatch.setattr(splice, "alone", counted)
    made = _count_splices(monkeypatch)

    def edit_and_compare(text: str) -> dict[str, bytes]:
        alone_items.clear()
        newest.write_text(text, "utf-8")
        assert not build(config).errors
        shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
        build(fresh, use_cache=False)
        published = _site_files(config.output_dir)
        assert published == _site_files(tmp_path / "fresh")
        return published

    def items(published: dict[str, bytes]) -> int:
        return published["all/rss.xml"].count(b"<item>")

    first = items(edit_and_compare(original + "\nFirst.\n"))
    assert alone_items["all"] > 1 and first < 18  # the edited item and those left out
    assert items(edit_and_compare(original + "\nSecond.\n")) == first
    assert alone_items["all"] == 1  # those left out: kept spare
    grown = items(edit_and_compare(original + "\nGrown, " + "with more words " * 800 + "\n"))
    assert grown < first and alone_items["all"] == 1
    assert items(edit_and_compare(original)) == first  # spare items back in
    assert alone_items["all"] == 1
    assert made and all(made)
