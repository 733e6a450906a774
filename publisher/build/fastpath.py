"""The no-op fast path: when no source, config or output changed, skip the build.

A small JSON file beside the cache records the last successful build's source
signature (``cache.source_signature``: every source's path, size and mtime, plus the
config fingerprint), the stamp of every file it published (``storage.Output.stamps``:
a file's size and mtime, an object's size, etag and date), the stat of every other file
the feeds were made from (episodes' media, images, icons, logos, artwork: not sources, so
not in the signature), and when the next scheduled article falls due. A cron run that
finds all of that unchanged only lists the content folder (and stats the published
files, or lists the bucket's prefix, to notice one changed behind its back). It keeps no
warnings: they were told by the build that first saw them, and a skipped build has
nothing new to tell.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
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
    # (size, mtime_ns) of each file the feeds were made from besides the sources
    # (absolute paths): a replaced media file or image makes the next build a full one.
    inputs: Mapping[str, tuple[int, int]] = field(default_factory=dict)


def input_stats(paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of each file a build read besides the sources; (-1, -1) for one
    that is gone (so its return is noticed too)."""
    stats = {}
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            stats[path] = (-1, -1)
            continue
        stats[path] = (st.st_size, st.st_mtime_ns)
    return stats


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
    if input_stats(state.inputs) != dict(state.inputs):
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
            inputs={path: (int(v[0]), int(v[1])) for path, v in raw.get("inputs", {}).items()},
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
        "inputs": {path: list(v) for path, v in sorted(state.inputs.items())},
    }
    with contextlib.suppress(OSError):  # harmless: the next build is a full one
        write_atomic(folder / STATE_NAME, json.dumps(data).encode("utf-8"))


def clear_state(folder: Path) -> None:
    """Forget the fast path (after a failed or partial build)."""
    (folder / STATE_NAME).unlink(missing_ok=True)
