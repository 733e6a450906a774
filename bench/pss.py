"""Peak memory of a whole process tree: summed proportional set size, sampled while it runs.

RSS double-counts pages that a forked pool's workers share with their parent (the
interpreter, imported modules), so the sum of the tree's RSS overstates what the build
costs the machine, and the parent's RSS alone understates it. PSS splits each shared
page between the processes sharing it, so the tree's summed PSS is what it really takes.
Linux only (``/proc/<pid>/smaps_rollup``, kernel 4.14 and later).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def _pss_kib(pid: int) -> int:
    """The process's PSS in KiB, or 0 once it is gone (or never readable)."""
    try:
        with open(PROC / str(pid) / "smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    """Direct children of every thread of ``pid`` (needs CONFIG_PROC_CHILDREN)."""
    found: list[int] = []
    try:
        tasks = os.listdir(PROC / str(pid) / "task")
    except OSError:
        return found
    for tid in tasks:
        try:
            text = (PROC / str(pid) / "task" / tid / "children").read_text()
        except OSError:
            continue
        found += [int(c) for c in text.split()]
    return found


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants alive now."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += _children(current)
    return out


@dataclass(slots=True)
class PeakPss:
    """Peaks seen so far, in KiB: the whole tree summed, and the root process alone."""

    tree_kib: int = 0
    main_kib: int = 0
    samples: int = 0


class TreeSampler:
    """Samples a process tree's PSS in a thread until ``stop()``; read ``peak`` afterwards.

    Reading smaps_rollup costs the kernel a page-table walk per process, so the interval is
    a trade-off: 20 ms misses only peaks shorter than that. The walk grows with the
    processes' memory (a few ms each at a million articles), so the wait after a sample
    is at least ``BUDGET`` times what the sample took: the sampler never takes more than
    about 5% of one core from the build it measures.
    """

    BUDGET = 19

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = PeakPss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        pids = tree(self.pid)
        main = _pss_kib(self.pid)
        total = main + sum(_pss_kib(p) for p in pids[1:])
        self.peak.tree_kib = max(self.peak.tree_kib, total)
        self.peak.main_kib = max(self.peak.main_kib, main)
        self.peak.samples += 1

    def _run(self) -> None:
        while True:
            start = time.perf_counter()
            self.sample()
            took = time.perf_counter() - start
            if self._stop.wait(max(self.interval, self.BUDGET * took)):
                return
