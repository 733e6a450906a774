"""``publisher.toml`` -> a frozen Config. Precedence: CLI > PUBLISHER_* env > file > defaults."""

from __future__ import annotations

import os
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from publisher.apple_categories import CATEGORIES as APPLE_CATEGORIES
from publisher.errors import ConfigError
from publisher.generators import NAMES as GENERATOR_NAMES
from publisher.generators import frozen, generator_named
from publisher.model import Author
from publisher.render.settings import MarkdownSettings, parse_settings
from publisher.slugs import category_slug, tag_slug
from publisher.storage.url import StoreURL, looks_like_url, parse_store_url

DEFAULT_CONFIG_NAME = "publisher.toml"
URL_PLACEHOLDERS = frozenset(
    {"base_url", "category", "slug", "year", "month", "day", "section", "categories"}
    | {"title", "file", "slug_or_title", "date", "lang", "path"}
)
TAG_URL_PLACEHOLDERS = frozenset({"base_url", "tag"})
AUTHOR_URL_PLACEHOLDERS = frozenset({"base_url", "author"})
INIT_HINT = "run `publisher init` to create one"
# What an article without an `id` may derive its id from (``ids.derived_name``).
ID_SOURCES = ("slug", "path")


# How a feed opened in a browser is styled (docs/output.md, "Feeds in a browser").
STYLESHEETS = ("css", "xslt", "none")
# A feed's items carry the whole article, or its summary with a link to read on.
CONTENT_MODES = ("full", "summary")
# The smallest budget: even one item with its feed's header must fit somewhere.
MIN_BUDGET = 16_384


@dataclass(frozen=True, slots=True)
class PodcastConfig:
    """A category's (or the site's, under ``all``) show settings, as the config gives them.

    ``artwork`` is an absolute URL; ``guid`` is empty unless pinned (the build derives it
    from the feed's URL); ``author`` and ``owner`` are filled in from ``[author]``.
    """

    artwork: str
    category: str
    owner: Author
    author: str
    subcategory: str | None = None
    explicit: bool = False
    type: str = "episodic"
    language: str | None = None
    guid: str = ""
    locked: bool | None = None
    funding_url: str | None = None
    funding_text: str | None = None
    complete: bool = False


@dataclass(frozen=True, slots=True)
class CategoryConfig:
    title: str | None = None
    description: str | None = None
    icon: str | None = None
    logo: str | None = None
    # None: the site's setting.
    max_feed_bytes: int | None = None
    content: str | None = None
    podcast: PodcastConfig | None = None


@dataclass(frozen=True, slots=True)
class LanguageConfig:
    """One language of a translated site (``languages``): its feeds' title and
    description (None: the site's), its home page (None: ``{base_url}/{code}/``, or the
    site's for the default language) and the content subfolder holding its sources
    ('' : sources say their language themselves)."""

    code: str
    title: str | None = None
    description: str | None = None
    link: str | None = None
    folder: str = ""
    # The tag its feeds carry (``language``, ``xml:lang``, hreflang) when it says more
    # than the code (Hugo's locale: ``fr-FR`` for ``fr``); '' : the code.
    tag: str = ""
    # Its feeds' item count (None: the site's items_per_feed): a translated site's old
    # feeds may have held different numbers (``pin-ids`` sets it from each).
    items_per_feed: int | None = None

    @property
    def feed_tag(self) -> str:
        return self.tag or self.code


@dataclass(frozen=True, slots=True)
class StorageConfig:
    """How a build publishes to object storage (``[storage]``; used only when
    ``output_dir`` is an ``s3://``, ``gs://`` or ``az://`` URL). Never credentials: each
    cloud's own environment variables and config files provide those."""

    # An S3-compatible store's endpoint (R2, MinIO); AWS_ENDPOINT_URL_S3 works too.
    endpoint_url: str = ""
    region: str = ""
    cache_control: str = "public, max-age=300"
    # Seconds after which another host may take over the lock of a build that stopped
    # renewing it (a crashed host).
    lock_expiry: int = 900
    # Azure: the storage account (AZURE_STORAGE_ACCOUNT_NAME works too).
    account_name: str = ""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a build needs to know about the site; paths are absolute."""

    root: Path
    title: str
    base_url: str
    content_dir: Path
    output_dir: Path | StoreURL
    cache_dir: Path
    description: str = ""
    feeds_url: str = ""
    language: str = "en"
    timezone: str = "UTC"
    author: Author | None = None
    items_per_feed: int = 50
    # A feed larger than this leaves out its oldest items (docs/configuration.md: why
    # 512 KiB); 0: no limit.
    max_feed_bytes: int = 524_288
    # "full": items carry the whole article; "summary": its summary and a link.
    content: str = "full"
    # What ends an article's summary in its body ("": the generator's, else <!--more-->).
    summary_separator: str = ""
    # Without a separator, the summary is this many words (0: the generator's rule,
    # else the first paragraph).
    summary_words: int = 0
    article_url: str = "{base_url}/{category}/{slug}/"
    # A translated site: the link of an article not in the default language ('': its
    # article_url with the language's folder in front, /fr/...).
    translation_url: str = ""
    category_url: str = "{base_url}/{category}/"
    tag_url: str = "{base_url}/tags/{tag}/"
    author_url: str = "{base_url}/authors/{author}/"
    categories: Mapping[str, CategoryConfig] = field(default_factory=dict)
    boilerplate_patterns: tuple[str, ...] = ()
    max_source_bytes: int = 5_000_000
    hub: str = ""
    static_dir: Path | None = None
    image_from_body: bool = False
    archive: bool = False
    # Front matter fields the site knows are not ours (``layout``, ``aliases``): no warning.
    ignore_fields: tuple[str, ...] = ()
    # Category slugs whose feeds were removed on purpose: never planned, files deleted.
    retired_categories: tuple[str, ...] = ()
    # Not a file key: a preview build (``build --drafts``, ``serve --drafts``) sets it.
    drafts: bool = False
    icon: str = ""
    logo: str = ""
    # What a browser shows for a feed: "css" (feed.css), "xslt" (feed.xsl) or "none".
    stylesheet: str = "css"
    # Write .br and .gz siblings of every published file (publisher.compression).
    precompress: bool = False
    # False: no tag feeds; True: one per tag; a tuple: only these tags (by slug).
    tag_feeds: bool | tuple[str, ...] = False
    # The same for authors (a feed per author, in authors/<slug>/).
    author_feeds: bool | tuple[str, ...] = False
    # [authors."Name"]: each author's email, page and picture, by casefolded name.
    authors: Mapping[str, Author] = field(default_factory=dict)
    # When the config file was last saved: the date of feeds that never had an item.
    # Left out of repr (the cache fingerprint), so saving the file keeps the cache.
    created: datetime | None = field(default=None, repr=False, compare=False)
    generator: str = ""
    # What an article without an `id` derives its id from: "slug" (publisher's first
    # rule, kept for every site that published such ids) or "path" (its source's path
    # under content_dir: one per file; what `init --like` writes). See ids.derived_name.
    id_from: str = "slug"
    # Hugo's [permalinks]: a section's own article_url.
    section_urls: Mapping[str, str] = field(default_factory=dict)
    # The ids of pages a generator's templates make (Hugo's content adapters), by the
    # page's path under content_dir: they have no file to hold one (``pin-ids`` writes here).
    page_ids: Mapping[str, str] = field(default_factory=dict)
    # The generator's own settings, as written (``[generator_options]``): what it checks.
    generator_options: Mapping[str, Any] = field(default_factory=dict)
    storage: StorageConfig = field(default_factory=StorageConfig)
    # Which Markdown the sources are written in (``markdown``: a flavour, or a table).
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)
    # A translated site's languages, the default (``language``) first; empty: one
    # language, every source in it.
    languages: tuple[LanguageConfig, ...] = ()
    # Not a file key: the settings of the generator's own config its rules read
    # (Pelican's SLUGIFY_SOURCE ...), read from the site's folder when the config is.
    generator_settings: tuple[tuple[str, object], ...] = ()
    # Not a file key: what the generator's own config says about reading each source
    # (``SiteGenerator.site_rules``: Jekyll's front matter defaults), read on every load.
    site_rules: object = None

    @property
    def static_root(self) -> Path:
        """Where files behind root-relative URLs (``/images/x.jpg``) live on disk."""
        return self.static_dir or self.content_dir

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def domain(self) -> str:
        """The site's host name, the tagging authority of minted tag URIs."""
        return urlsplit(self.base_url).hostname or "localhost"

    def category(self, slug: str) -> CategoryConfig:
        return self.categories.get(slug, CategoryConfig())

    @property
    def multilingual(self) -> bool:
        """One feed set per language (``languages`` names more than one)."""
        return len(self.languages) > 1

    def language_named(self, code: str) -> LanguageConfig | None:
        """The configured language ``code`` names (any case, ``_`` for ``-``), else the
        one its language subtag names (``en-US`` is ``en``'s when only ``en`` is
        listed), or None."""
        wanted = language_key(code)
        found = next((lang for lang in self.languages if language_key(lang.code) == wanted), None)
        if found is None:
            primary = wanted.split("-", 1)[0]
            found = next((x for x in self.languages if language_key(x.code) == primary), None)
        if found is None:  # ``en`` where ``en-US`` is listed: when only one such
            regional = [x for x in self.languages if language_key(x.code).split("-")[0] == wanted]
            found = regional[0] if len(regional) == 1 else None
        return found


def language_key(code: str) -> str:
    """How two spellings of one language tag compare (``pt_BR``, ``pt-br``): also the
    name of its feeds' folder."""
    return code.strip().replace("_", "-").lower()


# The scalar keys of publisher.toml and their types; "path" values resolve against the
# config file's folder. Defaults are the Config fields' own (None: required), except
# for the folders, whose defaults are relative to the config file.
_KINDS: dict[str, type | str] = {
    "title": str,
    "description": str,
    "base_url": str,
    "feeds_url": str,
    "language": str,
    "timezone": str,
    "items_per_feed": int,
    "max_feed_bytes": int,
    "content": str,
    "summary_separator": str,
    "summary_words": int,
    "article_url": str,
    "translation_url": str,
    "category_url": str,
    "tag_url": str,
    "author_url": str,
    "content_dir": "path",
    "output_dir": "path",
    "cache_dir": "path",
    "max_source_bytes": int,
    "hub": str,
    "static_dir": "path",
    "image_from_body": bool,
    "archive": bool,
    "icon": str,
    "logo": str,
    "stylesheet": str,
    "precompress": bool,
    "generator": str,
    "id_from": str,
}
_FOLDER_DEFAULTS = {
    "content_dir": "content",
    "output_dir": "feeds",
    "cache_dir": ".publisher-cache",
}


def _scalars() -> dict[str, tuple[type | str, object]]:
    """key -> (type, default)."""
    declared = {f.name: f.default for f in fields(Config)}
    return {
        key: (kind, _FOLDER_DEFAULTS.get(key, None if declared[key] is MISSING else declared[key]))
        for key, kind in _KINDS.items()
    }


_SCALARS = _scalars()


def default(key: str) -> Any:
    """The value the publisher.toml key ``key`` has when the file leaves it out (folders
    as written in the file, relative to it)."""
    return _SCALARS[key][1]


_TABLES = {
    "author", "authors", "categories", "section_urls", "storage", "generator_options",
    "languages", "markdown", "page_ids",
}  # fmt: skip
_LISTS = {
    "boilerplate_patterns",
    "tag_feeds",
    "author_feeds",
    "ignore_fields",
    "retired_categories",
}
_IMAGE_KEYS = ("icon", "logo")


def config_file(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The config file a command reads: ``path`` (``--config``), else $PUBLISHER_CONFIG,
    else ``./publisher.toml``."""
    environ = os.environ if environ is None else environ
    if path is None and environ.get("PUBLISHER_CONFIG"):
        return Path(environ["PUBLISHER_CONFIG"])
    return path or Path(DEFAULT_CONFIG_NAME)


def load_config(
    path: Path | None = None,
    *,
    overrides: Mapping[str, object] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Read the config file (see ``config_file``) and apply env and CLI overrides."""
    environ = os.environ if environ is None else environ
    named = path is not None or bool(environ.get("PUBLISHER_CONFIG"))
    config_path = config_file(path, environ)
    shown = str(config_path)
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        hint = "" if named else " (run in the site's folder or pass --config)"
        raise ConfigError(f"config file not found{hint}; {INIT_HINT}", path=shown) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror}", path=shown) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 (byte {exc.start})", path=shown) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=shown) from None
    root = config_path.resolve().parent
    config = _config_from(raw, root, shown, _env_values(environ), dict(overrides or {}))
    saved = datetime.fromtimestamp(int(config_path.stat().st_mtime), UTC)
    return replace(config, created=saved)


def _env_values(environ: Mapping[str, str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for key in _SCALARS:
        name = "PUBLISHER_" + key.upper()
        if name in environ:
            values[key] = environ[name]
    return values


def _config_from(
    raw: dict[str, Any],
    root: Path,
    shown: str,
    env: dict[str, object],
    cli: dict[str, object],
) -> Config:
    unknown = sorted(set(raw) - set(_SCALARS) - _TABLES - _LISTS)
    if unknown:
        raise ConfigError(f"unknown key {unknown[0]!r}", path=shown)
    values: dict[str, Any] = {}
    for key, (kind, default) in _SCALARS.items():
        origin, value = "file", raw.get(key, default)
        if key in env:
            origin, value = "env", env[key]
        if cli.get(key) is not None:
            origin, value = "cli", cli[key]
        if key == "stylesheet":
            value = _stylesheet_value(value, origin)
        values[key] = _coerce(key, kind, value, origin, root, shown)
    for required in ("title", "base_url"):
        if values[required] is None:
            raise ConfigError(f"missing required key {required!r}", path=shown)
    values["base_url"] = _check_url("base_url", values["base_url"], shown).rstrip("/")
    if not values["feeds_url"]:
        values["feeds_url"] = values["base_url"] + "/feeds"
    values["feeds_url"] = _check_url("feeds_url", values["feeds_url"], shown).rstrip("/")
    if values["hub"]:
        _check_url("hub", values["hub"], shown)
    if values["items_per_feed"] < 1:
        raise ConfigError("'items_per_feed' must be at least 1", path=shown)
    _check_budget("max_feed_bytes", values["max_feed_bytes"], shown)
    _check_content("content", values["content"], shown)
    if values["stylesheet"] not in STYLESHEETS:
        raise ConfigError(
            f'\'stylesheet\' must be "css", "xslt" or "none", got {values["stylesheet"]!r}',
            path=shown,
        )
    if values["summary_words"] < 0:
        raise ConfigError("'summary_words' must be 0 or more", path=shown)
    try:
        ZoneInfo(values["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"'timezone': unknown time zone {values['timezone']!r} (use an IANA name)",
            path=shown,
        ) from None
    if values["generator"] not in ("", *GENERATOR_NAMES):
        choices = ", ".join(repr(g) for g in GENERATOR_NAMES)
        raise ConfigError(
            f"'generator' must be one of {choices}, got {values['generator']!r}", path=shown
        )
    try:
        markdown = parse_settings(raw.get("markdown"), values["generator"])
    except ValueError as exc:
        raise ConfigError(str(exc), path=shown) from None
    if values["id_from"] not in ID_SOURCES:
        choices = " or ".join(repr(name) for name in ID_SOURCES)
        raise ConfigError(f"'id_from' must be {choices}, got {values['id_from']!r}", path=shown)
    for key in ("article_url", "category_url"):
        _check_pattern(key, values[key], shown)
    if values["translation_url"]:
        _check_pattern("translation_url", values["translation_url"], shown)
    generator = generator_named(values["generator"])
    if generator:
        wrong = generator.check_article_url(values["article_url"])
        if wrong:
            raise ConfigError(f"'article_url': {wrong}", path=shown)
    _check_pattern("tag_url", values["tag_url"], shown, allowed=TAG_URL_PLACEHOLDERS)
    _check_pattern("author_url", values["author_url"], shown, allowed=AUTHOR_URL_PLACEHOLDERS)
    for key in _IMAGE_KEYS:
        values[key] = site_url(key, values[key], values["base_url"], shown) if values[key] else ""
    _check_language("language", values["language"], shown)
    return Config(
        root=root,
        author=_author(raw.get("author"), shown, values["base_url"]),
        authors=_author_profiles(raw.get("authors", {}), shown, values["base_url"]),
        author_feeds=_tag_feeds(raw.get("author_feeds", False), shown, key="author_feeds"),
        categories=_categories(
            raw.get("categories", {}),
            values["base_url"],
            shown,
            _author(raw.get("author"), shown, values["base_url"]),
        ),
        section_urls=_section_urls(raw.get("section_urls", {}), shown),
        page_ids=_page_ids(raw.get("page_ids", {}), shown),
        boilerplate_patterns=_patterns(raw, shown),
        tag_feeds=_tag_feeds(raw.get("tag_feeds", False), shown),
        ignore_fields=_string_list(raw, "ignore_fields", shown),
        retired_categories=_retired(raw, shown),
        storage=_storage(raw.get("storage", {}), shown),
        markdown=markdown,
        generator_settings=_generator_settings(values["generator"], root),
        site_rules=generator.site_rules(root, values["content_dir"]) if generator else None,
        generator_options=_generator_options(raw, values["generator"], shown),
        languages=_languages(raw.get("languages"), values["language"], values["base_url"], shown),
        **values,
    )


def _check_language(key: str, code: str, shown: str) -> None:
    """A language code must be a BCP 47 tag whose language is a known ISO 639 code."""
    from publisher.validate.values import language_problem

    problem = language_problem(code.replace("_", "-")) if code else "is empty"
    if problem:
        raise ConfigError(f"{key!r}: language {code!r} {problem}", path=shown)


_LANGUAGE_KEYS = ("title", "description", "link", "folder", "tag")
_LANGUAGE_INTS = ("items_per_feed",)


def _languages(raw: object, default: str, base_url: str, shown: str) -> tuple[LanguageConfig, ...]:
    """``languages = ["en", "fr"]``, or ``[languages.fr]`` tables (title, description,
    link, folder, tag, items_per_feed); the default language (``language``) first,
    added when left out."""
    if raw is None or raw == {} or raw == []:
        return ()
    if isinstance(raw, list):
        if not all(isinstance(code, str) for code in raw):
            raise ConfigError("'languages' must be a list of language codes", path=shown)
        tables: dict[str, Any] = {code: {} for code in raw}
    elif isinstance(raw, dict):
        tables = raw
    else:
        raise ConfigError("'languages' must be a list of codes or a table", path=shown)
    found: dict[str, LanguageConfig] = {}
    for code, table in tables.items():
        where = f"languages.{code}"
        _check_language("languages", code, shown)
        if not isinstance(table, dict):
            raise ConfigError(f"{where!r} must be a table", path=shown)
        for key, value in table.items():
            if key in _LANGUAGE_INTS:
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    raise ConfigError(f"'{where}.{key}' must be at least 1", path=shown)
                continue
            if key not in _LANGUAGE_KEYS:
                raise ConfigError(f"unknown key '{where}.{key}'", path=shown)
            if not isinstance(value, str):
                raise ConfigError(f"'{where}.{key}' must be a string", path=shown)
        if language_key(code) in found:
            raise ConfigError(f"'languages': {code!r} is listed twice", path=shown)
        link = table.get("link")
        if table.get("tag"):
            _check_language(f"{where}.tag", table["tag"], shown)
        found[language_key(code)] = LanguageConfig(
            code,
            table.get("title"),
            table.get("description"),
            site_url(f"{where}.link", link, base_url, shown) if link else None,
            table.get("folder", "").strip("/"),
            table.get("tag", ""),
            table.get("items_per_feed"),
        )
    first = found.pop(language_key(default), None) or LanguageConfig(default)
    return (replace(first, code=default), *found.values())


def _generator_settings(name: str, root: Path) -> tuple[tuple[str, object], ...]:
    generator = generator_named(name)
    if generator is None:
        return ()
    return tuple(
        (key, frozen(value)) for key, value in sorted(generator.build_settings(root).items())
    )


def _generator_options(raw: dict[str, Any], generator: str, shown: str) -> dict[str, Any]:
    """``[generator_options]``: the generator's own settings, checked by the generator."""
    from publisher.generators import generator_named

    table = raw.get("generator_options", {})
    if not isinstance(table, dict):
        raise ConfigError("'generator_options' must be a table", path=shown)
    if table and not generator:
        raise ConfigError("[generator_options] needs 'generator' (hugo, jekyll, pelican)",
                          path=shown)  # fmt: skip
    rules = generator_named(generator)
    try:
        if rules is not None:
            rules.check_options(table)
    except ValueError as exc:
        raise ConfigError(f"[generator_options]: {exc}", path=shown) from None
    return table


def _coerce(key: str, kind: type | str, value: object, origin: str, root: Path, shown: str) -> Any:
    if value is None:
        return None
    if kind == "path":
        if not isinstance(value, str | Path):
            raise ConfigError(f"{key!r} must be a string (a path)", path=shown)
        if key == "output_dir" and isinstance(value, str) and looks_like_url(value):
            try:
                return parse_store_url(value)
            except ValueError as exc:
                raise ConfigError(f"'output_dir': {exc}", path=shown) from None
        # CLI paths are relative to where the user stands; file paths to the file.
        base = Path.cwd() if origin != "file" else root
        return (base / Path(value)).resolve()
    if kind is bool:
        if isinstance(value, str) and origin != "file":
            if value.lower() in ("1", "true", "yes", "on"):
                return True
            if value.lower() in ("0", "false", "no", "off", ""):
                return False
        if not isinstance(value, bool):
            raise ConfigError(f"{key!r} must be true or false", path=shown)
        return value
    if kind is int:
        if isinstance(value, str) and origin != "file":
            try:
                return int(value)
            except ValueError:
                pass
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key!r} must be an integer", path=shown)
        return value
    if not isinstance(value, str):
        raise ConfigError(f"{key!r} must be a string", path=shown)
    return value


def _check_url(key: str, url: str, shown: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{key!r} must be an absolute http(s) URL, got {url!r}", path=shown)
    return url


def site_url(key: str, value: str, base_url: str, shown: str) -> str:
    """An absolute URL from a config value: absolute already, or a path on the site."""
    if urlsplit(value).scheme:
        return _check_url(key, value, shown)
    return _check_url(key, urljoin(base_url + "/", value), shown)


def _check_pattern(
    key: str, pattern: str, shown: str, *, allowed: frozenset[str] = URL_PLACEHOLDERS
) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise ConfigError(f"{key!r}: bad pattern: {exc}", path=shown) from None
    bad = sorted(names - allowed)
    if bad:
        listed = ", ".join("{" + n + "}" for n in sorted(allowed))
        raise ConfigError(f"{key!r}: unknown placeholder {{{bad[0]}}} (use {listed})", path=shown)


_PERSON_KEYS = ("name", "email", "url", "avatar")


def _author(raw: object, shown: str, base_url: str) -> Author | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ConfigError(
            "'author' must be a table with 'name' and optional 'email', 'url', 'avatar'",
            path=shown,
        )
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError("'author.name' must be a non-empty string", path=shown)
    return _person("author", name.strip(), raw, shown, base_url)


def _person(where: str, name: str, raw: dict[str, Any], shown: str, base_url: str) -> Author:
    unknown = sorted(set(raw) - set(_PERSON_KEYS))
    if unknown:
        raise ConfigError(f"unknown key '{where}.{unknown[0]}'", path=shown)
    email = raw.get("email")
    if email is not None and (not isinstance(email, str) or "@" not in email):
        raise ConfigError(f"'{where}.email' must be an email address", path=shown)
    links: dict[str, str] = {}
    for key in ("url", "avatar"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"'{where}.{key}' must be a URL", path=shown)
        links[key] = site_url(f"{where}.{key}", value.strip(), base_url, shown)
    return Author(name=name, email=email, **links)


def _author_profiles(raw: object, shown: str, base_url: str) -> dict[str, Author]:
    """[authors."Jane Doe"] tables: each author's email, url and avatar, by folded name."""
    if not isinstance(raw, dict):
        raise ConfigError("'authors' must be a table of tables", path=shown)
    profiles: dict[str, Author] = {}
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(f"'authors.{name}' must be a table", path=shown)
        if "name" in table:
            raise ConfigError(
                f"unknown key 'authors.{name}.name' (the table's name is it)", path=shown
            )
        profiles[name.strip().casefold()] = _person(
            f"authors.{name}", name.strip(), table, shown, base_url
        )
    return profiles


def _section_urls(raw: object, shown: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise ConfigError("'section_urls' must be a table of section = \"pattern\"", path=shown)
    for section, pattern in raw.items():
        _check_pattern(f"section_urls.{section}", pattern, shown)
    return dict(raw)


def _page_ids(raw: object, shown: str) -> dict[str, str]:
    from publisher.ids import is_iri

    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise ConfigError('\'page_ids\' must be a table of "path" = "id"', path=shown)
    for path, value in raw.items():
        if not is_iri(value):
            message = f"page_ids.{path}: {value!r} is no IRI (an id must be one)"
            raise ConfigError(message, path=shown)
    return dict(raw)


def _stylesheet_value(value: object, origin: str) -> object:
    """``stylesheet`` as one of STYLESHEETS: true (what the key once was) is the default
    view, false is none; in the environment, the same words as a boolean's."""
    if isinstance(value, str) and origin != "file":
        lowered = value.lower()
        if lowered in ("1", "true", "yes", "on"):
            return "css"
        if lowered in ("0", "false", "no", "off", ""):
            return "none"
    if isinstance(value, bool):
        return "css" if value else "none"
    return value


def _check_budget(key: str, value: int, shown: str) -> None:
    if value != 0 and value < MIN_BUDGET:
        raise ConfigError(
            f"{key!r} must be 0 (no limit) or at least {MIN_BUDGET:,} bytes, got {value:,}",
            path=shown,
        )


def _check_content(key: str, value: str, shown: str) -> None:
    if value not in CONTENT_MODES:
        raise ConfigError(f'{key!r} must be "full" or "summary", got {value!r}', path=shown)


def _categories(
    raw: object, base_url: str, shown: str, site_author: Author | None
) -> dict[str, CategoryConfig]:
    if not isinstance(raw, dict):
        raise ConfigError("'categories' must be a table", path=shown)
    result: dict[str, CategoryConfig] = {}
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise ConfigError(f"'categories.{name}' must be a table", path=shown)
        for key, value in table.items():
            if key == "podcast":
                continue
            if key == "max_feed_bytes":
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ConfigError(f"'categories.{name}.{key}' must be an integer", path=shown)
                _check_budget(f"categories.{name}.{key}", value, shown)
                continue
            if key not in ("title", "description", "content", *_IMAGE_KEYS):
                raise ConfigError(f"unknown key 'categories.{name}.{key}'", path=shown)
            if not isinstance(value, str):
                raise ConfigError(f"'categories.{name}.{key}' must be a string", path=shown)
            if key == "content":
                _check_content(f"categories.{name}.content", value, shown)
        images = {
            key: site_url(f"categories.{name}.{key}", table[key], base_url, shown)
            for key in _IMAGE_KEYS
            if table.get(key)
        }
        podcast = (
            _podcast(table["podcast"], f"categories.{name}.podcast", base_url, shown, site_author)
            if "podcast" in table
            else None
        )
        slug = "all" if name == "all" else category_slug(name)
        result[slug] = CategoryConfig(
            table.get("title"),
            table.get("description"),
            **images,
            max_feed_bytes=table.get("max_feed_bytes"),
            content=table.get("content"),
            podcast=podcast,
        )
    return result


_STORAGE_KINDS: dict[str, type] = {
    "endpoint_url": str, "region": str, "cache_control": str, "lock_expiry": int,
    "account_name": str,
}  # fmt: skip
# Keys someone might reach for to put a secret in the file: refused with the reason.
_SECRET_WORDS = ("key", "secret", "token", "password", "credential", "sas", "connection")


def _storage(raw: object, shown: str) -> StorageConfig:
    if not isinstance(raw, dict):
        raise ConfigError("'storage' must be a table", path=shown)
    for key, value in raw.items():
        if key not in _STORAGE_KINDS:
            if any(word in key.lower() for word in _SECRET_WORDS):
                raise ConfigError(
                    f"'storage.{key}': credentials never go in publisher.toml; set them "
                    "the cloud's own way (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or "
                    "~/.aws/credentials, GOOGLE_APPLICATION_CREDENTIALS, AZURE_STORAGE_KEY "
                    "or `az login`)",
                    path=shown,
                )
            raise ConfigError(f"unknown key 'storage.{key}'", path=shown)
        kind = _STORAGE_KINDS[key]
        if isinstance(value, bool) or not isinstance(value, kind):
            noun = "an integer" if kind is int else "a string"
            raise ConfigError(f"'storage.{key}' must be {noun}", path=shown)
    storage = StorageConfig(**raw)
    if storage.endpoint_url:
        _check_url("storage.endpoint_url", storage.endpoint_url, shown)
    if storage.lock_expiry < 60:
        raise ConfigError("'storage.lock_expiry' must be at least 60 (seconds)", path=shown)
    if any(ord(c) < 32 or ord(c) == 127 for c in storage.cache_control):
        raise ConfigError("'storage.cache_control' must be one line of text", path=shown)
    return storage


# A podcast table's keys and their types (owner and funding are tables).
_PODCAST_KEYS: dict[str, type] = {
    "artwork": str,
    "category": str,
    "subcategory": str,
    "author": str,
    "explicit": bool,
    "type": str,
    "language": str,
    "guid": str,
    "locked": bool,
    "complete": bool,
}
_PODCAST_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?~-]+@[\w-]+(?:\.[\w-]+)+")


def _podcast(
    raw: object, where: str, base_url: str, shown: str, site_author: Author | None
) -> PodcastConfig:
    """A ``[categories.<name>.podcast]`` table: Apple's required show settings, checked."""
    if not isinstance(raw, dict):
        raise ConfigError(f"'{where}' must be a table", path=shown)
    for key, value in raw.items():
        if key in ("owner", "funding"):
            continue
        if key not in _PODCAST_KEYS:
            raise ConfigError(f"unknown key '{where}.{key}'", path=shown)
        kind = _PODCAST_KEYS[key]
        if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
            wanted = "true or false" if kind is bool else "a non-empty string"
            raise ConfigError(f"'{where}.{key}' must be {wanted}", path=shown)
    for required in ("artwork", "category"):
        if required not in raw:
            raise ConfigError(
                f"'{where}' needs '{required}' (Apple Podcasts refuses a show without it)",
                path=shown,
            )
    category, subcategory = raw["category"].strip(), raw.get("subcategory")
    if category not in APPLE_CATEGORIES:
        raise ConfigError(
            f"'{where}.category': {category!r} is not one of Apple's categories "
            f"({', '.join(APPLE_CATEGORIES)})",
            path=shown,
        )
    if subcategory is not None and subcategory.strip() not in APPLE_CATEGORIES[category]:
        allowed = ", ".join(APPLE_CATEGORIES[category]) or "none"
        raise ConfigError(
            f"'{where}.subcategory': {subcategory!r} is not one of Apple's under "
            f"{category!r} ({allowed})",
            path=shown,
        )
    show_type = raw.get("type", "episodic")
    if show_type not in ("episodic", "serial"):
        raise ConfigError(f"'{where}.type' must be 'episodic' or 'serial'", path=shown)
    guid = raw.get("guid", "").strip()
    if guid and not _PODCAST_GUID.fullmatch(guid):
        raise ConfigError(f"'{where}.guid' must be a UUID, got {guid!r}", path=shown)
    owner = _podcast_owner(raw.get("owner"), where, shown, site_author)
    funding_url, funding_text = _podcast_funding(raw.get("funding"), where, base_url, shown)
    return PodcastConfig(
        artwork=site_url(f"{where}.artwork", raw["artwork"].strip(), base_url, shown),
        category=category,
        subcategory=subcategory.strip() if subcategory else None,
        owner=owner,
        author=raw.get("author", owner.name).strip(),
        explicit=raw.get("explicit", False),
        type=show_type,
        language=raw.get("language"),
        guid=guid.lower(),
        locked=raw.get("locked"),
        funding_url=funding_url,
        funding_text=funding_text,
        complete=raw.get("complete", False),
    )


def _podcast_owner(raw: object, where: str, shown: str, site_author: Author | None) -> Author:
    """The show's owner: the table's, else the site's ``[author]``; an email is required
    (Apple writes to it to confirm who owns the show; ``podcast:locked`` names it)."""
    if raw is None:
        owner = site_author
    else:
        if not isinstance(raw, dict) or set(raw) - {"name", "email"}:
            raise ConfigError(f"'{where}.owner' must be {{name = ..., email = ...}}", path=shown)
        name, email = raw.get("name"), raw.get("email")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"'{where}.owner.name' must be a non-empty string", path=shown)
        owner = Author(name.strip(), email.strip() if isinstance(email, str) else None)
    if owner is None or not owner.email or not _EMAIL_ADDRESS.fullmatch(owner.email):
        raise ConfigError(
            f"'{where}' needs an owner with an email address ('{where}.owner' or [author]): "
            "Apple Podcasts writes to it to confirm who owns the show",
            path=shown,
        )
    return owner


def _podcast_funding(
    raw: object, where: str, base_url: str, shown: str
) -> tuple[str | None, str | None]:
    if raw is None:
        return None, None
    if (
        not isinstance(raw, dict)
        or set(raw) - {"url", "text"}
        or not all(isinstance(v, str) and v.strip() for v in raw.values())
        or "url" not in raw
    ):
        raise ConfigError(f"'{where}.funding' must be {{url = ..., text = ...}}", path=shown)
    text = raw.get("text", "Support the show").strip()
    return site_url(f"{where}.funding.url", raw["url"].strip(), base_url, shown), text


def _tag_feeds(raw: object, shown: str, key: str = "tag_feeds") -> bool | tuple[str, ...]:
    if isinstance(raw, bool):
        return raw
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        what = "tags" if key == "tag_feeds" else "names"
        raise ConfigError(f"{key!r} must be true, false or a list of {what}", path=shown)
    # Names as written (a feed listed before any article has the tag is titled by it).
    names: dict[str, str] = {}
    for value in raw:
        names.setdefault(tag_slug(value), value.strip())
    return tuple(names.values())


def _patterns(raw: dict[str, Any], shown: str) -> tuple[str, ...]:
    patterns = _string_list(raw, "boilerplate_patterns", shown)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"'boilerplate_patterns': {pattern!r} is not a regular expression: {exc}",
                path=shown,
            ) from None
    return patterns


def _retired(raw: dict[str, Any], shown: str) -> tuple[str, ...]:
    slugs = []
    for name in _string_list(raw, "retired_categories", shown):
        if not name.strip() or name.strip().casefold() == "all":
            raise ConfigError(
                f"'retired_categories': {name!r} is not a category (the site's own feed, "
                "'all', cannot be retired)",
                path=shown,
            )
        slugs.append(category_slug(name.strip()))
    return tuple(sorted(set(slugs)))


def _string_list(raw: dict[str, Any], key: str, shown: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key!r} must be a list of strings", path=shown)
    return tuple(value)
