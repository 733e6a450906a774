"""Quiet under cron: a warning is told by the build that first sees it, not on every run.

The warnings last told are kept beside the build cache; a build reports only those
not among them (errors are reported on every run until fixed). A warning that goes
away and comes back is told again.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path

from publisher.atomic import write_atomic
from publisher.errors import Problem

TOLD_NAME = "told-warnings.json"


def untold(folder: Path, problems: Sequence[Problem], *, remember: bool) -> tuple[Problem, ...]:
    """``problems`` without the warnings a previous build already told.

    With ``remember``, the current warnings are saved as told (best effort: a cache
    folder that cannot be written means warnings are told again, never lost).
    """
    path = folder / TOLD_NAME
    try:
        told = set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        told = set()
    current = sorted({str(p) for p in problems if not p.is_error})
    fresh = tuple(p for p in problems if p.is_error or str(p) not in told)
    if remember and set(current) != told:
        with contextlib.suppress(OSError):
            write_atomic(path, json.dumps(current, ensure_ascii=False).encode("utf-8"))
    return fresh
