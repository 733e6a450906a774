"""Field rules for sources as Hugo, Jekyll and Pelican keep them (normalize, one source)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from publisher.config import Config, load_config
from publisher.errors import ConfigError
from publisher.generators import NAMES, generator_named
from publisher.generators.base import NoOtherFiles, SiteGenerator
from publisher.model import SourceDoc
from publisher.normalize import normalize
from publisher.sources.base import ReaderOptions
from publisher.sources.markdown import MarkdownReader


@pytest.fixture
def config(tmp_path: Path) -> Config:
    (tmp_path / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://site.example"\n', encoding="utf-8"
    )
    return load_config(tmp_path / "publisher.toml", environ={})


def _doc(rel: str, text: str) -> SourceDoc:
    return MarkdownReader().read(text, path=rel, rel=rel, options=ReaderOptions())


def _like(config: Config, generator: str, article_url: str) -> Config:
    return replace(config, generator=generator, article_url=article_url)


@pytest.mark.parametrize(
    ("rel", "front"),
    [
        ("n/a.md", "draft: true"),
        ("n/a.md", "published: false"),
        ("_drafts/a.md", ""),
        ("n/_drafts/a.md", ""),
        ("n/_index.md", ""),
        ("n/bundle/index.md", "headless: true"),
        ("n/a.md", "status: draft"),
        ("n/a.md", "status: hidden"),
        ("n/a.md", "_build: {list: never}"),
        ("n/a.md", "build:\n  list: false"),
    ],
)
def test_never_published(config: Config, rel: str, front: str) -> None:
    article, problems = normalize(
        _doc(rel, f"---\ntitle: T\ndate: 2024-01-01\n{front}\n---\nB"), config
    )
    assert article is None and not problems


def test_generator_names_for_our_fields(config: Config) -> None:
    doc = _doc("n/a.md", "---\ntitle: T\npublishDate: 2024-01-05\nlastmod: 2024-02-01\n"
               "description: The summary.\nauthors: [Ann, Bo]\nkeywords: [k1]\ntags: [t1, k1]\n"
               "categories: [Go, Web]\nlayout: post\nweight: 3\naliases: [/old/]\ntoc: true\n"
               "mystery: 1\n---\nBody")  # fmt: skip
    article, problems = normalize(doc, config)
    assert article is not None
    assert article.published == datetime(2024, 1, 5, tzinfo=UTC)
    assert article.updated == datetime(2024, 2, 1, tzinfo=UTC)
    assert article.summary == "The summary."
    assert [a.name for a in article.authors] == ["Ann", "Bo"]
    assert article.tags == ("t1", "k1")
    assert (article.category, article.more_categories) == ("Go", ("Web",))
    assert article.category_slugs == ("go", "web")
    assert article.link == "https://site.example/go/a/"
    warnings = [str(p) for p in problems if p.rule == "source-unknown-field"]
    assert warnings == ["n/a.md:14: warning: unknown field 'mystery' is ignored"]


def test_hugo_bundle_section_slug_and_expiry(config: Config) -> None:
    hugo = _like(config, "hugo", "{base_url}/{section}/{slug}/")
    article, _ = normalize(_doc("Posts/My Trip/index.md", "---\ntitle: T\ndate: 2024-01-01\n"
                                "expiryDate: 2024-06-01\n---\nB"), hugo)  # fmt: skip
    assert article is not None
    assert article.link == "https://site.example/posts/my-trip/"
    assert article.expires == datetime(2024, 6, 1, tzinfo=UTC)
    top, _ = normalize(_doc("about.md", "+++\ntitle = 'About'\ndate = 2024-01-01\n+++\nB"), hugo)
    assert top is not None and top.link == "https://site.example/about/" and top.category == ""


def test_jekyll_file_name_date_categories_and_case(config: Config) -> None:
    jekyll = _like(config, "jekyll", "{base_url}/{categories}/{year}/{month}/{day}/{slug}.html")
    article, _ = normalize(
        _doc("2021-06-02-Rails-Caching.md", "---\ntitle: T\ncategories: Rails Perf\n---\nB"), jekyll
    )
    assert article is not None
    assert article.published == datetime(2021, 6, 2, tzinfo=UTC)
    assert article.link == "https://site.example/rails/perf/2021/06/02/Rails-Caching.html"
    plain, _ = normalize(_doc("2021-06-03-x.md", "---\ntitle: T\n---\nB"), jekyll)
    assert plain is not None and plain.link == "https://site.example/2021/06/03/x.html"
    explicit, _ = normalize(
        _doc("2021-06-04-y.md", "---\ntitle: T\npermalink: /about-me/\n---\nB"), jekyll
    )
    assert explicit is not None and explicit.link == "https://site.example/about-me/"


def test_pelican_slug_from_title_and_pages_skipped(config: Config) -> None:
    pelican = _like(config, "pelican", "{base_url}/{slug}.html")
    article, _ = normalize(
        _doc("hw/a.md", "Title: Don't fear the RP2040's PIO\nDate: 2023-01-22 12:00\n\nB"), pelican
    )
    assert article is not None
    assert article.link == "https://site.example/dont-fear-the-rp2040s-pio.html"
    assert article.category == "hw"  # the folder as written (Pelican's USE_FOLDER_AS_CATEGORY)
    page, problems = normalize(
        _doc("pages/about.md", "Title: About\nDate: 2020-01-01\n\nB"), pelican
    )
    assert page is None and not problems


def test_template_warnings_name_the_line(config: Config) -> None:
    hugo = _like(config, "hugo", "{base_url}/{section}/{slug}/")
    doc = _doc(
        "n/a.md", "---\ntitle: T\ndate: 2024-01-01\nid: urn:x\n---\n\nIntro\n\n{{< mystery >}}\n"
    )
    _, problems = normalize(doc, hugo)
    assert [str(p) for p in problems] == [
        "n/a.md:9: warning: shortcode {{< mystery >}} cannot be rendered outside Hugo: removed"
    ]


def test_a_native_site_reads_no_template_syntax(config: Config) -> None:
    doc = _doc("n/a.md", "---\ntitle: T\ndate: 2024-01-01\nid: urn:x\n---\n{{< not-hugo >}}\n")
    article, problems = normalize(doc, config)
    assert article is not None and not problems


def test_generator_setting_is_checked(tmp_path: Path) -> None:
    (tmp_path / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://s.example"\ngenerator = "gatsby"\n', encoding="utf-8"
    )
    with pytest.raises(Exception, match="'generator' must be one of 'hugo', 'jekyll', 'pelican'"):
        load_config(tmp_path / "publisher.toml", environ={})


def test_hugo_pages_without_title_or_date_are_published_as_hugo_does(config: Config) -> None:
    hugo = _like(config, "hugo", "{base_url}/{section}/{slug}/")
    about, _ = normalize(_doc("about-me.md", "---\nmenu: main\n---\nHi"), hugo)
    assert about is not None
    assert (about.title, about.link) == ("about me", "https://site.example/about-me/")
    assert about.published == datetime(1970, 1, 1, tzinfo=UTC)
    dated, _ = normalize(_doc("n/x.md", "---\ntitle: X\nlastmod: 2024-03-01\n---\nB"), hugo)
    assert dated is not None and dated.published == datetime(2024, 3, 1, tzinfo=UTC)


def test_jekyll_skips_what_it_would_not_publish_and_keeps_theme_author_keys(
    config: Config,
) -> None:
    jekyll = _like(config, "jekyll", "{base_url}/{year}/{slug}.html")
    undated, problems = normalize(
        _doc("notes.md", "---\ntitle: T\ndate: 2024-01-01\n---\nB"), jekyll
    )
    assert undated is None and not problems  # Jekyll ignores _posts files without a date
    post, problems = normalize(
        _doc("2024-01-02-a.md", "---\ntitle: T\nauthor: {name: Sam, twitter: sam}\n"
             "categories: Web Dev\n---\nB"), jekyll
    )  # fmt: skip
    assert post is not None and [a.name for a in post.authors] == ["Sam"]
    assert (post.category, post.more_categories) == ("Web", ("Dev",))


def test_pelican_without_a_date_is_skipped_with_a_warning(config: Config) -> None:
    pelican = _like(config, "pelican", "{base_url}/{slug}.html")
    article, problems = normalize(_doc("a/x.md", "Title: X\n\nBody"), pelican)
    assert article is None
    assert [str(p) for p in problems] == [
        "a/x.md: warning: no Date: not published (Pelican skips it too)"
    ]


def test_hugo_categories_string_is_one_category(config: Config) -> None:
    hugo = _like(config, "hugo", "{base_url}/{section}/{slug}/")
    article, _ = normalize(
        _doc("n/x.md", "---\ntitle: X\ndate: 2024-01-01\ncategories: Web Dev\n---\nB"), hugo
    )
    assert article is not None and article.category == "Web Dev"


def test_jekyll_import_wordpress_fields(config: Config) -> None:
    jekyll = _like(config, "jekyll", "{base_url}/{year}/{slug}.html")
    doc = _doc(
        "2012-05-13-hello.md",
        "---\ntitle: Hello\ndate: 2012-05-13 17:34:33.000000000 -07:00\nid: 42\n"
        "guid: http://s.example/?p=42\nstatus: publish\nmeta: {_edit_last: '1'}\n"
        "author: {login: sam, email: sam@s.example, display_name: Sam O}\n"
        "tags: [2012, go]\nimage: {src: a.jpg, alt: A}\n---\nB",
    )
    article, problems = normalize(doc, jekyll)
    assert article is not None and not [p for p in problems if p.rule != "source-id-not-pinned"]
    assert not article.id_pinned  # WordPress's post number is no feed id
    assert [(a.name, a.email) for a in article.authors] == [("Sam O", "sam@s.example")]
    assert article.tags == ("2012", "go") and article.image is None
    pinned, _ = normalize(replace(doc, fields={**doc.fields, "feed_id": "urn:x"}), jekyll)
    assert pinned is not None and pinned.id == "urn:x" and pinned.id_pinned


def test_a_generator_site_reads_no_scraped_text_and_no_pelican_pages(tmp_path: Path) -> None:
    from publisher.sources import discover

    for rel in ("a/post.md", "extra/robots.txt", "pages/about.html", "pages/about.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    rels = {g: [d.rel for d in discover(tmp_path, generator=g)[0]] for g in ("", "hugo", "pelican")}
    assert rels[""] == ["a/post.md", "extra/robots.txt", "pages/about.html", "pages/about.md"]
    assert rels["hugo"] == ["a/post.md", "pages/about.html", "pages/about.md"]
    assert rels["pelican"] == ["a/post.md"]


def test_the_registry_names_each_generator_by_its_own_name() -> None:
    assert NAMES == ("hugo", "jekyll", "pelican")
    assert generator_named("") is None
    for name in NAMES:
        generator = generator_named(name)
        assert isinstance(generator, SiteGenerator) and generator.name == name
        assert generator.config_files and generator.layout.article_url.startswith("{base_url}")


def test_the_config_and_init_take_the_registrys_names(tmp_path: Path) -> None:
    from publisher.cli.init import init_command

    (tmp_path / "publisher.toml").write_text(
        'title = "T"\nbase_url = "https://s.example"\ngenerator = "gatsby"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="'hugo', 'jekyll', 'pelican'"):
        load_config(tmp_path / "publisher.toml", environ={})
    like = next(p for p in init_command.params if p.name == "like")
    assert tuple(like.type.choices) == NAMES  # type: ignore[attr-defined]


class _Files(NoOtherFiles):
    """A site of two sources, in memory: what normalize may look at, and nothing else."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources
        self.asked: list[str] = []

    def is_file(self, rel: str) -> bool:
        self.asked.append(rel)
        return rel in self.sources

    def source(self, rel: str) -> str | None:
        self.asked.append(rel)
        return rel if rel in self.sources else None

    def read(self, rel: str) -> SourceDoc | None:
        return _doc(rel, self.sources[rel]) if rel in self.sources else None


def test_normalize_looks_at_other_sources_only_through_what_it_is_given(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    hugo = _like(config, "hugo", "{base_url}/{section}/{slug}/")
    files = _Files({
        "posts/other.md": "---\ntitle: Other\ndate: 2024-01-01\n---\nB",
        "posts/trip/index.md": "---\ntitle: Trip\ndate: 2024-01-01\n---\nB",
    })  # fmt: skip
    text = '---\ntitle: T\ndate: 2024-01-01\nid: urn:x\n---\n\nSee {{< ref "other" >}}.\n'

    def no_disk(*args: object, **kwargs: object) -> None:
        raise AssertionError("normalize read a file")

    monkeypatch.setattr(Path, "read_bytes", no_disk)
    monkeypatch.setattr(Path, "is_file", no_disk)
    article, problems = normalize(_doc("posts/a.md", text), hugo, files)
    assert article is not None and not problems  # the ref found posts/other.md
    _, problems = normalize(_doc("posts/a.md", text), hugo)
    assert [p.rule for p in problems] == ["source-template-removed"]
    resource, _ = normalize(_doc("posts/trip/notes.md", "---\ntitle: N\n---\nB"), hugo, files)
    assert resource is None and "posts/trip/index.md" in files.asked
