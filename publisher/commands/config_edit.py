"""One top-level setting of ``publisher.toml`` changed in place: the line that sets it
(or the commented line ``init`` writes for it) is replaced, or a line is added before
the first table, so the user's comments and layout stay. The edited text is parsed
back before the file is replaced, atomically."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from publisher.atomic import write_atomic
from publisher.errors import ConfigError

_TABLE = re.compile(r"^\s*\[")
# A TOML key written without quotes.
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def with_setting(text: str, key: str, value: int) -> str:
    """``text`` (a TOML document) with the top-level ``key`` set to ``value``.

    Raises ConfigError when the result would not read back as exactly that change.
    """
    lines = text.split("\n")
    setting = re.compile(rf"^\s*{re.escape(key)}\s*=")
    commented = re.compile(rf"^\s*#\s*{re.escape(key)}\s*=")
    top = next((i for i, line in enumerate(lines) if _TABLE.match(line)), len(lines))
    line = f"{key} = {value}"
    found = next((i for i in range(top) if setting.match(lines[i])), None)
    if found is None:
        found = next((i for i in range(top) if commented.match(lines[i])), None)
    if found is not None:
        lines[found] = line
    else:
        # Before the first table (a key after it would be the table's), after a blank line.
        at = top
        while at > 0 and not lines[at - 1].strip():
            at -= 1
        lines[at:at] = ["", line] if at else [line]
    edited = "\n".join(lines)
    try:
        before, after = tomllib.loads(text), tomllib.loads(edited)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot set {key}: {exc}") from None
    if after != {**before, key: value}:
        raise ConfigError(f"cannot set {key} safely: set `{line}` by hand")
    return edited


def with_table_setting(text: str, table: str, key: str, value: int | str) -> str:
    """``text`` with ``key`` set to ``value`` in the table ``table`` (``languages.fr``):
    its line replaced, else added under the table's header, else the table added at
    the end. ConfigError when the result would not read back as exactly that change."""
    lines = text.split("\n")
    parts = table.split(".")
    header = re.compile(
        r"^\s*\[\s*"
        + r"\s*\.\s*".join(rf"(?:{re.escape(p)}|\"{re.escape(p)}\")" for p in parts)
        + r"\s*\]\s*(?:#.*)?$"
    )
    written = key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)
    setting = re.compile(rf"^\s*{re.escape(written)}\s*=")
    shown = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else value
    line = f"{written} = {shown}"
    start = next((i for i, text_line in enumerate(lines) if header.match(text_line)), None)
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["", f"[{table}]", line, ""]
    else:
        end = next((i for i in range(start + 1, len(lines)) if _TABLE.match(lines[i])), len(lines))
        found = next((i for i in range(start + 1, end) if setting.match(lines[i])), None)
        if found is not None:
            lines[found] = line
        else:
            lines.insert(start + 1, line)
    edited = "\n".join(lines)
    try:
        before, after = tomllib.loads(text), tomllib.loads(edited)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"cannot set {table}.{key} ({exc}): add `{line}` to [{table}] by hand"
        ) from None
    node: dict[str, object] = {**before}
    expected = node
    for part in parts:
        child = node.get(part)
        node[part] = {**child} if isinstance(child, dict) else {}
        node = node[part]  # type: ignore[assignment]
    node[key] = value
    if after != expected:
        raise ConfigError(f"cannot set {table}.{key} safely: add `{line}` to [{table}] by hand")
    return edited


def set_table_settings(path: Path, table: str, values: Mapping[str, int | str]) -> None:
    """Set each key of ``values`` in ``table`` of the config file at ``path``, in one
    atomic replace (new keys in the order given)."""
    try:
        text = path.read_text(encoding="utf-8")
        # A new key goes right under the table's header: the last first.
        for key, value in reversed(list(values.items())):
            text = with_table_setting(text, table, key, value)
        write_atomic(path, text.encode("utf-8"), mode=path.stat().st_mode & 0o7777)
    except ConfigError as exc:
        raise ConfigError(exc.message, path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise ConfigError(f"cannot set [{table}]: {reason}", path=str(path)) from None


def set_setting(path: Path, key: str, value: int, table: str = "") -> None:
    """Set ``key`` to ``value`` (in ``table``, when given) in the config file at
    ``path``, atomically."""
    try:
        text = path.read_text(encoding="utf-8")
        if table:
            edited = with_table_setting(text, table, key, value)
        else:
            edited = with_setting(text, key, value)
        write_atomic(path, edited.encode("utf-8"), mode=path.stat().st_mode & 0o7777)
    except ConfigError as exc:
        raise ConfigError(exc.message, path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise ConfigError(f"cannot set {key}: {reason}", path=str(path)) from None
