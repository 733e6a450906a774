"""Per-source work that may run in worker processes: load (parse + normalize) and render.

Cold builds of large archives are bound by parsing and Markdown, which are pure per
file; on a machine with more than one core they are spread over a process pool once
the batch is big enough to pay for starting it. Small sites stay in one process.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from publisher.cache import Rendered, SourceEntry
from publisher.config import Config
from publisher.errors import Problem, Severity, SourceError
from publisher.model import Article
from publisher.normalize import expand_templates, normalize
from publisher.sources import Discovered, ReaderOptions, parse_source, read_bytes

# Below these batch sizes a pool costs more than it saves.
PARALLEL_LOADS = 400
PARALLEL_RENDERS = 60
MAX_JOBS = 4
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

T = TypeVar("T")
R = TypeVar("R")
# Called with (stage, done, total) as work completes; the CLI shows it on a terminal.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Workers:
    """How per-source work may be spread: how many processes, and which of the parent's
    file descriptors a worker must close (the build lock: a forked worker that kept it
    would hold the lock after its parent was killed)."""

    processes: int = 1
    private_fds: tuple[int, ...] = ()


def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on, at most MAX_JOBS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def shown_path(config: Config, rel: str) -> str:
    """A source's path as the user would type it: relative to where they stand if possible."""
    path = config.content_dir / rel
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_entry(
    item: Discovered, known_digest: str | None, *, config: Config, options: ReaderOptions
) -> SourceEntry | None:
    """Read, hash, parse and normalize one source; None if its bytes hash to ``known_digest``."""
    shown = shown_path(config, item.rel)
    try:
        data = read_bytes(item, max_bytes=config.max_source_bytes, shown=shown)
    except SourceError as exc:
        return SourceEntry(item.size, item.mtime_ns, "", None, (_as_problem(exc, shown),))
    digest = hashlib.sha256(data).hexdigest()
    if digest == known_digest:
        return None
    try:
        doc = parse_source(item, data, options, shown=shown)
    except SourceError as exc:
        return SourceEntry(item.size, item.mtime_ns, digest, None, (_as_problem(exc, shown),))
    article, problems = normalize(doc, config)
    if article is not None:
        article = replace(article, body="")  # bodies are read again only if published
    return SourceEntry(item.size, item.mtime_ns, digest, article, tuple(problems))


def load_entries(
    jobs: Sequence[tuple[Discovered, str | None]],
    config: Config,
    *,
    workers: Workers,
    progress: Progress | None = None,
) -> list[SourceEntry | None]:
    """``load_entry`` over many sources, in order, in a pool when the batch is large."""
    options = ReaderOptions(boilerplate_patterns=config.boilerplate_patterns)
    work = partial(_load_job, config=config, options=options)
    tick = partial(progress, "reading sources") if progress else None
    return _map(work, jobs, workers if len(jobs) >= PARALLEL_LOADS else Workers(), tick)


def _load_job(
    job: tuple[Discovered, str | None], *, config: Config, options: ReaderOptions
) -> SourceEntry | None:
    return load_entry(job[0], job[1], config=config, options=options)


def render_entries(
    jobs: Sequence[tuple[Article, Discovered]],
    config: Config,
    *,
    workers: Workers,
    progress: Progress | None = None,
) -> list[Rendered | Problem]:
    """Render each (article, its source) to HTML and a summary, in order (or its error)."""
    work = partial(_render_batch, config=config)
    batches = [jobs[i : i + 20] for i in range(0, len(jobs), 20)]
    if len(jobs) < PARALLEL_RENDERS:
        workers = Workers()
    tick = (
        (lambda done, _: progress("rendering", min(done * 20, len(jobs)), len(jobs)))
        if progress
        else None
    )
    return [done for batch in _map(work, batches, workers, tick) for done in batch]


def _render_batch(
    batch: Sequence[tuple[Article, Discovered]], *, config: Config
) -> list[Rendered | Problem]:
    from publisher.render import Renderer

    renderer = Renderer()
    options = ReaderOptions(boilerplate_patterns=config.boilerplate_patterns)
    results: list[Rendered | Problem] = []
    for article, item in batch:
        shown = shown_path(config, item.rel)
        try:
            data = read_bytes(item, max_bytes=config.max_source_bytes, shown=shown)
            body = parse_source(item, data, options, shown=shown).body
            body = expand_templates(body, config, item.rel)  # Hugo, Jekyll, Pelican syntax
            done = renderer.render(replace(article, body=body))
        except SourceError as exc:  # one bad body is that file's error, not the build's
            results.append(_as_problem(exc, shown))
            continue
        results.append(Rendered(done.content_html or "", done.summary))
    return results


def _map(
    work: Callable[[T], R],
    jobs: Sequence[T],
    workers: Workers,
    tick: Callable[[int, int], None] | None = None,
) -> list[R]:
    if workers.processes <= 1 or len(jobs) <= 1:
        return _collect((work(job) for job in jobs), len(jobs), tick)
    chunk = max(1, len(jobs) // (workers.processes * 8))
    with ProcessPoolExecutor(
        max_workers=workers.processes,
        initializer=_start_worker,
        initargs=(workers.private_fds, os.getpid()),
    ) as pool:
        return _collect(pool.map(work, jobs, chunksize=chunk), len(jobs), tick)


def _start_worker(private_fds: tuple[int, ...], parent: int) -> None:
    """In a fresh worker: drop the parent's private descriptors; die with the parent."""
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


def _collect(stream: Iterable[R], total: int, tick: Callable[[int, int], None] | None) -> list[R]:
    results: list[R] = []
    for result in stream:
        results.append(result)
        if tick:
            tick(len(results), total)
    return results


def _as_problem(exc: SourceError, shown: str) -> Problem:
    return Problem(exc.path or shown, exc.line, Severity.ERROR, "source-invalid", exc.message)
