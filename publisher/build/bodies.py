"""Rendering the bodies of the articles that appear in feeds, and attaching their images.

Each published article is rendered once (or taken from the cache) and put into every
feed that shows it. Bodies come from loading; only one that was not kept (an article
that entered a feed without being read this build) is read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

from publisher.build.cache import BuildCache, Rendered, render_key
from publisher.build.load import Loaded, as_problem, read_body
from publisher.build.pool import Progress, Workers, map_in_order
from publisher.config import Config
from publisher.enclosures import first_image, image_enclosure
from publisher.errors import Problem, SourceError
from publisher.model import Article, Feed
from publisher.sources import Discovered

# Below this many bodies a pool costs more than it saves; bodies go to workers in batches.
PARALLEL_RENDERS = 60
BATCH = 20


@dataclass(frozen=True, slots=True)
class _Job:
    """One body to render: the article (with its body, if it was kept) and its file."""

    article: Article
    found: Discovered
    reread: bool


def render_bodies(
    feeds: list[Feed],
    loaded: dict[str, Loaded],
    config: Config,
    cache: BuildCache,
    *,
    workers: Workers,
    progress: Progress | None = None,
) -> tuple[list[Feed], dict[str, Problem]]:
    """Render each article that appears in some feed, once, and put it in every feed.

    Returns the feeds with content and summaries and, by article id, the errors of
    bodies that failed (then the feeds are returned as they came).
    """
    keys: dict[str, str] = {}
    todo: dict[str, _Job] = {}
    for article in (a for feed in feeds for a in feed.items):
        if article.id in keys:
            continue
        item = loaded[article.id]
        keys[article.id] = key = render_key(article, item.digest)
        if key not in todo and cache.get_rendered(key) is None:
            body = item.body
            if body is None:
                cache.body_reread()
            todo[key] = _Job(replace(article, body=body or ""), item.found, body is None)
    jobs = list(todo.values())
    batches = [jobs[i : i + BATCH] for i in range(0, len(jobs), BATCH)]
    pool = workers if len(jobs) >= PARALLEL_RENDERS else workers.serial()
    tick = (
        (lambda done, _: progress("rendering", min(done * BATCH, len(jobs)), len(jobs)))
        if progress
        else None
    )
    work = partial(_render_batch, config=config)
    done = [result for batch in map_in_order(work, batches, pool, tick) for result in batch]
    failed: dict[str, Problem] = {}
    for (key, job), result in zip(todo.items(), done, strict=True):
        if isinstance(result, Problem):
            failed[job.article.id] = result
        else:
            cache.put_rendered(key, result)
    if failed:
        return feeds, failed
    rendered: dict[str, Article] = {}
    for article in (a for feed in feeds for a in feed.items):
        hit = cache.rendered[keys[article.id]]
        rendered[article.id] = replace(article, content_html=hit.content_html, summary=hit.summary)
    return [replace(f, items=tuple(rendered[a.id] for a in f.items)) for f in feeds], {}


def _render_batch(batch: Sequence[_Job], *, config: Config) -> list[Rendered | Problem]:
    """Render each job's body to HTML and a summary, or give its file's error."""
    from publisher.render import Renderer

    renderer = Renderer()
    results: list[Rendered | Problem] = []
    for job in batch:
        article = job.article
        try:
            if job.reread:
                article = replace(article, body=read_body(job.found, config))
            done = renderer.render(article)
        except SourceError as exc:  # one bad body is that file's error, not the build's
            results.append(as_problem(exc, job.found.rel))
            continue
        results.append(Rendered(done.content_html or "", done.summary))
    return results


def attach_images(feeds: list[Feed], loaded: dict[str, Loaded], config: Config) -> list[Feed]:
    """Give each published article its image enclosure (sized when the file is local).

    Done after planning, for published articles only, so a changed image file is seen
    on the next build without invalidating any cache.
    """
    done: dict[str, Article] = {}
    for article in (a for feed in feeds for a in feed.items):
        if article.id in done:
            continue
        if article.image is None and config.image_from_body and article.content_html:
            article = replace(article, image=first_image(article.content_html))
        source = str(loaded[article.id].found.path)
        done[article.id] = replace(article, enclosure=image_enclosure(article, source, config))
    return [replace(f, items=tuple(done[a.id] for a in f.items)) for f in feeds]
