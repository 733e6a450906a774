"""docs/design.md shows the layout that is there: every module and package of
publisher/ has a row, every row names something that exists, and every module,
function or class the notes cite is where they say."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "publisher"
DESIGN = (REPO / "docs" / "design.md").read_text(encoding="utf-8")


def _table_names() -> set[str]:
    layout = DESIGN.split("## Layout", 1)[1]
    names: set[str] = set()
    for row in re.findall(r"^\| (.+?) \|", layout, re.M):
        cells = re.findall(r"`([^`]+)`", row)
        folder = ""
        for cell in cells:
            if "/" in cell and not cell.endswith("/"):
                folder = cell.rsplit("/", 1)[0] + "/"
                names.add(cell)
            elif cell.endswith("/"):
                names.add(cell)
            else:
                names.add(folder + cell)
    return names


def test_every_module_and_package_has_a_row():
    names = _table_names()
    layout = DESIGN.split("## Layout", 1)[1]
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in ("__init__.py", "__main__.py") or path.parent.name == "__pycache__":
            continue
        folder = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
        if folder and folder in names:
            continue  # a package described as a whole (sources/, validate/)
        assert rel in names or f"`{path.name}`" in layout, f"docs/design.md does not name {rel}"


def test_every_row_names_something_that_exists():
    for name in sorted(_table_names()):
        assert (PACKAGE / name).exists(), f"docs/design.md names {name}, which is not there"


# Names in backticks that are files of other kinds (``state.json``, ``feed.xsl``), not
# ``module.name`` references.
_FILE_SUFFIXES = frozenset(
    {"json", "sqlite", "xsl", "html", "opml", "toml", "yml", "md", "xml", "lock", "txt", "css"}
    | {"xml.gz", "xml.br", "json.gz", "json.br"}
)
_REPO_FOLDERS = (
    "publisher/", "tests/", "bench/", "docs/", "content/", "feeds/", "requirements/",
)  # fmt: skip


def _references() -> list[str]:
    """Every backticked name in docs/design.md that says where something is: a path, a
    ``module.name`` (modules as paths relative to publisher/) or a ``Class.attribute``."""
    found = []
    for token in sorted(set(re.findall(r"`([^`\n]+)`", DESIGN))):
        if re.search(r"[\s<>(*=,]", token) or token.startswith(("-", ".", "/")):
            continue
        if "://" in token:
            continue  # a URL (an object store's, s3://bucket/prefix), not a place in the code
        found.append(token)
    return found


def _module(path: str) -> Path | None:
    for candidate in (PACKAGE / f"{path}.py", PACKAGE / path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _class_members() -> dict[str, set[str]]:
    """Every class of the package by name, with what it defines (fields, methods)."""
    members: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            names = members.setdefault(node.name, set())
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
                elif isinstance(item, ast.Assign):
                    names.update(t.id for t in item.targets if isinstance(t, ast.Name))
    return members


def _where_it_says(token: str, members: dict[str, set[str]]) -> str | None:
    """Why ``token`` names nothing where it says (None when it does)."""
    if token.startswith(_REPO_FOLDERS):
        return None if (REPO / token).exists() else "no such file in the repository"
    if token.endswith("/"):
        return None if (PACKAGE / token).is_dir() else "no such package"
    if token.endswith(".py"):
        if "/" in token:
            return None if (PACKAGE / token).is_file() else "no such module"
        return None if any(PACKAGE.rglob(token)) else "no such module anywhere"
    head, dot, rest = token.rpartition("/")[2].partition(".")
    folder = token.rpartition("/")[0]
    if dot and rest in _FILE_SUFFIXES:
        return None  # a file the program writes or reads (state.json, feed.xsl)
    if head[:1].isupper():
        if head not in members:
            return None if "/" not in token else "no such class"
        attribute = rest.split(".")[0]
        return None if not rest or attribute in members[head] else f"{head} has no {attribute}"
    if not dot and "/" not in token:
        return None  # a plain word: a function or key named alone
    module_path = f"{folder}/{head}" if folder else head
    if _module(module_path) is None:
        return f"publisher/{module_path} is no module"
    if not rest:
        return None
    module = importlib.import_module("publisher." + module_path.replace("/", "."))
    target: object = module
    for name in rest.split("."):
        if not hasattr(target, name):
            return f"publisher/{module_path} has no {rest}"
        target = getattr(target, name)
    return None


def test_every_name_the_notes_cite_is_where_they_say():
    members = _class_members()
    wrong = {t: why for t in _references() if (why := _where_it_says(t, members))}
    assert not wrong, wrong


def test_the_check_catches_a_name_that_moved():
    members = _class_members()
    assert _where_it_says("sources/media.size_feed_images", members)
    assert _where_it_says("preview.preview_config", members)
    assert _where_it_says("build/enclosures.no_such_function", members)
    assert _where_it_says("authoring.py", members)
    assert _where_it_says("Config.no_such_field", members)
    assert _where_it_says("build/enclosures.size_feed_images", members) is None
