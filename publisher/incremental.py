"""The cache-aware steps of a build: load every source's article, render the ones
that appear in feeds, and attach their images.

Unchanged sources come from the cache; bodies are dropped once parsed and read
again only for articles that are published, so memory does not grow with the
archive's text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from publisher.cache import BuildCache, SourceEntry, render_key
from publisher.config import Config
from publisher.errors import Problem
from publisher.model import Article, Feed
from publisher.sources import Discovered
from publisher.sources.media import first_image, image_enclosure
from publisher.workers import Progress, Workers, load_entries, render_entries


@dataclass(frozen=True, slots=True)
class Loaded:
    """An article plus what is needed to render it later without keeping its body."""

    article: Article
    found: Discovered
    digest: str


def load_articles(
    config: Config,
    cache: BuildCache,
    discovered: tuple[list[Discovered], list[Problem]],
    *,
    workers: Workers | None = None,
    progress: Progress | None = None,
) -> tuple[list[Loaded], list[Problem]]:
    """Every non-draft article under the content folder, with every problem found.

    Unchanged sources (same size and mtime, or same bytes) come from the cache.
    Bodies are dropped once parsed: only the articles that make it into a feed are
    read again, to render.
    """
    found, problems = discovered[0], list(discovered[1])
    entries: dict[str, SourceEntry] = {}
    todo: list[tuple[Discovered, str | None]] = []
    for item in found:
        entry = cache.by_stat(item.rel, item.size, item.mtime_ns)
        if entry is None:
            known = cache.sources.get(item.rel)
            todo.append((item, known.digest if known else None))
        else:
            entries[item.rel] = entry
    for (item, _), loaded_entry in zip(
        todo,
        load_entries(todo, config, workers=workers or Workers(), progress=progress),
        strict=True,
    ):
        if loaded_entry is None:  # touched, same bytes
            reused = cache.sources[item.rel]
            loaded_entry = SourceEntry(
                item.size, item.mtime_ns, reused.digest, reused.article, reused.problems
            )
            cache.stats.reused += 1
        else:
            cache.stats.parsed += 1
        if loaded_entry.digest:  # an unreadable file is not remembered
            cache.store(item.rel, loaded_entry)
        entries[item.rel] = loaded_entry
    loaded: list[Loaded] = []
    for item in found:
        entry = entries[item.rel]
        problems += entry.problems
        if entry.article is not None:
            loaded.append(Loaded(entry.article, item, entry.digest))
    return loaded, problems


def render_feeds(
    feeds: list[Feed],
    loaded: dict[str, Loaded],
    config: Config,
    cache: BuildCache,
    *,
    workers: Workers | None = None,
    progress: Progress | None = None,
) -> tuple[list[Feed], dict[str, Problem]]:
    """Render each article that appears in some feed, once, and put it in every feed.

    Returns the rendered feeds and, by article id, the errors of bodies that failed.
    """
    keys: dict[str, str] = {}
    todo: dict[str, tuple[Article, Discovered]] = {}
    for article in (a for feed in feeds for a in feed.items):
        if article.id in keys:
            continue
        keys[article.id] = key = render_key(article, loaded[article.id].digest)
        if cache.get_rendered(key) is None:
            todo[key] = (article, loaded[article.id].found)
    done = render_entries(
        list(todo.values()), config, workers=workers or Workers(), progress=progress
    )
    failed: dict[str, Problem] = {}
    for (key, (article, _)), result in zip(todo.items(), done, strict=True):
        if isinstance(result, Problem):
            failed[article.id] = result
        else:
            cache.put_rendered(key, result)
    if failed:
        return feeds, failed
    rendered: dict[str, Article] = {}
    for article in (a for feed in feeds for a in feed.items):
        hit = cache.rendered[keys[article.id]]
        rendered[article.id] = replace(article, content_html=hit.content_html, summary=hit.summary)
    return [replace(f, items=tuple(rendered[a.id] for a in f.items)) for f in feeds], {}


def attach_images(
    feeds: list[Feed], loaded: dict[str, Loaded], config: Config
) -> tuple[list[Feed], list[Problem]]:
    """Give each published article its image enclosure (sized when the file is local).

    Done after planning, for published articles only, so a changed image file is seen
    on the next build without invalidating any cache. A missing local image is a warning.
    """
    done: dict[str, Article] = {}
    problems: list[Problem] = []
    for article in (a for feed in feeds for a in feed.items):
        if article.id in done:
            continue
        if article.image is None and config.image_from_body and article.content_html:
            article = replace(article, image=first_image(article.content_html))
        source = str(loaded[article.id].found.path)
        enclosure, problem = image_enclosure(article, source, config)
        if problem:  # a local image whose file is missing: no feed links to it
            problems.append(problem)
            article = replace(article, image=None)
        done[article.id] = replace(article, enclosure=enclosure)
    return [replace(f, items=tuple(done[a.id] for a in f.items)) for f in feeds], problems
