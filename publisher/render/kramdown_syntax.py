"""kramdown's own block and span syntax that CommonMark lacks, as markdown-it-py rules for
the ``kramdown`` flavour (Jekyll's renderer, its defaults: GFM input, MathJax engine).

- Math: ``$$...$$`` standing alone between blank lines is a block, printed
  ``\\[...\\]``; anywhere else in a paragraph it is inline, printed ``\\(...\\)``. What is
  inside is TeX, never Markdown (``a_1 b_2`` keeps its underscores) and no typography.
- Block HTML: an element that is not a span element (``<figure>``, ``<div>``, ``<table>``)
  opening a line is raw HTML up to its own end tag, blank lines and indented lines
  included, where CommonMark ends it at the first blank line and reads the rest as
  Markdown (an indented line as code). With the ``parse_block_html`` option (the site's
  config or ``{::options parse_block_html="true" /}`` in the body) the elements whose
  content kramdown parses (``div``, ``figure``, ``p``...) are left to CommonMark's
  reading; an element with ``markdown="1"`` likewise.
- A ``<script>`` or ``<style>`` opened in a paragraph and not closed there ends with the
  paragraph (``handle_raw_html_tag`` reads the paragraph's text only), where a browser
  or the sanitizer would take the rest of the article into it: "the <script> tag" in
  prose costs that paragraph's rest, as on the site, not every paragraph after it.
- ``{::nomarkdown}...{:/nomarkdown}`` (or ``{:/}``): kept as raw HTML, not parsed as
  Markdown; as a block when its tags stand on lines of their own, else inside a
  paragraph. With a ``type`` that is not HTML (``{::nomarkdown type="latex"}``) it
  prints nothing in HTML.

All as kramdown 2's parser reads them (lib/kramdown/parser/kramdown/math.rb,
extensions.rb and html.rb, lib/kramdown/parser/html.rb: ``BLOCK_MATH_START``,
``INLINE_MATH_START``, ``EXT_BLOCK_START``, ``HTML_BLOCK_START``, ``parse_raw_html``).
HTML that kramdown would read to the end of the document (an element never closed) is
left to CommonMark's reading. The other extensions and the attribute lists print nothing and are
taken out of the HTML afterwards (``attributes.kramdown``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.ruler import RuleOptionsType
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# {::nomarkdown} with its options, alone on its line; its closing tag likewise.
_NOMARKDOWN_START = re.compile(r"\{::nomarkdown(?P<options>\s[^}]*)?\}[ \t]*$")
_NOMARKDOWN_STOP = re.compile(r"\{:/(?:nomarkdown)?\}[ \t]*$")
_NOMARKDOWN_SPAN = re.compile(
    r"\{::nomarkdown(?P<options>\s[^}]*)?\}(?P<body>.*?)\{:/(?:nomarkdown)?\}", re.DOTALL
)
_TYPE = re.compile(r"""\btype=(?:"([^"]*)"|'([^']*)'|(\S+))""")


def kramdown_syntax_plugin(md: MarkdownIt, *, parse_block_html: bool = False) -> None:
    """Add kramdown's math, ``{::nomarkdown}`` and block HTML to ``md``
    (``parse_block_html``: the site's kramdown option of that name)."""

    def html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        parse = state.env.get(_PARSE_BLOCK_HTML, parse_block_html)
        return _html_block(state, start, end, silent, parse_block_html=parse)

    md.block.ruler.before("fence", "kramdown_options", _options_block)
    # It interrupts a paragraph, as CommonMark's HTML block does.
    interrupts: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote"]}
    md.block.ruler.before("html_block", "kramdown_html_block", html_block, interrupts)
    md.block.ruler.before("fence", "kramdown_nomarkdown", _nomarkdown_block)
    md.block.ruler.before("fence", "kramdown_math", _math_block)
    md.inline.ruler.before("escape", "kramdown_nomarkdown", _nomarkdown_span)
    md.inline.ruler.before("escape", "kramdown_math", _math_span)
    md.core.ruler.after("inline", "kramdown_raw_spans", _close_raw_spans)
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


# kramdown's HTML_SPAN_ELEMENTS (never a block), HTML_ELEMENTS_WITHOUT_BODY, and the
# elements whose content it parses as Markdown with parse_block_html
# (HTML_CONTENT_MODEL_BLOCK and _SPAN): lib/kramdown/parser/html.rb.
_SPAN_ELEMENTS = frozenset({
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn",
    "em", "i", "img", "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc",
    "rp", "rt", "rtc", "ruby", "samp", "select", "small", "span", "strong", "sub", "sup",
    "tt", "u", "var",
})  # fmt: skip
_WITHOUT_BODY = frozenset({
    "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
})  # fmt: skip
_PARSED_CONTENT = frozenset({
    "address", "applet", "article", "aside", "blockquote", "body", "dd", "details", "div",
    "dl", "fieldset", "figure", "figcaption", "footer", "form", "header", "hgroup",
    "iframe", "li", "main", "map", "menu", "nav", "noscript", "object", "section",
    "summary", "td", "a", "abbr", "acronym", "b", "bdo", "big", "button", "cite", "caption",
    "del", "dfn", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "i", "ins", "label",
    "legend", "optgroup", "p", "q", "rb", "rbc", "rp", "rt", "rtc", "ruby", "select",
    "small", "span", "strong", "sub", "sup", "th", "tt",
})  # fmt: skip
# CommonMark's own raw blocks, which already end at their end tag.
_COMMONMARK_RAW = frozenset({"pre", "script", "style", "textarea"})
_NAME = r"[A-Za-z][\w:.-]*"
_ATTRIBUTES = r"""(?:\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*"""
_START_TAG = re.compile(rf"<(?P<name>{_NAME})(?P<attributes>{_ATTRIBUTES})\s*(?P<closed>/)?>")
_ANY_TAG = re.compile(
    rf"<!--.*?-->|<(?P<end>/)?(?P<name>{_NAME})(?:{_ATTRIBUTES})\s*(?P<closed>/)?>", re.DOTALL
)
_MARKDOWN_ATTRIBUTE = re.compile(r"""\smarkdown\s*=\s*["']?(?:1|block|span)\b""")
_OPTIONS = re.compile(r"\{::options\b(?P<options>[^}]*)/\}[ \t]*$")
_PARSE_OPTION = re.compile(r"""\bparse_block_html\s*=\s*["']?(true|false)\b""")
_PARSE_BLOCK_HTML = "kramdown_parse_block_html"


def _options_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``{::options parse_block_html="true" /}`` on a line of its own: the option holds
    from there on (kramdown's ``handle_extension``); the line prints nothing."""
    if state.is_code_block(start):
        return False
    found = _OPTIONS.match(_line(state, start))
    if found is None:
        return False
    if not silent:
        option = _PARSE_OPTION.search(found["options"])
        if option is not None:
            state.env[_PARSE_BLOCK_HTML] = option[1] == "true"
        state.line = start + 1
    return True


def _html_block(
    state: StateBlock, start: int, end: int, silent: bool, *, parse_block_html: bool
) -> bool:
    if state.is_code_block(start):
        return False
    line = _line(state, start)
    opening = _START_TAG.match(line)
    if opening is None:
        return False
    name = opening["name"].lower()
    if (
        name in _SPAN_ELEMENTS or name in _WITHOUT_BODY or name in _COMMONMARK_RAW
        or opening["closed"] or _MARKDOWN_ATTRIBUTE.search(opening["attributes"])
        or (parse_block_html and name in _PARSED_CONTENT)
    ):  # fmt: skip
        return False
    last = _closing_line(state, start, end, state.bMarks[start] + state.tShift[start])
    if last is None:
        return False
    if silent:
        return True
    token = state.push("html_block", "", 0)
    token.map = [start, last + 1]
    token.content = state.getLines(start, last + 1, state.blkIndent, True)
    state.line = last + 1
    return True


def _closing_line(state: StateBlock, start: int, end: int, at: int) -> int | None:
    """The line on which the element opening at ``at`` closes, the end tag followed by
    nothing else; None if it does not (then kramdown would read on to the end of the
    document) or if it closes on the first blank line or before, where CommonMark's
    reading is the same. Inner elements close first, as kramdown's parse_raw_html nests
    them; an end tag that closes nothing open is text."""
    stop = state.eMarks[end - 1] if end > start else state.eMarks[start]
    text = state.src[at:stop]
    open_names: list[str] = []
    for tag in _ANY_TAG.finditer(text):
        if tag["name"] is None:
            continue  # a comment
        name = tag["name"].lower()
        if tag["end"] is None:
            if not tag["closed"] and name not in _WITHOUT_BODY:
                open_names.append(name)
            continue
        if not open_names or open_names[-1] != name:
            continue  # kramdown keeps it as text
        open_names.pop()
        if open_names:
            continue
        close = at + tag.end()
        line = start
        while line < end and state.eMarks[line] < close:
            line += 1
        if line >= end or state.src[close : state.eMarks[line]].strip():
            return None
        if not any(state.isEmpty(blank) for blank in range(start, line)):
            return None  # no blank line inside: CommonMark's HTML block is the same
        return line
    return None


_RAW_SPAN_START = re.compile(r"<(script|style)\b[^>]*(?<!/)>\s*\Z", re.IGNORECASE)


def _close_raw_spans(state: StateCore) -> None:
    """An inline ``<script>`` or ``<style>`` without its end tag in the paragraph closed
    at the paragraph's end, as kramdown closes it."""
    for block in state.tokens:
        if block.type != "inline" or not block.children or "<" not in block.content:
            continue
        unclosed: str | None = None
        for child in block.children:
            if child.type != "html_inline":
                continue
            start = _RAW_SPAN_START.match(child.content)
            if start is not None and unclosed is None:
                unclosed = start[1].lower()
            elif unclosed and re.fullmatch(rf"</{unclosed}\s*>", child.content, re.IGNORECASE):
                unclosed = None
        if unclosed:
            closing = Token("html_inline", "", 0)
            closing.content = f"</{unclosed}>"
            block.children.append(closing)
