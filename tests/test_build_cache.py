"""Unit tests for the build's cache (keys, counters, the database's rows, save and
load) and for reading each source once on a cold build."""

from __future__ import annotations

import pickle
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.build import build
from publisher.build.cache import (
    CACHE_NAME,
    BodyFacts,
    BuildCache,
    FeedOutput,
    SourceEntry,
    feed_fingerprint,
    instant,
    item_print,
    render_key,
    renderer_identity,
    source_signature,
    stored_source,
)
from publisher.build.load import _Newest
from publisher.config import load_config
from publisher.model import Article, Feed, Rendered
from publisher.render.settings import MarkdownSettings, flavour_defaults
from publisher.sources import Discovered, Listing

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def _article(n: int = 1, **changes: object) -> Article:
    article = Article(
        id=f"urn:x:{n}", title="T", slug=f"t{n}", category="News", category_slug="news",
        link=f"https://site.example/news/t{n}/", published=WHEN, updated=WHEN,
        source=f"news/t{n}.md",
    )  # fmt: skip
    return replace(article, **changes)  # type: ignore[arg-type]


def _feed(items: tuple[Article, ...] = ()) -> Feed:
    return Feed(
        slug="news", title="News", description="", link="https://site.example/news/",
        urls={"atom": "https://site.example/feeds/news/atom.xml"}, language="en",
        updated=WHEN, items=items,
    )  # fmt: skip


def _found(rel: str, size: int = 10, mtime_ns: int = 1) -> Discovered:
    return Discovered(f"/c/{rel}", rel, size, mtime_ns)


def _compare(
    cache: BuildCache, found: list[Discovered]
) -> tuple[list[tuple[Discovered, str | None]], int]:
    folders: dict[str, list[tuple[str, int, int]]] = {}
    for item in found:
        folder, _, name = item.rel.rpartition("/")
        folders.setdefault(folder, []).append((name, item.size, item.mtime_ns))
    listing = Listing.of("/c", folders)
    changes = cache.compare(listing, listing.digests())
    return list(changes.jobs(listing)), changes.unchanged


def _store(cache: BuildCache, item: Discovered, digest: str, article: Article | None) -> None:
    entry = SourceEntry(item.size, item.mtime_ns, digest, article, ())
    cache.store(stored_source(item.rel, entry, with_tags=False))


def test_render_key_follows_what_the_html_depends_on():
    article = _article()
    ours = renderer_identity(MarkdownSettings())
    key = render_key(article, "digest", ours)
    assert render_key(replace(article, title="Other"), "digest", ours) == key
    assert render_key(article, "other digest", ours) != key
    assert render_key(replace(article, link="https://site.example/moved/"), "digest", ours) != key
    assert render_key(replace(article, summary="Said."), "digest", ours) != key
    # Another flavour, another option of one, or another release of its library.
    for other in (
        renderer_identity(flavour_defaults("commonmark")),
        renderer_identity(flavour_defaults("goldmark")),
        renderer_identity(replace(flavour_defaults("goldmark"), raw_html=False)),
        renderer_identity(MarkdownSettings(extensions=("extra", "smarty"))),
        ours.replace("markdown=", "markdown=0"),
    ):
        assert render_key(article, "digest", other) != key


def test_the_renderer_identity_names_the_flavours_own_libraries():
    goldmark = renderer_identity(flavour_defaults("goldmark"))
    for module in ("markdown_it", "mdit_py_plugins", "linkify_it", "nh3", "lxml"):
        assert f" {module}=" in goldmark and "=missing" not in goldmark
    assert " markdown=" not in goldmark  # a new Python-Markdown renders no Hugo site again
    ours = renderer_identity(MarkdownSettings())
    assert " markdown=" in ours and "markdown_it=" not in ours
    # A Python-Markdown extension from another package: that package's release too.
    pelican = renderer_identity(MarkdownSettings(extensions=("extra", "pymdownx.tilde:X")))
    assert " pymdownx=" in pelican and pelican.count(" markdown=") == 1


def test_source_signature_changes_with_any_stat_and_the_config():
    def digests(*entries: tuple[str, int, int]) -> dict[str, bytes]:
        return Listing.of("/c", {"": list(entries)} if entries else {}).digests()

    signature = source_signature("config", digests(("a.md", 10, 1)))
    assert source_signature("config", digests(("a.md", 10, 1))) == signature
    assert source_signature("other", digests(("a.md", 10, 1))) != signature
    assert source_signature("config", digests(("a.md", 10, 2))) != signature
    assert source_signature("config", digests(("a.md", 11, 1))) != signature
    assert source_signature("config", digests(("b.md", 10, 1))) != signature
    assert source_signature("config", digests()) != signature


def test_sources_by_folder_then_stat_then_hash_and_every_count_in_one_place(tmp_path: Path):
    cache, problems = BuildCache.load(tmp_path, "fp")
    assert problems == []
    a, b, broken = _found("news/a.md"), _found("news/b.md"), _found("other/broken.md")
    assert [item for item, _ in _compare(cache, [a, b, broken])[0]] == [a, b, broken]
    _store(cache, a, "d1", _article(1, source=a.rel))
    _store(cache, b, "d2", _article(2, source=b.rel))
    _store(cache, broken, "", None)  # unreadable: read again by every build
    cache.save()
    assert cache.stats.parsed == 3

    again, _ = BuildCache.load(tmp_path, "fp")
    todo, unchanged = _compare(again, [a, b, broken])
    assert (unchanged, todo) == (2, [(broken, None)])
    touched = _found("news/a.md", mtime_ns=2)
    todo, unchanged = _compare(again, [touched, b])  # broken.md is gone, and its folder
    assert todo == [(touched, "d1")] and unchanged == 1
    again.touched(touched.rel, touched.size, touched.mtime_ns)
    again.save()
    assert (again.stats.reused, again.stats.parsed) == (2 + 1 + 1, 0)

    third, _ = BuildCache.load(tmp_path, "fp")
    assert _compare(third, [touched, b])[1] == 2
    assert set(third.catalog().articles(["news/a.md", "news/b.md", "other/broken.md"])) == {
        "news/a.md", "news/b.md",
    }  # fmt: skip
    assert third.catalog().error_sources() == []
    assert _compare(third, [b])[1] == 1  # a.md deleted: its rows go
    assert set(third.catalog().articles(["news/a.md", "news/b.md"])) == {"news/b.md"}


def test_rendered_bodies_and_feed_outputs_are_kept_while_used(tmp_path: Path):
    cache, _ = BuildCache.load(tmp_path, "fp")
    cache.put_rendered("k", Rendered("<p>x</p>", "x"), BodyFacts("x", None, (), "d"))
    feed = _feed()
    assert cache.get_output(feed) is None
    cache.put_output(feed, FeedOutput("made", {"news/atom.xml": b"<feed/>"}, ()))
    cache.save()

    again, problems = BuildCache.load(tmp_path, "fp")
    assert problems == []
    assert again.rendered(["k", "other"]) == {"k": Rendered("<p>x</p>", "x")}
    assert again.rendered_facts(["k"]) == {"k": BodyFacts("x", None, (), "d")}
    output = again.get_output(feed)
    assert output is not None and output.fingerprint == "made"
    again.save()

    third, _ = BuildCache.load(tmp_path, "fp")
    assert third.get_output(feed) is not None  # looked up: kept
    third.save()  # "k" was not asked for by this build: dropped
    fourth, _ = BuildCache.load(tmp_path, "fp")
    assert fourth.rendered_facts(["k"]) == {} and fourth.get_output(feed) is not None
    assert (fourth.stats.parsed, fourth.stats.render_reused) == (0, 0)


def test_another_config_or_version_is_dropped_silently(tmp_path: Path):
    cache, _ = BuildCache.load(tmp_path, "fp")
    _store(cache, _found("news/a.md"), "d1", _article())
    cache.save()
    cache.close()
    other, problems = BuildCache.load(tmp_path, "other")
    assert problems == [] and _compare(other, [_found("news/a.md")])[1] == 0


def test_a_dry_run_commits_nothing(tmp_path: Path):
    cache, _ = BuildCache.load(tmp_path, "fp")
    cache.persist = False
    _store(cache, _found("news/a.md"), "d1", _article())
    cache.save()
    cache.close()
    again, _ = BuildCache.load(tmp_path, "fp")
    assert _compare(again, [_found("news/a.md")])[1] == 0


def test_a_corrupt_cache_is_dropped_with_a_warning(tmp_path: Path):
    (tmp_path / CACHE_NAME).write_bytes(b"\x80\x05garbage" * 1000)
    cache, problems = BuildCache.load(tmp_path, "fp")
    assert [p.rule for p in problems] == ["cache-corrupt"]
    assert _compare(cache, [_found("news/a.md")])[1] == 0


def test_a_cache_damaged_past_its_header_is_rebuilt_within_the_build(site):
    site.config('title = "T"\nbase_url = "https://t.example"\n')
    for n in range(40):
        site.article(f"c{n % 3}/a{n}.md", {"title": f"A{n}", "id": f"urn:x:{n}",
                                           "date": "2026-01-01"})  # fmt: skip
    first = build(load_config())
    database = site.root / ".publisher-cache" / CACHE_NAME
    with closing(sqlite3.connect(database)) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(database.read_bytes())
    data[2 * page_size :] = b"\xff" * (len(data) - 2 * page_size)  # the header page survives
    database.write_bytes(bytes(data))
    site.article("c0/new.md", {"title": "New", "id": "urn:x:new", "date": "2026-01-02"})
    result = build(load_config())
    assert [p.rule for p in result.problems] == ["cache-corrupt"]
    assert result.stats.parsed == 41  # everything read again, into a fresh database
    assert len(result.feeds) == len(first.feeds)
    assert build(load_config()).stats.reused == 41


def test_newest_keeps_the_bodies_a_feed_can_show():
    newest = _Newest(2)
    for n, (category, day) in enumerate([("a", 1), ("a", 3), ("a", 2), ("b", 1), ("a", 4)]):
        rank = (instant(WHEN.replace(day=day)), f"urn:x:{n}", (category,))
        newest.offer(f"{n}.md", rank, f"body {n}".encode())
    # a: the two newest are 4 and 1 (days 4, 3); b: 3 is its only one; all: days 4, 3.
    assert newest.bodies == {"4.md": b"body 4", "1.md": b"body 1", "3.md": b"body 3"}
    everything = _Newest(None)
    everything.offer("x.md", (instant(WHEN), "urn:x:1", ()), b"x")
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


def test_newest_breaks_ties_in_time_as_feeds_do():
    newest = _Newest(1)
    newest.offer("b.md", (instant(WHEN), "urn:x:b", ()), b"b")
    newest.offer("a.md", (instant(WHEN), "urn:x:a", ()), b"a")  # same instant, smaller id
    newest.offer("c.md", (instant(WHEN), "urn:x:c", ()), b"c")
    assert newest.bodies == {"a.md": b"a"}


def test_feed_fingerprint_follows_every_part_of_the_feed():
    article = _article(summary="S")

    def fingerprint(feed: Feed, content: str = "key") -> str:
        return feed_fingerprint(feed, [item_print(a, content) for a in feed.items])

    feed = _feed((article,))
    same = fingerprint(_feed((replace(article),)))
    assert same == fingerprint(feed)
    # The HTML is named by its render key, not read: the article's content_html aside.
    assert same == fingerprint(_feed((replace(article, content_html="<p>a</p>"),)))
    others = {
        fingerprint(feed, "another key"),
        fingerprint(feed, ""),
        fingerprint(_feed((replace(article, summary="T"),))),
        fingerprint(_feed((replace(article, title="Other"),))),
        fingerprint(replace(feed, title="Other")),
        fingerprint(_feed((article, article))),
        fingerprint(_feed()),
    }
    assert len(others) == 7 and same not in others


def test_a_cache_that_cannot_be_written_mid_build_is_left_alone(site, monkeypatch):
    site.config('title = "T"\nbase_url = "https://t.example"\n')
    site.article("c/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})
    build(load_config())
    site.article("c/b.md", {"title": "B", "id": "urn:x:b", "date": "2026-01-02"})
    real, calls = BuildCache.store, []

    def full_disk(self: BuildCache, source: object) -> None:
        calls.append(source)
        if self.persist:
            raise sqlite3.OperationalError("database or disk is full")
        real(self, source)  # type: ignore[arg-type]

    monkeypatch.setattr(BuildCache, "store", full_disk)
    result = build(load_config())
    assert [p.rule for p in result.problems] == ["cache-unwritable"]
    assert "database or disk is full" in result.problems[0].message
    assert [item.title for item in result.feeds[0].items] == ["B", "A"]
    monkeypatch.setattr(BuildCache, "store", real)
    assert build(load_config(), fast_path=False).stats.parsed == 1  # the cache as it was


def _shared_in(folder: Path) -> set[tuple[str, str]]:
    """The ids and identity keys more than one committed row holds, counted whole."""
    with closing(sqlite3.connect(folder / CACHE_NAME)) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sources'").fetchone():
            return set()  # nothing committed yet
        return {
            (column, value)
            for column in ("id", "identity")
            for (value,) in db.execute(
                f"SELECT {column} FROM sources WHERE {column} IS NOT NULL "
                f"GROUP BY {column} HAVING count(*) > 1"
            )
        }


# A session: the sources present (name -> (id, slug), or None for an unreadable one), and
# how the build ends: saved, saved after planning asked for the shared values (as the
# identity check does), or stopped without saving.
_SESSION = st.tuples(
    st.dictionaries(
        st.sampled_from(("a.md", "b.md", "c.md", "d/e.md", "d/f.md")),
        st.none() | st.tuples(st.sampled_from("xyz"), st.sampled_from("st")),
        max_size=5,
    ),
    st.sampled_from(("save", "ask, then save", "stop")),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_SESSION, min_size=1, max_size=6))
def test_the_shared_ids_kept_with_the_rows_are_those_of_the_rows(sessions) -> None:
    """``BuildCache.shared`` looks up only what changed since the kept set was saved: after
    any run of builds (sources added, changed, made unreadable, removed; builds saved or
    stopped half-way), it gives what grouping every committed row gives."""
    with TemporaryDirectory() as tmp:
        folder = Path(tmp)
        committed: dict[str, tuple[str, str] | None] = {}
        for present, end in sessions:
            cache, _ = BuildCache.load(folder, "fp")
            # A source's stat changes when what it holds does.
            found = [_found(rel, mtime_ns=1 + hash(present[rel]) % 1000) for rel in sorted(present)]
            for item, _known in _compare(cache, found)[0]:
                if present[item.rel] is None:
                    _store(cache, item, "", None)
                else:
                    id_, slug = present[item.rel]
                    article = _article(source=item.rel, id=f"urn:x:{id_}", slug=slug)
                    _store(cache, item, f"d{id_}{slug}", article)
            if end != "stop":
                if end.startswith("ask"):
                    cache.shared()
                cache.save()
                committed = dict(present)
            cache.close()
            expected = _shared_in(folder)
            if end != "stop":  # kept beside the rows: every value shared, and perhaps
                # some a delete unshared since (looked up again, as every kept one is)
                with closing(sqlite3.connect(folder / CACHE_NAME)) as db:
                    (kept,) = db.execute("SELECT value FROM meta WHERE key = 'shared'").fetchone()
                assert set(pickle.loads(kept)) >= expected
            fresh, _ = BuildCache.load(folder, "fp")
            assert fresh.shared() == expected, committed
            fresh.close()


def test_many_values_inserted_are_grouped_whole(tmp_path: Path) -> None:
    """Past 200 ids and identity keys inserted, ``shared`` groups every row rather than
    look each up (and keeps no set of them: a cold build of 100,000 sources would)."""
    cache, _ = BuildCache.load(tmp_path, "fp")
    found = [_found(f"news/t{n}.md") for n in range(300)]
    for n, item in enumerate(found):
        _store(cache, item, f"d{n}", _article(n, source=item.rel, id=f"urn:x:{n % 299}"))
    assert cache.shared() == {("id", "urn:x:0")} == _grouped(cache)
    cache.save()
    cache.close()
    again, _ = BuildCache.load(tmp_path, "fp")
    moved = [_found(item.rel, mtime_ns=2) for item in found]
    for n, item in enumerate(moved):  # every id changes; two of them now shared
        _store(again, item, f"e{n}", _article(n, source=item.rel, id=f"urn:y:{min(n, 298)}"))
    assert again.shared() == {("id", "urn:y:298")} == _grouped(again)
    again.close()


def _grouped(cache: BuildCache) -> set[tuple[str, str]]:
    return {
        ("id", value)
        for (value,) in cache.db.execute(
            "SELECT id FROM sources WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1"
        )
    }


# Sources of one large folder (and a few beside it, a subfolder's between its names by
# rel) as a session sees them: name -> (mtime, category name), None for an unreadable one.
_NAMES = (*(f"news/{c}{n}.md" for c in "abcdef" for n in range(4)), "news/b/x.md", "top.md")
_FOLDER_SESSION = st.tuples(
    st.dictionaries(
        st.sampled_from(_NAMES),
        st.none() | st.tuples(st.integers(1, 3), st.sampled_from(("News", "news", "Sport"))),
        max_size=len(_NAMES),
    ),
    st.booleans(),  # saved (else stopped without saving)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_FOLDER_SESSION, min_size=1, max_size=6))
def test_a_changed_folder_is_compared_run_by_run_as_a_whole(sessions) -> None:
    """Runs of a folder's files kept as digests (``cache.RUN`` files each) pick the rows
    to compare: after any run of builds (files added, changed, made unreadable, removed,
    runs growing past twice their length; builds saved or stopped), a build reads what
    comparing every row would, the rows of files gone go, and the spelling counts kept
    are what grouping every row gives."""
    with pytest.MonkeyPatch.context() as patch, TemporaryDirectory() as tmp:
        patch.setattr("publisher.build.cache.RUN", 3)
        folder = Path(tmp)
        committed: dict[str, tuple[int, str] | None] = {}  # rel -> (mtime, category)
        ever_saved = False
        for present, saved in sessions:
            cache, _ = BuildCache.load(folder, "fp")
            found = [_found(rel, mtime_ns=_stamp(present[rel])) for rel in sorted(present)]
            todo, unchanged = _compare(cache, found)
            expected = {
                rel
                for rel, now in present.items()
                if now is None or committed.get(rel) is None or committed[rel] != now
            }  # (a file's stat changes when what it holds does)
            assert {item.rel for item, _ in todo} == expected, committed
            assert unchanged == len(present) - len(expected)
            for item, _known in todo:
                if present[item.rel] is None:
                    _store(cache, item, "", None)
                else:
                    mtime, category = present[item.rel]
                    article = _article(
                        source=item.rel, id=f"urn:{item.rel}", category=category,
                        category_slug=category.lower(),
                    )  # fmt: skip
                    _store(cache, item, f"d{mtime}{category}", article)
            if saved:
                cache.catalog()
                cache.save()
                committed = dict(present)
            cache.close()
            ever_saved = ever_saved or saved
            if not ever_saved:
                continue  # nothing committed yet
            with closing(sqlite3.connect(folder / CACHE_NAME)) as db:
                rels = {rel.decode() for (rel,) in db.execute("SELECT rel FROM sources")}
                kept = db.execute(
                    "SELECT slug, fold, name, uses FROM spellings WHERE kind = 'categories' "
                    "ORDER BY 1, 2, 3"
                ).fetchall()
                grouped = db.execute(
                    "SELECT slug, fold, name, count(*) FROM categories GROUP BY 1, 2, 3"
                ).fetchall()
            assert rels == set(committed)
            assert kept == grouped


def _stamp(source: tuple[int, str] | None) -> int:
    if source is None:
        return 9
    mtime, category = source
    return 10 * mtime + ("News", "news", "Sport").index(category)


def test_runs_of_a_folder_follow_edits_insertions_and_deletions(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("publisher.build.cache.RUN", 3)
    found = {f"news/a{n}.md": _found(f"news/a{n}.md") for n in range(10)}

    def build(expect: set[str]) -> list[str]:
        cache, _ = BuildCache.load(tmp_path, "fp")
        todo, unchanged = _compare(cache, sorted(found.values(), key=lambda item: item.rel))
        assert {item.rel for item, _ in todo} == expect
        assert unchanged == len(found) - len(expect)
        for item, _known in todo:
            _store(cache, item, f"d{item.mtime_ns}", _article(source=item.rel, id=item.rel))
        cache.save()
        firsts = [first.decode() for (first,) in cache.db.execute("SELECT first FROM runs")]
        rels = {rel.decode() for (rel,) in cache.db.execute("SELECT rel FROM sources")}
        assert rels == set(found)
        cache.close()
        return firsts

    assert build(set(found)) == ["", "a3.md", "a6.md", "a9.md"]
    found["news/a3.md"] = _found("news/a3.md", mtime_ns=2)  # a run's first file
    assert build({"news/a3.md"}) == ["", "a3.md", "a6.md", "a9.md"]
    del found["news/a6.md"]  # a run's first file gone: the run stays, from its name
    assert build(set()) == ["", "a3.md", "a6.md", "a9.md"]
    for name in ("a60.md", "a61.md", "a62.md", "a63.md", "a64.md"):
        found[f"news/{name}"] = _found(f"news/{name}")
    # The run from a6.md holds a60..a64, a7, a8: seven, past twice three: cut again.
    assert build({f"news/a6{n}.md" for n in range(5)}) == [
        "", "a3.md", "a6.md", "a63.md", "a8.md", "a9.md",
    ]  # fmt: skip
    found["news/a8.md"] = _found("news/a8.md", mtime_ns=3)
    assert build({"news/a8.md"}) == ["", "a3.md", "a6.md", "a63.md", "a8.md", "a9.md"]
