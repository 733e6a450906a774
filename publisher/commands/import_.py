"""``publisher import``: scraped pages (.txt, .html) -> Markdown sources with pinned ids."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from publisher.commands import reports_errors
from publisher.errors import PublisherError

if TYPE_CHECKING:
    from datetime import datetime

    from publisher.config import Config
    from publisher.model import SourceDoc

_HELP = """Turn pages scraped from websites into Markdown sources.

Each PAGE (.txt, .html or .htm; `-` reads standard input, as HTML when it starts
with `<`) becomes <content>/<category-slug>/<slug>.md with front matter (title, a
pinned tag-URI id, date, category, author, summary, the page's canonical link) and
a Markdown body. Share bars, comment forms, cookie and ad-blocker notices, related
lists and other site boilerplate are left out. Prints each path written.

Nothing is written when any page fails, and no file is overwritten without --force.

\b
Examples:
  publisher import saved/korea-ai.txt --date 2025-07-22T09:00:00+09:00
  publisher import saved/*.html --category World --out drafts/
  pbpaste | publisher import - --category Technology --title "Chips in Ohio"
"""


@dataclass(frozen=True, slots=True)
class _Planned:
    path: Path
    text: str


@click.command("import", help=_HELP)
@click.argument("pages", nargs=-1, required=True, metavar="PAGE...")
@click.option("--category", help="Category for every page [default: the page's own].")
@click.option("--date", "when", help="Publication date, RFC 3339 [default: the page's, else now].")
@click.option("--title", help="Title of the (single) page [default: the page's own].")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into [default: the config's content_dir].",
)
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file [default: ./publisher.toml].",
)
@reports_errors
def import_command(
    pages: tuple[str, ...],
    category: str | None,
    when: str | None,
    title: str | None,
    out_dir: Path | None,
    force: bool,
    config_path: Path | None,
) -> None:
    if title is not None and len(pages) > 1:
        raise click.UsageError("--title names one page: import pages one at a time to title each")
    planned, errors = _plan(pages, category, when, title, out_dir, force, config_path)
    for exc in errors:
        click.echo(f"error: {exc}", err=True)
    if errors:
        sys.exit(int(max(e.exit_status for e in errors)))
    for item in planned:
        _write(item, force)
        click.echo(str(item.path))


def _plan(
    pages: tuple[str, ...],
    category: str | None,
    when: str | None,
    title: str | None,
    out_dir: Path | None,
    force: bool,
    config_path: Path | None,
) -> tuple[list[_Planned], list[PublisherError]]:
    """Read and convert every page first, so one bad page leaves every file untouched."""
    from publisher.config import load_config
    from publisher.dates import DateError, parse_date

    overrides = {"content_dir": str(out_dir)} if out_dir is not None else None
    config = load_config(config_path, overrides=overrides)
    try:
        published = parse_date(when, config.tz).replace(microsecond=0) if when else None
    except DateError as exc:
        raise PublisherError(f"--date: {exc}") from None
    planned: list[_Planned] = []
    errors: list[PublisherError] = []
    for page in pages:
        try:
            item = _convert(page, config, category, published, title)
            if any(p.path == item.path for p in planned):
                raise PublisherError("another page has the same title and category", path=page)
            if item.path.exists() and not force:
                raise PublisherError(
                    "already exists (use --force to overwrite)", path=str(item.path)
                )
            planned.append(item)
        except PublisherError as exc:
            errors.append(exc)
    return planned, errors


def _load(page: str, config: Config) -> SourceDoc:
    """Decode a page and run the reader its suffix (or, for stdin, its first byte) picks."""
    from publisher.sources.base import ReaderOptions
    from publisher.sources.decode import decode_source
    from publisher.sources.html import scrape_html
    from publisher.sources.text import scrape_text

    shown = "<stdin>" if page == "-" else page
    if page == "-":
        data = sys.stdin.buffer.read()
    else:
        suffix = Path(page).suffix.lower()
        if suffix not in (".txt", ".html", ".htm"):
            raise PublisherError("not a page: use .txt, .html or .htm (or - for stdin)", path=page)
        try:
            data = Path(page).read_bytes()
        except OSError as exc:
            raise PublisherError(f"cannot read: {exc.strerror}", path=page) from None
    if len(data) > config.max_source_bytes:
        raise PublisherError(f"page is over {config.max_source_bytes} bytes", path=shown)
    text, problems = decode_source(data, shown)
    is_html = text.lstrip().startswith("<") if page == "-" else not page.lower().endswith(".txt")
    scrape = scrape_html if is_html else scrape_text
    options = ReaderOptions(boilerplate_patterns=config.boilerplate_patterns)
    doc = scrape(text, path=shown, rel=shown, options=options)
    for problem in (*problems, *doc.problems):
        click.echo(str(problem), err=True)
    return doc


def _convert(
    page: str,
    config: Config,
    category: str | None,
    published: datetime | None,
    title: str | None,
) -> _Planned:
    from datetime import datetime

    from publisher.authoring import mint_id, render_source, source_path
    from publisher.dates import DateError, parse_date
    from publisher.slugs import slugify

    doc = _load(page, config)
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
    if published is None and "date" in fields:
        try:
            published = parse_date(fields["date"], config.tz).replace(microsecond=0)
        except DateError as exc:
            click.echo(f"{shown}: warning: date ignored: {exc}", err=True)
    if published is None:
        published = datetime.now(config.tz).replace(microsecond=0)
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
    return _Planned(path, render_source(front, doc.body))


def _write(item: _Planned, force: bool) -> None:
    from publisher.authoring import write_source

    write_source(item.path, item.text, force=force)
