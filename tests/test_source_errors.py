"""Bad sources: one clear line per problem naming file and line; nothing published is lost."""

from __future__ import annotations

import pytest

GOOD = {"title": "Good", "id": "urn:x:good", "date": "2026-01-01"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: x\n", "content/n/bad.md:1: error: no front matter: start the file with a '---' line"),
        ("---\ntitle: x\n", "content/n/bad.md:1: error: front matter is not closed: add a '---' line"),
        ("---\ntitle: [a\n---\n", "content/n/bad.md:3: error: invalid front matter: "),  # then libyaml's words
        ("---\na: &a [1, *a]\n---\n", "content/n/bad.md:2: error: invalid front matter: an alias inside its own anchor"),
        ("---\n- a\n---\n", "content/n/bad.md:2: error: front matter must be 'key: value' lines"),
        ("---\ndate: 2026-01-01\n---\n", "content/n/bad.md: error: missing required field 'title'"),
        ("---\ntitle: ''\ndate: 2026-01-01\n---\n", "content/n/bad.md:2: error: 'title' is empty"),
        ("---\ntitle: [a, b]\ndate: 2026-01-01\n---\n", "content/n/bad.md:2: error: 'title' must be text, got a list"),
        ("---\ntitle: x\n---\n", "content/n/bad.md: error: no date: add a date field"),
        ("---\ntitle: x\ndate: yes\n---\n", "content/n/bad.md:3: error: 'date': expected a date, got bool True"),
        ("---\ntitle: x\ndate: 2026-02-30 10:00\n---\n", "content/n/bad.md:3: error: 'date': impossible date '2026-02-30 10:00': February 2026 has 28 days"),
        ("---\ntitle: x\ndate: 2026-02-30\n---\n", "content/n/bad.md:3: error: invalid front matter: impossible date '2026-02-30': February 2026 has 28 days"),
        ("---\ntitle: x\ndate: 2026-01-01T25:00\n---\n", "content/n/bad.md:3: error: 'date': impossible date '2026-01-01T25:00': hour 25 is out of range (0-23)"),
        ("---\ntitle: x\ndate: soon\n---\n", "content/n/bad.md:3: error: 'date': cannot read date 'soon'"),
        ("---\ntitle: x\ndate: 2026-01-01\ntags: 5\n---\n", "content/n/bad.md:4: error: 'tags' must be a list of text, got a number"),
        ("---\ntitle: x\ndate: 2026-01-01\ndraft: maybe\n---\n", "content/n/bad.md:4: error: 'draft' must be true or false"),
        ("---\ntitle: x\ndate: 2026-01-01\nid: not an iri\n---\n", "content/n/bad.md:4: error: 'id' must be an absolute IRI"),
        ("---\ntitle: x\ndate: 2026-01-01\nauthor: {name: A, email: nope}\n---\n", "content/n/bad.md:4: error: 'author' email must be an address"),
        ("---\ntitle: x\ndate: 2026-01-01\nlink: 'javascript:alert(1)'\n---\n", "content/n/bad.md:4: error: 'link' must be an http(s) URL"),
    ],
)  # fmt: skip
def test_bad_front_matter_is_one_line_naming_file_and_line(site, text, expected):
    site.article("n/good.md", GOOD)
    site.build()
    before = site.files()
    (site.content / "n" / "bad.md").write_text(text, encoding="utf-8")
    result = site.run("build")
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected), lines[0]
    assert "Traceback" not in result.output
    assert site.files() == before  # nothing published is lost


def test_every_bad_file_is_reported_in_one_run(site):
    site.article("n/good.md", GOOD)
    (site.content / "n" / "a.md").write_text("no front matter", encoding="utf-8")
    (site.content / "n" / "b.md").write_text("---\ntitle: b\n---\n", encoding="utf-8")
    result = site.run("build")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
        "content/n/a.md",
        "content/n/b.md",
    ]
    assert not site.out.exists()


def test_keep_going_publishes_the_rest_and_still_fails(site):
    site.article("n/good.md", GOOD)
    (site.content / "n" / "bad.md").write_text("oops", encoding="utf-8")
    result = site.run("build", "--keep-going")
    assert result.exit_code == 1
    assert "content/n/bad.md:1: error:" in result.stderr
    assert b"urn:x:good" in site.feed("n", "rss.xml")


def test_unknown_field_is_a_warning_naming_file_and_line(site):
    site.article("n/good.md", "title: Good\nid: urn:x:g\ndate: 2026-01-01\ncolour: blue")
    result = site.run("build")
    assert result.exit_code == 0
    assert result.stderr == "content/n/good.md:5: warning: unknown field 'colour' is ignored\n"


def test_duplicate_ids_and_slugs_name_both_files(site):
    site.article("n/a.md", {"title": "A", "id": "urn:x:same", "date": "2026-01-01"})
    site.article("n/b.md", {"title": "B", "id": "urn:x:same", "date": "2026-01-02"})
    site.article("n/c.md", {"title": "C", "id": "urn:x:c", "date": "2026-01-02", "slug": "a"})
    result = site.run("build")
    assert result.exit_code == 1
    assert "content/n/b.md: error: id 'urn:x:same' is also used by content/n/a.md" in result.stderr
    assert "content/n/c.md: error: slug 'a' in 'N' is also used by content/n/a.md" in result.stderr


def test_undecodable_bytes_name_the_byte_offset(site):
    site.article("n/good.md", GOOD)
    (site.content / "n" / "latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    result = site.run("build")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "content/n/latin1.md: error: not valid UTF-8 at byte 14 (save the file as UTF-8)"
    )


def test_bom_crlf_and_utf16_sources_work(site):
    text = "---\r\ntitle: Bom\r\nid: urn:x:bom\r\ndate: 2026-01-01\r\n---\r\nBody\r\n"
    (site.content / "n").mkdir()
    (site.content / "n" / "bom.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (site.content / "n" / "u16.md").write_bytes(text.replace("bom", "u16").encode("utf-16"))
    site.build()
    data = site.feed("n", "rss.xml")
    assert b"urn:x:bom" in data and b"urn:x:u16" in data


def test_xml_illegal_characters_are_removed_with_a_warning(site, check_feed):
    (site.content / "n").mkdir()
    (site.content / "n" / "c.md").write_text(
        '---\ntitle: "Bell\x07 "\nid: urn:x:c\ndate: 2026-01-01\n---\nNul\x00 here \ufffe\n',
        "utf-8",
    )
    result = site.run("build")
    assert result.exit_code == 0, result.output
    assert (
        "content/n/c.md:2: warning: removed 1 character(s) XML cannot carry (U+0007)"
        in result.stderr
    )
    assert "content/n/c.md:6: warning: removed 2 character(s)" in result.stderr
    assert check_feed(site.feed("n", "rss.xml")).entries[0].title == "Bell"
