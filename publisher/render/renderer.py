"""One renderer per flavour of Markdown: its engine, then the sanitizer and the summary."""

from __future__ import annotations

import functools
from importlib import metadata
from typing import Protocol

from publisher.errors import SourceError
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

    def render(self, article: Article, body: str) -> Rendered:
        """``body`` (the article's, in its ``body_format``) as sanitized HTML with URLs
        absolute against the article's link, and the summary (the article's own, else
        the start of the first paragraph).

        Raises SourceError naming the article's file if its body cannot be rendered.
        """
        try:
            raw = self._engine.convert(body) if article.body_format == "markdown" else body
            content = sanitize(raw, base_url=article.link)
        except RecursionError:  # Python-Markdown recurses per nesting level
            self._engine.recover()  # its state is unknown after that
            raise SourceError(
                "cannot render the body: lists or quotes nested too deeply", path=article.source
            ) from None
        except Exception as exc:  # a bug costs a clear message naming the file
            if debugging():
                raise
            self._engine.recover()
            raise SourceError(
                internal_error(exc, "rendering this file"), path=article.source
            ) from exc
        summary = article.summary or summarize(content)
        return Rendered(content, summary or None)


# The distributions whose release shapes each flavour's HTML (nh3 sanitizes them all).
_LIBRARIES = {
    "python-markdown": ("Markdown", "nh3"),
    "commonmark": ("markdown-it-py", "mdit-py-plugins", "linkify-it-py", "nh3"),
}


def renderer_identity(settings: MarkdownSettings) -> str:
    """What rendered HTML depends on besides the body: the flavour, its options and the
    releases of the libraries that render it. Part of every rendered body's cache key, so
    another flavour, option or release renders again."""
    libraries = _LIBRARIES.get(settings.flavour, _LIBRARIES["commonmark"])
    return f"{settings!r} " + " ".join(f"{name}={_release(name)}" for name in libraries)


@functools.cache
def _release(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "missing"
