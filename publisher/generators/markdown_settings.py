"""How each generator's own config says its Markdown is rendered, as publisher's
``[markdown]`` settings (``SiteFacts.markdown``, written into publisher.toml by ``init``).

Only what changes the text a reader sees is read: Hugo's raw HTML and typographer
switches and its block attributes, kramdown's renderer and its ``parse_block_html``,
Pelican's ``MARKDOWN`` extensions and ``TYPOGRIFY``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from publisher.render.settings import (
    PELICAN_EXTENSION_CONFIGS,
    PELICAN_EXTENSIONS,
    TYPOGRAPHER_MARKS,
    MarkdownSettings,
    default_settings,
    flavour_defaults,
)


def hugo(config: Mapping[str, object]) -> MarkdownSettings:
    """Hugo's ``markup.goldmark`` (keys in any case, as Hugo reads them).

    Raw HTML follows ``renderer.unsafe``; where the config does not say, it is left out
    (Goldmark's default) only if the config has a ``markup`` table, which Hugo reads
    since 0.60, when Goldmark and that default came in: the site was built and checked
    with them. A config without one was written for Blackfriday, which kept raw HTML:
    there it is the post (whole posts of ``<p>`` and ``<pre>``) and is kept, sanitized;
    docs/migrating/hugo.md says why.
    """
    goldmark = ("markup", "goldmark")
    settings = default_settings("hugo")
    unsafe = _get(config, *goldmark, "renderer", "unsafe")
    typographer = _get(config, *goldmark, "extensions", "typographer")
    substitutions: tuple[tuple[str, str], ...] = ()
    if isinstance(typographer, Mapping):  # a table of substitutions: on unless disabled
        marks = {name.lower(): name for name in TYPOGRAPHER_MARKS}
        substitutions = tuple(
            sorted(
                (marks[str(key).lower()], value)
                for key, value in typographer.items()
                if str(key).lower() in marks and isinstance(value, str)
            )
        )
        typographer = _get(config, *goldmark, "extensions", "typographer", "disable") is not True
    block = _get(config, *goldmark, "parser", "attribute", "block")
    return MarkdownSettings(
        flavour=settings.flavour,
        raw_html=unsafe is True or (unsafe is None and _get(config, "markup") is None),
        typographer=typographer is not False,
        block_attributes=block is True,
        typographer_substitutions=substitutions if typographer is not False else (),
        extensions=(),
    )


def jekyll(config: Mapping[str, object]) -> MarkdownSettings:
    """Jekyll's ``markdown`` renderer: kramdown (its default), with its
    ``kramdown.parse_block_html`` option, or CommonMark through the jekyll-commonmark
    plugin."""
    renderer = config.get("markdown")
    if isinstance(renderer, str) and renderer.lower().startswith("commonmark"):
        return flavour_defaults("commonmark")
    options = config.get("kramdown")
    parse = isinstance(options, Mapping) and options.get("parse_block_html") is True
    return replace(default_settings("jekyll"), parse_block_html=parse)


def pelican(settings: Mapping[str, object]) -> MarkdownSettings:
    """Pelican's ``MARKDOWN`` (extensions and their settings, which replace Pelican's
    default) and ``TYPOGRIFY`` (typographic quotes and dashes: Python-Markdown's
    ``smarty``), from the settings as Pelican builds with them (``pelican_settings``:
    plain data only; a ``MARKDOWN`` that is computed keeps Pelican's default); with the
    ``toc`` extension, whether the extract_toc plugin takes its table of contents out of
    the article (``PLUGINS``)."""
    extensions, configs = _pelican_extensions(settings.get("MARKDOWN"))
    plugins = settings.get("PLUGINS")
    named = plugins if isinstance(plugins, list | tuple) else []
    return MarkdownSettings(
        typographer=settings.get("TYPOGRIFY") is True,
        extract_toc="toc" in extensions
        and any(isinstance(p, str) and p.rpartition(".")[2] == "extract_toc" for p in named),
        extensions=extensions,
        extension_configs=configs,
    )


def _pelican_extensions(
    markdown: object,
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[tuple[str, object], ...]], ...]]:
    """Pelican's MarkdownReader: ``extensions`` plus every key of ``extension_configs``."""
    if not isinstance(markdown, Mapping):
        return PELICAN_EXTENSIONS, PELICAN_EXTENSION_CONFIGS
    configs = markdown.get("extension_configs") or {}
    named = markdown.get("extensions") or []
    if not isinstance(configs, Mapping) or not isinstance(named, list | tuple):
        return PELICAN_EXTENSIONS, PELICAN_EXTENSION_CONFIGS
    names = [_short(n) for n in [*named, *configs] if isinstance(n, str)]
    extensions = tuple(n for n in dict.fromkeys(names) if n != "meta")
    settings = tuple(
        (_short(name), tuple(options.items()))
        for name, options in configs.items()
        if isinstance(name, str) and isinstance(options, Mapping) and options
        and _short(name) in extensions
    )  # fmt: skip
    return extensions, settings


def _short(name: str) -> str:
    """Python-Markdown's own extensions by their short names (``codehilite``)."""
    return name.removeprefix("markdown.extensions.")


def _get(data: object, *keys: str) -> object:
    """``data[k1][k2]...`` with keys matched in any case, as Hugo reads them (``[Markup]``
    and ``[markup]`` are one table); None where missing."""
    found = [data]
    for key in keys:
        found = [
            value
            for table in found
            if isinstance(table, Mapping)
            for name, value in table.items()
            if str(name).lower() == key.lower()
        ]
    return found[0] if found else None
