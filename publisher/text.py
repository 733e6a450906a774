"""Neutral text helpers every stage may use: XML-illegal characters, URI escaping, and
the one-line message for an unexpected exception."""

from __future__ import annotations

import os
import re
from urllib.parse import quote

# XML 1.0 Char production: everything else (C0 controls but tab/LF/CR, lone surrogates,
# U+FFFE/U+FFFF) makes a feed ill-formed, so it never gets past the reader.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Characters that can never appear in a URI (RFC 3986); feed validators reject them.
NOT_IN_URI = re.compile(r"""[\s"<>\\^`{|}]""")

ONE_LINE_LIMIT = 200


def escape_uri(url: str) -> str:
    """``url`` with characters no URI may hold percent-encoded, as browsers do with a
    typing slip such as ``my photo.jpg``."""
    return NOT_IN_URI.sub(lambda m: quote(m.group(), safe=""), url)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def iri_to_uri(url: str) -> str:
    """``url`` with the characters outside ASCII after its host percent-encoded as
    UTF-8 (RFC 3987, 3.1), as browsers send them: an RSS link must be a URI, and a
    generator's slug may keep any letter (``/uk/приватність/``)."""
    if url.isascii():
        return url
    scheme, sep, rest = url.partition("://")
    host, slash, tail = rest.partition("/")
    return scheme + sep + host + slash + _NOT_ASCII.sub(lambda m: quote(m.group(), safe=""), tail)


def one_line(exc: BaseException, limit: int = ONE_LINE_LIMIT) -> str:
    """An exception's text on one line, cut: problem reports are one line each."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def internal_error(exc: BaseException, doing: str = "") -> str:
    """The message for a bug met while ``doing`` something (``"reading this file"``)."""
    where = f" {doing}" if doing else ""
    return f"internal error{where}: {type(exc).__name__}: {one_line(exc)}"


def debugging() -> bool:
    """True when ``PUBLISHER_DEBUG`` asks for tracebacks instead of polite messages."""
    return bool(os.environ.get("PUBLISHER_DEBUG"))
