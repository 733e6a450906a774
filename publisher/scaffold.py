"""``publisher init``: a commented publisher.toml, the content folder and a .gitignore entry.

With ``like`` set, the settings reproduce that generator's defaults (where its sources
live, how it forms an article's link), and the site's title, URL and time zone are
taken from the generator's own config when they are there.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from publisher.atomic import write_atomic
from publisher.config import DEFAULT_CONFIG_NAME, GENERATORS
from publisher.errors import PublisherError

CACHE_IGNORE = ".publisher-cache/"


@dataclass(frozen=True, slots=True)
class Layout:
    """Where one generator keeps its sources and how it links an article."""

    content_dir: str
    article_url: str
    note: str


LAYOUTS: dict[str, Layout] = {
    "": Layout("content", "{base_url}/{category}/{slug}/", ""),
    "hugo": Layout(
        "content",
        "{base_url}/{section}/{slug}/",
        "Hugo: content/<section>/<file>.md or page bundles <section>/<name>/index.md;\n"
        "# _index.md section pages, drafts, headless and expired pages are never published.",
    ),
    "jekyll": Layout(
        "_posts",
        "{base_url}/{categories}/{year}/{month}/{day}/{slug}.html",
        "Jekyll: _posts/YYYY-MM-DD-title.md (the date comes from the file name);\n"
        "# _drafts/ and `published: false` are never published.",
    ),
    "pelican": Layout(
        "content",
        "{base_url}/{slug}.html",
        "Pelican: Markdown with `Title:`/`Date:` headers; the folder is the category,\n"
        "# content/pages/ are pages (not in feeds), `Status: draft` is never published.",
    ),
}


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


def detect_generator(root: Path) -> str:
    """The generator whose config file sits in ``root`` ('' for none)."""
    for name in ("hugo.toml", "hugo.yaml", "config.toml", "config.yaml"):
        if (root / name).is_file():
            return "hugo"
    if (root / "_config.yml").is_file() or (root / "_posts").is_dir():
        return "jekyll"
    if (root / "pelicanconf.py").is_file():
        return "pelican"
    return ""


def read_site_facts(root: Path, generator: str) -> SiteFacts:
    """Title, URL, time zone and permalink style from the generator's own config."""
    try:
        if generator == "hugo":
            return _hugo_facts(root)
        if generator == "jekyll":
            return _jekyll_facts(root)
        if generator == "pelican":
            return _pelican_facts(root)
    except (OSError, ValueError, yaml.YAMLError, tomllib.TOMLDecodeError):
        pass  # an unreadable config only means no defaults from it
    return SiteFacts()


def _hugo_facts(root: Path) -> SiteFacts:
    data: dict[str, object] = {}
    for name in ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml"):
        path = root / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            loaded = tomllib.loads(text) if name.endswith(".toml") else yaml.safe_load(text)
            data = loaded if isinstance(loaded, dict) else {}
            break
    content = data.get("contentDir") or data.get("contentdir") or ""
    return SiteFacts(
        title=_text(data.get("title")),
        base_url=_text(data.get("baseURL") or data.get("baseurl")).rstrip("/"),
        timezone=_text(data.get("timeZone") or data.get("timezone")),
        content_dir=_text(content),
        section_urls=_hugo_permalinks(data.get("permalinks")),
        feed_limit=_limit(data.get("rssLimit") or _nested(data, "services", "rss", "limit")),
    )


def _nested(data: object, *keys: str) -> object:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _limit(value: object) -> int | None:
    """A feed size setting; None for unlimited (zero, negative or unset)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


# Hugo's permalink tokens (https://gohugo.io/content-management/urls/#tokens) and ours.
_HUGO_TOKENS = {
    ":year": "{year}", ":month": "{month}", ":day": "{day}", ":section": "{section}",
    ":sections": "{section}", ":title": "{title}", ":slug": "{slug_or_title}",
    ":filename": "{file}", ":contentbasename": "{file}", ":slugorfilename": "{slug}",
    ":slugorcontentbasename": "{slug}",
}  # fmt: skip


def _hugo_permalinks(raw: object) -> tuple[tuple[str, str], ...]:
    """Hugo's ``[permalinks]`` (or ``[permalinks.page]``) as section -> article_url."""
    if isinstance(raw, dict) and isinstance(raw.get("page"), dict):
        raw = raw["page"]
    if not isinstance(raw, dict):
        return ()
    found = []
    for section, pattern in sorted(raw.items()):
        if not isinstance(pattern, str) or section in ("tags", "categories"):
            continue
        for token in sorted(_HUGO_TOKENS, key=len, reverse=True):
            pattern = pattern.replace(token, _HUGO_TOKENS[token])
        if ":" not in pattern and "{" not in re.sub(r"\{(\w+)\}", "", pattern):
            found.append((section, "{base_url}/" + pattern.lstrip("/")))
    return tuple(found)


# Jekyll's built-in permalink styles.
_JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "none": "/:categories/:title:output_ext",
}
_JEKYLL_PLACEHOLDERS = {
    ":categories": "{categories}", ":year": "{year}", ":month": "{month}", ":day": "{day}",
    ":title": "{slug}", ":slug": "{slug}", ":output_ext": ".html",
}  # fmt: skip


def _jekyll_facts(root: Path) -> SiteFacts:
    path = root / "_config.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data = data if isinstance(data, dict) else {}
    url = _text(data.get("url")).rstrip("/") + _text(data.get("baseurl")).rstrip("/")
    return SiteFacts(
        title=_text(data.get("title")),
        base_url=url,
        timezone=_text(data.get("timezone")),
        article_url=_jekyll_pattern(_text(data.get("permalink")) or "date"),
        feed_limit=_limit(_nested(data, "feed", "posts_limit")) or 10,  # jekyll-feed's default
    )


def _jekyll_pattern(permalink: str) -> str:
    """A Jekyll permalink style or pattern as an article_url; '' if it cannot be copied."""
    pattern = _JEKYLL_STYLES.get(permalink, permalink)
    for name in sorted(_JEKYLL_PLACEHOLDERS, key=len, reverse=True):
        pattern = pattern.replace(name, _JEKYLL_PLACEHOLDERS[name])
    if ":" in pattern or not pattern.startswith("/"):
        return ""  # e.g. :y_day or :short_year: not reproduced, the default is used
    return "{base_url}" + pattern


_PELICAN_SETTING = re.compile(
    r"""^(?P<key>[A-Z_]+)\s*=\s*(?:(?P<q>["'])(?P<value>.*?)(?P=q)|(?P<number>\d+))\s*$""",
    re.MULTILINE,
)
_PELICAN_PLACEHOLDERS = {
    "{date:%Y}": "{year}", "{date:%m}": "{month}", "{date:%d}": "{day}",
    "{slug}": "{slug}", "{category}": "{category}",
}  # fmt: skip


def _pelican_facts(root: Path) -> SiteFacts:
    settings: dict[str, str] = {}
    # publishconf.py holds the production SITEURL; pelicanconf.py the rest.
    for name in ("pelicanconf.py", "publishconf.py"):
        path = root / name
        if path.is_file():
            for match in _PELICAN_SETTING.finditer(path.read_text(encoding="utf-8")):
                value = match["value"] if match["number"] is None else match["number"]
                if value or match["key"] not in settings:
                    settings[match["key"]] = value
    article_url = ""
    if settings.get("ARTICLE_URL"):
        pattern = settings["ARTICLE_URL"]
        for name, ours in _PELICAN_PLACEHOLDERS.items():
            pattern = pattern.replace(name, ours)
        bare = re.sub(r"\{(year|month|day|slug|category)\}", "", pattern)
        article_url = "" if "{" in bare else "{base_url}/" + pattern.lstrip("/")
    return SiteFacts(
        title=settings.get("SITENAME", ""),
        base_url=settings.get("SITEURL", "").rstrip("/"),
        timezone=settings.get("TIMEZONE", ""),
        content_dir=settings.get("PATH", ""),
        article_url=article_url,
        feed_limit=_limit(settings.get("FEED_MAX_ITEMS")),
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def render_config(
    *, title: str, base_url: str, like: str, facts: SiteFacts, items_per_feed: int = 50
) -> str:
    """The commented publisher.toml for a new site."""
    layout = LAYOUTS[like]
    content_dir = facts.content_dir or layout.content_dir
    article_url = facts.article_url or layout.article_url
    lines = [
        "# publisher settings. Every key is described in publisher's docs/configuration.md.",
        "# Paths are relative to this file.",
        "",
        f"title = {_toml_string(title)}",
        f"base_url = {_toml_string(base_url)}",
        '# description = "What the site is about, shown by feed readers."',
        "",
        "# Where article sources live.",
        f"content_dir = {_toml_string(content_dir)}",
        "# Where feeds are written; they are served from feeds_url (default base_url + /feeds).",
        'output_dir = "feeds"',
        "",
    ]
    if like:
        lines += [
            f"# Read sources as {like.capitalize()} keeps them. {layout.note}",
            f"generator = {_toml_string(like)}",
            "",
        ]
    lines += [
        "# An article's link. Placeholders: {base_url} {category} {categories} {section}",
        "# {slug} {title} {file} {slug_or_title} {year} {month} {day}."
        + (" This reproduces the generator's permalinks:" if like else ""),
        "# keep it in step with them, or links in the feeds break.",
        f"article_url = {_toml_string(article_url)}",
        "",
        "# Dates without a zone are in this zone (an IANA name).",
        f"timezone = {_toml_string(facts.timezone or 'UTC')}",
        "",
        *(
            [
                "# The old feed held every article: so does this one, so that no subscriber",
                "# loses an item in the switch (lower it once the switch is done).",
                f"items_per_feed = {items_per_feed}",
            ]
            if items_per_feed > 50
            else ["# items_per_feed = 50"]
        ),
        "",
    ]
    if facts.section_urls:
        lines += [
            "# Hugo's [permalinks]: these sections' links follow their own pattern.",
            "[section_urls]",
            *(f"{_toml_string(name)} = {_toml_string(url)}" for name, url in facts.section_urls),
            "",
        ]
    lines += [
        "# [author]",
        '# name = "Your Name"',
        "",
    ]
    return "\n".join(lines)


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


@dataclass(frozen=True, slots=True)
class Created:
    """What ``init_site`` wrote, for the command to report."""

    config: Path
    content_dir: Path
    content_created: bool
    gitignore: Path | None


def init_site(root: Path, *, title: str, base_url: str, like: str) -> Created:
    """Write ``root/publisher.toml`` (never over an existing one), the content folder
    when missing, and the cache folder's line in ``root/.gitignore``."""
    if like not in ("", *GENERATORS):
        raise PublisherError(f"--like must be one of {', '.join(GENERATORS)}, got {like!r}")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublisherError(f"--base-url must be an absolute http(s) URL, got {base_url!r}")
    root.mkdir(parents=True, exist_ok=True)
    facts = read_site_facts(root, like) if like else SiteFacts()
    content = root / (facts.content_dir or LAYOUTS[like].content_dir)
    items = 50
    if like and (facts.feed_limit is None or facts.feed_limit > 50):
        items = max(50, facts.feed_limit or _count_sources(content))
    text = render_config(
        title=title, base_url=base_url.rstrip("/"), like=like, facts=facts, items_per_feed=items
    )
    config = root / DEFAULT_CONFIG_NAME
    try:
        write_atomic(config, text.encode("utf-8"), overwrite=False)
    except FileExistsError:
        raise PublisherError("already exists: not overwritten", path=str(config)) from None
    except OSError as exc:
        raise PublisherError(f"cannot write: {exc.strerror}", path=str(config)) from None
    created = not content.is_dir()
    content.mkdir(parents=True, exist_ok=True)
    return Created(config, content, created, _ignore_cache(root))


def _count_sources(content: Path) -> int:
    """How many sources the content folder holds (an upper bound on its articles)."""
    if not content.is_dir():
        return 0
    return sum(
        1
        for path in content.rglob("*")
        if path.suffix.lower() in (".md", ".markdown", ".html", ".htm")
        and not any(part.startswith(".") for part in path.relative_to(content).parts)
    )


def _ignore_cache(root: Path) -> Path | None:
    """Add the cache folder to ``.gitignore``; None if it was already there."""
    path = root / ".gitignore"
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    if any(line.strip().strip("/") == CACHE_IGNORE.strip("/") for line in existing.splitlines()):
        return None
    joiner = "" if not existing or existing.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(f"{joiner}# publisher's build cache and lock\n{CACHE_IGNORE}\n")
    return path
