"""The build: the one place that sequences the stages and touches the incremental state.

sources -> articles -> feeds -> bodies -> bytes -> validate -> publish. The stages
themselves (``sources``, ``normalize``, ``plan``, ``render``, ``formats``,
``validate``, ``publish``) are plain functions over plain data; the modules of this
package add what makes a build fast: loading through the cache (``load``), rendering
only what is published (``bodies``), reusing validated bytes (``emit``), the no-op
fast path (``fastpath``) and the process pool (``pool``). Only this package knows the
cache (``cache``).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from publisher.build.cache import BuildCache, CacheStats, config_fingerprint, source_signature
from publisher.build.emit import MANIFEST, manifest, previous_feeds, serialize, site_files
from publisher.build.fastpath import (
    FastPathState,
    clear_state,
    load_state,
    output_stats,
    save_state,
    unchanged,
)
from publisher.build.pool import Progress, Workers, default_jobs
from publisher.config import Config
from publisher.enclosures import size_feed_images
from publisher.errors import Problem, ProblemsFound
from publisher.model import Article, Feed
from publisher.plan import (
    check_identity,
    check_tag_folder,
    plan_archives,
    plan_feeds,
    timeline,
    unify_categories,
)
from publisher.publish import build_lock, plan_writes, publish
from publisher.sources import Discovered, discover
from publisher.warned import untold

if TYPE_CHECKING:
    from publisher.build.load import Loaded

__all__ = ["BuildResult", "Clock", "Progress", "build"]

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did, for the CLI to report.

    Problems and ``next_due`` name sources as the user types them (relative to the
    working directory when below it); ``scheduled`` articles keep their ``source``
    relative to the content folder, as every Article does.
    """

    feeds: tuple[Feed, ...]
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    scheduled: tuple[Article, ...] = ()
    next_due: tuple[str | None, datetime] | None = None
    dry_run: bool = False
    stats: CacheStats = field(default_factory=CacheStats)
    # The problems minus warnings an earlier build already told (what cron should see).
    untold: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def build(
    config: Config,
    *,
    dry_run: bool = False,
    keep_going: bool = False,
    use_cache: bool = True,
    wait: float = 0.0,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build every feed in memory, validate it, then publish what changed.

    Raises ProblemsFound (nothing written) when any source or feed has an error,
    unless ``keep_going``, which publishes the rest and reports the errors.
    """
    with build_lock(config.cache_dir, wait=wait) as lock_fd, _collector_paused():
        now = (clock or _utc_now)()
        found, found_problems = discover(config.content_dir, generator=config.generator)
        fingerprint = config_fingerprint(config)
        signature = source_signature(fingerprint, found)
        if use_cache and not dry_run and not found_problems:
            state = load_state(config.cache_dir)
            if state is not None and unchanged(state, signature, config.output_dir, now):
                return BuildResult(
                    feeds=(),
                    written=(),
                    unchanged=tuple(sorted(state.outputs)),
                    problems=state.problems,
                    untold=untold(config.cache_dir, state.problems, remember=True),
                    next_due=(state.next_source, state.next_due) if state.next_due else None,
                    stats=CacheStats.skipped(len(found)),
                )
        clear_state(config.cache_dir)
        cache, problems = (
            BuildCache.load(config.cache_dir, fingerprint)
            if use_cache
            else (BuildCache.disabled(), [])
        )
        try:
            result = _full_build(
                config,
                cache,
                (found, found_problems),
                now=now,
                dry_run=dry_run,
                keep_going=keep_going,
                progress=progress,
                workers=Workers(default_jobs(), private_fds=(lock_fd,)),
            )
        except ProblemsFound:
            # Keep what was parsed: while one article among thousands is broken, each
            # cron run re-reads only what changed, not the whole archive.
            if not dry_run:
                cache.save(prune=False)
            raise
        if not dry_run:
            cache.save()
        if not dry_run and use_cache and not result.errors:
            outputs = output_stats(config.output_dir, (*result.written, *result.unchanged))
            due = result.next_due
            save_state(
                config.cache_dir,
                FastPathState(
                    signature, outputs, result.problems,
                    next_due=due[1] if due else None, next_source=due[0] if due else None,
                ),
            )  # fmt: skip
    problems = [*problems, *result.problems]
    fresh = untold(config.cache_dir, problems, remember=not dry_run) if use_cache else problems
    return replace(result, problems=tuple(problems), untold=tuple(fresh))


def _full_build(
    config: Config,
    cache: BuildCache,
    discovered: tuple[list[Discovered], list[Problem]],
    *,
    now: datetime,
    dry_run: bool,
    keep_going: bool,
    progress: Progress | None,
    workers: Workers,
) -> BuildResult:
    # Sources and their problems are named relative to the content folder inside the
    # build; they are shown as the user types them (relative to where they stand) on
    # the way out, so nothing cached depends on the working directory.
    # Imported here, not at the top: a no-op build (the fast path) never needs the
    # readers, Markdown or the pool's loading code (60 ms of a 0.18 s no-op).
    from publisher.build.bodies import misplaced_link_problems
    from publisher.build.load import load_articles, shown_path

    show = partial(shown_path, config)
    loaded, problems = load_articles(
        config, cache, discovered, now=now, workers=workers, progress=progress
    )
    articles = unify_categories([item.article for item in loaded])
    problems += check_identity(articles, show=show)
    problems += check_tag_folder(articles, config)
    if any(p.is_error for p in problems) and not keep_going:
        raise ProblemsFound(_shown(problems, show))
    when = timeline(articles, now, exclude={p.path for p in problems if p.is_error})
    problems += when.problems

    by_id = {item.article.id: item for item in loaded}
    try:
        current, everything = _plan_and_complete(
            when.live, by_id, config, cache, problems, keep_going=keep_going, workers=workers,
            progress=progress,
        )  # fmt: skip
    except ProblemsFound as exc:
        raise ProblemsFound(_shown(exc.problems, show)) from None
    problems += misplaced_link_problems(everything, articles, config)
    problems = _shown(problems, show)
    everything, feed_image_problems = size_feed_images(everything, config)
    problems += feed_image_problems  # named by their path in the site, not a source
    feeds = everything[:current]  # the subscription feeds; archive pages follow them
    files, feed_problems = serialize(everything, cache, workers)
    files.update(site_files(feeds, config))
    files[MANIFEST] = manifest(files, feeds)
    problems += feed_problems
    if any(p.is_error for p in feed_problems):
        raise ProblemsFound(problems)
    outcome = (
        plan_writes(config.output_dir, files) if dry_run else publish(config.output_dir, files)
    )
    if config.hub and not dry_run:
        from publisher.websub import changed_feed_urls, notify_hub

        problems += notify_hub(config.hub, changed_feed_urls(feeds, outcome.written))
    return BuildResult(
        feeds=tuple(feeds),
        written=outcome.written,
        unchanged=outcome.unchanged,
        problems=tuple(problems),
        scheduled=when.scheduled,
        next_due=(show(when.next_due[0]), when.next_due[1]) if when.next_due else None,
        dry_run=dry_run,
        stats=cache.stats,
    )


def _plan_and_complete(
    live: list[Article],
    by_id: dict[str, Loaded],
    config: Config,
    cache: BuildCache,
    problems: list[Problem],
    *,
    keep_going: bool,
    workers: Workers,
    progress: Progress | None,
) -> tuple[int, list[Feed]]:
    """Plan the feeds and complete their items (content, summary, enclosure): (how many
    are subscription feeds, all of them). Archive pages follow the subscription feeds.

    A body that fails to render is its file's error: the build stops, or with
    ``keep_going`` the article is left out and the feeds are planned again.
    """
    from publisher.build.bodies import complete_feeds

    previous = previous_feeds(config.output_dir)
    while True:
        feeds = plan_feeds(live, config, previous=previous)
        pages: list[Feed] = []
        if config.archive:
            feeds, pages = plan_archives(feeds, live, config)
        everything, failed, warnings = complete_feeds(
            feeds + pages, by_id, config, cache, workers=workers, progress=progress
        )
        if not failed:
            problems += warnings
            return len(feeds), everything
        problems += failed.values()
        if not keep_going:
            raise ProblemsFound(problems)
        live = [a for a in live if a.id not in failed]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for one build (the pool's workers turn it back on).

    A build holds one long-lived object per source (the cache's entries, the articles);
    each full collection rescanned all of them for nothing, about 1 s of a 4.7 s edit at
    100,000 articles. The build makes little cyclic garbage, which waits for the next
    collection after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What the build made joins the oldest generation without a scan: left in the
        # youngest, the first collection after enable() would scan it all (0.4 s).
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _shown(problems: Iterable[Problem], show: Callable[[str], str]) -> list[Problem]:
    """Source problems with their paths as the user types them."""
    return [replace(p, path=show(p.path)) for p in problems]


def _utc_now() -> datetime:
    return datetime.now(UTC)
