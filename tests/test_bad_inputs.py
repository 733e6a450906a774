"""Untrusted sources, one file each, through `publisher build` (issue #6).

Each ``tests/bad_inputs/NAME.md`` is copied byte for byte to ``content/x/NAME.md``
beside a good article, and built. ``NAME.expected`` holds the exact stderr lines
(empty: a silent build); any ``error:`` line means exit 1, else exit 0.
``NAME.html``, when present, is the sanitized HTML of the item's content (compared as
``tests/html_shape.shape`` reads it: how a library writes it down does not matter).
For markup so broken that the sanitizer's HTML parser decides what is left (nh3
releases differ on CDATA outside svg, on math, on noscript), ``NAME.keeps`` lists
instead what our policy keeps whatever the release: each line's elements must be in
the content and its text in some text of it; the rest is only checked to be safe.

Whatever the input: no traceback; a refused build leaves the published feeds as they
were; an accepted one writes only inside the output folder, with safe slugs, and
every feed parses with feedparser and passes our validator with no finding, with
nothing executable left in any item's content.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from publisher.validate import validate_bytes
from tests.conftest import parse_feed
from tests.html_shape import shape

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(path.stem for path in CORPUS.glob("*.md"))
GOOD = "---\ntitle: Good\nid: urn:x:good\ndate: 2026-01-01\n---\nGood body.\n"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
UNSAFE = re.compile(
    r"<script|<style|<iframe|<object|<embed|<form|<svg|<math|javascript:|vbscript:|data:"
    r"|\son[a-z]+\s*=",
    re.IGNORECASE,
)


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 40
    assert all((CORPUS / f"{name}.expected").exists() for name in CASES)


def _build_beside_a_good_one(site, name: str) -> tuple[Any, dict[str, bytes], list[str]]:
    """Build a good article, then with the case beside it: the second build's result,
    what the first published, and the stderr lines expected."""
    (site.content / "x").mkdir()
    (site.content / "x" / "good.md").write_text(GOOD, encoding="utf-8")
    site.build()
    before = site.files()
    (site.content / "x" / f"{name}.md").write_bytes((CORPUS / f"{name}.md").read_bytes())
    expected = (CORPUS / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    return site.run("build"), before, expected


@pytest.mark.parametrize("name", CASES)
def test_bad_input(site, name):
    result, before, expected = _build_beside_a_good_one(site, name)

    assert _matches(result.stderr.splitlines(), expected), (result.stderr, expected)
    assert "Traceback" not in result.output
    refused = any(" error: " in line or line.startswith("error: ") for line in expected)
    assert result.exit_code == (1 if refused else 0), result.output
    if refused:
        assert site.files() == before  # nothing published is lost
        return

    out = site.out.resolve()
    written = [path for path in site.out.rglob("*") if path.is_file()]
    assert all(path.resolve().is_relative_to(out) for path in written)
    for path in written:
        if path.parent != site.out:
            category = path.relative_to(site.out).parts[0]
            assert SLUG.fullmatch(category) and len(category) <= 80, category
    contents = []
    for path in written:
        rel = path.relative_to(site.out).as_posix()
        if path.suffix == ".xml":
            parsed = parse_feed(path.read_bytes(), name=rel)
            contents += [c.value for e in parsed.entries for c in e.get("content", [])]
        elif path.name == "feed.json":
            report = validate_bytes(path.read_bytes(), name=rel)
            assert not [str(p) for p in report.problems if p.severity.value != "info"]
    assert contents and not [c for c in contents if UNSAFE.search(c)]

    fragment, keeps = CORPUS / f"{name}.html", CORPUS / f"{name}.keeps"
    if fragment.exists() or keeps.exists():
        atom = parse_feed(site.feed("all", "atom.xml"))
        (item,) = [e for e in atom.entries if e.id != "urn:x:good"]
        content = shape(item.content[0].value)
    if fragment.exists():
        assert content == shape(fragment.read_text(encoding="utf-8"))
    if keeps.exists():
        texts = [token[1] for token in content if token[0] == "text"]
        for line in keeps.read_text(encoding="utf-8").splitlines():
            for token in shape(line):
                if token[0] == "text":
                    assert any(token[1].strip() in text for text in texts), (token, content)
                else:
                    assert token in content, (token, content)


def _matches(lines: list[str], expected: list[str]) -> bool:
    """Line by line equal, a trailing '…' in ``expected`` matching one line's rest."""
    if len(lines) != len(expected):
        return False
    return all(
        line.startswith(want[:-1]) and len(line) > len(want[:-1])
        if want.endswith("…")
        else line == want
        for line, want in zip(lines, expected, strict=True)
    )


# Inputs that are not one file's bytes: the file system, limits, and reader bugs.


def test_unreadable_file_is_an_error_naming_it(site, monkeypatch):
    import builtins

    site.article("x/good.md", GOOD.split("---")[1])
    site.article("x/locked.md", {"title": "L", "id": "urn:x:l", "date": "2026-01-01"})
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):  # tests run as root: chmod would not stop us
        if str(file).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    result = site.run("build", "--no-cache")
    assert result.exit_code == 1
    assert result.stderr == "content/x/locked.md: error: cannot read: Permission denied\n"
    assert not site.out.exists()


def test_symlinks_outside_and_to_folders_are_skipped_with_a_warning(site, tmp_path):
    site.article("x/good.md", GOOD.split("---")[1])
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\nid: urn:x:secret\ndate: 2026-01-01\n---\nS\n")
    (site.content / "x" / "escape.md").symlink_to(secret)
    (site.content / "x" / "loop").symlink_to(site.content / "x", target_is_directory=True)
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "content/x/escape.md: warning: symlink points outside the content folder: skipped",
        "content/x/loop: warning: symlink to a folder: skipped (its files are read where they are)",
    ]
    assert b"Secret" not in site.feed("all", "rss.xml")


def test_a_source_over_the_size_limit_is_an_error_naming_the_size(site):
    site.config(
        'title = "T"\nbase_url = "https://site.example"\nmax_source_bytes = 100\n'
        '[author]\nname = "Desk"\n'
    )
    site.article("x/big.md", {"title": "B", "id": "urn:x:b", "date": "2026-01-01"}, "b" * 200)
    result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr == "content/x/big.md: error: file is 250 bytes, over the limit of 100\n"


def test_a_bug_in_a_reader_costs_one_file_not_the_build(site, monkeypatch):
    from publisher.sources.markdown import MarkdownReader

    site.article("x/good.md", GOOD.split("---")[1])
    site.article("x/boom.md", {"title": "B", "id": "urn:x:b", "date": "2026-01-01"})
    real_read = MarkdownReader.read

    def read(self, text, *, path, **kwargs):
        if path.endswith("boom.md"):
            raise KeyError("oops")
        return real_read(self, text, path=path, **kwargs)

    monkeypatch.setattr(MarkdownReader, "read", read)
    monkeypatch.delenv("PUBLISHER_DEBUG", raising=False)
    result = site.run("build", "--keep-going")
    assert result.exit_code == 1
    assert result.stderr == (
        "content/x/boom.md: error: internal error reading this file: KeyError: 'oops'\n"
    )
    assert b"urn:x:good" in site.feed("x", "rss.xml")


def test_a_bug_in_normalize_costs_one_file_not_the_build(site, monkeypatch):
    import publisher.normalize

    site.article("x/good.md", GOOD.split("---")[1])
    site.article("x/boom.md", {"title": "B", "id": "urn:x:b", "date": "2026-01-01"})

    def broken(doc):
        if doc.path.endswith("boom.md"):
            raise ZeroDivisionError("division by zero")
        return None

    monkeypatch.setattr(publisher.normalize, "_check_body", broken)
    monkeypatch.delenv("PUBLISHER_DEBUG", raising=False)
    result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr == (
        "content/x/boom.md: error: internal error reading this file: "
        "ZeroDivisionError: division by zero\n"
    )


@pytest.mark.parametrize(("first", "second"), [("C++", "C"), ("Tech!", "tech"), ("Ça va", "ca-va")])
def test_two_category_names_with_one_slug_warn_naming_both(site, first, second):
    site.article(
        "a/one.md", {"title": "1", "id": "urn:x:1", "date": "2026-01-01", "category": first}
    )
    site.article(
        "b/two.md", {"title": "2", "id": "urn:x:2", "date": "2026-01-02", "category": second}
    )
    result = site.run("build")
    assert result.exit_code == 0, result.output
    slug = second.lower()
    shown = second[:1].upper() + second[1:] if second.islower() else second  # as published
    assert result.stderr == (
        f"content/b/two.md: warning: category {shown!r} has the same feed slug {slug!r} as "
        f"{first!r} (in content/a/one.md): both go into one feed; rename one\n"
    )
    parsed = parse_feed(site.feed(slug, "atom.xml"))
    assert sorted(t.term for e in parsed.entries for t in e.tags) == sorted([first, shown])


def test_names_differing_only_in_case_are_one_category_without_warning(site):
    site.article("business/a.md", {"title": "1", "id": "urn:x:1", "date": "2026-01-01"})
    site.article(
        "x/b.md", {"title": "2", "id": "urn:x:2", "date": "2026-01-02", "category": "BUSINESS"}
    )
    result = site.run("build")
    assert result.exit_code == 0 and result.stderr == ""
    parsed = parse_feed(site.feed("business", "atom.xml"))
    # One display name for both (which one wins is unify_categories' rule, not ours here).
    assert len({t.term for e in parsed.entries for t in e.tags}) == 1


_LIMIT_CASES = [name for name in CASES if name.startswith("body_")]


@pytest.mark.parametrize("flavour", ["commonmark", "goldmark", "kramdown"])
@pytest.mark.parametrize("name", _LIMIT_CASES)
def test_a_body_over_a_limit_gets_the_same_error_in_every_flavour(site, name, flavour):
    """publisher's limits are checked before any renderer: the site's flavour of
    Markdown (markdown-it-py for these) changes no word of the message, nor its line."""
    assert len(_LIMIT_CASES) >= 5
    toml = (site.root / "publisher.toml").read_text(encoding="utf-8")
    (site.root / "publisher.toml").write_text(f'markdown = "{flavour}"\n' + toml, "utf-8")
    result, before, expected = _build_beside_a_good_one(site, name)
    assert result.stderr.splitlines() == expected
    assert result.exit_code == 1 and site.files() == before
