"""What a Hugo site's own layouts give its pages' bodies, read on every build: the
shortcode templates simple enough to fill in without Hugo. Such a template is text
whose only actions print the pair's inner text (``{{ .Inner }}``, as the common
``rawhtml`` shortcode does) or one of the shortcode's arguments (``{{ .Get "title" }}``,
``{{ .Get 0 }}``), besides comments. Hugo puts what the template writes where the
shortcode stands; a template with any other code needs Hugo to run it, so it stays
out (the build warns).

Kept as ``HugoRules`` in ``Config.site_rules``: its repr is part of the config's
fingerprint, so an edit of one of these files renders the pages again.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Hugo's shortcode folders in the site's layouts (``_shortcodes`` since Hugo 0.146).
SHORTCODE_FOLDERS = ("layouts/_shortcodes", "layouts/shortcodes")
# A shortcode template larger than this is no simple snippet: left to Hugo.
MAX_TEMPLATE_BYTES = 64 * 1024
# A Go template action, with its whitespace-trimming markers.
_ACTION = re.compile(r"\{\{(-\s)?(.*?)(\s-)?\}\}", re.DOTALL)
# The actions filled in here: a comment, the inner text, an argument by name or place.
_COMMENT = re.compile(r"/\*.*\*/", re.DOTALL)
_INNER = re.compile(r"\.Inner(?:\s*\|\s*safeHTML)?")
_GET = re.compile(r'\.Get\s+(?:"(?P<name>[^"]*)"|(?P<place>\d+))')


@dataclass(frozen=True, slots=True)
class HugoRules:
    """The site's simple shortcode templates: name -> the template's text."""

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
            text = _simple(Path(entry.path))
            if text is not None:
                found[name] = text
    return HugoRules(found) if found else None


def fill(template: str, inner: str | None, args: Sequence[str], named: Mapping[str, str]) -> str:
    """What a simple template writes for one shortcode: its actions filled in (an
    argument escaped, as Go's html/template escapes text; the inner text as it is),
    whitespace trimmed where a marker asks."""

    def action(match: re.Match[str]) -> str:
        code = match[2].strip()
        if _COMMENT.fullmatch(code):
            return ""
        if _INNER.fullmatch(code):
            return inner or ""
        got = _GET.fullmatch(code)
        assert got is not None  # _simple let no other action in
        if got["name"] is not None:
            return html.escape(named.get(got["name"], ""))
        place = int(got["place"])
        return html.escape(args[place]) if place < len(args) else ""

    out: list[str] = []
    at = 0
    for match in _ACTION.finditer(template):
        text = template[at : match.start()]
        out.append(text.rstrip() if match[1] else text)
        out.append(action(match))
        at = match.end()
        if match[3]:
            at += len(template[at:]) - len(template[at:].lstrip())
    out.append(template[at:])
    return "".join(out)


def _simple(path: Path) -> str | None:
    """The template's text when every action in it is one ``fill`` knows, else None."""
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for match in _ACTION.finditer(text):
        code = match[2].strip()
        if not (_COMMENT.fullmatch(code) or _INNER.fullmatch(code) or _GET.fullmatch(code)):
            return None
    if "{{" in _ACTION.sub("", text):
        return None  # an action this pattern does not read
    return text
