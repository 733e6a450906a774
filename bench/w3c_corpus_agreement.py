"""Agreement of ``publisher validate`` with W3C verdicts recorded beside a corpus.

Run by hand: ``python bench/w3c_corpus_agreement.py [FOLDER]`` (default
``tests/validate/realistic``). Each feed there carries the verdict the W3C Feed
Validation Service gave it, in its expectation line (``<!-- expect: rule-ids | w3c: invalid -->``);
the verdicts were recorded by running the W3C validator locally, once, when the
feed was added. The script prints agreement on the W3C-invalid and on the
W3C-valid feeds, each, and the feeds where we disagree.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from publisher.validate import validate_bytes

ROOT = Path(__file__).resolve().parent.parent
_VERDICT = re.compile(rb"expect:[^|>]*\|[^>]*\bw3c:\s*(valid|invalid)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "tests" / "validate" / "realistic"
    parser.add_argument("folder", type=Path, nargs="?", default=default)
    args = parser.parse_args()
    counts = {"invalid": [0, 0], "valid": [0, 0]}
    disagree: list[str] = []
    for path in sorted(args.folder.rglob("*.xml")):
        data = path.read_bytes()
        match = _VERDICT.search(data[:2000])
        if match is None:
            continue
        want = match[1].decode()
        report = validate_bytes(data, name=path.name)
        got = "invalid" if report.errors else "valid"
        counts[want][1] += 1
        counts[want][0] += got == want
        if got != want:
            rules = ", ".join(sorted({p.rule for p in report.errors})) or "no errors"
            disagree.append(f"  {path.name}: W3C {want}, we say {got} ({rules})")
    for want, (agree, total) in counts.items():
        share = f"{100 * agree / total:.1f}%" if total else "-"
        print(f"W3C-{want} feeds we also call {want}: {agree} / {total} ({share})")
    print(f"{len(disagree)} disagree" + (":" if disagree else ""))
    print("\n".join(disagree))


if __name__ == "__main__":
    main()
