"""Unit tests for the walk of the content folder (sources/listing.py)."""

from __future__ import annotations

import os
from pathlib import Path

from publisher.sources import discover, list_sources, listing


def _write(path: Path, text: str = "x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_sources_are_grouped_by_folder_in_name_order(tmp_path: Path):
    for rel in ("b.md", "a.md", "news/z.md", "news/deep/y.markdown", "news/notes.rtf",
                ".hidden.md", ".git/x.md", "news/.draft.md"):  # fmt: skip
        _write(tmp_path / rel)
    listing = list_sources(tmp_path)
    names = {
        folder: [name for name, _, _ in entries] for folder, entries in listing.folders.items()
    }
    assert names == {"": ["a.md", "b.md"], "news": ["z.md"], "news/deep": ["y.markdown"]}
    assert len(listing) == 4 and listing.problems == []
    found = listing.found()
    assert [d.rel for d in found] == ["a.md", "b.md", "news/deep/y.markdown", "news/z.md"]
    assert found[3].path == os.path.join(str(tmp_path.resolve()), "news", "z.md")
    assert discover(tmp_path) == (found, [])


def test_a_folder_digest_changes_with_its_listing_only(tmp_path: Path):
    _write(tmp_path / "a" / "one.md")
    _write(tmp_path / "b" / "two.md")
    before = list_sources(tmp_path).digests()
    assert list_sources(tmp_path).digests() == before
    _write(tmp_path / "a" / "one.md", "longer")  # size (and mtime) change
    after = list_sources(tmp_path).digests()
    assert after["a"] != before["a"] and after["b"] == before["b"]
    os.utime(tmp_path / "b" / "two.md", ns=(1, 1))  # touched: same size, other mtime
    assert list_sources(tmp_path).digests()["b"] != after["b"]
    _write(tmp_path / "b" / "three.md")
    assert set(list_sources(tmp_path).digests()) == {"a", "b"}


def test_pelican_pages_and_links_that_leave_are_skipped(tmp_path: Path):
    content = tmp_path / "content"
    _write(content / "pages" / "about.md")
    _write(content / "posts" / "pages" / "kept.md")
    _write(tmp_path / "outside.md")
    (content / "away.md").symlink_to(tmp_path / "outside.md")
    (content / "alias.md").symlink_to(content / "posts" / "pages" / "kept.md")
    listing = list_sources(content, generator="pelican")
    assert [d.rel for d in listing.found()] == ["alias.md", "posts/pages/kept.md"]
    assert [(p.path, p.severity.value) for p in listing.problems] == [("away.md", "warning")]


def test_stats_shared_between_processes_agree_with_one(tmp_path: Path, monkeypatch):
    for n in range(60):
        _write(tmp_path / f"f{n % 7}" / f"a{n}.md", "x" * n)
    alone = list_sources(tmp_path)
    monkeypatch.setattr(listing, "STAT_SPLIT", 10)
    monkeypatch.setattr(listing, "_processes", lambda files: 3)
    shared = list_sources(tmp_path)
    assert shared.folders == alone.folders and len(shared) == 60
    assert shared.digests() == alone.digests()


def test_a_file_gone_between_listing_and_stat_is_named(tmp_path: Path, monkeypatch):
    _write(tmp_path / "a.md")
    _write(tmp_path / "b.md")
    real = listing._stat_all

    def racing(top: str, names: dict[str, list[str]]) -> dict[str, object]:
        (tmp_path / "a.md").unlink()
        return real(top, names)  # type: ignore[return-value]

    monkeypatch.setattr(listing, "_stat_all", racing)
    found = list_sources(tmp_path)
    assert [d.rel for d in found.found()] == ["b.md"]
    assert [(p.path, p.message) for p in found.problems] == [
        ("a.md", "cannot read: No such file or directory")
    ]


def test_one_big_folder_is_cut_between_processes(tmp_path: Path, monkeypatch):
    for n in range(40):
        _write(tmp_path / "posts" / f"p{n:02d}.md", "x" * n)
    _write(tmp_path / "top.md")
    alone = list_sources(tmp_path)
    shares = listing._shares(alone.names, 3)
    assert [sum(end - start for _, start, end in share) for share in shares] == [14, 14, 13]
    monkeypatch.setattr(listing, "_processes", lambda files: 3)
    shared = list_sources(tmp_path)
    assert shared.folders == alone.folders and shared.digests() == alone.digests()
