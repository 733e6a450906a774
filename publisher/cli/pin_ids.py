"""``publisher pin-ids``: write an id into every source that has none."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from publisher.cli._shared import config_option, print_problems, report_error, reports_errors
from publisher.errors import ExitStatus, SourceError

if TYPE_CHECKING:
    from publisher.commands.pin_ids import PinPlan

_HELP = """Pin every source's id, keeping the old feed's ids.

Writes an `id` line into the front matter of every source that has none, so an
article's id never changes again (renamed file, moved site).

With --from-feed, give the feed the site published until now (a file or an http(s)
URL: Hugo's RSS, jekyll-feed's Atom, Pelican's, WordPress's; repeat for several).
Each source whose link matches one of its items gets that item's exact id, so
subscribers see no old article again as new; the old feed's links are kept too, and
items_per_feed in publisher.toml becomes the old feed's item count (less the items
given up, below).

Nothing is written while an item of the old feed has no source of its own (no
source's link matches it, or two do): each is listed, with why links may differ.
When those items are gone for good, --allow-unmatched N (N at least their number)
pins the rest. A second run changes nothing.

Sources are edited in place, atomically; only the added lines change. Exit status:
0 done (or nothing to do), 1 nothing written because old items match no source, or
some sources could not be read or pinned (listed; the others were pinned).

\b
Examples:
  publisher pin-ids --from-feed https://example.org/index.xml --dry-run
  publisher pin-ids --from-feed old/feed.xml
  publisher pin-ids --from-feed old/feed.xml --allow-unmatched 2
"""
# Unmatched old items shown beside what publisher would publish for them.
_EXAMPLES = 3


@click.command("pin-ids", help=_HELP)
@click.option("--from-feed", "feeds", multiple=True, metavar="FEED",
              help="The site's old feed (file or URL) whose ids to keep.")  # fmt: skip
@click.option("--allow-unmatched", type=click.IntRange(min=0), default=0, metavar="N",
              help="Pin the rest even though up to N old items match no source.")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Print the lines that would be added; write nothing.")
@config_option
@reports_errors
def pin_ids_command(
    feeds: tuple[str, ...], allow_unmatched: int, dry_run: bool, config_path: Path | None
) -> None:
    from publisher.commands.config_edit import set_setting, set_table_settings
    from publisher.commands.pin_ids import apply_pin, load_old_feed, plan_pins, preview_pin
    from publisher.config import config_file, load_config

    config = load_config(config_path)
    plan = plan_pins(config, [load_old_feed(feed) for feed in feeds])
    for missing in plan.unmatched:
        item = missing.item
        click.echo(f"no source for old item {item.link} (id {item.id})")
    if len(plan.unmatched) > allow_unmatched:
        print_problems(plan.problems)
        _refuse(plan, allow_unmatched)
        sys.exit(int(ExitStatus.BAD_INPUT))
    failed = False
    pages = {pin.page: pin for pin in sorted(plan.pins, key=lambda pin: pin.page) if pin.page}
    if pages:  # generated pages: their ids go into publisher.toml, all in one write
        path = config_file(config_path)
        if not dry_run:
            set_table_settings(path, "page_ids", {page: pin.id for page, pin in pages.items()})
        verb = "would add to" if dry_run else "added to"
        for page, pin in pages.items():
            origin = " (from the old feed)" if pin.from_feed else ""
            click.echo(f"{verb} [page_ids] in {path}{origin}: {page} = {pin.id}")
    for pin in plan.pins:
        if pin.page:
            continue
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
    if plan.items_per_feed is not None:
        path = config_file(config_path)
        if not dry_run:
            set_setting(path, "items_per_feed", plan.items_per_feed)
        verb = "would set" if dry_run else "set"
        held = (f"the old feed's items less the {len(plan.unmatched)} given up"
                if plan.unmatched and plan.items_per_feed < plan.old_items
                else f"the old feed held {plan.items_per_feed} items")  # fmt: skip
        click.echo(f"{verb} items_per_feed = {plan.items_per_feed} in {path} ({held}; more "
                   "would bring older ones to subscribers as new)")  # fmt: skip
    for code, count in plan.language_items:
        path = config_file(config_path)
        if not dry_run:
            set_setting(path, "items_per_feed", count, table=f"languages.{code}")
        verb = "would set" if dry_run else "set"
        click.echo(f"{verb} [languages.{code}] items_per_feed = {count} in {path} (its old "
                   f"feed held {count} items)")  # fmt: skip
    print_problems(plan.problems)
    if failed or any(p.is_error for p in plan.problems):
        sys.exit(int(ExitStatus.BAD_INPUT))


def _refuse(plan: PinPlan, allowed: int) -> None:
    """Say why nothing was written: how many old items have no source, why links may
    differ, and a few of them beside what publisher would publish for them."""
    count = len(plan.unmatched)
    given = f" (--allow-unmatched {allowed})" if allowed else ""
    click.echo(
        f"error: {count} of the old feed's {plan.old_items} items match no source{given}: "
        "nothing written",
        err=True,
    )
    for hint in plan.hints:
        click.echo(f"  {hint}", err=True)
    for missing in plan.unmatched[:_EXAMPLES]:
        item = missing.item
        if missing.sharing:
            ours = f"{len(missing.sharing)} sources have that link: {', '.join(missing.sharing)}"
        elif missing.same_title:
            shown, link = missing.same_title
            ours = f"{shown}, of that title, is published at {link}"
        else:
            ours = "no source has that link or that title"
        click.echo(f"  {item.link}: {ours}", err=True)
    if count > _EXAMPLES:
        click.echo(f"  ... and {count - _EXAMPLES} more (listed above)", err=True)
    if any(p.is_error for p in plan.problems):
        click.echo("  sources that could not be read (above) may be some of them", err=True)
    click.echo(
        f"  fix the config or the sources and run pin-ids again; if these items are gone "
        f"for good, --allow-unmatched {count} pins the rest",
        err=True,
    )
