"""Text from scraped pages: cleaned, compared, and written as Markdown that renders exactly
as written (every character Markdown would read as markup escaped)."""

from __future__ import annotations

import re

# Characters that are never text: C0 controls (but tab/newline), lone surrogates, non-characters.
_JUNK_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Zero-width spaces and BOMs that scrapers leave behind (ZWJ/ZWNJ carry meaning: kept).
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\u00ad]")
_SPACE_RUN = re.compile(r"[^\S\n]+")
# A single no-break space is typography (French « », numbers); runs of anything collapse.
_KEPT_SPACES = frozenset({"\u00a0", "\u202f"})


def clean_text(text: str) -> str:
    """Drop control and zero-width characters and unify line ends; keeps every other char."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _ZERO_WIDTH.sub("", _JUNK_CHARS.sub("", text))


def squash(line: str) -> str:
    """Collapse whitespace runs to one space (one no-break space stays) and strip the ends."""

    def one(match: re.Match[str]) -> str:
        run = match.group()
        return run if run in _KEPT_SPACES else " "

    return _SPACE_RUN.sub(one, line).strip()


# Markdown escaping: the text must render exactly as written.
# Braces too: the renderer's attr_list extension reads a trailing ``{...}`` as attributes.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Openers that change a line's meaning: headings, quotes, list bullets, ordered lists.
_LINE_START = re.compile(r"^(?:(#|>)|([-+])(?=\s|$)|(\d+)(?=[.)](?:\s|$)))")
# A line of only hyphens or equals signs is a thematic break (``---``) or underlines the
# line above as a heading (setext): escaped, it stays text.
_RULE_LINE = re.compile(r"^[ \t]*(-|=)(?:[ \t]*\1)*[ \t]*$")


def escape_inline(text: str) -> str:
    """Escape characters Markdown would read as markup anywhere in a line."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    return text.replace("<", "&lt;")


def escape_line_start(text: str) -> str:
    """Escape an opener at the start of each line (``# ``, ``> ``, ``- ``, ``1. ``)."""

    def fix(match: re.Match[str]) -> str:
        if match.group(3):
            return match.group(3) + "\\"
        return "\\" + match.group()

    def one(line: str) -> str:
        rule = _RULE_LINE.match(line)
        if rule:
            # Python-Markdown escapes "-" but not "=": the entity renders as the sign itself.
            first = line.index(rule.group(1))
            return line[:first] + ("\\-" if rule.group(1) == "-" else "&#61;") + line[first + 1 :]
        return _LINE_START.sub(fix, line, count=1)

    return "\n".join(one(line) for line in text.split("\n"))


def escape_text(text: str) -> str:
    """Escape one paragraph of plain text for Markdown."""
    return escape_line_start(escape_inline(text))


def heading(text: str, level: int = 2) -> str:
    """An ATX heading; every ``#`` escaped so a trailing one is not read as a closer."""
    return "#" * level + " " + escape_inline(text).replace("#", "\\#")


def same_text(a: str, b: str) -> bool:
    """Equal up to case, spacing and a trailing ellipsis (for truncated crumbs)."""
    fa, fb = (" ".join(s.casefold().split()) for s in (a, b))
    if fa == fb:
        return True
    for short, full in ((fa, fb), (fb, fa)):
        stem = short.rstrip(".…").rstrip()
        if short.endswith(("…", "...")) and len(stem) >= 10 and full.startswith(stem):
            return True
    return False
