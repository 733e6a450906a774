"""The version caches are keyed on: the release number plus a digest of the code itself.

The release number alone is not enough: a site that installs publisher from a git
checkout gets new code under the same number, and a cache keyed on the number would keep
serving feed bytes and rendered HTML made by the old code after the upgrade.
"""

from __future__ import annotations

import functools
import hashlib
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
