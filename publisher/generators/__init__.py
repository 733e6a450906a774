"""Reading a site the way Hugo, Jekyll or Pelican reads it.

This registry is the one list of the site generators publisher can read: the config's
``generator`` key, ``init --like``, discovery and ``normalize`` all take it from here.
Each generator is a module of this package with a ``SiteGenerator`` (``base.py``: the
interface, and what a generator without a rule of its own does); what all three share
is in neutral modules (``fields.py``: aliases and never-published rules,
``templating.py``: the template engine, ``crossref.py``: finding a referenced source).

A fourth generator is one more module and one more line below. Generators are named,
not imported, so reading the names (the config, ``--help``) costs no generator's code.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publisher.config import Config
    from publisher.generators.base import SiteGenerator

# name (as publisher.toml's ``generator`` and ``init --like`` take it) -> "module:instance"
_GENERATORS: dict[str, str] = {
    "hugo": "publisher.generators.hugo:HUGO",
    "jekyll": "publisher.generators.jekyll:JEKYLL",
    "pelican": "publisher.generators.pelican:PELICAN",
}

# Every supported generator's name, in the order messages list them.
NAMES: tuple[str, ...] = tuple(_GENERATORS)


def generator_named(name: str) -> SiteGenerator | None:
    """The generator called ``name``; None for '' (publisher's own sources).

    KeyError for a name not in ``NAMES`` (the config refuses those first).
    """
    if not name:
        return None
    module_name, _, attribute = _GENERATORS[name].partition(":")
    generator: SiteGenerator = getattr(importlib.import_module(module_name), attribute)
    return generator


def site_generator(config: Config) -> SiteGenerator | None:
    """The generator ``config`` names, with the site's settings applied: those its rules
    read from the site's own config (``SiteGenerator.build_settings``: Pelican's) and
    publisher.toml's ``[generator_options]`` (Hugo's); None for publisher's own."""
    generator = _configured(config.generator, config.generator_settings)
    if generator is not None and config.generator_options:
        generator = generator.configured(config.generator_options)
    return generator


@functools.lru_cache(maxsize=16)
def _configured(name: str, settings: tuple[tuple[str, object], ...]) -> SiteGenerator | None:
    generator = generator_named(name)
    if generator is None or not settings:
        return generator
    return generator.configured(dict(settings))


def frozen(value: object) -> object:
    """``value`` with every list made a tuple and every table a sorted tuple of pairs:
    hashable, and the same for the same settings (the config's fingerprint is its repr)."""
    if isinstance(value, dict):
        return tuple(sorted(((str(k), frozen(v)) for k, v in value.items()), key=repr))
    if isinstance(value, list | tuple | set):
        return tuple(frozen(item) for item in value)
    return value
