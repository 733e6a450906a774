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

import unicodedata
from datetime import UTC, datetime, timedelta

# Go's int is 64 bits: a weight outside it is one Hugo cannot hold either.
_INT64 = 2**63
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)
# Unicode's collation puts spaces first, then punctuation, symbols, digits, letters.
_CLASSES = {"Z": 1, "C": 1, "P": 2, "S": 3, "N": 4, "L": 5}


def hugo_weight(value: object) -> int:
    """A front matter ``weight`` as Hugo reads it (spf13/cast's ``ToInt``): whole
    numbers, floats cut to whole, numeric text (Go's base prefixes too), true as 1;
    anything else is 0, no weight."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value if -_INT64 <= value < _INT64 else 0
    if isinstance(value, float):
        return int(value) if -_INT64 < value < _INT64 else 0
    if isinstance(value, str):
        text = value.strip()
        if "." in text and text.rstrip("0").endswith("."):  # cast trims "10.0" to "10"
            text = text.rstrip("0")[:-1]
        try:
            number = int(text, 0)
        except ValueError:
            return 0
        return number if -_INT64 <= number < _INT64 else 0
    return 0


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
    primary = bytearray()
    tertiary = bytearray()
    for char in unicodedata.normalize("NFKD", text):
        kind = unicodedata.category(char)
        if kind.startswith("M"):  # an accent: a secondary difference, left out
            continue
        upper = char != char.lower()
        for folded in char.casefold():
            primary.append(_CLASSES.get(kind[0], 6))
            primary += ord(folded).to_bytes(3, "big")
            tertiary.append(2 if upper else 1)
    return bytes(primary) + b"\x00" + bytes(tertiary) + b"\x00"
