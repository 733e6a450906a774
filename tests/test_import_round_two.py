"""``publisher import``, round two: site headers, dates in text, re-imports, charsets, URLs."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from click.testing import CliRunner, Result

from publisher.cli.import_ import import_command

COURIER = """\
Skip to content
Menu
Search
Coastal Courier

Home » Local News » City council approves harbour wall repairs

City council approves harbour wall repairs

Work on the 1890s sea wall starts in April and closes the promenade for a summer

By Marta Quinn

Published March 3, 2025

The city council voted on Monday night to spend €4.2 million repairing the harbour wall, which storms cracked in two places last winter.

Engineers told councillors that without repairs the wall could fail within five years, flooding the old fish market and the lifeboat station.

The promenade above the wall will close from April to September while the work goes on.

Related

Ferry timetable changes for the summer

New parking rules in the old town

Leave a comment

Name *

Email *

© 2025 Coastal Courier. All rights reserved.
"""

SHOP_1252 = (
    '<html><head><meta charset="windows-1252"><title>Café crème</title></head><body>'
    "<article><h1>Caf\xe9 cr\xe8me returns to the menu</h1>"
    "<p>The caf\xe9 on the corner brought back its cr\xe8me br\xfbl\xe9e on Monday, "
    "after a summer without it \u2013 customers had asked for it every day.</p>"
    "</article></body></html>"
).encode("cp1252")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://news.example.com"\ntimezone = "Europe/Dublin"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(import_command, list(args))


def front_and_body(path: Path) -> tuple[dict[str, object], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def test_site_header_above_the_breadcrumb_and_a_date_in_the_text(site: Path) -> None:
    page = site / "courier.txt"
    page.write_text(COURIER, encoding="utf-8")
    result = run(str(page))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the date was found: nothing to warn about
    written = site / "content" / "local-news" / "city-council-approves-harbour-wall-repairs.md"
    front, body = front_and_body(written)
    assert front["title"] == "City council approves harbour wall repairs"
    assert front["category"] == "Local News"
    assert front["date"] == "2025-03-03T00:00:00+00:00"
    assert front["author"] == "Marta Quinn"
    assert front["summary"].startswith("Work on the 1890s sea wall")
    assert body.lstrip().startswith("The city council voted on Monday night")
    assert body.rstrip().endswith("while the work goes on.")
    for junk in ("Coastal Courier", "Ferry timetable", "Leave a comment", "Name", "©"):
        assert junk not in body


def test_no_date_warns_naming_the_option(site: Path) -> None:
    page = site / "undated.txt"
    page.write_text(
        "Home » World » Bridge reopens after repairs\n\nBridge reopens after repairs\n\n"
        "The old river bridge reopened to traffic on Friday after eighteen months of repairs.\n",
        encoding="utf-8",
    )
    result = run(str(page))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"{page}: warning: no date found in the page: dated now (")
    assert "pass --date" in result.stderr
    assert run(str(page), "--date", "2025-01-02", "--force").stderr == ""


def test_reimport_into_another_category_is_refused_then_forced(site: Path) -> None:
    page = site / "courier.txt"
    page.write_text(COURIER, encoding="utf-8")
    first = site / "content" / "local-news" / "city-council-approves-harbour-wall-repairs.md"
    assert run(str(page)).exit_code == 0
    again = run(str(page), "--category", "Politics")
    assert again.exit_code == 1
    assert again.stderr == (
        f"error: {page}: already imported as {first} (use --force to replace it)\n"
    )
    forced = run(str(page), "--category", "Politics", "--force")
    assert forced.exit_code == 0, forced.output
    moved = site / "content" / "politics" / first.name
    assert forced.stdout == f"{moved}\n"
    assert moved.exists() and not first.exists()


def test_declared_legacy_charset_is_decoded(site: Path) -> None:
    page = site / "cafe.html"
    page.write_bytes(SHOP_1252)
    result = run(str(page), "--category", "Food", "--date", "2025-09-01")
    assert result.exit_code == 0, result.output
    front, body = front_and_body(site / "content" / "food" / "cafe-creme-returns-to-the-menu.md")
    assert front["title"] == "Café crème returns to the menu"
    assert "crème brûlée on Monday, after a summer without it – customers" in body


def test_bytes_contradicting_the_declared_charset_name_both(site: Path) -> None:
    page = site / "liar.html"
    page.write_bytes(SHOP_1252.replace(b"windows-1252", b"utf-8"))
    result = run(str(page), "--category", "Food")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {page}: declares charset 'utf-8' but byte 44 is not UTF-8 (0xE9); "
        "fix the declaration or save the page as UTF-8\n"
    )
    page.write_bytes(SHOP_1252.decode("cp1252").replace("windows-1252", "shift_jis").encode())
    result = run(str(page), "--category", "Food")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {page}: declares charset 'shift_jis' but its bytes are UTF-8 "
        "(fix the declaration or save the page in the declared charset)\n"
    )


def test_html_canonical_image_and_tags_from_json_ld(site: Path) -> None:
    page = site / "ld.html"
    page.write_text(
        """<html><head><title>Solar farm opens | Daily Grid</title>
<meta name="keywords" content="energy, solar, Energy">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Solar farm opens",
 "mainEntityOfPage": {"@id": "https://grid.example/2025/solar-farm"},
 "image": {"@type": "ImageObject", "url": "https://grid.example/img/solar.jpg"},
 "datePublished": "2025-05-06T08:00:00+01:00", "articleSection": "Energy"}</script>
</head><body><article><h1>Solar farm opens</h1>
<p>The largest solar farm in the county started feeding the grid on Tuesday, with 40,000 panels on old quarry land.</p>
</article></body></html>""",
        encoding="utf-8",
    )
    result = run(str(page))
    assert result.exit_code == 0, result.output
    front, _ = front_and_body(site / "content" / "energy" / "solar-farm-opens.md")
    assert front["link"] == "https://grid.example/2025/solar-farm"
    assert front["image"] == "https://grid.example/img/solar.jpg"
    assert front["tags"] == ["energy", "solar"]


class _Pages(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"gone"))
        self.send_response(status)
        if status in (301, 302):
            self.send_header("Location", body.decode())
            body = b""
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_import_url_fetches_follows_redirects_and_uses_the_final_url(
    site: Path, server: str
) -> None:
    _Pages.routes = {
        "/old": (301, "text/html", b"/news/cafe"),
        "/news/cafe": (
            200,
            "text/html; charset=windows-1252",
            SHOP_1252.replace(b'<meta charset="windows-1252">', b""),
        ),
        "/plain": (200, "text/plain; charset=utf-8", COURIER.encode()),
        "/loop": (302, "text/html", b"/loop"),
    }
    result = run(f"{server}/old", "--category", "Food", "--date", "2025-09-01")
    assert result.exit_code == 0, result.output
    front, body = front_and_body(site / "content" / "food" / "cafe-creme-returns-to-the-menu.md")
    assert front["link"] == f"{server}/news/cafe"
    assert "crème brûlée" in body
    plain = run(f"{server}/plain")
    assert plain.exit_code == 0, plain.output
    front, _ = front_and_body(
        site / "content" / "local-news" / "city-council-approves-harbour-wall-repairs.md"
    )
    assert front["link"] == f"{server}/plain"
    # The same URL again is the same article: refused, naming the file.
    assert (
        f"already imported as {site / 'content' / 'local-news'}/" in run(f"{server}/plain").stderr
    )
    missing = run(f"{server}/missing", f"{server}/loop", "--category", "X")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines() == [
        f"error: {server}/missing: HTTP 404 Not Found",
        f"error: {server}/loop: more than 5 redirects (HTTP 302)",
    ]


def test_import_url_too_large(site: Path, server: str) -> None:
    (site / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://news.example.com"\nmax_source_bytes = 1000\n',
        encoding="utf-8",
    )
    _Pages.routes = {"/big": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>")}
    result = run(f"{server}/big", "--category", "X")
    assert result.exit_code == 1
    assert result.stderr == f"error: {server}/big: page is over 1000 bytes\n"


def test_a_slow_server_times_out(server: str) -> None:
    from publisher.commands.import_ import fetch_page
    from publisher.sources import ReaderOptions
    from publisher.validate.fetch import TargetUnreadable

    _Pages.routes = {"/slow": (200, "text/html", b"<p>late</p>")}
    with pytest.raises(TargetUnreadable, match=r"timed out after 0.5s"):
        fetch_page(f"{server}/slow", ReaderOptions(), max_bytes=1000, timeout=0.5)


def test_only_http_urls_are_fetched() -> None:
    from publisher.commands.import_ import fetch_page, is_url
    from publisher.sources import ReaderOptions
    from publisher.validate.fetch import TargetUnreadable

    assert is_url("HTTPS://example.com/a") and not is_url("file:///etc/passwd")
    with pytest.raises(TargetUnreadable, match="only http:// and https:// URLs can be imported"):
        fetch_page("ftp://example.com/a", ReaderOptions(), max_bytes=1000)


def test_an_import_into_out_finds_the_earlier_one_in_content(site: Path) -> None:
    page = site / "courier.txt"
    page.write_text(COURIER, encoding="utf-8")
    first = site / "content" / "local-news" / "city-council-approves-harbour-wall-repairs.md"
    assert run(str(page)).exit_code == 0
    again = run(str(page), "--out", "drafts")
    assert again.exit_code == 1
    assert f"already imported as {first} (use --force to replace it)" in again.stderr
    assert not (site / "drafts").exists()
