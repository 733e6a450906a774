"""Which source file a cross reference in a body means (Hugo ``ref``/``relref``, Jekyll
``post_url``/``link``, Pelican ``{filename}``), found the way each generator looks."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from publisher.generators.fields import Generator

SUFFIXES = (".md", ".markdown")


def find_source(content_dir: Path, generator: Generator, from_rel: str, target: str) -> Path | None:
    """The file under ``content_dir`` that ``target``, written in ``from_rel``, refers to."""
    target = target.strip().split("#", 1)[0].strip()
    if not target or ".." in PurePosixPath(target).parts:
        return None
    root = content_dir.resolve()
    here = PurePosixPath(from_rel).parent
    if generator == "jekyll":
        # post_url names a post by its file name (maybe in a subfolder); link by its path.
        name = target.removeprefix("/").removeprefix("_posts/")
        candidates = [name] + [name + s for s in SUFFIXES]
        found = _first(root, candidates)
        return found or _search(root, PurePosixPath(name).name)
    # Relative to the referring file first, then to the content folder (as Hugo looks).
    bases = [target.strip("/")]
    if not target.startswith("/") and str(here) != ".":
        bases.insert(0, str(here / target))
    candidates = []
    for base in bases:
        bare = base.removesuffix("/")
        candidates += [bare] + [bare + s for s in SUFFIXES]
        candidates += [f"{bare}/index{s}" for s in SUFFIXES]
    found = _first(root, candidates)
    if found or generator != "hugo" or "/" in target.strip("/"):
        return found
    return _search(root, PurePosixPath(target).stem)  # Hugo: a bare name, anywhere


def _first(root: Path, candidates: list[str]) -> Path | None:
    for candidate in candidates:
        path = (root / candidate).resolve()
        if path.is_file() and path.is_relative_to(root) and path.suffix.lower() in SUFFIXES:
            return path
    return None


def _search(root: Path, stem: str) -> Path | None:
    stem = stem.removesuffix(".md").removesuffix(".markdown")
    for suffix in SUFFIXES:
        for path in sorted(root.rglob(f"{stem}{suffix}")):
            if not any(part.startswith(".") for part in path.relative_to(root).parts):
                return path
    return None
