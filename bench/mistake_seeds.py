"""Prepare the seed feeds of the realistic-mistakes corpus from the originals.

Run by hand: ``python bench/mistake_seeds.py ORIGINALS`` where ORIGINALS is a
folder holding each fetched feed under its seed name, as listed in
``bench/mistakes/seeds.tsv`` (name, shape, repository, path, commit). Every
fetched original is published feed text from a public repository's test
fixtures, taken byte for byte with ``git show COMMIT:PATH``. Seeds whose
repository is ``-`` were written by hand in a platform's published shape and are
committed as they are.

Preparing a seed does two things, both recorded here:

- **trim**: keep the first items or entries (at least two, at most three, fewer
  when an item is large), cutting whole elements out of the text so the rest of
  the published shape, whitespace and encoding included, is untouched;
- **repair**: a few originals break a rule the W3C validator checks in every
  copy (old ``itunes:explicit`` values, a missing enclosure type); the repairs
  below make them W3C-valid so that each generated document carries exactly one
  mistake. Every seed must be W3C-valid after preparation
  (``python bench/mistakes_corpus.py label`` checks it).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "mistakes"
SEEDS = HERE / "seeds"
_ITEM = re.compile(rb"<((?:[\w.-]+:)?(?:item|entry))[\s>]")
_BUDGET = 30_000  # bytes of items kept beyond the first two

# name -> [(pattern, replacement, why)], applied to the trimmed bytes.
_EXPLICIT = (
    rb"(<itunes:explicit[^>]*>)\s*(?:no|No|clean)\s*(</itunes:explicit>)",
    rb"\1false\2",
    "itunes:explicit no/clean -> false (Apple and the W3C now take only true/false)",
)
_EXPLICIT_YES = (
    rb"(<itunes:explicit[^>]*>)\s*yes\s*(</itunes:explicit>)",
    rb"\1true\2",
    "itunes:explicit yes -> true",
)
_CAPTIONED = (
    rb"\s*<itunes:isClosedCaptioned>[^<]*</itunes:isClosedCaptioned>",
    b"",
    "itunes:isClosedCaptioned dropped (an Apple tag the W3C catalog does not know)",
)
REPAIRS: dict[str, list[tuple[bytes, bytes, str]]] = {
    "nnw-atp.rss": [
        _EXPLICIT,
        (
            rb'(<enclosure url="[^"]+" length="\d+")/>',
            rb'\1 type="audio/mpeg"/>',
            "enclosure without type gets audio/mpeg",
        ),
    ],
    "nnw-theomnishow.rss": [_EXPLICIT],
    "rssparser-giantbomb-podcast.rss": [_EXPLICIT],
    "rssparser-item-itunes-episodeType.rss": [_EXPLICIT],
    "rssparser-pagination-links.rss": [_EXPLICIT],
    "feedjira-CRE.xml": [_EXPLICIT],
    "rssparser-narro.rss": [
        _EXPLICIT,
        (rb"(<pubDate>[^<]*) UTC</pubDate>", rb"\1 +0000</pubDate>", "zone UTC -> +0000"),
    ],
    "laminas-podcast.xml": [_EXPLICIT, _EXPLICIT_YES, _CAPTIONED],
    "laminas-Integration-_files-podcastindex.xml": [_EXPLICIT, _EXPLICIT_YES, _CAPTIONED],
    "laminas-google-podcast.xml": [_CAPTIONED],
    "feedjira-itunes_feedburner.xml": [
        (
            rb"\s*<width>1400</width>\s*<height>1400</height>",
            b"",
            "image width/height 1400 dropped (RSS allows at most 144x400)",
        )
    ],
}


def trim(data: bytes) -> bytes:
    """Keep the first two items or entries, and a third when it fits the budget."""
    out: list[bytes] = []
    pos = count = size = 0
    while (match := _ITEM.search(data, pos)) is not None:
        close = b"</" + match[1] + b">"
        end = data.find(close, match.end())
        if end < 0:
            break
        end += len(close)
        count += 1
        piece = data[pos:end]
        if count <= 2 or (count == 3 and size + len(piece) <= _BUDGET):
            out.append(piece)
            size += len(piece)
        else:
            before = data[pos : match.start()]
            out.append(before if before.strip() else b"")
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def prepare(name: str, original: bytes) -> bytes:
    """The seed made from one original: trimmed, then repaired as listed."""
    data = trim(original)
    for pattern, replacement, _why in REPAIRS.get(name, []):
        data = re.sub(pattern, replacement, data)
    return data


def seed_rows() -> list[dict[str, str]]:
    """The rows of ``seeds.tsv``."""
    with (HERE / "seeds.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("originals", type=Path, help="folder of fetched feeds, by seed name")
    args = parser.parse_args()
    SEEDS.mkdir(parents=True, exist_ok=True)
    fetched = 0
    for row in seed_rows():
        if row["repository"] == "-":
            continue
        source = args.originals / row["name"]
        if not source.exists():
            where = f"{row['repository']} {row['path']} at {row['commit']}"
            sys.exit(f"{source}: missing; fetch {where}")
        (SEEDS / row["name"]).write_bytes(prepare(row["name"], source.read_bytes()))
        fetched += 1
    print(f"{fetched} seeds prepared in {SEEDS}")


if __name__ == "__main__":
    main()
