"""Which source file a cross reference in a body means (Hugo ``ref``/``relref``, Jekyll
``post_url``/``link``, Pelican ``{filename}``): the lookups the generators share. Each
generator's ``find_source`` puts them together the way it looks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from publisher.sources import MARKDOWN_SUFFIXES

if TYPE_CHECKING:
    from publisher.generators.base import SiteFiles


def clean_target(target: str) -> str | None:
    """``target`` without its anchor; None when it names nothing or climbs out (``..``)."""
    target = target.strip().split("#", 1)[0].strip()
    if not target or ".." in PurePosixPath(target).parts:
        return None
    return target


def relative_source(target: str, from_rel: str, files: SiteFiles) -> str | None:
    """The Markdown source ``target`` names relative to the referring file, then to the
    content folder: as a file, with a Markdown suffix added, or as a bundle's index."""
    cleaned = clean_target(target)
    if cleaned is None:
        return None
    here = PurePosixPath(from_rel).parent
    bases = [cleaned.strip("/")]
    if not cleaned.startswith("/") and str(here) != ".":
        bases.insert(0, str(here / cleaned))
    candidates = []
    for base in bases:
        bare = base.removesuffix("/")
        candidates += [bare] + [bare + s for s in MARKDOWN_SUFFIXES]
        candidates += [f"{bare}/index{s}" for s in MARKDOWN_SUFFIXES]
    return first_source(files, candidates)


def first_source(files: SiteFiles, candidates: Iterable[str]) -> str | None:
    """The first of ``candidates`` that is a Markdown source inside the content folder."""
    for candidate in candidates:
        found = files.source(candidate)
        if found is not None and PurePosixPath(found).suffix.lower() in MARKDOWN_SUFFIXES:
            return found
    return None


def search_source(files: SiteFiles, stem: str) -> str | None:
    """The first Markdown source called ``stem`` anywhere in the content folder."""
    for suffix in MARKDOWN_SUFFIXES:
        stem = stem.removesuffix(suffix)
    for suffix in MARKDOWN_SUFFIXES:
        found = files.named(f"{stem}{suffix}")
        if found is not None:
            return found
    return None
