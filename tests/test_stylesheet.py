"""feed.xsl: feeds that read as a page in a browser, and parse exactly as before in readers."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import ClassVar

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from publisher.formats import CSS_NAME as CSS_FILE_NAME
from publisher.formats import XSLT_NAME as FILE_NAME
from publisher.formats.stylesheet import render_css, render_stylesheet
from tests.conftest import parse_feed

# The browser (a module fixture) and its helpers are the index page tests' own.
from tests.test_index_html import _severe, _shots, chrome, needs_chromium  # noqa: F401

TOML = """\
title = "Styled Site"
description = "Feeds people can read in a browser."
base_url = "https://site.example"
timezone = "UTC"
items_per_feed = 3
tag_feeds = ["solar"]
archive = true
{extra}
"""


def _site(site, extra: str = 'stylesheet = "xslt"') -> None:
    site.config(TOML.format(extra=extra))
    for n in range(1, 8):
        site.article(
            f"energy/story-{n}.md",
            {
                "title": f"Story {n} & <more>",
                "id": f"tag:site.example,2026-02-0{n}:story-{n}",
                "date": f"2026-02-0{n}T09:00:00Z",
                "tags": ["solar"] if n % 2 else ["wind"],
            },
        )


def _feed_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml"))


def test_every_rss_and_atom_feed_links_the_one_stylesheet_relatively(site):
    _site(site)
    site.build()
    assert (site.out / FILE_NAME).read_bytes() == render_stylesheet()
    files = _feed_files(site.out)
    assert "energy/archive/1.xml" in files and "tags/solar/rss.xml" in files
    for rel in files:
        data = (site.out / rel).read_bytes()
        pis = [
            node
            for node in etree.fromstring(data).itersiblings(preceding=True)
            if isinstance(node, etree._ProcessingInstruction)
        ]
        assert len(pis) == 1, rel
        assert pis[0].target == "xml-stylesheet"
        href = pis[0].get("href")
        assert pis[0].get("type") == "text/xsl"
        # The href leads from the feed's folder to the output root, wherever it is served.
        assert (site.out / rel).parent.joinpath(href).resolve() == site.out / FILE_NAME, rel
    assert b"xml-stylesheet" not in site.feed("energy", "feed.json")


def test_opting_out_writes_no_stylesheet_and_no_instruction(site):
    _site(site, "stylesheet = false")
    site.build()
    assert not (site.out / FILE_NAME).exists()
    assert all(b"xml-stylesheet" not in (site.out / r).read_bytes() for r in _feed_files(site.out))
    manifest = (site.out / ".publisher-manifest.json").read_text()
    assert FILE_NAME not in manifest


def test_readers_parse_the_same_feed_with_and_without_the_stylesheet(site, tmp_path):
    _site(site)
    site.build()
    styled = {r: (site.out / r).read_bytes() for r in _feed_files(site.out)}
    _site(site, "stylesheet = false")
    site.build("--out", str(tmp_path / "plain"), "--cache-dir", str(tmp_path / "cache"))
    for rel, data in styled.items():
        plain = (tmp_path / "plain" / rel).read_bytes()
        # Only the instruction after the XML declaration differs, byte for byte.
        href = "../" * rel.count("/") + FILE_NAME
        instruction = f'<?xml-stylesheet type="text/xsl" href="{href}"?>\n'.encode()
        assert data == plain.replace(b"?>\n", b"?>\n" + instruction, 1), rel
        self_url = f"https://site.example/feeds/{rel}"
        with_pi = parse_feed(data, name=rel, self_url=self_url)  # feedparser + our validator
        without = feedparser.parse(plain)
        assert with_pi.feed == without.feed and with_pi.entries == without.entries, rel


def _transform(data: bytes) -> lxml_html.HtmlElement:
    """Apply feed.xsl with libxslt (the XSLT engine Chromium uses) and parse the page."""
    transform = etree.XSLT(etree.fromstring(render_stylesheet()))
    page = transform(etree.fromstring(data))
    return lxml_html.document_fromstring(bytes(page))


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_the_page_shows_title_address_and_one_link_per_item(site, name):
    _site(site)
    site.build()
    data = site.feed("energy", name)
    parsed = feedparser.parse(data)
    page = _transform(data)
    assert page.findtext(".//h1") == parsed.feed.title == "Styled Site: Energy"
    assert page.get("lang") == "en"
    (address,) = page.xpath("//code[@id='feed-url']")
    assert address.text == f"https://site.example/feeds/energy/{name}"
    links = page.xpath("//ol[@class='items']/li/a")
    assert [(a.text, a.get("href")) for a in links] == [(e.title, e.link) for e in parsed.entries]
    assert links[0].text == "Story 7 & <more>"  # escaped once, shown as written
    dates = [t.text_content() for t in page.xpath("//ol[@class='items']/li/time")]
    assert dates == ["2026-02-07", "2026-02-06", "2026-02-05"]
    assert page.xpath("//a[text()='Visit the website']/@href") == ["https://site.example/energy/"]
    assert not page.xpath("//script") and not page.xpath("//*[@src and not(self::img)]")


def test_an_empty_feed_says_so(site):
    site.config(TOML.format(extra=""))
    site.article("energy/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-02-01"})
    site.build()
    (site.content / "energy" / "a.md").unlink()
    site.build()  # the emptied feed stays, with no items
    page = _transform(site.feed("energy", "rss.xml"))
    assert "No articles yet." in page.text_content()
    assert not page.xpath("//ol")


# --- a real browser ----------------------------------------------------------------------


class _XmlHandler(http.server.SimpleHTTPRequestHandler):
    # Browsers apply XSLT only to XML served as such: Chromium shows application/rss+xml
    # and application/atom+xml as plain text, so sites that want the page serve
    # application/xml (docs/output.md, "Feeds in a browser").
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".xml": "application/xml",
        ".xsl": "application/xslt+xml",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(site) -> Iterator[str]:
    _site(site)
    site.build()
    handler = functools.partial(_XmlHandler, directory=str(site.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@needs_chromium
@pytest.mark.parametrize("rel", ["energy/rss.xml", "energy/atom.xml", "tags/solar/rss.xml",
                                 "energy/archive/1.xml"])  # fmt: skip
def test_chromium_shows_the_feed_as_a_page(served, site, chrome, tmp_path, rel):  # noqa: F811 (fixture)
    from selenium.webdriver.common.by import By

    parsed = feedparser.parse((site.out / rel).read_bytes())
    chrome.set_window_size(390, 844)
    chrome.get(f"{served}/{rel}")
    heading = chrome.find_element(By.TAG_NAME, "h1")
    assert heading.text == parsed.feed.title
    links = chrome.find_elements(By.CSS_SELECTOR, "ol.items li a")
    assert len(links) == len(parsed.entries) > 0
    assert [a.get_attribute("href") for a in links] == [e.link for e in parsed.entries]
    address = chrome.find_element(By.ID, "feed-url")
    self_url = next(link.href for link in parsed.feed.links if link.rel == "self")
    assert address.text == self_url
    # The whole address is visible on a phone: wrapped, not cut off in a field.
    assert chrome.execute_script("return arguments[0].scrollWidth", address) <= (
        chrome.execute_script("return arguments[0].clientWidth", address)
    )
    assert "This is a web feed" in chrome.find_element(By.TAG_NAME, "body").text
    inner = chrome.execute_script("return window.innerWidth")
    scroll = chrome.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= inner, (inner, scroll)
    name = rel.replace("/", "-")
    chrome.save_screenshot(str(_shots(tmp_path) / f"xslt-{name}.png"))
    severe = _severe(chrome)  # get_log() drains the log: read it once
    assert not severe, severe


@pytest.mark.parametrize("month", range(1, 13))
def test_rss_dates_show_as_iso_dates_in_every_month(month):
    when = datetime(2026, month, 9, 23, 30, tzinfo=UTC)
    rss = (
        '<rss version="2.0"><channel><title>T</title><link>https://x.example/</link>'
        "<description>D</description><item><title>I</title><link>https://x.example/i</link>"
        f"<pubDate>{format_datetime(when)}</pubDate></item></channel></rss>"
    ).encode()
    page = _transform(rss)
    assert page.xpath("//li/time")[0].text_content().strip() == f"2026-{month:02d}-09"


# --- the default: feed.css ---------------------------------------------------------------


def test_by_default_every_rss_and_atom_feed_links_feed_css(site):
    _site(site, "")
    site.build()
    assert (site.out / CSS_FILE_NAME).read_bytes() == render_css()
    assert not (site.out / FILE_NAME).exists()
    for rel in _feed_files(site.out):
        data = (site.out / rel).read_bytes()
        href = "../" * rel.count("/") + CSS_FILE_NAME
        assert f'<?xml-stylesheet type="text/css" href="{href}"?>'.encode() in data, rel
        parse_feed(data, name=rel, self_url=f"https://site.example/feeds/{rel}")


@pytest.mark.parametrize(("value", "files"), [
    ("true", {CSS_FILE_NAME}), ("false", set()), ('"none"', set()), ('"xslt"', {FILE_NAME}),
])  # fmt: skip
def test_the_stylesheet_setting_and_its_old_booleans(site, value, files):
    _site(site, f"stylesheet = {value}")
    site.build()
    assert {p.name for p in site.out.iterdir() if p.suffix in (".css", ".xsl")} == files


def test_an_unknown_stylesheet_is_a_config_error(site):
    _site(site, 'stylesheet = "fancy"')
    result = site.run("build")
    assert result.exit_code == 1
    assert '\'stylesheet\' must be "css", "xslt" or "none"' in result.output


@pytest.fixture
def served_css(site) -> Iterator[str]:
    _site(site, "")
    site.build()
    handler = functools.partial(_XmlHandler, directory=str(site.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@needs_chromium
@pytest.mark.parametrize("rel", ["energy/rss.xml", "energy/atom.xml", "tags/solar/rss.xml"])
def test_chromium_shows_the_css_styled_feed_as_a_page_with_no_xslt_notice(
    served_css,
    site,
    chrome,  # noqa: F811 (fixture)
    tmp_path,
    rel,
):
    from selenium.webdriver.common.by import By

    parsed = feedparser.parse((site.out / rel).read_bytes())
    chrome.set_window_size(390, 844)
    chrome.get(f"{served_css}/{rel}")
    text = chrome.find_element(By.XPATH, "/*").text
    assert text.splitlines()[0] == parsed.feed.title
    assert all(entry.title in text for entry in parsed.entries)
    if rel.endswith("atom.xml"):  # an attribute: shown as generated content
        shown = chrome.execute_script(
            "return Array.from(document.getElementsByTagNameNS("
            "'http://www.w3.org/2005/Atom', 'link')).filter(l => l.parentNode.localName == "
            "'entry' && l.getAttribute('rel') == 'alternate').map(l => "
            "getComputedStyle(l, '::after').content)"
        )
        assert shown == [f'"{entry.link}"' for entry in parsed.entries]
    else:
        assert all(entry.link in text for entry in parsed.entries)
    assert "<rss" not in text and "<feed" not in text  # the page, not the source
    assert "XSLT" not in text  # no removal notice
    explanation = chrome.execute_script(
        "return getComputedStyle(document.documentElement, '::before').content"
    )
    assert "This is a web feed" in explanation
    inner = chrome.execute_script("return window.innerWidth")
    scroll = chrome.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= inner, (inner, scroll)
    chrome.save_screenshot(str(_shots(tmp_path) / f"css-{rel.replace('/', '-')}.png"))
    # A feed is no page with a favicon of its own; the site's /favicon.ico is the site's.
    assert not [e for e in _severe(chrome) if "favicon.ico" not in e["message"]]


def test_switching_modes_removes_the_other_stylesheet(site):
    _site(site)
    site.build()
    assert (site.out / FILE_NAME).is_file()
    _site(site, 'stylesheet = "css"')
    site.build()
    assert (site.out / CSS_FILE_NAME).is_file() and not (site.out / FILE_NAME).exists()
