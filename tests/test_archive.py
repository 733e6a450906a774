"""RFC 5005 archived feeds: a new subscriber can walk back through the whole history."""

from __future__ import annotations

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
FH = "{http://purl.org/syndication/history/1.0}"
FEEDS = "https://site.example/feeds"


def _site(site, count: int) -> None:
    site.config(
        'title = "T"\nbase_url = "https://site.example"\nitems_per_feed = 2\narchive = true\n'
    )
    for n in range(1, count + 1):
        site.article(
            f"news/a{n}.md", {"title": f"A{n}", "id": f"urn:x:{n}", "date": f"2026-01-{n:02d}"}
        )


def _doc(site, url: str) -> etree._Element:
    return etree.fromstring((site.out / url.removeprefix(FEEDS + "/")).read_bytes())


def _link(doc: etree._Element, rel: str) -> str | None:
    found = doc.find(f"{ATOM}link[@rel='{rel}']")
    return None if found is None else found.get("href")


def _ids(doc: etree._Element) -> list[str]:
    return [e.findtext(f"{ATOM}id") for e in doc.findall(f"{ATOM}entry")]


def test_archive_pages_link_together_and_hold_the_whole_history(site, check_feed):
    _site(site, 5)
    site.build()
    current = _doc(site, f"{FEEDS}/news/atom.xml")
    assert _ids(current) == ["urn:x:5", "urn:x:4"]
    assert current.find(f"{FH}archive") is None
    assert _link(current, "prev-archive") == f"{FEEDS}/news/archive/2.xml"
    seen = set(_ids(current))
    url = _link(current, "prev-archive")
    pages = []
    while url:
        page = _doc(site, url)
        check_feed(etree.tostring(page, xml_declaration=True, encoding="UTF-8"))
        assert page.find(f"{FH}archive") is not None
        assert _link(page, "current") == f"{FEEDS}/news/atom.xml"
        assert page.findtext(f"{ATOM}id") == current.findtext(f"{ATOM}id")
        pages.append(url)
        seen |= set(_ids(page))
        url = _link(page, "prev-archive")
    assert pages == [f"{FEEDS}/news/archive/2.xml", f"{FEEDS}/news/archive/1.xml"]
    assert seen == {f"urn:x:{n}" for n in range(1, 6)}
    assert _link(_doc(site, pages[1]), "next-archive") == pages[0]
    assert (site.out / "all" / "archive" / "1.xml").is_file()


def test_new_articles_change_only_the_newest_archive_page(site):
    _site(site, 5)
    site.build()
    before = site.files()
    site.article("news/a6.md", {"title": "A6", "id": "urn:x:6", "date": "2026-01-06"})
    site.build()
    after = site.files()
    for rel in ("news/archive/1.xml", "all/archive/1.xml"):
        assert after[rel] == before[rel], rel
    # The page that was newest gains its next-archive link, and nothing else.
    old_newest = _doc(site, f"{FEEDS}/news/archive/2.xml")
    assert _link(old_newest, "next-archive") == f"{FEEDS}/news/archive/3.xml"
    assert _ids(old_newest) == ["urn:x:4", "urn:x:3"]
    assert "news/archive/3.xml" in after and "news/archive/3.xml" not in before
    current = _doc(site, f"{FEEDS}/news/atom.xml")
    assert _link(current, "prev-archive") == f"{FEEDS}/news/archive/3.xml"


def test_no_archive_links_without_the_option(site):
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})
    site.build()
    assert _link(_doc(site, f"{FEEDS}/news/atom.xml"), "prev-archive") is None
    assert not (site.out / "news" / "archive").exists()
