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
    episode: Path | None = None,
) -> NewSource:
    """A new Markdown draft with its id and date pinned (``publisher new``).

    ``when`` is an RFC 3339 date in the site's zone unless it says otherwise; without
    it the article is dated ``now`` (default: the wall clock). ``episode`` is a media
    file under the site's files (``static_dir``, by default the content folder): the
    draft is a podcast episode publishing it.
    """
    if not title.strip():
        raise PublisherError("the title is empty")
    media = episode_media(config, episode) if episode is not None else None
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
    if media is not None:
        fields["media"] = media
    path = source_path(config.content_dir, category, slug)
    return NewSource(path, render_source(fields, NEW_ARTICLE_BODY))


def episode_media(config: Config, file: Path) -> str:
    """The ``media`` value of an episode publishing ``file``: its path on the site.

    The file must be audio or video that can be read (its length, type and duration
    are read again at every build) and lie under the site's files, where the site
    serves it from.
    """
    from publisher.build.media import probe

    shown = str(file)
    if not file.is_file():
        raise PublisherError("no such media file", path=shown)
    try:
        probe(file)
    except ValueError as exc:
        raise PublisherError(str(exc), path=shown) from None
    except OSError as exc:
        raise PublisherError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    root = config.static_root.resolve()
    resolved = file.resolve()
    if not resolved.is_relative_to(root):
        raise PublisherError(
            f"not under {root}: put the media file among the site's files "
            "(the content folder, or static_dir), where the site serves it from",
            path=shown,
        )
    return "/" + resolved.relative_to(root).as_posix()


def _now(config: Config, now: datetime | None) -> datetime:
    return (now or datetime.now(config.tz)).astimezone(config.tz).replace(microsecond=0)
