"""Work shared with forked children for a moment: no pool, no queues, no thread.

For a few heavy shares of work (an edit's feeds, the listing's stats): each child
inherits everything already imported and loaded, does its share, sends the pickled
result back through a pipe and leaves. A child that fails leaves its share to this
process, which then raises what it raised. Imports nothing from the package.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

S = TypeVar("S")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """True where a fork is safe: a POSIX system, and no other thread in this process
    (a child would inherit whatever locks that thread holds)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def in_forks(
    work: Callable[[S], R], shares: Sequence[S], *, close_fds: Sequence[int] = ()
) -> list[R]:
    """``work`` over each share, in order: the first here, each other in a forked child
    (which first closes ``close_fds``, the parent's private descriptors). All here when
    forking is not safe."""
    if len(shares) <= 1 or not can_fork():
        return [work(share) for share in shares]
    children: list[tuple[int, int]] = []
    for share in shares[1:]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its share, sent back, then gone without cleanup
            status = 1
            try:
                os.close(read_end)
                for fd in close_fds:
                    with contextlib.suppress(OSError):
                        os.close(fd)
                view = memoryview(pickle.dumps(work(share), -1))
                while view:
                    view = view[os.write(write_end, view) :]
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        children.append((pid, read_end))
    results = [work(shares[0])]
    for (pid, read_end), share in zip(children, shares[1:], strict=True):
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        results.append(pickle.loads(data) if status == 0 else work(share))
    return results
