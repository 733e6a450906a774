"""Orchestration only: sources -> articles -> feeds -> bytes -> validate -> publish."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from publisher.cache import BuildCache, CacheStats
from publisher.config import Config
from publisher.errors import Problem, ProblemsFound, Severity
from publisher.incremental import Loaded, attach_images, load_articles, render_feeds
from publisher.model import Article, Feed
from publisher.outputs import (
    MANIFEST,
    changed_feed_urls,
    manifest,
    previous_feeds,
    serialize,
    site_files,
)
from publisher.plan import (
    check_identity,
    check_tag_folder,
    plan_archives,
    plan_feeds,
    unify_categories,
)
from publisher.publish import build_lock, plan_writes, publish
from publisher.quickstate import (
    QuickState,
    clear_state,
    load_state,
    output_stats,
    save_state,
    source_signature,
    unchanged,
)
from publisher.render import misplaced_links
from publisher.sources import Discovered, discover
from publisher.sources.media import size_feed_images
from publisher.warned import untold
from publisher.websub import notify_hub
from publisher.workers import Progress, Workers, default_jobs

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did, for the CLI to report."""

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
    with build_lock(config.cache_dir, wait=wait) as lock_fd:
        now = (clock or _utc_now)()
        found, found_problems = discover(config.content_dir, generator=config.generator)
        fingerprint = _fingerprint(config)
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
                    stats=CacheStats(reused=len(found)),
                )
        clear_state(config.cache_dir)
        cache, problems = (
            BuildCache.load(config.cache_dir, fingerprint)
            if use_cache
            else (BuildCache.disabled(), [])
        )
        try:
            result = _build(
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
                QuickState(
                    signature, outputs, result.problems,
                    next_due=due[1] if due else None, next_source=due[0] if due else None,
                ),
            )  # fmt: skip
    problems = [*problems, *result.problems]
    fresh = untold(config.cache_dir, problems, remember=not dry_run) if use_cache else problems
    return replace(result, problems=tuple(problems), untold=tuple(fresh))


def _build(
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
    loaded, problems = load_articles(config, cache, discovered, workers=workers, progress=progress)
    articles = unify_categories([item.article for item in loaded])
    problems += check_identity(articles)
    problems += check_tag_folder(articles, config)
    if any(p.is_error for p in problems) and not keep_going:
        raise ProblemsFound(problems)
    bad = {p.path for p in problems if p.is_error}
    live = [a for a in articles if a.published <= now and a.source not in bad]
    live = [a for a in live if a.expires is None or a.expires > now]  # Hugo's expiryDate
    live = [_settle_updated(a, now, problems) for a in live]
    scheduled = sorted((a for a in articles if a.published > now), key=lambda a: a.published)
    due = [(a.published, a.source) for a in scheduled]
    due += [(a.updated, a.source) for a in articles if a.published <= now < a.updated]
    due += [(a.expires, a.source) for a in live if a.expires is not None]

    by_id = {item.article.id: item for item in loaded}
    current, everything = _plan_and_render(
        live, by_id, config, cache, problems, keep_going=keep_going, workers=workers,
        progress=progress,
    )  # fmt: skip
    everything, image_problems = attach_images(everything, by_id, config)
    everything, feed_image_problems = size_feed_images(everything, config)
    problems += image_problems + feed_image_problems
    feeds = everything[:current]  # the subscription feeds; archive pages follow them
    problems += _misplaced_links(everything, articles, config)
    files, feed_problems = serialize(everything, cache)
    files.update(site_files(feeds, config))
    files[MANIFEST] = manifest(files, feeds)
    problems += feed_problems
    if any(p.is_error for p in feed_problems):
        raise ProblemsFound(problems)
    outcome = (
        plan_writes(config.output_dir, files) if dry_run else publish(config.output_dir, files)
    )
    if config.hub and not dry_run:
        problems += notify_hub(config.hub, changed_feed_urls(feeds, outcome.written))
    return BuildResult(
        feeds=tuple(feeds),
        written=outcome.written,
        unchanged=outcome.unchanged,
        problems=tuple(problems),
        scheduled=tuple(scheduled),
        next_due=(min(due)[1], min(due)[0]) if due else None,
        dry_run=dry_run,
        stats=cache.stats,
    )


def _plan_and_render(
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
    """Plan and render the feeds: (how many are subscription feeds, all of them rendered).

    Archive pages come after the subscription feeds in the list.

    A body that fails to render is its file's error: the build stops, or with
    ``keep_going`` the article is left out and the feeds are planned again.
    """
    previous = previous_feeds(config.output_dir)
    while True:
        feeds = plan_feeds(live, config, previous=previous)
        pages: list[Feed] = []
        if config.archive:
            feeds, pages = plan_archives(feeds, live, config)
        everything, failed = render_feeds(
            feeds + pages, by_id, config, cache, workers=workers, progress=progress
        )
        if not failed:
            return len(feeds), everything
        problems += failed.values()
        if not keep_going:
            raise ProblemsFound(problems)
        live = [a for a in live if a.id not in failed]


def _misplaced_links(feeds: list[Feed], articles: list[Article], config: Config) -> list[Problem]:
    """Links in published bodies that point into a category folder under their own."""
    if "{category}" not in config.article_url:
        return []
    categories = {a.category_slug for a in articles}
    known = {urlsplit(a.link).path for a in articles}
    published = {a.id: a for feed in feeds for a in feed.items}
    return [
        problem
        for article in sorted(published.values(), key=lambda a: a.source)
        for problem in misplaced_links(article, categories, known, config.base_url)
    ]


def _settle_updated(article: Article, now: datetime, problems: list[Problem]) -> Article:
    """An ``updated`` still in the future is not shown until its time (readers flag it)."""
    if article.updated <= now:
        return article
    problems.append(
        Problem(
            article.source, None, Severity.WARNING, "source-updated-in-future",
            f"'updated' ({article.updated.isoformat()}) is in the future: "
            "the feeds show it from then on",
        )
    )  # fmt: skip
    return replace(article, updated=article.published)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _fingerprint(config: Config) -> str:
    """Everything besides the sources that changes what a source becomes."""
    # Shown paths are relative to the working directory, so it belongs in the key.
    return hashlib.sha256(repr((config, str(Path.cwd()))).encode()).hexdigest()
