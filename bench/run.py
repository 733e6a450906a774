"""Build benchmark: whole ``publisher`` processes on generated sites, as cron runs them.

``python bench/run.py [--sizes 1000,10000] [--huge] [--shapes news,rich] [--repeat 3]
[--no-ids] [--workdir DIR]`` prints a Markdown table of wall time (median, every run, and
the load average around them), peak memory (the whole process tree's summed PSS, the
main process's PSS, and its RSS) and throughput for a cold build, the no-op floor, a
no-op rebuild, a rebuild after one edit and after one new article, and ``publisher
validate`` on the output, for each corpus shape and size; then every goal of issue #25
as a ratio of two figures of this run, with both terms. When ``hugo`` is on PATH, Hugo
builds the same corpus (per-section RSS and Atom with full content, ``bench/hugo/``)
alternating with our cold builds. See bench/README.md, "Build performance".
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
# Issue #25's goals, each a ratio of two figures measured in the same run.
PEER_RATIO_GOAL = 0.30  # 10k cold build / Hugo's cold build of the same corpus
FLOOR_RATIO_GOAL = 1.5  # no-op rebuild / the no-op floor (bench/floor.py)
EDIT_RATIO_GOAL = 2.0  # one article edited / no-op rebuild
LINEAR = 10.0  # 100k / 10k and 1M / 100k: no worse than linear
PSS_GOAL_MB = {100_000: 250.0}  # peak tree PSS of every build at that size
# 1M as ratios to 100k: issue #16's goals (4 min / 18 s, 4 s / 0.5 s, 5 s / 1 s,
# 800 MB / 250 MB), never worse than linear.
MILLION_GOALS = {"cold build": LINEAR, "no-op rebuild": 8.0, "edit one article": 5.0}
MILLION_PSS_GOAL = 800 / 250
HUGO_SITE = Path(__file__).resolve().parent / "hugo"
FLOOR = Path(__file__).resolve().parent / "floor.py"


class BenchError(Exception):
    """A measured command failed: the benchmark stops and shows why."""


@dataclass(slots=True)
class Step:
    """Runs of one step for one corpus size."""

    articles: int
    name: str
    shape: str = "news"
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    pss_tree_kib: list[int] = field(default_factory=list)
    pss_main_kib: list[int] = field(default_factory=list)
    per_run: int = 0  # articles (cold build) or feeds (validate) handled per run
    unit: str = ""
    loads: list[float] = field(default_factory=list)  # 1-minute load average, before each run
    cpu: list[float] = field(default_factory=list)  # CPU seconds of the whole tree, per run

    @property
    def load(self) -> str:
        """The load averages seen before the runs, as "low-high" (or one figure)."""
        low, high = min(self.loads, default=0.0), max(self.loads, default=0.0)
        return f"{low:.1f}" if f"{low:.1f}" == f"{high:.1f}" else f"{low:.1f}-{high:.1f}"

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak_mb(self) -> float:
        return max(self.pss_tree_kib) * 1024 / 1e6

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def add(self, run: Run) -> None:
        self.loads.append(run.load)
        self.cpu.append(run.cpu)
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
    load: float = 0.0  # the 1-minute load average when it started
    cpu: float = 0.0  # user + system CPU seconds of the child and the descendants it reaped


def run_child(args: list[str], cwd: Path) -> Run:
    """Run one process to completion; its own peak RSS comes from wait4's rusage."""
    env = dict(os.environ)
    # The package is used from the working tree, whether or not it is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CODE[0]), env.get("PYTHONPATH")]))
    load = os.getloadavg()[0]
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
            load,
            # wait4's rusage counts the child and every descendant it waited for (the pool's
            # workers, forked shares): CPU time is what a busy machine distorts least.
            usage.ru_utime + usage.ru_stime,
        )


def checked(run: Run, what: str) -> Run:
    """The run, or BenchError with its output when it did not exit 0."""
    if run.code != 0:
        raise BenchError(f"{what} exited {run.code}\n{run.stdout}{run.stderr}".rstrip())
    return run


class Site:
    """A generated corpus under the workdir, with its output and cache folders."""

    def __init__(
        self,
        workdir: Path,
        articles: int,
        seed: int,
        ids: bool = True,
        shape: str = "news",
        markdown: str = corpus.MARKDOWN,
    ):
        variant = ("" if shape == "news" else f"-{shape}") + ("" if ids else "-noid")
        self.articles = articles
        self.ids = ids
        self.shape = shape
        self.root = workdir / f"site-n{articles}-k{CATEGORIES}-s{seed}{variant}"
        self.out = workdir / f"out-n{articles}{variant}"
        self.hugo_out = workdir / f"hugo-out-n{articles}{variant}"
        self.cache = workdir / f"cache-n{articles}{variant}"
        self.seed = seed
        self.markdown = markdown

    @property
    def manifest(self) -> dict[str, object]:
        data: dict[str, object] = json.loads((self.root / "bench.json").read_text("utf-8"))
        return data

    def prepare(self) -> str:
        """Generate the corpus unless an intact one of this generator version exists."""
        dirty = self.root / ".dirty"
        try:
            manifest = self.manifest
            reusable = (
                not dirty.exists()
                and manifest.get("shape", "news") == self.shape
                and manifest.get("version") == corpus.version(self.shape)
            )
        except (OSError, ValueError):
            reusable = False
        if reusable:
            self.set_markdown()
            return "reused"
        shutil.rmtree(self.root, ignore_errors=True)
        start = time.perf_counter()
        corpus.generate(
            self.root, self.articles, CATEGORIES, self.seed, ids=self.ids, shape=self.shape
        )
        self.set_markdown()
        return f"generated in {time.perf_counter() - start:.1f} s"

    def set_markdown(self) -> None:
        """The site's Markdown flavour as asked (``--markdown``), in its config."""
        config = self.root / "publisher.toml"
        lines = [
            line
            for line in config.read_text("utf-8").splitlines()
            if not line.startswith("markdown =")
        ]
        lines.insert(
            lines.index("") if "" in lines else len(lines), f'markdown = "{self.markdown}"'
        )
        config.write_text("\n".join(lines) + "\n", "utf-8")

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

    def noop_imports(self) -> list[str]:
        """The modules a no-op build imports (the outermost of each chain, in order), from
        one no-op under ``python -X importtime``: what the floor must import too."""
        args = self.build_args()
        run = checked(run_child([args[0], "-X", "importtime", *args[1:]], self.root), "no-op")
        names: list[str] = []
        for line in run.stderr.splitlines():
            if not line.startswith("import time:"):
                continue
            name = line.rsplit("|", 1)[-1]
            # One space after the bar: imported at the outermost level (nested ones are
            # indented further); the header line reads "imported package".
            if name.startswith(" ") and not name.startswith("  ") and "imported" not in name:
                names.append(name.strip())
        # What the interpreter imports before it runs anything ends with ``site``.
        return names[names.index("site") + 1 :] if "site" in names else names

    def floor(self, modules: list[str]) -> Run:
        """The no-op floor: import ``modules`` and stat every source (bench/floor.py)."""
        args = [
            sys.executable, str(FLOOR), "--modules", ",".join(modules),
            "--suffixes", ".md", str(self.root / "content"),
        ]  # fmt: skip
        run = checked(run_child(args, self.root), "bench/floor.py")
        if not run.stdout.startswith(f"{self.articles} files"):
            raise BenchError(f"bench/floor.py stat'ed the wrong files: {run.stdout.strip()}")
        return run

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
    log.append(f"- {site.shape}, {site.articles:,} articles: corpus {note} ({site.root})")
    steps = []

    def step(name: str, **kwargs: object) -> Step:
        made = Step(site.articles, name, site.shape, **kwargs)  # type: ignore[arg-type]
        steps.append(made)
        return made

    cold = step("cold build", per_run=site.articles, unit="articles/s")
    peer = Step(site.articles, "Hugo cold build (peer)", site.shape, per_run=site.articles,
                unit="articles/s")  # fmt: skip
    for _ in range(repeat):
        site.fresh()
        cold.add(site.build(*(["--no-cache"] if no_cache_flag else [])))
        if hugo:
            # Alternating runs share the machine's state (page cache, other load) fairly.
            peer.add(site.hugo(hugo))
    if hugo:
        steps.append(peer)

    # One untimed build fills the cache (a --no-cache cold build may not have), and one
    # no-op under -X importtime tells what the floor imports.
    site.build()
    modules = site.noop_imports()
    log.append(f"- {site.shape}, {site.articles:,} articles: a no-op imports {', '.join(modules)}")
    floor = step("no-op floor (bench/floor.py)")
    noop = step("no-op rebuild")
    for _ in range(repeat):
        floor.add(site.floor(modules))  # alternating, as with Hugo
        noop.add(site.build())

    edited = site.root / str(site.manifest["newest"])
    original = edited.read_bytes()
    added: list[Path] = []
    dirty = site.root / ".dirty"
    dirty.write_text("edits in progress: regenerate\n", encoding="utf-8")
    try:
        edit = step("edit one article")
        for i in range(repeat):
            # Append, not rewrite: the body grows like a correction at the end of a story.
            with open(edited, "a", encoding="utf-8") as f:
                f.write(f"\nUpdate {i + 1}: a correction was appended to this article.\n")
            edit.add(site.build())

        add = step("add one article")
        for i in range(repeat):
            added.append(new_article(site, i + 1))
            add.add(site.build())

        feeds = sorted(site.out.rglob("*.xml"))
        validate = step("validate feeds/", per_run=len(feeds), unit="feeds/s")
        for _ in range(repeat):
            args = [sys.executable, "-m", "publisher", "validate", str(site.out)]
            validate.add(checked(run_child(args, site.root), "publisher validate"))
    finally:
        edited.write_bytes(original)
        for path in added:
            path.unlink(missing_ok=True)
        dirty.unlink()
    return steps


def table(steps: list[Step]) -> str:
    """Markdown table, one row per (shape, size, step)."""
    rows = [
        "| shape | articles | step | median s | runs s | load | CPU s | peak PSS, tree MiB "
        "| main PSS MiB | main RSS MiB | throughput |",
        "|---|---:|---|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for s in steps:
        runs = " ".join(f"{x:.2f}" for x in s.seconds)
        rate = f"{s.per_run / s.median:,.0f} {s.unit}" if s.per_run else ""
        rows.append(
            f"| {s.shape} | {s.articles:,} | {s.name} | {s.median:.2f} | {runs} | {s.load} "
            f"| {s.cpu_median:.2f} "
            f"| {max(s.pss_tree_kib) / 1024:.0f} | {max(s.pss_main_kib) / 1024:.0f} "
            f"| {max(s.rss_kib) / 1024:.0f} | {rate} |"
        )
    return "\n".join(rows)


# The steps that are builds: a size's memory goal holds for each of them.
BUILDS = ("cold build", "no-op rebuild", "edit one article", "add one article")
COLD, PEER, FLOOR_STEP, NOOP, EDIT = (
    "cold build", "Hugo cold build (peer)", "no-op floor (bench/floor.py)", "no-op rebuild",
    "edit one article",
)  # fmt: skip


# (smaller size, larger size, {step: the most the larger may take, as a multiple}).
SCALING = ((10_000, 100_000, {COLD: LINEAR}), (100_000, 1_000_000, MILLION_GOALS))


def _term(step: Step) -> str:
    return f"{step.articles:,} {step.name} {step.median:.2f} s (load {step.load})"


def _met(value: float, limit: float | None) -> str:
    return "" if limit is None else ("✅" if value <= limit else "❌")


def goals(steps: list[Step]) -> str:
    """Every goal of issue #25 that this run can tell, as a ratio with its two terms."""
    found = {(s.shape, s.articles, s.name): s for s in steps}
    rows = [
        "| shape | goal | ratio | numerator | denominator | met | CPU-time ratio |",
        "|---|---|---:|---|---|---|---:|",
    ]

    def ratio(
        shape: str, goal: str, top: Step | None, bottom: Step | None, limit: float | None
    ) -> None:
        if top and bottom:
            value = top.median / bottom.median
            cpu = top.cpu_median / bottom.cpu_median if bottom.cpu_median else float("nan")
            rows.append(
                f"| {shape} | {goal} | {value:.2f} | {_term(top)} | {_term(bottom)} "
                f"| {_met(value, limit)} | {cpu:.2f} |"
            )

    def heaviest(shape: str, n: int) -> Step | None:
        builds = [found[shape, n, name] for name in BUILDS if (shape, n, name) in found]
        return max(builds, key=lambda s: s.peak_mb, default=None)

    for shape in dict.fromkeys(s.shape for s in steps):
        sizes = sorted({s.articles for s in steps if s.shape == shape})
        for n in sizes:
            limit = PEER_RATIO_GOAL if n == 10_000 else None
            goal = f"{n:,} cold / Hugo cold" + (f" ≤ {limit:g}" if limit else "")
            ratio(shape, goal, found.get((shape, n, COLD)), found.get((shape, n, PEER)), limit)
        for n in sizes:
            noop = found.get((shape, n, NOOP))
            ratio(
                shape,
                f"{n:,} no-op / floor ≤ {FLOOR_RATIO_GOAL:g}",
                noop,
                found.get((shape, n, FLOOR_STEP)),
                FLOOR_RATIO_GOAL,
            )
            ratio(
                shape,
                f"{n:,} edit / no-op ≤ {EDIT_RATIO_GOAL:g}",
                found.get((shape, n, EDIT)),
                noop,
                EDIT_RATIO_GOAL,
            )
        for small, big, limits in SCALING:
            for name, limit in limits.items():
                ratio(
                    shape,
                    f"{big:,} / {small:,} {name} ≤ {limit:g}",
                    found.get((shape, big, name)),
                    found.get((shape, small, name)),
                    limit,
                )
        for n, limit_mb in PSS_GOAL_MB.items():
            peak = heaviest(shape, n)
            if peak:
                rows.append(
                    f"| {shape} | {n:,} peak tree PSS ≤ {limit_mb:g} MB "
                    f"| {peak.peak_mb:.0f} MB | {n:,} {peak.name} (load {peak.load}) | "
                    f"| {_met(peak.peak_mb, limit_mb)} | |"
                )
        big, small = heaviest(shape, 1_000_000), heaviest(shape, 100_000)
        if big and small:
            value = big.peak_mb / small.peak_mb
            rows.append(
                f"| {shape} | 1,000,000 / 100,000 peak tree PSS ≤ {MILLION_PSS_GOAL:.1f} "
                f"| {value:.2f} | {big.peak_mb:.0f} MB ({big.name}) "
                f"| {small.peak_mb:.0f} MB ({small.name}) "
                f"| {_met(value, MILLION_PSS_GOAL)} | |"
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
    parser.add_argument(
        "--shapes", default="news,rich", help="comma-separated corpus shapes (news, rich)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (median shown)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-ids", action="store_true", help="sources without `id` (a site migrated to publisher)"
    )
    parser.add_argument("--no-peer", action="store_true", help="do not time Hugo even if found")
    parser.add_argument(
        "--peer-max",
        type=int,
        default=10_000,
        help="time Hugo only up to this many articles (the goal is at 10,000; Hugo takes "
        "minutes and gigabytes beyond)",
    )
    parser.add_argument(
        "--rev", help="measure publisher/ as committed at this git revision, not the working tree"
    )
    parser.add_argument(
        "--markdown",
        default=corpus.MARKDOWN,
        help="the sites' Markdown flavour (default: what init writes for a new site, "
        f"{corpus.MARKDOWN!r}; 'python-markdown' is what a site without the key renders with)",
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
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    if not shapes or any(s not in corpus.SHAPES for s in shapes):
        parser.error(f"--shapes: one or more of {', '.join(corpus.SHAPES)}")
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
    before = os.getloadavg()
    log = [
        f"Machine: {machine()}.",
        f"Code: {code}.",
        f"Command: `python bench/run.py --sizes {','.join(map(str, sizes))} "
        f"--shapes {','.join(shapes)} --repeat {args.repeat}{' --no-ids' if args.no_ids else ''}"
        f"{f' --rev {args.rev}' if args.rev else ''} --markdown {args.markdown}`; "
        f"{CATEGORIES} categories, items_per_feed 50, seed {args.seed}; "
        f"sources {'without' if args.no_ids else 'with'} pinned ids; "
        f"cold build {'with' if no_cache_flag else 'without'} `--no-cache`.",
        "Peer: "
        + (
            f"{hugo_version(hugo)}, up to {args.peer_max:,} articles."
            if hugo
            else "none (hugo not on PATH, or --no-peer)."
        ),
    ]
    steps: list[Step] = []
    try:
        for n in sizes:
            for shape in shapes:
                site = Site(
                    args.workdir, n, args.seed, ids=not args.no_ids, shape=shape,
                    markdown=args.markdown,
                )  # fmt: skip
                peer = hugo if n <= args.peer_max else None
                steps += measure(site, args.repeat, no_cache_flag, peer, log)
                print(f"done: {shape}, {n:,} articles", file=sys.stderr)
    except BenchError as exc:
        print("\n".join(log), file=sys.stderr)
        print(f"benchmark stopped: {exc}", file=sys.stderr)
        return 1
    after = os.getloadavg()
    log.insert(
        1,
        "Load average (1, 5, 15 min): before "
        + " ".join(f"{x:.2f}" for x in before)
        + ", after "
        + " ".join(f"{x:.2f}" for x in after)
        + "; the load column is the 1-minute average as each step's runs started.",
    )
    print("\n".join(log))
    print()
    print(table(steps))
    print()
    print(goals(steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
