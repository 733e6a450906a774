"""Front matter as generators keep it: TOML, JSON and Pelican headers (YAML has its own
tests), unit cases plus hypothesis round trips, and untrusted text never crashing."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import UTC, date, datetime
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from publisher.errors import SourceError
from publisher.sources.base import ReaderOptions
from publisher.sources.frontmatter import detect
from publisher.sources.markdown import MarkdownReader


def _read(text: str):
    return MarkdownReader().read(text, path="post.md", rel="post.md", options=ReaderOptions())


def test_toml_front_matter_with_dates_lists_and_tables() -> None:
    doc = _read(
        '+++\ntitle = "Hello"\ndate = 2023-05-20T18:00:00+02:00\ntags = ["a", "b"]\n'
        "draft = false\n\n[params]\nweight = 3\n+++\n\nThe body.\n"
    )
    assert doc.fields["title"] == "Hello"
    assert doc.fields["date"] == datetime.fromisoformat("2023-05-20T18:00:00+02:00")
    assert doc.fields["tags"] == ["a", "b"]
    assert doc.fields["params"] == {"weight": 3}
    assert doc.field_lines == {"title": 2, "date": 3, "tags": 4, "draft": 5}
    assert doc.body == "\nThe body.\n"
    assert doc.body_line == 10


def test_json_front_matter() -> None:
    doc = _read('{\n  "title": "Hi",\n  "date": "2024-01-05",\n  "tags": ["x"]\n}\n\nBody.\n')
    assert doc.fields == {"title": "Hi", "date": "2024-01-05", "tags": ["x"]}
    assert doc.field_lines == {"title": 2, "date": 3, "tags": 4}
    assert doc.body == "\nBody.\n"


def test_pelican_header_keys_lowercased_lists_split_continuations_joined() -> None:
    doc = _read(
        "Title: My super title\nDate: 2010-12-03 10:20\nTags: thats, awesome\n"
        "Authors: Alexis Métaireau, Conan Doyle\nSummary: Short version\n"
        "    for the index.\n\nThis is the content.\n"
    )
    assert doc.fields == {
        "title": "My super title",
        "date": "2010-12-03 10:20",
        "tags": ["thats", "awesome"],
        "authors": ["Alexis Métaireau", "Conan Doyle"],
        "summary": "Short version\nfor the index.",
    }
    assert doc.field_lines["summary"] == 5
    assert doc.body == "This is the content.\n"
    assert doc.body_line == 8


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("+++\ntitle = 'x'\n", "front matter is not closed: add a '+++' line", 1),
        ("[1, 2]\n", "no front matter: start the file with a '---' line", 1),
        ("title: lowercase, YAML without its '---'\n", "no front matter", 1),
    ],
)
def test_broken_front_matter_is_one_error_with_its_line(text: str, message: str, line: int) -> None:
    with pytest.raises(SourceError) as caught:
        _read(text)
    assert caught.value.message.startswith(message)
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("text", "parse"),
    [
        ("+++\ntitle = \n+++\n", lambda: tomllib.loads("title = \n")),
        ('{\n  "title": "x",\n}\n', lambda: json.loads('{\n  "title": "x",\n}\n')),
        ('{"a": [1, 2]\n', lambda: json.loads('{"a": [1, 2]\n')),
    ],
)
def test_a_syntax_error_is_the_parsers_reason_on_its_line(text: str, parse: Any) -> None:
    """The reason and the place are the parser's (json's words changed in Python 3.13),
    said on one line: ours is the prefix and the line in the file."""
    with pytest.raises((tomllib.TOMLDecodeError, json.JSONDecodeError)) as library:
        parse()
    with pytest.raises(SourceError) as caught:
        _read(text)
    error = library.value
    if isinstance(error, json.JSONDecodeError):
        reason, line = error.msg, error.lineno
    else:
        found = re.search(r" \(at line (\d+), column \d+\)", str(error))
        assert found is not None
        reason, line = str(error).replace(found.group(), ""), 1 + int(found.group(1))
    assert caught.value.message == f"invalid front matter: {reason}"
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("first", "kind"),
    [("---", "yaml"), ("+++", "toml"), ("{", "json"), ('{"title": 1}', "json"),
     ("Title: Hi", "pelican"), ("Date: 2020-01-01", "pelican"), ("Note: hello", None),
     ("title: yaml without fence", None), ("# Heading", None), ("", None)],
)  # fmt: skip
def test_detect(first: str, kind: str | None) -> None:
    assert detect(first) == kind


_KEYS = st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True)
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
_SCALARS = st.one_of(
    _TEXT,
    st.integers(-(2**40), 2**40),
    st.booleans(),
    st.dates(min_value=date(1970, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
    ).map(lambda d: d.replace(microsecond=0)),
)
_FIELDS = st.dictionaries(_KEYS, st.one_of(_SCALARS, st.lists(_TEXT, max_size=4)))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


@given(fields=_FIELDS, body=st.text(max_size=200))
def test_toml_round_trip(fields: dict[str, object], body: str) -> None:
    front = "\n".join(f"{key} = {_toml_value(value)}" for key, value in fields.items())
    body = body.replace("\r", "")
    doc = _read(f"+++\n{front}\n+++\n{body}")
    assert doc.fields == fields
    assert set(doc.field_lines) == set(fields)
    assert doc.body == body


@given(fields=_FIELDS.map(lambda f: {k: v for k, v in f.items() if not isinstance(v, date)}),
       body=st.text(max_size=200))  # fmt: skip
def test_json_round_trip(fields: dict[str, object], body: str) -> None:
    body = body.replace("\r", "")
    front = json.dumps(fields, indent=2, ensure_ascii=False)
    doc = _read(f"{front}\n{body}")
    assert doc.fields == fields
    assert doc.body == body


_PELICAN_VALUE = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(lambda v: v and "," not in v)
)


@given(
    title=_PELICAN_VALUE,
    extra=st.dictionaries(st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True), _PELICAN_VALUE,
                          max_size=5),
    body=st.text(max_size=100),
)  # fmt: skip
def test_pelican_round_trip(title: str, extra: dict[str, str], body: str) -> None:
    extra = {k: v for k, v in extra.items() if k.lower() not in ("title", "tags", "authors")}
    header = [f"Title: {title}"] + [f"{key}: {value}" for key, value in extra.items()]
    body = body.replace("\r", "").lstrip("\n")
    doc = _read("\n".join(header) + "\n\n" + body)
    assert doc.fields == {"title": title, **{k.lower(): v for k, v in extra.items()}}
    assert doc.body == body


@given(text=st.text(max_size=300))
def test_any_text_is_front_matter_or_one_source_error(text: str) -> None:
    for opening in ("+++\n", "{", "Title: x\n", ""):
        try:
            doc = _read(opening + text)
        except SourceError as exc:
            assert exc.path == "post.md" and (exc.line is None or exc.line >= 1)
            continue
        assert isinstance(doc.fields, dict)


def test_yaml_still_parsed_with_its_own_checks() -> None:
    doc = _read("---\ntitle: x\n---\nbody\n")
    assert doc.fields == {"title": "x"}
    # Ordinary anchors are read (etcd's docs: `version: &vers v2.3` ... `linkTitle: *vers`);
    # aliases that blow the front matter up, or stand inside their own anchor, are not.
    assert _read("---\na: &x 1\nb: *x\n---\n").fields == {"a": 1, "b": 1}
    lists = "".join(f"l{n}: &l{n} [*l{n - 1}, *l{n - 1}]\n" for n in range(1, 40))
    with pytest.raises(SourceError, match="aliases expand it by more than 10,000 values"):
        _read("---\nl0: &l0 [x]\n" + lists + "---\n")
    with pytest.raises(SourceError, match="an alias inside its own anchor"):
        _read("---\na: &x {b: *x}\n---\n")
    assert yaml  # the YAML path is tested in depth in test_readers_props
