"""Feed validation: safe parsing, format detection and the rule catalog, as Problems.

``validate_bytes`` is the core; ``validate_path`` and ``validate_url`` read a
target and call it. Nothing here prints: the CLI formats reports (see ``report``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.errors import Problem, Severity, TargetUnreadable
from publisher.validate import atompub, media, xmlsafe
from publisher.validate.atom import check_atom, check_atom_entry
from publisher.validate.columns import add_columns
from publisher.validate.discover import advertised_feeds
from publisher.validate.jsonfeed import check_jsonfeed
from publisher.validate.legacy import RSS090_NS, RSS10_NS, check_legacy, note_rss09x
from publisher.validate.podcast import ArtworkReader, check_podcast, fetching_reader
from publisher.validate.rss import check_rss2
from publisher.validate.rules import RULES, Findings, Rule
from publisher.validate.values import ATOM_NS, line_of
from publisher.validator_limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from publisher.validate.delivery import Delivered

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FEED_SUFFIXES",
    "FORMATS",
    "Rule",
    "TargetUnreadable",
    "ValidationReport",
    "rule_catalog",
    "validate_bytes",
    "validate_path",
    "validate_url",
    "validate_url_or_page",
]

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json")
FORMATS = (
    "rss2.0",
    "rss0.9x",
    "rss1.0",
    "atom1.0",
    "atom1.0-entry",
    "atompub-service",
    "atompub-categories",
    "other",
    "jsonfeed1.1",
    "html",
    "unknown",
)

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
_ACCEPTED_TYPES = {
    "rss2.0": ("application/rss+xml", "application/xml", "text/xml"),
    "rss0.9x": ("application/rss+xml", "application/rdf+xml", "application/xml", "text/xml"),
    "rss1.0": ("application/rss+xml", "application/rdf+xml", "application/xml", "text/xml"),
    "atom1.0": ("application/atom+xml", "application/xml", "text/xml"),
    "atom1.0-entry": ("application/atom+xml", "application/xml", "text/xml"),
    "jsonfeed1.1": ("application/feed+json", "application/json"),
}
_APP_NS = "http://www.w3.org/2007/app"
# Documents the W3C service validates that are not RSS, Atom or AtomPub.
_OTHER_DOCUMENTS = {
    "{xri://$xrds}XRDS": "an XRDS (YADIS) service description",
    "{http://purl.org/net/rss1.1#}Channel": "an RSS 1.1 feed",
    "{http://earth.google.com/kml/2.0}kml": "a KML document",
    "{http://earth.google.com/kml/2.1}kml": "a KML document",
    "{http://www.opengis.net/kml/2.2}kml": "a KML document",
    "{http://a9.com/-/spec/opensearch/1.1/}OpenSearchDescription": "an OpenSearch description",
    "{http://a9.com/-/spec/opensearch/1.1}OpenSearchDescription": "an OpenSearch description",
    "opml": "an OPML outline",
}
_GUESS_BY_ROOT = {"rss": "rss2.0", "feed": "atom1.0", "rdf:RDF": "rss1.0"}


@dataclass(frozen=True)
class ValidationReport:
    """Everything found in one feed."""

    target: str  # path or URL as given
    format: str  # one of FORMATS
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The findings with severity error."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The findings with severity warning."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def platform(self) -> tuple[Problem, ...]:
        """What a podcast platform refuses in a feed that is otherwise valid."""
        return tuple(p for p in self.problems if p.severity is Severity.PLATFORM)


def rule_catalog() -> tuple[Rule, ...]:
    """Every rule the validator can report, in catalog order."""
    return RULES


def _dispatch(root: object, found: Findings, self_urls: tuple[str, ...]) -> str:
    from lxml import etree

    assert isinstance(root, etree._Element)
    tag = root.tag
    if tag == "rss":
        version = (root.get("version") or "").strip()
        if version in ("0.91", "0.92"):
            # RSS 2.0 kept 0.91 and 0.92 as they were: the same rules apply.
            note_rss09x(root, found, f"RSS {version}")
            check_rss2(root, found, self_urls, legacy=True)
            return "rss0.9x"
        check_rss2(root, found, self_urls)
        return "rss2.0"
    if tag == _RDF:
        if root.find(f"{{{RSS10_NS}}}channel") is not None:
            check_legacy(root, found, "RSS 1.0")
            return "rss1.0"
        if root.find(f"{{{RSS090_NS}}}channel") is not None:
            check_legacy(root, found, "RSS 0.90")
            return "rss0.9x"
    if tag == f"{{{ATOM_NS}}}feed":
        check_atom(root, found, self_urls)
        return "atom1.0"
    if tag == f"{{{ATOM_NS}}}entry":
        check_atom_entry(root, found)
        return "atom1.0-entry"
    if tag in (f"{{{_APP_NS}}}service", f"{{{_APP_NS}}}categories"):
        kind = "service" if tag.endswith("service") else "category"
        found.add(
            "app-document",
            f"an AtomPub {kind} document (RFC 5023), not a feed: checked as one",
            line_of(root),
        )
        if kind == "service":
            atompub.check_service(root, found)
        else:
            atompub.check_categories(root, found)
        return f"atompub-{kind.replace('category', 'categories')}"
    if tag in _OTHER_DOCUMENTS:
        found.add(
            "unchecked-document",
            f"{_OTHER_DOCUMENTS[tag]}, which the W3C service also reads; not checked here",
            line_of(root),
        )
        return "other"
    if tag == "{http://purl.org/atom/ns#}feed":
        found.add(
            "atom-obsolete-namespace",
            "this is Atom 0.3, which is obsolete; publish Atom 1.0",
            line_of(root),
        )
        return "unknown"
    found.add(
        "feed-unknown-format",
        f"root element {tag!r} is not rss, Atom feed or RDF",
        line_of(root),
    )
    return "unknown"


_HTML_START = re.compile(
    rb"\s*(?:<\?xml.*?\?>)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)


def _looks_like_html(data: bytes) -> bool:
    return _HTML_START.match(data.lstrip(b"\xef\xbb\xbf")[:2048]) is not None


def _content_type(content_type: str, fmt: str, found: Findings) -> None:
    media = content_type.split(";", 1)[0].strip().lower()
    found.add("http-content-type", f"served as {content_type.strip()!r}")
    accepted = _ACCEPTED_TYPES.get(fmt)
    if accepted is not None and media not in accepted:
        found.add(
            "http-unexpected-content-type",
            f"{fmt} should be served as {accepted[0]}, not {media!r}",
        )


def _charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _too_large(name: str, max_bytes: int) -> ValidationReport:
    found = Findings(name)
    found.add("feed-too-large", f"larger than the {max_bytes:,} byte limit; not parsed")
    return ValidationReport(name, "unknown", tuple(found.items))


def _validate(
    data: bytes,
    name: str,
    self_urls: tuple[str, ...],
    content_type: str | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    read_artwork: ArtworkReader | None = None,
) -> ValidationReport:
    if len(data) > max_bytes:
        return _too_large(name, max_bytes)
    found = Findings(name)
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"{", b"["):
        fmt = "jsonfeed1.1" if check_jsonfeed(data, found, self_urls) else "unknown"
    else:
        parsed = (
            None if _looks_like_html(data) else xmlsafe.parse(data, found, _charset(content_type))
        )
        if _looks_like_html(data) or (parsed is not None and parsed.root.tag == "html"):
            found.items.clear()
            found.add(
                "feed-html-page",
                "this is an HTML page, not a feed; validate the feed it links to",
                1,
            )
            fmt = "html"
        elif parsed is not None:
            fmt = _dispatch(parsed.root, found, self_urls)
            if fmt == "rss2.0":
                check_podcast(parsed.root, found, read_artwork)
            media.check_declarations(parsed.text, found)
            add_columns(found, parsed.root, parsed.text)
        else:
            head = data[:4096].decode("utf-8", errors="replace")
            fmt = _GUESS_BY_ROOT.get(xmlsafe.root_name(head) or "", "unknown")
    if content_type:
        _content_type(content_type, fmt, found)
    return ValidationReport(name, fmt, tuple(found.items))


def validate_bytes(
    data: bytes,
    *,
    name: str,
    self_url: str | None = None,
    content_type: str | None = None,
    read_artwork: ArtworkReader | None = None,
) -> ValidationReport:
    """Validate one feed held in memory; ``self_url`` is where it is (or will be) served.

    ``read_artwork`` reads a podcast's artwork so its format and size are checked;
    without it, only its URL is.
    """
    return _validate(
        data, name, (self_url,) if self_url else (), content_type, read_artwork=read_artwork
    )


def _feed_files(folder: Path) -> list[Path]:
    # Hidden folders (.git, .cache) hold no published feeds.
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in FEED_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def _read_file(
    path: Path, max_bytes: int, read_artwork: ArtworkReader | None = None
) -> ValidationReport:
    name = str(path)
    try:
        if path.stat().st_size > max_bytes:
            return _too_large(name, max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        raise TargetUnreadable(f"cannot read: {exc.strerror or exc}", path=name) from None
    return _validate(data, name, (), None, max_bytes, read_artwork)


def validate_path(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch_images: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[ValidationReport]:
    """Validate a feed file, or every feed file in a folder recursively (sorted).

    ``fetch_images``: fetch each podcast's artwork (within ``timeout``) to check it.
    """
    read = fetching_reader(timeout) if fetch_images else None
    if path.is_dir():
        try:
            files = _feed_files(path)
        except OSError as exc:
            raise TargetUnreadable(f"cannot list: {exc.strerror or exc}", path=str(path)) from None
        return [_read_file(file, max_bytes, read) for file in files]
    if not path.exists():
        raise TargetUnreadable("no such file or folder", path=str(path))
    return [_read_file(path, max_bytes, read)]


def validate_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch_images: bool = False,
) -> ValidationReport:
    """Fetch a feed as a reader does and validate it and its delivery (``delivery``);
    its self link must name the URL a reader keeps polling.

    ``fetch_images``: fetch a podcast's artwork too, to check its format and size.
    """
    from publisher.validate.delivery import fetch_as_reader  # HTTP and TLS: only to fetch

    delivered = fetch_as_reader(url, timeout=timeout, max_bytes=max_bytes)
    return _delivered(url, delivered, max_bytes, fetching_reader(timeout) if fetch_images else None)


def _delivered(
    url: str, delivered: Delivered, max_bytes: int, read: ArtworkReader | None = None
) -> ValidationReport:
    """The report on a fetched feed: how it was served, then its body (an HTML page's
    report keeps only the status and redirects: the rest is about feeds)."""
    served = tuple(delivered.findings.items)
    if delivered.too_large:
        return ValidationReport(url, "unknown", served + _too_large(url, max_bytes).problems)
    if not delivered.data and any(p.is_error for p in served):  # no body to check
        return ValidationReport(url, "unknown", served)
    report = _validate(
        delivered.data, url, (delivered.kept_url,), delivered.content_type, max_bytes, read
    )
    if report.format == "html":
        served = tuple(p for p in served if p.rule.startswith(("http-redirect", "http-status")))
    return ValidationReport(url, report.format, served + report.problems)


def validate_url_or_page(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch_images: bool = False,
) -> list[ValidationReport]:
    """Validate the feed at ``url``; if it is an HTML page, validate the feeds it advertises.

    A page that advertises feeds yields one info report naming them, then a report
    per feed; a page that advertises none is reported as an HTML page (an error).
    """
    from publisher.validate.delivery import fetch_as_reader

    fetched = fetch_as_reader(url, timeout=timeout, max_bytes=max_bytes)
    report = _delivered(url, fetched, max_bytes, fetching_reader(timeout) if fetch_images else None)
    if report.format != "html":
        return [report]
    feeds = advertised_feeds(fetched.data, fetched.final_url)
    if not feeds:
        return [report]
    found = Findings(url)
    found.add(
        "feed-discovered",
        f"an HTML page advertising {len(feeds)} feed(s): {', '.join(feeds)}",
        1,
    )
    reports = [ValidationReport(url, "html", tuple(found.items))]
    for feed in feeds:
        try:
            reports.append(
                validate_url(feed, timeout=timeout, max_bytes=max_bytes, fetch_images=fetch_images)
            )
        except TargetUnreadable as exc:
            # The page is what was asked for: a dead advertised feed is a finding on
            # it, and the page's other feeds are still checked.
            dead = Findings(url)
            dead.add("feed-advertised-unreadable", f"advertised feed {feed}: {exc.message}", 1)
            reports.append(ValidationReport(url, "html", tuple(dead.items)))
    return reports
