"""The variables a Jekyll body's Liquid reads (``jekyll_liquid.py``): ``page`` (the
source's front matter with the site's defaults, and Jekyll's url, date, slug, path,
categories, tags) and ``site`` (``_config.yml``, ``site.data`` from ``_data/``,
``site.posts`` and the other collections' documents), each read from the site's files
once per build and only when a body asks (learned from Jekyll 4.3's ``drops/``,
``readers/data_reader.rb``, ``document.rb``).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, tzinfo
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from publisher.generators import jekyll_site
from publisher.generators.base import TemplateSite
from publisher.generators.jekyll_dates import parse_jekyll_date
from publisher.generators.jekyll_site import JekyllRules
from publisher.generators.jekyll_urls import (
    Post,
    generate_url,
    placeholders,
    post_name,
    titleize_slug,
)

DATA_BYTES = 16 * 1024 * 1024  # a _data file larger than this is not read
DOCUMENTS = 20_000  # documents a collection offers to site.<name>
DATA_DEPTH = 8  # folders within _data
_DATA_SUFFIXES = (".yml", ".yaml", ".json", ".csv", ".tsv")
_SKIPPED = "._#~"


class JekyllSite:
    """The site a build's bodies belong to, and what has been read of it."""

    def __init__(self, rules: JekyllRules | None) -> None:
        self.rules = rules
        self.root = Path(rules.source) if rules and rules.source else None
        self.read: dict[str, Any] = {}
        # How many times a body asked for the site's articles (an include rendered once
        # per build tells from it whether the bodies using it list them).
        self.listings = 0

    @cached_property
    def config(self) -> dict[str, Any]:
        if self.root is None:
            return {}
        try:
            return jekyll_site.read_config(self.root)
        except Exception:
            return {}

    @cached_property
    def zone(self) -> tzinfo:
        name, _ = jekyll_site.timezone(str(self.config.get("timezone") or ""))
        try:
            return ZoneInfo(name) if name else UTC
        except (ZoneInfoNotFoundError, ValueError):
            return UTC


class PageValues(Mapping[str, Any]):
    """``page``: the source's front matter (with the site's defaults), then Jekyll's own
    values. Its title, url and date are the article's; the front matter is read again
    only when the body asks for another value (most bodies ask for none)."""

    def __init__(self, jekyll: JekyllSite, site: TemplateSite) -> None:
        self._jekyll = jekyll
        self._site = site
        self._own: dict[str, Any] = {}
        title = site.page.get("title")
        if isinstance(title, str):
            self._own["title"] = title
        link = site.page.get("link") or site.page.get("url") or site.link
        if isinstance(link, str) and link:
            self._own["url"] = _site_path(link, site.base_url)
        when = site.page.get("date")
        if isinstance(when, str) and when:
            self._own["date"] = datetime.fromisoformat(when)

    @cached_property
    def _values(self) -> dict[str, Any]:
        site, rules = self._site, self._jekyll.rules
        page: dict[str, Any] = {}
        doc = site.files.read(site.rel) if site.rel else None
        path = rules.site_path(site.rel) if rules else site.rel
        if doc is not None:
            defaults = rules.defaults_for(path) if rules else {}
            page.update(jekyll_site.deep_merge(defaults, doc.fields))
        page.update(self._own)
        name = post_name(path.rpartition("_posts/")[2])
        page.setdefault("slug", name.slug if name else PurePosixPath(site.rel).stem)
        page["path"] = path
        page["id"] = page.get("url", "").removesuffix(".html")
        page.setdefault("collection", "posts")
        for key in ("categories", "tags"):
            value = page.get(key)
            page[key] = value.split() if isinstance(value, str) else list(value or [])
        return page

    def __getitem__(self, key: str) -> Any:
        if key in self._own:
            return self._own[key]
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _site_path(link: str, base_url: str) -> str:
    """``page.url``: the link's path under the site's address."""
    if base_url and link.startswith(base_url):
        return link[len(base_url) :] or "/"
    return link


class SiteValues(Mapping[str, Any]):
    """``site``: ``_config.yml``'s values, and what Jekyll reads from the site's files,
    read when first asked."""

    def __init__(self, jekyll: JekyllSite, site: TemplateSite, page: Mapping[str, Any]) -> None:
        self._jekyll = jekyll
        self._site = site
        self._page = page
        self._read: dict[str, Any] = {}

    def _value(self, key: str) -> Any:
        jekyll = self._jekyll
        if key in self._read:
            return self._read[key]
        config = jekyll.config
        value: Any
        if key == "time":
            value = self._page.get("date") or datetime(1970, 1, 1, tzinfo=UTC)
        elif key == "data":
            value = jekyll.read.get(key)
            if value is None:
                value = jekyll.read[key] = _data(jekyll)
        elif key in ("posts", "documents") or key in _collection_names(config):
            value = jekyll.read.get(key)
            if value is None:
                value = jekyll.read[key] = _documents(jekyll, key) if key != "documents" else []
        elif key == "url":
            value = config.get("url") or _origin(self._site.base_url)
        elif key == "baseurl":
            value = config.get("baseurl") or _base_path(self._site.base_url)
        elif key == "collections":
            value = [{"label": name} for name in _collection_names(config)]
        elif key in ("pages", "static_files", "html_pages", "categories", "tags"):
            value = [] if key not in ("categories", "tags") else {}
        else:
            value = config[key]
        self._read[key] = value
        return value

    def __getitem__(self, key: str) -> Any:
        names = ("time", "data", "posts", "url", "baseurl", "collections", "pages",
                 "static_files", "html_pages", "categories", "tags", "documents")  # fmt: skip
        rules = self._jekyll.rules
        if key in ("posts", "documents") or (rules is not None and key in rules.collections):
            # What it shows changes with any article: rendered again when one changes
            # (the other collections are part of the config's fingerprint).
            self._jekyll.listings += 1
            self._site.lists_articles()
        if (
            key in names
            or key in self._jekyll.config
            or key in _collection_names(self._jekyll.config)
        ):
            return self._value(key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._jekyll.config)

    def __len__(self) -> int:
        return len(self._jekyll.config)


def _origin(base_url: str) -> str:
    scheme, _, rest = base_url.partition("://")
    return f"{scheme}://{rest.partition('/')[0]}" if rest else base_url


def _base_path(base_url: str) -> str:
    _, _, rest = base_url.partition("://")
    return ("/" + rest.partition("/")[2]).rstrip("/") if "/" in rest else ""


def _collection_names(config: Mapping[str, Any]) -> tuple[str, ...]:
    declared = config.get("collections")
    if isinstance(declared, dict):
        return tuple(str(name) for name in declared)
    if isinstance(declared, list):
        return tuple(str(name) for name in declared)
    return ()


def _data(jekyll: JekyllSite) -> dict[str, Any]:
    """``site.data``: each file of ``_data/`` (YAML, JSON, CSV, TSV) by its name, folders
    as tables."""
    if jekyll.root is None:
        return {}
    folder_name = jekyll.config.get("data_dir")
    folder = jekyll.root / (
        folder_name if isinstance(folder_name, str) and folder_name else "_data"
    )
    return _data_folder(jekyll, folder, depth=0)


def _data_folder(jekyll: JekyllSite, folder: Path, depth: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if depth > DATA_DEPTH:
        return found
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        if entry.name[:1] in _SKIPPED:
            continue
        path = Path(entry.path)
        if entry.is_dir():
            found[entry.name] = _data_folder(jekyll, path, depth + 1)
        elif path.suffix.lower() in _DATA_SUFFIXES:
            found[path.stem] = _data_file(path)
    return found


def _data_file(path: Path) -> Any:
    import yaml

    from publisher.errors import SourceError
    from publisher.sources.libyaml import load_data

    try:
        if path.stat().st_size > DATA_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
        suffix = path.suffix.lower()
        if suffix == ".json":
            return json.loads(text)
        if suffix in (".csv", ".tsv"):
            rows = csv.DictReader(text.splitlines(), delimiter="\t" if suffix == ".tsv" else ",")
            return [dict(row) for row in rows]
        return load_data(text, str(path))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, csv.Error, SourceError):
        return None


def _documents(jekyll: JekyllSite, name: str) -> list[dict[str, Any]]:
    """``site.posts`` (newest first) or another collection's documents (by path), each
    with its front matter and Jekyll's url, date, title, slug, collection."""
    if jekyll.root is None:
        return []
    collections_dir = jekyll.config.get("collections_dir")
    base = (
        jekyll.root / collections_dir
        if isinstance(collections_dir, str) and collections_dir
        else jekyll.root
    )
    folder = base / f"_{name}"
    files: list[Path] = []
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if f[:1] not in _SKIPPED)
        files += [
            Path(top) / n for n in sorted(names) if n[:1] not in _SKIPPED and not n.endswith("~")
        ]
        if len(files) > DOCUMENTS:
            break
    docs = [doc for path in files[:DOCUMENTS] if (doc := _document(jekyll, base, path, name))]
    if name == "posts":
        docs.sort(key=lambda d: (d["date"], d["path"]), reverse=True)
    return docs


def _document(jekyll: JekyllSite, base: Path, path: Path, collection: str) -> dict[str, Any] | None:
    from publisher.errors import SourceError
    from publisher.sources.base import ReaderOptions
    from publisher.sources.markdown import MarkdownReader

    rel = path.relative_to(base).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith("---"):
        return None  # no front matter: a static file, no document
    try:
        doc = MarkdownReader().read(
            text, path=str(path), rel=rel, options=ReaderOptions(generator="jekyll")
        )
    except SourceError:
        return None
    rules = jekyll.rules
    values = jekyll_site.deep_merge(
        rules.defaults_for(rel, collection) if rules else {}, doc.fields
    )
    if values.get("published") is False:
        return None
    name = post_name(rel.removeprefix(f"_{collection}/"))
    when: datetime | None = None
    if "date" in values:
        with contextlib.suppress(ValueError):
            when = parse_jekyll_date(values["date"], jekyll.zone)
    elif name:
        with contextlib.suppress(ValueError):
            when = parse_jekyll_date(name.date, jekyll.zone)
    if collection == "posts" and name is None:
        return None
    stem = path.stem
    slug = values.get("slug") or (name.slug if name else stem)
    categories = values.get("categories") or []
    categories = categories.split() if isinstance(categories, str) else list(categories)
    template = _document_template(jekyll, values, collection)
    url = generate_url(template, placeholders(Post(
        path=rel, slug=str(slug), categories=[str(c) for c in categories],
        date=when or datetime(1970, 1, 1, tzinfo=jekyll.zone),
        output_ext=".html", collection=collection,
    )))  # fmt: skip
    document: dict[str, Any] = dict(values)
    if when is not None:  # Jekyll's is the build's time: see the module's docstring
        document["date"] = when
    document.update(
        url=url, slug=slug, collection=collection, path=rel, relative_path=rel,
        id=url.removesuffix(".html"), categories=categories,
    )  # fmt: skip
    document.setdefault("title", titleize_slug(name.slug if name else stem))
    document["content"] = doc.body
    return document


def _document_template(jekyll: JekyllSite, values: Mapping[str, Any], collection: str) -> str:
    from publisher.generators.jekyll_site import _collection_url, posts_permalink

    own = values.get("permalink")
    if isinstance(own, str) and own.strip():
        return own.strip()
    if collection == "posts":
        return posts_permalink(jekyll.config)
    declared = jekyll.config.get("collections")
    settings = declared.get(collection) if isinstance(declared, dict) else None
    if isinstance(settings, dict) and isinstance(settings.get("permalink"), str):
        return str(settings["permalink"])
    return _collection_url(str(jekyll.config.get("permalink") or "date"))
