"""Drafts (issue #14): `publisher new` writes one; no build publishes it, in any feed,
index or OPML, except a `--drafts` preview build into another folder."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

DRAFT_ID = "urn:x:draft"


def _texts(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text("utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _site_with_a_draft(site) -> None:
    site.article("news/live.md", {"title": "Live", "id": "urn:x:live", "date": "2026-01-01"})
    # The draft is the only article of its category: not even an empty feed may appear.
    site.article(
        "secret-plans/draft.md",
        {"title": "Draft title", "id": DRAFT_ID, "date": "2026-01-02", "draft": True,
         "category": "Secret Plans"},
        "Draft body.",
    )  # fmt: skip


def test_new_writes_a_draft_that_says_what_to_do(site):
    result = site.run("new", "Chip plant opens", "-c", "Technology")
    assert result.exit_code == 0, result.output
    text = Path(result.output.strip()).read_text("utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["draft"] is True
    body = text.split("---", 2)[2]
    assert "delete the `draft: true` line" in body and "publisher serve --drafts" in body
    site.build()
    for name, data in _texts(site.out).items():
        assert "Chip plant opens" not in data, name
        assert front["id"] not in data, name
    assert not (site.out / "technology").exists()


def test_a_draft_is_in_no_feed_index_opml_or_manifest(site, check_feed):
    _site_with_a_draft(site)
    site.build()
    files = _texts(site.out)
    for name, data in files.items():
        for secret in (DRAFT_ID, "Draft title", "Draft body", "secret-plans", "Secret Plans"):
            assert secret not in data, f"{secret!r} in {name}"
    assert json.loads(files[".publisher-manifest.json"])["files"] == sorted(
        n for n in files if n != ".publisher-manifest.json"
    )
    feed = check_feed(site.feed("all", "rss.xml"))
    assert [e.id for e in feed.entries] == ["urn:x:live"]


def test_drafts_builds_a_preview_with_the_draft_in_every_listing(site, tmp_path, check_feed):
    _site_with_a_draft(site)
    site.build()
    published = site.files()
    preview = tmp_path / "preview"
    result = site.run("build", "--drafts", "--out", str(preview))
    assert result.exit_code == 0, result.output
    feed = check_feed((preview / "all" / "rss.xml").read_bytes())
    assert [e.id for e in feed.entries] == [DRAFT_ID, "urn:x:live"]
    assert DRAFT_ID in (preview / "secret-plans" / "atom.xml").read_text("utf-8")
    assert "secret-plans/rss.xml" in (preview / "index.opml").read_text("utf-8")
    assert "Secret Plans" in (preview / "index.html").read_text("utf-8")
    # The published folder and the cron build's cache are untouched by the preview.
    assert site.files() == published
    assert (site.root / ".publisher-cache" / "drafts").is_dir()
    again = site.run("build", "-v")
    assert "parsed 0 source(s)" in again.output
    assert site.files() == published


def test_drafts_never_write_into_the_published_folder(site):
    _site_with_a_draft(site)
    for args in (["--drafts"], ["--drafts", "--out", "feeds"]):
        result = site.run("build", *args)
        assert result.exit_code == 2, result.output
        assert "--drafts builds a preview" in result.output
    assert not site.out.exists()


def test_publishing_a_draft_is_deleting_its_draft_line(site):
    _site_with_a_draft(site)
    site.build()
    path = site.content / "secret-plans" / "draft.md"
    path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert DRAFT_ID.encode() in site.feed("secret-plans", "rss.xml")
    assert DRAFT_ID.encode() in site.feed("all", "rss.xml")
