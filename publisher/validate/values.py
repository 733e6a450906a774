"""Small value checks shared by the format modules: URLs, emails, MIME types, self links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from publisher.validate.rules import Findings, SourceLine

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_BAD_URL_CHARS = re.compile(r"""[\s"<>\\^`{|}]""")
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# An address at a bare host name (no dot): legal, but only reachable inside one network.
_LOCAL_EMAIL = re.compile(r"[\w.%+-]+@[A-Za-z][\w.-]*")
MIME = re.compile(r"[\w!#$&^.+-]+/[\w!#$&^.+-]+(?:\s*;.*)?")
ATOM_NS = "http://www.w3.org/2005/Atom"
XHTML_NS = "http://www.w3.org/1999/xhtml"

KNOWN_NAMESPACES = frozenset(
    (
        ATOM_NS,
        XHTML_NS,
        "http://purl.org/rss/1.0/modules/content/",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
        "http://search.yahoo.com/mrss/",
        "http://purl.org/rss/1.0/modules/syndication/",
        "http://www.itunes.com/dtds/podcast-1.0.dtd",
        "http://purl.org/rss/1.0/modules/slash/",
        "http://wellformedweb.org/CommentAPI/",
        "http://www.georss.org/georss",
        "http://www.w3.org/2003/01/geo/wgs84_pos#",
        "https://podcastindex.org/namespace/1.0",
        "http://www.google.com/schemas/play-podcasts/1.0",
        "http://rssnamespace.org/feedburner/ext/1.0",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://purl.org/rss/1.0/",
        "http://madskills.com/public/xml/rss/module/trackback/",
        "http://backend.userland.com/creativeCommonsRssModule",
        "http://purl.org/syndication/thread/1.0",
        "http://purl.org/syndication/history/1.0",
        "http://www.w3.org/2007/app",
        "http://a9.com/-/spec/opensearch/1.1/",
        "http://www.w3.org/XML/1998/namespace",
    )
)


def check_address(value: str, what: str, rule: str, found: Findings, line: int | None) -> None:
    """An email address: ``rule`` (an error) if it is none, a warning for a bare host name."""
    if EMAIL.fullmatch(value):
        return
    if _LOCAL_EMAIL.fullmatch(value):
        found.add(
            "email-domain-without-dot",
            f"{what} {value[:80]!r}: the domain has no dot; is it a real one?",
            line,
        )
        return
    found.add(rule, f"{what} {value[:80]!r} is not an email address", line)


def has_bad_chars(url: str) -> bool:
    """True when ``url`` holds characters that can never appear in a URL."""
    return bool(_BAD_URL_CHARS.search(url))


def is_absolute(url: str) -> bool:
    """True for an absolute URI; http(s) URLs also need a host."""
    if not _SCHEME.match(url):
        return False
    if url[:5].lower() in ("http:", "https"):
        try:
            return bool(urlsplit(url).netloc)
        except ValueError:  # e.g. an unclosed IPv6 bracket
            return False
    return True


def check_url(
    url: str | None,
    what: str,
    found: Findings,
    line: int | None,
    absolute: bool = True,
    iri: bool = True,
) -> None:
    """Report a URL (surrounding whitespace ignored) that is relative or malformed.

    ``iri`` False asks for a URI proper: non-ASCII characters must be percent-encoded.
    """
    if url is None:
        return
    value = url.strip()
    if not value:
        found.add("url-not-absolute", f"{what} is empty", line)
        return
    problem = uri_problem(value, absolute=absolute, iri=iri)
    if problem is not None:
        found.add(problem[0], f"{what} {value[:80]!r} {problem[1]}", line)


# Characters RFC 3986 allows in a URI (with % for escapes); anything else must be
# percent-encoded. An IRI (RFC 3987) may also hold non-ASCII characters.
_URI_CHARS = re.compile(r"[0-9A-Za-z;/?:@&=+$.\-_!~*'()%,#]*")
_IPV6_AUTHORITY = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//\[[0-9A-Fa-f:.]+\]")
_TAG_URI = re.compile(
    r"tag:(?:[a-z0-9._-]+@)?[a-z0-9.-]+,\d{4}(?:-\d\d(?:-\d\d)?)?:"
    r"[0-9A-Za-z;/?:@&=+$.\-_!~*'()%,]*(?:#[0-9A-Za-z;/?:@&=+$.\-_!~*'()%,]*)?"
)
_UUID_URN = re.compile(
    r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE
)
_URN = re.compile(
    r"urn:[a-z0-9][a-z0-9-]{1,31}:(?:[a-z0-9()+,.:=@;$_!*'-]|%[0-9a-f]{2})+", re.IGNORECASE
)
_HOSTED = re.compile(r"\w+://[^/]")
_PLAIN_HTTP = re.compile(
    r"https?://[A-Za-z0-9][A-Za-z0-9.-]*(?::\d+)?(?:[/?#][0-9A-Za-z;/?:@&=+$.\-_!~*'()%,#]*)?"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# An http(s) URL to a named or numbered host, as RSS requires for enclosures.
HTTP_URL = re.compile(r"https?://[\w.-]+\.[A-Za-z0-9][-A-Za-z0-9]*(?::\d+)?(?:/|\Z)", re.ASCII)


def uri_problem(value: str, *, absolute: bool, iri: bool) -> tuple[str, str] | None:
    """What is wrong with a URI reference, as (rule, reason), or None.

    tag: URIs (RFC 4151), urn:uuid: (RFC 4122) and other URNs (RFC 8141) must
    follow their own syntax; everything else may hold only the characters of RFC
    3986 (and, for an IRI, non-ASCII letters); http and ftp URLs need a host.
    """
    if _PLAIN_HTTP.fullmatch(value):
        return None  # the common case: an http(s) URL of plain characters
    scheme = value.split(":", 1)[0].lower() if _SCHEME.match(value) else ""
    if scheme == "tag":
        if _TAG_URI.fullmatch(value) is None:
            return "url-invalid", "is not a tag: URI (tag:example.org,2024-05-01:name)"
        return None
    if scheme == "urn":
        if value[:9].lower() == "urn:uuid:":
            if _UUID_URN.fullmatch(value) is None:
                return "url-invalid", "is not a urn:uuid: followed by a UUID"
        elif _URN.fullmatch(value) is None:
            return "url-invalid", "is not a URN (urn:namespace:name)"
        return None
    if absolute and not scheme:
        return "url-not-absolute", "must be an absolute URL"
    rest = value
    ipv6 = _IPV6_AUTHORITY.match(rest)
    if ipv6 is not None:
        rest = rest[ipv6.end() :]
    if iri and not rest.isascii():
        rest = _NON_ASCII.sub("a", rest)
    if _URI_CHARS.fullmatch(rest) is None:
        bad = next(c for c in rest if _URI_CHARS.fullmatch(c) is None)
        return "url-invalid", f"contains {bad!r}, which must be percent-encoded"
    if scheme in ("http", "ftp") and _HOSTED.match(value) is None:
        return "url-not-absolute", "has no host (write scheme://host/...)"
    return None


def canonical(url: str) -> str:
    """A comparable form of a URL: case-folded scheme and host, default port dropped."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:  # a bad port or IPv6 literal: compare the text as written
        return url.strip()
    host = (parts.hostname or "").lower()
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def check_self(
    href: str | None, self_urls: tuple[str, ...], found: Findings, line: int | None
) -> None:
    """Compare a feed's self link with the URL(s) it was fetched from."""
    if href is None or not self_urls:
        return
    # A relative self link resolves against the URL the document came from.
    try:
        resolved = urljoin(self_urls[0], href.strip())
    except ValueError:
        resolved = href.strip()
    if canonical(resolved) not in {canonical(url) for url in self_urls}:
        found.add(
            "feed-self-link-mismatch",
            f"self link {href.strip()[:80]!r} is not where the feed was fetched from "
            f"({self_urls[0]})",
            line,
        )


def line_of(element: etree._Element) -> int | None:
    """The element's 1-based source line (remembering the element), when libxml2 knows it."""
    # lxml-stubs 0.5 types sourceline as an untyped constant; it is Optional[int].
    line = element.sourceline
    return SourceLine(line, element) if isinstance(line, int) else None


def text_of(element: etree._Element | None) -> str:
    """All text inside ``element`` (empty for None), entity nodes skipped."""
    if element is None:
        return ""
    # itertext yields str for documents parsed from bytes; the stubs also allow bytes.
    return "".join(cast("Iterator[str]", element.itertext()))


def local(tag: object) -> str:
    """The local part of a Clark-notation tag; empty for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    """The namespace URI of a Clark-notation tag, or ``''``."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def report_unknown_namespace(ns: str, found: Findings, line: int | None, seen: set[str]) -> None:
    """One info finding per unfamiliar namespace."""
    if ns and ns not in KNOWN_NAMESPACES and ns not in seen:
        seen.add(ns)
        found.add("xml-unknown-namespace", f"elements from namespace {ns!r} were not checked", line)


LANGUAGE = re.compile(r"(?:[a-zA-Z]{2,3}|[iIxX])(?:-[a-zA-Z0-9]{1,8})*")
# ISO 639-1, with the withdrawn codes old feeds still carry (in, iw, ji, jw, mo, sh)
# and xx, which the W3C service takes for "unknown". Three-letter codes are not
# listed: any is accepted.
_ISO639_1_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
    hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
    lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
    or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu in iw
    ji jw mo sh xx
"""
_ISO639_1 = frozenset(_ISO639_1_CODES.split())
# Country codes written where a language code belongs.
_COUNTRY_FOR_LANGUAGE = {
    "jp": "ja", "cn": "zh", "gr": "el", "dk": "da", "cz": "cs", "ua": "uk", "vn": "vi",
    "il": "he", "us": "en", "gb": "en", "kp": "ko", "at": "de", "br": "pt",
}  # fmt: skip


def language_problem(value: str) -> str | None:
    """Why ``value`` is no language tag (shape, or an unknown 2-letter code), or None."""
    if not LANGUAGE.fullmatch(value):
        return "is not a language tag such as en-GB"
    primary = value.split("-", 1)[0].lower()
    if len(primary) == 2 and primary not in _ISO639_1:
        hint = _COUNTRY_FOR_LANGUAGE.get(primary)
        advice = f" (did you mean {hint}?)" if hint else ""
        return f"starts with {primary!r}, which is no ISO 639 language code{advice}"
    return None


_BASE64 = re.compile(r"[A-Za-z0-9+/\s]*={0,2}\s*")


def check_iri(
    value: str | None, what: str, found: Findings, line: int | None, absolute: bool = False
) -> None:
    """Check a URI attribute as written: no stripping, so surrounding spaces count.

    An empty value is a valid relative reference (the document itself) unless
    ``absolute`` is asked for.
    """
    if value is None:
        return
    if not value:
        if absolute:
            found.add("url-not-absolute", f"{what} is empty", line)
        return
    problem = uri_problem(value, absolute=absolute, iri=True)
    if problem is not None:
        found.add(problem[0], f"{what} {value[:80]!r} {problem[1]}", line)


def check_link_attributes(
    link: etree._Element, what: str, found: Findings, line: int | None
) -> None:
    """An Atom link's type (a MIME type), length (a number) and hreflang (a language)."""
    kind = link.get("type")
    if kind is not None and not MIME.fullmatch(kind.strip()):
        found.add("atom-invalid-content-type", f"{what} type {kind!r} is not a MIME type", line)
    check_integer(link.get("length"), f"{what} length", found, line)
    check_language(link.get("hreflang"), f"{what} hreflang", found, line)


def check_language(value: str | None, what: str, found: Findings, line: int | None) -> None:
    """Report a language tag (RFC 5646 shape) that is malformed; empty means "unknown"."""
    if value is None:
        return
    problem = language_problem(value)
    if problem is not None:
        found.add("language-invalid", f"{what} {value[:40]!r} {problem}", line)


def check_languages(root: etree._Element, found: Findings) -> None:
    """Every ``xml:lang`` in the document (an empty one, "unknown", is valid)."""
    for element in root.iterfind(".//*[@{http://www.w3.org/XML/1998/namespace}lang]"):
        value = element.get("{http://www.w3.org/XML/1998/namespace}lang", "")
        if value:
            check_language(value, "xml:lang", found, line_of(element))
    own = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if own:
        check_language(own, "xml:lang", found, line_of(root))


def check_bases(root: etree._Element, found: Findings) -> None:
    """Every ``xml:base`` in the document must be a URI reference."""
    key = "{http://www.w3.org/XML/1998/namespace}base"
    for element in [root, *root.iterfind(f".//*[@{key}]")]:
        check_iri(element.get(key), "xml:base", found, line_of(element))


def is_base64(value: str) -> bool:
    """True for base64 text (whitespace allowed, length a multiple of 4 once stripped)."""
    compact = "".join(value.split())
    return bool(_BASE64.fullmatch(value)) and len(compact) % 4 == 0


def check_integer(
    value: str | None,
    what: str,
    found: Findings,
    line: int | None,
    low: int = 0,
    high: int | None = None,
) -> int | None:
    """Report a value that is not a decimal integer in [low, high]; return it when it is."""
    if value is None:
        return None
    text = value.strip()
    if (
        not (text.isascii() and text.isdigit())
        or int(text) < low
        or (high is not None and int(text) > high)
    ):
        bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
        found.add("number-invalid", f"{what} {value[:40]!r} is not a whole number {bound}", line)
        return None
    return int(text)


def has_whitespace_around(value: str) -> bool:
    """True when ``value`` starts or ends with whitespace."""
    return value != value.strip()
