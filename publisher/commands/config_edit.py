"""One top-level setting of ``publisher.toml`` changed in place: the line that sets it
(or the commented line ``init`` writes for it) is replaced, or a line is added before
the first table, so the user's comments and layout stay. The edited text is parsed
back before the file is replaced, atomically."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from publisher.atomic import write_atomic
from publisher.errors import ConfigError

_TABLE = re.compile(r"^\s*\[")


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


def set_setting(path: Path, key: str, value: int) -> None:
    """Set ``key`` to ``value`` in the config file at ``path``, atomically."""
    try:
        text = path.read_text(encoding="utf-8")
        edited = with_setting(text, key, value)
        write_atomic(path, edited.encode("utf-8"), mode=path.stat().st_mode & 0o7777)
    except ConfigError as exc:
        raise ConfigError(exc.message, path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise ConfigError(f"cannot set {key}: {reason}", path=str(path)) from None
