"""Pelican's settings files (``pelicanconf.py``, ``publishconf.py``) read as Python would,
without running them.

A settings file is a Python module; Pelican imports it and keeps its upper-case names.
Running a site's code is no business of a feed builder, so the file is parsed with
``ast`` and only what is plain data is evaluated: literals (``u'…'`` strings, numbers,
lists, tuples, dicts, sets), names assigned earlier in the file, ``+`` and ``%`` between
those, f-strings of them, ``+=`` and ``from pelicanconf import *`` (how ``publishconf.py``
takes the development settings before overriding ``SITEURL`` and the feeds). A setting
whose value is anything else (a call, an attribute, a comprehension) is unknown: the
caller then takes Pelican's default for it. Statements inside ``if``/``try``/``for``
blocks are not followed (which branch runs is not plain data).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

from publisher.errors import ConfigError

DEVELOPMENT = "pelicanconf.py"
PRODUCTION = "publishconf.py"
# Nested imports of one settings file by another, at most (a loop is no site's intent).
_MAX_IMPORT_DEPTH = 4


class _Unknown(Exception):
    """A value that is not plain data."""


def read_settings(root: Path) -> dict[str, object]:
    """The settings ``pelican -s publishconf.py`` builds with (``publishconf.py`` when
    the site has one, else ``pelicanconf.py``): upper-case names only, unknown values
    left out. ConfigError naming the file and line when one cannot be parsed."""
    for name in (PRODUCTION, DEVELOPMENT):
        if (root / name).is_file():
            return read_settings_file(root / name)
    return {}


def read_settings_file(path: Path, depth: int = 0) -> dict[str, object]:
    """One settings file's upper-case settings (see the module's docstring)."""
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError as exc:
        raise ConfigError(
            f"not Python 3 that can be read: {exc.msg}", path=str(path), line=exc.lineno
        ) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=str(path)) from None
    names: dict[str, object] = {}
    for statement in tree.body:
        _run(statement, names, path, depth)
    return {key: value for key, value in names.items() if key.isupper()}


def _run(statement: ast.stmt, names: dict[str, object], path: Path, depth: int) -> None:
    if isinstance(statement, ast.Assign):
        for target in statement.targets:
            _assign(target, statement.value, names)
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        _assign(statement.target, statement.value, names)
    elif isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
        name = statement.target.id
        try:
            names[name] = _binary(
                statement.op, _value(ast.Name(name), names), _value(statement.value, names)
            )
        except _Unknown:
            names.pop(name, None)
    elif isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
        _import(statement, names, path, depth)


def _assign(target: ast.expr, value: ast.expr, names: dict[str, object]) -> None:
    if not isinstance(target, ast.Name):
        return  # SETTINGS["X"] = …, a, b = …: not followed
    try:
        names[target.id] = _value(value, names)
    except (_Unknown, RecursionError):
        names.pop(target.id, None)


def _import(statement: ast.ImportFrom, names: dict[str, object], path: Path, depth: int) -> None:
    """``from pelicanconf import *`` (or some names): the other settings file beside it."""
    other = path.parent / (statement.module.replace(".", "/") + ".py")  # type: ignore[union-attr]
    if not other.is_file() or other.resolve() == path.resolve() or depth >= _MAX_IMPORT_DEPTH:
        return
    settings = read_settings_file(other, depth + 1)
    for alias in statement.names:
        if alias.name == "*":
            names.update(settings)
        elif alias.name in settings:
            names[alias.asname or alias.name] = settings[alias.name]


def _value(node: ast.expr, names: Mapping[str, object]) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in names:
            return names[node.id]
        raise _Unknown(node.id)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        items: list[object] = []
        for element in node.elts:
            if isinstance(element, ast.Starred):
                spread = _value(element.value, names)
                if not isinstance(spread, list | tuple):
                    raise _Unknown("*")
                items += spread
            else:
                items.append(_value(element, names))
        if isinstance(node, ast.Tuple):
            return tuple(items)
        return items  # a set of settings is used as a collection: a list keeps its order
    if isinstance(node, ast.Dict):
        result: dict[object, object] = {}
        for key, item in zip(node.keys, node.values, strict=True):
            if key is None:  # {**OTHER}
                spread = _value(item, names)
                if not isinstance(spread, dict):
                    raise _Unknown("**")
                result.update(spread)
            else:
                result[_hashable(_value(key, names))] = _value(item, names)
        return result
    if isinstance(node, ast.BinOp):
        return _binary(node.op, _value(node.left, names), _value(node.right, names))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operand = _value(node.operand, names)
        if isinstance(operand, int | float) and not isinstance(operand, bool):
            return -operand
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
            elif (
                isinstance(part, ast.FormattedValue)
                and part.conversion == -1
                and part.format_spec is None
            ):
                parts.append(str(_value(part.value, names)))
            else:
                raise _Unknown("f-string")
        return "".join(parts)
    raise _Unknown(type(node).__name__)


def _hashable(key: object) -> object:
    if isinstance(key, list | dict):
        raise _Unknown("key")
    return key


def _binary(op: ast.operator, left: object, right: object) -> object:
    if (
        isinstance(op, ast.Add)
        and type(left) is type(right)
        and isinstance(left, str | list | tuple)
    ):
        return left + right  # type: ignore[operator]
    if isinstance(op, ast.Add) and _number(left) and _number(right):
        return left + right  # type: ignore[operator]
    if isinstance(op, ast.Mod) and isinstance(left, str) and isinstance(right, str | tuple):
        try:
            return left % right
        except (TypeError, ValueError):
            raise _Unknown("%") from None
    raise _Unknown(type(op).__name__)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
