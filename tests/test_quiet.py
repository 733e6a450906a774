"""Quiet under cron (issue #14): a warning is told once, by the build that first sees it;
errors on every run until fixed; -v lists what stands, -q prints errors only."""

from __future__ import annotations

import os

from publisher.build import build
from publisher.config import load_config

NO_ID = "warning: no 'id': derived"


def _unpinned(site, name: str, body: str = "Body.", **extra: object) -> None:
    site.article(f"news/{name}.md", {"title": name, "date": "2026-01-01", **extra}, body)


def _warned(stderr: str) -> list[str]:
    """The sources named by warning lines, in order."""
    return [line.split(":", 1)[0] for line in stderr.splitlines() if ": warning: " in line]


def test_a_warning_is_told_by_the_first_build_only(site):
    for name in ("a", "b", "c"):
        _unpinned(site, name)
    first = site.run("build")
    assert first.exit_code == 0, first.output
    assert _warned(first.stderr) == ["content/news/a.md", "content/news/b.md", "content/news/c.md"]
    for _ in range(2):
        again = site.run("build")
        assert (again.exit_code, again.output) == (0, ""), again.output


def test_a_no_op_full_build_tells_nothing_either(site):
    # Past the fast path (a touched source makes a full build): still nothing to tell.
    _unpinned(site, "a")
    site.build()
    os.utime(site.content / "news" / "a.md", (1, 1))
    result = site.run("build")
    assert (result.exit_code, result.output) == (0, "")


def test_an_edit_tells_only_that_sources_warnings(site):
    for name in ("a", "b", "c"):
        _unpinned(site, name)
    site.build()
    _unpinned(site, "b", "Edited body.")
    result = site.run("build")
    assert result.exit_code == 0
    assert _warned(result.stderr) == ["content/news/b.md"]
    assert NO_ID in result.stderr


def test_a_new_source_tells_its_own_warnings_only(site):
    _unpinned(site, "a")
    site.build()
    _unpinned(site, "new", mood="post")
    result = site.run("build")
    assert _warned(result.stderr) == ["content/news/new.md", "content/news/new.md"]
    assert "unknown field 'mood' is ignored" in result.stderr


def test_a_changed_config_tells_every_warning_again(site):
    _unpinned(site, "a")
    _unpinned(site, "b")
    site.build()
    site.config(
        (site.root / "publisher.toml").read_text("utf-8").replace('"Test Site"', '"Renamed"')
    )
    result = site.run("build")
    assert _warned(result.stderr) == ["content/news/a.md", "content/news/b.md"]


def test_verbose_lists_every_standing_warning_even_when_nothing_changed(site):
    for name in ("a", "b"):
        _unpinned(site, name)
    site.article("news/pinned.md", {"title": "P", "id": "urn:x:p", "date": "2026-01-01"})
    site.build()
    site.build()  # the fast path is primed
    result = site.run("build", "-v")
    assert result.exit_code == 0
    assert _warned(result.stderr) == ["content/news/a.md", "content/news/b.md"]
    # And -v itself tells nothing new to the next plain build.
    assert site.run("build").output == ""


def test_quiet_prints_errors_only(site):
    _unpinned(site, "a")
    result = site.run("build", "-q")
    assert (result.exit_code, result.output) == (0, "")
    (site.content / "news" / "bad.md").write_text("no front matter", encoding="utf-8")
    _unpinned(site, "c")
    result = site.run("build", "-q")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/news/bad.md:1: error: no front matter: start the file with a '---' line"
    ]


def test_quiet_and_verbose_together_is_a_usage_error(site):
    result = site.run("build", "-q", "-v")
    assert result.exit_code == 2
    assert "-q and -v contradict each other" in result.output


def test_an_error_is_told_on_every_run_until_fixed_and_warnings_once(site):
    for name in ("a", "b"):
        _unpinned(site, name)
    (site.content / "news" / "bad.md").write_text("no front matter", encoding="utf-8")
    error = "content/news/bad.md:1: error: no front matter: start the file with a '---' line"
    first = site.run("build")
    assert first.exit_code == 1
    assert error in first.stderr and len(_warned(first.stderr)) == 2
    for _ in range(2):  # cron keeps mailing about a stopped site, and only about that
        again = site.run("build")
        assert again.exit_code == 1
        assert again.stderr.splitlines() == [error]
    (site.content / "news" / "bad.md").unlink()
    fixed = site.run("build")
    assert (fixed.exit_code, fixed.output) == (0, "")
    assert (site.out / "news" / "rss.xml").is_file()


def test_keep_going_tells_the_error_on_every_run(site):
    _unpinned(site, "a")
    (site.content / "news" / "bad.md").write_text("no front matter", encoding="utf-8")
    first = site.run("build", "--keep-going")
    assert first.exit_code == 1 and len(_warned(first.stderr)) == 1
    again = site.run("build", "--keep-going")
    assert again.exit_code == 1
    assert again.stderr.splitlines() == [
        "content/news/bad.md:1: error: no front matter: start the file with a '---' line"
    ]
    assert b"<title>a</title>" in site.feed("news", "rss.xml")


def test_a_warning_that_is_not_a_sources_own_is_told_once(site):
    # "updated in the future" is found by planning, not parsing: told by the first build.
    site.article("news/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01",
                               "updated": "2999-01-01T00:00:00Z"})  # fmt: skip
    first = site.run("build")
    assert "future" in first.stderr, first.stderr
    os.utime(site.content / "news" / "a.md", (1, 1))  # past the fast path
    again = site.run("build")
    assert (again.exit_code, again.output) == (0, "")
    assert "future" in site.run("build", "-v").stderr


def test_ignore_fields_silences_unknown_field_warnings(site):
    site.config(
        'ignore_fields = ["mood", "hue"]\n' + (site.root / "publisher.toml").read_text("utf-8")
    )
    site.article(
        "news/a.md",
        {"title": "A", "id": "urn:x:a", "date": "2026-01-01", "mood": "calm",
         "hue": ["blue"], "shade": 3},
    )  # fmt: skip
    result = site.run("build", "-v")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, warnings
    assert warnings[0].endswith("warning: unknown field 'shade' is ignored")


def test_ignore_fields_must_be_a_list_of_strings(site):
    site.config("ignore_fields = 3\n" + (site.root / "publisher.toml").read_text("utf-8"))
    result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr == "error: publisher.toml: 'ignore_fields' must be a list of strings\n"


def test_the_library_reports_first_seen_and_standing_problems(site):
    _unpinned(site, "a")
    config = load_config(site.root / "publisher.toml")
    first = build(config)
    assert [p.rule for p in first.first_seen] == [p.rule for p in first.problems]
    assert first.first_seen
    skipped = build(config)
    assert skipped.skipped and skipped.problems == () and skipped.first_seen == ()
    full = build(config, fast_path=False)
    assert not full.skipped and full.first_seen == ()
    assert [p.path for p in full.problems] == ["content/news/a.md"]


def test_the_fast_path_state_keeps_no_warnings(site):
    for n in range(20):
        _unpinned(site, f"a{n}")
    site.build()
    state = (site.root / ".publisher-cache" / "state.json").read_text("utf-8")
    assert "warning" not in state and "no 'id'" not in state
