"""Hugo's content adapters: each ``_content.gotmpl`` under the content folder run as
Hugo runs it (Hugo 0.126 and later), each page it adds given as the content file that
would say the same (``base.GeneratedPage``), so that every rule of a content file applies.

A page's ``path`` is relative to the adapter's folder, joined and cleaned, lowercased
and with spaces as hyphens (Hugo's ``NormalizePathStringBasic``); a ``page`` is the file
``<path>.md`` (``.html`` for ``text/html`` content), a ``section`` the section page
``<path>/_index.md``. Its ``title``, ``slug``, ``url``, ``weight``, ``draft``, ``build``
options, ``summary``, ``description``, ``dates`` (date, publishDate, lastmod,
expiryDate) become front matter; of its ``params`` the ones publisher reads of a content
file (tags, an id, an author, an image...) do too, the others stay Hugo's.

An adapter that uses what needs Hugo itself (partials, the network) or fails is left
out whole, with one warning naming its file and line; the rest of the site builds.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from publisher.errors import Problem, Severity
from publisher.generators.base import GeneratedPage, TemplateRun
from publisher.generators.fields import PAGE_TEMPLATE
from publisher.generators.gotemplate import (
    Function,
    TemplateError,
    Unsupported,
    check_expanded,
    execute,
    go_string,
    parse,
)
from publisher.generators.hugo_functions import Scratch, SiteFolder, hugo_functions, read_data

# An adapter larger than this is no template we run.
MAX_ADAPTER_BYTES = 256 * 1024
# Pages one adapter may add.
MAX_PAGES = 100_000
# Content media types and the suffix of the content file that says the same.
_SUFFIXES = {"text/markdown": ".md", "text/html": ".html"}
# Keys of a page's map that are front matter of a content file (Hugo's PageConfig
# fields, matched without regard to case), as publisher spells them.
_PAGE_KEYS = {
    key.lower(): key
    for key in ("title", "linkTitle", "slug", "url", "weight", "draft", "build", "summary",
                "description", "headless", "translationKey", "keywords", "aliases", "cascade")
}  # fmt: skip
_DATE_KEYS = {key.lower(): key for key in ("date", "publishDate", "lastmod", "expiryDate")}
# Params that a content file's front matter would give publisher (Hugo keeps taxonomies
# and user values in params); Hugo's own page keys in params are only params there.
_PARAMS_READ = frozenset(
    {"tags", "categories", "category", "author", "authors", "id", "feed_id", "image",
     "images", "media", "link", "updated", "language", "translation_key"}
)  # fmt: skip
_ADAPTER_RULE = "hugo-content-adapter"


def run_adapter(
    site_root: Path,
    content_dir: Path,
    rel: str,
    *,
    urlize: Callable[[str], str],
    language_folders: Sequence[str] = (),
    ids: Mapping[str, str] | None = None,
) -> TemplateRun:
    """Run the adapter at ``rel`` (relative to ``content_dir``) in the site at
    ``site_root`` (Hugo's working directory: ``readDir`` and ``readFile`` paths are
    relative to it). ``language_folders``: the language content folders inside
    ``content_dir``, each its language's content root; ``ids``: pinned ids by page path
    (``Config.page_ids``), a page's ``id`` unless its params give one."""
    path = content_dir / rel
    folder = SiteFolder(site_root)
    own = str(path.resolve())
    try:
        if path.stat().st_size > MAX_ADAPTER_BYTES:
            raise TemplateError(f"larger than {MAX_ADAPTER_BYTES:,} bytes: not run")
        text = path.read_bytes().decode("utf-8")
        template = parse(text, rel)
        context = _Context(folder, _base(rel, language_folders))
        execute(template, context, {**hugo_functions(folder, urlize), **context.functions()})
        pages = tuple(
            _page(rel, where, kind, keys, ids or {})
            for where, (kind, keys) in context.pages.items()
        )
    except (TemplateError, UnicodeDecodeError, OSError) as exc:
        return TemplateRun(rel, (), (own, *sorted(folder.read)), (_warning(rel, exc),))
    skipped = [p for p in pages if p is None]
    found = tuple(p for p in pages if p is not None)
    problems: tuple[Problem, ...] = ()
    if skipped:
        problems = (Problem(rel, None, Severity.WARNING, _ADAPTER_RULE,
                            f"{len(skipped)} page(s) with content other than Markdown or HTML "
                            "left out"),)  # fmt: skip
    return TemplateRun(rel, found, (own, *sorted(folder.read)), problems)


def _warning(rel: str, exc: Exception) -> Problem:
    if isinstance(exc, Unsupported):
        message = f"content adapter not run, its pages left out: {exc.message}"
        line = exc.line
    elif isinstance(exc, TemplateError):
        message = f"content adapter failed, its pages left out: {exc.message}"
        line = exc.line
    elif isinstance(exc, UnicodeDecodeError):
        message, line = "content adapter is not UTF-8: its pages left out", None
    else:
        message = f"content adapter cannot be read: {getattr(exc, 'strerror', exc)}"
        line = None
    return Problem(rel, line, Severity.WARNING, _ADAPTER_RULE, message)


def _base(rel: str, language_folders: Sequence[str]) -> tuple[str, str]:
    """(the language folder the adapter is in, '' for none; the adapter's folder
    below it, as Hugo's logical path ``/docs``)."""
    folder = posixpath.dirname(rel)
    for language in sorted(language_folders, key=len, reverse=True):
        if language and (folder == language or folder.startswith(language + "/")):
            return language, "/" + folder[len(language) :].strip("/")
    return "", "/" + folder


@dataclass
class _Site:
    """``.Site`` and ``site`` in an adapter: its data files (Hugo gives an adapter a site
    without page collections)."""

    folder: SiteFolder
    _data: dict[str, object] | None = None
    template_name = "Site"

    @property
    def template_members(self) -> Mapping[str, object]:
        return {"Data": self.data}

    def data(self) -> dict[str, object]:
        if self._data is None:
            self._data = read_data(self.folder)
        return self._data


@dataclass
class _Context:
    """The dot of an adapter: ``.AddPage``, ``.AddResource``, ``.Site``, ``.Store``."""

    folder: SiteFolder
    base: tuple[str, str]
    pages: dict[str, tuple[str, Mapping[str, object]]] = field(default_factory=dict)
    store: Scratch = field(default_factory=Scratch)
    template_name = "ContentAdapter"

    def __post_init__(self) -> None:
        self.site = _Site(self.folder)

    def functions(self) -> dict[str, Function]:
        return {"site": lambda: self.site}

    @property
    def template_members(self) -> Mapping[str, object]:
        return {"AddPage": self.add_page, "AddResource": lambda spec: "",
                "Site": self.site, "Store": self.store}  # fmt: skip

    def add_page(self, spec: object) -> str:
        if not isinstance(spec, Mapping):
            raise TemplateError(f"AddPage takes a map, not {go_string(spec)}")
        keys = {str(k).lower(): v for k, v in spec.items()}
        raw = keys.get("path")
        if isinstance(raw, bool) or not isinstance(raw, str | int | float) or raw == "":
            raise TemplateError(f"AddPage: invalid path {go_string(raw)}")
        if "lang" in keys:
            raise TemplateError("AddPage: lang must not be set (a page is its adapter's language)")
        dates = keys.get("dates")
        if dates is not None and not isinstance(dates, Mapping):
            raise TemplateError(f"AddPage: dates must be a map, not {go_string(dates)}")
        for name, value in (dates or {}).items():
            if value is not None and not isinstance(value, datetime):
                raise TemplateError(
                    f"AddPage: dates.{name} must be a time (time.AsTime), not {go_string(value)}"
                )
        kind = str(keys.get("kind") or "page")
        if kind not in ("page", "section"):
            raise TemplateError(f"AddPage: kind {kind!r} is not supported")
        language, base = self.base
        logical = posixpath.normpath(posixpath.join(base, str(raw).lstrip("/")))
        logical = logical.lower().replace(" ", "-").strip("/")
        if not logical or logical == ".":
            raise TemplateError("AddPage: the empty path is the home page's")
        if len(self.pages) >= MAX_PAGES and logical not in self.pages:
            raise TemplateError(f"adds more than {MAX_PAGES:,} pages")
        where = f"{language}/{logical}" if language else logical
        self.pages[where] = (kind, keys)  # a later page at one path replaces it, as in Hugo
        return ""


def _page(
    template: str, where: str, kind: str, keys: Mapping[str, object], ids: Mapping[str, str]
) -> GeneratedPage | None:
    """The content file that says what the map ``keys`` says of the page at ``where``
    (relative to the content folder); None for content of another media type."""
    given = keys.get("content")
    content = {str(k).lower(): v for k, v in given.items()} if isinstance(given, Mapping) else {}
    media = str(content.get("mediatype") or "text/markdown")
    suffix = _SUFFIXES.get(media)
    if suffix is None:
        return None
    fields: dict[str, object] = {}
    params = keys.get("params")
    if isinstance(params, Mapping):
        for key, value in params.items():
            if str(key).lower() in _PARAMS_READ:
                fields[str(key)] = value
    for key, value in keys.items():
        if key in _PAGE_KEYS and value is not None:
            fields[_PAGE_KEYS[key]] = value
    dates = keys.get("dates")
    if isinstance(dates, Mapping):
        for key, value in dates.items():
            name = _DATE_KEYS.get(str(key).lower())
            if name and value not in (None, ""):
                fields[name] = value
    fields[PAGE_TEMPLATE] = template
    name = f"{where}/_index.md" if kind == "section" else f"{where}{suffix}"
    if name in ids and not any(key.lower() == "id" for key in fields):
        fields["id"] = ids[name]
    body = content.get("value")
    check_expanded(fields)
    text = json.dumps(fields, default=_json_value, ensure_ascii=False, indent=1, sort_keys=True)
    # JSON is YAML too: the front matter every Hugo content file may have (.md or .html)
    return GeneratedPage(name, f"---\n{text}\n---\n{'' if body is None else go_string(body)}")


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return go_string(value)
