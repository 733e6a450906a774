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
from hypothesis import given, settings
from hypothesis import strategies as st

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


class _EagerLinks:
    """What ``commonmark._BareLinks`` did before its block pretest was left to ``test``:
    linkify-it's pretest of every block that could hold a link, at once."""

    @staticmethod
    def install(engine: object) -> None:
        from linkify_it import LinkifyIt

        from publisher.render import commonmark

        links = commonmark._BareLinks()

        def pretest(text: str) -> bool:
            may = commonmark._MAY_LINK.search(text) is not None
            return may and bool(LinkifyIt.pretest(links, text))

        def test(text: str) -> bool:
            may = commonmark._MAY_LINK.search(text) is not None
            return may and bool(LinkifyIt.test(links, text))

        links.pretest = pretest  # type: ignore[method-assign]
        links.test = test  # type: ignore[method-assign]
        engine._parser.linkify = links  # type: ignore[attr-defined]


_LINKY = [
    "see https://a.example/x and www.b.example, mail@c.example",
    "[a link](https://d.example/) then xwww.e.example and foo://f.example",
    "<https://g.example/> &#64;h.example www\\.i.example &amp;www.j.example",
    "`https://k.example` **www.l.example** _m@n.example_ http&#58;//o.example",
    "a.example b.com c@d ://e www. @ https:// ftp://p.example mailto:q@r.example",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from([*_LINKY, "\n\n", "\n- ", "\n> ", " ", "[x](", ")"]), st.text()),
        max_size=8,
    ).map("".join)
)
def test_a_block_pretested_lazily_links_what_the_eager_pretest_linked(body: str) -> None:
    for flavour in ("commonmark", "goldmark"):
        lazy = Renderer(parse_settings(flavour, ""))
        eager = Renderer(parse_settings(flavour, ""))
        _EagerLinks.install(eager._engine)
        assert lazy.render(ARTICLE, body).content_html == eager.render(ARTICLE, body).content_html


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_case_links_as_the_eager_pretest_did(case: Path) -> None:
    raw = tomllib.loads((case.parent / "markdown.toml").read_text(encoding="utf-8"))
    settings_ = parse_settings(raw["markdown"], "")
    if settings_.flavour == "python-markdown":
        return
    body = case.read_text(encoding="utf-8")
    eager = Renderer(settings_)
    _EagerLinks.install(eager._engine)
    assert (
        Renderer(settings_).render(ARTICLE, body).content_html
        == eager.render(ARTICLE, body).content_html
    )
