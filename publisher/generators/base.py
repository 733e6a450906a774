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
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import ClassVar, Protocol

from publisher.generators.crossref import relative_source
from publisher.model import SourceDoc
from publisher.slugs import category_slug

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
    # How many items the generator's feed held (jekyll-feed's 10, Pelican's 100 unless
    # configured): None when unlimited (Hugo's default), so every article was in it.
    feed_limit: int | None = None
    # Its summary settings where the site changed them (Jekyll's excerpt_separator,
    # Hugo's summaryLength, Pelican's SUMMARY_MAX_LENGTH); empty: the generator's own.
    summary_separator: str = ""
    summary_words: int = 0
    # The site's language as the generator's config names it (a BCP 47 tag), '' unknown.
    language: str = ""


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


@dataclass(frozen=True, slots=True)
class TemplateSite:
    """What rendering template syntax needs to know about the site and the page."""

    base_url: str
    resolve: Resolve
    # The source whose body is rendered (relative to the content folder), its own link
    # ('' when not known yet) and the site's other files.
    rel: str = ""
    link: str = ""
    files: SiteFiles = field(default_factory=NoOtherFiles)


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
    # What ends a summary in a body (the first found wins), the length of an automatic
    # summary in words (0: the first paragraph), and whether a summary field wins over
    # a separator in the body (publisher.excerpts).
    summary_separators: ClassVar[tuple[str, ...]] = ("<!--more-->",)
    summary_words: ClassVar[int] = 0
    field_summary_first: ClassVar[bool] = False
    # Suffixes it reads besides publisher's own (``.rst``): read only in its sites.
    source_suffixes: ClassVar[tuple[str, ...]] = ()

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

    def build_settings(self, root: Path) -> dict[str, object]:
        """The settings of the generator's own config in ``root`` that its rules read when
        building (plain data: text, numbers, lists, tables). The config keeps them, so a
        change to them is a change of config for the cache. ConfigError naming the file
        when it cannot be read; none for a generator whose rules need none."""
        return {}

    def configured(self, settings: Mapping[str, object]) -> SiteGenerator:
        """This generator with ``build_settings``' answer for the site applied."""
        return self

    # A source's file --------------------------------------------------------------------

    def reads(self, rel: str) -> bool:
        """Whether the generator reads the source at ``rel`` as an article at all, by its
        path alone: one it never reads is not even parsed (its syntax is no concern)."""
        return True

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

    def summary_separator(self, fields: Mapping[str, object]) -> str | None:
        """A source's own summary separator, from its front matter (None: the site's)."""
        return None

    def read_date(self, text: str) -> object:
        """A date written as text in a source, read as the generator reads it: a datetime
        (naive: in the site's zone), or the text itself for publisher's own rules to
        read. ``publisher.dates.DateError`` when the generator cannot read it either."""
        return text

    def urlize(self, text: str) -> str:
        """The slug the generator puts in URLs for a file name, ``slug`` field or title."""
        raise NotImplementedError

    def url_file(self, rel: str) -> str:
        """A source's file name as the ``{file}`` placeholder of its link shows it."""
        return self.urlize(self.file_stem(rel))

    def url_category(self, category: str) -> str:
        """A category as the ``{category}`` placeholder of a link shows it."""
        return category_slug(category)

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
