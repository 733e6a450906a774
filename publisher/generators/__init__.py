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

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def generator_for(name: str, options: Mapping[str, object]) -> SiteGenerator | None:
    """The generator called ``name`` with the site's settings for it (publisher.toml's
    table named after it); None for '' (publisher's own sources)."""
    generator = generator_named(name)
    return generator.configured(options) if generator is not None else None
