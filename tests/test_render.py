"""Unit tests for render/: body -> sanitized HTML with absolute URLs, and a summary."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from publisher.errors import SourceError
from publisher.model import Article
from publisher.render.renderer import Renderer
from publisher.render.sanitize import sanitize
from publisher.render.settings import MarkdownSettings, default_settings, flavour_defaults
from publisher.render.summary import summarize
from tests.html_shape import shape

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
    assert shape(done.content_html) == shape(
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
    assert shape(done.content_html) == shape("<p>Hi <a>a</a></p>")


def test_srcset_and_illegal_character_references():
    html = sanitize(
        '<img srcset="a.jpg 1x, /b.jpg 2x" src="a.jpg">&#1;', base_url="https://s.example/x/"
    )
    assert "&#1;" not in html and "\x01" not in html
    assert shape(html) == shape(
        '<img srcset="https://s.example/x/a.jpg 1x, https://s.example/b.jpg 2x" '
        'src="https://s.example/x/a.jpg">'
    )


def test_summaries_are_cut_at_a_word():
    text = "word " * 100
    cut = summarize(f"<p>{text}</p>", limit=22)
    assert cut == "word word word word…"


# Every flavour, each as a site without options gets it (Pelican's: with codehilite).
FLAVOURS = {
    "python-markdown": MarkdownSettings(),
    "pelican": default_settings("pelican"),
    **{name: flavour_defaults(name) for name in ("commonmark", "goldmark", "kramdown")},
}
_OVER_LIMITS = {
    "lists": (
        "".join(f"{'    ' * n}- x\n" for n in range(300)),
        "lists, quotes or indentation nested 65 levels deep (at most 64): flatten them",
    ),
    "quotes": (
        "Text.\n\n" + ">" * 300 + " deep\n",
        "lists, quotes or indentation nested 300 levels deep (at most 64): flatten them",
    ),
    "brackets": (
        "intro\n\n" + "[" * 1001 + "\n",
        "a paragraph or list item with 1001 '[' (at most 1000: Markdown links are slow to "
        "parse): split it",
    ),
    "markdown in html": (
        '<div markdown="1">\n' * 129 + "\nx\n\n" + "</div>\n" * 129,
        "HTML elements nested more than 128 levels deep: close some",
    ),
    "html": (
        "<div>" * 2000 + "x" + "</div>" * 2000,
        "HTML elements nested more than 1024 levels deep: close some",
    ),
}


@pytest.mark.parametrize("shape_name", list(_OVER_LIMITS))
@pytest.mark.parametrize("flavour", list(FLAVOURS))
def test_a_body_over_our_limits_is_refused_with_our_message_in_every_flavour(flavour, shape_name):
    """publisher's limits are checked before the flavour's library reads the body, so
    the message is the same whichever renders it (and whatever that library would do)."""
    renderer = Renderer(FLAVOURS[flavour])
    body, message = _OVER_LIMITS[shape_name]
    with pytest.raises(SourceError) as caught:
        renderer.render(_article(), body)
    assert caught.value.path == "content/news/t.md"
    assert caught.value.message == f"cannot render the body: {message}"
    assert shape(renderer.render(_article(), "fine").content_html) == shape("<p>fine</p>")


def test_raw_html_left_out_is_no_html_over_the_limit():
    """With ``raw_html = false`` the nested HTML never reaches the sanitizer: nothing is
    over the limit, and nothing of it is published."""
    renderer = Renderer(replace(flavour_defaults("goldmark"), raw_html=False))
    body, _ = _OVER_LIMITS["html"]
    assert "div" not in renderer.render(_article(), "Text.\n\n" + body).content_html


def test_html_from_markdown_nested_over_our_limit_is_refused_before_nh3():
    body = "<div>" * 2000 + "x" + "</div>" * 2000
    for body_format in ("markdown", "html"):
        with pytest.raises(SourceError) as caught:
            Renderer().render(_article(body_format=body_format), body)
        assert caught.value.message == (
            "cannot render the body: HTML elements nested more than 1024 levels deep: close some"
        )


def _markdown_fails(monkeypatch):
    """Python-Markdown, say, fails on a body holding "boom"."""
    import markdown

    real_convert = markdown.Markdown.convert

    def failing(self, text):
        if "boom" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real_convert(self, text)

    monkeypatch.setattr(markdown.Markdown, "convert", failing)
    return "RecursionError: maximum recursion depth exceeded"


def _markdown_it_fails(monkeypatch):
    from markdown_it import MarkdownIt

    real_render = MarkdownIt.render

    def failing(self, text, env=None):
        if "boom" in text:
            raise IndexError("list index out of range")
        return real_render(self, text, env)

    monkeypatch.setattr(MarkdownIt, "render", failing)
    return "IndexError: list index out of range"


@pytest.mark.parametrize(
    ("settings", "fail"),
    [(MarkdownSettings(), _markdown_fails), (flavour_defaults("goldmark"), _markdown_it_fails)],
    ids=["python-markdown", "markdown-it-py"],
)
def test_a_library_failing_is_the_files_error_and_the_renderer_recovers(
    monkeypatch, settings, fail
):
    renderer = Renderer(settings)
    said = fail(monkeypatch)
    monkeypatch.delenv("PUBLISHER_DEBUG", raising=False)
    with pytest.raises(SourceError) as caught:
        renderer.render(_article(), "boom")
    assert caught.value.message == f"internal error rendering this file: {said}"
    assert shape(renderer.render(_article(), "fine").content_html) == shape("<p>fine</p>")
