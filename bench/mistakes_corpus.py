"""The realistic-mistakes corpus: real feeds, one realistic mistake each, labelled by the W3C.

Run by hand, in three steps (the documents stay outside the repository; the
labels are committed in ``bench/mistakes/labels.tsv``)::

    python bench/mistakes_corpus.py generate OUT         # write the documents
    python bench/mistakes_corpus.py label OUT            # run the W3C validator on them
    python bench/mistakes_corpus.py score OUT            # our verdicts against the labels

``generate`` applies every kind of mistake in ``bench/mistakes.py`` to up to
``--per-kind`` seeds of ``bench/mistakes/seeds/`` (real feeds in their published
shapes, see ``bench/mistake_seeds.py``), picked in a fixed pseudo-random order per
kind, and adds every seed unchanged. The documents are a function of the seeds and
the catalog: generating again gives the same bytes (each label records the
document's SHA-1, and ``score`` refuses documents that differ).

``label`` runs the W3C Feed Validation Service locally (``bench/w3c_oracle.py``)
on each document: ``invalid`` when it raises an error, else ``valid``, with the
names of its error and warning messages.

``score`` runs ``publisher validate`` on each document and prints agreement per
label and per kind of mistake, then the disagreements. The ones we judge
differently from the W3C on purpose are listed with the reason in
``bench/mistakes/judged-differently.tsv`` (a kind, or ``kind:seed``, then the
reason); ``score`` reports those apart and fails (exit 1) on any other
disagreement, and on any W3C-valid document we call invalid.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import w3c_oracle
from mistakes import KINDS as TUNED_KINDS
from mistakes import Seed, load_seed
from mistakes_heldout import HELD_OUT

from publisher.validate import validate_bytes

HERE = Path(__file__).resolve().parent / "mistakes"
LABELS = HERE / "labels.tsv"
JUDGED = HERE / "judged-differently.tsv"
UNCHANGED = "none/unchanged"
KINDS = {**TUNED_KINDS, **HELD_OUT}


@dataclass(frozen=True)
class Document:
    name: str  # file name under OUT
    kind: str
    seed: str
    data: bytes

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.data).hexdigest()


def seeds() -> list[Seed]:
    """Every seed feed, loaded."""
    return [load_seed(p.name, p.read_bytes()) for p in sorted((HERE / "seeds").iterdir())]


def _doc_name(kind: str, seed: str) -> str:
    return f"{kind.replace('/', '.')}--{seed}"


def documents(per_kind: int) -> list[Document]:
    """The corpus: each kind on up to ``per_kind`` seeds, and every seed unchanged."""
    all_seeds = seeds()
    docs = [Document(_doc_name(UNCHANGED, s.name), UNCHANGED, s.name, s.data) for s in all_seeds]
    for kind, (_description, mistake) in KINDS.items():
        order = sorted(all_seeds, key=lambda s: hashlib.sha1(f"{kind}|{s.name}".encode()).digest())
        made = 0
        for seed in order:
            data = mistake(seed)
            if data is None or data == seed.data:
                continue
            docs.append(Document(_doc_name(kind, seed.name), kind, seed.name, data))
            made += 1
            if made == per_kind:
                break
    return docs


def generate(out: Path, per_kind: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    docs = documents(per_kind)
    for old in out.iterdir():
        old.unlink()
    for doc in docs:
        (out / doc.name).write_bytes(doc.data)
    kinds = len({d.kind for d in docs}) - 1
    print(f"{len(docs)} documents ({kinds} kinds of mistake, {len(seeds())} seeds) in {out}")


def label(out: Path, checkout: Path, python: str) -> None:
    docs = {d.name: d for d in documents(_per_kind_of(out))}
    paths = [out / name for name in sorted(docs)]
    started = time.perf_counter()
    verdicts = dict(w3c_oracle.run(paths, checkout, python, jobs=2))
    bad_seeds = [
        d.seed for d in docs.values() if d.kind == UNCHANGED and not verdicts[out / d.name].valid
    ]
    if bad_seeds:
        sys.exit(f"seeds the W3C calls invalid (every seed must be valid): {bad_seeds}")
    with LABELS.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["document", "kind", "seed", "sha1", "w3c", "errors", "warnings"])
        for name in sorted(docs):
            doc, verdict = docs[name], verdicts[out / name]
            writer.writerow(
                [
                    name,
                    doc.kind,
                    doc.seed,
                    doc.sha1,
                    "valid" if verdict.valid else "invalid",
                    " ".join(sorted(set(verdict.errors))) or (verdict.crash or "-"),
                    " ".join(sorted(set(verdict.warnings))) or "-",
                ]
            )
    print(f"{len(docs)} documents labelled in {time.perf_counter() - started:.0f} s -> {LABELS}")


def _per_kind_of(out: Path) -> int:
    counts = Counter(name.split("--", 1)[0] for name in (p.name for p in out.iterdir()))
    counts.pop(UNCHANGED.replace("/", "."), None)
    return max(counts.values())


def judged_differently() -> dict[str, str]:
    """kind (or kind:seed) -> why our verdict differs from the W3C's on purpose."""
    reasons: dict[str, str] = {}
    with JUDGED.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            reasons[row["case"]] = row["reason"]
    return reasons


def _kinds_table(per_kind: dict[str, Counter[str]]) -> list[str]:
    lines = [
        "# Agreement per kind of mistake",
        "",
        "Written by `python bench/mistakes_corpus.py score OUT --kinds bench/mistakes/kinds.md`:",
        "documents of each kind the W3C validator calls invalid and valid, and how many",
        "of them `publisher validate` judges the same way. Kinds starting `heldout/` were",
        "written after the rules were tuned (see bench/README.md).",
        "",
        "| kind | what the mistake is | W3C invalid | W3C valid | we agree |",
        "|---|---|---|---|---|",
    ]
    for name in sorted(per_kind):
        c = per_kind[name]
        what = KINDS[name][0] if name in KINDS else "the seed as published"
        agree = _ratio(c["agree"], c["invalid"] + c["valid"])
        lines.append(f"| `{name}` | {what} | {c['invalid']} | {c['valid']} | {agree} |")
    return lines


def score(out: Path, kinds_table: Path | None = None) -> int:
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    reasons = judged_differently()
    per_label: dict[str, Counter[str]] = {"invalid": Counter(), "valid": Counter()}
    held_out: dict[str, Counter[str]] = {"invalid": Counter(), "valid": Counter()}
    per_kind: dict[str, Counter[str]] = {}
    unexplained: list[str] = []
    explained: Counter[str] = Counter()
    false_errors = 0
    started = time.perf_counter()
    for row in rows:
        data = (out / row["document"]).read_bytes()
        if hashlib.sha1(data).hexdigest() != row["sha1"]:
            sys.exit(f"{row['document']}: not the labelled document; run generate again")
        report = validate_bytes(data, name=row["document"])
        ours = "invalid" if report.errors else "valid"
        want = row["w3c"]
        agree = ours == want
        per_label[want]["total"] += 1
        per_label[want]["agree"] += agree
        if row["kind"].startswith("heldout/"):
            held_out[want]["total"] += 1
            held_out[want]["agree"] += agree
        kind = per_kind.setdefault(row["kind"], Counter())
        kind[want] += 1
        kind["agree"] += agree
        if agree:
            continue
        false_errors += want == "valid"
        reason = reasons.get(f"{row['kind']}:{row['seed']}") or reasons.get(row["kind"])
        if reason is not None and want == "invalid":
            explained[row["kind"]] += 1
            continue
        ours_rules = ", ".join(sorted({p.rule for p in report.errors})) or "no errors"
        unexplained.append(
            f"  {row['document']}: W3C {want} ({row['errors']}), we say {ours} ({ours_rules})"
        )
    elapsed = time.perf_counter() - started
    print("| W3C label | documents | we agree | of which held-out kinds | we agree |")
    print("|---|---|---|---|---|")
    for want, c in per_label.items():
        h = held_out[want]
        print(
            f"| {want} | {c['total']} | {_ratio(c['agree'], c['total'])} "
            f"| {h['total']} | {_ratio(h['agree'], h['total'])} |"
        )
    kinds = len(per_kind) - 1
    print(f"\n{len(rows)} documents, {kinds} kinds of mistake, scored in {elapsed:.1f} s")
    print(f"W3C-valid documents we call invalid: {false_errors}")
    print("\nKinds with disagreements (invalid / valid by the W3C, agreement):")
    for name, c in sorted(per_kind.items()):
        if c["agree"] < c["invalid"] + c["valid"]:
            total = c["invalid"] + c["valid"]
            note = " (judged differently, see judged-differently.tsv)" if name in explained else ""
            print(f"  {name}: {c['invalid']} / {c['valid']}, {_ratio(c['agree'], total)}{note}")
    categories: dict[str, Counter[str]] = {}
    for name, c in per_kind.items():
        category = categories.setdefault(name.split("/", 1)[0], Counter())
        category.update(c)
        category["kinds"] += 1
    print("\n| kinds of mistake | kinds | W3C invalid | W3C valid | we agree |")
    print("|---|---|---|---|---|")
    for name, c in sorted(categories.items()):
        agree = _ratio(c["agree"], c["invalid"] + c["valid"])
        print(f"| {name} | {c['kinds']} | {c['invalid']} | {c['valid']} | {agree} |")
    if kinds_table is not None:
        kinds_table.write_text("\n".join(_kinds_table(per_kind)) + "\n", "utf-8")
    print(f"\n{sum(explained.values())} disagreements judged differently on purpose")
    print(f"{len(unexplained)} other disagreements" + (":" if unexplained else ""))
    print("\n".join(unexplained))
    return 1 if unexplained else 0


def _ratio(agree: int, total: int) -> str:
    return f"{agree} / {total} ({100 * agree / total:.1f}%)" if total else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("generate", "label", "score"))
    parser.add_argument("out", type=Path, help="folder of the generated documents")
    parser.add_argument("--per-kind", type=int, default=20, help="documents per kind of mistake")
    parser.add_argument("--oracle", type=Path, default=w3c_oracle.DEFAULT_CHECKOUT)
    parser.add_argument("--oracle-python", default=w3c_oracle.DEFAULT_PYTHON)
    parser.add_argument("--kinds", type=Path, help="score: write the per-kind table here")
    args = parser.parse_args()
    if args.step == "generate":
        generate(args.out, args.per_kind)
    elif args.step == "label":
        label(args.out, args.oracle, args.oracle_python)
    else:
        sys.exit(score(args.out, args.kinds))


if __name__ == "__main__":
    main()
