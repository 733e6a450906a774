"""Find source files under content/ and turn each into a SourceDoc."""

from __future__ import annotations

import importlib
import os
from dataclasses import replace
from pathlib import Path
from typing import cast

from publisher.errors import Problem, PublisherError, SourceError
from publisher.model import SourceDoc
from publisher.sources.base import PageReader, Reader, ReaderOptions
from publisher.sources.decode import decode_source
from publisher.sources.listing import Discovered, Listing, scan
from publisher.text import debugging, internal_error

# The suffixes of each kind of source (lowercase, with the dot), the first the usual one.
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
# Markdown suffixes only Pelican reads, and reStructuredText (Pelican's RstReader).
OTHER_MARKDOWN_SUFFIXES = (".mkd", ".mdown")
RST_SUFFIXES = (".rst",)
# suffix -> "module:Class"; readers are imported on first use so startup stays light.
_READERS: dict[str, str] = {
    **dict.fromkeys(MARKDOWN_SUFFIXES, "publisher.sources.markdown:MarkdownReader"),
    **dict.fromkeys(TEXT_SUFFIXES, "publisher.sources.scraped.text_page:TextReader"),
    **dict.fromkeys(HTML_SUFFIXES, "publisher.sources.scraped.html:HtmlReader"),
    # Read only in the sites of a generator that reads them (SiteGenerator.source_suffixes).
    **dict.fromkeys(OTHER_MARKDOWN_SUFFIXES, "publisher.sources.markdown:MarkdownReader"),
    **dict.fromkeys(RST_SUFFIXES, "publisher.sources.rst:RstReader"),
}
_GENERATORS_ONLY = frozenset(OTHER_MARKDOWN_SUFFIXES + RST_SUFFIXES)
# Suffixes whose reader is a PageReader: what ``publisher import`` takes.
_PAGES = TEXT_SUFFIXES + HTML_SUFFIXES

__all__ = [
    "HTML_SUFFIXES", "MARKDOWN_SUFFIXES", "TEXT_SUFFIXES", "Discovered", "Listing",
    "ReaderOptions", "decode", "discover", "list_sources", "page_suffixes", "parse_source",
    "read_bytes", "read_page", "reader_for",
]  # fmt: skip


def reader_for(suffix: str) -> Reader:
    """The reader registered for ``suffix`` (lowercase, with the dot)."""
    module_name, _, class_name = _READERS[suffix].partition(":")
    reader: Reader = getattr(importlib.import_module(module_name), class_name)()
    return reader


def page_suffixes() -> tuple[str, ...]:
    """The suffixes of scraped pages (what ``publisher import`` reads)."""
    return _PAGES


def decode(
    data: bytes, suffix: str, shown: str, *, header_charset: str | None = None
) -> tuple[str, list[Problem]]:
    """Bytes -> text: UTF-8 or a BOM for every source; HTML pages may declare a charset."""
    if suffix in HTML_SUFFIXES:
        from publisher.sources.scraped.charset import decode_html

        return decode_html(data, shown, header_charset=header_charset)
    return decode_source(data, shown)


def read_page(
    data: bytes,
    suffix: str | None,
    options: ReaderOptions,
    *,
    shown: str,
    header_charset: str | None = None,
) -> SourceDoc:
    """Decode one scraped page and scrape it with the reader for ``suffix``.

    ``suffix`` None (standard input) means HTML when the text starts with ``<``, else text;
    ``header_charset`` is the one a server named (it overrides the page's own).
    The document may lack a title or a body: the caller asks for what is missing.
    Decoding warnings come first in its problems.
    """
    if suffix is not None and suffix not in _PAGES:
        raise SourceError(f"not a page: use {', '.join(_PAGES)}", path=shown)
    if suffix is None:
        head = data.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
        suffix = HTML_SUFFIXES[0] if head.startswith(b"<") else TEXT_SUFFIXES[0]
    text, problems = decode(data, suffix, shown, header_charset=header_charset)
    reader = cast(PageReader, reader_for(suffix))  # every suffix in _PAGES names one
    doc = reader.scrape(text, path=shown, rel=shown, options=options)
    if problems:
        doc = replace(doc, problems=(*problems, *doc.problems))
    return doc


def list_sources(content_dir: Path, *, generator: str = "", rules: object = None) -> Listing:
    """Every readable source under ``content_dir``, by folder, plus warnings (one walk).

    Problems name paths relative to ``content_dir`` (posix, ``""`` for the folder
    itself), like each source's ``rel``. In a Hugo, Jekyll or Pelican site
    (``generator``), only what that generator reads as posts is a source: no scraped
    ``.txt`` pages, and not Pelican's ``pages/``; ``rules`` are the site's
    (``Config.site_rules``), which may name more folders of articles.
    """
    from publisher.generators import generator_named

    site_generator = generator_named(generator)
    suffixes = frozenset(_READERS.keys() - (set(TEXT_SUFFIXES) if site_generator else set()))
    own_suffixes = site_generator.source_suffixes if site_generator else ()
    suffixes = (suffixes - _GENERATORS_ONLY) | frozenset(own_suffixes)
    if not content_dir.is_dir():
        raise SourceError(
            "content folder not found (set content_dir in publisher.toml, "
            "or run `publisher init` to start a site)",
            path=_shown(content_dir),
        )
    folders = frozenset(site_generator.article_folders(rules)) if site_generator else frozenset()
    return scan(
        content_dir.resolve(),
        suffixes,
        skip_top=site_generator.pages_folder if site_generator else None,
        within=folders if folders and content_dir.resolve().name not in folders else None,
        templates=frozenset(site_generator.page_templates) if site_generator else frozenset(),
    )


def discover(
    content_dir: Path, *, generator: str = "", rules: object = None
) -> tuple[list[Discovered], list[Problem]]:
    """Every readable source under ``content_dir``, in sorted order, plus warnings (see
    ``list_sources``)."""
    listing = list_sources(content_dir, generator=generator, rules=rules)
    return listing.found(), listing.problems


def _shown(path: Path) -> str:
    """``path`` relative to the working directory if it is below it (as the user types it);
    for an error raised at once, never for a problem that may be cached."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_bytes(found: Discovered, *, max_bytes: int, shown: str) -> bytes:
    """The raw bytes of one source; SourceError naming it if too large or unreadable."""
    if found.size > max_bytes:
        raise SourceError(f"file is {found.size} bytes, over the limit of {max_bytes}", path=shown)
    try:
        with open(found.path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=shown) from None


def parse_source(
    found: Discovered, data: bytes, options: ReaderOptions, *, shown: str
) -> SourceDoc:
    """Decode and parse one source's bytes with the reader for its suffix.

    Any failure is a SourceError naming the file: a bug in a reader costs that file,
    not the build (set PUBLISHER_DEBUG=1 to get the traceback instead).
    """
    try:
        suffix = os.path.splitext(found.path)[1].lower()
        text, problems = decode(data, suffix, shown)
        if suffix in HTML_SUFFIXES and _has_front_matter(text):
            # An HTML post with front matter, as Jekyll and Hugo keep them: no scraping.
            doc = reader_for(MARKDOWN_SUFFIXES[0]).read(
                text, path=shown, rel=found.rel, options=options
            )
            doc = replace(doc, body_format="html")
        else:
            doc = reader_for(suffix).read(text, path=shown, rel=found.rel, options=options)
    except PublisherError:
        raise
    except Exception as exc:
        if debugging():
            raise
        raise SourceError(internal_error(exc, "reading this file"), path=shown) from exc
    if problems:
        doc = replace(doc, problems=(*problems, *doc.problems))
    return doc


def _has_front_matter(text: str) -> bool:
    from publisher.sources.frontmatter import detect

    return detect(text.split("\n", 1)[0]) in ("yaml", "toml")
