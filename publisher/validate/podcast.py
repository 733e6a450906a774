"""Podcast rules: the Podcasting 2.0 namespace's values, and what the podcast platforms
refuse in a feed that is otherwise valid.

Called once per RSS 2.0 document (``check_podcast``, from ``validate/__init__``'s
dispatch). ``podcast:`` elements are checked against the namespace's specification
wherever they appear (errors). A feed that is a podcast (its channel holds an
``itunes:`` or ``podcast:`` element) is also held to Apple Podcasts' published
requirements: show artwork, category, explicit flag and language, and on every episode
an enclosure with a type Apple takes, a byte length and an http(s) URL used once.
What a platform refuses is a ``platform`` finding, shown and counted apart from errors
(the feed breaks no specification); ``itunes:`` values are checked in ``itunes.py``.

Artwork is judged by its URL unless the caller can read the image (``ArtworkReader``:
a local file in a build, or ``validate --fetch-images``): then its format and pixel
size are read from its bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from lxml import etree

from publisher.errors import TargetUnreadable
from publisher.sources.imagesize import HEAD_BYTES, image_size
from publisher.validate.itunes import ITUNES_NS
from publisher.validate.rules import Findings
from publisher.validate.values import (
    EMAIL,
    HTTP_URL,
    MIME,
    is_absolute,
    line_of,
    local,
    text_of,
)

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
_P = f"{{{PODCAST_NS}}}"
_I = f"{{{ITUNES_NS}}}"

# The leading bytes of the image at an artwork URL; None when the reader does not read
# it (a URL elsewhere); TargetUnreadable when it tried and the image is not there.
ArtworkReader = Callable[[str], bytes | None]
# Enough for any artwork Apple takes (it recommends well under 1 MB).
ARTWORK_MAX_BYTES = 20_000_000

# Apple Podcasts' enclosure types (Podcasts Connect's RSS requirements).
APPLE_MEDIA_TYPES = frozenset(
    ("audio/x-m4a", "audio/mpeg", "video/quicktime", "video/mp4", "video/x-m4v", "application/pdf")
)
ARTWORK_SUFFIXES = (".jpg", ".jpeg", ".png")
ARTWORK_MIN, ARTWORK_MAX = 1400, 3000
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_MEDIUMS = frozenset(
    ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog", "publisher", "course")
)
_CHANNEL_ONLY = frozenset(("guid", "locked", "medium", "podroll", "updateFrequency", "podping"))
_ITEM_ONLY = frozenset(("transcript", "chapters", "season", "episode", "soundbite"))
_ONCE = frozenset(("guid", "locked", "medium", "chapters", "season", "episode"))


def _invalid(element: etree._Element, message: str, found: Findings) -> None:
    found.add("podcast-invalid-value", message, line_of(element))


# The W3C service does not read this namespace, so a feed with any mistake in it passes
# there: every finding here is podcast-invalid-value, a warning, never an error.
def _url(element: etree._Element, attribute: str, name: str, found: Findings) -> None:
    url = (element.get(attribute) or "").strip()
    if url and not HTTP_URL.match(url):
        _invalid(element, f"podcast:{name} {attribute} {url[:80]!r} is not an http(s) URL", found)


def _required_url(element: etree._Element, name: str, found: Findings) -> None:
    if element.get("url") is None:
        _invalid(element, f"podcast:{name} has no url", found)
    else:
        _url(element, "url", name, found)


def _mime_attribute(element: etree._Element, name: str, found: Findings) -> None:
    kind = element.get("type")
    if kind is None:
        _invalid(element, f"podcast:{name} has no type", found)
    elif not MIME.fullmatch(kind.strip()):
        _invalid(element, f"podcast:{name} type {kind[:40]!r} is not a media type", found)


def _value(element: etree._Element, name: str, found: Findings) -> None:
    """One ``podcast:`` element's value and attributes, as the namespace specifies them."""
    value = text_of(element).strip()
    if name == "guid" and not _UUID.fullmatch(value):
        _invalid(element, f"podcast:guid {value[:40]!r} is not a UUID", found)
    elif name == "locked":
        if value not in ("yes", "no"):
            _invalid(element, f"podcast:locked {value[:20]!r} must be yes or no", found)
        owner = element.get("owner")
        if owner is not None and not EMAIL.fullmatch(owner.strip()):
            _invalid(element, f"podcast:locked owner {owner[:60]!r} is not an email", found)
    elif name in ("transcript", "chapters"):
        _required_url(element, name, found)
        _mime_attribute(element, name, found)
    elif name == "funding":
        _required_url(element, name, found)
    elif name == "person":
        if not value:
            _invalid(element, "podcast:person has no name", found)
        for attr in ("href", "img"):
            _url(element, attr, "person", found)
    elif name == "season" and not (value.isascii() and value.isdigit()):
        _invalid(element, f"podcast:season {value[:20]!r} must be a whole number", found)
    elif name == "episode" and not _DECIMAL.fullmatch(value):
        _invalid(element, f"podcast:episode {value[:20]!r} must be a number", found)
    elif name == "medium" and value.removesuffix("L") not in _MEDIUMS:
        _invalid(element, f"podcast:medium {value[:30]!r} is not a medium the spec lists", found)


def _namespace_elements(parent: etree._Element, where: str, found: Findings) -> None:
    seen: set[str] = set()
    for element in parent.iterchildren(f"{_P}*"):
        name = local(element.tag)
        wrong = _ITEM_ONLY if where == "channel" else _CHANNEL_ONLY
        if name in wrong:
            _invalid(element, f"{where} cannot hold podcast:{name}", found)
            continue
        if name in _ONCE and name in seen:
            _invalid(element, f"{where} has more than one podcast:{name}", found)
        seen.add(name)
        _value(element, name, found)


# Channel tags only a podcast has (a blog's feed may carry itunes:author and no more).
_SHOW_TAGS = frozenset(
    f"{_I}{name}" for name in ("image", "category", "explicit", "owner", "type", "new-feed-url")
)


def is_podcast(channel: etree._Element) -> bool:
    """A channel that declares itself a podcast: an itunes: or podcast: element in it, and
    a show's tag (artwork, category, explicit, owner, type, any podcast: element) or an
    audio or video enclosure."""
    tags = {child.tag for child in channel if isinstance(child.tag, str)}
    if not any(tag.startswith((_I, _P)) for tag in tags):
        return False
    if tags & _SHOW_TAGS or any(tag.startswith(_P) for tag in tags):
        return True
    return any(
        (enclosure.get("type") or "").strip().lower().startswith(("audio/", "video/"))
        for enclosure in channel.iterfind("item/enclosure")
    )


def artwork_findings(url: str, head: bytes | None) -> list[tuple[str, str]]:
    """(rule, message) about show artwork at ``url``, whose leading bytes are ``head``
    when they could be read: JPEG or PNG, square, 1400 to 3000 pixels a side."""
    if head is None:
        if not urlsplit(url).path.lower().endswith(ARTWORK_SUFFIXES):
            return [("podcast-artwork-format", f"artwork {url[:80]!r} is not named .jpg or .png")]
        return []
    kind = "PNG" if head.startswith(b"\x89PNG") else "JPEG" if head[:3] == b"\xff\xd8\xff" else None
    if kind is None:
        return [("podcast-artwork-format", f"artwork {url[:80]!r} is not a JPEG or PNG image")]
    size = image_size(head)
    if size is None:
        return [("podcast-artwork-format", f"artwork {url[:80]!r}: its {kind} header is damaged")]
    width, height = size
    if width != height or not ARTWORK_MIN <= width <= ARTWORK_MAX:
        return [
            (
                "podcast-artwork-size",
                f"artwork is {width}x{height} pixels; Apple takes squares of "
                f"{ARTWORK_MIN} to {ARTWORK_MAX} pixels",
            )
        ]
    return []


def _show(channel: etree._Element, found: Findings, read: ArtworkReader | None) -> None:
    """Apple's required show tags, and the artwork."""
    image = channel.find(f"{_I}image")
    href = image.get("href") if image is not None else None
    if image is None or not href:
        found.add(
            "podcast-missing-artwork",
            "a podcast needs itunes:image (square JPEG or PNG artwork)",
            line_of(channel),
        )
    elif is_absolute(href.strip()):
        try:
            head = read(href.strip()) if read is not None else None
        except TargetUnreadable as exc:
            found.add(
                "podcast-missing-artwork",
                f"artwork {href.strip()[:80]!r} cannot be fetched: {exc.message}",
                line_of(image),
            )
            head = b""
        for rule, message in artwork_findings(href.strip(), head) if head != b"" else []:
            found.add(rule, message, line_of(image))
    for name, what in (("category", "itunes:category"), ("explicit", "itunes:explicit")):
        if channel.find(f"{_I}{name}") is None:
            found.add(f"podcast-missing-{name}", f"a podcast needs {what}", line_of(channel))
    language = channel.find("language")
    if language is None or not text_of(language).strip():
        found.add("podcast-missing-language", "a podcast needs language", line_of(channel))
    # An itunes:owner without its email is itunes.py's error; none at all, a warning.
    if channel.find(f"{_I}owner") is None:
        found.add(
            "podcast-missing-owner-email",
            "no itunes:owner with an itunes:email for Apple to write to about the show",
            line_of(channel),
        )


def _episodes(channel: etree._Element, found: Findings) -> None:
    """Each episode's enclosure: present, of a type Apple takes, sized, at a URL used once."""
    items = channel.findall("item")
    if not items:
        found.add(
            "podcast-no-episodes",
            "a podcast needs at least one episode to be listed",
            line_of(channel),
        )
    urls: dict[str, int] = {}
    for item in items:
        enclosure = item.find("enclosure")
        if enclosure is None:
            found.add(
                "podcast-enclosure-missing",
                "an episode without an enclosure: podcast apps skip it",
                line_of(item),
            )
            continue
        line = line_of(enclosure)
        kind = (enclosure.get("type") or "").strip().lower()
        # A type that is no media type at all is rss-enclosure-invalid-type's.
        if kind and MIME.fullmatch(kind) and kind not in APPLE_MEDIA_TYPES:
            found.add(
                "podcast-enclosure-type",
                f"enclosure type {kind[:40]!r} is not one Apple Podcasts takes",
                line,
            )
        length = (enclosure.get("length") or "").strip()
        if length.isascii() and length.isdigit() and int(length) == 0:
            found.add(
                "podcast-enclosure-length",
                "enclosure length is 0: give the file's size in bytes",
                line,
            )
        url = (enclosure.get("url") or "").strip()
        if not url or not is_absolute(url):
            continue  # url-not-absolute says so
        if url in urls:
            found.add(
                "podcast-duplicate-enclosure-url",
                f"enclosure url {url[:80]!r} is also the episode's on line {urls[url]}",
                line,
            )
        else:
            urls[url] = line or 0


def check_podcast(root: etree._Element, found: Findings, read: ArtworkReader | None) -> None:
    """The Podcasting 2.0 values of an RSS 2.0 document, and, when it is a podcast, what
    the platforms require."""
    channel = root.find("channel")
    if channel is None:
        return
    _namespace_elements(channel, "channel", found)
    for item in channel.iterfind("item"):
        _namespace_elements(item, "item", found)
    if not is_podcast(channel):
        return
    _show(channel, found, read)
    _episodes(channel, found)


def fetching_reader(timeout: float) -> ArtworkReader:
    """An ``ArtworkReader`` that fetches each artwork URL once (``validate --fetch-images``)."""
    from publisher.validate.fetch import fetch

    seen: dict[str, bytes] = {}

    def read(url: str) -> bytes | None:
        if url not in seen:
            fetched = fetch(url, timeout=timeout, max_bytes=ARTWORK_MAX_BYTES, accept="image/*")
            seen[url] = fetched.data[:HEAD_BYTES]
        return seen[url]

    return read
