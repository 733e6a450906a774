"""Bylines in scraped pages: the author's name after "By", "Von", "记者" and the like."""

from __future__ import annotations

import re

# Words that only mean "by" in a byline may follow a space; "di", "door", "av" and the
# Greek "του"/"της" are everyday words too ("in", "through", "of", "the"), so they must
# open the line or a segment.
_BYLINE = re.compile(
    r"(?:(?:^|[|•·,]\s*|\s)(?:by|written by|von|por|par|autor:?|autore:?|yazar:?"
    r"|penulis:?|muhabir:?|reporter:?|автор:?|text:)"
    r"|(?:^|[|•·,]\s*)(?:di|door|av|του|της))\s+"
    r"(?P<name>[^|•·,\d]{2,60}?)\s*(?:$|[|•·,–—]|\s(?:on|am|el|le|on)\s)",
    re.IGNORECASE,
)
# Bylines written without spaces or with the title after the name: 记者 张三, 홍길동 기자.
_CJK_BYLINE = re.compile(
    r"(?:(?:记者|記者|作者|文)\s*[:：|]?\s*(?P<zh>[\u4e00-\u9fff]{2,4}))"
    r"|(?:(?P<ko>[가-힣]{2,4})\s*(?:기자|특파원|선임기자))"
)


def find_byline(text: str) -> str | None:
    """The author's name in a short byline: ``By Jo Bloggs | 2 June``, ``홍길동 기자``.

    Inside a line ("Photo: AP | Text by Jo Bloggs") the name must look like one (every
    word capitalized but particles such as "de" or "van"), so "visit by train this
    spring" or "hurt by a falling tree" name nobody.
    """
    for byline in _BYLINE.finditer(text):
        name = byline["name"].strip()
        if byline.start() == 0 or _looks_like_a_name(name):
            return name
    cjk = _CJK_BYLINE.search(text)
    return (cjk["zh"] or cjk["ko"]) if cjk else None


def starts_with_byline(text: str) -> bool:
    """True when ``text`` opens with a byline word and a name (``By Jo``, ``Von Jo``)."""
    return _BYLINE.match(text) is not None


# Lowercase words inside names: "Ludwig van Beethoven", "Maria da Silva".
_PARTICLES = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le",
                        "du", "dos", "das", "bin", "al", "y", "e"})  # fmt: skip


def _looks_like_a_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    return (
        all(w[0].isupper() or w.casefold() in _PARTICLES for w in words) and words[0][0].isupper()
    )
