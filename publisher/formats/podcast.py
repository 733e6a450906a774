"""A podcast's RSS feed: the iTunes and Podcasting 2.0 tags on the channel and each episode.

Added to the tree feedgen wrote (``formats/rss.py`` calls ``add_podcast_tags`` for a
feed with ``Feed.podcast``), in the order Apple's documentation lists them, with
``itunes:owner``'s name before its email and subcategories nested in their category.
Feeds that are not podcasts (``all``, tag feeds) carry an episode as a plain enclosure:
iTunes tags in them would make validators and Apple treat them as incomplete podcasts.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from publisher.episode_fields import CHAPTERS_TYPE
from publisher.model import Article, Feed, PodcastShow

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
NAMESPACES = {"itunes": ITUNES_NS, "podcast": PODCAST_NS}
# Apple takes show and episode art as JPEG or PNG, named so.
ARTWORK_SUFFIXES = (".jpg", ".jpeg", ".png")


def _itunes(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> None:
    element = etree.SubElement(parent, f"{{{ITUNES_NS}}}{name}", attrs)
    element.text = text


def _podcast(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> None:
    element = etree.SubElement(parent, f"{{{PODCAST_NS}}}{name}", attrs)
    element.text = text


def with_namespaces(root: etree._Element) -> etree._Element:
    """``root`` again with the itunes and podcast prefixes declared on it (once, at the
    top, rather than on every element)."""
    # An RSS root has prefixed namespaces only (RSS itself has none).
    nsmap = {str(prefix): uri for prefix, uri in root.nsmap.items() if prefix} | NAMESPACES
    attrib = {str(key): str(value) for key, value in root.attrib.items()}
    made = etree.Element(root.tag, attrib, nsmap=nsmap)
    made.text = root.text
    made.extend(list(root))
    return made


def add_podcast_tags(root: etree._Element, feed: Feed) -> etree._Element:
    """The RSS document with the show's tags in its channel and each episode's in its item."""
    show = feed.podcast
    assert show is not None
    root = with_namespaces(root)
    channel = root.find("channel")
    assert channel is not None  # feedgen always writes one
    first_item = channel.find("item")
    block = etree.Element("block")
    _channel_tags(block, show)
    for element in list(block):
        if first_item is not None:
            first_item.addprevious(element)
        else:
            channel.append(element)
    # feedgen writes the items in the feed's order.
    for item, article in zip(channel.iterfind("item"), feed.items, strict=True):
        _item_tags(item, article)
    return root


def _channel_tags(channel: etree._Element, show: PodcastShow) -> None:
    _itunes(channel, "author", show.author)
    owner = etree.SubElement(channel, f"{{{ITUNES_NS}}}owner")
    _itunes(owner, "name", show.owner.name)
    _itunes(owner, "email", show.owner.email)
    _itunes(channel, "image", href=show.artwork.url)
    for name, subcategory in show.categories:
        category = etree.SubElement(channel, f"{{{ITUNES_NS}}}category", text=name)
        if subcategory:
            etree.SubElement(category, f"{{{ITUNES_NS}}}category", text=subcategory)
    _itunes(channel, "explicit", "true" if show.explicit else "false")
    _itunes(channel, "type", show.type)
    if show.complete:
        _itunes(channel, "complete", "Yes")
    _podcast(channel, "guid", show.guid)
    if show.locked is not None:
        _podcast(channel, "locked", "yes" if show.locked else "no", owner=show.owner.email or "")
    for url, text in show.funding:
        _podcast(channel, "funding", text, url=url)


def _item_tags(item: etree._Element, article: Article) -> None:
    episode = article.episode
    enclosure = article.enclosure
    if episode is None or enclosure is None:
        return  # an article in the podcast's category that is no episode: Apple skips it
    if enclosure.duration:
        _itunes(item, "duration", str(enclosure.duration))
    if episode.explicit is not None:
        _itunes(item, "explicit", "true" if episode.explicit else "false")
    if episode.number is not None:
        _itunes(item, "episode", str(episode.number))
    if episode.season is not None:
        _itunes(item, "season", str(episode.season))
    if episode.episode_type:
        _itunes(item, "episodeType", episode.episode_type)
    if article.image and urlsplit(article.image).path.lower().endswith(ARTWORK_SUFFIXES):
        _itunes(item, "image", href=article.image)
    if episode.season is not None:
        _podcast(item, "season", str(episode.season))
    if episode.number is not None:
        _podcast(item, "episode", str(episode.number))
    for transcript in episode.transcripts:
        attrs = {"url": transcript.url, "type": transcript.type}
        if transcript.language:
            attrs["language"] = transcript.language
        if transcript.rel:
            attrs["rel"] = transcript.rel
        _podcast(item, "transcript", **attrs)
    if episode.chapters:
        _podcast(item, "chapters", url=episode.chapters, type=CHAPTERS_TYPE)
    for person in episode.people:
        extra = {
            key: value
            for key, value in (
                ("role", person.role), ("group", person.group),
                ("href", person.href), ("img", person.img),
            )
            if value
        }  # fmt: skip
        _podcast(item, "person", person.name, **extra)
