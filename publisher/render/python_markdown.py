"""The ``python-markdown`` flavour: Python-Markdown with the site's extensions.

Without settings of its own a site renders exactly as publisher always has (the
extensions of ``extra``, sane lists, HTML output), so its published bytes never change;
Pelican sites name Pelican's ``MARKDOWN`` extensions.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

from publisher.render.settings import BUILT_IN_EXTENSIONS, MarkdownSettings

# Read by publisher's own reader before the body is rendered; in the body it would take
# a first paragraph of "Key: value" lines for a header.
_HEADER = "markdown.extensions.meta"


class PythonMarkdown:
    """One Python-Markdown converter, reset between bodies."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self._settings = settings
        self._markdown = _new_markdown(settings)

    def convert(self, body: str) -> str:
        return str(self._markdown.reset().convert(body))

    def recover(self) -> None:
        """After a failure the converter's state is unknown: a new one."""
        self._markdown = _new_markdown(self._settings)


def _new_markdown(settings: MarkdownSettings) -> markdown.Markdown:
    if settings.is_default:
        # Extension objects, not names: names are looked up through every installed
        # package's entry points (30 ms, more than an edit renders). These are what
        # Python-Markdown's "extra" loads by name, in its order.
        extra = [
            FencedCodeExtension(), FootnoteExtension(), AttrListExtension(), DefListExtension(),
            TableExtension(), AbbrExtension(), MarkdownInHtmlExtension(),
        ]  # fmt: skip
        return markdown.Markdown(extensions=[*extra, SaneListExtension()], output_format="html")
    names = [_module(name) for name in settings.extensions]
    if settings.typographer:
        names.append(_module("smarty"))
    configs: dict[str, dict[str, Any]] = {}
    for name, options in settings.extension_configs:
        configs[_module(name)] = dict(options)
    names = [name for name in dict.fromkeys(names) if name != _HEADER]
    if _module("codehilite") in names:
        # Code is never coloured in a feed (readers drop styles, the sanitizer classes):
        # without Pygments the output is the same whether or not it is installed.
        configs[_module("codehilite")] = {
            **configs.get(_module("codehilite"), {}),
            "use_pygments": False,
        }
    converter = markdown.Markdown(
        extensions=names,
        extension_configs={name: configs[name] for name in names if name in configs},
        output_format="html",
    )
    if settings.extract_toc:
        # After the toc extension's own treeprocessor (priority 5) has placed it.
        converter.treeprocessors.register(_ExtractToc(converter), "extract_toc", 4)
    return converter


class _ExtractToc(Treeprocessor):  # type: ignore[misc]
    """The first table of contents (``<div class="toc">``) taken out of the body when it
    lists at least one heading, as Pelican's extract_toc plugin does for its templates
    to show beside the article (pelican-plugins' extract_toc.py): Pelican's feeds carry
    the article without it."""

    def run(self, root: Element) -> None:
        for parent in root.iter():
            for child in parent:
                if child.tag == "div" and "toc" in (child.get("class") or "").split():
                    if next(child.iter("li"), None) is not None:
                        parent.remove(child)
                    return


def _module(name: str) -> str:
    """An extension's importable name: Python-Markdown's own by their short names (a
    lookup through installed packages' entry points otherwise)."""
    return f"markdown.extensions.{name}" if name in BUILT_IN_EXTENSIONS else name
