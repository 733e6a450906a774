"""A sample of the realistic-mistakes corpus: our verdict equals the W3C validator's.

The corpus (bench/mistakes_corpus.py) is regenerated from the seed feeds in
bench/mistakes/seeds/ and the catalog of mistakes; its W3C labels are committed
in bench/mistakes/labels.tsv. The full corpus (about 7,000 documents) is a bench
run; here one document of each kind of mistake is regenerated, checked to be the
very document that was labelled, and validated.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from publisher.validate import validate_bytes

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load_corpus() -> ModuleType:
    # bench/ is a folder of scripts, not a package: its modules import one another by name.
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(
            "bench_mistakes_corpus", BENCH / "mistakes_corpus.py"
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def _sample() -> list[tuple[dict[str, str], bytes]]:
    corpus = _load_corpus()
    with (BENCH / "mistakes" / "labels.tsv").open(encoding="utf-8", newline="") as handle:
        labels = {row["document"]: row for row in csv.DictReader(handle, delimiter="\t")}
    # Generate as the labels were made: as many documents per kind as the largest kind has.
    sizes = Counter(row["kind"] for row in labels.values() if row["kind"] != corpus.UNCHANGED)
    documents = corpus.documents(max(sizes.values()))
    first: dict[str, tuple[dict[str, str], bytes]] = {}
    for doc in documents:
        if doc.kind not in first and doc.name in labels:
            first[doc.kind] = (labels[doc.name], doc.data)
    return [first[kind] for kind in sorted(first)]


SAMPLE = _sample()


def test_the_sample_covers_every_kind() -> None:
    kinds = {row["kind"] for row, _ in SAMPLE}
    assert len(kinds) >= 150
    assert {row["w3c"] for row, _ in SAMPLE} == {"valid", "invalid"}


@pytest.mark.parametrize("case", SAMPLE, ids=lambda case: case[0]["document"])
def test_same_verdict_as_the_w3c(case: tuple[dict[str, str], bytes]) -> None:
    row, data = case
    assert hashlib.sha1(data).hexdigest() == row["sha1"], "not the labelled document"
    report = validate_bytes(data, name=row["document"])
    rules = sorted({p.rule for p in report.errors})
    if row["w3c"] == "valid":
        assert rules == [], f"the W3C calls it valid (warnings {row['warnings']})"
    else:
        assert rules, f"the W3C calls it invalid ({row['errors']})"
