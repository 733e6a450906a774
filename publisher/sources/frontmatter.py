"""Front matter as static site generators keep it: YAML, TOML, JSON, Pelican headers.

``split_front_matter`` finds which kind a file starts with and returns the fields, the
1-based line of each field, and where the body starts. Parsing never touches the disk.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import time
from typing import Literal

from publisher.errors import SourceError
from publisher.limits import check_front_matter, json_value_end

Kind = Literal["yaml", "toml", "json", "pelican"]

YAML_OPEN = "---"
TOML_FENCE = "+++"
# Python-Markdown's meta extension, which Pelican uses: "Key: value", continuation lines
# indented by four or more spaces, ended by the first blank or non-matching line.
_PELICAN_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):(?:[ \t]+(?P<value>.*))?$")
_PELICAN_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
# A first line "Note: ..." is prose, not metadata: Pelican headers start with a key it knows,
# capitalized as Pelican's docs and authors write it ("Title:"); "title: x" without a '---'
# line above is far more often YAML whose opening line was forgotten.
PELICAN_FIRST_KEYS = frozenset(
    {"title", "date", "modified", "category", "tags", "slug", "author", "authors"}
    | {"summary", "lang", "status", "save_as", "url", "template", "translation"}
)
# Pelican keys that hold lists, comma separated (as Pelican splits them).
_PELICAN_LISTS = frozenset({"tags", "keywords", "authors"})
_TOML_KEY = re.compile(r"""^\s*(?:"(?P<q>[^"]+)"|'(?P<s>[^']+)'|(?P<bare>[A-Za-z0-9_-]+))\s*=""")
_TOML_TABLE = re.compile(r"^\s*\[")
_JSON_KEY = re.compile(r'^\s*"(?P<key>(?:[^"\\]|\\.)+)"\s*:')


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Fields found at the top of a source, and where its body begins."""

    kind: Kind
    fields: dict[str, object]
    field_lines: dict[str, int]
    body: str
    body_line: int


def detect(first_line: str) -> Kind | None:
    """Which kind of front matter a file whose first line is ``first_line`` carries."""
    stripped = first_line.rstrip()
    if stripped == YAML_OPEN:
        return "yaml"
    if stripped == TOML_FENCE:
        return "toml"
    if stripped.startswith("{"):
        return "json"
    match = _PELICAN_KEY.match(stripped)
    if match and match["key"][:1].isupper() and match["key"].lower() in PELICAN_FIRST_KEYS:
        return "pelican"
    return None


def split_front_matter(text: str, path: str) -> FrontMatter:
    """The front matter and body of ``text`` (newlines already normalized to ``\\n``).

    Raises SourceError naming ``path`` and the line when there is none, or it is broken.
    """
    lines = text.split("\n")
    kind = detect(lines[0]) if lines else None
    if kind == "toml":
        return _toml(lines, path)
    if kind == "json":
        return _json(text, path)
    if kind == "pelican":
        return _pelican(lines, path)
    if kind is None:
        raise SourceError("no front matter: start the file with a '---' line", path=path, line=1)
    # YAML is parsed by the Markdown reader itself (its alias and key checks live there).
    raise ValueError("YAML front matter is parsed by sources.markdown")


def _toml(lines: list[str], path: str) -> FrontMatter:
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == TOML_FENCE), None)
    if end is None:
        raise SourceError("front matter is not closed: add a '+++' line", path=path, line=1)
    source = "\n".join(lines[1:end])
    exceeded = check_front_matter(source, "toml")
    if exceeded is not None:
        raise SourceError(exceeded.message, path=path, line=1 + exceeded.line)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", reason)
        # "(at end of document)": the last line of the front matter.
        where = 1 + int(match.group(1)) if match else end
        reason = reason.replace(" (at end of document)", "")
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", reason) or "invalid TOML"
        raise SourceError(f"invalid front matter: {reason}", path=path, line=where) from None
    field_lines: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if _TOML_TABLE.match(line):
            break  # keys below a [table] header belong to that table
        match = _TOML_KEY.match(line)
        if match:
            key = match["q"] or match["s"] or match["bare"]
            field_lines.setdefault(key, number)
    body = "\n".join(lines[end + 1 :])
    return FrontMatter("toml", _plain_dates(data), field_lines, body, end + 2)


def _plain_dates(data: dict[str, object]) -> dict[str, object]:
    """A TOML local time (no date) is no date: it stays text, which the date rules reject."""
    return {
        key: value.isoformat() if isinstance(value, time) else value for key, value in data.items()
    }


def _json(text: str, path: str) -> FrontMatter:
    exceeded = check_front_matter(text[: json_value_end(text)], "json")
    if exceeded is not None:
        raise SourceError(exceeded.message, path=path, line=exceeded.line)
    decoder = json.JSONDecoder()
    try:
        data, end = decoder.raw_decode(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"invalid front matter: {exc.msg}", path=path, line=exc.lineno) from None
    if not isinstance(data, dict):
        raise SourceError("front matter must be a JSON object", path=path, line=1)
    field_lines: dict[str, int] = {}
    head = text[:end].split("\n")
    for number, line in enumerate(head, start=1):
        match = _JSON_KEY.match(line.lstrip("{").lstrip())
        if match:
            try:
                key = json.loads(f'"{match["key"]}"')
            except json.JSONDecodeError:
                continue
            if key in data:
                field_lines.setdefault(key, number)
    body_line = text.count("\n", 0, end) + 1
    rest = text[end:]
    # The body starts on the line after the closing brace.
    newline = rest.find("\n")
    body = "" if newline < 0 else rest[newline + 1 :]
    return FrontMatter("json", data, field_lines, body, body_line + (newline >= 0))


def _pelican(lines: list[str], path: str) -> FrontMatter:
    fields: dict[str, object] = {}
    field_lines: dict[str, int] = {}
    key: str | None = None
    index = 0
    for index, line in enumerate(lines):  # index is where the body starts
        match = _PELICAN_KEY.match(line)
        more = _PELICAN_MORE.match(line) if key else None
        if match and not (more and key):
            key = match["key"].lower()
            value = (match["value"] or "").strip()
            if key in fields:  # a repeated key adds a line, as Python-Markdown's meta does
                fields[key] = f"{fields[key]}\n{value}"
            else:
                fields[key] = value
                field_lines[key] = index + 1
        elif more and key:
            fields[key] = f"{fields[key]}\n{more['value'].strip()}".strip()
        else:
            break
    else:
        index = len(lines)
    exceeded = check_front_matter("\n".join(lines[:index]), "pelican")
    if exceeded is not None:
        raise SourceError(exceeded.message, path=path, line=exceeded.line)
    for name in _PELICAN_LISTS & set(fields):
        text = str(fields[name]).replace("\n", ",")
        separator = ";" if name == "authors" and ";" in text else ","
        fields[name] = [part.strip() for part in text.split(separator) if part.strip()]
    # A blank line ends the header; it is not part of the body.
    if index < len(lines) and not lines[index].strip():
        index += 1
    return FrontMatter("pelican", fields, field_lines, "\n".join(lines[index:]), index + 1)


# Python-Markdown's meta extension (markdown/extensions/meta.py), which Pelican's
# MarkdownReader always enables: an optional '---' line, then "key: value" lines and
# continuation lines indented four spaces, up to a blank line or a '---'/'...' line.
_META_BEGIN = re.compile(r"^-{3}(\s.*)?$")
_META_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
_META_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
# Pelican keeps only the first of these when a header repeats them
# (readers.py DUPLICATES_DEFINITIONS_ALLOWED); the others become lists.
_PELICAN_SINGLE = frozenset(
    {"tags", "date", "modified", "status", "category", "author", "save_as", "url"}
    | {"authors", "slug"}
)


def pelican_meta(text: str) -> FrontMatter:
    """A Markdown source's header as Pelican reads it (never YAML: ``title: A: B`` is
    the title "A: B"), keys lowercased; a file without one has no fields."""
    lines = text.split("\n")
    index = 1 if lines and _META_BEGIN.match(lines[0]) else 0
    values: dict[str, list[str]] = {}
    field_lines: dict[str, int] = {}
    key: str | None = None
    while index < len(lines):
        line = lines[index]
        if not line.strip() or _META_END.match(line):
            index += 1  # the line that ends the header is not the body's
            break
        match = _META_KEY.match(line)
        if match:
            key = match["key"].lower().strip()
            values.setdefault(key, []).append(match["value"].strip())
            field_lines.setdefault(key, index + 1)
        else:
            more = _META_MORE.match(line)
            if not (more and key):
                break  # no metadata: this line starts the body
            values[key].append(more["value"].strip())
        index += 1
    fields: dict[str, object] = {}
    for name, found in values.items():
        if name in _PELICAN_LISTS:
            fields[name] = pelican_list(found[0])
        elif name in _PELICAN_SINGLE:
            fields[name] = found[0]
        elif name == "summary":
            fields[name] = "\n".join(found)
        else:
            fields[name] = " ".join(v for v in found if v)
    return FrontMatter("pelican", fields, field_lines, "\n".join(lines[index:]), index + 1)


def pelican_list(text: str) -> list[str]:
    """Pelican's ``ensure_metadata_list``: split on ';' when there is one, else on ',';
    parts stripped, empty and repeated ones left out."""
    parts = text.split(";") if ";" in text else text.split(",")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))
