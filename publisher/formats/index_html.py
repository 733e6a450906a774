"""Feeds -> ``index.html``: a page people can open, with autodiscovery links for readers.

Self-contained (inline CSS, no external resources), readable on a phone, usable
without JavaScript; a tiny inline script only adds "Copy" buttons.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from publisher.formats import FEED_FORMATS, OPML_MEDIA_TYPE, OPML_NAME
from publisher.formats.jsonfeed import json_url
from publisher.model import Feed

# Contrast: text 16:1, muted 7:1, links 8:1 (light) and above 7:1 (dark), AA everywhere.
_CSS = """
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1b1b; --muted: #555;
  --link: #0b57d0; --line: #d0d0d0; --box: #f4f4f4; --focus: #b34700; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #ececec; --muted: #b8b8b8; --link: #8ab4f8;
    --line: #444; --box: #1e1e1e; --focus: #ffb86b; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.5rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; margin: 0 0 .25rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
a { color: var(--link); text-underline-offset: .15em; }
a:focus-visible, button:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; }
.skip:focus { left: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
.muted, time { color: var(--muted); }
nav ul { padding-left: 1.2rem; }
section.feed { border-top: 1px solid var(--line); padding: 1.25rem 0; }
.subscribe { margin: 0; }
.subscribe div { margin: .5rem 0; }
.subscribe dt { font-weight: 600; }
.subscribe dd { margin: .15rem 0 0; display: flex; flex-wrap: wrap; gap: .4rem;
  align-items: center; }
.subscribe code { flex: 1 1 100%; min-width: 0; font: .9rem/1.4 ui-monospace, monospace;
  padding: .45rem .5rem; border: 1px solid var(--muted); border-radius: 4px;
  background: var(--box); color: var(--fg); overflow-wrap: anywhere; user-select: all; }
.logo { display: block; max-width: 144px; max-height: 96px; margin-bottom: .75rem; }
.feed-icon { width: 1.5rem; height: 1.5rem; vertical-align: -.25rem; margin-right: .4rem; }
.tags { padding-left: 1.2rem; }
.tags li { margin: .35rem 0; overflow-wrap: anywhere; }
button { font: inherit; padding: .4rem .8rem; border: 1px solid var(--muted);
  border-radius: 4px; background: var(--box); color: var(--fg); cursor: pointer; }
.latest { list-style: none; padding: 0; margin: 0; }
.latest li { margin: .35rem 0; overflow-wrap: anywhere; }
.latest time { display: block; font-size: .875rem; }
footer { padding-bottom: 2rem; font-size: .9rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media (min-width: 40rem) {
  .subscribe div { display: grid; grid-template-columns: 6rem 1fr; gap: .75rem;
    align-items: center; }
  .subscribe dd { margin: 0; flex-wrap: nowrap; }
  .subscribe code { flex-basis: auto; }
  .latest time { display: inline; margin-left: .5rem; }
}
"""

# Progressive enhancement: buttons exist only when the script runs, so nothing is dead
# without JavaScript. The clipboard API needs a secure context; select() is the fallback.
_JS = """
(function () {
  var status = document.getElementById("copy-status");
  document.querySelectorAll("code.feed-url").forEach(function (code) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + code.getAttribute("data-name"));
    button.addEventListener("click", function () {
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var url = code.textContent;
      var done = function () { status.textContent = "Copied " + url; };
      var fallback = function () {
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
        if (copied) { done(); } else { status.textContent = "Press Ctrl+C or Cmd+C to copy"; }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, fallback);
      } else {
        fallback();
      }
    });
    code.parentNode.insertBefore(button, code.nextSibling);
  });
})();
"""


def feed_urls(feed: Feed) -> list[tuple[str, str, str]]:
    """(absolute URL, media type, label) for each format of ``feed``: RSS, Atom, JSON Feed."""
    return [
        (json_url(feed) if fmt.kind == "json" else feed.urls[fmt.kind], fmt.media_type, fmt.label)
        for fmt in FEED_FORMATS
    ]


def render_index(
    feeds: Sequence[Feed],
    *,
    site_title: str,
    site_description: str,
    language: str,
    latest: int = 5,
    opml_url: str | None = None,
    icon: str | None = None,
    logo: str | None = None,
    languages: Sequence[tuple[str, str, str]] = (),
) -> bytes:
    """The feeds' index page: descriptions, newest items, subscribe addresses, autodiscovery.

    ``languages``: on a translated site, (tag, title, URL) of the other languages'
    index pages, linked from the header (and as ``hreflang`` alternates).

    ``opml_url`` defaults to ``index.opml`` beside the feed folders (``{feeds_url}/index.opml``).
    Tag feeds (``feed.tag`` set), then author feeds (``feed.author``), are listed
    compactly after the others, without autodiscovery links (a site may have hundreds).
    """
    if opml_url is None and feeds:
        opml_url = feeds[0].urls["rss"].rsplit("/", 2)[0] + "/" + OPML_NAME
    main_feeds = [f for f in feeds if f.tag is None and f.author is None]
    tag_feeds = [f for f in feeds if f.tag is not None]
    author_feeds = [f for f in feeds if f.author is not None]
    root = etree.Element("html", lang=language)
    head = etree.SubElement(root, "head")
    _head(head, main_feeds, site_title, site_description, opml_url, icon)
    body = etree.SubElement(root, "body")
    _add(body, "a", "Skip to the feeds", {"class": "skip", "href": "#main"})
    header = _add(body, "header")
    if logo or icon:
        _add(header, "img", attrs={"class": "logo", "src": logo or icon or "", "alt": ""})
    _add(header, "h1", f"{site_title}: feeds")
    if site_description:
        _add(header, "p", site_description)
    if languages:
        nav = _add(header, "nav", attrs={"aria-label": "Other languages"})
        items = _add(nav, "ul", attrs={"class": "languages"})
        for tag, title, url in languages:
            _add(
                _add(items, "li"),
                "a",
                f"{title} ({tag})",
                {"href": url, "hreflang": tag, "lang": tag},
            )
            _add(head, "link", attrs={"rel": "alternate", "hreflang": tag, "href": url})
    main = _add(body, "main", attrs={"id": "main"})
    intro = _add(main, "p", "Copy a feed’s address into your feed reader, or ")
    _add(
        intro, "a", "download the OPML list", {"href": OPML_NAME}, tail=" to add them all at once."
    )
    _add(main, "p", "Not sure which format to pick? Take RSS: every feed reader reads it.")
    if len(main_feeds) > 1 or tag_feeds or author_feeds:
        nav = _add(main, "nav", attrs={"aria-labelledby": "toc-title"})
        _add(nav, "h2", "Feeds on this page", {"id": "toc-title"})
        items = _add(nav, "ul")
        for feed in main_feeds:
            name = short_title(feed.title, site_title)
            _add(_add(items, "li"), "a", name, {"href": f"#feed-{feed.slug}"})
        if tag_feeds:
            _add(_add(items, "li"), "a", "Feeds by tag", {"href": "#tags"})
        if author_feeds:
            _add(_add(items, "li"), "a", "Feeds by author", {"href": "#authors"})
    for feed in main_feeds:
        _section(main, feed, latest, site_title, icon)
    if tag_feeds:
        _tags(main, tag_feeds)
    if author_feeds:
        _tags(main, author_feeds, "author")
    footer = _add(body, "footer")
    _add(footer, "p", "Generated by publisher.", {"class": "muted"})
    _add(footer, "p", None, {"id": "copy-status", "class": "sr-only", "role": "status"})
    _add(body, "script", _JS)
    return etree.tostring(
        root, method="html", encoding="utf-8", doctype="<!DOCTYPE html>", pretty_print=True
    )


def short_title(title: str, site_title: str) -> str:
    """A feed's title without the site's name in front (``Site: Technology`` -> ``Technology``).

    The page's own heading names the site once; a feed titled just the site's name is
    the one with every article.
    """
    if not site_title or not title.startswith(site_title):
        return title
    rest = title[len(site_title) :].lstrip(" :|·-–—»").strip()
    return rest[:1].upper() + rest[1:] if rest else "All articles"


def _head(
    head: etree._Element,
    feeds: Sequence[Feed],
    title: str,
    description: str,
    opml_url: str | None,
    icon: str | None,
) -> None:
    _add(head, "meta", attrs={"charset": "utf-8"})
    _add(head, "meta", attrs={"name": "viewport", "content": "width=device-width, initial-scale=1"})
    _add(head, "title", f"{title}: feeds")
    if description:
        _add(head, "meta", attrs={"name": "description", "content": description})
    # Readers take the first alternate link as the default: feeds come in the given
    # order ("all" first from plan_feeds), each as RSS, Atom and JSON Feed.
    for feed in feeds:
        for url, media_type, label in feed_urls(feed):
            attrs = {"rel": "alternate", "type": media_type, "title": f"{feed.title} ({label})"}
            _add(head, "link", attrs={**attrs, "href": url})
    if opml_url:
        # OPML 2.0's own autodiscovery convention (spec, note 8).
        attrs = {"rel": "outline", "type": OPML_MEDIA_TYPE, "title": f"{title} (OPML)"}
        _add(head, "link", attrs={**attrs, "href": opml_url})
    # Without an icon, an empty one: browsers would otherwise fetch /favicon.ico.
    _add(head, "link", attrs={"rel": "icon", "href": icon or "data:,"})
    _add(head, "style", _CSS)


def _section(
    main: etree._Element, feed: Feed, latest: int, site_title: str, site_icon: str | None
) -> None:
    anchor = f"feed-{feed.slug}"
    name = short_title(feed.title, site_title)
    section = _add(main, "section", attrs={"class": "feed", "id": anchor,
                                           "aria-labelledby": f"{anchor}-title"})  # fmt: skip
    heading = _add(section, "h2", name, {"id": f"{anchor}-title"})
    if feed.icon and feed.icon.url != site_icon:
        heading.text = None
        icon = {"class": "feed-icon", "src": feed.icon.url, "alt": ""}
        _add(heading, "img", None, icon, tail=name)
    if feed.description and feed.description != feed.title:
        _add(section, "p", feed.description)
    home = _add(section, "p", "Web page: ", {"class": "muted"})
    _add(home, "a", _without_scheme(feed.link), {"href": feed.link})

    _add(section, "h3", "Subscribe")
    table = _add(section, "dl", attrs={"class": "subscribe"})
    for url, _media_type, label in feed_urls(feed):
        row = _add(table, "div")
        _add(row, "dt", label)
        cell = _add(row, "dd")
        # Text, not an input: a long address wraps instead of being cut off on a phone.
        _add(cell, "code", url, {"class": "feed-url", "data-name": f"{name} {label} address"})
        _add(cell, "a", "Open", {"href": url, "aria-label": f"Open {name} as {label}"})

    _add(section, "h3", "Latest")
    if not feed.items:
        _add(section, "p", "No articles yet.", {"class": "muted"})
        return
    items = _add(section, "ul", attrs={"class": "latest"})
    for article in feed.items[:latest]:
        li = _add(items, "li")
        _add(li, "a", article.title, {"href": article.link}, tail=" ")
        # ISO dates: unambiguous in every language, and no locale in the output bytes.
        stamp = article.published
        _add(li, "time", stamp.date().isoformat(), {"datetime": stamp.isoformat()})


def _tags(main: etree._Element, feeds: Sequence[Feed], kind: str = "tag") -> None:
    """One line per tag (or author): its name and a link per format."""
    section_id = f"{kind}s"
    section = _add(main, "section", attrs={"class": "feed", "id": section_id,
                                           "aria-labelledby": f"{section_id}-title"})  # fmt: skip
    _add(section, "h2", f"Feeds by {kind}", {"id": f"{section_id}-title"})
    items = _add(section, "ul", attrs={"class": "tags"})
    for feed in feeds:
        name = feed.tag if kind == "tag" else feed.author
        li = _add(items, "li", attrs={"id": f"feed-{feed.slug}"})
        _add(li, "strong", name, tail=": ")
        for number, (url, _media_type, label) in enumerate(feed_urls(feed)):
            link = _add(li, "a", label, {"href": url, "aria-label": f"{label} of {name}"})
            link.tail = " · " if number < len(FEED_FORMATS) - 1 else None


def _without_scheme(url: str) -> str:
    return url.split("://", 1)[-1]


def _add(
    parent: etree._Element,
    tag: str,
    text: str | None = None,
    attrs: dict[str, str] | None = None,
    *,
    tail: str | None = None,
) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs or {})
    element.text = text
    element.tail = tail
    return element
