"""Paired A/B benchmark of an edit build and a no-op build, for two versions of the code.

``python bench/edit_ab.py A B [--shapes news,rich] [--articles 10000] [--rounds 15]
[--workdir DIR]``

A and B are git revisions (``publisher/`` as committed, as ``run.py --rev`` takes it) or
folders holding a ``publisher`` package (a working tree). Each shape's site is generated
once (``run.py``'s corpus, reused across runs) and built by each version into its own
output and cache folders, so neither invalidates the other's cache. Then every round
appends a line to the newest article and runs, for A and B in turn (which goes first
alternates by round), an edit build and a no-op build. Both versions see the same edit
of the same bytes on the same machine state, one right after the other: the differences
between them come out of the noise that separates two ``run.py`` rounds.

It prints, per shape and version, the median CPU time (user + system, from ``wait4``,
of the build process and what it reaped) of the edit and of the no-op with their
spread (quartiles), the median of each round's edit / no-op ratio, and the median of
B - A per round with its quartiles; then whether A's and B's output folders hold the
same bytes after the last edit (a speed-up must not change a byte). The article is
restored at the end.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # the sibling module; bench/ is not a package


@dataclass
class Version:
    """One version of the code under test, and its runs on the current shape."""

    label: str  # "A" or "B"
    name: str  # the revision or folder as given, and the short hash
    code: Path
    edit: list[float] = field(default_factory=list)
    noop: list[float] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [e / n for e, n in zip(self.edit, self.noop, strict=True)]


def code_of(spec: str, workdir: Path) -> tuple[Path, str]:
    """The folder to import ``publisher`` from for ``spec``, and how to name it."""
    folder = Path(spec)
    if (folder / "publisher" / "__init__.py").is_file():
        return folder.resolve(), f"folder {spec}"
    code, short = run.snapshot(spec, workdir)
    return code, f"{spec} ({short})"


def cpu_of(site: run.Site, version: Version) -> float:
    """One build of ``site`` by ``version``: its CPU seconds."""
    run.CODE[0] = version.code
    return site.build().cpu


def spread(values: list[float]) -> str:
    """Median [first quartile, third quartile] in milliseconds."""
    q1, med, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return f"{med * 1000:.1f} [{q1 * 1000:.1f}, {q3 * 1000:.1f}]"


def ratio_spread(values: list[float]) -> str:
    q1, med, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return f"{med:.3f} [{q1:.3f}, {q3:.3f}]"


def differing(a: Path, b: Path) -> list[str]:
    """The files of output folder ``a`` and ``b`` whose bytes differ (or that one lacks)."""
    files = {
        p.relative_to(root).as_posix(): p
        for root in (a, b)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
    return [
        rel
        for rel in sorted(files)
        if not ((a / rel).is_file() and (b / rel).is_file())
        or (a / rel).read_bytes() != (b / rel).read_bytes()
    ]


def measure(
    shape: str, articles: int, rounds: int, versions: list[Version], workdir: Path
) -> tuple[str, list[float], list[str]]:
    """Every round on one shape: the corpus note, the loads seen, and the output files
    in which the versions' last edit builds differ."""
    base = run.Site(workdir, articles, 1, shape=shape)
    note = base.prepare()
    sites = {}
    for v in versions:
        site = copy.copy(base)
        site.out = workdir / f"ab-out-{shape}-{v.label}"
        site.cache = workdir / f"ab-cache-{shape}-{v.label}"
        sites[v.label] = site
        run.CODE[0] = v.code
        site.build()  # brings this version's cache and output up to date (cold or not)
        site.build()  # and its fast-path state
        v.edit.clear()
        v.noop.clear()
    edited = base.root / str(base.manifest["newest"])
    original = edited.read_bytes()
    dirty = base.root / ".dirty"
    dirty.write_text("edits in progress: regenerate\n", encoding="utf-8")
    loads: list[float] = []
    try:
        for i in range(rounds):
            loads.append(os.getloadavg()[0])
            with open(edited, "a", encoding="utf-8") as f:
                f.write(f"\nUpdate {i + 1}: a correction was appended to this article.\n")
            order = versions if i % 2 == 0 else versions[::-1]
            for v in order:
                v.edit.append(cpu_of(sites[v.label], v))
                v.noop.append(cpu_of(sites[v.label], v))
        differ = differing(*(sites[v.label].out for v in versions))
    finally:
        edited.write_bytes(original)
        dirty.unlink()
    return note, loads, differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", help="git revision or folder holding publisher/")
    parser.add_argument("b", help="git revision or folder holding publisher/")
    parser.add_argument("--shapes", default="news,rich")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "publisher-ab"
    )
    args = parser.parse_args(argv)
    if args.rounds < 4:
        parser.error("--rounds must be at least 4 (quartiles)")
    args.workdir.mkdir(parents=True, exist_ok=True)
    versions = []
    for label, spec in (("A", args.a), ("B", args.b)):
        try:
            code, name = code_of(spec, args.workdir)
        except run.BenchError as exc:
            print(exc, file=sys.stderr)
            return 1
        run.byte_compile(code)
        versions.append(Version(label, name, code))
    print(f"Machine: {run.machine()}.")
    print(f"A = {versions[0].name}; B = {versions[1].name}.")
    print(
        f"Command: `python bench/edit_ab.py {args.a} {args.b} --shapes {args.shapes} "
        f"--articles {args.articles} --rounds {args.rounds}`."
    )
    print()
    print("| shape | code | edit CPU ms | no-op CPU ms | edit / no-op | load |")
    print("|---|---|---:|---:|---:|---|")
    diffs = []
    outputs: list[str] = []
    for shape in (s.strip() for s in args.shapes.split(",") if s.strip()):
        try:
            note, loads, differ = measure(shape, args.articles, args.rounds, versions, args.workdir)
        except run.BenchError as exc:
            print(f"benchmark stopped: {exc}", file=sys.stderr)
            return 1
        print(f"{shape}: corpus {note}", file=sys.stderr)
        same = "the same bytes" if not differ else f"{len(differ)} differ: {', '.join(differ[:5])}"
        outputs.append(f"- {shape}: A's and B's output after the last edit: {same}")
        load = f"{min(loads):.1f}-{max(loads):.1f}"
        for v in versions:
            print(
                f"| {shape} | {v.label} | {spread(v.edit)} | {spread(v.noop)} "
                f"| {ratio_spread(v.ratios)} | {load} |"
            )
        a, b = versions
        diffs.append(
            f"| {shape} | {spread([y - x for x, y in zip(a.edit, b.edit, strict=True)])} "
            f"| {spread([y - x for x, y in zip(a.noop, b.noop, strict=True)])} "
            f"| {ratio_spread([y - x for x, y in zip(a.ratios, b.ratios, strict=True)])} |"
        )
    print()
    print("Paired, B - A per round (median [quartiles]):")
    print()
    print("| shape | edit ms | no-op ms | edit / no-op |")
    print("|---|---:|---:|---:|")
    print("\n".join(diffs))
    print()
    print("\n".join(outputs))
    print()
    print("Medians [first, third quartile] of", args.rounds, "rounds; CPU of the build process.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
