"""Run the W3C Feed Validation Service locally on files and collect its verdicts.

Used by the bench scripts that score ``publisher validate`` against the W3C
validator. The W3C code runs in its own interpreter (a virtualenv with
``html5lib``, ``rdflib`` and ``lxml``, default ``~/oracle/venv/bin/python``) from a
checkout of github.com/w3c/feedvalidator (default ``~/oracle/feedvalidator``);
nothing of it is imported here. Each file gets the class names of the W3C
messages it raised, split into errors (the feed is invalid), warnings and infos.
A self link that does not match the location is not reported: files have none.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CHECKOUT = Path(os.path.expanduser("~/oracle/feedvalidator"))
DEFAULT_PYTHON = os.path.expanduser("~/oracle/venv/bin/python")

# Runs inside the oracle's interpreter: reads a list of file names (one a line),
# writes one JSON line per file.
_RUNNER = r"""
import json, sys
sys.path.insert(0, sys.argv[1] + "/src")
import feedvalidator
from feedvalidator import logging as log
names = open(sys.argv[2], encoding="utf-8").read().splitlines()
output = open(sys.argv[3], "w", encoding="utf-8")
for name in names:
    out = {"file": name, "errors": [], "warnings": [], "infos": []}
    try:
        with open(name, "rb") as stream:
            events = feedvalidator.validateStream(stream, firstOccurrenceOnly=1)["loggedEvents"]
    except log.ValidationFailure as failure:
        events = [failure.event]
    except Exception as exc:  # the oracle's own crash: recorded, never hidden
        events = []
        out["crash"] = type(exc).__name__ + ": " + str(exc)[:200]
    for event in events:
        if isinstance(event, log.SelfDoesntMatchLocation):
            continue
        key = ("errors" if isinstance(event, log.Error)
               else "warnings" if isinstance(event, log.Warning) else "infos")
        out[key].append(type(event).__name__)
    output.write(json.dumps(out) + "\n")
output.close()
"""


@dataclass(frozen=True)
class Verdict:
    """What the W3C validator said about one file: message class names by severity."""

    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    infos: tuple[str, ...] = ()
    crash: str | None = None

    @property
    def valid(self) -> bool:
        """The W3C calls a feed valid when it raised no error."""
        return not self.errors and self.crash is None


def _chunks(files: list[Path], jobs: int) -> list[list[Path]]:
    return [files[i::jobs] for i in range(jobs)] if files else []


def run(
    files: Iterable[Path],
    checkout: Path = DEFAULT_CHECKOUT,
    python: str = DEFAULT_PYTHON,
    jobs: int = 1,
) -> Iterator[tuple[Path, Verdict]]:
    """Yield (file, verdict) for every file, from ``jobs`` niced processes."""
    todo = list(files)
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for n, chunk in enumerate(_chunks(todo, max(1, jobs))):
            names, results = Path(tmp, f"names{n}"), Path(tmp, f"results{n}")
            names.write_text("".join(f"{path}\n" for path in chunk), "utf-8")
            command = ["nice", python, "-c", _RUNNER, str(checkout), str(names), str(results)]
            procs.append((subprocess.Popen(command), results))
        for proc, results in procs:
            if proc.wait() != 0:
                raise RuntimeError(f"the W3C validator's runner exited with {proc.returncode}")
            for line in results.read_text("utf-8").splitlines():
                record = json.loads(line)
                yield (
                    Path(record["file"]),
                    Verdict(
                        tuple(record["errors"]),
                        tuple(record["warnings"]),
                        tuple(record["infos"]),
                        record.get("crash"),
                    ),
                )
