"""`publisher validate URL` checks delivery as a reader sees it, against real servers on
127.0.0.1: an http.server that reproduces one misbehaviour per case in tests/delivery/
(the case file says what it serves and which findings it must give), and
`publisher serve`."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import zlib
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import brotli
import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.commands.serve import make_server
from publisher.errors import Severity
from publisher.validate import validate_url, validate_url_or_page
from publisher.validate.rules import RULES_BY_ID

CORPUS = Path(__file__).parent / "delivery"
CASES = sorted(CORPUS.glob("*.json"))
MODIFIED = formatdate(1_767_225_600, usegmt=True)  # 2026-01-01


def corpus_rules() -> set[str]:
    """Every rule id some delivery case expects (the validator corpus's coverage test)."""
    return {rule for case in CASES for rule in json.loads(case.read_text("utf-8"))["expect"]}


def _feed(self_url: str, kind: str, pad: int) -> bytes:
    if kind == "json":
        return json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "Served",
                "home_page_url": "https://served.example/",
                "feed_url": self_url,
                "items": [
                    {"id": "urn:x:1", "url": "https://served.example/1", "content_html": "<p>A</p>"}
                ],
            }
        ).encode()
    padding = f"<!-- {'x' * pad} -->" if pad else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        "<title>Served</title><link>https://served.example/</link><description>D</description>"
        f'<atom:link href="{self_url}" rel="self" type="application/rss+xml"/>'
        "<item><title>One</title><link>https://served.example/1</link>"
        '<guid isPermaLink="false">urn:x:1</guid>'
        f"<pubDate>Thu, 01 Jan 2026 00:00:00 +0000</pubDate></item>{padding}</channel></rss>\n"
    ).encode()


class CaseHandler(BaseHTTPRequestHandler):
    """Serves /feed as one case's ``serve`` table says (defaults: everything right)."""

    serve: ClassVar[dict[str, Any]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        how = self.serve
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed" and how.get("redirect"):
            self.send_response(how["redirect"])
            self.send_header("Location", "/moved/feed")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path not in ("/feed", "/moved/feed"):
            self.send_error(404)
            return
        if how.get("status"):
            self.send_response(how["status"])
            self.end_headers()
            return
        self_url = {
            "asked": base + "/feed",
            "elsewhere": "https://elsewhere.example/feed",
        }.get(how.get("self", ""), base + self.path)
        kind = how.get("kind", "rss")
        body = _feed(self_url, kind, how.get("pad", 0))
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        validators = {}
        if how.get("etag", True):
            validators["ETag"] = etag
        if how.get("last_modified", True):
            validators["Last-Modified"] = MODIFIED
        asked_again = ("ETag" in validators and self.headers.get("If-None-Match") == etag) or (
            "ETag" not in validators and self.headers.get("If-Modified-Since") == MODIFIED
        )
        if asked_again and how.get("conditional", True):
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return
        accepted = self.headers.get("Accept-Encoding", "")
        compress = how.get("compress", "br")
        coding = None
        if compress == "br" and "br" in accepted:
            body, coding = brotli.compress(body), "br"
        elif compress in ("br", "gzip") and "gzip" in accepted:
            body, coding = gzip.compress(body, mtime=0), "gzip"
        elif compress == "deflate":
            body, coding = zlib.compress(body), "deflate"
        elif compress in ("broken-gzip", "broken-br"):
            coding = compress.removeprefix("broken-")
        self.send_response(200)
        default_type = "application/feed+json" if kind == "json" else "application/rss+xml"
        self.send_header("Content-Type", how.get("content_type", default_type + "; charset=utf-8"))
        if coding:
            self.send_header("Content-Encoding", coding)
            if how.get("vary", True):
                self.send_header("Vary", "Accept-Encoding")
        for name, value in validators.items():
            self.send_header(name, value)
        cache = how.get("cache_control", "public, max-age=300")
        if cache is not None:
            self.send_header("Cache-Control", cache)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def case_server() -> Iterator[tuple[type[CaseHandler], str]]:
    handler = type("Handler", (CaseHandler,), {"serve": {}})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        thread.join(5)
        httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


def _findings(report) -> list[str]:
    return [p.rule for p in report.problems if p.severity is not Severity.INFO]


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.stem)
def test_delivery_case(case_server, case: Path) -> None:
    handler, base = case_server
    spec = json.loads(case.read_text("utf-8"))
    handler.serve = spec["serve"]
    report = validate_url(base + "/feed", timeout=5)
    assert sorted(_findings(report)) == sorted(spec["expect"]), report.problems
    assert report.format in ("rss2.0", "jsonfeed1.1", "unknown")


def test_the_corpus_names_real_rules_and_every_delivery_rule_has_a_case():
    delivery = {rule for rule in RULES_BY_ID if rule.startswith("http-")}
    assert corpus_rules() <= set(RULES_BY_ID)
    # Content-Type itself is the body check's (its info, and the unexpected type).
    assert delivery - corpus_rules() == {"http-content-type"}


def test_each_finding_prints_with_its_one_line_fix(case_server) -> None:
    handler, base = case_server
    handler.serve = json.loads((CORPUS / "everything-wrong.json").read_text("utf-8"))["serve"]
    result = CliRunner().invoke(cli, ["validate", base + "/feed"])
    assert result.exit_code == 0  # warnings only
    lines = result.output.splitlines()
    for rule in json.loads((CORPUS / "everything-wrong.json").read_text("utf-8"))["expect"]:
        at = next(i for i, line in enumerate(lines) if f" warning {rule} " in line)
        assert lines[at + 1] == f"  fix: {RULES_BY_ID[rule].fix}"
    assert "1 file checked: 0 errors, 7 warnings" in result.output


def test_a_feed_url_given_as_a_page_url_is_checked_the_same(case_server):
    handler, base = case_server
    handler.serve = {"compress": "none", "pad": 3000}
    reports = validate_url_or_page(base + "/feed", timeout=5)
    assert [_findings(r) for r in reports] == [["http-not-compressed"]]


def test_an_http_error_is_still_an_unreadable_target(case_server):
    _, base = case_server
    result = CliRunner().invoke(cli, ["validate", base + "/missing"])
    assert result.exit_code == 2
    assert "HTTP 404 Not Found" in result.output


@pytest.fixture
def preview(site) -> Iterator[str]:
    site.out.mkdir(exist_ok=True)
    httpd = make_server(site.out, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(5)
        httpd.server_close()


@pytest.mark.parametrize("precompress", [True, False])
def test_publisher_serve_delivers_every_feed_as_readers_want(site, preview, precompress):
    site.config(
        f"""
        title = "Preview"
        base_url = "https://site.example"
        feeds_url = "{preview}"
        precompress = {str(precompress).lower()}
        """
    )
    for n in range(1, 4):
        site.article(
            f"energy/s{n}.md",
            {"title": f"S{n}", "id": f"urn:p:{n}", "date": f"2026-01-0{n}T00:00:00Z"},
            "A paragraph of reasonable length about the grid. " * 30,
        )
    site.build()
    for rel in ("all/rss.xml", "all/atom.xml", "energy/feed.json"):
        report = validate_url(f"{preview}/{rel}", timeout=5)
        expected = [] if precompress else ["http-not-compressed"]
        assert _findings(report) == expected, (rel, report.problems)
