"""A warning is told by the build that first sees it; errors on every run until fixed."""

from __future__ import annotations

from pathlib import Path

from publisher.errors import Problem, Severity
from publisher.warned import untold


def _warning(text: str) -> Problem:
    return Problem("content/a.md", 3, Severity.WARNING, "source-unknown-field", text)


def test_told_once_then_again_after_it_went_away(tmp_path: Path) -> None:
    warning = _warning("unknown field 'x' is ignored")
    error = Problem("content/b.md", 1, Severity.ERROR, "source-invalid", "bad")
    assert untold(tmp_path, [warning, error], remember=True) == (warning, error)
    assert untold(tmp_path, [warning, error], remember=True) == (error,)
    assert untold(tmp_path, [], remember=True) == ()
    assert untold(tmp_path, [warning], remember=True) == (warning,)


def test_a_dry_run_remembers_nothing(tmp_path: Path) -> None:
    warning = _warning("w")
    assert untold(tmp_path, [warning], remember=False) == (warning,)
    assert untold(tmp_path, [warning], remember=False) == (warning,)


def test_an_unreadable_record_means_telling_again(tmp_path: Path) -> None:
    (tmp_path / "told-warnings.json").write_text("{not json", encoding="utf-8")
    warning = _warning("w")
    assert untold(tmp_path, [warning], remember=True) == (warning,)
    assert untold(tmp_path, [warning], remember=True) == ()


def test_build_tells_a_warning_once_and_verbose_tells_it_again(site) -> None:
    site.article("news/a.md", {"title": "A", "date": "2026-01-01", "id": "urn:a", "mood": "x"})
    first = site.build()
    assert first.stderr == "content/news/a.md:5: warning: unknown field 'mood' is ignored\n"
    assert site.build().stderr == ""
    assert "unknown field 'mood'" in site.build("-v").stderr
    (site.content / "news" / "a.md").write_text(
        "---\ntitle: A\ndate: 2026-01-01\nid: urn:a\nmood: y\nhue: z\n---\nBody\n", "utf-8"
    )
    assert site.build().stderr == "content/news/a.md:6: warning: unknown field 'hue' is ignored\n"
