"""Count how often a build opens each source: ``python bench/count_reads.py SITE [build options]``.

Runs ``publisher build`` in this process with an audit hook (``sys.addaudithook``) that
logs every ``open`` of a file under ``SITE/content``. Pool workers are forked, so they
inherit the hook; each logs to one shared file opened with O_APPEND (one short write
per line, so lines from several processes never interleave). Prints how many sources
there are, how many were opened, and the most any one was opened: a cold build
(``--no-cache``) should open each source exactly once.

    python bench/count_reads.py /tmp/publisher-bench/site-n10000-k12-s1 --no-cache \\
        --out /tmp/reads-out --cache-dir /tmp/reads-cache
"""

from __future__ import annotations

import collections
import os
import sys
import tempfile
from pathlib import Path

from publisher.sources import HTML_SUFFIXES, MARKDOWN_SUFFIXES, TEXT_SUFFIXES

SUFFIXES = MARKDOWN_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    site = Path(sys.argv[1]).resolve()
    content = str((site / "content").resolve())
    log = Path(tempfile.mkstemp(prefix="publisher-reads-")[1])
    fd = os.open(log, os.O_WRONLY | os.O_TRUNC | os.O_APPEND)

    def hook(event: str, args: tuple[object, ...]) -> None:
        path = args[0] if event == "open" else None
        if isinstance(path, str) and path.startswith(content) and path.endswith(SUFFIXES):
            os.write(fd, (path + "\n").encode("utf-8", "surrogateescape"))

    sys.addaudithook(hook)
    os.chdir(site)
    sys.argv = ["publisher", "build", *sys.argv[2:]]
    from publisher.cli import main as publisher_main

    try:
        publisher_main()
    except SystemExit as exc:
        if exc.code:
            raise
    finally:
        counts = collections.Counter(log.read_text("utf-8", "surrogateescape").split("\n")[:-1])
        log.unlink()
        sources = sum(1 for p in Path(content).rglob("*") if p.suffix in SUFFIXES)
        print(
            f"sources: {sources}; opened: {len(counts)}; opens: {sum(counts.values())}; "
            f"most opens of one source: {max(counts.values(), default=0)}"
        )


if __name__ == "__main__":
    main()
