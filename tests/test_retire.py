"""Retiring a category on purpose (issue #14): `retired_categories` removes its feeds,
its entries in index.html and index.opml, and its manifest record; nothing else."""

from __future__ import annotations

import json

import listparser
from lxml import html


def _retire(site, *names: str) -> None:
    listed = ", ".join(f'"{n}"' for n in names)
    text = (site.root / "publisher.toml").read_text("utf-8")
    site.config(f"retired_categories = [{listed}]\n" + text)


def _typo_site(site) -> None:
    site.article("technology/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01",
                                     "category": "Technology"})  # fmt: skip
    site.article("tehcnology/test.md", {"title": "Test", "id": "urn:x:t", "date": "2026-01-02",
                                        "category": "Tehcnology"})  # fmt: skip


def _manifest(site) -> list[str]:
    return json.loads((site.out / ".publisher-manifest.json").read_text("utf-8"))["files"]


def test_a_typod_category_is_removed_everywhere_when_retired(site, check_feed):
    _typo_site(site)
    site.build()
    (site.content / "tehcnology" / "test.md").unlink()
    site.build()
    assert (site.out / "tehcnology" / "rss.xml").is_file()  # emptied, not retired: kept
    _retire(site, "Tehcnology")
    result = site.run("build", "-v")
    assert result.exit_code == 0, result.output
    assert f"removed {site.out / 'tehcnology' / 'rss.xml'}" in result.output
    assert not (site.out / "tehcnology").exists()
    assert not any(f.startswith("tehcnology/") for f in _manifest(site))
    opml = listparser.parse((site.out / "index.opml").read_bytes())
    urls = sorted(feed.url for feed in opml.feeds)
    assert not any("tehcnology" in url for url in urls)
    assert any(url.endswith("/technology/rss.xml") for url in urls)
    page = html.fromstring((site.out / "index.html").read_bytes())
    hrefs = page.xpath("//a/@href | //link/@href")
    assert hrefs and not any("tehcnology" in h for h in hrefs)
    check_feed(site.feed("technology", "rss.xml"))
    # It stays gone: the next builds neither bring it back nor fail.
    (site.out / "tehcnology").mkdir()
    site.build()
    assert list((site.out / "tehcnology").iterdir()) == []


def test_a_retired_categorys_articles_stay_in_the_sites_feed(site):
    _typo_site(site)
    _retire(site, "Tehcnology")
    site.build()
    assert not (site.out / "tehcnology").exists()
    assert b"urn:x:t" in site.feed("all", "rss.xml")
    assert b"urn:x:t" not in site.feed("technology", "rss.xml")


def test_retiring_keeps_files_the_tool_did_not_write(site):
    _typo_site(site)
    site.build()
    (site.out / "tehcnology" / "notes.txt").write_text("mine")
    _retire(site, "tehcnology")
    site.build()
    assert sorted(p.name for p in (site.out / "tehcnology").iterdir()) == ["notes.txt"]


def test_dry_run_says_what_would_be_removed_and_removes_nothing(site):
    _typo_site(site)
    site.build()
    before = site.files()
    _retire(site, "Tehcnology")
    result = site.run("build", "--dry-run")
    assert result.exit_code == 0
    assert f"would remove {site.out / 'tehcnology' / 'atom.xml'}" in result.output
    assert site.files() == before


def test_archive_pages_of_a_retired_category_go_too(site):
    site.config("archive = true\nitems_per_feed = 1\n" + (site.root / "publisher.toml").read_text())
    for n in range(3):
        site.article(f"old/a{n}.md", {"title": f"A{n}", "id": f"urn:x:{n}",
                                      "date": f"2026-01-0{n + 1}"})  # fmt: skip
    site.build()
    assert list((site.out / "old").rglob("*.xml"))
    _retire(site, "old")
    site.build()
    assert not (site.out / "old").exists()


def test_the_sites_own_feed_cannot_be_retired(site):
    _retire(site, "All")
    result = site.run("build")
    assert result.exit_code == 1
    assert "'retired_categories': 'All' is not a category" in result.stderr
