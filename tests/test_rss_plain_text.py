"""RSS plain-text elements holding ``<`` are written with hexadecimal references.

The RSS Advisory Board's profile (and the W3C validator's CharacterData warning)
asks for ``&#x3C;`` and ``&#x26;`` there; the parsed text must not change.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from publisher.formats.rss import hex_escape_plain_text

# XML 1.0 characters without line breaks (titles are one line).
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=40,
)


def _document(title: str, description: str) -> bytes:
    rss = etree.Element("rss", version="2.0")
    channel = etree.SubElement(rss, "channel")
    etree.SubElement(channel, "title").text = title
    etree.SubElement(channel, "description").text = description
    return etree.tostring(rss, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def test_title_with_markup_uses_hex_references_and_description_does_not() -> None:
    data = hex_escape_plain_text(_document("First <story> & more", "<p>Body & more</p>"))
    assert b"<title>First &#x3C;story&gt; &#x26; more</title>" in data
    assert b"<description>&lt;p&gt;Body &amp; more&lt;/p&gt;</description>" in data


def test_ampersand_alone_is_left_as_it_is() -> None:
    data = _document("R&D budget", "x")
    assert hex_escape_plain_text(data) == data


@given(_TEXT, _TEXT)
def test_parsed_text_never_changes(title: str, description: str) -> None:
    original = _document(title, description)
    rewritten = etree.fromstring(hex_escape_plain_text(original))
    assert rewritten.findtext("channel/title") == etree.fromstring(original).findtext(
        "channel/title"
    )
    assert rewritten.findtext("channel/description") == (description or None) or description == ""
