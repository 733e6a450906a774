"""docs/design.md shows the layout that is there: every module and package of
publisher/ has a row, and every row names something that exists."""

from __future__ import annotations

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
