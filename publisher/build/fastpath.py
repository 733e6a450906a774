"""The no-op fast path: when no source, config or output changed, skip the build.

A small JSON file beside the cache records the last successful build's source
signature (``cache.source_signature``: every source's path, size and mtime, plus the
config fingerprint), the stamp of every file it published (``storage.Output.stamps``:
a file's size and mtime, an object's size, etag and date), and when the next scheduled
article falls due. A cron run that finds all of that unchanged only lists the content
folder (and stats the published files, or lists the bucket's prefix, to notice one
changed behind its back). It
keeps no warnings: they were told by the build that first saw them, and a skipped
build has nothing new to tell.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from publisher.atomic import write_atomic
from publisher.storage import Stamp

STATE_NAME = "state.json"


@dataclass(frozen=True)
class FastPathState:
    """What the last successful build left: enough to tell that a new one would do nothing."""

    signature: str
    outputs: Mapping[str, Stamp]
    next_due: datetime | None = None
    next_source: str | None = None


def unchanged(
    state: FastPathState | None,
    signature: str,
    stamps: Callable[[Iterable[str]], Mapping[str, Stamp]],
    now: datetime,
) -> bool:
    """True when a build now would publish exactly what is already there: ``stamps``
    (``storage.Output.stamps``) finds every published file as the last build left it."""
    if state is None or state.signature != signature:
        return False
    if state.next_due is not None and now >= state.next_due:
        return False
    return dict(stamps(state.outputs)) == dict(state.outputs)


def load_state(folder: Path) -> FastPathState | None:
    """The last build's state, or None if missing or unreadable (then a full build runs)."""
    try:
        raw = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
        return FastPathState(
            signature=raw["signature"],
            outputs={rel: (int(v[0]), _mark(v[1])) for rel, v in raw["outputs"].items()},
            next_due=datetime.fromisoformat(raw["next_due"]) if raw["next_due"] else None,
            next_source=raw["next_source"],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def _mark(value: object) -> int | str:
    """A stamp's second half: a file's mtime_ns, or an object's etag and date."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return int(value)
    raise TypeError(value)


def save_state(folder: Path, state: FastPathState) -> None:
    """Write the state atomically; failing to is harmless (the next build is a full one)."""
    data = {
        "signature": state.signature,
        "outputs": {rel: list(v) for rel, v in sorted(state.outputs.items())},
        "next_due": state.next_due.isoformat() if state.next_due else None,
        "next_source": state.next_source,
    }
    with contextlib.suppress(OSError):  # harmless: the next build is a full one
        write_atomic(folder / STATE_NAME, json.dumps(data).encode("utf-8"))


def clear_state(folder: Path) -> None:
    """Forget the fast path (after a failed or partial build)."""
    (folder / STATE_NAME).unlink(missing_ok=True)
