"""A Jekyll site's ``_config.yml``, read as Jekyll reads it.

Two uses: ``init --like jekyll`` copies the site's facts into publisher.toml (title,
``url`` + ``baseurl``, the zone, the posts' permalink, jekyll-feed's item count), and
every build reads the rules that change how each post reads (``JekyllRules``: the front
matter ``defaults:`` by scope, ``unpublished``), so the feeds follow edits to them.
Learned from jekyll/jekyll 4.3 ``lib/jekyll/configuration.rb`` (defaults, styles, the
posts collection's permalink), ``lib/jekyll/frontmatter_defaults.rb`` (scopes and their
precedence), ``lib/jekyll/filters/url_filters.rb`` (``absolute_url``) and
jekyll/jekyll-feed 0.17 ``lib/jekyll-feed/feed.xml`` (``posts_limit``, default 10).
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from publisher.errors import ConfigError
from publisher.generators import site_config
from publisher.generators.jekyll_urls import post_template

CONFIG_NAME = "_config.yml"
# jekyll-feed's number of items when ``feed: posts_limit`` is not set.
FEED_POSTS_LIMIT = 10
# The first loop of a site's own feed template, and the item count it takes
# (``{% for post in site.posts limit:20 %}``).
_LOOP = re.compile(r"\{%-?\s*for\s[^%]*%\}")
_LIMIT = re.compile(r"\blimit\s*:\s*(\d+)")
# A collection a Liquid template names (``site.releases``).
_SITE_COLLECTION = re.compile(r"\bsite\.(\w+)")
_DEPRECATED_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}
# A POSIX TZ value with no rules, as glibc reads one Jekyll sets: NAME[+-]h[:mm].
_POSIX_TZ = re.compile(r"(?:[A-Za-z]{3,}|<[^>]+>)([+-]?)(\d{1,2})(?::(\d\d))?", re.ASCII)


@dataclass(frozen=True, slots=True)
class DefaultSet:
    """One entry of ``defaults:``: the values for the sources its scope covers."""

    path: str  # '' for every path; may hold glob characters
    type: str | None  # 'posts', 'pages', a collection; None for every type
    values: Mapping[str, Any]


class Memo(dict[str, Any]):
    """A build's shared reads (``JekyllRules.memo``). Never pickled: a pool worker gets
    its own, one per rules (``key``), kept for every job it is sent with them."""

    key: str = ""

    def __reduce__(self) -> tuple[Callable[[str], Memo], tuple[str]]:
        return (worker_memo, (self.key,))


@functools.lru_cache(maxsize=2)
def worker_memo(key: str) -> Memo:
    """The memo of the rules ``key`` names, in this process (``Memo.__reduce__``)."""
    memo = Memo()
    memo.key = key
    return memo


@dataclass(frozen=True, slots=True)
class JekyllRules:
    """What ``_config.yml`` says about reading each post (see the module's docstring)."""

    # The content folder as Jekyll names its posts' paths: '_posts' when publisher's
    # content folder is the site's _posts, '' when it is the site itself.
    posts_path: str = "_posts"
    defaults: tuple[DefaultSet, ...] = ()
    unpublished: bool = False
    markdown_exts: tuple[str, ...] = (".markdown", ".mkdown", ".mkdn", ".mkd", ".md")
    # What absolute_url puts before a post's URL: ``url`` as written, then ``baseurl``
    # (so ``url: https://x.github.io/`` gives ``https://x.github.io//2020/...``).
    link_prefix: str = ""
    # Whether the feed prints titles through smartify (jekyll-feed does; a site's own
    # feed template usually does not).
    smart_titles: bool = True
    # Collections other than posts whose documents the site's own feed template lists
    # (``site.releases | concat: site.posts``): each name and its URL template.
    collections: Mapping[str, str] = field(default_factory=dict)
    # The site's folder, where a body's Liquid finds ``_includes``, ``_data`` and the
    # collections (out of the repr: the cache keys name no absolute path) ...
    source: str = field(default="", repr=False)
    # ... and a digest of those files' names, sizes and times, so that an edit of one
    # changes the config's fingerprint: the bodies are rendered again.
    liquid_inputs: str = ""
    # What the bodies of one build share once read (the Liquid engine, the site's data
    # and collections, parsed includes): never compared, shown nor pickled.
    memo: Memo = field(default_factory=lambda: Memo(), repr=False, compare=False)

    def collection_of(self, path: str) -> str:
        """The listed collection a Jekyll relative path is a document of ('' for none)."""
        folder = path.partition("/")[0]
        name = folder[1:] if folder.startswith("_") and "/" in path else ""
        return name if name in self.collections else ""

    def link_base(self, base_url: str) -> str:
        """What a post's URL is appended to: ``link_prefix`` when it is the address
        publisher.toml names (written as Jekyll joins it), else that address."""
        written = re.sub(r"(?<!:)//+", "/", self.link_prefix).rstrip("/")
        if self.link_prefix and written == base_url:
            return self.link_prefix
        return base_url

    def site_path(self, rel: str) -> str:
        """A source's path (relative to publisher's content folder) as Jekyll's
        ``relative_path``."""
        return f"{self.posts_path}/{rel}" if self.posts_path else rel

    def defaults_for(self, path: str, kind: str = "posts") -> dict[str, Any]:
        """``FrontmatterDefaults#all``: the defaults of every scope covering ``path`` (a
        Jekyll relative path) merged, the most specific scope winning."""
        merged: dict[str, Any] = {}
        winner: DefaultSet | None = None
        for entry in self.defaults:
            if entry.type is not None and entry.type != kind:
                continue
            if not _covers(entry.path, path):
                continue
            if winner is None or _precedes(entry, winner):
                merged = deep_merge(merged, entry.values)
                winner = entry
            else:
                merged = deep_merge(entry.values, merged)
        return merged


def _covers(scope: str, path: str) -> bool:
    """Whether a scope's path covers ``path`` (a prefix; a glob matches folders)."""
    if not scope:
        return True
    if "*" not in scope:
        return path.startswith(scope)
    parts = path.split("/")
    prefixes = ("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    pattern = re.compile(fnmatch.translate(scope).replace(".*", "[^/]*"))
    return any(pattern.fullmatch(prefix) for prefix in prefixes)


def _precedes(new: DefaultSet, old: DefaultSet) -> bool:
    """``has_precedence?``: a longer scope path wins; on equal ones, a typed scope."""
    if len(new.path) != len(old.path):
        return len(new.path) >= len(old.path)
    return new.type is not None or old.type is None


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``Utils.deep_merge_hashes``: ``over`` wins, tables merge, a null keeps ``base``'s."""
    merged = dict(base)
    for key, value in over.items():
        if value is None and key in merged:
            continue
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def source_root(root: Path, content_dir: Path) -> Path:
    """The Jekyll site publisher.toml's folder ``root`` belongs to: ``root`` itself when
    it holds the config, else the first folder above the content folder that does."""
    if (root / CONFIG_NAME).is_file():
        return root
    for folder in (content_dir, *content_dir.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return root


def read_config(source: Path) -> dict[str, Any]:
    """``_config.yml`` as a table ({} when there is none); ConfigError naming the file and
    line when it is no YAML table (Jekyll stops too)."""
    import yaml

    path = source / CONFIG_NAME
    if not path.is_file():
        return {}
    shown = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ConfigError(f"not valid YAML: {exc.problem}", path=shown, line=line) from None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=shown) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("must be a table of settings", path=shown)
    return data


def rules(root: Path, content_dir: Path) -> JekyllRules:
    """The build's rules from the site's ``_config.yml`` (see ``JekyllRules``)."""
    source = source_root(root, content_dir)
    data = read_config(source)
    collections = site_config.text(data.get("collections_dir"))
    base = source / collections if collections else source
    try:
        posts_path = content_dir.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        posts_path = "_posts"
    exts = site_config.text(data.get("markdown_ext")) or "markdown,mkdown,mkdn,mkd,md"
    own_feed = _own_feed(source, data)
    articles = feed_collections(data, own_feed)
    found = JekyllRules(
        collections=articles,
        posts_path="" if posts_path == "." else posts_path,
        defaults=_default_sets(data.get("defaults"), collections),
        unpublished=data.get("unpublished") is True,
        markdown_exts=tuple("." + e.strip().lower() for e in exts.split(",") if e.strip()),
        link_prefix=_link_prefix(data.get("url"), data.get("baseurl")),
        smart_titles=own_feed is None or "smartify" in own_feed,
        source=str(source),
        liquid_inputs=liquid_inputs(source, data, articles),
    )
    # What names these rules in a worker: the same rules (the digest of the files Liquid
    # reads among them) of the same site share what was read.
    found.memo.key = f"{source}\0{found!r}"
    return found


def liquid_inputs(source: Path, data: Mapping[str, Any], articles: Collection[str] = ()) -> str:
    """A digest of what a body's Liquid may read besides its own file: the names, sizes
    and modification times of the files under ``_includes``, ``_data`` and each declared
    collection's folder ('' when there are none). Stats only: a build lists them.

    Collections read as articles (``articles``) stay out, as posts do: the digest is part
    of the config's fingerprint, so an edit of one article would otherwise render every
    body again."""
    import hashlib
    import os

    folders = [site_config.text(data.get("includes_dir")) or "_includes",
               site_config.text(data.get("data_dir")) or "_data"]  # fmt: skip
    declared = data.get("collections")
    names = list(declared) if isinstance(declared, dict | list) else []
    collections = site_config.text(data.get("collections_dir"))
    folders += [f"{collections}/_{name}" if collections else f"_{name}" for name in names
                if str(name) != "posts" and str(name) not in articles]  # fmt: skip
    digest = hashlib.sha256()
    seen = False
    for folder in folders:
        for top, subfolders, files in os.walk(source / folder):
            subfolders.sort()
            for name in sorted(files):
                try:
                    stat = os.stat(os.path.join(top, name))
                except OSError:
                    continue
                seen = True
                path = os.path.relpath(os.path.join(top, name), source)
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode(
                    "utf-8", "surrogateescape"))  # fmt: skip
    return digest.hexdigest()[:32] if seen else ""


def _link_prefix(url: object, baseurl: object) -> str:
    """``absolute_url``'s join: ``url`` as written, then ``baseurl`` with one leading
    ``/`` and no trailing one."""
    site = site_config.text(url)
    path = site_config.text(baseurl).removesuffix("/")
    if path and not path.startswith("/"):
        path = "/" + path
    return site + path if site else ""


def feed_collections(data: Mapping[str, Any], own_feed: str | None) -> dict[str, str]:
    """The collections (other than posts) the site's own feed template lists, as
    ``site.<name>``, that Jekyll writes out (``output: true``): name -> permalink."""
    if not own_feed:
        return {}
    declared = data.get("collections")
    if isinstance(declared, list):  # the old spelling: names alone, output false
        return {}
    found: dict[str, str] = {}
    for name in dict.fromkeys(_SITE_COLLECTION.findall(own_feed)):
        settings = site_config.nested(declared, name)
        if name == "posts" or not isinstance(settings, dict) or settings.get("output") is not True:
            continue
        found[name] = site_config.text(settings.get("permalink")) or _collection_url(
            site_config.text(data.get("permalink")) or "date"
        )
    return found


def _collection_url(style: str) -> str:
    """``Collection#url_template`` when the collection sets none: ``/:collection/:path``
    with the suffix ``Utils.add_permalink_suffix`` gives the site's permalink style."""
    template = "/:collection/:path"
    if style in ("pretty", "simple"):
        return template + "/"
    if style in ("date", "ordinal", "none"):
        return template + ":output_ext"
    return template + ("/" if style.endswith("/") else "") + (
        ":output_ext" if style.endswith(":output_ext") else "")  # fmt: skip


def _own_feed(source: Path, data: Mapping[str, Any]) -> str | None:
    """The site's own template at jekyll-feed's path (jekyll-feed then writes none), or
    None: a file with front matter (Jekyll renders it) at ``feed.path``, feed.xml."""
    name = site_config.text(site_config.nested(data, "feed", "path")) or "feed.xml"
    path = source / name.lstrip("/")
    try:
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    except OSError:
        return None
    return text if text.startswith("---") else None


def _default_sets(raw: object, collections_dir: str) -> tuple[DefaultSet, ...]:
    if not isinstance(raw, list):
        return ()
    sets = []
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue  # Jekyll warns and skips it
        scope = entry["scope"] if isinstance(entry.get("scope"), dict) else {}
        path = scope.get("path")
        path = path.removeprefix("/") if isinstance(path, str) else ""
        if collections_dir and path.startswith(collections_dir + "/"):
            path = path[len(collections_dir) + 1 :]
        kind = scope.get("type")
        kind = _DEPRECATED_TYPES.get(str(kind), str(kind)) if kind is not None else None
        sets.append(DefaultSet(path, kind, entry["values"]))
    return tuple(sets)


@dataclass(frozen=True, slots=True)
class Facts:
    """What ``init --like jekyll`` copies (see ``base.SiteFacts``)."""

    title: str = ""
    base_url: str = ""
    timezone: str = ""
    timezone_note: str = ""
    permalink: str = ""
    feed_limit: int | None = FEED_POSTS_LIMIT
    feed_note: str = ""
    language: str = ""
    notes: tuple[str, ...] = field(default=())
    # The collections besides posts that the site's own feed lists (see JekyllRules).
    collections: tuple[str, ...] = ()


def facts(source: Path) -> Facts:
    """The site's facts from its ``_config.yml`` and its own feed template, if any."""
    data = read_config(source)
    own_feed = _own_feed(source, data)
    limit, feed_note = _feed_limit(own_feed, data)
    zone, zone_note = timezone(site_config.text(data.get("timezone")))
    return Facts(
        title=site_config.text(data.get("title")) or site_config.text(data.get("name")),
        base_url=absolute_base(data.get("url"), data.get("baseurl")),
        timezone=zone,
        timezone_note=zone_note,
        permalink=posts_permalink(data),
        feed_limit=limit,
        feed_note=feed_note,
        language=site_config.text(data.get("lang")),
        collections=tuple(feed_collections(data, own_feed)),
    )


def absolute_base(url: object, baseurl: object) -> str:
    """``url`` + ``baseurl`` as ``absolute_url`` joins them, without a trailing ``/``."""
    site = site_config.text(url).rstrip("/")
    path = site_config.text(baseurl).rstrip("/")
    if path and not path.startswith("/"):
        path = "/" + path
    return site + path if site else ""


def posts_permalink(data: Mapping[str, Any]) -> str:
    """The URL template of the site's posts: a ``defaults:`` permalink covering every post,
    else the posts collection's ``permalink``, else the site's style (``date``)."""
    rules = JekyllRules(defaults=_default_sets(data.get("defaults"), ""))
    for path in ("_posts/x.md", "x.md"):
        value = rules.defaults_for(path).get("permalink")
        if isinstance(value, str) and value.strip():
            return value.strip()
    posts = site_config.nested(data, "collections", "posts", "permalink")
    if isinstance(posts, str) and posts.strip():
        return post_template(posts.strip())
    return post_template(site_config.text(data.get("permalink")) or "date")


def timezone(value: str) -> tuple[str, str]:
    """The IANA zone Jekyll's ``timezone`` means on Linux, and a note when it is not the
    name written: Jekyll sets TZ to it, and glibc reads what no zone file names as a
    POSIX rule (``UTC+1`` is one hour *west*, ``Etc/GMT+1``) or, failing that, as UTC."""
    if not value:
        return "", ""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    else:
        return value, ""
    match = _POSIX_TZ.fullmatch(value)
    if match and not match[3] and int(match[2]) <= 14:
        hours = int(match[2])
        zone = "UTC" if hours == 0 else f"Etc/GMT{'-' if match[1] == '-' else '+'}{hours}"
        return zone, f"Jekyll's timezone {value!r} is a POSIX rule: glibc reads it as {zone}"
    return "UTC", (
        f"Jekyll's timezone {value!r} names no zone: Jekyll (Ruby, glibc) then keeps "
        "UTC, so do these feeds"
    )


def _feed_limit(own_feed: str | None, data: Mapping[str, Any]) -> tuple[int | None, str]:
    """How many items the site's feed held: jekyll-feed's ``posts_limit`` (10 unless set),
    or, when the site has its own template at jekyll-feed's path (``own_feed``: jekyll-feed
    then writes none), the item count of that template's first loop."""
    name = site_config.text(site_config.nested(data, "feed", "path")) or "feed.xml"
    loop = _LOOP.search(own_feed) if own_feed else None
    if loop:
        found = _LIMIT.search(loop[0])
        if found:
            return int(found[1]), f"the site's own {name} lists {found[1]} posts"
        return None, f"the site's own {name} lists every post"
    configured = site_config.feed_limit(site_config.nested(data, "feed", "posts_limit"))
    return configured or FEED_POSTS_LIMIT, ""
