"""The rule catalog: every finding the validator can report, with its severity.

Severities follow the W3C Feed Validation Service's message catalog where a
matching message exists (its errors are our errors, its warnings our warnings),
so a feed we pass is one the W3C service would call valid.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.errors import Problem, Severity

E = Severity.ERROR
W = Severity.WARNING
I = Severity.INFO  # noqa: E741 - reads like the catalog's column heading


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: a stable kebab-case id, its severity and a one-line summary."""

    id: str
    severity: Severity
    summary: str


_CATALOG: tuple[tuple[str, Severity, str], ...] = (
    # Reading and XML
    ("feed-too-large", E, "The document is larger than the size limit; it was not parsed."),
    ("feed-unknown-format", E, "The document is not RSS, Atom or JSON Feed."),
    ("xml-not-well-formed", E, "The document is not well-formed XML."),
    ("xml-entity-declaration", E, "A DOCTYPE declares entities (billion laughs, XXE); refused."),
    ("xml-illegal-character", E, "A character that XML 1.0 forbids (control character, U+FFFE)."),
    ("xml-bad-encoding", E, "The bytes are not valid in the document's encoding."),
    ("xml-unknown-encoding", E, "The declared encoding is not a known character set."),
    ("xml-encoding-mismatch", W, "The byte order mark or HTTP charset disagrees with the XML."),
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
    ("feed-self-link-mismatch", W, "The self link is not the URL the feed was fetched from."),
    # RSS
    ("rss-not-rss2", I, "RSS 0.9x or 1.0: recognized, only basic checks are made."),
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
    ("rss-duplicate-guid", W, "Two items share a guid."),
    ("rss-enclosure-missing-attribute", E, "An enclosure lacks url, length or type."),
    ("rss-enclosure-invalid-length", E, "An enclosure length is not a non-negative integer."),
    ("rss-enclosure-invalid-type", E, "An enclosure type is not a MIME type."),
    ("rss-invalid-email", E, "author, managingEditor or webMaster is not an email address."),
    ("rss-email-missing-name", W, "An email address without a name in parentheses."),
    ("rss-invalid-ttl", E, "ttl is not a non-negative integer."),
    ("rss-invalid-skiphours", E, "skipHours has an hour outside 0-23, a repeat, or over 24."),
    ("rss-invalid-skipdays", E, "skipDays has an unknown day name, a repeat, or over 7."),
    ("rss-invalid-language", E, "language is not a language tag such as en or en-us."),
    ("rss-image-missing-element", E, "The channel image lacks url, title or link."),
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
    ("atom-invalid-email", E, "An author or contributor email is not an email address."),
    ("atom-duplicate-element", E, "An element that may appear once appears twice."),
    ("atom-unknown-element", E, "An element in the Atom namespace (or none) Atom does not define."),
    ("atom-duplicate-alternate-link", E, "Two alternate links with the same type and hreflang."),
    ("atom-entry-missing-content-or-alternate", E, "An entry has no content and no alternate."),
    ("atom-content-src-not-empty", E, "content with src must be empty."),
    ("atom-entry-missing-summary", E, "content with src (or base64) requires a summary."),
    ("atom-invalid-text-type", E, "A text construct type is not text, html or xhtml."),
    ("atom-invalid-content-type", E, "A content type is not text, html, xhtml or a MIME type."),
    ("atom-xhtml-missing-div", E, "xhtml content must be exactly one xhtml div."),
    ("atom-id-not-absolute", E, "An id is not an absolute IRI."),
    ("atom-duplicate-entry-id", W, "Two entries share an id."),
    ("atom-missing-self-link", W, 'The feed has no link rel="self".'),
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
    ("jsonfeed-missing-feed-url", W, "The feed has no feed_url naming its own URL."),
)

RULES: tuple[Rule, ...] = tuple(Rule(i, s, t) for i, s, t in _CATALOG)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


class Findings:
    """Collects problems for one target; severity always comes from the catalog."""

    __slots__ = ("items", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def add(
        self, rule: str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        """Record one finding of ``rule`` (a KeyError for an id not in the catalog)."""
        severity = RULES_BY_ID[rule].severity
        self.items.append(Problem(self.path, line, severity, rule, message, column))
