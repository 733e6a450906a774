"""The rule catalog: every finding the validator can report, with its severity.

Severities follow the W3C Feed Validation Service's message catalog where a
matching message exists (its errors are our errors, its warnings our warnings),
so a feed we pass is one the W3C service would call valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from publisher.errors import Problem, Severity
from publisher.validate.fixes import FIXES

if TYPE_CHECKING:
    from lxml import etree

E = Severity.ERROR
W = Severity.WARNING
I = Severity.INFO  # noqa: E741 - reads like the catalog's column heading
P = Severity.PLATFORM


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: a stable kebab-case id, its severity, a one-line summary and how to fix it."""

    id: str
    severity: Severity
    summary: str
    fix: str


_CATALOG: tuple[tuple[str, Severity, str], ...] = (
    # Reading and XML
    ("feed-too-large", E, "The document is larger than the size limit; it was not parsed."),
    ("feed-unknown-format", E, "The document is not RSS, Atom or JSON Feed."),
    ("xml-not-well-formed", E, "The document is not well-formed XML."),
    ("xml-entity-declaration", E, "Entities that expand too far or refer to themselves; refused."),
    ("xml-external-entity", W, "A DOCTYPE declares an external or parameter entity; not read."),
    ("xml-illegal-character", E, "A character that XML 1.0 forbids (control character, U+FFFE)."),
    ("xml-bad-encoding", E, "The bytes are not valid in the document's encoding."),
    ("xml-unknown-encoding", E, "The declared encoding is not a known character set."),
    ("xml-encoding-mismatch", W, "The HTTP charset disagrees with the document's encoding."),
    ("xml-no-namespace", W, "An element without namespace inside an Atom feed."),
    ("xml-unknown-namespace", I, "An element from a namespace the validator does not know."),
    ("http-content-type", I, "The HTTP Content-Type the server sent."),
    ("http-unexpected-content-type", W, "The Content-Type is not a feed or XML media type."),
    # Values shared by all formats
    ("url-not-absolute", E, "A URL that must be absolute is relative."),
    ("url-invalid", E, "A URL contains characters a URL cannot contain (spaces, quotes)."),
    ("date-not-rfc822", E, "An RSS date is not an RFC 822 date-time or names no real date."),
    ("date-wrong-day-of-week", E, "The day name does not match the date."),
    ("date-rfc822-problematic", W, "A 2-digit year, odd zone or spacing that readers misparse."),
    ("date-not-rfc3339", E, "An Atom or JSON Feed date is not an RFC 3339 date-time."),
    ("date-implausible", W, "A date before 1970 or more than a day in the future."),
    ("date-invalid-time", W, "No such time of day (hour 24 or more, minute 60 or more)."),
    ("feed-self-link-mismatch", W, "The self link is not the URL the feed was fetched from."),
    ("self-link-relative", W, "The self link is a relative URL."),
    ("date-not-w3cdtf", E, "A Dublin Core date is not a W3C date-time (ISO 8601 profile)."),
    ("missing-attribute", E, "An element lacks an attribute it requires."),
    ("number-invalid", E, "A count, size, port or length is not a whole number in range."),
    ("language-invalid", E, "A language tag (xml:lang, hreflang, dc:language, lang) is malformed."),
    ("unexpected-text", E, "Text where only elements may appear."),
    ("markup-in-text", E, "An element inside a value that takes text only (unescaped HTML)."),
    (
        "unknown-attribute",
        E,
        "An attribute the element does not define (names are case-sensitive).",
    ),
    ("feed-html-page", E, "The document is an HTML page, not a feed."),
    ("feed-discovered", I, "An HTML page: the feeds it advertises were found and validated."),
    ("feed-advertised-unreadable", E, "A feed an HTML page advertises cannot be fetched."),
    ("app-document", I, "An AtomPub service or category document: recognized, not a feed."),
    ("app-invalid", E, "An AtomPub document or element breaks RFC 5023 (workspaces, titles ...)."),
    ("unchecked-document", I, "KML, OpenSearch, RSS 1.1, OPML or XRDS: recognized, not checked."),
    # RSS
    ("rss-not-rss2", I, "RSS 0.9x or 1.0: recognized (0.91 and 0.92 follow the RSS 2.0 rules)."),
    ("rss-invalid-version", E, "The rss element's version is missing or not 2.0."),
    ("rss-missing-channel", E, "The rss element has no channel."),
    ("rss-missing-channel-title", E, "The channel has no title."),
    ("rss-missing-channel-link", E, "The channel has no link."),
    ("rss-missing-channel-description", E, "The channel has no description."),
    ("rss-item-missing-title-or-description", E, "An item has neither title nor description."),
    ("rss-duplicate-element", E, "An element that may appear once appears twice."),
    ("rss-unknown-element", E, "An element without namespace that RSS 2.0 does not define."),
    ("rss-item-missing-guid", W, "An item has no guid, so readers cannot track it."),
    ("rss-guid-permalink-not-url", E, "A permalink guid is not an absolute http(s) URL."),
    ("rss-guid-invalid-ispermalink", E, "isPermaLink is neither true nor false."),
    ("rss-duplicate-guid", E, "Two items share a guid."),
    ("rss-enclosure-missing-attribute", E, "An enclosure lacks url, length or type."),
    ("rss-enclosure-invalid-length", E, "An enclosure length is not a non-negative integer."),
    ("rss-enclosure-invalid-type", E, "An enclosure type is not a MIME type."),
    ("rss-invalid-email", E, "author, managingEditor or webMaster is not an email address."),
    ("rss-email-missing-name", W, "An email address not written as addr@example.org (Name)."),
    ("email-domain-without-dot", W, "An email address whose domain has no dot (a local host)."),
    ("rss-invalid-ttl", E, "ttl is not a non-negative integer."),
    ("rss-invalid-skiphours", E, "skipHours has an hour outside 0-24, a repeat, or over 24."),
    ("rss-skiphours-24", W, "skipHours lists hour 24; RSS counts hours from 0 to 23."),
    ("rss-invalid-skipdays", E, "skipDays has an unknown day name, a repeat, or over 7."),
    ("rss-invalid-language", E, "language is not a language tag such as en or en-us."),
    ("rss-image-missing-element", E, "The channel image lacks url, title or link."),
    ("rss-image-invalid-size", E, "The image width is not 1-144 or its height not 1-400."),
    (
        "rss-textinput-invalid",
        E,
        "textInput lacks title, description, name or link, or its name is not a name.",
    ),
    ("rss-cloud-invalid", E, "cloud lacks domain, port, path, registerProcedure or protocol."),
    ("rss-deprecated-dtd", E, "RSS 0.91 names Netscape's DTD, which is gone."),
    (
        "rdf-invalid-structure",
        E,
        "An RSS 1.0 document breaks its RDF shape (items, rdf:Seq, resources).",
    ),
    ("rss-missing-atom-self-link", W, 'No atom:link rel="self" names the feed\'s own URL.'),
    ("atom-link-missing-href", E, "An atom:link has no href."),
    # Atom
    ("atom-obsolete-namespace", E, "Atom 0.3 namespace; only Atom 1.0 is valid."),
    ("atom-missing-feed-id", E, "The feed has no id."),
    ("atom-missing-feed-title", E, "The feed has no title."),
    ("atom-missing-feed-updated", E, "The feed has no updated date."),
    ("atom-entry-missing-id", E, "An entry has no id."),
    ("atom-entry-missing-title", E, "An entry has no title."),
    ("atom-entry-missing-updated", E, "An entry has no updated date."),
    ("atom-missing-author", E, "Neither the feed nor this entry has an author."),
    ("atom-person-missing-name", E, "An author or contributor has no name."),
    ("empty-value", W, "An element that should name something is empty (an author's name ...)."),
    ("atom-invalid-email", E, "An author or contributor email is not an email address."),
    ("atom-duplicate-element", E, "An element that may appear once appears twice."),
    ("atom-unknown-element", E, "An element in the Atom namespace Atom does not define there."),
    ("atom-duplicate-alternate-link", E, "Two alternate links with the same type and hreflang."),
    ("atom-entry-missing-content-or-alternate", E, "An entry has no content and no alternate."),
    ("atom-content-src-not-empty", E, "content with src must be empty."),
    ("atom-entry-missing-summary", E, "content with src (or base64) requires a summary."),
    ("atom-invalid-text-type", E, "A text construct type is not text, html or xhtml."),
    ("atom-invalid-content-type", E, "A content type is not text, html, xhtml or a MIME type."),
    ("atom-xhtml-missing-div", E, "xhtml content must be exactly one xhtml div."),
    ("atom-id-not-absolute", E, "An id is not an absolute IRI."),
    ("atom-duplicate-entry-id", W, "Two entries share an id."),
    ("atom-entries-share-one-id", E, "Ten or more entries all have the same id."),
    ("atom-unexpected-whitespace", E, "An id, date, uri, icon or logo has whitespace around it."),
    ("atom-content-model", E, "Content holds what its type forbids (elements in text, non-XHTML)."),
    ("atom-invalid-base64", E, "Content of a binary MIME type is not valid base64."),
    ("atom-misplaced-metadata", E, "Feed metadata appears after the entries."),
    ("atom-missing-self-link", W, 'The feed has no link rel="self".'),
    # Extensions
    (
        "extension-unknown-element",
        E,
        "An element of a known extension in a place it does not belong.",
    ),
    ("extension-duplicate-element", E, "An extension element that may appear once appears twice."),
    ("extension-no-namespace", E, "An element without namespace inside an extension's element."),
    (
        "extension-invalid-value",
        E,
        "A value of a known extension (trackback, slash, geo...) is invalid.",
    ),
    ("itunes-invalid-value", E, "An itunes: value Apple Podcasts does not accept."),
    ("itunes-obsolete-category", W, "An itunes:category from Apple's pre-2019 list."),
    ("media-invalid-value", E, "A Media RSS value or attribute the specification does not allow."),
    ("history-invalid", E, "Feed paging or archiving links contradict RFC 5005."),
    # Podcasts: the Podcasting 2.0 namespace, and what podcast platforms refuse
    ("podcast-invalid-value", W, "A podcast: value or attribute the Podcasting 2.0 spec forbids."),
    ("podcast-missing-artwork", P, "A podcast without itunes:image artwork."),
    ("podcast-artwork-format", P, "Show artwork that is not a JPEG or PNG image."),
    ("podcast-artwork-size", P, "Show artwork that is not square, 1400 to 3000 pixels a side."),
    ("podcast-missing-category", P, "A podcast without itunes:category."),
    ("podcast-missing-explicit", P, "A podcast without itunes:explicit."),
    ("podcast-missing-language", P, "A podcast without language."),
    ("podcast-missing-owner-email", W, "A podcast without itunes:owner (and its itunes:email)."),
    ("podcast-no-episodes", P, "A podcast with no episode."),
    ("podcast-enclosure-missing", P, "An episode without an enclosure."),
    ("podcast-enclosure-type", P, "An enclosure type Apple Podcasts does not take."),
    ("podcast-enclosure-length", P, "An enclosure length of 0 (unknown)."),
    ("podcast-duplicate-enclosure-url", P, "Two episodes share one enclosure URL."),
    ("feedsync-invalid", E, "FeedSync sharing or sync metadata breaks the FeedSync 1.0 rules."),
    ("thr-in-reply-to-missing-ref", W, "thr:in-reply-to has no ref naming the entry it answers."),
    # HTML content
    ("html-script", W, "HTML content contains script, which readers strip or block."),
    ("html-event-handler", W, "HTML content has an event handler attribute (onclick...)."),
    ("html-javascript-url", W, "HTML content has a javascript: URL."),
    ("html-relative-url", W, "HTML content has a relative URL and no xml:base to resolve it."),
    # JSON Feed
    ("json-not-well-formed", E, "The document is not valid JSON (or not UTF-8)."),
    ("jsonfeed-missing-version", E, "The version member is missing or not a JSON Feed URL."),
    ("jsonfeed-unknown-version", W, "A JSON Feed version other than 1 or 1.1."),
    ("jsonfeed-missing-title", E, "The feed has no title."),
    ("jsonfeed-missing-items", E, "The feed has no items array."),
    ("jsonfeed-item-missing-id", E, "An item has no id."),
    ("jsonfeed-item-missing-content", E, "An item has neither content_html nor content_text."),
    ("jsonfeed-invalid-value", E, "A member has the wrong JSON type."),
    ("jsonfeed-duplicate-id", W, "Two items share an id."),
    (
        "jsonfeed-attachment-invalid",
        E,
        "An attachment lacks url or mime_type, or a size is not a number.",
    ),
    ("jsonfeed-missing-feed-url", W, "The feed has no feed_url naming its own URL."),
    # Delivery (publisher validate URL): how the server hands the feed to a reader
    ("http-status", E, "The feed URL answers with a status other than 200 OK."),
    ("http-redirect-permanent", W, "The feed URL redirects permanently; readers move."),
    ("http-redirect-temporary", W, "The feed URL redirects temporarily, on every poll."),
    ("http-charset-missing", W, "The Content-Type of an XML feed names no charset."),
    ("http-no-validators", W, "Neither ETag nor Last-Modified: no conditional GET."),
    ("http-conditional-ignored", W, "A conditional repeat request did not get 304."),
    ("http-not-compressed", W, "Sent uncompressed to a reader accepting gzip and br."),
    ("http-vary-missing", W, "Compressed without Vary: Accept-Encoding."),
    ("http-bad-encoding", E, "A Content-Encoding not asked for, or a body that does not decode."),
    ("http-cache-control-missing", W, "No Cache-Control header."),
    ("http-cache-control-unhelpful", W, "Cache-Control forbids caching or keeps a copy too long."),
    ("http-too-large-for-aggregators", W, "Larger than aggregators accept (512K, 1 MB)."),
)

RULES: tuple[Rule, ...] = tuple(Rule(i, s, t, FIXES[i]) for i, s, t in _CATALOG)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


class SourceLine(int):
    """A 1-based source line that remembers the element it was read from.

    libxml2 records lines but not columns; the element lets the report find the
    column afterwards, and only for documents that have findings.
    """

    element: etree._Element

    def __new__(cls, line: int, element: etree._Element) -> SourceLine:
        made = super().__new__(cls, line)
        made.element = element
        return made


class Findings:
    """Collects problems for one target; severity always comes from the catalog."""

    __slots__ = ("anchors", "items", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []
        # Index into items -> the element the finding is about (for its column).
        self.anchors: dict[int, etree._Element] = {}

    def add(
        self, rule: str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        """Record one finding of ``rule`` (a KeyError for an id not in the catalog)."""
        severity = RULES_BY_ID[rule].severity
        if isinstance(line, SourceLine):
            self.anchors[len(self.items)] = line.element
            line = int(line)
        self.items.append(Problem(self.path, line, severity, rule, message, column))
