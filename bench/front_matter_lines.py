"""Write the front-matter lines of real sites that tests/test_plain_yaml.py reads.

``python bench/front_matter_lines.py [--sites ~/corpora/sites] [--into tests/front_matter]``

For each site of the generator-agreement corpus (bench/sites/manifest.toml, unpacked by
bench/sites/fetch_corpus.py), every line of YAML front matter (between the ``---`` lines
opening a ``.md`` source) shaped like ``key: value``, one of each shape (runs of words
read as one letter, runs of digits as one digit, so ``date: 2021-01-18`` stands for every
date so written): INTO/<site>.txt, sorted. The test reads each line as a front matter of
its own with the plain reader and with PyYAML (the oracle): about 3,200 lines (170 KB)
standing for the ~17,000 distinct front matters of the 40 sites that have YAML ones.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

_KEY_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(?: .*)?")
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"[0-9]+")
_WORDS = re.compile(r"a(?: a)+")


def front_matter(text: str) -> list[str]:
    """The lines of ``text``'s YAML front matter (none without one)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return []
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    return lines[1:end] if end is not None else []


def shape(line: str) -> str:
    """``line`` with each run of words (letters and spaces) as ``a``, of digits as ``0``."""
    return _WORDS.sub("a", _DIGITS.sub("0", _LETTERS.sub("a", line)))


def site_lines(site: Path) -> list[str]:
    """One line of each shape in the site's front matter, sorted."""
    kept: dict[str, str] = {}
    for source in sorted(site.rglob("*.md")):
        try:
            text = source.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for line in front_matter(text):
            if _KEY_LINE.fullmatch(line) and len(line) <= 200:
                kept.setdefault(shape(line), line)
    return sorted(kept.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=Path, default=Path.home() / "corpora" / "sites")
    parser.add_argument("--into", type=Path, default=Path("tests") / "front_matter")
    args = parser.parse_args()
    args.into.mkdir(parents=True, exist_ok=True)
    total = 0
    for site in sorted(p for p in args.sites.iterdir() if p.is_dir()):
        lines = site_lines(site)
        if not lines:
            continue
        (args.into / f"{site.name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        total += len(lines)
        print(f"{site.name}: {len(lines)} lines")
    print(f"{total} lines in {args.into}")


if __name__ == "__main__":
    main()
