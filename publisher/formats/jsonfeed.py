"""Feed -> JSON Feed 1.1 bytes: the same items, ids, dates and content as the XML feeds."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from publisher.model import Article, Author, Feed

VERSION = "https://jsonfeed.org/version/1.1"


# What the ``_translations`` extension of an item is (JSON Feed asks extensions to say).
TRANSLATIONS_ABOUT = "https://pypi.org/project/publisher/#translations"


def json_url(feed: Feed) -> str:
    """The feed's JSON Feed URL: ``urls["json"]``, else ``feed.json`` beside the Atom feed."""
    return feed.urls.get("json") or feed.urls["atom"].rsplit("/", 1)[0] + "/feed.json"


def render_jsonfeed(feed: Feed) -> bytes:
    """The JSON Feed 1.1 document for ``feed``, UTF-8, indented, ending in a newline."""
    document: dict[str, Any] = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": feed.link,
        "feed_url": json_url(feed),
        "description": feed.description or feed.title,
        "language": feed.language,
    }
    if feed.icon:
        # JSON Feed wants square images: the icon (not the wide logo) serves both.
        document["icon"] = feed.icon.url
        document["favicon"] = feed.icon.url
    if feed.authors:
        document["authors"] = [_person(a) for a in feed.authors]
    if feed.hub:
        document["hubs"] = [{"type": "WebSub", "url": feed.hub}]
    document["items"] = [_item(article) for article in feed.items]
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode("utf-8")


def _item(article: Article) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": article.id,
        "url": article.link,
        "title": article.title,
        # Always present: the spec needs content_html or content_text on every item.
        "content_html": article.content_html or "",
    }
    if article.summary:
        item["summary"] = article.summary
    if article.image:
        item["image"] = article.image
    if article.episode is not None and article.enclosure is not None:
        item["attachments"] = [_attachment(article)]
    item["date_published"] = _date(article.published)
    item["date_modified"] = _date(article.updated)
    if article.authors:
        item["authors"] = [_person(a) for a in article.authors]
    # Category first, then tags, as the XML feeds list them; repeats dropped.
    named = (article.category, *article.more_categories, *article.tags)
    tags = list(dict.fromkeys(name for name in named if name))
    item["tags"] = tags
    if article.translations:
        # JSON Feed has no hreflang: an extension object (its keys start with "_"),
        # which readers that do not know it ignore.
        item["_translations"] = {
            "about": TRANSLATIONS_ABOUT,
            "alternates": [{"language": lang, "url": url} for lang, url in article.translations],
        }
    return item


def _attachment(article: Article) -> dict[str, Any]:
    """An episode's media file as a JSON Feed attachment (what podcast clients play)."""
    enclosure = article.enclosure
    assert enclosure is not None
    attachment: dict[str, Any] = {"url": enclosure.url, "mime_type": enclosure.type}
    if enclosure.length:
        attachment["size_in_bytes"] = enclosure.length
    if enclosure.duration:
        attachment["duration_in_seconds"] = enclosure.duration
    return attachment


def _person(author: Author) -> dict[str, str]:
    # JSON Feed authors have no email field: their page, else a mailto: URL, is the url.
    person = {"name": author.name}
    if author.url:
        person["url"] = author.url
    elif author.email:
        person["url"] = f"mailto:{author.email}"
    if author.avatar:
        person["avatar"] = author.avatar
    return person


def _date(when: datetime) -> str:
    # The same RFC 3339 text feedgen writes into Atom (offset kept as written).
    return when.isoformat()
