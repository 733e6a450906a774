"""Shared lxml plumbing for the XML formats: reparse feedgen output, serialize ours."""

from __future__ import annotations

from lxml import etree

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


def parse(data: bytes) -> etree._Element:
    """Parse XML that feedgen produced, dropping blank text so output re-indents cleanly."""
    return etree.fromstring(data, _PARSER)


def serialize(root: etree._Element) -> bytes:
    """UTF-8, with declaration, indented: stable bytes for stable input."""
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
