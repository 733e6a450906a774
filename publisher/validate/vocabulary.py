"""Which elements of the well-known extension namespaces belong where.

Feeds mix in elements from many namespaces. For the namespaces of published RSS
and Atom modules (Dublin Core, syndication, slash, wfw, threading, FeedBurner,
FeedSync, OpenSearch, Creative Commons ...) an element the module does not
define, or one it defines for another level (``content:encoded`` in the
channel, ``sy:updatePeriod`` in an item), is a mistake readers cannot make sense
of; the W3C Feed Validation Service calls it an error too. Elements of other
namespaces are allowed anywhere and not checked.

Contexts are the names the format modules use for the element holding the
extension: ``channel``/``item`` (RSS 2.0), ``rdf-channel``/``rdf-item`` (RSS 1.0),
``feed``/``entry``/``source`` (Atom), ``image``/``textInput`` (RSS), and
``author``/``contributor`` (Atom persons). iTunes and Media RSS have their own
modules (``itunes.py``, ``media.py``), which also place their elements.

Namespace URIs are matched as readers and the W3C service match them: a known
URI with its trailing slash or ``#`` missing, or in other letter case, still
means the module (``canonical_namespace``).
"""

from __future__ import annotations

ATOM_NS = "http://www.w3.org/2005/Atom"
XHTML_NS = "http://www.w3.org/1999/xhtml"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"

_RSS_CHANNELS = frozenset(("channel", "rdf-channel"))
_RSS_ITEMS = frozenset(("item", "rdf-item"))
CHANNELS = _RSS_CHANNELS | {"feed", "source"}
ITEMS = _RSS_ITEMS | {"entry"}
FEEDS_AND_ITEMS = CHANNELS | ITEMS
EVERYWHERE = FEEDS_AND_ITEMS | {"image", "textInput"}
PERSONS = frozenset(("author", "contributor"))

_DCTERMS = (
    "abstract accessRights accrualMethod accrualPeriodicity accrualPolicy alternative audience "
    "available bibliographicCitation conformsTo created dateAccepted dateCopyrighted "
    "dateSubmitted educationLevel extent hasFormat hasPart hasVersion instructionalMethod "
    "isFormatOf isPartOf isReferencedBy isReplacedBy isRequiredBy issued isVersionOf license "
    "mediator modified provenance references replaces requires rightsHolder spatial "
    "tableOfContents temporal valid"
)
_DC = (
    "contributor coverage creator date description format identifier language publisher "
    "relation rights source subject title type"
)


def _all(names: str, where: frozenset[str]) -> dict[str, frozenset[str]]:
    return dict.fromkeys(names.split(), where)


def _merged(*parts: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Union of several name -> contexts tables (a name may appear in several)."""
    merged: dict[str, frozenset[str]] = {}
    for part in parts:
        for name, where in part.items():
            merged[name] = merged.get(name, frozenset()) | where
    return merged


# namespace -> local name -> the contexts that may hold it.
VOCABULARY: dict[str, dict[str, frozenset[str]]] = {
    DC_NS: _all(_DC, EVERYWHERE),
    DCTERMS_NS: _all(_DCTERMS, EVERYWHERE),
    CONTENT_NS: _all("encoded items", _RSS_ITEMS),
    "http://purl.org/rss/1.0/modules/syndication/": _all(
        "updatePeriod updateFrequency updateBase", CHANNELS
    ),
    "http://purl.org/rss/1.0/modules/slash/": _all("comments section department hit_parade", ITEMS),
    "http://wellformedweb.org/CommentAPI/": _all("comment commentRss commentRSS", ITEMS),
    "http://purl.org/syndication/thread/1.0": {
        **_all("children total", ITEMS),
        "in-reply-to": ITEMS | CHANNELS,
    },
    "http://purl.org/rss/1.0/modules/threading/": {
        **_all("children total", ITEMS),
        "in-reply-to": ITEMS | CHANNELS,
    },
    "http://purl.org/syndication/history/1.0": _all("archive complete", CHANNELS),
    "http://madskills.com/public/xml/rss/module/trackback/": _all("ping about", ITEMS),
    "http://backend.userland.com/creativeCommonsRssModule": _all("license", FEEDS_AND_ITEMS),
    "http://web.resource.org/cc/": _all("license", _RSS_CHANNELS | _RSS_ITEMS | {"image"}),
    "http://www.w3.org/2003/01/geo/wgs84_pos#": _all("Point lat long alt", EVERYWHERE),
    "http://geourl.org/rss/module/": _all("latitude longitude", EVERYWHERE),
    "http://postneo.com/icbm": _all("latitude longitude", EVERYWHERE),
    "http://www.georss.org/georss": _all(
        "where point line polygon featureTypeTag relationshipTag featureName elev floor radius",
        EVERYWHERE,
    ),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": _all("RDF type Description", EVERYWHERE),
    "http://www.w3.org/2000/01/rdf-schema#": {
        "seeAlso": EVERYWHERE,
        **_all("label comment", frozenset(("rdf-channel", "rdf-item"))),
    },
    "http://www.opml.org/spec2": _all(
        "dateCreated dateModified ownerName ownerEmail ownerId", EVERYWHERE
    ),
    "http://purl.org/rss/1.0/modules/taxonomy/": _all("topics", FEEDS_AND_ITEMS),
    "http://purl.org/rss/1.0/modules/link/": {
        "link": FEEDS_AND_ITEMS,
        "permalink": frozenset(("rdf-item",)),
    },
    "http://purl.org/rss/1.0/modules/annotate/": _all("reference", ITEMS),
    "http://purl.org/rss/1.0/modules/aggregation/": _all("source sourceURL timestamp", ITEMS),
    "http://purl.org/rss/1.0/modules/event/": _all(
        "startdate enddate location organizer type", ITEMS
    ),
    "http://rssnamespace.org/feedburner/ext/1.0": {
        "awareness": ITEMS | CHANNELS,
        **_all("origLink origEnclosureLink", ITEMS),
        **_all("browserFriendly emailServiceId feedFlare info feedburnerHostname", CHANNELS),
    },
    "http://xmlns.com/foaf/0.1/": {
        "maker": ITEMS | CHANNELS,
        "primaryTopic": ITEMS,
        **_all("workplaceHomepage homepage weblog plan firstName", PERSONS),
    },
    "http://purl.org/rss/1.0/modules/wiki/": {
        **_all("diff history importance status version", ITEMS),
        "interwiki": CHANNELS,
    },
    "http://feedsync.org/2007/feedsync": {
        "sync": ITEMS,
        "sharing": CHANNELS,
    },
    "http://conversationsnetwork.org/rssNamespace-1.0/": _all(
        "introMilliseconds image ratingAverage ratingCount ratingIndividual ratingTimestamp",
        ITEMS,
    ),
    "http://webns.net/mvcb/": _all("generatorAgent errorReportsTo", CHANNELS),
    "http://backend.userland.com/blogChannelModule": _all(
        "blogRoll mySubscriptions blink changes", CHANNELS
    ),
    "http://my.theinfo.org/changed/1.0/rss/": _all("server", CHANNELS),
    "http://www.microsoft.com/schemas/rss/core/2005": _all("listinfo treatAs", CHANNELS),
    "http://a9.com/-/spec/opensearch/1.1/": _all(
        "totalResults startIndex itemsPerPage Query", CHANNELS
    ),
    "http://a9.com/-/spec/opensearchrss/1.0/": _all(
        "totalResults startIndex itemsPerPage Query", CHANNELS
    ),
    "http://www.w3.org/2007/app": {
        **_all("edited control", frozenset(("entry",))),
        # A collection in an entry is odd, but the W3C service only frowns on it.
        "collection": frozenset(("feed", "entry")),
    },
    ATOM_NS: _merged(
        _all(
            "author category contributor generator id icon link logo title subtitle rights updated",
            _RSS_CHANNELS,
        ),
        _all("id link title summary author contributor content published updated", _RSS_ITEMS),
    ),
}

# Elements that hold structure rather than text: their children are checked (or not)
# by their own rules, never reported as markup inside a text value.
_DCTERMS_ANYTHING = (
    "valid available spatial temporal accessRights accrualMethod accrualPeriodicity "
    "accrualPolicy bibliographicCitation educationLevel instructionalMethod license provenance "
    "rightsHolder"
)
STRUCTURED = frozenset(
    [
        (ATOM_NS, name)
        for name in ("author", "contributor", "content", "summary", "title", "subtitle", "rights")
    ]
    + [(DCTERMS_NS, name) for name in _DCTERMS_ANYTHING.split()]
    + [
        (CONTENT_NS, "items"),
        ("http://www.w3.org/2003/01/geo/wgs84_pos#", "Point"),
        ("http://www.georss.org/georss", "where"),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "RDF"),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type"),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description"),
        ("http://purl.org/rss/1.0/modules/taxonomy/", "topics"),
        ("http://purl.org/rss/1.0/modules/event/", "location"),
        ("http://purl.org/rss/1.0/modules/event/", "organizer"),
        ("http://purl.org/syndication/thread/1.0", "children"),
        ("http://purl.org/rss/1.0/modules/threading/", "children"),
        ("http://feedsync.org/2007/feedsync", "sync"),
        ("http://feedsync.org/2007/feedsync", "sharing"),
        ("http://www.microsoft.com/schemas/rss/core/2005", "listinfo"),
        ("http://xmlns.com/foaf/0.1/", "maker"),
        ("http://xmlns.com/foaf/0.1/", "primaryTopic"),
        ("http://a9.com/-/spec/opensearch/1.1/", "Query"),
        ("http://a9.com/-/spec/opensearchrss/1.0/", "Query"),
        ("http://www.w3.org/2007/app", "control"),
        ("http://www.w3.org/2007/app", "collection"),
        ("http://purl.org/rss/1.0/modules/annotate/", "reference"),
        ("http://purl.org/rss/1.0/modules/link/", "link"),
        ("http://purl.org/rss/1.0/modules/link/", "permalink"),
        ("http://backend.userland.com/blogChannelModule", "changes"),
    ]
)


def _near(namespace: str) -> str:
    """The namespace without trailing punctuation, in lower case (a slash or # off)."""
    end = len(namespace)
    while end and not (namespace[end - 1].isalnum() or namespace[end - 1] == "_"):
        end -= 1
    return namespace[:end].lower()


_BY_NEAR = {_near(ns): ns for ns in VOCABULARY}
_EXTRA_NEAR = {
    _near(ns): ns
    for ns in (
        XHTML_NS,
        "http://www.itunes.com/dtds/podcast-1.0.dtd",
        "http://search.yahoo.com/mrss/",
    )
}


def canonical_namespace(namespace: str) -> str | None:
    """The well-known namespace ``namespace`` means (exact, or off by case or a final
    slash), or None for a namespace this module does not know."""
    if namespace in VOCABULARY:
        return namespace
    near = _near(namespace)
    return _BY_NEAR.get(near) or _EXTRA_NEAR.get(near)


def allowed(namespace: str, name: str, context: str) -> bool | None:
    """Whether ``context`` may hold ``{namespace}name``; None when not checked here."""
    names = VOCABULARY.get(namespace)
    if names is None:
        return None
    where = names.get(name)
    return where is not None and context in where
