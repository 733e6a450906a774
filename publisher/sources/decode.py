"""Bytes -> text: BOMs, UTF-16, line ends, and characters XML cannot carry."""

from __future__ import annotations

import codecs

from publisher.errors import Problem, Severity, SourceError
from publisher.text import XML_ILLEGAL

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_source(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16; normalize newlines; drop illegal chars."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    try:
        # surrogatepass lets lone surrogates through so they are reported, not fatal.
        text = data.decode(encoding, errors="surrogatepass" if encoding == "utf-8" else "strict")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not valid {encoding.upper()} at byte {exc.start} (save the file as UTF-8)",
            path=path,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_illegal(text, path)


def strip_illegal(text: str, path: str) -> tuple[str, list[Problem]]:
    """Remove XML-illegal characters, with one warning per affected line."""
    if not XML_ILLEGAL.search(text):
        return text, []
    problems: list[Problem] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        found = XML_ILLEGAL.findall(line)
        if found:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            problems.append(
                Problem(
                    path,
                    number,
                    Severity.WARNING,
                    "source-illegal-character",
                    f"removed {len(found)} character(s) XML cannot carry ({codes})",
                )
            )
            lines[number - 1] = XML_ILLEGAL.sub("", line)
    return "\n".join(lines), problems
