"""A second catalog of realistic mistakes, written after the rules were tuned on the first.

``bench/mistakes.py`` grew together with the validator's rules: every kind there
was scored, and rules were fixed until we agreed with the W3C on each. The kinds
below were written afterwards, none of them looked at beforehand, and scored once
as a held-out check (see bench/README.md); their kind ids start with ``heldout/``.
"""

# One mistake per line reads (and diffs) better than wrapped calls.
# ruff: noqa: E501

from __future__ import annotations

import re

from mistakes import (
    Mistake,
    Seed,
    _item,
    append_html,
    attribute,
    duplicate,
    first,
    insert,
    only,
    regex,
    value,
)


def _rss_date(new: str) -> Mistake:
    return first(
        only("rss", value("item", "pubDate", new)),
        only("rss", insert("item", f"<pubDate>{new}</pubDate>")),
    )


def _atom_updated(new: str) -> Mistake:
    return only("atom", value("item", "updated", new))


def _two_alternates_without_type(seed: Seed) -> bytes | None:
    if seed.family != "atom" or _item(seed) is None:
        return None
    return insert(
        "item", '<link href="https://example.org/a"/><link href="https://example.org/b"/>'
    )(seed)


# fmt: off
HELD_OUT: dict[str, tuple[str, Mistake]] = {
    "heldout/rss-date-minus-zero": ("zone -0000 (legal)", _rss_date("Wed, 01 May 2024 12:00:00 -0000")),
    "heldout/rss-date-est": ("zone EST (legal)", _rss_date("Wed, 01 May 2024 12:00:00 EST")),
    "heldout/rss-date-gmt-plus": ("zone GMT+2", _rss_date("Wed, 01 May 2024 12:00:00 GMT+2")),
    "heldout/rss-date-one-digit-offset": ("offset +1", _rss_date("Wed, 01 May 2024 12:00:00 +1")),
    "heldout/rss-date-date-only": ("pubDate a bare date", _rss_date("2024-05-01")),
    "heldout/rss-date-us-words": ("May 1, 2024", _rss_date("May 1, 2024")),
    "heldout/rss-date-german-month": ("German month Mai", _rss_date("Wed, 01 Mai 2024 12:00:00 +0000")),
    "heldout/rss-date-no-space-after-comma": ("no space after the comma", _rss_date("Wed,01 May 2024 12:00:00 +0000")),
    "heldout/rss-date-dashes": ("dashes between day, month and year", _rss_date("Wed, 01-May-2024 12:00:00 +0000")),
    "heldout/rss-date-ordinal": ("Wednesday 1st May 2024", _rss_date("Wednesday 1st May 2024")),
    "heldout/atom-date-offset-4-digits": ("offset +0000 in Atom", _atom_updated("2024-05-01T12:00:00.000+0000")),
    "heldout/atom-date-hour-offset": ("offset +05", _atom_updated("2024-05-01T12:00:00+05")),
    "heldout/atom-date-hour-25": ("hour 25 in Atom", _atom_updated("2024-05-01T25:00:00Z")),
    "heldout/atom-date-feb-30": ("30 February in Atom", _atom_updated("2024-02-30T12:00:00Z")),
    "heldout/atom-date-space-before-z": ("space before Z", _atom_updated("2024-05-01T12:00:00 Z")),
    "heldout/rss-link-fragment": ("item link a fragment", only("rss", value("item", "link", "#post-1"))),
    "heldout/rss-link-mailto": ("channel link a mailto: URL", only("rss", value("head", "link", "mailto:editor@example.org"))),
    "heldout/rss-link-one-slash": ("https:/ with one slash", only("rss", value("item", "link", "https:/example.org/post"))),
    "heldout/rss-link-scheme-only": ("link http:// and nothing", only("rss", value("item", "link", "http://"))),
    "heldout/rss-link-port": ("link with a port (legal)", only("rss", value("item", "link", "https://example.org:8443/post/1"))),
    "heldout/rss-link-idn": ("link with a non-ASCII host", only("rss", value("item", "link", "https://bücher.example/neu"))),
    "heldout/atom-link-template": ("href with template braces", only("atom", insert("item", '<link rel="related" href="https://example.org/{id}"/>'))),
    "heldout/atom-enclosure-no-length": ("enclosure link without length (legal)", only("atom", insert("item", '<link rel="enclosure" type="audio/mpeg" href="https://cdn.example.org/a.mp3"/>'))),
    "heldout/atom-two-self-links": ("two self links", only("atom", insert("head", '<link rel="self" href="https://example.org/feed.atom"/><link rel="self" href="https://example.org/feed2.atom"/>'))),
    "heldout/atom-two-alternates-untyped": ("two alternate links without type", _two_alternates_without_type),
    "heldout/enclosure-type-m4a": ("enclosure type audio/x-m4a (legal)", only("rss", insert("item", '<enclosure url="https://cdn.example.org/a.m4a" length="1234" type="audio/x-m4a"/>', at_end=True))),
    "heldout/enclosure-type-params": ("enclosure type with a parameter", only("rss", insert("item", '<enclosure url="https://cdn.example.org/a.mp3" length="1234" type="audio/mpeg; codecs=mp3"/>', at_end=True))),
    "heldout/enclosure-ftp": ("enclosure on ftp://", only("rss", insert("item", '<enclosure url="ftp://files.example.org/a.mp3" length="1234" type="audio/mpeg"/>', at_end=True))),
    "heldout/enclosure-length-spaces": ("enclosure length with spaces", only("rss", insert("item", '<enclosure url="https://cdn.example.org/a.mp3" length=" 1234 " type="audio/mpeg"/>', at_end=True))),
    "heldout/cdata-ampersand": ("raw & inside CDATA (legal)", only("rss", value("item", "description", lambda v: v + " Q&A", cdata=True))),
    "heldout/title-cdata-markup": ("markup in a CDATA title", only("rss", value("item", "title", lambda v: "<![CDATA[<b>" + v + "</b>]]>" if "<" not in v and "&" not in v else None, cdata=False))),
    "heldout/xhtml-script": ("script in xhtml content", only("atom", insert("item", '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi</p><script>x()</script></div></summary>', at_end=True))),
    "heldout/two-channels": ("two channels", only("rss", regex(r"</channel>", "</channel><channel><title>B</title><link>https://example.org/b</link><description>B</description></channel>"))),
    "heldout/atom-two-authors": ("two authors in an entry (legal)", only("atom", insert("item", "<author><name>Ana</name></author><author><name>Ben</name></author>"))),
    "heldout/dc-bound-to-dcterms": ("dc: prefix bound to the dcterms namespace", regex(r'xmlns:dc="http://purl\.org/dc/elements/1\.1/"', 'xmlns:dc="http://purl.org/dc/terms/"')),
    "heldout/atom-ns-trailing-slash": ("atom: prefix with a trailing slash on the namespace", only("rss", regex(r'xmlns:atom="http://www\.w3\.org/2005/Atom"', 'xmlns:atom="http://www.w3.org/2005/Atom/"'))),
    "heldout/media-ns-rss-suffix": ("media namespace ending in /rss", regex(r"http://search\.yahoo\.com/mrss/", "http://search.yahoo.com/mrss/rss")),
    "heldout/itunes-keywords-long": ("itunes:keywords of 300 characters", only("rss", insert("item", "<itunes:keywords>" + ",".join(["keyword"] * 38) + "</itunes:keywords>"), podcast=True)),
    "heldout/itunes-season-words": ("itunes:season 'Season 2'", only("rss", insert("item", "<itunes:season>Season 2</itunes:season>"), podcast=True)),
    "heldout/itunes-duration-minutes-75": ("itunes:duration 1:75:00", only("rss", insert("item", "<itunes:duration>1:75:00</itunes:duration>"), podcast=True)),
    "heldout/itunes-duration-negative": ("itunes:duration -1", only("rss", insert("item", "<itunes:duration>-1</itunes:duration>"), podcast=True)),
    "heldout/itunes-explicit-empty": ("empty itunes:explicit", only("rss", insert("item", "<itunes:explicit></itunes:explicit>"), podcast=True)),
    "heldout/itunes-category-three-deep": ("itunes:category nested three deep", only("rss", insert("head", '<itunes:category text="Arts"><itunes:category text="Food"><itunes:category text="Baking"/></itunes:category></itunes:category>'), podcast=True)),
    "heldout/slash-comments-negative": ("slash:comments -1", only("rss", insert("item", '<slash:comments xmlns:slash="http://purl.org/rss/1.0/modules/slash/">-1</slash:comments>'))),
    "heldout/slash-department-in-channel": ("slash:department in the channel", only("rss", insert("head", '<slash:department xmlns:slash="http://purl.org/rss/1.0/modules/slash/">news</slash:department>'))),
    "heldout/wfw-comment-relative": ("wfw:comment relative", only("rss", insert("item", '<wfw:comment xmlns:wfw="http://wellformedweb.org/CommentAPI/">/comments/12</wfw:comment>'))),
    "heldout/thr-total-words": ("thr:total 'many'", only("atom", insert("item", '<thr:total xmlns:thr="http://purl.org/syndication/thread/1.0">many</thr:total>'))),
    "heldout/georss-point-comma": ("georss:point with a comma", insert("item", '<georss:point xmlns:georss="http://www.georss.org/georss">45.256,-71.92</georss:point>')),
    "heldout/geo-long-200": ("geo:long 200", insert("item", '<geo:long xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#">200</geo:long>')),
    "heldout/media-filesize-negative": ("media:content fileSize -1", insert("item", '<media:content xmlns:media="http://search.yahoo.com/mrss/" url="https://cdn.example.org/v.mp4" fileSize="-1"/>')),
    "heldout/media-thumbnail-height-auto": ("media:thumbnail height auto", insert("item", '<media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="https://cdn.example.org/t.jpg" height="auto"/>')),
    "heldout/media-player-no-url": ("media:player without url", insert("item", '<media:player xmlns:media="http://search.yahoo.com/mrss/" height="360"/>')),
    "heldout/dcterms-modified-rfc822": ("dcterms:modified in RFC 822", insert("item", '<dcterms:modified xmlns:dcterms="http://purl.org/dc/terms/">Wed, 01 May 2024 12:00:00 +0000</dcterms:modified>')),
    "heldout/dc-subject-markup": ("markup in dc:subject", insert("item", '<dc:subject xmlns:dc="http://purl.org/dc/elements/1.1/">News <i>today</i></dc:subject>')),
    "heldout/encoding-latin1-alias": ("encoding written latin-1", regex(r'^(<\?xml\s[^>]*encoding=["\'])[Uu][Tt][Ff]-8', r"\1latin-1")),
    "heldout/encoding-iso8859-no-dash": ("encoding iso8859-1", regex(r'^(<\?xml\s[^>]*encoding=["\'])[Uu][Tt][Ff]-8', r"\1iso8859-1")),
    "heldout/nel-character": ("a NEL (U+0085) in a title", first(value("item", "title", lambda v: v + "\u0085" if "<" not in v else None), value("head", "title", lambda v: v + "\u0085"))),
    "heldout/zero-width-space": ("a zero-width space in a title (legal)", first(value("item", "title", lambda v: v + "\u200b!" if "<" not in v else None), value("head", "title", lambda v: v + "\u200b!"))),
    "heldout/tab-in-title": ("a tab in a title (legal)", first(value("item", "title", lambda v: v.replace(" ", "\t", 1) if " " in v and "<" not in v else None), value("head", "title", lambda v: v + "\t!"))),
    "heldout/item-empty-description-only": ("item with only an empty description", only("rss", regex(r"</channel>", "<item><description></description></item></channel>"))),
    "heldout/atom-content-text-plain": ("content type text/plain (legal)", only("atom", insert("item", '<content type="text/plain">Plain words.</content>', at_end=True))),
    "heldout/atom-subtitle-empty": ("empty subtitle (legal)", only("atom", insert("head", "<subtitle></subtitle>"))),
    "heldout/atom-category-empty-term": ("category with an empty term", only("atom", insert("item", '<category term=""/>'))),
    "heldout/atom-generator-uri-relative": ("generator uri relative (legal)", only("atom", insert("head", '<generator uri="/about">site</generator>'))),
    "heldout/duplicate-media-title": ("media:title twice", insert("item", '<media:title xmlns:media="http://search.yahoo.com/mrss/">A</media:title><media:title xmlns:media="http://search.yahoo.com/mrss/">B</media:title>')),
    "heldout/rss-comments-twice": ("comments twice in an item", only("rss", duplicate("item", "comments"))),
    "heldout/rss-onmouseover": ("onmouseover in content:encoded (a warning)", only("rss", append_html("item", "content:encoded", '<img src="https://example.org/a.png" onmouseover="x()">'))),
    "heldout/image-link-relative": ("channel image link relative", only("rss", regex(r"(<image>(?:(?!</image>).)*?<link>)\s*https?://[^/<]+", r"\1", flags=re.DOTALL))),
    "heldout/guid-ispermalink-empty": ("isPermaLink empty", only("rss", first(attribute("item", "guid", "isPermaLink", ""), regex(r"<guid>", '<guid isPermaLink="">')))),
}
# fmt: on
