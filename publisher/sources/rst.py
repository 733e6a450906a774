"""reStructuredText sources, as Pelican's ``RstReader`` reads them (pelican/readers.py):
docutils' standalone reader, the document's title as the title, the field list after
it (``:date:``, ``:slug:``, ``:tags:``, ``:category:``, ``:summary:``, ``:status:`` …) as
metadata with lowercased names, and the body as HTML (docutils' html4css1 writer, which
Pelican's writer extends). Only Pelican sites read ``.rst`` (``sources.list_sources``).

Differences, on purpose: no file is ever inserted (``include``, ``raw``/``csv-table``
with a file or URL: a feed builder reads no file a source names), and code is not
highlighted (Pygments' markup would be sanitized away anyway; the text is the same).
A problem docutils reports at WARNING or above fails the file, as in Pelican
(``halt_level`` 2), with its line.
"""

from __future__ import annotations

import functools
import re
from io import StringIO
from typing import Any, ClassVar

from publisher.errors import SourceError
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions
from publisher.sources.frontmatter import pelican_list

# Pelican's METADATA_PROCESSORS that split a list (``ensure_metadata_list``).
_LISTS = frozenset({"tags", "authors"})
# docutils' "<string>:12: (WARNING/2) Title underline too short."
_SYSTEM_MESSAGE = re.compile(r"^[^:]*:(?P<line>\d*): \((?P<level>\w+)/\d\) (?P<text>.*)", re.S)
_SETTINGS: dict[str, Any] = {
    "initial_header_level": 2,  # Pelican's
    "syntax_highlight": "none",
    "input_encoding": "unicode",
    "halt_level": 2,  # Pelican's: a warning stops the file
    "report_level": 5,  # nothing printed: the halt says it
    "traceback": True,
    "file_insertion_enabled": False,
    "raw_enabled": True,  # raw HTML is sanitized with the rest of the body
    "embed_stylesheet": False,
    "stylesheet_path": "",
    "_disable_config": True,
}


class RstReader:
    """Reads ``.rst`` files: title, Pelican's field list, HTML body."""

    def read(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        from docutils import nodes

        document, body = _publish(text, path)
        fields: dict[str, object] = {}
        field_lines: dict[str, int] = {}
        title = document.next_node(nodes.title)
        if title is not None and title.parent is document:
            fields["title"] = title.astext()
            field_lines["title"] = title.line or 1
        for docinfo in document.findall(nodes.docinfo):
            for element in docinfo.children:
                name, value = _field(element)
                if name:
                    fields[name] = value
                    field_lines.setdefault(name, (element.line or 1) - 1 or 1)
        return SourceDoc(
            path=path,
            rel=rel,
            fields=fields,
            field_lines=field_lines,
            body=body,
            body_format="html",
            body_line=1,
        )


def _field(element: Any) -> tuple[str, object]:
    """One docinfo entry as Pelican's ``_parse_metadata`` names it."""
    from docutils import nodes

    if isinstance(element, nodes.field):
        name_node, body_node = element.children
        name = name_node.astext().lower()
        value: object = body_node.astext()
    elif isinstance(element, nodes.authors):
        name = "authors"
        value = [author.astext() for author in element.children]
    else:
        name = element.tagname.lower()
        value = element.astext()
    if name in _LISTS and isinstance(value, str):
        value = pelican_list(value)
    elif isinstance(value, str):
        value = value.strip()
    return name, value


def _publish(text: str, path: str) -> tuple[Any, str]:
    """The doctree and the HTML body; SourceError naming the line docutils stopped at."""
    import docutils.core
    import docutils.io
    import docutils.utils

    _register_directives()
    settings = {**_SETTINGS, "warning_stream": StringIO()}
    publisher = docutils.core.Publisher(
        reader="standalone",
        parser="restructuredtext",
        writer="html4css1",
        source_class=docutils.io.StringInput,
        destination_class=docutils.io.StringOutput,
    )
    publisher.process_programmatic_settings(None, settings, None)
    publisher.set_source(text, path)
    try:
        publisher.publish()
    except docutils.utils.SystemMessage as exc:
        match = _SYSTEM_MESSAGE.match(str(exc))
        if match is None:
            raise SourceError(f"reStructuredText: {exc}", path=path) from None
        reason = " ".join(match["text"].split())
        line = match["line"] or (re.match(r"Line (\d+) ", reason) or [None, ""])[1]
        raise SourceError(
            f"reStructuredText {match['level'].lower()}: {reason}",
            path=path,
            line=int(line) if line else None,
        ) from None
    except RecursionError:
        raise SourceError("reStructuredText nested too deeply", path=path) from None
    return publisher.document, str(publisher.writer.parts["body"])


@functools.cache  # docutils' directive registry is global: register once
def _register_directives() -> None:
    """Pelican's ``code-block`` and ``sourcecode`` (pelican/rstdirectives.py), as
    docutils' ``code`` with Pelican's Pygments options accepted and left aside."""
    from docutils.parsers.rst import directives
    from docutils.parsers.rst.directives.body import CodeBlock

    flag = directives.flag
    unchanged = directives.unchanged

    class PelicanCode(CodeBlock):  # type: ignore[misc]
        option_spec: ClassVar[dict[str, Any]] = {
            **CodeBlock.option_spec,
            **dict.fromkeys(("anchorlinenos", "noclasses", "nobackground", "nowrap"), flag),
            **dict.fromkeys(
                (
                    *("classprefix", "hl_lines", "lineanchors", "linenos", "linenospecial"),
                    *("linenostart", "linenostep", "lineseparator", "linespans"),
                    *("tagsfile", "tagurlformat"),
                ),
                unchanged,
            ),
        }

        def run(self) -> Any:
            for name in list(self.options):
                if name not in CodeBlock.option_spec:
                    del self.options[name]
            return super().run()

    for name in ("code-block", "sourcecode"):
        directives.register_directive(name, PelicanCode)
