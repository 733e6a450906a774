"""Jekyll bodies' Liquid, scored against Jekyll itself (issue 24).

Each folder under tests/jekyll_liquid/ is a small Jekyll site with one post dated
2024-01-02; ``<case>.expected.html`` beside it is that post as ``jekyll build`` (Jekyll
4.3.1) wrote it. ``pytest --update-goldens`` builds each site with Jekyll again (when
``jekyll`` is installed) and rewrites those files. The test switches the site to
publisher as the README says (``init --like jekyll``, ``build``) and compares the
post's item with Jekyll's page: the same text, the same links.

Below them, what the engine does with text Jekyll would refuse: one warning naming the
line, the rest rendered, never a traceback.
"""

from __future__ import annotations

import json
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from publisher.cli import cli
from publisher.generators import generator_named
from publisher.generators.base import TemplateSite
from publisher.generators.jekyll_site import rules as jekyll_rules

CORPUS = Path(__file__).parent / "jekyll_liquid"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())
_SPACE = re.compile(r"\s+")
# kramdown's typography in Jekyll's own page (smart quotes, dashes, ellipses) is the
# Markdown renderer's, not Liquid's: compared as plain characters.
_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "--", "—": "---"})


def _jekyll_page(site: Path) -> str:
    """The post of ``site`` as Jekyll writes it."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["jekyll", "build", "-q", "-s", str(site), "-d", out], check=True,
                       capture_output=True)  # fmt: skip
        return next(Path(out).glob("2024/01/02/*.html")).read_text(encoding="utf-8")


def _text_and_links(markup: str) -> tuple[str, list[str]]:
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    text = _SPACE.sub(" ", tree.text_content()).strip().translate(_TYPOGRAPHY)
    links = [re.sub(r"^https://example\.org", "", href) for href in tree.xpath("//a/@href")]
    return text, links


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_a_post_reads_as_jekyll_renders_it(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_goldens: bool
) -> None:
    expected = case.parent / f"{case.name}.expected.html"
    if update_goldens:
        if shutil.which("jekyll") is None:
            pytest.skip("jekyll is not installed: the expectation cannot be regenerated")
        expected.write_text(_jekyll_page(case), encoding="utf-8")
    root = tmp_path / case.name
    shutil.copytree(case, root)
    monkeypatch.chdir(root)
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--like", "jekyll"]).exit_code == 0
    built = runner.invoke(cli, ["build"])
    assert built.exit_code == 0, built.output
    items = json.loads((root / "feeds" / "all" / "feed.json").read_text(encoding="utf-8"))["items"]
    ours = next(item for item in items if "/2024/01/02/" in item["url"])
    assert _text_and_links(ours["content_html"]) == _text_and_links(
        expected.read_text(encoding="utf-8")
    )
    said = [line for line in built.output.splitlines() if "no 'id'" not in line]
    assert not said, built.output  # Jekyll rendered it all: nothing removed


def _site(root: Path | None = None) -> TemplateSite:
    rules = jekyll_rules(root, root / "_posts") if root else None
    page = {"title": "A title", "url": "https://example.org/2024/01/02/a.html",
            "date": "2024-01-02T10:00:00+00:00"}  # fmt: skip
    return TemplateSite("https://example.org", lambda _: None, page=page, rules=rules)


def _expand(body: str, root: Path | None = None) -> tuple[str, list[tuple[int, str]]]:
    jekyll = generator_named("jekyll")
    assert jekyll is not None
    return jekyll.expand(body, _site(root))


def test_what_jekyll_would_refuse_is_one_warning_naming_the_line() -> None:
    body = "one\n{% figure x %}kept{% endfigure %}\n{{ 'a' | nosuch }}\n{% if %}x{% endif %}\nend"
    text, warnings = _expand(body)
    assert text.startswith("one\nkept\na\n") and text.endswith("end")
    assert [line for line, _ in warnings] == [2, 3, 4]
    assert warnings[0][1] == "Liquid tag {% figure %} cannot be rendered outside Jekyll: removed"
    assert "'nosuch'" in warnings[1][1]


def test_a_missing_or_broken_include_is_named_with_the_line_of_its_tag(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("url: https://example.org\n", encoding="utf-8")
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "bad.md").write_text("a\n{% for %}\n", encoding="utf-8")
    (tmp_path / "_posts").mkdir()
    body = "x\n{% include nothere.md %}\n{% include bad.md %}\n{% include ../_config.yml %}"
    text, warnings = _expand(body, tmp_path)
    assert text.startswith("x\n")
    assert [line for line, _ in warnings] == [2, 3, 4]
    assert "no such file in _includes/" in warnings[0][1]
    assert warnings[1][1].startswith("_includes/bad.md, line 2: ")
    assert "not one Jekyll accepts" in warnings[2][1]


def test_includes_stop_at_our_depth(tmp_path: Path) -> None:
    (tmp_path / "_includes").mkdir(parents=True)
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_includes" / "self.md").write_text("x{% include self.md %}", encoding="utf-8")
    text, warnings = _expand("{% include self.md %}", tmp_path)
    assert text.count("x") <= 32
    assert len(warnings) == 1 and "deeper than 30" in warnings[0][1]


def test_loops_stop_at_our_limit() -> None:
    body = "{% for a in (1..2000) %}{% for b in (1..2000) %}.{% endfor %}{% endfor %}"
    text, warnings = _expand(body)
    assert len(text) < 2_000_000
    assert warnings and "limit" in warnings[0][1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "{%", "%}", "{{", "}}", "{%-", "-%}", " if ", " for x in y ", " endfor ", " endif ",
    " include a.md ", " assign x = ", " capture c ", " endcapture ", " raw ", " endraw ",
    " | ", "split: ','", "'", '"', "x", "\n", " case x ", " when 1 ", " highlight ",
    " endhighlight ", " comment ", " endcomment ", "(1..9)", ".size",
]), max_size=40).map("".join))  # fmt: skip
def test_any_template_text_renders_or_warns_never_raises(body: str) -> None:
    text, warnings = _expand(body)
    assert isinstance(text, str)
    assert all(isinstance(line, int) and line >= 1 for line, _ in warnings)


def test_the_engine_is_imported_only_for_a_body_with_liquid() -> None:
    code = (
        "import sys\n"
        "from publisher.generators import generator_named\n"
        "from publisher.generators.base import TemplateSite\n"
        "jekyll = generator_named('jekyll')\n"
        "site = TemplateSite('https://example.org', lambda _: None)\n"
        "jekyll.expand('Plain *Markdown*, {: .class} no Liquid.', site)\n"
        "print('liquid' in sys.modules)\n"
        "jekyll.expand('{{ 1 | plus: 1 }}', site)\n"
        "print('liquid' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def _built_case(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """A copy of ``case``, switched (see ``_switched``)."""
    root = tmp_path / "site"
    shutil.copytree(CORPUS / case, root)
    return _switched(root, monkeypatch)


def _switched(root: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """The Jekyll site at ``root`` switched (``init --like jekyll``); what it returns
    builds and gives the feed's text."""
    monkeypatch.chdir(root)
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--like", "jekyll"]).exit_code == 0

    def build() -> str:
        result = runner.invoke(cli, ["build"])
        assert result.exit_code == 0, result.output
        return (root / "feeds" / "all" / "feed.json").read_text(encoding="utf-8")

    return build


def test_an_edited_include_renders_the_posts_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files Liquid reads are part of the config's fingerprint: the next build (not
    the no-op fast path) renders the post with the new text."""
    build = _built_case("includes", tmp_path, monkeypatch)
    assert "signed FIRST ONE" in build()
    signature = tmp_path / "site" / "_includes" / "signature.md"
    signature.write_text("-- yours, {{ include.text }}\n", encoding="utf-8")
    assert "yours, first one" in build()


def test_an_edited_data_file_renders_the_posts_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = _built_case("data", tmp_path, monkeypatch)
    assert "Editors: Ann and Cy." in build()
    with (tmp_path / "site" / "_data" / "people.yml").open("a", encoding="utf-8") as f:
        f.write("- name: Dee\n  role: editor\n")
    assert "Editors: Ann and Cy and Dee." in build()


def test_an_include_never_reads_outside_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_includes").mkdir(parents=True)
    (site / "_posts").mkdir()
    (tmp_path / "secret.md").write_text("SECRET", encoding="utf-8")
    (site / "_includes" / "link.md").symlink_to(tmp_path / "secret.md")
    text, warnings = _expand("{% include link.md %}", site)
    assert "SECRET" not in text
    assert len(warnings) == 1 and "no such file in _includes/" in warnings[0][1]


def test_a_body_too_deep_for_the_engine_loses_its_tags_not_the_build() -> None:
    body = "{% if true %}" * 5000 + "deep" + "{% endif %}" * 5000
    text, warnings = _expand(body)
    assert "{%" not in text
    assert warnings


def test_a_worker_shares_what_was_read_between_jobs_of_the_same_rules(tmp_path: Path) -> None:
    """The rules go to pool workers pickled with every batch: what the bodies of one batch
    read (the engine, parsed includes, the site's topics) serves the next batch too, and
    nothing read in the parent travels with them."""
    (tmp_path / "_posts").mkdir()
    rules = jekyll_rules(tmp_path, tmp_path / "_posts")
    rules.memo["read"] = "in the parent"
    first = pickle.loads(pickle.dumps(rules))
    second = pickle.loads(pickle.dumps(rules))
    assert first.memo is second.memo and "read" not in first.memo
    (tmp_path / "_includes").mkdir()
    (tmp_path / "_includes" / "new.md").write_text("new\n", encoding="utf-8")  # new rules
    other = pickle.loads(pickle.dumps(jekyll_rules(tmp_path, tmp_path / "_posts")))
    assert other.memo is not first.memo


def test_an_edit_of_an_article_collection_leaves_the_fingerprint(tmp_path: Path) -> None:
    """A collection the site's feed lists is articles, like posts: its files stay out of
    the digest of what Liquid reads (the config's fingerprint), so editing one renders
    that one; a collection that is no article stays in it."""
    root = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "jekyll" / "collections", root)

    def inputs() -> str:
        return jekyll_rules(root, root / "_posts").liquid_inputs

    before = inputs()
    assert "releases" in jekyll_rules(root, root / "_posts").collections
    with (root / "_releases" / "2024-03-02-v1.0-released.md").open("a", encoding="utf-8") as f:
        f.write("\nA correction.\n")
    assert inputs() == before
    with (root / "_talks" / "2024-02-03-talk.md").open("a", encoding="utf-8") as f:
        f.write("\nA correction.\n")
    assert inputs() != before


def _listing_site(root: Path, *, through_include: bool) -> None:
    """A site whose newest post lists every post's title (directly, or through an
    include rendered once per build), and two other posts."""
    (root / "_posts").mkdir(parents=True)
    (root / "_includes").mkdir()
    (root / "_config.yml").write_text("title: T\nurl: https://t.example\n", encoding="utf-8")
    loop = "{% for p in site.posts %}[{{ p.title }}] {% endfor %}"
    (root / "_includes" / "all.html").write_text(loop + "\n", encoding="utf-8")
    body = "{% include all.html %}" if through_include else loop
    (root / "_posts" / "2024-03-01-index.md").write_text(
        f"---\ntitle: Index\n---\nAll: {body}\n", encoding="utf-8"
    )
    for day, title in (("01", "Alpha"), ("02", "Beta")):
        (root / "_posts" / f"2024-02-{day}-{title.lower()}.md").write_text(
            f"---\ntitle: {title}\n---\nText.\n", encoding="utf-8"
        )


def _index_content(feed: str) -> str:
    items = json.loads(feed)
    return next(i["content_html"] for i in items["items"] if i["title"] == "Index")


@pytest.mark.parametrize("through_include", [False, True], ids=["body", "include"])
def test_a_post_listing_the_posts_follows_every_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, through_include: bool
) -> None:
    """A body that loops over ``site.posts`` shows what the other posts are now: a
    retitled, a new and a removed post each render it again (the other posts are no
    part of the config's fingerprint, so this is the body's own dependency)."""
    root = tmp_path / "site"
    _listing_site(root, through_include=through_include)
    build_feed = _switched(root, monkeypatch)

    def build() -> str:
        return _index_content(build_feed())

    assert "All: [Index] [Beta] [Alpha]" in build()  # newest first, as Jekyll lists them
    alpha = root / "_posts" / "2024-02-01-alpha.md"
    alpha.write_text("---\ntitle: Aleph\n---\nText.\n", encoding="utf-8")
    assert "All: [Index] [Beta] [Aleph]" in build()
    (root / "_posts" / "2024-02-03-gamma.md").write_text(
        "---\ntitle: Gamma\n---\nText.\n", encoding="utf-8"
    )
    assert "All: [Index] [Gamma] [Beta] [Aleph]" in build()
    alpha.unlink()
    assert "All: [Index] [Gamma] [Beta]</p>" in build()
