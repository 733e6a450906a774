"""The CommonMark flavours, rendered by markdown-it-py.

``commonmark`` is CommonMark with GitHub's tables, strikethrough, autolinks (bare URLs
and ``www.`` become links) and task lists, and footnotes; ``goldmark`` (Hugo) adds its
typographer and definition lists and removes its heading attributes; ``kramdown``
(Jekyll) the same, with kramdown's attribute lists and extensions removed
(``attributes``). Raw HTML is kept, or left out where the site says so, as Goldmark does
by default (``raw_html``).

markdown-it-py renders these in half the time Python-Markdown takes, in pure Python:
the C engine measured first (cmark-gfm through cmarkgfm) was ten times faster still but
never frees what it parses (about ten times each body's size per call) and fails on
``&#xFFFE;`` (bench/README.md, "Markdown renderers").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt, helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from publisher.limits import MARKDOWN_NESTING
from publisher.render import attributes
from publisher.render import typographer as typographer_rules
from publisher.render.settings import GENERATED_HTML, MarkdownSettings

# Block tokens inside one another that markdown-it-py still parses (its "commonmark"
# preset stops at 20 and drops, without a word, everything after the first line deeper).
# Deeper is publisher's limits' business (limits.MARKDOWN_NESTING, checked before): a
# list takes two levels (the list and its item) and a definition two, so a body within
# that limit, with a paragraph or a table at the bottom, stays well inside this one.
_MAX_NESTING = 4 * MARKDOWN_NESTING
# What a bare link starts with, for GFM and Goldmark: a scheme, "www." or an address.
_MAY_LINK = re.compile(r"://|www\.|@", re.IGNORECASE)


# How the HTML a generator's template syntax rendered starts (settings.GENERATED_HTML).
_GENERATED_ATTRIBUTE = f" {GENERATED_HTML}"
_GENERATED_TAG = re.compile(rf"<\w+{_GENERATED_ATTRIBUTE}[ >]")
# The links GFM's autolinks and Goldmark's linkify find: these schemes, and "www.".
_SCHEMES = frozenset({"http:", "https:", "ftp:", "mailto:"})


class _BareLinks(LinkifyIt):  # type: ignore[misc]
    """linkify-it, finding only the bare links GFM and Goldmark find (a URL with its
    scheme, one starting with "www.", an address), not any word with a dot.

    It is asked only about text that could hold one: linkify-it's own first test matches
    most prose, and the full one costs half as much again as parsing the body (1.5 ms a
    link-heavy article).

    linkify-it's own ``pretest`` of a block is run only when one of the block's text
    tokens could hold a link (markdown-it asks ``pretest`` of each block, then ``test``
    of each text token outside its links): its pattern is compiled on first use, ~11 ms
    of a process, and a body whose only URLs are the targets of written links (an
    edit's one body, usually) never needs it. The answers are the ones the eager
    ``pretest`` gave.
    """

    def __init__(self) -> None:
        super().__init__()
        self._block: str | None = None  # the block last pretested, until its test
        self._block_passed: bool | None = None  # linkify-it's pretest of it, once run

    def pretest(self, text: str) -> bool:
        if _MAY_LINK.search(text) is None:
            self._block = None
            return False
        self._block, self._block_passed = text, None
        return True

    def test(self, text: str) -> bool:
        if _MAY_LINK.search(text) is None:
            return False
        if self._block is not None:
            if self._block_passed is None:
                self._block_passed = bool(super().pretest(self._block))
            if not self._block_passed:
                return False
        return bool(super().test(text))

    def match(self, text: str) -> list[Any] | None:
        found = super().match(text) or []
        kept = [
            link
            for link in found
            if link.schema in _SCHEMES or (not link.schema and link.raw[:4].lower() == "www.")
        ]
        return kept or None


def _kramdown_destination(text: str, pos: int, maximum: int) -> Any:
    """A link's URL as kramdown reads it: up to the ``)`` that closes the link or a blank
    before a quoted title, spaces included (``[x](/img/step 1.png)``), on one line; in a
    link definition (``[id]: url``) the rest of the line, whatever it holds
    (``LINK_DEFINITION_START`` in kramdown's parser/kramdown/link.rb), so a stray ``)``
    stays part of the URL rather than turning the definitions into text.
    Where CommonMark reads the URL as well, its reading stands."""
    found = helpers.parseLinkDestination(text, pos, maximum)
    if text.startswith("<", pos):
        return found
    definition = text[:pos].rstrip(" \t").endswith("]:")
    level, end = 0, pos
    while end < maximum:
        char = text[end]
        if char == "\n":
            if definition:
                break
            return found
        if char in " \t" and text[end + 1 : end + 2] in ("'", '"'):
            break  # the title follows
        if char == "(":
            level += 1
        elif char == ")" and not definition:
            if level == 0:
                break
            level -= 1
        end += 1
    else:
        if not definition:
            return found
    url = text[pos:end].rstrip(" \t")
    if not url or (found.ok and found.pos == pos + len(url)):
        return found
    if not definition and not any(blank in url for blank in " \t"):
        return found
    found.ok, found.pos, found.str = True, pos + len(url), unescapeAll(url)
    return found


# markdown-it-py's link helpers with kramdown's reading of a link's URL.
_KRAMDOWN_HELPERS = SimpleNamespace(
    parseLinkLabel=helpers.parseLinkLabel,
    parseLinkDestination=_kramdown_destination,
    parseLinkTitle=helpers.parseLinkTitle,
)


class CommonMark:
    """One markdown-it-py parser with a flavour's rules, reused for every body."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self._settings = settings
        # Goldmark's typographer is its own (publisher.render.typographer), not these.
        own_typographer = settings.typographer and settings.flavour == "goldmark"
        typographer = (
            ["replacements", "smartquotes"] if settings.typographer and not own_typographer else []
        )
        self._parser = (
            MarkdownIt(
                "commonmark",
                {"html": True, "linkify": True, "typographer": bool(typographer)},
            )
            .enable(["table", "strikethrough", "linkify", *typographer])
            .use(footnote_plugin)
            .use(tasklists_plugin)
        )
        self._parser.options["maxNesting"] = _MAX_NESTING
        self._parser.linkify = _BareLinks()
        if own_typographer:
            typographer_rules.use(self._parser, dict(settings.typographer_substitutions))
        if settings.flavour != "commonmark":  # Goldmark's and kramdown's
            self._parser.use(deflist_plugin)
        if not settings.raw_html:  # Goldmark writes <!-- raw HTML omitted -->: nothing
            self._parser.add_render_rule("html_block", _generated_block_only)
            self._parser.add_render_rule("html_inline", _generated_inline_only)
        # A note's mark is its number, as Goldmark and kramdown write it (not "[1]").
        self._parser.add_render_rule("footnote_caption", _note_number)
        if settings.flavour == "kramdown":  # no rule above the notes
            self._parser.add_render_rule("footnote_block_open", _notes_without_rule)
            self._parser.helpers = _KRAMDOWN_HELPERS  # type: ignore[assignment]
            # Imported here: only kramdown reads this syntax (~1 ms of every edit otherwise).
            from publisher.render.kramdown_syntax import kramdown_syntax_plugin

            self._parser.use(kramdown_syntax_plugin, parse_block_html=settings.parse_block_html)

    def convert(self, body: str) -> str:
        html: str = self._parser.render(body)
        if self._settings.flavour == "goldmark":
            return attributes.goldmark(html, block_attributes=self._settings.block_attributes)
        if self._settings.flavour == "kramdown":
            return attributes.kramdown(html)
        return html

    def recover(self) -> None:
        """Nothing is kept between bodies."""


def _nothing(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return ""


def _generated_block_only(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    """Raw HTML left out, except what a generator's template syntax rendered."""
    content: str = tokens[idx].content
    return content if _GENERATED_TAG.match(content.lstrip()) else ""


def _generated_inline_only(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    """The same for a tag in a paragraph: a generated ``<a ...>`` and the ``</a>`` after it."""
    content: str = tokens[idx].content
    if _GENERATED_ATTRIBUTE in content:
        return content
    if content.startswith("</"):
        opening = next((t for t in reversed(tokens[:idx]) if t.type == "html_inline"), None)
        name = content[2:].strip(" \t\n>")
        if opening is not None and _GENERATED_ATTRIBUTE in opening.content:
            return content if opening.content[1:].startswith(name) else ""
    return ""


def _note_number(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    number = str(tokens[idx].meta["id"] + 1)
    if tokens[idx].meta.get("subId", 0) > 0:
        number += f":{tokens[idx].meta['subId']}"
    return number


def _notes_without_rule(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    return '<section class="footnotes">\n<ol class="footnotes-list">\n'
