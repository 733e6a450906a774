"""Cron-grade publishing: incremental, scheduled, locked, atomic, nothing lost."""

from __future__ import annotations

import errno
import os
import pickle
import sqlite3
import threading
import time
from contextlib import closing
from datetime import UTC, datetime

import pytest
from lxml import etree

from publisher.build import build
from publisher.config import load_config
from publisher.publish import build_lock


def _article(site, n: int, date: str = "2026-01-01", category: str = "news") -> None:
    site.article(
        f"{category}/a{n}.md", {"title": f"A{n}", "id": f"urn:x:{n}", "date": date}, f"Body {n}."
    )


def _config(site):
    return load_config(site.root / "publisher.toml")


def test_noop_rebuild_parses_renders_and_writes_nothing(site):
    for n in range(5):
        _article(site, n)
    first = build(_config(site))
    assert (first.stats.parsed, first.stats.rendered) == (5, 5)
    again = build(_config(site))
    assert again.written == ()
    assert (again.stats.parsed, again.stats.rendered, again.stats.reused) == (0, 0, 5)
    assert again.unchanged == first.written


def test_a_no_op_is_silent_and_verbose_still_lists_warnings_and_schedule(site):
    site.article("news/unpinned.md", {"title": "U", "date": "2026-01-01"})
    _article(site, 2, "2999-01-01T00:00:00Z")
    first = site.run("build", "-v")
    assert site.run("build").output == ""  # told once, by the first build
    again = site.run("build", "-v")
    assert again.exit_code == 0
    assert "warning: no 'id': derived" in again.stderr
    assert again.stderr == first.stderr
    assert "next scheduled: content/news/a2.md at 2999-01-01T00:00:00+00:00" in again.output


def test_fast_path_notices_a_published_file_changed_behind_its_back(site):
    _article(site, 1)
    site.build()
    good = site.feed("news", "rss.xml")
    (site.out / "news" / "rss.xml").write_bytes(b"<rss>broken</rss>")
    site.build()
    assert site.feed("news", "rss.xml") == good


def test_an_edit_also_restores_an_unchanged_feed_changed_behind_its_back(site):
    # The sports feed is unchanged by the edit: its files are skipped only while they
    # stand as the last build published them.
    _article(site, 1)
    _article(site, 2, category="sports")
    site.build()
    good = site.feed("sports", "atom.xml")
    (site.out / "sports" / "atom.xml").write_bytes(b"<feed>broken</feed>")
    (site.out / "sports" / "feed.json").unlink()
    _article(site, 1, date="2026-01-02")
    result = site.build("-v")
    assert "/sports/atom.xml\n" in result.output
    assert "/sports/feed.json\n" in result.output
    assert "/sports/rss.xml\n" not in result.output
    assert site.feed("sports", "atom.xml") == good


def test_fast_path_publishes_a_scheduled_article_when_due(site):
    _article(site, 1, "2026-01-01T00:00:00Z")
    _article(site, 2, "2026-06-01T12:00:00Z")
    build(_config(site), clock=lambda: datetime(2026, 6, 1, 11, 0, tzinfo=UTC))
    build(_config(site), clock=lambda: datetime(2026, 6, 1, 11, 30, tzinfo=UTC))  # fast path
    assert b"urn:x:2" not in site.feed("news", "rss.xml")
    build(_config(site), clock=lambda: datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    assert b"urn:x:2" in site.feed("news", "rss.xml")


def test_one_edit_reparses_and_rerenders_one(site):
    for n in range(5):
        _article(site, n)
    build(_config(site))
    site.article("news/a3.md", {"title": "A3", "id": "urn:x:3", "date": "2026-01-01"}, "Edited.")
    result = build(_config(site))
    assert (result.stats.parsed, result.stats.rendered) == (1, 1)
    assert b"Edited." in site.feed("news", "rss.xml")


def test_touched_but_unchanged_file_is_not_reparsed(site):
    _article(site, 1)
    build(_config(site))
    os.utime(site.content / "news" / "a1.md", (1, 1))
    assert build(_config(site)).stats.parsed == 0


def test_no_cache_is_a_cold_build(site):
    _article(site, 1)
    build(_config(site))
    assert build(_config(site), use_cache=False).stats.parsed == 1


def test_corrupt_cache_is_discarded_with_a_warning(site):
    _article(site, 1)
    build(_config(site))
    cache_file = site.root / ".publisher-cache" / "cache.sqlite"
    cache_file.write_bytes(b"\x80\x05garbage" * 1000)
    _article(site, 2)  # a change, so the build needs the cache
    result = site.run("build")
    assert result.exit_code == 0
    assert "warning: build cache is unreadable: discarded (it will be rebuilt)" in result.stderr
    assert build(_config(site)).stats.parsed == 0  # rebuilt and trusted again


def test_cache_from_another_version_is_silently_rebuilt(site):
    _article(site, 1)
    build(_config(site))
    with closing(sqlite3.connect(site.root / ".publisher-cache" / "cache.sqlite")) as db, db:
        db.execute(
            "UPDATE meta SET value = ? WHERE key = 'header'", (pickle.dumps((1, "0.0.0", "x")),)
        )
    _article(site, 2)
    result = build(_config(site))
    assert result.stats.parsed == 2 and result.problems == ()


def test_scheduled_article_appears_with_the_first_build_after_its_time(site):
    _article(site, 1, "2026-01-01T00:00:00Z")
    _article(site, 2, "2026-06-01T12:00:00Z")
    before = build(_config(site), clock=lambda: datetime(2026, 6, 1, 11, 59, tzinfo=UTC))
    assert [a.id for a in before.scheduled] == ["urn:x:2"]
    assert b"urn:x:2" not in site.feed("news", "rss.xml")
    after = build(_config(site), clock=lambda: datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    assert after.scheduled == ()
    assert b"urn:x:2" in site.feed("news", "rss.xml")


def test_verbose_names_the_next_scheduled_article(site):
    _article(site, 1)
    _article(site, 2, "2999-01-01T00:00:00Z")
    result = site.run("build", "-v")
    assert "next scheduled: content/news/a2.md at 2999-01-01T00:00:00+00:00" in result.output


def test_dry_run_prints_and_writes_nothing(site):
    _article(site, 1)
    result = site.run("build", "--dry-run")
    assert result.exit_code == 0
    assert "would write" in result.output and "news/rss.xml" in result.output
    assert not site.out.exists()


def test_second_build_exits_3_while_one_holds_the_lock(site):
    _article(site, 1)
    with build_lock(site.root / ".publisher-cache"):
        result = site.run("build")
    assert result.exit_code == 3
    assert result.stderr == f"error: another build is running (pid {os.getpid()})\n"


def test_wait_takes_the_lock_when_it_is_released(site):
    _article(site, 1)
    released = threading.Event()

    def hold() -> None:
        with build_lock(site.root / ".publisher-cache"):
            released.wait(0.3)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.05)
    result = site.run("build", "--wait", "10")
    holder.join()
    assert result.exit_code == 0, result.output
    assert (site.out / "news" / "rss.xml").is_file()


def test_removed_article_leaves_and_emptied_category_keeps_a_valid_feed(site, check_feed):
    _article(site, 1, category="news")
    _article(site, 2, category="sport")
    (site.out / "sport").mkdir(parents=True)
    (site.out / "sport" / "notes.txt").write_text("mine")
    (site.out / "robots.txt").write_text("mine too")
    site.build()
    (site.content / "sport" / "a2.md").unlink()
    site.build()
    for name in ("rss.xml", "atom.xml"):
        feed = check_feed(site.feed("sport", name))
        assert feed.entries == []
    assert b"urn:x:2" not in site.feed("all", "rss.xml")
    assert (site.out / "sport" / "notes.txt").read_text() == "mine"
    assert (site.out / "robots.txt").read_text() == "mine too"


def test_output_that_cannot_be_written_exits_4_and_replaces_nothing(site):
    _article(site, 1)
    site.build()
    before = site.files()
    _article(site, 2)
    (site.out / "news2").write_text("a file where a folder must go")
    site.article("news2/x.md", {"title": "X", "id": "urn:x:x", "date": "2026-01-01"})
    result = site.run("build")
    assert result.exit_code == 4, result.output
    assert result.stderr.startswith("error: ")
    assert "nothing was replaced" in result.stderr
    assert site.files() == {**before, "news2": b"a file where a folder must go"}


def test_full_disk_exits_4_and_every_old_feed_is_intact(site, monkeypatch):
    _article(site, 1)
    site.build()
    before = site.files()
    _article(site, 2)
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd: int, data) -> int:
        calls["n"] += 1
        if calls["n"] > 2:  # let a couple of files stage, then the disk fills up
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr("publisher.publish.os.write", full_disk)
    result = site.run("build")
    assert result.exit_code == 4
    assert "no space left on device; nothing was replaced" in result.stderr
    assert site.files() == before
    assert not list(site.out.rglob("*.tmp"))


def test_stale_temp_files_from_a_killed_build_are_cleaned(site):
    _article(site, 1)
    site.build()
    stale = site.out / "news" / ".rss.xml.99999.tmp"
    stale.write_bytes(b"<half")
    _article(site, 2)
    site.build()
    assert not stale.exists()


def test_sources_are_read_from_config_folder_not_cwd(site, tmp_path, monkeypatch):
    _article(site, 1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = site.run("build", "--config", str(site.root / "publisher.toml"))
    assert result.exit_code == 0, result.output
    root = etree.fromstring(site.feed("news", "rss.xml"))
    assert root.findtext("channel/item/guid") == "urn:x:1"


def test_progress_is_reported_to_a_callback_and_never_printed_without_a_terminal(site):
    for n in range(3):
        _article(site, n)
    calls: list[tuple[str, int, int]] = []
    build(_config(site), progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls[-1] == ("rendering", 3, 3)
    assert ("reading sources", 3, 3) in calls
    result = site.run("build", "--no-cache")  # CliRunner's stderr is not a terminal
    assert result.output == ""


def test_a_feed_that_fails_validation_is_never_published(site, monkeypatch):
    _article(site, 1)
    site.build()
    before = site.files()
    _article(site, 2)

    def broken_rss(feed) -> bytes:
        return b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'

    monkeypatch.setattr("publisher.formats.rss.render_rss", broken_rss)
    result = site.run("build")
    assert result.exit_code == 1
    assert "all/rss.xml" in result.stderr and "error" in result.stderr
    assert site.files() == before


def test_a_body_that_cannot_render_is_its_files_error(site):
    _article(site, 1)
    site.article(
        "news/brackets.md", {"title": "B", "id": "urn:x:b", "date": "2026-01-02"}, "[" * 2000
    )
    result = site.run("build")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("content/news/brackets.md:") and ": error: " in line, line
    assert not site.out.exists()
    result = site.run("build", "--keep-going")
    assert result.exit_code == 1
    rss = site.feed("news", "rss.xml")
    assert b"urn:x:1" in rss and b"urn:x:b" not in rss


def test_updated_in_the_future_waits_for_its_time(site):
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01T00:00:00Z",
                               "updated": "2026-03-01T00:00:00Z"})  # fmt: skip
    early = build(_config(site), clock=lambda: datetime(2026, 2, 1, tzinfo=UTC))
    assert any(p.rule == "source-updated-in-future" for p in early.problems)
    assert early.next_due == ("content/news/a.md", datetime(2026, 3, 1, tzinfo=UTC))
    assert b"<lastBuildDate>Thu, 01 Jan 2026" in site.feed("news", "rss.xml")
    build(_config(site), clock=lambda: datetime(2026, 3, 2, tzinfo=UTC))
    assert b"<lastBuildDate>Sun, 01 Mar 2026" in site.feed("news", "rss.xml")


def _immutable(path, on: bool) -> bool:
    """chattr +i: read-only even for root (tests here run as root, where chmod is ignored)."""
    import shutil
    import subprocess

    if shutil.which("chattr") is None:
        return False
    flag = "+i" if on else "-i"
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def test_read_only_output_folder_exits_4_and_every_old_feed_is_intact(site):
    _article(site, 1)
    site.build()
    before = site.files()
    _article(site, 2)
    folder = site.out / "news"
    if not _immutable(folder, True):
        pytest.skip("chattr +i is not available on this filesystem")
    try:
        result = site.run("build")
    finally:
        _immutable(folder, False)
    assert result.exit_code == 4, result.output
    assert result.stderr.startswith("error: ") and "nothing was replaced" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert site.files() == before
    assert not list(site.out.rglob("*.tmp"))


def test_a_failed_build_keeps_what_it_parsed(site):
    for n in range(5):
        _article(site, n)
    build(_config(site))
    _article(site, 5)
    (site.content / "news" / "bad.md").write_text("no front matter", encoding="utf-8")
    assert site.run("build").exit_code == 1
    (site.content / "news" / "bad.md").unlink()
    result = build(_config(site))
    # Only the new article is parsed: the failed run cached it; the rest never changed.
    assert (result.stats.parsed, result.stats.rendered) == (0, 1)
