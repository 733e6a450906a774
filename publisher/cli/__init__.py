"""Command line: the ``publisher`` click group and its entry point.

Each command lives in its own module and only parses options, calls the library and
turns what it returns (or raises) into output and exit codes (see ``_shared``).
Heavy modules (feedgen, lxml, markdown) are imported inside commands so that
``publisher --help`` stays fast.
"""

from __future__ import annotations

import click

from publisher import __version__
from publisher.cli import build, import_, init, new, pin_ids, serve, validate
from publisher.cli._shared import report_bug


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


cli.add_command(init.init_command)
cli.add_command(build.build_command)
cli.add_command(new.new_command)
cli.add_command(pin_ids.pin_ids_command)
cli.add_command(validate.validate_command)
cli.add_command(import_.import_command)
cli.add_command(serve.serve_command)


def main() -> None:
    """Console script entry point: a bug prints one line, not a traceback, under cron."""
    try:
        cli()
    except Exception as exc:  # last resort; PUBLISHER_DEBUG=1 shows the trace
        report_bug(exc)
