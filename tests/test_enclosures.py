"""Unit tests for build/enclosures.py: an image's file found as ``Path.resolve`` finds it,
its folder resolved once per build."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.build.enclosures import _resolve


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files, folders, links to each, a dangling link and a loop of links."""
    root = tmp_path_factory.mktemp("images")
    (root / "static" / "images" / "deep").mkdir(parents=True)
    (root / "static" / "images" / "a.jpg").write_bytes(b"x")
    (root / "static" / "images" / "deep" / "b.png").write_bytes(b"xy")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "c.jpg").write_bytes(b"xyz")
    os.symlink(root / "elsewhere", root / "static" / "images" / "linked")
    os.symlink(root / "elsewhere" / "c.jpg", root / "static" / "images" / "c.jpg")
    os.symlink("a.jpg", root / "static" / "images" / "relative.jpg")
    os.symlink(root / "nowhere.jpg", root / "static" / "images" / "dangling.jpg")
    os.symlink("loop2.jpg", root / "static" / "images" / "loop1.jpg")
    os.symlink("loop1.jpg", root / "static" / "images" / "loop2.jpg")
    os.symlink(root / "static", root / "static-link")
    return root


names = st.sampled_from(
    ["static", "static-link", "images", "deep", "linked", "elsewhere", "a.jpg", "b.png",
     "c.jpg", "relative.jpg", "dangling.jpg", "loop1.jpg", "missing", "missing.jpg", "..",
     "."]
)  # fmt: skip


def _outcome(call: Callable[..., Path], *args: object) -> object:
    try:
        return call(*args)
    except (OSError, RuntimeError) as exc:
        return type(exc)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(names, min_size=1, max_size=5), min_size=1, max_size=6))
def test_a_path_resolves_as_path_resolve_resolves_it(tree: Path, paths: list[list[str]]) -> None:
    folders: dict[Path, Path] = {}  # one build's: shared by its images
    for parts in paths:
        candidate = tree.joinpath(*parts)
        assert _outcome(_resolve, candidate, folders) == _outcome(candidate.resolve)


def test_without_a_build_s_folders_it_is_resolve(tree: Path) -> None:
    candidate = tree / "static" / "images" / "relative.jpg"
    assert _resolve(candidate, None) == candidate.resolve() == tree / "static/images/a.jpg"
