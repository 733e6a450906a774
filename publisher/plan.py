"""Articles -> Feeds: identity checks, what is live by now, grouping by category, order,
limits, archives and feed dates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from publisher import __version__
from publisher.config import Config, LanguageConfig, PodcastConfig, language_key
from publisher.dates import EARLIEST
from publisher.errors import Problem, Severity
from publisher.formats import CSS_NAME, XSLT_NAME, archive_url, feed_urls
from publisher.ids import podcast_guid
from publisher.languages import feed_language, link_translations
from publisher.model import Article, Author, Feed, FeedImage, PodcastShow
from publisher.slugs import category_slug, tag_slug

ALL_SLUG = "all"
TAGS_FOLDER = "tags"
AUTHORS_FOLDER = "authors"
GENERATOR_URI = "https://pypi.org/project/publisher/"
# Last resort for a feed that never had an item, when even the config's date is unknown.
EMPTY_FEED_DATE = EARLIEST
# A feed over its byte budget keeps at least this many items (or all it has, if fewer):
# a reader polling hourly still sees every article of a busy hour.
MIN_BUDGET_ITEMS = 10


def identity_key(article: Article, *, by_link: bool) -> str | None:
    """What no two articles may share besides their id: on a generator's site the link
    (the generator's permalink: what names a page there; two sources with one link are
    one page written twice), on a site of publisher's own the slug within a category
    (None for an article in no category: only its id must be unique). A translated
    site's languages each have their own slugs."""
    if by_link:
        return article.link
    if not article.category:
        return None
    return f"{article.language}\0{article.category_slug}\0{article.slug}"


def check_identity(
    articles: Iterable[Article], *, show: Callable[[str], str] = str, by_link: bool = False
) -> list[Problem]:
    """Errors for two articles sharing an id, or what ``identity_key`` says they may not
    share (``by_link``: a generator's site).

    Also a warning when two different category names (``C++`` and ``C``) get the same
    slug and so share one feed: once per extra name, naming a file of each. ``show``
    turns a source into the path a message names the other file by.
    """
    problems: list[Problem] = []
    by_id: dict[str, Article] = {}
    by_key: dict[str, Article] = {}
    by_category: dict[str, Article] = {}
    clashing: set[tuple[str, str]] = set()
    for article in sorted(articles, key=lambda a: a.source):
        if article.category:
            first = by_category.setdefault(article.category_slug, article)
            name = (article.category_slug, article.category.casefold())
            if first.category.casefold() != name[1] and name not in clashing:
                clashing.add(name)
                problems.append(_slug_clash(article, first, show))
        first = by_id.setdefault(article.id, article)
        if first is not article:
            hint = (
                ""
                if article.id_pinned or first.id_pinned
                else " (both derived, neither has an `id` field: give one of them an `id`)"
            )
            problems.append(_duplicate(article, first, f"id {article.id!r}", show, hint))
        key = identity_key(article, by_link=by_link)
        if key is None:
            continue
        first = by_key.setdefault(key, article)
        if first is not article:
            what = (
                f"link {article.link!r}"
                if by_link
                else f"slug {article.slug!r} in {article.category!r}"
            )
            problems.append(_duplicate(article, first, what, show))
    return problems


def _duplicate(
    article: Article, first: Article, what: str, show: Callable[[str], str], hint: str = ""
) -> Problem:
    return Problem(
        article.source, None, Severity.ERROR, "source-duplicate",
        f"{what} is also used by {show(first.source)}{hint}",
    )  # fmt: skip


def _slug_clash(article: Article, first: Article, show: Callable[[str], str]) -> Problem:
    return Problem(
        article.source, None, Severity.WARNING, "source-category-slug-clash",
        f"category {article.category!r} has the same feed slug {article.category_slug!r} as "
        f"{first.category!r} (in {show(first.source)}): both go into one feed; rename one",
    )  # fmt: skip


# (category slug, casefolded name) -> spelling -> how many times articles use it.
Spellings = Mapping[tuple[str, str], Counter[str]]


def category_spellings(articles: Iterable[Article]) -> dict[tuple[str, str], Counter[str]]:
    """How often each spelling of each category name is used (every name of every article)."""
    spellings: dict[tuple[str, str], Counter[str]] = {}
    for article in articles:
        for name in _names(article):
            key = (category_slug(name), name.casefold())
            spellings.setdefault(key, Counter())[name] += 1
    return spellings


def unified_names(spellings: Spellings) -> dict[tuple[str, str], str]:
    """(category slug, casefolded name) -> the one display name of that category."""
    return {key: _capitalized(_most_common(counts)) for key, counts in spellings.items()}


def unify_categories(
    articles: Sequence[Article], spellings: Spellings | None = None
) -> list[Article]:
    """Give every article of one category the same display name.

    Names that differ only in case are one category, shown in its most common
    spelling (ties: a spelling with capitals, then the alphabetically first); a bare
    lowercase name is capitalized. Names that differ otherwise (``C++``, ``C``) keep
    their own, even if they share a slug (check_identity warns about that).

    ``spellings`` is ``category_spellings`` of every article of the site, when
    ``articles`` are only some of them; by default, theirs.
    """
    if spellings is None:
        spellings = category_spellings(articles)
    names = unified_names(spellings)

    def unified_name(name: str) -> str:
        return names[(category_slug(name), name.casefold())] if name else name

    unified = []
    for a in articles:
        name = unified_name(a.category)
        more = tuple(unified_name(n) for n in a.more_categories)
        same = a.category == name and a.more_categories == more
        unified.append(a if same else replace(a, category=name, more_categories=more))
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
    An article past its ``expires`` (Hugo's expiryDate) is no longer live.
    """
    bad = set(exclude)
    live: list[Article] = []
    problems: list[Problem] = []
    for article in articles:
        if article.published > now or article.source in bad:
            continue
        if article.expires is not None and article.expires <= now:
            continue  # Hugo's expiryDate: no longer published
        if article.updated > now:
            problems.append(_updated_in_future(article))
            article = replace(article, updated=article.published)
        live.append(article)
    scheduled = sorted((a for a in articles if a.published > now), key=lambda a: a.published)
    due = [(a.published, a.source) for a in scheduled]
    due += [(a.updated, a.source) for a in articles if a.published <= now < a.updated]
    due += [(a.expires, a.source) for a in live if a.expires is not None]
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


def _names(article: Article) -> tuple[str, ...]:
    return tuple(n for n in (article.category, *article.more_categories) if n)


def _most_common(counts: Counter[str]) -> str:
    return min(counts, key=lambda name: (-counts[name], name.islower(), name))


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:] if name.islower() else name


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """The order feeds list articles in: newest publication first, ties broken by id so
    the order never wobbles; or, on a site whose generator has an order of its own
    (``Article.order``: Hugo's weights), that order, articles without a place after."""
    ordered = sorted(articles, key=lambda a: a.id)
    # Keyed by the same instant in UTC: two datetimes sharing a tzinfo compare without
    # asking each for its offset (n log n offset lookups were most of this sort).
    ordered.sort(key=lambda a: a.published.astimezone(UTC), reverse=True)
    if any(a.order is not None for a in ordered):
        ordered.sort(key=lambda a: (a.order is None, a.order or b""))
    return ordered


@dataclass(frozen=True, slots=True)
class FeedTotals:
    """What feeds take from every live article, not only the newest few: how often each
    category and tag name is spelled which way (a feed's name), and the newest date."""

    category_names: Mapping[str, Counter[str]]  # category slug -> spelling -> uses
    tag_names: Mapping[str, Counter[str]]  # tag slug -> spelling -> articles
    newest: datetime | None  # the latest ``updated``; ties: the first article's
    author_names: Mapping[str, Counter[str]] = field(default_factory=dict)  # as tag_names


def feed_totals(articles: Iterable[Article]) -> FeedTotals:
    """``FeedTotals`` over ``articles`` (live, in source order)."""
    categories: dict[str, Counter[str]] = {}
    tags: dict[str, Counter[str]] = {}
    authors: dict[str, Counter[str]] = {}
    newest: datetime | None = None
    for article in articles:
        for name in _names(article):
            categories.setdefault(category_slug(name), Counter())[name] += 1
        for slug, name in article_tags(article).items():
            tags.setdefault(slug, Counter())[name] += 1
        for slug, name in article_authors(article).items():
            authors.setdefault(slug, Counter())[name] += 1
        if newest is None or article.updated > newest:
            newest = article.updated
    return FeedTotals(categories, tags, newest, authors)


def article_tags(article: Article) -> dict[str, str]:
    """Tag slug -> the article's first spelling of it (two spellings, one tag feed item)."""
    return {tag_slug(t): t for t in reversed(article.tags)}


def article_authors(article: Article) -> dict[str, str]:
    """Author slug -> the article's first spelling of that name (as ``article_tags``)."""
    return {tag_slug(a.name): a.name for a in reversed(article.authors)}


def plan_feeds(
    articles: Sequence[Article],
    config: Config,
    *,
    previous: Mapping[str, datetime | None] | None = None,
    totals: FeedTotals | None = None,
) -> list[Feed]:
    """``all``, one feed per category slug, then tag feeds if enabled; each limited and ordered.

    A translated site (``config.multilingual``) gets that set once per language: the
    default language's where a one-language site has it, each other's in its folder
    (``fr/all``, ``fr/<category>``...), every item linked to its translations.
    ``totals`` is then left unused: ``articles`` must be every live article.
    """
    if not config.multilingual:
        return _plan_set(articles, config, previous=previous, totals=totals)
    previous = previous or {}
    linked = link_translations(articles, config)
    folders = {language_key(lang.code): lang for lang in config.languages}
    feeds: list[Feed] = []
    for index, language in enumerate(config.languages):
        key = language_key(language.code)
        folder = "" if index == 0 else key + "/"
        own = [a for a in linked if language_key(feed_language(a, config)) == key]
        if folder:
            earlier = {
                s.removeprefix(folder): d for s, d in previous.items() if s.startswith(folder)
            }
        else:
            earlier = {s: d for s, d in previous.items() if s.split("/", 1)[0] not in folders}
        scoped = language_config(config, language, index == 0)
        for feed in _plan_set(own, scoped, previous=earlier, totals=feed_totals(own)):
            slug = folder + feed.slug
            feeds.append(
                replace(feed, slug=slug, folder=folder, stylesheet=_stylesheet(config, slug))
            )
    return feeds


def language_config(config: Config, language: LanguageConfig, default: bool) -> Config:
    """The site's config as one language's feeds see it: its title, description, home
    page (where its category and tag pages are) and feeds' folder."""
    folder = "" if default else language_key(language.code)
    home = language.link or (f"{config.base_url}/{folder}/" if folder else config.base_url + "/")
    return replace(
        config,
        language=language.feed_tag,
        title=language.title or config.title,
        description=language.description or config.description,
        base_url=home.rstrip("/"),
        feeds_url=f"{config.feeds_url}/{folder}" if folder else config.feeds_url,
        items_per_feed=language.items_per_feed or config.items_per_feed,
    )


def _plan_set(
    articles: Sequence[Article],
    config: Config,
    *,
    previous: Mapping[str, datetime | None] | None = None,
    totals: FeedTotals | None = None,
) -> list[Feed]:
    """One language's feeds (``plan_feeds``).

    ``previous`` names the feeds published before (with the newest item date each had,
    when known): an emptied category or tag keeps a valid feed dated when it last had one.
    ``totals`` is ``feed_totals`` of every live article when ``articles`` are only the
    ones feeds can show (the newest of each); by default, theirs.
    """
    previous = previous or {}
    if totals is None:
        totals = feed_totals(articles)
    # Group in one pass, newest first. Names can still differ within a slug (``C++`` and
    # ``C`` share ``c``; unify_categories only merges case variants): counted in totals.
    ordered = newest_first(articles)
    groups: dict[str, list[Article]] = {}
    for article in ordered:
        # An article with several categories is in each one's feed (and once in all).
        for slug in dict.fromkeys(category_slug(name) for name in _names(article)):
            group = groups.setdefault(slug, [])
            if len(group) < config.items_per_feed:
                group.append(article)
    # A feed's name must not change with which article is newest: most common wins.
    names = {slug: _most_common(c) for slug, c in totals.category_names.items() if c}
    tag_prefix = TAGS_FOLDER + "/"
    author_prefix = AUTHORS_FOLDER + "/"
    for slug in previous:
        # A category's slug has no '/': another language's feeds (fr/all) are no category.
        if slug != ALL_SLUG and "/" not in slug:
            names.setdefault(slug, slug)
    # A retired category keeps its articles in the site's feed, and loses its own.
    for slug in config.retired_categories:
        names.pop(slug, None)
    # An emptied feed's date: when it last had an item, else the site's newest, else the
    # day the config was saved; never the wall clock.
    fallback = totals.newest or config.created or EMPTY_FEED_DATE
    feeds = [_feed(ALL_SLUG, config.title, ordered, config, previous.get(ALL_SLUG) or fallback)]
    for slug in sorted(names):
        when = previous.get(slug) or fallback
        feeds.append(_feed(slug, names[slug], groups.get(slug, []), config, when))
    if config.tag_feeds:
        old_tags = [s.removeprefix(tag_prefix) for s in previous if s.startswith(tag_prefix)]
        tag_groups = _groups(
            ordered, config, config.tag_feeds, old_tags, totals.tag_names, article_tags
        )
        for slug, (name, items) in tag_groups.items():
            when = previous.get(tag_prefix + slug) or fallback
            feeds.append(_tag_feed(slug, name, items, config, when))
    if config.author_feeds:
        old = [s.removeprefix(author_prefix) for s in previous if s.startswith(author_prefix)]
        author_groups = _groups(
            ordered, config, config.author_feeds, old, totals.author_names, article_authors
        )
        for slug, (name, items) in author_groups.items():
            when = previous.get(author_prefix + slug) or fallback
            feeds.append(_author_feed(slug, name, items, config, when))
    return feeds


def _groups(
    ordered: list[Article],
    config: Config,
    wanted: bool | tuple[str, ...],
    old_slugs: Iterable[str],
    counts: Mapping[str, Counter[str]],
    names_of: Callable[[Article], dict[str, str]],
) -> dict[str, tuple[str, list[Article]]]:
    """Slug -> (display name, newest items), in slug order, for the tags (or authors,
    by ``names_of``) that get feeds: every one (``wanted`` True) or those listed."""
    only = {tag_slug(t) for t in wanted} if isinstance(wanted, tuple) else None
    groups: dict[str, list[Article]] = {}
    for article in ordered:
        for slug in names_of(article):
            if only is not None and slug not in only:
                continue
            group = groups.setdefault(slug, [])
            if len(group) < config.items_per_feed:
                group.append(article)
    names = {
        slug: _most_common(c) for slug, c in counts.items() if c and (only is None or slug in only)
    }
    # Listed tags and tags published before keep a feed (no 404) while no article has them.
    listed = wanted if isinstance(wanted, tuple) else ()
    for name in listed:
        names.setdefault(tag_slug(name), name)
    for slug in old_slugs:
        if only is None or slug in only:
            names.setdefault(slug, slug)
    return {slug: (names[slug], groups.get(slug, [])) for slug in sorted(names)}


def check_tag_folder(articles: Iterable[Article], config: Config) -> list[Problem]:
    """An error when tag (author) feeds are on and a category's feed folder would be
    ``tags/`` (``authors/``)."""
    taken = {TAGS_FOLDER: "tag_feeds"} if config.tag_feeds else {}
    if config.author_feeds:
        taken[AUTHORS_FOLDER] = "author_feeds"
    for article in sorted(articles, key=lambda a: a.source):
        if article.category_slug in taken:
            folder = article.category_slug
            kind = "tag" if folder == TAGS_FOLDER else "author"
            return [
                Problem(
                    article.source, None, Severity.ERROR, f"source-category-is-{folder}",
                    f"category {article.category!r} would write its feeds into {folder}/, "
                    f"where {kind} feeds go ({taken[folder]} is on): rename the category",
                )
            ]  # fmt: skip
    return []


def plan_archives(
    feeds: Sequence[Feed], articles: Sequence[Article], config: Config
) -> tuple[list[Feed], list[Feed]]:
    """RFC 5005 archives: each feed's whole history in pages, oldest first.

    Only complete pages are archived, counted from the oldest article, so a new
    article never changes an archive page; the newest (incomplete) stretch is in the
    subscription feed, which holds at least as many items as a page.
    Returns the feeds with their ``prev-archive`` link, and the archive pages.
    """
    sizes = {
        (language_key(lang.code) + "/" if index else ""): lang.items_per_feed
        for index, lang in enumerate(config.languages)
    }
    oldest_first = list(reversed(newest_first(articles)))
    current: list[Feed] = []
    pages: list[Feed] = []
    for feed in feeds:
        # A page holds as many items as its feed (a language may hold its own number).
        size = sizes.get(feed.folder) or config.items_per_feed
        history = [a for a in oldest_first if _belongs(feed, a, config)]
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
                    stylesheet=_stylesheet(config, f"{feed.slug}/archive"),
                    # Read once when backfilling, never polled: no budget.
                    max_bytes=None,
                )
            )
        links = {"prev-archive": archive_url(config.feeds_url, feed.slug, count)} if count else {}
        # The newest items, not on any complete page yet, are only in this feed: its
        # byte budget never leaves them out, or a reader backfilling could not reach them.
        unarchived = len(history) - count * size
        current.append(
            replace(feed, archive_links=links, min_items=max(feed.min_items, unarchived))
        )
    return current, pages


def _belongs(feed: Feed, article: Article, config: Config) -> bool:
    if config.multilingual and feed.folder != _folder_of(article, config):
        return False
    slug = feed.slug.removeprefix(feed.folder)
    if feed.tag is not None:
        return slug.removeprefix(TAGS_FOLDER + "/") in {tag_slug(t) for t in article.tags}
    if feed.author is not None:
        return slug.removeprefix(AUTHORS_FOLDER + "/") in article_authors(article)
    return slug == ALL_SLUG or slug in article.category_slugs


def _folder_of(article: Article, config: Config) -> str:
    """The folder of the feeds of ``article``'s language ('' for the default's)."""
    return language_key(article.language) + "/" if article.language else ""


def _stylesheet(config: Config, folder: str) -> str | None:
    """The stylesheet's href relative to a feed in ``folder`` (it sits at the output root)."""
    name = {"css": CSS_NAME, "xslt": XSLT_NAME}.get(config.stylesheet)
    if name is None:
        return None
    return "../" * (folder.count("/") + 1) + name


def _tag_feed(slug: str, name: str, items: list[Article], config: Config, when: datetime) -> Feed:
    feed = _feed(f"{TAGS_FOLDER}/{slug}", name, items, config, when)
    return replace(
        feed,
        title=f"{config.title}: tagged {name}",
        description=f"Articles tagged {name} from {config.title}",
        link=config.tag_url.format(base_url=config.base_url, tag=slug),
        tag=name,
    )


def _author_feed(
    slug: str, name: str, items: list[Article], config: Config, when: datetime
) -> Feed:
    feed = _feed(f"{AUTHORS_FOLDER}/{slug}", name, items, config, when)
    profile = config.authors.get(name.casefold())
    return replace(
        feed,
        title=f"{config.title}: by {name}",
        description=f"Articles by {name} from {config.title}",
        link=config.author_url.format(base_url=config.base_url, author=slug),
        author=name,
        authors=(profile or Author(name),),
    )


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
    urls = feed_urls(config.feeds_url, slug)
    podcast = settings.podcast
    budget = config.max_feed_bytes if settings.max_feed_bytes is None else settings.max_feed_bytes
    return Feed(
        slug=slug,
        title=title,
        description=description,
        link=link,
        urls=urls,
        language=(podcast.language if podcast else None) or config.language,
        updated=updated,
        items=items,
        authors=(config.author or Author(config.title),),
        generator_version=__version__,
        generator_uri=GENERATOR_URI,
        hub=config.hub or None,
        icon=FeedImage(icon) if (icon := settings.icon or config.icon) else None,
        logo=FeedImage(logo) if (logo := settings.logo or config.logo) else None,
        stylesheet=_stylesheet(config, slug),
        max_bytes=budget or None,
        min_items=min(MIN_BUDGET_ITEMS, config.items_per_feed),
        content=settings.content or config.content,
        podcast=_show(podcast, urls["rss"]) if podcast else None,
    )


def _show(podcast: PodcastConfig, rss_url: str) -> PodcastShow:
    """A podcast's show settings as its feeds carry them; the guid, unless pinned, derived
    from the RSS feed's URL (pin it in the config before the feed ever moves)."""
    subcategory = podcast.subcategory
    funding = ((podcast.funding_url, podcast.funding_text or ""),) if podcast.funding_url else ()
    return PodcastShow(
        artwork=FeedImage(podcast.artwork),
        author=podcast.author,
        owner=podcast.owner,
        categories=((podcast.category, subcategory),),
        explicit=podcast.explicit,
        type=podcast.type,
        guid=podcast.guid or podcast_guid(rss_url),
        locked=podcast.locked,
        funding=funding,
        complete=podcast.complete,
    )
