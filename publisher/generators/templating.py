"""The engine the generators' template syntax is rendered with: what is code in a
Markdown body (fenced and indented blocks, code spans), a scan that replaces each match
outside code and passes code through, and the pieces several generators render alike
(fenced code blocks, links to embedded videos and gists).

Each generator renders its own syntax (``hugo.py``: shortcodes, ``jekyll.py``: Liquid,
``pelican.py``: link markers) the way it would: anything it cannot render is removed,
with a warning naming the line, so template syntax never reaches a subscriber raw. Code
keeps what is written in it, except the escapes authors use to show template syntax
there, which are resolved as the generator resolves them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from publisher.generators.base import TemplateSite, TemplateWarning

# A fence: any indentation (inside a list item it is relative to the item's text); a
# backtick fence's info string has no backtick (```x``` is a code span, no fence).
_FENCE = re.compile(
    r"^(?P<indent>[ ]*)(?:(?P<fence>`{3,})[^`\n]*|(?P<tilde>~{3,})[^\n]*)$", re.MULTILINE
)
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)", re.DOTALL)
_INDENTED = re.compile(r"(?:(?<=\n\n)|\A)(?:(?:[ ]{4}|\t)[^\n]*(?:\n|\Z)|[ \t]*\n)+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


class Expander:
    """One body being rendered: its code regions, and the warnings so far."""

    # Whether Markdown code keeps the template syntax in it (Hugo runs shortcodes there).
    code_protects: bool = True

    def __init__(self, body: str, site: TemplateSite) -> None:
        self.body = body
        self.site = site
        self.code = code_regions(body) if self.code_protects else []
        self.warnings: list[TemplateWarning] = []

    def line(self, offset: int) -> int:
        return self.body.count("\n", 0, offset) + 1

    def warn(self, offset: int, message: str) -> None:
        self.warnings.append((self.line(offset), message))

    def in_code(self, offset: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in self.code if s <= offset < e), None)

    def scan(
        self,
        pattern: re.Pattern[str],
        handle: Callable[[re.Match[str]], tuple[str, int]],
        in_code: Callable[[str], str],
    ) -> str:
        """Each match outside code replaced by what ``handle`` makes of it (which also says
        where to go on); code regions pass through ``in_code``, other text unchanged."""
        out: list[str] = []
        position = 0
        while position < len(self.body):
            match = pattern.search(self.body, position)
            if match is None:
                out.append(self.body[position:])
                break
            region = self.in_code(match.start())
            if region:
                start = max(position, region[0])
                out += [self.body[position:start], in_code(self.body[start : region[1]])]
                position = region[1]
                continue
            out.append(self.body[position : match.start()])
            text, position = handle(match)
            out.append(text)
        return "".join(out)


def code_regions(body: str) -> list[tuple[int, int]]:
    """Start and end offsets of fenced blocks, indented blocks and code spans."""
    regions: list[tuple[int, int]] = []
    position = 0
    while True:
        opening = _FENCE.search(body, position)
        if opening is None:
            break
        fence = opening["fence"] or opening["tilde"]
        # The closing fence may be indented up to three spaces more than the opening.
        indent = len(opening["indent"]) + 3
        closing = re.compile(rf"^[ ]{{0,{indent}}}{re.escape(fence[0])}{{{len(fence)},}}\s*$",
                             re.MULTILINE)  # fmt: skip
        end = closing.search(body, opening.end())
        stop = end.end() if end else len(body)
        regions.append((opening.start(), stop))
        position = stop
    for match in _INDENTED.finditer(body):
        if not match.group().strip() or inside(match.start(), regions):
            continue
        before = body[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if not _LIST_ITEM.match(before) and not before.startswith((" ", "\t")):
            regions.append((match.start(), match.end()))
    for match in _CODE_SPAN.finditer(body):
        if not inside(match.start(), regions) and "\n\n" not in match.group():
            regions.append((match.start(), match.end()))
    return sorted(regions)


def inside(offset: int, regions: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in regions)


def fenced(code: str, language: str) -> str:
    """A fenced code block longer than any run of backticks in ``code``."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    language = re.sub(r"[^\w+#.-]", "", language)
    return f"\n{fence}{language}\n{code}\n{fence}\n"


def embed_link(name: str, args: list[str], named: dict[str, str]) -> tuple[str | None, str]:
    ident = named.get("id") or (args[0] if args else "")
    title = named.get("title", "")
    if not ident and name not in ("tweet", "x"):
        return None, ""
    if name == "youtube":
        return f"https://www.youtube.com/watch?v={quote(ident)}", title or "Watch on YouTube"
    if name == "vimeo":
        return f"https://vimeo.com/{quote(ident)}", title or "Watch on Vimeo"
    if name == "instagram":
        return f"https://www.instagram.com/p/{quote(ident)}/", title or "View on Instagram"
    if name == "gist":
        user = named.get("user") or ident
        gist = named.get("id") if "user" in named else (args[1] if len(args) > 1 else "")
        if not gist:
            return None, ""
        return f"https://gist.github.com/{quote(user)}/{quote(gist)}", f"Gist {user}/{gist}"
    user = named.get("user", "")
    status = named.get("id") or (args[-1] if args else "")
    if not status:
        return None, ""
    url = f"https://x.com/{quote(user or 'i')}/status/{quote(status)}"
    return url, f"Post by @{user}" if user else "View the post"
