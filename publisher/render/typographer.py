"""Goldmark's typographer (Hugo's ``markup.goldmark.extensions.typographer``), as a
markdown-it-py inline rule.

Goldmark's rules are not markdown-it's ``smartquotes`` and ``replacements``: it turns
every ``--`` into an en dash (``--name`` included) but only exactly ``...`` into an
ellipsis (``..`` stays, ``......`` is two), ``<<`` and ``>>`` into guillemets, leaves
``(c)`` and ``+-`` alone, opens a quote only where the quote can open and not close (a
flanking test on the source's characters), closes one only while one is open in the same
block, and has its own cases for contractions ("I'm", "'90s", "'n'"). This follows
yuin/goldmark's ``extension/typographer.go`` rule by rule, at the same positions: an
inline rule tried after every other one, on the characters no other rule took (not in
code, autolinks or raw HTML), with the character before it in the source.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt

# Hugo's names for the substitutions (``markup.goldmark.extensions.typographer.*``) and
# Goldmark's defaults, as characters.
DEFAULTS = {
    "leftSingleQuote": "\u2018",
    "rightSingleQuote": "\u2019",
    "leftDoubleQuote": "\u201c",
    "rightDoubleQuote": "\u201d",
    "enDash": "\u2013",
    "emDash": "\u2014",
    "ellipsis": "\u2026",
    "leftAngleQuote": "\u00ab",
    "rightAngleQuote": "\u00bb",
    "apostrophe": "\u2019",
}
# What stops markdown-it's text rule (its own list) and the typographer's characters
# that are not on it, so that the rule below is tried at each of them.
_TERMINATORS = re.compile(r"[\n!#$%&*+\-:<=>@\[\\\]^_`{}~'\".]")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ASCII_SPACE = frozenset(" \t\n\v\f\r")


def use(parser: MarkdownIt, substitutions: Mapping[str, str]) -> None:
    """Goldmark's typographer in ``parser``, with Hugo's ``substitutions`` (HTML, as
    Hugo's config writes them: ``&ndash;``) over Goldmark's defaults."""
    table = dict(DEFAULTS)
    table.update({name: html.unescape(value) for name, value in substitutions.items()})
    parser.inline.ruler.at("text", _text)
    parser.inline.ruler.push("goldmark_typographer", _Typographer(table))


def _text(state: Any, silent: bool) -> bool:
    """markdown-it's text rule, stopping at the typographer's characters too."""
    found = _TERMINATORS.search(state.src, state.pos, state.posMax)
    end = found.start() if found else state.posMax
    if end == state.pos:
        return False
    if not silent:
        _append(state, state.src[state.pos : end])
    state.pos = end
    return True


def _append(state: Any, text: str) -> None:
    append = getattr(state, "append_pending", None)  # markdown-it-py 4.1+
    if append is not None:
        append(text)
    else:
        state.pending += text


def _is_punct(char: str) -> bool:  # Go's unicode.IsPunct
    return unicodedata.category(char).startswith("P")


def _is_punct_or_symbol(char: str) -> bool:  # Goldmark's util.IsPunctRune
    return unicodedata.category(char)[0] in "PS"


def _is_space(char: str) -> bool:  # Goldmark's util.IsSpaceRune / Go's unicode.IsSpace
    return char in _ASCII_SPACE or char.isspace()


def _at(line: str, index: int) -> str:
    return line[index] if index < len(line) else ""


def _longer(line: str, count: int) -> bool:
    """Whether ``line`` is longer than ``count`` bytes in UTF-8, as Go's len()."""
    return len(line[: count + 1].encode("utf-8")) > count


class _Typographer:
    def __init__(self, table: Mapping[str, str]) -> None:
        self._table = table

    def __call__(self, state: Any, silent: bool) -> bool:
        src, pos = state.src, state.pos
        char = src[pos]
        if char not in "'\"-.<>":
            return False
        end = src.find("\n", pos, state.posMax)
        line = src[pos : state.posMax if end < 0 else end + 1]
        found = self._replace(state, line, char)
        if found is None:
            return False
        text, length = found
        if not silent:
            _append(state, text)
        state.pos += length
        return True

    def _replace(self, state: Any, line: str, char: str) -> tuple[str, int] | None:
        table = self._table
        if _longer(line, 2):
            if char == "-" and line.startswith("---"):
                return table["emDash"], 3
            if char == ".":
                return (table["ellipsis"], 3) if line.startswith("...") else None
        if _longer(line, 1):
            if char == "<":
                return (table["leftAngleQuote"], 2) if line.startswith("<<") else None
            if char == ">":
                return (table["rightAngleQuote"], 2) if line.startswith(">>") else None
            if char == "-" and line.startswith("--"):
                return table["enDash"], 2
        if char not in "'\"":
            return None
        before = state.src[state.pos - 1] if state.pos > 0 else "\n"
        can_open, can_close = _flanking(line, before)
        counts = state.__dict__.setdefault("_goldmark_open_quotes", {"'": 0, '"': 0})
        if char == "'":
            return self._single(line, before, can_open, can_close, counts)
        if can_open and not can_close:
            counts['"'] += 1
            return table["leftDoubleQuote"], 1
        if counts['"'] > 0 and _closes(line, can_open, can_close):
            if _at(line, 1) == '"' and before.isdigit():  # "Monitor 21"": inches
                return None
            counts['"'] -= 1
            return table["rightDoubleQuote"], 1
        return None

    def _single(
        self, line: str, before: str, can_open: bool, can_close: bool, counts: dict[str, int]
    ) -> tuple[str, int] | None:
        table = self._table
        apostrophe = table["apostrophe"], 1
        second, third = _at(line, 1), _at(line, 2)
        # Decades: '90s
        if (
            can_open
            and not can_close
            and _longer(line, 3)
            and second.isascii()
            and second.isdigit()
            and third.isascii()
            and third.isdigit()
            and _at(line, 3) == "s"
        ):
            after = _at(line, 4) or " "
            if _is_space(after) or _is_punct_or_symbol(after):
                return apostrophe
        # 'twas, 'em, 'net, 'l
        if second in ("t", "e", "n", "l") and (_is_punct(before) or _is_space(before)):
            return apostrophe
        # Between a letter or digit and a letter: don't, 90's
        if (before.isalpha() or before.isdigit()) and second.isalpha():
            return apostrophe
        if can_open and not can_close:
            kind = "leftSingleQuote"
            # 's 'm 't 'd and 've 'll 're, then the end of a word
            if second in ("s", "m", "t", "d") and (
                len(line) < 3 or third in _ASCII_PUNCT or third in _ASCII_SPACE
            ):
                kind = "rightSingleQuote"
            fourth = _at(line, 3)
            if second + third in ("ve", "ll", "re") and (
                len(line) < 4 or fourth in _ASCII_PUNCT or fourth in _ASCII_SPACE
            ):
                kind = "rightSingleQuote"
            if kind == "leftSingleQuote":
                counts["'"] += 1
            return table[kind], 1
        # Plural possessives and abbreviations: Smiths', doin'
        if _longer(line, 2) and not second.isdigit():
            return table["rightSingleQuote"], 1
        if counts["'"] > 0 and _closes(line, can_open, can_close):
            counts["'"] -= 1
            return table["rightSingleQuote"], 1
        return None


def _flanking(line: str, before: str) -> tuple[bool, bool]:
    """Goldmark's ScanDelimiter for a run of the quote at the start of ``line``: whether
    it can open and whether it can close (CommonMark's flanking rules)."""
    run = len(line) - len(line.lstrip(line[0]))
    after = line[run] if run < len(line) else " "
    before_punct, before_space = _is_punct_or_symbol(before), _is_space(before)
    after_punct, after_space = _is_punct_or_symbol(after), _is_space(after)
    left = not after_space and (not after_punct or before_space or before_punct)
    right = not before_space and (not before_punct or after_space or after_punct)
    return left, right


def _closes(line: str, can_open: bool, can_close: bool) -> bool:
    """A closing quote: one that can only close, or one followed by punctuation and then
    the end, punctuation or a blank (Goldmark counts the line in bytes)."""
    if can_close and not can_open:
        return True
    if not (can_close and can_open and _longer(line, 1) and _is_punct(line[1])):
        return False
    head = line[:3].encode("utf-8")
    return len(line[:4].encode("utf-8")) == 2 or (
        len(head) > 2 and (chr(head[2]) in _ASCII_PUNCT or chr(head[2]) in _ASCII_SPACE)
    )
