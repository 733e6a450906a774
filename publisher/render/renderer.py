"""One renderer per flavour of Markdown: its engine, then the sanitizer and the summary."""

from __future__ import annotations

from typing import Protocol

from publisher import excerpts
from publisher.errors import SourceError
from publisher.excerpts import ExcerptRule
from publisher.limits import Exceeded, check_html, check_markdown
from publisher.model import Article, Rendered
from publisher.render.sanitize import sanitize
from publisher.render.settings import MarkdownSettings
from publisher.render.summary import summarize
from publisher.text import debugging, internal_error


class Engine(Protocol):
    """Markdown -> HTML, in one flavour."""

    def convert(self, body: str) -> str:
        """The body's HTML (not yet sanitized)."""
        ...

    def recover(self) -> None:
        """Forget any state a failed ``convert`` may have left."""
        ...


def new_engine(settings: MarkdownSettings) -> Engine:
    """The engine of ``settings``' flavour (importing only its library)."""
    if settings.flavour == "python-markdown":
        from publisher.render.python_markdown import PythonMarkdown

        return PythonMarkdown(settings)
    from publisher.render.commonmark import CommonMark

    return CommonMark(settings)


class Renderer:
    """Renders article bodies in one flavour of Markdown (publisher's own by default)."""

    def __init__(self, settings: MarkdownSettings | None = None) -> None:
        self._engine = new_engine(settings or MarkdownSettings())

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
        # too for any other caller, whatever the flavour, and for the HTML that comes out
        # of the engine.
        _refuse(check_markdown(body) if is_markdown else None, article)
        try:
            content = self._html(article, body)
            excerpt_html = self._excerpt(article, body, content, excerpt) if excerpt else None
        except SourceError:
            raise
        except Exception as exc:  # a bug costs a clear message naming the file
            if debugging():
                raise
            self._engine.recover()  # its state is unknown after that
            raise SourceError(
                internal_error(exc, "rendering this file"), path=article.source
            ) from exc
        summary = article.summary or summarize(content)
        return Rendered(content, summary or None, excerpt_html)

    def _html(self, article: Article, body: str) -> str:
        markdown = article.body_format == "markdown"
        raw = self._engine.convert(body) if markdown else body
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
