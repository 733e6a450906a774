"""The questions planning asks of the stored sources, in SQL.

Sources are named by ``rel`` (relative to the content folder). Each question is
answered from an index (see ``cache._INDEXES``), so its cost follows what it returns
or, for the counts and the duplicate checks, is one pass over an index in C.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime

from publisher.build.cache import CachedSource, in_batches, instant, placeholders, rel_key, rel_of
from publisher.errors import Problem

# The columns ``BuildCache.shared`` names, spelled here as SQL takes them.
_SHARED = {"id": "id", "identity": "identity"}


class Catalog:
    """Read-only questions about the sources in the cache's database."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def error_sources(self) -> list[tuple[str, tuple[Problem, ...]]]:
        """Every source that has an error, with its problems, in path order."""
        return self._problems("has_error = 1")

    def warned_sources(self) -> list[tuple[str, tuple[Problem, ...]]]:
        """Every source with problems but no error (standing warnings), in path order."""
        return self._problems("problems IS NOT NULL AND has_error = 0")

    def _problems(self, where: str) -> list[tuple[str, tuple[Problem, ...]]]:
        rows = self._db.execute(f"SELECT rel, problems FROM sources WHERE {where} ORDER BY rel")
        return [(rel_of(rel), pickle.loads(blob) if blob else ()) for rel, blob in rows]

    def category_spellings(self) -> dict[tuple[str, str], Counter[str]]:
        """``plan.category_spellings`` of every stored article (counted as rows come and
        go: ``BuildCache.spellings``)."""
        spellings: dict[tuple[str, str], Counter[str]] = {}
        for slug, fold, name, uses in self._db.execute(
            "SELECT slug, fold, name, uses FROM spellings WHERE kind = 'categories' "
            "ORDER BY slug, fold, name"
        ):
            spellings.setdefault((slug, fold), Counter())[name] = uses
        return spellings

    def spellings_of(self, rels: Iterable[str]) -> list[tuple[str, str, str]]:
        """(slug, folded, name) of each category name these articles use."""
        found: list[tuple[str, str, str]] = []
        for batch in in_batches([rel_key(r) for r in rels]):
            found += self._db.execute(
                f"SELECT slug, fold, name FROM categories WHERE rel IN ({placeholders(batch)})",
                batch,
            ).fetchall()
        return found

    def tag_spellings(self, table: str = "tags") -> dict[str, Counter[str]]:
        """Tag (or, ``table`` "authors", author) slug -> spelling -> how many articles use
        it (first spelling per article)."""
        spellings: dict[str, Counter[str]] = {}
        for slug, name, uses in self._db.execute(
            "SELECT slug, name, uses FROM spellings WHERE kind = ? ORDER BY slug, name", (table,)
        ):
            spellings.setdefault(slug, Counter())[name] = uses
        return spellings

    def tags_of(self, rels: Iterable[str], table: str = "tags") -> list[tuple[str, str]]:
        """(slug, name) of each tag (or, ``table`` "authors", author) these articles have
        (first spelling per article)."""
        found: list[tuple[str, str]] = []
        for batch in in_batches([rel_key(r) for r in rels]):
            found += self._db.execute(
                f"SELECT slug, name FROM {table} WHERE rel IN ({placeholders(batch)})", batch
            ).fetchall()
        return found

    def identity_suspects(
        self,
        shared: Iterable[tuple[str, str]],
        spellings: Iterable[tuple[str, str, str]],
    ) -> set[str]:
        """The articles ``plan.check_identity`` can name: those holding one of the
        ``shared`` ids and identity keys (``plan.identity_key``), as (column, value) of
        ``BuildCache.shared``, and the first (by path) of each category spelling, given
        as (slug, folded, name) of every name in use (``category_spellings``' keys and
        names): each looked up by index, not found by grouping every row."""
        suspects = {
            rel_of(rel)
            for column, value in shared
            for (rel,) in self._db.execute(
                f"SELECT rel FROM sources WHERE {_SHARED[column]} = ?", (value,)
            )
        }
        firsts: dict[tuple[str, str], bytes] = {}
        for slug, fold, name in spellings:
            (rel,) = self._db.execute(
                "SELECT min(rel) FROM categories "
                "WHERE slug = ? AND fold = ? AND name = ? AND main = 1",
                (slug, fold, name),
            ).fetchone()
            if rel is not None and ((slug, fold) not in firsts or rel < firsts[slug, fold]):
                firsts[slug, fold] = rel
        suspects.update(rel_of(rel) for rel in firsts.values())
        return suspects

    def first_in_category(self, slug: str) -> str | None:
        """The first source (by path) whose category has this slug."""
        row = self._db.execute(
            "SELECT min(rel) FROM sources WHERE category_slug = ?", (slug,)
        ).fetchone()
        return rel_of(row[0]) if row and row[0] is not None else None

    def changing(self, now: datetime) -> set[str]:
        """The articles ``plan.timeline`` treats specially at ``now``: published later,
        updated later, or with an expiry date."""
        at = instant(now)
        return {
            rel_of(rel)
            for (rel,) in self._db.execute(
                "SELECT rel FROM sources WHERE published > ?1 "
                "UNION SELECT rel FROM sources WHERE updated > ?1 "
                "UNION SELECT rel FROM sources WHERE expires IS NOT NULL",
                (at,),
            )
        }

    def newest(
        self,
        group: tuple[str, str] | None,
        now: datetime,
        count: int,
        skip: set[str],
        *,
        ranked: bool = False,
    ) -> list[str]:
        """The first ``count`` articles published by ``now`` as feeds list them (newest
        first, then by id; ``ranked``: by the generator's order, ``Article.order``), of
        every article (``group`` None), or of a ("categories" | "tags" | "authors", slug)."""
        order = "rank, id" if ranked else "published DESC, id"
        if group is None:
            where = "rank IS NOT NULL" if ranked else "published IS NOT NULL"
            query = f"SELECT rel FROM sources WHERE {where} AND published <= ? ORDER BY {order}"
            rows = self._db.execute(query, (instant(now),))
        else:
            table, slug = group
            where = " AND rank IS NOT NULL" if ranked else ""
            query = (
                f"SELECT rel FROM {table} WHERE slug = ?{where} AND published <= ? ORDER BY {order}"
            )
            rows = self._db.execute(query, (slug, instant(now)))
        picked: list[str] = []
        for (rel,) in rows:
            name = rel_of(rel)
            if name not in skip and name not in picked:  # two names, one slug: one row
                picked.append(name)
                if len(picked) == count:
                    break
        rows.close()
        return picked

    def published_by(self, now: datetime) -> list[str]:
        """Every article published by ``now``, in path order (an archive needs them all)."""
        rows = self._db.execute(
            "SELECT rel FROM sources WHERE published <= ? ORDER BY rel", (instant(now),)
        )
        return [rel_of(rel) for (rel,) in rows]

    def latest_updated(self, now: datetime, skip: set[str]) -> str | None:
        """The article updated last by ``now`` (ties: the first by path), not in ``skip``."""
        rows = self._db.execute(
            "SELECT rel FROM sources WHERE updated IS NOT NULL AND updated <= ? "
            "ORDER BY updated DESC, rel",
            (instant(now),),
        )
        for (rel,) in rows:
            if rel_of(rel) not in skip:
                rows.close()
                return rel_of(rel)
        return None

    def category_slugs(self) -> set[str]:
        """The slug of every article's (first) category."""
        # Each slug found by one index search from the one before (a dozen searches,
        # not a scan of every row: 4.7 ms -> 0.02 ms at 100,000 sources).
        rows = self._db.execute(
            "WITH RECURSIVE slugs(slug) AS ("
            " SELECT min(category_slug) FROM sources WHERE category_slug IS NOT NULL"
            " UNION ALL SELECT (SELECT min(category_slug) FROM sources"
            " WHERE category_slug > slugs.slug) FROM slugs WHERE slugs.slug IS NOT NULL"
            ") SELECT slug FROM slugs WHERE slug IS NOT NULL"
        )
        return {slug for (slug,) in rows}

    def links(self) -> Iterator[str]:
        """Every article's link."""
        for (link,) in self._db.execute("SELECT link FROM sources WHERE link IS NOT NULL"):
            yield link

    def articles(self, rels: Iterable[str]) -> dict[str, CachedSource]:
        """The stored articles of these sources (those that have one)."""
        found: dict[str, CachedSource] = {}
        for batch in in_batches([rel_key(r) for r in rels]):
            for rel, size, mtime_ns, digest, blob in self._db.execute(
                "SELECT rel, size, mtime_ns, digest, article FROM sources "
                f"WHERE article IS NOT NULL AND rel IN ({placeholders(batch)})",
                batch,
            ):
                found[rel_of(rel)] = CachedSource(pickle.loads(blob), size, mtime_ns, digest)
        return found
