"""``publisher import``: scraped pages (.txt, .html) -> Markdown sources with pinned ids."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli._shared import config_option, report_error, reports_errors

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
    from publisher.commands.import_ import ImportOptions, plan_import, write_planned

    options = ImportOptions(category, when, title, out_dir, force)
    plan = plan_import(
        pages, options, config_path=config_path, read_stdin=lambda: sys.stdin.buffer.read()
    )
    for warning in plan.warnings:
        click.echo(str(warning), err=True)
    for exc in plan.errors:
        report_error(exc)
    if plan.errors:
        sys.exit(int(max(e.exit_status for e in plan.errors)))
    for item in plan.sources:
        write_planned(item, force=force)
        click.echo(str(item.path))
