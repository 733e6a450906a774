"""JSON Feed 1.1 basic checks: version, title, items, item ids, dates, absolute URLs.

JSON carries no line numbers once parsed, so findings name a JSON path instead
(``items[3].id``) and leave the line unknown.
"""

from __future__ import annotations

import json
import re
from typing import Any

from publisher.validate import html
from publisher.validate.rules import Findings
from publisher.validate.timestamps import check_rfc3339
from publisher.validate.values import check_self, check_url

VERSIONS = ("https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1")
_VERSION = re.compile(r"https://jsonfeed\.org/version/\d+(?:\.\d+)?")
_FEED_URLS = ("home_page_url", "feed_url", "icon", "favicon", "next_url")
_ITEM_URLS = ("url", "external_url", "image", "banner_image")
_ITEM_STRINGS = ("title", "content_html", "content_text", "summary", "language")


def _load(data: bytes, found: Findings) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        found.add("json-not-well-formed", f"JSON Feed must be UTF-8: byte {exc.start} is not")
    except json.JSONDecodeError as exc:
        found.add("json-not-well-formed", exc.msg, exc.lineno, exc.colno)
    except RecursionError:
        found.add("json-not-well-formed", "nesting too deep")
    return None


def _string(obj: dict[str, Any], key: str, where: str, found: Findings) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        found.add("jsonfeed-invalid-value", f"{where}{key} must be a string")
        return None
    return value


def _urls(obj: dict[str, Any], keys: tuple[str, ...], where: str, found: Findings) -> None:
    for key in keys:
        value = _string(obj, key, where, found)
        check_url(value, f"{where}{key}", found, None)


def _people(obj: dict[str, Any], where: str, found: Findings) -> None:
    authors = obj.get("authors")
    if authors is None:
        return
    if not isinstance(authors, list) or not all(isinstance(a, dict) for a in authors):
        found.add("jsonfeed-invalid-value", f"{where}authors must be an array of objects")
        return
    for index, author in enumerate(authors):
        _urls(author, ("url", "avatar"), f"{where}authors[{index}].", found)


def _item(item: Any, index: int, ids: dict[str, int], found: Findings) -> None:
    where = f"items[{index}]."
    if not isinstance(item, dict):
        found.add("jsonfeed-invalid-value", f"items[{index}] must be an object")
        return
    raw_id = item.get("id")
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        found.add("jsonfeed-item-missing-id", f"{where}id is missing")
    elif not isinstance(raw_id, (str, int, float)) or isinstance(raw_id, bool):
        found.add("jsonfeed-invalid-value", f"{where}id must be a string")
    else:
        # The spec asks for strings but allows numbers to be coerced.
        key = str(raw_id)
        if key in ids:
            found.add("jsonfeed-duplicate-id", f"{where}id {key[:80]!r} repeats items[{ids[key]}]")
        else:
            ids[key] = index
    for key in _ITEM_STRINGS:
        _string(item, key, where, found)
    if not isinstance(item.get("content_html"), str) and not isinstance(
        item.get("content_text"), str
    ):
        found.add(
            "jsonfeed-item-missing-content", f"items[{index}] needs content_html or content_text"
        )
    markup = item.get("content_html")
    if isinstance(markup, str):
        html.check_escaped(markup, f"{where}content_html", found, None)
    _urls(item, _ITEM_URLS, where, found)
    for key in ("date_published", "date_modified"):
        value = _string(item, key, where, found)
        if value is not None:
            for rule, message in check_rfc3339(value):
                found.add(rule, f"{where}{key}: {message}")
    _people(item, where, found)
    _attachments(item, where, found)


def _attachments(item: dict[str, Any], where: str, found: Findings) -> None:
    attachments = item.get("attachments")
    if attachments is None:
        return
    if not isinstance(attachments, list):
        found.add("jsonfeed-invalid-value", f"{where}attachments must be an array")
        return
    for index, attachment in enumerate(attachments):
        at = f"{where}attachments[{index}]"
        if not isinstance(attachment, dict):
            found.add("jsonfeed-attachment-invalid", f"{at} must be an object")
            continue
        for key in ("url", "mime_type"):
            if not isinstance(attachment.get(key), str) or not attachment[key].strip():
                found.add("jsonfeed-attachment-invalid", f"{at}.{key} is required")
        _urls(attachment, ("url",), f"{at}.", found)
        for key in ("size_in_bytes", "duration_in_seconds"):
            value = attachment.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0
            ):
                found.add("jsonfeed-attachment-invalid", f"{at}.{key} must be a number")


def check_jsonfeed(data: bytes, found: Findings, self_urls: tuple[str, ...]) -> bool:
    """Check a JSON Feed document; False when it is not JSON or not a JSON object."""
    feed = _load(data, found)
    if feed is None:
        return False
    if not isinstance(feed, dict):
        found.add("jsonfeed-invalid-value", "the top level must be a JSON object")
        return False
    version = feed.get("version")
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        found.add("jsonfeed-missing-version", f"version must be {VERSIONS[0]!r}")
    elif version not in VERSIONS:
        found.add("jsonfeed-unknown-version", f"version {version!r} is not 1 or 1.1")
    title = _string(feed, "title", "", found)
    if "title" in feed and title is None:
        pass  # wrong type already reported
    elif not (title or "").strip():
        found.add("jsonfeed-missing-title", "title is missing")
    _string(feed, "description", "", found)
    _urls(feed, _FEED_URLS, "", found)
    _people(feed, "", found)
    feed_url = feed.get("feed_url")
    if feed_url is None:
        found.add("jsonfeed-missing-feed-url", "feed_url should name the feed's own URL")
    elif isinstance(feed_url, str):
        check_self(feed_url, self_urls, found, None)
    items = feed.get("items")
    if not isinstance(items, list):
        found.add("jsonfeed-missing-items", "items must be an array (it may be empty)")
        return True
    ids: dict[str, int] = {}
    for index, item in enumerate(items):
        _item(item, index, ids, found)
    return True
