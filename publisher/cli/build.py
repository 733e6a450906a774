"""``publisher build``: build every feed and publish the ones that changed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli._shared import TerminalProgress, config_option, print_problems, reports_errors
from publisher.errors import ExitStatus


@click.command("build")
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
def build_command(
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
    from publisher.build import build
    from publisher.config import load_config

    config = load_config(
        config_path,
        overrides={"content_dir": content_dir, "output_dir": output_dir, "cache_dir": cache_dir},
    )
    progress = TerminalProgress.if_terminal()
    try:
        result = build(
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
