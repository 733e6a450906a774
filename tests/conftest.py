"""Shared fixtures: a throwaway site, a CLI runner, and a feed checker."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner, Result

from publisher.cli import cli
from publisher.validate import validate_bytes

REPO = Path(__file__).resolve().parent.parent

SITE_TOML = """\
title = "Test Site"
description = "A site for tests."
base_url = "https://site.example"
language = "en"
timezone = "Europe/Berlin"

[author]
name = "Desk"
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help=(
            "Rewrite every expectation from current output: tests/cases/*/expected and "
            "tests/scraped/*.expected.md (then review the diff)."
        ),
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite expectations (the one switch for all)."""
    return bool(request.config.getoption("--update-goldens"))


class Site:
    """A site folder in tmp_path: publisher.toml, content/, and helpers to run the CLI."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch):
        self.root = root
        self.content = root / "content"
        self.out = root / "feeds"
        self.content.mkdir()
        (root / "publisher.toml").write_text(SITE_TOML, encoding="utf-8")
        monkeypatch.chdir(root)

    def config(self, text: str) -> None:
        (self.root / "publisher.toml").write_text(textwrap.dedent(text), encoding="utf-8")

    def article(
        self, rel: str, fields: Mapping[str, object] | str, body: str = "Body text."
    ) -> Path:
        """Write a Markdown source; ``fields`` is YAML text or a mapping."""
        if isinstance(fields, str):
            front = textwrap.dedent(fields).strip("\n")
        else:
            import yaml

            front = yaml.safe_dump(dict(fields), allow_unicode=True, sort_keys=False).strip()
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}\n---\n\n{textwrap.dedent(body).strip()}\n", "utf-8")
        return path

    def run(self, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    def build(self, *args: str) -> Result:
        result = self.run("build", *args)
        assert result.exit_code == 0, result.output
        return result

    def feed(self, slug: str, name: str) -> bytes:
        return (self.out / slug / name).read_bytes()

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.out).as_posix(): p.read_bytes()
            for p in sorted(self.out.rglob("*"))
            if p.is_file()
        }


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    return Site(tmp_path, monkeypatch)


def parse_feed(
    data: bytes, *, name: str = "feed", self_url: str | None = None
) -> feedparser.FeedParserDict:
    """Parse with a real client and validate with ours; fail on any error or bozo."""
    parsed = feedparser.parse(data)
    assert not parsed.bozo, f"{name}: feedparser bozo: {parsed.get('bozo_exception')}"
    report = validate_bytes(data, name=name, self_url=self_url)
    problems = [
        str(p) for p in report.problems if p.severity.value in ("error", "warning", "platform")
    ]
    assert not problems, f"{name}: validator findings:\n" + "\n".join(problems)
    return parsed


@pytest.fixture
def check_feed() -> Callable[..., feedparser.FeedParserDict]:
    return parse_feed
