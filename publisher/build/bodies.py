"""The published articles made whole: each body rendered (or taken from the cache) and
each image attached, once per article, then put into every feed that shows it.

Bodies come from loading; only one that was not kept (an article that entered a feed
without being read this build) is read again.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path
from urllib.parse import urlsplit

from publisher.build.cache import BodyFacts, BuildCache, item_print, render_key, renderer_identity
from publisher.build.code_version import TEMPLATING, library_versions
from publisher.build.enclosures import first_image, image_enclosure
from publisher.build.load import Loaded, as_problem, read_body
from publisher.build.media import media_enclosure
from publisher.build.pool import Progress, Workers, map_in_order
from publisher.config import Config
from publisher.errors import Problem, SourceError
from publisher.excerpts import ExcerptRule, as_summary, excerpt_rule, shows_summary, wanted
from publisher.generators.files import EVERY_SOURCE, SiteFiles
from publisher.model import Article, Enclosure, Feed, Rendered
from publisher.sources import Discovered
from publisher.sources.site_files import SourceFolder

# Below this many bodies a pool costs more than it saves; bodies go to workers in batches.
PARALLEL_RENDERS = 60
BATCH = 20
# What urllib.parse.urlsplit removes from anywhere in a URL before splitting it.
_URL_BREAKS = re.compile("[\t\r\n]")


@dataclass(frozen=True, slots=True)
class _Job:
    """One body to render: the article, its body if it was kept, and its file."""

    article: Article
    body: bytes | None
    found: Discovered


class Bodies:
    """The published articles made whole but for their HTML, which is added only to the
    items of feeds whose files must be made again (an edit's two or three feeds), and
    what identifies each item's HTML without reading it (the digest kept beside it)."""

    def __init__(
        self,
        feeds: list[Feed],
        keys: Mapping[str, str],
        facts: Mapping[str, BodyFacts],
        fresh: dict[str, Rendered],
        cache: BuildCache,
    ) -> None:
        self.feeds = feeds  # items complete but for content_html (None)
        self._keys = keys  # article id -> render key
        self._facts = facts  # render key -> what is kept beside the body
        self._rendered = fresh  # render key -> HTML (this build's renders, then as read)
        self._cache = cache
        self._prints: dict[str, str] = {}

    def site_links(self, article: Article) -> tuple[str, ...]:
        """The article's links on the site's host, as its body writes them."""
        return self._facts[self._keys[article.id]].site_links

    def item_print(self, article: Article) -> str:
        """What an item of a feed is: the article as published, its HTML named by the
        digest kept beside it."""
        found = self._prints.get(article.id)
        if found is None:
            digest = self._facts[self._keys[article.id]].digest
            found = self._prints[article.id] = item_print(article, digest)
        return found

    def with_content(self, feeds: list[Feed]) -> list[Feed]:
        """These feeds (of ``self.feeds``) with each item's HTML filled in."""
        keys = {self._keys[a.id] for feed in feeds for a in feed.items}
        self._rendered.update(self._cache.rendered(keys - self._rendered.keys()))
        complete: dict[str, Article] = {}
        for article in (a for feed in feeds for a in feed.items):
            if article.id not in complete:
                rendered = self._rendered[self._keys[article.id]]
                complete[article.id] = replace(
                    article, content_html=rendered.content_html, excerpt_html=rendered.excerpt_html
                )
        return [
            replace(f, items=tuple(_as_shown(complete[a.id], f) for a in f.items)) for f in feeds
        ]


def complete_feeds(
    feeds: list[Feed],
    loaded: dict[str, Loaded],
    config: Config,
    cache: BuildCache,
    *,
    workers: Workers,
    progress: Progress | None = None,
    changed: Collection[str] | None = (),
    elsewhere: Mapping[str, str] | None = None,
) -> tuple[Bodies | None, dict[str, Problem], list[Problem]]:
    """The feeds with every item's summary and image enclosure filled in, and its body
    rendered (or found in the cache): the HTML itself is added by ``Bodies.with_content``.

    ``changed`` names the sources whose bytes changed in this build or that are gone
    (None: too many to list): a cached body whose cross references may lead elsewhere
    now is rendered again.
    ``elsewhere``: the sources kept outside the content folder (generated pages), which
    a cross reference may lead to too.

    Returns them, by article id the errors of bodies that failed to render (then no
    feeds), and warnings (a local image whose file is missing).
    """
    keys: dict[str, str] = {}
    todo: dict[str, _Job] = {}
    renderer = renderer_identity(config.markdown)
    if config.generator == "jekyll":  # its bodies' Liquid goes through python-liquid
        renderer += " " + library_versions(TEMPLATING)
    files = SourceFolder.of(config.content_dir, config.generator, elsewhere)
    moved = _Moved(changed, files)
    for article in (a for feed in feeds for a in feed.items):
        if article.id not in keys:
            keys[article.id] = render_key(article, loaded[article.id].digest, renderer)
    facts = cache.rendered_facts(set(keys.values()), lambda f: not moved.any(f.references))
    for article in (a for feed in feeds for a in feed.items):
        key = keys[article.id]
        if key in todo or key in facts:
            continue
        item = loaded[article.id]
        if item.body is None:
            cache.body_reread()
        todo[key] = _Job(article, item.body, item.found)
    jobs = list(todo.values())
    batches = [jobs[i : i + BATCH] for i in range(0, len(jobs), BATCH)]
    pool = workers if len(jobs) >= PARALLEL_RENDERS else workers.serial()
    tick = (
        (lambda done, _: progress("rendering", min(done * BATCH, len(jobs)), len(jobs)))
        if progress
        else None
    )
    work = partial(_render_batch, config=config, files=files, excerpt=excerpt_rule(config))
    done = [result for batch in map_in_order(work, batches, pool, tick) for result in batch]
    failed: dict[str, Problem] = {}
    fresh: dict[str, Rendered] = {}
    host = urlsplit(config.base_url).netloc
    for (key, job), result in zip(todo.items(), done, strict=True):
        if isinstance(result, Problem):
            failed[job.article.id] = result
        else:
            facts[key] = body_facts(result, host)
            cache.put_rendered(key, result, facts[key])
            fresh[key] = result
    media: dict[str, Enclosure] = {}
    for article in (a for feed in feeds for a in feed.items):
        if article.episode is None or article.id in media or article.id in failed:
            continue
        enclosure, problem = media_enclosure(article, loaded[article.id].found.path, config)
        if problem is not None:
            failed[article.id] = problem
        elif enclosure is not None:
            media[article.id] = enclosure
    if failed:
        return None, failed, []
    complete: dict[str, Article] = {}
    warnings: list[Problem] = []
    roots: dict[Path, Path] = {}  # the image folders, resolved once
    for article in (a for feed in feeds for a in feed.items):
        if article.id not in complete:
            complete[article.id] = _complete(
                article, facts[keys[article.id]], loaded[article.id], config, warnings,
                media.get(article.id), roots,
            )  # fmt: skip
    feeds = [replace(f, items=tuple(complete[a.id] for a in f.items)) for f in feeds]
    return Bodies(feeds, keys, facts, fresh, cache), {}, warnings


def body_facts(rendered: Rendered, host: str) -> BodyFacts:
    """What is kept beside a rendered body: its summary, its first image, its links
    whose text names ``host`` (the site's), as the HTML writes them, a digest of its
    HTML and excerpt, and the cross references it followed."""
    from publisher.render.links import HREF  # the links misplaced_links looks at

    links = (
        href
        for href in dict.fromkeys(HREF.findall(rendered.content_html))
        if host in _as_read(href)
    )
    digest = hashlib.sha256(rendered.content_html.encode("utf-8", "surrogatepass"))
    if rendered.excerpt_html is not None:
        digest.update(b"\0" + rendered.excerpt_html.encode("utf-8", "surrogatepass"))
    return BodyFacts(
        rendered.summary, first_image(rendered.content_html), tuple(links),
        digest.hexdigest(), rendered.references,
    )  # fmt: skip


def _as_shown(article: Article, feed: Feed) -> Article:
    """The article as ``feed`` shows it: whole, or as a summary with a link to read on."""
    if not shows_summary(article, feed.content):
        return article
    return as_summary(article, feed.language)


class _Moved:
    """Whether a body's cross references may lead elsewhere than when it was rendered:
    the source one led to changed in this build (retitled, moved: its link is read from
    it) or is gone, or a source changed in this build has the name the target ends in
    (a new file it may resolve to now); for a body that lists the site's articles
    (``EVERY_SOURCE``), any source changed or gone. A source's link changes only with its
    own bytes or the config, and a new config empties the cache, so nothing else moves
    one."""

    def __init__(self, changed: Collection[str] | None, files: SiteFiles) -> None:
        self._changed: Collection[str] = changed or ()
        self._everything = changed is None  # too many changed to tell: all may have moved
        self._files = files

    @cached_property
    def _names(self) -> frozenset[str]:
        return frozenset(_name(rel) for rel in self._changed)

    def any(self, references: Iterable[tuple[str, str | None]]) -> bool:
        if self._everything:
            return any(True for _ in references)
        for target, other in references:
            if target == EVERY_SOURCE:
                if self._changed:
                    return True
                continue
            if other is not None and (other in self._changed or not self._files.is_file(other)):
                return True
            if self._changed and _name(target.partition("#")[0]) in self._names:
                return True
        return False


def _name(path: str) -> str:
    """The name a path ends in, without suffixes; a bundle's (``trip/index.md``) is its
    folder's."""
    parts = [part.split(".", 1)[0] for part in path.replace("\\", "/").split("/") if part]
    while len(parts) > 1 and parts[-1] in ("index", "_index"):
        parts.pop()
    return parts[-1] if parts else ""


def _complete(
    article: Article,
    facts: BodyFacts,
    item: Loaded,
    config: Config,
    warnings: list[Problem],
    media: Enclosure | None = None,
    roots: dict[Path, Path] | None = None,
) -> Article:
    """The article as published but for its HTML: its summary and enclosure (an
    episode's ``media``, else its image).

    The enclosure is worked out on every build, for published articles only, so a
    changed image file is seen without invalidating any cache. A local image whose file
    is missing is left out of every format, with a warning.
    """
    image = article.image
    if image is None and config.image_from_body:
        image = facts.first_image
    enclosure = media
    if enclosure is None:
        pictured = article if image == article.image else replace(article, image=image)
        enclosure, missing = image_enclosure(pictured, item.found.path, config, roots)
        if missing:
            warnings.append(missing)
            image = None
    # One copy of the article (a replace costs as much as the rest of this).
    return _completed(article, facts.summary, image, enclosure or article.enclosure)


def _completed(
    article: Article, summary: str | None, image: str | None, enclosure: Enclosure | None
) -> Article:
    """``replace(article, summary=..., image=..., enclosure=...)`` at a sixth of its
    cost: ``dataclasses.replace`` reads every field (28) and runs ``__init__``, where
    copying the instance's dict is all an Article (no slots, no ``__post_init__``:
    tests/test_bodies.py checks both) needs. An edit completes every published article
    (600 at 10,000 articles), so this is about 4 ms of its CPU time."""
    copy = object.__new__(Article)
    copy.__dict__.update(article.__dict__, summary=summary, image=image, enclosure=enclosure)
    return copy


def misplaced_link_problems(
    feeds: list[Feed],
    config: Config,
    categories: Callable[[], Collection[str]],
    links: Callable[[], Iterable[str]],
    site_links: Callable[[Article], tuple[str, ...]],
) -> list[Problem]:
    """Links in published bodies that point into a category folder under their own.

    ``categories`` gives the slug of every article's category, ``links`` every
    article's link: asked only when the site's URLs have a category folder.
    ``site_links`` gives an article's links on the site's host, kept beside its
    rendered body: only those under the article's own category folder can
    be misplaced, so only those are looked at, and no body's HTML is read.
    """
    from publisher.render.links import misplaced_links

    if "{category}" not in config.article_url:
        return []
    slugs = categories()
    known = _LinkPaths(links)
    published = {a.id: a for feed in feeds for a in feed.items}
    problems: list[Problem] = []
    for article in sorted(published.values(), key=lambda a: a.source):
        folder = f"/{article.category_slug}/"
        others = [f"/{slug}" for slug in slugs if slug != article.category_slug]
        # A link it can flag names the site's host (in site_links), the own category's
        # folder, and another category below it: each a substring of the link as read.
        own = [
            href
            for href in site_links(article)
            if folder in (text := _as_read(href)) and any(other in text for other in others)
        ]
        if own:
            # The check as it runs on the whole body, given only the links it can flag.
            anchors = "".join(f'<a href="{href}">' for href in own)
            problems += misplaced_links(
                replace(article, content_html=anchors), slugs, known, config.base_url
            )
    return problems


def _as_read(href: str) -> str:
    """An href of sanitized HTML as ``misplaced_links`` reads it: entities decoded, and
    without the tabs and line breaks ``urlsplit`` drops, so every part it splits out is
    a substring of this."""
    text = html.unescape(href) if "&" in href else href
    return _URL_BREAKS.sub("", text) if _URL_BREAKS.search(text) else text


class _LinkPaths(Collection[str]):
    """The URL paths of every article, split out of their links only when first asked.

    Only a link into another category's folder under its own asks, which is rare;
    splitting every link up front cost 0.1 s per build at 10,000 articles.
    """

    def __init__(self, links: Callable[[], Iterable[str]]) -> None:
        self._links = links

    @cached_property
    def _paths(self) -> frozenset[str]:
        return frozenset(urlsplit(link).path for link in self._links())

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def _render_batch(
    batch: Sequence[_Job], *, config: Config, files: SiteFiles, excerpt: ExcerptRule | None
) -> list[Rendered | Problem]:
    """Render each job's body to HTML and a summary, or give its file's error."""
    from publisher.normalize import expand_with_references
    from publisher.render.renderer import Renderer

    renderer = Renderer(config.markdown)
    results: list[Rendered | Problem] = []
    for job in batch:
        try:
            if job.body is None:
                body = read_body(job.found, config)
            else:
                body = job.body.decode("utf-8", "surrogatepass")
            # Hugo's, Jekyll's and Pelican's template syntax, and what it refers to
            page = {
                "title": job.article.title,
                "url": job.article.link,
                "date": job.article.published.isoformat(),
            }
            body, references = expand_with_references(body, config, job.found.rel, files, page)
            rule = excerpt if excerpt and wanted(job.article, config) else None
            rendered = renderer.render(job.article, body, rule)
            results.append(replace(rendered, references=references) if references else rendered)
        except SourceError as exc:  # one bad body is that file's error, not the build's
            results.append(as_problem(exc, job.found.rel))
    return results
