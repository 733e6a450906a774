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

import fuzzing  # bench/fuzzing.py, beside this script

from publisher.errors import PublisherError
from publisher.validate import validate_bytes

SELF_URL = "https://fuzz.example/feeds/all/rss.xml"


def one_input(data: bytes) -> None:
    """Validate ``data``; a report (of any findings) or a PublisherError is fine."""
    with contextlib.suppress(PublisherError):
        validate_bytes(data, name="fuzz", self_url=SELF_URL if data[:1] == b"<" else None)


if __name__ == "__main__":
    fuzzing.run(one_input)
