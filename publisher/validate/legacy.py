"""Basic checks for RSS 0.9x and RSS 1.0: recognized, reported as not RSS 2.0."""

from __future__ import annotations

from lxml import etree

from publisher.validate.rules import Findings
from publisher.validate.values import check_url, line_of, local, text_of

RSS10_NS = "http://purl.org/rss/1.0/"
RSS090_NS = "http://my.netscape.com/rdf/simple/0.9/"


def check_legacy(root: etree._Element, found: Findings, label: str) -> None:
    """Basic checks for RSS 0.9x and RSS 1.0: channel title/link/description, item titles."""
    found.add(
        "rss-not-rss2",
        f"{label}: only basic checks were made; RSS 2.0 is preferred",
        line_of(root),
    )
    if local(root.tag) == "rss":
        ns, channel = "", root.find("channel")
        items = channel.findall("item") if channel is not None else []
    else:
        ns = RSS090_NS if root.find(f"{{{RSS090_NS}}}channel") is not None else RSS10_NS
        channel = root.find(f"{{{ns}}}channel")
        items = root.findall(f"{{{ns}}}item")
    if channel is None:
        found.add("rss-missing-channel", "no channel element", line_of(root))
        return
    prefix = f"{{{ns}}}" if ns else ""
    needed = ("title", "link") if ns == RSS090_NS else ("title", "link", "description")
    for name in needed:
        if channel.find(prefix + name) is None:
            found.add(f"rss-missing-channel-{name}", f"channel has no {name}", line_of(channel))
    for item in items:
        if item.find(prefix + "title") is None and item.find(prefix + "description") is None:
            found.add(
                "rss-item-missing-title-or-description",
                "item needs a title or a description",
                line_of(item),
            )
        link = item.find(prefix + "link")
        if link is not None:
            check_url(text_of(link), "item link", found, line_of(link))
