"""The documentation says what the code does.

The site itself is built with warnings as errors by .ci/run (broken links to pages and
headings fail it); these tests check what Sphinx cannot: that each command's page
carries the reference generated from click and that the reference shows every option,
that the configuration page matches ``publisher/config.py``, and that every path and
Python name the pages mention exists.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import tomllib
from dataclasses import MISSING, fields
from pathlib import Path
from types import ModuleType

import click
import pytest

from publisher import config as config_module
from publisher.cli import cli
from publisher.config import Config, load_config
from publisher.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.relative_to(DOCS).parts)
MANUAL = [REPO / "README.md", REPO / "CONTRIBUTING.md", *PAGES]


def _click_reference() -> ModuleType:
    """docs/_ext/click_reference.py, the Sphinx extension (not an installed module)."""
    path = DOCS / "_ext" / "click_reference.py"
    spec = importlib.util.spec_from_file_location("click_reference", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _words(text: str) -> str:
    return " ".join(text.split())


# --- commands ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_a_page_ending_with_its_reference(name: str) -> None:
    page = DOCS / "commands" / f"{name}.md"
    assert page.is_file(), f"no page for `publisher {name}`"
    text = page.read_text(encoding="utf-8")
    assert f"```{{click-reference}} {name}\n```" in text, f"{page.name} lacks its reference"
    assert f"[`publisher {name}`]({name}.md)" in (DOCS / "commands" / "index.md").read_text(
        encoding="utf-8"
    )


def test_the_group_has_its_reference() -> None:
    text = (DOCS / "commands" / "index.md").read_text(encoding="utf-8")
    assert "```{click-reference}\n```" in text


@pytest.mark.parametrize("name", ["", *sorted(cli.commands)])
def test_the_reference_shows_every_argument_and_option_with_its_help(name: str) -> None:
    ext = _click_reference()
    shown = _words(" ".join(node.astext() for node in ext.reference_nodes(ext.describe(name))))
    command = cli.commands[name] if name else cli
    context = click.Context(command, info_name=name or "publisher", **command.context_settings)
    assert _words(command.get_short_help_str(limit=200)).rstrip(".") in shown
    for param in command.params:
        if isinstance(param, click.Argument):
            assert param.human_readable_name in shown, (name, param.name)
            continue
        assert isinstance(param, click.Option)
        for opt in (*param.opts, *param.secondary_opts):
            assert opt in shown, (name, opt)
        assert _words(param.help or "") in shown, (name, param.name)
        if param.show_default and param.default is not None:
            assert f"default: {param.default}" in shown, (name, param.name)
    for opt in context.help_option_names:
        assert opt in shown
    if isinstance(command, click.Group):
        for sub in command.commands:
            assert sub in shown


# --- configuration ----------------------------------------------------------------------

_TYPES = {str: "string", int: "integer", bool: "boolean", "path": "path"}


def _config_rows() -> dict[str, tuple[str, str]]:
    """key -> (type, default) from the table in docs/configuration.md."""
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    table = text.split("| key | type | default | meaning |", 1)[1].split("\n\n", 1)[0]
    rows: dict[str, tuple[str, str]] = {}
    for line in table.strip().splitlines()[1:]:
        key, kind, default, _meaning = line.strip("| ").split(" | ", 3)
        name = key.strip("`[]").split(".", 1)[0]
        assert name not in rows, f"{name} is listed twice"
        rows[name] = (kind, default)
    return rows


def test_the_configuration_page_lists_every_key() -> None:
    documented = set(_config_rows())
    known = set(config_module._SCALARS) | config_module._LISTS | config_module._TABLES
    assert documented == known, (
        f"not documented: {sorted(known - documented)}; not keys: {sorted(documented - known)}"
    )


def test_the_configuration_page_gives_each_key_its_type() -> None:
    for key, (kind, _default) in _config_rows().items():
        if key in config_module._SCALARS:
            assert kind == _TYPES[config_module._SCALARS[key][0]], key
        elif key in config_module._LISTS:
            assert "list of strings" in kind, key
        else:
            assert kind == "table", key


def _load(folder: Path, extra: str = "", *, minimal: bool = True) -> Config:
    base = 'title = "T"\nbase_url = "https://example.org"\n' if minimal else ""
    path = folder / "publisher.toml"
    path.write_text(base + extra, encoding="utf-8")
    return load_config(path, environ={})


def _toml_value(cell: str) -> object | None:
    """The TOML value in a default cell written as code (`"en"`, `50`, `[]`), else None."""
    match = re.fullmatch(r"`([^`]+)`", cell)
    if not match:
        return None
    try:
        return tomllib.loads(f"value = {match.group(1)}")["value"]
    except tomllib.TOMLDecodeError:
        return None


@pytest.mark.parametrize("key", sorted(_config_rows()))
def test_the_configuration_page_gives_each_key_its_default(key: str, tmp_path: Path) -> None:
    _kind, default = _config_rows()[key]
    if default == "required":
        with pytest.raises(ConfigError, match=f"missing required key '{key}'"):
            _load(tmp_path, f'{"base_url" if key == "title" else "title"} = "https://e.org"\n',
                  minimal=False)  # fmt: skip
        return
    if _toml_value(default) is not None:
        # Writing the documented default must change nothing.
        line = f"{key} = {default.strip('`')}\n"
        assert _load(tmp_path, line) == _load(tmp_path), f"{key} = {default} is not the default"
        return
    # Not a value: something is used instead (a folder, base_url + /feeds) or nothing at
    # all; the key's own default is then empty, or, for a table whose keys have defaults
    # of their own (its row names them: [storage]), what an empty table gives.
    field = next(f for f in fields(Config) if f.name == key)
    empty = field.default if field.default is not MISSING else field.default_factory()
    if _kind == "table" and empty not in ("", None, {}):
        assert _load(tmp_path, f"[{key}]\n") == _load(tmp_path), f"[{key}] is not its default"
        return
    assert empty in ("", None, {}), f"{key}: its default {empty!r} is a value: write it as code"


# --- paths and names --------------------------------------------------------------------

_PATH = re.compile(r"(?:(?<=\.\./)|(?<![\w./@-]))publisher/(?:[\w.-]+/?)*")
_NAME = re.compile(r"`(publisher(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_]\w*)?)`")
_NOT_PYTHON = {"toml", "service", "timer"}  # publisher.toml and the systemd units


def _resolve(dotted: str) -> object:
    """The module, class, function or constant ``publisher.a.b:C`` or ``publisher.a.b.C``."""
    module_name, _, attribute = dotted.partition(":")
    parts = module_name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in [*parts[cut:], *([attribute] if attribute else [])]:
            found = getattr(found, name)  # AttributeError: the docs name something gone
        return found
    raise ModuleNotFoundError(dotted)


@pytest.mark.parametrize("page", MANUAL, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_path_and_name_the_docs_mention_exists(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for path in _PATH.findall(text):
        path = path.rstrip(".")
        assert (REPO / path).exists(), f"{page.name} mentions {path}, which is not there"
    for dotted in _NAME.findall(text):
        if dotted.rsplit(".", 1)[-1] in _NOT_PYTHON:
            continue
        try:
            _resolve(dotted)
        except (ImportError, AttributeError) as exc:
            pytest.fail(f"{page.name} names {dotted}, which is not there ({exc})")


def test_the_name_check_sees_what_it_must() -> None:
    assert _PATH.findall("see [x](../publisher/config.py) or `publisher/formats/`.") == [
        "publisher/config.py",
        "publisher/formats/",
    ]
    assert _PATH.findall("github.com/OWNER/publisher/x, OWNER/publisher@v1") == []
    assert _resolve("publisher.sources.markdown:MarkdownReader").__name__ == "MarkdownReader"
    with pytest.raises(AttributeError):
        _resolve("publisher.formats.NO_SUCH_THING")


# --- the site's contents ----------------------------------------------------------------


def test_the_docs_index_links_every_page() -> None:
    index = DOCS / "index.md"
    linked = {
        (DOCS / target.split("#")[0]).resolve()
        for target in re.findall(r"\]\(([^)\s]+)\)", index.read_text(encoding="utf-8"))
    }
    for page in PAGES:
        if page != index:
            assert page.resolve() in linked, f"docs/index.md does not link {page.name}"
