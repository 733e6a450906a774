"""Articles -> Feeds: identity checks, what is live by now, grouping by category, order,
limits, archives and feed dates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from publisher import __version__
from publisher.config import Config
from publisher.errors import Problem, Severity
from publisher.formats import archive_url, feed_urls
from publisher.model import Article, Author, Feed

ALL_SLUG = "all"
GENERATOR_URI = "https://pypi.org/project/publisher/"
# A feed with no items still needs an updated date; never the wall clock.
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def check_identity(
    articles: Iterable[Article], *, show: Callable[[str], str] = str
) -> list[Problem]:
    """Errors for two articles sharing an id, or a slug within one category.

    Also a warning when two different category names (``C++`` and ``C``) get the same
    slug and so share one feed: once per extra name, naming a file of each. ``show``
    turns a source into the path a message names the other file by.
    """
    problems: list[Problem] = []
    by_id: dict[str, Article] = {}
    by_slug: dict[tuple[str, str], Article] = {}
    by_category: dict[str, Article] = {}
    clashing: set[tuple[str, str]] = set()
    for article in sorted(articles, key=lambda a: a.source):
        first = by_category.setdefault(article.category_slug, article)
        name = (article.category_slug, article.category.casefold())
        if first.category.casefold() != name[1] and name not in clashing:
            clashing.add(name)
            problems.append(_slug_clash(article, first, show))
        first = by_id.setdefault(article.id, article)
        if first is not article:
            problems.append(_duplicate(article, first, f"id {article.id!r}", show))
        key = (article.category_slug, article.slug)
        first = by_slug.setdefault(key, article)
        if first is not article:
            problems.append(
                _duplicate(article, first, f"slug {article.slug!r} in {article.category!r}", show)
            )
    return problems


def _duplicate(article: Article, first: Article, what: str, show: Callable[[str], str]) -> Problem:
    return Problem(
        article.source, None, Severity.ERROR, "source-duplicate",
        f"{what} is also used by {show(first.source)}",
    )  # fmt: skip


def _slug_clash(article: Article, first: Article, show: Callable[[str], str]) -> Problem:
    return Problem(
        article.source, None, Severity.WARNING, "source-category-slug-clash",
        f"category {article.category!r} has the same feed slug {article.category_slug!r} as "
        f"{first.category!r} (in {show(first.source)}): both go into one feed; rename one",
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
        key = (article.category_slug, article.category.casefold())
        spellings.setdefault(key, Counter())[article.category] += 1
    names = {key: _capitalized(_most_common(counts)) for key, counts in spellings.items()}
    unified = []
    for a in articles:
        name = names[(a.category_slug, a.category.casefold())]
        unified.append(a if a.category == name else replace(a, category=name))
    return unified


@dataclass(frozen=True, slots=True)
class Timeline:
    """Which articles are live at one moment, and when the next one changes."""

    live: list[Article]  # published by then, an 'updated' still to come held back
    scheduled: tuple[Article, ...]  # published later, soonest first
    next_due: tuple[str, datetime] | None  # (source, when) of the next change, if any
    problems: tuple[Problem, ...]  # a warning per 'updated' still in the future


def timeline(
    articles: Sequence[Article], now: datetime, *, exclude: Iterable[str] = ()
) -> Timeline:
    """Split ``articles`` at ``now``; sources in ``exclude`` (those with errors) are not live.

    An ``updated`` still in the future is not shown until its time (readers flag it):
    the article is live with ``updated`` set back to ``published``, and a warning says so.
    """
    bad = set(exclude)
    live: list[Article] = []
    problems: list[Problem] = []
    for article in articles:
        if article.published > now or article.source in bad:
            continue
        if article.updated > now:
            problems.append(_updated_in_future(article))
            article = replace(article, updated=article.published)
        live.append(article)
    scheduled = sorted((a for a in articles if a.published > now), key=lambda a: a.published)
    due = [(a.published, a.source) for a in scheduled]
    due += [(a.updated, a.source) for a in articles if a.published <= now < a.updated]
    first = min(due) if due else None
    return Timeline(
        live,
        tuple(scheduled),
        (first[1], first[0]) if first else None,
        tuple(problems),
    )


def _updated_in_future(article: Article) -> Problem:
    return Problem(
        article.source, None, Severity.WARNING, "source-updated-in-future",
        f"'updated' ({article.updated.isoformat()}) is in the future: "
        "the feeds show it from then on",
    )  # fmt: skip


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
    # Group in one pass, newest first. Names can still differ within a slug (``C++`` and
    # ``C`` share ``c``; unify_categories only merges case variants): counted below.
    ordered = newest_first(articles)
    groups: dict[str, list[Article]] = {}
    counts: dict[str, Counter[str]] = {}
    for article in ordered:
        group = groups.setdefault(article.category_slug, [])
        if len(group) < config.items_per_feed:
            group.append(article)
        counts.setdefault(article.category_slug, Counter())[article.category] += 1
    # A feed's name must not change with which article is newest: most common wins.
    names = {slug: _most_common(c) for slug, c in counts.items()}
    for slug in extra_categories:
        names.setdefault(slug, slug)
    # A retired category keeps its articles in the site's feed, and loses its own.
    for slug in config.retired_categories:
        names.pop(slug, None)
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
        history = [a for a in oldest_first if feed.slug == ALL_SLUG or a.category_slug == feed.slug]
        count = len(history) // size
        for number in range(1, count + 1):
            chunk = history[(number - 1) * size : number * size]
            links = {"current": feed.urls["atom"]}
            if number > 1:
                links["prev-archive"] = archive_url(config.feeds_url, feed.slug, number - 1)
            if number < count:
                links["next-archive"] = archive_url(config.feeds_url, feed.slug, number + 1)
            url = archive_url(config.feeds_url, feed.slug, number)
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
        links = {"prev-archive": archive_url(config.feeds_url, feed.slug, count)} if count else {}
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
    return Feed(
        slug=slug,
        title=title,
        description=description,
        link=link,
        urls=feed_urls(config.feeds_url, slug),
        language=config.language,
        updated=updated,
        items=items,
        authors=(config.author or Author(config.title),),
        generator="publisher",
        generator_version=__version__,
        generator_uri=GENERATOR_URI,
        hub=config.hub or None,
    )
