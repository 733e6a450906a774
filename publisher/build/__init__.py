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
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.build.cache import (
    CACHE_NAME,
    BuildCache,
    CacheStats,
    config_fingerprint,
    corrupt_cache_warning,
    source_signature,
)
from publisher.build.fastpath import (
    FastPathState,
    clear_state,
    input_stats,
    load_state,
    save_state,
    unchanged,
)
from publisher.config import Config
from publisher.errors import OutputError, Problem, ProblemsFound, Severity
from publisher.publish import build_lock
from publisher.sources import Listing, list_sources
from publisher.storage import Output, Stamp, open_output
from publisher.storage.local import LocalOutput

# What only a full build needs is imported by it: a no-op build (the fast path) spends
# its time listing the content folder, not importing feed writers, the pool or the
# planner.
if TYPE_CHECKING:
    from publisher.build.bodies import Bodies
    from publisher.build.pool import Progress, Workers
    from publisher.build.shortlist import Shortlist
    from publisher.model import Article, Feed
    from publisher.plan import Timeline
    from publisher.publish import PublishResult

__all__ = ["BuildResult", "Clock", "build"]

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did, for the CLI to report.

    ``problems`` is every problem that stands after this build; ``first_seen`` the ones
    to tell: every error, and the warnings this build is the first to see (from a new
    or changed source, or a changed config). A build the fast path skipped (``skipped``)
    examined nothing, so both are empty: pass ``fast_path=False`` to list what stands.

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
    first_seen: tuple[Problem, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: bool = False

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def build(
    config: Config,
    *,
    dry_run: bool = False,
    keep_going: bool = False,
    use_cache: bool = True,
    fast_path: bool = True,
    wait: float = 0.0,
    clock: Clock | None = None,
    progress: Progress | None = None,
    all_warnings: bool = True,
    with_content: bool = True,
) -> BuildResult:
    """Build every feed in memory, validate it, then publish what changed.

    Raises ProblemsFound (nothing written) when any source or feed has an error,
    unless ``keep_going``, which publishes the rest and reports the errors. Its
    ``first_seen`` holds what to tell, as ``BuildResult.first_seen`` does.

    Without ``all_warnings``, ``problems`` leaves out the standing warnings of sources
    this build did not parse (told before): what a build that lists only news needs,
    without reading every warned source's record. Without ``with_content``, the items
    of ``feeds`` carry no ``content_html``: what a build that only publishes needs,
    without reading the HTML of feeds whose files are unchanged.
    """
    output = open_output(config)
    with (
        build_lock(config.cache_dir, wait=wait) as lock_fd,
        _collector_paused(),
        closing(output),
        ExitStack() as publishing,
    ):
        now = (clock or _utc_now)()
        listing = list_sources(
            config.content_dir, generator=config.generator, rules=config.site_rules
        )
        digests = listing.digests()
        fingerprint = config_fingerprint(config)
        signature = source_signature(fingerprint, {**digests, **listing.templates_digest()})
        if fast_path and use_cache and not dry_run and not listing.problems:
            skipped = _skipped_if_unchanged(config, output, listing, signature, now)
            if skipped is not None:
                return skipped
        generated_inputs: tuple[str, ...] = ()
        if listing.templates:  # a generator's templates make sources (Hugo's adapters)
            from publisher.build.generated import with_generated

            generated = with_generated(config, listing)
            listing, generated_inputs = generated.listing, generated.inputs
            digests = listing.digests()
        # Imported only now: the fast path never needs the readers, Markdown or the
        # loading code (60 ms of a 0.18 s no-op at 10,000 articles).
        from publisher.build.load import path_shower

        show = path_shower(config)
        published = _published_stamps(config, output, use_cache=use_cache)
        clear_state(config.cache_dir)
        if not dry_run:  # other hosts' builds kept out (a folder's is the build lock)
            publishing.enter_context(output.lock(wait=wait))
        cache, cache_problems = _open_cache(
            config, fingerprint, use_cache=use_cache, dry_run=dry_run
        )
        full_build = partial(
            _full_build,
            config,
            listing=listing,
            digests=digests,
            now=now,
            dry_run=dry_run,
            keep_going=keep_going,
            progress=progress,
            workers=_workers(lock_fd),
            all_warnings=all_warnings,
            with_content=with_content,
            output=output,
            published=published,
        )
        made, cache = _run_on_cache(full_build, cache, cache_problems, config.cache_dir)
        problems, first_seen = _tell(made, cache, cache_problems, show)
        if isinstance(made, _Stopped):
            raise ProblemsFound(problems, first_seen=first_seen) from None
        if not dry_run and use_cache and not any(p.is_error for p in problems):
            _save_fast_path_state(config, output, signature, made, show, generated_inputs)
    due = made.next_due
    return BuildResult(
        feeds=made.feeds,
        written=made.written,
        unchanged=made.unchanged,
        problems=(*problems, *made.events),
        scheduled=made.scheduled,
        next_due=(show(due[0]), due[1]) if due else None,
        dry_run=dry_run,
        stats=cache.stats,
        first_seen=tuple(first_seen),
        removed=made.removed,
    )


def _skipped_if_unchanged(
    config: Config, output: Output, listing: Listing, signature: str, now: datetime
) -> BuildResult | None:
    """The fast path: the last good build's result when nothing it depends on changed
    (no source read, nothing written, nothing told), else None."""
    state = load_state(config.cache_dir)
    if state is None or not unchanged(state, signature, output.stamps, now):
        return None
    return BuildResult(
        feeds=(),
        written=(),
        unchanged=tuple(sorted(state.outputs)),
        next_due=(state.next_source, state.next_due) if state.next_due else None,
        stats=CacheStats.skipped(len(listing)),
        skipped=True,
    )


def _open_cache(
    config: Config, fingerprint: str, *, use_cache: bool, dry_run: bool
) -> tuple[BuildCache, list[Problem]]:
    """The build cache (a private one without ``use_cache``; never committed in a dry
    run) and the warnings about it."""
    cache, problems = (
        BuildCache.load(config.cache_dir, fingerprint) if use_cache else (BuildCache.disabled(), [])
    )
    cache.persist = cache.persist and not dry_run
    return cache, problems


def _run_on_cache(
    full_build: Callable[[BuildCache], _Built],
    cache: BuildCache,
    cache_problems: list[Problem],
    cache_dir: Path,
) -> tuple[_Built | _Stopped, BuildCache]:
    """``full_build`` on ``cache``, and once more on a recovered cache when the database
    fails under it (its warning added to ``cache_problems``): what it made, or what
    stopped it, with the cache it ran on. Anything else it raises closes that cache."""
    path = cache_dir / CACHE_NAME
    try:
        try:
            return full_build(cache), cache
        except sqlite3.Error as exc:
            cache, warning = _recovered(cache, exc, path)
            cache_problems.append(warning)
            try:
                return full_build(cache), cache
            except sqlite3.Error as again:
                raise OutputError(f"build cache unusable: {again}", path=str(path)) from None
    except _Stopped as stop:
        return stop, cache
    except BaseException:
        cache.close()
        raise


def _tell(
    made: _Built | _Stopped,
    cache: BuildCache,
    cache_problems: list[Problem],
    show: Callable[[str], str],
) -> tuple[list[Problem], list[Problem]]:
    """(every problem that stands, the ones to tell) after a build, shown as the user
    types paths; the warnings told are recorded, and the cache saved and closed.

    A stopped build keeps what it parsed: while one article among thousands is broken,
    each cron run re-reads only what changed, not the whole archive.
    """
    complete = isinstance(made, _Built)
    told = _Teller(cache, made.entry_problems, made.fresh)
    groups = (cache_problems, list(made.problems), list(made.feed_problems))
    problems, first_seen = told.tell(groups, show)
    if isinstance(made, _Built):
        first_seen += made.events
    told.remember(groups, complete=complete)
    cache.save(prune=complete)
    cache.close()
    return problems, first_seen


def _save_fast_path_state(
    config: Config,
    output: Output,
    signature: str,
    made: _Built,
    show: Callable[[str], str],
    generated_inputs: tuple[str, ...] = (),
) -> None:
    """What the next build's fast path compares: the sources' signature, the stat of
    every file published and of every file the feeds or the generated sources were made
    from, and when the next scheduled article falls due."""
    due = made.next_due
    outputs = output.stamps((*made.written, *made.unchanged))
    save_state(
        config.cache_dir,
        FastPathState(
            signature, outputs,
            next_due=due[1] if due else None,
            next_source=show(due[0]) if due else None,
            inputs=input_stats((*made.inputs, *generated_inputs)),
        ),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Built:
    """What ``_full_build`` made. Source problems (``problems``, ``entry_problems``,
    ``fresh``) are named relative to the content folder; feed problems by file."""

    feeds: tuple[Feed, ...]
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    problems: tuple[Problem, ...]
    feed_problems: tuple[Problem, ...]
    entry_problems: frozenset[Problem]
    fresh: frozenset[str]
    events: tuple[Problem, ...]  # about this run's actions (hub pings): always told
    scheduled: tuple[Article, ...]
    next_due: tuple[str, datetime] | None
    # The files besides the sources that the feeds were made from (media, images).
    inputs: tuple[str, ...] = ()


class _Stopped(Exception):
    """An error stopped the build before anything was published."""

    def __init__(
        self,
        problems: Iterable[Problem],
        feed_problems: Iterable[Problem] = (),
        *,
        entry_problems: frozenset[Problem],
        fresh: frozenset[str],
    ) -> None:
        super().__init__("build stopped")
        self.problems = list(problems)
        self.feed_problems = list(feed_problems)
        self.entry_problems = entry_problems
        self.fresh = fresh


class _Teller:
    """Decides which warnings are news. A source's own warnings are news when this build
    parsed it (new, changed, or the config changed, which empties the cache); any other
    warning (schedule, identity, feed rules) is news until a build has told it."""

    def __init__(
        self, cache: BuildCache, entry_problems: frozenset[Problem], fresh: frozenset[str]
    ) -> None:
        self._cache = cache
        self._entry_problems = entry_problems
        self._fresh = fresh

    def tell(
        self, groups: tuple[list[Problem], list[Problem], list[Problem]], show: Callable[[str], str]
    ) -> tuple[list[Problem], list[Problem]]:
        """(every problem, the ones to tell) from (cache, source, feed) problems; source
        paths are judged relative to the content folder and shown as the user types them."""
        before, sources, after = groups
        everything: list[Problem] = []
        news: list[Problem] = []
        for problem, shown in (
            *((p, p) for p in before),
            *(
                (p, Problem(show(p.path), p.line, p.severity, p.rule, p.message, p.column))
                for p in sources
            ),
            *((p, p) for p in after),
        ):
            everything.append(shown)
            if problem.is_error or self._is_news(problem):
                news.append(shown)
        return everything, news

    def _is_news(self, problem: Problem) -> bool:
        if problem in self._entry_problems:
            return problem.path in self._fresh
        return not self._cache.was_told(problem)

    def remember(self, groups: Iterable[list[Problem]], *, complete: bool) -> None:
        """Record the warnings told; a ``complete`` build's list replaces the old one."""
        others = [
            p for group in groups for p in group
            if not p.is_error and p not in self._entry_problems
        ]  # fmt: skip
        self._cache.remember_told(others, forget_others=complete)


def _full_build(
    config: Config,
    cache: BuildCache,
    *,
    listing: Listing,
    digests: Mapping[str, bytes],
    now: datetime,
    dry_run: bool,
    keep_going: bool,
    progress: Progress | None,
    workers: Workers,
    all_warnings: bool,
    with_content: bool,
    output: Output,
    published: Mapping[str, Stamp],
) -> _Built:
    """The pipeline: sources -> normalize -> plan -> render -> formats -> validate ->
    publish, one step each below. An error stops it before publishing (``_Stopped``)
    unless ``keep_going``.

    Sources and their problems are named relative to the content folder inside the
    build; build() shows them as the user types them (relative to where they stand) on
    the way out, so nothing cached depends on the working directory.
    """
    from publisher.build.emit import previous_feeds
    from publisher.build.enclosures import input_files
    from publisher.build.load import load_articles, path_shower
    from publisher.build.shortlist import Shortlist

    show = path_shower(config)
    # sources -> normalize: every source's article, through the cache.
    sources = load_articles(
        config, cache, listing, digests, now=now, workers=workers, progress=progress,
        all_warnings=all_warnings,
    )  # fmt: skip
    problems = sources.problems
    entry_problems = frozenset(problems) - frozenset(listing.problems)
    stopped = partial(_Stopped, entry_problems=entry_problems, fresh=sources.parsed)
    # plan: who is who, what is live when, which feeds hold what.
    shortlist = Shortlist(cache, config, listing.root, sources.bodies, listing.elsewhere)
    problems += shortlist.identity_problems(show)
    if any(p.is_error for p in problems) and not keep_going:
        raise stopped(problems)
    bad = {p.path for p in problems if p.is_error}
    when = shortlist.timeline(now, bad)
    problems += when.problems
    try:
        # plan -> render: the feeds, and the bodies of the articles they show.
        current, bodies = _plan_and_render(
            shortlist, when, bad, config, cache, problems, now=now, keep_going=keep_going,
            workers=workers, progress=progress, previous=previous_feeds(output.read),
            changed=sources.changed,
        )  # fmt: skip
    except ProblemsFound as exc:
        raise stopped(exc.problems) from None
    everything, feed_problems = _check_links_and_images(bodies, config, shortlist, problems)
    feeds = everything[:current]  # the subscription feeds; archive pages follow them
    # formats -> validate: every file's bytes, each feed validated.
    still = partial(_still_published, output, published)
    # What the last good build published into a folder (its stamps known) is read from
    # there by a spliced feed, whose bytes the cache then need not keep.
    read = output.read if published else None
    files, kept, invalid = _files(everything, feeds, config, cache, workers, bodies, still, read)
    if any(p.is_error for p in invalid):
        raise stopped(problems, invalid)
    feed_problems += invalid
    # publish.
    outcome = _publish(config, output, files, kept, dry_run=dry_run)
    return _Built(
        feeds=tuple(bodies.with_content(feeds) if with_content else feeds),
        written=outcome.written,
        unchanged=outcome.unchanged,
        removed=outcome.removed,
        problems=tuple(problems),
        # Named by their path in the site or the output folder, not a source.
        feed_problems=tuple(feed_problems),
        entry_problems=entry_problems,
        fresh=sources.parsed,
        events=tuple(_ping_hub(config, feeds, outcome.written, dry_run=dry_run)),
        scheduled=when.scheduled,
        next_due=when.next_due,
        inputs=input_files(everything, config),
    )


def _check_links_and_images(
    bodies: Bodies, config: Config, shortlist: Shortlist, problems: list[Problem]
) -> tuple[list[Feed], list[Problem]]:
    """The feeds with their images sized, and the problems of those images; links into
    another category's folder are warned about in ``problems``."""
    from publisher.build.bodies import misplaced_link_problems
    from publisher.build.enclosures import size_feed_images

    catalog = shortlist.catalog
    problems += misplaced_link_problems(
        bodies.feeds, config, catalog.category_slugs, catalog.links, bodies.site_links
    )
    return size_feed_images(bodies.feeds, config)


def _files(
    everything: list[Feed],
    feeds: list[Feed],
    config: Config,
    cache: BuildCache,
    workers: Workers,
    bodies: Bodies,
    still_published: Callable[[list[str]], set[str]],
    read_published: Callable[[str], bytes | None] | None = None,
) -> tuple[dict[str, bytes], list[str], list[Problem]]:
    """Every file to publish, by path in the output folder, the files left out of those
    (unchanged and published as they are), and the feeds' validation problems: each
    feed and archive page in each format, then the site files (OPML, index page,
    stylesheet) and the manifest."""
    from publisher.build.emit import MANIFEST, manifest, serialize, site_files

    files, feed_problems, kept = serialize(
        everything, cache, bodies, workers, still_published, precompress=config.precompress,
        read_published=read_published,
    )  # fmt: skip
    files.update(site_files(feeds, config))
    files[MANIFEST] = manifest([*files, *kept], feeds)
    return files, kept, feed_problems


def _published_stamps(config: Config, output: Output, *, use_cache: bool) -> Mapping[str, Stamp]:
    """The stamp of each file the last good build published into a folder (from the
    fast path's state, read before this build clears it), or none.

    A feed whose files are unchanged since then, and whose published files still have
    those stamps, is left out of what is published: neither its bytes read from the
    cache nor the published files read to compare (the trust the fast path gives the
    same stamps). Only for a folder: a store's own record of what it holds is kept by
    the files it is given.
    """
    if not use_cache or not isinstance(output, LocalOutput):
        return {}
    state = load_state(config.cache_dir)
    return state.outputs if state is not None else {}


def _still_published(output: Output, published: Mapping[str, Stamp], rels: list[str]) -> set[str]:
    """Which of ``rels`` are as the last good build published them."""
    if not published:
        return set()
    now = output.stamps(rel for rel in rels if rel in published)
    return {rel for rel, stamp in now.items() if published[rel] == stamp}


def _publish(
    config: Config, output: Output, files: dict[str, bytes], kept: list[str], *, dry_run: bool
) -> PublishResult:
    """Write what changed to the output (a folder or a bucket; only say what would
    change in a dry run), and remove the files of retired categories and compressed
    siblings no longer written; ``kept`` are files known to be published as they should
    be (unchanged, not in ``files``)."""
    from publisher.build.emit import stale_files
    from publisher.publish import PublishResult

    retired = stale_files(config, [*files, *kept], output.read)
    done = output.plan(files, remove=retired) if dry_run else output.publish(files, remove=retired)
    if not kept:
        return done
    return PublishResult(done.written, tuple(sorted((*done.unchanged, *kept))), done.removed)


def _ping_hub(
    config: Config, feeds: list[Feed], written: Iterable[str], *, dry_run: bool
) -> list[Problem]:
    """Tell the WebSub hub which feeds changed; what went wrong, as problems."""
    if not config.hub or dry_run:
        return []
    from publisher.build.websub import changed_feed_urls, notify_hub

    return notify_hub(config.hub, changed_feed_urls(feeds, written))


def _plan_and_render(
    shortlist: Shortlist,
    when: Timeline,
    bad: set[str],
    config: Config,
    cache: BuildCache,
    problems: list[Problem],
    *,
    now: datetime,
    keep_going: bool,
    workers: Workers,
    progress: Progress | None,
    previous: Mapping[str, datetime | None],
    changed: Collection[str] | None,
) -> tuple[int, Bodies]:
    """Plan the feeds and complete their items (summary, enclosure; the HTML only when
    asked for): (how many are subscription feeds, all of them with their bodies).
    Archive pages follow the subscription feeds. ``changed``: the sources whose bytes
    changed in this build (None: too many to list).

    A body that fails to render is its file's error: the build stops, or with
    ``keep_going`` the article is left out and the feeds are planned again.
    """
    from publisher.build.bodies import complete_feeds
    from publisher.plan import plan_archives, plan_feeds

    bad = set(bad)
    while True:
        not_live = shortlist.not_live(when, bad)
        totals = shortlist.totals(when, not_live, now)
        live = shortlist.feed_articles(when, not_live, now, totals)
        feeds = plan_feeds(live, config, previous=previous, totals=totals)
        pages: list[Feed] = []
        if config.archive:
            feeds, pages = plan_archives(feeds, live, config)
        by_id = {item.article.id: item for item in shortlist.get(a.source for a in live)}
        bodies, failed, warnings = complete_feeds(
            feeds + pages, by_id, config, cache, workers=workers, progress=progress,
            changed=changed, elsewhere=shortlist.elsewhere,
        )  # fmt: skip
        if bodies is not None:
            problems += warnings
            return len(feeds), bodies
        problems += failed.values()
        if not keep_going:
            raise ProblemsFound(problems)
        bad |= {a.source for a in live if a.id in failed}


def _recovered(cache: BuildCache, error: sqlite3.Error, path: Path) -> tuple[BuildCache, Problem]:
    """A cache to run the build again with, after the database failed under it, and the
    warning that says so: a damaged one is emptied; one that cannot be written (a full
    disk, a read-only folder) is left alone and the build runs without it."""
    if isinstance(error, sqlite3.OperationalError):
        cache.close()
        warning = Problem(
            str(path), None, Severity.WARNING, "cache-unwritable",
            f"build cache cannot be used ({error}): this build runs without it",
        )  # fmt: skip
        return BuildCache.disabled(), warning
    cache.reset()
    return cache, corrupt_cache_warning(path)


def _workers(lock_fd: int) -> Workers:
    from publisher.build.pool import Workers, default_jobs

    return Workers(default_jobs(), private_fds=(lock_fd,))


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


def _utc_now() -> datetime:
    return datetime.now(UTC)
