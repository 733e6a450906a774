"""Values of the small RSS and Atom modules: Dublin Core, syndication, wfw, slash,
FeedBurner, Conversations Network, OpenSearch, GeoRSS, OPML and the like.

Each element of a well-known module (placed by ``vocabulary.py``) has a value kind,
from the module's specification: a full URI, a whole number, a W3C date, an RFC
822 date, an email address, a language tag, coordinates, one of a few words.
``once`` marks elements that may appear only once where they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from publisher.validate.rules import Findings
from publisher.validate.timestamps import check_rfc822, check_w3cdtf
from publisher.validate.values import (
    HTTP_URL,
    check_address,
    check_integer,
    check_iri,
    check_language,
    check_url,
    line_of,
    text_of,
)
from publisher.validate.vocabulary import DC_NS, DCTERMS_NS

SY_NS = "http://purl.org/rss/1.0/modules/syndication/"
SLASH_NS = "http://purl.org/rss/1.0/modules/slash/"
WFW_NS = "http://wellformedweb.org/CommentAPI/"
FEEDBURNER_NS = "http://rssnamespace.org/feedburner/ext/1.0"
CN_NS = "http://conversationsnetwork.org/rssNamespace-1.0/"
GEORSS_NS = "http://www.georss.org/georss"
GEO_NS = "http://www.w3.org/2003/01/geo/wgs84_pos#"
OPML_NS = "http://www.opml.org/spec2"
AG_NS = "http://purl.org/rss/1.0/modules/aggregation/"
EV_NS = "http://purl.org/rss/1.0/modules/event/"
BLOGCHANNEL_NS = "http://backend.userland.com/blogChannelModule"
OPENSEARCH_NAMESPACES = (
    "http://a9.com/-/spec/opensearch/1.1/",
    "http://a9.com/-/spec/opensearchrss/1.0/",
)
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class Value:
    kind: str  # text, uri, nonneg, posint, int, float, decimal, w3cdtf, iso8601, rfc822 ...
    once: bool = False


_TEXT_ONCE = Value("text", once=True)
_URI_ONCE = Value("uri", once=True)

VALUES: dict[tuple[str, str], Value] = {
    **{
        (DC_NS, n): _TEXT_ONCE
        for n in ["title", "description", "type", "format", "source", "rights"]
    },
    (DC_NS, "language"): Value("lang", once=True),
    (DC_NS, "date"): Value("w3cdtf", once=True),
    **{(DCTERMS_NS, n): Value("w3cdtf", once=True) for n in ("created", "issued", "modified")},
    (DCTERMS_NS, "extent"): Value("posint", once=True),
    **{
        (DCTERMS_NS, n): _TEXT_ONCE
        for n in ("abstract", "dateAccepted", "dateCopyrighted", "dateSubmitted", "mediator")
    },
    (SY_NS, "updatePeriod"): Value("period", once=True),
    (SY_NS, "updateFrequency"): Value("posint", once=True),
    (SY_NS, "updateBase"): Value("w3cdtf", once=True),
    (SLASH_NS, "comments"): Value("nonneg", once=True),
    (SLASH_NS, "hit_parade"): Value("commas", once=True),
    **{(WFW_NS, n): _URI_ONCE for n in ("comment", "commentRss", "commentRSS")},
    **{
        (FEEDBURNER_NS, n): _URI_ONCE
        for n in ("awareness", "origLink", "origEnclosureLink", "feedburnerHostname")
    },
    (FEEDBURNER_NS, "browserFriendly"): _TEXT_ONCE,
    (FEEDBURNER_NS, "feedFlare"): Value("attributes:href src"),
    (FEEDBURNER_NS, "info"): Value("attributes:uri"),
    (FEEDBURNER_NS, "emailServiceId"): _TEXT_ONCE,
    (CN_NS, "introMilliseconds"): Value("nonneg", once=True),
    (CN_NS, "image"): Value("http-url", once=True),
    (CN_NS, "ratingAverage"): Value("float", once=True),
    (CN_NS, "ratingCount"): Value("nonneg", once=True),
    (CN_NS, "ratingIndividual"): Value("posint", once=True),
    (CN_NS, "ratingTimestamp"): Value("iso8601", once=True),
    **{(ns, "totalResults"): Value("nonneg", once=True) for ns in OPENSEARCH_NAMESPACES},
    **{(ns, "itemsPerPage"): Value("nonneg", once=True) for ns in OPENSEARCH_NAMESPACES},
    **{(ns, "startIndex"): Value("int", once=True) for ns in OPENSEARCH_NAMESPACES},
    **{(BLOGCHANNEL_NS, n): _URI_ONCE for n in ("blogRoll", "mySubscriptions", "blink", "changes")},
    (AG_NS, "source"): _TEXT_ONCE,
    (AG_NS, "sourceURL"): _URI_ONCE,
    (AG_NS, "timestamp"): Value("iso8601", once=True),
    (EV_NS, "startdate"): Value("iso8601", once=True),
    (EV_NS, "enddate"): Value("iso8601", once=True),
    (EV_NS, "type"): _TEXT_ONCE,
    (GEO_NS, "alt"): Value("decimal"),
    (GEORSS_NS, "point"): Value("point"),
    (GEORSS_NS, "line"): Value("points"),
    (GEORSS_NS, "polygon"): Value("points"),
    (GEORSS_NS, "elev"): Value("decimal"),
    (GEORSS_NS, "floor"): Value("int"),
    (GEORSS_NS, "radius"): Value("float"),
    (OPML_NS, "dateCreated"): Value("rfc822", once=True),
    (OPML_NS, "dateModified"): Value("rfc822", once=True),
    (OPML_NS, "ownerName"): _TEXT_ONCE,
    (OPML_NS, "ownerEmail"): Value("email", once=True),
    (OPML_NS, "ownerId"): Value("http-url", once=True),
}

_PERIODS = ("hourly", "daily", "weekly", "monthly", "yearly")
_NUMBER = re.compile(r"\d+\.?\d*")
_DECIMAL = re.compile(r"[-+]?\d+\.?\d*")
_COMMAS = re.compile(r"\d+(?:,\s*\d+)*")
_POINT = re.compile(r"[-+]?\d+\.?\d*[ ,][-+]?\d+\.?\d*")
_ISO8601 = re.compile(
    r"\d{4}(?:-\d\d(?:-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d*)?)?(?:Z|[+-]\d\d:\d\d)?)?)?)?"
)
_ROBOTS = frozenset(("index", "noindex", "follow", "nofollow"))


def _invalid(element: etree._Element, what: str, message: str, found: Findings) -> None:
    found.add("extension-invalid-value", f"{what} {message}", line_of(element))


def _points(value: str) -> bool:
    numbers = value.replace(",", " ").split()
    return (
        len(numbers) >= 4 and len(numbers) % 2 == 0 and all(_DECIMAL.fullmatch(n) for n in numbers)
    )


def _check(element: etree._Element, what: str, kind: str, found: Findings) -> None:
    value = text_of(element).strip()
    line = line_of(element)
    if kind.startswith("attributes:"):
        for attr in kind.split(":", 1)[1].split():
            uri = element.get(attr)
            if uri is None:
                found.add("missing-attribute", f"{what} has no {attr}", line)
            check_iri(uri, f"{what} {attr}", found, line)
    elif kind == "uri":
        check_url(value, what, found, line, iri=False)
    elif kind == "http-url":
        if not HTTP_URL.match(value):
            found.add("url-not-absolute", f"{what} {value[:80]!r} must be an http(s) URL", line)
    elif kind in ("nonneg", "posint", "int"):
        if kind == "int" and value.startswith("-"):
            value = value[1:]
        check_integer(value, what, found, line, low=1 if kind == "posint" else 0)
    elif kind == "float" and not _NUMBER.fullmatch(value):
        _invalid(element, what, f"{value[:30]!r} is not a number", found)
    elif kind == "decimal" and not _DECIMAL.fullmatch(value):
        _invalid(element, what, f"{value[:30]!r} is not a decimal number", found)
    elif kind in ("w3cdtf", "iso8601"):
        valid = _ISO8601.fullmatch(value) is not None if kind == "iso8601" else True
        problems = check_w3cdtf(value) if kind == "w3cdtf" else []
        if not valid:
            problems = [("date-not-w3cdtf", f"{value!r} is not an ISO 8601 date")]
        for rule, message in problems:
            found.add(rule, f"{what}: {message}", line)
    elif kind == "rfc822":
        for rule, message in check_rfc822(value):
            found.add(rule, f"{what}: {message}", line)
    elif kind == "email":
        check_address(value, what, "extension-invalid-value", found, line)
    elif kind == "lang":
        check_language(value, what, found, line)
    elif kind == "period" and value not in _PERIODS:
        _invalid(element, what, f"{value[:30]!r} must be one of {', '.join(_PERIODS)}", found)
    elif kind == "commas" and not _COMMAS.fullmatch(value):
        _invalid(element, what, "must be whole numbers separated by commas", found)
    elif kind == "point" and not _POINT.fullmatch(value):
        _invalid(element, what, f"{value[:40]!r} must be a latitude and a longitude", found)
    elif kind == "points" and not _points(value):
        _invalid(element, what, "must be latitude and longitude pairs (two or more)", found)


def _robots_meta(element: etree._Element, found: Findings) -> None:
    """xhtml:meta at feed level: name="robots" with index/noindex and follow/nofollow."""
    line = line_of(element)
    name, content = element.get("name"), element.get("content")
    for attr, present in (("name", name), ("content", content)):
        if present is None:
            found.add("missing-attribute", f"xhtml:meta has no {attr}", line)
    if name is not None and name.lower() != "robots":
        _invalid(element, "xhtml:meta name", f"{name[:30]!r} must be robots", found)
    if content is None:
        return
    words = [word.strip().lower() for word in content.split(",")]
    single = len(words) == 1 and words[0] in ("all", "none")
    pairs = words and all(word in _ROBOTS for word in words) and len(words) <= 2
    clashing = len({word.removeprefix("no") for word in words}) < len(words)
    if not single and not (pairs and not clashing):
        _invalid(
            element,
            "xhtml:meta content",
            f"{content[:40]!r} must be all, none, or index/noindex and follow/nofollow",
            found,
        )


def check_value(element: etree._Element, ns: str, name: str, where: str, found: Findings) -> None:
    """Check the value of a well-known module's element, and that it is not repeated."""
    if ns == XHTML_NS:
        if name == "meta":
            _robots_meta(element, found)
        return
    spec = VALUES.get((ns, name))
    if spec is None:
        return
    what = f"{element.prefix}:{name}" if element.prefix else name
    if spec.once and next(element.itersiblings(element.tag, preceding=True), None) is not None:
        found.add(
            "extension-duplicate-element", f"{where} has more than one {what}", line_of(element)
        )
    _check(element, what, spec.kind, found)
