"""Coverage-guided fuzzing of the feed validator with atheris (see bench/README.md).

Each input is a whole document (RSS, Atom, JSON Feed or anything else) handed to
``publisher.validate.validate_bytes``, which must return a report: only
``PublisherError`` may escape; anything else is a crash the fuzzer reports.

    python bench/fuzz_validate.py -max_total_time=120 /tmp/fuzz-validate tests/validate feeds
    python bench/fuzz_validate.py crash-1234...           # replay one input

Without atheris installed, the files or folders given are replayed once each.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from publisher.errors import PublisherError
from publisher.validate import validate_bytes

SELF_URL = "https://fuzz.example/feeds/all/rss.xml"


def one_input(data: bytes) -> None:
    """Validate ``data``; a report (of any findings) or a PublisherError is fine."""
    with contextlib.suppress(PublisherError):
        validate_bytes(data, name="fuzz", self_url=SELF_URL if data[:1] == b"<" else None)


def _replay(targets: list[str]) -> None:
    files = [
        p for t in targets for p in (sorted(Path(t).rglob("*")) if Path(t).is_dir() else [Path(t)])
    ]
    files = [p for p in files if p.is_file()]
    for path in files:
        one_input(path.read_bytes())
    print(f"replayed {len(files)} input(s): no crash")


def main() -> None:
    try:
        import atheris
    except ImportError:
        _replay(sys.argv[1:])
        return
    atheris.instrument_all()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
