"""The only module that imports feedgen: a Feed -> a configured FeedGenerator.

Works around feedgen 1.0's traps (DESIGN.md): every date is set (it would stamp the
wall clock), links are added self first and alternate last (RSS takes the last one),
entries are appended in our order, and each setter is called once, here.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator

from publisher.formats import by_kind
from publisher.model import Article, Author, Feed, FeedImage

Format = Literal["rss", "atom"]

# RSS 2.0 <image>: at most 144 pixels wide and 400 high; the validator takes only these types.
RSS_IMAGE_MAX = (144, 400)
RSS_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif")


def build_generator(feed: Feed, fmt: Format) -> FeedGenerator:
    """A FeedGenerator holding every field of ``feed`` for one output format."""
    fg = FeedGenerator()
    if fmt == "rss":
        # dc:creator carries authors without an email, which RSS's <author> cannot.
        fg.load_extension("dc", atom=False, rss=True)
        fg.load_extension("media", atom=False, rss=True)
    fg.id(feed.feed_id or feed.urls["atom"])
    fg.title(feed.title)
    fg.subtitle(feed.description or feed.title)
    fg.link(href=feed.urls[fmt], rel="self", type=by_kind(fmt).media_type)
    if feed.hub and fmt == "atom":
        fg.link(href=feed.hub, rel="hub")
    fg.link(href=feed.link, rel="alternate", type="text/html")
    fg.language(feed.language)
    fg.generator(feed.generator, version=feed.generator_version or None,
                 uri=feed.generator_uri or None)  # fmt: skip
    fg.updated(_for(fmt, feed.updated))
    if fmt == "atom":
        if feed.icon:
            fg.icon(feed.icon.url)
        if feed.logo:
            fg.logo(feed.logo.url)  # (feedgen's logo() would also set the RSS image)
    elif image := rss_image(feed):
        width, height = rss_image_size(image)
        # Title and link default to the channel's, as the spec asks readers to expect.
        fg.image(url=image.url, width=width, height=height)
    authors = [_person(a) for a in feed.authors]
    if authors:
        fg.author(authors)
    editor = next((a for a in feed.authors if a.email), None)
    if fmt == "rss" and editor:
        fg.managingEditor(rss_person(editor))
    for article in feed.items:
        _add_entry(fg, article, fmt)
    return fg


def _add_entry(fg: FeedGenerator, article: Article, fmt: Format) -> None:
    fe = fg.add_entry(order="append")
    fe.id(article.id)
    fe.guid(article.id, permalink=article.id == article.link)
    fe.title(article.title)
    if fmt == "rss":
        # Atom entry links are written by formats.atom: feedgen drops their rel and type.
        fe.link(href=article.link, rel="alternate", type="text/html")
    fe.published(_for(fmt, article.published))
    fe.updated(_for(fmt, article.updated))
    fe.content(article.content_html or "", type="html")
    if article.summary and fmt == "rss":
        # RSS description holds HTML, so plain text is escaped as HTML once here
        # (then once more as XML by the serializer): "a < b" stays "a < b" for readers.
        fe.description(html.escape(article.summary, quote=False))
    elif article.summary:
        fe.summary(article.summary)  # Atom: type="text", plain as it is
    for name in (article.category, *article.more_categories):
        if name:
            fe.category({"term": name, "label": name})
    for tag in article.tags:
        fe.category({"term": tag, "label": tag})
    if fmt == "atom":
        if article.authors:
            fe.author([_person(a) for a in article.authors])
        return
    # RSS <author> must be an email; a single author with one goes there, every
    # other case (no email, several authors) is written as dc:creator so no name is lost.
    if len(article.authors) == 1 and article.authors[0].email:
        fe.author(_person(article.authors[0]))
    else:
        for author in article.authors:
            fe.dc.dc_creator(author.name, replace=False)
    enclosure = article.enclosure
    if enclosure and article.episode is not None:
        # An episode's media is the enclosure podcast apps download; its image, a thumbnail.
        fe.enclosure(url=enclosure.url, length=str(enclosure.length or 0), type=enclosure.type)
        if article.image:
            fe.media.thumbnail({"url": article.image}, group=None)
    elif enclosure:
        # Length 0 means "unknown" (RSS Best Practices); media:content carries the type too.
        fe.enclosure(url=enclosure.url, length=str(enclosure.length or 0), type=enclosure.type)
        media: dict[str, str] = {"url": enclosure.url, "type": enclosure.type, "medium": "image"}
        if enclosure.length:
            media["fileSize"] = str(enclosure.length)
        fe.media.content(media, group=None)
        fe.media.thumbnail({"url": enclosure.url}, group=None)


def rss_image(feed: Feed) -> FeedImage | None:
    """The image RSS readers show beside the feed: the logo, else the icon (PNG/JPEG/GIF only)."""
    for image in (feed.logo, feed.icon):
        if image and urlsplit(image.url).path.lower().endswith(RSS_IMAGE_SUFFIXES):
            return image
    return None


def rss_image_size(image: FeedImage) -> tuple[str | None, str | None]:
    """Width and height for RSS ``<image>``: the file's, scaled down to fit 144 x 400.

    Unknown (a remote file) gives neither; readers then assume 88 x 31.
    """
    if not image.width or not image.height:
        return None, None
    scale = min(1.0, RSS_IMAGE_MAX[0] / image.width, RSS_IMAGE_MAX[1] / image.height)
    width = max(1, round(image.width * scale))
    height = max(1, round(image.height * scale))
    return str(width), str(height)


def rss_person(author: Author) -> str:
    """``email (Name)``, the RSS 2.0 form."""
    return f"{author.email} ({author.name})"


def _person(author: Author) -> dict[str, str]:
    person = {"name": author.name}
    if author.email:
        person["email"] = author.email
    if author.url:
        person["uri"] = author.url  # Atom <uri>; RSS has no place for it
    return person


def _for(fmt: Format, when: datetime) -> datetime:
    # RSS dates go out in UTC ("+0000"): zones like +0545 draw validator warnings.
    return when.astimezone(UTC) if fmt == "rss" else when
