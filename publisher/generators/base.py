"""What every site generator decides, as one interface.

A generator is a ``SiteGenerator`` subclass in a module of its own (``hugo.py``,
``jekyll.py``, ``pelican.py``), listed once in the registry (``publisher.generators``).
The base class gives each decision the answer of a generator with no rule of its own,
so a generator overrides only what it does differently. ``normalize`` asks these
questions with no generator at all (publisher's own sources) too: it then applies its
own rules and never calls into this module.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import ClassVar, Protocol

from publisher.generators.crossref import relative_source
from publisher.model import SourceDoc
from publisher.render.settings import MarkdownSettings

# (line within the body, 1-based; message)
TemplateWarning = tuple[int, str]
# Another source's path as the author wrote it -> its URL (None: no such source).
Resolve = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class Layout:
    """Where one generator keeps its sources and how it links an article, by default."""

    content_dir: str
    article_url: str
    note: str  # for the commented config ``publisher init --like`` writes


@dataclass(frozen=True, slots=True)
class SiteFacts:
    """What a generator's own config says about the site (empty when unknown)."""

    title: str = ""
    base_url: str = ""
    timezone: str = ""
    content_dir: str = ""
    article_url: str = ""
    section_urls: tuple[tuple[str, str], ...] = ()
    # How many items the generator's feed held: None when unlimited (Hugo's and Pelican's
    # default), so every published article was in it.
    feed_limit: int | None = None
    # How the generator renders the site's Markdown (its flavour's defaults when unknown).
    markdown: MarkdownSettings | None = None


@dataclass(frozen=True, slots=True)
class TemplateSite:
    """What rendering template syntax needs to know about the site and the page."""

    base_url: str
    resolve: Resolve


class SiteFiles(Protocol):
    """The site's source files, as a generator's rules look at them (a leaf bundle's
    index, the target of a cross reference). ``normalize`` reads no file itself: the
    build passes these in (``sources.site_files.SourceFolder`` reads the content folder).

    Paths are relative to the content folder, with ``/``.
    """

    def is_file(self, rel: str) -> bool:
        """Whether a file exists at ``rel``."""
        ...

    def source(self, rel: str) -> str | None:
        """The path of the file ``rel`` leads to (links followed) when it is a file
        inside the content folder, else None."""
        ...

    def named(self, name: str) -> str | None:
        """The first file called ``name`` anywhere in the content folder (in sorted
        order, hidden folders skipped), else None."""
        ...

    def read(self, rel: str) -> SourceDoc | None:
        """The Markdown source at ``rel``, parsed; None when it cannot be read."""
        ...


class NoOtherFiles:
    """A source read on its own: the site has no other file."""

    def is_file(self, rel: str) -> bool:
        return False

    def source(self, rel: str) -> str | None:
        return None

    def named(self, name: str) -> str | None:
        return None

    def read(self, rel: str) -> SourceDoc | None:
        return None


class SiteGenerator:
    """One site generator's rules: how it reads its config and its sources, names and
    dates a file, forms a slug, splits categories, renders its template syntax and
    finds the source a cross reference means."""

    name: ClassVar[str]  # as ``generator`` in publisher.toml and ``init --like`` take it
    title: ClassVar[str]  # as people write it
    # Its config files in the site's folder, the one it reads first first.
    config_files: ClassVar[tuple[str, ...]]
    layout: ClassVar[Layout]
    # A folder at the top of the content folder that holds pages, never articles.
    pages_folder: ClassVar[str | None] = None
    # Whether a source without a date is no article (the generator skips it).
    skips_undated: ClassVar[bool] = False
    # Whether the dates in its URLs are in the site's zone (else the article's own).
    url_dates_in_site_zone: ClassVar[bool] = False

    # The site ---------------------------------------------------------------------------

    def site_facts(self, root: Path) -> SiteFacts:
        """Title, URL, time zone and permalink style from the config in ``root``; an
        unreadable config only means no facts from it."""
        import yaml

        try:
            return self.read_site_facts(root)
        except (OSError, ValueError, yaml.YAMLError, tomllib.TOMLDecodeError):
            return SiteFacts()

    def read_site_facts(self, root: Path) -> SiteFacts:
        """``site_facts``, raising what reading the config raises."""
        raise NotImplementedError

    # A source's file --------------------------------------------------------------------

    def is_page(self, rel: str, files: SiteFiles) -> bool:
        """Whether the generator publishes the source at ``rel`` as no article (a page,
        a resource of another page): it is then no article of ours either."""
        return False

    def file_stem(self, rel: str) -> str:
        """The name the generator gives a source, from its path."""
        return PurePosixPath(rel).stem

    def file_date(self, rel: str) -> str | None:
        """The date a source's path gives it, if any."""
        return None

    # Its fields -------------------------------------------------------------------------

    def prefill(self, fields: MutableMapping[str, object], rel: str) -> None:
        """Fill in what the generator supplies for a source that lacks it, before our
        names are read from the generator's (``ALIASES``)."""

    def fallback_date(self, fields: MutableMapping[str, object], rel: str) -> object:
        """The date of a source that names none (None: it has none)."""
        return self.file_date(rel)

    def urlize(self, text: str) -> str:
        """The slug the generator puts in URLs for a file name, ``slug`` field or title."""
        raise NotImplementedError

    def slug(self, explicit: str | None, rel: str, title: str) -> str:
        """An article's slug, from its ``slug`` field if any ('' when nothing is left)."""
        return self.urlize(explicit or self.file_stem(rel))

    def split_categories(self, value: object, *, field: str) -> list[object]:
        """The categories one field names."""
        if isinstance(value, list):
            return list(value)
        return [value]

    def default_categories(self, rel: str) -> list[str] | None:
        """The categories of a source that names none; None to take its folder, as
        publisher does."""
        return None

    def url_section(self, section: str) -> str:
        """A section (first folder) as the generator writes it in URLs."""
        return section

    # Its body ---------------------------------------------------------------------------

    def expand(self, body: str, site: TemplateSite) -> tuple[str, list[TemplateWarning]]:
        """``body`` with the generator's template syntax rendered, and a warning per
        thing removed."""
        return body, []

    def find_source(self, target: str, from_rel: str, files: SiteFiles) -> str | None:
        """The source that ``target``, a cross reference written in ``from_rel``, means:
        relative to the referring file first, then to the content folder."""
        return relative_source(target, from_rel, files)
