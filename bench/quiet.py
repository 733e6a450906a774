"""Quiet under cron (issue #14): what each build prints, and what it costs, on a site
whose sources have no ids (one warning each) beside the same site with ids.

``python bench/quiet.py [--articles 10000] [--repeat 3] [--rev HEAD] [--workdir DIR]`` generates
both corpora (``bench/corpus.py``, reused when intact), then for each runs whole
``publisher build`` processes: a cold build, no-op rebuilds, rebuilds after one edit,
``build -v`` and ``build -q``, and prints a Markdown table of median wall time and of
the lines printed on stderr, with the load average before and after (the figures are
only comparable on an idle machine). It checks, and says so, that the no-op rebuild
prints nothing, that one edit prints only lines naming that article, and that ``-v``
lists a warning for every source.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # the sibling module: Site, run_child, machine()


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def measure(site: run.Site, repeat: int) -> tuple[list[str], list[str]]:
    """(table rows, check results) for one site."""
    site.prepare()
    label = "with ids" if site.ids else "no ids"
    rows: list[str] = []
    checks: list[str] = []

    def row(step: str, runs: list[run.Run]) -> list[str]:
        seconds = statistics.median(r.seconds for r in runs)
        printed = [len(lines(r.stderr)) for r in runs]
        rows.append(
            f"| {site.articles:,} | {label} | {step} | {seconds:.2f} "
            f"| {' '.join(f'{r.seconds:.2f}' for r in runs)} | {' '.join(map(str, printed))} |"
        )
        return lines(runs[-1].stderr)

    site.fresh()
    cold = row("cold build", [site.build()])
    noop = row("no-op rebuild", [site.build() for _ in range(repeat)])
    checks.append(f"{label}: no-op rebuild printed nothing: {'yes' if not noop else 'NO'}")

    edited = site.root / str(site.manifest["newest"])
    original = edited.read_bytes()
    dirty = site.root / ".dirty"
    dirty.write_text("edits in progress: regenerate\n", encoding="utf-8")
    try:
        edits = []
        for i in range(repeat):
            with open(edited, "a", encoding="utf-8") as f:
                f.write(f"\nUpdate {i + 1}: a correction was appended to this article.\n")
            edits.append(site.build())
        printed = row("edit one article", edits)
        rel = str(edited.relative_to(site.root))
        only = all(line.startswith(rel + ":") for line in printed)
        checks.append(
            f"{label}: one edit printed {len(printed)} line(s), all naming {rel}: "
            f"{'yes' if only else 'NO'}"
        )
        verbose = row("build -v (lists what stands)", [site.build("-v")])
        warned = {line.split(":", 1)[0] for line in verbose if ": warning: " in line}
        checks.append(
            f"{label}: -v named {len(warned):,} source(s) with warnings "
            f"(cold build printed {len(cold):,} line(s))"
        )
        row("build -q after an edit", [_edit_and_build(site, edited, "-q")])
    finally:
        edited.write_bytes(original)
        dirty.unlink()
    return rows, checks


def _edit_and_build(site: run.Site, edited: Path, *extra: str) -> run.Run:
    with open(edited, "a", encoding="utf-8") as f:
        f.write("\nOne more correction.\n")
    return site.build(*extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median shown)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "publisher-bench",
        help="where corpora, outputs and caches live (corpora are reused)",
    )
    parser.add_argument(
        "--rev", help="measure publisher/ as committed at this revision, not the working tree"
    )
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    measured = run.revision()
    if args.rev:
        run.CODE[0], measured = run.snapshot(args.rev, args.workdir)
    before = os.getloadavg()
    rows = [
        "| articles | sources | step | median s | runs s | stderr lines per run |",
        "|---:|---|---|---:|---|---|",
    ]
    checks: list[str] = []
    for ids in (False, True):
        site_rows, site_checks = measure(
            run.Site(args.workdir, args.articles, args.seed, ids), args.repeat
        )
        rows += site_rows
        checks += site_checks
    after = os.getloadavg()
    print(f"{run.machine()}; code: {measured}")
    print(f"load average before: {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}; "
          f"after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}")  # fmt: skip
    print()
    print("\n".join(rows))
    print()
    print("\n".join(f"- {c}" for c in checks))


if __name__ == "__main__":
    main()
