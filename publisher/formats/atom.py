"""Feed -> Atom 1.0 bytes, with entry links feedgen cannot write correctly."""

from __future__ import annotations

from lxml import etree

from publisher.formats import ATOM as ATOM_FORMAT
from publisher.formats import _feedgen, xmltree
from publisher.model import Article, Feed

ATOM = xmltree.ATOM_NS
FH = "http://purl.org/syndication/history/1.0"


def render_atom(feed: Feed) -> bytes:
    """The Atom 1.0 document for ``feed``."""
    fg = _feedgen.build_generator(feed, "atom")
    root = xmltree.parse(fg.atom_str(pretty=False))
    entries = root.findall(f"{{{ATOM}}}entry")
    # feedgen writes entries in the order added, which is the feed's order.
    for entry, article in zip(entries, feed.items, strict=True):
        anchor = entry.find(f"{{{ATOM}}}updated")
        position = list(entry).index(anchor) + 1 if anchor is not None else len(entry)
        links = [etree.Element(f"{{{ATOM}}}link", rel="alternate", type="text/html",
                               href=article.link)]  # fmt: skip
        links += translation_links(ATOM, article, feed.language)
        enclosure = article.enclosure
        if enclosure:
            link = etree.Element(f"{{{ATOM}}}link", rel="enclosure", href=enclosure.url)
            link.set("type", enclosure.type)
            if enclosure.length:
                link.set("length", str(enclosure.length))
            links.append(link)
        for offset, link in enumerate(links):
            entry.insert(position + offset, link)
    _add_archive_markup(root, feed)
    return xmltree.serialize(root, stylesheet=feed.stylesheet)


def translation_links(namespace: str, article: Article, language: str) -> list[etree._Element]:
    """An item's links to its translations (``rel="alternate" hreflang``: Atom's, or
    atom:link in RSS), then its own link again with its own ``hreflang``.

    RFC 4287 lets alternates differ by hreflang. Readers disagree on which alternate is
    the item's link (most take the first, feedparser the last), so the item's own link
    is both the first (no hreflang) and the last (its language).
    """
    if not article.translations:
        return []
    pairs = [*article.translations, (language, article.link)]
    links = []
    for code, url in pairs:
        link = etree.Element(f"{{{namespace}}}link", rel="alternate", type="text/html", href=url)
        link.set("hreflang", code)
        links.append(link)
    return links


def _add_archive_markup(root: etree._Element, feed: Feed) -> None:
    """RFC 5005 links (prev-archive, next-archive, current) and fh:archive on archive pages."""
    if not feed.archive_links and feed.archive_number is None:
        return
    anchor = root.find(f"{{{ATOM}}}link[@rel='self']")
    assert anchor is not None  # every feed we write has its self link
    for rel in ("current", "prev-archive", "next-archive"):
        if rel in feed.archive_links:
            link = etree.Element(f"{{{ATOM}}}link", rel=rel, href=feed.archive_links[rel])
            link.set("type", ATOM_FORMAT.media_type)
            anchor.addnext(link)
            anchor = link
    if feed.archive_number is not None:
        anchor.addnext(etree.Element(f"{{{FH}}}archive", nsmap={"fh": FH}))
