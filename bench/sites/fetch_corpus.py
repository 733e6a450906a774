"""Recreate the generator-agreement corpus from bench/sites/manifest.toml.

    python bench/sites/fetch_corpus.py [--into ~/corpora/sites] [--mirrors ~/mirrors]
                                       [--only NAME ...] [--keep-media]

Each site is its commit's tree (only its `subdir`), written into INTO/<name>/. A
repository is read from a local bare mirror when there is one (MIRRORS/<owner>+<name>/repo,
or a `.git` inside it); otherwise it is cloned from GitHub into MIRRORS first. Audio,
video and archives larger than 1 MB are left out unless --keep-media (no generator needs
them to publish a feed; images are kept, since publisher sizes image enclosures from them).
A site already unpacked at the same commit is skipped.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
MEDIA = (".mp4", ".mov", ".webm", ".mkv", ".avi", ".mp3", ".ogg", ".wav", ".zip", ".gz", ".tgz")
MEDIA_LIMIT = 1_000_000


def load_manifest(path: Path = HERE / "manifest.toml") -> list[dict]:
    with path.open("rb") as handle:
        return list(tomllib.load(handle)["site"])


def mirror_of(repo: str, mirrors: Path) -> Path:
    """The git directory holding ``repo``, cloned from GitHub when there is none."""
    base = mirrors / repo.replace("/", "+") / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "HEAD").is_file():
            return candidate
    base.parent.mkdir(parents=True, exist_ok=True)
    url = f"https://github.com/{repo}.git"
    subprocess.run(["git", "clone", "--bare", "--quiet", url, str(base)], check=True)
    return base


def unpack(site: dict, git_dir: Path, into: Path, keep_media: bool) -> tuple[int, int]:
    """Write the site's commit (its subdir only) into ``into``: (files written, files
    missing from the mirror). Mirrors may lack their largest blobs (they are listed in
    the tree but absent): those are skipped, and counted."""
    git = ["git", "--git-dir", str(git_dir)]
    tree = site["commit"] + (":" + site["subdir"] if site.get("subdir") else "")
    listing = subprocess.run(
        [*git, "ls-tree", "-r", "-l", "-z", tree], check=True, capture_output=True
    ).stdout
    wanted: list[tuple[str, str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.decode("utf-8", "surrogateescape").partition("\t")
        mode, kind, sha, size = meta.split()
        if kind != "blob" or ".." in Path(path).parts:
            continue  # submodules (absent themes) and anything odd
        big_media = (
            size.isdigit() and int(size) > MEDIA_LIMIT and Path(path).suffix.lower() in MEDIA
        )
        if keep_media or not big_media:
            wanted.append((mode, sha, path))
    batch = subprocess.Popen(
        [*git, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert batch.stdin is not None and batch.stdout is not None
    written = missing = 0
    for mode, sha, path in wanted:
        batch.stdin.write(sha.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3:  # "<sha> missing"
            missing += 1
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)  # the newline after each object
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)  # a symlink (120000) becomes a file holding its target
        target.chmod(0o755 if mode == "100755" else 0o644)
        written += 1
    batch.stdin.close()
    batch.wait()
    return written, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--into", type=Path, default=Path.home() / "corpora" / "sites")
    parser.add_argument("--mirrors", type=Path, default=Path.home() / "mirrors")
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--keep-media", action="store_true")
    options = parser.parse_args(argv)
    failed = 0
    for site in load_manifest():
        if options.only and site["name"] not in options.only:
            continue
        into = options.into / site["name"]
        stamp = into / ".corpus-commit"
        if stamp.is_file() and stamp.read_text().strip() == site["commit"]:
            continue
        try:
            git_dir = mirror_of(site["repo"], options.mirrors)
            if into.exists():
                subprocess.run(["rm", "-rf", str(into)], check=True)
            into.mkdir(parents=True)
            count, missing = unpack(site, git_dir, into, options.keep_media)
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"{site['name']}: {exc}", file=sys.stderr)
            failed += 1
            continue
        stamp.write_text(site["commit"] + "\n")
        absent = f" ({missing} absent from the mirror)" if missing else ""
        print(f"{site['name']}: {count} files from {site['repo']}@{site['commit'][:10]}{absent}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
