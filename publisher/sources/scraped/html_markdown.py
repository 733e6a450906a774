"""A small HTML -> Markdown converter over lxml, for the elements articles use."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import html as lxml_html

from publisher.sources.scraped.boilerplate import Block
from publisher.sources.scraped.markdown_text import escape_inline, escape_line_start, squash

# Elements that end a paragraph; everything else is inline (unknown tags included).
_BLOCK_WORDS = (
    "address article aside body center dd details div dl dt figcaption figure footer form h1 h2"
    " h3 h4 h5 h6 header hr html li main nav ol p pre section summary table ul blockquote"
)
_BLOCK_TAGS = frozenset(_BLOCK_WORDS.split())
_EMPHASIS = {"em": "*", "i": "*", "cite": "*", "dfn": "*", "strong": "**", "b": "**"}
_CODE = frozenset({"code", "kbd", "samp", "tt"})
# Lazy-loading scripts keep the real image here and a placeholder in ``src``.
_IMG_SOURCES = ("data-src", "data-lazy-src", "data-original", "src")
_BR = "\x00"  # never in input: clean_text removed NULs
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}


def to_blocks(root: lxml_html.HtmlElement) -> list[Block]:
    """Convert an element's content to Markdown blocks (paragraphs, headings, lists...)."""
    converter = _Converter()
    converter.walk(root)
    converter.flush()
    return converter.blocks


def _tag(el: lxml_html.HtmlElement) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None


def _url(value: str) -> str:
    value = value.strip()
    return "".join(_URL_UNSAFE.get(ch, ch) for ch in value)


def _edges(inner: str) -> tuple[str, str, str]:
    """Leading space, core and trailing space: markup must hug the core or it is not read."""
    core = inner.strip()
    lead = inner[: len(inner) - len(inner.lstrip())]
    return lead, core, inner[len(lead) + len(core) :]


def _wrap(inner: str, mark: str) -> str:
    lead, core, trail = _edges(inner)
    return f"{lead}{mark}{core}{mark}{trail}" if core else inner


def _code_span(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class _Converter:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.md: list[str] = []
        self.text: list[str] = []
        self.images = 0
        self.link_chars = 0

    # -- paragraphs ---------------------------------------------------------------------
    def flush(self) -> None:
        """Turn the inline run collected so far into a paragraph block."""
        md_lines = [squash(part) for part in "".join(self.md).split(_BR)]
        text = squash("".join(self.text).replace(_BR, " "))
        md = "  \n".join(line for line in md_lines if line)
        if text or (self.images and md):
            kind = "p" if text else "img"
            links = min(self.link_chars, len(text))
            self.blocks.append(Block(kind, text, 0, escape_line_start(md), links))
        self.md, self.text, self.images, self.link_chars = [], [], 0, 0

    def _add(self, md: str, text: str | None = None) -> None:
        self.md.append(md)
        self.text.append(md if text is None else text)

    def _add_text(self, value: str | None) -> None:
        if value:
            value = value.replace(_BR, " ")
            self._add(escape_inline(value), value)

    # -- walking ------------------------------------------------------------------------
    def walk(self, el: lxml_html.HtmlElement, inline_only: bool = False) -> None:
        """Convert ``el``'s children; block children end the current paragraph."""
        self._add_text(el.text)
        for child in el:
            tag = _tag(child)
            if tag is not None:
                if tag in _BLOCK_TAGS and not inline_only:
                    self.flush()
                    self._block(child, tag)
                    self.flush()
                else:
                    self._inline(child, tag, inline_only)
            self._add_text(child.tail)

    def _inline_md(self, el: lxml_html.HtmlElement) -> tuple[str, str, int]:
        """Markdown, text and image count of ``el``'s inline content (link text counted)."""
        sub = _Converter()
        sub.walk(el, inline_only=True)
        self.link_chars += sub.link_chars
        return "".join(sub.md), "".join(sub.text), sub.images

    def _inline(self, el: lxml_html.HtmlElement, tag: str, inline_only: bool) -> None:
        if tag == "br":
            self._add(_BR, _BR)
        elif tag == "img":
            self._image(el)
        elif tag in _CODE:
            code = el.text_content()
            self._add(_code_span(code), code)
        elif tag in _EMPHASIS:
            md, text, images = self._inline_md(el)
            self.images += images
            self._add(_wrap(md, _EMPHASIS[tag]), text)
        elif tag == "a":
            self._link(el)
        else:
            self.walk(el, inline_only)

    def _link(self, el: lxml_html.HtmlElement) -> None:
        md, text, images = self._inline_md(el)
        self.images += images
        href = (el.get("href") or "").strip()
        if not md.strip() or not href or href.startswith(("#", "javascript:", "data:")):
            self._add(md, text)
            return
        self.link_chars += len(squash(text))
        lead, core, trail = _edges(md)
        self._add(f"{lead}[{core}]({_url(href)}){trail}", text)

    def _image(self, el: lxml_html.HtmlElement) -> None:
        src = next((el.get(a) for a in _IMG_SOURCES if (el.get(a) or "").strip()), None)
        if not src or src.startswith("data:") or el.get("width") in ("0", "1"):
            return
        alt = escape_inline(squash(el.get("alt") or ""))
        self.images += 1
        self._add(f"![{alt}]({_url(src)})", "")

    # -- blocks -------------------------------------------------------------------------
    def _block(self, el: lxml_html.HtmlElement, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            md, text, _ = self._inline_md(el)
            text, md = squash(text.replace(_BR, " ")), squash(md.replace(_BR, " "))
            links, self.link_chars = min(self.link_chars, len(text)), 0
            if text:
                level = max(2, int(tag[1]))
                md = re.sub(r"#+$", lambda m: "\\#" * len(m.group()), md)
                self.blocks.append(Block("h", text, 0, "#" * level + " " + md, links))
        elif tag in ("ul", "ol"):
            self._list(el, ordered=tag == "ol")
        elif tag == "blockquote":
            self._nested(el, "quote", lambda line: "> " + line if line else ">")
        elif tag == "pre":
            self._pre(el)
        elif tag == "hr":
            return
        elif tag == "figcaption":
            md, text, _ = self._inline_md(el)
            self.link_chars = 0
            if squash(text):
                self.blocks.append(Block("p", squash(text), 0, _wrap(squash(md), "*")))
        elif tag == "table":
            self._table(el)
        else:
            self.walk(el)

    def _children_blocks(self, el: lxml_html.HtmlElement) -> list[Block]:
        sub = _Converter()
        sub.walk(el)
        sub.flush()
        return sub.blocks

    def _nested(self, el: lxml_html.HtmlElement, kind: str, prefix: Callable[[str], str]) -> None:
        inner = self._children_blocks(el)
        if not inner:
            return
        lines = "\n\n".join(b.md for b in inner).split("\n")
        md = "\n".join(prefix(line) for line in lines)
        links = sum(b.link_chars for b in inner)
        self.blocks.append(Block(kind, " ".join(b.text for b in inner), 0, md, links))

    def _list(self, el: lxml_html.HtmlElement, ordered: bool) -> None:
        items: list[str] = []
        texts: list[str] = []
        links = 0
        for child in el:
            if _tag(child) != "li":
                continue
            inner = self._children_blocks(child)
            if not inner:
                continue
            marker = f"{len(items) + 1}. " if ordered else "- "
            body = inner[0].md
            for block in inner[1:]:  # a nested list hugs its line; other blocks stand apart
                body += ("\n" if block.kind == "list" else "\n\n") + block.md
            body = body.replace("\n", "\n    ")
            items.append(marker + body.replace("\n    \n", "\n\n"))
            texts.append(" ".join(b.text for b in inner))
            links += sum(b.link_chars for b in inner)
        if items:
            glue = "\n\n" if any("\n\n" in item for item in items) else "\n"
            self.blocks.append(Block("list", " ".join(texts), 0, glue.join(items), links))

    def _pre(self, el: lxml_html.HtmlElement) -> None:
        code = el.text_content().strip("\n")
        if not code.strip():
            return
        longest = max((len(m) for m in re.findall(r"`{3,}", code)), default=2)
        fence = "`" * (longest + 1)
        classes = " ".join(c.get("class") or "" for c in (el, *el.iter("code")))
        lang = re.search(r"(?:language|lang)-([\w+-]+)", classes)
        info = lang.group(1) if lang else ""
        self.blocks.append(Block("pre", code, 0, f"{fence}{info}\n{code}\n{fence}"))

    def _table(self, el: lxml_html.HtmlElement) -> None:
        """A pipe table (the renderer's ``extra`` reads it); the first row is the header."""
        rows: list[list[str]] = []
        texts: list[str] = []
        for tr in el.iter("tr"):
            cells = []
            for cell in tr:
                if _tag(cell) in ("td", "th"):
                    md, text, _ = self._inline_md(cell)
                    cells.append(squash(md.replace(_BR, " ")).replace("|", "\\|"))
                    texts.append(squash(text.replace(_BR, " ")))
            if any(cells):
                rows.append(cells)
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        lines.insert(1, "|" + " --- |" * width)
        self.blocks.append(Block("table", " ".join(t for t in texts if t), 0, "\n".join(lines)))
