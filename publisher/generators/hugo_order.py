"""Hugo's default page order, the order its RSS template lists pages in before cutting
the list at the feed's limit (``resources/page/pages_sort.go``, ``DefaultPageSort``):

1. weight, smallest first, pages without one (weight 0) after every weighted page;
2. date, newest first, compared in whole seconds;
3. link title (``linkTitle``, else the title), in the language's collation order;
4. the page's path (lower case, spaces as hyphens, as Hugo normalizes it).

A page's place is one byte string (``order_key``) that compares bytewise as Hugo's
rule compares pages, so the build stores it beside the date and its index answers
"the first N" without reading any source again.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import UTC, datetime, timedelta

# Go's int is 64 bits: a weight outside it is one Hugo cannot hold either.
_INT64 = 2**63
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# spf13/cast cuts a decimal part off text before reading a whole number from it.
_DECIMAL = re.compile(r"([-+]?[0-9]*)(\.[0-9]*)?")
_GO_DIGITS = re.compile(r"[0-9a-fA-F_]+")
_SECOND = timedelta(seconds=1)
# Unicode's collation puts spaces first, then punctuation, symbols, digits, letters.
_CLASSES = {"Z": 1, "C": 1, "P": 2, "S": 3, "N": 4, "L": 5}
# Within those, ASCII's punctuation and symbols in the order of Unicode's collation table
# (DUCET), not of their code points: "_" before "(" (coderzh's titles).
_ASCII_ORDER = "\t\n\x0b\x0c\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789"
# Katakana sort with the hiragana of the same sound (a tertiary difference).
_KATAKANA = range(0x30A1, 0x30F7)
_KANA_OFFSET = 0x60


def hugo_weight(value: object) -> int:
    """A front matter ``weight`` as Hugo reads it (spf13/cast's ``ToInt``): whole
    numbers, floats cut to whole, text as Go's ``ParseInt`` with base 0 reads it after
    cutting a decimal part ("8.31" is 8, "0x10" 16, "017" 15), true as 1; anything cast
    refuses is 0, no weight."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value if -_INT64 <= value < _INT64 else 0
    if isinstance(value, float):
        return int(value) if -_INT64 < value < _INT64 else 0
    if not isinstance(value, str):
        return 0
    text = value
    if "." in text and (whole := _DECIMAL.fullmatch(text)):
        text = whole[1] if whole[1] not in ("", "-", "+") else whole[1] + "0"
    number = _go_int(text)
    return number if number is not None and -_INT64 <= number < _INT64 else 0


def _go_int(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 0, 64)`` without its range check (None: refused):
    a sign, then 0x, 0o, 0b or a leading 0 (octal) naming the base, underscores between
    digits."""
    sign, digits = (text[0], text[1:]) if text[:1] in ("+", "-") else ("", text)
    base = 10
    if digits[:2].lower() in ("0x", "0o", "0b"):
        base = {"x": 16, "o": 8, "b": 2}[digits[1].lower()]
        digits = digits[2:]
    elif len(digits) > 1 and digits[0] == "0":
        base, digits = 8, digits[1:]
    if not _GO_DIGITS.fullmatch(digits) or digits.startswith("_") or "__" in digits:
        return None
    try:
        return int(sign + digits, base)
    except ValueError:
        return None


def order_key(weight: int, date: datetime, link_title: str, path: str) -> bytes:
    """Where Hugo's default sort puts a page: keys compare bytewise as its rule
    compares pages (the smallest first). ``path`` is the source's path in its content
    folder."""
    # Weighted pages first (by weight), then those without: weight 0 is none.
    ranked = b"\x00" + (weight + _INT64).to_bytes(8, "big") if weight else b"\x01" + bytes(8)
    seconds = (date - _EPOCH) // _SECOND  # Go's Unix(): whole seconds, rounded down
    newest = (_INT64 - 1 - seconds).to_bytes(8, "big")  # later dates first
    normalized = "/" + path.lower().replace(" ", "-")
    return ranked + newest + collation_key(link_title) + normalized.encode("utf-8", "surrogatepass")


def collation_key(text: str) -> bytes:
    """``text``'s place in Unicode's default collation, as Hugo's collator compares
    link titles, closely enough for titles: letters without regard to accents and case
    first (spaces, punctuation, symbols, digits, then letters), then the case of each,
    lower before upper. Ends in a byte no character gives, so a title sorts before its
    own continuations."""
    weights = [_weights(char) for char in unicodedata.normalize("NFKD", text)]
    primary = b"".join(first for first, _ in weights)
    return primary + b"\x00" + b"".join(case for _, case in weights) + b"\x00"


@functools.lru_cache(maxsize=4096)  # titles repeat few characters: one look-up each
def _weights(char: str) -> tuple[bytes, bytes]:
    """One (decomposed) character's primary and tertiary weights; none for an accent
    (a secondary difference, left out)."""
    kind = unicodedata.category(char)
    if kind.startswith("M"):
        return b"", b""
    case = b"\x02" if char != char.lower() or ord(char) in _KATAKANA else b"\x01"
    folded = char.casefold()
    primary = b"".join(_primary(f, kind) for f in folded)
    return primary, case * len(folded)


def _primary(char: str, kind: str) -> bytes:
    """A character's class (``_CLASSES``) and its place in the class: ASCII's in
    ``_ASCII_ORDER``, before any other character of its class."""
    point = ord(char)
    if point in _KATAKANA:
        point -= _KANA_OFFSET
    place = _ASCII_ORDER.find(char) if point < 0x80 else -1
    rank = place if place >= 0 else 0x100 + point
    return bytes([_CLASSES.get(kind[0], 6)]) + rank.to_bytes(3, "big")
