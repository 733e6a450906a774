"""Safe parsing of untrusted XML: encoding checks, forbidden characters, our own entities.

Feeds come from anywhere, so libxml2 never fetches a DTD or expands an entity:
entities a DOCTYPE declares are expanded beforehand within our own limits
(``entities.py``), external ones are never read, and billion laughs is refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

from publisher.validate.entities import expand_entities
from publisher.validate.rules import Findings

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECL = re.compile(r"""<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A character reference, or a CDATA section or comment, where "&#1;" is plain text.
_CHAR_REF = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->|&#(x[0-9a-fA-F]+|[0-9]+);", re.DOTALL)
_ROOT_NAME = re.compile(r"<([A-Za-z_][\w.:-]*)[\s/>]")
_MAX_REPORTED = 10


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed document: the root element, the encoding it was read with, its text."""

    root: etree._Element
    encoding: str
    text: str  # as decoded, illegal characters blanked: lines match the source


def _family(name: str) -> str:
    canonical = codecs.lookup(name).name
    # A BOM already fixed the byte order, so utf-16 and utf-16-le agree here.
    for family in ("utf-16", "utf-32", "utf-8"):
        if canonical.startswith(family):
            return family
    return canonical


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _sniff(data: bytes) -> tuple[str | None, str | None]:
    """Return (BOM encoding, declared encoding) from the first bytes."""
    bom = next((enc for mark, enc in _BOMS if data.startswith(mark)), None)
    guess = bom or "utf-8"
    if bom is None and data[:4] in (b"\x00<\x00?", b"<\x00?\x00"):
        guess = "utf-16-be" if data[0] == 0 else "utf-16-le"
    head = data[:400].decode(guess, errors="replace").lstrip("\ufeff")
    match = _DECL.match(head[: head.find("?>") + 2]) if head.startswith("<?xml") else None
    return bom or (guess if guess != "utf-8" else None), match[1] if match else None


def decode(data: bytes, found: Findings, http_charset: str | None = None) -> tuple[str, str]:
    """Decode per BOM and declaration, reporting mismatches; undecodable bytes become U+FFFD."""
    bom, declared = _sniff(data)
    encoding = bom or "utf-8"
    if declared:
        try:
            declared_family = _family(declared)
        except LookupError:
            found.add("xml-unknown-encoding", f"unknown encoding {declared!r} declared", 1)
            declared_family = None
        if declared_family is not None:
            if bom and declared_family != _family(bom):
                # XML 1.0 §4.3.3: a byte order mark fixes the encoding; a declaration
                # naming another is a fatal error.
                found.add(
                    "xml-bad-encoding",
                    f"byte order mark says {bom}, declaration says {declared}",
                    1,
                )
            elif not bom and declared_family in ("utf-16", "utf-32") and data[:1] == b"<":
                found.add(
                    "xml-bad-encoding",
                    f"declared {declared} but the bytes are ASCII-compatible; read as utf-8",
                    1,
                )
            elif not bom:
                encoding = declared
    if http_charset:
        try:
            if _family(http_charset) != _family(encoding):
                found.add(
                    "xml-encoding-mismatch",
                    f"HTTP charset is {http_charset}, document is {declared or encoding}",
                    1,
                )
        except LookupError:
            found.add("xml-unknown-encoding", f"unknown HTTP charset {http_charset!r}")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        found.add(
            "xml-bad-encoding",
            f"byte 0x{data[exc.start]:02x} is not valid {encoding}",
            line,
            column,
        )
        text = data.decode(encoding, errors="replace")
    return text.lstrip("\ufeff"), encoding


def scrub_illegal(text: str, found: Findings) -> str:
    """Report characters XML 1.0 forbids (raw or as references) and blank them out."""
    reported = 0
    if _ILLEGAL.search(text):
        for match in _ILLEGAL.finditer(text):
            if reported < _MAX_REPORTED:
                line, column = _position(text, match.start())
                found.add(
                    "xml-illegal-character",
                    f"character U+{ord(match[0]):04X} is not allowed in XML",
                    line,
                    column,
                )
            reported += 1
        text = _ILLEGAL.sub(" ", text)
    if "&#" in text:

        def check_ref(match: re.Match[str]) -> str:
            nonlocal reported
            ref = match[1]
            if ref is None:
                return match[0]
            code = int(ref[1:], 16) if ref[0] == "x" else int(ref)
            legal = code in (9, 10, 13) or 0x20 <= code <= 0xD7FF
            legal = legal or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
            if legal:
                return match[0]
            if reported < _MAX_REPORTED:
                line, column = _position(text, match.start())
                found.add(
                    "xml-illegal-character",
                    f"character reference {match[0]} names a character XML forbids",
                    line,
                    column,
                )
            reported += 1
            return " "

        text = _CHAR_REF.sub(check_ref, text)
    if reported > _MAX_REPORTED:
        found.add("xml-illegal-character", f"{reported - _MAX_REPORTED} more illegal characters")
    return text


def root_name(text: str) -> str | None:
    """The root element's name from a cheap scan, for documents that do not parse."""
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text[:4096], flags=re.DOTALL)
    match = _ROOT_NAME.search(body)
    return match[1] if match else None


def _parser() -> etree.XMLParser:
    # A fresh parser per document: lxml parsers are not thread-safe, the CLI may
    # be imported by a threaded test server, and building one costs microseconds.
    return etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_blank_text=False,
    )


def parse(data: bytes, found: Findings, http_charset: str | None = None) -> Parsed | None:
    """Parse ``data`` safely, reporting XML-level findings; None if it cannot be parsed."""
    before = len(found.items)
    text, encoding = decode(data, found, http_charset)
    text = scrub_illegal(text, found)
    expanded = expand_entities(text, found)
    if expanded is None:
        return None
    clean = expanded is text and len(found.items) == before and _family(encoding) == "utf-8"
    text = expanded
    payload = data if clean else text.encode("utf-8", errors="replace")
    try:
        root = etree.fromstring(payload, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        found.add("xml-not-well-formed", str(exc.msg).split(", line ")[0], line, column or None)
        return None
    except ValueError as exc:  # lxml refuses some inputs outright (e.g. empty)
        found.add("xml-not-well-formed", str(exc), 1)
        return None
    return Parsed(root, encoding, text)
