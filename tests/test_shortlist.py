"""Planning from the store's shortlist plans exactly what the pure rules plan over every
article (the claim in publisher/build/shortlist.py).

The reference planner is the one the build used before the SQLite store: every article,
in path order, through unify_categories, check_identity (and check_tag_folder),
timeline, plan_feeds (and plan_archives). The store planner puts the same articles into
a ``BuildCache`` and plans through ``Shortlist`` the way ``build._full_build`` and
``build._plan_and_complete`` do. Random small sites are drawn with hypothesis, weighted
towards what the shortlist must get right: duplicate ids, slugs and (on a generator's
site) links, case variants and
slug clashes of category names, tag spellings sharing a slug, dates around ``now``
(scheduled, updated later, expired) and equal instants written with different offsets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from publisher.build.cache import BuildCache, SourceEntry, stored_source
from publisher.build.shortlist import Shortlist
from publisher.config import Config
from publisher.errors import Problem
from publisher.generators.hugo_order import order_key
from publisher.model import Article, Author, Feed
from publisher.plan import (
    check_identity,
    check_tag_folder,
    plan_archives,
    plan_feeds,
    timeline,
    unify_categories,
)
from publisher.slugs import category_slug

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ROOT = Path("/site")
OFFSETS = (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30)))
# Few values, so that equal instants (ties) and near-misses are common.
HOURS = (-30, -20, -9, -5, -2, -1, 0, 1, 3)
# Case variants, different names sharing a slug (C++, C#, C), tags/ (an error with tag
# feeds), a lowercase name whose capital changes its length (ß), a reserved slug (all).
CATEGORIES = (
    "", "Tech", "tech", "TECH", "C++", "C", "c", "C#", "news", "News", "Tags", "ßx", "SSx", "All",
)  # fmt: skip
AUTHORS = ("Ann Lee", "ann lee", "Bo Chen", "Ségolène")
TAGS = ("Python", "python", "PYTHON", "py thon", "Py-Thon", "Go", "go", " go ", "Straße", "STRASSE")


def show(rel: str) -> str:
    return f"content/{rel}"


def make_config(**changes: object) -> Config:
    config = Config(
        root=ROOT, title="Site", base_url="https://site.example", content_dir=ROOT / "content",
        output_dir=ROOT / "feeds", cache_dir=ROOT / ".cache", feeds_url="https://site.example/feeds",
    )  # fmt: skip
    return replace(config, **changes)  # type: ignore[arg-type]


def at(hours: float, offset: int = 0) -> datetime:
    """``NOW`` plus ``hours``, written with one of ``OFFSETS`` (same instant either way)."""
    return (NOW + timedelta(hours=hours)).astimezone(OFFSETS[offset])


def article(
    rel: str,
    id: str,
    *,
    category: str = "Tech",
    slug: str | None = None,
    published: datetime = NOW,
    updated: datetime | None = None,
    **changes: object,
) -> Article:
    made = Article(
        id=id, title=id, slug=slug or rel.removesuffix(".md").replace("/", "-"),
        category=category, category_slug=category_slug(category) if category else "",
        link=f"https://site.example/{rel}", published=published,
        updated=updated or published, source=rel,
    )  # fmt: skip
    return replace(made, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Planned:
    """Everything planning decides that the build shows or writes."""

    problems: list[Problem]
    scheduled: tuple[Article, ...]
    next_due: tuple[str, datetime] | None
    timeline_problems: tuple[Problem, ...]
    feeds: list[Feed]
    pages: list[Feed]


def plan_everything(
    articles: list[Article],
    config: Config,
    previous: Mapping[str, datetime | None],
    exclude: frozenset[str] = frozenset(),
    failed: frozenset[str] = frozenset(),
) -> Planned:
    """The reference: the pure rules over every article, as the build planned before."""
    unified = unify_categories(sorted(articles, key=lambda a: a.source))
    problems = check_identity(unified, show=show, by_link=bool(config.generator))
    if config.tag_feeds or config.author_feeds:
        problems += check_tag_folder(unified, config)
    bad = {p.path for p in problems if p.is_error} | exclude
    when = timeline(unified, NOW, exclude=bad)
    # A body that fails to render leaves its article out of the next plan, not the timeline.
    live = [a for a in when.live if a.source not in failed]
    feeds = plan_feeds(live, config, previous=previous)
    pages: list[Feed] = []
    if config.archive:
        feeds, pages = plan_archives(feeds, live, config)
    return Planned(problems, when.scheduled, when.next_due, when.problems, feeds, pages)


def plan_from_store(
    articles: list[Article],
    config: Config,
    previous: Mapping[str, datetime | None],
    exclude: frozenset[str] = frozenset(),
    failed: frozenset[str] = frozenset(),
) -> Planned:
    """The same articles stored, and planned through ``Shortlist`` as the build does."""
    cache = BuildCache.disabled()
    try:
        for a in articles:
            entry = SourceEntry(1, 1, "digest", a, ())
            cache.store(
                stored_source(
                    a.source, entry, with_tags=bool(config.tag_feeds),
                    with_authors=bool(config.author_feeds), by_link=bool(config.generator),
                )
            )  # fmt: skip
        cache.indexed()
        shortlist = Shortlist(cache, config, str(config.content_dir), bodies={})
        problems = shortlist.identity_problems(show)
        bad = {p.path for p in problems if p.is_error} | exclude
        when = shortlist.timeline(NOW, bad)
        not_live = shortlist.not_live(when, bad | failed)
        totals = shortlist.totals(when, not_live, NOW)
        live = shortlist.feed_articles(when, not_live, NOW, totals)
        feeds = plan_feeds(live, config, previous=previous, totals=totals)
        pages: list[Feed] = []
        if config.archive:
            feeds, pages = plan_archives(feeds, live, config)
        return Planned(problems, when.scheduled, when.next_due, when.problems, feeds, pages)
    finally:
        cache.close()


def assert_same_plan(
    articles: list[Article],
    config: Config,
    previous: Mapping[str, datetime | None] | None = None,
    exclude: frozenset[str] = frozenset(),
    failed: frozenset[str] = frozenset(),
) -> Planned:
    expected = plan_everything(articles, config, previous or {}, exclude, failed)
    got = plan_from_store(articles, config, previous or {}, exclude, failed)
    assert got.problems == expected.problems
    assert got.scheduled == expected.scheduled
    assert got.next_due == expected.next_due
    assert got.timeline_problems == expected.timeline_problems
    assert got.feeds == expected.feeds
    assert got.pages == expected.pages
    # Datetimes compare as instants; the offset a date is shown with must match too.
    assert repr(got) == repr(expected)
    return expected


# -- random sites ---------------------------------------------------------------------


@st.composite
def dates(draw: st.DrawFn) -> tuple[datetime, datetime, datetime | None]:
    """(published, updated, expires) around ``NOW``."""
    published = at(draw(st.sampled_from(HOURS)), draw(st.integers(0, len(OFFSETS) - 1)))
    later = draw(st.sampled_from((0, 0, 0, -1, 1, 2, 4, 40)))
    updated = (published + timedelta(hours=later)).astimezone(
        OFFSETS[draw(st.integers(0, len(OFFSETS) - 1))]
    )
    expires = draw(st.sampled_from((None, None, None, *HOURS)))
    return published, updated, None if expires is None else at(expires + 0.5)


@st.composite
def sites(draw: st.DrawFn) -> list[Article]:
    count = draw(st.integers(0, 30) | st.integers(8, 30))
    names = draw(
        st.lists(
            st.tuples(st.sampled_from(("", "a/", "b/", "a/b/")), st.integers(0, 99)),
            min_size=count, max_size=count, unique=True,
        )
    )  # fmt: skip
    # Each site uses a few of the names, and leaves many articles without a category, so
    # the newest of a tag feed are often in no other feed's newest.
    categories = ["", *draw(st.lists(st.sampled_from(CATEGORIES[1:]), min_size=1, max_size=3))]
    tags = draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=4))
    tagged = draw(st.floats(0.1, 0.9))
    articles = []
    for n, (folder, number) in enumerate(names):
        published, updated, expires = draw(dates())
        articles.append(
            article(
                f"{folder}{number:02d}.md",
                # Mostly distinct (a duplicate's later files are left out), some not.
                draw(st.sampled_from((*[f"urn:x:{n}"] * 8, "urn:x:dup", "urn:x:0"))),
                category=draw(st.sampled_from(categories)),
                slug=draw(st.sampled_from((*[f"s{n}"] * 8, "same", "other"))),
                # A generator's site: two sources with one link are duplicates.
                link=draw(
                    st.sampled_from(
                        (
                            *[f"https://site.example/{folder}{number:02d}/"] * 8,
                            "https://site.example/same/",
                        )
                    )
                ),
                published=published,
                updated=updated,
                expires=expires,
                more_categories=tuple(
                    draw(st.lists(st.sampled_from(categories).filter(bool), max_size=2))
                ),
                tags=tuple(draw(st.lists(st.sampled_from(tags), max_size=2)))
                if draw(st.floats(0, 1)) < tagged
                else (),
                authors=tuple(
                    Author(name) for name in draw(st.lists(st.sampled_from(AUTHORS), max_size=2))
                ),
            )
        )
    return articles


@st.composite
def configs(draw: st.DrawFn) -> Config:
    tag_feeds = draw(
        st.sampled_from((False, True))
        | st.lists(st.sampled_from((*TAGS, "Never Used")), max_size=3).map(tuple)
    )
    author_feeds = draw(
        st.sampled_from((False, True))
        | st.lists(st.sampled_from((*AUTHORS, "Nobody Yet")), max_size=2).map(tuple)
    )
    return make_config(
        items_per_feed=draw(st.integers(1, 4)),
        generator=draw(st.sampled_from(("", "hugo"))),
        tag_feeds=tag_feeds,
        author_feeds=author_feeds,
        archive=draw(st.booleans()),
        retired_categories=tuple(draw(st.lists(st.sampled_from(("tech", "c", "news"))))),
    )


previous_feeds = st.dictionaries(
    st.sampled_from(
        ("all", "tech", "c", "gone", "tags/python", "tags/gone", "tags/go", "authors/ann-lee")
    ),
    st.none() | st.sampled_from(HOURS).map(lambda h: at(h - 100)),
    max_size=4,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(sites(), configs(), previous_feeds)
@example(  # one instant written three ways, one feed item, an emptied feed to date
    [
        article("c.md", "urn:x:1", published=at(-1, 2), updated=at(-1, 1)),
        article("a.md", "urn:x:3", published=at(-1, 0), tags=("go",)),
        article("b.md", "urn:x:2", published=at(-1, 1), updated=at(-1, 2), tags=("Go",)),
    ],
    make_config(items_per_feed=1, tag_feeds=True),
    {"gone": None, "tags/gone": None},
)
def test_the_shortlist_plans_what_every_article_plans(
    articles: list[Article], config: Config, previous: dict[str, datetime | None]
) -> None:
    assert_same_plan(articles, config, previous)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(sites(), configs(), previous_feeds, st.data())
def test_sources_left_out_with_keep_going_are_left_out_alike(
    articles: list[Article],
    config: Config,
    previous: dict[str, datetime | None],
    data: st.DataObject,
) -> None:
    # Left out before the timeline (a source's error) or after it (a body that failed
    # to render: _plan_and_complete plans again without it).
    rels = sorted(a.source for a in articles)
    some = st.sets(st.sampled_from(rels)) if rels else st.just(set[str]())
    bad, failed = data.draw(some), data.draw(some)
    assert_same_plan(articles, config, previous, frozenset(bad), frozenset(failed))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(sites(), configs(), previous_feeds, st.data())
def test_hugo_order_picks_from_the_store_what_it_picks_from_every_article(
    articles: list[Article],
    config: Config,
    previous: dict[str, datetime | None],
    data: st.DataObject,
) -> None:
    # Hugo's own order (pageOrder = "hugo"): weighted pages first, whatever their date.
    weights = data.draw(
        st.lists(st.sampled_from((0, 0, 0, 1, 2, -3, 10)), min_size=len(articles),
                 max_size=len(articles))
    )  # fmt: skip
    placed = [
        replace(a, order=order_key(w, a.published, a.title, a.source))
        for a, w in zip(articles, weights, strict=True)
    ]
    hugo = replace(config, generator="hugo", generator_options={"pageOrder": "hugo"})
    assert_same_plan(placed, hugo, previous)


def test_hugo_order_lists_weighted_pages_first_in_the_store_too() -> None:
    # The oldest, weighted, comes first; then the rest newest first (linkerd's docs).
    articles = [
        article("new.md", "urn:x:1", published=at(-1)),
        article("old.md", "urn:x:2", published=at(-30)),
        article("mid.md", "urn:x:3", published=at(-5)),
    ]
    placed = [
        replace(
            a, order=order_key(5 if a.source == "old.md" else 0, a.published, a.title, a.source)
        )
        for a in articles
    ]
    hugo = make_config(items_per_feed=2, generator="hugo", generator_options={"pageOrder": "hugo"})
    expected = assert_same_plan(placed, hugo)
    assert [a.source for a in expected.feeds[0].items] == ["old.md", "new.md"]


# -- hand-written ties ------------------------------------------------------------------


def test_equal_instants_with_different_offsets_order_by_id_and_date_the_feed_alike() -> None:
    # Same instant, three offsets: newest_first breaks the tie by id; the feed's date is
    # the first item's (as max() keeps the first of equals), shown with its offset.
    articles = [
        article("c.md", "urn:x:1", published=at(-1, 2)),
        article("a.md", "urn:x:3", published=at(-1, 0)),
        article("b.md", "urn:x:2", published=at(-1, 1)),
    ]
    for per_feed in (1, 2, 3):
        expected = assert_same_plan(articles, make_config(items_per_feed=per_feed))
        assert [a.id for a in expected.feeds[0].items] == ["urn:x:1", "urn:x:2", "urn:x:3"][
            :per_feed
        ]


def test_the_newest_update_ties_go_to_the_first_path_with_its_own_offset() -> None:
    # An emptied (retired elsewhere, previously published) feed is dated by the site's
    # newest 'updated': two articles updated at one instant, written differently.
    articles = [
        article("b.md", "urn:x:1", published=at(-5), updated=at(-1, 2)),
        article("a.md", "urn:x:2", published=at(-5), updated=at(-1, 1)),
    ]
    expected = assert_same_plan(articles, make_config(), {"gone": None})
    gone = next(f for f in expected.feeds if f.slug == "gone")
    assert gone.updated.utcoffset() == OFFSETS[1].utcoffset(None)


def test_an_update_still_to_come_is_held_back_and_dates_the_feed_by_its_publication() -> None:
    articles = [
        article("a.md", "urn:x:1", published=at(-2), updated=at(3)),
        article("b.md", "urn:x:2", published=at(-5), updated=at(-3)),
    ]
    expected = assert_same_plan(articles, make_config(), {"gone": None})
    assert [p.rule for p in expected.timeline_problems] == ["source-updated-in-future"]
    assert expected.next_due == ("a.md", at(3))
    gone = next(f for f in expected.feeds if f.slug == "gone")
    assert gone.updated == at(-2)


def test_case_variants_and_a_shared_slug_name_feeds_alike() -> None:
    articles = [
        article("1.md", "urn:x:1", category="tech", published=at(-1)),
        article("2.md", "urn:x:2", category="TECH", published=at(-2)),
        article("3.md", "urn:x:3", category="Tech", published=at(-30)),
        article("4.md", "urn:x:4", category="C++", published=at(-3)),
        article("5.md", "urn:x:5", category="C", published=at(-4), more_categories=("tech",)),
        article("6.md", "urn:x:6", category="c", published=at(-5)),
    ]
    expected = assert_same_plan(articles, make_config(items_per_feed=1))
    assert [p.rule for p in expected.problems] == ["source-category-slug-clash"]


def test_duplicates_leave_the_first_by_path_live() -> None:
    articles = [
        article("b.md", "urn:x:1", slug="same", published=at(-1)),
        article("a.md", "urn:x:1", slug="other", published=at(-2)),
        article("c.md", "urn:x:2", slug="same", published=at(-3)),
        article("d.md", "urn:x:3", category="", published=at(-4)),
        article("e.md", "urn:x:3", category="", published=at(-4)),
    ]
    expected = assert_same_plan(articles, make_config(items_per_feed=2))
    assert sorted(p.path for p in expected.problems) == ["b.md", "c.md", "e.md"]


def test_tag_spellings_sharing_a_slug_make_one_tag_feed() -> None:
    articles = [
        article("a.md", "urn:x:1", published=at(-1), tags=("python", "Python")),
        article("b.md", "urn:x:2", published=at(-2), tags=("PYTHON",)),
        article("c.md", "urn:x:3", published=at(-3), tags=("Python",), expires=at(-0.5)),
        article("d.md", "urn:x:4", published=at(-4), tags=("Python",)),
    ]
    for tag_feeds in (True, ("python",), ("go",)):
        assert_same_plan(articles, make_config(tag_feeds=tag_feeds, items_per_feed=1))


def test_a_tag_feed_shows_its_newest_even_when_no_other_feed_does() -> None:
    articles = [
        article("a.md", "urn:x:1", published=at(-1)),
        article("b.md", "urn:x:2", published=at(-2)),
        article("c.md", "urn:x:3", published=at(-5), tags=("Go",)),
        article("d.md", "urn:x:4", published=at(-30), tags=("go",)),
    ]
    expected = assert_same_plan(articles, make_config(tag_feeds=True, items_per_feed=2))
    assert [a.id for a in expected.feeds[-1].items] == ["urn:x:3", "urn:x:4"]


def test_a_body_that_failed_to_render_does_not_date_an_emptied_feed() -> None:
    # a.md is live with its future 'updated' held back; its body then fails to render,
    # and the plan without it must not take the site's newest date from it.
    articles = [
        article("a.md", "urn:x:1", published=at(-2), updated=at(3)),
        article("b.md", "urn:x:2", published=at(-5), updated=at(-3)),
    ]
    expected = assert_same_plan(articles, make_config(), {"gone": None}, failed=frozenset({"a.md"}))
    gone = next(f for f in expected.feeds if f.slug == "gone")
    assert gone.updated == at(-3)
