"""Command line: options -> Config, one library call, errors -> messages and exit codes.

Heavy modules (feedgen, lxml, markdown) are imported inside commands so that
``publisher --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path

import click

from publisher import __version__
from publisher.commands import print_problems, reports_errors
from publisher.errors import ExitStatus, PublisherError


class TerminalProgress:
    """One self-overwriting status line on a terminal; cron (no TTY) never sees it."""

    def __init__(self, interval: float = 0.2) -> None:
        self._interval = interval
        self._last = 0.0
        self._shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < self._interval:
            return
        self._last = now
        click.echo(f"\r{stage} {done}/{total}\x1b[K", err=True, nl=False)
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            click.echo("\r\x1b[K", err=True, nl=False)


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file [default: ./publisher.toml, or $PUBLISHER_CONFIG].",
)


@click.group(name="publisher", context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="publisher")
def cli() -> None:
    """Turn article sources into validated feeds, one set per category.

    Writes RSS 2.0, Atom 1.0 and JSON Feed 1.1 for every category and for all
    articles, plus an OPML subscription list and an HTML index page.

    \b
    Example:
      publisher build            # read publisher.toml and content/, write feeds/
      publisher new "Chip plant opens" --category Technology
      publisher validate feeds/
    """


@cli.command()
@config_option
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of article sources (overrides content_dir).")  # fmt: skip
@click.option("--out", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write feeds into (overrides output_dir).")  # fmt: skip
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the build lock and cache (overrides cache_dir).")  # fmt: skip
@click.option("--no-cache", is_flag=True, help="Ignore the incremental cache (a cold build).")
@click.option("--wait", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="If another build is running, wait up to this long for it.")  # fmt: skip
@click.option("-v", "--verbose", is_flag=True, help="Print what changed.")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--keep-going", is_flag=True,
              help="Publish all good sources even if some are bad (still exit 1).")  # fmt: skip
@reports_errors
def build(
    config_path: Path | None,
    content_dir: Path | None,
    output_dir: Path | None,
    cache_dir: Path | None,
    no_cache: bool,
    wait: float,
    verbose: bool,
    dry_run: bool,
    keep_going: bool,
) -> None:
    """Build every feed and publish the ones that changed.

    Reads every source in the content folder. Silent on success. Every feed is
    built and validated in memory first; a bad source or an invalid feed stops the
    build before any file is replaced.

    \b
    Example:
      publisher build
      publisher build --config site/publisher.toml --out /srv/www/feeds -v
    """
    from publisher.config import load_config
    from publisher.pipeline import build as run_build

    config = load_config(
        config_path,
        overrides={"content_dir": content_dir, "output_dir": output_dir, "cache_dir": cache_dir},
    )
    progress = TerminalProgress() if sys.stderr.isatty() else None
    try:
        result = run_build(
            config,
            dry_run=dry_run,
            keep_going=keep_going,
            use_cache=not no_cache,
            wait=wait,
            progress=progress,
        )
    finally:
        if progress:
            progress.clear()
    # A warning is told once; -v tells every one again.
    print_problems(result.problems if verbose else result.untold)
    if verbose or dry_run:
        verb = "would write" if dry_run else "wrote"
        for rel in result.written:
            click.echo(f"{verb} {config.output_dir / rel}")
        if verbose:
            stats = result.stats
            click.echo(
                f"{len(result.unchanged)} file(s) unchanged; parsed {stats.parsed} source(s), "
                f"reused {stats.reused}; rendered {stats.rendered} article(s), "
                f"reused {stats.render_reused}"
            )
            if result.next_due:
                source, when = result.next_due
                click.echo(f"next scheduled: {source} at {when.isoformat()}")
    if result.errors:
        sys.exit(int(ExitStatus.BAD_INPUT))


@cli.command()
@click.argument("title")
@click.option("--category", "-c", required=True, help="Category name, e.g. Technology.")
@click.option("--date", "when", help="Publication date (RFC 3339) [default: now].")
@click.option("--author", help="Author name [default: the config's author].")
@config_option
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@reports_errors
def new(
    title: str,
    category: str,
    when: str | None,
    author: str | None,
    config_path: Path | None,
    force: bool,
) -> None:
    """Start a new Markdown article with its id and date pinned.

    Writes content/<category-slug>/<slug>.md and prints its path. The minted tag URI
    id never changes, even if the file is renamed or the site moves.

    \b
    Example:
      publisher new "Chip plant opens in Ohio" --category Technology
    """
    from publisher.authoring import mint_id, render_source, source_path, write_source
    from publisher.config import load_config
    from publisher.dates import DateError, parse_date
    from publisher.slugs import slugify

    config = load_config(config_path)
    if not title.strip():
        raise PublisherError("the title is empty")
    try:
        published = parse_date(when, config.tz) if when else datetime.now(config.tz)
    except DateError as exc:
        raise PublisherError(f"--date: {exc}") from None
    published = published.replace(microsecond=0)
    slug = slugify(title)
    fields: dict[str, object] = {
        "title": title.strip(),
        "id": mint_id(config.domain, published, slug),
        "date": published,
        "category": category.strip(),
        "author": author,
        "summary": "",
        "tags": [],
    }
    path = source_path(config.content_dir, category, slug)
    write_source(path, render_source(fields, "Write the article here."), force=force)
    click.echo(str(path))


def _add_commands() -> None:
    # Commands that live in their own modules; their heavy imports happen when they run.
    from publisher.commands import import_, init, pin_ids, serve, validate

    cli.add_command(init.init_command)
    cli.add_command(pin_ids.pin_ids_command)
    cli.add_command(validate.validate_command)
    cli.add_command(import_.import_command)
    cli.add_command(serve.serve_command)


_add_commands()


def main() -> None:
    """Console script entry point: a bug prints one line, not a traceback, under cron."""
    try:
        cli()
    except Exception as exc:  # last resort; PUBLISHER_DEBUG=1 shows the trace
        if os.environ.get("PUBLISHER_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set PUBLISHER_DEBUG=1 "
                   "for a traceback, and please report it)", err=True)  # fmt: skip
        sys.exit(int(ExitStatus.BAD_INPUT))
