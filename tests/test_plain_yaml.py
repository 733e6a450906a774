"""The plain front-matter reader agrees with libyaml whenever it answers at all."""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

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


# Scalars built from the pieces YAML 1.1's implicit types are made of (signs, digits,
# underscores, points, exponents, base prefixes, base-60 colons, date and time
# separators, zones, the boolean and null words), so that most examples are numbers,
# dates or near misses of them: where the plain reader types a scalar itself it must
# type it as PyYAML does.
_PIECES = st.sampled_from(
    [
        "0", "1", "7", "9", "12", "59", "60", "2026", "_", ".", "-", "+", "e", "E", "e+",
        "e-", "0b", "0x", "0o", "ff", ":", "T", "t", " ", "  ", "Z", "z", "inf", "Inf",
        "INF", "nan", "NaN", ".inf", ".nan", "yes", "No", "ON", "off", "true", "False", "y",
        "null", "Null", "~", "<<", "=", "a", "2026-10-31", "19:43:22", "+01:00", "-05",
        "2026-1-5", "00:00:00",
    ]
)  # fmt: skip


@st.composite
def _timestamps(draw: st.DrawFn) -> str:
    """A date, or a date and time with or without a fraction and a zone, as YAML 1.1
    writes them; at most one of its numbers a digit short or long (a near miss)."""
    # Each number's widths and its largest value (mostly in range: a date datetime
    # refuses is libyaml's to judge, and would test nothing).
    widths = {"year": (4,), "month": (1, 2), "day": (1, 2), "hour": (1, 2), "minute": (2,)}
    widths |= {"second": (2,), "zone_hour": (1, 2), "zone_minute": (2,)}
    top = {"year": 9999, "month": 12, "day": 28, "hour": 23, "minute": 59, "second": 59}
    top |= {"zone_hour": 23, "zone_minute": 59}
    wrong = draw(st.sampled_from([None, None, "separator", *widths]))

    def number(name: str) -> str:
        ok = widths[name]
        width = draw(st.sampled_from([min(ok) - 1, max(ok) + 1] if name == wrong else ok))
        value = str(draw(st.integers(1 if name in ("year", "month", "day") else 0, top[name])))
        return value.zfill(width)[-width:] if width else ""

    day = f"{number('year')}-{number('month')}-{number('day')}"
    if wrong in (None, "year", "month", "day") and draw(st.booleans()):
        return day
    text = day + draw(st.sampled_from([""] if wrong == "separator" else ["T", "t", " ", "  "]))
    text += f"{number('hour')}:{number('minute')}:{number('second')}"
    text += draw(st.sampled_from(["", ".", ".5", ".123456", ".12345678"]))
    zone = draw(
        st.sampled_from(
            ["+", "-"] if wrong in ("zone_hour", "zone_minute") else ["", "Z", "+", "-"]
        )
    )
    if zone in ("+", "-"):
        minute = ":" + number("zone_minute")
        zone += number("zone_hour") + (
            minute if wrong == "zone_minute" else draw(st.sampled_from(["", minute]))
        )
    return text + draw(st.sampled_from(["", " "])) + zone


_SCALAR = st.one_of(
    st.lists(_PIECES, min_size=1, max_size=7).map("".join),
    st.from_regex(r"[-+.]?[0-9][0-9_:.]{0,7}(?:[eE][-+]?[0-9]{1,2})?", fullmatch=True),
    _timestamps(),
)


@SETTINGS
@given(_timestamps())
def test_timestamps_are_typed_as_pyyaml_types_them(scalar: str) -> None:
    plain = plain_front_matter(f"date: {scalar}", first_line=2)
    if plain is not None:
        assert _shape(plain[0]) == _shape(_libyaml(f"date: {scalar}")[0]), scalar  # type: ignore[index]


@SETTINGS
@given(_SCALAR)
@example("190:20:30")
@example("1:60")
@example("1:5:9")
@example("09")
@example("0b2")
@example("190:20:30.15")
@example("-0b1_0")
@example("0x_")
@example("2026-10-31 19:43:22.1234567 -5")
@example("2026-10-31T19:43:22+24:00")
@example("1_000.5e+3")
@example("+.inf")
@example("-.inf")
@example("0" * 5000)
def test_scalars_are_typed_as_pyyaml_types_them(scalar: str) -> None:
    for text in (f"title: {scalar}", f"tags: [{scalar}, x]", f"a: {{b: {scalar}}}", f"{scalar}: x"):
        plain = plain_front_matter(text, first_line=2)
        if plain is None:
            continue  # libyaml decides
        expected = _libyaml(text)
        assert not isinstance(expected, SourceError), f"libyaml rejects {text!r}: {expected}"
        assert _shape(plain[0]) == _shape(expected[0]), text


@pytest.mark.parametrize(
    "scalar, value",
    [
        ("2026-10-31", date(2026, 10, 31)),
        ("2026-10-31T19:43:22+01:00", datetime.fromisoformat("2026-10-31T19:43:22+01:00")),
        ("2026-10-31 19:43:22", datetime(2026, 10, 31, 19, 43, 22)),
        ("2026-10-31t19:43:22.5Z", datetime.fromisoformat("2026-10-31T19:43:22.500+00:00")),
        ("1_000", 1000), ("0x1F", 31), ("017", 15), ("0b101", 5), ("190:20:30", 685230),
        ("+1.5", 1.5), ("1.5e+3", 1500.0), (".inf", math.inf), ("yes", True), ("Off", False),
        ("~", None), ("null", None), ("1e3", "1e3"), ("0o17", "0o17"), ("2026-1-5", "2026-1-5"),
    ],
)  # fmt: skip
def test_yaml_rules_for_plain_scalars(scalar: str, value: object) -> None:
    """Our YAML rules as PyYAML gives them (YAML 1.1): dates, timestamps with or without a
    zone, booleans, base-2/8/16/60 numbers, and what stays text."""
    plain = plain_front_matter(f"x: {scalar}", first_line=2)
    assert plain is not None
    assert _shape(plain[0]["x"]) == _shape(value)
    assert _shape(_libyaml(f"x: {scalar}")[0]["x"]) == _shape(value)  # type: ignore[index]


_REAL_SITES = Path(__file__).parent / "front_matter"


@pytest.mark.parametrize("lines", sorted(_REAL_SITES.glob("*.txt")), ids=lambda p: p.stem)
def test_plain_reader_agrees_with_libyaml_on_real_sites(lines: Path) -> None:
    """Front-matter lines of real Hugo, Jekyll and Pelican sites, one of each shape
    (bench/front_matter_lines.py writes them), each read as a front matter of its own:
    where the plain reader answers, its fields are PyYAML's."""
    answered = 0
    for line in lines.read_text(encoding="utf-8").splitlines():
        plain = plain_front_matter(line, first_line=2)
        if plain is None:
            continue
        answered += 1
        expected = _libyaml(line)
        assert not isinstance(expected, SourceError), f"libyaml rejects {line!r}: {expected}"
        assert _shape(plain[0]) == _shape(expected[0]), line
        assert plain[1] == expected[1]
    assert answered, "the plain reader answered none of these lines"
