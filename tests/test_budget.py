"""max_feed_bytes: a feed over its byte budget leaves out its oldest items, the same ones
in every format, never below the stated minimum, and says so once."""

from __future__ import annotations

import json

import feedparser
import pytest

from publisher.plan import MIN_BUDGET_ITEMS
from tests.conftest import parse_feed

TOML = """\
title = "Heavy"
base_url = "https://site.example"
timezone = "UTC"
{extra}
"""
PARAGRAPH = "The grid operator published its long report on storage and demand today. "


def _site(site, extra: str, count: int = 30, words: int = 20) -> None:
    site.config(TOML.format(extra=extra))
    for n in range(1, count + 1):
        site.article(
            f"energy/story-{n:02d}.md",
            {"title": f"Story {n}", "id": f"urn:x:{n}", "date": f"2026-01-{n:02d}T09:00:00Z"},
            "\n\n".join([PARAGRAPH * words] * 3),
        )


def _ids(data: bytes) -> list[str]:
    if data.startswith(b"{"):
        return [item["id"] for item in json.loads(data)["items"]]
    return [entry.id for entry in feedparser.parse(data).entries]


def test_a_feed_over_budget_keeps_the_newest_items_that_fit_in_every_format(site):
    _site(site, "max_feed_bytes = 100_000")
    result = site.build()
    files = {name: site.feed("energy", name) for name in ("rss.xml", "atom.xml", "feed.json")}
    assert all(len(data) <= 100_000 for data in files.values()), {
        n: len(d) for n, d in files.items()
    }
    kept = _ids(files["rss.xml"])
    assert kept == _ids(files["atom.xml"]) == _ids(files["feed.json"])
    assert kept == [f"urn:x:{n}" for n in range(30, 30 - len(kept), -1)]  # newest first
    assert MIN_BUDGET_ITEMS <= len(kept) < 30
    parse_feed(files["rss.xml"], self_url="https://site.example/feeds/energy/rss.xml")
    # As many as fit: one more item would not.
    warning = [line for line in result.output.splitlines() if "energy/" in line]
    assert len(warning) == 1, result.output
    assert f"left out its {30 - len(kept)} oldest" in warning[0]
    assert f"(the newest of them 'Story {30 - len(kept)}', " in warning[0]
    assert f"keeping {len(kept)} in every format" in warning[0]
    assert "is over max_feed_bytes (100,000)" in warning[0]


def test_the_count_is_the_largest_that_fits(site, tmp_path):
    _site(site, "max_feed_bytes = 100_000")
    site.build()
    kept = len(_ids(site.feed("energy", "rss.xml")))
    # The same site with room for exactly one more item is over 100,000 bytes somewhere.
    _site(site, f"max_feed_bytes = 0\nitems_per_feed = {kept + 1}")
    site.build("--out", str(tmp_path / "more"), "--cache-dir", str(tmp_path / "c"))
    sizes = [len((tmp_path / "more" / "energy" / n).read_bytes()) for n in ("rss.xml", "atom.xml")]
    assert max(sizes) > 100_000


def test_the_warning_is_told_once_while_the_feed_stays_over(site):
    _site(site, "max_feed_bytes = 100_000")
    first = site.build()
    assert "max_feed_bytes" in first.output
    site.article(
        "energy/story-31.md",
        {"title": "Story 31", "id": "urn:x:31", "date": "2026-01-31T09:00:00Z"},
        PARAGRAPH * 100,
    )
    second = site.build()
    assert "max_feed_bytes" not in second.output  # the counts changed; the news did not
    assert "urn:x:31" in _ids(site.feed("energy", "rss.xml"))
    standing = site.build("-v")
    assert "max_feed_bytes" in standing.output  # -v lists what stands


def test_never_below_the_minimum_and_it_says_the_budget_is_not_met(site):
    _site(site, "max_feed_bytes = 16_384", words=40)
    result = site.build()
    assert len(_ids(site.feed("energy", "atom.xml"))) == MIN_BUDGET_ITEMS
    assert len(site.feed("energy", "atom.xml")) > 16_384
    assert "even its newest 10 take" in result.output
    assert 'set content = "summary" or raise max_feed_bytes' in result.output


def test_per_category_budget_and_off(site):
    _site(site, "max_feed_bytes = 100_000\n[categories.energy]\nmax_feed_bytes = 0")
    result = site.build()
    assert len(_ids(site.feed("energy", "rss.xml"))) == 30
    assert len(_ids(site.feed("all", "rss.xml"))) < 30  # the site's budget still holds there
    assert "all/" in result.output and "energy/" not in result.output


def test_archived_sites_never_leave_out_the_items_no_archive_page_holds(site):
    _site(site, "max_feed_bytes = 100_000\narchive = true\nitems_per_feed = 20")
    site.build()
    kept = _ids(site.feed("energy", "atom.xml"))
    page = _ids((site.out / "energy" / "archive" / "1.xml").read_bytes())
    assert page == [f"urn:x:{n}" for n in range(20, 0, -1)]  # no budget on archive pages
    # Items 21-30 are on no page yet: the subscription feed keeps all of them.
    assert {f"urn:x:{n}" for n in range(21, 31)} <= set(kept)


def test_the_default_is_512_kib_and_tiny_feeds_are_untouched(site):
    _site(site, "", count=3)
    site.build()
    assert len(_ids(site.feed("energy", "rss.xml"))) == 3
    manifest = json.loads((site.out / ".publisher-manifest.json").read_text())
    assert "energy/rss.xml" in manifest["files"]


@pytest.mark.parametrize("value", ["100", "-1", "true", '"big"'])
def test_a_budget_too_small_or_not_a_number_is_a_config_error(site, value):
    _site(site, f"max_feed_bytes = {value}", count=1)
    result = site.run("build")
    assert result.exit_code == 1
    assert "max_feed_bytes" in result.output
