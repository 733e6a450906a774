"""Style and types are part of the suite: ruff (lint + format) and mypy must be clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TARGETS = ["publisher", "tests", "bench"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff not installed")
def test_ruff_check():
    result = _run("ruff", "check", *TARGETS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff not installed")
def test_ruff_format():
    result = _run("ruff", "format", "--check", *TARGETS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_on_the_package():
    pytest.importorskip("mypy")
    result = _run(sys.executable, "-m", "mypy", "publisher")
    assert result.returncode == 0, result.stdout + result.stderr
