"""The versions caches are keyed on: publisher's own (the release number plus a digest of
the code itself), and the releases of the libraries that shape what a build writes.

The release number alone is not enough: a site that installs publisher from a git
checkout gets new code under the same number, and a cache keyed on the number would keep
serving feed bytes and rendered HTML made by the old code after the upgrade. Likewise a
new Python-Markdown, nh3, lxml or feedgen may write other HTML or other feed bytes from
the same sources: rendered bodies and feed files are keyed on those releases too, so an
upgrade renders and writes again what they made (an item's dates and id come from its
source alone, so they stay).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import re
from pathlib import Path

from publisher import __version__

_PACKAGE = Path(__file__).resolve().parent.parent  # publisher/, this file being in build/


@functools.cache
def code_version(package: Path = _PACKAGE) -> str:
    """``<release>+<digest of every file in the package>``; read once per process.

    Reading the package (about a hundred small files) costs a few milliseconds, far less
    than one stale feed would cost a subscriber.
    """
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(package).as_posix().encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return f"{__version__}+{digest.hexdigest()[:16]}"


# Importable modules whose distribution's release changes an item's HTML: each flavour's
# Markdown library (publisher.render.renderer.FLAVOUR_LIBRARIES; all of them here, for
# the no-op build's key, which does not read the site's flavour), nh3 that sanitizes them
# all, lxml that reads scraped pages into Markdown, python-liquid that renders Jekyll's
# Liquid (``TEMPLATING``: a Jekyll site's rendered bodies are keyed on it too).
TEMPLATING = ("liquid",)
RENDERING = ("markdown", "markdown_it", "mdit_py_plugins", "linkify_it", "nh3", "lxml", *TEMPLATING)
# ... and those that write the feed files.
FEED_WRITING = ("feedgen", "lxml")
_NORMALIZE = re.compile(r"[-_.]+")
# Modules whose distribution is named otherwise.
_DISTRIBUTIONS = {
    "markdown_it": "markdown-it-py",
    "linkify_it": "linkify-it-py",
    "liquid": "python-liquid",
}


@functools.cache
def library_versions(modules: tuple[str, ...]) -> str:
    """``markdown=3.11.4 nh3=0.3.8 ...`` for these modules' installed distributions; read
    once per process, without importing them (a no-op build imports none of them)."""
    return " ".join(f"{module}={installed_version(module)}" for module in modules)


def installed_version(module: str) -> str:
    """The release of the distribution that installed ``module`` (named as the module is,
    or as ``_DISTRIBUTIONS`` says), from its ``.dist-info`` folder beside it; ``missing``
    if none."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "missing"
    folder = Path(spec.origin).parent
    if spec.submodule_search_locations is not None:
        folder = folder.parent  # a package: its folder sits in site-packages
    distribution = _DISTRIBUTIONS.get(module, module)
    wanted = _NORMALIZE.sub("_", distribution).lower()
    try:
        entries = os.listdir(folder)
    except OSError:
        entries = []
    for entry in entries:
        if entry.endswith(".dist-info"):
            name, _, version = entry[: -len(".dist-info")].partition("-")
            if _NORMALIZE.sub("_", name).lower() == wanted:
                return version
    from importlib import metadata  # slower (it imports email): installs laid out otherwise

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        pass
    # A Markdown extension's package named otherwise (pymdownx: pymdown-extensions).
    for name in metadata.packages_distributions().get(module, []):
        return metadata.version(name)
    return "unknown"
