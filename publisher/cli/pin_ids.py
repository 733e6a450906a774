"""``publisher pin-ids``: write an id into every source that has none."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli._shared import config_option, print_problems, report_error, reports_errors
from publisher.errors import ExitStatus, SourceError

_HELP = """Pin every source's id, keeping the old feed's ids.

Writes an `id` line into the front matter of every source that has none, so an
article's id never changes again (renamed file, moved site).

With --from-feed, give the feed the site published until now (a file or an http(s)
URL: Hugo's RSS, jekyll-feed's Atom, Pelican's, WordPress's; repeat for several).
Each source whose link matches one of its items gets that item's exact id, so
subscribers see no old article again as new; the old feed's links are kept too.
Items of the old feed that match no source are listed.

Sources are edited in place, atomically; only the added lines change.

\b
Examples:
  publisher pin-ids --from-feed https://example.org/index.xml --dry-run
  publisher pin-ids --from-feed old/feed.xml
"""


@click.command("pin-ids", help=_HELP)
@click.option("--from-feed", "feeds", multiple=True, metavar="FEED",
              help="The site's old feed (file or URL) whose ids to keep.")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Print the lines that would be added; write nothing.")
@config_option
@reports_errors
def pin_ids_command(feeds: tuple[str, ...], dry_run: bool, config_path: Path | None) -> None:
    from publisher.commands.pin_ids import apply_pin, load_old_feed, plan_pins, preview_pin
    from publisher.config import load_config

    config = load_config(config_path)
    old_items = [item for feed in feeds for item in load_old_feed(feed)]
    plan = plan_pins(config, old_items)
    failed = False
    for pin in plan.pins:
        try:
            added = preview_pin(pin) if dry_run else apply_pin(pin)
        except SourceError as exc:
            report_error(exc)
            failed = True
            continue
        origin = " (from the old feed)" if pin.from_feed else ""
        verb = "would add to" if dry_run else "added to"
        lines = added.replace("\r", "").rstrip("\n").split("\n")
        click.echo(f"{verb} {pin.shown}{origin}: " + "; ".join(lines))
    for item in plan.unmatched:
        click.echo(f"no source for old item {item.link} (id {item.id})")
    print_problems(plan.problems)
    if failed or any(p.is_error for p in plan.problems):
        sys.exit(int(ExitStatus.BAD_INPUT))
