"""What the atheris harnesses share: run the fuzzer, or replay files without it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path


def run(
    one_input: Callable[[bytes], None],
    variants: Callable[[bytes], Iterable[bytes]] = lambda data: (data,),
) -> None:
    """Fuzz ``one_input`` with atheris; without it, replay the given files or folders.

    ``variants`` turns one replayed file into the inputs to try (a harness whose first
    byte picks a reader tries every reader).
    """
    try:
        import atheris
    except ImportError:
        _replay(one_input, variants, sys.argv[1:])
        return
    atheris.instrument_all()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


def _replay(
    one_input: Callable[[bytes], None],
    variants: Callable[[bytes], Iterable[bytes]],
    targets: list[str],
) -> None:
    files = [
        p for t in targets for p in (sorted(Path(t).rglob("*")) if Path(t).is_dir() else [Path(t)])
    ]
    files = [p for p in files if p.is_file()]
    runs = 0
    for path in files:
        for data in variants(path.read_bytes()):
            one_input(data)
            runs += 1
    print(f"replayed {len(files)} file(s) as {runs} input(s): no crash")
