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
from datetime import datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import quote

from publisher.dates import parse_date
from publisher.errors import Problem
from publisher.generators.crossref import relative_source
from publisher.generators.files import NoOtherFiles as NoOtherFiles
from publisher.generators.files import SiteFiles as SiteFiles
from publisher.generators.files import declared_translation_key as declared_translation_key
from publisher.model import SourceDoc
from publisher.render.settings import MarkdownSettings
from publisher.slugs import category_slug

if TYPE_CHECKING:
    from publisher.config import Config

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
class SiteLanguage:
    """One language of a translated site, as its generator's config names it."""

    code: str
    title: str = ""
    description: str = ""
    # Its sources' folder inside the content folder ('' : sources name their language).
    folder: str = ""
    # The tag its feeds carry, when the generator's feeds say more than the code.
    tag: str = ""
    # Its own address (Hugo's baseURL per language: a host of its own), '' for none.
    link: str = ""


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
    # How the generator renders the site's Markdown (its flavour's defaults when unknown).
    markdown: MarkdownSettings | None = None
    # Its summary settings where the site changed them (Jekyll's excerpt_separator,
    # Hugo's summaryLength, Pelican's SUMMARY_MAX_LENGTH); empty: the generator's own.
    summary_separator: str = ""
    summary_words: int = 0
    # The site's language as the generator's config names it (a BCP 47 tag), '' unknown.
    language: str = ""
    # What init tells the user about what it copied (a zone read another way, where the
    # item count comes from), one line each.
    notes: tuple[str, ...] = ()
    # Why the config names no address, and the one the site's files suggest, if any.
    missing_url: str = ""
    url_hint: str = ""
    # The generator's own settings a build needs (publisher.toml's
    # ``[generator_options]``), as ``SiteGenerator.configured`` takes them.
    options: Mapping[str, object] = field(default_factory=dict)
    # A translated site's languages, the default first (empty: one language), and the
    # link of an article in another language (Pelican's ARTICLE_LANG_URL), if its own.
    languages: tuple[SiteLanguage, ...] = ()
    translation_url: str = ""


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """A page a generator's template made (Hugo's content adapters), as the source file
    that says the same: its path relative to the content folder, and its text."""

    rel: str
    text: str


@dataclass(frozen=True, slots=True)
class TemplateRun:
    """What running one page template gave: its pages (none when it failed), every file
    and folder it read (absolute paths, the template's own first), and its warnings."""

    template: str
    pages: tuple[GeneratedPage, ...] = ()
    inputs: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class FrontMatterRules:
    """How a generator finds a source's front matter."""

    # The kinds it reads (``sources.frontmatter.Kind``).
    kinds: frozenset[str] = frozenset({"yaml", "toml", "json", "pelican"})
    # Blank lines, spaces and a byte order mark may come before it.
    after_blank: bool = False
    # A file with none is still a page: its whole text is the body.
    optional: bool = False
    # Any line starting with the delimiter closes it (``----------``: what follows the
    # first three characters starts the body).
    closed_by_prefix: bool = False


def _nothing() -> None:
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
    # The page's own values its template syntax may print (Liquid's page.title, page.url).
    page: Mapping[str, str] = field(default_factory=dict)
    # The generator's rules read from the site on every build (``Config.site_rules``).
    rules: object = None
    # Called when the body's template syntax lists the site's articles (its output then
    # depends on every source: ``files.EVERY_SOURCE``).
    lists_articles: Callable[[], None] = field(default=_nothing, repr=False, compare=False)


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
    # The name of the folders its posts live in, wherever they are (Jekyll's _posts): a
    # content folder that is not one itself holds sources only inside such folders.
    posts_folder: ClassVar[str | None] = None
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
    # Whether any front matter key is the theme's to read (Jekyll hands every key to its
    # layouts): then a key publisher does not know is no mistake worth a warning.
    theme_fields: ClassVar[bool] = False
    # How it finds front matter in a source.
    front_matter: ClassVar[FrontMatterRules] = FrontMatterRules()
    # Whether another language's articles live under its folder (``/fr/...``) when the
    # link pattern does not place the language itself (Jekyll: the permalink decides).
    language_in_links: ClassVar[bool] = True
    # Whether front matter keys are case-insensitive (``Title:`` is ``title``).
    keys_ignore_case: ClassVar[bool] = False
    # Names of the files in the content folder that make pages when the generator runs
    # them (Hugo's ``_content.gotmpl``): listed apart from sources (``run_page_template``).
    page_templates: ClassVar[tuple[str, ...]] = ()

    # Its settings ------------------------------------------------------------------------

    def check_options(self, options: Mapping[str, object]) -> None:
        """Refuse settings of publisher.toml's ``[generator_options]`` that the generator
        does not take (ValueError says why)."""
        if options:
            raise ValueError(f"{self.title} takes no settings here")

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
        """This generator with the site's settings applied: what ``build_settings`` read
        from its own config (Pelican), or publisher.toml's ``[generator_options]``
        (Hugo; ``check_options`` passed them). ``generators.site_generator`` applies
        both; each generator reads only the keys it knows."""
        return self

    def site_rules(self, root: Path, content_dir: Path) -> object:
        """What the generator's own config says about reading each source (Jekyll's front
        matter defaults), read by ``load_config`` on every build so that the feeds follow
        edits to it, and kept as ``Config.site_rules`` (its repr is part of the cache
        key). None when there is nothing; ConfigError when that config is broken."""
        return None

    def check_article_url(self, pattern: str) -> str | None:
        """What is wrong with ``pattern`` as this generator's ``article_url`` (None: nothing
        beyond publisher's own checks)."""
        return None

    def run_page_template(
        self,
        site_root: Path,
        content_dir: Path,
        rel: str,
        language_folders: tuple[str, ...],
        ids: Mapping[str, str],
    ) -> TemplateRun:
        """Run the page template at ``rel`` (one of ``page_templates``, relative to
        ``content_dir``) in the site at ``site_root``: the pages it makes, the files it
        read and its warnings (a template that cannot be run makes none and says why).
        ``ids``: the pages' pinned ids by their path (``Config.page_ids``), each given to
        its page as an ``id`` unless the template gives one."""
        return TemplateRun(rel)

    # A source's file --------------------------------------------------------------------

    def reads(self, rel: str) -> bool:
        """Whether the generator reads the source at ``rel`` as an article at all, by its
        path alone: one it never reads is not even parsed (its syntax is no concern)."""
        return True

    def article_folders(self, rules: object = None) -> tuple[str, ...]:
        """The folders (by name, at any depth) that hold the articles when the content
        folder is the whole site (Jekyll's ``_posts``); () for anywhere. ``rules`` are
        the site's (``site_rules``)."""
        return (self.posts_folder,) if self.posts_folder else ()

    def is_page(self, rel: str, files: SiteFiles, rules: object = None) -> bool:
        """Whether the generator publishes the source at ``rel`` as no article (a page,
        a resource of another page): it is then no article of ours either."""
        return False

    def path_language(self, rel: str) -> str:
        """The language a source's path names (Hugo's ``post.fr.md``), '' for none."""
        return ""

    def source_language(self, doc: SourceDoc) -> str:
        """The language a source is written in, as the generator reads it ('' : the
        site's): its path's, else its ``language`` (or ``lang``) field."""
        named = self.path_language(doc.rel)
        if named:
            return named
        for key in ("language", "lang"):
            value = doc.fields.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return ""

    def translation_key(self, doc: SourceDoc, slug: str) -> tuple[str, bool]:
        """What a source shares with its translations, and whether the source says so
        itself (then a key no other language shares is a mistake worth a warning):
        its ``translation_key`` (Hugo's ``translationKey``) field; ('', False) for none."""
        key = declared_translation_key(doc.fields)
        return key, bool(key)

    def file_stem(self, rel: str) -> str:
        """The name the generator gives a source, from its path."""
        return PurePosixPath(rel).stem

    def file_date(self, rel: str) -> str | None:
        """The date a source's path gives it, if any."""
        return None

    # Its fields -------------------------------------------------------------------------

    def site_defaults(self, fields: MutableMapping[str, object], rel: str, rules: object) -> None:
        """Fill in what the site's config gives a source (``rules``: ``site_rules``'s
        answer), as the generator does before it reads the source's own fields."""

    def own_fields(self, doc: SourceDoc, files: SiteFiles) -> SourceDoc:
        """``doc`` with its fields as the generator reads them (keys in its case, values
        it inherits from other files), before any rule looks at them."""
        return doc

    def untitled(self, rel: str) -> str | None:
        """The title of a source without one (None: a title is required)."""
        return None

    def prefill(self, fields: MutableMapping[str, object], rel: str) -> None:
        """Fill in what the generator supplies for a source that lacks it, before our
        names are read from the generator's (``ALIASES``)."""

    def fallback_date(self, fields: MutableMapping[str, object], rel: str) -> object:
        """The date of a source that names none (None: it has none)."""
        return self.file_date(rel)

    @property
    def orders_pages(self) -> bool:
        """Whether its feeds list articles in an order of its own (``page_order``)
        rather than newest first."""
        return False

    def page_order(self, doc: SourceDoc, published: datetime) -> bytes | None:
        """An article's place in the generator's own order when ``orders_pages``: a key
        compared bytewise, the smallest listed first (``Article.order``); else None."""
        return None

    def summary_separator(self, fields: Mapping[str, object]) -> str | None:
        """A source's own summary separator, from its front matter (None: the site's)."""
        return None

    def read_date(self, value: object, tz: tzinfo) -> datetime:
        """A date field's value as the generator reads it (``tz``: the site's zone, for
        values without one); DateError saying why when it cannot."""
        return parse_date(value, tz)

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

    def article_link(
        self, fields: Mapping[str, object], rel: str, when: datetime, config: Config
    ) -> str | None:
        """The generator's own link for an article (``when``: its date in the site's
        zone), or None for publisher's (an explicit link, else ``article_url``).
        ValueError saying why when the generator would refuse it."""
        return None

    def display_title(self, title: str, rules: object = None) -> str:
        """An article's title as the generator's feed shows it (``rules``:
        ``site_rules``'s answer)."""
        return title

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

    def link_path(self, doc: SourceDoc, when: datetime, files: SiteFiles) -> str:
        """The ``{path}`` placeholder: the source's folders and name, URL-escaped (a
        generator may give the whole path it links the page at)."""
        return quote(str(PurePosixPath(doc.rel).with_suffix("")))

    # Its body ---------------------------------------------------------------------------

    def expand(self, body: str, site: TemplateSite) -> tuple[str, list[TemplateWarning]]:
        """``body`` with the generator's template syntax rendered, and a warning per
        thing removed."""
        return body, []

    def find_source(self, target: str, from_rel: str, files: SiteFiles) -> str | None:
        """The source that ``target``, a cross reference written in ``from_rel``, means:
        relative to the referring file first, then to the content folder."""
        return relative_source(target, from_rel, files)
