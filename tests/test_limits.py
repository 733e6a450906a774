"""publisher's own limits (publisher/limits.py): each rule, its fast check against a
plain reference implementation, the HTML rule against a real HTML5 parser (nh3), and
the libraries at each limit, so the limits sit below where any installed release
misbehaves and above what real sources hold."""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import nh3
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from publisher import limits
from publisher.errors import SourceError
from publisher.limits import (
    DATA_NESTING,
    FORMATTING_COPIES,
    FRONT_MATTER_CHARS,
    HTML_NESTING,
    MARKDOWN_NESTING,
    PAGE_NESTING,
    bracket_units,
    check_front_matter,
    check_html,
    check_json,
    check_markdown,
    data_depth,
    html_depth,
    html_walk,
    line_depth,
)
from publisher.render.renderer import Renderer, new_engine
from publisher.render.settings import MarkdownSettings, flavour_defaults
from publisher.sources.base import ReaderOptions
from publisher.sources.scraped.html import scrape_html
from tests.test_render import _article

REPO = Path(__file__).resolve().parent.parent
T = TypeVar("T")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


# --- The rules, by example -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "depth"),
    [
        ("text", 0),
        ("- item", 1),
        ("    - item", 2),
        ("\t\t- item", 3),
        ("> > quote", 2),
        (">>> quote", 3),
        ("- > - > x", 5),  # four markers, and four blanks are a level
        ("1. one", 1),
        ("12) twelve", 1),
        ("1234567890. too long for a marker", 0),
        (": definition", 1),
        ("-not a marker", 0),
        ("--- rule", 0),
        ("* * *", 3),
        ("        code", 2),
        ("-", 1),
    ],
)
def test_line_depth(line, depth):
    assert line_depth(line) == depth


def test_markdown_nesting_is_refused_from_the_first_line_over_the_limit():
    ok = "".join(f"{'    ' * n}- x\n" for n in range(MARKDOWN_NESTING))
    assert check_markdown(ok) is None
    too_deep = ok + "    " * MARKDOWN_NESTING + "- x\n" + "    " * 80 + "- y\n"
    exceeded = check_markdown(too_deep)
    assert exceeded is not None
    assert exceeded.line == MARKDOWN_NESTING + 1
    assert exceeded.message == (
        f"lists, quotes or indentation nested {MARKDOWN_NESTING + 1} levels deep "
        f"(at most {MARKDOWN_NESTING}): flatten them"
    )
    assert check_markdown(">" * (MARKDOWN_NESTING + 1) + " quote") is not None


def test_brackets_count_per_paragraph_and_per_list_item():
    assert bracket_units("a [x]\nb [y]\n\n- [1]\n- [2]\n    - [3]\ncont [4]\n\ntext\n- [5]") == [
        (2, 1), (1, 4), (1, 5), (2, 6), (1, 9),
    ]  # fmt: skip
    many_items = "\n".join(f"- [link {n}](https://x.example/{n})" for n in range(3000))
    assert check_markdown(many_items) is None  # a release's changelog: items parse one by one
    one_paragraph = "Intro.\n" + many_items  # no blank line: Python-Markdown's one paragraph
    exceeded = check_markdown(one_paragraph)
    assert exceeded is not None and exceeded.line == 1
    assert "with 3000 '['" in exceeded.message


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("<div><p>a<p>b<ul><li>x<li>y</ul></div>", 3),  # div, ul, li
        ("<table><tr><td>a<td>b<tr><td>c</table>", 4),  # table, tbody, tr, td
        ("<p><b title=1>x<p><b title=2>y", 3),  # both b are reopened in the second p
        ("<div><b></div>" * 5, 6),
        ("<svg><path/><path/><g><path/></g></svg>", 2),
        ("<svg/><div><div>", 2),
        ("<svg><g><div><path/>", 2),  # div leaves svg: the path is HTML, opened
        ("<a>x<a>y<a>z", 1),
        ("<span>" * 10, 10),
        ("<textarea><div><div></textarea>", 0),
        ("<!-- <div><div> --><div>", 1),
        ('<div title="<div><div>">', 1),
        ('<div a"><div><div>', 3),  # a quote inside a name is no value: three divs
        ("x < y and <3", 0),
        ("<br><img src=x><hr/>", 0),
        (
            "<form><form><div></form><div>",
            3,
        ),  # the second form is ignored; </form> leaves divs in it
        ("<form></form><form><div>", 3),  # </form> leaves the form open in the tree
    ],
)
def test_html_depth(html, depth):
    assert html_depth(html, limit=10**9)[0] == depth


def test_html_nesting_is_refused_at_the_line_it_goes_over():
    page = "<html><body>\n" + "<div>\n" * PAGE_NESTING + "<div>\n" + "</div>" * 130
    assert check_html(page) is None  # as a body: HTML_NESTING
    exceeded = check_html(page, PAGE_NESTING)
    assert exceeded is not None
    assert exceeded.line == PAGE_NESTING + 2
    assert exceeded.message == (
        f"HTML elements nested more than {PAGE_NESTING} levels deep: close some"
    )
    assert check_html("<p>" + "<li>x" * 10_000) is None  # siblings, however many


@pytest.mark.parametrize(
    ("text", "syntax", "depth"),
    [
        ('{"a": [[1], {"b": "[[[["}]}', "json", 3),
        ('{"a": "\\"[[[["}', "json", 1),
        ("a = [[1], {b = '[[['}]\n", "toml", 2),
        ('a.b.c = """\n[[[[\n"""\n', "toml", 2),
        ("x = 1.5  # [[[[\n", "toml", 1),
        ("a: [[1], {b: '[[['}]\n", "yaml", 2),
        ("a:\n  b:\n    c: 1\n", "yaml", 2),
        ("a:\n- - - x\n", "yaml", 3),
        ('t: "[Draft] x"\n', "yaml", 0),
        ("t: it's [x\n", "yaml", 1),  # a quote inside plain text opens no string
        ("t: a # [[[\n", "yaml", 0),
    ],
)
def test_data_depth(text, syntax, depth):
    assert data_depth(text, syntax, limit=10**9)[0] == depth


def test_front_matter_size_and_nesting():
    assert check_front_matter("title: x\n" * 10, "yaml") is None
    big = "t: " + "x" * FRONT_MATTER_CHARS
    exceeded = check_front_matter(big, "yaml")
    assert exceeded is not None and exceeded.line == 1
    assert exceeded.message == (
        f"front matter is {len(big)} characters (at most {FRONT_MATTER_CHARS}): "
        "keep long text in the body"
    )
    deep = "title: x\ntags: " + "[" * (DATA_NESTING + 1) + "]" * (DATA_NESTING + 1)
    exceeded = check_front_matter(deep, "yaml")
    assert exceeded is not None and exceeded.line == 2
    assert exceeded.message == f"front matter nested more than {DATA_NESTING} levels deep"
    assert check_front_matter("Title: x\n" * 10, "pelican") is None
    assert check_json("[" * (DATA_NESTING + 1)) is not None
    assert check_json("[" * DATA_NESTING) is None


# --- Fast checks equal plain reference implementations ----------------------------------


def _reference_line_depth(line: str) -> int:
    markers = columns = i = 0
    while i < len(line):
        char = line[i]
        blank_after = i + 1 == len(line) or line[i + 1] in " \t"
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4
        elif char == ">" or (char in "-*+:" and blank_after):
            markers += 1
        elif "0" <= char <= "9":
            end = i
            while end < len(line) and "0" <= line[end] <= "9":
                end += 1
            after = end + 1 == len(line) or (end + 1 < len(line) and line[end + 1] in " \t")
            if end - i > 9 or end == len(line) or line[end] not in ".)" or not after:
                break
            markers += 1
            i = end
        else:
            break
        i += 1
    return markers + columns // 4


def _reference_markdown_nesting(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.split("\n"), start=1):
        depth = _reference_line_depth(line)
        if depth > MARKDOWN_NESTING:
            return depth, number
    return None


def _repeated(pieces: list[str], longest: int) -> st.SearchStrategy[str]:
    return st.lists(
        st.tuples(st.sampled_from(pieces), st.integers(0, longest)).map(lambda p: p[0] * p[1]),
        max_size=6,
    ).map("".join)


_MARKDOWN_LINE = st.tuples(
    _repeated([" ", "\t", "    ", ">", "> ", "- ", "* ", "+ ", "1. ", "2) ", ": ", "-", "12"], 40),
    st.sampled_from(["", "x", "[a](b)", "- ", "1.", "<div>", '<div markdown="1">']),
).map("".join)


@SETTINGS
@given(st.lists(_MARKDOWN_LINE, max_size=8).map("\n".join))
def test_markdown_nesting_check_equals_the_reference(text):
    # Too few '[' and tags here for the other two rules: the verdict is the nesting's.
    exceeded = check_markdown(text)
    expected = _reference_markdown_nesting(text)
    if expected is None:
        assert exceeded is None
    else:
        depth, line = expected
        assert exceeded is not None and exceeded.line == line
        assert exceeded.message.startswith(f"lists, quotes or indentation nested {depth} levels")


@SETTINGS
@given(st.lists(_MARKDOWN_LINE, max_size=8).map("\n".join))
def test_line_depth_equals_the_reference(text):
    for line in text.split("\n"):
        assert line_depth(line) == _reference_line_depth(line)


def _reference_units(text: str) -> list[tuple[int, int]]:
    def item(line: str) -> bool:
        if line.startswith("\t"):  # a tab, then at most three spaces
            rest = line[1:]
            spaces, most = len(rest) - len(rest.lstrip(" ")), 3
        else:
            rest = line
            spaces, most = len(line) - len(line.lstrip(" ")), 7
        if spaces > most:
            return False
        rest = rest[spaces:]
        if rest[:1] in ("-", "*", "+"):
            return rest[1:2] in (" ", "\t")
        digits = len(rest) - len(rest.lstrip("0123456789"))
        after = rest[digits : digits + 2]
        return 1 <= digits <= 9 and after[:1] == "." and after[1:] in (" ", "\t")

    def raw_start(line: str) -> str | None:
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) > 3:
            return None
        for name in ("script", "style"):
            if stripped.lower().startswith("<" + name) and stripped[
                len(name) + 1 : len(name) + 2
            ] in ("", "\t", "\n", "\f", "\r", " ", "/", ">"):
                return name
        return None

    lines = text.split("\n")
    units: list[tuple[int, int]] = []
    current: list[int] | None = None  # [count, first line, in a list]
    index = 0
    while index < len(lines):
        line = lines[index]
        name = raw_start(line)
        ends = (
            [i for i in range(index, len(lines)) if "</" + name in lines[i].lower()] if name else []
        )
        if ends:
            if current:
                units.append((current[0], current[1]))
            current = None
            index = ends[0] + 1
            continue
        if line.strip(" \t") == "":
            if current:
                units.append((current[0], current[1]))
            current = None
        elif current is None:
            current = [line.count("["), index + 1, item(line)]
        elif current[2] and item(line):
            units.append((current[0], current[1]))
            current = [line.count("["), index + 1, True]
        else:
            current[0] += line.count("[")
        index += 1
    if current:
        units.append((current[0], current[1]))
    return units


_BRACKET_LINE = st.tuples(
    st.sampled_from(["", "  ", "    ", "\t", "\t   ", "\t    ", "        ", "\t\t", " \t"]),
    st.sampled_from(
        [
            "",
            "- ",
            "* ",
            "+ ",
            "1. ",
            "12. ",
            "1) ",
            "-",
            "<script>",
            "<style x>",
            "</script>",
            "text ",
        ]
    ),
    st.integers(0, 400).map(lambda n: "[" * n),
    st.sampled_from(["", " end", "</script>", "</STYLE>"]),
).map("".join)


@SETTINGS
@given(st.lists(_BRACKET_LINE, max_size=14).map("\n".join))
def test_bracket_units_equal_the_reference(text):
    assert bracket_units(text) == _reference_units(text)
    over = [line for count, line in _reference_units(text) if count > limits.BRACKETS_PER_PARAGRAPH]
    exceeded = check_markdown(text)
    assert (exceeded.line if exceeded else None) == (over[0] if over else None)


_TAG = st.sampled_from(
    [
        *("div", "span", "p", "li", "ul", "b", "i", "a", "table", "tr", "td", "svg", "path"),
        *("form", "textarea", "script", "font", "select", "option", "template", "button"),
        *("dd", "em"),
    ]
)
_HTML_TOKEN = st.one_of(
    _TAG.map(lambda t: f"<{t}>"),
    _TAG.map(lambda t: f"</{t}>"),
    _TAG.map(lambda t: f"<{t}/>"),
    st.tuples(_TAG, st.integers(0, 3)).map(lambda p: f'<{p[0]} title="{p[1]}">'),
    st.sampled_from(["x", "<!-- c -->", "<font color=red>", "\n", "<", "<!--", '"', "'"]),
)
_HTML = st.lists(st.tuples(_HTML_TOKEN, st.integers(1, 150)), max_size=12).map(
    lambda runs: "".join(token * count for token, count in runs)
)


@SETTINGS
@given(_HTML, st.sampled_from([PAGE_NESTING, HTML_NESTING]))
def test_html_check_equals_the_full_walk(text, limit):
    """The counts that rule most texts out agree with walking every tag."""
    walk = html_walk(text, 10**9, copies_limit=None)
    exceeded = check_html(text, limit)
    over = walk.depth > limit or walk.copies > FORMATTING_COPIES
    assert (exceeded is not None) == over
    if exceeded is not None and walk.depth > limit:
        assert exceeded.line == html_depth(text, limit)[1]


def _tree_depth(serialized: str) -> int:
    """Depth of nh3's output: every element but void ones is closed there."""
    deepest = depth = position = 0
    lowered = serialized.lower()
    while (lt := lowered.find("<", position)) >= 0:
        end = lowered.find(">", lt)
        tag = lowered[lt + 1 : end]
        position = end + 1
        name = tag.lstrip("/").split()[0] if tag.strip("/") else ""
        if tag.startswith("/"):
            depth -= 1
        elif name and name not in limits._VOID:
            depth += 1
            deepest = max(deepest, depth)
            if name in limits._RAW_TEXT or name in ("plaintext",):
                close = lowered.find("</" + name, position)
                position = len(lowered) if close < 0 else close
    return deepest


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_HTML_TOKEN, max_size=120).map("".join))
def test_no_html5_parser_nests_deeper_than_the_html_rule_says(text):
    """The oracle: html5ever (nh3), given the same markup with these tags allowed, builds a
    tree at most one level deeper than html_depth counts (a raw text element's own level)."""
    allowed = {"div", "span", "p", "li", "ul", "b", "i", "a", "table", "tr", "td", "tbody"}
    allowed |= {"svg", "path", "form", "textarea", "font", "select", "option", "template"}
    allowed |= {"button", "dd", "em"}
    ours = html_depth(text, limit=10**9)[0]
    built = nh3.clean(text, tags=allowed, attributes={"*": {"title"}}, clean_content_tags=set())
    assert _tree_depth(built) <= ours + 1


_JSON_TOKEN = st.sampled_from(["[", "]", "{", "}", '"', '\\"', "\\\\", "x", ",", ":", "\n", " "])
_TOML_TOKEN = st.sampled_from(
    ["[", "]", "{", "}", '"', "'", '"""', "'''", "\\", ".", "#", "x", "=", "\n", " "]
)
_YAML_TOKEN = st.sampled_from(
    ["[", "]", "{", "}", '"', "'", "\\", "#", "x", ",", ": ", ":", "- ", "? ", "\n", " ", "  "]
)


def _runs(token: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(token, st.integers(1, 40)), max_size=20).map(
        lambda runs: "".join(t * n for t, n in runs)
    )


def _reference_json_depth(text: str) -> int:
    depth = deepest = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
        i += 1
    return deepest


def _reference_toml_depth(text: str) -> int:
    depth = dots = deepest = 0
    i = 0
    while i < len(text):
        quote = next((q for q in ('"""', "'''", '"', "'") if text.startswith(q, i)), None)
        if quote is not None:
            i += len(quote)
            while i < len(text) and not text.startswith(quote, i):
                if len(quote) == 1 and text[i] == "\n":
                    break  # a one-line string ends with its line
                if quote[0] == '"' and text[i] == "\\":
                    if len(quote) == 1 and text[i + 1 : i + 2] == "\n":
                        i += 1
                        break
                    i += 1
                i += 1
            if i < len(text) and text[i] != "\n":
                i += len(quote)
            continue
        char = text[i]
        if char == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        if char == "\n":
            dots = 0
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char in "[{.":
            depth += char != "."
            dots += char == "."
            deepest = max(deepest, depth + dots)
        i += 1
    return deepest


def _reference_yaml_depth(text: str) -> int:
    def levels(at: int) -> int:  # blanks, then '- ', '? ', ': ' indicators
        end = at
        while end < len(text) and text[end] == " ":
            end += 1
        while text[end : end + 1] in ("-", "?", ":") and text[end + 1 : end + 2] in (
            "",
            " ",
            "\t",
            "\n",
        ):
            end += 1
            while text[end : end + 1] in (" ", "\t"):
                end += 1
        return (end - at) // 2

    def opens_string(at: int, line_start: int, in_flow: bool) -> bool:
        before = text[line_start:at]
        rest = before.lstrip(" \t")
        while rest[:1] in ("-", "?", ":") and rest[1:2] in (" ", "\t"):
            rest = rest[1:].lstrip(" \t")
        if not rest:
            return True  # at the line's start, after its indicators
        stripped = before.rstrip(" \t")
        if in_flow and stripped[-1:] in ("[", "{", ","):
            return True
        return stripped[-1:] == ":" and (in_flow or len(stripped) < len(before))

    depth = line_start = i = 0
    indent = deepest = levels(0)
    while i < len(text):
        char = text[i]
        if char == "\n":
            line_start = i + 1
            indent = levels(i + 1)
            deepest = max(deepest, depth + indent)
        elif char == "#" and (i == 0 or text[i - 1] in " \t\n"):
            while i + 1 < len(text) and text[i + 1] != "\n":
                i += 1
        elif char in "\"'" and opens_string(i, line_start, depth > 0):
            i += 1
            while i < len(text):
                escaped = char == '"' and text[i] == "\\"
                if escaped or (text[i] == char == "'" and text[i + 1 : i + 2] == "'"):
                    i += 2
                elif text[i] == char:
                    break
                else:
                    i += 1
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth + indent)
        elif char in "]}":
            depth = max(0, depth - 1)
        i += 1
    return deepest


@SETTINGS
@given(_runs(_JSON_TOKEN))
def test_json_depth_equals_the_reference(text):
    assert data_depth(text, "json", limit=10**9)[0] == _reference_json_depth(text)
    assert (check_json(text) is None) == (_reference_json_depth(text) <= DATA_NESTING)


@SETTINGS
@given(_runs(_TOML_TOKEN))
def test_toml_depth_equals_the_reference(text):
    assert data_depth(text, "toml", limit=10**9)[0] == _reference_toml_depth(text)
    verdict = check_front_matter(text, "toml")
    assert (verdict is None) == (_reference_toml_depth(text) <= DATA_NESTING)


@SETTINGS
@given(_runs(_YAML_TOKEN))
def test_yaml_depth_equals_the_reference(text):
    assert data_depth(text, "yaml", limit=10**9)[0] == _reference_yaml_depth(text)
    verdict = check_front_matter(text, "yaml")
    assert (verdict is None) == (_reference_yaml_depth(text) <= DATA_NESTING)


def _value_depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_value_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_value_depth(v) for v in value), default=0)
    return 0


_VALUES = st.recursive(
    st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(min_size=1, max_size=4), inner, max_size=3),
    ),
    max_leaves=40,
)


@SETTINGS
@given(_VALUES, st.sampled_from([False, True, None]), st.integers(2, 6))
def test_the_data_rule_bounds_what_yaml_and_json_build(value, flow, indent):
    """The oracles: libyaml and json build values no deeper than data_depth says (YAML's
    block style at most twice as deep: a list under a key takes no indentation)."""
    as_json = json.dumps(value)
    assert data_depth(as_json, "json", limit=10**9)[0] == _value_depth(value)
    as_yaml = yaml.safe_dump({"k": value}, default_flow_style=flow, indent=indent)
    built = _value_depth(yaml.load(as_yaml, Loader=yaml.CSafeLoader)) - 1
    assert built <= 2 * data_depth(as_yaml, "yaml", limit=10**9)[0] + 1


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_gets_a_verdict_not_a_crash(text):
    for check in (check_markdown, check_html, check_json):
        check(text)
    for syntax in ("yaml", "toml", "json", "pelican"):
        check_front_matter(text, syntax)  # type: ignore[arg-type]


# --- Each library at the limit -----------------------------------------------------------


def _with_stack(frames: int, call: Callable[[], T]) -> T:
    """``call()`` run ``frames`` Python frames deep: a build renders from well inside its
    own calls, and Python-Markdown gives up nesting 100 frames short of the limit."""
    if frames <= 0:
        return call()
    return _with_stack(frames - 1, call)


_BUILD_STACK = 150  # a build renders about 60 frames deep; pool workers less


def _deepest(make: Callable[[int], str]) -> int:
    """The largest n for which make(n) is within MARKDOWN_NESTING by line_depth."""
    return max(n for n in range(1, 2 * MARKDOWN_NESTING) if line_depth(make(n)) <= MARKDOWN_NESTING)


_SHAPES: dict[str, tuple[Callable[[int], str], str]] = {
    "lists": (lambda n: "    " * (n - 1) + "- x", "<ul>"),
    "ordered lists": (lambda n: "    " * (n - 1) + "1. x", "<ol>"),
    "quotes": (lambda n: ">" * n + " x", "<blockquote>"),
    "quotes in lists": (lambda n: "- >" * n + " x", "<blockquote>"),
    "lists on one line": (lambda n: "* + " * n + "x", "<ul>"),
}


@pytest.mark.parametrize("flavour", ["python-markdown", "commonmark", "goldmark", "kramdown"])
@pytest.mark.parametrize("name", list(_SHAPES))
def test_markdown_renders_every_level_at_the_limit(name, flavour):
    """Each flavour's library keeps every level up to the limit: markdown-it-py's own
    nesting limit, for one, drops what lies deeper without a word."""
    make, tag = _SHAPES[name]
    n = _deepest(make)
    if name in ("lists", "ordered lists"):  # nested by indentation, one line a level
        body = "\n".join(make(k) for k in range(1, n + 1)) + "\n"
        levels = n
    else:
        body = make(n) + "\n"
        levels = n * (2 if name == "lists on one line" else 1)  # '* + ': two lists
    assert check_markdown(body) is None
    assert check_markdown(body.replace(make(n), make(n + 1))) is not None
    engine = new_engine(flavour_defaults(flavour))
    html = _with_stack(_BUILD_STACK, lambda: engine.convert(body))
    assert html.count(tag) == levels, name
    assert html.count("x") == body.count("x"), name  # no text lost, the deepest's too


def test_markdown_in_html_and_lists_at_their_limits_together():
    """md_in_html recurses per level of HTML, lists per level of nesting: both at their
    limit, Python-Markdown keeps every level (the HTML it makes is then over ours)."""
    lists = "".join(f"{'    ' * n}- x\n" for n in range(MARKDOWN_NESTING))
    body = '<div markdown="1">\n' * PAGE_NESTING + "\n" + lists + "\n" + "</div>\n" * PAGE_NESTING
    assert check_markdown(body) is None
    html = _with_stack(_BUILD_STACK, lambda: new_engine(MarkdownSettings()).convert(body))
    assert html.count("<div>") == PAGE_NESTING
    assert html.count("<ul>") == MARKDOWN_NESTING
    assert check_markdown('<div markdown="1">\n' + body) is not None


def test_nh3_keeps_every_level_at_the_limit():
    nested = "<div>" * HTML_NESTING + "deep" + "</div>" * HTML_NESTING
    assert check_html(nested) is None
    assert "deep" in Renderer().render(_article(body_format="html"), nested).content_html
    # Each <b> is copied into every paragraph after it: n of them make n(n+1)/2 elements.
    most = max(n for n in range(1000) if n * (n - 1) // 2 <= FORMATTING_COPIES)
    body = "".join(f'<p><b title="{n}">x' for n in range(most))
    assert check_html(body) is None
    cleaned = Renderer().render(_article(body_format="html"), body).content_html
    assert cleaned.count("<b ") == most * (most + 1) // 2
    exceeded = check_html(body + '<p><b title="one more">x')
    assert exceeded is not None and exceeded.message == (
        "HTML formatting elements (b, i, a, font...) left open, which every block after "
        f"them repeats, more than {FORMATTING_COPIES} times: close them"
    )


def test_a_scraped_page_at_the_limit_keeps_its_deepest_text():
    """libxml2 drops, silently, what lies deeper than 255 (256 in older releases)."""
    words = "Words that make this a paragraph of real text, long enough to count as prose."
    page = (
        "<html><head><title>Deep</title></head><body><article><h1>Deep</h1>"
        f"<p>{words}</p>" + "<div>" * (PAGE_NESTING - 6) + f"<p>Innermost. {words}</p>"
        "</article></body></html>"
    )
    assert check_html(page) is None
    root = lxml_html.document_fromstring(page)
    assert "Innermost" in root.text_content()
    doc = _with_stack(
        _BUILD_STACK,
        lambda: scrape_html(page, path="p.html", rel="p.html", options=ReaderOptions()),
    )
    assert "Innermost" in doc.body
    quotes = page.replace("<div>", "<blockquote>")  # each one a level of Markdown too
    with pytest.raises(SourceError) as caught:
        _with_stack(
            _BUILD_STACK,
            lambda: scrape_html(quotes, path="p.html", rel="p.html", options=ReaderOptions()),
        )
    assert caught.value.message.startswith("the page's text: lists, quotes or indentation")
    too_deep = page.replace("<article>", "<article>" + "<div>" * 10)
    with pytest.raises(SourceError) as caught:
        scrape_html(too_deep, path="p.html", rel="p.html", options=ReaderOptions())
    assert caught.value.message == (
        f"HTML elements nested more than {PAGE_NESTING} levels deep: close some"
    )


def test_front_matter_parsers_at_the_limit():
    flow = "[" * DATA_NESTING + "1" + "]" * DATA_NESTING
    assert check_front_matter(f"a: {flow}\n", "yaml") is None
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):  # libyaml, and PyYAML without it
        value = _with_stack(_BUILD_STACK, lambda loader=loader: yaml.load(f"a: {flow}", loader))
        assert _value_depth(value["a"]) == DATA_NESTING
    block = (
        "".join(f"{'  ' * n}k{n}:\n" for n in range(DATA_NESTING)) + "  " * DATA_NESTING + "x: 1"
    )
    assert check_front_matter(block, "yaml") is None
    assert _value_depth(yaml.load(block, yaml.SafeLoader)) == DATA_NESTING + 1
    assert check_front_matter(f"a = {flow}\n", "toml") is None
    assert _with_stack(_BUILD_STACK, lambda: tomllib.loads(f"a = {flow}"))["a"]
    assert check_front_matter(f'{{"a": {flow}}}', "json") is not None  # the object is a level
    assert check_json(flow) is None
    assert _with_stack(_BUILD_STACK, lambda: json.loads(flow))


# --- Real sources -----------------------------------------------------------------------


def _meant_to_go_over(path: Path) -> bool:
    """A case of tests/bad_inputs that exists to go over one of the limits."""
    expected = path.with_suffix(".expected")
    return expected.is_file() and (
        "levels deep" in (said := expected.read_text(encoding="utf-8")) or "(at most" in said
    )


def test_no_real_source_in_the_repository_is_over_a_limit():
    """Every source the repository holds (the sample site, the golden cases, the Hugo,
    Jekyll and Pelican sites, the scraped pages and the templating corpus) passes."""
    from publisher.sources.frontmatter import detect

    checked = 0
    for path in sorted([*REPO.glob("content/**/*"), *REPO.glob("tests/**/*")]):
        if not path.is_file() or path.suffix not in (".md", ".markdown", ".html", ".htm"):
            continue
        if _meant_to_go_over(path):
            continue
        text = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
        kind = detect(text.split("\n", 1)[0])
        if path.suffix in (".html", ".htm") and kind is None:
            assert check_html(text) is None, path
        elif kind == "yaml":
            front, _, body = text[4:].partition("\n---\n")
            assert check_front_matter(front, "yaml") is None, path
            assert check_markdown(body) is None, path
        else:
            assert check_markdown(text) is None, path
        checked += 1
    assert checked > 200


def test_the_module_names_each_number_once():
    source = (REPO / "publisher" / "limits.py").read_text(encoding="utf-8")
    names = ("MARKDOWN_NESTING", "HTML_NESTING", "PAGE_NESTING", "DATA_NESTING")
    for name in (*names, "FRONT_MATTER_CHARS", "BRACKETS_PER_PARAGRAPH", "FORMATTING_COPIES"):
        assert source.count(f"{name} = ") == 1, name
    assert sys.getrecursionlimit() >= 1000  # what the limits were measured against
