"""Attribute syntax that Goldmark and kramdown read and CommonMark leaves as text.

Both generators let an author set a heading's id (``## Title {#id}``), and kramdown any
element's attributes (``{: .class}`` on the line after a block, ``[text](url){:
target="_blank"}`` after a span) and its extensions (``{::comment}``, ``{::options}``).
None of it is text: the generators remove it from what they show, and the sanitizer
would drop the attributes anyway (ids and classes mean nothing in a feed reader). So the
syntax is removed from the rendered HTML, where code is already escaped apart:
no pattern here can match inside a code span or block, whose text never stands right
after a tag or alone in a paragraph.
"""

from __future__ import annotations

import re

# A quoted value, as written or after the typographer turned its quotes.
_QUOTED = r"(?:[\"“”][^\"“”\n]*[\"“”]|['‘’][^'‘’\n]*['‘’])"
# One Goldmark attribute: #id, .class or name=value.
_ATTRIBUTE = rf"(?:[#.][\w-]+|[\w-]+=(?:{_QUOTED}|[^\s{{}}\"'<>]+))"
# Goldmark's attribute list: {#id .class name="value"}.
_GOLDMARK = rf"\{{[ \t]*{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE})*[ \t]*\}}"
# kramdown's inline attribute lists and definitions ({: .x}, {:ref: .x}, {:toc}) and its
# extensions' tags ({::comment}, {::options key="v" /}, {:/comment}, {:/}).
_KRAMDOWN = rf"\{{:(?:[^{{}}\n\"'“”‘’]|{_QUOTED})*\}}"

# The patterns below stay strings, compiled by ``re``'s own cache on first use: only a
# body with a "{" needs them, and compiling them all at import cost every edit rebuild
# ~3 ms.

_HEADING_GOLDMARK = rf"[ \t]*{_GOLDMARK}(?=</h[1-6]>)"
_HEADING_KRAMDOWN = rf"[ \t]*(?:\{{#[\w-]+\}}|{_KRAMDOWN})(?=</h[1-6]>)"
_BLOCK_GOLDMARK = rf"<p>{_GOLDMARK}</p>\n?|\n{_GOLDMARK}(?=</p>)"
# A list whose item is kramdown's table of contents marker, which kramdown replaces by
# links to the headings: a feed item is read whole, so it is left out.
_TOC = r"<(ul|ol)>\n<li>[^<>\n]*\n\{:toc\}</li>\n</\1>\n?"
# A comment, with the paragraphs it opens and closes when it fills them.
_COMMENT = r"(?s)(?:<p>)?\{::comment\}.*?\{:/(?:comment)?\}(?:</p>\n?)?"
_BLOCK_KRAMDOWN = rf"<p>(?:{_KRAMDOWN}[ \t]*)+</p>\n?|\n{_KRAMDOWN}(?=</p>)"
# An attribute list on the line before a paragraph's text: kramdown's for that block.
_LEADING_KRAMDOWN = rf"<p>{_KRAMDOWN}[ \t]*\n"
# After an element: a link, an image, emphasis, code.
_SPAN_KRAMDOWN = rf"(</a>|</em>|</strong>|</code>|</del>| />){_KRAMDOWN}"


def goldmark(html: str, *, block_attributes: bool) -> str:
    """``html`` without Goldmark's heading attributes, and its block attributes when the
    site turns them on (Hugo's ``markup.goldmark.parser.attribute.block``)."""
    if "{" not in html:
        return html
    html = re.sub(_HEADING_GOLDMARK, "", html)
    return re.sub(_BLOCK_GOLDMARK, "", html) if block_attributes else html


def kramdown(html: str) -> str:
    """``html`` without kramdown's header ids, attribute lists, comments, table of
    contents marker and extension tags."""
    if "{" not in html:
        return html
    html = re.sub(_COMMENT, "", re.sub(_TOC, "", html))
    html = re.sub(_HEADING_KRAMDOWN, "", html)
    html = re.sub(_LEADING_KRAMDOWN, "<p>", re.sub(_BLOCK_KRAMDOWN, "", html))
    return re.sub(_SPAN_KRAMDOWN, r"\1", html)
