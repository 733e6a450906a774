"""Writing sources: new Markdown articles (``publisher new``) and pages turned into
Markdown (``publisher import``), each with its id pinned, written atomically.

The functions here decide a source's path and text and return them with their
problems; the commands only print."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from publisher.atomic import write_atomic
from publisher.config import Config
from publisher.dates import DateError, format_rfc3339, parse_date
from publisher.errors import Problem, PublisherError, Severity
from publisher.ids import mint_id
from publisher.model import SourceDoc
from publisher.slugs import category_slug, slugify

# Front matter keys in the order a person expects to read them.
FIELD_ORDER = (
    "title", "id", "date", "updated", "category", "tags", "author",
    "summary", "link", "image", "slug", "draft",
)  # fmt: skip


# What ``publisher new`` puts in the body: a draft that says how it becomes an article.
NEW_ARTICLE_BODY = """\
Replace this text with the article, in Markdown.

This is a draft (`draft: true` above): builds leave it out, so no subscriber sees it.
Preview it with `publisher serve --drafts`. To publish, delete the `draft: true` line
(and set `date` to the publication time if it should not be the time of `publisher new`);
the next build sends it to subscribers."""


class _FrontMatterDumper(yaml.SafeDumper):
    """Block-style mapping (one field a line) with short flow-style lists: ``tags: [a, b]``."""


def _flow_list(dumper: yaml.SafeDumper, value: list[object]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_FrontMatterDumper.add_representer(list, _flow_list)


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


def page_source(
    doc: SourceDoc,
    config: Config,
    *,
    category: str | None = None,
    published: datetime | None = None,
    title: str | None = None,
    now: datetime | None = None,
) -> tuple[NewSource, list[Problem]]:
    """A scraped page as a Markdown source with its id pinned (``publisher import``).

    The options win over what the page says; a page date that cannot be read is a
    warning (the page is then dated ``now``).
    """
    shown = doc.path
    fields = {k: v.strip() for k, v in doc.fields.items() if isinstance(v, str) and v.strip()}
    title = (title or "").strip() or fields.get("title")
    category = (category or "").strip() or fields.get("category")
    if not title:
        raise PublisherError("no title found in the page: pass --title", path=shown)
    if not category:
        raise PublisherError("no category found in the page: pass --category", path=shown)
    if not doc.body.strip():
        raise PublisherError("no article text found in the page", path=shown)
    problems: list[Problem] = []
    if published is None and "date" in fields:
        try:
            published = parse_date(fields["date"], config.tz).replace(microsecond=0)
        except DateError as exc:
            warning = f"date ignored: {exc}"
            problems.append(Problem(shown, None, Severity.WARNING, "import-date-ignored", warning))
    if published is None:
        published = _now(config, now)
    slug = slugify(title)
    front: dict[str, object] = {
        "title": title,
        "id": mint_id(config.domain, published, slug),
        "date": published,
        "category": category,
        "author": fields.get("author"),
        "summary": fields.get("summary"),
        "link": fields.get("link"),
    }
    path = source_path(config.content_dir, category, slug)
    return NewSource(path, render_source(front, doc.body)), problems


def date_option(when: str | None, config: Config) -> datetime | None:
    """A ``--date`` value in the site's zone, to the second; PublisherError if unreadable."""
    if not when:
        return None
    try:
        return parse_date(when, config.tz).replace(microsecond=0)
    except DateError as exc:
        raise PublisherError(f"--date: {exc}") from None


def _now(config: Config, now: datetime | None) -> datetime:
    return (now or datetime.now(config.tz)).astimezone(config.tz).replace(microsecond=0)


def render_source(fields: Mapping[str, object], body: str) -> str:
    """A Markdown source: YAML front matter between ``---`` lines, a blank line, the body."""
    ordered = {k: fields[k] for k in FIELD_ORDER if fields.get(k) not in (None, "", [], ())}
    ordered.update({k: v for k, v in fields.items() if k not in FIELD_ORDER and v is not None})
    for key, value in ordered.items():
        if isinstance(value, datetime):
            ordered[key] = format_rfc3339(value)
    front = yaml.dump(
        ordered, Dumper=_FrontMatterDumper, allow_unicode=True, sort_keys=False, width=1000
    )
    return f"---\n{front}---\n\n{body.strip()}\n"


def source_path(content_dir: Path, category: str, slug: str) -> Path:
    """Where a new article goes: ``content/<category-slug>/<slug>.md``."""
    return content_dir / category_slug(category) / f"{slug}.md"


def write_source(path: Path, text: str, *, force: bool = False) -> None:
    """Write a source file atomically; refuse to overwrite one unless ``force``."""
    try:
        write_atomic(path, text.encode("utf-8"), overwrite=force)
    except FileExistsError:
        raise PublisherError("already exists (use --force to overwrite)", path=str(path)) from None
    except OSError as exc:
        raise PublisherError(f"cannot write: {exc.strerror}", path=str(path)) from None
