"""Each Markdown flavour as its generator renders it, one case per file under
tests/markdown_flavours/<group>/ (the group's ``markdown.toml`` holds its ``markdown``
setting as publisher.toml writes it).

``NAME.md`` is a body; ``NAME.expected`` beside it is the HTML publisher publishes for it
(rendered, sanitized, URLs absolute against ``BASE``). Regenerate with
``pytest --update-goldens`` and review the diff against what the generator shows.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from publisher.model import Article
from publisher.render.renderer import Renderer
from publisher.render.settings import parse_settings

CORPUS = Path(__file__).parent / "markdown_flavours"
CASES = sorted(CORPUS.glob("*/*.md"))
BASE = "https://site.example/posts/a-post/"
ARTICLE = Article(
    id="tag:site.example,2026:a-post", title="A post", slug="a-post", category="Posts",
    category_slug="posts", link=BASE, published=datetime(2026, 1, 2, tzinfo=UTC),
    updated=None, source="posts/a-post.md", body_format="markdown", authors=(), tags=(),
)  # fmt: skip


def rendered(case: Path) -> str:
    raw = tomllib.loads((case.parent / "markdown.toml").read_text(encoding="utf-8"))
    settings = parse_settings(raw["markdown"], "")
    return Renderer(settings).render(ARTICLE, case.read_text(encoding="utf-8")).content_html


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case(case: Path, request: pytest.FixtureRequest) -> None:
    expected_path = case.with_suffix(".expected")
    actual = rendered(case) + "\n"
    if request.config.getoption("--update-goldens") or not expected_path.exists():
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


def test_each_flavour_has_cases() -> None:
    flavours = set()
    for case in CASES:
        raw = tomllib.loads((case.parent / "markdown.toml").read_text(encoding="utf-8"))
        flavours.add(parse_settings(raw["markdown"], "").flavour)
    assert flavours == {"python-markdown", "commonmark", "goldmark", "kramdown"}


def test_a_summary_comes_from_the_first_paragraph_in_every_flavour() -> None:
    body = '# Heading\n\nThe *first* paragraph -- with "quotes".\n\nThe second.\n'
    summaries = {
        flavour: Renderer(parse_settings(flavour, "")).render(ARTICLE, body).summary
        for flavour in ("python-markdown", "commonmark", "goldmark", "kramdown")
    }
    assert summaries == {
        "python-markdown": 'The first paragraph -- with "quotes".',
        "commonmark": 'The first paragraph -- with "quotes".',
        "goldmark": "The first paragraph – with “quotes”.",
        "kramdown": "The first paragraph – with “quotes”.",
    }


def test_html_bodies_are_not_rendered_as_markdown_in_any_flavour() -> None:
    article = replace(ARTICLE, body_format="html")
    for flavour in ("python-markdown", "commonmark", "goldmark", "kramdown"):
        html = Renderer(parse_settings(flavour, "")).render(article, "<p>*not* -- md</p>")
        assert html.content_html == "<p>*not* -- md</p>"


def test_characters_xml_cannot_carry_never_reach_the_html() -> None:
    body = "a\x01b &#1; c &#xFFFE; d"
    for flavour in ("python-markdown", "commonmark", "goldmark", "kramdown"):
        html = Renderer(parse_settings(flavour, "")).render(ARTICLE, body).content_html
        # CommonMark reads a reference to an invalid character as U+FFFD.
        assert html.replace("\ufffd", "") == "<p>ab  c  d</p>", flavour
