"""``publisher init``: a commented publisher.toml, the content folder and a .gitignore entry.

With ``like`` set, the settings reproduce that generator's defaults (where its sources
live, how it forms an article's link, from ``SiteGenerator.layout``), and the site's
title, URL and time zone are taken from the generator's own config when they are there
(``SiteGenerator.site_facts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from publisher.atomic import write_atomic
from publisher.config import DEFAULT_CONFIG_NAME, default
from publisher.errors import PublisherError
from publisher.generators import NAMES, generator_named
from publisher.generators.base import Layout, SiteFacts, SiteGenerator, SiteLanguage
from publisher.render.settings import MarkdownSettings, default_settings, extension_installed
from publisher.sources import list_sources

CACHE_IGNORE = default("cache_dir") + "/"
# The Markdown a new site of publisher's own is written in (a site without the key keeps
# Python-Markdown, so that its feeds never change).
NEW_SITE_FLAVOUR = "commonmark"
_RENDERERS = {"hugo": "Goldmark", "jekyll": "kramdown", "pelican": "Python-Markdown"}
# A site of publisher's own: the config's defaults.
NATIVE_LAYOUT = Layout(default("content_dir"), default("article_url"), "")
ITEMS_PER_FEED = int(default("items_per_feed"))


def site_facts(root: Path, like: str) -> SiteFacts:
    """What the config of the ``like`` generator's site in ``root`` says (empty for none)."""
    generator = generator_named(like)
    return generator.site_facts(root) if generator else SiteFacts()


def layout(like: str) -> Layout:
    """Where the ``like`` generator keeps sources and how it links them (ours for '')."""
    generator = generator_named(like)
    return generator.layout if generator else NATIVE_LAYOUT


def render_config(
    *,
    title: str,
    base_url: str,
    like: str,
    facts: SiteFacts,
    items_per_feed: int = ITEMS_PER_FEED,
) -> str:
    """The commented publisher.toml for a new site."""
    where = layout(like)
    content_dir = facts.content_dir or where.content_dir
    article_url = facts.article_url or where.article_url
    lines = [
        "# publisher settings. Every key is described in publisher's docs/configuration.md.",
        "# Paths are relative to this file.",
        *(f"# {note}." for note in facts.notes),
        "",
        f"title = {_toml_string(title)}",
        f"base_url = {_toml_string(base_url)}",
        '# description = "What the site is about, shown by feed readers."',
        "",
        "# Where article sources live.",
        f"content_dir = {_toml_string(content_dir)}",
        "# Where feeds are written; they are served from feeds_url (default base_url + /feeds).",
        f"output_dir = {_toml_string(default('output_dir'))}",
        "",
    ]
    if like:
        lines += [
            f"# Read sources as {like.capitalize()} keeps them. {where.note}",
            f"generator = {_toml_string(like)}",
            "",
            "# An article without an `id` gets one derived from its file's path under",
            "# content_dir (one per file; `publisher pin-ids` writes each into its file).",
            "# Keep it once feeds are published: changing it changes every id not pinned.",
            'id_from = "path"',
            "",
        ]
    lines += [
        "# An article's link. Placeholders: {base_url} {category} {categories} {section}",
        "# {slug} {title} {file} {slug_or_title} {year} {month} {day}."
        + (" This reproduces the generator's permalinks:" if like else ""),
        "# keep it in step with them, or links in the feeds break.",
        f"article_url = {_toml_string(article_url)}",
        *(
            [
                "# The link of an article in another language than the default.",
                f"translation_url = {_toml_string(facts.translation_url)}",
            ]
            if facts.translation_url and len(facts.languages) > 1
            else []
        ),
        "",
        *(
            []
            if like
            else [
                "# Which Markdown articles are written in: CommonMark with GitHub's tables,",
                "# strikethrough, autolinks, task lists and footnotes (docs/configuration.md).",
                f"markdown = {_toml_string(NEW_SITE_FLAVOUR)}",
                "",
            ]
        ),
        "# Dates without a zone are in this zone (an IANA name).",
        f"timezone = {_toml_string(facts.timezone or default('timezone'))}",
        "",
        *(
            [
                f"# The site's language, as {like.capitalize()}'s config names it.",
                f"language = {_toml_string(facts.language)}",
                "",
            ]
            if facts.language
            else []
        ),
        *_items_lines(like, facts, items_per_feed),
        "",
        '# What items carry: "full" articles, or a "summary" and a "Read more" link.',
        f"# content = {_toml_string(default('content'))}",
        *_budget_lines(like, default("max_feed_bytes")),
        "# Also write .br and .gz copies of every file, for the web server to send.",
        "# precompress = true",
        "",
    ]
    if facts.summary_separator or facts.summary_words:
        lines += ['# The site\'s own summary settings, for content = "summary" feeds.']
        if facts.summary_separator:
            lines.append(f"summary_separator = {_toml_string(facts.summary_separator)}")
        if facts.summary_words:
            lines.append(f"summary_words = {facts.summary_words}")
        lines.append("")
    if like:
        lines += _markdown_table(like, facts.markdown or default_settings(like))
    if facts.section_urls:
        lines += [
            "# Hugo's [permalinks]: these sections' links follow their own pattern.",
            "[section_urls]",
            *(f"{_toml_string(name)} = {_toml_string(url)}" for name, url in facts.section_urls),
            "",
        ]
    if facts.options:
        lines += [
            f"# {like.capitalize()}'s own settings that shape links and what is an article,",
            "# copied from its config (spelled as there): keep them in step with it.",
            *_order_lines(facts),
            "[generator_options]",
            *(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in facts.options.items()),
            "",
        ]
    lines += _language_lines(facts)
    lines += [
        "# [author]",
        '# name = "Your Name"',
        "",
    ]
    return "\n".join(lines)


def _language_lines(facts: SiteFacts) -> list[str]:
    """A translated site's ``[languages.<code>]`` tables (the default first)."""
    from publisher.validate.values import language_problem

    if len(facts.languages) < 2:
        return []
    lines = [
        "# The site's languages, the default (language) first: each gets its own feeds,",
        "# the default's where a one-language site has them, the others' in feeds/<code>/.",
    ]
    lines.append("")
    for language in facts.languages:
        lines.append(f"[languages.{_toml_key(language.code)}]")
        if language.title:
            lines.append(f"title = {_toml_string(language.title)}")
        if language.description:
            lines.append(f"description = {_toml_string(language.description)}")
        if language.link:
            lines.append(f"link = {_toml_string(language.link)}")
        if language.folder:
            lines.append(f"folder = {_toml_string(language.folder)}")
        if language.tag and language.tag != language.code and not language_problem(language.tag):
            lines.append(f"tag = {_toml_string(language.tag)}")
        lines.append("")
    return lines


def _order_lines(facts: SiteFacts) -> list[str]:
    """Why ``pageOrder`` is there, when it is (a Hugo site)."""
    if facts.options.get("pageOrder") != "hugo":
        return []
    return [
        '# pageOrder = "hugo": feeds list pages as Hugo\'s did, weighted pages first (by',
        '# weight), then the newest, then by link title and path; "date": newest first.',
    ]


def _items_lines(like: str, facts: SiteFacts, items_per_feed: int) -> list[str]:
    """The ``items_per_feed`` setting and why it has that value."""
    if not like and items_per_feed == ITEMS_PER_FEED:
        return [f"# items_per_feed = {ITEMS_PER_FEED}"]
    if facts.feed_limit is not None:
        which = "first" if facts.options.get("pageOrder") == "hugo" else "newest"
        why = [
            f"# {like.capitalize()}'s feed held the {which} {facts.feed_limit} articles: so does",
            "# this one (more would bring older ones to subscribers as new).",
        ]
    else:
        why = [
            "# The old feed held every article: so does this one, so that no subscriber",
            "# loses an item in the switch (lower it once the switch is done).",
        ]
    why.append("# `publisher pin-ids --from-feed` sets it to the old feed's own count.")
    return [*why, f"items_per_feed = {items_per_feed}"]


def _budget_lines(like: str, default: object) -> list[str]:
    """The ``max_feed_bytes`` setting: publisher's budget for a new site; none for a
    site switching from a generator, whose feed had none, so that the feed holds the
    items the old one held (a budget would leave the oldest out: coderzh's Hugo feed
    of 348 full articles would keep 69)."""
    if not like:
        return [
            "# A feed larger than this leaves out its oldest items (512 KiB: the smallest",
            "# limit aggregators are known to enforce; 0 for none).",
            f"# max_feed_bytes = {default}",
        ]
    return [
        f"# {like.capitalize()}'s feed had no size limit: nor has this one, so that it holds",
        "# the items the old one held. A feed over 512 KiB is more than some aggregators",
        f"# fetch: once the switch is done, consider max_feed_bytes = {default}.",
        "max_feed_bytes = 0",
    ]


def _items_for(like: str, facts: SiteFacts, content: Path) -> int:
    """How many items each feed holds: as many as the generator's feed did (its limit,
    or every article when it had none), so that switching brings no older article to
    subscribers as new and takes none away. publisher's own default for a new site."""
    if not like:
        return ITEMS_PER_FEED
    if facts.feed_limit is not None:
        return facts.feed_limit
    return max(ITEMS_PER_FEED, _count_sources(content, like))


def _markdown_table(like: str, settings: MarkdownSettings) -> list[str]:
    """``[markdown]`` as the generator renders the site, each setting explained."""
    lines = [
        f"# Markdown as {like.capitalize()} renders it ({_RENDERERS[like]}), read from its config:",
        "# keep it so that the feeds show what the site shows (docs/configuration.md).",
        "[markdown]",
        f"flavour = {_toml_string(settings.flavour)}",
    ]
    if settings.flavour == "python-markdown":
        usable = [name for name in settings.extensions if extension_installed(name)]
        missing = [name for name in settings.extensions if name not in usable]
        if missing:
            lines.append(
                "# Not installed here, so left out (install them and add them back): "
                + ", ".join(_toml_string(name) for name in missing)
            )
        names = ", ".join(_toml_string(name) for name in usable)
        lines.append(f"extensions = [{names}]")
        configs = {n: dict(options) for n, options in settings.extension_configs if n in usable}
        if configs:
            lines.append(f"extension_configs = {_toml_value(configs)}")
        lines.append(f"typographer = {_toml_value(settings.typographer)}")
        if settings.extract_toc:
            lines += [
                "# The extract_toc plugin shows the [TOC] beside the article, not in it.",
                "extract_toc = true",
            ]
        return [*lines, ""]
    if like == "hugo":
        lines += [
            "# Hugo (0.60+, a config with [markup]) leaves HTML written in Markdown out unless",
            "# markup.goldmark.renderer.unsafe; a config without [markup] was written for a Hugo",
            "# that kept it: publisher keeps it then, sanitized (docs/migrating/hugo.md).",
        ]
    lines.append(f"raw_html = {_toml_value(settings.raw_html)}")
    lines.append(f"typographer = {_toml_value(settings.typographer)}")
    if settings.block_attributes:
        lines.append("block_attributes = true")
    if settings.parse_block_html:
        lines.append("parse_block_html = true")
    if settings.typographer_substitutions:
        marks = dict(settings.typographer_substitutions)
        lines.append(f"typographer_substitutions = {_toml_value(marks)}")
    return [*lines, ""]


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_value(value: object) -> str:
    """A TOML value on one line: text, true/false, a number, a list or an inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + pairs + " }" if pairs else "{}"
    return _toml_string(str(value))


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
    if like not in ("", *NAMES):
        raise PublisherError(f"--like must be one of {', '.join(NAMES)}, got {like!r}")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublisherError(f"--base-url must be an absolute http(s) URL, got {base_url!r}")
    root.mkdir(parents=True, exist_ok=True)
    facts = site_facts(root, like)
    content = root / (facts.content_dir or layout(like).content_dir)
    if like and not facts.languages:
        facts = _with_source_languages(facts, root, content, like)
    items = _items_for(like, facts, content)
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


# A ``lang`` field in front matter (YAML, or Pelican's ``:lang:`` and ``Lang:`` headers).
_LANG_FIELD = re.compile(
    r"^:?lang:[ \t]*['\"]?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", re.I | re.M
)


def _with_source_languages(facts: SiteFacts, root: Path, content: Path, like: str) -> SiteFacts:
    """The site's facts with the languages its sources name in ``lang`` (Jekyll's and
    Pelican's way of saying a post is in another language; or what Jekyll's front
    matter ``defaults:`` give them): the default first, then the others, most used
    first; unchanged when they name no other language."""
    generator = generator_named(like)
    if not content.is_dir() or generator is None:
        return facts
    try:
        rules = generator.site_rules(root, content)
    except PublisherError:
        rules = None  # a broken _config.yml: the build says so
    default_code = (facts.language or "en").replace("_", "-")
    counts: dict[str, int] = {}
    listing = list_sources(content, generator=like, rules=rules)
    for where, names in listing.names.items():
        for name in names:
            try:
                with open(Path(listing.root, where, name), encoding="utf-8", errors="replace") as f:
                    head = f.read(4096)
            except OSError:
                continue
            match = _LANG_FIELD.search(head)
            code = match.group(1) if match else _default_language(generator, where, name, rules)
            if code:
                key = code.replace("_", "-").lower()
                counts[key] = counts.get(key, 0) + 1
    # A regional tag of a listed language is that language (en-US beside en).
    default_key = default_code.lower()
    listed = {default_key, *counts}
    others = sorted(
        (
            c
            for c in counts
            if c.split("-")[0] not in listed - {c} and default_key.split("-")[0] != c
        ),
        key=lambda c: (-counts[c], c),
    )
    if not others:
        return facts
    languages = (SiteLanguage(default_code), *(SiteLanguage(code) for code in others))
    return replace(facts, language=default_code, languages=languages)


def _default_language(generator: SiteGenerator, where: str, name: str, rules: object) -> str:
    """The ``lang`` a source without its own gets from the site's rules (Jekyll's
    ``defaults:`` by scope), '' for none."""
    fields: dict[str, object] = {}
    generator.site_defaults(fields, f"{where}/{name}".lstrip("/"), rules)
    value = fields.get("lang")
    return value if isinstance(value, str) else ""


def _count_sources(content: Path, like: str) -> int:
    """How many sources the generator's content folder holds (an upper bound on its
    articles)."""
    if not content.is_dir():
        return 0
    return len(list_sources(content, generator=like))


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
