"""Build benchmark: whole ``publisher`` processes on generated sites, as cron runs them.

``python bench/run.py [--sizes 1000,10000] [--huge] [--repeat 3] [--no-ids] [--workdir DIR]``
prints a Markdown table of wall time (median), peak memory (the whole process tree's
summed PSS, the main process's PSS, and its RSS) and throughput for a cold build, a
no-op rebuild, a rebuild after one edit and after one new article, and ``publisher
validate`` on the output. When ``hugo`` is on PATH, Hugo builds the same corpus
(per-section RSS and Atom with full content, ``bench/hugo/``) alternating with our cold
builds, and the ratio of the medians is printed. See bench/README.md, "Build performance".
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the sibling module; bench/ is not a package
import pss

REPO = Path(__file__).resolve().parent.parent
# Where the measured package is imported from: the working tree, or a --rev snapshot.
CODE = [REPO]
CATEGORIES = 12
# (articles, step) -> (limit in seconds, limit on the tree's peak PSS in MB, strict); the
# goals of issue #16. The memory limit holds for every build, not only the cold one.
TARGETS: dict[tuple[int, str], tuple[float | None, float | None, bool]] = {
    (10_000, "no-op rebuild"): (0.2, None, False),
    (10_000, "edit one article"): (0.4, None, False),
    (100_000, "cold build"): (18.0, 250.0, False),
    (100_000, "no-op rebuild"): (0.5, 250.0, False),
    (100_000, "edit one article"): (1.0, 250.0, False),
    (100_000, "add one article"): (None, 250.0, False),
    (1_000_000, "cold build"): (240.0, 800.0, False),
    (1_000_000, "no-op rebuild"): (4.0, 800.0, False),
    (1_000_000, "edit one article"): (5.0, 800.0, False),
    (1_000_000, "add one article"): (None, 800.0, False),
}
# Our cold build's median over Hugo's, measured in the same run (issue #16).
PEER_RATIO_TARGET = 0.30
HUGO_SITE = Path(__file__).resolve().parent / "hugo"


class BenchError(Exception):
    """A measured command failed: the benchmark stops and shows why."""


@dataclass(slots=True)
class Step:
    """Runs of one step for one corpus size."""

    articles: int
    name: str
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    pss_tree_kib: list[int] = field(default_factory=list)
    pss_main_kib: list[int] = field(default_factory=list)
    per_run: int = 0  # articles (cold build) or feeds (validate) handled per run
    unit: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def add(self, run: Run) -> None:
        self.seconds.append(run.seconds)
        self.rss_kib.append(run.rss_kib)
        self.pss_tree_kib.append(run.pss_tree_kib)
        self.pss_main_kib.append(run.pss_main_kib)


@dataclass(frozen=True, slots=True)
class Run:
    """One child process: wall seconds, peak memory in KiB, exit code and output."""

    seconds: float
    rss_kib: int  # the child's own peak RSS (wait4), workers not included
    code: int
    stdout: str
    stderr: str
    pss_tree_kib: int = 0  # peak of the summed PSS of the child and all its descendants
    pss_main_kib: int = 0  # peak PSS of the child alone


def run_child(args: list[str], cwd: Path) -> Run:
    """Run one process to completion; its own peak RSS comes from wait4's rusage."""
    env = dict(os.environ)
    # The package is used from the working tree, whether or not it is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CODE[0]), env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=err)
        with pss.TreeSampler(proc.pid) as sampler:
            # wait4 instead of proc.wait(): its rusage is this child's alone (ru_maxrss in
            # KiB on Linux), where RUSAGE_CHILDREN would give the max over all children.
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not reap again
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            sampler.peak.tree_kib,
            sampler.peak.main_kib,
        )


def checked(run: Run, what: str) -> Run:
    """The run, or BenchError with its output when it did not exit 0."""
    if run.code != 0:
        raise BenchError(f"{what} exited {run.code}\n{run.stdout}{run.stderr}".rstrip())
    return run


class Site:
    """A generated corpus under the workdir, with its output and cache folders."""

    def __init__(self, workdir: Path, articles: int, seed: int, ids: bool = True):
        variant = "" if ids else "-noid"
        self.articles = articles
        self.ids = ids
        self.root = workdir / f"site-n{articles}-k{CATEGORIES}-s{seed}{variant}"
        self.out = workdir / f"out-n{articles}{variant}"
        self.hugo_out = workdir / f"hugo-out-n{articles}{variant}"
        self.cache = workdir / f"cache-n{articles}{variant}"
        self.seed = seed

    @property
    def manifest(self) -> dict[str, object]:
        data: dict[str, object] = json.loads((self.root / "bench.json").read_text("utf-8"))
        return data

    def prepare(self) -> str:
        """Generate the corpus unless an intact one of this generator version exists."""
        dirty = self.root / ".dirty"
        try:
            reusable = not dirty.exists() and self.manifest.get("version") == corpus.VERSION
        except (OSError, ValueError):
            reusable = False
        if reusable:
            return "reused"
        shutil.rmtree(self.root, ignore_errors=True)
        start = time.perf_counter()
        corpus.generate(self.root, self.articles, CATEGORIES, self.seed, ids=self.ids)
        return f"generated in {time.perf_counter() - start:.1f} s"

    def build_args(self, *extra: str) -> list[str]:
        return [
            sys.executable, "-m", "publisher", "build",
            "--config", str(self.root / "publisher.toml"),
            "--out", str(self.out),
            "--cache-dir", str(self.cache),
            *extra,
        ]  # fmt: skip

    def build(self, *extra: str) -> Run:
        return checked(run_child(self.build_args(*extra), self.root), "publisher build")

    def hugo(self, hugo: str) -> Run:
        """A cold Hugo build of the same content: per-section RSS and Atom, full content."""
        shutil.rmtree(self.hugo_out, ignore_errors=True)
        args = [
            hugo, "--quiet", "-s", str(HUGO_SITE),
            "--contentDir", str(self.root / "content"),
            "-d", str(self.hugo_out),
            "--cacheDir", str(self.hugo_out.with_suffix(".cache")),
        ]  # fmt: skip
        return checked(run_child(args, self.root), "hugo")

    def fresh(self) -> None:
        """Remove the output and cache folders: the next build starts from nothing."""
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.cache, ignore_errors=True)


def build_help_lists(option: str) -> bool:
    """Whether ``publisher build --help`` offers an option (newer builds add ``--no-cache``)."""
    # cwd is the code folder: ``python -m`` puts the cwd first on sys.path.
    run = run_child([sys.executable, "-m", "publisher", "build", "--help"], CODE[0])
    return option in run.stdout


def new_article(site: Site, n: int) -> Path:
    """Write one new article, newer than every generated one, so it enters two feeds."""
    manifest = site.manifest
    slug = f"bench-new-article-{n}"
    day = f"2026-11-{min(n, 20) + 1:02d}"
    text = (
        "---\n"
        f'title: "Bench: new article {n} — Zürich, Москва, 東京"\n'
        f'id: "tag:{corpus.DOMAIN},{day}:{slug}"\n'
        f"date: {day}T06:00:00+01:00\n"
        f"category: {manifest['newest_category']}\n"
        "tags: [bench]\n"
        "---\n\n"
        "A new article added by bench/run.py: one paragraph, a [link](../../world/), "
        "and a list.\n\n- one\n- two\n"
    )
    path = site.root / "content" / str(manifest["newest_category_slug"]) / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    return path


def measure(
    site: Site, repeat: int, no_cache_flag: bool, hugo: str | None, log: list[str]
) -> list[Step]:
    """Every step for one site; the corpus is restored afterwards, even on failure."""
    note = site.prepare()
    log.append(f"- {site.articles:,} articles: corpus {note} ({site.root})")
    steps = []

    cold = Step(site.articles, "cold build", per_run=site.articles, unit="articles/s")
    peer = Step(site.articles, "Hugo cold build (peer)", per_run=site.articles, unit="articles/s")
    for _ in range(repeat):
        site.fresh()
        cold.add(site.build(*(["--no-cache"] if no_cache_flag else [])))
        if hugo:
            # Alternating runs share the machine's state (page cache, other load) fairly.
            peer.add(site.hugo(hugo))
    steps.append(cold)
    if hugo:
        steps.append(peer)
        ratio = cold.median / peer.median
        mark = "✅" if ratio <= PEER_RATIO_TARGET else "❌"
        log.append(
            f"- {site.articles:,} articles: cold build / Hugo cold build = {ratio:.2f} "
            f"(goal ≤ {PEER_RATIO_TARGET:.2f} {mark})"
        )

    # One untimed build fills the cache (a --no-cache cold build may not have).
    site.build()
    noop = Step(site.articles, "no-op rebuild")
    for _ in range(repeat):
        noop.add(site.build())
    steps.append(noop)

    edited = site.root / str(site.manifest["newest"])
    original = edited.read_bytes()
    added: list[Path] = []
    dirty = site.root / ".dirty"
    dirty.write_text("edits in progress: regenerate\n", encoding="utf-8")
    try:
        edit = Step(site.articles, "edit one article")
        for i in range(repeat):
            # Append, not rewrite: the body grows like a correction at the end of a story.
            with open(edited, "a", encoding="utf-8") as f:
                f.write(f"\nUpdate {i + 1}: a correction was appended to this article.\n")
            edit.add(site.build())
        steps.append(edit)

        add = Step(site.articles, "add one article")
        for i in range(repeat):
            added.append(new_article(site, i + 1))
            add.add(site.build())
        steps.append(add)

        feeds = sorted(site.out.rglob("*.xml"))
        validate = Step(site.articles, "validate feeds/", per_run=len(feeds), unit="feeds/s")
        for _ in range(repeat):
            args = [sys.executable, "-m", "publisher", "validate", str(site.out)]
            validate.add(checked(run_child(args, site.root), "publisher validate"))
        steps.append(validate)
    finally:
        edited.write_bytes(original)
        for path in added:
            path.unlink(missing_ok=True)
        dirty.unlink()
    return steps


def verdict(step: Step) -> str:
    """The issue #7 target for this step and whether the median meets it."""
    limit_s, limit_mb, strict = TARGETS.get((step.articles, step.name), (None, None, False))
    parts = []
    peak_mb = max(step.pss_tree_kib) * 1024 / 1e6

    def check(value: float, limit: float, unit: str) -> str:
        ok = value < limit if strict else value <= limit
        return f"{'<' if strict else '≤'} {limit:g} {unit} {'✅' if ok else '❌'}"

    if limit_s is not None:
        parts.append(check(step.median, limit_s, "s"))
    if limit_mb is not None:
        parts.append(check(peak_mb, limit_mb, "MB"))
    return ", ".join(parts)


def table(steps: list[Step]) -> str:
    """Markdown table, one row per (size, step)."""
    rows = [
        "| articles | step | median s | runs s | peak PSS, tree MiB | main PSS MiB "
        "| main RSS MiB | throughput | target |",
        "|---:|---|---:|---|---:|---:|---:|---:|---|",
    ]
    for s in steps:
        runs = " ".join(f"{x:.2f}" for x in s.seconds)
        rate = f"{s.per_run / s.median:,.0f} {s.unit}" if s.per_run else ""
        rows.append(
            f"| {s.articles:,} | {s.name} | {s.median:.2f} | {runs} "
            f"| {max(s.pss_tree_kib) / 1024:.0f} | {max(s.pss_main_kib) / 1024:.0f} "
            f"| {max(s.rss_kib) / 1024:.0f} | {rate} | {verdict(s)} |"
        )
    return "\n".join(rows)


def machine() -> str:
    """CPU count, CPU model and Python version, for the table's caption."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def hugo_version(hugo: str) -> str:
    """``hugo version``'s first words, for the log."""
    run = subprocess.run([hugo, "version"], capture_output=True, text=True)
    return " ".join(run.stdout.split()[:2]) or hugo


def byte_compile(code: Path) -> None:
    """Compile the measured package's modules once, as ``pip install`` does: with
    PYTHONDONTWRITEBYTECODE set (some shells and containers set it), every measured
    process would otherwise compile every module from source again (~0.1 s a run)."""
    compileall.compile_dir(str(code / "publisher"), quiet=1)


def snapshot(rev: str, workdir: Path) -> tuple[Path, str]:
    """``publisher/`` as committed at ``rev``, extracted under the workdir, and its short hash.

    Measuring a commit, not the working tree, keeps a long run steady while others edit.
    """
    git = ["git", "-C", str(REPO)]
    commit = subprocess.run(
        [*git, "rev-parse", "--short", f"{rev}^{{commit}}"], capture_output=True, text=True
    )
    if commit.returncode != 0:
        raise BenchError(f"--rev {rev}: {commit.stderr.strip()}")
    short = commit.stdout.strip()
    dest = workdir / f"code-{short}"
    if not (dest / "publisher" / "__init__.py").exists():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        archive = subprocess.run([*git, "archive", short, "publisher"], capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest, short


def revision() -> str:
    """The commit measured, marked dirty when the working tree has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "publisher"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head or 'unknown'}{' + uncommitted changes in publisher/' if changed else ''}"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--huge", action="store_true", help="also 100,000 articles")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median shown)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-ids", action="store_true", help="sources without `id` (a site migrated to publisher)"
    )
    parser.add_argument("--no-peer", action="store_true", help="do not time Hugo even if found")
    parser.add_argument(
        "--rev", help="measure publisher/ as committed at this git revision, not the working tree"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "publisher-bench",
        help="where corpora (reused across runs), outputs and caches live",
    )
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.huge and 100_000 not in sizes:
        sizes.append(100_000)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.workdir.mkdir(parents=True, exist_ok=True)

    code = f"working tree at {revision()}"
    if args.rev:
        try:
            CODE[0], short = snapshot(args.rev, args.workdir)
        except BenchError as exc:
            print(exc, file=sys.stderr)
            return 1
        code = f"commit {short} (`--rev {args.rev}`)"
    byte_compile(CODE[0])
    no_cache_flag = build_help_lists("--no-cache")
    hugo = None if args.no_peer else shutil.which("hugo")
    log = [
        f"Machine: {machine()}; load average {os.getloadavg()[0]:.1f}.",
        f"Code: {code}.",
        f"Command: `python bench/run.py --sizes {','.join(map(str, sizes))} "
        f"--repeat {args.repeat}{' --no-ids' if args.no_ids else ''}"
        f"{f' --rev {args.rev}' if args.rev else ''}`; "
        f"{CATEGORIES} categories, items_per_feed 50, seed {args.seed}; "
        f"sources {'without' if args.no_ids else 'with'} pinned ids; "
        f"cold build {'with' if no_cache_flag else 'without'} `--no-cache`.",
        f"Peer: {hugo_version(hugo) if hugo else 'none (hugo not on PATH, or --no-peer)'}.",
    ]
    steps: list[Step] = []
    try:
        for n in sizes:
            site = Site(args.workdir, n, args.seed, ids=not args.no_ids)
            steps += measure(site, args.repeat, no_cache_flag, hugo, log)
            print(f"done: {n:,} articles", file=sys.stderr)
    except BenchError as exc:
        print("\n".join(log), file=sys.stderr)
        print(f"benchmark stopped: {exc}", file=sys.stderr)
        return 1
    print("\n".join(log))
    print()
    print(table(steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
