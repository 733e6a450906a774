"""HTML pages saved from websites -> SourceDoc with a Markdown body."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from publisher.errors import SourceError
from publisher.limits import PAGE_NESTING, check_html, check_markdown
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions
from publisher.sources.scraped.boilerplate import (
    Block,
    check_patterns,
    is_chrome,
    is_prose,
    link_dense,
    trim,
)
from publisher.sources.scraped.bylines import find_byline
from publisher.sources.scraped.html_markdown import to_blocks
from publisher.sources.scraped.html_meta import read_meta
from publisher.sources.scraped.markdown_text import clean_text, same_text
from publisher.sources.scraped.page_dates import find_date
from publisher.sources.scraped.page_reader import ScrapedPageReader

# Never article text, wherever they sit.
_DROP_WORDS = (
    "head title script style noscript template nav header footer aside form iframe button svg"
    " canvas input select textarea label object embed video audio dialog menu"
)
_DROP_TAGS = frozenset(_DROP_WORDS.split())
# A class or id made of these words marks chrome: ads, share bars, comments, related lists.
_JUNK_TEXT = (
    "ad ads adsense advert adverts advertisement advertising cookie cookies consent gdpr comment"
    " comments disqus respond share shares sharing sharedaddy social socials related relatedposts"
    " recommended recommendations newsletter subscribe subscription signup promo promoted sponsor"
    " sponsored popup modal sidebar widget breadcrumb breadcrumbs tags tagcloud byline author"
    " meta nav navigation menu footer toolbar paywall outbrain taboola date timestamp pubdate"
)
_JUNK_WORDS = frozenset(_JUNK_TEXT.split())
_JUNK_CLASSES = frozenset({"hidden", "sr-only", "screen-reader-text", "visually-hidden"})
_WORD_SPLIT = re.compile(r"[-_\s]+")
_BODY_CLASSES = frozenset(
    {"entry-content", "post-content", "article-body", "article-content", "story-body",
     "post-body", "article__body", "content-body", "articlebody"}
)  # fmt: skip
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


class HtmlReader(ScrapedPageReader):
    """Saved ``.html`` pages: metadata from meta tags and JSON-LD, body from the article."""

    def scrape(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Everything the page yields, without requiring a title or a body."""
        return scrape_html(text, path=path, rel=rel, options=options)


def scrape_html(text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
    """Everything the page yields, without requiring a title or body (``import`` adds them)."""
    bad = check_patterns(options.boilerplate_patterns)
    if bad:
        raise SourceError(bad, path=path)
    root = _parse(text, path)
    try:
        content = _content_root(root)
        fields, problems = read_meta(root, content, path)
        base = fields.get("link") or _base_href(root)
        if base:
            root.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
        headline = _clean(content, fields.get("title"))
        blocks = to_blocks(content)
        if headline:
            blocks = _below_headline(blocks, fields)
        blocks = trim(blocks, tuple(options.boilerplate_patterns))
    except RecursionError:  # the walk recurses per level: libxml2 nests some markup deeper
        raise SourceError("page is nested too deeply to read", path=path) from None
    body = "\n\n".join(b.md for b in blocks)
    exceeded = check_markdown(body)
    if exceeded is not None:  # its lines are the Markdown's, not the page's
        raise SourceError(f"the page's text: {exceeded.message}", path=path)
    return SourceDoc(
        path=path,
        rel=rel,
        fields=fields,
        body=body,
        body_format="markdown",
        field_lines={},
        problems=tuple(problems),
    )


def _parse(text: str, path: str) -> lxml_html.HtmlElement:
    exceeded = check_html(text, PAGE_NESTING)
    if exceeded is not None:  # libxml2 would drop what lies deeper than 255, unsaid
        raise SourceError(exceeded.message, path=path, line=exceeded.line)
    text = _XML_DECL.sub("", clean_text(text), count=1)
    if not text.strip():
        raise SourceError("empty page", path=path, line=1)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise SourceError(f"cannot parse HTML: {exc}", path=path, line=1) from None
    return root


def _base_href(root: lxml_html.HtmlElement) -> str | None:
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href.startswith(("http://", "https://")):
            return href
    return None


def _paragraph_chars(el: lxml_html.HtmlElement) -> int:
    return sum(len(p.text_content().strip()) for p in el.iter("p"))


def _classes(el: lxml_html.HtmlElement) -> list[str]:
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()


def _content_root(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The element holding the article: articleBody, <article>, <main>, a known class, body."""
    total = _paragraph_chars(root)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    for candidates in (
        [e for e in elements if (e.get("itemprop") or "").lower() == "articlebody"],
        [e for e in elements if e.tag == "article"],
        [e for e in elements if e.tag == "main" or e.get("role") == "main"],
        [e for e in elements if _BODY_CLASSES.intersection(_classes(e))],
    ):
        found = [e for e in candidates if e.text_content().strip()]
        best = max(found, key=_paragraph_chars) if found else None
        # Teaser cards are <article>s too: the real one holds a fair share of the page's text.
        if best is not None and _paragraph_chars(best) >= 0.3 * total:
            return best
    body = root.find("body")
    return body if body is not None else root


def _is_junk(el: lxml_html.HtmlElement) -> bool:
    if el.tag in _DROP_TAGS or el.get("hidden") is not None:
        return True
    if (el.get("aria-hidden") or "").lower() == "true":
        return True
    if el.get("role") in ("navigation", "complementary", "banner", "contentinfo"):
        return True
    if re.search(r"display\s*:\s*none", el.get("style") or "", re.IGNORECASE):
        return True
    classes = _classes(el)
    if _JUNK_CLASSES.intersection(classes):
        return True
    return any(_JUNK_WORDS.intersection(_WORD_SPLIT.split(c)) for c in classes)


def _clean(content: lxml_html.HtmlElement, title: str | None) -> bool:
    """Remove chrome inside the article, teaser cards, the headline and what is above it.

    True when the headline was found (what follows it is the article's head).
    """
    inner = [el for el in content.iter() if el is not content and isinstance(el.tag, str)]
    doomed = [el for el in inner if _is_junk(el)]
    doomed += [el for el in inner if el.tag == "article" and len(el.text_content()) < 400]
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.drop_tree()  # keeps the tail text, which belongs to the parent
    for h1 in list(content.iter("h1")):
        if title and same_text(h1.text_content(), title):
            _drop_above(h1, content)
            h1.drop_tree()
            return True
    return False


def _drop_above(el: lxml_html.HtmlElement, content: lxml_html.HtmlElement) -> None:
    """Everything before the headline is the site's header, menu and breadcrumb."""
    while el is not content:
        parent = el.getparent()
        if parent is None:
            return
        for sibling in list(el.itersiblings(preceding=True)):
            sibling.tail = None  # text between header elements is theirs too
            parent.remove(sibling)
        parent.text = None
        el = parent


def _below_headline(blocks: list[Block], fields: dict[str, str]) -> list[Block]:
    """Between the headline and the first paragraph: a deck (the summary) and chrome.

    Datelines, bylines, share bars and breadcrumbs there are short non-sentences in any
    language; the first one that reads like a phrase is the deck.
    """
    first = next((i for i, b in enumerate(blocks) if is_prose(b)), 0)
    kept: list[Block] = []
    for i, block in enumerate(blocks):
        if i >= first or not is_chrome(block):
            kept.append(block)
        elif "summary" not in fields and _deck_like(block):
            fields["summary"] = block.text
    return kept


def _deck_like(block: Block) -> bool:
    text = block.text
    if block.kind != "p" or link_dense(block) or find_date(text) or find_byline(text):
        return False
    dense = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return len(text.split()) >= 5 or dense >= 10
