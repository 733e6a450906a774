"""Hugo's template functions that content adapters call, for ``gotemplate``.

Files are read only inside the site's folder (``SiteFolder``), which records every file
and folder a run looked at, so the build notices when one changes. What needs Hugo
itself (``partial``, ``markdownify``) or the network (``resources.GetRemote``,
``getJSON``) is ``Unsupported``, named in the adapter's one warning.
"""

from __future__ import annotations

import html
import json
import math
import os
import posixpath
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from publisher.generators.gotemplate import (
    MAX_VALUE_CHARS,
    Function,
    TemplateError,
    Unsupported,
    check_expanded,
    go_string,
    printf,
    truth,
)

# A file a template reads (readFile, a data file, a resource) may be this large.
MAX_READ_BYTES = 32 * 1024 * 1024
# Data files under data/ read for site.Data, at most.
MAX_DATA_FILES = 10_000
# Functions that fetch from the network: an adapter using one needs Hugo (and a network).
_NETWORK = ("resources.GetRemote", "getJSON", "getCSV", "data.GetJSON", "data.GetCSV")
# Functions that need Hugo's templates, renderers, pages or clock, or its title case.
_HUGO_ONLY = {
    **dict.fromkeys(
        ("partial", "partialCached", "partials.Include", "partials.IncludeCached",
         "templates.Exists"), "runs the site's layouts: needs Hugo itself"),
    **dict.fromkeys(("markdownify", "transform.Markdownify"), "needs Hugo's renderer"),
    **dict.fromkeys(("i18n", "T", "lang.Translate"), "needs the site's translations"),
    **dict.fromkeys(("time.Now", "now"), "changes with every build"),
    **dict.fromkeys(("strings.Title", "title", "humanize", "inflect.Humanize"),
                    "follows Hugo's title case rules, not implemented here"),
}  # fmt: skip


@dataclass
class SiteFolder:
    """The site's folder as a template reads it: paths relative to ``root`` (Hugo's
    working directory), never outside it; every path looked at recorded."""

    root: Path
    read: set[str] = field(default_factory=set)

    def path(self, name: object) -> Path:
        if not isinstance(name, str) or not name:
            raise TemplateError(f"not a path: {go_string(name)}")
        root = self.root.resolve()
        target = (root / name.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            raise TemplateError(f"{name}: outside the site's folder")
        self.read.add(str(target))
        return target

    def read_bytes(self, name: object) -> bytes:
        target = self.path(name)
        try:
            if target.stat().st_size > MAX_READ_BYTES:
                raise TemplateError(f"{name}: larger than {MAX_READ_BYTES:,} bytes")
            return target.read_bytes()
        except OSError as exc:
            raise TemplateError(f"{name}: cannot read ({exc.strerror})") from None


@dataclass(frozen=True)
class FileInfo:
    """What ``readDir`` gives for one entry (Go's ``os.FileInfo``)."""

    name: str
    size: int
    is_dir: bool
    mtime: float

    @property
    def template_members(self) -> Mapping[str, object]:
        return {
            "Name": self.name, "Size": self.size, "IsDir": self.is_dir,
            "ModTime": datetime.fromtimestamp(self.mtime, UTC),
            "Mode": 0o755 if self.is_dir else 0o644,
        }  # fmt: skip


@dataclass(frozen=True)
class Resource:
    """A file of the site's ``assets/`` folder (``resources.Get``)."""

    name: str
    content: bytes

    @property
    def template_members(self) -> Mapping[str, object]:
        text = self.content.decode("utf-8", "replace")
        return {"Content": text, "Name": self.name, "Title": self.name,
                "MediaType": _media_type(self.name)}  # fmt: skip


@dataclass
class Scratch:
    """``.Store``: a template's own key-value store."""

    values: dict[str, object] = field(default_factory=dict)

    @property
    def template_members(self) -> Mapping[str, object]:
        def add(key: str, value: object) -> str:
            old = self.values.get(key)
            if isinstance(old, list):
                self.values[key] = [*old, *(value if isinstance(value, list) else [value])]
            elif old is None:
                self.values[key] = value
            else:
                self.values[key] = _add(old, value)
            return ""

        def set_value(key: str, value: object) -> str:
            self.values[key] = value
            return ""

        def delete(key: str) -> str:
            self.values.pop(key, None)
            return ""

        return {"Get": lambda key: self.values.get(key), "Set": set_value, "Add": add,
                "Delete": delete, "Values": self.values}  # fmt: skip


def hugo_functions(folder: SiteFolder, urlize: Callable[[str], str]) -> dict[str, Function]:
    """Hugo's functions (and their aliases) over the site in ``folder``."""
    functions: dict[str, Function] = {
        **_collections(),
        **_strings(),
        **_math(),
        "urlize": lambda text: urlize(_text(text)),
        "anchorize": lambda text: re.sub(r"[^\w-]+", "", _text(text).lower().replace(" ", "-")),
        "path.Base": lambda p: posixpath.basename(_text(p).rstrip("/")) or ".",
        "path.BaseName": lambda p: posixpath.splitext(posixpath.basename(_text(p)))[0],
        "path.Dir": lambda p: posixpath.dirname(_text(p)) or ".",
        "path.Ext": lambda p: posixpath.splitext(_text(p))[1],
        "path.Join": lambda *parts: _clean("/".join(_text(p) for p in _flat(parts) if p != "")),
        "path.Clean": lambda p: _clean(_text(p)),
        "readDir": lambda name: _read_dir(folder, name),
        "os.ReadDir": lambda name: _read_dir(folder, name),
        "readFile": lambda name: folder.read_bytes(name).decode("utf-8", "replace"),
        "os.ReadFile": lambda name: folder.read_bytes(name).decode("utf-8", "replace"),
        "fileExists": lambda name: folder.path(name).exists(),
        "os.FileExists": lambda name: folder.path(name).exists(),
        "transform.Unmarshal": _unmarshal,
        "unmarshal": _unmarshal,
        "jsonify": _jsonify,
        "resources.Get": lambda name: _resource(folder, name),
        "time.AsTime": _as_time,
        "time": _as_time,
        "safeHTML": _text,
        "safeURL": _text,
        "safeJS": _text,
        "safeCSS": _text,
        "htmlEscape": lambda text: html.escape(_text(text)),
        "htmlUnescape": lambda text: html.unescape(_text(text)),
        "plainify": lambda text: re.sub(r"<[^>]*>", "", _text(text)),
        "errorf": _errorf,
        "erroridf": lambda _id, *args: _errorf(*args),
        "warnf": lambda *args: "",
        "warnidf": lambda *args: "",
    }
    for name in _NETWORK:
        functions[name] = _unsupported(name, "fetches from the network")
    for name, why in _HUGO_ONLY.items():
        functions[name] = _unsupported(name, why)
    return functions


def _jsonify(*args: object) -> str:
    check_expanded(args[-1])
    return json.dumps(args[-1], default=str, separators=(",", ":"))


def _unsupported(name: str, why: str) -> Function:
    def call(*args: object) -> object:
        raise Unsupported(f"{name} {why}")

    return call


def _errorf(template: object, *args: object) -> object:
    raise TemplateError(f"errorf: {printf(_text(template), *args)}")


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return go_string(value)


def _flat(values: Sequence[object]) -> list[object]:
    out: list[object] = []
    for value in values:
        out += list(value) if isinstance(value, list | tuple) else [value]
    return out


def _clean(path: str) -> str:
    return posixpath.normpath(path) if path else "."


def _read_dir(folder: SiteFolder, name: object) -> list[FileInfo]:
    target = folder.path(name)
    try:
        with os.scandir(target) as entries:
            found = []
            for entry in entries:
                stat = entry.stat()
                found.append(FileInfo(entry.name, stat.st_size, entry.is_dir(), stat.st_mtime))
    except OSError as exc:
        raise TemplateError(f"{name}: cannot list ({exc.strerror})") from None
    return sorted(found, key=lambda info: info.name)


def _resource(folder: SiteFolder, name: object) -> Resource | None:
    path = folder.path(f"assets/{_text(name).lstrip('/')}")
    if not path.is_file():
        return None  # Hugo's resources.Get gives nil for a missing file
    return Resource(_text(name), folder.read_bytes(f"assets/{_text(name).lstrip('/')}"))


def _media_type(name: str) -> str:
    suffix = posixpath.splitext(name)[1].lower()
    return {".json": "application/json", ".yaml": "application/yaml", ".yml": "application/yaml",
            ".toml": "application/toml", ".csv": "text/csv", ".xml": "application/xml",
            }.get(suffix, "text/plain")  # fmt: skip


def _unmarshal(*args: object) -> object:
    """``transform.Unmarshal [OPTIONS] INPUT``: JSON, YAML or TOML, from a resource (by
    its suffix) or a string (by its look, as Hugo's decoder guesses)."""
    source = args[-1]
    if isinstance(source, Resource):
        kind = _media_type(source.name).split("/")[1]
        text = source.content.decode("utf-8", "replace")
    else:
        text = _text(source)
        kind = _guess_format(text)
    return unmarshal_text(text, kind)


def unmarshal_text(text: str, kind: str) -> object:
    """Data text of a format (``json``, ``yaml``, ``toml``) as Hugo's decoder reads it."""
    if not text.strip():
        return {}
    try:
        if kind == "json":
            return json.loads(text)
        if kind == "toml":
            return tomllib.loads(text)
        if kind == "yaml":
            from publisher.sources.libyaml import load_data

            return load_data(text, "", dates=False)  # Hugo's decoder keeps dates as text
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"cannot unmarshal {kind}: {exc}") from None
    except Exception as exc:  # yaml.YAMLError, imported lazily
        raise TemplateError(f"cannot unmarshal {kind}: {exc}") from None
    raise Unsupported(f"transform.Unmarshal of {kind} is not supported")


def _guess_format(text: str) -> str:
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return "json"
    if stripped.startswith("<"):
        return "xml"
    for line in stripped.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if re.match(r"^\[[\w.\"' -]+\]$", line) or re.match(r"^[\w\"'.-]+\s*=", line):
            return "toml"
        break
    return "yaml"


def _as_time(value: object, *args: object) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    text = _text(value).strip()
    try:
        return datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
    except ValueError:
        raise TemplateError(f"unable to parse date {text!r}") from None


# -- collections -------------------------------------------------------------------------


def _collections() -> dict[str, Function]:
    def dictionary(*pairs: object) -> dict[str, object]:
        if len(pairs) % 2:
            raise TemplateError("invalid dictionary call: odd number of arguments")
        out: dict[str, object] = {}
        for key, value in zip(pairs[0::2], pairs[1::2], strict=True):
            if not isinstance(key, str):
                raise TemplateError(f"dictionary keys must be strings, not {go_string(key)}")
            out[key] = value
        return out

    def first(limit: object, items: object) -> object:
        return _sequence(items)[: _int(limit)]

    def last(limit: object, items: object) -> object:
        count = _int(limit)
        seq = _sequence(items)
        return seq[len(seq) - count :] if count else seq[:0]

    def after(index: object, items: object) -> object:
        return _sequence(items)[_int(index) :]

    def append(*args: object) -> list[object]:
        *values, target = args
        base = list(target) if isinstance(target, list | tuple) else [target]
        if len(values) == 1 and isinstance(values[0], list | tuple):
            return base + list(values[0])
        return base + list(values)

    def in_(collection: object, value: object) -> bool:
        if isinstance(collection, str):
            return _text(value) in collection
        if isinstance(collection, list | tuple):
            return value in collection
        return False

    def isset(collection: object, key: object) -> bool:
        if isinstance(collection, Mapping):
            return key in collection
        if isinstance(collection, list | tuple):
            return isinstance(key, int) and 0 <= key < len(collection)
        return False

    def default(fallback: object, value: object = None) -> object:
        return value if truth(value) else fallback

    def cond(test: object, yes: object, no: object) -> object:
        return yes if truth(test) else no

    def merge(*maps: object) -> dict[str, object]:
        out: dict[str, object] = {}
        for each in reversed(maps):  # the last map wins... its keys first, others fill in
            if not isinstance(each, Mapping):
                raise TemplateError("merge takes maps")
            for key, value in each.items():
                out.setdefault(key, value)
        return out

    def delimit(items: object, separator: object, last_separator: object = None) -> str:
        texts = [_text(v) for v in (_sequence(items) if not isinstance(items, Mapping)
                                    else [items[k] for k in sorted(items)])]  # fmt: skip
        if last_separator is not None and len(texts) > 1:
            return _text(separator).join(texts[:-1]) + _text(last_separator) + texts[-1]
        return _text(separator).join(texts)

    def seq(*args: object) -> list[int]:
        numbers = [_int(a) for a in args]
        if len(numbers) == 1:
            stop = numbers[0]
            found = list(range(1, stop + 1)) if stop > 0 else list(range(-1, stop - 1, -1))
        elif len(numbers) == 2:
            found = list(range(numbers[0], numbers[1] + 1))
        else:
            step = numbers[1] or 1
            found = list(range(numbers[0], numbers[2] + (1 if step > 0 else -1), step))
        if len(found) > 2000:
            raise TemplateError("seq: size of result exceeds limit")
        return found

    def uniq(items: object) -> list[object]:
        out: list[object] = []
        for value in _sequence(items):
            if value not in out:
                out.append(value)
        return out

    def sort(items: object, key: object = None, order: object = "asc") -> list[object]:
        values = list(items.values()) if isinstance(items, Mapping) else list(_sequence(items))
        if isinstance(key, str) and key in ("asc", "desc") and order == "asc":
            key, order = None, key

        def by(value: object) -> tuple[int, Any]:
            if isinstance(key, str) and key and key != "value":
                for part in key.split("."):
                    value = value.get(part) if isinstance(value, Mapping) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                return (0, value)
            return (1, _text(value))

        return sorted(values, key=by, reverse=order == "desc")

    def where(items: object, key: object, *rest: object) -> list[object]:
        operator, match = ("eq", rest[0]) if len(rest) == 1 else (_text(rest[0]), rest[1])

        def value_of(item: object) -> object:
            for part in _text(key).lstrip(".").split("."):
                item = item.get(part) if isinstance(item, Mapping) else None
            return item

        tests: dict[str, Callable[[object], bool]] = {
            "eq": lambda v: v == match, "=": lambda v: v == match, "==": lambda v: v == match,
            "ne": lambda v: v != match, "!=": lambda v: v != match, "<>": lambda v: v != match,
            "in": lambda v: isinstance(match, list | tuple | str) and v in match,
            "not in": lambda v: not (isinstance(match, list | tuple | str) and v in match),
        }  # fmt: skip
        test = tests.get(operator)
        if test is None:
            raise Unsupported(f"where with operator {operator!r} is not supported")
        return [item for item in _sequence(items) if test(value_of(item))]

    return {
        "dict": dictionary, "collections.Dictionary": dictionary,
        "slice": lambda *items: list(items), "collections.Slice": lambda *items: list(items),
        "first": first, "collections.First": first, "last": last, "collections.Last": last,
        "after": after, "collections.After": after, "append": append,
        "collections.Append": append, "in": in_, "collections.In": in_, "isset": isset,
        "collections.IsSet": isset, "default": default, "cond": cond, "merge": merge,
        "collections.Merge": merge, "delimit": delimit, "collections.Delimit": delimit,
        "seq": seq, "collections.Seq": seq, "uniq": uniq, "collections.Uniq": uniq,
        "sort": sort, "collections.Sort": sort, "where": where, "collections.Where": where,
        "compare.Default": default, "compare.Conditional": cond,
    }  # fmt: skip


def _sequence(items: object) -> Sequence[object]:
    if items is None:
        return []
    if isinstance(items, list | tuple | str):
        return items
    raise TemplateError(f"cannot take items of {go_string(items)}")


def _int(value: object) -> int:
    if isinstance(value, bool):
        raise TemplateError("not an integer: a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip(), 0)
        except ValueError:
            raise TemplateError(f"not an integer: {value!r}") from None
    raise TemplateError(f"not an integer: {go_string(value)}")


def _number(value: object) -> int | float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value) if re.fullmatch(r"[-+]?\d+", value.strip()) else float(value)
        except ValueError:
            pass
    raise TemplateError(f"not a number: {go_string(value)}")


# -- strings -------------------------------------------------------------------------


def _go_regex(pattern: object) -> re.Pattern[str]:
    try:
        return re.compile(_text(pattern))
    except re.error as exc:
        raise TemplateError(f"bad regular expression {pattern!r}: {exc}") from None


def _go_expansion(template: str) -> str:
    """Go's ``$1``/``${name}`` in a replacement, as Python's ``\\g<...>`` (``$$`` a dollar)."""
    out = re.sub(r"\\", r"\\\\", template)
    return re.sub(
        r"\$(\$|\{(\w+)\}|(\w+))",
        lambda m: "$" if m[1] == "$" else f"\\g<{m[2] or m[3]}>",
        out,
    )


def _repeat(count: object, text: object) -> str:
    times, value = _int(count), _text(text)
    if times < 0:
        raise TemplateError("strings.Repeat: negative count")
    if times * len(value) > MAX_VALUE_CHARS:
        raise TemplateError("strings.Repeat: the result would be too long")
    return value * times


def _strings() -> dict[str, Function]:
    def replace(source: object, old: object, new: object, limit: object = -1) -> str:
        text, before, after = _text(source), _text(old), _text(new)
        count = text.count(before) if before else len(text) + 1
        if len(text) + count * max(0, len(after) - len(before)) > MAX_VALUE_CHARS:
            raise TemplateError("replace: the result would be too long")
        return text.replace(before, after, _int(limit))

    def replace_re(pattern: object, replacement: object, source: object, limit: object = -1) -> str:
        count = _int(limit)
        return _go_regex(pattern).sub(
            _go_expansion(_text(replacement)), _text(source), count=0 if count < 0 else count
        )

    def find_re(pattern: object, source: object, limit: object = -1) -> list[str]:
        found = [m.group() for m in _go_regex(pattern).finditer(_text(source))]
        count = _int(limit)
        return found if count < 0 else found[:count]

    def substr(source: object, start: object, length: object = None) -> str:
        text = _text(source)
        begin = _int(start)
        if begin < 0:
            begin = max(0, len(text) + begin)
        if length is None:
            return text[begin:]
        size = _int(length)
        return text[begin : begin + size] if size >= 0 else text[begin : len(text) + size]

    def split(source: object, separator: object) -> list[str]:
        text, sep = _text(source), _text(separator)
        return list(text) if sep == "" else text.split(sep)

    def trim(source: object, cutset: object) -> str:
        return _text(source).strip(_text(cutset))

    def truncate(size: object, *rest: object) -> str:
        text = _text(rest[-1])
        ellipsis = _text(rest[0]) if len(rest) > 1 else " …"
        limit = _int(size)
        return text if len(text) <= limit else text[:limit].rstrip() + ellipsis

    functions: dict[str, Function] = {
        "strings.HasPrefix": lambda s, prefix: _text(s).startswith(_text(prefix)),
        "strings.HasSuffix": lambda s, suffix: _text(s).endswith(_text(suffix)),
        "strings.TrimPrefix": lambda prefix, s: _text(s).removeprefix(_text(prefix)),
        "strings.TrimSuffix": lambda suffix, s: _text(s).removesuffix(_text(suffix)),
        "strings.TrimLeft": lambda cutset, s: _text(s).lstrip(_text(cutset)),
        "strings.TrimRight": lambda cutset, s: _text(s).rstrip(_text(cutset)),
        "strings.Trim": trim, "trim": trim,
        "strings.TrimSpace": lambda s: _text(s).strip(),
        "strings.Chomp": lambda s: _text(s).rstrip("\r\n"),
        "chomp": lambda s: _text(s).rstrip("\r\n"),
        "strings.ToLower": lambda s: _text(s).lower(), "lower": lambda s: _text(s).lower(),
        "strings.ToUpper": lambda s: _text(s).upper(), "upper": lambda s: _text(s).upper(),
        "strings.FirstUpper": lambda s: _text(s)[:1].upper() + _text(s)[1:],
        "strings.Contains": lambda s, sub: _text(sub) in _text(s),
        "strings.ContainsAny": lambda s, chars: any(c in _text(s) for c in _text(chars)),
        "strings.ContainsNonSpace": lambda s: bool(_text(s).strip()),
        "strings.Count": lambda sub, s: _text(s).count(_text(sub)),
        "strings.Repeat": _repeat,
        "strings.Replace": replace, "replace": replace,
        "strings.ReplaceRE": replace_re, "replaceRE": replace_re,
        "strings.FindRE": find_re, "findRE": find_re,
        "strings.Split": split, "split": split,
        "strings.Substr": substr, "substr": substr,
        "strings.Truncate": truncate, "truncate": truncate,
        "strings.RuneCount": lambda s: len(_text(s)), "countrunes": lambda s: len(_text(s)),
        "hasPrefix": lambda s, prefix: _text(s).startswith(_text(prefix)),
        "hasSuffix": lambda s, suffix: _text(s).endswith(_text(suffix)),
        "string": _text, "cast.ToString": _text,
        "int": lambda v: _int(v) if not isinstance(v, float) else int(v), "cast.ToInt": _int,
        "float": lambda v: float(_number(v)), "cast.ToFloat": lambda v: float(_number(v)),
        "fmt.Printf": lambda template, *args: printf(_text(template), *args),
    }  # fmt: skip
    return functions


# -- math ----------------------------------------------------------------------------


def _add(a: object, b: object) -> object:
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    return _number(a) + _number(b)


def _math() -> dict[str, Function]:
    def fold(op: Callable[[Any, Any], Any]) -> Function:
        def apply(*args: object) -> object:
            if len(args) < 2:
                raise TemplateError("needs at least two numbers")
            value = _number(args[0])
            for arg in args[1:]:
                value = op(value, _number(arg))
            return value

        return apply

    def div(a: int | float, b: int | float) -> int | float:
        if b == 0:
            raise TemplateError("can't divide the value by 0")
        if isinstance(a, int) and isinstance(b, int):
            return int(a / b)  # Go truncates toward zero
        return a / b

    def mod(a: object, b: object) -> int:
        x, y = _int(a), _int(b)
        if y == 0:
            raise TemplateError("the number can't be divided by zero at modulo operation")
        return int(math.fmod(x, y))

    add = fold(lambda a, b: a + b)

    def add_any(*args: object) -> object:
        if all(isinstance(a, str) for a in args):
            return "".join(str(a) for a in args)
        return add(*args)

    functions: dict[str, Function] = {
        "add": add_any, "math.Add": add_any, "sub": fold(lambda a, b: a - b),
        "math.Sub": fold(lambda a, b: a - b), "mul": fold(lambda a, b: a * b),
        "math.Mul": fold(lambda a, b: a * b), "div": fold(div), "math.Div": fold(div),
        "mod": mod, "math.Mod": mod, "math.Floor": lambda v: float(math.floor(_number(v))),
        "math.Ceil": lambda v: float(math.ceil(_number(v))),
        "math.Round": lambda v: float(math.floor(_number(v) + 0.5)) if _number(v) >= 0
        else -float(math.floor(-_number(v) + 0.5)),
        "math.Max": lambda *v: max(_number(x) for x in _flat(v)),
        "math.Min": lambda *v: min(_number(x) for x in _flat(v)),
    }  # fmt: skip
    return functions


def read_data(folder: SiteFolder) -> dict[str, object]:
    """The site's ``data/`` folder as ``site.Data``: each file's data under its name,
    each folder a map of its own (read when a template first asks for it)."""
    data: dict[str, object] = {}
    top = folder.path("data")
    if not top.is_dir():
        return data
    count = 0
    for directory, folders, files in os.walk(top):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        folder.read.add(directory)
        where: dict[str, object] = data
        rel = Path(directory).relative_to(top)
        for part in rel.parts:
            child = where.setdefault(part, {})
            where = child if isinstance(child, dict) else {}
        for name in sorted(files):
            stem, suffix = os.path.splitext(name)
            kind = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml"}.get(suffix)
            if kind is None or name.startswith("."):
                continue
            count += 1
            if count > MAX_DATA_FILES:
                raise TemplateError(f"data/ holds more than {MAX_DATA_FILES:,} data files")
            rel_name = (rel / name).as_posix()
            text = folder.read_bytes(f"data/{rel_name}").decode("utf-8", "replace")
            value = unmarshal_text(text, kind)
            existing = where.get(stem)
            if isinstance(existing, dict) and isinstance(value, dict):
                existing.update(value)
            else:
                where[stem] = value
    return data
