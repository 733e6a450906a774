"""Article body -> sanitized HTML fragment with absolute URLs, and a plain-text summary."""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from urllib.parse import urljoin, urlsplit

import markdown
import nh3
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

from publisher import excerpts
from publisher.errors import Problem, Severity, SourceError
from publisher.excerpts import ExcerptRule
from publisher.limits import Exceeded, check_html, check_markdown
from publisher.model import Article, Rendered
from publisher.text import XML_ILLEGAL, debugging, escape_uri, internal_error

# The allow-list (documented in docs/output.md, "HTML sanitizing"): structure and text
# semantics, links, images, tables. No scripts, styles, frames, forms, embeds or event handlers.
ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del"}
    | {"details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3"}
    | {"h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture"}
    | {"pre", "q", "s", "samp", "small", "source", "span", "strong", "sub", "summary", "sup"}
    | {"table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var"}
)
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "source": {"srcset", "sizes", "media", "type"},
    "ol": {"start", "reversed", "type"},
    "q": {"cite"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "time": {"datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# Tags whose content is code or noise, never reader-visible text.
_DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})

SUMMARY_LENGTH = 280
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd|blockquote|pre|tr|td|th|figcaption)>|<br\s*/?>")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_SPACE = re.compile(r"\s+")
# Sanitized HTML writes every attribute in double quotes; an image reads as its alt text.
_IMG_ALT = re.compile(r'<img\b[^>]*?\balt="([^"]*)"[^>]*>')
_HREF = re.compile(r'<a\b[^>]*?\bhref="([^"]+)"')


class Renderer:
    """Renders article bodies; holds one Markdown converter, reset between articles."""

    def __init__(self) -> None:
        self._markdown = _new_markdown()

    def render(self, article: Article, body: str, excerpt: ExcerptRule | None = None) -> Rendered:
        """``body`` (the article's, in its ``body_format``) as sanitized HTML with URLs
        absolute against the article's link, and the summary (the article's own, else
        the start of the first paragraph); with an ``excerpt`` rule, the excerpt a
        summary item shows too (publisher.excerpts).

        Raises SourceError naming the article's file if its body cannot be rendered,
        one of publisher's limits (publisher/limits.py) among the reasons.
        """
        is_markdown = article.body_format == "markdown"
        # normalize() refuses a source over a limit first, naming the line; checked here
        # too for any other caller, and for the HTML that comes out of Python-Markdown.
        _refuse(check_markdown(body) if is_markdown else None, article)
        try:
            content = self._html(article, body)
            excerpt_html = self._excerpt(article, body, content, excerpt) if excerpt else None
        except SourceError:
            raise
        except Exception as exc:  # a bug costs a clear message naming the file
            if debugging():
                raise
            self._markdown = _new_markdown()  # its state is unknown after that
            raise SourceError(
                internal_error(exc, "rendering this file"), path=article.source
            ) from exc
        summary = article.summary or summarize(content)
        return Rendered(content, summary or None, excerpt_html)

    def _html(self, article: Article, body: str) -> str:
        markdown = article.body_format == "markdown"
        raw = self._markdown.reset().convert(body) if markdown else body
        _refuse(check_html(raw), article)  # what nh3 will parse
        return sanitize(raw, base_url=article.link)

    def _excerpt(self, article: Article, body: str, content: str, rule: ExcerptRule) -> str | None:
        """The excerpt (see publisher.excerpts), or None when it is the whole article."""
        split = excerpts.split_body(body, article, rule)
        if article.summary and (rule.field_first or split is None):
            return excerpts.field_excerpt(article.summary)
        if split is not None:
            head, more = split
            return self._html(article, head) if more else None
        return excerpts.automatic_excerpt(content, rule.words)


def _refuse(exceeded: Exceeded | None, article: Article) -> None:
    if exceeded is not None:
        raise SourceError(f"cannot render the body: {exceeded.message}", path=article.source)


def _new_markdown() -> markdown.Markdown:
    # Extension objects, not names: names are looked up through every installed
    # package's entry points (30 ms, more than an edit renders). These are what
    # Python-Markdown's "extra" loads by name, in its order.
    extra = [
        FencedCodeExtension(), FootnoteExtension(), AttrListExtension(), DefListExtension(),
        TableExtension(), AbbrExtension(), MarkdownInHtmlExtension(),
    ]  # fmt: skip
    return markdown.Markdown(extensions=[*extra, SaneListExtension()], output_format="html")


def sanitize(fragment: str, *, base_url: str) -> str:
    """Allow-listed HTML with every URL made absolute against ``base_url``."""

    def absolutize(tag: str, attribute: str, value: str) -> str | None:
        if attribute in _URL_ATTRIBUTES:
            return _absolute(value, base_url)
        if attribute == "srcset":
            return _absolute_srcset(value, base_url)
        return value

    # Character references such as "&#1;" become characters XML cannot carry: drop them.
    return XML_ILLEGAL.sub(
        "",
        nh3.clean(
            fragment,
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(_DROP_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=absolutize,
            url_schemes=set(URL_SCHEMES),
            link_rel=None,
            strip_comments=True,
        ),
    ).strip()


def _absolute(url: str, base: str) -> str | None:
    url = url.strip()
    try:
        resolved = urljoin(base, url)
        scheme = urlsplit(resolved).scheme.lower()
    except ValueError:  # e.g. "http://[::1": not a URL, so no link
        return None
    if scheme not in URL_SCHEMES:
        return None
    # Spaces and the like cannot appear in a URI; browsers percent-encode them, so do we.
    return escape_uri(resolved)


def _absolute_srcset(value: str, base: str) -> str | None:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if not parts:
            continue
        url = _absolute(parts[0], base)
        if url is None:
            continue
        candidates.append(" ".join([url, *parts[1:]]))
    return ", ".join(candidates) or None


def summarize(content_html: str, limit: int = SUMMARY_LENGTH) -> str:
    """Plain text of the first paragraph, cut at a word boundary near ``limit``."""
    match = _FIRST_PARAGRAPH.search(content_html)
    text = plain_text(match.group(1) if match else content_html)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.–—-")
    return cut + "…"


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, entities decoded, whitespace collapsed."""
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + " ", _IMG_ALT.sub(r"\1", fragment))
    text = html.unescape(nh3.clean(spaced, tags=set(), clean_content_tags=set(_DROP_WITH_CONTENT)))
    return _SPACE.sub(" ", XML_ILLEGAL.sub("", text)).strip()


def misplaced_links(
    article: Article, categories: Collection[str], known_paths: Collection[str], base_url: str
) -> list[Problem]:
    """Warnings for links into ``/<own category>/<another category>/...`` with no page there.

    The usual cause is a relative link written as if from the category folder
    (``../science/x/`` in ``/technology/a/`` resolves to ``/technology/science/x/``).
    ``known_paths`` are the URL paths of every article, which are never flagged.
    """
    site = urlsplit(base_url)
    problems: list[Problem] = []
    for href in sorted(set(_HREF.findall(article.content_html or ""))):
        url = urlsplit(html.unescape(href))
        if url.netloc != site.netloc or not url.path.startswith(site.path + "/"):
            continue
        parts = [part for part in url.path[len(site.path) :].split("/") if part]
        if (
            len(parts) < 2
            or parts[0] != article.category_slug
            or parts[1] == parts[0]
            or parts[1] not in categories
            or any(
                f"{site.path}/{'/'.join(parts[:n])}/" in known_paths
                for n in range(2, len(parts) + 1)
            )
        ):
            continue
        rest = url.path[len(site.path) :].split("/", 2)[2]  # without the own category
        meant = f"{site.scheme}://{site.netloc}{site.path}/{rest}"
        problems.append(
            Problem(
                article.source, None, Severity.WARNING, "source-link-misplaced",
                f"link {html.unescape(href)} points into {parts[0]}/{parts[1]}/, where no page is; "
                f"did you mean {meant}? (a relative link resolves against the article's own URL)",
            )
        )  # fmt: skip
    return problems
