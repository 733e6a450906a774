"""Articles -> Feeds: identity checks, grouping by category, order, limits, feed dates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from publisher import __version__
from publisher.config import Config
from publisher.errors import Problem, Severity
from publisher.model import Article, Author, Feed
from publisher.slugs import category_slug

ALL_SLUG = "all"
GENERATOR_URI = "https://pypi.org/project/publisher/"
# A feed with no items still needs an updated date; never the wall clock.
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def check_identity(articles: Iterable[Article]) -> list[Problem]:
    """Errors for two articles sharing an id, or a slug within one category.

    Also a warning when two different category names (``C++`` and ``C``) get the same
    slug and so share one feed: once per extra name, naming a file of each.
    """
    problems: list[Problem] = []
    by_id: dict[str, Article] = {}
    by_slug: dict[tuple[str, str], Article] = {}
    by_category: dict[str, Article] = {}
    clashing: set[tuple[str, str]] = set()
    for article in sorted(articles, key=lambda a: a.source):
        if not article.category:  # in no category feed: only its id must be unique
            first = by_id.setdefault(article.id, article)
            if first is not article:
                problems.append(_duplicate(article, first, f"id {article.id!r}"))
            continue
        first = by_category.setdefault(article.category_slug, article)
        name = (article.category_slug, article.category.casefold())
        if first.category.casefold() != name[1] and name not in clashing:
            clashing.add(name)
            problems.append(_slug_clash(article, first))
        first = by_id.setdefault(article.id, article)
        if first is not article:
            problems.append(_duplicate(article, first, f"id {article.id!r}"))
        key = (article.category_slug, article.slug)
        first = by_slug.setdefault(key, article)
        if first is not article:
            problems.append(
                _duplicate(article, first, f"slug {article.slug!r} in {article.category!r}")
            )
    return problems


def _duplicate(article: Article, first: Article, what: str) -> Problem:
    return Problem(
        article.source, None, Severity.ERROR, "source-duplicate",
        f"{what} is also used by {first.source}",
    )  # fmt: skip


def _slug_clash(article: Article, first: Article) -> Problem:
    return Problem(
        article.source, None, Severity.WARNING, "source-category-slug-clash",
        f"category {article.category!r} has the same feed slug {article.category_slug!r} as "
        f"{first.category!r} (in {first.source}): both go into one feed; rename one",
    )  # fmt: skip


def unify_categories(articles: Sequence[Article]) -> list[Article]:
    """Give every article of one category the same display name.

    Names that differ only in case are one category, shown in its most common
    spelling (ties: a spelling with capitals, then the alphabetically first); a bare
    lowercase name is capitalized. Names that differ otherwise (``C++``, ``C``) keep
    their own, even if they share a slug (check_identity warns about that).
    """
    spellings: dict[tuple[str, str], Counter[str]] = {}
    for article in articles:
        for name in _names(article):
            key = (category_slug(name), name.casefold())
            spellings.setdefault(key, Counter())[name] += 1
    names = {key: _capitalized(_most_common(counts)) for key, counts in spellings.items()}

    def unified_name(name: str) -> str:
        return names[(category_slug(name), name.casefold())] if name else name

    unified = []
    for a in articles:
        name = unified_name(a.category)
        more = tuple(unified_name(n) for n in a.more_categories)
        same = a.category == name and a.more_categories == more
        unified.append(a if same else replace(a, category=name, more_categories=more))
    return unified


def _names(article: Article) -> tuple[str, ...]:
    return tuple(n for n in (article.category, *article.more_categories) if n)


def _most_common(counts: Counter[str]) -> str:
    return min(counts, key=lambda name: (-counts[name], name.islower(), name))


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:] if name.islower() else name


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Newest publication first; ties broken by id so the order never wobbles."""
    ordered = sorted(articles, key=lambda a: a.id)
    ordered.sort(key=lambda a: a.published, reverse=True)
    return ordered


def plan_feeds(
    articles: Sequence[Article], config: Config, *, extra_categories: Iterable[str] = ()
) -> list[Feed]:
    """One feed per category slug plus ``all``, in slug order, each limited and ordered."""
    # Names are already one per slug (unify_categories); group in one pass, newest first.
    ordered = newest_first(articles)
    groups: dict[str, list[Article]] = {}
    counts: dict[str, Counter[str]] = {}
    for article in ordered:
        # An article with several categories is in each one's feed (and once in all).
        seen: set[str] = set()  # two names with one slug: one item
        for name in _names(article):
            slug = category_slug(name)
            counts.setdefault(slug, Counter())[name] += 1
            if slug in seen:
                continue
            seen.add(slug)
            group = groups.setdefault(slug, [])
            if len(group) < config.items_per_feed:
                group.append(article)
    # A feed's name must not change with which article is newest: most common wins.
    names = {slug: _most_common(c) for slug, c in counts.items()}
    for slug in extra_categories:
        names.setdefault(slug, slug)
    # An emptied category's feed still needs a date; the site's newest is the honest one.
    fallback = max((a.updated for a in articles), default=EMPTY_FEED_DATE)
    feeds = [_feed(ALL_SLUG, config.title, ordered, config, fallback)]
    for slug in sorted(names):
        feeds.append(_feed(slug, names[slug], groups.get(slug, []), config, fallback))
    return feeds


def plan_archives(
    feeds: Sequence[Feed], articles: Sequence[Article], config: Config
) -> tuple[list[Feed], list[Feed]]:
    """RFC 5005 archives: each feed's whole history in pages, oldest first.

    Only complete pages are archived, counted from the oldest article, so a new
    article never changes an archive page; the newest (incomplete) stretch is in the
    subscription feed, which holds at least as many items as a page.
    Returns the feeds with their ``prev-archive`` link, and the archive pages.
    """
    size = config.items_per_feed
    oldest_first = list(reversed(newest_first(articles)))
    current: list[Feed] = []
    pages: list[Feed] = []
    for feed in feeds:
        history = [
            a for a in oldest_first if feed.slug == ALL_SLUG or feed.slug in a.category_slugs
        ]
        count = len(history) // size
        base = f"{config.feeds_url}/{feed.slug}/archive/"
        for number in range(1, count + 1):
            chunk = history[(number - 1) * size : number * size]
            links = {"current": feed.urls["atom"]}
            if number > 1:
                links["prev-archive"] = f"{base}{number - 1}.xml"
            if number < count:
                links["next-archive"] = f"{base}{number + 1}.xml"
            url = f"{base}{number}.xml"
            pages.append(
                replace(
                    feed,
                    items=tuple(reversed(chunk)),
                    updated=max(a.updated for a in chunk),
                    urls={"atom": url},
                    archive_links=links,
                    archive_number=number,
                    feed_id=feed.urls["atom"],
                )
            )
        links = {"prev-archive": f"{base}{count}.xml"} if count else {}
        current.append(replace(feed, archive_links=links))
    return current, pages


def _feed(slug: str, name: str, ordered: list[Article], config: Config, fallback: datetime) -> Feed:
    items = tuple(ordered[: config.items_per_feed])
    settings = config.category(slug)
    if slug == ALL_SLUG:
        title = settings.title or config.title
        description = settings.description or config.description or config.title
        link = config.base_url + "/"
    else:
        title = settings.title or f"{config.title}: {name}"
        description = settings.description or f"{name} from {config.title}"
        link = config.category_url.format(base_url=config.base_url, category=slug)
    updated = max((a.updated for a in items), default=fallback)
    base = f"{config.feeds_url}/{slug}/"
    return Feed(
        slug=slug,
        title=title,
        description=description,
        link=link,
        urls={"rss": base + "rss.xml", "atom": base + "atom.xml", "json": base + "feed.json"},
        language=config.language,
        updated=updated,
        items=items,
        authors=(config.author or Author(config.title),),
        generator="publisher",
        generator_version=__version__,
        generator_uri=GENERATOR_URI,
        hub=config.hub or None,
    )
