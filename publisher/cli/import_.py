"""``publisher import``: scraped pages (.txt, .html) -> Markdown sources with pinned ids."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from publisher.cli._shared import config_option, print_problems, report_error, reports_errors
from publisher.errors import PublisherError

if TYPE_CHECKING:
    from datetime import datetime

    from publisher.authoring import NewSource
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
    from publisher.authoring import write_source

    for item in planned:
        write_source(item.path, item.text, force=force)
        click.echo(str(item.path))


def _plan(
    pages: tuple[str, ...],
    category: str | None,
    when: str | None,
    title: str | None,
    out_dir: Path | None,
    force: bool,
    config_path: Path | None,
) -> tuple[list[NewSource], list[PublisherError]]:
    """Read and convert every page first, so one bad page leaves every file untouched."""
    from publisher.authoring import date_option
    from publisher.config import load_config

    overrides = {"content_dir": str(out_dir)} if out_dir is not None else None
    config = load_config(config_path, overrides=overrides)
    published = date_option(when, config)
    planned: list[NewSource] = []
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
) -> NewSource:
    from publisher.authoring import page_source

    doc = _load(page, config)
    source, problems = page_source(doc, config, category=category, published=published, title=title)
    print_problems(problems)
    return source
