"""``publisher import``: scraped pages (.txt, .html) -> Markdown sources with pinned ids."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from publisher.cli._shared import config_option, report_error, reports_errors
from publisher.errors import PublisherError

if TYPE_CHECKING:
    from datetime import datetime

    from publisher.config import Config
    from publisher.model import SourceDoc

_HELP = """Turn pages scraped from websites into Markdown sources.

Each PAGE (.txt, .html or .htm; an http(s) URL, fetched; `-` reads standard input,
as HTML when it starts with `<`) becomes <content>/<category-slug>/<slug>.md with
front matter (title, a pinned tag-URI id, date, category, author, summary, the
page's canonical link, image and tags) and a Markdown body. Site headers, menus,
share bars, comment forms, cookie and ad-blocker notices, related lists and other
site boilerplate are left out, in any language. Prints each path written.

Nothing is written when any page fails, and no file is overwritten without --force.
A page already imported (same pinned id or link anywhere in the content folder) is
refused, naming that file; --force replaces it. Without a date in the page or
--date, the page is dated now, with a warning.

\b
Examples:
  publisher import saved/korea-ai.txt --date 2025-07-22T09:00:00+09:00
  publisher import saved/*.html --category World --out drafts/
  publisher import https://news.example.com/2025/03/council-vote --category Local
  pbpaste | publisher import - --category Technology --title "Chips in Ohio"
"""


@dataclass(frozen=True, slots=True)
class _Planned:
    path: Path
    text: str
    replaces: Path | None = None  # an earlier import of the same page (--force)


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
@config_option
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
        report_error(exc)
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
    # An earlier import may sit in the site's content folder or in the --out folder.
    site = load_config(config_path).content_dir if out_dir is not None else config.content_dir
    searched = tuple(dict.fromkeys((config.content_dir, site)))
    try:
        published = parse_date(when, config.tz).replace(microsecond=0) if when else None
    except DateError as exc:
        raise PublisherError(f"--date: {exc}") from None
    planned: list[_Planned] = []
    errors: list[PublisherError] = []
    for page in pages:
        try:
            item = _convert(page, config, category, published, title, force, searched)
            if any(p.path == item.path for p in planned):
                raise PublisherError("another page has the same title and category", path=page)
            if item.path.exists() and not force and item.replaces != item.path:
                raise PublisherError(
                    "already exists (use --force to overwrite)", path=str(item.path)
                )
            planned.append(item)
        except PublisherError as exc:
            errors.append(exc)
    return planned, errors


def _load(page: str, config: Config) -> SourceDoc:
    """Read a page and scrape it with the reader its suffix (for stdin, its text) picks."""
    from publisher.commands.import_ import fetch_page, is_url
    from publisher.sources import ReaderOptions, page_suffixes, read_page

    options = ReaderOptions(boilerplate_patterns=config.boilerplate_patterns)
    if is_url(page):
        doc = fetch_page(page, options, max_bytes=config.max_source_bytes)
        for problem in doc.problems:
            click.echo(str(problem), err=True)
        return doc
    shown = "<stdin>" if page == "-" else page
    suffix = None if page == "-" else Path(page).suffix.lower()
    if suffix is not None and suffix not in page_suffixes():
        raise PublisherError("not a page: use .txt, .html or .htm (or - for stdin)", path=page)
    if page == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(page).read_bytes()
        except OSError as exc:
            raise PublisherError(f"cannot read: {exc.strerror}", path=page) from None
    if len(data) > config.max_source_bytes:
        raise PublisherError(f"page is over {config.max_source_bytes} bytes", path=shown)
    doc = read_page(data, suffix, options, shown=shown)
    for problem in doc.problems:
        click.echo(str(problem), err=True)
    return doc


def _convert(
    page: str,
    config: Config,
    category: str | None,
    published: datetime | None,
    title: str | None,
    force: bool,
    searched: tuple[Path, ...],
) -> _Planned:
    from datetime import datetime

    from publisher.commands.import_ import find_imported, render_source, source_path
    from publisher.dates import DateError, parse_date
    from publisher.ids import mint_id
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
        click.echo(
            f"{shown}: warning: no date found in the page: dated now ({published.isoformat()});"
            " pass --date to give its publication date",
            err=True,
        )
    slug = slugify(title)
    front: dict[str, object] = {
        "title": title,
        "id": mint_id(config.domain, published, slug),
        "date": published,
        "category": category,
        "author": fields.get("author"),
        "summary": fields.get("summary"),
        "link": fields.get("link"),
        "image": fields.get("image"),
        "tags": [t.strip() for t in fields.get("tags", "").split(",") if t.strip()],
    }
    path = source_path(config.content_dir, category, slug)
    earlier = find_imported(searched, id_=str(front["id"]), link=fields.get("link"))
    if earlier is not None and not force:
        raise PublisherError(
            f"already imported as {earlier} (use --force to replace it)", path=shown
        )
    return _Planned(path, render_source(front, doc.body), earlier)


def _write(item: _Planned, force: bool) -> None:
    from publisher.commands.import_ import write_source

    write_source(item.path, item.text, force=force)
    if item.replaces is not None and item.replaces != item.path:
        item.replaces.unlink(missing_ok=True)
