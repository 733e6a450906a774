"""The ``click-reference`` directive: a command's reference, read from its click object.

In a page::

    ```{click-reference} build
    ```

writes the usage line, the help text and every argument and option of
``publisher build`` (names, metavar, help, default, range), exactly as ``--help``
has them, when the site is built. No argument documents the ``publisher`` group
itself and lists its commands. The pages cannot drift from the CLI: there is no
second copy to keep up to date.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

import click
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

from publisher.cli import cli

_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True, slots=True)
class Param:
    """One argument or option as ``--help`` shows it: its names and metavar, its help."""

    names: str
    help: str


@dataclass(frozen=True, slots=True)
class Reference:
    """Everything the reference of one command (or the group) shows."""

    usage: str
    paragraphs: tuple[str, ...]  # a paragraph starting with "\b\n" is shown as written
    arguments: tuple[Param, ...]
    options: tuple[Param, ...]
    commands: tuple[Param, ...]  # the group's commands and their short help


def describe(name: str = "") -> Reference:
    """The reference of ``publisher NAME`` (of the group when ``name`` is empty)."""
    # With each command's context settings, as when it runs (`-h` as well as `--help`).
    group_context = click.Context(cli, info_name="publisher", **cli.context_settings)
    command: click.Command = cli
    context = group_context
    if name:
        found = cli.get_command(group_context, name)
        if found is None:
            raise ValueError(f"publisher has no command {name!r}")
        command = found
        settings = command.context_settings
        context = click.Context(command, info_name=name, parent=group_context, **settings)
    usage = " ".join([context.command_path, *command.collect_usage_pieces(context)])
    arguments = tuple(
        Param(" ".join(param.get_usage_pieces(context)), _argument_help(param))
        for param in command.get_params(context)
        if isinstance(param, click.Argument)
    )
    options = tuple(
        Param(*record)
        for param in command.get_params(context)
        if isinstance(param, click.Option)
        and (record := param.get_help_record(context)) is not None
    )
    commands: tuple[Param, ...] = ()
    if isinstance(command, click.Group):
        commands = tuple(
            Param(sub, command.commands[sub].get_short_help_str(limit=200))
            for sub in command.list_commands(context)
        )
    return Reference(usage, _paragraphs(command.help or ""), arguments, options, commands)


def _argument_help(argument: click.Argument) -> str:
    """Arguments have no help text in click: say what the usage line's brackets mean."""
    count = "one or more" if argument.nargs == -1 else "one"
    return f"{count} (required)" if argument.required else f"{count}, optional"


def _paragraphs(help_text: str) -> tuple[str, ...]:
    """The help text's paragraphs, as click wraps them (``\\f`` ends what is shown)."""
    text = inspect.cleandoc(help_text).split("\f", 1)[0]
    return tuple(block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip())


def reference_nodes(reference: Reference) -> list[nodes.Node]:
    """The reference as docutils nodes: usage, help text, then definition lists."""
    made: list[nodes.Node] = [nodes.literal_block(reference.usage, reference.usage)]
    for paragraph in reference.paragraphs:
        if paragraph.startswith("\b"):  # click's mark for "keep these lines as written"
            kept = inspect.cleandoc(paragraph[1:].lstrip("\n"))
            made.append(nodes.literal_block(kept, kept))
        else:
            made.append(nodes.paragraph("", "", *_inline(" ".join(paragraph.split()))))
    for heading, params in (
        ("Arguments", reference.arguments),
        ("Options", reference.options),
        ("Commands", reference.commands),
    ):
        if params:
            made.append(nodes.rubric(heading, heading))
            made.append(_definitions(params))
    return made


def _definitions(params: tuple[Param, ...]) -> nodes.definition_list:
    items = [
        nodes.definition_list_item(
            "",
            nodes.term("", "", nodes.literal(param.names, param.names)),
            nodes.definition("", nodes.paragraph("", "", *_inline(param.help))),
        )
        for param in params
    ]
    return nodes.definition_list("", *items)


def _inline(text: str) -> list[nodes.Node]:
    """Text with its `code spans` as literals."""
    parts = _CODE.split(text)
    return [
        nodes.literal(part, part) if index % 2 else nodes.Text(part)
        for index, part in enumerate(parts)
        if part
    ]


class ClickReference(SphinxDirective):
    """``{click-reference} [COMMAND]``: the reference of ``publisher COMMAND``."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0] if self.arguments else ""
        try:
            reference = describe(name)
        except ValueError as exc:
            raise self.error(str(exc)) from None
        return reference_nodes(reference)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_directive("click-reference", ClickReference)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
