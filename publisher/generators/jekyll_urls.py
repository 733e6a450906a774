"""A Jekyll post's name, slug, title and URL, by Jekyll's own rules.

Learned from jekyll/jekyll 4.3 (the version Debian ships, which built the corpus's
oracle): ``lib/jekyll/utils.rb`` (``slugify`` in its five modes, ``titleize_slug``),
``lib/jekyll/document.rb`` (``DATE_FILENAME_MATCHER``, ``populate_title``,
``cleaned_relative_path``), ``lib/jekyll/configuration.rb`` (``STYLE_TO_PERMALINK``),
``lib/jekyll/drops/url_drop.rb`` (the placeholders) and ``lib/jekyll/url.rb`` (filling
them in, ``escape_path``, ``sanitize_url``); ``latin`` mode transliterates as the i18n
gem's default approximations do. Tests: tests/jekyll/ holds Jekyll's own test tables and
answers Jekyll gave for the corpus's forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

SLUGIFY_MODES = ("raw", "default", "pretty", "ascii", "latin")
# A post's path: the date (one-digit months and days too), the name, the extension.
DATE_FILENAME = re.compile(
    r"\A(?>.+/)*?(?P<date>\d{2,4}-\d{1,2}-\d{1,2})-(?P<slug>[^/]*)(?P<ext>\.[^.]+)\Z", re.ASCII
)
# Jekyll's permalink styles (``permalink: pretty`` ...) and the template each stands for.
STYLE_TO_PERMALINK = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":([a-z_]+)")
# What ``pretty`` mode keeps besides letters, marks and decimal digits.
_PRETTY_KEEPS = frozenset("._~!$&'()+,;=@")
_RAW_SPACE = re.compile(r"[ \t\n\v\f\r]+")
_ASCII_NOT_KEPT = re.compile(r"[^A-Za-z0-9]+")
# i18n's approximations that are not a letter with marks taken off (U+00C0-U+017E).
_LATIN_SPECIAL = {
    "Æ": "AE", "Ð": "D", "×": "x", "Ø": "O", "Þ": "Th", "ß": "ss", "æ": "ae", "ð": "d",
    "ø": "o", "þ": "th", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "ĸ": "k",
    "Ŀ": "L", "ŀ": "l", "Ł": "L", "ł": "l", "ŉ": "'n", "Ŋ": "NG", "ŋ": "ng", "Œ": "OE",
    "œ": "oe", "Ŧ": "T", "ŧ": "t",
}  # fmt: skip
# What escape_path leaves as it is: RFC 3986 path characters, and '?' (Addressable reads
# it as the start of a query and leaves it); '#' becomes %23.
_PATH_SAFE = "/:@!$&'()*+,;=-._~?"
_PLAIN_PATH = re.compile(r"[a-zA-Z0-9./-]+")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class PermalinkError(ValueError):
    """A permalink template names a placeholder Jekyll does not know (Jekyll stops)."""


def slugify(text: str, mode: str | None = None, *, cased: bool = False) -> str:
    """``Utils.slugify``: runs of what ``mode`` does not keep become one ``-``, one ``-``
    is taken off each end, lowercase unless ``cased``. An unknown mode (``none``) leaves
    the text as it is."""
    mode = mode or "default"
    if mode not in SLUGIFY_MODES:
        return text if cased else text.lower()
    if mode == "raw":
        slug = _RAW_SPACE.sub("-", text)
    elif mode == "ascii":
        slug = _ASCII_NOT_KEPT.sub("-", text)
    else:
        if mode == "latin":
            text = "".join(_latin(char) for char in text)
        slug = _hyphenate(text, _PRETTY_KEEPS if mode == "pretty" else frozenset())
    slug = slug.removeprefix("-").removesuffix("-")
    return slug if cased else slug.lower()


def _hyphenate(text: str, keeps: frozenset[str]) -> str:
    """Each run of characters that are no letter, mark or decimal digit (nor in
    ``keeps``) as one hyphen."""
    out: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LM" or category == "Nd" or char in keeps:
            out.append(char)
        elif not out or out[-1] != "\0":
            out.append("\0")
    return "".join(out).replace("\0", "-")


def _latin(char: str) -> str:
    """I18n.transliterate: an accented Latin letter as ASCII, anything else non-ASCII '?'."""
    if char.isascii():
        return char
    if char in _LATIN_SPECIAL:
        return _LATIN_SPECIAL[char]
    if "\u00c0" <= char <= "\u017e":
        parts = unicodedata.normalize("NFKD", char)
        bare = "".join(c for c in parts if not unicodedata.combining(c))
        if bare and bare.isascii():
            return bare
    return "?"


def titleize_slug(slug: str) -> str:
    """``Utils.titleize_slug``: the title of a post that names none."""
    words = slug.split("-")
    while words and not words[-1]:
        words.pop()  # Ruby's split drops trailing empty fields
    return " ".join(word.capitalize() for word in words)


@dataclass(frozen=True, slots=True)
class PostName:
    """What a post's path says: ``2014-3-2-Hello world..md`` -> date ``2014-3-2``,
    slug ``Hello world`` (trailing periods dropped), extension ``.md``."""

    date: str
    slug: str
    ext: str
    basename: str  # the file name without its extension


def post_name(path: str) -> PostName | None:
    """The parts of a post's path (relative, with ``/``); None when it is no post name."""
    match = DATE_FILENAME.match(path)
    if match is None:
        return None
    name = path.rpartition("/")[2]
    return PostName(match["date"], match["slug"].rstrip("."), match["ext"],
                    name[: len(name) - len(match["ext"])])  # fmt: skip


def post_template(style: str) -> str:
    """The URL template a ``permalink:`` setting stands for (a style name or a template)."""
    return STYLE_TO_PERMALINK.get(style, style)


@dataclass(frozen=True, slots=True)
class Post:
    """What a post's URL is made of."""

    path: str  # relative to the site's source, e.g. ``_posts/2020-01-05-hello.md``
    slug: str  # ``data["slug"]``: the front matter's, else the file name's
    categories: Sequence[str]  # ``data["categories"]``, in Jekyll's order
    date: datetime  # in the site's zone
    output_ext: str = ".html"
    collection: str = "posts"  # or another collection the site's feed lists


def placeholders(post: Post) -> dict[str, str]:
    """``Drops::UrlDrop``: every placeholder a URL template may use, for ``post``."""
    name = post.path.rpartition("/")[2]
    basename = name.rpartition(".")[0] if "." in name.lstrip(".") else name
    ext_len = len(name) - len(basename)
    relative = post.path[: len(post.path) - ext_len] if ext_len else post.path
    cleaned = relative.replace("_" + post.collection, "", 1).rstrip(".")
    when = post.date
    iso_year, iso_week, iso_day = when.isocalendar()
    return {
        "collection": post.collection,
        "path": cleaned,
        "name": slugify(basename),
        "title": slugify(post.slug, "pretty", cased=True),
        "slug": slugify(post.slug),
        "categories": "/".join(dict.fromkeys(c.lower() for c in post.categories)),
        "slugified_categories": "/".join(dict.fromkeys(slugify(c) for c in post.categories)),
        "year": f"{when.year:04d}",
        "month": f"{when.month:02d}",
        "day": f"{when.day:02d}",
        "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}",
        "second": f"{when.second:02d}",
        "i_day": str(when.day),
        "i_month": str(when.month),
        "short_month": _MONTHS[when.month - 1][:3],
        "long_month": _MONTHS[when.month - 1],
        "short_year": f"{when.year % 100:02d}",
        "w_year": f"{iso_year:04d}",
        "week": f"{iso_week:02d}",
        "w_day": str(iso_day),
        "short_day": _DAYS[iso_day - 1][:3],
        "long_day": _DAYS[iso_day - 1],
        "y_day": f"{when.timetuple().tm_yday:03d}",
        "output_ext": post.output_ext,
    }


def check_template(template: str) -> str | None:
    """What is wrong with a URL template (an unknown placeholder), or None."""
    known = placeholders(Post("_posts/2000-01-01-x.md", "x", (), datetime(2000, 1, 1)))
    for match in _PLACEHOLDER.finditer(template):
        name = match[1]
        if name not in known and name.removesuffix("_") not in known:
            return f"unknown placeholder :{name} (Jekyll stops on it too)"
    return None


def generate_url(template: str, values: Mapping[str, str]) -> str:
    """``URL#to_s``: each ``:name`` replaced by its escaped value, then sanitized (one
    leading ``/``, no ``..`` or ``./``, no repeated ``/``). PermalinkError for an unknown
    name."""

    def fill(match: re.Match[str]) -> str:
        name = match[1]
        # ':month_:day' is :month then '_' (url.rb tries the name without its '_').
        for key in (name, name.removesuffix("_")) if name.endswith("_") else (name,):
            if key in values:
                return escape_path(values[key]) + name[len(key) :]
        raise PermalinkError(f"unknown placeholder :{name} (Jekyll stops on it too)")

    return sanitize_url(_PLACEHOLDER.sub(fill, template))


def escape_path(path: str) -> str:
    """``URL.escape_path`` (Jekyll 4.3, Addressable's encode): what a path may not hold
    is percent-encoded as UTF-8."""
    if not path or _PLAIN_PATH.fullmatch(path):
        return path
    return quote(path, safe=_PATH_SAFE)


def sanitize_url(url: str) -> str:
    """``URL#sanitize_url``."""
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub("/{2,}", "/", url)
