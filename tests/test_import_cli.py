"""``publisher import`` in-process: files written, paths printed, errors naming options."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from publisher.cli.import_ import import_command

SEED = Path(__file__).parent / "scraped" / "seed_archyde.txt"
NEWS_HTML = Path(__file__).parent / "scraped" / "news_portal_cookie.html"
SEED_SLUG = "koreas-bow-in-the-us-china-competition-sovereign-ai"
PAGE = """\
Home » World » Bridge reopens after repairs

Bridge reopens after repairs

The old river bridge reopened to traffic on Friday after eighteen months of repairs, the city said.

Cyclists get a separate lane for the first time, and the speed limit drops to 30 km/h.
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://news.example.com"\ntimezone = "Asia/Seoul"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(import_command, list(args), input=stdin)


def front_and_body(path: Path) -> tuple[dict[str, object], str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_imports_the_seed_and_prints_the_path(site: Path) -> None:
    result = run(str(SEED), "--date", "2025-07-22T09:00:00+09:00")
    assert result.exit_code == 0, result.output
    written = site / "content" / "technology" / f"{SEED_SLUG}.md"
    assert result.stdout == f"{written}\n"
    front, body = front_and_body(written)
    assert front["title"] == "Korea’s bow in the US -China competition, ‘Sovereign AI’"
    assert front["id"] == f"tag:news.example.com,2025-07-22:{SEED_SLUG}"
    assert str(front["id"]).startswith("tag:")
    assert front["date"] == "2025-07-22T09:00:00+09:00"
    assert front["category"] == "Technology"
    assert front["summary"] == (
        "South Korea Charts Independent AI Course as US-China Competition Heats Up"
    )
    assert "## The AI Arms Race: A New Cold War?" in body
    assert body.rstrip().endswith("next era of technological innovation.")
    for junk in ("Trojan Garon", "You may also like", "Akismet", "Adblock", "Stay tuned"):
        assert junk not in body


def test_refuses_to_overwrite_without_force(site: Path) -> None:
    assert run(str(SEED)).exit_code == 0
    again = run(str(SEED), "--date", "2025-07-22")
    assert again.exit_code == 1
    assert again.stdout == ""
    assert "already exists (use --force to overwrite)" in again.stderr
    forced = run(str(SEED), "--date", "2025-07-22", "--force")
    assert forced.exit_code == 0, forced.output
    front, _ = front_and_body(site / "content" / "technology" / f"{SEED_SLUG}.md")
    assert front["date"] == "2025-07-22T00:00:00+09:00"


def test_stdin_text_with_options(site: Path) -> None:
    result = run("-", "--category", "Local News", "--out", "drafts", stdin=PAGE)
    assert result.exit_code == 0, result.output
    written = site / "drafts" / "local-news" / "bridge-reopens-after-repairs.md"
    assert result.stdout == f"{written}\n"
    front, body = front_and_body(written)
    assert front["category"] == "Local News"
    assert body.startswith("\nThe old river bridge reopened")
    # No date anywhere: now, in the site's zone, to the second.
    assert str(front["date"]).endswith("+09:00") and "." not in str(front["date"])


def test_stdin_html_is_detected_by_its_first_character(site: Path) -> None:
    result = run("-", stdin=NEWS_HTML.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    front, body = front_and_body(site / "content" / "world" / "ceasefire-talks-resume-in-geneva.md")
    assert front["link"] == "https://globalwire.example/world/2025/08/ceasefire-talks-geneva"
    assert front["date"] == "2025-08-14T07:45:00+00:00"
    assert front["author"] == "Sofia Lindqvist"
    assert "## Prisoners first" in body and "cookies" not in body


def test_title_option_overrides_and_sets_the_slug(site: Path) -> None:
    result = run(str(SEED), "--title", "Korea goes its own way", "--date", "2025-07-22")
    assert result.exit_code == 0, result.output
    front, _ = front_and_body(site / "content" / "technology" / "korea-goes-its-own-way.md")
    assert front["id"] == "tag:news.example.com,2025-07-22:korea-goes-its-own-way"


def test_no_title_names_the_option(site: Path, tmp_path: Path) -> None:
    page = tmp_path / "untitled.txt"
    page.write_text("x" * 400 + ".\n\nMore text follows here in a second paragraph.\n", "utf-8")
    result = run(str(page), "--category", "World")
    assert result.exit_code == 1
    assert result.stderr == f"error: {page}: no title found in the page: pass --title\n"
    assert not (site / "content").exists()


def test_no_category_names_the_option(site: Path, tmp_path: Path) -> None:
    page = tmp_path / "plain.txt"
    page.write_text(PAGE.split("\n", 2)[2], "utf-8")
    result = run(str(page))
    assert result.exit_code == 1
    assert result.stderr == f"error: {page}: no category found in the page: pass --category\n"
    assert run(str(page), "--category", "World").exit_code == 0


def test_no_body_is_an_error(site: Path, tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>Only a title</title></head><body></body></html>", "utf-8")
    result = run(str(page), "--category", "World")
    assert result.exit_code == 1
    assert result.stderr == f"error: {page}: no article text found in the page\n"


def test_one_bad_page_writes_nothing(site: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("", "utf-8")
    result = run(str(SEED), str(bad))
    assert result.exit_code == 1
    assert "bad.txt: no title found" in result.stderr
    assert not (site / "content").exists()


def test_unsupported_suffix_and_missing_file(site: Path) -> None:
    result = run("notes.pdf", "missing.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: notes.pdf: not a page: use .txt, .html or .htm (or - for stdin)",
        "error: missing.txt: cannot read: No such file or directory",
    ]


def test_bad_date_option(site: Path) -> None:
    result = run(str(SEED), "--date", "next tuesday")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: --date: cannot read date 'next tuesday'")


def test_title_with_several_pages_is_a_usage_error(site: Path) -> None:
    result = run(str(SEED), str(NEWS_HTML), "--title", "One")
    assert result.exit_code == 2
    assert "--title names one page" in result.output


def test_missing_config_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PUBLISHER_CONFIG", raising=False)
    result = run(str(SEED))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: publisher.toml: config file not found (run in the site's folder or pass --config); run `publisher init` to create one\n"
    )


def test_config_option_and_boilerplate_patterns(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text(
        'title = "T"\nbase_url = "https://news.example.com"\n'
        'boilerplate_patterns = ["The old river bridge.*"]\n',
        encoding="utf-8",
    )
    page = tmp_path / "bridge.txt"
    page.write_text(PAGE, "utf-8")
    result = run(str(page), "--config", str(config))
    assert result.exit_code == 0, result.output
    _, body = front_and_body(tmp_path / "content" / "world" / "bridge-reopens-after-repairs.md")
    assert body.strip().startswith("Cyclists get a separate lane")


def test_unreadable_page_date_warns_and_falls_back(site: Path, tmp_path: Path) -> None:
    page = tmp_path / "dated.txt"
    page.write_text("Title: A dated page\nDate: someday\nCategory: World\n\n" + PAGE, "utf-8")
    result = run(str(page))
    assert result.exit_code == 0, result.output
    assert f"{page}:2: warning: date ignored" in result.stderr


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(import_command, ["--help"])
    assert result.exit_code == 0
    assert "publisher import saved/korea-ai.txt" in result.output
