"""``publisher validate`` end to end: text and JSON output, exit codes, folders, URLs."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from publisher.cli.validate import validate_command
from publisher.validate import (
    TargetUnreadable,
    rule_catalog,
    validate_bytes,
    validate_path,
    validate_url,
    validate_url_or_page,
)
from publisher.validate.rules import RULES_BY_ID

CORPUS = Path(__file__).parent / "validate"
VALID_RSS = (CORPUS / "rss" / "valid-minimal.xml").read_bytes()
VALID_ATOM = (CORPUS / "atom" / "valid-minimal.xml").read_bytes()
LINE = re.compile(
    r"^(?P<path>.+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: "
    r"(?P<sev>error|warning|info) (?P<rule>[a-z0-9-]+) \S"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(validate_command, list(args), catch_exceptions=False)


def rss_with_self(href: str) -> bytes:
    return VALID_RSS.replace(b"https://example.org/rss.xml", href.encode())


# ----------------------------------------------------------------- files and folders


def test_valid_file_exits_0_with_summary(tmp_path: Path) -> None:
    feed = tmp_path / "rss.xml"
    feed.write_bytes(VALID_RSS)
    result = run(str(feed))
    assert result.exit_code == 0, result.output
    assert result.output == "1 file checked: 0 errors, 0 warnings\n"


def test_error_lines_and_exit_1(tmp_path: Path) -> None:
    feed = tmp_path / "bad.xml"
    feed.write_bytes((CORPUS / "rss" / "date-wrong-day.xml").read_bytes())
    result = run(str(feed))
    assert result.exit_code == 1, result.output
    first, fix, summary = result.output.splitlines()
    assert first == (
        f"{feed}:14:7: error date-wrong-day-of-week item pubDate: "
        "'Tue, 01 May 2024 12:00:00 GMT': that date is a Wed, not Tue"
    )
    assert fix == "  fix: " + RULES_BY_ID["date-wrong-day-of-week"].fix
    assert summary == "1 file checked: 1 error, 0 warnings"


def test_findings_are_sorted_by_line_each_with_its_fix(tmp_path: Path) -> None:
    feed = tmp_path / "bad.xml"
    # The feed-level error (missing self link, reported on the channel) comes
    # before the item's, though the validator finds the item's first.
    feed.write_bytes(
        (CORPUS / "rss" / "ttl-zero.xml").read_bytes().replace(b"<title>", b"<title>", 1)
    )
    text = (CORPUS / "atom" / "metadata-after-entries.xml").read_text("utf-8")
    text = text.replace(
        "<updated>2024-05-02T09:00:00+01:00</updated>", "<updated>May 2</updated>", 1
    )
    feed.write_text(text, "utf-8")
    result = run(str(feed))
    findings = [LINE.match(line) for line in result.output.splitlines()[:-1]]
    lines = [int(m["line"]) for m in findings if m]
    assert lines == sorted(lines) and len(lines) >= 3, result.output
    for finding, after in zip(
        result.output.splitlines(), result.output.splitlines()[1:], strict=False
    ):
        if LINE.match(finding) and " info " not in finding:
            assert after.startswith("  fix: "), result.output


def test_fix_column_in_the_docs_matches_the_catalog() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "validator-rules.md").read_text("utf-8")
    for rule in rule_catalog():
        row = next(line for line in docs.splitlines() if line.startswith(f"| `{rule.id}` |"))
        assert row.split(" | ")[3] == rule.fix, rule.id


def test_github_format_prints_workflow_annotations(tmp_path: Path) -> None:
    feed = tmp_path / "a,b.xml"
    feed.write_bytes((CORPUS / "media" / "hash-short.xml").read_bytes())
    result = run("--format", "github", str(feed))
    assert result.exit_code == 1, result.output
    first, summary = result.output.splitlines()
    path = str(feed).replace(",", "%2C").replace(":", "%3A")
    assert first.startswith(
        f"::error file={path},line=28,col=7,title=media-invalid-value::media:hash "
    )
    assert "(fix: " in first
    assert summary == "1 file checked: 1 error, 0 warnings"


def test_html_page_file_is_named_as_such(tmp_path: Path) -> None:
    page = tmp_path / "index.xml"
    page.write_bytes(b"<!DOCTYPE html>\n<html><head><title>Blog</title></head><body></body></html>")
    result = run(str(page))
    assert result.exit_code == 1
    assert f"{page}:1: error feed-html-page " in result.output


def test_not_well_formed_has_line_and_column(tmp_path: Path) -> None:
    feed = tmp_path / "broken.xml"
    feed.write_bytes(b'<rss version="2.0">\n<channel>\n<title>x</channel></rss>')
    result = run(str(feed))
    assert result.exit_code == 1
    match = LINE.match(result.output.splitlines()[0])
    assert match and match["rule"] == "xml-not-well-formed", result.output
    assert match["line"] == "3" and match["col"] is not None


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    feed = tmp_path / "warn.xml"
    feed.write_bytes((CORPUS / "rss" / "self-link-missing.xml").read_bytes())
    result = run(str(feed))
    assert result.exit_code == 0, result.output
    assert "warning rss-missing-atom-self-link" in result.output
    assert result.output.endswith("1 file checked: 0 errors, 1 warning\n")
    strict = run("--strict", str(feed))
    assert strict.exit_code == 1, strict.output


def test_folder_is_searched_recursively_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a.xml").write_bytes(VALID_RSS)
    (tmp_path / "b" / "deep" / "feed.atom").write_bytes(VALID_ATOM)
    (tmp_path / "b" / "c.rss").write_bytes(
        (CORPUS / "rss" / "missing-channel-title.xml").read_bytes()
    )
    (tmp_path / "b" / "feed.json").write_bytes(
        (CORPUS / "json" / "valid-minimal.json").read_bytes()
    )
    (tmp_path / "notes.txt").write_text("not a feed")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "hidden.xml").write_text("<junk")
    reports = validate_path(tmp_path)
    names = [Path(r.target).relative_to(tmp_path).as_posix() for r in reports]
    assert names == ["a.xml", "b/c.rss", "b/deep/feed.atom", "b/feed.json"]
    assert [r.format for r in reports] == ["rss2.0", "rss2.0", "atom1.0", "jsonfeed1.1"]
    result = run(str(tmp_path))
    assert result.exit_code == 1
    assert result.output.endswith("4 files checked: 1 error, 0 warnings\n")


def test_empty_folder_checks_nothing(tmp_path: Path) -> None:
    result = run(str(tmp_path))
    assert result.exit_code == 0
    assert result.output == "0 files checked: 0 errors, 0 warnings\n"


def test_missing_target_exits_2_on_stderr(tmp_path: Path) -> None:
    feed = tmp_path / "ok.xml"
    feed.write_bytes(VALID_RSS)
    missing = tmp_path / "nope.xml"
    result = run(str(feed), str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: no such file or folder\n"
    assert result.stdout == "1 file checked: 0 errors, 0 warnings, 1 unreadable\n"
    with pytest.raises(TargetUnreadable) as info:
        validate_path(missing)
    assert info.value.exit_status == 2


def test_json_output(tmp_path: Path) -> None:
    good = tmp_path / "good.xml"
    good.write_bytes(VALID_ATOM)
    bad = tmp_path / "bad.xml"
    bad.write_bytes((CORPUS / "atom" / "entry-missing-id.xml").read_bytes())
    result = run("--format", "json", str(good), str(bad), str(tmp_path / "gone.xml"))
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert [t["format"] for t in document["targets"]] == ["atom1.0", "atom1.0"]
    assert [t["valid"] for t in document["targets"]] == [True, False]
    (finding,) = document["targets"][1]["findings"]
    assert finding == {
        "rule": "atom-entry-missing-id",
        "fix": RULES_BY_ID["atom-entry-missing-id"].fix,
        "severity": "error",
        "line": 10,
        "column": 3,
        "message": "entry has no id",
    }
    assert document["unreadable"][0]["message"] == "no such file or folder"
    assert document["summary"] == {
        "files": 2,
        "errors": 1,
        "warnings": 0,
        "platform": 0,
        "unreadable": 1,
        "strict": False,
        "exit_status": 2,
    }


def test_rules_lists_every_rule() -> None:
    result = run("--rules")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(rule_catalog())
    for line, rule in zip(lines, rule_catalog(), strict=True):
        assert line.split()[:2] == [rule.id, rule.severity.value]


def test_rule_ids_are_stable_kebab_case_and_documented() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "validator-rules.md").read_text("utf-8")
    ids = [rule.id for rule in rule_catalog()]
    assert len(ids) == len(set(ids))
    for rule_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", rule_id)
        assert f"| `{rule_id}` |" in docs


def test_command_module_does_not_import_lxml() -> None:
    # `publisher --help` must stay fast: the validator loads only when it runs.
    code = "import sys, publisher.cli.validate; print('lxml' in sys.modules)"
    root = Path(__file__).parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"


def test_no_targets_is_a_usage_error() -> None:
    result = run()
    assert result.exit_code == 2
    assert "give at least one file" in result.output


def test_help_has_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "publisher validate --strict" in result.output


# ----------------------------------------------------------------- hostile XML


def test_entity_expansion_attack_is_refused_quickly() -> None:
    data = (CORPUS / "xml" / "billion-laughs.xml").read_bytes()
    start = time.perf_counter()
    report = validate_bytes(data, name="billion-laughs.xml")
    assert time.perf_counter() - start < 0.5
    assert [p.rule for p in report.problems] == ["xml-entity-declaration"]
    assert "billion laughs" in report.problems[0].message


@pytest.mark.parametrize("name", ["xxe-file.xml", "xxe-parameter-entity.xml"])
def test_external_entities_are_never_read(name: str) -> None:
    data = (CORPUS / "xml" / name).read_bytes()
    start = time.perf_counter()
    report = validate_bytes(data, name=name)
    assert time.perf_counter() - start < 0.5
    assert "xml-external-entity" in [p.rule for p in report.warnings]
    assert not report.errors
    assert "root:" not in str(report)  # /etc/passwd was never read


def test_internal_entities_expand_like_a_parser_would() -> None:
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY nbsp "&#160;">\n'
        b' <!ENTITY site "Example &amp; Co">\n <!ENTITY name "&site; news">\n]>\n'
        b'<rss version="2.0"><channel><title>&name;&nbsp;</title>\n<link>https://example.org/</link>'
        b"<description><![CDATA[&site;]]></description><junk>&site;</junk></channel></rss>"
    )
    report = validate_bytes(data, name="entities.xml")
    # Expanded in place: the error about <junk> is on the line it is written on.
    assert [(p.rule, p.line) for p in report.errors] == [("rss-unknown-element", 8)]


@pytest.mark.parametrize(
    "declarations",
    [
        '<!ENTITY a "&b;"><!ENTITY b "&a;">',  # refers to itself
        "".join(f'<!ENTITY e{i} "&e{i + 1};">' for i in range(5000)) + '<!ENTITY e5000 "x">',
    ],
    ids=["cycle", "5000-deep"],
)
def test_entity_cycles_and_deep_chains_are_refused(declarations: str) -> None:
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{declarations}]><rss version="2.0"><channel>'
        "<title>&a;&e0;</title></channel></rss>"
    ).encode()
    start = time.perf_counter()
    report = validate_bytes(data, name="entities.xml")
    assert time.perf_counter() - start < 0.5
    assert [p.rule for p in report.errors] == ["xml-entity-declaration"]


def test_xxe_via_cli_is_a_warning(tmp_path: Path) -> None:
    feed = tmp_path / "xxe.xml"
    feed.write_bytes((CORPUS / "xml" / "xxe-file.xml").read_bytes())
    result = run(str(feed))
    assert result.exit_code == 0
    assert f"{feed}:3:" in result.output
    assert "warning xml-external-entity the DOCTYPE declares the external entity 'xxe'" in (
        result.output
    )


def test_quadratic_blowup_without_doctype_entities_is_fast() -> None:
    # Many references to an undefined entity: refused by the parser, not expanded.
    data = b'<rss version="2.0"><channel><title>' + b"&a;" * 200_000 + b"</title></channel></rss>"
    start = time.perf_counter()
    report = validate_bytes(data, name="refs.xml")
    assert time.perf_counter() - start < 1.0
    assert report.errors[0].rule == "xml-not-well-formed"


def test_size_limit_for_files(tmp_path: Path) -> None:
    feed = tmp_path / "big.xml"
    feed.write_bytes(VALID_RSS)
    result = run("--max-bytes", "100", str(feed))
    assert result.exit_code == 1
    assert "error feed-too-large larger than the 100 byte limit" in result.output
    big = validate_bytes(b"<rss>" + b" " * 10_000_001, name="huge")
    assert [p.rule for p in big.problems] == ["feed-too-large"]


# ----------------------------------------------------------------- URLs


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, body: bytes, content_type: str = "application/rss+xml") -> None:
        # Delivered as a reader wants (tests/test_delivery.py has the servers that are
        # not): charset, validators and 304, compression, Cache-Control.
        if "charset" not in content_type:
            content_type += "; charset=utf-8"
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
        else:
            self.send_response(200)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "public, max-age=300")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may have given up first (the timeout test).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path
        if path == "/feed.xml":
            self._send(rss_with_self(base + "/feed.xml"))
        elif path == "/as-html":
            self._send(rss_with_self(base + "/as-html"), "text/html; charset=utf-8")
        elif path == "/elsewhere":
            self._send(rss_with_self("https://example.org/rss.xml"))
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", "/feed.xml" if left == 0 else f"/hop/{left - 1}")
            self.end_headers()
        elif path == "/big":
            self._send(rss_with_self(base + "/big") + b"<!--" + b"x" * 5000 + b"-->")
        elif path == "/chunked-big":
            # No Content-Length: the limit must hold while reading.
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(b"<rss>" + b" " * 50_000)
        elif path == "/blog/":
            page = (
                b'<!doctype html><html><head><link rel="alternate" type="application/rss+xml" '
                b'title="Posts" href="/feed.xml"><link rel="alternate" '
                b'type="application/atom+xml" href="/elsewhere"><link rel="stylesheet" '
                b'href="/s.css"></head><body><h1>Blog</h1></body></html>'
            )
            self._send(page, "text/html; charset=utf-8")
        elif path == "/dead-link/":
            page = (
                b'<html><head><link rel="alternate" type="application/atom+xml" href="/gone.xml">'
                b'<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>'
            )
            self._send(page, "text/html")
        elif path == "/no-feeds/":
            self._send(b"<!doctype html><html><head></head><body>hi</body></html>", "text/html")
        elif path == "/slow":
            time.sleep(1.5)
            self._send(VALID_RSS)
        else:
            self.send_error(404, "Not Found")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # urllib honours proxy variables; the local server must be reached directly.
    for name in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


def test_url_valid_reports_content_type(server: str) -> None:
    report = validate_url(server + "/feed.xml", timeout=5)
    assert report.format == "rss2.0"
    assert [(p.rule, p.severity.value) for p in report.problems] == [("http-content-type", "info")]
    result = run(server + "/feed.xml")
    assert result.exit_code == 0, result.output
    assert (
        f"{server}/feed.xml: info http-content-type served as "
        "'application/rss+xml; charset=utf-8'" in result.output
    )


def test_page_url_feeds_are_discovered_and_validated(server: str) -> None:
    reports = validate_url_or_page(server + "/blog/", timeout=5)
    assert [r.target for r in reports] == [
        server + "/blog/",
        server + "/feed.xml",
        server + "/elsewhere",
    ]
    assert [p.rule for p in reports[0].problems] == ["feed-discovered"]
    assert not reports[1].errors and not reports[1].warnings
    # The second feed's self link names another URL: the usual warning, on that feed.
    assert {p.rule for p in reports[2].warnings} == {"feed-self-link-mismatch"}
    result = run(server + "/blog/")
    assert result.exit_code == 0, result.output
    assert "3 files checked: 0 errors, 1 warning" in result.output


def test_page_url_with_a_dead_feed_link_reports_it_and_checks_the_rest(server: str) -> None:
    result = run(server + "/dead-link/")
    assert result.exit_code == 1, result.output
    assert (
        f"{server}/dead-link/:1: error feed-advertised-unreadable advertised feed "
        f"{server}/gone.xml: HTTP 404 Not Found"
    ) in result.output
    assert "3 files checked: 1 error, 0 warnings" in result.output


def test_page_url_without_feeds_is_an_html_page(server: str) -> None:
    result = run(server + "/no-feeds/")
    assert result.exit_code == 1, result.output
    assert f"{server}/no-feeds/:1: error feed-html-page " in result.output


def test_url_wrong_content_type_warns(server: str) -> None:
    report = validate_url(server + "/as-html", timeout=5)
    assert {p.rule for p in report.warnings} == {"http-unexpected-content-type"}


def test_url_self_link_must_match(server: str) -> None:
    report = validate_url(server + "/elsewhere", timeout=5)
    assert [p.rule for p in report.warnings] == ["feed-self-link-mismatch"]


def test_url_five_redirects_followed_six_refused(server: str) -> None:
    # /hop/4 is five temporary redirects (4, 3, 2, 1, 0 -> /feed.xml): each is a warning,
    # and readers keep polling /hop/4, which the self link (the final URL) does not name.
    report = validate_url(server + "/hop/4", timeout=5)
    warnings = [p.rule for p in report.warnings]
    assert warnings == ["http-redirect-temporary"] * 5 + ["feed-self-link-mismatch"]
    assert not report.errors, report.problems
    with pytest.raises(TargetUnreadable, match="more than 5 redirects"):
        validate_url(server + "/hop/5", timeout=5)
    result = run(server + "/hop/5")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {server}/hop/5: more than 5 redirects")


def test_url_size_limit(server: str) -> None:
    result = run("--max-bytes", "2000", server + "/big")
    assert result.exit_code == 1
    assert "error feed-too-large" in result.output
    report = validate_url(server + "/chunked-big", timeout=5, max_bytes=10_000)
    delivery = {"http-charset-missing", "http-cache-control-missing"}  # a bare server
    assert [p.rule for p in report.problems if p.rule not in delivery] == ["feed-too-large"]


def test_url_timeout(server: str) -> None:
    start = time.perf_counter()
    result = run("--timeout", "0.3", server + "/slow")
    assert time.perf_counter() - start < 1.4
    assert result.exit_code == 2
    assert "timed out" in result.stderr


def test_url_http_error_and_bad_scheme(server: str) -> None:
    with pytest.raises(TargetUnreadable, match="HTTP 404"):
        validate_url(server + "/missing", timeout=5)
    with pytest.raises(TargetUnreadable, match="only http"):
        validate_url("file:///etc/passwd")


def test_json_feed_findings_name_a_json_path() -> None:
    lines = run(
        str(CORPUS / "json" / "item-missing-content.json"),
        str(CORPUS / "json" / "attachment-no-mime-type.json"),
    ).output.splitlines()
    findings = [line.split(": ", 1)[1] for line in lines if ": error " in line]
    assert findings == [
        "error jsonfeed-item-missing-content items[0] needs content_html or content_text",
        "error jsonfeed-attachment-invalid items[0].attachments[0].mime_type is required",
        "error jsonfeed-attachment-invalid items[0].attachments[0].size_in_bytes must be a number",
    ]
