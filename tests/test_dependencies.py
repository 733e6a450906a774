"""Every third-party module we import is declared in pyproject.toml, with a lower bound.

A machine that happens to have a package installed must not hide a missing declaration:
this maps each top-level import to the distribution that provides it and checks the
declaration, so an undeclared import fails the suite everywhere, not only on a fresh machine.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(requirements: list[str]) -> dict[str, str]:
    """Canonical distribution name -> the requirement as written."""
    declared = {}
    for requirement in requirements:
        match = _NAME.match(requirement)
        assert match, requirement
        declared[_canonical(match.group())] = requirement
    return declared


RUNTIME = _declared(PYPROJECT["project"]["dependencies"])
TEST_EXTRA = _declared(PYPROJECT["project"]["optional-dependencies"]["test"])
# The runtime extras (s3, gcs, azure): imported only by the code that needs them.
OPTIONAL = _declared(
    [
        requirement
        for extra, requirements in PYPROJECT["project"]["optional-dependencies"].items()
        if extra != "test"
        for requirement in requirements
    ]
)


# Test corpora are data, not code (as for ruff: pyproject.toml's extend-exclude).
_DATA = tuple(f"{folder}/" for folder in PYPROJECT["tool"]["ruff"]["extend-exclude"])


def _imported_modules(folder: Path) -> dict[str, str]:
    """Top-level third-party module -> one file importing it (imports inside functions too)."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        if path.is_relative_to(REPO) and path.relative_to(REPO).as_posix().startswith(_DATA):
            continue  # a real site's own code (a Pelican config), kept as test data
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in {"publisher", "tests", "__future__"}:
                    continue
                found.setdefault(top, path.relative_to(folder.parent).as_posix())
    return found


def _distributions(module: str, where: str) -> set[str]:
    dists = importlib.metadata.packages_distributions().get(module)
    if not dists:
        # An extra's backend the suite does not install: its distribution is named after
        # it (gcsfs) or starts with it (azure -> azure-storage-blob).
        named = {d for d in OPTIONAL if d == _canonical(module) or d.startswith(f"{module}-")}
        if named:
            return named
        pytest.fail(f"{where} imports {module!r}, which no installed distribution provides")
    return {_canonical(d) for d in dists}


def test_the_package_imports_only_declared_runtime_dependencies() -> None:
    modules = _imported_modules(REPO / "publisher")
    assert modules, "found no third-party imports: the scan is broken"
    for module, where in modules.items():
        dists = _distributions(module, where)
        assert dists & (RUNTIME.keys() | OPTIONAL.keys()), (
            f"{where} imports {module!r} (distribution {sorted(dists)}), "
            "which is neither in [project].dependencies nor in a runtime extra"
        )


def test_the_tests_import_only_declared_dependencies() -> None:
    # The documentation site's Sphinx extension is built in CI with the test extra.
    modules = _imported_modules(REPO / "docs" / "_ext") | _imported_modules(REPO / "tests")
    for module, where in modules.items():
        dists = _distributions(module, where)
        assert dists & (RUNTIME.keys() | TEST_EXTRA.keys()), (
            f"{where} imports {module!r} (distribution {sorted(dists)}), "
            "which is neither a runtime dependency nor in the 'test' extra"
        )


def test_every_declared_dependency_has_a_lower_bound() -> None:
    for requirement in [*RUNTIME.values(), *TEST_EXTRA.values()]:
        assert ">=" in requirement or "==" in requirement, f"{requirement!r} has no lower bound"


def test_the_scan_sees_imports_inside_functions(tmp_path: Path) -> None:
    # Heavy modules are imported inside functions to keep --help fast; the scan must see them.
    (tmp_path / "m.py").write_text("def f():\n    import feedgen.feed\n", encoding="utf-8")
    assert "feedgen" in _imported_modules(tmp_path)
