"""Valid stays valid: real-world feeds the W3C calls valid must get no error from us.

Run by hand, in two steps::

    python bench/valid_feeds.py extract CLONES OUT    # the corpus, from git clones
    python bench/valid_feeds.py score OUT bench/mistakes/seeds

``extract`` reads ``bench/valid-feeds.tsv`` (repository, commit, folder, kind) and
takes each folder from a clone of the repository in ``CLONES/<owner>+<name>``
(a bare or working clone) at that commit: the feed fixtures of public
feed-reading projects (feedparser, NetNewsWire, Feeder, rss-parser, feedjira,
miniflux, laminas-feed, feed-io, podcastparser, gofeed) whole, and from the
published output folders of Hugo, Jekyll, Pelican, Hexo and Astro sites the
feeds themselves (at most eight per site, shortest paths first, no sitemaps).

``score`` runs every ``.xml``, ``.rss`` and ``.atom`` file under the folders
(identical files once) through the W3C Feed Validation Service (locally,
``bench/w3c_oracle.py``) and through ``publisher validate``. For the files the
W3C calls valid (it raised no error), any error of ours is a false error: the
script lists each one with its rules and exits 1. It also lists the files the W3C
calls invalid that we call valid.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import w3c_oracle

from publisher.validate import validate_bytes

SUFFIXES = (".xml", ".rss", ".atom")
SOURCES = Path(__file__).resolve().parent / "valid-feeds.tsv"
PER_SITE = 8
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")


def _git(clone: Path, *args: str) -> bytes:
    git_dir = clone / ".git" if (clone / ".git").is_dir() else clone
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], capture_output=True, check=True
    ).stdout


def extract(clones: Path, out: Path) -> None:
    """Write the corpus named in valid-feeds.tsv under ``out``, one folder per repository."""
    with SOURCES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    written = 0
    for row in rows:
        clone = clones / row["repository"].replace("/", "+")
        names = _git(clone, "ls-tree", "-r", "--name-only", row["commit"], row["folder"] + "/")
        paths = [n for n in names.decode().splitlines() if n.endswith(SUFFIXES)]
        if row["kind"] == "site":
            paths = sorted(
                (p for p in paths if "sitemap" not in p), key=lambda p: (p.count("/"), len(p))
            )
        taken = 0
        for name in paths:
            data = _git(clone, "show", f"{row['commit']}:{name}")
            if row["kind"] == "site":
                if taken == PER_SITE or not _FEED_ROOT.search(data[:3000]):
                    continue
                taken += 1
            target = out / row["repository"].replace("/", "+") / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written += 1
    print(f"{written} files from {len(rows)} repositories in {out}")


def feed_files(folders: list[Path]) -> list[Path]:
    """Every candidate file under the folders, sorted; a file whose bytes another
    already has is left out, so each document counts once."""
    found = sorted(
        {
            path.resolve()
            for folder in folders
            for path in folder.rglob("*")
            if path.suffix.lower() in SUFFIXES and path.is_file()
        }
    )
    seen: set[bytes] = set()
    unique = []
    for path in found:
        digest = hashlib.sha1(path.read_bytes()).digest()
        if digest not in seen:
            seen.add(digest)
            unique.append(path)
    return unique


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("extract", "score"))
    parser.add_argument("folders", type=Path, nargs="+", help="extract: CLONES OUT; score: folders")
    parser.add_argument("--oracle", type=Path, default=w3c_oracle.DEFAULT_CHECKOUT)
    parser.add_argument("--oracle-python", default=w3c_oracle.DEFAULT_PYTHON)
    args = parser.parse_args()
    if args.step == "extract":
        extract(*args.folders[:2])
        return
    files = feed_files(args.folders)
    started = time.perf_counter()
    verdicts = dict(w3c_oracle.run(files, args.oracle, args.oracle_python, jobs=2))
    w3c_seconds = time.perf_counter() - started
    counts: Counter[str] = Counter()
    false_errors: list[str] = []
    missed: list[str] = []
    started = time.perf_counter()
    for path in files:
        verdict = verdicts[path]
        report = validate_bytes(path.read_bytes(), name=str(path))
        if verdict.crash is not None:
            counts["w3c crashed"] += 1
            continue
        if verdict.valid:
            counts["w3c valid"] += 1
            counts["warnings on valid"] += bool(report.warnings)
            if report.errors:
                rules = ", ".join(sorted({p.rule for p in report.errors}))
                false_errors.append(f"  {path}: {rules}")
        else:
            counts["w3c invalid"] += 1
            counts["invalid, we agree"] += bool(report.errors)
            if not report.errors:
                missed.append(f"  {path}: W3C {' '.join(sorted(set(verdict.errors)))}")
    ours_seconds = time.perf_counter() - started
    valid, invalid = counts["w3c valid"], counts["w3c invalid"]
    print(f"{len(files)} files: the W3C calls {valid} valid, {invalid} invalid", end="")
    print(f" ({counts['w3c crashed']} it could not check)" if counts["w3c crashed"] else "")
    print(f"W3C-valid files we give an error: {len(false_errors)} of {valid}")
    print(f"W3C-valid files we give only warnings: {counts['warnings on valid']} of {valid}")
    print(f"W3C-invalid files we call invalid too: {counts['invalid, we agree']} of {invalid}")
    print(f"time: W3C {w3c_seconds:.1f} s (2 processes), ours {ours_seconds:.1f} s (1 process)")
    print("\n".join(false_errors))
    if missed:
        print("W3C-invalid files we call valid:")
        print("\n".join(missed))
    sys.exit(1 if false_errors else 0)


if __name__ == "__main__":
    main()
