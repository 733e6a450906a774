"""The data that flows one way: SourceDoc -> Article (+ Rendered) -> Feed. Pure data, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from publisher.errors import Problem
from publisher.slugs import category_slug

BodyFormat = Literal["markdown", "html"]


@dataclass(frozen=True)
class Author:
    name: str
    email: str | None = None
    # Absolute http(s) URLs: their page (Atom uri, JSON Feed url) and picture (avatar).
    url: str | None = None
    avatar: str | None = None


@dataclass(frozen=True)
class Enclosure:
    """A file attached to an item (the article's image, or an episode's media): RSS
    enclosure, Atom enclosure link, JSON Feed attachment."""

    url: str
    type: str
    length: int | None = None
    # An episode's media: its duration in whole seconds.
    duration: int | None = None
    # The local file it was read from (absolute), for the fast path to notice a replaced
    # file; not part of what is published, so kept out of comparisons and cache keys.
    path: str | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Transcript:
    """An episode's transcript or captions file (``podcast:transcript``)."""

    url: str
    type: str
    language: str | None = None
    rel: str | None = None  # "captions" for a captions file


@dataclass(frozen=True)
class Person:
    """Someone taking part in an episode (``podcast:person``): host, guest..."""

    name: str
    role: str | None = None
    group: str | None = None
    href: str | None = None
    img: str | None = None


@dataclass(frozen=True)
class Episode:
    """What makes an article a podcast episode: its media file and the episode's details.

    ``media`` is the absolute URL; ``media_path`` the value as written when the file is
    local (beside the source, or a path on the site), whose length, type and duration
    are read from the file when the article is published. For media elsewhere they are
    what the front matter says.
    """

    media: str
    media_path: str | None = None
    length: int | None = None
    type: str | None = None
    duration: int | None = None
    season: int | None = None
    number: int | None = None
    episode_type: str | None = None  # full, trailer or bonus
    explicit: bool | None = None
    transcripts: tuple[Transcript, ...] = ()
    chapters: str | None = None
    people: tuple[Person, ...] = ()


@dataclass(frozen=True)
class PodcastShow:
    """A feed's show-level podcast settings (iTunes and Podcasting 2.0 channel tags)."""

    artwork: FeedImage
    author: str
    owner: Author
    # Apple categories: (category, subcategory or None), first one first.
    categories: tuple[tuple[str, str | None], ...]
    explicit: bool
    type: str  # episodic or serial
    guid: str
    locked: bool | None = None
    funding: tuple[tuple[str, str], ...] = ()  # (url, text)
    complete: bool = False


@dataclass(frozen=True)
class FeedImage:
    """A feed's icon or logo: an absolute URL, and its pixel size when the file is ours."""

    url: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """What a reader found in one source file, before any rule is applied.

    ``fields`` holds metadata as the reader found it (front matter values keep their
    YAML types; scraped pages give strings); ``field_lines`` maps a field to its
    1-based line in the file where known, so errors can point at it.
    """

    path: str
    rel: str
    fields: Mapping[str, object]
    body: str
    body_format: BodyFormat = "markdown"
    body_line: int = 1
    field_lines: Mapping[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Rendered:
    """An article body as published: a sanitized HTML fragment and the summary."""

    content_html: str
    summary: str | None
    # The excerpt a summary item shows (publisher.excerpts); None when it was not asked
    # for, or when the article is its own excerpt (nothing would be left out).
    excerpt_html: str | None = None
    # The cross references its template syntax followed (target as written, the source
    # it led to or None): the other files the HTML depends on (build/bodies).
    references: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)  # no slots: the build cache pickles thousands, and __dict__ loads fastest
class Article:
    """One publishable article with every rule applied: absolute URLs, aware dates.

    Its body stays in the SourceDoc (the cache keeps no bodies); ``content_html``,
    ``summary`` (when not given) and ``enclosure`` are filled in once, for the articles
    that are published.
    """

    id: str
    title: str
    slug: str
    category: str
    category_slug: str
    link: str
    published: datetime
    updated: datetime
    source: str
    body_format: BodyFormat = "markdown"
    authors: tuple[Author, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str | None = None
    image: str | None = None
    image_path: str | None = None
    enclosure: Enclosure | None = None
    id_pinned: bool = True
    content_html: str | None = None
    # Categories after the first (a ``categories`` list): the article is in each one's feed.
    more_categories: tuple[str, ...] = ()
    # Hugo's expiryDate: from then on the article is no longer published.
    expires: datetime | None = None
    # A podcast episode: its media file and details (the enclosure is made from it).
    episode: Episode | None = None
    # Its own ``content`` field ("full" or "summary"), which wins over its feeds'.
    content_mode: str | None = None
    # Its own summary separator (Jekyll's per-post ``excerpt_separator``).
    summary_separator: str | None = None
    # The excerpt a summary item shows (filled in with content_html); see Rendered.
    excerpt_html: str | None = None
    # A translated site: the article's language ('' : the site's default) and what it
    # shares with its translations ('' : none); ``translations`` (language, link) of
    # each other language's version, filled in by ``plan`` (the feeds' hreflang links).
    language: str = ""
    translation_key: str = ""
    translation_declared: bool = False  # the source names its key itself
    translations: tuple[tuple[str, str], ...] = ()
    # Its place in the site generator's own order, when the feeds follow it (Hugo's
    # ``pageOrder = "hugo"``: weight, date, link title, path), as a key compared
    # bytewise, the smallest first; None: feeds list the newest first.
    order: bytes | None = None

    @property
    def category_slugs(self) -> tuple[str, ...]:
        """Every category feed the article belongs in (none when it has no category)."""
        slugs = [self.category_slug] if self.category_slug else []
        slugs += [category_slug(name) for name in self.more_categories]
        return tuple(dict.fromkeys(slugs))


@dataclass(frozen=True, slots=True)
class Feed:
    """One category's feed (or ``all``), items already ordered and limited."""

    slug: str
    title: str
    description: str
    link: str
    urls: Mapping[str, str]
    language: str
    updated: datetime
    items: tuple[Article, ...]
    authors: tuple[Author, ...] = ()
    generator: str = "publisher"
    generator_version: str = ""
    generator_uri: str = ""
    hub: str | None = None
    # RFC 5005: rel -> href (prev-archive, next-archive, current); archive pages set
    # archive_number and keep the subscription feed's id.
    archive_links: Mapping[str, str] = field(default_factory=dict)
    archive_number: int | None = None
    feed_id: str | None = None
    # Square icon and wide logo (RSS <image>, Atom icon/logo, JSON Feed icon/favicon).
    icon: FeedImage | None = None
    logo: FeedImage | None = None
    # Relative href of the XSLT that makes the feed readable in a browser; None: none.
    stylesheet: str | None = None
    # A tag feed's tag name (its items carry this tag); None for category feeds and all.
    tag: str | None = None
    # A podcast's show settings: the feed carries the iTunes and Podcasting 2.0 tags.
    podcast: PodcastShow | None = None
    # An author feed's author name (author_feeds); None for every other feed.
    author: str | None = None
    # The byte budget of each of its documents (None: none): the oldest items are left
    # out until every format fits, keeping at least ``min_items``.
    max_bytes: int | None = None
    min_items: int = 0
    # "full" or "summary": what its items carry, unless an article says otherwise.
    content: str = "full"
    # A translated site: the folder of its language's feeds ("fr/"; '' for the default).
    folder: str = ""
