"""Hugo's own test tables (inputs and expected outputs), run against our Hugo rules.

Each table file under tests/generator_tables/hugo/ names the Hugo (or spf13/cast) test it
was copied from; only the data is copied, the code under test is ours.
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from publisher.config import load_config
from publisher.dates import EARLIEST
from publisher.generators.hugo_dates import cast_date
from publisher.generators.hugo_links import (
    ContentPath,
    HugoPage,
    LinkRules,
    PermalinkError,
    check_pattern,
    slice_entries,
)
from publisher.generators.hugo_order import hugo_weight, order_key
from publisher.generators.hugo_urls import PathRules, sanitize
from publisher.normalize import normalize
from publisher.render.commonmark import CommonMark
from publisher.render.settings import parse_settings
from publisher.sources.base import ReaderOptions
from publisher.sources.markdown import MarkdownReader

TABLES = Path(__file__).parent / "generator_tables" / "hugo"


def _table(file: str, name: str) -> list[Any]:
    rows: list[Any] = tomllib.loads((TABLES / file).read_text(encoding="utf-8"))[name]
    return rows


@pytest.mark.parametrize(("text", "expected"), _table("paths.toml", "sanitize"))
def test_sanitize(text: str, expected: str) -> None:
    assert sanitize(text) == expected


@pytest.mark.parametrize(("text", "expected", "accents"), _table("paths.toml", "make_path"))
def test_make_path(text: str, expected: str, accents: bool) -> None:
    assert PathRules(remove_accents=accents).make_path(text) == expected


@pytest.mark.parametrize(("text", "expected"), _table("paths.toml", "make_path_sanitized"))
def test_make_path_sanitized(text: str, expected: str) -> None:
    assert PathRules().make_path_sanitized(text) == expected


@pytest.mark.parametrize(("text", "expected"), _table("paths.toml", "make_path_sanitized_upper"))
def test_make_path_sanitized_disable_path_to_lower(text: str, expected: str) -> None:
    assert PathRules(to_lower=False).make_path_sanitized(text) == expected


@pytest.mark.parametrize(("text", "expected"), _table("paths.toml", "urlize"))
def test_urlize(text: str, expected: str) -> None:
    assert PathRules().urlize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), _table("dates.toml", "cast") + _table("dates.toml", "go_parse")
)
def test_dates_as_cast_reads_them(text: str, expected: str) -> None:
    found = cast_date(text, UTC)
    assert (found.isoformat() if found else "") == expected


def _test_page(slug: str = "The Slug", sections: tuple[tuple[str, str], ...] = ()) -> HugoPage:
    return HugoPage(
        path=ContentPath(("blue", "test-page"), "index", ""),
        title="Spf13 Vim 3.0 Release and new website",
        slug=slug,
        date=datetime(2012, 4, 6, 3, 1, 59, tzinfo=UTC),
        sections=sections or (("a", "a"), ("b", "b"), ("c", "c")),
    )


_SECTION_SLUGS = (("a", "a-slug"), ("b", "b-slug"), ("c", "c-slug"))


@pytest.mark.parametrize(
    ("pattern", "expected", "page"),
    [(p, e, _test_page()) for p, e in _table("permalinks.toml", "expand")]
    + [(p, e, _test_page(slug="")) for p, e in _table("permalinks.toml", "expand_no_slug")]
    + [(p, e, _test_page(slug="myslug")) for p, e in _table("permalinks.toml", "expand_myslug")]
    + [
        (p, e, _test_page(sections=_SECTION_SLUGS))
        for p, e in _table("permalinks.toml", "expand_section_slugs")
    ],
)
def test_permalink_patterns_expand_as_hugos(pattern: str, expected: str, page: HugoPage) -> None:
    check_pattern(pattern)
    assert LinkRules().expand(pattern, page) == expected


@pytest.mark.parametrize("pattern", _table("permalinks.toml", "invalid"))
def test_permalink_patterns_hugo_refuses(pattern: str) -> None:
    with pytest.raises(PermalinkError, match="not recognised"):
        check_pattern(pattern)


@pytest.mark.parametrize(("entries", "cut", "expected"), _table("permalinks.toml", "slices"))
def test_section_slices(entries: list[str], cut: str, expected: list[str]) -> None:
    assert slice_entries(entries, cut) == expected


@pytest.mark.parametrize(("text", "fields", "body"), _table("front_matter.toml", "rows"))
def test_front_matter_found_as_hugos_page_lexer_finds_it(text: str, fields: str, body: str) -> None:
    doc = MarkdownReader().read(
        text, path="a.md", rel="a.md", options=ReaderOptions(generator="hugo")
    )
    assert doc.fields == json.loads(fields)
    assert doc.body == body


@pytest.mark.parametrize("first", range(6))
def test_a_pages_date_is_the_first_of_hugos_date_keys(first: int, tmp_path: Path) -> None:
    keys = _table("front_matter.toml", "date_keys")[first:]
    (tmp_path / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://s.example"\ngenerator = "hugo"\n', encoding="utf-8"
    )
    config = load_config(tmp_path / "publisher.toml", environ={})
    lines = [f"{key.capitalize()}: 2024-01-{day:02d}" for day, key in enumerate(keys, start=1)]
    text = "---\ntitle: T\n" + "\n".join(reversed(lines)) + "\n---\nB"
    article, _ = normalize(MarkdownReader().read(text, path="a.md", rel="a.md",
                                                 options=ReaderOptions(generator="hugo")), config)  # fmt: skip
    assert article is not None and article.published == datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "markdown", "expected", "substitutions"),
    _table("typographer.toml", "rows"),
    ids=lambda value: value if isinstance(value, str) and len(value) < 60 else "",
)
def test_goldmarks_typographer(
    name: str, markdown: str, expected: str, substitutions: dict[str, str]
) -> None:
    settings = parse_settings(
        {"flavour": "goldmark", "typographer_substitutions": substitutions}, "hugo"
    )
    html = CommonMark(settings).convert(markdown).strip()
    # The same text: Goldmark writes entities (&rsquo;) and <img>, markdown-it characters
    # and <img />.
    assert unescape(html.replace(" />", ">")) == unescape(expected), name


def _page_key(page: dict[str, Any]) -> bytes:
    date = datetime.fromisoformat(page["date"]) if page["date"] else EARLIEST
    return order_key(page["weight"], date, page["link_title"], page["path"])


@pytest.mark.parametrize(
    "row", _table("page_order.toml", "default_sort"), ids=lambda row: row["case"]
)
def test_default_page_sort(row: dict[str, Any]) -> None:
    for pages in (row["pages"], list(reversed(row["pages"]))):  # not the input's order
        assert [p["path"] for p in sorted(pages, key=_page_key)] == row["expected"]


@pytest.mark.parametrize(("value", "expected"), _table("page_order.toml", "weight"))
def test_weight_as_cast_reads_it(value: object, expected: int) -> None:
    assert hugo_weight(value) == expected
