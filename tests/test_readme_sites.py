"""The README's "Starting your own site" and the "Coming from …" pages' commands work as
written.

The Coming-from pages (docs/migrating/<name>.md) name the old feed by its URL; here it
is the feed the generator published for the test site (tests/sites/<name>/old-feed.xml).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(heading: str, block: int = 0) -> list[list[str]]:
    section = README.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return _blocks(section, heading, block)


def _blocks(section: str, where: str, block: int) -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    assert len(blocks) > block, f"no commands under {where!r}"
    return [shlex.split(line, comments=True) for line in blocks[block].splitlines()]


def _page_commands(name: str) -> list[list[str]]:
    """The first commands on docs/migrating/<name>.md, before its first subsection."""
    page = (REPO / "docs" / "migrating" / f"{name}.md").read_text(encoding="utf-8")
    assert page.startswith(f"# Coming from {name.capitalize()}\n"), page[:40]
    return _blocks(page.split("\n## ", 1)[0], f"docs/migrating/{name}.md", 0)


def _run(commands: list[list[str]], monkeypatch: pytest.MonkeyPatch, old_feed: str = "") -> None:
    for words in commands:
        if words[0] == "cd":
            monkeypatch.chdir(words[1])
            continue
        assert words[0] == "publisher", words
        if words[1] == "serve":
            continue  # the preview runs until Ctrl+C (tests/test_preview.py tries it)
        args = [old_feed if w.startswith("https://example.org/") else w for w in words[1:]]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, f"{words}: {result.output}"


def test_starting_your_own_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _run(_commands("Starting your own site"), monkeypatch)
    (draft,) = (tmp_path / "mysite" / "content").rglob("*.md")
    # "Write the article, delete its `draft: true` line, and publish":
    draft.write_text(draft.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    _run(_commands("Starting your own site", block=1), monkeypatch)
    assert (tmp_path / "mysite" / "feeds" / "notes" / "rss.xml").is_file()


@pytest.mark.parametrize("name", ["Hugo", "Jekyll", "Pelican"])
def test_coming_from(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / name
    shutil.copytree(REPO / "tests" / "sites" / name.lower(), root)
    monkeypatch.chdir(root)
    _run(_page_commands(name.lower()), monkeypatch, old_feed="old-feed.xml")
    assert (root / "feeds" / "all" / "atom.xml").is_file()
