"""``publisher build``: build every feed and publish the ones that changed."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from publisher.cli._shared import TerminalProgress, config_option, print_problems, reports_errors
from publisher.errors import ExitStatus, Problem, ProblemsFound

if TYPE_CHECKING:
    from publisher.config import Config
    from publisher.storage.url import StoreURL


class OutputParam(click.ParamType):  # type: ignore[type-arg]
    """A folder, or an object store URL (``s3://bucket/prefix``), passed on as typed: the
    config reads it (click.Path would make ``s3://b`` a path ``s3:/b``)."""

    name = "DIR|URL"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        from publisher.storage.url import looks_like_url

        text = str(value)
        if looks_like_url(text):
            return text
        return str(click.Path(file_okay=False).convert(text, param, ctx))


@click.command("build")
@config_option
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of article sources (overrides content_dir).")  # fmt: skip
@click.option("--out", "output_dir", type=OutputParam(),
              help="Folder (or s3://, gs://, az:// URL) to publish feeds to "
                   "(overrides output_dir).")  # fmt: skip
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the build lock and cache (overrides cache_dir).")  # fmt: skip
@click.option("--no-cache", is_flag=True, help="Ignore the incremental cache (a cold build).")
@click.option("--wait", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="If another build is running, wait up to this long for it.")  # fmt: skip
@click.option("-v", "--verbose", is_flag=True,
              help="List every standing warning (not only new ones) and what changed.")  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="Print errors only, no warnings.")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--keep-going", is_flag=True,
              help="Publish all good sources even if some are bad (still exit 1).")  # fmt: skip
@click.option("--drafts", is_flag=True,
              help="Include drafts: a preview build, into a folder given with --out.")  # fmt: skip
@reports_errors
def build_command(
    config_path: Path | None,
    content_dir: Path | None,
    output_dir: str | None,
    cache_dir: Path | None,
    no_cache: bool,
    wait: float,
    verbose: bool,
    quiet: bool,
    dry_run: bool,
    keep_going: bool,
    drafts: bool,
) -> None:
    """Build every feed and publish the ones that changed.

    Reads every source in the content folder. Silent on success. Every feed is
    built and validated in memory first; a bad source or an invalid feed stops the
    build before any file is replaced.

    A warning is printed once, by the build that first sees it (a new or changed
    source, a changed config); -v lists every warning that still stands. Errors are
    printed on every run until they are fixed.

    \b
    Example:
      publisher build
      publisher build --config site/publisher.toml --out /srv/www/feeds -v
      publisher build --out s3://my-bucket/feeds
      publisher build --drafts --out /tmp/preview
    """
    from publisher.build import build
    from publisher.config import load_config
    from publisher.storage import shown

    if quiet and verbose:
        raise click.UsageError("-q and -v contradict each other: pick one")
    config = load_config(
        config_path,
        overrides={"content_dir": content_dir, "output_dir": output_dir, "cache_dir": cache_dir},
    )
    if drafts:
        published = load_config(config_path).output_dir
        config = _drafts_config(config, published, own_cache=cache_dir is not None)
    progress = TerminalProgress.if_terminal()
    try:
        result = build(
            config,
            dry_run=dry_run,
            keep_going=keep_going,
            use_cache=not no_cache,
            fast_path=not verbose,  # -v lists what stands, so it looks at everything
            all_warnings=verbose,
            with_content=False,  # nothing here reads the feeds' items
            wait=wait,
            progress=progress,
        )
    except ProblemsFound as exc:
        print_problems(_to_tell(exc.problems, exc.first_seen, verbose=verbose, quiet=quiet))
        sys.exit(int(exc.exit_status))
    finally:
        if progress:
            progress.clear()
    print_problems(_to_tell(result.problems, result.first_seen, verbose=verbose, quiet=quiet))
    if verbose or dry_run:
        verb = "would write" if dry_run else "wrote"
        for rel in result.written:
            click.echo(f"{verb} {shown(config.output_dir, rel)}")
        verb = "would remove" if dry_run else "removed"
        for rel in result.removed:
            click.echo(f"{verb} {shown(config.output_dir, rel)}")
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


def _drafts_config(config: Config, published: Path | StoreURL, *, own_cache: bool) -> Config:
    """The config of a build with drafts: never into the published folder, and with a
    cache of its own (unless one was given), so the cron build's cache stays warm."""
    if config.output_dir == published:
        raise click.UsageError(
            "--drafts builds a preview, never into the published folder: "
            "give another folder with --out"
        )
    cache_dir = config.cache_dir if own_cache else config.cache_dir / "drafts"
    return replace(config, drafts=True, cache_dir=cache_dir)


def _to_tell(
    problems: Sequence[Problem], first_seen: Sequence[Problem], *, verbose: bool, quiet: bool
) -> Sequence[Problem]:
    if quiet:
        return [p for p in problems if p.is_error]
    return problems if verbose else first_seen
