"""FeedSync 1.0 (``sx:``, formerly Simple Sharing Extensions): sharing and sync metadata.

A feed's ``sx:sharing`` may bound the shared period (``since`` and ``until``
together, ``since`` not after ``until``, ``expires``: RFC 3339 dates) and list
related feeds (``sx:related`` with a full ``link`` and a ``type`` of complete or
aggregated). Each item's ``sx:sync`` names the item (an ``id`` unique in the
feed), counts its ``updates`` and holds its ``sx:history`` (a ``sequence``
number, and who changed it ``by`` and/or ``when``).
"""

from __future__ import annotations

import re

from lxml import etree

from publisher.validate.rules import Findings
from publisher.validate.timestamps import check_rfc3339, parse_rfc3339
from publisher.validate.values import check_url, line_of, local

SX_NS = "http://feedsync.org/2007/feedsync"
_SX = f"{{{SX_NS}}}"
_UINT31 = 2**31 - 1
# RFC 2141's namespace-specific string: what an sx id or "by" may hold.
_NSS = re.compile(r"(?:[0-9a-zA-Z()+,\-.:=@;$_!*'/?#]|%[0-9a-fA-F]{2})+")


def _invalid(element: etree._Element, message: str, found: Findings) -> None:
    found.add("feedsync-invalid", message, line_of(element))


def _date(element: etree._Element, attr: str, found: Findings) -> None:
    value = element.get(attr)
    if value is not None:
        for rule, message in check_rfc3339(value):
            found.add(rule, f"sx:{local(element.tag)} {attr}: {message}", line_of(element))


def _counter(element: etree._Element, attr: str, found: Findings) -> None:
    value = element.get(attr)
    what = f"sx:{local(element.tag)} {attr}"
    if value is None:
        found.add("missing-attribute", f"{what} is missing", line_of(element))
    elif not (value.isascii() and value.isdigit() and 1 <= int(value) <= _UINT31):
        _invalid(element, f"{what} {value[:20]!r} must be a whole number from 1 to 2^31-1", found)


def _flag(element: etree._Element, attr: str, found: Findings) -> None:
    value = element.get(attr)
    if value is not None and value not in ("true", "false"):
        _invalid(element, f"sx:sync {attr} {value[:20]!r} must be true or false", found)


def _sharing(sharing: etree._Element, found: Findings) -> None:
    since, until = sharing.get("since"), sharing.get("until")
    if (since is None) != (until is None):
        missing = "until" if until is None else "since"
        found.add("missing-attribute", f"sx:sharing needs {missing} too", line_of(sharing))
    for attr in ("since", "until", "expires"):
        _date(sharing, attr, found)
    start, end = parse_rfc3339(since or ""), parse_rfc3339(until or "")
    if start is not None and end is not None and start > end:
        _invalid(sharing, "sx:sharing since is after until", found)
    for related in sharing.iterchildren(f"{_SX}related"):
        line = line_of(related)
        if related.get("link") is None:
            found.add("missing-attribute", "sx:related has no link", line)
        check_url(related.get("link"), "sx:related link", found, line, iri=False)
        kind = related.get("type")
        if kind is None:
            found.add("missing-attribute", "sx:related has no type", line)
        elif kind not in ("complete", "aggregated"):
            _invalid(
                related, f"sx:related type {kind[:20]!r} must be complete or aggregated", found
            )


def _history(history: etree._Element, found: Findings) -> None:
    _counter(history, "sequence", found)
    _date(history, "when", found)
    by = history.get("by")
    if by is not None and not _NSS.fullmatch(by):
        _invalid(history, f"sx:history by {by[:40]!r} must name the endpoint (no spaces)", found)
    if by is None and history.get("when") is None:
        _invalid(history, "sx:history needs by or when", found)


def _sync(sync: etree._Element, found: Findings) -> None:
    sync_id = sync.get("id")
    if sync_id is None:
        found.add("missing-attribute", "sx:sync has no id", line_of(sync))
    elif not _NSS.fullmatch(sync_id):
        _invalid(sync, f"sx:sync id {sync_id[:40]!r} must be a URN-like name (no spaces)", found)
    _counter(sync, "updates", found)
    for attr in ("deleted", "noconflicts"):
        _flag(sync, attr, found)
    histories = list(sync.iterchildren(f"{_SX}history"))
    if not histories:
        _invalid(sync, "sx:sync has no sx:history", found)
    for history in histories:
        _history(history, found)


def check(element: etree._Element, found: Findings) -> None:
    """Check an sx:sharing (feed level) or sx:sync (item level) element."""
    name = local(element.tag)
    if name == "sharing":
        _sharing(element, found)
    elif name == "sync":
        _sync(element, found)


def check_unique_ids(root: etree._Element, found: Findings) -> None:
    """No two items of one feed share an sx:sync id."""
    if SX_NS not in root.nsmap.values():
        return
    seen: set[str] = set()
    for sync in root.iter(f"{_SX}sync"):
        if any(a.tag == f"{_SX}conflicts" for a in sync.iterancestors()):
            continue  # a conflicting version of an item carries that item's id
        sync_id = sync.get("id")
        if sync_id is not None and sync_id in seen:
            _invalid(sync, f"sx:sync id {sync_id[:40]!r} is used by another item", found)
        seen.add(sync_id or "")
