"""Which Markdown a site writes: the flavour and its few options, from ``[markdown]``.

A flavour is the Markdown of one renderer people already use, so a site keeps the output
its authors checked:

- ``python-markdown``: Python-Markdown with the extensions named (by default those of
  its ``extra`` plus sane lists: what publisher has always rendered), as Pelican renders;
- ``commonmark``: CommonMark with GitHub's tables, strikethrough, autolinks, task lists
  and footnotes (markdown-it-py): what ``publisher init`` writes for a new site;
- ``goldmark``: Hugo's renderer, the same CommonMark and GFM with its typographer and its
  heading attributes (``## Title {#id}``);
- ``kramdown``: Jekyll's, as GitHub Pages configures it (GFM input, smart quotes), its
  attribute lists (``{: .class}``) and extensions removed.

This module imports no renderer: the config reads it on every build, a no-op included.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

FLAVOURS = ("python-markdown", "commonmark", "goldmark", "kramdown")
# The flavour of each generator's sites, and of publisher's own (""), when the config
# names none.
GENERATOR_FLAVOURS = {
    "": "python-markdown",
    "hugo": "goldmark",
    "jekyll": "kramdown",
    "pelican": "python-markdown",
}
# What publisher has always rendered with: Python-Markdown's "extra", sane lists.
EXTRA_EXTENSIONS = (
    "fenced_code", "footnotes", "attr_list", "def_list", "tables", "abbr", "md_in_html",
    "sane_lists",
)  # fmt: skip
# Pelican's default MARKDOWN setting, less "meta" (publisher reads the header itself).
PELICAN_EXTENSIONS = ("codehilite", "extra")
PELICAN_EXTENSION_CONFIGS = (("codehilite", (("css_class", "highlight"),)),)
# The extensions Python-Markdown ships, by the short names Pelican and its users write.
BUILT_IN_EXTENSIONS = frozenset(
    {"abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code"}
    | {"footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists"}
    | {"smarty", "tables", "toc", "wikilinks"}
)
_OWN_PREFIX = "markdown.extensions."
# The modules whose release shapes each flavour's HTML (the render cache's key).
_MARKDOWN_IT = ("markdown_it", "mdit_py_plugins", "linkify_it")
FLAVOUR_LIBRARIES = {
    "python-markdown": ("markdown",),
    "commonmark": _MARKDOWN_IT,
    "goldmark": _MARKDOWN_IT,
    "kramdown": _MARKDOWN_IT,
}
# Goldmark's typographer's marks, by Hugo's names (markup.goldmark.extensions.typographer).
TYPOGRAPHER_MARKS = (
    "leftSingleQuote", "rightSingleQuote", "leftDoubleQuote", "rightDoubleQuote",
    "enDash", "emDash", "ellipsis", "leftAngleQuote", "rightAngleQuote", "apostrophe",
)  # fmt: skip
# The attribute on the HTML a generator's template syntax renders (a Hugo shortcode's
# figure or link): that HTML is kept where raw HTML an author wrote is left out (Hugo
# inserts a shortcode's output after rendering the Markdown, whatever renderer.unsafe
# says); the sanitizer drops the attribute.
GENERATED_HTML = "data-publisher-generated"
# Option -> the flavours that take it.
_OPTIONS = {
    "raw_html": ("commonmark", "goldmark", "kramdown"),
    "typographer": FLAVOURS,
    "block_attributes": ("goldmark",),
    "parse_block_html": ("kramdown",),
    "extract_toc": ("python-markdown",),
    "typographer_substitutions": ("goldmark",),
    "extensions": ("python-markdown",),
    "extension_configs": ("python-markdown",),
}
# One extension's settings: (name, value) pairs in the order written.
ExtensionConfig = tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class MarkdownSettings:
    """How a site's Markdown bodies are rendered (``[markdown]`` in publisher.toml).

    ``raw_html``: HTML written in the Markdown is kept (then sanitized, like all output)
    rather than left out. ``typographer``: straight quotes, ``--``, ``---`` and ``...``
    become typographic ones (Python-Markdown's ``smarty``). ``block_attributes``: a
    ``{.class}`` line after a block is Goldmark's attribute syntax, removed.
    ``parse_block_html``: kramdown's option of that name, Markdown inside block HTML
    elements is read (else such an element is raw HTML up to its end tag). For
    Python-Markdown, ``extensions`` by name and ``extension_configs`` by name, and
    ``extract_toc``: the table of contents the ``toc`` extension puts at ``[TOC]`` is
    left out of the content, as Pelican's extract_toc plugin moves it to the page's side.
    """

    flavour: str = "python-markdown"
    raw_html: bool = True
    typographer: bool = False
    block_attributes: bool = False
    parse_block_html: bool = False
    extract_toc: bool = False
    # Goldmark's typographer's output for some of its marks, by Hugo's names
    # (``enDash = "--"``): (name, HTML) pairs, the others its defaults.
    typographer_substitutions: tuple[tuple[str, str], ...] = ()
    extensions: tuple[str, ...] = EXTRA_EXTENSIONS
    extension_configs: tuple[tuple[str, ExtensionConfig], ...] = field(default=())

    @property
    def is_default(self) -> bool:
        """Publisher's own Markdown, as every release before ``[markdown]`` rendered it."""
        return self == MarkdownSettings()

    @property
    def libraries(self) -> tuple[str, ...]:
        """The importable modules whose releases shape this flavour's HTML: its library,
        and the package of each Python-Markdown extension not shipped with it."""
        packages = (name.partition(":")[0].split(".")[0] for name in self.extensions)
        own = BUILT_IN_EXTENSIONS | {"markdown"}
        others = dict.fromkeys(p for p in packages if p not in own)
        return (*FLAVOUR_LIBRARIES[self.flavour], *others)


def default_settings(generator: str) -> MarkdownSettings:
    """The settings of a config that names no flavour: the generator's renderer as it is
    configured out of the box, publisher's own for a site without a generator."""
    return flavour_defaults(GENERATOR_FLAVOURS[generator], generator)


def flavour_defaults(flavour: str, generator: str = "") -> MarkdownSettings:
    """A flavour's settings before any option: its renderer's own defaults."""
    if flavour == "python-markdown":
        if generator == "pelican":
            return MarkdownSettings(
                extensions=PELICAN_EXTENSIONS, extension_configs=PELICAN_EXTENSION_CONFIGS
            )
        return MarkdownSettings()
    return MarkdownSettings(
        flavour=flavour,
        extensions=(),
        typographer=flavour in ("goldmark", "kramdown"),
    )


def parse_settings(raw: object, generator: str) -> MarkdownSettings:
    """``markdown`` as publisher.toml writes it: a flavour's name, or a table with
    ``flavour`` and options. Raises ValueError with a message naming the key."""
    if raw is None:
        return default_settings(generator)
    if isinstance(raw, str):
        raw = {"flavour": raw}
    if not isinstance(raw, Mapping):
        raise ValueError("'markdown' must be a flavour's name or a table")
    flavour = raw.get("flavour", GENERATOR_FLAVOURS[generator])
    if flavour not in FLAVOURS:
        choices = ", ".join(repr(f) for f in FLAVOURS)
        raise ValueError(f"'markdown.flavour' must be one of {choices}, got {flavour!r}")
    settings = flavour_defaults(flavour, generator)
    changes: dict[str, object] = {}
    for key, value in raw.items():
        if key == "flavour":
            continue
        if key not in _OPTIONS:
            raise ValueError(f"unknown key 'markdown.{key}'")
        if flavour not in _OPTIONS[key]:
            takes = " and ".join(_OPTIONS[key])
            raise ValueError(f"'markdown.{key}' applies to the {takes} flavour only")
        changes[key] = _option(key, value)
    if "extension_configs" in changes and "extensions" not in changes:
        # Configuring an extension names it, as in Pelican's MARKDOWN setting.
        named = [name for name, _ in changes["extension_configs"]]  # type: ignore[attr-defined]
        changes["extensions"] = tuple(dict.fromkeys([*settings.extensions, *named]))
    settings = replace(settings, **changes)  # type: ignore[arg-type]
    for name in settings.extensions:
        if not extension_installed(name):
            raise ValueError(
                f"'markdown.extensions': {name!r} is neither one of Python-Markdown's "
                "extensions nor an installed package's"
            )
    return settings


def extension_installed(name: str) -> bool:
    """Whether an extension name can be loaded, found without importing it (Python-
    Markdown's own by name; another package's by its top-level module)."""
    module = name.partition(":")[0]
    if module in BUILT_IN_EXTENSIONS:
        return True
    if module.startswith(_OWN_PREFIX):
        return module.removeprefix(_OWN_PREFIX) in BUILT_IN_EXTENSIONS
    try:
        return bool(module) and importlib.util.find_spec(module.split(".")[0]) is not None
    except (ImportError, ValueError):
        return False


def _option(key: str, value: object) -> object:
    kind = {f.name: f.type for f in fields(MarkdownSettings)}[key]
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"'markdown.{key}' must be true or false")
        return value
    if key == "typographer_substitutions":
        if not isinstance(value, Mapping) or not all(
            k in TYPOGRAPHER_MARKS and isinstance(v, str) for k, v in value.items()
        ):
            names = ", ".join(TYPOGRAPHER_MARKS)
            raise ValueError(f"'markdown.{key}' must be a table of text, keys among: {names}")
        return tuple(sorted(value.items()))
    if key == "extensions":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError("'markdown.extensions' must be a list of extension names")
        return tuple(dict.fromkeys(value))
    if not isinstance(value, Mapping) or not all(isinstance(v, Mapping) for v in value.values()):
        raise ValueError("'markdown.extension_configs' must be a table of tables")
    return tuple((name, tuple(table.items())) for name, table in value.items())
