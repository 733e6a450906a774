"""``publisher new``: start a Markdown draft with its id and date pinned."""

from __future__ import annotations

from pathlib import Path

import click

from publisher.cli._shared import config_option, reports_errors


@click.command("new")
@click.argument("title")
@click.option("--category", "-c", required=True, help="Category name, e.g. Technology.")
@click.option("--date", "when", help="Publication date (RFC 3339) [default: now].")
@click.option("--author", help="Author name [default: the config's author].")
@click.option(
    "--episode",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A podcast episode publishing this audio or video file (under the content "
    "folder or static_dir); its length, type and duration are read from it.",
)
@config_option
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@reports_errors
def new_command(
    title: str,
    category: str,
    when: str | None,
    author: str | None,
    episode: Path | None,
    config_path: Path | None,
    force: bool,
) -> None:
    """Start a new Markdown draft with its id and date pinned.

    Writes content/<category-slug>/<slug>.md with `draft: true` and prints its path.
    Builds leave a draft out; preview it with `publisher serve --drafts`, then delete
    the `draft: true` line and the next build publishes it. The minted tag URI id
    never changes, even if the file is renamed or the site moves.

    \b
    Examples:
      publisher new "Chip plant opens in Ohio" --category Technology
      publisher new "Field Notes 4: Ice roads" -c "Field Notes" \\
          --episode content/field-notes/ice-roads.mp3
    """
    from publisher.commands.markdown_source import write_source
    from publisher.commands.new import new_article
    from publisher.config import load_config

    source = new_article(
        load_config(config_path), title, category, when=when, author=author, episode=episode
    )
    write_source(source.path, source.text, force=force)
    click.echo(str(source.path))
