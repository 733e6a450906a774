"""The command line itself: help, version, `python -m`, `publisher new`."""

from __future__ import annotations

import subprocess
import sys

import yaml
from click.testing import CliRunner
from lxml import etree

from publisher import __version__
from publisher.cli import cli


def test_version_and_help(site):
    assert site.run("--version").output == f"publisher, version {__version__}\n"
    result = site.run("--help")
    assert result.exit_code == 0
    assert {"build", "new", "validate", "import", "serve"} <= set(cli.commands)
    # The help's own command list, not the docstring's examples, names every command.
    listed = result.output.split("\nCommands:\n", 1)[1].splitlines()
    assert {line.split()[0] for line in listed if line.strip()} == set(cli.commands)
    # The help says what the tool makes, all of it.
    for made in ("RSS 2.0", "Atom 1.0", "JSON Feed", "OPML", "HTML index"):
        assert made in " ".join(result.output.split()), made


def test_command_summaries_are_not_cut_off():
    # click shortens a summary that does not fit an 80-column terminal with "...".
    result = CliRunner().invoke(cli, ["--help"], terminal_width=80)
    listing = result.output.split("Commands:", 1)[1]
    for line in listing.splitlines():
        assert not line.rstrip().endswith("..."), line
    assert len(listing.strip().splitlines()) == len(cli.commands)


def test_every_command_has_help_with_an_example(site):
    for name in cli.commands:
        result = site.run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, name


def test_python_dash_m_works_and_help_imports_nothing_heavy():
    code = (
        "import sys; from publisher.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('feedgen', 'lxml', 'markdown', 'nh3') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "publisher", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and __version__ in out.stdout


def test_usage_errors_exit_2(site):
    assert site.run("build", "--nope").exit_code == 2
    assert site.run("nope").exit_code == 2


def test_new_pins_id_and_date_and_refuses_to_overwrite(site):
    result = site.run("new", "Chip plant opens in Zürich", "--category", "Technology",
                      "--date", "2026-04-02T09:00:00+02:00")  # fmt: skip
    assert result.exit_code == 0, result.output
    path = site.content / "technology" / "chip-plant-opens-in-zurich.md"
    assert result.output == f"{path}\n"
    front = yaml.safe_load(path.read_text("utf-8").split("---")[1])
    assert front["id"] == "tag:site.example,2026-04-02:chip-plant-opens-in-zurich"
    assert front["title"] == "Chip plant opens in Zürich"
    assert front["category"] == "Technology"
    again = site.run("new", "Chip plant opens in Zürich", "--category", "Technology")
    assert again.exit_code == 1
    assert again.stderr == f"error: {path}: already exists (use --force to overwrite)\n"

    # Renaming the file keeps the item's id: it was pinned at birth. Publishing the
    # draft is deleting its `draft: true` line.
    assert front["draft"] is True
    path.rename(path.with_name("renamed.md"))
    renamed = path.with_name("renamed.md")
    renamed.write_text(renamed.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    site.build()
    root = etree.fromstring(site.feed("technology", "rss.xml"))
    assert root.findtext("channel/item/guid") == front["id"]


def test_new_without_date_uses_now_and_builds_clean(site):
    result = site.run("new", "Quick note", "-c", "World")
    assert result.exit_code == 0
    assert site.run("build").exit_code == 0


def test_an_edit_without_a_generator_imports_no_generator_machinery(site):
    """An edit of a site with no generator (and CommonMark) never makes the generators'
    dataclasses nor kramdown's syntax plugin: their modules stay unimported (~5 ms of
    every edit; generators/files.py, render/commonmark.py); nor PyYAML, for plain front
    matter (~10 ms; sources/plainyaml.py); nor Jekyll's Liquid engine."""
    site.config(
        """\
        title = "Site"
        base_url = "https://site.example"
        markdown = "commonmark"
        """
    )
    path = site.article(
        "world/a.md", {"title": "A", "date": "2026-03-01T10:00:00+01:00", "category": "World"}
    )
    site.build()
    with path.open("a", encoding="utf-8") as f:
        f.write("\nUpdate: an edit.\n")
    code = (
        "import sys; from publisher.cli import cli\n"
        "try:\n    cli(['build'])\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "names = ('publisher.generators.base', 'publisher.render.kramdown_syntax',"
        " 'publisher.render.commonmark', 'yaml', 'liquid',"
        " 'publisher.generators.jekyll_liquid')\n"
        "print('LOADED', [m for m in names if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # The body was rendered again (commonmark imported), without the others.
    assert "LOADED ['publisher.render.commonmark']" in out.stdout, out.stdout + out.stderr
