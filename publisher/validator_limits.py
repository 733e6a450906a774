"""How far ``publisher validate`` goes by default: how long it waits for each URL and
how large a feed it reads.

Kept apart from ``publisher.validate``, which loads lxml: the command shows these in
``--help`` without loading the validator.
"""

from __future__ import annotations

DEFAULT_TIMEOUT = 10.0  # seconds for connecting and for the whole download of one URL
DEFAULT_MAX_BYTES = 10_000_000  # a larger feed is reported, not parsed
