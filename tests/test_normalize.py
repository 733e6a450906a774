"""Unit tests for normalize.py: one SourceDoc in, one Article (or an error) out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from publisher.config import Config
from publisher.errors import Severity
from publisher.model import Author, SourceDoc
from publisher.normalize import normalize

BERLIN = ZoneInfo("Europe/Berlin")


def _config(**changes: object) -> Config:
    root = Path("/site")
    config = Config(
        root=root, title="Site", base_url="https://site.example", content_dir=root / "content",
        output_dir=root / "feeds", cache_dir=root / ".cache", timezone="Europe/Berlin",
        author=Author("Desk"),
    )  # fmt: skip
    return replace(config, **changes)  # type: ignore[arg-type]


def _doc(fields: dict[str, object], rel: str = "tech/chips.md", **lines: int) -> SourceDoc:
    return SourceDoc(path=f"content/{rel}", rel=rel, fields=fields, body="Body.", field_lines=lines)


PINNED = {"title": "Chips", "id": "tag:site.example,2026-01-02:chips", "date": "2026-01-02"}


def test_a_minimal_source_gets_every_rule_applied():
    article, problems = normalize(_doc(PINNED), _config())
    assert problems == []
    assert article is not None
    assert article.id == PINNED["id"]
    assert (article.slug, article.category, article.category_slug) == ("chips", "Tech", "tech")
    assert article.link == "https://site.example/tech/chips/"
    assert article.published == datetime(2026, 1, 2, tzinfo=BERLIN)  # naive: the site's zone
    assert article.updated == article.published
    assert article.authors == (Author("Desk"),)  # the site's author by default
    assert article.source == "content/tech/chips.md"


def test_without_an_id_one_is_derived_and_pinning_it_is_suggested():
    fields = {k: v for k, v in PINNED.items() if k != "id"}
    article, problems = normalize(_doc(fields), _config())
    assert article is not None and article.id == "tag:site.example,2026-01-02:chips"
    assert [(p.severity, p.rule) for p in problems] == [(Severity.WARNING, "source-id-not-pinned")]


def test_a_bad_field_is_an_error_on_its_line():
    article, problems = normalize(_doc({**PINNED, "date": "soon"}, date=4), _config())
    assert article is None
    assert [(p.line, p.severity, p.rule) for p in problems] == [
        (4, Severity.ERROR, "source-invalid-field")
    ]
    assert problems[0].message.startswith("'date':")


def test_drafts_are_left_out_silently():
    assert normalize(_doc({**PINNED, "draft": True}), _config()) == (None, [])


def test_unknown_fields_and_illegal_characters_are_warnings():
    fields = {**PINNED, "title": "Ch\x01ips", "colour": "red"}
    article, problems = normalize(_doc(fields, colour=7), _config())
    assert article is not None and article.title == "Chips"
    rules = {(p.rule, p.line) for p in problems}
    assert rules == {("source-unknown-field", 7), ("source-illegal-character", None)}


def test_urls_are_made_absolute_and_escaped():
    fields = {**PINNED, "image": "my photo.jpg", "link": "/elsewhere/chips"}
    article, _ = normalize(_doc(fields), _config())
    assert article is not None
    assert article.link == "https://site.example/elsewhere/chips"
    assert article.image == "https://site.example/elsewhere/my%20photo.jpg"
    assert article.image_path == "my photo.jpg"


def test_updated_before_date_falls_back_to_date():
    article, problems = normalize(_doc({**PINNED, "updated": "2025-12-31"}), _config())
    assert article is not None and article.updated == article.published
    assert [p.rule for p in problems] == ["source-updated-before-date"]


def test_authors_tags_and_the_article_url_pattern():
    fields = {
        **PINNED,
        "author": [{"name": "Ann", "email": "ann@site.example"}, "Bo"],
        "tags": "chips, fabs, chips",
    }
    config = _config(article_url="{base_url}/{year}/{month}/{slug}.html")
    article, _ = normalize(_doc(fields), config)
    assert article is not None
    assert article.authors == (Author("Ann", "ann@site.example"), Author("Bo"))
    assert article.tags == ("chips", "fabs")
    assert article.link == "https://site.example/2026/01/chips.html"
