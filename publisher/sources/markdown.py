"""Markdown sources: front matter (YAML between ``---`` lines, TOML between ``+++``, JSON, or
Pelican's ``Key: value`` header), then a Markdown body."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from publisher.dates import impossible
from publisher.errors import SourceError
from publisher.limits import FRONT_MATTER_ALIAS_VALUES, check_front_matter
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions
from publisher.sources.frontmatter import detect, pelican_meta, split_front_matter
from publisher.sources.plainyaml import plain_front_matter

_CLOSE = ("---", "...")
# Sizes stop growing here (far above any text's node count), so bombs make no huge ints.
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


def _check_nodes(root: yaml.Node, first_line: int, path: str) -> None:
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
                "invalid front matter: an alias inside its own anchor",
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
                f"invalid front matter: unknown tag {shown!r} (front matter holds text, "
                "numbers, dates, lists and mappings)",
                path=path,
                line=line,
            )
        if node.tag == _TIMESTAMP_TAG:
            _check_timestamp(str(node.value), path, line)
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
            "invalid front matter: aliases expand it by more than "
            f"{FRONT_MATTER_ALIAS_VALUES:,} values",
            path=path,
            line=first_line + first_alias[1].start_mark.line,
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_timestamp(value: str, path: str, line: int) -> None:
    parts = SafeConstructor.timestamp_regexp.match(value)
    if parts is None:
        return  # the resolver and the constructor share the pattern: cannot happen
    year, month, day, hour, minute, second = (
        int(parts[name] or 0) for name in ("year", "month", "day", "hour", "minute", "second")
    )
    reason = impossible(year, month, day, hour, minute, second)
    if reason:
        raise SourceError(
            f"invalid front matter: impossible date {value!r}: {reason}", path=path, line=line
        )


# What may come before front matter where a generator allows it (Hugo's page lexer).
_LEADING_BLANK = " \t\r\n\ufeff"


class MarkdownReader:
    """Reads ``.md`` files with YAML, TOML, JSON or Pelican front matter."""

    def read(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Split front matter from body and parse the front matter (YAML safely), as the
        site's generator finds it (``options.generator``)."""
        if not options.generator:
            return self._read(text, path=path, rel=rel)
        from publisher.generators import generator_named

        rules = generator_named(options.generator)
        if rules is None:
            return self._read(text, path=path, rel=rel)
        found = text
        if rules.front_matter.after_blank:
            found = text.lstrip(_LEADING_BLANK)
        kind = detect(found.split("\n", 1)[0])
        if kind not in rules.front_matter.kinds:
            if rules.front_matter.optional:  # a page without front matter: all body
                body = text.removeprefix("\ufeff")
                return SourceDoc(path=path, rel=rel, fields={}, field_lines={}, body=body,
                                 body_format="markdown", body_line=1)  # fmt: skip
            found = text
        skipped = text.count("\n", 0, len(text) - len(found))
        split = 0
        if rules.front_matter.closed_by_prefix and kind in ("yaml", "toml"):
            found, split = _split_closing(found, "---" if kind == "yaml" else "+++")
        try:
            doc = self._read(found, path=path, rel=rel, pelican=options.generator == "pelican")
        except SourceError as exc:
            if skipped and exc.line is not None:
                raise SourceError(exc.message, path=exc.path, line=exc.line + skipped) from None
            raise
        if not skipped and not split:
            return doc
        return replace(
            doc,
            field_lines={k: v + skipped for k, v in doc.field_lines.items()},
            body_line=doc.body_line + skipped - split,
        )

    def _read(self, text: str, *, path: str, rel: str, pelican: bool = False) -> SourceDoc:
        """``pelican``: a Pelican site's header, read as Python-Markdown's meta extension
        reads it (a ``---`` line may open it), never as YAML."""
        lines = text.split("\n")
        if pelican or not lines or detect(lines[0]) != "yaml":
            found = pelican_meta(text) if pelican else split_front_matter(text, path)
            return SourceDoc(
                path=path,
                rel=rel,
                fields=found.fields,
                field_lines=found.field_lines,
                body=found.body,
                body_format="markdown",
                body_line=found.body_line,
            )
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _CLOSE), None)
        if end is None:
            raise SourceError("front matter is not closed: add a '---' line", path=path, line=1)
        fields, field_lines = _parse_yaml("\n".join(lines[1:end]), path, first_line=2)
        body = "\n".join(lines[end + 1 :])
        return SourceDoc(
            path=path,
            rel=rel,
            fields=fields,
            field_lines=field_lines,
            body=body,
            body_format="markdown",
            body_line=end + 2,
        )


def _split_closing(text: str, fence: str) -> tuple[str, int]:
    """``text`` with a closing line that only starts with ``fence`` (``----------``) cut
    after it, its rest starting the body; and 1 when cut (a line was added), else 0."""
    lines = text.split("\n")
    for index in range(1, len(lines)):
        line = lines[index]
        if line.startswith(fence):
            if line.rstrip() in (fence, "..."):
                return text, 0
            lines[index : index + 1] = [fence, line[len(fence) :]]
            return "\n".join(lines), 1
        if fence == "---" and line.rstrip() == "...":
            return text, 0
    return text, 0


def _parse_yaml(
    text: str, path: str, *, first_line: int
) -> tuple[dict[str, object], dict[str, int]]:
    exceeded = check_front_matter(text, "yaml")
    if exceeded is not None:
        raise SourceError(exceeded.message, path=path, line=first_line + exceeded.line - 1)
    plain = plain_front_matter(text, first_line=first_line)
    if plain is not None:
        return plain
    return _parse_with_libyaml(text, path, first_line=first_line)


def _parse_with_libyaml(
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
