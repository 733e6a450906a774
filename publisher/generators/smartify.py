"""Jekyll's ``smartify``: kramdown's SmartyPants, which jekyll-feed runs every title through.

jekyll-feed 0.17 writes each title as ``post.title | smartify | strip_html |
normalize_whitespace``: straight quotes become curly ones by kramdown's rules, ``--``,
``---`` and ``...`` become dashes and an ellipsis, ``<<``/``>>`` guillemets, entities
such as ``&mdash;`` characters, and tags go. Learned from kramdown 2.4's span parser
(``lib/kramdown/parser/kramdown.rb`` ``parse_spans``: each parser is tried where its
start pattern first matches, smart quotes one character *before* the quote) and its
``smart_quotes.rb``, ``typographic_symbol.rb`` and ``html_entity.rb``, and Jekyll 4.3's
``lib/jekyll/converters/smartypants.rb``. Table: tests/jekyll/smartify.json (Jekyll's
answers for the corpus's titles).
"""

from __future__ import annotations

import html.entities
import re

_A = re.ASCII
# kramdown's SQ_PUNCT and SQ_CLOSE.
_PUNCT = r"""[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"""
_CLOSE = r"[^ \\\t\r\n\[{(-]"
_L1, _R1, _L2, _R2 = "lquote1", "rquote1", "lquote2", "rquote2"
# kramdown's SQ_RULES in order: (pattern, what each part becomes: a group kept as text,
# or a quote named by its kind and the group holding the quote character).
_RULES: list[tuple[re.Pattern[str], tuple[int | str, ...]]] = [
    (re.compile(r"""("|')(?=[_*]{1,2}\S)""", _A), (_L1,)),
    (re.compile(rf"""("|')(?={_PUNCT}(?!\.\.)\B)""", _A), (_R1,)),
    (re.compile(r"""(\s?)"'(?=\w)""", _A), (1, "ldquo", "lsquo")),
    (re.compile(r"""(\s?)'"(?=\w)""", _A), (1, "lsquo", "ldquo")),
    (re.compile(r"""(\s?)'(?=\d\ds)""", _A), (1, "rsquo")),
    (re.compile(r"""(\s)('|")(?=\w)""", _A), (1, _L2)),
    (re.compile(rf"""({_CLOSE})('|")""", _A), (1, _R2)),
    (re.compile(r"""("|')(?=\s|s\b|$)""", _A | re.MULTILINE), (_R1,)),
    (re.compile(r"""(.?)'""", _A | re.DOTALL), (1, "lsquo")),
    (re.compile(r"""(.?)\"""", _A | re.DOTALL), (1, "ldquo")),
]
_QUOTES = {"lsquo": "\u2018", "rsquo": "\u2019", "ldquo": "\u201c", "rdquo": "\u201d"}
_ENTITY = re.compile(r"&([\w:][\-\w.:]*);|&#(\d+);|&#x([0-9a-fA-F]+);", _A)
_SYMBOLS = {
    "---": "\u2014", "--": "\u2013", "...": "\u2026", "\\<<": "<<", "\\>>": ">>",
    "<< ": "\u00ab\u00a0", " >>": "\u00a0\u00bb", "<<": "\u00ab", ">>": "\u00bb",
}  # fmt: skip
_SYMBOL = re.compile("|".join(re.escape(s) for s in _SYMBOLS))
_SQ_START = re.compile(r"""[^\\]?["']""", re.DOTALL)
# Where any of the span parsers (smart quotes, entities, symbols, HTML) may start.
_START = re.compile(r"""(?=[^\\]?["']|&|--|\.\.\.|(?:\\| )?(?:<<|>>)|<[A-Za-z_:/!])""", re.DOTALL)
# What strip_html takes out (Liquid), and kramdown's span HTML (a tag, comment or end tag).
_TAG = re.compile(
    r"<script.*?</script>|<!--.*?-->|<style.*?</style>|<[A-Za-z_:/][^>]*>", re.DOTALL | re.I
)
_SPACES = re.compile(r"[ \t\n\v\f\r]+")


def feed_title(title: str) -> str:
    """A title as jekyll-feed prints it (``smartify | strip_html |
    normalize_whitespace``), as text."""
    return _SPACES.sub(" ", smartify(title)).strip()


def smartify(text: str) -> str:
    """Text through kramdown's SmartyPants span parsers, as text (not HTML), its tags
    taken out as strip_html takes them."""
    out: list[str] = []
    pos = 0
    while pos < len(text):
        found = _START.search(text, pos)
        if found is None:
            out.append(text[pos:])
            break
        out.append(text[pos : found.start()])
        pos = found.start()
        if _SQ_START.match(text, pos):
            pos = _smart_quote(text, pos, out)
        elif entity := _ENTITY.match(text, pos):
            out.append(_entity(entity))
            pos = entity.end()
        elif symbol := _SYMBOL.match(text, pos):
            out.append(_SYMBOLS[symbol[0]])
            pos = symbol.end()
        elif tag := _TAG.match(text, pos):
            pos = tag.end()
        else:
            out.append(text[pos])
            pos += 1
    return "".join(out)


def _smart_quote(text: str, pos: int, out: list[str]) -> int:
    for rule, parts in _RULES:
        match = rule.match(text, pos)
        if match is None:
            continue
        for part in parts:
            if isinstance(part, int):
                out.append(match[part])
            elif part in _QUOTES:
                out.append(_QUOTES[part])
            else:  # lquote1/rquote2...: the quote character in the group its name ends with
                side = "l" if part[0] == "l" else "r"
                out.append(_QUOTES[side + ("dquo" if match[int(part[-1])] == '"' else "squo")])
        return match.end()
    out.append(text[pos])  # unreachable: the last two rules take any quote
    return pos + 1


def _entity(match: re.Match[str]) -> str:
    """An entity's character; an unknown name stays as written."""
    if match[1] is not None:
        point = html.entities.name2codepoint.get(match[1])
        return chr(point) if point is not None else match[0]
    point = int(match[2]) if match[2] is not None else int(match[3], 16)
    try:
        return chr(point)
    except (ValueError, OverflowError):
        return match[0]
