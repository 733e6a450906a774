"""Agreement of ``publisher validate`` with the W3C Feed Validation Service's own test cases.

Run by hand: ``python bench/w3c_agreement.py CHECKOUT [--all] [--show N]``, where
CHECKOUT is a checkout of github.com/w3c/feedvalidator. Each file under its
``testcases/`` carries a comment ``Description: ... Expect: [!]Name``. A case
whose Name is one of the W3C validator's error classes is *invalid*; ``!Error``
(or ``!Message``) marks a *valid* case; any other annotation (a warning is
expected, or one message is ruled out) does not fix a verdict and is not scored.

Which classes are errors is read from the checkout's ``logging.py`` with ``ast``
(its class tree), so none of the W3C code runs here. Our verdict is the one
``publisher validate`` gives: invalid when a report holds an error.

The table has one row per folder: the core ``atom``, ``rss20`` and ``rss``, then
every family under ``ext/`` (iTunes, Media RSS, threading, feed history, AtomPub,
FeedBurner, FeedSync, ...); ``--all`` adds the other formats (Google Base, KML,
OpenSearch, RSS 1.1, OPML). The cases that disagree follow the table.

``--run-w3c`` labels every case by running the W3C validator itself on it (see
``bench/w3c_oracle.py``) instead of reading its annotation: invalid when it
raises an error, valid otherwise. That scores the cases whose annotation names a
warning or rules one message out too, and catches annotations the W3C code no
longer agrees with (cases where the two differ are counted).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import w3c_oracle

from publisher.validate import validate_bytes

CORE = ("atom", "rss20", "rss")
_EXPECT = re.compile(rb"<!--\s*Description:.*?Expect:\s*(!?)(\w+)", re.DOTALL)


def error_classes(checkout: Path) -> set[str]:
    """Names of every class deriving (transitively) from ``Error`` in the W3C catalog."""
    source = checkout / "src" / "feedvalidator" / "logging.py"
    tree = ast.parse(source.read_text("utf-8"))
    parents: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            parents[node.name] = [base.id for base in node.bases if isinstance(base, ast.Name)]

    def is_error(name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name == "Error":
            return True
        return any(is_error(p, seen | {name}) for p in parents.get(name, ()) if p not in seen)

    return {name for name in parents if is_error(name)}


def expectation(data: bytes, errors: set[str]) -> str | None:
    """``invalid``, ``valid`` or None (not scored) for one test case."""
    match = _EXPECT.search(data)
    if match is None:
        return None
    negated, name = match[1] == b"!", match[2].decode()
    if negated and name in ("Error", "Message"):
        return "valid"
    if not negated and name in errors:
        return "invalid"
    return None


def folder_of(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    return "/".join(parts[:2]) if parts[0] == "ext" and len(parts) > 2 else parts[0]


def _ours(group: str) -> bool:
    return group in CORE or group.startswith("ext/")


def run_w3c_labels(paths: list[Path], checkout: Path, python: str) -> dict[Path, str]:
    """``invalid`` or ``valid`` per case, as the W3C validator run on it says."""
    return {
        path: "valid" if verdict.valid else "invalid"
        for path, verdict in w3c_oracle.run(paths, checkout, python, jobs=2)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="checkout of w3c/feedvalidator")
    parser.add_argument("--all", action="store_true", help="score every folder, not only ours")
    parser.add_argument("--show", type=int, default=200, help="disagreeing cases to list")
    parser.add_argument(
        "--run-w3c", action="store_true", help="label each case by running the W3C validator"
    )
    parser.add_argument("--oracle-python", default=w3c_oracle.DEFAULT_PYTHON)
    args = parser.parse_args()
    root = args.checkout / "testcases"
    errors = error_classes(args.checkout)
    stats: dict[str, Counter[str]] = {}
    disagree: list[tuple[str, str, str]] = []
    paths = [p for p in sorted(root.rglob("*.xml")) if args.all or _ours(folder_of(p, root))]
    ran = run_w3c_labels(paths, args.checkout, args.oracle_python) if args.run_w3c else {}
    annotation_differs = 0
    started = time.perf_counter()
    for path in paths:
        group = folder_of(path, root)
        data = path.read_bytes()
        annotated = expectation(data, errors)
        want = ran.get(path, annotated)
        annotation_differs += annotated is not None and want != annotated
        if want is None:
            continue
        report = validate_bytes(data, name=str(path.relative_to(root)))
        got = "invalid" if report.errors else "valid"
        counts = stats.setdefault(group, Counter())
        counts[want] += 1
        counts[want + "-agree"] += got == want
        if got != want:
            detail = ", ".join(sorted({p.rule for p in report.errors})) or "no errors"
            label = _EXPECT.search(data)
            shown = (label[1] + label[2]).decode() if label else "?"
            if args.run_w3c:
                shown = f"W3C {want} (annotated {shown})"
            disagree.append((str(path.relative_to(root)), f"expect {shown}", f"got {detail}"))
    elapsed = time.perf_counter() - started
    print("| W3C test cases (`testcases/`) | invalid we call invalid | valid we call valid |")
    print("|---|---|---|")
    order = [f for f in CORE if f in stats] + sorted(set(stats) - set(CORE), key=_order)
    for group in order:
        c = stats[group]
        print(
            f"| `{group}` | {_ratio(c['invalid-agree'], c['invalid'])} "
            f"| {_ratio(c['valid-agree'], c['valid'])} |"
        )
    print(
        f"\n{sum(sum(c[k] for k in ('invalid', 'valid')) for c in stats.values())} cases "
        f"scored in {elapsed:.1f} s; {len(disagree)} disagree:"
    )
    if args.run_w3c:
        print(f"(labels from running the W3C; {annotation_differs} differ from annotations)")
    for name, want, got in disagree[: args.show]:
        print(f"  {name}: {want}; {got}")
    if len(disagree) > args.show:
        print(f"  ... {len(disagree) - args.show} more (--show)")


def _order(group: str) -> tuple[bool, str]:
    return (not group.startswith("ext/"), group)


def _ratio(agree: int, total: int) -> str:
    return f"{agree} / {total} ({100 * agree / total:.1f}%)" if total else "–"


if __name__ == "__main__":
    main()
