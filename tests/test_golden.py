"""Golden output for small fixture sites under tests/cases/<name>/.

Regenerate with ``pytest tests/test_golden.py --update-goldens`` and review the diff.
The goldens are themselves checked (feedparser, our validator, unique ids) so a
regenerated file cannot lock a bug in.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.validate import validate_bytes
from tests.conftest import parse_feed

CASES = Path(__file__).parent / "cases"


def _build_case(case: Path, out: Path, cache: Path) -> dict[str, bytes]:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--config",
            str(case / "publisher.toml"),
            "--out",
            str(out),
            "--cache-dir",
            str(cache),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.output == ""
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden_output(case, tmp_path, update_goldens):
    produced = _build_case(CASES / case, tmp_path / "out", tmp_path / "cache")
    expected_dir = CASES / case / "expected"
    if update_goldens:
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(tmp_path / "out", expected_dir)
    expected = {
        p.relative_to(expected_dir).as_posix(): p.read_bytes()
        for p in sorted(expected_dir.rglob("*"))
        if p.is_file()
    }
    assert sorted(produced) == sorted(expected)
    for rel, data in produced.items():
        assert data == expected[rel], f"{rel} differs from the golden file (--update-goldens)"
        if rel.endswith("feed.json"):
            report = validate_bytes(data, name=rel)
            assert not report.problems, [str(p) for p in report.problems]
            ids = [item["id"] for item in json.loads(data)["items"]]
            assert len(ids) == len(set(ids)), f"{rel}: duplicate ids"
            continue
        if not rel.endswith((".xml", ".atom", ".rss")):
            continue
        parsed = parse_feed(data, name=rel)
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids)), f"{rel}: duplicate ids"
        assert all(e.link.startswith("https://") for e in parsed.entries)


def test_bundled_feeds_match_a_fresh_build(tmp_path):
    """feeds/ in the repository is exactly what `publisher build` makes from content/."""
    repo = Path(__file__).resolve().parent.parent
    produced = _build_case(repo, tmp_path / "out", tmp_path / "cache")
    committed = {
        p.relative_to(repo / "feeds").as_posix(): p.read_bytes()
        for p in sorted((repo / "feeds").rglob("*"))
        if p.is_file()
    }
    assert produced == committed, "run `publisher build` and commit feeds/"
