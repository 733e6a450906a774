"""Go's ``text/template``, the part of it Hugo's content adapters are written in.

Parsed into a small tree and run over plain Python values: text and actions (with
``{{-`` and ``-}}`` trimming), comments, pipelines, variables (``$x :=``, ``$x =``,
``$``), ``if``/``else if``/``else``, ``range`` (with ``$i, $e :=``, ``else``,
``break``, ``continue``), ``with`` (and ``else with``), parenthesized pipelines with
fields after them, and the built-in functions (``and``, ``or``, ``not``, ``eq`` ...,
``len``, ``index``, ``printf``, ``print``, ``println``, ``slice``). Everything else a
template calls is a function of the ``Functions`` mapping the caller passes (Hugo's
own: ``hugo_functions.py``). What is not here (``define``, ``template``, ``block``) is
``Unsupported``: a template is run whole or not at all.

Our own limits bound a run whatever the template does: loop iterations, the depth of
nested calls and blocks, and the size of the text it writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Iterations of every ``range`` of one run together.
MAX_ITERATIONS = 1_000_000
# Blocks, parentheses and calls inside one another.
MAX_DEPTH = 64
# Characters a run may write (an adapter writes next to nothing).
MAX_OUTPUT = 1_000_000
# Characters of one text value, and items of one list or map, a function may return
# (a value doubled in a loop would otherwise take the machine's memory).
MAX_VALUE_CHARS = 64 * 1024 * 1024
MAX_VALUE_ITEMS = 1_000_000
# The widest field printf pads to.
MAX_WIDTH = 10_000

# A template function: positional arguments in, a value out (TemplateError to fail).
Function = Callable[..., Any]
Functions = Mapping[str, Function]


class TemplateError(Exception):
    """The template cannot be read or fails where Go's would (``line``: 1-based)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class Unsupported(TemplateError):
    """The template uses something only Hugo itself can do (a function we do not have,
    the network, another template)."""


# -- Values --------------------------------------------------------------------------


def truth(value: object) -> bool:
    """Go's truth: false, 0, nil, and empty strings, lists and maps are false."""
    if value is None or value is False:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str | list | tuple | dict):
        return len(value) > 0
    return True


def check_expanded(value: object) -> None:
    """TemplateError when writing ``value`` out whole (printing it, as JSON) would visit
    more than MAX_VALUE_ITEMS values: a map holding itself twice in each of 30 levels
    is small in memory but a billion values written out."""
    stack = [value]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > MAX_VALUE_ITEMS:
            raise TemplateError(f"a value of more than {MAX_VALUE_ITEMS:,} values written out")
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def go_string(value: object) -> str:
    """A value as Go's ``%v`` (and ``print``) writes it."""
    if isinstance(value, list | tuple | dict):
        check_expanded(value)
    return _go_string(value)


def _go_string(value: object) -> str:
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + " ".join(_go_string(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = " ".join(
            f"{_go_string(k)}:{_go_string(v)}" for k, v in sorted(value.items(), key=_item_key)
        )
        return f"map[{inner}]"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    return str(value)


_VERB = re.compile(r"%([-+# 0]*)(\d+|\*)?(?:\.(\d+))?([a-zA-Z%])")


def printf(template: str, *args: object) -> str:
    """Go's ``fmt.Sprintf`` for the verbs templates use (``%s %d %v %q %f %x %t %%``)."""
    values = list(args)
    out: list[str] = []
    at = 0
    for match in _VERB.finditer(template):
        out.append(template[at : match.start()])
        at = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        if not values:
            out.append(f"%!{verb}(MISSING)")
            continue
        value = values.pop(0)
        out.append(_formatted(value, verb, flags, width, precision))
    out.append(template[at:])
    if values:
        out.append("%!(EXTRA " + ", ".join(go_string(v) for v in values) + ")")
    return "".join(out)


def _formatted(
    value: object, verb: str, flags: str, width: str | None, precision: str | None
) -> str:
    if verb in "sv":
        text = go_string(value)
        if precision is not None and verb == "s":
            text = text[: int(precision)]
    elif verb == "q":
        text = '"' + go_string(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif verb == "t":
        text = go_string(value)
    elif verb in "dxXob" and isinstance(value, int) and not isinstance(value, bool):
        spec = {"d": "d", "x": "x", "X": "X", "o": "o", "b": "b"}[verb]
        text = format(value, spec)
    elif verb in "feg" and isinstance(value, int | float) and not isinstance(value, bool):
        text = format(float(value), f".{precision or 6}{verb}")
    else:
        text = f"%!{verb}({go_string(value)})"
    if width and width != "*":
        size = int(width)
        if size > MAX_WIDTH:
            raise TemplateError(f"printf: width {size} over {MAX_WIDTH:,}")
        if "-" in flags:
            text = text.ljust(size)
        elif "0" in flags and verb in "dfeg":
            sign = "-" if text.startswith("-") else ""
            text = sign + text.lstrip("-").rjust(size - len(sign), "0")
        else:
            text = text.rjust(size)
    return text


def _compare(a: object, b: object) -> int:
    if isinstance(a, bool) or isinstance(b, bool):
        raise TemplateError("incompatible types for comparison")
    if isinstance(a, int | float) and isinstance(b, int | float):
        return (a > b) - (a < b)
    if isinstance(a, str) and isinstance(b, str):
        return (a > b) - (a < b)
    if isinstance(a, datetime) and isinstance(b, datetime):
        return (a > b) - (a < b)
    raise TemplateError(f"incompatible types for comparison: {go_string(a)} and {go_string(b)}")


def _equal(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        if isinstance(a, bool) != isinstance(b, bool):
            raise TemplateError("incompatible types for comparison")
        return a == b
    return a == b


def _index(value: object, *keys: object) -> object:
    for key in keys:
        if isinstance(value, Mapping):
            value = value.get(key)
        elif isinstance(value, list | tuple | str):
            if not isinstance(key, int) or not 0 <= key < len(value):
                raise TemplateError(f"index out of range: {go_string(key)}")
            value = value[key]
        elif value is None:
            raise TemplateError("index of untyped nil")
        else:
            raise TemplateError(f"can't index item of type {type(value).__name__}")
    return value


def _slice(value: object, *bounds: object) -> object:
    if not isinstance(value, list | tuple | str):
        raise TemplateError("can't slice item")
    numbers = [b for b in bounds if isinstance(b, int)]
    if len(numbers) != len(bounds):
        raise TemplateError("slice bounds must be integers")
    start = numbers[0] if numbers else 0
    end = numbers[1] if len(numbers) > 1 else len(value)
    if not 0 <= start <= end <= len(value):
        raise TemplateError("slice index out of range")
    return value[start:end]


def _length(value: object) -> int:
    if isinstance(value, str):
        return len(value.encode("utf-8"))  # Go counts bytes
    if isinstance(value, list | tuple | Mapping):
        return len(value)
    raise TemplateError(f"len of type {type(value).__name__}")


def _println(*args: object) -> str:
    return " ".join(go_string(a) for a in args) + "\n"


def _print(*args: object) -> str:
    # Go puts a space between two operands when neither is a string.
    out: list[str] = []
    for i, arg in enumerate(args):
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(go_string(arg))
    return "".join(out)


def _eq(first: object, *others: object) -> bool:
    if not others:
        raise TemplateError("missing argument for comparison")
    return any(_equal(first, other) for other in others)


BUILTINS: dict[str, Function] = {
    "not": lambda value: not truth(value),
    "eq": _eq,
    "ne": lambda a, b: not _equal(a, b),
    "lt": lambda a, b: _compare(a, b) < 0,
    "le": lambda a, b: _compare(a, b) <= 0,
    "gt": lambda a, b: _compare(a, b) > 0,
    "ge": lambda a, b: _compare(a, b) >= 0,
    "len": _length,
    "index": _index,
    "slice": _slice,
    "printf": lambda template, *args: printf(str(template), *args),
    "print": _print,
    "println": _println,
}


# -- Parsing -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    line: int


@dataclass(frozen=True, slots=True)
class Text(Node):
    text: str


@dataclass(frozen=True, slots=True)
class Field(Node):
    """``.A.B`` on the dot (``base`` None), on a variable, or on a parenthesized value."""

    names: tuple[str, ...]
    base: Operand | None = None


@dataclass(frozen=True, slots=True)
class Variable(Node):
    name: str  # with its $
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: object


@dataclass(frozen=True, slots=True)
class Identifier(Node):
    name: str


@dataclass(frozen=True, slots=True)
class Dot(Node):
    pass


@dataclass(frozen=True, slots=True)
class Command(Node):
    operands: tuple[Operand, ...]


@dataclass(frozen=True, slots=True)
class Pipeline(Node):
    declared: tuple[str, ...]  # variables declared (:=) or assigned (=)
    assign: bool
    commands: tuple[Command, ...]


@dataclass(frozen=True, slots=True)
class Parenthesized(Node):
    pipeline: Pipeline


Operand = Field | Variable | Literal | Identifier | Dot | Parenthesized


@dataclass(frozen=True, slots=True)
class Action(Node):
    pipeline: Pipeline


@dataclass(frozen=True, slots=True)
class Branch(Node):
    """``if``, ``with`` or ``range``: its pipeline, body and ``else`` part."""

    kind: str
    pipeline: Pipeline
    body: tuple[Any, ...]
    otherwise: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class Jump(Node):
    kind: str  # break, continue


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: run it with ``execute``."""

    nodes: tuple[Any, ...]
    name: str = ""


_ACTION = re.compile(r"\{\{(-[ \t\r\n])?(.*?)([ \t\r\n]-)?\}\}", re.DOTALL)
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<comment>/\*.*?\*/)
    | (?P<raw>`[^`]*`)
    | (?P<string>"(?:[^"\\\n]|\\.)*")
    | (?P<char>'(?:[^'\\\n]|\\.)+')
    | (?P<declare>:=)
    | (?P<number>[-+]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+
                   |(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?))
    | (?P<variable>\$[\w]*(?:\.[\w]+)*)
    | (?P<field>(?:\.[\w]+)+)
    | (?P<dot>\.)
    | (?P<word>[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)
    | (?P<punct>[()|=,])
    """,
    re.VERBOSE | re.DOTALL,
)
_KEYWORDS = frozenset({"if", "else", "end", "range", "with", "break", "continue"})
_UNSUPPORTED = frozenset({"define", "template", "block"})


def parse(text: str, name: str = "") -> Template:
    """The template ``text`` parsed; TemplateError (with its line) when Go would refuse
    it, Unsupported for what we cannot run."""
    tokens = _split(text)
    parser = _Parser(tokens)
    nodes, ending = parser.block(0)
    if ending is not None:
        raise TemplateError(f"unexpected {{{{{ending[0]}}}}}", ending[1])
    return Template(tuple(nodes), name)


# (kind: "text" or "action", content, line)
_Piece = tuple[str, str, int]


def _split(text: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    at = 0
    line = 1
    trim_next = False
    for match in _ACTION.finditer(text):
        before = text[at : match.start()]
        if trim_next:
            before = before.lstrip(" \t\r\n")
        if match[1]:
            before = before.rstrip(" \t\r\n")
        if before:
            pieces.append(("text", before, line))
        line += text.count("\n", at, match.start())
        pieces.append(("action", match[2], line))
        line += match[0].count("\n")
        trim_next = bool(match[3])
        at = match.end()
    rest = text[at:]
    if trim_next:
        rest = rest.lstrip(" \t\r\n")
    if "{{" in rest:
        raise TemplateError("unclosed action", line + rest[: rest.index("{{")].count("\n"))
    if rest:
        pieces.append(("text", rest, line))
    return pieces


class _Parser:
    def __init__(self, pieces: list[_Piece]) -> None:
        self._pieces = pieces
        self._at = 0

    def block(self, depth: int) -> tuple[list[Any], tuple[str, int, list[tuple[str, str]]] | None]:
        """Nodes up to an ``else`` or ``end`` (returned with its tokens), or the end."""
        if depth > MAX_DEPTH:
            raise TemplateError("blocks nested too deep", self._line())
        nodes: list[Any] = []
        while self._at < len(self._pieces):
            kind, content, line = self._pieces[self._at]
            self._at += 1
            if kind == "text":
                nodes.append(Text(line, content))
                continue
            tokens = _tokens(content, line)
            if not tokens:
                continue  # a comment
            word = tokens[0][1] if tokens[0][0] == "word" else ""
            if word in ("else", "end"):
                return nodes, (word, line, tokens[1:])
            if word in _UNSUPPORTED:
                raise Unsupported(f"{{{{ {word} }}}} (another template) is not supported", line)
            if word in ("break", "continue"):
                nodes.append(Jump(line, word))
            elif word in ("if", "with", "range"):
                nodes.append(self._branch(word, tokens[1:], line, depth))
            else:
                nodes.append(Action(line, _Pipeline(tokens, line).pipeline()))
        return nodes, None

    def _branch(self, kind: str, tokens: list[tuple[str, str]], line: int, depth: int) -> Branch:
        pipeline = _Pipeline(tokens, line, allow_two=kind == "range").pipeline()
        body, ending = self.block(depth + 1)
        if ending is None:
            raise TemplateError(f"unexpected EOF: {{{{ {kind} }}}} has no {{{{ end }}}}", line)
        word, at, rest = ending
        otherwise: list[Any] = []
        if word == "else":
            if rest and rest[0] == ("word", kind) and kind in ("if", "with"):
                # else if / else with: the rest of the chain is the else part, sharing our end
                otherwise = [self._branch(kind, rest[1:], at, depth)]
                return Branch(line, kind, pipeline, tuple(body), tuple(otherwise))
            if rest:
                raise TemplateError("unexpected tokens after else", at)
            otherwise, ending = self.block(depth + 1)
            if ending is None or ending[0] != "end":
                raise TemplateError(f"{{{{ {kind} }}}} has no {{{{ end }}}}", line)
        return Branch(line, kind, pipeline, tuple(body), tuple(otherwise))

    def _line(self) -> int:
        return self._pieces[min(self._at, len(self._pieces) - 1)][2] if self._pieces else 1


def _tokens(content: str, line: int) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    at = 0
    while at < len(content):
        match = _TOKEN.match(content, at)
        if match is None:
            raise TemplateError(f"unexpected {content[at]!r} in action", line)
        kind = match.lastgroup or ""
        if kind not in ("space", "comment"):
            tokens.append((kind, match.group()))
        at = match.end()
    return tokens


class _Pipeline:
    """One action's tokens read as a pipeline (declarations, commands joined by ``|``)."""

    def __init__(
        self, tokens: list[tuple[str, str]], line: int, *, allow_two: bool = False
    ) -> None:
        self._tokens = tokens
        self._at = 0
        self._line = line
        self._allow_two = allow_two
        self._depth = 0

    def pipeline(self) -> Pipeline:
        declared, assign = self._declarations()
        commands = self._commands(closing=False)
        if self._at != len(self._tokens):
            raise TemplateError(f"unexpected {self._tokens[self._at][1]!r}", self._line)
        return Pipeline(self._line, declared, assign, commands)

    def _declarations(self) -> tuple[tuple[str, ...], bool]:
        tokens = self._tokens
        names: list[str] = []
        at = 0
        while at < len(tokens) and tokens[at][0] == "variable" and "." not in tokens[at][1]:
            names.append(tokens[at][1])
            at += 1
            if at < len(tokens) and tokens[at] == ("punct", ",") and self._allow_two:
                at += 1
                continue
            break
        if names and at < len(tokens) and tokens[at][1] in (":=", "="):
            if len(names) > 2 or (len(names) == 2 and not self._allow_two):
                raise TemplateError("too many declarations", self._line)
            self._at = at + 1
            return tuple(names), tokens[at][1] == "="
        return (), False

    def _commands(self, *, closing: bool) -> tuple[Command, ...]:
        commands = [self._command()]
        while self._at < len(self._tokens) and self._tokens[self._at] == ("punct", "|"):
            self._at += 1
            commands.append(self._command())
        if closing:
            if self._at >= len(self._tokens) or self._tokens[self._at] != ("punct", ")"):
                raise TemplateError("unclosed left paren", self._line)
            self._at += 1
        return tuple(commands)

    def _command(self) -> Command:
        operands: list[Operand] = []
        while self._at < len(self._tokens):
            kind, text = self._tokens[self._at]
            if (kind, text) in (("punct", "|"), ("punct", ")")):
                break
            operands.append(self._operand())
        if not operands:
            raise TemplateError("missing value for command", self._line)
        return Command(self._line, tuple(operands))

    def _operand(self) -> Operand:
        kind, text = self._tokens[self._at]
        self._at += 1
        line = self._line
        if kind == "punct" and text == "(":
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise TemplateError("parentheses nested too deep", line)
            inner = Pipeline(line, (), False, self._commands(closing=True))
            self._depth -= 1
            base: Operand = Parenthesized(line, inner)
            if self._at < len(self._tokens) and self._tokens[self._at][0] == "field":
                names = tuple(self._tokens[self._at][1].split(".")[1:])
                self._at += 1
                return Field(line, names, base)
            return base
        if kind == "field":
            return Field(line, tuple(text.split(".")[1:]))
        if kind == "dot":
            return Dot(line)
        if kind == "variable":
            name, *chain = text.split(".")
            return Variable(line, name, tuple(chain))
        if kind in ("string", "raw", "char", "number"):
            return Literal(line, _literal(kind, text, line))
        if kind == "word":
            if text in ("true", "false"):
                return Literal(line, text == "true")
            if text == "nil":
                return Literal(line, None)
            if text in _KEYWORDS:
                raise TemplateError(f"unexpected {text!r}", line)
            return Identifier(line, text)
        raise TemplateError(f"unexpected {text!r}", line)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a",
            "b": "\b", "f": "\f", "v": "\v", "0": "\0"}  # fmt: skip


def _literal(kind: str, text: str, line: int) -> object:
    if kind == "raw":
        return text[1:-1]
    if kind == "string":
        return re.sub(
            r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)",
            lambda m: (
                chr(int(m[1][1:], 16))
                if m[1][0] in "uUx" and len(m[1]) > 1
                else _ESCAPES.get(m[1], m[1])
            ),
            text[1:-1],
        )
    if kind == "char":
        value = _literal("string", '"' + text[1:-1] + '"', line)
        return ord(str(value)[0])
    clean = text.replace("_", "")
    try:
        if re.fullmatch(r"[-+]?0[xXbBoO].*", clean):
            return int(clean, 0)
        if re.fullmatch(r"[-+]?\d+", clean):
            return int(clean)
        return float(clean)
    except ValueError:
        raise TemplateError(f"bad number {text!r}", line) from None


# -- Running -------------------------------------------------------------------------


class _Jumped(Exception):
    def __init__(self, kind: str) -> None:
        self.kind = kind


@dataclass
class _State:
    functions: Functions
    output: list[str] = field(default_factory=list)
    written: int = 0
    iterations: int = 0
    depth: int = 0
    scopes: list[dict[str, object]] = field(default_factory=list)


def execute(template: Template, data: object, functions: Functions) -> str:
    """Run ``template`` with ``data`` as its dot (and ``$``): what it writes.

    TemplateError (with its line) where Go's template would fail or a limit is met;
    Unsupported for a function not in ``functions`` or the builtins.
    """
    state = _State({**BUILTINS, **functions}, scopes=[{"$": data}])
    try:
        _run(template.nodes, data, state)
    except _Jumped as jump:
        raise TemplateError(f"{{{{ {jump.kind} }}}} outside {{{{ range }}}}") from None
    except RecursionError:
        raise TemplateError("template nested too deep") from None
    return "".join(state.output)


def _run(nodes: Sequence[Any], dot: object, state: _State) -> None:
    for node in nodes:
        if isinstance(node, Text):
            _write(state, node.text, node.line)
        elif isinstance(node, Action):
            value = _pipeline(node.pipeline, dot, state)
            if not node.pipeline.declared:
                _write(state, "" if value is None else go_string(value), node.line)
        elif isinstance(node, Branch):
            _branch(node, dot, state)
        elif isinstance(node, Jump):
            raise _Jumped(node.kind)


def _write(state: _State, text: str, line: int) -> None:
    state.written += len(text)
    if state.written > MAX_OUTPUT:
        raise TemplateError(f"writes more than {MAX_OUTPUT:,} characters", line)
    state.output.append(text)


def _scoped(nodes: Sequence[Any], dot: object, state: _State, values: Mapping[str, object]) -> None:
    state.depth += 1
    if state.depth > MAX_DEPTH:
        raise TemplateError("blocks nested too deep", nodes[0].line if nodes else None)
    state.scopes.append(dict(values))
    try:
        _run(nodes, dot, state)
    finally:
        state.scopes.pop()
        state.depth -= 1


def _branch(node: Branch, dot: object, state: _State) -> None:
    if node.kind == "range":
        _range(node, dot, state)
        return
    # The pipeline's variables live in the branch (both parts), as in Go.
    state.scopes.append({})
    try:
        value = _pipeline(node.pipeline, dot, state)
        if truth(value):
            _scoped(node.body, value if node.kind == "with" else dot, state, {})
        elif node.otherwise:
            _scoped(node.otherwise, dot, state, {})
    finally:
        state.scopes.pop()


def _range(node: Branch, dot: object, state: _State) -> None:
    pipeline = node.pipeline
    value = _pipeline(Pipeline(pipeline.line, (), False, pipeline.commands), dot, state)
    items = _iterate(value, pipeline.line)
    ran = False
    for key, item in items:
        ran = True
        state.iterations += 1
        if state.iterations > MAX_ITERATIONS:
            raise TemplateError(f"more than {MAX_ITERATIONS:,} loop iterations", node.line)
        names = pipeline.declared
        values: dict[str, object] = {}
        if len(names) == 1:
            values[names[0]] = item
        elif len(names) == 2:
            values[names[0]], values[names[1]] = key, item
        try:
            _scoped(node.body, item, state, values)
        except _Jumped as jump:
            if jump.kind == "break":
                break
    if not ran and node.otherwise:
        _scoped(node.otherwise, dot, state, {})


def _iterate(value: object, line: int) -> Iterator[tuple[object, object]]:
    if value is None:
        return iter(())
    if isinstance(value, Mapping):
        return ((k, value[k]) for k in sorted(value, key=_sort_key))
    if isinstance(value, list | tuple):
        return iter(enumerate(value))
    if isinstance(value, int) and not isinstance(value, bool):
        if value > MAX_ITERATIONS:
            raise TemplateError(f"more than {MAX_ITERATIONS:,} loop iterations", line)
        return ((i, i) for i in range(value))
    raise TemplateError(f"range can't iterate over {go_string(value)}", line)


def _item_key(item: tuple[object, object]) -> tuple[int, float, str]:
    return _sort_key(item[0])


def _sort_key(key: object) -> tuple[int, float, str]:
    """Map keys in Go's order: numbers by value, text by its bytes."""
    if isinstance(key, int | float):
        return (0, float(key), "")
    return (1, 0.0, str(key))


def _pipeline(pipeline: Pipeline, dot: object, state: _State) -> object:
    value: object = None
    for i, command in enumerate(pipeline.commands):
        value = _command(command, dot, state, piped=(value,) if i else ())
    if pipeline.declared:
        name = pipeline.declared[0]
        if pipeline.assign:
            for scope in reversed(state.scopes):
                if name in scope:
                    scope[name] = value
                    break
            else:
                raise TemplateError(f"undefined variable: {name}", pipeline.line)
        else:
            state.scopes[-1][name] = value
    return value


def _command(command: Command, dot: object, state: _State, piped: tuple[object, ...]) -> object:
    first, *rest = command.operands
    state.depth += 1
    if state.depth > MAX_DEPTH:
        raise TemplateError("calls nested too deep", command.line)
    try:
        if isinstance(first, Identifier):
            return _call(first, rest, dot, state, piped)
        if isinstance(first, Field) and (rest or piped):
            # A method called with arguments: $.AddPage (dict ...), .Site.GetPage "x".
            target = _operand(Field(first.line, first.names[:-1], first.base), dot, state)
            method = _member(target, first.names[-1], first.line, call=True)
            args = [_operand(o, dot, state) for o in rest] + list(piped)
            return _invoke(method, args, first.names[-1], first.line)
        if isinstance(first, Variable) and first.names and (rest or piped):
            target = _operand(Variable(first.line, first.name, first.names[:-1]), dot, state)
            method = _member(target, first.names[-1], first.line, call=True)
            args = [_operand(o, dot, state) for o in rest] + list(piped)
            return _invoke(method, args, first.names[-1], first.line)
        if rest or piped:
            raise TemplateError("can't give argument to non-function", command.line)
        return _operand(first, dot, state)
    finally:
        state.depth -= 1


def _call(
    name: Identifier, rest: Sequence[Operand], dot: object, state: _State, piped: tuple[object, ...]
) -> object:
    if name.name in ("and", "or"):  # short-circuit, the last value evaluated returned
        operands = [*rest]
        value: object = None
        for i, operand in enumerate(operands):
            value = _operand(operand, dot, state)
            last = i == len(operands) - 1 and not piped
            if not last and truth(value) != (name.name == "and"):
                return value
        if piped:
            value = piped[0]
        if not operands and not piped:
            raise TemplateError(f"wrong number of args for {name.name}", name.line)
        return value
    function, chain = _function(name, state.functions)
    args = [_operand(o, dot, state) for o in rest] + list(piped)
    if not chain:
        return _invoke(function, args, name.name, name.line)
    # ``site.Data.x``: the function ``site``, then fields of what it returns (the last
    # one called with the arguments, as Go's chain nodes are).
    value = _invoke(function, [], chain[0], name.line)
    value = _fields(value, chain[1:-1], name.line)
    return _invoke(_member(value, chain[-1], name.line, call=True), args, name.name, name.line)


def _function(name: Identifier, functions: Functions) -> tuple[Function, list[str]]:
    """The function a (dotted) name calls, and the fields after it."""
    parts = name.name.split(".")
    for end in range(len(parts), 0, -1):
        found = functions.get(".".join(parts[:end]))
        if found is not None:
            return found, ([".".join(parts[:end]), *parts[end:]] if end < len(parts) else [])
    raise Unsupported(f"function {name.name!r} is not supported", name.line)


def _invoke(function: object, args: list[object], name: str, line: int) -> object:
    if not callable(function):
        if args:
            raise TemplateError(f"{name} is not a method but has arguments", line)
        return function
    try:
        value = function(*args)
    except TemplateError as exc:
        if exc.line is None:
            exc.line = line
        raise
    except (TypeError, ValueError, KeyError, IndexError, ZeroDivisionError, AttributeError) as exc:
        raise TemplateError(f"error calling {name}: {exc}", line) from None
    except (OverflowError, MemoryError):
        raise TemplateError(f"error calling {name}: too large a value", line) from None
    check_size(value, line)
    return value


def check_size(value: object, line: int | None = None) -> None:
    """TemplateError when a value is over our limits (MAX_VALUE_CHARS, MAX_VALUE_ITEMS)."""
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        raise TemplateError(f"a text value longer than {MAX_VALUE_CHARS:,} characters", line)
    if isinstance(value, list | tuple | dict) and len(value) > MAX_VALUE_ITEMS:
        raise TemplateError(f"a list or map of more than {MAX_VALUE_ITEMS:,} items", line)


def _operand(operand: Operand, dot: object, state: _State) -> object:
    if isinstance(operand, Literal):
        return operand.value
    if isinstance(operand, Dot):
        return dot
    if isinstance(operand, Variable):
        value = _variable(operand, state)
        return _fields(value, operand.names, operand.line)
    if isinstance(operand, Field):
        base = dot if operand.base is None else _operand(operand.base, dot, state)
        return _fields(base, operand.names, operand.line)
    if isinstance(operand, Parenthesized):
        return _pipeline(operand.pipeline, dot, state)
    if isinstance(operand, Identifier):
        return _call(operand, [], dot, state, ())
    raise TemplateError("unexpected operand", operand.line)


def _variable(operand: Variable, state: _State) -> object:
    for scope in reversed(state.scopes):
        if operand.name in scope:
            return scope[operand.name]
    raise TemplateError(f"undefined variable: {operand.name}", operand.line)


def _fields(value: object, names: Sequence[str], line: int) -> object:
    for name in names:
        member = _member(value, name, line, call=False)
        value = member() if callable(member) else member
    return value


def _member(value: object, name: str, line: int, *, call: bool) -> object:
    """A map's key, or an object's exported field or method (``Name`` as written)."""
    if isinstance(value, Mapping):
        return value.get(name)
    if value is None:
        raise TemplateError(f"nil pointer evaluating .{name}", line)
    members = getattr(value, "template_members", None)
    if isinstance(members, Mapping) and name in members:
        return members[name]
    shown = getattr(value, "template_name", type(value).__name__)
    raise Unsupported(f"{shown}.{name} is not supported", line)
