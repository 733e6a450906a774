"""Unit tests for render.py: body -> sanitized HTML with absolute URLs, and a summary."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from publisher.errors import SourceError
from publisher.model import Article
from publisher.render.renderer import Renderer
from publisher.render.sanitize import sanitize
from publisher.render.summary import summarize

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def _article(**changes: object) -> Article:
    fields: dict[str, object] = {
        "id": "urn:x:1", "title": "T", "slug": "t", "category": "News", "category_slug": "news",
        "link": "https://site.example/news/t/", "published": WHEN, "updated": WHEN,
        "source": "content/news/t.md",
    }  # fmt: skip
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def test_markdown_becomes_html_with_absolute_links_and_a_summary():
    done = Renderer().render(_article(), "First *para*.\n\n[next](../n/) ![i](pic.jpg)")
    assert done.content_html == (
        "<p>First <em>para</em>.</p>\n"
        '<p><a href="https://site.example/news/n/">next</a> '
        '<img alt="i" src="https://site.example/news/t/pic.jpg"></p>'
    )
    assert done.summary == "First para."


def test_an_explicit_summary_is_kept():
    assert Renderer().render(_article(summary="Mine."), "Body.").summary == "Mine."


def test_html_bodies_are_sanitized_not_converted():
    body = '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">a</a></p>'
    done = Renderer().render(_article(body_format="html"), body)
    assert done.content_html == "<p>Hi <a>a</a></p>"


def test_srcset_and_illegal_character_references():
    html = sanitize(
        '<img srcset="a.jpg 1x, /b.jpg 2x" src="a.jpg">&#1;', base_url="https://s.example/x/"
    )
    assert html == (
        '<img srcset="https://s.example/x/a.jpg 1x, https://s.example/b.jpg 2x" '
        'src="https://s.example/x/a.jpg">'
    )


def test_summaries_are_cut_at_a_word():
    text = "word " * 100
    cut = summarize(f"<p>{text}</p>", limit=22)
    assert cut == "word word word word…"


def test_nesting_too_deep_is_the_files_error_and_the_renderer_recovers():
    renderer = Renderer()
    with pytest.raises(SourceError) as caught:
        renderer.render(_article(), "".join(f"{'    ' * n}- x\n" for n in range(300)))
    assert caught.value.path == "content/news/t.md"
    assert "nested too deeply" in caught.value.message
    assert renderer.render(_article(), "fine").content_html == "<p>fine</p>"
