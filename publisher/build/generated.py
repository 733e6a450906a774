"""Sources a generator's templates make (Hugo's content adapters), for the build.

Each template is run on every build that is not skipped by the fast path; each page it
makes is written, as the source file that says the same, under the cache folder
(``GENERATED_FOLDER``, mirroring the content folder) and joins the listing there, so
that it is read, cached, rendered and re-read like any file. A page's file is rewritten
only when its text changes, so an unchanged page keeps its stat and the cache its row.
The files and folders a template read are recorded for the fast path
(``FastPathState.inputs``): a change to one makes the next build a full one.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from publisher.atomic import write_atomic
from publisher.config import Config
from publisher.errors import Problem, Severity
from publisher.generators import site_generator
from publisher.sources import Listing
from publisher.text import debugging, internal_error

# Under the cache folder: the sources generated pages are read from.
GENERATED_FOLDER = "generated"


@dataclass(frozen=True, slots=True)
class Generated:
    """The listing with the generated sources in it, and what their templates read."""

    listing: Listing
    inputs: tuple[str, ...] = ()


def with_generated(config: Config, listing: Listing) -> Generated:
    """Run the site's page templates and add their pages to ``listing`` (its problems
    get the templates' warnings)."""
    generator = site_generator(config)
    if generator is None or not listing.templates:
        return Generated(listing)
    folders = tuple(language.folder for language in config.languages if language.folder)
    root = config.cache_dir / GENERATED_FOLDER
    pages: dict[str, str] = {}
    inputs: list[str] = []
    problems: list[Problem] = []
    for rel in sorted(listing.templates):
        try:
            run = generator.run_page_template(
                config.root, config.content_dir, rel, folders, config.page_ids
            )
        except Exception as exc:  # a bug costs the template's pages, not the build
            if debugging():
                raise
            problems.append(_warning(rel, internal_error(exc, "running this template")))
            continue
        inputs += run.inputs
        problems += run.problems
        made: dict[str, str] = {}
        try:
            for page in run.pages:
                if _is_listed(listing, page.rel):
                    message = f"page {page.rel} is also a content file: the file is read"
                    problems.append(_warning(rel, message))
                    continue
                made[page.rel] = _written(root, page.rel, page.text.encode("utf-8"))
        except OSError as exc:
            problems.append(_warning(rel, f"its pages cannot be written in {root}: {exc.strerror}"))
            continue
        pages.update(made)
    # A page left behind is harmless: only the pages listed here are read.
    with contextlib.suppress(OSError):
        _remove_others(root, set(pages.values()))
    return Generated(listing.with_sources(pages, problems), tuple(dict.fromkeys(inputs)))


def _warning(rel: str, message: str) -> Problem:
    return Problem(rel, None, Severity.WARNING, "page-template", message)


def _is_listed(listing: Listing, rel: str) -> bool:
    """Whether a content file is the page at ``rel`` (any suffix)."""
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    return any(n.rsplit(".", 1)[0] == stem for n in listing.names.get(folder, ()))


def _written(root: Path, rel: str, data: bytes) -> str:
    """The page's file under ``root``, written when its bytes differ."""
    path = root / rel
    try:
        if path.read_bytes() == data:
            return str(path)
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return str(path)


def _remove_others(root: Path, kept: set[str]) -> None:
    """Pages no template makes any more (their sources are gone, as a deleted file's)."""
    if not root.is_dir():
        return
    for folder, _, files in os.walk(root, topdown=False):
        for name in files:
            path = os.path.join(folder, name)
            if path not in kept:
                os.unlink(path)
        if folder != str(root) and not os.listdir(folder):
            os.rmdir(folder)
