"""The Reader protocol every source format implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from publisher.model import SourceDoc


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """Settings readers take from the config (e.g. extra boilerplate patterns)."""

    boilerplate_patterns: tuple[str, ...] = ()
    # The site generator whose sources these are ('' for publisher's own): how front
    # matter is found (``generators.base.FrontMatterRules``); Pelican reads a Markdown
    # header as Python-Markdown's meta extension does, never as YAML.
    generator: str = ""


class Reader(Protocol):
    """Turns one decoded source text into a SourceDoc; never touches the filesystem.

    Which suffixes a reader handles is the registry's business (``sources._READERS``).
    """

    def read(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Parse ``text`` (already decoded, newlines normalized) found at ``path``.

        Raise ``SourceError`` (with path and line) when the text cannot be understood.
        """
        ...


class PageReader(Reader, Protocol):
    """A reader of scraped pages, which ``publisher import`` turns into Markdown sources."""

    def scrape(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Everything the page yields, without requiring a title or a body."""
        ...
