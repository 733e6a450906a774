"""Writing sources: new Markdown articles (``publisher new``) and pages turned into
Markdown (``publisher import``), each with its id pinned, written atomically.

The functions here decide a source's path and text and return them with their
problems; the commands only print."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from email.message import Message
from pathlib import Path

import yaml

from publisher.atomic import write_atomic
from publisher.config import Config
from publisher.dates import DateError, format_rfc3339, parse_date
from publisher.errors import PublisherError
from publisher.ids import mint_id
from publisher.limits import check_front_matter
from publisher.model import SourceDoc
from publisher.slugs import category_slug, slugify
from publisher.sources.base import ReaderOptions

FETCH_TIMEOUT = 20.0  # seconds for connecting and for the whole download of one page

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


def is_url(page: str) -> bool:
    """True for an http(s) URL given to ``publisher import`` instead of a file."""
    return page.lower().startswith(("http://", "https://"))


def fetch_page(
    url: str, options: ReaderOptions, *, max_bytes: int, timeout: float = FETCH_TIMEOUT
) -> SourceDoc:
    """Fetch a page over http(s) (the validator's limits) and scrape it.

    The server's media type picks the reader (else the page's first character), its
    charset wins over the page's own, and the URL reached after redirects becomes the
    ``link`` unless the page names a canonical one.
    """
    from publisher.sources import read_page
    from publisher.validate.fetch import PAGES, fetch

    fetched = fetch(url, timeout=timeout, max_bytes=max_bytes, accept=PAGES, purpose="import")
    if fetched.too_large:
        raise PublisherError(f"page is over {max_bytes} bytes", path=url)
    media = Message()
    media["Content-Type"] = fetched.content_type or ""
    kind = media.get_content_type() if fetched.content_type else ""
    suffix = ".txt" if kind == "text/plain" else ".html" if "html" in kind else None
    charset = media.get_param("charset")
    doc = read_page(
        fetched.data,
        suffix,
        options,
        shown=url,
        header_charset=charset if isinstance(charset, str) else None,
    )
    if not doc.fields.get("link"):
        doc = replace(doc, fields={**doc.fields, "link": fetched.final_url})
    return doc


def find_imported(folders: Iterable[Path], *, id_: str, link: str | None) -> Path | None:
    """The Markdown source under ``folders`` whose pinned ``id`` or ``link`` is this one.

    ``publisher import`` asks before writing, so importing a page twice (into another
    category, or on another day) never leaves two files claiming one article.
    """
    wanted = {("id", id_)} | ({("link", link.rstrip("/"))} if link else set())
    needles = [value for _, value in wanted]
    sources = (path for folder in folders if folder.is_dir() for path in folder.rglob("*.md"))
    for path in sorted(sources):
        head = _head(path)
        # Most files name neither: skip them before parsing YAML (archives are large).
        if not any(needle in head for needle in needles):
            continue
        front = _front_matter(head)
        found = {(k, str(front[k]).strip().rstrip("/")) for k in ("id", "link") if front.get(k)}
        if found & wanted:
            return path
    return None


def _head(path: Path) -> str:
    """The start of a source, where its front matter is; empty when it cannot be read."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(_FRONT_MATTER_LIMIT)
    except OSError:
        return ""


def _front_matter(head: str) -> dict[str, object]:
    """A source's YAML front matter, or nothing when it has none or it is not YAML."""
    if not head.startswith("---\n"):
        return {}
    end = head.find("\n---", 4)
    if end < 0 or check_front_matter(head[4:end], "yaml") is not None:
        return {}
    try:
        data = yaml.safe_load(head[4:end])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


_FRONT_MATTER_LIMIT = 16384


def write_source(path: Path, text: str, *, force: bool = False) -> None:
    """Write a source file atomically; refuse to overwrite one unless ``force``."""
    try:
        write_atomic(path, text.encode("utf-8"), overwrite=force)
    except FileExistsError:
        raise PublisherError("already exists (use --force to overwrite)", path=str(path)) from None
    except OSError as exc:
        raise PublisherError(f"cannot write: {exc.strerror}", path=str(path)) from None
