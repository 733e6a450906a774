"""Rendered HTML -> allow-listed HTML with every URL absolute (every flavour's output
goes through here)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import nh3

from publisher.text import XML_ILLEGAL, escape_uri

# The allow-list (documented in docs/output.md, "HTML sanitizing"): structure and text
# semantics, links, images, tables. No scripts, styles, frames, forms, embeds or event handlers.
ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del"}
    | {"details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3"}
    | {"h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture"}
    | {"pre", "q", "s", "samp", "small", "source", "span", "strong", "sub", "summary", "sup"}
    | {"table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var"}
)
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "source": {"srcset", "sizes", "media", "type"},
    "ol": {"start", "reversed", "type"},
    "q": {"cite"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "time": {"datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# Tags whose content is code or noise, never reader-visible text.
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})


def sanitize(fragment: str, *, base_url: str) -> str:
    """Allow-listed HTML with every URL made absolute against ``base_url``."""

    def absolutize(tag: str, attribute: str, value: str) -> str | None:
        if attribute in _URL_ATTRIBUTES:
            return value if _CLEAN_ABSOLUTE.fullmatch(value) else _absolute(value, base_url)
        if attribute == "srcset":
            return _absolute_srcset(value, base_url)
        return value

    return cleaned(fragment, absolutize)


def cleaned(fragment: str, attribute_filter: Callable[[str, str, str], str | None]) -> str:
    """The allow-list applied to ``fragment``, each kept attribute's value through
    ``attribute_filter`` (tag, attribute, value -> the value, or None to drop it)."""
    # Character references such as "&#1;" become characters XML cannot carry: drop them.
    return XML_ILLEGAL.sub(
        "",
        nh3.clean(
            fragment,
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(DROP_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=attribute_filter,
            url_schemes=set(URL_SCHEMES),
            link_rel=None,
            strip_comments=True,
        ),
    ).strip()


# An absolute http(s) URL that _absolute would return unchanged, so it need not be
# parsed and put together again (most links of a body; ~12 µs each through _absolute).
# Lower-case scheme, a host of letters, digits, dots and hyphens, an optional port, then
# a path, a non-empty query and a non-empty fragment of characters that urlsplit and
# urlunsplit keep as they are and escape_uri leaves alone (no ';', whose path parameters
# urljoin re-joins; no '%' that might not start an escape, no '[', ']' or '@' that
# could be read as part of the host; no '?' or '#' where they would end the part).
_PATH_CHARS = r"A-Za-z0-9\-._~!$&'()*+,=:/"
_CLEAN_ABSOLUTE = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
    rf"(?:/(?:[{_PATH_CHARS}]|%[0-9A-Fa-f]{{2}})*)?"
    rf"(?:\?(?:[{_PATH_CHARS}?]|%[0-9A-Fa-f]{{2}})+)?"
    rf"(?:#(?:[{_PATH_CHARS}?#]|%[0-9A-Fa-f]{{2}})+)?"
)


def _absolute(url: str, base: str) -> str | None:
    url = url.strip()
    try:
        resolved = urljoin(base, url)
        scheme = urlsplit(resolved).scheme.lower()
    except ValueError:  # e.g. "http://[::1": not a URL, so no link
        return None
    if scheme not in URL_SCHEMES:
        return None
    # Spaces and the like cannot appear in a URI; browsers percent-encode them, so do we.
    return escape_uri(resolved)


def _absolute_srcset(value: str, base: str) -> str | None:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if not parts:
            continue
        url = _absolute(parts[0], base)
        if url is None:
            continue
        candidates.append(" ".join([url, *parts[1:]]))
    return ", ".join(candidates) or None
