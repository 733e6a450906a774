"""Unit tests for the build's cache (keys, counters, save/load) and for reading each
source once on a cold build."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from publisher.build import build
from publisher.build.cache import (
    CACHE_NAME,
    BuildCache,
    FeedOutput,
    SourceEntry,
    render_key,
    source_signature,
)
from publisher.build.load import _Newest
from publisher.config import load_config
from publisher.model import Article, Feed, Rendered
from publisher.sources import Discovered

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def _article(n: int = 1, **changes: object) -> Article:
    article = Article(
        id=f"urn:x:{n}", title="T", slug=f"t{n}", category="News", category_slug="news",
        link=f"https://site.example/news/t{n}/", published=WHEN, updated=WHEN,
        source=f"content/news/t{n}.md",
    )  # fmt: skip
    return replace(article, **changes)  # type: ignore[arg-type]


def _feed(items: tuple[Article, ...] = ()) -> Feed:
    return Feed(
        slug="news", title="News", description="", link="https://site.example/news/",
        urls={"atom": "https://site.example/feeds/news/atom.xml"}, language="en",
        updated=WHEN, items=items,
    )  # fmt: skip


def test_render_key_follows_what_the_html_depends_on():
    article = _article()
    key = render_key(article, "digest")
    assert render_key(replace(article, title="Other"), "digest") == key
    assert render_key(article, "other digest") != key
    assert render_key(replace(article, link="https://site.example/moved/"), "digest") != key
    assert render_key(replace(article, summary="Said."), "digest") != key


def test_source_signature_changes_with_any_stat_and_the_config():
    found = [Discovered("/c/a.md", "a.md", 10, 1)]
    signature = source_signature("config", found)
    assert source_signature("config", found) == signature
    assert source_signature("other", found) != signature
    assert source_signature("config", [Discovered("/c/a.md", "a.md", 10, 2)]) != signature
    assert source_signature("config", []) != signature


def test_sources_by_stat_then_by_hash_and_every_count_in_one_place(tmp_path: Path):
    cache, problems = BuildCache.load(tmp_path, "fp")
    assert problems == [] and cache.sources == {}
    entry = SourceEntry(10, 1, "d1", _article(), ())
    cache.parsed("a.md", entry)
    cache.parsed("broken.md", SourceEntry(3, 1, "", None, ()))  # unreadable: not kept
    assert cache.by_stat("a.md", 10, 1) is entry
    assert cache.by_stat("a.md", 10, 2) is None
    assert cache.known_digest("a.md") == "d1" and cache.known_digest("new.md") is None
    touched = cache.touched("a.md", 10, 2)
    assert (touched.mtime_ns, touched.article) == (2, entry.article)
    assert (cache.stats.parsed, cache.stats.reused) == (2, 2)
    assert "broken.md" not in cache.sources


def test_save_and_load_round_trip_and_prune_what_was_not_used(tmp_path: Path):
    cache, _ = BuildCache.load(tmp_path, "fp")
    cache.parsed("a.md", SourceEntry(10, 1, "d1", _article(1), ()))
    cache.parsed("b.md", SourceEntry(10, 1, "d2", _article(2), ()))
    cache.put_rendered("k", Rendered("<p>x</p>", "x"))
    feed = _feed()
    fingerprint, missing = cache.get_output(feed)
    assert missing is None
    cache.put_output(feed, FeedOutput(fingerprint, {"news/atom.xml": b"<feed/>"}, ()))
    cache.save()

    again, problems = BuildCache.load(tmp_path, "fp")
    assert problems == [] and set(again.sources) == {"a.md", "b.md"}
    assert again.get_rendered("k") == Rendered("<p>x</p>", "x")
    assert again.get_output(feed)[1] is not None
    assert again.get_output(_feed((_article(),)))[1] is None  # another feed content
    assert again.by_stat("a.md", 10, 1) is not None
    again.save()  # b.md was not seen this time: dropped

    third, _ = BuildCache.load(tmp_path, "fp")
    assert set(third.sources) == {"a.md"}
    assert (third.stats.parsed, third.stats.render_reused) == (0, 0)


def test_another_config_or_an_older_format_is_dropped_silently(tmp_path: Path):
    cache, _ = BuildCache.load(tmp_path, "fp")
    cache.parsed("a.md", SourceEntry(10, 1, "d1", _article(), ()))
    cache.save()
    assert BuildCache.load(tmp_path, "other")[0].sources == {}
    (tmp_path / CACHE_NAME).write_bytes(pickle.dumps(((4, "0.1.0", "fp"), {}, {})))
    assert BuildCache.load(tmp_path, "fp")[0].sources == {}


def test_a_corrupt_cache_is_dropped_with_a_warning(tmp_path: Path):
    (tmp_path / CACHE_NAME).write_bytes(b"\x80\x05garbage")
    cache, problems = BuildCache.load(tmp_path, "fp")
    assert cache.sources == {} and [p.rule for p in problems] == ["cache-corrupt"]


def test_newest_keeps_the_bodies_a_feed_can_show():
    newest = _Newest(2)
    for n, (category, day) in enumerate([("a", 1), ("a", 3), ("a", 2), ("b", 1), ("a", 4)]):
        article = _article(n, category_slug=category, published=WHEN.replace(day=day))
        newest.offer(f"{n}.md", article, f"body {n}".encode())
    # a: the two newest are 4 and 1 (days 4, 3); b: 3 is its only one; all: days 4, 3.
    assert newest.bodies == {"4.md": b"body 4", "1.md": b"body 1", "3.md": b"body 3"}
    everything = _Newest(None)
    everything.offer("x.md", _article(), b"x")
    assert everything.bodies == {"x.md": b"x"}


@pytest.fixture
def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import publisher.build.load as load

    reads: list[str] = []
    real = load.read_bytes

    def read_bytes(found: Discovered, **kwargs: object) -> bytes:
        reads.append(found.rel)
        return real(found, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "read_bytes", read_bytes)
    return reads


def test_a_cold_build_reads_each_source_once(site, counted_reads):
    site.config(
        """
        title = "T"
        base_url = "https://t.example"
        items_per_feed = 2
        """
    )
    for n in range(6):
        site.article(f"c{n % 2}/a{n}.md", {"title": f"A{n}", "id": f"urn:x:{n}",
                                          "date": f"2026-01-0{n + 1}"})  # fmt: skip
    result = build(load_config())
    assert sorted(counted_reads) == sorted(f"c{n % 2}/a{n}.md" for n in range(6))
    assert (result.stats.parsed, result.stats.rendered, result.stats.bodies_reread) == (6, 4, 0)

    # The newest article goes: an older one enters the feeds without being read again
    # by loading (it is cached), so its body alone is read again, to render it.
    (site.content / "c1" / "a5.md").unlink()
    counted_reads.clear()
    result = build(load_config())
    assert counted_reads == ["c1/a1.md"]
    assert (result.stats.parsed, result.stats.bodies_reread) == (0, 1)
