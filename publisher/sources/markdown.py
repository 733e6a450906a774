"""Markdown sources: front matter (YAML between ``---`` lines, TOML between ``+++``, JSON, or
Pelican's ``Key: value`` header), then a Markdown body."""

from __future__ import annotations

from typing import Any

import yaml

from publisher.errors import SourceError
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions
from publisher.sources.frontmatter import detect, pelican_meta, split_front_matter
from publisher.sources.plainyaml import plain_front_matter

_CLOSE = ("---", "...")
# How many values aliases may add to front matter when expanded: anchors for a version
# repeated in a few fields add a handful; an alias bomb adds billions.
ALIAS_BUDGET = 10_000
# Sizes stop growing here (far above any text's node count), so bombs make no huge ints.
_SIZE_CAP = 1 << 62
_STR_TAG = "tag:yaml.org,2002:str"


# libyaml's loader when present: front matter parsing dominates a cold build otherwise.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _reject_aliases(root: yaml.Node, first_line: int, path: str) -> None:
    """Refuse aliases that blow up what they stand for (alias bombs, billion laughs) or
    stand inside their own anchor; ordinary ones (``version: &v v2.3`` ... ``*v``,
    which Hugo sites use) are fine. An alias shows as a node met twice: walking the
    graph once, each node's size with every alias expanded is known without expanding
    anything, so a bomb costs no more to refuse than its text to read."""
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
        # Pushed in reverse so nodes are met in document order: the alias comes second.
        if isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                stack += [(v, k, False), (k, k, False)]
        elif isinstance(node, yaml.SequenceNode):
            # An alias in a list: report the list's line, not the anchor's.
            stack += [(item, node, False) for item in reversed(node.value)]
    distinct = len(size)
    if first_alias is not None and size[id(root)] > distinct + ALIAS_BUDGET:
        raise SourceError(
            f"invalid front matter: aliases expand it by more than {ALIAS_BUDGET:,} values",
            path=path,
            line=first_line + first_alias[1].start_mark.line,
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class MarkdownReader:
    """Reads ``.md`` files with YAML, TOML, JSON or Pelican front matter."""

    def read(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Split front matter from body and parse the front matter (YAML safely)."""
        lines = text.split("\n")
        if options.generator == "pelican" or not lines or detect(lines[0]) != "yaml":
            found = (
                pelican_meta(text)
                if options.generator == "pelican"
                else (split_front_matter(text, path))
            )
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


def _parse_yaml(
    text: str, path: str, *, first_line: int
) -> tuple[dict[str, object], dict[str, int]]:
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
        _reject_aliases(node, first_line, path)
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
    except RecursionError:  # the pure-Python loader recurses once per nesting level
        raise SourceError(
            "invalid front matter: nested too deeply", path=path, line=first_line
        ) from None
    finally:
        loader.dispose()
    return data, field_lines
