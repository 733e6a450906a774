"""Bytes of an HTML page -> text, in the charset the page (or its server) declares."""

from __future__ import annotations

import codecs
import re

from publisher.errors import Problem, SourceError
from publisher.sources.decode import decode_source, strip_illegal

# Where browsers look: <meta charset>, <meta http-equiv content="...; charset=...">, the
# XML declaration; only the first kilobytes, as the HTML standard's prescan does.
_PRESCAN = 4096
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]{1,40})"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.+-]{1,40})""",
    re.IGNORECASE,
)
# Labels pages use for a narrower charset than the one they mean (the WHATWG Encoding
# standard decodes these as the superset, and so do browsers).
_SUPERSETS = {
    "ascii": "cp1252", "latin_1": "cp1252", "iso8859_1": "cp1252", "iso8859_9": "cp1254",
    "gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949", "shift_jis": "cp932",
    "iso8859_11": "cp874",
}  # fmt: skip
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def declared_charset(data: bytes) -> str | None:
    """The charset label a page's own markup declares in its first kilobytes, if any."""
    match = _DECLARED.search(data[:_PRESCAN])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def decode_html(
    data: bytes, path: str, *, header_charset: str | None = None
) -> tuple[str, list[Problem]]:
    """Decode a page: a BOM first, then the server's charset, then the page's own, else UTF-8.

    Bytes that contradict the declared charset (not decodable in it, or plainly UTF-8
    under a legacy declaration) are a SourceError naming both.
    """
    label = None if data.startswith(_BOMS) else header_charset or declared_charset(data)
    if label is None:
        return decode_source(data, path)
    try:
        name = codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        raise SourceError(f"declares an unknown charset {label!r}", path=path) from None
    if name == "utf_8" or name.startswith(("utf_16", "utf_32")):
        # A page that can declare itself in ASCII is no UTF-16; browsers read it as UTF-8.
        try:
            data.decode("utf-8", errors="surrogatepass")
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"declares charset {label!r} but byte {exc.start} is not UTF-8 "
                f"(0x{data[exc.start]:02X}); fix the declaration or save the page as UTF-8",
                path=path,
            ) from None
        return decode_source(data, path)
    codec = _SUPERSETS.get(name, name)
    if not data.isascii() and _is_utf8(data):
        raise SourceError(
            f"declares charset {label!r} but its bytes are UTF-8 "
            "(fix the declaration or save the page in the declared charset)",
            path=path,
        )
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"declares charset {label!r} but byte {exc.start} is not {label} "
            f"(0x{data[exc.start]:02X}); save the page as UTF-8 or fix its declaration",
            path=path,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_illegal(text, path)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
