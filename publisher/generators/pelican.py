"""Pelican: its settings, metadata from paths, pages, slugs, dates and link markers.

Each rule follows Pelican's own code (getpelican/pelican): which files are articles
(``generators.py`` ``get_files`` with ``ARTICLE_PATHS``/``ARTICLE_EXCLUDES``/
``PAGE_PATHS``/``IGNORE_FILES``), the metadata a path gives (``readers.py``
``default_metadata``, ``path_metadata``, ``parse_path_metadata``: ``DEFAULT_METADATA``,
``DEFAULT_CATEGORY``, ``DEFAULT_DATE``, ``EXTRA_PATH_METADATA``, ``FILENAME_METADATA``,
``PATH_METADATA``, the folder as category), slugs (``contents.py``: an explicit slug as
written, else ``SLUGIFY_SOURCE`` through ``utils.slugify``), dates (``utils.get_date``)
and intrasite links (``contents.py`` ``_link_replacer``).
"""

from __future__ import annotations

import contextlib
import fnmatch
import posixpath
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from publisher.dates import parse_date
from publisher.errors import ConfigError
from publisher.generators import markdown_settings
from publisher.generators.base import (
    Layout,
    SiteFacts,
    SiteFiles,
    SiteGenerator,
    TemplateSite,
    TemplateWarning,
)
from publisher.generators.pelican_settings import DEVELOPMENT, PRODUCTION, read_settings_file
from publisher.generators.pelican_values import DEFAULT_SUBSTITUTIONS, get_date, slugify
from publisher.generators.site_config import feed_limit
from publisher.generators.templating import code_regions, inside
from publisher.model import SourceDoc

# Pelican's default FEED_MAX_ITEMS (pelican/settings.py).
DEFAULT_FEED_MAX_ITEMS = 100
# The suffixes Pelican's readers take (MarkdownReader, RstReader).
SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".rst")
# The settings the build rules read (what a change of them invalidates).
RULE_SETTINGS = frozenset(
    {"ARTICLE_PATHS", "ARTICLE_EXCLUDES", "PAGE_PATHS", "IGNORE_FILES"}
    | {"USE_FOLDER_AS_CATEGORY", "DEFAULT_CATEGORY", "DEFAULT_METADATA", "DEFAULT_DATE"}
    | {"FILENAME_METADATA", "PATH_METADATA", "EXTRA_PATH_METADATA", "SLUGIFY_SOURCE"}
    | {"SLUG_REGEX_SUBSTITUTIONS", "CATEGORY_REGEX_SUBSTITUTIONS", "SLUGIFY_PRESERVE_CASE"}
    | {"SLUGIFY_USE_UNICODE", "STATIC_PATHS", "DEFAULT_LANG", "READERS"}
)
# ARTICLE_URL placeholders copied into article_url: Pelican's name -> ours.
_URL_PLACEHOLDERS = {"slug": "{slug}", "category": "{category}", "filename": "{file}"}
_NOT_PELICANS = ("permalink", "categories")
_DATE_PARTS = {"%Y": "{year}", "%m": "{month}", "%d": "{day}"}
_PLACEHOLDER = re.compile(r"\{(?P<name>\w+)(?::(?P<spec>[^{}]*))?\}")
_MARKER = re.compile(
    r"(?:\{|\|)(?P<kind>filename|static|attach|tag|category|author|index)(?:\}|\|)"
)
_TARGET = re.compile(r"[^\s)\"'<>]*")
# In an HTML body (reStructuredText's), Pelican's own rule: a marker only at the start of
# a quoted URL attribute (contents.py _get_intrasite_link_regex).
_ATTRIBUTE = re.compile(
    r"""(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*["']$""", re.I
)
_HTML_SUFFIXES = (".rst", ".html", ".htm")
# The ASF's extract_date_from_filename plugin, the one source of a {filename} placeholder
# in ARTICLE_URL (Pelican itself has none: the format would fail without it).
_ASF_FILENAME = re.compile(r"(\d{4}-\d{2}-\d{2})-([-_.a-zA-Z0-9]*).md")


@dataclass(frozen=True, slots=True)
class PelicanRules:
    """The settings Pelican's rules read, with Pelican's defaults (pelican/settings.py)."""

    article_paths: tuple[str, ...] = ("",)
    article_excludes: tuple[str, ...] = ()
    page_paths: tuple[str, ...] = ("pages",)
    ignore_files: tuple[str, ...] = ("**/.*",)
    use_folder_as_category: bool = True
    default_category: str = "misc"
    default_metadata: tuple[tuple[str, object], ...] = ()
    default_date: object = None
    filename_metadata: str = r"(?P<date>\d{4}-\d{2}-\d{2}).*"
    path_metadata: str = ""
    extra_path_metadata: tuple[tuple[str, object], ...] = ()
    slugify_source: str = "title"
    slug_substitutions: tuple[tuple[str, str], ...] = DEFAULT_SUBSTITUTIONS
    category_substitutions: tuple[tuple[str, str], ...] | None = None
    preserve_case: bool = False
    use_unicode: bool = False
    # Extensions whose reader READERS turns off (``{'html': None}``): no such file is read.
    readers_off: tuple[str, ...] = ()

    @classmethod
    def of(cls, settings: Mapping[str, object]) -> PelicanRules:
        """The rules ``settings`` (as ``build_settings`` reads them) give; a setting of
        the wrong shape keeps Pelican's default, as Pelican's own checks do."""
        rules = cls()
        changes: dict[str, object] = {}
        for key, name in (
            ("ARTICLE_PATHS", "article_paths"),
            ("ARTICLE_EXCLUDES", "article_excludes"),
            ("PAGE_PATHS", "page_paths"),
            ("IGNORE_FILES", "ignore_files"),
        ):
            value = settings.get(key)
            if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
                changes[name] = value
        for key, name in (
            ("USE_FOLDER_AS_CATEGORY", "use_folder_as_category"),
            ("SLUGIFY_PRESERVE_CASE", "preserve_case"),
            ("SLUGIFY_USE_UNICODE", "use_unicode"),
        ):
            if isinstance(settings.get(key), bool):
                changes[name] = settings[key]
        for key, name in (
            ("DEFAULT_CATEGORY", "default_category"),
            ("FILENAME_METADATA", "filename_metadata"),
            ("PATH_METADATA", "path_metadata"),
            ("SLUGIFY_SOURCE", "slugify_source"),
        ):
            if isinstance(settings.get(key), str):
                changes[name] = settings[key]
        if "FILENAME_METADATA" in settings and settings["FILENAME_METADATA"] is None:
            changes["filename_metadata"] = ""
        for key, name in (
            ("DEFAULT_METADATA", "default_metadata"),
            ("EXTRA_PATH_METADATA", "extra_path_metadata"),
        ):
            pairs = settings.get(key)
            if isinstance(pairs, tuple) and all(_is_pair(p) for p in pairs):
                changes[name] = pairs
        if "DEFAULT_DATE" in settings:
            changes["default_date"] = settings["DEFAULT_DATE"]
        readers = settings.get("READERS")
        if isinstance(readers, tuple) and all(_is_pair(p) for p in readers):
            changes["readers_off"] = tuple(ext.lower() for ext, cls in readers if cls is None)
        for key, name in (
            ("SLUG_REGEX_SUBSTITUTIONS", "slug_substitutions"),
            ("CATEGORY_REGEX_SUBSTITUTIONS", "category_substitutions"),
        ):
            pairs = settings.get(key)
            if isinstance(pairs, tuple) and all(
                isinstance(p, tuple) and len(p) == 2 and all(isinstance(s, str) for s in p)
                for p in pairs
            ):
                changes[name] = pairs
        return replace(rules, **changes)  # type: ignore[arg-type]


def _is_pair(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)


class Pelican(SiteGenerator):
    """Pelican: the folder is the category, ``pages/`` are pages, ``{filename}`` links."""

    language_in_links = False  # ARTICLE_LANG_URL (translation_url) places it

    name = "pelican"
    title = "Pelican"
    # publishconf.py holds the production SITEURL; pelicanconf.py the rest.
    config_files = (DEVELOPMENT, PRODUCTION)
    layout = Layout(
        "content",
        "{base_url}/{slug}.html",
        "Pelican: Markdown and reStructuredText with `Title:`/`Date:` metadata; the folder\n"
        "# is the category, content/pages/ are pages (not in feeds), `Status: draft` is never\n"
        "# published. The settings its rules need are read from pelicanconf.py/publishconf.py.",
    )
    pages_folder = "pages"
    skips_undated = True
    # SUMMARY_MAX_LENGTH's default; the summary plugin's marker, and WordPress's.
    summary_words = 50
    summary_separators = ("<!-- PELICAN_END_SUMMARY -->", "<!--more-->")
    source_suffixes = (".rst", ".mkd", ".mdown")

    def __init__(self, rules: PelicanRules | None = None) -> None:
        self.rules = rules or PelicanRules()

    # The site -----------------------------------------------------------------------

    def read_site_facts(self, root: Path) -> SiteFacts:
        try:
            production = _file_settings(root, PRODUCTION)
            development = _file_settings(root, DEVELOPMENT)
        except ConfigError:
            return SiteFacts()
        settings = {**development, **production}  # what `pelican -s publishconf.py` reads

        def first_text(key: str) -> str:
            for found in (production, development):
                value = found.get(key)
                if isinstance(value, str) and value.strip():
                    return value.strip()
            return ""

        limit = settings.get("FEED_MAX_ITEMS", DEFAULT_FEED_MAX_ITEMS)
        return SiteFacts(
            title=_text(settings.get("SITENAME")),
            # publishconf.py's SITEURL = '' (relative URLs) names no address: the other
            # file's, when it has one, is the site's.
            base_url=first_text("SITEURL").rstrip("/"),
            timezone=_text(settings.get("TIMEZONE")),
            content_dir=_text(settings.get("PATH")).rstrip("/"),
            article_url=article_url(_text(settings.get("ARTICLE_URL")) or "{slug}.html"),
            feed_limit=feed_limit(limit) if limit is not None else None,
            language=language_tag(_text(settings.get("DEFAULT_LANG")) or "en"),
            translation_url=article_url(
                _text(settings.get("ARTICLE_LANG_URL")) or "{slug}-{lang}.html"
            ),
            summary_words=_words(settings.get("SUMMARY_MAX_LENGTH")),
            markdown=markdown_settings.pelican(settings),
        )

    def build_settings(self, root: Path) -> dict[str, object]:
        settings = {**_file_settings(root, DEVELOPMENT), **_file_settings(root, PRODUCTION)}
        return {key: value for key, value in settings.items() if key in RULE_SETTINGS}

    def configured(self, settings: Mapping[str, object]) -> SiteGenerator:
        return Pelican(PelicanRules.of(settings))

    # A source's file ----------------------------------------------------------------

    def is_page(self, rel: str, files: SiteFiles, rules: object = None) -> bool:
        """Anything Pelican reads as no article: pages (``PAGE_PATHS``), files outside
        ``ARTICLE_PATHS``, in ``ARTICLE_EXCLUDES`` or ``IGNORE_FILES``."""
        return not self.is_article(rel)

    def reads(self, rel: str) -> bool:
        return self.is_article(rel)

    def is_article(self, rel: str) -> bool:
        """Whether Pelican's ArticlesGenerator reads the file at ``rel`` (``get_files``)."""
        rules = self.rules
        parts = rel.split("/")
        if any(fnmatch.fnmatch(part, pattern) for part in parts for pattern in rules.ignore_files):
            return False
        if rules.readers_off and parts[-1].rpartition(".")[2].lower() in rules.readers_off:
            return False  # Readers: an extension mapped to None has no reader
        folders = ["/".join(parts[:depth]) for depth in range(1, len(parts))]
        # Pelican adds PAGE_PATHS to ARTICLE_EXCLUDES; excludes are folders.
        excluded = {_clean(p) for p in (*rules.article_excludes, *rules.page_paths)} - {""}
        if excluded.intersection(folders):
            return False
        return any(_under(rel, _clean(path)) for path in rules.article_paths)

    # Its fields -----------------------------------------------------------------------

    def prefill(self, fields: MutableMapping[str, object], rel: str) -> None:
        """The metadata Pelican gives a source from its settings and its path, below what
        the source itself says (``Readers.read_file``'s order)."""
        # Jekyll's names mean nothing to Pelican (sites moved from Jekyll keep them):
        # its category is `category` (else the folder), its own URL `url`.
        for name in _NOT_PELICANS:
            fields.pop(name, None)
        rules = self.rules
        found: dict[str, object] = {}
        for key, value in rules.default_metadata:
            found[key.lower()] = value
        if rules.default_category:
            found["category"] = rules.default_category
        if isinstance(rules.default_date, str) and rules.default_date != "fs":
            found["date"] = rules.default_date
        elif isinstance(rules.default_date, tuple) and rules.default_date:
            with contextlib.suppress(TypeError, ValueError):
                found["date"] = datetime(*rules.default_date)
        for path, extra in sorted(rules.extra_path_metadata, key=lambda pair: str(pair[0])):
            if isinstance(extra, tuple) and _under(rel, _clean(path)):
                found.update((str(k), v) for k, v in extra if isinstance(k, str))
        found.update(self._path_metadata(rel))
        for key, value in found.items():
            if fields.get(key) in (None, "", []):
                fields[key] = value

    def _path_metadata(self, rel: str) -> dict[str, object]:
        """``FILENAME_METADATA``, ``PATH_METADATA`` and the folder as category: the first
        to give a name wins (``parse_path_metadata``)."""
        rules = self.rules
        folder, _, name = rel.rpartition("/")
        stem = posixpath.splitext(name)[0]
        checks = [(rules.filename_metadata, stem), (rules.path_metadata, rel)]
        if rules.use_folder_as_category:
            checks.append(("(?P<category>.*)", posixpath.basename(folder)))
        found: dict[str, object] = {}
        for pattern, text in checks:
            if not pattern or not text:
                continue
            try:
                match = re.match(pattern, text)
            except re.error:
                continue
            if match:
                for key, value in match.groupdict().items():
                    if value is not None and key.lower() not in found:
                        found[key.lower()] = value
        return found

    def read_date(self, value: object, tz: tzinfo) -> datetime:
        """``utils.get_date``, after ``_`` becomes a space (Pelican's ``date`` processor),
        for text; a naive result is in the site's zone."""
        if isinstance(value, str):
            value = get_date(value.replace("_", " "))
        return parse_date(value, tz)

    def urlize(self, text: str) -> str:
        rules = self.rules
        return slugify(
            text,
            rules.slug_substitutions,
            preserve_case=rules.preserve_case,
            use_unicode=rules.use_unicode,
        )

    def slug(self, explicit: str | None, rel: str, title: str) -> str:
        """An explicit slug as written; else ``SLUGIFY_SOURCE`` (the title, or the file
        name without its suffix) slugified."""
        if explicit:
            return explicit
        if self.rules.slugify_source == "basename":
            return self.urlize(PurePosixPath(rel).stem)
        return self.urlize(title)

    def translation_key(self, doc: SourceDoc, slug: str) -> tuple[str, bool]:
        """Pelican's ARTICLE_TRANSLATION_ID: articles sharing a slug are translations;
        ``translation: true`` says the source is one (then one with no other language
        is a translation of nothing: Pelican warns too)."""
        flag = doc.fields.get("translation")
        declared = str(flag).strip().lower() not in ("", "false", "none")
        return slug, declared and flag is not None

    def url_file(self, rel: str) -> str:
        """``{filename}`` as the ASF's extract_date_from_filename plugin sets it: the name
        after its date, or the whole file name when it is not ``YYYY-MM-DD-name.md``."""
        name = PurePosixPath(rel).name
        match = _ASF_FILENAME.match(name)
        return match.group(2) if match else name

    def url_category(self, category: str) -> str:
        """Pelican's ``Category.slug``: ``CATEGORY_REGEX_SUBSTITUTIONS`` or the slug's."""
        rules = self.rules
        substitutions = rules.category_substitutions
        if substitutions is None:
            substitutions = rules.slug_substitutions
        return slugify(
            category,
            substitutions,
            preserve_case=rules.preserve_case,
            use_unicode=rules.use_unicode,
        )

    def split_categories(self, value: object, *, field: str) -> list[object]:
        """A Pelican article has one category, written as text."""
        if isinstance(value, list) and field == "category" and value:
            return [value[0]]
        return super().split_categories(value, field=field)

    def default_categories(self, rel: str) -> list[str] | None:
        """Pelican always names one (``DEFAULT_CATEGORY``); with it empty, none."""
        return []

    # Its body -----------------------------------------------------------------------

    def expand(self, body: str, site: TemplateSite) -> tuple[str, list[TemplateWarning]]:
        """``{filename}``, ``{static}`` and friends in link targets, as Pelican writes
        them."""
        if "{" not in body and "|" not in body:
            return body, []
        return _markers(body, site)

    def find_source(self, target: str, from_rel: str, files: SiteFiles) -> str | None:
        """The source at ``target``: relative to the referring file, or to the content
        folder when it starts with ``/`` (``_link_replacer``); the path as written,
        then unquoted."""
        for path in dict.fromkeys((target, unquote(target))):
            rel = _linked_path(path.split("#", 1)[0].split("?", 1)[0], from_rel)
            if rel is None:
                continue
            found = files.source(rel)
            if found is not None and PurePosixPath(found).suffix.lower() in SOURCE_SUFFIXES:
                return found
        return None


def _words(value: object) -> int:
    """SUMMARY_MAX_LENGTH, when the site sets one other than Pelican's 50."""
    count = feed_limit(value) or 0
    return 0 if count == Pelican.summary_words else count


PELICAN = Pelican()


def _file_settings(root: Path, name: str) -> dict[str, object]:
    path = root / name
    return read_settings_file(path) if path.is_file() else {}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _clean(path: str) -> str:
    cleaned = posixpath.normpath(path.replace("\\", "/")).strip("/")
    return "" if cleaned == "." else cleaned


def _under(rel: str, path: str) -> bool:
    return not path or rel == path or rel.startswith(path + "/")


def article_url(pattern: str) -> str:
    """Pelican's ARTICLE_URL as an article_url; '' when it uses a placeholder publisher
    cannot fill (the default is then used, and ``init`` says so)."""
    out: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(pattern):
        out.append(pattern[position : match.start()])
        name, spec = match["name"], match["spec"]
        if name == "date" and spec in _DATE_PARTS:
            out.append(_DATE_PARTS[spec])
        elif name == "date" and spec is not None:
            out.append(match.group())
        elif name in _URL_PLACEHOLDERS and spec is None:
            out.append(_URL_PLACEHOLDERS[name])
        elif name == "lang" and spec is None:
            out.append("{lang}")
        else:
            return ""
        position = match.end()
    out.append(pattern[position:])
    return "{base_url}/" + "".join(out).lstrip("/")


def language_tag(value: str) -> str:
    """Pelican's DEFAULT_LANG as a language tag (``zh_CN`` -> ``zh-CN``, ``En`` -> ``en``);
    '' for a name that is none (``English``)."""
    parts = value.replace("_", "-").split("-")
    if not re.fullmatch(r"[A-Za-z]{2,3}", parts[0]) or not all(
        re.fullmatch(r"[A-Za-z0-9]{1,8}", p) for p in parts[1:]
    ):
        return ""
    tag = [parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]]
    return "-".join(tag)


def _linked_path(path: str, from_rel: str) -> str | None:
    """A marker's path relative to the content folder; None when it leaves it."""
    if not path:
        return None
    joined = path[1:] if path.startswith("/") else posixpath.join(posixpath.dirname(from_rel), path)
    cleaned = posixpath.normpath(joined)
    if cleaned == "." or cleaned.startswith("../") or cleaned == "..":
        return None
    return cleaned


def _markers(body: str, site: TemplateSite) -> tuple[str, list[TemplateWarning]]:
    """Pelican's ``{filename}``, ``{static}`` and friends in link targets."""
    in_html = site.rel.lower().endswith(_HTML_SUFFIXES)
    code = [] if in_html else code_regions(body)
    warnings: list[TemplateWarning] = []
    out: list[str] = []
    position = 0
    for match in _MARKER.finditer(body):
        if match.start() < position or inside(match.start(), code):
            continue
        if in_html and not _ATTRIBUTE.search(body, max(0, match.start() - 40), match.start()):
            continue
        target = _TARGET.match(body, match.end())
        path = target.group() if target else ""
        end = target.end() if target else match.end()
        out.append(body[position : match.start()])
        kind = match["kind"]
        url: str | None
        if kind in ("filename", "static", "attach"):
            url = _linked_url(kind, path, site)
            if url is None:
                line = body.count("\n", 0, match.start()) + 1
                url = None if kind == "filename" else _unfound_static(path, site)
                if url is None:
                    warnings.append((line, f"{{{kind}}}{path}: no such page; link removed"))
                    url = ""
                else:
                    warnings.append((line, f"{{{kind}}}{path}: no such file"))
        elif kind == "index":
            url = site.base_url + "/index.html" + path
        else:
            url = f"{site.base_url}/{kind}/{path.strip('/')}.html"
        out.append(url)
        position = end
    out.append(body[position:])
    return "".join(out), warnings


def _linked_url(kind: str, path: str, site: TemplateSite) -> str | None:
    """The URL of what ``{filename}``/``{static}``/``{attach}`` + ``path`` names: an
    article's link, or a static file's (``STATIC_URL = '{path}'``: its path under the
    content folder; with ``{attach}``, beside the article that links it)."""
    if kind == "filename":
        url = site.resolve(path)
        if url is not None:
            return url
    bare, _, rest = path.partition("#")
    anchor = f"#{rest}" if rest else ""
    bare, query_mark, query = bare.partition("?")
    suffix = (f"?{query}" if query_mark else "") + anchor
    for candidate in dict.fromkeys((bare, unquote(bare))):
        rel = _linked_path(candidate, site.rel)
        if rel is None or not site.files.is_file(rel):
            continue
        if kind == "attach" and site.link:
            return _attached(rel, site) + suffix
        return f"{site.base_url}/{rel}{suffix}"
    return None


def _unfound_static(path: str, site: TemplateSite) -> str | None:
    """Where a static file that is not there would be (its path under the content
    folder): the link a reader follows once it is added."""
    rel = _linked_path(path.split("#", 1)[0].split("?", 1)[0], site.rel)
    return None if rel is None else f"{site.base_url}/{rel}"


def _attached(rel: str, site: TemplateSite) -> str:
    """``Static.attach_to``: the file goes beside the article's output, keeping its place
    under the article's folder (or as a sibling when it lives elsewhere)."""
    source_dir = posixpath.dirname(site.rel)
    tail = posixpath.relpath(rel, source_dir or ".")
    if tail.startswith("../"):
        tail = posixpath.basename(tail)
    link_dir = site.link.rsplit("/", 1)[0]
    return f"{link_dir}/{tail}"
