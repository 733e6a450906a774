"""What every scraped-page reader shares: lenient ``scrape``, strict ``read``."""

from __future__ import annotations

from publisher.errors import SourceError
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions


def _require_title_and_body(doc: SourceDoc) -> SourceDoc:
    """Raise ``SourceError`` when a scraped page gave no title or no body."""
    if not doc.fields.get("title"):
        raise SourceError("no title found (add a 'Title:' line at the top)", path=doc.path, line=1)
    if not doc.body.strip():
        line = doc.field_lines.get("title", doc.body_line)
        raise SourceError("no article text found after the title", path=doc.path, line=line)
    return doc


class ScrapedPageReader:
    """A scraped page format: ``scrape`` takes what the page yields (``import`` fills the
    gaps), ``read`` (a build) also needs a title and a body. Subclasses give ``scrape``."""

    def scrape(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Everything the page yields, without requiring a title or a body."""
        raise NotImplementedError

    def read(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Parse one page; raise ``SourceError`` when it has no title or no body."""
        return _require_title_and_body(self.scrape(text, path=path, rel=rel, options=options))
