"""Hugo content adapters (``_content.gotmpl``): a switched site's feed holds the pages
its adapters add, as Hugo's own feed does.

Each folder of tests/adapters/ is a small Hugo site with adapters (etcd-io/website's as
it is, the example of Hugo's documentation over local data, and one using much of the
template language), beside ``old-feed.xml``: Hugo's own feed of it (Hugo 0.168), made
again with ``--update-goldens`` when a Hugo binary is found (``$HUGO``, else ``hugo`` on
the PATH); CI has none, so the feeds are committed. The switch is the README's: ``init
--like hugo``, ``pin-ids --from-feed old-feed.xml``, ``build``; then every item of
Hugo's feed must be in ours with its link, id, title and date, and no other item.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from publisher.cli import cli
from publisher.generators.gotemplate import TemplateError, Unsupported, execute, parse
from tests.conftest import parse_feed

CASES = Path(__file__).parent / "adapters"
# Hugo's dateless pages carry the year 1; publisher dates them 1970 (docs/migrating/hugo.md).
PUBLISHER_ZERO = datetime(1970, 1, 1, tzinfo=UTC)


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _hugo() -> str | None:
    return os.environ.get("HUGO") or shutil.which("hugo")


def _items(data: bytes) -> dict[str, tuple[str, str, datetime]]:
    """An RSS feed's items: link -> (title, guid, date)."""
    root = etree.fromstring(data)
    found = {}
    for item in root.iter("item"):
        written = item.findtext("pubDate") or ""
        # (the year 1 as Hugo writes it: email.utils would read 0001 as 2001)
        date = PUBLISHER_ZERO if " 0001 " in written else parsedate_to_datetime(written)
        found[item.findtext("link") or ""] = (
            item.findtext("title") or "",
            item.findtext("guid") or "",
            date,
        )
    return found


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_adapter_pages_come_out_as_hugo_lists_them(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_goldens: bool
) -> None:
    source = CASES / case
    if update_goldens:
        hugo = _hugo()
        if hugo is None:
            pytest.skip("--update-goldens needs Hugo ($HUGO or hugo on the PATH)")
        out = tmp_path / "hugo-public"
        subprocess.run(
            [hugo, "--quiet", "--noBuildLock", "-s", str(source), "-d", str(out)],
            check=True,
            capture_output=True,
        )
        shutil.copy(out / "index.xml", source / "old-feed.xml")
    root = tmp_path / case
    shutil.copytree(source, root)
    monkeypatch.chdir(root)
    init = _run("init", "--like", "hugo")
    assert init.exit_code == 0, init.output
    pinned = _run("pin-ids", "--from-feed", "old-feed.xml")
    assert pinned.exit_code == 0, pinned.output
    built = _run("build")
    assert built.exit_code == 0, built.output
    assert "content adapter" not in built.output, built.output
    again = _run("build")
    assert again.exit_code == 0 and again.output == "", again.output
    ours_data = (root / "feeds" / "all" / "rss.xml").read_bytes()
    parse_feed(ours_data, name=f"{case} rss.xml")
    hugo_items = _items((root / "old-feed.xml").read_bytes())
    ours = _items(ours_data)
    assert sorted(ours) == sorted(hugo_items)
    for link, (title, guid, date) in hugo_items.items():
        assert ours[link] == (title, guid, date), link


def _site(tmp_path: Path, adapter: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Hugo site with one file page and ``adapter`` in content/news/, switched."""
    root = tmp_path / "site"
    (root / "content" / "news").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://site.example/"\ntitle = "Site"\n')
    (root / "content" / "news" / "hello.md").write_text(
        "---\ntitle: Hello\ndate: 2024-01-02T00:00:00Z\n---\nHi.\n"
    )
    (root / "content" / "news" / "_content.gotmpl").write_text(adapter)
    monkeypatch.chdir(root)
    assert _run("init", "--like", "hugo").exit_code == 0
    return root


def test_an_adapter_needing_the_network_warns_once_and_the_rest_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = (
        '{{ $u := "https://api.github.com/repos/gohugoio/hugo/releases" }}\n'
        "{{ with resources.GetRemote $u }}\n"
        '  {{ range . | transform.Unmarshal }}{{ $.AddPage (dict "path" .name) }}{{ end }}\n'
        "{{ end }}\n"
    )
    root = _site(tmp_path, adapter, monkeypatch)
    built = _run("build")
    assert built.exit_code == 0, built.output
    lines = built.output.splitlines()
    warned = [line for line in lines if "content adapter" in line]
    assert warned == [
        "content/news/_content.gotmpl:2: warning: content adapter not run, its pages left out: "
        "resources.GetRemote fetches from the network"
    ], built.output
    rss = (root / "feeds" / "all" / "rss.xml").read_text()
    assert "<title>Hello</title>" in rss
    assert _run("build").output == ""  # told once


def test_an_edited_adapter_and_what_it_reads_are_noticed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = (
        '{{ range readDir "data/items" }}'
        '{{ $t := readFile (printf "data/items/%s" .Name) | strings.TrimSpace }}'
        '{{ $.AddPage (dict "path" (path.BaseName .Name) "title" $t '
        '"dates" (dict "date" (time.AsTime "2024-02-01T00:00:00Z"))) }}{{ end }}'
    )
    root = _site(tmp_path, adapter, monkeypatch)
    items = root / "data" / "items"
    items.mkdir(parents=True)
    (items / "one.txt").write_text("First item\n")
    assert _run("build").exit_code == 0
    rss = root / "feeds" / "all" / "rss.xml"
    assert "<title>First item</title>" in rss.read_text()
    assert _run("build").output == ""
    (items / "two.txt").write_text("Second item\n")  # a new file in a folder it lists
    assert _run("build").exit_code == 0
    assert "<title>Second item</title>" in rss.read_text()
    (items / "one.txt").write_text("First item, renamed\n")  # a file it read
    assert _run("build").exit_code == 0
    assert "<title>First item, renamed</title>" in rss.read_text()
    adapter_file = root / "content" / "news" / "_content.gotmpl"
    adapter_file.write_text(adapter.replace('"title" $t', '"title" (upper $t)'))
    assert _run("build").exit_code == 0
    assert "<title>SECOND ITEM</title>" in rss.read_text()
    adapter_file.unlink()  # its pages go with it
    assert _run("build").exit_code == 0
    assert "SECOND ITEM" not in rss.read_text()
    assert "<title>Hello</title>" in rss.read_text()


def test_files_outside_the_site_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "secret.txt").write_text("secret")
    root = _site(tmp_path, '{{ $.AddPage (dict "path" (readFile "../secret.txt")) }}', monkeypatch)
    built = _run("build")
    assert built.exit_code == 0
    assert "../secret.txt: outside the site's folder" in built.output
    assert "secret" not in (root / "feeds" / "all" / "rss.xml").read_text().replace("Secret", "")


# The template language, over plain data: (template, expected output).
TEMPLATES = [
    ("{{ 1 }} {{ \"a\" }} {{ true }} {{ nil }}", "1 a true "),
    ("{{- /* comment */ -}} x {{- 2 -}} y", "x2y"),
    ("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}", "2"),
    ("{{ range $i, $e := slice \"a\" \"b\" }}{{ $i }}{{ $e }};{{ end }}", "0a;1b;"),
    ("{{ range slice }}x{{ else }}empty{{ end }}", "empty"),
    ("{{ range $k, $v := dict \"b\" 2 \"a\" 1 }}{{ $k }}={{ $v }} {{ end }}", "a=1 b=2 "),
    ("{{ range 3 }}{{ . }}{{ if eq . 1 }}{{ break }}{{ end }}{{ end }}", "01"),
    ("{{ if eq 1 2 }}a{{ else if eq 1 1 }}b{{ else }}c{{ end }}", "b"),
    ("{{ with \"\" }}a{{ else with \"z\" }}{{ . }}{{ end }}", "z"),
    ("{{ and 1 0 2 }} {{ or 0 \"\" 3 }} {{ not 0 }}", "0 3 true"),
    ("{{ printf \"%s-%03d-%v-%q\" \"a\" 7 (slice 1 2) \"q\" }}", "a-007-[1 2]-\"q\""),
    ("{{ len \"héllo\" }} {{ index (dict \"k\" (slice 5 6)) \"k\" 1 }}", "6 6"),
    ("{{ strings.Replace \"a.b.c\" \".\" \"-\" }} {{ \"x.txt\" | strings.TrimSuffix \".txt\" }}", "a-b-c x"),
    ("{{ strings.TrimSuffix \".txt\" \"x.txt\" }} {{ replaceRE \"^(a)(b)\" \"$2$1\" \"abc\" }}", "x bac"),
    ("{{ (dict \"a\" (dict \"b\" 3)).a.b }} {{ $d := dict \"x\" 1 }}{{ $d.x }}", "3 1"),
    ("{{ path.Join \"a\" \"b/../c\" }} {{ path.Ext \"f.tar.gz\" }} {{ path.Base \"/x/y\" }}", "a/c .gz y"),
    ("{{ add 1 2 }} {{ sub 5 2 }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 3 }}", "3 3 6 3 1"),
    ("{{ (transform.Unmarshal `{\"a\": [1, 2]}`).a }}", "[1 2]"),
    ("{{ (transform.Unmarshal \"a = 'b'\").a }} {{ (transform.Unmarshal \"x: y\").x }}", "b y"),
    ("{{ first 2 (slice 1 2 3) }} {{ last 1 (slice 1 2 3) }} {{ in (slice 1 2) 2 }}", "[1 2] [3] true"),
    ("{{ default \"d\" \"\" }} {{ delimit (slice \"a\" \"b\") \", \" }}", "d a, b"),
]  # fmt: skip


@pytest.mark.parametrize(("template", "expected"), TEMPLATES)
def test_template_language(template: str, expected: str, tmp_path: Path) -> None:
    from publisher.generators.hugo_functions import SiteFolder, hugo_functions

    functions = hugo_functions(SiteFolder(tmp_path), lambda text: text)
    assert execute(parse(template), {}, functions) == expected


@pytest.mark.parametrize(
    ("template", "error", "message"),
    [
        ("{{ if true }}", TemplateError, "has no {{ end }}"),
        ('{{ partial "x" . }}', Unsupported, "function 'partial' is not supported"),
        ('{{ define "x" }}{{ end }}', Unsupported, "another template"),
        ("{{ range 2000000 }}{{ end }}", TemplateError, "loop iterations"),
        ("{{ $x = 1 }}", TemplateError, "undefined variable: $x"),
        ("x\n{{ nope }}", Unsupported, "'nope'"),
    ],
)
def test_template_errors(template: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        execute(parse(template), {}, {})
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ('{{ $s := "ab" }}{{ range 100 }}{{ $s = add $s $s }}{{ end }}', "characters"),
        ("{{ $l := slice 1 }}{{ range 100 }}{{ $l = append $l $l }}{{ end }}", "items"),
        ('{{ strings.Repeat 100000 (strings.Repeat 100000 "x") }}', "too long"),
        ('{{ printf "%999999999d" 1 }}', "width"),
        ("{{ $m := dict }}{{ range 40 }}{{ $m = dict \"a\" $m \"b\" $m }}{{ end }}{{ jsonify $m }}",
         "values written out"),
    ],
)  # fmt: skip
def test_values_cannot_outgrow_our_limits(template: str, message: str, tmp_path: Path) -> None:
    from publisher.generators.hugo_functions import SiteFolder, hugo_functions

    with pytest.raises(TemplateError, match=message):
        execute(parse(template), {}, hugo_functions(SiteFolder(tmp_path), lambda text: text))


def test_a_reference_to_an_adapter_page_finds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter = (
        '{{ $.AddPage (dict "path" "Made Page" "title" "Made" "slug" "made-here" '
        '"dates" (dict "date" (time.AsTime "2024-01-01T00:00:00Z"))) }}'
    )
    root = _site(tmp_path, adapter, monkeypatch)
    (root / "content" / "news" / "hello.md").write_text(
        '---\ntitle: Hello\ndate: 2024-01-02T00:00:00Z\n---\nSee [it]({{< ref "made-page" >}}).\n'
    )
    built = _run("build")
    assert built.exit_code == 0, built.output
    assert "no such page" not in built.output
    assert (
        "https://site.example/news/made-here/" in (root / "feeds" / "all" / "rss.xml").read_text()
    )


def test_page_ids_must_be_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(tmp_path, "", monkeypatch)
    config = root / "publisher.toml"
    config.write_text(config.read_text() + '\n[page_ids]\n"news/a.md" = "not an id"\n')
    built = _run("build")
    assert built.exit_code == 1
    assert "page_ids.news/a.md: 'not an id' is no IRI" in built.output


_PIECES = st.sampled_from(
    ["{{", "}}", "{{-", "-}}", " ", "$x", ":=", "=", "(", ")", "|", ".", ".A", '"s"', "`r`",
     "1", "-2", "if", "else", "end", "range", "with", "break", "dict", "slice", "printf",
     "eq", "and", "/*", "*/", "\n", "$", ",", "len", "index", "x"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_template_text_runs_or_fails_cleanly(text: str) -> None:
    """Whatever an adapter holds, reading and running it ends in output or a
    TemplateError (Unsupported is one), never another exception."""
    from publisher.generators.hugo_functions import SiteFolder, hugo_functions

    functions = hugo_functions(SiteFolder(CASES), lambda text: text)
    with contextlib.suppress(TemplateError):
        execute(parse(text), {}, functions)
