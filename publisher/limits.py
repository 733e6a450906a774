"""publisher's own limits on what one source may hold, checked before any library reads it.

Python-Markdown, nh3, lxml, libyaml, tomllib and json each fail in their own way on
deeply nested text, and differently from one release to the next: a RecursionError in
one Markdown release and silently flattened lists in the next, a segmentation fault in
the libyaml of PyYAML 6.0, minutes of nh3 for a body of nested tags, content dropped
without a word by libxml2 below depth 255. So the verdict is ours: each number below
has its one home here, each rule fits in a sentence, and each check names the line it
stopped at, so the message is the same whichever releases are installed.

The limits sit far above what real sites write and far below where the libraries
misbehave (tests/test_limits.py renders each worst shape at the limit with the
installed releases; docs/design.md has the figures). The size of a whole source is the
config's ``max_source_bytes``.

Each check is linear, and cheap when nothing comes near a limit: a count, or a search
for long line prefixes, rules most texts out before any walk. Patterns use possessive
quantifiers, so no input makes them backtrack.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

# Markdown lists, block quotes and definitions inside one another (see line_depth).
MARKDOWN_NESTING = 64
# HTML elements inside one another in a body, as nh3 parses it (see html_depth): its
# time grows with the square of the depth (100,000 levels take a minute), and with the
# formatting elements it reopens in each block (2,000 take seconds).
HTML_NESTING = 1024
# HTML elements inside one another where something walks them level by level: a scraped
# page (libxml2, under lxml, drops what lies deeper than 255, and the reader recurses)
# and the markdown="1" blocks Python-Markdown parses (a RecursionError near 335).
PAGE_NESTING = 128
# Copies of formatting elements (b, i, a, font...) left open, which an HTML parser makes
# in each block that follows until their end tag: a body of 1,000 paragraphs each opening
# one <b title=...> would otherwise grow to half a million elements.
FORMATTING_COPIES = 100_000
# Front matter values inside one another, and JSON documents (see data_depth).
DATA_NESTING = 32
# Characters of front matter (the fields, not the body).
FRONT_MATTER_CHARS = 256 * 1024
# Values YAML aliases may add to front matter (or a site's YAML data file) when expanded:
# anchors for a version repeated in a few fields add a handful; an alias bomb adds billions.
FRONT_MATTER_ALIAS_VALUES = 10_000
# '[' in one Markdown paragraph or list item: Python-Markdown's inline parser is
# quadratic in them (upstream issue #798: 8000 take ~10 s), and 3.11.4 in links (1,000
# take 5 s, 2,000 take 28). Real ones hold a few hundred at most.
BRACKETS_PER_PARAGRAPH = 1000

DataSyntax = Literal["yaml", "toml", "json"]
FrontMatterSyntax = Literal["yaml", "toml", "json", "pelican"]


@dataclass(frozen=True, slots=True)
class Exceeded:
    """A text goes over a limit: what to tell, and the 1-based line (within the text
    checked) where it first does."""

    message: str
    line: int


# --- Markdown ------------------------------------------------------------------------

# The characters a line may start with before its text: blanks, '>', list markers.
_PREFIX_RUN = rf"[ \t>*+:0-9.)\-]{{{MARKDOWN_NESTING + 1}}}"
_LONG_FIRST_PREFIX = re.compile(_PREFIX_RUN)
_LONG_PREFIX = re.compile(r"\n" + _PREFIX_RUN)
_PREFIX_TOKEN = re.compile(r" ++|\t++|>|[-*+:](?=[ \t]|$)|[0-9]{1,9}+[.)](?=[ \t]|$)")


def line_depth(line: str) -> int:
    """How deeply one Markdown line may nest lists, quotes and definitions: one level
    per '>' and per list or definition marker ('-', '*', '+', ':', '1.' or '1)' before
    a blank or the end) at its start, plus one per four columns of the blanks among
    them (a tab is four).

    An upper bound on the containers Python-Markdown opens for the line: each one
    takes a marker or four more columns of indentation."""
    markers = columns = position = 0
    while token := _PREFIX_TOKEN.match(line, position):
        text = token.group()
        if text[0] == " ":
            columns += len(text)
        elif text[0] == "\t":
            columns += 4 * len(text)
        else:
            markers += 1
        position = token.end()
    return markers + columns // 4


def _first_deep_line(text: str) -> tuple[int, int] | None:
    """The first line whose ``line_depth`` is over MARKDOWN_NESTING: (depth, line).

    Each level takes at least one character of the line's prefix, so only lines that
    start with more than MARKDOWN_NESTING such characters are measured."""
    starts = [0] if _LONG_FIRST_PREFIX.match(text) else []
    starts += (match.start() + 1 for match in _LONG_PREFIX.finditer(text))
    for start in starts:
        end = text.find("\n", start)
        depth = line_depth(text[start : end if end >= 0 else len(text)])
        if depth > MARKDOWN_NESTING:
            return depth, text.count("\n", 0, start) + 1
    return None


# Python-Markdown's md_in_html parses what a markdown="1" element holds, recursing once
# per level of the HTML inside it.
_MARKDOWN_ATTRIBUTE = re.compile(r"markdown[\t\n\f\r ]*+=", re.IGNORECASE)


def check_markdown(text: str) -> Exceeded | None:
    """A Markdown body over a limit: lists and quotes nested, '[' in one paragraph or
    list item, or (where markdown="1" makes Python-Markdown read HTML) HTML nested past
    PAGE_NESTING.

    The HTML Python-Markdown passes on is checked where it comes out (``check_html``
    before nh3): what a body holds in code spans and blocks is no HTML."""
    deep = _first_deep_line(text)
    if deep is not None:
        depth, line = deep
        return Exceeded(
            f"lists, quotes or indentation nested {depth} levels deep "
            f"(at most {MARKDOWN_NESTING}): flatten them",
            line,
        )
    exceeded = _check_brackets(text)
    if (
        exceeded is None
        and _start_tags_over(text, PAGE_NESTING)
        and _MARKDOWN_ATTRIBUTE.search(text)
    ):
        exceeded = check_html(text, PAGE_NESTING)
    return exceeded


# A script or style element opening a line: raw HTML, which Python-Markdown leaves alone.
_RAW_BLOCK = re.compile(r"[ ]{0,3}+<(script|style)(?=[\t\n\f\r />]|$)", re.IGNORECASE)
# A list item's line: Python-Markdown parses each item's text on its own.
_ITEM = re.compile(r"(?:[ ]{0,7}+|\t[ ]{0,3}+)(?:[-*+]|[0-9]{1,9}+\.)[ \t]")


def bracket_units(text: str) -> list[tuple[int, int]]:
    """The texts Python-Markdown parses for links one at a time, as (number of '[',
    first line): paragraphs (lines between blank lines), and in a paragraph that starts
    with a list item, each item ('- ', '* ', '+ ' or '1. ' after at most seven blanks).
    A script or style element whose start tag opens a line (after at most three
    blanks), through its end tag, is raw HTML to Python-Markdown: no unit, no '['.
    Python-Markdown may split further (headings, tables), never less."""
    units: list[tuple[int, int]] = []
    count = 0
    start = 0  # line where the unit began, 0 between units
    in_list = False
    unended: set[str] = set()
    lines = text.split("\n")
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        raw = _RAW_BLOCK.match(line)
        if raw and raw.group(1).lower() not in unended:
            name = raw.group(1).lower()
            end = _raw_block_end(lines, number - 1, name)
            if end is None:
                unended.add(name)  # none later either: each line is looked at once
            else:
                if start:
                    units.append((count, start))
                count = start = 0
                number = end + 1
                continue
        if not line.strip(" \t"):
            if start:
                units.append((count, start))
            count = start = 0
            continue
        if not start:
            count, start, in_list = 0, number, _ITEM.match(line) is not None
        elif in_list and _ITEM.match(line):
            units.append((count, start))
            count, start = 0, number
        count += line.count("[")
    if start:
        units.append((count, start))
    return units


def _raw_block_end(lines: list[str], first: int, name: str) -> int | None:
    """The index of the line holding ``</name`` from line ``first`` on, if any."""
    for index in range(first, len(lines)):
        if "</" + name in lines[index].lower():
            return index
    return None


def _check_brackets(text: str) -> Exceeded | None:
    if text.count("[") <= BRACKETS_PER_PARAGRAPH:
        return None
    for count, line in bracket_units(text):
        if count > BRACKETS_PER_PARAGRAPH:
            return Exceeded(
                f"a paragraph or list item with {count} '[' (at most "
                f"{BRACKETS_PER_PARAGRAPH}: Markdown links are slow to parse): split it",
                line,
            )
    return None


# --- HTML ----------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VOID = _words(
    "area base br col embed hr img input link meta param source track wbr"
    " basefont bgsound frame keygen image"
)
# svg and math hold foreign elements (kept here with a '^' before the name), which '/>'
# closes, except in an integration point, which holds HTML again; an HTML element in
# foreign content (a "breakout" tag) closes the foreign elements around it.
_FOREIGN = frozenset({"svg", "math"})
_INTEGRATION = _words("^foreignobject ^desc ^title ^mi ^mo ^mn ^ms ^mtext ^annotation-xml")
_BREAKOUT = _words(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i"
    " img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table"
    " tt u ul var"
)
_FONT_BREAKOUT = re.compile(r"color|face|size", re.IGNORECASE)
# HTML's "special" elements (the parser treats each end tag of these on its own).
_SPECIAL = (
    _words(
        "address applet area article aside base basefont bgsound blockquote body br button"
        " caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure"
        " footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img"
        " input keygen li link listing main marquee menu meta nav noembed noframes noscript"
        " object ol p param plaintext pre script search section select source style summary"
        " table tbody td template textarea tfoot th thead title tr track ul wbr xmp"
    )
    | _INTEGRATION
)
# Elements that bound a scope: an end tag never closes what lies outside them.
_SCOPE = _words("applet caption html table td th marquee object template select") | _INTEGRATION
_BUTTON_SCOPE = _SCOPE | {"button"}
_LIST_SCOPE = _SCOPE | {"ol", "ul"}
_TABLE_SCOPE = _words("html table template")
_TABLE_PARTS = _words("table tbody thead tfoot tr td th caption colgroup")
# Outside a table, a parser ignores these start tags.
_ONLY_IN_TABLES = _TABLE_PARTS - {"table"} | {"col"}
# Start tags that close an open paragraph first.
_CLOSES_P = _words(
    "address article aside blockquote center details dialog dir div dl fieldset"
    " figcaption figure footer header hgroup main menu nav ol p search section summary ul"
    " h1 h2 h3 h4 h5 h6 pre listing form plaintext xmp li dd dt"
)
# Formatting elements: a parser reopens them in every block that follows, until their
# own end tag, so only that closes them here. A new <a> or <nobr> closes the last.
_FORMATTING = _words("a b big code em font i nobr s small strike strong tt u")
_NOT_NESTED = frozenset({"a", "nobr"})
_IGNORED = _words("html head body")
# Elements whose content an HTML parser reads as text (html5ever, as nh3 runs it, has
# scripting on: so noscript too). <plaintext> makes the rest of the text text.
_RAW_TEXT = _words("script style textarea title xmp iframe noembed noframes noscript")
_TAG_NAME = re.compile(r"[a-z][^\t\n\f\r />]*+", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\t\n\f\r /]*+")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*+")
_BEFORE_VALUE = re.compile(r"[\t\n\f\r ]*+=[\t\n\f\r ]*+")
_UNQUOTED_VALUE = re.compile(r"[^\t\n\f\r >]*+")
# A whole tag in one match, attributes as the tokenizer reads them; a tag this does not
# match (its text ends inside it) goes through _read_tag.
_ATTRIBUTE = (
    r"[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r />=]*+"
    r"(?:(?=[\t\n\f\r ]*+=)[\t\n\f\r ]*+=[\t\n\f\r ]*+"
    r"(?:\"[^\"]*+\"|'[^']*+'|(?![\"'])[^\t\n\f\r >]*+)|(?![\t\n\f\r ]*+=))"
)
_WHOLE_TAG = re.compile(
    r"<(/?+)([a-z][^\t\n\f\r />]*+)(?:" + _ATTRIBUTE + r")*+([\t\n\f\r /]*+)>", re.IGNORECASE
)
# Where a raw text element's content ends, by its name.
_RAW_TEXT_END = {name: re.compile("</" + name, re.IGNORECASE) for name in _RAW_TEXT}


def _read_tag(text: str, start: int) -> tuple[str, int, bool]:
    """The tag whose name starts at ``start`` (just after ``<`` or ``</``), read as the
    HTML tokenizer reads it: (name, where it ends, whether it ends with '/>'). The end
    is -1 when the text ends first (the tag is then no tag at all)."""
    found = _TAG_NAME.match(text, start)
    assert found is not None  # the caller saw a letter
    name = found.group().lower()
    position = found.end()
    while True:
        separators = _SEPARATORS.match(text, position)
        assert separators is not None
        position = separators.end()
        if position >= len(text):
            return name, -1, False
        if text[position] == ">":
            return name, position + 1, separators.group().endswith("/")
        attribute = _ATTRIBUTE_NAME.match(text, position)
        assert attribute is not None  # not a separator, not '>'
        position = attribute.end()
        before = _BEFORE_VALUE.match(text, position)
        if before is None:
            continue
        position = before.end()
        quote = text[position : position + 1]
        if quote in ('"', "'"):
            close = text.find(quote, position + 1)
            if close < 0:
                return name, -1, False
            position = close + 1
        else:
            value = _UNQUOTED_VALUE.match(text, position)
            assert value is not None
            position = value.end()


class _OpenElements:
    """The elements open at a point of a page, as an HTML parser keeps them, roughly:
    every rule here closes an element only where a parser surely closes it too, so the
    depth is never less than a parser's (formatting elements it would reopen included)."""

    def __init__(self) -> None:
        self.blocks: list[str] = []  # innermost last
        # Open formatting elements, each with how many blocks were open around it.
        self.formatting: list[tuple[str, int]] = []
        self.foreign = 0  # open foreign elements
        self.tables = 0
        self.counts: dict[str, int] = {}  # open blocks by name: most closings find none
        self.form = False  # a form is open (its end tag resets this, nothing else)
        # Formatting elements a parser may copy again, counted each time blocks close
        # (more than a parser copies when they enclose those blocks: a bound).
        self.copies = 0

    def depth(self) -> int:
        return len(self.blocks) + len(self.formatting)

    def in_foreign(self) -> bool:
        """Whether the current node is a foreign element (other than an integration point)."""
        return (
            bool(self.foreign) and self.blocks[-1][0] == "^" and self.blocks[-1] not in _INTEGRATION
        )

    def start(self, name: str, self_closing: bool, tag: str) -> None:
        """Open the element of a start tag (``tag`` is its text, for <font>'s attributes)."""
        if self.in_foreign():
            if name in _BREAKOUT or (name == "font" and _FONT_BREAKOUT.search(tag)):
                while self.blocks[-1:] and self.blocks[-1][0] == "^":
                    if self.blocks[-1] in _INTEGRATION:
                        break
                    self._truncate(len(self.blocks) - 1)
            else:
                if not self_closing:
                    self._push("^" + name)
                return
        if name in _VOID or name in _IGNORED or (name in _FOREIGN and self_closing):
            return
        if name in _FOREIGN:
            self._push("^" + name)
            return
        if name in _FORMATTING:
            if name in _NOT_NESTED:
                self._drop_formatting(name, last_block=True)
            self.formatting.append((name, len(self.blocks)))
            return
        if (name in _ONLY_IN_TABLES and not self.tables) or (name == "form" and self.form):
            return
        if name in _CLOSES_P:
            self._pop_to("p", _BUTTON_SCOPE)
        if name == "li":
            self._close_item({"li"})
        elif name in ("dd", "dt"):
            self._close_item({"dd", "dt"})
        elif name in ("td", "th"):
            self._close_innermost({"td", "th"}, "table")
            if self._innermost({"tr", "table"}) == "table":
                self._row_group()
                self._push("tr")  # a cell needs a row, which a parser adds
        elif name == "tr":
            self._close_innermost({"tr"}, "table")
            self._row_group()
        elif name in ("tbody", "thead", "tfoot"):
            self._close_innermost({"tbody", "thead", "tfoot"}, "table")
        elif name == "button":
            self._pop_to("button", _SCOPE)
        elif name in ("option", "optgroup", "rb", "rt", "rtc", "rp"):
            closes = {"option"} if name == "option" else {"option", "optgroup"}
            if name[0] == "r":
                closes = {"rb", "rt", "rtc", "rp"}
            # Only the current node: not when a formatting element was opened inside it.
            while self.blocks and self.blocks[-1] in closes and not self._formatting_inside():
                self._truncate(len(self.blocks) - 1)
        self._push(name)

    def _push(self, name: str) -> None:
        self.blocks.append(name)
        self.counts[name] = self.counts.get(name, 0) + 1
        self.foreign += name[0] == "^"
        self.tables += name == "table"
        self.form = self.form or name == "form"

    def _formatting_inside(self) -> bool:
        """Whether a formatting element was opened inside the innermost block."""
        return any(height >= len(self.blocks) for _, height in self.formatting)

    def end(self, name: str) -> None:
        if self.foreign:  # an end tag closes the foreign element of its name, if any
            for index in range(len(self.blocks) - 1, -1, -1):
                if self.blocks[index][0] != "^":
                    break
                if self.blocks[index] == "^" + name:
                    self._truncate(index)
                    return
        if name in _FORMATTING:
            self._drop_formatting(name)
        elif name == "form":
            # A parser takes the form off its stack alone, so what it holds stays open
            # inside it: the tree keeps that depth, so the form keeps its level here.
            self.form = False
        elif name == "p":
            self._pop_to("p", _BUTTON_SCOPE)
        elif name == "li":
            self._pop_to("li", _LIST_SCOPE)
        elif name in _TABLE_PARTS:
            self._pop_to(name, _TABLE_SCOPE)
        elif name in _SPECIAL:
            self._pop_to(name, _SCOPE)
        else:  # an ordinary element: closed if no special element is open inside it
            for index in range(len(self.blocks) - 1, -1, -1):
                if self.blocks[index] == name:
                    self._truncate(index)
                    return
                if self.blocks[index] in _SPECIAL:
                    return

    def _drop_formatting(self, name: str, *, last_block: bool = False) -> None:
        """Close the innermost open formatting element ``name`` if it is in scope (with
        ``last_block``: only if no block was opened inside it)."""
        for index in range(len(self.formatting) - 1, -1, -1):
            if self.formatting[index][0] == name:
                height = self.formatting[index][1]
                inside = self.blocks[height:]
                if (inside and last_block) or any(block in _SCOPE for block in inside):
                    return
                del self.formatting[index]
                return

    def _pop_to(self, name: str, scope: frozenset[str]) -> None:
        if not self.counts.get(name):
            return
        for index in range(len(self.blocks) - 1, -1, -1):
            if self.blocks[index] == name:
                self._truncate(index)
                return
            if self.blocks[index] in scope:
                return

    def _close_item(self, names: set[str]) -> None:
        """A new list item or definition closes the open one, unless a special element
        other than address, div or p is open inside it."""
        if not any(self.counts.get(name) for name in names):
            return
        for index in range(len(self.blocks) - 1, -1, -1):
            if self.blocks[index] in names:
                self._truncate(index)
                return
            if self.blocks[index] in _SPECIAL and self.blocks[index] not in ("address", "div", "p"):
                return

    def _close_innermost(self, names: set[str], boundary: str) -> None:
        if not any(self.counts.get(name) for name in names):
            return
        for index in range(len(self.blocks) - 1, -1, -1):
            if self.blocks[index] in names:
                self._truncate(index)
                return
            if self.blocks[index] in (boundary, "template"):
                return

    def _innermost(self, names: set[str]) -> str | None:
        for name in reversed(self.blocks):
            if name in names:
                return name
        return None

    def _row_group(self) -> None:
        """A row needs a row group: a parser adds a <tbody> when none is open."""
        if self._innermost({"tbody", "thead", "tfoot", "table"}) == "table":
            self._push("tbody")

    def _truncate(self, index: int) -> None:
        closed = self.blocks[index:]
        if closed:
            self.copies += len(self.formatting)
        for name in closed:
            self.counts[name] -= 1
        self.foreign -= sum(name[0] == "^" for name in closed)
        self.tables -= closed.count("table")
        del self.blocks[index:]


class HtmlWalk(NamedTuple):
    """What ``html_walk`` found: the depth and the first line that deep, the formatting
    copies and the line where they went over their limit (0 while they have not)."""

    depth: int
    line: int
    copies: int
    copies_line: int


def html_depth(text: str, limit: int = HTML_NESTING) -> tuple[int, int]:
    """How deeply ``text`` nests HTML elements, and the line where it is first that
    deep; the walk stops at the first element over ``limit`` (see html_walk)."""
    walk = html_walk(text, limit, copies_limit=None)
    return walk.depth, walk.line


def html_walk(text: str, limit: int, copies_limit: int | None = FORMATTING_COPIES) -> HtmlWalk:
    """The elements of ``text`` opened and closed as an HTML parser does, until one nests
    deeper than ``limit`` or the copies of formatting elements go over ``copies_limit``.

    Tags are read as an HTML parser reads them (comments, quoted attribute values and
    the content of script and style are skipped), and elements are opened and closed as
    a parser would, as far as a short list of rules goes: a new paragraph, list item,
    definition, cell, row or option closes the last one; an end tag closes what was
    opened inside its element unless a table, a cell or the like lies between; void
    elements, html, head and body do not count, nor do elements closed by '/>' inside
    svg or math. Formatting elements (b, i, a, font...) count until their own end tag,
    since a parser reopens them in each block that follows; each time elements close,
    the formatting elements then open count as copies a parser may make.

    An upper bound on the depth of the tree an HTML parser builds, and on the copies,
    however sloppy the markup: a rule closes an element only where a parser surely does."""
    open_elements = _OpenElements()
    deepest, where = 0, 1
    position = 0
    while (lt := text.find("<", position)) >= 0:
        position = lt + 1
        following = text[position : position + 1]
        if following == "!":
            position = _declaration_end(text, lt, open_elements.in_foreign())
            continue
        if following == "?":
            position = _tag_end(text, position)
            continue
        whole = _WHOLE_TAG.match(text, lt)
        if whole is not None:
            slash, name, separators = whole.groups()
            name = name.lower()
            position = whole.end()
            self_closing = separators.endswith("/")
        elif (
            following == "/"
            and text[position + 1 : position + 2].isascii()
            and text[position + 1 : position + 2].isalpha()
        ):
            slash, (name, position, self_closing) = "/", _read_tag(text, position + 1)
        elif following.isascii() and following.isalpha():
            slash, (name, position, self_closing) = "", _read_tag(text, position)
        elif following == "/":
            position = _tag_end(text, position)  # '</3>' and the like: a comment
            continue
        else:
            continue  # '<' as text
        if position < 0:
            break  # an unfinished tag takes the rest of the text with it
        if slash:
            if name not in _VOID and name not in _IGNORED:
                open_elements.end(name)
                if copies_limit is not None and open_elements.copies > copies_limit:
                    break
            continue
        if not open_elements.in_foreign():
            if name == "plaintext":
                break
            if name in _RAW_TEXT:
                close = _RAW_TEXT_END[name].search(text, position)
                position = len(text) if close is None else close.start()
                continue
        open_elements.start(name, self_closing, text[lt:position] if name == "font" else "")
        depth = open_elements.depth()
        if depth > deepest:
            deepest, where = depth, text.count("\n", 0, lt) + 1
            if deepest > limit:
                break
        if copies_limit is not None and open_elements.copies > copies_limit:
            break
    copies = open_elements.copies
    over = copies_limit is not None and copies > copies_limit
    return HtmlWalk(deepest, where, copies, text.count("\n", 0, lt) + 1 if over else 0)


def _tag_end(text: str, position: int) -> int:
    end = text.find(">", position)
    return len(text) if end < 0 else end + 1


def _declaration_end(text: str, lt: int, foreign: bool) -> int:
    """Where ``<!...`` ends: a comment at its first ``-->`` or ``--!>`` (``<!-->`` and
    ``<!--->`` are empty ones), CDATA inside svg or math at ``]]>``, anything else at
    the next ``>``."""
    if text.startswith("<!--", lt):
        start = lt + 4
        if text.startswith(">", start):
            return start + 1
        if text.startswith("->", start):
            return start + 2
        arrow = text.find("-->", start)
        bang = text.find("--!>", start, len(text) if arrow < 0 else arrow)
        if bang >= 0:
            return bang + 4
        return len(text) if arrow < 0 else arrow + 3
    if foreign and text.startswith("<![CDATA[", lt):
        end = text.find("]]>", lt + 9)
        return len(text) if end < 0 else end + 3
    return _tag_end(text, lt + 2)


# Copies take a formatting start tag and a closing tag each time: n tags make at most
# (n/2)**2, within FORMATTING_COPIES below this many.
_FEW_TAGS = math.isqrt(4 * FORMATTING_COPIES)


def _start_tags_over(text: str, limit: int) -> bool:
    """Whether ``text`` may hold more than ``limit`` start tags (each level takes one)."""
    return text.count("<") > limit and text.count("<") - text.count("</") > limit


def check_html(text: str, limit: int = HTML_NESTING) -> Exceeded | None:
    """HTML whose elements nest deeper than ``limit`` (HTML_NESTING for a body,
    PAGE_NESTING for a scraped page), or that leaves formatting elements open for more
    than FORMATTING_COPIES copies."""
    if text.count("<") <= _FEW_TAGS and not _start_tags_over(text, limit):
        return None
    walk = html_walk(text, limit)
    if walk.depth > limit:
        message = f"HTML elements nested more than {limit} levels deep: close some"
        return Exceeded(message, walk.line)
    if walk.copies_line:
        return Exceeded(
            "HTML formatting elements (b, i, a, font...) left open, which every block "
            f"after them repeats, more than {FORMATTING_COPIES} times: close them",
            walk.copies_line,
        )
    return None


# --- Front matter and JSON -----------------------------------------------------------

_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_JSON_SIGNS = re.compile(r'[\[\]{}\n"]')
_TOML_STRING = re.compile(
    r'"""(?:[^"\\]++|\\.|"(?!""))*+(?:"""|\\?\Z)|\'\'\'(?:[^\']++|\'(?!\'\'))*+(?:\'\'\'|\Z)'
    r"|\"(?:[^\"\\\n]++|\\[^\n])*+(?:\"|\\?(?=\n)|\\?\Z)|'[^'\n]*+(?:'|(?=\n)|\Z)",
    re.DOTALL,
)
_TOML_SIGNS = re.compile(r"[\[\]{}\n.\"'#]")
_YAML_DOUBLE = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_YAML_SINGLE = re.compile(r"'(?:[^']++|'')*+(?:'|\Z)")
_YAML_SIGNS = re.compile(r"[\[\]{}\n\"'#]")
# A line's indentation: blanks, and the '- ', '? ', ': ' indicators of block collections.
_YAML_INDENT = re.compile(r"[ ]*+(?:[-?:](?=[ \t\n]|\Z)[ \t]*+)*+")
_YAML_LEADING = re.compile(r"^[ \t?:\-]++", re.MULTILINE)
_YAML_HALF_DEEP = re.compile(rf"^[ \t?:\-]{{{DATA_NESTING + 2}}}", re.MULTILINE)
# The line's indicators before a quote that starts a scalar.
_YAML_LINE_START = re.compile(r"[ \t]*+(?:[-?:][ \t]++)*+")
_LINE_END = re.compile(r"[^\n]*+")


def data_depth(text: str, syntax: DataSyntax, limit: int = DATA_NESTING) -> tuple[int, int]:
    """How deeply front matter (or a JSON document) nests values, and the line where it
    is first that deep; the walk stops at the first line over ``limit``.

    A level is an open bracket ('[' or '{' outside strings and comments); in TOML also
    each dot of the line outside strings (dotted keys); in YAML also each two columns of
    the line's indentation (blanks and the '- ', '? ', ': ' indicators; a block scalar's
    text too, a bound). An upper bound on the depth of the values a parser builds (YAML's is at
    most twice it): each level of nesting takes one of these."""
    if syntax == "json":
        return _json_depth(text, limit)
    if syntax == "toml":
        return _toml_depth(text, limit)
    return _yaml_depth(text, limit)


def _json_depth(text: str, limit: int) -> tuple[int, int]:
    return _flat_depth(text, limit, _JSON_SIGNS, _JSON_STRING)


def _toml_depth(text: str, limit: int) -> tuple[int, int]:
    return _flat_depth(text, limit, _TOML_SIGNS, _TOML_STRING)


def _flat_depth(
    text: str, limit: int, signs: re.Pattern[str], strings: re.Pattern[str]
) -> tuple[int, int]:
    """JSON's and TOML's depth: brackets, plus dots (only TOML's ``signs`` find them),
    with strings (``strings`` matches one where a quote is) and '#' comments skipped."""
    brackets = dots = deepest = 0
    line = where = 1
    position = 0
    while sign := signs.search(text, position):
        char = sign.group()
        position = sign.end()
        if char == "\n":
            line += 1
            dots = 0
            continue
        if char in "\"'":
            string = strings.match(text, sign.start())
            assert string is not None
            line += string.group().count("\n")
            position = string.end()
            continue
        if char == "#":
            position = _LINE_END.match(text, position).end()  # type: ignore[union-attr]
            continue
        if char in "]}":
            brackets = max(0, brackets - 1)
            continue
        if char == ".":
            dots += 1
        else:
            brackets += 1
        if brackets + dots > deepest:
            deepest, where = brackets + dots, line
            if deepest > limit:
                break
    return deepest, where


def _yaml_depth(text: str, limit: int) -> tuple[int, int]:
    brackets = deepest = 0
    line = where = 1
    line_start = position = 0
    indent = _indent_levels(text, 0)
    if indent > deepest:
        deepest = indent
    while sign := _YAML_SIGNS.search(text, position):
        char = sign.group()
        at = sign.start()
        position = sign.end()
        if char == "\n":
            line += 1
            line_start = position
            indent = _indent_levels(text, position)
        elif char == "#":
            if at == 0 or text[at - 1] in " \t\n":
                position = _LINE_END.match(text, position).end()  # type: ignore[union-attr]
            continue
        elif char in "\"'":
            if _starts_scalar(text, at, line_start, brackets > 0):
                pattern = _YAML_DOUBLE if char == '"' else _YAML_SINGLE
                string = pattern.match(text, at)
                assert string is not None
                line += string.group().count("\n")
                position = string.end()
            continue
        elif char in "]}":
            brackets = max(0, brackets - 1)
            continue
        else:
            brackets += 1
        if brackets + indent > deepest:
            deepest, where = brackets + indent, line
            if deepest > limit:
                break
    return deepest, where


def _indent_levels(text: str, start: int) -> int:
    indent = _YAML_INDENT.match(text, start)
    assert indent is not None
    return (indent.end() - start) // 2


def _starts_scalar(text: str, at: int, line_start: int, in_flow: bool) -> bool:
    """Whether the quote at ``at`` starts a quoted scalar, as YAML reads it: at the start
    of a line (after its indicators), after ': ', or in a flow collection after '[', '{',
    ',' or ':'. Anywhere else a quote is a character of plain text."""
    before = text[line_start:at]
    indicators = _YAML_LINE_START.match(before)
    assert indicators is not None
    if indicators.end() == len(before):
        return True
    stripped = before.rstrip(" \t")
    last = stripped[-1:]
    if in_flow and last in ("[", "{", ","):
        return True
    return last == ":" and (in_flow or len(stripped) < len(before))


def json_value_end(text: str) -> int:
    """Where the JSON object or array that ``text`` starts with ends (brackets outside
    strings balanced), or the end of the text: how much of a file its JSON front matter
    takes, found without a parser."""
    brackets = 0
    position = 0
    while sign := _JSON_SIGNS.search(text, position):
        char = sign.group()
        position = sign.end()
        if char == '"':
            string = _JSON_STRING.match(text, sign.start())
            assert string is not None
            position = string.end()
        elif char in "[{":
            brackets += 1
        elif char in "]}":
            brackets -= 1
            if brackets <= 0:
                return position
    return len(text)


def check_front_matter(text: str, syntax: FrontMatterSyntax) -> Exceeded | None:
    """Front matter over FRONT_MATTER_CHARS, or nested deeper than DATA_NESTING
    (Pelican's ``Key: value`` lines cannot nest)."""
    if len(text) > FRONT_MATTER_CHARS:
        return Exceeded(
            f"front matter is {len(text)} characters (at most {FRONT_MATTER_CHARS}): "
            "keep long text in the body",
            1,
        )
    if syntax == "pelican" or _shallow(text, syntax):
        return None
    depth, line = data_depth(text, syntax)
    if depth > DATA_NESTING:
        return Exceeded(f"front matter nested more than {DATA_NESTING} levels deep", line)
    return None


def _shallow(text: str, syntax: DataSyntax) -> bool:
    """True when ``text`` cannot nest deeper than DATA_NESTING, by counting alone."""
    signs = text.count("[") + text.count("{")
    if syntax == "toml":
        signs += text.count(".")
    if syntax == "yaml" and signs <= DATA_NESTING:
        # Each level of indentation takes two characters of a line's leading run: with
        # at most half the levels in brackets and no run of the other half, it is shallow.
        if signs <= DATA_NESTING // 2 and not _YAML_HALF_DEEP.search(text):
            return True
        signs += max((len(run.group()) for run in _YAML_LEADING.finditer(text)), default=0) // 2
    return signs <= DATA_NESTING


def check_json(text: str) -> Exceeded | None:
    """A JSON document (JSON-LD in a page, an old JSON Feed) nested deeper than
    DATA_NESTING."""
    if text.count("[") + text.count("{") <= DATA_NESTING:
        return None
    depth, line = data_depth(text, "json")
    if depth > DATA_NESTING:
        return Exceeded(f"JSON nested more than {DATA_NESTING} levels deep", line)
    return None
