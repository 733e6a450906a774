"""Shared lxml plumbing for the XML formats: reparse feedgen output, serialize ours."""

from __future__ import annotations

from lxml import etree

ATOM_NS = "http://www.w3.org/2005/Atom"  # also the namespace of RSS's atom:link

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


def parse(data: bytes) -> etree._Element:
    """Parse XML that feedgen produced, dropping blank text so output re-indents cleanly."""
    return etree.fromstring(data, _PARSER)


def serialize(root: etree._Element, *, stylesheet: str | None = None) -> bytes:
    """UTF-8, with declaration, indented: stable bytes for stable input.

    ``stylesheet``: href of a CSS or XSLT stylesheet (by its suffix) that browsers
    apply (an ``xml-stylesheet`` processing instruction before the root; feed readers
    ignore it).
    """
    if stylesheet is not None:
        # A PI's content cannot be escaped: refuse what would end or break it.
        if '"' in stylesheet or "?>" in stylesheet:
            raise ValueError(f"unusable stylesheet href {stylesheet!r}")
        kind = "text/css" if stylesheet.endswith(".css") else "text/xsl"
        pi = etree.ProcessingInstruction("xml-stylesheet", f'type="{kind}" href="{stylesheet}"')
        root.addprevious(pi)
    return etree.tostring(
        root.getroottree(), encoding="UTF-8", xml_declaration=True, pretty_print=True
    )
