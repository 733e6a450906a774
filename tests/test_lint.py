"""Style and types are part of the suite: ruff (lint + format) and mypy must be clean.

The linters are declared (pinned) in the ``test`` extra, so a missing one is a failure,
not a skip: a suite that silently skips them proves nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TARGETS = ["publisher", "tests", "bench", "docs", ".ci"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # Through this interpreter, so the linters of the environment running the suite are used
    # whether or not its bin/ folder is on PATH.
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_check():
    result = _run("ruff", "check", *TARGETS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = _run("ruff", "format", "--check", *TARGETS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_on_the_package():
    result = _run("mypy", "publisher")
    assert result.returncode == 0, result.stdout + result.stderr
