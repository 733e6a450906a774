"""The process pool: per-source work spread over worker processes, results in order.

Cold builds of large archives are bound by parsing and Markdown, which are pure per
file; on a machine with more than one core they are spread over a process pool once
the batch is big enough to pay for starting it (the callers decide when). Nothing
here knows what the work is: this module imports nothing from the rest of the package
but the neutral ``forked``.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from publisher.forked import cores, in_forks

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

MAX_JOBS = 4
MAX_CHUNK = 128
# Chunks sent to each worker ahead of the results taken: enough to keep it busy.
CHUNKS_AHEAD = 4
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

T = TypeVar("T")
R = TypeVar("R")
# Called with (stage, done, total) as work completes; the CLI shows it on a terminal.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Workers:
    """How work may be spread: how many processes, and which of the parent's file
    descriptors a worker must close (the build lock: a forked worker that kept it
    would hold the lock after its parent was killed)."""

    processes: int = 1
    private_fds: tuple[int, ...] = ()

    def serial(self) -> Workers:
        """The same, in this process (for batches too small to pay for a pool)."""
        return Workers(1, self.private_fds)


def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on, at most MAX_JOBS."""
    return max(1, min(cores(), MAX_JOBS))


def map_in_order(
    work: Callable[[T], R],
    jobs: Iterable[T],
    workers: Workers,
    tick: Callable[[int, int], None] | None = None,
    *,
    total: int | None = None,
) -> Iterator[R]:
    """``work`` over ``jobs``, yielded in the jobs' order as they complete.

    A generator, so the caller can keep what it needs of each result and drop the rest
    before the next arrives; ``jobs`` may be a generator too (give ``total``), taken a
    few chunks ahead of the results, so neither the jobs nor the results of a large
    batch are ever all in memory at once.
    """
    count = len(jobs) if total is None else total  # type: ignore[arg-type]
    if workers.processes <= 1 or count <= 1:
        yield from _ticking((work(job) for job in jobs), count, tick)
        return
    # Imported only for a pool: an edit has none, and these are 15 ms of its imports.
    from concurrent.futures import ProcessPoolExecutor

    # Results come back a chunk at a time and wait until the caller takes them in order:
    # small chunks keep that short, so memory stays flat however long the batch.
    chunk = max(1, min(MAX_CHUNK, count // (workers.processes * 8)))
    # What the workers inherit stays out of the garbage collector's reach while they run:
    # a collection in a worker would touch (and so copy) every page those objects sit on.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers.processes,
            initializer=_start_worker,
            initargs=(workers.private_fds, os.getpid()),
        ) as pool:
            batches = _batched(iter(jobs), chunk)
            ahead = workers.processes * CHUNKS_AHEAD
            pending = deque(pool.submit(_run, work, b) for b in itertools.islice(batches, ahead))
            yield from _ticking(_in_order(pending, batches, pool, work), count, tick)
    finally:
        gc.unfreeze()


def _in_order(
    pending: deque[Future[list[R]]],
    batches: Iterator[list[T]],
    pool: ProcessPoolExecutor,
    work: Callable[[T], R],
) -> Iterator[R]:
    """Each chunk's results in turn, sending the next chunk as one comes back."""
    while pending:
        done = pending.popleft().result()
        following = next(batches, None)
        if following is not None:
            pending.append(pool.submit(_run, work, following))
        yield from done


def _batched(jobs: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(itertools.islice(jobs, size)):
        yield batch


def _run(work: Callable[[T], R], batch: list[T]) -> list[R]:
    return [work(job) for job in batch]


def map_forked(work: Callable[[T], R], jobs: Sequence[T], workers: Workers) -> list[R]:
    """``work`` over a few heavy jobs, in order, shared with forked children beside this
    process (``forked.in_forks``): for batches too small to pay for a pool, whose
    workers start, and are fed, through queues and a thread."""
    processes = min(workers.processes, len(jobs))
    if processes <= 1:
        return [work(job) for job in jobs]
    size = -(-len(jobs) // processes)
    slices = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    done = in_forks(lambda part: [work(job) for job in part], slices, close_fds=workers.private_fds)
    return [result for part in done for result in part]


def _start_worker(private_fds: tuple[int, ...], parent: int) -> None:
    """In a fresh worker: drop the parent's private descriptors; die with the parent;
    collect garbage again (the parent pauses its collector while it builds)."""
    import ctypes

    gc.enable()
    for fd in private_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    # A build killed with SIGKILL cannot stop its pool; without this its workers would
    # linger, waiting for work that never comes.
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _ticking(
    stream: Iterator[R], total: int, tick: Callable[[int, int], None] | None
) -> Iterator[R]:
    for done, result in enumerate(stream, start=1):
        if tick:
            tick(done, total)
        yield result
