"""What a Hugo site's own layouts give its pages' bodies, read on every build: the
shortcode templates that are plain HTML (``layouts/shortcodes/series.html`` with no
template action in it). Hugo puts such a template's text where the shortcode stands;
one with template code needs Hugo to run it, so it stays out (the build warns).

Kept as ``HugoRules`` in ``Config.site_rules``: its repr is part of the config's
fingerprint, so an edit of one of these files renders the pages again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Hugo's shortcode folders in the site's layouts (``_shortcodes`` since Hugo 0.146).
SHORTCODE_FOLDERS = ("layouts/_shortcodes", "layouts/shortcodes")
# A shortcode template larger than this is no plain snippet: left to Hugo.
MAX_TEMPLATE_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class HugoRules:
    """The site's plain-HTML shortcodes: name -> the HTML its template writes."""

    shortcodes: Mapping[str, str] = field(default_factory=dict)


def read_rules(root: Path) -> HugoRules | None:
    """The rules of the Hugo site at ``root``; None when it has none."""
    found: dict[str, str] = {}
    for folder in SHORTCODE_FOLDERS:
        try:
            entries = sorted(os.scandir(root / folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            name, dot, suffix = entry.name.rpartition(".")
            if not dot or suffix != "html" or name in found or not entry.is_file():
                continue
            text = _plain(Path(entry.path))
            if text is not None:
                found[name] = text
    return HugoRules(found) if found else None


def _plain(path: Path) -> str | None:
    """The template's text when it holds no template action, else None."""
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return None if "{{" in text else text
