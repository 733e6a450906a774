"""Quiet under cron (issue #14): what each build prints, and what it costs, on a site
whose sources have no ids (one warning each) beside the same site with ids.

``python bench/quiet.py [--articles 10000] [--repeat 3] [--rev HEAD] [--workdir DIR]`` generates
both corpora (``bench/corpus.py``, reused when intact), then for each runs whole
``publisher build`` processes: a cold build, no-op rebuilds, rebuilds after one edit,
``build -v`` and ``build -q``, and prints a Markdown table of median wall time and of
the lines printed on stderr, with the load average before and after (the figures are
only comparable on an idle machine; each step alternates between the two sites, run
by run, so both share the same load). It checks, and says so, that the no-op rebuild
prints nothing, that one edit prints only lines naming that article, and that ``-v``
lists a warning for every source.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # the sibling module: Site, run_child, machine()


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def label(site: run.Site) -> str:
    return "with ids" if site.ids else "no ids"


def measure(sites: list[run.Site], repeat: int) -> tuple[list[str], list[str]]:
    """(table rows, check results). Each step alternates between the sites, run by run,
    so both see the same load on a shared machine."""
    rows: list[str] = []
    checks: list[str] = []
    for site in sites:
        site.prepare()

    def step(name: str, do: Callable[[run.Site], run.Run], runs: int) -> dict[str, list[str]]:
        done: dict[str, list[run.Run]] = {label(site): [] for site in sites}
        for _ in range(runs):
            for site in sites:
                done[label(site)].append(do(site))
        for site in sites:
            got = done[label(site)]
            seconds = statistics.median(r.seconds for r in got)
            printed = " ".join(str(len(lines(r.stderr))) for r in got)
            rows.append(
                f"| {site.articles:,} | {label(site)} | {name} | {seconds:.2f} "
                f"| {' '.join(f'{r.seconds:.2f}' for r in got)} | {printed} |"
            )
        return {key: lines(got[-1].stderr) for key, got in done.items()}

    def cold(site: run.Site) -> run.Run:
        site.fresh()
        return site.build()

    edited = {site.ids: site.root / str(site.manifest["newest"]) for site in sites}
    originals = {ids: path.read_bytes() for ids, path in edited.items()}
    count = [0]

    def edit(site: run.Site, *extra: str) -> run.Run:
        count[0] += 1
        with open(edited[site.ids], "a", encoding="utf-8") as f:
            f.write(f"\nUpdate {count[0]}: a correction was appended to this article.\n")
        return site.build(*extra)

    for site in sites:
        (site.root / ".dirty").write_text("edits in progress: regenerate\n", encoding="utf-8")
    try:
        first = step("cold build", cold, 1)
        noop = step("no-op rebuild", lambda site: site.build(), repeat)
        one = step("edit one article", edit, repeat)
        verbose = step("build -v (lists what stands)", lambda site: site.build("-v"), 1)
        if run.build_help_lists("--quiet"):  # older code (--rev) has no -q
            step("build -q after an edit", lambda site: edit(site, "-q"), 1)
    finally:
        for site in sites:
            edited[site.ids].write_bytes(originals[site.ids])
            (site.root / ".dirty").unlink()
    for site in sites:
        key = label(site)
        rel = str(edited[site.ids].relative_to(site.root))
        only = all(line.startswith(rel + ":") for line in one[key])
        warned = {line.split(":", 1)[0] for line in verbose[key] if ": warning: " in line}
        checks += [
            f"{key}: cold build printed {len(first[key]):,} line(s)",
            f"{key}: no-op rebuild printed nothing: {'yes' if not noop[key] else 'NO'}",
            f"{key}: one edit printed {len(one[key])} line(s), all naming {rel}: "
            f"{'yes' if only else 'NO'}",
            f"{key}: -v named {len(warned):,} source(s) with warnings",
        ]
    return rows, checks


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
    sites = [run.Site(args.workdir, args.articles, args.seed, ids) for ids in (False, True)]
    site_rows, checks = measure(sites, args.repeat)
    rows += site_rows
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
