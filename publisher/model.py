"""The data that flows one way: SourceDoc -> Article (+ Rendered) -> Feed. Pure data, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from publisher.errors import Problem

BodyFormat = Literal["markdown", "html"]


@dataclass(frozen=True)
class Author:
    name: str
    email: str | None = None


@dataclass(frozen=True)
class Enclosure:
    """A file attached to an item (the article's image): RSS enclosure, Atom enclosure link."""

    url: str
    type: str
    length: int | None = None


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
    content_html: str | None = None


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
