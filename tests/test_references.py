"""A body's cross references (Hugo's ``ref``/``relref``, Jekyll's ``post_url``,
Pelican's ``{filename}``) are what its HTML depends on besides its own file: when the
source one leads to is retitled, moved, deleted or created, the next build renders the
referring body again, though its own file did not change (issue 24, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from publisher.cli import cli


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _content(root: Path, title: str) -> str:
    feed = json.loads((root / "feeds" / "all" / "feed.json").read_text(encoding="utf-8"))
    return next(item["content_html"] for item in feed["items"] if item["title"] == title)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def hugo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _write(tmp_path / "hugo.toml", 'baseURL = "https://h.example/"\ntitle = "H"\n')
    _write(
        tmp_path / "content" / "posts" / "a.md",
        '---\ntitle: A\ndate: 2024-01-02\n---\nSee [the other]({{< ref "b.md" >}}).\n',
    )
    _write(tmp_path / "content" / "posts" / "b.md", "---\ntitle: B\ndate: 2024-01-01\n---\nB.\n")
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", "hugo").exit_code == 0
    build = _run("build")
    assert build.exit_code == 0, build.output
    assert 'href="https://h.example/posts/b/"' in _content(tmp_path, "A")
    return tmp_path


def test_a_moved_target_renders_the_referring_body_again(hugo: Path) -> None:
    b = hugo / "content" / "posts" / "b.md"
    b.write_text(b.read_text("utf-8").replace("title: B\n", "title: B\nslug: bee\n"), "utf-8")
    assert _run("build").exit_code == 0
    assert 'href="https://h.example/posts/bee/"' in _content(hugo, "A")


def test_a_deleted_target_and_a_new_one(hugo: Path) -> None:
    b = hugo / "content" / "posts" / "b.md"
    text = b.read_text("utf-8")
    b.unlink()
    gone = _run("build")
    assert gone.exit_code == 0, gone.output
    assert "h.example/posts/b/" not in _content(hugo, "A")
    _write(hugo / "content" / "posts" / "b.md", text.replace("title: B\n", "title: B\nslug: new\n"))
    back = _run("build")
    assert back.exit_code == 0, back.output
    assert 'href="https://h.example/posts/new/"' in _content(hugo, "A")


def test_a_change_elsewhere_keeps_the_rendered_body(hugo: Path) -> None:
    _write(hugo / "content" / "posts" / "c.md", "---\ntitle: C\ndate: 2024-01-03\n---\nC.\n")
    result = _run("build", "-v")
    assert result.exit_code == 0, result.output
    # Only the new article is rendered: A's reference still leads where it did.
    assert "rendered 1 article(s), reused 2" in result.output, result.output


def test_post_url_to_a_post_whose_permalink_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "_config.yml", "url: https://j.example\ntitle: J\n")
    _write(
        tmp_path / "_posts" / "2024-01-02-a.md",
        "---\ntitle: A\n---\nSee [B]({% post_url 2024-01-01-b %}).\n",
    )
    b = tmp_path / "_posts" / "2024-01-01-b.md"
    _write(b, "---\ntitle: B\n---\nB.\n")
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", "jekyll").exit_code == 0
    assert _run("build").exit_code == 0
    assert 'href="https://j.example/2024/01/01/b.html"' in _content(tmp_path, "A")
    b.write_text("---\ntitle: B\ncategories: news\n---\nB.\n", "utf-8")
    assert _run("build").exit_code == 0
    assert 'href="https://j.example/news/2024/01/01/b.html"' in _content(tmp_path, "A")
