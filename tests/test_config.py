"""publisher.toml: every key, precedence, and one clear error per mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.config import load_config
from publisher.errors import ConfigError


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "publisher.toml"
    path.write_text(text, encoding="utf-8")
    return path


BASE = 'title = "T"\nbase_url = "https://site.example/"\n'


def test_defaults_and_relative_paths_resolve_against_the_config_folder(tmp_path, monkeypatch):
    sub = tmp_path / "site"
    sub.mkdir()
    path = _write(sub, BASE)
    monkeypatch.chdir(tmp_path)
    config = load_config(path, environ={})
    assert config.base_url == "https://site.example"
    assert config.feeds_url == "https://site.example/feeds"
    assert config.content_dir == sub / "content"
    assert config.output_dir == sub / "feeds"
    assert config.cache_dir == sub / ".publisher-cache"
    assert config.items_per_feed == 50
    assert config.timezone == "UTC"
    assert config.article_url == "{base_url}/{category}/{slug}/"
    assert config.domain == "site.example"


def test_precedence_cli_over_env_over_file(tmp_path, monkeypatch):
    path = _write(tmp_path, BASE + 'output_dir = "from-file"\nitems_per_feed = 5\n')
    monkeypatch.chdir(tmp_path)
    env = {"PUBLISHER_OUTPUT_DIR": "from-env", "PUBLISHER_ITEMS_PER_FEED": "7"}
    assert load_config(path, environ={}).output_dir == tmp_path / "from-file"
    config = load_config(path, environ=env)
    assert (config.output_dir, config.items_per_feed) == (tmp_path / "from-env", 7)
    config = load_config(path, environ=env, overrides={"output_dir": Path("cli")})
    assert config.output_dir == tmp_path / "cli"


def test_categories_are_keyed_by_slug(tmp_path):
    path = _write(tmp_path, BASE + '[categories."Science & Tech"]\ntitle = "S&T"\n')
    assert load_config(path, environ={}).category("science-tech").title == "S&T"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + "colour = 1\n", "unknown key 'colour'"),
        (BASE + "items_per_feed = '5'\n", "'items_per_feed' must be an integer"),
        (BASE + "items_per_feed = 0\n", "'items_per_feed' must be at least 1"),
        (BASE + "title2 = 1\n", "unknown key 'title2'"),
        (BASE + "language = 5\n", "'language' must be a string"),
        (BASE + 'timezone = "Mars/Base"\n', "'timezone': unknown time zone 'Mars/Base'"),
        ('title = "T"\nbase_url = "site.example"\n', "'base_url' must be an absolute http(s) URL"),
        ('title = "T"\n', "missing required key 'base_url'"),
        (
            BASE + 'article_url = "{base_url}/{nope}/"\n',
            "'article_url': unknown placeholder {nope}",
        ),
        (BASE + "[author]\nemail = 'a@b'\n", "'author.name' must be a non-empty string"),
        (BASE + "[author]\nname = 'A'\ntwitter = 'x'\n", "unknown key 'author.twitter'"),
        (BASE + "[categories.tech]\ncolour = 'x'\n", "unknown key 'categories.tech.colour'"),
        (BASE + "boilerplate_patterns = 'x'\n", "'boilerplate_patterns' must be a list of strings"),
        (
            BASE + "boilerplate_patterns = ['(']\n",
            "'boilerplate_patterns': '(' is not a regular expression",
        ),
        ("title = \n", "invalid TOML"),
    ],
)
def test_config_errors_name_the_key(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_missing_config_says_how_to_fix(site):
    (site.root / "publisher.toml").unlink()
    result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: publisher.toml: config file not found (run in the site's folder or pass --config); run `publisher init` to create one\n"
    )


def test_cli_paths_build_a_site_elsewhere(site, tmp_path):
    site.article("n/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})
    other = tmp_path / "elsewhere"
    result = site.run("build", "--out", str(other))
    assert result.exit_code == 0, result.output
    assert (other / "n" / "rss.xml").is_file()
    assert not site.out.exists()
