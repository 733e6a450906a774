"""The catalog of realistic single mistakes applied to seed feeds.

Each kind takes one seed (a real feed in its published shape) and returns the
document with exactly that one mistake, as bytes, or None when the seed has
nothing the mistake could apply to (no enclosure to break, no iTunes tags ...).
Mistakes are made on the text, not on a parsed tree, so everything else in the
document (whitespace, CDATA, quoting, encoding) stays as the publisher wrote it.

The kinds are the slips seen in real feeds: dates in local or programming-language
formats, relative links, wrong media types, HTML where text belongs, duplicate
ids, wrong or missing namespaces, broken enclosures, extension elements in the
wrong place, encoding slips, template leftovers and structural omissions.
"""

# One mistake per line reads (and diffs) better than wrapped calls.
# ruff: noqa: E501

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"))
_DECLARED = re.compile(rb"""^\s*<\?xml\s[^>]*encoding\s*=\s*["']([\w.:-]+)["']""")
_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]")


@dataclass(frozen=True)
class Seed:
    """One seed feed: its name, decoded text and what kind of feed it is."""

    name: str
    data: bytes
    text: str
    encoding: str
    family: str  # "rss", "atom" or "rdf"

    @property
    def podcast(self) -> bool:
        return "itunes.com/dtds/podcast-1.0.dtd" in self.text

    @property
    def utf8(self) -> bool:
        return codecs.lookup(self.encoding).name == "utf-8"


def load_seed(name: str, data: bytes) -> Seed:
    """Decode a seed as its XML declaration says (UTF-8 by default)."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        match = _DECLARED.match(data)
        encoding = match[1].decode() if match else "utf-8"
    text = data.decode(encoding)
    root = _ROOT.search(text)
    family = {"rss": "rss", "feed": "atom", "rdf:RDF": "rdf"}[root[1]] if root else "?"
    return Seed(name, data, text.lstrip("\ufeff"), encoding, family)


# --- Finding places in the text ----------------------------------------------------------

Span = tuple[int, int]


def _element_span(text: str, tag: str, start: int = 0, end: int | None = None) -> Span | None:
    """The span of the first ``<tag ...>...</tag>`` (or ``<tag .../>``) in text[start:end]."""
    end = len(text) if end is None else end
    opening = re.compile(rf"<{re.escape(tag)}(?=[\s/>])[^>]*?(/?)>")
    match = opening.search(text, start, end)
    if match is None:
        return None
    if match[1] == "/":
        return match.start(), match.end()
    close = text.find(f"</{tag}>", match.end(), end)
    if close < 0:
        return None
    return match.start(), close + len(tag) + 3


def _head(seed: Seed) -> Span | None:
    """The feed-level part: channel (or feed) up to its first item or entry."""
    text = seed.text
    if seed.family == "atom":
        match = re.search(r"<feed[\s>]", text)
    else:
        match = re.search(r"<channel[\s>]", text)
    if match is None:
        return None
    start = text.index(">", match.start()) + 1
    item = re.search(r"<(?:item|entry)[\s>]", text[start:])
    if seed.family == "rdf":
        close = text.find("</channel>", start)
        return start, close
    return start, start + item.start() if item else len(text)


def _item(seed: Seed, nth: int = 0) -> Span | None:
    """The inside of the nth item (RSS) or entry (Atom)."""
    tag = "entry" if seed.family == "atom" else "item"
    pos = 0
    for _ in range(nth + 1):
        span = _element_span(seed.text, tag, pos)
        if span is None:
            return None
        pos = span[1]
    assert span is not None
    inner = seed.text.index(">", span[0]) + 1
    return inner, span[1] - len(tag) - 3


def _scope(seed: Seed, scope: str) -> Span | None:
    if scope == "head":
        return _head(seed)
    if scope == "item":
        return _item(seed)
    if scope == "item2":
        return _item(seed, 1)
    return 0, len(seed.text)


def _direct(text: str, span: Span, tag: str) -> Span | None:
    """The first ``tag`` element in span that is not inside image, textInput or author."""
    start, end = span
    while True:
        found = _element_span(text, tag, start, end)
        if found is None:
            return None
        inside = False
        for wrapper in ("image", "textInput", "textinput", "author", "source", "media:group"):
            outer = _element_span(text, wrapper, span[0], end)
            if outer and outer[0] < found[0] < outer[1]:
                inside = True
                start = outer[1]
                break
        if not inside:
            return found


def _content_span(text: str, element: Span) -> Span | None:
    """The text between an element's start and end tags."""
    inner = text.index(">", element[0]) + 1
    if text[inner - 2] == "/":
        return None
    close = text.rindex("</", element[0], element[1])
    return inner, close


def _splice(text: str, span: Span, new: str) -> str:
    return text[: span[0]] + new + text[span[1] :]


def _out(seed: Seed, text: str | None) -> bytes | None:
    if text is None or text == seed.text:
        return None
    return text.encode(seed.encoding, errors="xmlcharrefreplace")


# --- Building blocks: each returns a Mistake ---------------------------------------------

Mistake = Callable[[Seed], bytes | None]


def value(
    scope: str, tag: str, new: str | Callable[[str], str | None], cdata: bool | None = None
) -> Mistake:
    """Replace the text of the first ``tag`` in scope (a callable gets the old text).

    A value written as CDATA stays CDATA. ``cdata`` True or False applies the
    mistake only to values that are (or are not) written as CDATA.
    """

    def apply(seed: Seed) -> bytes | None:
        span = _scope(seed, scope)
        element = _direct(seed.text, span, tag) if span else None
        inner = _content_span(seed.text, element) if element else None
        if inner is None:
            return None
        old = seed.text[inner[0] : inner[1]]
        is_cdata = old.strip().startswith("<![CDATA[") and old.strip().endswith("]]>")
        if cdata is not None and cdata != is_cdata:
            return None
        if is_cdata:
            old = old.strip()[9:-3]
        replacement = new(old) if callable(new) else new
        if replacement is None:
            return None
        if is_cdata:
            replacement = f"<![CDATA[{replacement}]]>"
        return _out(seed, _splice(seed.text, inner, replacement))

    return apply


def append_html(scope: str, tag: str, markup: str) -> Mistake:
    """Add HTML to an HTML-carrying value, escaped or in its CDATA section as it is written."""
    escaped = markup.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return first(
        value(scope, tag, lambda v: v + markup, cdata=True),
        value(scope, tag, lambda v: v + escaped if v.strip() else None, cdata=False),
    )


def remove(scope: str, tag: str) -> Mistake:
    """Delete the first ``tag`` element in scope."""

    def apply(seed: Seed) -> bytes | None:
        span = _scope(seed, scope)
        element = _direct(seed.text, span, tag) if span else None
        return _out(seed, _splice(seed.text, element, "")) if element else None

    return apply


def remove_all(tag: str) -> Mistake:
    """Delete every ``tag`` element in the document."""

    def apply(seed: Seed) -> bytes | None:
        text = seed.text
        while (element := _direct(text, (0, len(text)), tag)) is not None:
            text = _splice(text, element, "")
        return _out(seed, text)

    return apply


def duplicate(scope: str, tag: str) -> Mistake:
    """Repeat the first ``tag`` element right after itself."""

    def apply(seed: Seed) -> bytes | None:
        span = _scope(seed, scope)
        element = _direct(seed.text, span, tag) if span else None
        if element is None:
            return None
        copy = seed.text[element[0] : element[1]]
        return _out(seed, _splice(seed.text, (element[1], element[1]), copy))

    return apply


def insert(
    scope: str, snippet: str | Callable[[Seed], str | None], at_end: bool = False
) -> Mistake:
    """Insert markup at the start (or end) of scope."""

    def apply(seed: Seed) -> bytes | None:
        span = _scope(seed, scope)
        markup = snippet(seed) if callable(snippet) else snippet
        if span is None or markup is None:
            return None
        where = span[1] if at_end else span[0]
        return _out(seed, _splice(seed.text, (where, where), markup))

    return apply


def attribute(scope: str, tag: str, name: str, new: str | None) -> Mistake:
    """Set (or, with None, drop) an attribute of the first ``tag`` in scope; it must exist."""

    def apply(seed: Seed) -> bytes | None:
        span = _scope(seed, scope)
        element = _direct(seed.text, span, tag) if span else None
        if element is None:
            return None
        start_tag_end = seed.text.index(">", element[0]) + 1
        start_tag = seed.text[element[0] : start_tag_end]
        pattern = re.compile(rf"""(\s){re.escape(name)}\s*=\s*("[^"]*"|'[^']*')""")
        match = pattern.search(start_tag)
        if match is None:
            return None
        if new is None:
            changed = start_tag[: match.start()] + start_tag[match.end() :]
        else:
            quote = match[2][0]
            changed = start_tag[: match.start()] + f"{match[1]}{name}={quote}{new}{quote}"
            changed += start_tag[match.end() :]
        return _out(seed, _splice(seed.text, (element[0], start_tag_end), changed))

    return apply


def regex(pattern: str, replacement: str, count: int = 1, flags: int = 0) -> Mistake:
    """A plain substitution on the text (the first ``count`` matches)."""

    def apply(seed: Seed) -> bytes | None:
        return _out(seed, re.sub(pattern, replacement, seed.text, count=count, flags=flags))

    return apply


def only(families: str, mistake: Mistake, podcast: bool = False) -> Mistake:
    """Apply ``mistake`` only to seeds of the given families (``"rss atom rdf"``)."""

    def apply(seed: Seed) -> bytes | None:
        if seed.family not in families.split() or (podcast and not seed.podcast):
            return None
        return mistake(seed)

    return apply


def first(*mistakes: Mistake) -> Mistake:
    """The first of several ways to make the same mistake that applies to the seed."""

    def apply(seed: Seed) -> bytes | None:
        for mistake in mistakes:
            made = mistake(seed)
            if made is not None:
                return made
        return None

    return apply


def raw(change: Callable[[Seed], bytes | None]) -> Mistake:
    """A byte-level mistake (encodings, truncation)."""
    return change


# --- Dates ---------------------------------------------------------------------------------


def _rss_date(transform: Callable[[object], str]) -> Callable[[str], str | None]:
    def apply(old: str) -> str | None:
        try:
            when = parsedate_to_datetime(old.strip())
        except (TypeError, ValueError):
            return None
        return transform(when)

    return apply


def _atom_date(transform: Callable[[str], str | None]) -> Callable[[str], str | None]:
    def apply(old: str) -> str | None:
        if not re.fullmatch(r"\s*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)\s*", old):
            return None
        return transform(old.strip())

    return apply


def _d(fmt: str) -> Callable[[object], str]:
    return lambda when: when.strftime(fmt)


_GERMAN_DAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_GERMAN_MONTHS = (
    "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez",
)  # fmt: skip
_FRENCH_DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
_FRENCH_MONTHS = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip
_SPANISH_MONTHS = (
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
)  # fmt: skip


def _german(when: object) -> str:
    w = when  # a datetime
    return (
        f"{_GERMAN_DAYS[w.weekday()]}, {w.day:02d} {_GERMAN_MONTHS[w.month - 1]} {w.year} "
        f"{w:%H:%M:%S} +0200"
    )


def _french(when: object) -> str:
    w = when
    return f"{_FRENCH_DAYS[w.weekday()]} {w.day:02d} {_FRENCH_MONTHS[w.month - 1]} {w.year} {w:%H:%M:%S} +0100"


def _spanish(when: object) -> str:
    w = when
    return f"{w.day:02d} {_SPANISH_MONTHS[w.month - 1]} {w.year} {w:%H:%M:%S} -0300"


def _wrong_dow(when: object) -> str:
    text = format_datetime(when)
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    day = text[:3]
    return days[(days.index(day) + 1) % 7] + text[3:]


def _rss_pubdate(transform: Callable[[object], str]) -> Mistake:
    return first(
        only("rss", value("item", "pubDate", _rss_date(transform))),
        only("rss", value("head", "lastBuildDate", _rss_date(transform))),
        only("rss", value("head", "pubDate", _rss_date(transform))),
    )


def _atom_updated(transform: Callable[[str], str | None], tag: str = "updated") -> Mistake:
    return only("atom", value("item", tag, _atom_date(transform)))


_DATE_KINDS: dict[str, tuple[str, Mistake]] = {
    "date/rss-iso8601": ("pubDate in ISO 8601", _rss_pubdate(_d("%Y-%m-%dT%H:%M:%SZ"))),
    "date/rss-iso8601-offset": (
        "pubDate in ISO 8601 with offset",
        _rss_pubdate(_d("%Y-%m-%dT%H:%M:%S+02:00")),
    ),
    "date/rss-no-zone": ("pubDate without a zone", _rss_pubdate(_d("%a, %d %b %Y %H:%M:%S"))),
    "date/rss-wrong-day-name": ("day name does not match the date", _rss_pubdate(_wrong_dow)),
    "date/rss-two-digit-year": ("2-digit year", _rss_pubdate(_d("%a, %d %b %y %H:%M:%S +0000"))),
    "date/rss-full-day-name": (
        "full day name",
        _rss_pubdate(_d("%A, %d %b %Y %H:%M:%S +0000")),
    ),
    "date/rss-full-month-name": (
        "full month name",
        _rss_pubdate(_d("%a, %d %B %Y %H:%M:%S +0000")),
    ),
    "date/rss-german": ("German day and month names", _rss_pubdate(_german)),
    "date/rss-french": ("French day and month names", _rss_pubdate(_french)),
    "date/rss-spanish": ("Spanish month names, no day", _rss_pubdate(_spanish)),
    "date/rss-us-numeric": ("US numeric date", _rss_pubdate(_d("%m/%d/%Y %I:%M:%S %p"))),
    "date/rss-european-numeric": ("European numeric date", _rss_pubdate(_d("%d.%m.%Y %H:%M"))),
    "date/rss-unix-timestamp": (
        "Unix timestamp",
        _rss_pubdate(lambda w: str(int(w.timestamp()))),
    ),
    "date/rss-zone-cest": (
        "zone abbreviation CEST",
        _rss_pubdate(_d("%a, %d %b %Y %H:%M:%S CEST")),
    ),
    "date/rss-zone-utc": ("zone written UTC", _rss_pubdate(_d("%a, %d %b %Y %H:%M:%S UTC"))),
    "date/rss-zone-colon": (
        "offset with a colon",
        _rss_pubdate(_d("%a, %d %b %Y %H:%M:%S +02:00")),
    ),
    "date/rss-zone-z": ("zone written Z", _rss_pubdate(_d("%a, %d %b %Y %H:%M:%S Z"))),
    "date/rss-lowercase-month": (
        "lowercase month",
        _rss_pubdate(
            lambda w: format_datetime(w).replace(w.strftime("%b"), w.strftime("%b").lower())
        ),
    ),
    "date/rss-no-seconds": ("no seconds (legal)", _rss_pubdate(_d("%a, %d %b %Y %H:%M +0000"))),
    "date/rss-single-digit-day": (
        "day without leading zero (legal)",
        _rss_pubdate(lambda w: f"{w:%a}, {w.day} {w:%b %Y %H:%M:%S} +0000"),
    ),
    "date/rss-hour-24": ("hour 24", _rss_pubdate(_d("%a, %d %b %Y 24:%M:%S +0000"))),
    "date/rss-february-30": ("30 February", _rss_pubdate(_d("Sun, 30 Feb %Y %H:%M:%S +0000"))),
    "date/rss-empty": ("empty pubDate", only("rss", value("item", "pubDate", ""))),
    "date/rss-trailing-text": (
        "zone name in parentheses after the date",
        _rss_pubdate(lambda w: format_datetime(w) + " (UTC)"),
    ),
    "date/rss-far-future": ("a date in 2099", _rss_pubdate(_d("%a, %d %b 2099 %H:%M:%S +0000"))),
    "date/rss-epoch": (
        "1 January 1970",
        only("rss", value("item", "pubDate", "Thu, 01 Jan 1970 00:00:00 +0000")),
    ),
    "date/rss-milliseconds": (
        "milliseconds",
        _rss_pubdate(_d("%a, %d %b %Y %H:%M:%S.000 +0000")),
    ),
    "date/rss-no-comma": (
        "no comma after the day name",
        _rss_pubdate(_d("%a %d %b %Y %H:%M:%S +0000")),
    ),
    "date/rss-javascript": (
        "JavaScript Date.toString()",
        _rss_pubdate(_d("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")),
    ),
    "date/rss-php-placeholder": (
        "template placeholder left in",
        only("rss", value("item", "pubDate", "{{ post.date | date_to_rfc822 }}")),
    ),
    "date/rss-lastbuilddate-iso": (
        "lastBuildDate in ISO 8601",
        only("rss", value("head", "lastBuildDate", _rss_date(_d("%Y-%m-%d %H:%M:%S")))),
    ),
    "date/atom-no-zone": ("updated without a zone", _atom_updated(lambda v: v[:19])),
    "date/atom-rfc822": (
        "updated in RFC 822",
        _atom_updated(lambda v: "Wed, 01 May 2024 12:00:00 +0000"),
    ),
    "date/atom-space-separator": (
        "space instead of T",
        _atom_updated(lambda v: v[:10] + " " + v[11:]),
    ),
    "date/atom-no-seconds": (
        "no seconds",
        _atom_updated(lambda v: v[:16] + v[19:].lstrip(".0123456789")),
    ),
    "date/atom-date-only": ("date without time", _atom_updated(lambda v: v[:10])),
    "date/atom-lowercase-t": (
        "lowercase t and z",
        _atom_updated(lambda v: v.replace("T", "t").replace("Z", "z")),
    ),
    "date/atom-fraction": (
        "fractional seconds (legal)",
        _atom_updated(lambda v: v[:19] + ".123" + v[19:].lstrip(".0123456789")),
    ),
    "date/atom-offset-no-colon": (
        "offset without colon",
        _atom_updated(lambda v: v[:19] + "+0200"),
    ),
    "date/atom-month-13": ("month 13", _atom_updated(lambda v: v[:5] + "13" + v[7:])),
    "date/atom-empty": ("empty updated", only("atom", value("item", "updated", ""))),
    "date/atom-published-no-zone": (
        "published without a zone",
        _atom_updated(lambda v: v[:19], tag="published"),
    ),
    "date/atom-whitespace": ("newline around the date", _atom_updated(lambda v: f"\n    {v}\n  ")),
    "date/atom-feed-updated-rfc822": (
        "feed updated in RFC 822",
        only("atom", value("head", "updated", "Mon, 06 May 2024 09:30:00 GMT")),
    ),
    "date/dc-date-rfc822": (
        "dc:date in RFC 822",
        value("doc", "dc:date", "Wed, 01 May 2024 12:00:00 +0000"),
    ),
    "date/dc-date-added": (
        "dc:date added with a slash date",
        only(
            "rss",
            insert(
                "item", lambda s: "<dc:date>2024/05/01</dc:date>" if "xmlns:dc=" in s.text else None
            ),
        ),
    ),
}


# --- URLs and links --------------------------------------------------------------------------


def _path_of(url: str) -> str | None:
    match = re.match(r"\s*https?://[^/\s]+(/[^\s]*)?\s*$", url)
    if match is None:
        return None
    return match[1] or "/"


_LINK_KINDS: dict[str, tuple[str, Mistake]] = {
    "link/rss-item-relative": (
        "item link relative",
        only("rss rdf", value("item", "link", _path_of)),
    ),
    "link/rss-channel-relative": (
        "channel link relative",
        only("rss rdf", value("head", "link", _path_of)),
    ),
    "link/rss-item-protocol-relative": (
        "item link protocol-relative",
        only(
            "rss",
            value("item", "link", lambda v: re.sub(r"^\s*https?:", "", v) if "://" in v else None),
        ),
    ),
    "link/rss-item-space": (
        "unescaped space in item link",
        only("rss", value("item", "link", lambda v: v.strip() + "my post" if "://" in v else None)),
    ),
    "link/rss-item-no-scheme": (
        "item link without scheme",
        only(
            "rss",
            value(
                "item", "link", lambda v: re.sub(r"^\s*https?://", "", v) if "://" in v else None
            ),
        ),
    ),
    "link/rss-item-iri": (
        "non-ASCII characters in item link",
        only(
            "rss",
            value(
                "item",
                "link",
                lambda v: v.strip().rstrip("/") + "/café-crème/" if "://" in v else None,
            ),
        ),
    ),
    "link/rss-item-empty": ("empty item link", only("rss", value("item", "link", ""))),
    "link/rss-item-backslash": (
        "backslashes in item link",
        only(
            "rss",
            value("item", "link", lambda v: v.strip().replace("/", "\\") if "://" in v else None),
        ),
    ),
    "link/rss-item-javascript": (
        "javascript: item link",
        only("rss", value("item", "link", "javascript:void(0)")),
    ),
    "link/rss-item-localhost": (
        "localhost item link (legal)",
        only(
            "rss",
            value(
                "item",
                "link",
                lambda v: (
                    re.sub(r"https?://[^/]+", "http://localhost:4000", v.strip())
                    if "://" in v
                    else None
                ),
            ),
        ),
    ),
    "link/rss-item-whitespace": (
        "newline around the item link",
        only("rss", value("item", "link", lambda v: f"\n        {v.strip()}\n      ")),
    ),
    "link/rss-comments-relative": (
        "comments link relative",
        only("rss", value("item", "comments", _path_of)),
    ),
    "link/rss-image-url-relative": (
        "channel image url relative",
        only("rss", regex(r"(<image>\s*<url>)\s*https?://[^/<]+", r"\1")),
    ),
    "link/rss-enclosure-relative": (
        "enclosure url relative",
        only("rss", attribute("doc", "enclosure", "url", "/media/episode.mp3")),
    ),
    "link/rss-self-relative": (
        "atom:link self relative",
        only("rss", attribute("head", "atom:link", "href", "/feed.xml")),
    ),
    "link/rss-guid-relative": (
        "permalink guid relative",
        only(
            "rss",
            first(
                value("item", "guid", lambda v: _path_of(v)),
                insert("item", "<guid>/posts/1</guid>"),
            ),
        ),
    ),
    "link/rss-guid-number": (
        "guid a bare number without isPermaLink",
        only(
            "rss",
            first(
                regex(r"<guid isPermaLink=\"false\">[^<]*</guid>", "<guid>48213</guid>"),
                value("item", "guid", "48213"),
            ),
        ),
    ),
    "link/rss-guid-tag-uri": (
        "tag: URI guid without isPermaLink=false",
        only(
            "rss",
            first(
                regex(r"<guid[^>]*>[^<]*</guid>", "<guid>tag:example.org,2024-05-01:post-1</guid>"),
                insert("item", "<guid>tag:example.org,2024-05-01:post-1</guid>"),
            ),
        ),
    ),
    "link/rss-source-no-url": (
        "source without url",
        only("rss", insert("item", "<source>Original site</source>")),
    ),
    "link/atom-href-relative": (
        "entry link href relative (legal)",
        only("atom", attribute("item", "link", "href", "/2024/05/post/")),
    ),
    "link/atom-href-space": (
        "space in entry link href",
        only("atom", attribute("item", "link", "href", "https://example.org/2024/05/my post/")),
    ),
    "link/atom-id-relative": ("entry id relative", only("atom", value("item", "id", _path_of))),
    "link/atom-id-number": ("entry id a bare number", only("atom", value("item", "id", "48213"))),
    "link/atom-id-urn-bad-uuid": (
        "urn:uuid id that is not a UUID",
        only("atom", value("item", "id", "urn:uuid:post-48213")),
    ),
    "link/atom-self-relative": (
        "self link relative (a warning)",
        only(
            "atom", regex(r"""(<link\b[^>]*rel=["']self["'][^>]*href=["'])[^"']*""", r"\1/feed.xml")
        ),
    ),
    "link/atom-feed-id-relative": ("feed id relative", only("atom", value("head", "id", _path_of))),
    "link/atom-icon-relative": (
        "icon relative (legal)",
        only("atom", insert("head", "<icon>/favicon.ico</icon>")),
    ),
    "link/atom-author-uri-space": (
        "space in author uri",
        only(
            "atom",
            insert(
                "head",
                "<author><name>Web Desk</name><uri>https://example.org/about us</uri></author>",
            ),
        ),
    ),
    "link/rdf-about-relative": (
        "RSS 1.0 item rdf:about relative",
        only("rdf", regex(r'(<item rdf:about=")[a-z]+://[^/"]+', r"\1")),
    ),
    "link/html-img-relative": (
        "relative image in HTML content (a warning)",
        first(
            only("rss", append_html("item", "description", '<img src="/images/photo.jpg">')),
            only(
                "atom",
                insert(
                    "item",
                    '<content type="html">&lt;p&gt;&lt;img src="/images/photo.jpg"&gt;&lt;/p&gt;</content>',
                    at_end=True,
                ),
            ),
        ),
    ),
    "link/html-a-relative": (
        "relative link in content:encoded (a warning)",
        only("rss", append_html("item", "content:encoded", '<p><a href="/about/">About</a></p>')),
    ),
    "link/html-double-escaped-amp": (
        "double-escaped ampersand in a link (legal)",
        only(
            "rss",
            value(
                "item",
                "link",
                lambda v: (
                    v.strip() + "?utm_source=rss&amp;amp;utm_medium=feed"
                    if "://" in v and "?" not in v
                    else None
                ),
                cdata=False,
            ),
        ),
    ),
    "link/html-javascript-in-content": (
        "javascript: link in HTML content (a warning)",
        only("rss", append_html("item", "description", '<a href="javascript:share()">Share</a>')),
    ),
}


# --- Media types and enclosures ---------------------------------------------------------------


def _enclosure(name: str, new: str | None) -> Mistake:
    return only("rss", attribute("doc", "enclosure", name, new))


def _add_enclosure(markup: str) -> Mistake:
    return only("rss", insert("item", markup, at_end=True))


_MEDIA_KINDS: dict[str, tuple[str, Mistake]] = {
    "media/enclosure-no-type": (
        "enclosure without type",
        first(
            _enclosure("type", None),
            _add_enclosure('<enclosure url="https://cdn.example.org/a.mp3" length="123456"/>'),
        ),
    ),
    "media/enclosure-no-length": (
        "enclosure without length",
        first(
            _enclosure("length", None),
            _add_enclosure('<enclosure url="https://cdn.example.org/a.mp3" type="audio/mpeg"/>'),
        ),
    ),
    "media/enclosure-no-url": (
        "enclosure without url",
        first(
            _enclosure("url", None),
            _add_enclosure('<enclosure length="123456" type="audio/mpeg"/>'),
        ),
    ),
    "media/enclosure-length-empty": (
        "enclosure length empty",
        first(
            _enclosure("length", ""),
            _add_enclosure(
                '<enclosure url="https://cdn.example.org/a.mp3" length="" type="audio/mpeg"/>'
            ),
        ),
    ),
    "media/enclosure-length-text": (
        "enclosure length with unit",
        first(
            _enclosure("length", "12 MB"),
            _add_enclosure(
                '<enclosure url="https://cdn.example.org/a.mp3" length="12 MB" type="audio/mpeg"/>'
            ),
        ),
    ),
    "media/enclosure-length-negative": (
        "enclosure length -1",
        first(
            _enclosure("length", "-1"),
            _add_enclosure(
                '<enclosure url="https://cdn.example.org/a.mp3" length="-1" type="audio/mpeg"/>'
            ),
        ),
    ),
    "media/enclosure-length-decimal": (
        "enclosure length with decimals",
        first(
            _enclosure("length", "1234.5"),
            _add_enclosure(
                '<enclosure url="https://cdn.example.org/a.mp3" length="1234.5" type="audio/mpeg"/>'
            ),
        ),
    ),
    "media/enclosure-length-zero": (
        "enclosure length 0 (legal)",
        first(
            _enclosure("length", "0"),
            _add_enclosure(
                '<enclosure url="https://cdn.example.org/a.mp3" length="0" type="audio/mpeg"/>'
            ),
        ),
    ),
    "media/enclosure-type-extension": (
        "enclosure type a file extension",
        first(
            _enclosure("type", "mp3"),
            _add_enclosure(
                '<enclosure url="https://cdn.example.org/a.mp3" length="123456" type="mp3"/>'
            ),
        ),
    ),
    "media/enclosure-type-audio-mp3": (
        "enclosure type audio/mp3 (legal)",
        first(
            _enclosure("type", "audio/mp3"),
            _add_enclosure(
                '<enclosure url="https://cdn.example.org/a.mp3" length="123456" type="audio/mp3"/>'
            ),
        ),
    ),
    "media/enclosure-type-empty": (
        "enclosure type empty",
        first(
            _enclosure("type", ""),
            _add_enclosure(
                '<enclosure url="https://cdn.example.org/a.mp3" length="123456" type=""/>'
            ),
        ),
    ),
    "media/enclosure-url-space": (
        "space in enclosure url",
        first(
            _enclosure("url", "https://cdn.example.org/audio/episode 12.mp3"),
            _add_enclosure(
                '<enclosure url="https://cdn.example.org/episode 12.mp3" length="123456" type="audio/mpeg"/>'
            ),
        ),
    ),
    "media/enclosure-two": (
        "two enclosures in one item",
        only(
            "rss",
            first(
                duplicate("item", "enclosure"),
                insert(
                    "item",
                    '<enclosure url="https://cdn.example.org/a.mp3" length="1" type="audio/mpeg"/><enclosure url="https://cdn.example.org/b.mp3" length="1" type="audio/mpeg"/>',
                    at_end=True,
                ),
            ),
        ),
    ),
    "media/enclosure-in-channel": (
        "enclosure in the channel",
        only(
            "rss",
            insert(
                "head",
                '<enclosure url="https://cdn.example.org/trailer.mp3" length="123456" type="audio/mpeg"/>',
            ),
        ),
    ),
    "media/enclosure-uppercase-attr": (
        "enclosure attribute URL in capitals",
        only(
            "rss",
            insert(
                "item",
                '<enclosure URL="https://cdn.example.org/a.mp3" length="1" type="audio/mpeg"/>',
                at_end=True,
            ),
        ),
    ),
    "media/atom-link-type-bogus": (
        "link type not a MIME type",
        only("atom", regex(r"""(<link\b[^>]*\btype=["'])text/html""", r"\1html")),
    ),
    "media/atom-link-length-text": (
        "enclosure link length with unit",
        only(
            "atom",
            insert(
                "item",
                '<link rel="enclosure" type="audio/mpeg" length="12MB" href="https://cdn.example.org/a.mp3"/>',
                at_end=True,
            ),
        ),
    ),
    "media/atom-content-type-bogus": (
        "content type html5",
        only(
            "atom",
            first(
                attribute("item", "content", "type", "html5"),
                attribute("item", "summary", "type", "html5"),
            ),
        ),
    ),
    "media/atom-content-type-mime-html": (
        "content type text/html (legal)",
        only("atom", attribute("item", "content", "type", "text/html")),
    ),
    "media/rss-atom-link-type-rss": (
        "self link type rss",
        only("rss", attribute("head", "atom:link", "type", "rss")),
    ),
    "media/itunes-image-no-href": (
        "itunes:image without href",
        only(
            "rss",
            first(
                regex(r'<itunes:image href="[^"]*"\s*/>', "<itunes:image/>"),
                regex(r"<itunes:image href='[^']*'\s*/>", "<itunes:image/>"),
            ),
            podcast=True,
        ),
    ),
    "media/itunes-image-url-child": (
        "itunes:image with url child instead of href",
        only(
            "rss",
            regex(
                r'<itunes:image href="([^"]*)"\s*/>', r"<itunes:image><url>\1</url></itunes:image>"
            ),
            podcast=True,
        ),
    ),
    "media/itunes-image-relative": (
        "itunes:image href relative",
        only("rss", attribute("head", "itunes:image", "href", "/images/cover.jpg"), podcast=True),
    ),
    "media/media-content-relative": (
        "media:content url relative",
        first(
            attribute("doc", "media:content", "url", "/media/photo.jpg"),
            attribute("doc", "media:thumbnail", "url", "/media/thumb.jpg"),
        ),
    ),
    "media/media-thumbnail-no-url": (
        "media:thumbnail without url",
        first(
            attribute("doc", "media:thumbnail", "url", None),
            regex(
                r"(<item[\s>][^<]*)",
                r'\1<media:thumbnail width="640" height="360" xmlns:media="http://search.yahoo.com/mrss/"/>',
            ),
        ),
    ),
    "media/media-width-px": (
        "media:content width with px",
        first(
            attribute("doc", "media:content", "width", "640px"),
            attribute("doc", "media:thumbnail", "width", "640px"),
        ),
    ),
    "media/media-filesize-text": (
        "media:content fileSize with unit",
        attribute("doc", "media:content", "fileSize", "2 MB"),
    ),
    "media/media-medium-bogus": (
        "media:content medium photo",
        first(
            attribute("doc", "media:content", "medium", "photo"),
            only(
                "rss atom",
                insert(
                    "item",
                    '<media:content url="https://cdn.example.org/p.jpg" medium="photo" xmlns:media="http://search.yahoo.com/mrss/"/>',
                    at_end=True,
                ),
            ),
        ),
    ),
}


# --- HTML where text belongs -------------------------------------------------------------------


def _plain(v: str) -> bool:
    return "<" not in v and "&" not in v


# fmt: off
_HTML_KINDS: dict[str, tuple[str, Mistake]] = {
    "html/rss-title-escaped-markup": ("escaped HTML in item title", only("rss", value("item", "title", lambda v: "&lt;b&gt;" + v + "&lt;/b&gt;" if _plain(v) else None, cdata=False))),
    "html/rss-title-raw-element": ("raw <b> element in item title", only("rss", value("item", "title", lambda v: "<b>" + v + "</b>" if _plain(v) else None, cdata=False))),
    "html/rss-description-raw-elements": ("unescaped HTML in description", only("rss", first(value("item", "description", lambda v: "<p>" + v + "</p>" if _plain(v) and v.strip() else None, cdata=False), insert("item", "<description><p>Read <em>more</em></p></description>")))),
    "html/rss-channel-description-raw": ("unescaped HTML in channel description", only("rss", value("head", "description", lambda v: "<p>" + v + "</p>" if _plain(v) else None, cdata=False))),
    "html/rss-script": ("script in description (a warning)", only("rss rdf", first(append_html("item", "description", '<script src="https://ads.example.com/x.js"></script>'), insert("item", "<description>&lt;script&gt;track()&lt;/script&gt;Read more</description>")))),
    "html/rss-onclick": ("onclick in description (a warning)", only("rss", append_html("item", "description", '<a href="https://example.org/" onclick="track()">more</a>'))),
    "html/rss-iframe": ("iframe embed in content:encoded", only("rss", append_html("item", "content:encoded", '<iframe src="https://www.youtube.com/embed/abc123" width="560" height="315"></iframe>'))),
    "html/rss-raw-iframe": ("unescaped iframe element in content:encoded", only("rss", value("item", "content:encoded", lambda v: v + '<iframe src="https://www.youtube.com/embed/abc123"></iframe>' if v.strip() else None, cdata=False))),
    "html/rss-cdata-nested-end": ("]]> inside a CDATA section", only("rss", value("item", "content:encoded", lambda v: v + "<pre>a[b[0]]>c</pre>", cdata=True))),
    "html/entity-nbsp": ("&nbsp; (an HTML entity XML does not define)", only("rss rdf atom", value("item", "title", lambda v: v.replace(" ", "&nbsp;", 1) if " " in v and _plain(v) else None, cdata=False))),
    "html/entity-copy": ("&copy; in the rights line", first(only("rss", value("head", "copyright", lambda v: "&copy; " + v if _plain(v) else None, cdata=False)), only("rss", insert("head", "<copyright>&copy; 2024 Example Media</copyright>")), only("atom", insert("head", "<rights>&copy; 2024 Example Media</rights>")))),
    "html/entity-mdash-numeric": ("numeric &#8212; (legal)", only("rss atom", value("item", "title", lambda v: v + " &#8212; update" if _plain(v) else None, cdata=False))),
    "html/rss-author-html": ("HTML in author", only("rss", insert("item", "<author>&lt;a href='mailto:jane@example.org'&gt;Jane&lt;/a&gt;</author>"))),
    "html/atom-title-escaped-text": ("escaped markup in a text title", only("atom", value("item", "title", lambda v: "&lt;em&gt;" + v + "&lt;/em&gt;" if _plain(v) else None, cdata=False))),
    "html/atom-title-raw-element": ("raw element in a text title", only("atom", value("item", "title", lambda v: "<em>" + v + "</em>" if _plain(v) else None, cdata=False))),
    "html/atom-content-html-raw": ("type=html content holding raw elements", only("atom", insert("item", '<summary type="html"><p>Short <b>summary</b></p></summary>', at_end=True))),
    "html/atom-xhtml-no-div": ("xhtml content without its div", only("atom", insert("item", '<summary type="xhtml">Plain words</summary>', at_end=True))),
    "html/atom-xhtml-no-namespace": ("xhtml div without namespace", only("atom", insert("item", '<summary type="xhtml"><div><p>Summary</p></div></summary>', at_end=True))),
    "html/atom-summary-type-bogus": ("summary type plain", only("atom", insert("item", '<summary type="plain">Summary</summary>', at_end=True))),
    "html/itunes-summary-html": ("HTML in itunes:summary", only("rss", first(value("head", "itunes:summary", lambda v: "<p>" + v + "</p>", cdata=True), value("head", "itunes:summary", lambda v: "&lt;p&gt;" + v + "&lt;/p&gt;" if _plain(v) else None, cdata=False)), podcast=True)),
    "html/rss-title-markdown": ("Markdown in item title (legal)", only("rss atom", value("item", "title", lambda v: "**" + v + "**" if "<" not in v else None))),
}
# fmt: on


# --- Duplicates ---------------------------------------------------------------------------------


def _copy_guid(seed: Seed) -> bytes | None:
    if seed.family != "rss":
        return None
    first_item, second_item = _item(seed), _item(seed, 1)
    if first_item is None or second_item is None:
        return None
    one = _direct(seed.text, first_item, "guid")
    two = _direct(seed.text, second_item, "guid")
    if one is None or two is None:
        return None
    return _out(seed, _splice(seed.text, two, seed.text[one[0] : one[1]]))


def _copy_id(seed: Seed) -> bytes | None:
    if seed.family != "atom":
        return None
    first_entry, second_entry = _item(seed), _item(seed, 1)
    if first_entry is None or second_entry is None:
        return None
    one = _direct(seed.text, first_entry, "id")
    two = _direct(seed.text, second_entry, "id")
    if one is None or two is None:
        return None
    return _out(seed, _splice(seed.text, two, seed.text[one[0] : one[1]]))


_DUPLICATE_KINDS: dict[str, tuple[str, Mistake]] = {
    "dup/rss-guid": ("two items share a guid", raw(_copy_guid)),
    "dup/atom-entry-id": ("two entries share an id", raw(_copy_id)),
    "dup/rss-channel-title": ("channel title twice", only("rss", duplicate("head", "title"))),
    "dup/rss-channel-link": ("channel link twice", only("rss", duplicate("head", "link"))),
    "dup/rss-channel-description": (
        "channel description twice",
        only("rss", duplicate("head", "description")),
    ),
    "dup/rss-channel-language": (
        "channel language twice",
        only("rss", duplicate("head", "language")),
    ),
    "dup/rss-item-title": ("item title twice", only("rss", duplicate("item", "title"))),
    "dup/rss-item-link": ("item link twice", only("rss", duplicate("item", "link"))),
    "dup/rss-item-pubdate": ("item pubDate twice", only("rss", duplicate("item", "pubDate"))),
    "dup/rss-item-guid": ("item guid twice", only("rss", duplicate("item", "guid"))),
    "dup/rss-item-description": (
        "item description twice",
        only("rss", duplicate("item", "description")),
    ),
    "dup/rss-category": (
        "category twice (legal)",
        only(
            "rss",
            first(
                duplicate("item", "category"),
                insert("item", "<category>News</category><category>News</category>"),
            ),
        ),
    ),
    "dup/atom-entry-title": ("entry title twice", only("atom", duplicate("item", "title"))),
    "dup/atom-entry-updated": ("entry updated twice", only("atom", duplicate("item", "updated"))),
    "dup/atom-entry-content": (
        "entry content twice",
        only("atom", first(duplicate("item", "content"), duplicate("item", "summary"))),
    ),
    "dup/atom-feed-title": ("feed title twice", only("atom", duplicate("head", "title"))),
    "dup/atom-feed-id": ("feed id twice", only("atom", duplicate("head", "id"))),
    "dup/atom-alternate-link": (
        "two alternate links of one type",
        only("atom", regex(r"""(<link\b(?=[^>]*rel=["']alternate["'])[^>]*>)""", r"\1\1")),
    ),
    "dup/itunes-explicit": (
        "itunes:explicit twice",
        only("rss", duplicate("head", "itunes:explicit"), podcast=True),
    ),
    "dup/dc-creator": ("dc:creator twice (legal)", only("rss", duplicate("item", "dc:creator"))),
}


# --- Namespaces -----------------------------------------------------------------------------------

_NAMESPACE_KINDS: dict[str, tuple[str, Mistake]] = {
    "ns/atom-lowercase": (
        "Atom namespace in lowercase",
        only("atom", regex(r"http://www\.w3\.org/2005/Atom", "http://www.w3.org/2005/atom")),
    ),
    "ns/atom-https": (
        "Atom namespace with https",
        only("atom", regex(r"http://www\.w3\.org/2005/Atom", "https://www.w3.org/2005/Atom")),
    ),
    "ns/atom-03": (
        "Atom 0.3 namespace",
        only("atom", regex(r"http://www\.w3\.org/2005/Atom", "http://purl.org/atom/ns#")),
    ),
    "ns/atom-missing": (
        "Atom namespace declaration missing",
        only("atom", regex(r"""\s+xmlns=["']http://www\.w3\.org/2005/Atom["']""", "")),
    ),
    "ns/rss-atom-https": (
        "atom: prefix bound to https namespace",
        only(
            "rss",
            regex(
                r'xmlns:atom="http://www\.w3\.org/2005/Atom"',
                'xmlns:atom="https://www.w3.org/2005/Atom"',
            ),
        ),
    ),
    "ns/rss-atom-undeclared": (
        "atom:link without the atom namespace declared",
        only(
            "rss",
            first(
                regex(r'\s+xmlns:atom="http://www\.w3\.org/2005/Atom"', ""),
                insert(
                    "head",
                    '<atom:link href="https://example.org/feed.xml" rel="self" type="application/rss+xml"/>',
                ),
            ),
        ),
    ),
    "ns/content-no-slash": (
        "content namespace without trailing slash",
        regex(
            r"http://purl\.org/rss/1\.0/modules/content/", "http://purl.org/rss/1.0/modules/content"
        ),
    ),
    "ns/dc-no-slash": (
        "Dublin Core namespace without trailing slash",
        regex(r"http://purl\.org/dc/elements/1\.1/", "http://purl.org/dc/elements/1.1"),
    ),
    "ns/dc-undeclared": (
        "dc: prefix used but not declared",
        only(
            "rss",
            first(
                regex(r'\s+xmlns:dc="http://purl\.org/dc/elements/1\.1/"', ""),
                insert("item", "<dc:creator>Jane Doe</dc:creator>"),
            ),
        ),
    ),
    "ns/itunes-wrong-case": (
        "iTunes namespace in the wrong case",
        only(
            "rss",
            regex(
                r"http://www\.itunes\.com/dtds/podcast-1\.0\.dtd",
                "http://www.itunes.com/DTDs/Podcast-1.0.dtd",
                count=0,
            ),
            podcast=True,
        ),
    ),
    "ns/itunes-https": (
        "iTunes namespace with https",
        only(
            "rss",
            regex(
                r"http://www\.itunes\.com/dtds/podcast-1\.0\.dtd",
                "https://www.itunes.com/dtds/podcast-1.0.dtd",
                count=0,
            ),
            podcast=True,
        ),
    ),
    "ns/media-no-slash": (
        "Media RSS namespace without trailing slash",
        regex(r"http://search\.yahoo\.com/mrss/", "http://search.yahoo.com/mrss"),
    ),
    "ns/rss-unprefixed-self-link": (
        "self link written as a plain <link> in the channel",
        only("rss", insert("head", '<link rel="self" href="https://example.org/feed.xml"/>')),
    ),
    "ns/rss-creator-unprefixed": (
        "creator without the dc: prefix",
        only("rss", insert("item", "<creator>Jane Doe</creator>")),
    ),
    "ns/rss-author-element-in-channel": (
        "author element in the channel",
        only("rss", insert("head", "<author>editor@example.org (Editor)</author>")),
    ),
    "ns/atom-foreign-unprefixed": (
        "unprefixed non-Atom element in an Atom entry",
        only("atom", insert("item", "<views>1204</views>")),
    ),
    "ns/atom-rss-element": (
        "RSS element in an Atom feed",
        only("atom", insert("head", "<description>Latest posts</description>")),
    ),
    "ns/unknown-prefix-declared": (
        "private extension in its own namespace (legal)",
        only(
            "rss", insert("item", '<x:rating xmlns:x="https://example.org/ns/rating">4</x:rating>')
        ),
    ),
    "ns/rss-channel-xmlns-atom": (
        "atom namespace declared on the link itself (legal)",
        only("rss", regex(r"<atom:link\b", '<atom:link xmlns:atom="http://www.w3.org/2005/Atom"')),
    ),
}


# --- Extension elements in the wrong place, and their values ------------------------------------


def _itunes(scope: str, markup: str) -> Mistake:
    return only("rss", insert(scope, markup), podcast=True)


def _itunes_value(scope: str, tag: str, new: str) -> Mistake:
    return only("rss", value(scope, tag, new), podcast=True)


_EXTENSION_KINDS: dict[str, tuple[str, Mistake]] = {
    "ext/itunes-duration-in-channel": (
        "itunes:duration in the channel",
        _itunes("head", "<itunes:duration>3600</itunes:duration>"),
    ),
    "ext/itunes-owner-in-item": (
        "itunes:owner in an item",
        _itunes(
            "item",
            "<itunes:owner><itunes:name>Jo</itunes:name><itunes:email>jo@example.org</itunes:email></itunes:owner>",
        ),
    ),
    "ext/itunes-category-in-item": (
        "itunes:category in an item",
        _itunes("item", '<itunes:category text="Technology"/>'),
    ),
    "ext/itunes-explicit-yes": (
        "itunes:explicit yes",
        first(
            _itunes_value("head", "itunes:explicit", "yes"),
            _itunes("head", "<itunes:explicit>yes</itunes:explicit>"),
        ),
    ),
    "ext/itunes-explicit-clean": (
        "itunes:explicit clean",
        first(
            _itunes_value("head", "itunes:explicit", "clean"),
            _itunes("head", "<itunes:explicit>clean</itunes:explicit>"),
        ),
    ),
    "ext/itunes-explicit-capital": (
        "itunes:explicit True",
        first(
            _itunes_value("head", "itunes:explicit", "True"),
            _itunes("head", "<itunes:explicit>True</itunes:explicit>"),
        ),
    ),
    "ext/itunes-category-bogus": (
        "itunes:category not in Apple's list",
        only(
            "rss",
            first(
                regex(r'<itunes:category text="[^"]*"', '<itunes:category text="Tech"'),
                insert("head", '<itunes:category text="Tech"/>'),
            ),
            podcast=True,
        ),
    ),
    "ext/itunes-category-obsolete": (
        "itunes:category from Apple's old list",
        only(
            "rss",
            first(
                regex(
                    r'<itunes:category text="[^"]*"\s*/>',
                    '<itunes:category text="Games &amp; Hobbies"/>',
                ),
                insert("head", '<itunes:category text="Games &amp; Hobbies"/>'),
            ),
            podcast=True,
        ),
    ),
    "ext/itunes-category-amp-unescaped": (
        "itunes:category with unescaped ampersand",
        _itunes("head", '<itunes:category text="Society & Culture"/>'),
    ),
    "ext/itunes-duration-minutes": (
        "itunes:duration '90 min'",
        first(
            _itunes_value("item", "itunes:duration", "90 min"),
            _itunes("item", "<itunes:duration>90 min</itunes:duration>"),
        ),
    ),
    "ext/itunes-duration-hms-text": (
        "itunes:duration '1h30m'",
        _itunes("item", "<itunes:duration>1h30m</itunes:duration>"),
    ),
    "ext/itunes-episode-zero": (
        "itunes:episode 0",
        _itunes("item", "<itunes:episode>0</itunes:episode>"),
    ),
    "ext/itunes-episode-text": (
        "itunes:episode 'Episode 3'",
        _itunes("item", "<itunes:episode>Episode 3</itunes:episode>"),
    ),
    "ext/itunes-episodetype-capital": (
        "itunes:episodeType Full",
        _itunes("item", "<itunes:episodeType>Full</itunes:episodeType>"),
    ),
    "ext/itunes-type-bogus": (
        "itunes:type episodical",
        _itunes("head", "<itunes:type>episodical</itunes:type>"),
    ),
    "ext/itunes-owner-no-email": (
        "itunes:owner without email",
        only(
            "rss",
            first(
                regex(r"\s*<itunes:email>[^<]*</itunes:email>", ""),
                insert("head", "<itunes:owner><itunes:name>Jo</itunes:name></itunes:owner>"),
            ),
            podcast=True,
        ),
    ),
    "ext/itunes-block-true": (
        "itunes:block true",
        _itunes("head", "<itunes:block>true</itunes:block>"),
    ),
    "ext/itunes-subtitle-long": (
        "itunes:subtitle of 300 characters",
        _itunes("item", "<itunes:subtitle>" + "A very long subtitle. " * 14 + "</itunes:subtitle>"),
    ),
    "ext/itunes-new-feed-url-relative": (
        "itunes:new-feed-url relative",
        _itunes("head", "<itunes:new-feed-url>/feed.xml</itunes:new-feed-url>"),
    ),
    "ext/itunes-image-in-atom-item": (
        "itunes:image in an item (legal)",
        _itunes("item", '<itunes:image href="https://cdn.example.org/ep.jpg"/>'),
    ),
    "ext/slash-comments-in-channel": (
        "slash:comments in the channel",
        only(
            "rss",
            insert(
                "head",
                '<slash:comments xmlns:slash="http://purl.org/rss/1.0/modules/slash/">4</slash:comments>',
            ),
        ),
    ),
    "ext/slash-comments-text": (
        "slash:comments 'four'",
        only(
            "rss",
            insert(
                "item",
                '<slash:comments xmlns:slash="http://purl.org/rss/1.0/modules/slash/">four</slash:comments>',
            ),
        ),
    ),
    "ext/content-encoded-in-channel": (
        "content:encoded in the channel",
        only(
            "rss",
            insert(
                "head",
                '<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;About us&lt;/p&gt;</content:encoded>',
            ),
        ),
    ),
    "ext/dc-creator-in-channel": (
        "dc:creator in the channel (legal)",
        only(
            "rss",
            insert(
                "head",
                '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Web Desk</dc:creator>',
            ),
        ),
    ),
    "ext/dc-language-bogus": (
        "dc:language 'English'",
        insert(
            "head", '<dc:language xmlns:dc="http://purl.org/dc/elements/1.1/">English</dc:language>'
        ),
    ),
    "ext/sy-period-bogus": (
        "sy:updatePeriod 'hour'",
        only(
            "rss rdf",
            insert(
                "head",
                '<sy:updatePeriod xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">hour</sy:updatePeriod>',
            ),
        ),
    ),
    "ext/sy-frequency-zero": (
        "sy:updateFrequency 0",
        only(
            "rss rdf",
            insert(
                "head",
                '<sy:updateFrequency xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">0</sy:updateFrequency>',
            ),
        ),
    ),
    "ext/sy-frequency-text": (
        "sy:updateFrequency 'daily'",
        only(
            "rss rdf",
            insert(
                "head",
                '<sy:updateFrequency xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">daily</sy:updateFrequency>',
            ),
        ),
    ),
    "ext/wfw-commentrss-relative": (
        "wfw:commentRss relative",
        only(
            "rss",
            insert(
                "item",
                '<wfw:commentRss xmlns:wfw="http://wellformedweb.org/CommentAPI/">/comments/feed/</wfw:commentRss>',
            ),
        ),
    ),
    "ext/georss-point-one-number": (
        "georss:point with one number",
        insert(
            "item",
            '<georss:point xmlns:georss="http://www.georss.org/georss">45.256</georss:point>',
        ),
    ),
    "ext/geo-lat-out-of-range": (
        "geo:lat 145",
        insert(
            "item", '<geo:lat xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#">145.2</geo:lat>'
        ),
    ),
    "ext/thr-total-in-feed": (
        "thr:total at feed level",
        only(
            "atom",
            insert(
                "head",
                '<thr:total xmlns:thr="http://purl.org/syndication/thread/1.0">4</thr:total>',
            ),
        ),
    ),
    "ext/thr-in-reply-to-no-ref": (
        "thr:in-reply-to without ref",
        only(
            "atom",
            insert(
                "item",
                '<thr:in-reply-to xmlns:thr="http://purl.org/syndication/thread/1.0" href="https://example.org/post/1"/>',
            ),
        ),
    ),
    "ext/fh-complete-in-entry": (
        "fh:complete in an entry",
        only(
            "atom",
            insert("item", '<fh:complete xmlns:fh="http://purl.org/syndication/history/1.0"/>'),
        ),
    ),
    "ext/media-group-single": (
        "media:group with a single media:content",
        insert(
            "item",
            '<media:group xmlns:media="http://search.yahoo.com/mrss/"><media:content url="https://cdn.example.org/v.mp4" type="video/mp4"/></media:group>',
        ),
    ),
    "ext/media-rating-scheme-bogus": (
        "media:rating in an unknown scheme",
        insert(
            "item",
            '<media:rating xmlns:media="http://search.yahoo.com/mrss/" scheme="urn:age">12+</media:rating>',
        ),
    ),
    "ext/media-credit-role-capital": (
        "media:credit role in capitals",
        insert(
            "item",
            '<media:credit xmlns:media="http://search.yahoo.com/mrss/" role="Photographer">Ana Lee</media:credit>',
        ),
    ),
    "ext/media-title-type-bogus": (
        "media:title type markdown",
        insert(
            "item",
            '<media:title xmlns:media="http://search.yahoo.com/mrss/" type="markdown">Clip</media:title>',
        ),
    ),
    "ext/podcast-transcript-no-type": (
        "podcast:transcript without type (legal to the W3C)",
        only(
            "rss",
            insert(
                "item",
                '<podcast:transcript xmlns:podcast="https://podcastindex.org/namespace/1.0" url="https://example.org/t.vtt"/>',
            ),
        ),
    ),
    "ext/googleplay-explicit-yes": (
        "googleplay:explicit yes",
        only(
            "rss",
            insert(
                "head",
                '<googleplay:explicit xmlns:googleplay="http://www.google.com/schemas/play-podcasts/1.0">yes</googleplay:explicit>',
            ),
        ),
    ),
    "ext/cc-license-relative": (
        "creativeCommons:license relative",
        only(
            "rss",
            insert(
                "item",
                '<creativeCommons:license xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule">/licenses/by/4.0/</creativeCommons:license>',
            ),
        ),
    ),
    "ext/trackback-ping-relative": (
        "trackback:ping relative",
        only(
            "rss",
            insert(
                "item",
                '<trackback:ping xmlns:trackback="http://madskills.com/public/xml/rss/module/trackback/">/trackback/12</trackback:ping>',
            ),
        ),
    ),
    "ext/feedburner-origlink-relative": (
        "feedburner:origLink relative",
        only(
            "rss atom",
            insert(
                "item",
                '<feedburner:origLink xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">/2024/05/post/</feedburner:origLink>',
            ),
        ),
    ),
}


# --- Encoding slips (bytes) ------------------------------------------------------------------------


def _with_marker(seed: Seed, where: Mistake, marker: str, raw_bytes: bytes) -> bytes | None:
    """Insert ``marker`` with a text mistake, then swap its encoded bytes for raw_bytes."""
    made = where(seed)
    if made is None or not seed.utf8:
        return None
    encoded = marker.encode("utf-8")
    if encoded not in made:
        return None
    return made.replace(encoded, raw_bytes, 1)


def _title_append(text: str, cdata: bool | None = None) -> Mistake:
    return first(
        value("item", "title", lambda v: v + text if "<" not in v else None, cdata=cdata),
        value("head", "title", lambda v: v + text, cdata=cdata),
    )


def _latin1_in_utf8(seed: Seed) -> bytes | None:
    return _with_marker(seed, _title_append(" CAF\u00c9MARK"), "\u00c9MARK", b"\xc9")


def _cp1252_quotes(seed: Seed) -> bytes | None:
    return _with_marker(
        seed, _title_append(" \u201cQUOTEMARK\u201d"), "\u201cQUOTEMARK\u201d", b"\x93quoted\x94"
    )


def _declared(seed: Seed, new: str) -> bytes | None:
    made = re.sub(
        r"""^(\s*<\?xml\s[^>]*encoding\s*=\s*["'])[\w.:-]+""", rf"\g<1>{new}", seed.text, count=1
    )
    if made == seed.text:
        if not seed.text.startswith("<?xml "):
            return None
        made = re.sub(r"^<\?xml([^?]*)\?>", rf'<?xml\1 encoding="{new}"?>', seed.text, count=1)
    return made.encode(seed.encoding, errors="xmlcharrefreplace")


def _utf8_declared_latin1(seed: Seed) -> bytes | None:
    if not seed.utf8 or seed.text.isascii():
        return None
    return _declared(seed, "ISO-8859-1")


def _bom_with_latin1_decl(seed: Seed) -> bytes | None:
    if not seed.utf8:
        return None
    made = _declared(seed, "ISO-8859-1")
    return codecs.BOM_UTF8 + made if made else None


def _control_char(seed: Seed) -> bytes | None:
    return _with_marker(seed, _title_append(" CTRLMARK"), "CTRLMARK", b"\x0b")


def _truncate(seed: Seed) -> bytes | None:
    data = seed.text.encode(seed.encoding, errors="xmlcharrefreplace")
    return data[: int(len(data) * 0.7)]


def _leading_blank_line(seed: Seed) -> bytes | None:
    if not seed.text.startswith("<?xml "):
        return None
    return b"\n" + seed.text.encode(seed.encoding, errors="xmlcharrefreplace")


def _utf16_declared_utf8(seed: Seed) -> bytes | None:
    if not seed.utf8 or not seed.text.startswith("<?xml "):
        return None
    return _declared(seed, "UTF-16")


def _utf16_encoded(seed: Seed) -> bytes | None:
    if not seed.utf8 or not seed.text.startswith("<?xml "):
        return None
    made = _declared(seed, "UTF-16")
    if made is None:
        return None
    return codecs.BOM_UTF16_LE + made.decode(seed.encoding).encode("utf-16-le")


_ENCODING_KINDS: dict[str, tuple[str, Mistake]] = {
    "enc/latin1-byte-in-utf8": ("a Latin-1 byte in a UTF-8 document", raw(_latin1_in_utf8)),
    "enc/cp1252-quotes-in-utf8": (
        "Windows-1252 smart quotes in a UTF-8 document",
        raw(_cp1252_quotes),
    ),
    "enc/utf8-declared-latin1": (
        "UTF-8 bytes declared ISO-8859-1 (mojibake, legal)",
        raw(_utf8_declared_latin1),
    ),
    "enc/bom-with-latin1-declaration": (
        "UTF-8 byte order mark with an ISO-8859-1 declaration",
        raw(_bom_with_latin1_decl),
    ),
    "enc/declared-utf16-bytes-utf8": (
        "declared UTF-16, written as UTF-8",
        raw(_utf16_declared_utf8),
    ),
    "enc/utf16-with-bom": ("UTF-16 with byte order mark (legal)", raw(_utf16_encoded)),
    "enc/unknown-charset": (
        "unknown encoding name utf8mb4",
        raw(lambda s: _declared(s, "utf8mb4") if s.utf8 else None),
    ),
    "enc/charset-utf8-no-dash": (
        "encoding written UTF8 (legal)",
        raw(lambda s: _declared(s, "UTF8") if s.utf8 else None),
    ),
    "enc/control-character": ("a vertical tab in a title", raw(_control_char)),
    "enc/control-reference": ("&#x1; in a title", raw(lambda s: _title_append(" &#x1; ")(s))),
    "enc/leading-blank-line": ("blank line before the XML declaration", raw(_leading_blank_line)),
    "enc/truncated": ("document cut off mid-way", raw(_truncate)),
}


# --- XML syntax and template slips ------------------------------------------------------------------

_SYNTAX_KINDS: dict[str, tuple[str, Mistake]] = {
    "xml/unescaped-ampersand-title": ("unescaped & in a title", _title_append(" Q&A", cdata=False)),
    "xml/unescaped-ampersand-url": (
        "unescaped & in a link",
        first(
            only(
                "rss",
                value(
                    "item",
                    "link",
                    lambda v: v.strip() + "?a=1&b=2" if "://" in v and "?" not in v else None,
                ),
            ),
            only("atom", regex(r'(<link\b[^>]*href="https?://[^"?]+)"', r'\1?a=1&b=2"')),
        ),
    ),
    "xml/unescaped-less-than": ("unescaped < in a title", _title_append(" 3 < 4", cdata=False)),
    "xml/closing-tag-case": (
        "closing tag in another case",
        first(regex(r"</title>", "</Title>"), regex(r"</link>", "</Link>")),
    ),
    "xml/unclosed-element": (
        "an element left open",
        first(
            only("rss", regex(r"</guid>", "", count=1)),
            only("atom", regex(r"</id>", "", count=1)),
            only("rdf", regex(r"</link>", "", count=1)),
        ),
    ),
    "xml/text-after-root": (
        "text after the root element",
        raw(
            lambda s: (
                s.text.rstrip().encode(s.encoding, errors="xmlcharrefreplace")
                + b"\n<!-- cached 0.012s -->\nbuild 4521\n"
            )
        ),
    ),
    "xml/second-root": (
        "a second root element",
        raw(
            lambda s: (
                s.text.rstrip().encode(s.encoding, errors="xmlcharrefreplace")
                + b'\n<rss version="2.0"></rss>\n'
            )
        ),
    ),
    "xml/unquoted-attribute": (
        "unquoted attribute value",
        first(
            regex(r'isPermaLink="false"', "isPermaLink=false"),
            regex(r'rel="alternate"', "rel=alternate"),
            regex(r"rel='alternate'", "rel=alternate"),
        ),
    ),
    "xml/php-warning-before": (
        "PHP warning printed before the XML declaration",
        raw(
            lambda s: (
                b"<br />\n<b>Warning</b>:  Cannot modify header information in <b>/var/www/feed.php</b> on line <b>12</b><br />\n"
                + s.data
            )
        ),
    ),
    "xml/xml-declaration-late": (
        "XML declaration after a comment",
        raw(lambda s: (b"<!-- generated -->\n" + s.data) if s.text.startswith("<?xml ") else None),
    ),
    "xml/comment-double-dash": (
        "-- inside a comment",
        insert("head", "<!-- build -- 2024-05-01 -->"),
    ),
    "xml/cdata-unclosed": (
        "CDATA section never closed",
        only(
            "rss",
            value(
                "item",
                "description",
                lambda v: "<![CDATA[" + v if "<" not in v else None,
                cdata=False,
            ),
        ),
    ),
    "xml/template-leftover": (
        "template variable left in a link",
        only("rss", value("item", "link", "{{ site.url }}{{ post.url }}")),
    ),
    "xml/doctype-html-entities": (
        "DOCTYPE declaring &nbsp; (legal)",
        raw(
            lambda s: (
                re.sub(
                    r"^(<\?xml\s[^>]*\?>)",
                    r'\1\n<!DOCTYPE rss [<!ENTITY nbsp "&#160;">]>',
                    s.text,
                    count=1,
                ).encode(s.encoding, "xmlcharrefreplace")
                if s.family == "rss" and s.text.startswith("<?xml ") and "<!DOCTYPE" not in s.text
                else None
            )
        ),
    ),
    "xml/stylesheet-pi": (
        "xml-stylesheet instruction (legal)",
        raw(
            lambda s: (
                re.sub(
                    r"^(<\?xml\s[^>]*\?>)",
                    r'\1<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>',
                    s.text,
                    count=1,
                ).encode(s.encoding, "xmlcharrefreplace")
                if s.text.startswith("<?xml ") and "xml-stylesheet" not in s.text
                else None
            )
        ),
    ),
}


# --- RSS structure ------------------------------------------------------------------------------------


def _channel_text(seed: Seed) -> bytes | None:
    return insert("head", "\n    Powered by our CMS\n")(seed) if seed.family == "rss" else None


_RSS_KINDS: dict[str, tuple[str, Mistake]] = {
    "rss/no-channel-title": ("channel without title", only("rss", remove("head", "title"))),
    "rss/no-channel-link": ("channel without link", only("rss", remove("head", "link"))),
    "rss/no-channel-description": (
        "channel without description",
        only("rss", remove("head", "description")),
    ),
    "rss/empty-channel-description": (
        "empty channel description (legal)",
        only("rss", value("head", "description", "")),
    ),
    "rss/item-no-title-no-description": (
        "item without title or description",
        only(
            "rss",
            lambda s: (
                remove("item", "description")(
                    load_seed(s.name, remove("item", "title")(s) or s.data)
                )
                if remove("item", "title")(s)
                else None
            ),
        ),
    ),
    "rss/item-no-guid": ("item without guid (a warning)", only("rss", remove("item", "guid"))),
    "rss/version-missing": (
        "rss without version",
        only("rss", regex(r'(<rss\b[^>]*?)\s+version="2\.0"', r"\1")),
    ),
    "rss/version-2": (
        "rss version 2",
        only("rss", regex(r'(<rss\b[^>]*?\bversion=")2\.0"', r'\g<1>2"')),
    ),
    "rss/version-091": (
        "rss version 0.91 with RSS 2.0 content",
        only("rss", regex(r'(<rss\b[^>]*?\bversion=")2\.0"', r'\g<1>0.91"')),
    ),
    "rss/stray-text": ("stray text in the channel", raw(_channel_text)),
    "rss/language-name": (
        "language 'English'",
        only(
            "rss",
            first(
                value("head", "language", "English"), insert("head", "<language>English</language>")
            ),
        ),
    ),
    "rss/language-underscore": (
        "language en_US",
        only(
            "rss",
            first(value("head", "language", "en_US"), insert("head", "<language>en_US</language>")),
        ),
    ),
    "rss/ttl-text": (
        "ttl '60 minutes'",
        only(
            "rss",
            first(value("head", "ttl", "60 minutes"), insert("head", "<ttl>60 minutes</ttl>")),
        ),
    ),
    "rss/ttl-zero": (
        "ttl 0",
        only("rss", first(value("head", "ttl", "0"), insert("head", "<ttl>0</ttl>"))),
    ),
    "rss/skiphours-24": (
        "skipHours hour 24",
        only("rss", insert("head", "<skipHours><hour>24</hour></skipHours>", at_end=True)),
    ),
    "rss/skipdays-lowercase": (
        "skipDays 'monday'",
        only("rss", insert("head", "<skipDays><day>monday</day></skipDays>", at_end=True)),
    ),
    "rss/image-too-wide": (
        "image width 600",
        only(
            "rss",
            first(
                regex(
                    r"(<image>\s*(?:<[^/][^>]*>[^<]*</[^>]+>\s*)*)</image>",
                    r"\1<width>600</width></image>",
                ),
                insert(
                    "head",
                    "<image><url>https://example.org/logo.png</url><title>Logo</title><link>https://example.org/</link><width>600</width></image>",
                ),
            ),
        ),
    ),
    "rss/image-no-title": (
        "image without title",
        only(
            "rss",
            first(
                lambda s: _out(
                    s, re.sub(r"(<image>.*?)<title>.*?</title>", r"\1", s.text, count=1, flags=re.S)
                ),
                insert(
                    "head",
                    "<image><url>https://example.org/logo.png</url><link>https://example.org/</link></image>",
                ),
            ),
        ),
    ),
    "rss/image-url-only": (
        "image with only a url",
        only("rss", insert("head", "<image><url>https://example.org/logo.png</url></image>")),
    ),
    "rss/managing-editor-name": (
        "managingEditor a name only",
        only("rss", insert("head", "<managingEditor>Jane Doe</managingEditor>")),
    ),
    "rss/webmaster-address-only": (
        "webMaster an address without name (a warning)",
        only("rss", insert("head", "<webMaster>webmaster@example.org</webMaster>")),
    ),
    "rss/author-name-only": (
        "item author a name only",
        only(
            "rss",
            first(value("item", "author", "Jane Doe"), insert("item", "<author>Jane Doe</author>")),
        ),
    ),
    "rss/author-name-angle-email": (
        "author 'Jane <jane@example.org>'",
        only("rss", insert("item", "<author>Jane Doe &lt;jane@example.org&gt;</author>")),
    ),
    "rss/author-mailto": (
        "author as a mailto: URL",
        only("rss", insert("item", "<author>mailto:jane@example.org</author>")),
    ),
    "rss/cloud-incomplete": (
        "cloud without registerProcedure",
        only(
            "rss",
            insert(
                "head",
                '<cloud domain="rpc.example.org" port="80" path="/RPC2" protocol="xml-rpc"/>',
            ),
        ),
    ),
    "rss/textinput-incomplete": (
        "textInput without name",
        only(
            "rss",
            insert(
                "head",
                "<textInput><title>Search</title><description>Search the site</description><link>https://example.org/search</link></textInput>",
                at_end=True,
            ),
        ),
    ),
    "rss/guid-ispermalink-capital": (
        "isPermaLink False",
        only(
            "rss",
            first(
                regex(r'isPermaLink="false"', 'isPermaLink="False"'),
                regex(r"<guid>", '<guid isPermaLink="True">'),
            ),
        ),
    ),
    "rss/guid-ispermalink-no": (
        "isPermaLink no",
        only(
            "rss",
            first(
                regex(r'isPermaLink="false"', 'isPermaLink="no"'),
                regex(r"<guid>", '<guid isPermaLink="no">'),
            ),
        ),
    ),
    "rss/item-outside-channel": (
        "an item after the channel",
        only(
            "rss",
            regex(
                r"</channel>",
                "</channel><item><title>Late</title><link>https://example.org/late</link></item>",
            ),
        ),
    ),
    "rss/category-empty": (
        "empty category (legal)",
        only("rss", insert("item", "<category></category>")),
    ),
    "rss/category-domain-relative": (
        "category domain relative (legal)",
        only("rss", insert("item", '<category domain="/tags">news</category>')),
    ),
    "rss/guid-attribute-typo": (
        "isPermalink spelled with lowercase l",
        only(
            "rss",
            first(
                regex(r'isPermaLink="', 'isPermalink="'),
                regex(r"<guid>", '<guid isPermalink="false">'),
            ),
        ),
    ),
    "rss/rating": (
        "PICS rating (legal)",
        only(
            "rss",
            insert(
                "head",
                '<rating>(PICS-1.1 "http://www.rsac.org/ratingsv01.html" l gen true r (n 0 s 0 v 0 l 0))</rating>',
            ),
        ),
    ),
    "rss/docs-relative": ("docs relative", only("rss", insert("head", "<docs>/rss-help</docs>"))),
    "rss/pubdate-in-image": (
        "pubDate inside image",
        only(
            "rss", regex(r"</image>", "<pubDate>Wed, 01 May 2024 12:00:00 +0000</pubDate></image>")
        ),
    ),
    "rss/rdf-item-no-link": ("RSS 1.0 item without link", only("rdf", remove("item", "link"))),
    "rss/rdf-no-items-seq": ("RSS 1.0 channel without items", only("rdf", remove("doc", "items"))),
}


# --- Atom structure -----------------------------------------------------------------------------------


def _remove_everywhere(tag: str) -> Mistake:
    return only("atom", remove_all(tag))


_ATOM_KINDS: dict[str, tuple[str, Mistake]] = {
    "atom/no-feed-id": ("feed without id", only("atom", remove("head", "id"))),
    "atom/no-feed-title": ("feed without title", only("atom", remove("head", "title"))),
    "atom/no-feed-updated": ("feed without updated", only("atom", remove("head", "updated"))),
    "atom/no-entry-id": ("entry without id", only("atom", remove("item", "id"))),
    "atom/no-entry-title": ("entry without title", only("atom", remove("item", "title"))),
    "atom/no-entry-updated": ("entry without updated", only("atom", remove("item", "updated"))),
    "atom/no-author-anywhere": ("no author in feed or entries", _remove_everywhere("author")),
    "atom/author-no-name": (
        "author without name",
        only("atom", insert("head", "<author><email>desk@example.org</email></author>")),
    ),
    "atom/author-empty-name": (
        "author with an empty name (a warning)",
        only("atom", insert("head", "<author><name></name></author>")),
    ),
    "atom/author-bad-email": (
        "author email 'Jane Doe'",
        only("atom", insert("head", "<author><name>Jane</name><email>Jane Doe</email></author>")),
    ),
    "atom/author-two-names": (
        "author with two names",
        only("atom", insert("head", "<author><name>Jane</name><name>Doe</name></author>")),
    ),
    "atom/entry-no-content-no-link": (
        "entry without content and without alternate link",
        only("atom", lambda s: _strip_content_and_links(s)),
    ),
    "atom/content-src-with-text": (
        "content with src and text",
        only(
            "atom",
            insert(
                "item",
                '<content src="https://example.org/post.html" type="text/html">Read it</content>',
                at_end=True,
            ),
        ),
    ),
    "atom/content-src-no-summary": (
        "content src without summary",
        only("atom", lambda s: _content_src_only(s)),
    ),
    "atom/metadata-after-entries": (
        "feed updated after the entries",
        only("atom", regex(r"</feed>", "<updated>2024-05-01T12:00:00Z</updated></feed>")),
    ),
    "atom/link-no-href": (
        "link without href",
        only("atom", insert("item", '<link rel="related"/>')),
    ),
    "atom/link-hreflang-bogus": (
        "hreflang 'english'",
        only(
            "atom",
            insert(
                "item",
                '<link rel="alternate" hreflang="english" type="text/html" href="https://example.org/en/post"/>',
            ),
        ),
    ),
    "atom/category-no-term": (
        "category without term",
        only("atom", insert("item", '<category label="News"/>')),
    ),
    "atom/category-scheme-relative": (
        "category scheme relative",
        only("atom", insert("item", '<category term="news" scheme="/tags/"/>')),
    ),
    "atom/generator-with-markup": (
        "generator with markup",
        only(
            "atom",
            first(
                regex(r"(<generator[^>]*>)([^<]*)</generator>", r"\1<b>\2</b></generator>"),
                insert("head", "<generator><b>MyCMS</b></generator>"),
            ),
        ),
    ),
    "atom/icon-whitespace": (
        "icon with surrounding whitespace",
        only("atom", insert("head", "<icon>\n  https://example.org/favicon.ico\n</icon>")),
    ),
    "atom/id-whitespace": (
        "entry id with surrounding whitespace",
        only("atom", value("item", "id", lambda v: f"\n      {v.strip()}\n    ")),
    ),
    "atom/xml-lang-bogus": (
        "xml:lang 'english'",
        only("atom", regex(r"<feed\b", '<feed xml:lang="english"', count=1)),
    ),
    "atom/xml-base-space": (
        "xml:base with a space",
        only("atom", regex(r"<entry\b", '<entry xml:base="https://example.org/my blog/"', count=1)),
    ),
    "atom/no-self-link": (
        "no self link (a warning)",
        only("atom", regex(r"""\s*<link\b(?=[^>]*rel=["']self["'])[^>]*>(?:</link>)?""", "")),
    ),
    "atom/entry-in-entry": (
        "an entry nested in an entry",
        only(
            "atom",
            insert(
                "item",
                "<entry><id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id><title>Nested</title><updated>2024-05-01T12:00:00Z</updated></entry>",
            ),
        ),
    ),
    "atom/rss-item-in-atom": (
        "an RSS item in an Atom feed",
        only("atom", insert("head", "<item><title>Old</title></item>")),
    ),
    "atom/subtitle-type-bogus": (
        "subtitle type plain",
        only(
            "atom",
            first(
                attribute("head", "subtitle", "type", "plain"),
                insert("head", '<subtitle type="plain">News</subtitle>'),
            ),
        ),
    ),
    "atom/rights-xhtml-no-div": (
        "rights xhtml without div",
        only("atom", insert("head", '<rights type="xhtml">© 2024</rights>')),
    ),
    "atom/source-no-id": (
        "entry source without id (legal)",
        only("atom", insert("item", "<source><title>Elsewhere</title></source>", at_end=True)),
    ),
    "atom/summary-and-content-html-base64": (
        "content of type image/png not base64",
        only(
            "atom", insert("item", '<content type="image/png">not base64!</content>', at_end=True)
        ),
    ),
}


def _content_src_only(seed: Seed) -> bytes | None:
    span = _item(seed)
    if span is None:
        return None
    inner = seed.text[span[0] : span[1]]
    stripped = re.sub(r"<(content|summary)\b.*?(?:</\1>|/>)", "", inner, flags=re.S)
    stripped += '<content src="https://example.org/post.html" type="text/html"/>'
    return _out(seed, seed.text[: span[0]] + stripped + seed.text[span[1] :])


def _strip_content_and_links(seed: Seed) -> bytes | None:
    span = _item(seed)
    if span is None:
        return None
    inner = seed.text[span[0] : span[1]]
    stripped = re.sub(r"<content\b.*?(?:</content>|/>)", "", inner, flags=re.S)
    stripped = re.sub(r"<link\b[^>]*?(?:/>|>\s*</link>)", "", stripped)
    if stripped == inner:
        return None
    return _out(seed, seed.text[: span[0]] + stripped + seed.text[span[1] :])


KINDS: dict[str, tuple[str, Mistake]] = {
    **_DATE_KINDS,
    **_LINK_KINDS,
    **_MEDIA_KINDS,
    **_HTML_KINDS,
    **_DUPLICATE_KINDS,
    **_NAMESPACE_KINDS,
    **_EXTENSION_KINDS,
    **_ENCODING_KINDS,
    **_SYNTAX_KINDS,
    **_RSS_KINDS,
    **_ATOM_KINDS,
}
