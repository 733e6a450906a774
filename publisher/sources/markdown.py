"""Markdown sources: front matter (YAML between ``---`` lines, TOML between ``+++``, JSON, or
Pelican's ``Key: value`` header), then a Markdown body."""

from __future__ import annotations

from dataclasses import replace

from publisher.errors import SourceError
from publisher.limits import check_front_matter
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions
from publisher.sources.frontmatter import detect, pelican_meta, split_front_matter
from publisher.sources.plainyaml import plain_front_matter

_CLOSE = ("---", "...")
# Sizes stop growing here (far above any text's node count), so bombs make no huge ints.
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
    # PyYAML only for what the plain reader leaves: an edit of plain front matter
    # rebuilds without importing it (~10 ms).
    from publisher.sources.libyaml import parse_with_libyaml

    return parse_with_libyaml(text, path, first_line=first_line)
