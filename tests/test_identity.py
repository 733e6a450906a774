"""Who is who: on a generator's site an article is its link (two sources with one link
are one page written twice), its derived id comes from its file's path when the config
says so (``id_from = "path"``, what ``init --like`` writes), and no id a site already
derived changes.

The cases are real shapes from the issue 24 corpus: Hugo docs with one file name in two
folders (etcd's ``docs/v3.3/…`` and ``docs/v3.4/…``, undated, so every derived slug id
was one id), and Jekyll's same slug on two dates (crystal's and niamurrell's posts,
whose permalinks differ by date).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from publisher.cli import cli
from publisher.config import load_config
from publisher.ids import derived_name


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _items(root: Path) -> dict[str, str]:
    """link -> id of every item of the site's ``all`` feed."""
    feed = json.loads((root / "feeds" / "all" / "feed.json").read_text(encoding="utf-8"))
    return {item["url"]: item["id"] for item in feed["items"]}


# Two versions of one docs page, in one category, undated (Hugo's zero date).
HUGO_DOCS = {
    "hugo.toml": 'baseURL = "https://docs.example/"\ntitle = "Docs"\n'
    "[permalinks]\nv33 = '/docs/v3.3/:filename/'\nv34 = '/docs/v3.4/:filename/'\n",
    "content/v33/intro.md": "---\ntitle: Introduction\ncategories: [Docs]\n---\nOld.\n",
    "content/v34/intro.md": "---\ntitle: Introduction\ncategories: [Docs]\n---\nNew.\n",
}
# One slug on two dates: Jekyll's permalinks differ by date.
JEKYLL_POSTS = {
    "_config.yml": "url: https://blog.example\ntitle: Blog\n"
    "permalink: /:categories/:year/:month/:day/:title/\n",
    "_posts/2017-08-05-bootcamp-wrapup.md": "---\ntitle: Wrap-up, part 1\n"
    "categories: daily\n---\nOne.\n",
    "_posts/2017-08-06-bootcamp-wrapup.md": "---\ntitle: Wrap-up, part 2\n"
    "categories: daily\n---\nTwo.\n",
}


@pytest.mark.parametrize(
    ("files", "like", "expected"),
    [
        (HUGO_DOCS, "hugo", {
            "https://docs.example/docs/v3.3/intro/": "tag:docs.example,1970-01-01:v33/intro",
            "https://docs.example/docs/v3.4/intro/": "tag:docs.example,1970-01-01:v34/intro",
        }),
        (JEKYLL_POSTS, "jekyll", {
            "https://blog.example/daily/2017/08/05/bootcamp-wrapup/":
                "tag:blog.example,2017-08-05:2017-08-05-bootcamp-wrapup",
            "https://blog.example/daily/2017/08/06/bootcamp-wrapup/":
                "tag:blog.example,2017-08-06:2017-08-06-bootcamp-wrapup",
        }),
    ],
    ids=["hugo-one-name-two-folders", "jekyll-one-slug-two-dates"],
)  # fmt: skip
def test_one_name_in_two_places_is_two_articles(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
    like: str,
    expected: dict[str, str],
) -> None:
    _write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", like).exit_code == 0
    assert load_config(tmp_path / "publisher.toml").id_from == "path"
    build = _run("build")
    assert build.exit_code == 0, build.output
    assert _items(tmp_path) == expected


def test_two_sources_with_one_link_are_a_duplicate_naming_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = dict(HUGO_DOCS)
    files["hugo.toml"] = 'baseURL = "https://docs.example/"\ntitle = "Docs"\n'
    files["hugo.toml"] += "[permalinks]\nv33 = '/docs/:filename/'\nv34 = '/docs/:filename/'\n"
    _write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", "hugo").exit_code == 0
    build = _run("build")
    assert build.exit_code == 1
    errors = [line for line in build.stderr.splitlines() if ": error: " in line]
    assert errors == [
        "content/v34/intro.md: error: link 'https://docs.example/docs/intro/' is also used "
        "by content/v33/intro.md"
    ]


def test_a_site_that_derived_ids_from_slugs_keeps_every_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A config written before id_from existed: its published ids stay as they were, and
    # two sources deriving one id are told how to part them.
    _write(tmp_path, JEKYLL_POSTS)
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", "jekyll").exit_code == 0
    config = tmp_path / "publisher.toml"
    config.write_text(config.read_text("utf-8").replace('id_from = "path"', ""), "utf-8")
    assert _run("build").exit_code == 0
    assert set(_items(tmp_path).values()) == {
        "tag:blog.example,2017-08-05:bootcamp-wrapup",
        "tag:blog.example,2017-08-06:bootcamp-wrapup",
    }
    same_day = tmp_path / "_posts" / "2017-08-05-bootcamp-wrapup.markdown"
    same_day.write_text("---\ntitle: Copy\ncategories: other\n---\nx\n", "utf-8")
    build = _run("build")
    assert build.exit_code == 1
    assert (
        "_posts/2017-08-05-bootcamp-wrapup.md: error: id "
        "'tag:blog.example,2017-08-05:bootcamp-wrapup' is also used by "
        "_posts/2017-08-05-bootcamp-wrapup.markdown (both derived, neither has an `id` "
        "field: give one of them an `id`)"
    ) in build.stderr


def test_a_native_site_keeps_one_slug_per_category(site) -> None:
    # publisher's own sites are unchanged: their links are made of category and slug.
    site.config('title = "T"\nbase_url = "https://site.example"\n'
                'article_url = "{base_url}/{year}/{slug}/"\n')  # fmt: skip
    site.article("n/a.md", {"title": "A", "date": "2024-01-01"})
    site.article("n/b.md", {"title": "B", "date": "2025-01-01", "slug": "a"})
    result = site.run("build")
    assert result.exit_code == 1
    assert "content/n/b.md: error: slug 'a' in 'N' is also used by content/n/a.md" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("rel", "name"),
    [
        ("posts/my-trip/index.md", "posts/my-trip"),
        ("docs/v3.3/learning/client-architecture.md", "docs/v3.3/learning/client-architecture"),
        ("2017-08-06-bootcamp-wrapup.markdown", "2017-08-06-bootcamp-wrapup"),
        ("post/index.fr.md", "post/index.fr"),
        ("entry/日本 語.md", "entry/%E6%97%A5%E6%9C%AC%20%E8%AA%9E"),
        ("a/100%.md", "a/100%25"),
    ],
)
def test_the_name_a_path_gives_a_derived_id(rel: str, name: str) -> None:
    assert derived_name(rel) == name


def test_id_from_is_checked(tmp_path: Path) -> None:
    config = tmp_path / "publisher.toml"
    config.write_text('title = "T"\nbase_url = "https://t.example"\nid_from = "title"\n')
    with pytest.raises(Exception, match="'id_from' must be 'slug' or 'path', got 'title'"):
        load_config(config, environ={})


def test_a_stray_character_in_a_permalink_costs_no_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # clairecodes' config.toml: blog = "/blog/:year-:month-:day-:title/`" (a backtick),
    # which made every feed fail validation. Hugo drops it from the path (Hugo 0.111
    # publishes /blog/2019-11-06-roles-of-keys//), so do we, without the '//'.
    _write(tmp_path, {
        "config.toml": 'baseURL = "https://c.example/"\ntitle = "C"\n'
                       '[permalinks]\nblog = "/blog/:year-:month-:day-:title/`"\n',
        "content/blog/roles.md": "---\ntitle: Roles of keys\ndate: 2019-11-06\n---\nText.\n",
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", "hugo").exit_code == 0
    build = _run("build")
    assert build.exit_code == 0, build.output
    assert list(_items(tmp_path)) == ["https://c.example/blog/2019-11-06-roles-of-keys/"]


def test_a_link_that_is_no_url_is_its_sources_error(site) -> None:
    site.config('title = "T"\nbase_url = "https://site.example"\n'
                'article_url = "{section}/{slug}/"\n')  # fmt: skip
    site.article("n/a.md", {"title": "A", "date": "2024-01-01"})
    result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr == (
        "content/n/a.md: error: the link made from article_url, 'n/a/', is no http(s) URL\n"
    )


def test_a_link_in_any_script_is_a_uri(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # letsencrypt's Ukrainian pages: Hugo keeps the letters in a slug and percent-encodes
    # them in the URL; an RSS link must be a URI, or every feed fails validation.
    _write(tmp_path, {
        "hugo.toml": 'baseURL = "https://l.example/"\ntitle = "L"\n',
        "content/uk/приватність.md": "---\ntitle: Приватність\ndate: 2024-01-01\n---\nТекст.\n",
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--like", "hugo").exit_code == 0
    build = _run("build")
    assert build.exit_code == 0, build.output
    assert list(_items(tmp_path)) == [
        "https://l.example/uk/%D0%BF%D1%80%D0%B8%D0%B2%D0%B0%D1%82%D0%BD%D1%96%D1%81%D1%82%D1%8C/"
    ]
