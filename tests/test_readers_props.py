"""Properties of the scraped-page readers on arbitrary input: SourceError or a clean doc."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from publisher.errors import SourceError
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions
from publisher.sources.scraped.html import HtmlReader
from publisher.sources.scraped.markdown_text import escape_text
from publisher.sources.scraped.text_page import TextReader

OPTIONS = ReaderOptions()
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Lines that look like what scrapers produce: crumbs, markup, boilerplate, headers, prose.
_PIECES = st.sampled_from(
    [
        "Home » News » A title", "Home > Tech", "Title: x", "Date: 2025-13-45", "Category:",
        "You may also like", "Leave a Comment", "Share this:", "Advertisement", "",
        "• item", "1. one", "# hash", "> quote", "<b>bold</b>", "*", "_", "`", "[", "{x}",
        "By Jane Doe | July 3, 2025", "Stay tuned to example.com.", "\u00a0", "\t", "…",
        "A sentence that is long enough to count as prose in the article body here.",
    ]
)  # fmt: skip
_LINES = st.lists(st.one_of(_PIECES, st.text(max_size=60)), max_size=25).map("\n".join)
_TAGS = st.sampled_from(
    [
        "<html>", "<head>", "<title>", "</title>", "<body>", "<article>", "</article>", "<p>",
        "</p>", "<h1>", "<h2>", "<ul><li>", "</li></ul>", "<pre><code>", "</code></pre>",
        "<blockquote>", "<table><tr><td>", "<a href='(x)'>", "</a>", "<img src=x alt='[a]'>",
        "<br>", "<em>", "</em>", "<!-- c -->", "<?xml version='1.0' encoding='latin-1'?>",
        "<meta property='og:title' content='T'>", "<meta property='article:published_time' "
        "content='2025-99-99'>", "<script type='application/ld+json'>{\"@graph\": [",
        "</script>", "<nav class='breadcrumb'><li>Home<li>Tech</nav>", "<div class='share'>",
        "<time datetime='x'>", "&amp;", "&#0;", "\x00", "<",
    ]
)  # fmt: skip
_HTML = st.lists(st.one_of(_TAGS, st.text(max_size=40)), max_size=40).map("".join)


def _check(doc: SourceDoc) -> None:
    assert isinstance(doc.fields.get("title"), str) and doc.fields["title"]
    assert doc.body.strip()
    assert all(isinstance(v, str) for v in doc.fields.values())
    markdown.markdown(doc.body, extensions=["extra", "sane_lists"])


@SETTINGS
@given(st.one_of(_LINES, st.text(max_size=400)))
def test_text_reader_only_raises_source_error(text: str) -> None:
    try:
        doc = TextReader().read(text, path="p.txt", rel="p.txt", options=OPTIONS)
    except SourceError as exc:
        assert exc.path == "p.txt"
        return
    _check(doc)


@SETTINGS
@given(st.one_of(_HTML, st.text(max_size=400)))
def test_html_reader_only_raises_source_error(text: str) -> None:
    try:
        doc = HtmlReader().read(text, path="p.html", rel="p.html", options=OPTIONS)
    except SourceError as exc:
        assert exc.path == "p.html"
        return
    _check(doc)


def test_deeply_nested_html_is_an_error_or_a_doc() -> None:
    page = "<title>Deep</title>" + "<div>" * 5000 + "Text at the bottom." + "</div>" * 5000
    try:
        doc = HtmlReader().read(page, path="d.html", rel="d.html", options=OPTIONS)
    except SourceError:
        return
    assert "Text at the bottom." in doc.body


# Printable text without line breaks: a paragraph renders back to exactly what was written.
_PARAGRAPH = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=80
).map(lambda s: " ".join(s.split()))


@settings(max_examples=200, deadline=None)
@given(_PARAGRAPH)
@example("---")  # a thematic break, found by this test
@example("- - -")
@example("=")
def test_escaped_text_renders_as_written(text: str) -> None:
    if not text:
        return
    html = markdown.markdown(escape_text(text), extensions=["extra", "sane_lists"])
    from lxml import html as lxml_html

    rendered = lxml_html.fragment_fromstring(html, create_parent="div").text_content()
    assert " ".join(rendered.split()) == text


@pytest.mark.parametrize("underline", ["-", "---", "=", "= = ="])
def test_a_line_of_dashes_or_equals_does_not_make_the_line_above_a_heading(underline: str) -> None:
    text = f"Paragraph line\n{underline}"
    html = markdown.markdown(escape_text(text), extensions=["extra", "sane_lists"])
    assert "<h" not in html and "<hr" not in html, html


# Bytes as pages arrive: declared charsets (right, wrong, unknown), BOMs, legacy bytes.
_DECLARATIONS = st.sampled_from(
    [
        b"", b"<meta charset='utf-8'>", b"<meta charset=windows-1252>", b"<meta charset=euc-kr>",
        b"<meta charset='shift_jis'>", b"<meta charset=gb2312>", b"<meta charset=koi8-r>",
        b"<meta charset=nonsense-9>", b'<meta http-equiv="Content-Type" content="text/html; '
        b'charset=iso-8859-9">', b"<?xml version='1.0' encoding='latin-1'?>", b"\xef\xbb\xbf",
        b"\xff\xfe", b"<meta charset=utf-16>",
    ]
)  # fmt: skip
_BODIES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(["Café crème", "한국어 기사", "中文新闻", "Привет"]).flatmap(
        lambda t: st.sampled_from(["utf-8", "cp1252", "euc-kr", "gb18030", "koi8-r"]).map(
            lambda c: t.encode(c, "replace")
        )
    ),
)


@SETTINGS
@given(_DECLARATIONS, _BODIES, st.sampled_from([None, "utf-8", "windows-1252", "bogus"]))
def test_html_decoding_only_raises_source_error(
    declared: bytes, body: bytes, header: str | None
) -> None:
    from publisher.sources.scraped.charset import decode_html

    data = declared + b"<title>T</title><p>" + body + b"</p>"
    try:
        text, problems = decode_html(data, "p.html", header_charset=header)
    except SourceError as exc:
        assert exc.path == "p.html"
        assert "\n" not in str(exc)
        return
    assert "\r" not in text
    assert all(p.path == "p.html" for p in problems)


@SETTINGS
@given(st.one_of(_LINES, st.text(max_size=200)))
def test_found_dates_are_real_dates(text: str) -> None:
    from datetime import UTC

    from publisher.dates import parse_date
    from publisher.sources.scraped.bylines import find_byline
    from publisher.sources.scraped.page_dates import find_date

    found = find_date(text)
    if found is not None:
        parse_date(found, UTC)  # raises DateError if not a real date
    byline = find_byline(text)
    assert byline is None or (byline.strip() and "\n" not in byline)
