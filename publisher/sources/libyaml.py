"""YAML front matter that is not plain ``key: value`` lines, parsed by libyaml.

PyYAML's C loader composes the document, the node graph is checked in our words
(aliases, unknown tags, impossible dates), then PyYAML's safe constructors build the
values. Imported only for such front matter (``sources/plainyaml.py`` reads the rest).
"""

from __future__ import annotations

from typing import Any, ClassVar

import yaml
from yaml.constructor import SafeConstructor

from publisher.dates import impossible
from publisher.errors import SourceError
from publisher.limits import FRONT_MATTER_ALIAS_VALUES

_SIZE_CAP = 1 << 62
_YAML_TAGS = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAGS + "str"
_TIMESTAMP_TAG = _YAML_TAGS + "timestamp"
# The tags PyYAML's safe loader builds values for (text, numbers, dates, lists...), and
# merge keys ('<<'), which the key check below refuses in its own words.
_SAFE_TAGS = frozenset(tag for tag in SafeConstructor.yaml_constructors if tag is not None) | {
    _YAML_TAGS + "merge"
}


# libyaml's loader when present: front matter parsing dominates a cold build otherwise.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_nodes(root: yaml.Node, first_line: int, path: str, what: str = "front matter") -> None:
    """Refuse, in our words and naming the line, what would make the constructor fail
    or do harm: aliases that blow up what they stand for (alias bombs, billion laughs)
    or stand inside their own anchor, tags no safe constructor knows
    (``!!python/object``), and impossible dates. Ordinary aliases (``version: &v v2.3``
    ... ``*v``, which Hugo sites use) are fine. An alias shows as a node met twice:
    walking the graph once, each node's size with every alias expanded is known without
    expanding anything, so a bomb costs no more to refuse than its text to read."""
    first_alias: tuple[yaml.Node, yaml.Node] | None = None
    size: dict[int, int] = {}  # node -> how many nodes it stands for, expanded
    open_nodes: set[int] = set()  # met, their children not all sized yet
    stack: list[tuple[yaml.Node, yaml.Node, bool]] = [(root, root, False)]
    while stack:
        node, holder, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            size[key] = min(_SIZE_CAP, 1 + sum(size[id(c)] for c in _children(node)))
            continue
        if key in open_nodes:
            raise SourceError(
                f"invalid {what}: an alias inside its own anchor",
                path=path,
                line=first_line + holder.start_mark.line,
            )
        if key in size:
            first_alias = first_alias or (node, holder)
            continue
        open_nodes.add(key)
        stack.append((node, holder, True))
        line = first_line + node.start_mark.line
        if node.tag not in _SAFE_TAGS:
            shown = node.tag.replace(_YAML_TAGS, "!!")
            raise SourceError(
                f"invalid {what}: unknown tag {shown!r} ({what} holds text, "
                "numbers, dates, lists and mappings)",
                path=path,
                line=line,
            )
        if node.tag == _TIMESTAMP_TAG:
            _check_timestamp(str(node.value), path, line, what)
        # Pushed in reverse so nodes are met in document order: the alias comes second.
        if isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                stack += [(v, k, False), (k, k, False)]
        elif isinstance(node, yaml.SequenceNode):
            # An alias in a list: report the list's line, not the anchor's.
            stack += [(item, node, False) for item in reversed(node.value)]
    distinct = len(size)
    if first_alias is not None and size[id(root)] > distinct + FRONT_MATTER_ALIAS_VALUES:
        raise SourceError(
            f"invalid {what}: aliases expand it by more than {FRONT_MATTER_ALIAS_VALUES:,} values",
            path=path,
            line=first_line + first_alias[1].start_mark.line,
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_timestamp(value: str, path: str, line: int, what: str) -> None:
    parts = SafeConstructor.timestamp_regexp.match(value)
    if parts is None:
        return  # the resolver and the constructor share the pattern: cannot happen
    year, month, day, hour, minute, second = (
        int(parts[name] or 0) for name in ("year", "month", "day", "hour", "minute", "second")
    )
    reason = impossible(year, month, day, hour, minute, second)
    if reason:
        raise SourceError(
            f"invalid {what}: impossible date {value!r}: {reason}", path=path, line=line
        )


def parse_with_libyaml(
    text: str, path: str, *, first_line: int
) -> tuple[dict[str, object], dict[str, int]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        _check_nodes(node, first_line, path)
        if not isinstance(node, yaml.MappingNode):
            raise SourceError("front matter must be 'key: value' lines", path=path, line=first_line)
        field_lines: dict[str, int] = {}
        for key_node, _ in node.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR_TAG:
                shown = repr(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "a list"
                if isinstance(key_node, yaml.MappingNode):
                    shown = "a mapping"
                raise SourceError(
                    f"front matter key {shown} is not text: use a word such as 'title'",
                    path=path,
                    line=line,
                )
            field_lines.setdefault(str(key_node.value), line)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        reason = exc.problem or exc.context or "invalid YAML"
        raise SourceError(f"invalid front matter: {reason}", path=path, line=line) from None
    except yaml.reader.ReaderError as exc:  # DEL and C1 controls: legal XML, but not YAML
        line = first_line + text.count("\n", 0, exc.position)
        raise SourceError(
            f"invalid front matter: character U+{exc.character:04X} is not allowed in YAML",
            path=path,
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())  # one line per problem
        raise SourceError(f"invalid front matter: {reason}", path=path, line=first_line) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # e.g. a timestamp YAML recognizes but cannot build (2026-02-30)
        raise SourceError(f"invalid front matter: {exc}", path=path, line=first_line) from None
    finally:
        loader.dispose()
    return data, field_lines


class _TextDatesLoader(_Loader):  # type: ignore[misc]
    """The loader with timestamps left as text (Hugo's YAML decoder)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP_TAG]
        for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    }


def load_data(text: str, path: str, *, dates: bool = True) -> object:
    """A site's YAML data file (Jekyll's ``_data``, what a Hugo content adapter reads),
    with front matter's checks: an alias bomb, an unknown tag or an impossible date is
    a ``SourceError`` naming the line, never a blown-up value. ``dates=False`` leaves
    timestamps as text, as Hugo's decoder does."""
    loader = (_Loader if dates else _TextDatesLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node, 1, path, "data")
        return loader.construct_document(node)
    finally:
        loader.dispose()
