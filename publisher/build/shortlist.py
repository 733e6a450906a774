"""The few articles planning needs, picked from the store, and what it needs of the rest.

The planning rules (``plan``) are functions over articles. Handing them every article
of a large archive would cost time and memory in proportion to the archive, so the
store picks the ones each rule can name: the first of each feed (the newest, or the
first in the generator's own order), the articles that share an id or a slug, the
first of each category spelling, the ones the clock changes (scheduled, updated
later, expiring); and it counts over all of them what a feed's name and date depend
on (``plan.FeedTotals``). Each rule then gives what it would have given over every
article: tests/test_shortlist.py checks that it does.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import partial

from publisher.build.cache import BuildCache, instant
from publisher.build.load import Loaded
from publisher.config import Config
from publisher.errors import Problem
from publisher.generators import site_generator
from publisher.languages import check_language_folders, translation_problems
from publisher.model import Article
from publisher.plan import (
    AUTHORS_FOLDER,
    TAGS_FOLDER,
    FeedTotals,
    Timeline,
    check_identity,
    check_tag_folder,
    timeline,
    unified_names,
    unify_categories,
)
from publisher.sources import Discovered


class Shortlist:
    """Articles fetched from the store as planning asks for them (each once, with the
    site's category names unified), and the questions asked of all the others."""

    def __init__(
        self,
        cache: BuildCache,
        config: Config,
        root: str,
        bodies: dict[str, bytes],
        elsewhere: Mapping[str, str] | None = None,
    ) -> None:
        self.catalog = cache.catalog()
        self._cache = cache
        self._config = config
        self._root = root  # the content folder, resolved, as discover() names files
        self.elsewhere = elsewhere or {}  # generated sources: where they are
        self._bodies = bodies
        self._spellings = self.catalog.category_spellings()
        self._loaded: dict[str, Loaded] = {}
        self._changing: set[str] = set()  # what the clock changes, as of ``timeline``
        generator = site_generator(config)
        # The generator's own order (Hugo's weights) picks each feed's first articles.
        self._ranked = bool(generator and generator.orders_pages)

    def get(self, rels: Iterable[str]) -> list[Loaded]:
        """The articles of these sources, in path order (sources without one are left out)."""
        wanted = set(rels)
        missing = wanted - self._loaded.keys()
        if missing:
            found = self.catalog.articles(missing)
            rels_in_order = sorted(found)
            unified = unify_categories([found[r].article for r in rels_in_order], self._spellings)
            for rel, article in zip(rels_in_order, unified, strict=True):
                row = found[rel]
                path = self.elsewhere.get(rel) or os.path.join(self._root, rel)
                where = Discovered(path, rel, row.size, row.mtime_ns)
                self._loaded[rel] = Loaded(article, where, row.digest, self._bodies.get(rel))
        return [self._loaded[rel] for rel in sorted(wanted) if rel in self._loaded]

    def identity_problems(self, show: Callable[[str], str]) -> list[Problem]:
        """``plan.check_identity`` and ``plan.check_tag_folder`` over every article."""
        spellings = [(*key, name) for key, names in self._spellings.items() for name in names]
        rels = self.catalog.identity_suspects(self._cache.shared(), spellings)
        suspects = [item.article for item in self.get(rels)]
        problems = check_identity(suspects, show=show, by_link=bool(self._config.generator))
        firsts = [self.catalog.first_in_category(TAGS_FOLDER)] if self._config.tag_feeds else []
        if self._config.author_feeds:
            firsts.append(self.catalog.first_in_category(AUTHORS_FOLDER))
        found = [item.article for item in self.get(rel for rel in firsts if rel)]
        problems += check_tag_folder(found, self._config)
        if self._config.multilingual:
            every = self.get(self.catalog.published_by(datetime.max.replace(tzinfo=UTC)))
            articles = [item.article for item in every]
            problems += translation_problems(articles, self._config)
            problems += check_language_folders(articles, self._config)
        return problems

    def timeline(self, now: datetime, exclude: set[str]) -> Timeline:
        """``plan.timeline`` over every article; its ``live`` holds only the articles the
        clock changes (the others are live as they are)."""
        self._changing = self.catalog.changing(now)
        changing = [item.article for item in self.get(self._changing)]
        return timeline(changing, now, exclude=exclude)

    def not_live(self, when: Timeline, exclude: set[str]) -> set[str]:
        """Sources whose article is not live at the time ``when`` was made for:
        scheduled, expired, or excluded."""
        live = {a.source for a in when.live}
        return (self._changing - live) | exclude

    def feed_articles(
        self, when: Timeline, not_live: set[str], now: datetime, totals: FeedTotals
    ) -> list[Article]:
        """The live articles feeds can show (every one, for archives), in path order."""
        if self._config.archive or self._config.multilingual:
            # Archives are built from every article; a translated site's feeds per
            # language (and its translations' links) are planned over all of them too.
            rels = set(self.catalog.published_by(now)) - not_live
        else:
            count = self._config.items_per_feed
            first = partial(self.catalog.newest, now=now, count=count, skip=not_live,
                            ranked=self._ranked)  # fmt: skip
            rels = set(first(None))
            for slug in totals.category_names:
                rels.update(first(("categories", slug)))
            if self._config.tag_feeds:
                for slug in totals.tag_names:
                    rels.update(first(("tags", slug)))
            if self._config.author_feeds:
                for slug in totals.author_names:
                    rels.update(first(("authors", slug)))
        as_live = {a.source: a for a in when.live}  # 'updated' held back until its time
        return [as_live.get(item.article.source, item.article) for item in self.get(rels)]

    def totals(self, when: Timeline, not_live: set[str], now: datetime) -> FeedTotals:
        """``plan.feed_totals`` over every live article."""
        names = unified_names(self._spellings)
        counts = {key: counter.copy() for key, counter in self._spellings.items()}
        for slug, fold, name in self.catalog.spellings_of(not_live):
            counts[(slug, fold)][name] -= 1
        categories: dict[str, Counter[str]] = {}
        for (slug, fold), counter in counts.items():
            uses = sum(n for n in counter.values() if n > 0)
            if uses:
                categories.setdefault(slug, Counter())[names[(slug, fold)]] += uses
        tags = self._names("tags", not_live) if self._config.tag_feeds else {}
        authors = self._names("authors", not_live) if self._config.author_feeds else {}
        return FeedTotals(categories, tags, self._newest(when, not_live, now), authors)

    def _names(self, table: str, not_live: set[str]) -> dict[str, Counter[str]]:
        """Tag (or author) slug -> spelling -> live articles using it."""
        names = self.catalog.tag_spellings(table)
        for slug, name in self.catalog.tags_of(not_live, table):
            names[slug][name] -= 1
        return {slug: +counter for slug, counter in names.items() if +counter}

    def _newest(self, when: Timeline, not_live: set[str], now: datetime) -> datetime | None:
        """The latest ``updated`` of a live article (ties: the first by path), an
        ``updated`` still to come counting as its ``published``, as feeds show it."""
        # when.live still holds the sources left out after the timeline (a body that
        # failed to render, with keep_going): not_live names them.
        held_back = [a for a in when.live if a.source not in not_live]
        rel = self.catalog.latest_updated(now, not_live)  # of those updated by now
        candidates = [*held_back, *(item.article for item in self.get([rel] if rel else []))]
        if not candidates:
            return None
        best = min(candidates, key=lambda a: (-instant(a.updated), a.source))
        return best.updated
