"""The validator in other projects' CI: the pre-commit hook and the composite GitHub Action.

Both files are read as their tools read them, and the command each one runs is run
here on real feeds, the way pre-commit and the Actions runner would run it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
CORPUS = Path(__file__).parent / "validate"
BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    # The `publisher` console script of the test environment comes first on PATH.
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_pre_commit_hook_runs_publisher_validate_on_matching_files(tmp_path: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "publisher-validate"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    assert files.search("feeds/all/rss.xml") and files.search("public/index.xml")
    assert files.search("site/feed.json") and files.search("episodes.rss")
    assert not files.search("package.json") and not files.search("pom.xml")
    good = tmp_path / "rss.xml"
    good.write_bytes((CORPUS / "itunes" / "podcast-valid.xml").read_bytes())
    bad = tmp_path / "atom.xml"
    bad.write_bytes((CORPUS / "atom" / "category-no-term.xml").read_bytes())
    if shutil.which("publisher", path=_env()["PATH"]) is None:
        pytest.skip("the publisher console script is not installed")
    # pre-commit appends the staged file names to the entry.
    command = [*hook["entry"].split(), str(good), str(bad)]
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{bad}:" in done.stdout and "missing-attribute" in done.stdout
    assert f"{good}:" not in done.stdout
    clean = subprocess.run(
        [*hook["entry"].split(), str(good)], capture_output=True, text=True, env=_env()
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr


def _action() -> dict[str, object]:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    assert isinstance(action, dict)
    return action


def test_action_is_composite_and_takes_paths_and_strict() -> None:
    action = _action()
    runs = action["runs"]
    assert isinstance(runs, dict) and runs["using"] == "composite"
    inputs = action["inputs"]
    assert isinstance(inputs, dict)
    assert set(inputs) == {"paths", "strict", "python-version"}
    for step in runs["steps"]:
        # Inputs interpolated into script text would allow script injection.
        assert "${{" not in step.get("run", ""), step


def _validate_step() -> dict[str, object]:
    runs = _action()["runs"]
    assert isinstance(runs, dict)
    (step,) = [s for s in runs["steps"] if "publisher validate" in s.get("run", "")]
    assert isinstance(step, dict)
    return step


@pytest.mark.parametrize(("strict", "status"), [("false", 0), ("true", 1)])
def test_action_step_annotates_findings(tmp_path: Path, strict: str, status: int) -> None:
    if shutil.which("bash") is None or shutil.which("publisher", path=_env()["PATH"]) is None:
        pytest.skip("needs bash and the publisher console script")
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    # A feed with only a warning (an old iTunes category): passes unless strict.
    (feeds / "rss.xml").write_bytes((CORPUS / "itunes" / "category-old-list.xml").read_bytes())
    step = _validate_step()
    env = _env()
    env["PUBLISHER_VALIDATE_PATHS"] = "feeds/"
    env["PUBLISHER_VALIDATE_STRICT"] = strict
    script = str(step["run"])
    done = subprocess.run(
        ["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == status, done.stdout + done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("::warning file=feeds/rss.xml,line=")
    assert "title=itunes-obsolete-category::" in first
