#!/usr/bin/env python3
"""What today's newest releases of publisher's dependencies would change, before the lock moves.

    python3 .ci/upgrade.py [--no-tests]

Makes a bare venv in a temporary folder, installs the checkout with its test extra at the
newest releases on the package index (the lock is not used), and reports:

- every release that differs from requirements/lock.txt;
- the test suite's verdict against them (the tests that fail, by name);
- the bundled feeds rebuilt from content/ with them, compared byte for byte with feeds/.

Exit status 0 when nothing changes (the lock can move with `bash .ci/lock --upgrade` and no
other edit), 1 when a test fails or a feed's bytes change (say why in the commit that moves
the lock, regenerating goldens and feeds/ with it; see CONTRIBUTING.md), 2 when the check
itself could not run. Standard library only: it runs on a machine with nothing but Python.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements" / "lock.txt"
# The suite checks that it runs in exactly the lock; this check's point is not to.
LOCK_TEST = "tests/test_lock.py::test_the_environment_is_exactly_the_lock"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked(*, unconditional: bool = False) -> dict[str, set[str]]:
    """Canonical name -> its pinned versions (one per Python range where a release dropped
    an old Python); ``unconditional``: only entries without an environment marker."""
    pins: dict[str, set[str]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)\s*(;)?", line)
        if match and not (unconditional and match.group(3)):
            pins.setdefault(_canonical(match.group(1)), set()).add(match.group(2))
    return pins


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, text=True, capture_output=True, **kwargs)  # type: ignore[call-overload]


def _install_newest(venv: Path) -> dict[str, str]:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--upgrade"]
    for args in (["setuptools"], [f"{REPO}[test]"]):
        done = _run([*pip, *args])
        if done.returncode:
            raise SystemExit(f"upgrade: pip install {' '.join(args)} failed:\n{done.stderr}")
    listed = _run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=json"])
    return {_canonical(d["name"]): d["version"] for d in json.loads(listed.stdout)}


def _report_releases(installed: dict[str, str]) -> None:
    locked = _locked()
    changed = [
        (name, " or ".join(sorted(locked.get(name, {"(not locked)"}))), version)
        for name, version in sorted(installed.items())
        if name not in {"pip", "publisher"} and version not in locked.get(name, set())
    ]
    gone = sorted(set(_locked(unconditional=True)) - set(installed))
    print(f"releases that differ from requirements/lock.txt: {len(changed)}")
    width = max((len(name) for name, _, _ in changed), default=0)
    for name, old, new in changed:
        print(f"  {name:<{width}}  {old} -> {new}")
    for name in gone:
        print(f"  {name:<{width}}  {' or '.join(sorted(locked[name]))} -> (no longer installed)")


def _run_suite(venv: Path, work: Path) -> list[str]:
    junit = work / "junit.xml"
    done = _run(
        [
            str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
            f"--junitxml={junit}", f"--deselect={LOCK_TEST}",
        ],
        cwd=REPO,
    )  # fmt: skip
    if not junit.exists():
        raise SystemExit(f"upgrade: the test suite did not run:\n{done.stdout[-2000:]}")
    failed = []
    for case in ET.parse(junit).iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            module = case.get("classname", "").replace(".", "/")
            failed.append(f"{module}.py::{case.get('name')}")
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "no output"
    print(f"test suite: {summary}")
    for name in failed:
        print(f"  FAILED {name}")
    return failed


def _first_difference(old: bytes, new: bytes) -> int:
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), 1):
        if a != b:
            return number
    return min(old.count(b"\n"), new.count(b"\n")) + 1


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def _rebuild_feeds(venv: Path, work: Path) -> list[str]:
    out = work / "feeds"
    done = _run(
        [
            str(venv / "bin" / "publisher"), "build", "--config", str(REPO / "publisher.toml"),
            "--out", str(out), "--cache-dir", str(work / "cache"),
        ],
        cwd=REPO,
    )  # fmt: skip
    if done.returncode:
        print(f"bundled feeds: the build failed (exit {done.returncode}):")
        print("  " + "\n  ".join(done.stderr.strip().splitlines()[:20]))
        return ["(build failed)"]
    committed = _files(REPO / "feeds")
    built = _files(out)
    changed = []
    for rel in sorted(set(committed) | set(built)):
        old, new = committed.get(rel), built.get(rel)
        if old is None or new is None:
            changed.append(f"feeds/{rel}: {'new file' if old is None else 'no longer built'}")
            continue
        a, b = old.read_bytes(), new.read_bytes()
        if a != b:
            line = _first_difference(a, b)
            sizes = f"{len(a):,} -> {len(b):,} bytes"
            changed.append(f"feeds/{rel}: {sizes}, first change on line {line}")
    print(f"bundled feeds rebuilt from content/: {len(changed)} of {len(built)} files change")
    for line in changed:
        print(f"  {line}")
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-tests", action="store_true", help="only the releases and feeds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="publisher-upgrade-") as temporary:
        work = Path(temporary)
        print("installing the checkout with today's newest releases ...", flush=True)
        installed = _install_newest(work / "venv")
        _report_releases(installed)
        failed = [] if args.no_tests else _run_suite(work / "venv", work)
        changed = _rebuild_feeds(work / "venv", work)
    if failed or changed:
        print(
            "\nsomething changes: move the lock in a commit of its own "
            "(`bash .ci/lock --upgrade`), fix or regenerate what changed "
            "(`python -m pytest --update-goldens`, `publisher build`) and say why in that commit"
        )
        return 1
    print("\nnothing changes: `bash .ci/lock --upgrade` can move the lock as it is")
    return 0


if __name__ == "__main__":
    sys.exit(main())
