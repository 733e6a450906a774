"""Hugo's config, found and merged as Hugo does, and the settings publisher keeps from it.

Lookup (gohugoio/hugo ``config/allconfig/load.go``, ``config/configLoader.go``): the first
of ``hugo`` then ``config`` in the site's folder, each tried as ``.toml``, ``.yaml``,
``.yml``, ``.json``; then the config folder, ``config/_default/`` and then
``config/<environment>/`` (``production`` for ``hugo`` builds), each file merged in name
order and keyed by its name (``params.toml`` is ``[params]``, ``languages.fr.toml`` is
``[languages.fr]``, ``menus.en.toml`` is ``[languages.en.menus]``; ``hugo.toml`` or
``config.toml`` there is the root). Tables merge key by key, later files winning. Every
key is case-insensitive (``common/hmaps/params.go`` ``PrepareParams`` lowercases them).

What a build needs of it (links, languages, files Hugo ignores) is copied by
``publisher init --like hugo`` into publisher.toml's ``[generator_options]``
(``HugoSettings``); ``site_facts`` reads the rest (title, address, zone, content folder,
feed limit).
"""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.generators.hugo_links import (
    LinkRules,
    Permalink,
    PermalinkError,
    check_pattern,
    glob_regex,
    section_target,
)
from publisher.generators.hugo_urls import PathRules

CONFIG_NAMES = ("hugo", "config")
CONFIG_SUFFIXES = ("toml", "yaml", "yml", "json")
ENVIRONMENT = "production"
DEFAULT_LANGUAGE = "en"


def _load_file(path: Path) -> dict[str, Any]:
    import yaml

    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    if suffix == ".toml":
        data: object = tomllib.loads(text)
    elif suffix == ".json":
        data = json.loads(text)
    else:
        data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def lowercase_keys(value: object) -> Any:
    """``value`` with every mapping key lowercased, as Hugo's ``PrepareParams``."""
    if isinstance(value, dict):
        return {str(k).lower(): lowercase_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [lowercase_keys(v) for v in value]
    return value


def merge(into: dict[str, Any], other: Mapping[str, Any]) -> None:
    """Hugo's ``SetParams``: tables merge key by key; anything else is replaced."""
    for key, value in other.items():
        if isinstance(into.get(key), dict) and isinstance(value, dict):
            merge(into[key], value)
        else:
            into[key] = value


def config_files(root: Path, environment: str = ENVIRONMENT) -> list[Path]:
    """The files Hugo reads its config from, in the order it merges them."""
    found: list[Path] = []
    for name in CONFIG_NAMES:
        for suffix in CONFIG_SUFFIXES:
            path = root / f"{name}.{suffix}"
            if path.is_file():
                found.append(path)
                break
        if found:
            break
    for folder in (root / "config" / "_default", root / "config" / environment):
        if folder.is_dir():
            found += sorted(
                p for p in folder.rglob("*") if p.is_file() and _suffix(p) in CONFIG_SUFFIXES
            )
    return found


def _suffix(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def load_config(root: Path, environment: str = ENVIRONMENT) -> dict[str, Any]:
    """Hugo's merged config for the site in ``root``, keys lowercased ({} for none)."""
    merged: dict[str, Any] = {}
    config_dir = root / "config"
    for path in config_files(root, environment):
        item = lowercase_keys(_load_file(path))
        if not path.is_relative_to(config_dir):
            merge(merged, item)  # the root config file
            continue
        name = path.stem.lower()
        if name in CONFIG_NAMES:
            merge(merged, item)
            continue
        name, _, language = name.partition(".")
        keys = [name]
        if language:
            keys = ["languages", language]
            if name in ("menu", "menus"):
                keys.append("menus")
            elif name == "params":
                keys.append("params")
        value: object = item
        if len(item) == 1 and name in item:  # a file may wrap its content in its own name
            value = item[name]
        for key in reversed(keys):
            value = {key: value}
        if isinstance(value, dict):
            merge(merged, value)
    return merged


def _get(data: object, *keys: str) -> object:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True)
class HugoSite:
    """What publisher reads from Hugo's config: the site, and its default language."""

    config: Mapping[str, Any]

    @property
    def language(self) -> str:
        """``defaultContentLanguage`` (Hugo's default: ``en``)."""
        return (_text(self.config.get("defaultcontentlanguage")) or DEFAULT_LANGUAGE).lower()

    @property
    def languages(self) -> list[str]:
        """Every configured language, the default first."""
        table = self.config.get("languages")
        names = [str(k).lower() for k in table] if isinstance(table, dict) else []
        return [self.language, *(n for n in names if n != self.language)]

    @property
    def built_languages(self) -> list[str]:
        """The languages Hugo builds: not in ``disableLanguages``, not ``disabled``."""
        off = self.config.get("disablelanguages")
        disabled = {str(x).lower() for x in off} if isinstance(off, list) else set()
        return [
            code
            for code in self.languages
            if code == self.language
            or (
                code not in disabled
                and _get(self.config, "languages", code, "disabled") is not True
            )
        ]

    def _language_value(self, key: str) -> object:
        own = _get(self.config, "languages", self.language, key)
        return own if own not in (None, "") else self.config.get(key)

    @property
    def title(self) -> str:
        return _text(self._language_value("title"))

    @property
    def base_url(self) -> str:
        url = _text(self._language_value("baseurl"))
        return url.rstrip("/") if re.match(r"https?://[^/]", url) else ""

    @property
    def timezone(self) -> str:
        return _text(self._language_value("timezone"))

    @property
    def content_dir(self) -> str:
        """The default language's content folder: a project mount of ``content``, else
        the language's ``contentDir``, else the site's, else ``content``."""
        return self.content_dir_of(self.language)

    def content_dir_of(self, language: str) -> str:
        """A language's content folder (as ``content_dir`` finds the default's)."""
        mounts = _get(self.config, "module", "mounts")
        for mount in mounts if isinstance(mounts, list) else []:
            if not isinstance(mount, dict) or _text(mount.get("target")).strip("/") != "content":
                continue
            named = _text(mount.get("lang")).lower()
            if named in ("", language) and _text(mount.get("source")):
                return _text(mount.get("source")).strip("/")
        own = _text(_get(self.config, "languages", language, "contentdir"))
        return (own or _text(self.config.get("contentdir"))).strip("/") or "content"

    def language_folders(self) -> tuple[str, dict[str, str]]:
        """A translated site's content folder (the folder holding every language's) and
        each language's folder inside it ('' when the languages share one)."""
        roots = {language: self.content_dir_of(language) for language in self.built_languages}
        common = posixpath.commonpath(list(roots.values())) if roots else "content"
        folders = {
            language: "" if root == common else posixpath.relpath(root, common)
            for language, root in roots.items()
        }
        return common, folders

    def language_base_url(self, language: str) -> str:
        """A language's own ``baseURL`` (a multihost site), '' for none."""
        url = self.language_text(language, "baseurl")
        return url.rstrip("/") + "/" if re.match(r"https?://[^/]", url) else ""

    def language_tag(self, language: str) -> str:
        """The tag Hugo's feeds of a language carry: its ``locale`` (older
        ``languageCode``), else the site's for the default language; '' for none."""
        for key in ("locale", "languagecode"):
            own = self.language_text(language, key)
            if own:
                return own.replace("_", "-")
        if language == self.language:
            site = _text(self.config.get("locale")) or _text(self.config.get("languagecode"))
            return site.replace("_", "-")
        return ""

    def language_text(self, language: str, *keys: str) -> str:
        """A language's own setting (``languages.fr.title``, ``...params.description``)."""
        return _text(_get(self.config, "languages", language, *keys))

    @property
    def feed_limit(self) -> int | None:
        """``services.rss.limit`` (or the old ``rssLimit``); None for unlimited (-1)."""
        limit = _get(self.config, "services", "rss", "limit")
        if limit is None:
            limit = self.config.get("rsslimit")
        if isinstance(limit, str) and limit.strip().lstrip("-").isdigit():
            limit = int(limit)
        if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 1:
            return limit
        return None

    def options(self) -> dict[str, Any]:
        """The ``[generator_options]`` table for publisher.toml: what links and languages depend on,
        only where the site differs from Hugo's defaults, spelled as Hugo spells it; and
        ``pageOrder``, so that the feeds list what Hugo's listed."""
        found: dict[str, Any] = {}
        permalinks = self.config.get("permalinks")
        if isinstance(permalinks, dict | list) and permalinks:
            found["permalinks"] = permalinks
        for key, spelled in (
            ("uglyurls", "uglyURLs"),
            ("disablepathtolower", "disablePathToLower"),
            ("removepathaccents", "removePathAccents"),
            ("defaultcontentlanguageinsubdir", "defaultContentLanguageInSubdir"),
        ):
            if self.config.get(key) not in (None, False):
                found[spelled] = self.config[key]
        if self.language != DEFAULT_LANGUAGE or len(self.languages) > 1:
            found["defaultContentLanguage"] = self.language
        if len(self.languages) > 1:
            found["languages"] = self.languages
        ignored = self.config.get("ignorefiles")
        if isinstance(ignored, list) and ignored:
            found["ignoreFiles"] = [str(p) for p in ignored]
        found["pageOrder"] = "hugo"  # Hugo's feeds list pages in its own order
        return found


def read_site(root: Path) -> HugoSite:
    return HugoSite(load_config(root))


# --- publisher.toml's [generator_options] for a Hugo site --------------------------------


@dataclass(frozen=True, slots=True)
class HugoSettings:
    """The Hugo settings a build applies, from publisher.toml's ``[generator_options]`` table."""

    links: LinkRules = field(default_factory=LinkRules)
    language: str = DEFAULT_LANGUAGE
    languages: frozenset[str] = frozenset({DEFAULT_LANGUAGE})
    ignore_files: tuple[re.Pattern[str], ...] = ()
    # ``pageOrder = "hugo"``: feeds list pages in Hugo's default order (weight, date,
    # link title, path: ``hugo_order``), not newest first.
    hugo_order: bool = False


# ``pageOrder``: how feeds pick and order their items. "date" (newest first) is what a
# config written before the setting existed gets; ``init --like hugo`` writes "hugo".
PAGE_ORDERS = ("hugo", "date")


def settings(options: Mapping[str, object]) -> HugoSettings:
    """``options`` (``[generator_options]``) checked and read; ValueError says why not."""
    table = lowercase_keys(dict(options))
    known = {
        "permalinks", "uglyurls", "disablepathtolower", "removepathaccents",
        "defaultcontentlanguage", "languages", "defaultcontentlanguageinsubdir", "ignorefiles",
        "pageorder",
    }  # fmt: skip
    unknown = sorted(set(table) - known)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")
    ugly = table.get("uglyurls", False)
    if isinstance(ugly, dict) and all(isinstance(v, bool) for v in ugly.values()):
        ugly_sections = frozenset(str(k).lower() for k, v in ugly.items() if v)
        ugly = False
    elif isinstance(ugly, bool):
        ugly_sections = frozenset()
    else:
        raise ValueError("'uglyURLs' must be true or false, or a table of section = true")
    for key in ("disablepathtolower", "removepathaccents", "defaultcontentlanguageinsubdir"):
        if not isinstance(table.get(key, False), bool):
            raise ValueError(f"{key!r} must be true or false")
    language = table.get("defaultcontentlanguage", DEFAULT_LANGUAGE)
    languages = table.get("languages", [language])
    if not isinstance(language, str) or not language.strip():
        raise ValueError("'defaultContentLanguage' must be a language code")
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise ValueError("'languages' must be a list of language codes")
    language = language.strip().lower()
    ignore = table.get("ignorefiles", [])
    if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
        raise ValueError("'ignoreFiles' must be a list of regular expressions")
    try:
        ignored = tuple(re.compile(p) for p in ignore)
    except re.error as exc:
        raise ValueError(f"'ignoreFiles': {exc}") from None
    order = table.get("pageorder", "date")
    if order not in PAGE_ORDERS:
        raise ValueError(
            '\'pageOrder\' must be "hugo" (Hugo\'s own order) or "date" (newest first)'
        )
    paths = PathRules(
        to_lower=not table.get("disablepathtolower", False),
        remove_accents=table.get("removepathaccents", False),
    )
    links = LinkRules(
        paths=paths,
        permalinks=permalinks(table.get("permalinks", {})),
        ugly_urls=ugly,
        ugly_sections=ugly_sections,
        language_prefix=language if table.get("defaultcontentlanguageinsubdir") else "",
    )
    return HugoSettings(
        links,
        language,
        frozenset(x.strip().lower() for x in languages) | {language},
        ignored,
        hugo_order=order == "hugo",
    )


def permalinks(raw: object) -> tuple[Permalink, ...]:
    """Hugo's ``[permalinks]`` as page rules, in the order they are tried: the map form
    (``section = pattern``, and ``[permalinks.page]``) most specific section first, the
    list form (``[[permalinks]]`` with ``target`` and ``pattern``) as written."""
    rules: list[Permalink] = []
    if isinstance(raw, dict):
        sections: dict[str, str] = {}
        for key, value in lowercase_keys(raw).items():
            if isinstance(value, str):
                sections[key] = value
            elif key == "page" and isinstance(value, dict):
                for name, pattern in value.items():
                    if not isinstance(pattern, str):
                        raise ValueError(f"'permalinks.page.{name}' must be a pattern")
                    sections[name] = pattern
            elif not isinstance(value, dict):
                raise ValueError(f"'permalinks.{key}' must be a pattern or a table")
        # Hugo tries a map's rules in no fixed order; the longest section is the one a
        # site with nested rules means.
        for name in sorted(sections, key=lambda n: (-len(n.strip(" /")), n)):
            rules.append(Permalink(section_target(name), sections[name]))
    elif isinstance(raw, list):
        for entry in lowercase_keys(raw):
            pattern = entry.get("pattern") if isinstance(entry, dict) else None
            if not isinstance(pattern, str):
                raise ValueError("each [[permalinks]] needs a 'pattern'")
            target = entry.get("target") or {}
            kind = _text(target.get("kind")) if isinstance(target, dict) else ""
            if kind and not glob_regex(kind.lower()).match("page"):
                continue
            path = _text(target.get("path")) if isinstance(target, dict) else ""
            rules.append(Permalink(path.lower() or "**", pattern))
    elif raw not in (None, ""):
        raise ValueError("'permalinks' must be a table")
    for rule in rules:
        try:
            check_pattern(rule.pattern)
        except PermalinkError as exc:
            raise ValueError(f"'permalinks': {rule.pattern!r}: {exc}") from None
    return tuple(rules)
