"""How close real sources come to publisher's own limits, and what the checks cost.

    python bench/limits_survey.py FOLDER...        # e.g. clones of Hugo, Jekyll, Pelican sites

Walks every Markdown source (.md, .markdown) and saved page (.html, .htm) under the
folders, and prints, for each quantity publisher/limits.py bounds, the median, the
99th and 99.9th percentiles and the largest seen (with the file), beside the limit;
then the mean time of each check per source, beside what reading the source (the
Markdown reader), rendering its body (Python-Markdown) or parsing the page (lxml) costs
in the same run. Rendering every Markdown body to measure
the HTML Python-Markdown writes takes a while: ``--no-render`` skips it.
Run by hand, on a quiet machine for the timings (print the load average beside them).
"""

from __future__ import annotations

import argparse
import functools
import os
import time
from collections import defaultdict
from pathlib import Path

from lxml import html as lxml_html

from publisher import limits
from publisher.sources.base import ReaderOptions
from publisher.sources.frontmatter import detect
from publisher.sources.markdown import MarkdownReader

MARKDOWN = (".md", ".markdown")
PAGES = (".html", ".htm")


def _front_matter(text: str) -> tuple[str | None, str, str]:
    """(syntax, front matter, body) as the readers split them, roughly."""
    lines = text.split("\n")
    kind = detect(lines[0]) if lines else None
    fence = {"yaml": ("---", "..."), "toml": ("+++",)}.get(kind or "")
    if fence:
        for number in range(1, len(lines)):
            if lines[number].rstrip() in fence:
                return kind, "\n".join(lines[1:number]), "\n".join(lines[number + 1 :])
    if kind == "json":
        end = limits.json_value_end(text)
        return "json", text[:end], text[end:]
    return None, "", text


def survey(folders: list[Path], render: bool) -> None:
    seen: dict[str, list[tuple[int, str]]] = defaultdict(list)
    timings: dict[str, list[float]] = defaultdict(list)
    converter = None
    if render:
        from publisher.render.renderer import new_engine
        from publisher.render.settings import MarkdownSettings

        converter = new_engine(MarkdownSettings())

    def timed(name: str, check, *args):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return check(*args)
        except Exception:  # a baseline that refuses the source: its time still counts
            return None
        finally:
            timings[name].append(time.perf_counter() - start)

    reader = MarkdownReader()
    options = ReaderOptions()

    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
            for name in files:
                path = os.path.join(root, name)
                suffix = os.path.splitext(name)[1].lower()
                if suffix not in MARKDOWN + PAGES:
                    continue
                text = Path(path).read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
                syntax, front, body = _front_matter(text)
                if syntax in ("yaml", "toml", "json"):
                    seen["front matter levels"].append(
                        (limits.data_depth(front, syntax, 10**9)[0], path)  # type: ignore[arg-type]
                    )
                    seen["front matter characters"].append((len(front), path))
                    timed("check_front_matter", limits.check_front_matter, front, syntax)
                if suffix in PAGES and syntax is None:
                    walk = limits.html_walk(text, 10**9, copies_limit=None)
                    seen["page HTML levels"].append((walk.depth, path))
                    seen["formatting copies"].append((walk.copies, path))
                    timed("check_html (page)", limits.check_html, text, limits.PAGE_NESTING)
                    timed("  lxml parsing the page", lxml_html.document_fromstring, text.encode())
                    continue
                depth = max((limits.line_depth(line) for line in body.split("\n")), default=0)
                seen["Markdown levels"].append((depth, path))
                units = limits.bracket_units(body)
                seen["'[' per paragraph"].append((max((c for c, _ in units), default=0), path))
                if syntax is not None:
                    read = functools.partial(reader.read, path="s.md", rel="s.md", options=options)
                    timed("  reading the source", read, text)
                timed("check_markdown", limits.check_markdown, body)
                if converter is not None and depth <= limits.MARKDOWN_NESTING:
                    html = timed("  Markdown rendering it", converter.convert, body)
                    if html is None:
                        continue
                    walk = limits.html_walk(html, 10**9, copies_limit=None)
                    seen["body HTML levels"].append((walk.depth, path))
                    seen["formatting copies"].append((walk.copies, path))
                    timed("check_html (body)", limits.check_html, html)
    bounds = {
        "front matter levels": limits.DATA_NESTING,
        "front matter characters": limits.FRONT_MATTER_CHARS,
        "Markdown levels": limits.MARKDOWN_NESTING,
        "'[' per paragraph": limits.BRACKETS_PER_PARAGRAPH,
        "body HTML levels": limits.HTML_NESTING,
        "page HTML levels": limits.PAGE_NESTING,
        "formatting copies": limits.FORMATTING_COPIES,
    }
    header = ("quantity", "sources", "median", "p99", "p99.9", "max", "limit")
    print("{:26} {:>8} {:>7} {:>7} {:>7} {:>8} {:>8}".format(*header))
    for quantity, limit in bounds.items():
        values = sorted(seen[quantity])
        if not values:
            continue
        median, p99, p999 = (_percentile(values, q) for q in (0.5, 0.99, 0.999))
        print(
            f"{quantity:26} {len(values):8} {median:7} {p99:7} {p999:7} "
            f"{values[-1][0]:8} {limit:8}   {values[-1][1]}"
        )
    print(f"\nload average {os.getloadavg()[0]:.2f}")
    for name, spent in timings.items():
        print(f"{name:22} {len(spent):7} calls, {sum(spent) / len(spent) * 1e6:8.1f} µs each")


def _percentile(values: list[tuple[int, str]], share: float) -> int:
    return values[min(len(values) - 1, int(share * len(values)))][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--no-render", action="store_true", help="skip rendering bodies")
    arguments = parser.parse_args()
    survey(arguments.folders, render=not arguments.no_render)


if __name__ == "__main__":
    main()
