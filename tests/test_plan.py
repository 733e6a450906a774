"""Unit tests for plan.py: identity checks, categories, timeline, feeds and archives."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from publisher.config import Config
from publisher.errors import Severity
from publisher.model import Article, Author
from publisher.plan import (
    ALL_SLUG,
    EMPTY_FEED_DATE,
    check_identity,
    newest_first,
    plan_archives,
    plan_feeds,
    timeline,
    unify_categories,
)

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _config(**changes: object) -> Config:
    root = Path("/site")
    config = Config(
        root=root, title="Site", base_url="https://site.example", content_dir=root / "content",
        output_dir=root / "feeds", cache_dir=root / ".cache", feeds_url="https://site.example/feeds",
    )  # fmt: skip
    return replace(config, **changes)  # type: ignore[arg-type]


def _article(n: int, category: str = "News", *, days: int = 0, **changes: object) -> Article:
    published = T0 + timedelta(days=days)
    article = Article(
        id=f"urn:x:{n}", title=f"A{n}", slug=f"a{n}", category=category,
        category_slug=category.lower().replace("+", ""), link=f"https://site.example/a{n}/",
        published=published, updated=published, source=f"content/a{n}.md",
    )  # fmt: skip
    return replace(article, **changes)  # type: ignore[arg-type]


def test_newest_first_breaks_ties_by_id():
    a, b, c = _article(2), _article(1), _article(3, days=1)
    assert [x.id for x in newest_first([a, b, c])] == ["urn:x:3", "urn:x:1", "urn:x:2"]


def test_check_identity_finds_duplicate_ids_and_slugs_and_warns_of_slug_clashes():
    first = _article(1)
    same_id = replace(_article(2), id="urn:x:1", source="content/z.md")
    same_slug = replace(_article(3), slug="a1", source="content/zz.md")
    clash = replace(_article(4, "C++"), category_slug="c", source="content/c1.md")
    other = replace(_article(5, "C"), category_slug="c", source="content/c2.md")
    problems = check_identity([first, same_id, same_slug, clash, other])
    found = {(p.path, p.severity, p.rule) for p in problems}
    assert ("content/z.md", Severity.ERROR, "source-duplicate") in found
    assert ("content/zz.md", Severity.ERROR, "source-duplicate") in found
    assert ("content/c2.md", Severity.WARNING, "source-category-slug-clash") in found
    assert len(problems) == 3
    assert "also used by content/a1.md" in next(
        p.message for p in problems if p.path == "content/z.md"
    )


def test_on_a_generators_site_the_link_is_who_an_article_is():
    # One slug in one category twice (two Hugo folders, one file name), at two links: two
    # articles. The same link twice: one page written twice, whatever the slugs.
    first = replace(_article(1), slug="intro", link="https://x.example/v3.3/intro/")
    second = replace(_article(2), slug="intro", link="https://x.example/v3.4/intro/",
                     source="content/a2.md")  # fmt: skip
    assert check_identity([first, second], by_link=True) == []
    assert [p.rule for p in check_identity([first, second])] == ["source-duplicate"]
    third = replace(_article(3, ""), link=first.link, source="content/a3.md")
    problems = check_identity([first, second, third], by_link=True)
    assert [(p.path, p.message) for p in problems] == [
        ("content/a3.md", "link 'https://x.example/v3.3/intro/' is also used by content/a1.md")
    ]


def test_unify_categories_takes_the_most_common_spelling():
    articles = [_article(1, "tech"), _article(2, "Tech"), _article(3, "Tech"), _article(4, "news")]
    names = [a.category for a in unify_categories(articles)]
    assert names == ["Tech", "Tech", "Tech", "News"]


def test_timeline_splits_at_now_and_holds_back_a_future_update():
    now = T0 + timedelta(days=5)
    live = _article(1)
    scheduled = _article(2, days=10)
    later = _article(3, days=7)
    updating = replace(_article(4), updated=now + timedelta(hours=1))
    broken = replace(_article(5), source="content/bad.md")
    when = timeline([live, scheduled, later, updating, broken], now, exclude={"content/bad.md"})
    assert [a.id for a in when.live] == ["urn:x:1", "urn:x:4"]
    assert when.live[1].updated == updating.published
    assert [a.id for a in when.scheduled] == ["urn:x:3", "urn:x:2"]
    assert when.next_due == ("content/a4.md", now + timedelta(hours=1))
    assert [p.rule for p in when.problems] == ["source-updated-in-future"]


def test_timeline_with_nothing_to_come():
    when = timeline([_article(1)], T0)
    assert (when.scheduled, when.next_due, when.problems) == ((), None, ())


def test_plan_feeds_groups_orders_and_limits():
    config = _config(items_per_feed=2)
    articles = [_article(n, "News" if n % 2 else "Sport", days=n) for n in range(1, 6)]
    feeds = plan_feeds(articles, config)
    assert [f.slug for f in feeds] == [ALL_SLUG, "news", "sport"]
    everything, news, sport = feeds
    assert [a.id for a in everything.items] == ["urn:x:5", "urn:x:4"]
    assert [a.id for a in news.items] == ["urn:x:5", "urn:x:3"]
    assert [a.id for a in sport.items] == ["urn:x:4", "urn:x:2"]
    assert news.updated == articles[4].updated  # the newest item's time, not the clock
    assert news.title == "Site: News"
    assert news.urls == {
        "rss": "https://site.example/feeds/news/rss.xml",
        "atom": "https://site.example/feeds/news/atom.xml",
        "json": "https://site.example/feeds/news/feed.json",
    }
    assert news.authors == (Author("Site"),)


def test_plan_feeds_keeps_an_emptied_feed_with_its_last_date():
    earlier = T0 - timedelta(days=9)
    previous = {"gone": None, "left": earlier}
    feeds = {f.slug: f for f in plan_feeds([_article(1, days=3)], _config(), previous=previous)}
    assert feeds["gone"].items == () and feeds["gone"].updated == T0 + timedelta(days=3)
    assert feeds["left"].items == () and feeds["left"].updated == earlier
    assert plan_feeds([], _config())[0].updated == EMPTY_FEED_DATE  # no config date either


def test_plan_archives_pages_complete_stretches_oldest_first():
    config = _config(items_per_feed=2)
    articles = [_article(n, days=n) for n in range(1, 6)]
    current, pages = plan_archives(plan_feeds(articles, config), articles, config)
    news_pages = [p for p in pages if p.slug == "news"]
    assert [p.archive_number for p in news_pages] == [1, 2]
    assert [a.id for a in news_pages[0].items] == ["urn:x:2", "urn:x:1"]
    assert news_pages[0].archive_links == {
        "current": "https://site.example/feeds/news/atom.xml",
        "next-archive": "https://site.example/feeds/news/archive/2.xml",
    }
    assert news_pages[1].urls == {"atom": "https://site.example/feeds/news/archive/2.xml"}
    news = next(f for f in current if f.slug == "news")
    assert news.archive_links == {"prev-archive": "https://site.example/feeds/news/archive/2.xml"}
