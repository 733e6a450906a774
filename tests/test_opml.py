"""OPML 2.0 subscription list: a real OPML parser (listparser) reads every feed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml import etree

from publisher.formats.opml import render_opml
from publisher.model import Feed

listparser = pytest.importorskip("listparser", reason="pip install listparser (test extra)")

WHEN = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _feed(slug: str, title: str, description: str = "") -> Feed:
    base = f"https://site.example/feeds/{slug}/"
    return Feed(
        slug=slug,
        title=title,
        description=description,
        link=f"https://site.example/{slug}/",
        urls={"rss": base + "rss.xml", "atom": base + "atom.xml"},
        language="de-CH",
        updated=WHEN,
        items=(),
    )


FEEDS = [
    _feed("all", "Site & <Co>", "Everything “we” write"),
    _feed("technology", "Site: Technology", "Chips, fabs"),
    _feed("mir", "Site: Мир", ""),
]


def _render(**overrides) -> bytes:
    args = {"title": "Site & <Co> feeds", "owner_name": "Desk", "date_modified": WHEN}
    return render_opml(FEEDS, **{**args, **overrides})


def test_listparser_reads_every_feed_without_errors():
    result = listparser.parse(_render())
    assert not result.bozo, result.get("bozo_exception")
    assert result.meta.title == "Site & <Co> feeds"
    assert result.meta.author.name == "Desk"
    assert result.meta.modified_parsed == WHEN
    assert [(f.url, f.title) for f in result.feeds] == [(f.urls["rss"], f.title) for f in FEEDS]


def test_outline_attributes():
    root = etree.fromstring(_render())
    assert root.tag == "opml" and root.get("version") == "2.0"
    outlines = root.findall("body/outline")
    assert dict(outlines[0].attrib) == {
        "type": "rss",
        "version": "RSS",
        "text": "Site & <Co>",
        "title": "Site & <Co>",
        "xmlUrl": "https://site.example/feeds/all/rss.xml",
        "htmlUrl": "https://site.example/all/",
        "description": "Everything “we” write",
        "language": "de-CH",
    }
    # A feed without a description falls back to its title (never an empty attribute).
    assert outlines[2].get("description") == "Site: Мир"


def test_date_is_the_argument_in_rfc822_gmt_never_the_clock():
    plus = datetime(2026, 3, 2, 13, 45, tzinfo=timezone(timedelta(hours=5, minutes=45)))
    root = etree.fromstring(_render(date_modified=plus))
    assert root.findtext("head/dateModified") == "Mon, 02 Mar 2026 08:00:00 GMT"
    assert _render() == _render()
    with pytest.raises(ValueError, match="timezone-aware"):
        _render(date_modified=WHEN.replace(tzinfo=None))


def test_owner_is_optional_and_empty_list_is_valid():
    root = etree.fromstring(render_opml([], title="T", owner_name=None, date_modified=WHEN))
    assert root.find("head/ownerName") is None
    assert root.find("body") is not None
    result = listparser.parse(
        render_opml(
            [replace(FEEDS[0], title="Ünï")], title="T", owner_name=None, date_modified=WHEN
        )
    )
    assert not result.bozo and result.feeds[0].title == "Ünï"
