"""`publisher build` end to end: what a subscriber sees in every feed."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from html import unescape as html_unescape

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _two_categories(site):
    site.article(
        "technology/chips.md",
        """
        title: "Chips & <Dies>"
        id: "tag:site.example,2026-03-01:chips"
        date: 2026-03-01T10:00:00+05:45
        updated: 2026-03-02T08:00:00Z
        tags: [hardware, "fabs"]
        author: {name: "Zoë Ng", email: "zoe@site.example"}
        summary: "Plain summary with R&D."
        image: /img/chip.jpg
        """,
        """
        Intro with a [relative link](../../world/other/) and ![a chip](chip.png "Chip").

        ## Section

        - one
        - two

        <img src="x.png" srcset="a.png 1x, /b.png 2x" onerror="alert(1)"><script>alert(2)</script>
        """,
    )
    site.article(
        "world/summit.md",
        """
        title: Summit in Genève
        id: "tag:site.example,2026-02-01:summit"
        date: 2026-02-01 09:30
        author: Ana Souza
        """,
        "Delegates met in **Genève**. Prices rose 5 % < 10 %.",
    )


def test_build_is_silent_and_writes_every_feed(site):
    _two_categories(site)
    result = site.build()
    assert result.output == ""
    assert sorted(site.files()) == [
        ".publisher-manifest.json", "all/atom.xml", "all/feed.json", "all/rss.xml",
        "feed.css", "index.html", "index.opml",
        "technology/atom.xml", "technology/feed.json", "technology/rss.xml",
        "world/atom.xml", "world/feed.json", "world/rss.xml",
    ]  # fmt: skip


def test_rss_item_fields_round_trip(site, check_feed):
    _two_categories(site)
    site.build()
    feed = check_feed(
        site.feed("technology", "rss.xml"),
        self_url="https://site.example/feeds/technology/rss.xml",
    )
    assert feed.version == "rss20"
    assert feed.feed.title == "Test Site: Technology"
    assert feed.feed.link == "https://site.example/technology/"
    assert feed.feed.language == "en"
    item = feed.entries[0]
    assert item.title == "Chips & <Dies>"
    assert item.link == "https://site.example/technology/chips/"
    assert item.id == "tag:site.example,2026-03-01:chips"
    assert item.guidislink is False
    # RSS description is HTML: the plain summary arrives HTML-escaped, shown as "R&D".
    assert item.summary == "Plain summary with R&amp;D."
    assert item.author == "zoe@site.example (Zoë Ng)"
    assert [t.term for t in item.tags] == ["Technology", "hardware", "fabs"]
    assert item.published == "Sun, 01 Mar 2026 04:15:00 +0000"
    assert item.enclosures[0].href == "https://site.example/img/chip.jpg"
    html = item.content[0].value
    assert 'href="https://site.example/world/other/"' in html
    assert 'src="https://site.example/technology/chips/chip.png"' in html
    assert "<script" not in html and "onerror" not in html and "alert" not in html
    assert "<h2>Section</h2>" in html and "<li>one</li>" in html
    # feedparser's own sanitizer drops srcset, so look at what we wrote.
    raw = site.feed("technology", "rss.xml").decode()
    assert (
        'srcset="https://site.example/technology/chips/a.png 1x, https://site.example/b.png 2x"'
        in html_unescape(raw)
    )


def test_rss_author_without_email_becomes_dc_creator(site):
    _two_categories(site)
    site.build()
    root = etree.fromstring(site.feed("world", "rss.xml"))
    item = root.find("channel/item")
    assert item.find("author") is None
    assert item.findtext(f"{DC}creator") == "Ana Souza"


def test_atom_entry_fields_round_trip(site, check_feed):
    _two_categories(site)
    site.build()
    feed = check_feed(
        site.feed("technology", "atom.xml"),
        self_url="https://site.example/feeds/technology/atom.xml",
    )
    assert feed.version == "atom10"
    entry = feed.entries[0]
    assert entry.id == "tag:site.example,2026-03-01:chips"
    assert entry.link == "https://site.example/technology/chips/"
    assert entry.published == "2026-03-01T10:00:00+05:45"
    assert entry.updated == "2026-03-02T08:00:00+00:00"
    assert entry.author_detail == {"name": "Zoë Ng", "email": "zoe@site.example"}
    assert entry.content[0].type == "text/html"
    assert entry.summary == "Plain summary with R&D."
    root = etree.fromstring(site.feed("technology", "atom.xml"))
    links = root.findall(f"{ATOM}entry/{ATOM}link")
    assert [(x.get("rel"), x.get("type")) for x in links] == [
        ("alternate", "text/html"),
        ("enclosure", "image/jpeg"),
    ]


def test_feed_links_and_dates_come_from_items_never_the_clock(site):
    _two_categories(site)
    site.build()
    root = etree.fromstring(site.feed("all", "rss.xml"))
    channel = root.find("channel")
    # The channel link is the site, not the feed (feedgen takes the last link added).
    assert channel.findtext("link") == "https://site.example/"
    assert channel.find(f"{ATOM}link").get("href") == "https://site.example/feeds/all/rss.xml"
    # Newest item's updated time (chips: 2026-03-02T08:00Z), not the wall clock.
    assert channel.findtext("lastBuildDate") == "Mon, 02 Mar 2026 08:00:00 +0000"
    atom = etree.fromstring(site.feed("all", "atom.xml"))
    assert atom.findtext(f"{ATOM}updated") == "2026-03-02T08:00:00+00:00"
    self_link = atom.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "https://site.example/feeds/all/atom.xml"


def test_items_newest_first_ties_by_id_and_limited(site):
    site.config(
        """
        title = "T"
        base_url = "https://site.example"
        items_per_feed = 3
        """
    )
    for n in range(5):
        site.article(
            f"news/a{n}.md", {"title": f"A{n}", "id": f"urn:x:{n}", "date": "2026-01-01 10:00"}
        )
    site.article("news/late.md", {"title": "Late", "id": "urn:x:late", "date": "2026-02-01"})
    site.build()
    root = etree.fromstring(site.feed("news", "rss.xml"))
    assert [g.text for g in root.iter("guid")] == ["urn:x:late", "urn:x:0", "urn:x:1"]


def test_rebuild_is_byte_identical_and_leaves_files_untouched(site):
    _two_categories(site)
    site.build()
    before = site.files()
    old = time.time() - 1000
    for path in site.out.rglob("*.xml"):
        os.utime(path, (old, old))
    site.build()
    assert site.files() == before
    assert all(abs(p.stat().st_mtime - old) < 1 for p in site.out.rglob("*.xml"))


def test_edit_changes_only_affected_feeds(site):
    _two_categories(site)
    site.build()
    before = site.files()
    site.article("world/summit.md", {"title": "Summit in Genève", "id": "tag:site.example,2026-02-01:summit",
                                     "date": "2026-02-01 09:30", "updated": "2026-02-03"})  # fmt: skip
    result = site.build("-v")
    after = site.files()
    changed = sorted(k for k in after if after[k] != before[k])
    assert changed == [
        # The manifest records each feed's date (an emptied feed keeps its last one).
        ".publisher-manifest.json",
        "all/atom.xml", "all/feed.json", "all/rss.xml",
        "world/atom.xml", "world/feed.json", "world/rss.xml",
    ]  # fmt: skip
    assert "wrote" in result.output and "6 file(s) unchanged" in result.output


def test_drafts_and_future_articles_are_left_out(site):
    _two_categories(site)
    site.article(
        "world/draft.md", {"title": "D", "id": "urn:x:d", "date": "2026-01-01", "draft": True}
    )
    site.article("world/future.md", {"title": "F", "id": "urn:x:f", "date": "2999-01-01"})
    site.build()
    root = etree.fromstring(site.feed("world", "rss.xml"))
    assert [g.text for g in root.iter("guid")] == ["tag:site.example,2026-02-01:summit"]


def test_unpinned_id_is_derived_from_domain_date_slug_and_warned(site):
    site.article(
        "Culture Desk/Café Night.md", {"title": "Café", "date": "2026-05-04T23:30:00-04:00"}
    )
    result = site.run("build")
    assert result.exit_code == 0
    assert "warning: no 'id': derived tag:site.example,2026-05-04:cafe-night" in result.output
    root = etree.fromstring(site.feed("culture-desk", "rss.xml"))
    assert root.findtext("channel/item/guid") == "tag:site.example,2026-05-04:cafe-night"
    assert root.findtext("channel/item/link") == "https://site.example/culture-desk/cafe-night/"
    assert root.findtext("channel/item/category") == "Culture Desk"


def test_folder_category_is_capitalized_and_unified(site):
    site.article("business/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})
    site.article(
        "business/b.md",
        {"title": "B", "id": "urn:x:b", "date": "2026-01-02", "category": "Business"},
    )
    site.build()
    root = etree.fromstring(site.feed("business", "rss.xml"))
    assert [c.text for c in root.iter("category")] == ["Business", "Business"]


def test_category_spelling_is_the_most_common_one(site):
    site.article("business/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})
    site.article("business/b.md", {"title": "B", "id": "urn:x:b", "date": "2026-01-02"})
    site.article(
        "business/c.md",
        {"title": "C", "id": "urn:x:c", "date": "2026-01-03", "category": "BUSINESS"},
    )
    site.build()
    root = etree.fromstring(site.feed("business", "rss.xml"))
    assert [c.text for c in root.iter("category")] == ["Business"] * 3
    assert root.findtext("channel/title") == "Test Site: Business"


def test_non_ascii_category_gets_a_readable_slug(site):
    site.article("x/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01", "category": "Мир"})
    site.build()
    assert (site.out / "mir" / "rss.xml").is_file()


def test_naive_dates_take_the_site_zone(site, check_feed):
    site.article("n/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-07-01 12:00"})
    site.build()
    entry = check_feed(site.feed("n", "atom.xml")).entries[0]
    assert entry.published == "2026-07-01T12:00:00+02:00"  # Europe/Berlin in summer


def test_build_never_stamps_now(site):
    site.article("n/a.md", {"title": "A", "id": "urn:x:a", "date": "2020-01-01T00:00:00Z"})
    site.build()
    data = b"".join(site.files().values())
    assert str(datetime.now(UTC).year).encode() not in data
