"""The plain front-matter reader agrees with libyaml whenever it answers at all."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from publisher.errors import SourceError
from publisher.sources.libyaml import parse_with_libyaml
from publisher.sources.plainyaml import plain_front_matter

SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_KEYS = st.sampled_from(
    [
        "title", "date", "id", "tags", "summary", "draft", "a-b", "_x", "x_1", "Title",
        "yes", "No", "on", "OFF", "true", "null", "Null", "y", "n", "inf", "nan", "e1",
    ]
)  # fmt: skip
_VALUES = st.sampled_from(
    [
        "", " ", "plain words", "Hello, world", 'He said "hi"', "café ß 東京", "x:y", "http://a.example/b",
        "2026-10-31T19:43:22+01:00", "2026-10-31 19:43:22 +01:00", "2026-10-31", "2026-02-30",
        "2026-10-31T19:43:22Z", "2026-10-31t19:43:22.5-05:30", "2001-12-14 21:59:43.10 -5",
        "12", "-5", "+5", "0o17", "017", "0x1F", "0b101", "1_000", "190:20:30", "1e3", "1.5e3",
        "1.", ".5", ".inf", "-.inf", ".NaN", "~", "null", "NULL", "yes", "No", "on", "true",
        "True", "=", "<<", "a: b", "a:", "a #c", "a#c", "#c", "&a x", "*a", "!tag x", "!!str 1",
        "| x", "> x", "%x", "@x", "`x", "- x", "-x", "?x", ": x", "...", "---", "a\tb",
        '"quoted"', '"a\\"b"', '"a\\nb"', '"a # b"', '""', "'single'", "'it''s'", "''",
        "'a\" b'", '"a\' b"', '"x" y', "'x' y", "[]", "[ ]", "[a, b]", "[a,b]", "[ a , b ]",
        "[1, x, 2020-01-01]", "[a,]", "[a, , b]", "[a b, c]", "[a: b]", "[a, [b]]", "[a] x",
        "[économie]", "[yes, ~, 1.5]", "{a: 1}", "{}", "[\"a\"]", "['a']", "[a #b]", "[&x a]",
        '{name: "José Núñez", email: "j@x.example"}', "{a: 1, b: yes}", "{a: 1,}", "{a:1}",
        "{a: }", "{yes: 1}", "{a: b, a: c}", '{a: "x, y"}', "{a: [b]}", "{a: {b: c}}", "{ }",
        '{a: "b" , c: d }', "{a: b c}", "{a: 2026-01-01}", "{a: b # c}", "{a: -1}", "{a: b}}",
        '{a: "b"c}', "{a: 'b'}", "{a: ~, b: .inf}", "{a: b,c: d}", "{, a: b}",
        "a\u2028b", "a\x85b", "\ufeffx", "a\x7fb", "a\x00b", "a\ud800b",
    ]
)  # fmt: skip
_SEPARATORS = st.sampled_from([": ", ":  ", ":", ": \t", " : ", ":\t"])
_LINE = st.one_of(
    st.tuples(_KEYS, _SEPARATORS, st.one_of(_VALUES, st.text(max_size=20))).map("".join),
    st.sampled_from(["", "  ", "# comment", "  indented: x", "- item", "---", "...", "\t"]),
)
# Lines shaped like the ones the plain reader takes, so most examples reach the comparison.
_PLAIN_LINE = st.tuples(_KEYS, st.just(": "), _VALUES).map("".join)
_TEXT = st.one_of(st.lists(_LINE, max_size=8), st.lists(_PLAIN_LINE, min_size=1, max_size=4)).map(
    "\n".join
)


def _shape(value: object) -> object:
    """A value with its type made visible (True == 1, and aware datetimes compare by
    instant; NaN never equals itself)."""
    if isinstance(value, dict):
        return ("dict", [(_shape(k), _shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_shape(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    if isinstance(value, datetime | date):
        return (type(value).__name__, repr(value))
    return (type(value).__name__, value)


def _libyaml(text: str) -> tuple[dict[str, object], dict[str, int]] | SourceError:
    try:
        return parse_with_libyaml(text, "x.md", first_line=2)
    except SourceError as exc:
        return exc


@SETTINGS
@given(_TEXT)
@example("title: x\ntitle: y\ndate: 2026-01-01")
@example('title: "People 市場"\ntags: [économie]\nauthor: "Mateusz Wiśniewski"')
def test_plain_reader_agrees_with_libyaml(text: str) -> None:
    plain = plain_front_matter(text, first_line=2)
    if plain is None:
        return  # libyaml decides
    expected = _libyaml(text)
    assert not isinstance(expected, SourceError), f"libyaml rejects {text!r}: {expected}"
    assert _shape(plain[0]) == _shape(expected[0])
    assert plain[1] == expected[1]


@pytest.mark.parametrize(
    "text",
    [
        # The bench corpus's front matter, and lines as Hugo and Jekyll sites keep them.
        'title: "People 市場 students"\nid: "tag:bench.example,2026-10-31:people"\n'
        "date: 2026-10-31T19:43:22+01:00\ncategory: Technology\ntags: [économie]\n"
        'author: "Mateusz Wiśniewski"',
        "title: 'A Hugo post'\ndate: 2024-03-01\ndraft: false\ntags: [go, hugo]",
        'author: {name: "Ana Souza", email: "ana.souza@bench.example"}\nid: x',
        "layout: post\ntitle: Jekyll post\ncategories: [news]\n\nsummary: Short, plain.",
    ],
)
def test_plain_reader_answers_for_common_front_matter(text: str) -> None:
    plain = plain_front_matter(text, first_line=2)
    assert plain is not None
    expected = _libyaml(text)
    assert not isinstance(expected, SourceError)
    assert _shape(plain[0]) == _shape(expected[0])
    assert plain[1] == expected[1]


@pytest.mark.parametrize(
    "text",
    [
        "title: x # comment", "date: 2026-02-30", "yes: x", "title: &a x", "title: |",
        "title: 'it''s'", 'title: "a\\tb"', "  title: x", "title: x\n  more", "# only a comment",
        "title:\tx", "tags: [a, [b]]", "title: a: b", "", "a: b\u2028c",
    ],
)  # fmt: skip
def test_plain_reader_hands_anything_unusual_to_libyaml(text: str) -> None:
    assert plain_front_matter(text, first_line=2) is None


_PRINTABLE = ((0x0A, 0x0A), (0x20, 0x7E), (0xA0, 0x2027), (0x202A, 0xD7FF), (0xE000, 0xFEFE), (0xFF00, 0xFFFD), (0x10000, 0x10FFFF))  # fmt: skip


def test_characters_outside_the_printable_set_go_to_libyaml() -> None:
    """Each code point outside YAML 1.1's printable set (and tab, CR, NEL, BOM, U+2028,
    U+2029, excluded here too) makes the plain reader give up; each range's ends and a
    sample of its inside it reads on."""
    ends = [-1, *(end for _, end in _PRINTABLE)]
    starts = [*(start for start, _ in _PRINTABLE), 0x110000]
    for gap_start, gap_end in zip(ends, starts, strict=True):
        for code in range(gap_start + 1, gap_end):
            assert plain_front_matter(f"title: a{chr(code)}b", first_line=2) is None, hex(code)
    for start, end in _PRINTABLE:
        for code in {start, end, *range(start, end, 4099)}:
            if chr(code) in "\n#:'\"" or (chr(code).isspace() and code != 0x20):
                continue  # a line break, comment, key or quote: other rules decide
            read = plain_front_matter(f"title: a{chr(code)}b", first_line=2)
            assert read is not None, hex(code)
