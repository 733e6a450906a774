"""feeds/index.html: structure, escaping and accessibility, then a real headless Chromium."""

from __future__ import annotations

import itertools
import os
import re
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from publisher.build import build
from publisher.commands.serve import make_server
from publisher.config import load_config
from publisher.formats import index_html
from publisher.formats.index_html import feed_urls, render_index
from publisher.formats.jsonfeed import render_jsonfeed
from publisher.formats.opml import render_opml
from publisher.model import Article, Author, Feed

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WHEN = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def _article(n: int, category: str = "Technology", title: str | None = None) -> Article:
    return Article(
        id=f"tag:site.example,2026-03-0{n}:a{n}",
        title=title or f"Article {n}",
        slug=f"a{n}",
        category=category,
        category_slug=category.lower(),
        link=f"https://site.example/{category.lower()}/a{n}/",
        published=WHEN.replace(day=n),
        updated=WHEN.replace(day=n),
        source=f"a{n}.md",
        authors=(Author("Desk"),),
    )


def _feed(slug: str, title: str, items: tuple[Article, ...], description: str = "") -> Feed:
    base = f"https://site.example/feeds/{slug}/"
    return Feed(
        slug=slug,
        title=title,
        description=description or f"{title} description",
        link=f"https://site.example/{slug}/",
        urls={"rss": base + "rss.xml", "atom": base + "atom.xml"},
        language="en",
        updated=WHEN,
        items=items,
    )


ITEMS = tuple(_article(n) for n in range(7, 0, -1))
FEEDS = [
    _feed("all", "Site", ITEMS),
    _feed("technology", "Site: Technology", ITEMS),
    _feed("empty", "Site: Empty", ()),
]


def _page(feeds=FEEDS, **kwargs):
    args = {"site_title": "Site", "site_description": "All our news.", "language": "de"}
    data = render_index(feeds, **{**args, **kwargs})
    return data, lxml_html.document_fromstring(data)


def test_head_has_lang_viewport_and_autodiscovery_for_every_feed():
    data, doc = _page()
    assert data.startswith(b'<!DOCTYPE html>\n<html lang="de">')
    assert doc.find("head/meta[@charset]").get("charset") == "utf-8"
    assert "width=device-width" in doc.find("head/meta[@name='viewport']").get("content")
    alternates = doc.xpath("//head/link[@rel='alternate']")
    links = [(a.get("type"), a.get("title"), a.get("href")) for a in alternates]
    assert links[:3] == [
        ("application/rss+xml", "Site (RSS)", "https://site.example/feeds/all/rss.xml"),
        ("application/atom+xml", "Site (Atom)", "https://site.example/feeds/all/atom.xml"),
        ("application/feed+json", "Site (JSON Feed)", "https://site.example/feeds/all/feed.json"),
    ]
    assert len(links) == 9 and all(href.startswith("https://") for *_, href in links)
    rels = [a.get("rel") for a in doc.xpath("//head/link")]
    assert rels == ["alternate"] * 9 + ["outline", "icon"]
    outline = doc.xpath("//head/link[@rel='outline']")[0]
    assert (outline.get("type"), outline.get("href")) == (
        "text/x-opml",
        "https://site.example/feeds/index.opml",
    )
    assert _page(opml_url="https://x.example/o.opml")[1].xpath(
        "//head/link[@rel='outline']/@href"
    ) == ["https://x.example/o.opml"]
    assert not _page([])[1].xpath("//head/link[@rel='outline']")
    # An empty icon: browsers would otherwise request /favicon.ico and log a 404.
    assert doc.xpath("//head/link[@rel='icon']")[0].get("href") == "data:,"


def test_body_lists_feeds_latest_items_and_subscribe_addresses():
    _, doc = _page()
    sections = doc.xpath("//main/section")
    assert [s.get("id") for s in sections] == ["feed-all", "feed-technology", "feed-empty"]
    tech = sections[1]
    # The page's heading names the site once; feed headings do not repeat it.
    assert tech.find("h2").text_content() == "Technology"
    assert sections[0].find("h2").text_content() == "All articles"
    assert "Site: Technology description" in tech.text_content()
    latest = tech.xpath(".//ul[@class='latest']/li")
    assert len(latest) == 5  # the newest few, in feed order
    assert latest[0].find("a").get("href") == "https://site.example/technology/a7/"
    assert latest[0].find("time").get("datetime") == "2026-03-07T10:00:00+00:00"
    assert latest[0].findtext("time") == "2026-03-07"
    # Whole addresses as text (they wrap on a phone instead of being cut off in a field).
    values = [c.text for c in tech.xpath(".//code[@class='feed-url']")]
    assert values == [url for url, *_ in feed_urls(FEEDS[1])]
    assert [a.get("href") for a in tech.xpath(".//dd/a")] == values
    assert [dt.text for dt in tech.xpath(".//dt")] == ["RSS", "Atom", "JSON Feed"]
    text = doc.text_content()
    assert "Take RSS" in text  # one line says which format to pick when unsure
    assert "JSON Feed feed" not in text and " on the web" not in text
    labels = " ".join(doc.xpath("//@aria-label"))
    assert "JSON Feed feed" not in labels and "Open Technology as JSON Feed" in labels
    assert tech.xpath(".//a[@href='https://site.example/technology/']")[0].text == (
        "site.example/technology/"
    )
    assert "No articles yet." in sections[2].text_content()
    assert doc.xpath("//a[@href='index.opml']")
    assert len(_page(latest=2)[1].xpath("//section[@id='feed-all']//li")) == 2


def test_landmarks_headings_in_order_and_labelled_fields():
    _, doc = _page()
    body = doc.body
    assert [e.tag for e in body if e.tag in ("header", "main", "footer")] == [
        "header",
        "main",
        "footer",
    ]
    assert body[0].get("href") == "#main" and doc.get_element_by_id("main").tag == "main"
    levels = [int(h.tag[1]) for h in doc.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    for field in doc.xpath("//input"):
        assert doc.xpath(f"//label[@for='{field.get('id')}']"), field.get("id")
    for section in doc.xpath("//section"):
        assert doc.get_element_by_id(section.get("aria-labelledby")).tag == "h2"


def test_nothing_external_and_css_has_focus_and_phone_rules():
    data, doc = _page()
    assert not doc.xpath("//*[@src]") and not doc.xpath("//link[@rel='stylesheet']")
    assert len(doc.xpath("//script")) == 1 and doc.xpath("//script")[0].get("src") is None
    css = doc.findtext(".//style")
    assert ":focus-visible" in css and "outline: 3px" in css
    assert "@media (min-width:" in css and "prefers-color-scheme: dark" in css
    assert b"http://" not in data  # no mixed content, no tracking


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_meet_wcag_aa_in_light_and_dark():
    blocks = re.findall(r":root \{([^}]*)\}", index_html._CSS)
    assert len(blocks) == 2
    for block in blocks:
        colours = {
            name: value if len(value) == 7 else "#" + "".join(c * 2 for c in value[1:])
            for name, value in re.findall(r"--(\w+): (#[0-9a-f]{6}|#[0-9a-f]{3})\b", block)
        }
        assert set(colours) >= {"bg", "fg", "muted", "link", "box", "focus"}
        for fg in ("fg", "muted", "link"):
            for bg in ("bg", "box"):
                assert _contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg, block)
        assert _contrast(colours["focus"], colours["bg"]) >= 3.0  # non-text contrast


def test_everything_is_escaped():
    nasty = '<script>alert("x")</script> & "quotes" \'single\''
    feed = replace(
        FEEDS[0],
        title=nasty,
        description=nasty,
        items=(_article(1, title=nasty),),
        urls={"rss": 'https://site.example/f?a=1&b="2"', "atom": "https://site.example/f/atom.xml"},
    )
    data, doc = _page([feed], site_title=nasty, site_description=nasty)
    assert data.count(b"<script") == 1 and b'alert("x")</script>' not in data
    assert doc.findtext("head/title") == f"{nasty}: feeds"
    assert doc.findtext(".//h1") == f"{nasty}: feeds"
    assert doc.xpath("//section//li/a")[0].text == nasty
    assert (
        doc.xpath("//head/link[@rel='alternate']")[0].get("href")
        == 'https://site.example/f?a=1&b="2"'
    )
    assert doc.xpath("//code[@class='feed-url']")[0].text == 'https://site.example/f?a=1&b="2"'
    assert doc.xpath("//head/link[@rel='alternate']")[0].get("title") == f"{nasty} (RSS)"


def test_deterministic_and_json_url_from_urls():
    assert _page()[0] == _page()[0]
    custom = replace(FEEDS[0], urls={**FEEDS[0].urls, "json": "https://cdn.example/all.json"})
    _, doc = _page([custom])
    assert (
        doc.xpath("//head/link[@rel='alternate']")[2].get("href") == "https://cdn.example/all.json"
    )
    assert not doc.xpath("//nav")  # one feed: no table of contents


# --- a real browser ----------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)",
)


@pytest.fixture
def live_site(site) -> Iterator[str]:
    """A built site served on a free local port; feeds_url points at that server."""
    site.out.mkdir()
    server = make_server(site.out, "127.0.0.1", 0, quiet=True)
    base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    try:
        site.config(
            f"""
            title = "Live Site"
            description = "Everything from the newsroom, in one place."
            base_url = "https://site.example"
            feeds_url = "{base}"
            timezone = "Europe/Berlin"
            [author]
            name = "Desk"
            """
        )
        for n, category in enumerate(["technology", "world", "technology", "culture"], start=1):
            site.article(
                f"{category}/story-{n}.md",
                {
                    "title": f"Story {n}: a long headline that has to wrap on a phone screen",
                    "id": f"tag:site.example,2026-02-0{n}:story-{n}",
                    "date": f"2026-02-0{n}T09:00:00+01:00",
                },
            )
        site.build()
        config = load_config(site.root / "publisher.toml")
        feeds = list(build(config, dry_run=True).feeds)
        for feed in feeds:
            (site.out / feed.slug / "feed.json").write_bytes(render_jsonfeed(feed))
        (site.out / "index.html").write_bytes(
            render_index(
                feeds,
                site_title=config.title,
                site_description=config.description,
                language=config.language,
            )
        )
        (site.out / "index.opml").write_bytes(
            render_opml(
                feeds, title=config.title, owner_name="Desk", date_modified=feeds[0].updated
            )
        )
        thread.start()
        yield base
    finally:
        if thread.is_alive():
            server.shutdown()
            thread.join(5)
        server.server_close()


@pytest.fixture(scope="module")
def chrome(tmp_path_factory) -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="pip install selenium")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chrome-profile")
    for arg in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}",
    ):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def _shots(tmp_path: Path) -> Path:
    """Where screenshots go: tmp, or $PUBLISHER_SCREENSHOTS to look at them by hand."""
    folder = Path(os.environ.get("PUBLISHER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _severe(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


@needs_chromium
def test_chromium_loads_page_without_errors_and_links_resolve(live_site, chrome, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    chrome.set_window_size(1280, 900)
    chrome.get(live_site + "/")
    assert chrome.title == "Live Site: feeds"
    # Keyboard: the first Tab lands on the skip link, with a visible outline.
    ActionChains(chrome).send_keys(Keys.TAB).perform()
    active = chrome.switch_to.active_element
    assert active.get_attribute("class") == "skip"
    assert active.value_of_css_property("outline-style") == "solid"
    chrome.save_screenshot(str(_shots(tmp_path) / "desktop-skip-link.png"))
    links = chrome.find_elements(By.CSS_SELECTOR, "head link[rel=alternate]")
    assert len(links) == 3 * 4  # all + three categories, three formats each
    for link in links:
        href, media_type = link.get_attribute("href"), link.get_attribute("type")
        assert href.startswith(live_site + "/")
        with urllib.request.urlopen(href, timeout=5) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == f"{media_type}; charset=utf-8"
    (opml,) = chrome.find_elements(By.CSS_SELECTOR, "head link[rel=outline]")
    assert opml.get_attribute("href") == live_site + "/index.opml"
    with urllib.request.urlopen(live_site + "/index.opml", timeout=5) as response:
        assert response.headers["Content-Type"] == "text/x-opml; charset=utf-8"

    # The inline script added one working Copy button per address, without errors.
    buttons = chrome.find_elements(By.CSS_SELECTOR, "dd button")
    assert len(buttons) == len(chrome.find_elements(By.CSS_SELECTOR, "code.feed-url")) == 12
    buttons[0].click()
    status = chrome.find_element(By.ID, "copy-status")
    # The status is written when the clipboard's promise settles, which on a loaded
    # machine can be after click() returns: wait for it rather than read it at once.
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(chrome, 10).until(
        lambda driver: driver.execute_script("return arguments[0].textContent", status)
    )
    copied = chrome.execute_script("return arguments[0].textContent", status)
    assert copied == "Copied " + live_site + "/all/rss.xml", copied

    chrome.save_screenshot(str(_shots(tmp_path) / "desktop.png"))
    severe = _severe(chrome)  # get_log() drains the log: read it once
    assert not severe, severe


@needs_chromium
def test_chromium_phone_size_has_no_sideways_scroll(live_site, chrome, tmp_path):
    chrome.set_window_size(390, 844)
    chrome.get(live_site + "/")
    inner = chrome.execute_script("return window.innerWidth")
    scroll = chrome.execute_script("return document.documentElement.scrollWidth")
    assert inner <= 400 and scroll <= inner, (inner, scroll)
    font = chrome.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
    )
    assert font >= 16
    # Every feed address is shown whole: wrapped, never cut off or scrolled away.
    clipped = chrome.execute_script(
        "return [...document.querySelectorAll('code.feed-url')]"
        ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent)"
    )
    assert not clipped, clipped
    chrome.save_screenshot(str(_shots(tmp_path) / "phone.png"))
    severe = _severe(chrome)  # get_log() drains the log: read it once
    assert not severe, severe
