"""Where one build's time goes: ``publisher build`` under cProfile, on one core.

``python bench/profile_build.py SITE --step cold|noop|edit [--save FILE.prof] [--top 20]``

SITE is a generated site (``bench/corpus.py``). The process pins itself to one CPU
first, so the build runs without its pool and without forking the listing's stats
(``forked.cores()`` reads the affinity): every stage is in this one profile. The
profile starts before ``publisher`` is imported, so imports are part of it. Its clock is
the process's CPU time, which other processes on a shared machine do not inflate.

- ``cold``: a build into fresh output and cache folders with ``--no-cache``;
- ``noop``: one unprofiled build fills the cache (in a child process), then a no-op;
- ``edit``: the same, then a paragraph appended to the newest article (restored
  afterwards) and a build.

It prints the CPU time the profile saw, then the cumulative time of the functions that
mark the stages (imports, the listing, loading and its parts, planning, rendering and
its parts, serializing and validating feeds, the cache, publishing), then the functions
with the most time of their own. cProfile slows Python code down more than C code:
read the shares, and take absolute per-item costs from ``bench/stages.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (label, file name ending, function name): the functions whose cumulative time marks a stage.
STAGES = (
    ("imports (all)", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("config", "publisher/config.py", "load_config"),
    ("listing (walk + stat)", "publisher/sources/listing.py", "scan"),
    ("listing digests", "publisher/sources/listing.py", "digests"),
    ("fast path check", "publisher/build/fastpath.py", "unchanged"),
    ("cache: open", "publisher/build/cache.py", "load"),
    ("cache: compare listing", "publisher/build/cache.py", "compare"),
    ("load_articles", "publisher/build/load.py", "load_articles"),
    ("  per source (_load_job)", "publisher/build/load.py", "_load_job"),
    ("    read_bytes", "publisher/sources/__init__.py", "read_bytes"),
    ("    parse_source", "publisher/sources/__init__.py", "parse_source"),
    ("      decode", "publisher/sources/decode.py", "decode_source"),
    ("      front matter (plain)", "publisher/sources/plainyaml.py", "plain_front_matter"),
    ("      front matter (libyaml)", "publisher/sources/libyaml.py", "parse_with_libyaml"),
    ("    normalize", "publisher/normalize.py", "normalize"),
    ("    stored_source", "publisher/build/cache.py", "stored_source"),
    ("  cache: store rows", "publisher/build/cache.py", "store"),
    ("cache: index", "publisher/build/cache.py", "indexed"),
    ("shortlist + planning", "publisher/build/__init__.py", "_plan_and_complete"),
    ("  plan_feeds", "publisher/plan.py", "plan_feeds"),
    ("  complete_feeds", "publisher/build/bodies.py", "complete_feeds"),
    ("    Renderer.render", "publisher/render/renderer.py", "render"),
    ("      Markdown.convert", "markdown/core.py", "convert"),
    ("      MarkdownIt.render", "markdown_it/main.py", "render"),
    ("      sanitize", "publisher/render/sanitize.py", "sanitize"),
    ("      summarize", "publisher/render/summary.py", "summarize"),
    ("misplaced links", "publisher/build/bodies.py", "misplaced_link_problems"),
    ("serialize (feeds)", "publisher/build/emit.py", "serialize"),
    ("  render_rss", "publisher/formats/rss.py", "render_rss"),
    ("  render_atom", "publisher/formats/atom.py", "render_atom"),
    ("  validate_bytes", "publisher/validate/__init__.py", "validate_bytes"),
    ("site files (opml, index)", "publisher/build/emit.py", "site_files"),
    ("publish", "publisher/publish.py", "publish"),
    ("cache: save", "publisher/build/cache.py", "save"),
    ("fast path state", "publisher/build/fastpath.py", "save_state"),
)


def build_args(site: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    config = site / "publisher.toml"
    return ["build", "--config", str(config), "--out", str(out), "--cache-dir", str(cache), *extra]


def profiled(args: list[str]) -> tuple[cProfile.Profile, float]:
    """Run ``publisher`` with ``args`` in this process under the profiler: (profile, CPU s)."""
    sys.argv = ["publisher", *args]
    # CPU time, not wall time: on a shared machine the wall clock counts other processes' turns.
    profile = cProfile.Profile(time.process_time)
    start = time.process_time()
    profile.enable()
    try:
        runpy.run_module("publisher", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    finally:
        profile.disable()
    return profile, time.process_time() - start


def report(profile: cProfile.Profile, cpu: float, top: int) -> str:
    stats = pstats.Stats(profile)
    table = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [
        f"CPU time {cpu:.2f} s under the profiler (its overhead included; CPU time is its clock)",
        "",
        "| stage | calls | cumulative s | share |",
        "|---|---:|---:|---:|",
    ]
    for label, ending, name in STAGES:
        calls, cumulative = 0, 0.0
        for (file, _, func), (_, nc, _, ct, _) in table.items():
            if func == name and file.endswith(ending):
                calls += nc
                cumulative += ct
        if calls:
            lines.append(f"| {label} | {calls:,} | {cumulative:.3f} | {cumulative / total:.1%} |")
    lines += ["", "| own time s | share | calls | function |", "|---:|---:|---:|---|"]
    ranked = sorted(table.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    for (file, line, func), (_, nc, tt, _, _) in ranked:
        where = file.split("site-packages/")[-1].split("/perfbench/")[-1]
        lines.append(f"| {tt:.3f} | {tt / total:.1%} | {nc:,} | `{where}:{line}` {func} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--step", choices=("cold", "noop", "edit"), default="cold")
    parser.add_argument("--save", type=Path, help="write the profile here (pstats format)")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    site = args.site.resolve()
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    work = Path(tempfile.mkdtemp(prefix="profile-build-"))
    out, cache = work / "out", work / "cache"
    edited = site / str(__import__("json").loads((site / "bench.json").read_text())["newest"])
    original = edited.read_bytes()
    load = os.getloadavg()[0]
    # From the site's folder, as the filling build ran: the fast path's key holds the
    # working directory (problems are shown relative to it).
    os.chdir(site)
    try:
        if args.step == "cold":
            profile, cpu = profiled(build_args(site, out, cache, "--no-cache"))
        else:
            fill = [sys.executable, "-m", "publisher", *build_args(site, out, cache)]
            subprocess.run(fill, check=True, cwd=site)
            if args.step == "edit":
                with open(edited, "a", encoding="utf-8") as f:
                    f.write("\nUpdate: a correction was appended to this article.\n")
            profile, cpu = profiled(build_args(site, out, cache))
    finally:
        edited.write_bytes(original)
        shutil.rmtree(work, ignore_errors=True)
    if args.save:
        profile.dump_stats(str(args.save))
    print(f"{site.name}, {args.step} build, one CPU; load average {load:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after")  # fmt: skip
    print(report(profile, cpu, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
