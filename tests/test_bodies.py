"""Unit tests for build/bodies.py: what is kept beside a rendered body, and the check of
misplaced links from it, against the check on the whole body (``render.misplaced_links``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from publisher.build.bodies import body_facts, misplaced_link_problems
from publisher.config import Config
from publisher.model import Article, Feed, Rendered
from publisher.render.links import misplaced_links

BASE = "https://site.example/blog"
CATEGORIES = {"technology", "science", "world"}
KNOWN = frozenset({"/blog/world/real/", "/blog/technology/world/"})
WHEN = datetime(2026, 1, 1, tzinfo=UTC)

# Pieces of hrefs as sanitized HTML writes them (entities escaped): every host, case,
# empty segment, entity, tab and category arrangement the check tells apart.
hosts = st.sampled_from(
    ["https://site.example", "https://site.example", "https://site.example",
     "http://site.example", "https://SITE.example",
     "https://other.example", "https://site.example:8080", "https://x.site.example"]
)  # fmt: skip
segments = st.sampled_from(
    ["technology", "technology", "science", "science", "world", "world", "real", "x", "",
     "blog", "tech&amp;nology", "sci\tence", "world?q=1", "world#top", "%20"]
)  # fmt: skip
hrefs = st.builds(
    lambda host, start, parts, end: host + start + "/".join(parts) + end,
    hosts,
    st.sampled_from(["/blog/", "/blog/", "/blog/", "/blog//", "/", "/other/"]),
    st.lists(segments, min_size=1, max_size=4),
    st.sampled_from(["", "/", "/", "?a=1&amp;b=2", "#f"]),
)


def _article(html: str, category: str = "technology") -> Article:
    return Article(
        id="urn:x:1", title="T", slug="a", category=category.title(), category_slug=category,
        link=f"{BASE}/{category}/a/", published=WHEN, updated=WHEN, source=f"{category}/a.md",
        content_html=html,
    )  # fmt: skip


def _config() -> Config:
    root = Path("/site")
    return Config(root, "T", BASE, root / "content", root / "feeds", root / ".cache")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(hrefs, max_size=8),
    st.sampled_from(sorted(CATEGORIES | {"misc"})),
    st.sampled_from(["p", "img", "a"]),
)
@example([f"{BASE}/technology/science/heat/"], "technology", "a")
@example([f"{BASE}/technology//science"], "technology", "a")
@example(["https://site.example/blog/tech\tnology/science/"], "technology", "a")
def test_misplaced_links_from_the_kept_links_are_those_of_the_whole_body(
    links: list[str], category: str, tag: str
) -> None:
    html = "".join(
        f'<p><a href="{href}">x</a> <{tag} title="t" href="{href}"></p>' for href in links
    )
    article = _article(html, category)
    whole = misplaced_links(article, CATEGORIES, KNOWN, BASE)
    kept = body_facts(Rendered(html, None), "site.example").site_links
    feed = Feed("f", "F", "", BASE, {"atom": "u"}, "en", WHEN, (article,))
    from_kept = misplaced_link_problems(
        [feed], _config(), lambda: CATEGORIES, lambda: iter(()), lambda _: kept
    )
    # KNOWN is asked for through the article links: give the check the same paths.
    from_kept_known = misplaced_link_problems(
        [feed], _config(), lambda: CATEGORIES,
        lambda: (f"https://site.example{path}" for path in KNOWN), lambda _: kept,
    )  # fmt: skip
    assert from_kept_known == whole
    assert from_kept == misplaced_links(article, CATEGORIES, frozenset(), BASE)


def test_the_facts_kept_beside_a_body() -> None:
    html = (
        '<p><a href="https://site.example/a/">a</a> <a href="https://else.example/b/">b</a>'
        ' <img src="https://site.example/i.png" alt=""> <a href="https://site.example/a/">'
        'again</a> <a href="https://site.example/q?x=1&amp;y=2">q</a></p>'
    )
    facts = body_facts(Rendered(html, "Summary."), "site.example")
    assert facts.summary == "Summary."
    assert facts.first_image == "https://site.example/i.png"
    assert facts.site_links == ("https://site.example/a/", "https://site.example/q?x=1&amp;y=2")


def test_a_completed_article_is_the_article_replaced() -> None:
    # _completed copies the instance's dict instead of dataclasses.replace: right only
    # while Article keeps its fields in __dict__ and checks nothing on construction.
    from dataclasses import replace

    from publisher.build.bodies import _completed
    from publisher.model import Enclosure

    assert not hasattr(Article, "__post_init__") and not hasattr(Article, "__slots__")
    article = _article('<p><img src="https://site.example/i.png"></p>')
    enclosure = Enclosure("https://site.example/i.png", "image/png", 10)
    made = _completed(article, "Summary.", "https://site.example/i.png", enclosure)
    expected = replace(
        article, summary="Summary.", image="https://site.example/i.png", enclosure=enclosure
    )
    assert made == expected and repr(made) == repr(expected) and hash(made) == hash(expected)
    assert made.__dict__ == expected.__dict__ and article.summary is None
