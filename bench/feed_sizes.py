"""What a feed costs its subscribers: sizes with and without the byte budget, in summary
mode, and compressed.

``python bench/feed_sizes.py --articles 1000 --categories 8 [--items 50] [--budget N]``
generates the benchmark site (``bench/corpus.py``), builds it with ``precompress = true``
three ways (no budget; ``max_feed_bytes`` at its default or ``--budget``;
``content = "summary"``) and prints, per feed, its items and the bytes of each format,
and of the RSS feed's ``.gz`` and ``.br`` siblings. Sizes are deterministic, so the load
of the machine does not matter; the build times it prints do (they are not the point).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = ("rss.xml", "atom.xml", "feed.json")


def _build(site: Path, extra: str, out: Path) -> float:
    # Top-level keys go before the config's tables; the variant's items_per_feed wins.
    config = (site / "publisher.toml").read_text("utf-8").splitlines()
    kept = "\n".join(line for line in config if not line.startswith("items_per_feed"))
    variant = site / f"variant-{out.name}.toml"
    variant.write_text(extra + "\n" + kept + "\n", "utf-8")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "publisher", "build", "--config", str(variant), "-q",
         "--out", str(out), "--cache-dir", str(out.parent / f"cache-{out.name}")],
        check=True, cwd=site,
    )  # fmt: skip
    return time.perf_counter() - started


def _items(data: bytes) -> int:
    return len(json.loads(data)["items"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--categories", type=int, default=8)
    parser.add_argument("--items", type=int, default=50, help="items_per_feed")
    parser.add_argument("--budget", type=int, default=0, help="max_feed_bytes (0: default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        site = Path(temp) / "site"
        subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), str(site), "--articles",
             str(args.articles), "--categories", str(args.categories)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        budget = f"max_feed_bytes = {args.budget}" if args.budget else ""
        base = f"precompress = true\nitems_per_feed = {args.items}\n"
        variants = {
            "no budget": base + "max_feed_bytes = 0",
            "budget": base + budget,
            "summary": base + budget + '\ncontent = "summary"',
        }
        outs = {}
        for label, extra in variants.items():
            out = Path(temp) / label.replace(" ", "-")
            seconds = _build(site, extra, out)
            outs[label] = out
            print(f"built {label!r} in {seconds:.1f} s")
        slugs = sorted(
            p.parent.relative_to(outs["no budget"]).as_posix()
            for p in outs["no budget"].rglob("feed.json")
        )
        print()
        header = f"{'feed':14} {'variant':10} {'items':>5} " + " ".join(
            f"{name:>10}" for name in (*FORMATS, "rss.gz", "rss.br")
        )
        print(header)
        totals: dict[str, list[int]] = {}
        for slug in slugs:
            for label, out in outs.items():
                folder = out / slug
                sizes = [len((folder / name).read_bytes()) for name in FORMATS]
                sizes += [len((folder / f"rss.xml{s}").read_bytes()) for s in (".gz", ".br")]
                items = _items((folder / "feed.json").read_bytes())
                row = totals.setdefault(label, [0] * len(sizes))
                for n, size in enumerate(sizes):
                    row[n] += size
                print(f"{slug:14} {label:10} {items:5} " + " ".join(f"{s:10,}" for s in sizes))
        print()
        for label, row in totals.items():
            print(f"{'total':14} {label:10} {'':5} " + " ".join(f"{s:10,}" for s in row))


if __name__ == "__main__":
    main()
