"""What a person clicking a feed link sees, measured in headless Chromium.

``python bench/browser_view.py OUTDIR`` builds a small site once per stylesheet mode
(``css``, ``xslt``, ``none``), serves each feed as ``application/rss+xml`` (what
readers want) and as ``application/xml`` (what XSLT needs), opens it in Chromium
(``/usr/bin/chromium`` with ``chromedriver``) at phone size, and prints one line per
view: the text a person sees (words of it, and whether the feed's title, an item's
title and the "this is a web feed" explanation are among it), whether an XSLT
deprecation notice shows, whether the raw XML source is what shows, and whether item
titles are links. Screenshots go to OUTDIR to look at.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import ClassVar

SITE = """\
title = "Browser View"
description = "What a click on a feed link shows."
base_url = "https://site.example"
timezone = "UTC"
stylesheet = "{mode}"
"""


def _build(root: Path, mode: str) -> Path:
    (root / "content" / "energy").mkdir(parents=True)
    (root / "publisher.toml").write_text(SITE.format(mode=mode), "utf-8")
    for n in range(1, 6):
        (root / "content" / "energy" / f"story-{n}.md").write_text(
            f"---\ntitle: Storage story {n}\nid: urn:x:{n}\ndate: 2026-02-0{n}T09:00:00Z\n---\n\n"
            + "The grid operator said more about storage. " * 20,
            "utf-8",
        )
    subprocess.run([sys.executable, "-m", "publisher", "build", "-q"], cwd=root, check=True)
    return root / "feeds"


def _server(folder: Path, xml_type: str) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map: ClassVar[dict[str, str]] = {
            **http.server.SimpleHTTPRequestHandler.extensions_map,
            ".xml": xml_type,
            ".xsl": "application/xslt+xml",
            ".css": "text/css",
        }

        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _chrome(profile: Path):  # type: ignore[no-untyped-def]
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}"):  # fmt: skip
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_window_size(390, 844)
    return driver


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where screenshots go")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as temp:
        driver = _chrome(Path(temp) / "profile")
        try:
            for mode in ("css", "xslt", "none"):
                feeds = _build(Path(temp) / mode, mode)
                for xml_type in ("application/rss+xml", "application/xml"):
                    server = _server(feeds, xml_type)
                    for name in ("rss.xml", "atom.xml"):
                        url = f"http://127.0.0.1:{server.server_port}/energy/{name}"
                        driver.get(url)
                        text = driver.find_element(By.XPATH, "/*").text
                        source = driver.execute_script(
                            "return document.contentType + ' ' + "
                            "(document.body ? document.body.tagName : '-')"
                        )
                        links = driver.find_elements(By.XPATH, "//*[local-name()='a']")
                        raw = "<rss" in text or "<feed" in text or "<?xml" in text
                        banner = "XSLT" in text
                        # CSS writes the explanation as generated content, not DOM text.
                        before = driver.execute_script(
                            "return getComputedStyle(document.documentElement, '::before').content"
                        )
                        explains = "web feed" in text or "web feed" in (before or "")
                        shot = args.out / f"{mode}-{xml_type.replace('/', '_')}-{name}.png"
                        driver.save_screenshot(str(shot))
                        print(
                            f"{mode:5} {xml_type:20} {name:8} words={len(text.split()):4} "
                            f"title={'Browser View: Energy' in text!s:5} "
                            f"item={'Storage story 5' in text!s:5} "
                            f"explains={explains!s:5} raw_xml={raw!s:5} "
                            f"xslt_notice={banner!s:5} links={len(links):2} doc={source}"
                        )
                    server.shutdown()
                    server.server_close()
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
