"""``publisher validate``: check RSS, Atom and JSON Feed files, folders or URLs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.cli._shared import report_error, reports_errors
from publisher.errors import PublisherError
from publisher.validator_limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT

_HELP = """Check feeds against the RSS, Atom and JSON Feed specs.

Takes files, folders (every *.xml, *.rss, *.atom, *.json inside, recursively) or
http(s):// URLs.

Prints one line per finding, sorted by line,
`path:line:column: severity rule-id message` (the column of the element's start tag
or of the XML error), each followed by `  fix: ...`, the way to fix it; then a
summary. JSON Feed findings name a JSON path instead of a line.
`--format github` prints GitHub Actions annotations instead. An HTML page is
reported as such; for an http(s) URL of a page, the feeds it advertises with
<link rel="alternate"> are found and validated. A URL is fetched as a feed reader
does, and how it is served is checked too (http-* rules): redirects, charset, ETag
and Last-Modified with a 304 to a repeat request, compression, Cache-Control, size.
A podcast (an RSS feed with iTunes or Podcasting 2.0 tags) is also checked against
what Apple Podcasts and podcast apps require: what they would refuse in an otherwise
valid feed is a `platform` finding, counted apart. Its artwork's format and size are
read from the image only with --fetch-images. Exit status: 0 no errors (warnings and
platform findings allowed), 1 errors (or warnings or platform findings with
--strict), 2 a target could not be read.

\b
Examples:
  publisher validate feeds/
  publisher validate --strict feeds/all/rss.xml https://example.org/atom.xml
  publisher validate --format json feeds/ > report.json
  publisher validate --format github feeds/      # in a GitHub Actions step
  publisher validate --fetch-images https://example.org/podcast.xml
  publisher validate --rules
"""


@click.command("validate", help=_HELP)
@click.argument("targets", nargs=-1, metavar="TARGET...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Findings as text lines, one JSON document, or GitHub Actions annotations.",
)
@click.option("--strict", is_flag=True, help="Count warnings as errors for the exit status.")
@click.option("--rules", "list_rules", is_flag=True, help="List every rule id and exit.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds allowed for fetching each URL.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest feed that is read and parsed.",
)
@click.option(
    "--fetch-images",
    is_flag=True,
    help="Fetch each podcast's artwork to check its format and pixel size (no network "
    "is used for images otherwise).",
)
@reports_errors
def validate_command(
    targets: tuple[str, ...],
    output_format: str,
    strict: bool,
    list_rules: bool,
    timeout: float,
    max_bytes: int,
    fetch_images: bool,
) -> None:
    # lxml and the validator load here so that `publisher --help` stays fast.
    from publisher.validate import (
        ValidationReport,
        rule_catalog,
        validate_path,
        validate_url_or_page,
    )
    from publisher.validate import report as fmt

    if list_rules:
        for line in fmt.rules_lines(rule_catalog()):
            click.echo(line)
        return
    if not targets:
        raise click.UsageError("give at least one file, folder or URL (or --rules)")
    reports: list[ValidationReport] = []
    unreadable: list[fmt.Unreadable] = []
    for target in targets:
        try:
            if target.lower().startswith(("http://", "https://")):
                reports.extend(
                    validate_url_or_page(
                        target, timeout=timeout, max_bytes=max_bytes, fetch_images=fetch_images
                    )
                )
            else:
                reports.extend(
                    validate_path(
                        Path(target),
                        max_bytes=max_bytes,
                        fetch_images=fetch_images,
                        timeout=timeout,
                    )
                )
        except PublisherError as exc:
            unreadable.append(fmt.Unreadable(target, exc.message))
            report_error(exc)
    if output_format == "json":
        click.echo(fmt.json_document(reports, unreadable, strict))
    elif output_format == "github":
        for line in fmt.github_lines(reports):
            click.echo(line)
        for item in unreadable:
            click.echo(f"::error title=unreadable::{item.target}: {item.message}")
        click.echo(fmt.summary_line(reports, unreadable))
    else:
        for line in fmt.text_lines(reports):
            click.echo(line)
        click.echo(fmt.summary_line(reports, unreadable))
    sys.exit(int(fmt.exit_status(reports, unreadable, strict)))
