"""``publisher new``: a Markdown draft with its id and date pinned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from publisher.commands.markdown_source import date_option, render_source, source_path
from publisher.config import Config
from publisher.errors import PublisherError
from publisher.ids import mint_id
from publisher.slugs import slugify

# What ``publisher new`` puts in the body: a draft that says how it becomes an article.
NEW_ARTICLE_BODY = """\
Replace this text with the article, in Markdown.

This is a draft (`draft: true` above): builds leave it out, so no subscriber sees it.
Preview it with `publisher serve --drafts`. To publish, delete the `draft: true` line
(and set `date` to the publication time if it should not be the time of `publisher new`);
the next build sends it to subscribers."""


@dataclass(frozen=True, slots=True)
class NewSource:
    """A source file to write: where, and its whole text."""

    path: Path
    text: str


def new_article(
    config: Config,
    title: str,
    category: str,
    *,
    when: str | None = None,
    author: str | None = None,
    now: datetime | None = None,
) -> NewSource:
    """A new Markdown draft with its id and date pinned (``publisher new``).

    ``when`` is an RFC 3339 date in the site's zone unless it says otherwise; without
    it the article is dated ``now`` (default: the wall clock).
    """
    if not title.strip():
        raise PublisherError("the title is empty")
    published = date_option(when, config) or _now(config, now)
    slug = slugify(title)
    fields: dict[str, object] = {
        "title": title.strip(),
        "id": mint_id(config.domain, published, slug),
        "date": published,
        "category": category.strip(),
        "author": author,
        "summary": "",
        "tags": [],
        "draft": True,
    }
    path = source_path(config.content_dir, category, slug)
    return NewSource(path, render_source(fields, NEW_ARTICLE_BODY))


def _now(config: Config, now: datetime | None) -> datetime:
    return (now or datetime.now(config.tz)).astimezone(config.tz).replace(microsecond=0)
