"""Caches are keyed on the code itself, not only on the release number."""

from __future__ import annotations

import shutil
from pathlib import Path

from publisher import __version__
from publisher.build.cache import source_signature
from publisher.build.code_version import code_version

PACKAGE = Path(__file__).resolve().parent.parent / "publisher"


def test_the_release_number_and_a_digest(tmp_path: Path) -> None:
    version = code_version()
    assert version.startswith(f"{__version__}+")
    assert version == code_version()  # stable within a run


def test_any_change_to_the_package_changes_it(tmp_path: Path) -> None:
    copy = tmp_path / "publisher"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_version(copy)
    assert before == code_version(PACKAGE)  # same files, same version, wherever they are
    render = copy / "render" / "renderer.py"
    render.write_text(render.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    code_version.cache_clear()
    assert code_version(copy) != before
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "render.cpython-311.pyc").write_bytes(b"compiled")
    after = code_version(copy)
    code_version.cache_clear()
    assert code_version(copy) == after  # compiled files are no part of it


def test_the_fast_path_key_carries_it(monkeypatch) -> None:
    before = source_signature("config", {})
    monkeypatch.setattr("publisher.build.cache.code_version", lambda: "9.9.9+other")
    assert source_signature("config", {}) != before


def test_new_code_under_the_same_release_rebuilds_from_the_sources(site, monkeypatch) -> None:
    site.article("news/a.md", {"title": "A", "date": "2026-01-05T10:00:00Z"})
    site.build()
    assert "reused 1" in site.build("-v").output  # same code: the cache is used
    monkeypatch.setattr("publisher.build.cache.code_version", lambda: f"{__version__}+newcode")
    output = site.build("-v").output
    assert "parsed 1 source(s), reused 0" in output, output
