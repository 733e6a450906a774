"""The README is what a new user follows: its Quick start must be what CI runs, and its
exit codes are the ones the CLI uses."""

from __future__ import annotations

import re
from pathlib import Path

from publisher.errors import ExitStatus

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_is_two_commands_in_a_virtual_environment() -> None:
    commands = _quick_start_commands()
    assert len(commands) == 2, commands
    for command in commands:
        assert "\n" not in command, f"one command, one line: {command!r}"
        # System pip refuses to install on stock Debian and Ubuntu (PEP 668): use a venv.
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install "), command
        # Installs are reproducible: the build backend first, then everything, from the lock.
        assert command.count("-c requirements/lock.txt") == 2, command
        assert "--no-build-isolation" in command, command
    assert commands[0].endswith(".venv/bin/publisher build")
    assert commands[1].endswith(".venv/bin/python -m pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _quick_start_commands()[1] in ci_lines


def test_the_venv_is_ignored_by_git() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".venv/" in ignored


def test_no_link_points_outside_the_repository() -> None:
    docs = REPO / "docs"
    pages = [p for p in docs.rglob("*.md") if "_build" not in p.relative_to(docs).parts]
    assert len(pages) > 10, "the docs pages were not found"
    for path in [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted(pages)]:
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue  # web links and anchors
            resolved = (path.parent / target.split("#")[0]).resolve()
            assert resolved.is_relative_to(REPO), (
                f"{path.name} links outside the repository: {target}"
            )
            assert resolved.exists(), f"{path.name} links to a missing file: {target}"
        assert "../shared" not in text, f"{path.name} mentions a folder outside the repository"


def test_the_exit_codes_table_is_the_clis() -> None:
    section = README.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    codes = [int(code) for code in re.findall(r"^\| (\d+) \|", section, re.M)]
    assert codes == sorted(int(status) for status in ExitStatus)
