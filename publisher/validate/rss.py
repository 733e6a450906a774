"""RSS 2.0 rules (and the basic checks made on RSS 0.9x and 1.0)."""

from __future__ import annotations

import re
from email.utils import getaddresses
from urllib.parse import unquote

from lxml import etree

from publisher.validate import extensions, feedsync, html
from publisher.validate.rules import Findings
from publisher.validate.timestamps import check_rfc822
from publisher.validate.values import (
    ATOM_NS,
    HTTP_URL,
    MIME,
    check_address,
    check_integer,
    check_iri,
    check_link_attributes,
    check_self,
    check_url,
    has_bad_chars,
    is_absolute,
    language_problem,
    line_of,
    text_of,
    uri_problem,
)

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_ENCODED = f"{{{CONTENT_NS}}}encoded"
_ATOM_LINK = f"{{{ATOM_NS}}}link"


_CHANNEL_ONCE = frozenset(
    [
        "title",
        "link",
        "description",
        "language",
        "copyright",
        "managingEditor",
        "webMaster",
        "pubDate",
        "lastBuildDate",
        "generator",
        "docs",
        "cloud",
        "ttl",
        "image",
        "rating",
        "textInput",
        "skipHours",
        "skipDays",
    ]
)
_CHANNEL = _CHANNEL_ONCE | {"category", "item"}
_ITEM_ONCE = frozenset(
    ["title", "link", "description", "author", "comments", "guid", "pubDate", "source"]
)
_ITEM = _ITEM_ONCE | {"category", "enclosure"}
_CHILDREN = {
    "image": frozenset(["url", "title", "link", "width", "height", "description"]),
    "textInput": frozenset(["title", "description", "name", "link"]),
    "skipHours": frozenset(("hour",)),
    "skipDays": frozenset(("day",)),
    "cloud": frozenset(),
}
_ATTRIBUTES = {
    "guid": frozenset(("isPermaLink",)),
    "enclosure": frozenset(("url", "length", "type")),
    "source": frozenset(("url",)),
    "category": frozenset(("domain",)),
    "cloud": frozenset(("domain", "port", "path", "registerProcedure", "protocol")),
}
_FORM_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9:._-]*")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*")


def _language_problem(value: str) -> str | None:
    # RSS 2.0 takes RFC 1766 tags: no i-/x- private forms, unlike xml:lang.
    if not _LANGUAGE.fullmatch(value):
        return "is not a language tag such as en or en-us"
    return language_problem(value)


def _email(value: str, what: str, found: Findings, line: int | None) -> None:
    """author, managingEditor, webMaster: ``addr@example.org (Name)``.

    An address written another way (``Name <addr>``, no name) is legal but draws a
    warning; a value with no address at all is an error.
    """
    value = value.strip()
    if value.startswith("mailto:"):
        value = unquote(value[7:])
    if value.find("@") <= 0:
        found.add(
            "rss-invalid-email",
            f"{what} must be an email address such as 'addr@example.org (Name)', not {value!r}",
            line,
        )
        return
    if not value.endswith(")"):
        found.add(
            "rss-email-missing-name",
            f"{what} {value[:80]!r} should read 'addr@example.org (Name)'",
            line,
        )
        return
    addresses = getaddresses([value])
    address = addresses[0][1] if len(addresses) == 1 else value
    check_address(address, what, "rss-invalid-email", found, line)


def _date(value: str, what: str, found: Findings, line: int | None) -> None:
    for rule, message in check_rfc822(value):
        found.add(rule, f"{what}: {message}", line)


def _subelements(
    element: etree._Element, found: Findings, spaces: set[str] | None = None
) -> list[etree._Element]:
    allowed = _CHILDREN[element.tag]
    kids = [kid for kid in element if isinstance(kid.tag, str)]
    seen: set[str] = set()
    for kid in kids:
        if kid.tag.startswith("{"):
            if spaces is not None:
                extensions.check(kid, element.tag, found, spaces)
            continue
        if len(kid):
            extensions.markup_in_text(kid, f"{element.tag} {kid.tag}", found)
        if kid.tag not in allowed:
            found.add("rss-unknown-element", f"{element.tag} has no {kid.tag!r}", line_of(kid))
        elif kid.tag in seen and element.tag in ("image", "textInput"):
            found.add(
                "rss-duplicate-element", f"{element.tag} has more than one {kid.tag}", line_of(kid)
            )
        seen.add(kid.tag)
    return kids


def _skip(element: etree._Element, found: Findings) -> None:
    kids = _subelements(element, found)
    is_hours = element.tag == "skipHours"
    rule = "rss-invalid-skiphours" if is_hours else "rss-invalid-skipdays"
    seen: set[str] = set()
    for kid in kids:
        value = text_of(kid).strip()
        if kid.tag not in ("hour", "day"):
            continue
        valid = (
            value.isascii() and value.isdigit() and int(value) <= 24 if is_hours else value in _DAYS
        )
        if valid and is_hours and int(value) == 24:
            found.add("rss-skiphours-24", "skipHours hour 24: write 0 for midnight", line_of(kid))
        if not valid:
            expected = "an hour from 0 to 23" if is_hours else "a day such as Monday"
            found.add(rule, f"{kid.tag} {value!r} is not {expected}", line_of(kid))
        if valid and is_hours:
            value = str(int(value) % 24)  # 24 is midnight, the same hour as 0
        if valid and value in seen:
            found.add(rule, f"{kid.tag} {value!r} is listed twice", line_of(kid))
        seen.add(value)
    if not is_hours and not kids:
        found.add(rule, "skipDays lists no day", line_of(element))
    if len(kids) > (24 if is_hours else 7):
        found.add(rule, f"{element.tag} lists {len(kids)} entries", line_of(element))


def _image(image: etree._Element, found: Findings, spaces: set[str]) -> None:
    kids = {kid.tag: kid for kid in _subelements(image, found, spaces)}
    for name in ("url", "title", "link"):
        if name not in kids:
            found.add("rss-image-missing-element", f"image has no {name}", line_of(image))
    for name in ("url", "link"):
        if name in kids:
            check_url(text_of(kids[name]), f"image {name}", found, line_of(kids[name]))
    for name, high in (("width", 144), ("height", 400)):
        if name in kids:
            value = text_of(kids[name]).strip()
            if not (value.isascii() and value.isdigit() and 1 <= int(value) <= high):
                found.add(
                    "rss-image-invalid-size",
                    f"image {name} {value[:20]!r} must be a whole number from 1 to {high}",
                    line_of(kids[name]),
                )


def _text_input(element: etree._Element, found: Findings, spaces: set[str]) -> None:
    kids = {kid.tag: kid for kid in _subelements(element, found, spaces)}
    for name in ("title", "description", "name", "link"):
        if name not in kids:
            found.add("rss-textinput-invalid", f"textInput has no {name}", line_of(element))
    if "name" in kids and not _FORM_NAME.fullmatch(text_of(kids["name"]).strip()):
        found.add(
            "rss-textinput-invalid",
            f"textInput name {text_of(kids['name']).strip()[:40]!r} is not a form field name",
            line_of(kids["name"]),
        )
    if "link" in kids:
        check_url(text_of(kids["link"]), "textInput link", found, line_of(kids["link"]))


def _cloud(element: etree._Element, found: Findings) -> None:
    line = line_of(element)
    for attr in ("domain", "port", "path", "registerProcedure", "protocol"):
        if element.get(attr) is None:
            found.add("rss-cloud-invalid", f"cloud has no {attr}", line)
    check_integer(element.get("port"), "cloud port", found, line, low=1, high=65535)


def _attributes(element: etree._Element, found: Findings) -> None:
    allowed = _ATTRIBUTES.get(element.tag, frozenset())
    for key in element.attrib:
        name = str(key)
        if not name.startswith("{") and name not in allowed:
            found.add(
                "unknown-attribute", f"{element.tag} has no attribute {name!r}", line_of(element)
            )


def _link(value: str, what: str, found: Findings, line: int | None) -> None:
    check_url(value, what, found, line)
    if not value.isascii():
        found.add(
            "url-invalid", f"{what} {value.strip()[:80]!r} must be a URI: percent-encode it", line
        )


def _enclosure(enclosure: etree._Element, found: Findings) -> None:
    line = line_of(enclosure)
    for attr in ("url", "length", "type"):
        if enclosure.get(attr) is None:
            found.add("rss-enclosure-missing-attribute", f"enclosure has no {attr}", line)
    url = enclosure.get("url")
    before = len(found.items)
    check_url(url, "enclosure url", found, line)
    if url is not None and len(found.items) == before and not HTTP_URL.match(url.strip()):
        found.add(
            "url-invalid",
            f"enclosure url {url.strip()[:80]!r} must be an http(s) URL to a named host",
            line,
        )
    length = enclosure.get("length")
    if length is not None and not (length.isascii() and length.strip().isdigit()):
        found.add("rss-enclosure-invalid-length", f"enclosure length {length!r}", line)
    kind = enclosure.get("type")
    if kind is not None and not MIME.fullmatch(kind.strip()):
        found.add("rss-enclosure-invalid-type", f"enclosure type {kind!r} is not a MIME type", line)


def _self_href(href: str, found: Findings, line: int | None) -> None:
    value = href.strip()
    if value and not has_bad_chars(value) and not is_absolute(value):
        found.add(
            "self-link-relative",
            f"self link {value[:80]!r} is relative; write the feed's full URL",
            line,
        )
    else:
        check_url(href, "atom:link self href", found, line)


def _atom_link(link: etree._Element, found: Findings) -> None:
    """An atom:link in RSS: an href (absolute for the self link), a MIME type, a language."""
    line = line_of(link)
    href = link.get("href")
    if href is None:
        found.add("atom-link-missing-href", "atom:link has no href", line)
    elif link.get("rel") == "self":
        _self_href(href, found, line)
    else:
        check_iri(href, "atom:link href", found, line)
    check_link_attributes(link, "atom:link", found, line)


def _guid(guid: etree._Element, found: Findings, guids: dict[str, int]) -> None:
    value = text_of(guid).strip()
    line = line_of(guid)
    flag = guid.get("isPermaLink", "true").strip()
    if flag not in ("true", "false"):
        found.add("rss-guid-invalid-ispermalink", f"isPermaLink {flag!r}", line)
    elif flag == "true":
        problem = uri_problem(value, absolute=True, iri=False)
        if problem is None and value[:4].lower() in ("tag:", "urn:"):
            problem = ("", "is an id, not a link")
        if problem is not None:
            found.add(
                "rss-guid-permalink-not-url",
                f"guid {value[:80]!r} is a permalink (the default) but {problem[1]}; "
                'add isPermaLink="false"',
                line,
            )
    if value in guids:
        found.add(
            "rss-duplicate-guid",
            f"guid {value[:80]!r} was used by the item on line {guids[value]}",
            line,
        )
    else:
        guids[value] = line or 0


def _item(
    item: etree._Element,
    found: Findings,
    guids: dict[str, int],
    spaces: set[str],
    legacy: bool = False,
) -> None:
    present: dict[str, etree._Element] = {}
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        line = line_of(child)
        if tag.startswith("{"):
            if tag == _ENCODED:
                html.check_escaped(text_of(child), "content:encoded", found, line)
            elif tag == _ATOM_LINK:
                _atom_link(child, found)
            extensions.check(child, "item", found, spaces)
            continue
        if child.attrib:
            _attributes(child, found)
        if tag not in _ITEM:
            found.add("rss-unknown-element", f"item has no {tag!r} in RSS 2.0", line)
            continue
        if len(child):
            extensions.markup_in_text(child, f"item {tag}", found)
        if tag in present and tag in _ITEM_ONCE:
            found.add("rss-duplicate-element", f"item has more than one {tag}", line)
        present.setdefault(tag, child)
        if tag in ("link", "comments"):
            _link(text_of(child), f"item {tag}", found, line)
        elif tag == "description":
            html.check_escaped(text_of(child), "description", found, line)
        elif tag == "author":
            _email(text_of(child), "author", found, line)
        elif tag == "enclosure":
            _enclosure(child, found)
        elif tag == "guid":
            _guid(child, found, guids)
        elif tag == "pubDate":
            _date(text_of(child), "item pubDate", found, line)
        elif tag == "source":
            if child.get("url") is None:
                found.add("missing-attribute", "source has no url", line)
            check_url(child.get("url"), "source url", found, line)
    if "title" not in present and "description" not in present:
        found.add(
            "rss-item-missing-title-or-description",
            "item needs a title or a description",
            line_of(item),
        )
    if "guid" not in present and not legacy:
        found.add("rss-item-missing-guid", "item has no guid", line_of(item))


def _channel_child(child: etree._Element, found: Findings, spaces: set[str]) -> None:
    tag, line = child.tag, line_of(child)
    if tag not in _CHILDREN and len(child):
        extensions.markup_in_text(child, f"channel {tag}", found)
    value = text_of(child).strip() if tag not in _CHILDREN else ""
    if tag in ("link", "docs"):
        _link(value, f"channel {tag}", found, line)
    elif tag in ("pubDate", "lastBuildDate"):
        _date(value, f"channel {tag}", found, line)
    elif tag == "ttl" and not (value.isascii() and value.isdigit() and int(value) > 0):
        found.add("rss-invalid-ttl", f"ttl {value!r} is not a number of minutes", line)
    elif tag == "language" and (problem := _language_problem(value)) is not None:
        found.add("rss-invalid-language", f"language {value[:40]!r} {problem}", line)
    elif tag in ("managingEditor", "webMaster"):
        _email(value, tag, found, line)
    elif tag == "image":
        _image(child, found, spaces)
    elif tag in ("skipHours", "skipDays"):
        _skip(child, found)
    elif tag == "textInput":
        _text_input(child, found, spaces)
    elif tag == "cloud":
        _subelements(child, found)
        _cloud(child, found)
    elif tag in _CHILDREN:
        _subelements(child, found)


def check_rss2(
    root: etree._Element, found: Findings, self_urls: tuple[str, ...], legacy: bool = False
) -> None:
    """All RSS 2.0 rules on a parsed ``<rss>`` document.

    ``legacy`` (RSS 0.91 and 0.92) leaves out the advice about what those versions
    did not have: guids and the atom:link self link.
    """
    version = (root.get("version") or "").strip()
    if version not in ("2.0", "2.00", "2.0.1", "0.91", "0.92"):
        found.add("rss-invalid-version", f"rss version {version!r}; expected 2.0", line_of(root))
    channel = root.find("channel")
    if channel is None:
        found.add("rss-missing-channel", "rss has no channel element", line_of(root))
        return
    for kid in root:
        if kid.tag == "channel" and kid is not channel:
            found.add("rss-duplicate-element", "rss has more than one channel", line_of(kid))
        elif isinstance(kid.tag, str) and kid.tag != "channel" and not kid.tag.startswith("{"):
            found.add(
                "rss-unknown-element",
                f"rss holds <{kid.tag}> outside the channel; everything belongs inside it",
                line_of(kid),
            )
    present: set[str] = set()
    spaces: set[str] = set()
    guids: dict[str, int] = {}
    self_links: list[etree._Element] = []
    stray = (channel.text or "").strip() or next(
        ((kid.tail or "").strip() for kid in channel if (kid.tail or "").strip()), ""
    )
    if stray:
        found.add("unexpected-text", f"channel holds stray text {stray[:40]!r}", line_of(channel))
    for child in channel:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag.startswith("{"):
            if tag == _ATOM_LINK:
                if child.get("rel") == "self":
                    self_links.append(child)
                else:
                    _atom_link(child, found)
            extensions.check(child, "channel", found, spaces)
        elif tag == "item":
            _item(child, found, guids, spaces, legacy)
        elif tag not in _CHANNEL:
            found.add("rss-unknown-element", f"channel has no {tag!r} in RSS 2.0", line_of(child))
        else:
            if tag in present and tag in _CHANNEL_ONCE:
                found.add(
                    "rss-duplicate-element", f"channel has more than one {tag}", line_of(child)
                )
            present.add(tag)
            _channel_child(child, found, spaces)
    for name in ("title", "link", "description"):
        if name not in present:
            found.add(f"rss-missing-channel-{name}", f"channel has no {name}", line_of(channel))
    if not self_links and not legacy:
        found.add(
            "rss-missing-atom-self-link",
            'add <atom:link rel="self" type="application/rss+xml" href="..."/> to the channel',
            line_of(channel),
        )
    for link in self_links:
        _atom_link(link, found)
    if self_links:
        check_self(self_links[0].get("href"), self_urls, found, line_of(self_links[0]))
    feedsync.check_unique_ids(root, found)
