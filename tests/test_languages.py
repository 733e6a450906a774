"""Translated sites (issue 24 item 6): one feed set per language, translations linked.

Each folder in tests/languages/ is a small site as its generator keeps it (``site/``)
and what subscribers of each language's feeds must see (``expect.toml``): the site
is set up as the README says (``init --like``), built, and every feed is read with
feedparser and our validator.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import feedparser
import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.cli import cli
from publisher.config import Config, LanguageConfig, load_config
from publisher.errors import ConfigError, Severity
from publisher.model import SourceDoc
from publisher.normalize import normalize
from publisher.validate import validate_bytes

CASES = Path(__file__).parent / "languages"
FORMATS = ("atom.xml", "rss.xml", "feed.json")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _site(tmp_path: Path, case: str) -> tuple[Path, dict[str, object]]:
    root = tmp_path / case
    shutil.copytree(CASES / case / "site", root)
    expect = tomllib.loads((CASES / case / "expect.toml").read_text(encoding="utf-8"))
    return root, expect


def _translations(entry: feedparser.FeedParserDict) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in entry.get("links", [])
        if link.get("rel") == "alternate" and link.get("hreflang") and link["href"] != entry.link
    }


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_each_language_gets_its_feeds(tmp_path: Path, case: str) -> None:
    root, expect = _site(tmp_path, case)
    code, output = _run("init", str(root), "--like", str(expect["like"]))
    assert code == 0, output
    code, output = _run("build", "--config", str(root / "publisher.toml"))
    assert code == 0, output
    for warning in expect.get("warnings", []):  # type: ignore[attr-defined]
        assert warning in output
    feeds = root / "feeds"
    wanted = expect["feeds"]
    assert isinstance(wanted, dict)
    for slug, feed in wanted.items():
        folder = feeds / slug
        for name in FORMATS:
            data = (folder / name).read_bytes()
            assert validate_bytes(data, name=name).problems == (), (slug, name)
        parsed = feedparser.parse((folder / "atom.xml").read_bytes())
        assert not parsed.bozo
        assert parsed.feed.language == feed["language"]
        if "title" in feed:
            assert parsed.feed.title == feed["title"]
        got = {entry.title: _translations(entry) for entry in parsed.entries}
        assert got == feed["items"], slug
        for entry in parsed.entries:
            # Readers taking the first alternate and feedparser (the last) agree.
            alternates = [link for link in entry.links if link.get("rel") == "alternate"]
            assert alternates[0]["href"] == entry.link
        rss = feedparser.parse((folder / "rss.xml").read_bytes())
        assert rss.feed.language == feed["language"]
        assert {e.title: _translations(e) for e in rss.entries} == feed["items"]
        document = json.loads((folder / "feed.json").read_bytes())
        assert document["language"] == feed["language"]
        alternates = {
            item["title"]: {
                a["language"]: a["url"] for a in item.get("_translations", {}).get("alternates", [])
            }
            for item in document["items"]
        }
        assert alternates == feed["items"]
    # Each language has its own OPML list and index page, listing its own feeds.
    for slug in wanted:
        prefix = slug.rsplit("all", 1)[0]
        opml = (feeds / prefix / "index.opml").read_text(encoding="utf-8")
        assert f"/feeds/{slug}/rss.xml" in opml
        assert (feeds / prefix / "index.html").is_file()
    # A second build with nothing changed says nothing and changes nothing.
    before = {p: p.read_bytes() for p in feeds.rglob("*") if p.is_file()}
    code, output = _run("build", "--config", str(root / "publisher.toml"))
    assert (code, output) == (0, "")
    assert {p: p.read_bytes() for p in feeds.rglob("*") if p.is_file()} == before


def test_every_item_keeps_its_own_id(tmp_path: Path) -> None:
    root, _ = _site(tmp_path, "hugo-content-dirs")
    _run("init", str(root), "--like", "hugo")
    code, output = _run("build", "--config", str(root / "publisher.toml"))
    assert code == 0, output
    ids = [
        entry.id
        for slug in ("all", "fr/all")
        for entry in feedparser.parse((root / "feeds" / slug / "atom.xml").read_bytes()).entries
    ]
    assert len(ids) == len(set(ids)) == 3


def _native(tmp_path: Path, config: str) -> Path:
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "publisher.toml").write_text(
        'title = "Site"\nbase_url = "https://example.org"\n' + config, encoding="utf-8"
    )
    return tmp_path / "publisher.toml"


def _post(tmp_path: Path, rel: str, fields: str) -> None:
    path = tmp_path / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: T {rel}\ndate: 2024-01-02\n{fields}---\nBody.\n", "utf-8")


def test_a_native_site_names_languages_per_source(tmp_path: Path) -> None:
    config = _native(tmp_path, 'languages = ["en", "pt-BR"]\n')
    _post(tmp_path, "posts/a.md", "translation_key: a\n")
    _post(tmp_path, "posts/a-pt.md", "language: pt-BR\ntranslation_key: a\n")
    code, output = _run("build", "--config", str(config))
    assert code == 0, output
    parsed = feedparser.parse((tmp_path / "feeds" / "pt-br" / "all" / "atom.xml").read_bytes())
    assert parsed.feed.language == "pt-BR"
    [entry] = parsed.entries
    # Another language's articles live under its folder unless translation_url says.
    assert entry.link == "https://example.org/pt-br/posts/a-pt/"
    assert _translations(entry) == {"en": "https://example.org/posts/a/"}
    default = feedparser.parse((tmp_path / "feeds" / "all" / "atom.xml").read_bytes())
    assert [e.title for e in default.entries] == ["T posts/a.md"]
    # Each language's index page links the others'.
    index = lxml.html.fromstring((tmp_path / "feeds" / "index.html").read_bytes())
    assert index.get("lang") == "en"
    [other] = index.xpath("//nav[@aria-label='Other languages']//a")
    assert (other.get("hreflang"), other.get("href")) == (
        "pt-BR",
        "https://example.org/feeds/pt-br/index.html",
    )
    index = lxml.html.fromstring((tmp_path / "feeds" / "pt-br" / "index.html").read_bytes())
    assert index.get("lang") == "pt-BR"
    [other] = index.xpath("//nav[@aria-label='Other languages']//a")
    assert other.get("href") == "https://example.org/feeds/index.html"


def test_a_translation_url_places_the_language(tmp_path: Path) -> None:
    config = _native(
        tmp_path, 'languages = ["en", "fr"]\ntranslation_url = "{base_url}/{slug}-{lang}.html"\n'
    )
    _post(tmp_path, "posts/b.md", "language: fr\n")
    code, output = _run("build", "--config", str(config))
    assert code == 0, output
    parsed = feedparser.parse((tmp_path / "feeds" / "fr" / "all" / "rss.xml").read_bytes())
    assert parsed.entries[0].link == "https://example.org/b-fr.html"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            'languages = ["en", "jp"]\n',
            "'languages': language 'jp' starts with 'jp', which is no ISO 639 language code"
            " (did you mean ja?)",
        ),
        (
            'language = "english"\n',
            "'language': language 'english' is not a language tag such as en-GB",
        ),
        ('languages = ["en", "fr", "FR"]\n', "'languages': 'FR' is listed twice"),
        ('[languages.fr]\ntitel = "x"\n', "unknown key 'languages.fr.titel'"),
        ("languages = 3\n", "'languages' must be a list of codes or a table"),
    ],
)
def test_bad_language_config_is_one_line_naming_the_file(
    tmp_path: Path, config: str, message: str
) -> None:
    path = _native(tmp_path, config)
    code, output = _run("build", "--config", str(path))
    assert code == 1
    assert output.strip().splitlines() == [f"error: {path}: {message}"]


def test_a_language_the_site_does_not_list_is_the_source_error(tmp_path: Path) -> None:
    config = _native(tmp_path, 'languages = ["en", "fr"]\n')
    _post(tmp_path, "posts/a.md", "")
    _post(tmp_path, "posts/de.md", "language: de\n")
    code, output = _run("build", "--config", str(config))
    assert code == 1
    assert (
        "posts/de.md:4: error: language 'de' is not one of the site's languages (en, fr)" in output
    )


def test_one_language_is_as_before(tmp_path: Path) -> None:
    # A language field in a one-language site changes nothing: one feed set, every source.
    config = _native(tmp_path, "")
    _post(tmp_path, "posts/a.md", "language: fr\n")
    code, output = _run("build", "--config", str(config))
    assert code == 0, output
    assert not (tmp_path / "feeds" / "fr").exists()
    assert load_config(config, environ={}).languages == ()
    parsed = feedparser.parse((tmp_path / "feeds" / "all" / "atom.xml").read_bytes())
    assert [e.title for e in parsed.entries] == ["T posts/a.md"]
    assert "hreflang" not in (tmp_path / "feeds" / "all" / "atom.xml").read_text("utf-8")


def test_tag_feeds_and_archives_per_language(tmp_path: Path) -> None:
    config = _native(
        tmp_path, 'tag_feeds = true\narchive = true\nitems_per_feed = 1\nlanguages = ["en", "fr"]\n'
    )
    for n in range(3):
        _post(tmp_path, f"posts/en{n}.md", f"date: 2024-01-0{n + 1}\ntags: [sun]\n")
        _post(tmp_path, f"posts/fr{n}.md", f"date: 2024-02-0{n + 1}\ntags: [sun]\nlanguage: fr\n")
    code, output = _run("build", "--config", str(config))
    assert code == 0, output
    feeds = tmp_path / "feeds"
    for folder, language in (("", "en"), ("fr/", "fr")):
        tag = feedparser.parse((feeds / f"{folder}tags/sun/atom.xml").read_bytes())
        assert tag.feed.language == language
        assert [e.title for e in tag.entries] == [f"T posts/{language}2.md"]
        # Each language's archive holds only its own articles, oldest page first.
        page = feedparser.parse((feeds / f"{folder}all/archive/1.xml").read_bytes())
        assert [e.title for e in page.entries] == [f"T posts/{language}0.md"]
        assert page.feed.language == language


def test_a_category_named_like_a_language_folder_is_an_error(tmp_path: Path) -> None:
    config = _native(tmp_path, 'languages = ["en", "fr"]\n')
    _post(tmp_path, "fr-news/a.md", "category: FR\n")
    code, output = _run("build", "--config", str(config))
    assert code == 1
    assert "category 'FR' would write its feeds into fr/, where the fr feeds go" in output
    assert output.count("error:") == 1


def test_a_regional_tag_is_its_language(tmp_path: Path) -> None:
    # A post saying en-US on a site listing en is English, not an error.
    config = _native(tmp_path, 'languages = ["en", "fr"]\n')
    _post(tmp_path, "posts/a.md", "language: en-US\n")
    _post(tmp_path, "posts/b.md", "language: fr_FR\n")
    code, output = _run("build", "--config", str(config))
    assert code == 0, output
    french = feedparser.parse((tmp_path / "feeds" / "fr" / "all" / "atom.xml").read_bytes())
    assert [e.title for e in french.entries] == ["T posts/b.md"]


def test_init_lists_the_languages_posts_name(tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    (tmp_path / "_config.yml").write_text("title: T\nurl: https://j.example\nlang: en\n")
    for name, lang in (("a", "en-US"), ("b", "de"), ("c", "de"), ("d", "pt-BR"), ("e", "")):
        field = f"lang: {lang}\n" if lang else ""
        (posts / f"2024-01-01-{name}.md").write_text(f"---\ntitle: {name}\n{field}---\nx\n")
    code, output = _run("init", str(tmp_path), "--like", "jekyll")
    assert code == 0, output
    config = load_config(tmp_path / "publisher.toml", environ={})
    assert [lang.code for lang in config.languages] == ["en", "de", "pt-br"]


def test_a_reference_in_a_language_folder_leads_to_that_language(tmp_path: Path) -> None:
    root, _ = _site(tmp_path, "hugo-content-dirs")
    (root / "content" / "fr" / "blog" / "suite.md").write_text(
        '---\ntitle: "Suite"\ndate: 2024-03-05T10:00:00Z\n---\n'
        'Voir [bonjour]({{< ref "hello.md" >}}) et [absolu]({{< relref "/blog/hello.md" >}}).\n',
        encoding="utf-8",
    )
    _run("init", str(root), "--like", "hugo")
    code, output = _run("build", "--config", str(root / "publisher.toml"))
    assert code == 0, output
    parsed = feedparser.parse((root / "feeds" / "fr" / "all" / "atom.xml").read_bytes())
    [suite] = [e for e in parsed.entries if e.title == "Suite"]
    assert suite.link == "https://hugo.example/fr/blog/suite/"
    content = suite.content[0].value
    assert 'href="https://hugo.example/fr/blog/hello/"' in content
    assert content.count("https://hugo.example/fr/blog/hello/") == 2


def test_a_hugo_language_on_its_own_host(tmp_path: Path) -> None:
    # Hugo's multihost: a language with its own baseURL links its pages there.
    root = tmp_path / "site"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "S"\n'
        '[languages.en]\nweight = 1\n[languages.fr]\nbaseURL = "https://example.fr/"\n',
        encoding="utf-8",
    )
    for name, title in (("a.md", "A"), ("a.fr.md", "Af")):
        (root / "content" / "posts" / name).write_text(
            f'---\ntitle: "{title}"\ndate: 2024-03-01T10:00:00Z\n---\nx\n', encoding="utf-8"
        )
    code, output = _run("init", str(root), "--like", "hugo")
    assert code == 0, output
    assert 'link = "https://example.fr/"' in (root / "publisher.toml").read_text("utf-8")
    code, output = _run("build", "--config", str(root / "publisher.toml"))
    assert code == 0, output
    french = feedparser.parse((root / "feeds" / "fr" / "all" / "atom.xml").read_bytes())
    assert french.feed.link == "https://example.fr/"
    [entry] = french.entries
    assert entry.link == "https://example.fr/posts/a/"
    assert _translations(entry) == {"en": "https://example.org/posts/a/"}


_SITE = Config(
    root=Path("/site"), title="Site", base_url="https://site.example",
    content_dir=Path("/site/content"), output_dir=Path("/site/feeds"),
    cache_dir=Path("/site/.cache"),
    languages=(LanguageConfig("en"), LanguageConfig("pt-BR"), LanguageConfig("fr", folder="fr")),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.text(max_size=30), st.integers(), st.lists(st.text(max_size=3))))
def test_any_language_value_is_a_language_or_one_error(value: object) -> None:
    fields = {"title": "T", "date": "2024-01-02", "id": "tag:x,2024:t", "language": value}
    doc = SourceDoc(path="content/posts/t.md", rel="posts/t.md", fields=fields, body="x")
    article, problems = normalize(doc, _SITE)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if article is None:
        assert len(errors) == 1 and errors[0].path == "content/posts/t.md"
        assert "language" in errors[0].message
    else:
        assert not errors
        assert article.language in ("", "pt-BR", "fr")
        folder = {"": "", "pt-BR": "pt-br/", "fr": "fr/"}[article.language]
        assert article.link == f"https://site.example/{folder}posts/t/"


def test_a_language_folder_wins_and_is_the_content_root() -> None:
    fields = {"title": "T", "date": "2024-01-02", "id": "tag:x,2024:t", "category": "News"}
    doc = SourceDoc(path="content/fr/news/t.md", rel="fr/news/t.md", fields=fields, body="x")
    article, problems = normalize(doc, _SITE)
    assert article is not None, problems
    assert (article.language, article.link) == ("fr", "https://site.example/fr/news/t/")


def test_a_language_taken_out_leaves_no_stray_feed(tmp_path: Path) -> None:
    config = _native(tmp_path, 'languages = ["en", "fr"]\n')
    _post(tmp_path, "posts/a.md", "")
    _post(tmp_path, "posts/b.md", "language: fr\n")
    assert _run("build", "--config", str(config))[0] == 0
    (tmp_path / "content" / "posts" / "b.md").unlink()
    config.write_text('title = "Site"\nbase_url = "https://example.org"\n', encoding="utf-8")
    code, output = _run("build", "--config", str(config))
    assert code == 0, output
    opml = (tmp_path / "feeds" / "index.opml").read_text("utf-8")
    assert "/feeds/fr/" not in opml  # the default set lists no feed named after fr/all


def test_init_leaves_out_the_languages_hugo_does_not_build(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ndisableLanguages = ["de"]\n'
        "[languages.en]\n[languages.de]\n[languages.fr]\n[languages.it]\ndisabled = true\n",
        encoding="utf-8",
    )
    code, output = _run("init", str(tmp_path), "--like", "hugo")
    assert code == 0, output
    config = load_config(tmp_path / "publisher.toml", environ={})
    assert [lang.code for lang in config.languages] == ["en", "fr"]


def test_a_hugo_file_in_a_language_not_listed_is_left_out(tmp_path: Path) -> None:
    root, _ = _site(tmp_path, "hugo-file-names")
    _run("init", str(root), "--like", "hugo")
    config = root / "publisher.toml"
    # German taken out, French (with no page yet) listed: German pages are in no feed.
    text = config.read_text("utf-8").replace("[languages.de]\n", "[languages.fr]\n")
    config.write_text(text, "utf-8")
    code, output = _run("build", "--config", str(config))
    assert code == 0, output
    assert not (root / "feeds" / "de").exists()
    english = feedparser.parse((root / "feeds" / "all" / "atom.xml").read_bytes())
    assert sorted(e.title for e in english.entries) == ["News", "Trip"]
    assert (root / "feeds" / "fr" / "all" / "atom.xml").is_file()


def _rss(items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>t</title><link>{link}</link><guid>{guid}</guid>"
        "<pubDate>Tue, 02 Jan 2024 00:00:00 +0000</pubDate></item>"
        for link, guid in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>S</title>'
        f"<link>https://example.org/</link><description>d</description>{entries}</channel></rss>"
    )


def test_pin_ids_keeps_each_language_feed_size(tmp_path: Path) -> None:
    # Each language's old feed held its own number of items: each keeps it.
    config = _native(tmp_path, '[languages.en]\n[languages.fr]\ntitle = "Le site"\n')
    for n in range(3):
        _post(tmp_path, f"posts/e{n}.md", f"date: 2024-01-0{n + 1}\n")
    _post(tmp_path, "posts/f0.md", "language: fr\n")
    english = [(f"https://example.org/posts/e{n}/", f"tag:old.example,2024:e{n}") for n in range(3)]
    (tmp_path / "en.xml").write_text(_rss(english), encoding="utf-8")
    (tmp_path / "fr.xml").write_text(
        _rss([("https://example.org/fr/posts/f0/", "tag:old.example,2024:f0")]), encoding="utf-8"
    )
    args = ["--config", str(config), "--from-feed", str(tmp_path / "en.xml")]
    code, output = _run("pin-ids", *args, "--from-feed", str(tmp_path / "fr.xml"))
    assert code == 0, output
    assert "set items_per_feed = 3" in output
    assert "set [languages.fr] items_per_feed = 1" in output
    loaded = load_config(config, environ={})
    assert loaded.items_per_feed == 3
    assert loaded.languages[1].items_per_feed == 1
    assert loaded.languages[1].title == "Le site"
    code, output = _run("build", "--config", str(config))
    assert code == 0, output
    french = feedparser.parse((tmp_path / "feeds" / "fr" / "all" / "atom.xml").read_bytes())
    assert [e.id for e in french.entries] == ["tag:old.example,2024:f0"]
    code, output = _run("pin-ids", *args, "--from-feed", str(tmp_path / "fr.xml"))
    assert (code, output) == (0, "")  # a second run changes nothing


def test_a_table_setting_is_edited_in_place() -> None:
    from publisher.commands.config_edit import with_table_setting

    text = 'title = "S"\n\n[languages.en]\n\n[languages.fr] # French\ntitle = "F"\n'
    edited = with_table_setting(text, "languages.fr", "items_per_feed", 5)
    assert edited == (
        'title = "S"\n\n[languages.en]\n\n[languages.fr] # French\nitems_per_feed = 5\ntitle = "F"\n'
    )
    assert with_table_setting(edited, "languages.fr", "items_per_feed", 7).count("= 7") == 1
    added = with_table_setting(text, "languages.de", "items_per_feed", 2)
    assert tomllib.loads(added)["languages"]["de"] == {"items_per_feed": 2}
    with pytest.raises(ConfigError, match="by hand"):
        with_table_setting('languages = ["en", "fr"]\n', "languages.fr", "items_per_feed", 2)


def test_init_reads_languages_jekyll_defaults_give(tmp_path: Path) -> None:
    # ruby-lang's way: each language's posts under its folder, lang from defaults.
    (tmp_path / "_config.yml").write_text(
        "title: T\nurl: https://j.example\nlang: en\ndefaults:\n"
        "  - scope: {path: fr}\n    values: {lang: fr}\n",
        encoding="utf-8",
    )
    for folder in ("en", "fr"):
        posts = tmp_path / folder / "_posts"
        posts.mkdir(parents=True)
        (posts / "2024-01-01-a.md").write_text(f"---\ntitle: {folder}\n---\nx\n")
    code, output = _run("init", str(tmp_path), "--like", "jekyll")
    assert code == 0, output
    config = load_config(tmp_path / "publisher.toml", environ={})
    assert [lang.code for lang in config.languages] == ["en", "fr"]
    code, output = _run("build", "--config", str(tmp_path / "publisher.toml"))
    assert code == 0, output
    french = feedparser.parse((tmp_path / "feeds" / "fr" / "all" / "atom.xml").read_bytes())
    assert [e.title for e in french.entries] == ["fr"]
