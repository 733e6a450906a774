"""Apple Podcasts (``itunes:``) tags: where each may appear, and its value.

Values follow Apple's podcast RSS requirements: ``explicit`` is true or false
(any case), ``block`` is Yes/No, ``type`` episodic/serial,
``episodeType`` full/trailer/bonus, episode and season numbers are positive,
durations are seconds or [H:]MM:SS, images are absolute http(s) URLs, and
categories come from Apple's list (the pre-2019 names draw a warning).
"""

from __future__ import annotations

import re

from lxml import etree

from publisher.apple_categories import CATEGORIES, OLD_CATEGORIES
from publisher.validate.rules import Findings
from publisher.validate.values import (
    EMAIL,
    check_integer,
    check_url,
    is_absolute,
    line_of,
    local,
    text_of,
)

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


_BOTH = frozenset(
    ("author", "block", "explicit", "keywords", "subtitle", "summary", "image", "title")
)
_CHANNEL = _BOTH | {"owner", "category", "new-feed-url", "type", "complete", "pubDate"}
_ITEM = _BOTH | {"duration", "episode", "season", "episodeType", "isClosedCaptioned", "order"}
_REPEATABLE = frozenset(("category",))
_LIMITS = {"subtitle": 255, "keywords": 255, "author": 255, "summary": 4000}
_DURATION = re.compile(r"\d+(?::[0-5]\d(?::[0-5]\d)?)?")
_ENUMS = {
    "explicit": ("true", "false"),
    "block": ("yes", "no", "clean"),
    "type": ("episodic", "serial"),
    "episodeType": ("full", "trailer", "bonus"),
    "isClosedCaptioned": ("yes", "no"),
    "complete": ("yes", "no"),
}
# Apple writes these in lower case only, and readers compare them as written.
_EXACT = frozenset(("type", "episodeType"))


def _own(element: etree._Element) -> str:
    """The element's own namespace in Clark notation: a near-miss of ITUNES_NS still counts."""
    return str(element.tag).rsplit("}", 1)[0] + "}"


def _invalid(element: etree._Element, message: str, found: Findings) -> None:
    found.add("itunes-invalid-value", message, line_of(element))


def _category(element: etree._Element, parent: str | None, found: Findings) -> None:
    text = element.get("text")
    if text is None:
        found.add("missing-attribute", "itunes:category has no text", line_of(element))
        return
    current = CATEGORIES.get(parent, ()) if parent else tuple(CATEGORIES)
    old = OLD_CATEGORIES.get(parent, ()) if parent else tuple(OLD_CATEGORIES)
    if text not in current:
        if text in old:
            found.add(
                "itunes-obsolete-category",
                f"itunes:category {text!r} is from Apple's old list",
                line_of(element),
            )
        else:
            where = f"under {parent!r}" if parent else "at the top level"
            _invalid(element, f"itunes:category {text!r} is not one of Apple's {where}", found)
    for sub in element.iterchildren(f"{_own(element)}category"):
        if parent is None:
            _category(sub, text, found)
        else:
            found.add(
                "extension-unknown-element",
                "itunes:category nests one level only (a category and its subcategory)",
                line_of(sub),
            )


def _value(element: etree._Element, name: str, found: Findings) -> None:
    value = text_of(element)
    if name in _ENUMS:
        if (value.strip() if name in _EXACT else value.lower()) not in _ENUMS[name]:
            allowed = ", ".join(_ENUMS[name])
            _invalid(element, f"itunes:{name} {value[:30]!r} must be one of {allowed}", found)
    elif name == "new-feed-url":
        check_url(value, "itunes:new-feed-url", found, line_of(element), iri=False)
    elif name in ("episode", "season"):
        check_integer(value, f"itunes:{name}", found, line_of(element), low=1)
    elif name == "duration" and not _DURATION.fullmatch(value.strip()):
        _invalid(element, f"itunes:duration {value[:30]!r} must be seconds or HH:MM:SS", found)
    elif name in _LIMITS and len(value) > _LIMITS[name]:
        _invalid(
            element, f"itunes:{name} is {len(value)} characters; at most {_LIMITS[name]}", found
        )
    elif name == "image":
        href = element.get("href")
        if href is None:
            found.add("missing-attribute", "itunes:image has no href", line_of(element))
        elif not href.lower().startswith(("http://", "https://")) or not is_absolute(href):
            found.add(
                "url-not-absolute",
                f"itunes:image href {href[:80]!r} must be a full http(s) URL",
                line_of(element),
            )
    elif name == "owner":
        email = element.find(f"{_own(element)}email")
        if email is None:
            _invalid(element, "itunes:owner needs an itunes:email", found)
        elif not EMAIL.fullmatch(text_of(email).strip()):
            _invalid(
                email,
                f"itunes:email {text_of(email).strip()[:60]!r} is not an email address",
                found,
            )
    elif name == "category":
        _category(element, None, found)


def check(element: etree._Element, where: str, found: Findings) -> None:
    """Check one ``itunes:`` element met in a channel or item (or Atom feed or entry)."""
    name = local(element.tag)
    allowed = (
        _CHANNEL if where in ("channel", "feed") else _ITEM if where in ("item", "entry") else None
    )
    if allowed is None or name not in allowed:
        found.add(
            "extension-unknown-element", f"{where} cannot hold itunes:{name}", line_of(element)
        )
        return
    if (
        name not in _REPEATABLE
        and next(element.itersiblings(element.tag, preceding=True), None) is not None
    ):
        found.add(
            "extension-duplicate-element",
            f"{where} has more than one itunes:{name}",
            line_of(element),
        )
    _value(element, name, found)
