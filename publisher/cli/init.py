"""``publisher init``: start a site, or point publisher at a Hugo, Jekyll or Pelican one."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli._shared import reports_errors
from publisher.errors import PublisherError
from publisher.generators import NAMES as GENERATOR_NAMES

_HELP = """Start a site, or read a Hugo, Jekyll or Pelican one.

Writes a commented publisher.toml, the content folder and a .gitignore line for
the build cache. Never overwrites an existing publisher.toml.

With --like, read the sources of an existing Hugo, Jekyll or Pelican site where they
are, and form article links as that generator does; its title, URL and time zone
are taken from its own config. On a terminal, asks for what is missing.

\b
Examples:
  publisher init mysite --title "My site" --base-url https://example.org
  publisher init --like hugo          # in a Hugo site's folder
  publisher init --like jekyll --base-url https://me.github.io
"""


@click.command("init", help=_HELP)
@click.argument("directory", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))  # fmt: skip
@click.option("--title", help="The site's title, shown by feed readers.")
@click.option("--base-url", help="The site's address, e.g. https://example.org.")
@click.option("--like", type=click.Choice(GENERATOR_NAMES),
              help="Read this generator's sources and reproduce its links.")  # fmt: skip
@reports_errors
def init_command(
    directory: Path, title: str | None, base_url: str | None, like: str | None
) -> None:
    from publisher.commands.init import init_site, site_facts

    facts = site_facts(directory, like or "")
    title = title or facts.title
    base_url = base_url or facts.base_url
    if facts.missing_url and not base_url and not sys.stdin.isatty():
        # A guessed address would give every link in the feeds the wrong host.
        hint = f" (its CNAME says {facts.url_hint})" if facts.url_hint else ""
        raise PublisherError(f"{facts.missing_url}: give the site's address with --base-url{hint}")
    if sys.stdin.isatty():
        title = title or click.prompt("Site title", default=directory.resolve().name)
        address = facts.url_hint or "https://example.org"
        base_url = base_url or click.prompt("Site address", default=address)
    created = init_site(
        directory,
        title=title or "My site",
        base_url=base_url or "https://example.org",
        like=like or "",
    )
    for note in facts.notes:
        click.echo(f"note: {note}")
    click.echo(f"wrote {created.config}")
    if created.content_created:
        click.echo(f"created {created.content_dir}/")
    if created.gitignore:
        click.echo(f"added the cache folder to {created.gitignore}")
    if not (title and base_url):
        click.echo(f"edit title and base_url in {created.config}, then run `publisher build`")
