"""Validator throughput: feeds per second for ``validate_path`` on generated feeds.

Run by hand: ``python bench/validate_throughput.py [--feeds 1000] [--items 50]``.
It writes a folder of mixed RSS 2.0 / Atom 1.0 feeds with full-content items
into a temporary directory, validates it twice (cold, then warm file cache) and
prints feeds per second and milliseconds per feed. Every generated feed must
validate clean, so the figure is for the full rule set, not an early exit.

``--oracle CHECKOUT`` also times the W3C Feed Validation Service (a checkout of
github.com/w3c/feedvalidator, run by the Python named by ``--oracle-python``,
default ``~/oracle/venv/bin/python``) on the first ``--oracle-feeds`` of the same
files in one process, and prints how many times faster we are on those files.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from publisher.validate import validate_bytes, validate_path

PARAGRAPH = (
    '<p>Feeds carry <em>full content</em>, with <a href="https://example.org/docs/{n}">links</a>, '
    'inline <code>code</code> and images like <img src="https://example.org/img/{n}.png" '
    'alt="figure {n}" srcset="https://example.org/img/{n}@2x.png 2x">. Lorem ipsum dolor '
    "sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p>\n"
)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def body(n: int) -> str:
    """About 4 KB of HTML: what a full-content item looks like."""
    return "<h2>Section</h2>\n" + "".join(PARAGRAPH.format(n=n * 10 + i) for i in range(9))


def rss(feed: int, items: int) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
        f"<title>Feed {feed}</title><link>https://example.org/{feed}/</link>",
        f"<description>Category {feed}</description><language>en</language>",
        f'<atom:link rel="self" type="application/rss+xml" href="https://example.org/{feed}/rss.xml"/>',
        "<lastBuildDate>Mon, 01 Jan 2024 12:00:00 +0000</lastBuildDate>",
    ]
    for i in range(items):
        day = 1 + i % 28  # January 2024 starts on a Monday
        parts.append(
            f"<item><title>Post {i}</title><link>https://example.org/{feed}/{i}/</link>"
            f'<guid isPermaLink="false">tag:example.org,2024-01-{day:02d}:{feed}-{i}</guid>'
            f"<pubDate>{DAYS[(day - 1) % 7]}, {day:02d} Jan 2024 12:00:00 +0000</pubDate>"
            f"<dc:creator>Author {i % 5}</dc:creator><category>c{i % 3}</category>"
            f"<description>{escape('<p>Summary of post.</p>')}</description>"
            f"<content:encoded><![CDATA[{body(i)}]]></content:encoded></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts)


def atom(feed: int, items: int) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<id>https://example.org/{feed}/</id><title>Feed {feed}</title>",
        "<updated>2024-01-28T12:00:00Z</updated><author><name>Desk</name></author>",
        f'<link href="https://example.org/{feed}/"/>',
        f'<link rel="self" type="application/atom+xml" href="https://example.org/{feed}/atom.xml"/>',
    ]
    for i in range(items):
        day = 1 + i % 28
        parts.append(
            f"<entry><id>tag:example.org,2024-01-{day:02d}:{feed}-{i}</id><title>Post {i}</title>"
            f"<updated>2024-01-{day:02d}T12:00:00Z</updated>"
            f'<link href="https://example.org/{feed}/{i}/"/><category term="c{i % 3}"/>'
            f"<summary>Summary of post {i}.</summary>"
            f'<content type="html">{escape(body(i))}</content></entry>'
        )
    parts.append("</feed>\n")
    return "".join(parts)


_ORACLE_TIMER = """
import sys, time
sys.path.insert(0, sys.argv[1] + "/src")
import feedvalidator
files = sys.argv[2:]
start = time.perf_counter()
for name in files:
    with open(name, "rb") as stream:
        feedvalidator.validateStream(stream, firstOccurrenceOnly=1)
print(time.perf_counter() - start)
"""


def time_oracle(checkout: Path, python: str, files: list[Path]) -> float:
    """Seconds the W3C validator takes over ``files`` in one process (imports excluded)."""
    done = subprocess.run(
        [python, "-c", _ORACLE_TIMER, str(checkout), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def time_ours(files: list[Path]) -> float:
    """Seconds ``validate_bytes`` takes over ``files`` (reading included, like the oracle)."""
    start = time.perf_counter()
    for path in files:
        validate_bytes(path.read_bytes(), name=str(path))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--oracle", type=Path, help="checkout of w3c/feedvalidator")
    parser.add_argument(
        "--oracle-python",
        default=os.path.expanduser("~/oracle/venv/bin/python"),
        help="interpreter with the W3C validator's dependencies",
    )
    parser.add_argument("--oracle-feeds", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = 0
        for n in range(args.feeds):
            text = rss(n, args.items) if n % 2 == 0 else atom(n, args.items)
            name = f"{n:04d}/rss.xml" if n % 2 == 0 else f"{n:04d}/atom.xml"
            (folder / name).parent.mkdir()
            (folder / name).write_text(text, "utf-8")
            size += len(text)
        sample = (folder / "0000/rss.xml").read_bytes(), (folder / "0001/atom.xml").read_bytes()
        for data in sample:
            problems = validate_bytes(data, name="sample").problems
            assert not problems, problems  # the benchmark must exercise clean feeds
        print(
            f"{args.feeds} feeds x {args.items} items, {size / args.feeds / 1024:.0f} KiB per feed"
        )
        for label in ("cold", "warm"):
            start = time.perf_counter()
            reports = validate_path(folder)
            elapsed = time.perf_counter() - start
            bad = sum(1 for report in reports if report.problems)
            print(
                f"validate_path ({label}): {len(reports) / elapsed:.0f} feeds/s, "
                f"{elapsed / len(reports) * 1000:.2f} ms/feed, {bad} with findings"
            )
        for kind, data in zip(("rss", "atom"), sample, strict=True):
            # Best and median of many runs: the minimum is least disturbed by other load.
            times = []
            for _ in range(50):
                start = time.perf_counter()
                validate_bytes(data, name=kind)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            print(
                f"validate_bytes in memory ({kind}, {len(data) // 1024} KiB): "
                f"best {times[0]:.2f} ms, median {times[len(times) // 2]:.2f} ms per feed"
            )
        if args.oracle is not None:
            files = sorted(folder.rglob("*.xml"))[: args.oracle_feeds]
            theirs = time_oracle(args.oracle, args.oracle_python, files)
            ours = time_ours(files)
            print(
                f"same {len(files)} feeds, one process each: W3C validator {theirs:.2f} s "
                f"({theirs / len(files) * 1000:.0f} ms/feed), publisher {ours:.3f} s "
                f"({ours / len(files) * 1000:.1f} ms/feed): {theirs / ours:.0f}x faster"
            )


if __name__ == "__main__":
    main()
