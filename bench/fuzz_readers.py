"""Coverage-guided fuzzing of the source readers with atheris (see bench/README.md).

Each input is raw file bytes; its first byte picks the reader (.md, .txt or .html).
The bytes go through ``decode_source``, the reader's ``read`` and ``normalize``, as in
``publisher build``. ``PublisherError`` (a clear message for a bad file) is the only
expected exception; anything else is a crash the fuzzer reports with its input.

    python bench/fuzz_readers.py -max_total_time=120 /tmp/fuzz-readers tests/bad_inputs
    python bench/fuzz_readers.py crash-1234...            # replay one input

Without atheris installed, the files or folders given are replayed once each.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

# The per-file catch-alls (an internal error becomes one file's error) re-raise under
# PUBLISHER_DEBUG, so a bug surfaces here instead of being reported politely.
os.environ["PUBLISHER_DEBUG"] = "1"

import fuzzing  # bench/fuzzing.py, beside this script

from publisher.config import Config, load_config
from publisher.errors import PublisherError
from publisher.normalize import normalize
from publisher.sources import ReaderOptions, decode, reader_for

SUFFIXES = (".md", ".txt", ".html")
OPTIONS = ReaderOptions()


def _config() -> Config:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "publisher.toml"
        path.write_text('title = "Fuzz"\nbase_url = "https://fuzz.example"\n', encoding="utf-8")
        return load_config(path)


CONFIG = _config()


def one_input(data: bytes) -> None:
    """Read ``data`` as a source file; only PublisherError may escape."""
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    body = data[1:]
    with contextlib.suppress(PublisherError):
        text, _ = decode(body, suffix, "fuzz" + suffix)  # HTML: its declared charset
        doc = reader_for(suffix).read(
            text, path="fuzz" + suffix, rel="news/fuzz" + suffix, options=OPTIONS
        )
        normalize(doc, CONFIG)


def _every_reader(data: bytes) -> list[bytes]:
    return [bytes([first]) + data for first in range(len(SUFFIXES))]


if __name__ == "__main__":
    fuzzing.run(one_input, _every_reader)
