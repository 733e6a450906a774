"""kramdown's own block and span syntax that CommonMark lacks, as markdown-it-py rules for
the ``kramdown`` flavour (Jekyll's renderer, its defaults: GFM input, MathJax engine).

- Math: ``$$...$$`` standing alone between blank lines is a block, printed
  ``\\[...\\]``; anywhere else in a paragraph it is inline, printed ``\\(...\\)``. What is
  inside is TeX, never Markdown (``a_1 b_2`` keeps its underscores) and no typography.
- ``{::nomarkdown}...{:/nomarkdown}`` (or ``{:/}``): kept as raw HTML, not parsed as
  Markdown; as a block when its tags stand on lines of their own, else inside a
  paragraph. With a ``type`` that is not HTML (``{::nomarkdown type="latex"}``) it
  prints nothing in HTML.

Both as kramdown 2's parser reads them (lib/kramdown/parser/kramdown/math.rb and
extensions.rb: the patterns ``BLOCK_MATH_START``, ``INLINE_MATH_START`` and
``EXT_BLOCK_START``). The other extensions and the attribute lists print nothing and are
taken out of the HTML afterwards (``attributes.kramdown``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# {::nomarkdown} with its options, alone on its line; its closing tag likewise.
_NOMARKDOWN_START = re.compile(r"\{::nomarkdown(?P<options>\s[^}]*)?\}[ \t]*$")
_NOMARKDOWN_STOP = re.compile(r"\{:/(?:nomarkdown)?\}[ \t]*$")
_NOMARKDOWN_SPAN = re.compile(
    r"\{::nomarkdown(?P<options>\s[^}]*)?\}(?P<body>.*?)\{:/(?:nomarkdown)?\}", re.DOTALL
)
_TYPE = re.compile(r"""\btype=(?:"([^"]*)"|'([^']*)'|(\S+))""")


def kramdown_syntax_plugin(md: MarkdownIt) -> None:
    """Add kramdown's math and ``{::nomarkdown}`` to ``md``."""
    md.block.ruler.before("fence", "kramdown_nomarkdown", _nomarkdown_block)
    md.block.ruler.before("fence", "kramdown_math", _math_block)
    md.inline.ruler.before("escape", "kramdown_nomarkdown", _nomarkdown_span)
    md.inline.ruler.before("escape", "kramdown_math", _math_span)
    md.add_render_rule("kramdown_math_block", _render_math_block)
    md.add_render_rule("kramdown_math_inline", _render_math_inline)


def _shows_html(options: str | None) -> bool:
    """Whether a ``{::nomarkdown}``'s ``type`` option lets the HTML converter print it."""
    found = _TYPE.search(options or "")
    if found is None:
        return True
    kind = next(group for group in found.groups() if group is not None)
    return not kind or "html" in kind.split(",")


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _nomarkdown_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    opening = _NOMARKDOWN_START.match(_line(state, start))
    if opening is None:
        return False
    stop = start + 1
    while stop < end and not (
        state.sCount[stop] - state.blkIndent < 4 and _NOMARKDOWN_STOP.match(_line(state, stop))
    ):
        if state.sCount[stop] < state.blkIndent and not state.isEmpty(stop):
            return False  # the container ends first: no stop tag, kramdown ignores it
        stop += 1
    if stop >= end:
        return False
    if silent:
        return True
    if _shows_html(opening["options"]):
        token = state.push("html_block", "", 0)
        token.map = [start, stop + 1]
        body = state.getLines(start + 1, stop, state.blkIndent, True).rstrip("\n")
        token.content = body + "\n" if body else ""
    state.line = stop + 1
    return True


def _nomarkdown_span(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{::nomarkdown", state.pos):
        return False
    found = _NOMARKDOWN_SPAN.match(state.src, state.pos, state.posMax)
    if found is None:
        return False
    if not silent and _shows_html(found["options"]):
        state.push("html_inline", "", 0).content = found["body"]
    state.pos = found.end()
    return True


def _math_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``$$`` at a block's start whose closing ``$$`` ends a line followed by a blank one
    (or the end): kramdown's ``after_block_boundary?`` and ``before_block_boundary?``."""
    if state.is_code_block(start) or not _line(state, start).startswith("$$"):
        return False
    begin = state.bMarks[start] + state.tShift[start] + 2
    stop = start
    while stop < end:
        text = state.src[begin if stop == start else state.bMarks[stop] : state.eMarks[stop]]
        if "$$" in text:
            break
        stop += 1
    if stop >= end:
        return False
    text_start = begin if stop == start else state.bMarks[stop]
    close = state.src.index("$$", text_start)
    if state.src[close + 2 : state.eMarks[stop]].strip() or (
        stop + 1 < end and not state.isEmpty(stop + 1)
    ):
        return False  # text follows: the math is inline, in a paragraph
    if silent:
        return True
    token = state.push("kramdown_math_block", "math", 0)
    token.content = state.src[begin:close].strip()
    token.map = [start, stop + 1]
    token.block = True
    state.line = stop + 1
    return True


def _math_span(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("$$", state.pos):
        return False
    close = state.src.find("$$", state.pos + 2, state.posMax)
    if close < 0:
        return False
    if not silent:
        token = state.push("kramdown_math_inline", "math", 0)
        token.content = state.src[state.pos + 2 : close].strip()
    state.pos = close + 2
    return True


def _render_math_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f"\\[{escapeHtml(tokens[idx].content)}\\]\n"


def _render_math_inline(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return f"\\({escapeHtml(tokens[idx].content)}\\)"
