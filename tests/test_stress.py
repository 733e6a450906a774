"""Real processes: kill -9 at random moments, and builds started together.

Marked slow; counts are bounded (PUBLISHER_STRESS_KILLS, default 50) so CI runs them too.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from tests.conftest import REPO, SITE_TOML, parse_feed

pytestmark = pytest.mark.slow
KILLS = int(os.environ.get("PUBLISHER_STRESS_KILLS", "50"))


def _write_site(root: Path, version: str, articles: int = 150) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "publisher.toml").write_text(SITE_TOML, encoding="utf-8")
    for n in range(articles):
        path = root / "content" / f"c{n % 4}" / f"a{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = f"Version {version} of article {n}.\n\n" + ("Some text. " * 200)
        path.write_text(
            f"---\ntitle: A{n}\nid: urn:x:{n}\ndate: 2026-01-{1 + n % 28:02d}T{n % 24:02d}:00:00Z\n---\n\n{body}\n",
            encoding="utf-8",
        )


def _reference(tmp: Path, version: str) -> dict[str, bytes]:
    root = tmp / f"ref-{version}"
    _write_site(root, version)
    out = root / "feeds"
    result = CliRunner().invoke(
        cli, ["build", "--config", str(root / "publisher.toml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _spawn(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "publisher", "build", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_kill_9_never_leaves_a_broken_or_mixed_feed(tmp_path):
    refs = {v: _reference(tmp_path, v) for v in ("A", "B")}
    for data in (d for ref in refs.values() for rel, d in ref.items() if rel.endswith(".xml")):
        parse_feed(data)
    root = tmp_path / "site"
    _write_site(root, "A")
    assert _spawn(root).wait(timeout=120) == 0
    rng = random.Random(20261129)
    outcomes = {"killed": 0, "finished": 0}
    for i in range(KILLS):
        _write_site(root, "B" if i % 2 == 0 else "A")
        proc = _spawn(root, "--no-cache")
        time.sleep(rng.uniform(0.0, 1.5))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            outcomes["killed"] += 1
        else:
            outcomes["finished"] += 1
        proc.wait(timeout=120)
        for rel in refs["A"]:
            current = (root / "feeds" / rel).read_bytes()
            assert current in (refs["A"][rel], refs["B"][rel]), (
                f"kill {i}: {rel} is neither old nor new"
            )
    assert outcomes["killed"] > 0, outcomes
    # The next build after all that repairs nothing and publishes the final state.
    assert _spawn(root).wait(timeout=120) == 0
    final = "B" if (KILLS - 1) % 2 == 0 else "A"
    for rel, data in refs[final].items():
        assert (root / "feeds" / rel).read_bytes() == data
    assert not list((root / "feeds").rglob("*.tmp"))


def test_kill_9_during_cached_builds_leaves_no_stale_state(tmp_path):
    """The cache database under kill -9: whatever moment a build dies at (reading,
    writing rows, committing), the next build publishes exactly the sources' state."""
    refs = {v: _reference(tmp_path, v) for v in ("A", "B", "C")}
    root = tmp_path / "site"
    _write_site(root, "A")
    assert _spawn(root).wait(timeout=120) == 0
    rng = random.Random(20261201)
    killed = 0
    for i in range(max(4, KILLS // 2)):
        version = "ABC"[i % 3]
        _write_site(root, version)
        if i % 5 == 4:  # now and then a cold build: the database made from nothing
            (root / ".publisher-cache" / "cache.sqlite").unlink(missing_ok=True)
        proc = _spawn(root)
        time.sleep(rng.uniform(0.0, 1.2))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait(timeout=120)
        after = _spawn(root)
        assert after.wait(timeout=120) == 0, after.communicate()
        for rel, data in refs[version].items():
            assert (root / "feeds" / rel).read_bytes() == data, f"kill {i}: {rel} is stale"
    assert killed > 0


@pytest.mark.parametrize("count", [2, 10])
def test_builds_started_together_exactly_one_writes(tmp_path, count):
    _write_site(tmp_path, "A", articles=60)
    procs = [_spawn(tmp_path, "-v") for _ in range(count)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    codes = [code for code, _, _ in results]
    assert set(codes) <= {0, 3}, results
    assert codes.count(0) >= 1
    writers = [out for code, out, _ in results if code == 0 and "wrote " in out]
    assert len(writers) == 1, results
    for code, _, err in results:
        if code == 3:
            assert err.startswith("error: another build is running (pid "), err
    for feed in (tmp_path / "feeds").rglob("*.xml"):
        parse_feed(feed.read_bytes(), name=str(feed))


def test_builds_started_together_with_wait_all_succeed(tmp_path):
    _write_site(tmp_path, "A", articles=60)
    procs = [_spawn(tmp_path, "-v", "--wait", "60") for _ in range(4)]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0, 0, 0, 0], results
    assert sum("wrote " in out for _, out, _ in results) == 1


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # Field 4 of /proc/PID/stat is the parent pid; the name (field 2) may hold spaces.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_killed_build_leaves_no_workers_and_no_lock(tmp_path):
    _write_site(tmp_path, "A", articles=900)  # large enough for the process pool
    proc = _spawn(tmp_path, "--no-cache")
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
        workers = _children(proc.pid)
    assert workers, "the build never started a worker pool"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    assert not alive, f"workers outlived their build: {alive}"
    assert _spawn(tmp_path).wait(timeout=120) == 0  # the lock is free again
