"""Orchestration only: sources -> articles -> feeds -> bytes -> validate -> publish."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from publisher.config import Config
from publisher.errors import Problem, ProblemsFound, Severity, SourceError
from publisher.model import Article, Feed
from publisher.normalize import normalize
from publisher.plan import check_identity, plan_feeds, selected, unify_categories
from publisher.publish import build_lock, plan_writes, publish
from publisher.sources import ReaderOptions, discover, read_source

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did, for the CLI to report."""

    feeds: tuple[Feed, ...]
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    scheduled: tuple[Article, ...] = field(default=())
    dry_run: bool = False

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def build(
    config: Config,
    *,
    dry_run: bool = False,
    keep_going: bool = False,
    clock: Clock | None = None,
) -> BuildResult:
    """Build every feed in memory, validate it, then publish what changed.

    Raises ProblemsFound (nothing written) when any source or feed has an error,
    unless ``keep_going``, which publishes the rest and reports the errors.
    """
    with build_lock(config.cache_dir):
        return _build(config, dry_run=dry_run, keep_going=keep_going, clock=clock)


def _build(config: Config, *, dry_run: bool, keep_going: bool, clock: Clock | None) -> BuildResult:
    now = (clock or _utc_now)()
    articles, problems = load_articles(config)
    articles = unify_categories(articles)
    published = [a for a in articles if a.published <= now]
    scheduled = sorted((a for a in articles if a.published > now), key=lambda a: a.published)
    problems += check_identity(articles)
    if any(p.is_error for p in problems) and not keep_going:
        raise ProblemsFound(problems)
    bad = {p.path for p in problems if p.is_error}
    published = [a for a in published if a.source not in bad]

    feeds = plan_feeds(published, config)
    feeds = render_feeds(feeds)
    files, feed_problems = serialize(feeds)
    problems += feed_problems
    if any(p.is_error for p in feed_problems):
        raise ProblemsFound(problems)
    outcome = (
        plan_writes(config.output_dir, files) if dry_run else publish(config.output_dir, files)
    )
    return BuildResult(
        feeds=tuple(feeds),
        written=outcome.written,
        unchanged=outcome.unchanged,
        problems=tuple(problems),
        scheduled=tuple(scheduled),
        dry_run=dry_run,
    )


def _utc_now() -> datetime:
    return datetime.now(UTC)


def load_articles(config: Config) -> tuple[list[Article], list[Problem]]:
    """Every non-draft article under the content folder, with every problem found."""
    found, problems = discover(config.content_dir)
    options = ReaderOptions(boilerplate_patterns=config.boilerplate_patterns)
    articles: list[Article] = []
    for item in found:
        shown = _shown(config, item.rel)
        try:
            doc = read_source(item, options, max_bytes=config.max_source_bytes, shown=shown)
        except SourceError as exc:
            problems.append(
                Problem(exc.path or shown, exc.line, Severity.ERROR, "source-invalid", exc.message)
            )
            continue
        article, found_problems = normalize(doc, config)
        problems += found_problems
        if article is not None:
            articles.append(article)
    return articles, problems


def _shown(config: Config, rel: str) -> str:
    """A source's path as the user would type it: relative to where they stand if possible."""
    path = config.content_dir / rel
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def render_feeds(feeds: list[Feed]) -> list[Feed]:
    """Render each article that appears in some feed, once, and put it in every feed."""
    from publisher.render import Renderer

    renderer = Renderer()
    rendered: dict[str, Article] = {}
    wanted = selected(feeds)
    for feed in feeds:
        for article in feed.items:
            if article.id in wanted and article.id not in rendered:
                rendered[article.id] = renderer.render(article)
    return [replace(f, items=tuple(rendered[a.id] for a in f.items)) for f in feeds]


def serialize(feeds: list[Feed]) -> tuple[dict[str, bytes], list[Problem]]:
    """Every output file's bytes by relative path, and what validating them found."""
    from publisher.formats.atom import render_atom
    from publisher.formats.rss import render_rss
    from publisher.validate import validate_bytes

    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for feed in feeds:
        for name, render, url in (
            ("rss.xml", render_rss, feed.urls["rss"]),
            ("atom.xml", render_atom, feed.urls["atom"]),
        ):
            rel = f"{feed.slug}/{name}"
            data = render(feed)
            files[rel] = data
            report = validate_bytes(data, name=rel, self_url=url)
            problems += report.problems
    return files, problems
