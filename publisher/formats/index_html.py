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
a:focus-visible, input:focus-visible, button:focus-visible {
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
.subscribe input { flex: 1 1 100%; min-width: 0; font: .9rem/1.4 ui-monospace, monospace;
  padding: .45rem .5rem; border: 1px solid var(--muted); border-radius: 4px;
  background: var(--box); color: var(--fg); }
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
  .subscribe input { flex-basis: auto; }
  .latest time { display: inline; margin-left: .5rem; }
}
"""

# Progressive enhancement: buttons exist only when the script runs, so nothing is dead
# without JavaScript. The clipboard API needs a secure context; select() is the fallback.
_JS = """
(function () {
  var status = document.getElementById("copy-status");
  document.querySelectorAll("input.feed-url").forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + input.getAttribute("data-name"));
    button.addEventListener("click", function () {
      input.focus();
      input.select();
      var done = function () { status.textContent = "Copied " + input.value; };
      var fallback = function () {
        var copied = false;
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
        if (copied) { done(); } else { status.textContent = "Press Ctrl+C or Cmd+C to copy"; }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, fallback);
      } else {
        fallback();
      }
    });
    input.parentNode.insertBefore(button, input.nextSibling);
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
) -> bytes:
    """The feeds' index page: descriptions, newest items, subscribe addresses, autodiscovery.

    ``opml_url`` defaults to ``index.opml`` beside the feed folders (``{feeds_url}/index.opml``).
    """
    if opml_url is None and feeds:
        opml_url = feeds[0].urls["rss"].rsplit("/", 2)[0] + "/" + OPML_NAME
    root = etree.Element("html", lang=language)
    _head(etree.SubElement(root, "head"), feeds, site_title, site_description, opml_url)
    body = etree.SubElement(root, "body")
    _add(body, "a", "Skip to the feeds", {"class": "skip", "href": "#main"})
    header = _add(body, "header")
    _add(header, "h1", f"{site_title}: feeds")
    if site_description:
        _add(header, "p", site_description)
    main = _add(body, "main", attrs={"id": "main"})
    intro = _add(main, "p", "Copy a feed’s address into your feed reader, or ")
    _add(
        intro, "a", "download the OPML list", {"href": OPML_NAME}, tail=" to add them all at once."
    )
    if len(feeds) > 1:
        nav = _add(main, "nav", attrs={"aria-labelledby": "toc-title"})
        _add(nav, "h2", "Feeds on this page", {"id": "toc-title"})
        items = _add(nav, "ul")
        for feed in feeds:
            _add(_add(items, "li"), "a", feed.title, {"href": f"#feed-{feed.slug}"})
    for feed in feeds:
        _section(main, feed, latest)
    footer = _add(body, "footer")
    _add(footer, "p", "Generated by publisher.", {"class": "muted"})
    _add(footer, "p", None, {"id": "copy-status", "class": "sr-only", "role": "status"})
    _add(body, "script", _JS)
    return etree.tostring(
        root, method="html", encoding="utf-8", doctype="<!DOCTYPE html>", pretty_print=True
    )


def _head(
    head: etree._Element,
    feeds: Sequence[Feed],
    title: str,
    description: str,
    opml_url: str | None,
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
    # An empty icon: otherwise browsers fetch /favicon.ico, which we do not publish.
    _add(head, "link", attrs={"rel": "icon", "href": "data:,"})
    _add(head, "style", _CSS)


def _section(main: etree._Element, feed: Feed, latest: int) -> None:
    anchor = f"feed-{feed.slug}"
    section = _add(main, "section", attrs={"class": "feed", "id": anchor,
                                           "aria-labelledby": f"{anchor}-title"})  # fmt: skip
    _add(section, "h2", feed.title, {"id": f"{anchor}-title"})
    if feed.description and feed.description != feed.title:
        _add(section, "p", feed.description)
    home = _add(section, "p", None, {"class": "muted"})
    _add(home, "a", f"{feed.title} on the web", {"href": feed.link})

    _add(section, "h3", "Subscribe")
    table = _add(section, "dl", attrs={"class": "subscribe"})
    for url, _media_type, label in feed_urls(feed):
        field_id = f"{anchor}-{label.split()[0].lower()}"
        row = _add(table, "div")
        _add(_add(row, "dt"), "label", label, {"for": field_id})
        cell = _add(row, "dd")
        _add(cell, "input", attrs={
            "id": field_id, "class": "feed-url", "type": "url", "readonly": "",
            "value": url, "data-name": f"{feed.title} {label} address",
        })  # fmt: skip
        _add(cell, "a", "Open", {"href": url, "aria-label": f"Open {feed.title} {label} feed"})

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
