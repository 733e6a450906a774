"""Per-source and per-article costs of a cold build, stage by stage, on one core.

``python bench/stages.py SITE [--engines pymd,commonmark,mdit,cmark,mistune] [--repeat 3]``

SITE is a generated site (``bench/corpus.py``). The script pins itself to one CPU,
parses every source the way a cold build's worker does, and times each stage over all
of them in CPU time (``time.process_time``, best of ``--repeat`` passes: on a shared
machine, CPU time moves far less with the load than wall time):

- per source: reading the file, hashing it (sha256), decoding, splitting and reading
  the front matter, ``normalize``, making the store's rows (``stored_source``, which
  pickles the article), and pickling what a pool worker sends back;
- per published article (the newest ``items_per_feed`` of each category and of the
  site, as a cold build renders them): the Markdown engines in ``--engines``, each
  followed by the same ``render.sanitize`` (nh3 and our URL callback) and
  ``render.summarize``. ``pymd`` is Python-Markdown as publisher's own flavour
  configures it (``publisher/render/python_markdown.py``); ``commonmark`` publisher's
  ``commonmark`` flavour (markdown-it-py, ``publisher/render/commonmark.py``);
  ``mdit`` markdown-it-py (CommonMark, with tables,
  strikethrough, footnotes and definition lists from mdit-py-plugins); ``cmark``
  cmarkgfm (GitHub's C cmark-gfm: tables, strikethrough, autolinks, footnotes);
  ``mistune`` mistune 3 (tables, footnotes, strikethrough, definition lists, abbr).
  Engines that are not installed are skipped (cmarkgfm and mistune are no dependency;
  install them beside publisher to compare). For each engine it also
  counts elements in the sanitized output (links, images, footnote marks, tables, code
  blocks, list items) and the bodies whose sanitized HTML is the first engine's (spaces
  between tags and runs of white space aside): a coarse check that the engines read
  the same Markdown.

``--render-only ENGINE --limit N`` renders N published bodies with one engine and
nothing else: run it under ``valgrind --tool=callgrind`` at two values of N to get
instructions per article, a figure the machine's load cannot move.

It imports publisher's stages directly (``publisher.sources``, ``normalize``,
``build.cache``, ``render``): when those move, this script follows them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher.build.cache import SourceEntry, instant, stored_source
from publisher.config import Config, load_config
from publisher.model import Article
from publisher.normalize import normalize
from publisher.render.sanitize import sanitize
from publisher.render.summary import summarize
from publisher.sources import ReaderOptions, decode, list_sources, read_bytes, reader_for

ENGINES = ("pymd", "commonmark", "mdit", "cmark", "mistune")
# What the structural counts look for in sanitized HTML.
ELEMENTS = {
    "links": re.compile(r"<a "),
    "images": re.compile(r"<img "),
    "footnote marks": re.compile(r"<sup"),
    "tables": re.compile(r"<table"),
    "code blocks": re.compile(r"<pre"),
    "list items": re.compile(r"<li"),
    "quotes": re.compile(r"<blockquote"),
}
# Whitespace between tags and runs of spaces do not count when outputs are compared.
_BETWEEN_TAGS = re.compile(r">\s+<")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Source:
    rel: str
    path: str
    size: int
    mtime_ns: int


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The least CPU time of ``repeat`` runs of ``work``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def engine(name: str) -> Callable[[str], str] | None:
    """Markdown text -> HTML with one engine, or None when it is not installed."""
    try:
        if name in ("pymd", "commonmark"):
            from publisher.render.renderer import new_engine
            from publisher.render.settings import flavour_defaults

            flavour = "python-markdown" if name == "pymd" else name
            return new_engine(flavour_defaults(flavour)).convert
        if name == "mdit":
            from markdown_it import MarkdownIt
            from mdit_py_plugins.deflist import deflist_plugin
            from mdit_py_plugins.footnote import footnote_plugin

            mdit = (
                MarkdownIt("commonmark", {"html": True})
                .enable(["table", "strikethrough"])
                .use(footnote_plugin)
                .use(deflist_plugin)
            )
            return mdit.render
        if name == "cmark":
            import cmarkgfm
            from cmarkgfm.cmark import Options

            flags = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
            return lambda text: cmarkgfm.github_flavored_markdown_to_html(text, options=flags)
        if name == "mistune":
            import mistune

            plugins = ["strikethrough", "footnotes", "table", "def_list", "abbr"]
            md = mistune.create_markdown(escape=False, plugins=plugins)
            return lambda text: str(md(text))
    except ImportError:
        return None
    raise ValueError(f"unknown engine {name!r}")


def published(articles: Sequence[tuple[Article, str]], config: Config) -> list[tuple[Article, str]]:
    """The articles a cold build renders: the newest of each category and of the site."""
    limit = config.items_per_feed
    order = sorted(articles, key=lambda pair: (instant(pair[0].published), pair[0].id))
    order.reverse()
    chosen: dict[str, tuple[Article, str]] = {}
    per_group: dict[str | None, int] = {}
    for article, body in order:
        for group in (None, *article.category_slugs):
            if per_group.get(group, 0) < limit:
                per_group[group] = per_group.get(group, 0) + 1
                chosen[article.source] = (article, body)
    return list(chosen.values())


def parse_all(site: Path, repeat: int) -> tuple[Config, list[tuple[Article, str]], list[str]]:
    """Every source through the cold build's per-source stages; (config, the articles with
    their bodies, the table rows of CPU time per stage)."""
    config = load_config(site / "publisher.toml")
    listing = list_sources(config.content_dir, generator=config.generator)
    sources = [
        Source(item.rel, item.path, item.size, item.mtime_ns)
        for folder in listing.names
        for item in listing.items(folder)
    ]
    options = ReaderOptions(boilerplate_patterns=config.boilerplate_patterns)
    reader = reader_for(".md")
    found = {item.rel: item for folder in listing.names for item in listing.items(folder)}
    limit = config.max_source_bytes
    datas = [read_bytes(found[s.rel], max_bytes=limit, shown=s.rel) for s in sources]
    texts = [decode(data, ".md", s.rel)[0] for s, data in zip(sources, datas, strict=True)]
    docs = [
        reader.read(t, path=s.rel, rel=s.rel, options=options)
        for s, t in zip(sources, texts, strict=True)
    ]
    articles = [normalize(doc, config)[0] for doc in docs]
    digests = [hashlib.sha256(d).hexdigest() for d in datas]
    with_tags = bool(config.tag_feeds)

    def rows() -> list[object]:
        return [
            stored_source(s.rel, SourceEntry(s.size, s.mtime_ns, dg, a, ()), with_tags=with_tags)
            for s, dg, a in zip(sources, digests, articles, strict=True)
        ]

    stored = rows()
    stages: list[tuple[str, Callable[[], object]]] = [
        (
            "read the file",
            lambda: [read_bytes(found[s.rel], max_bytes=limit, shown=s.rel) for s in sources],
        ),
        ("sha256", lambda: [hashlib.sha256(d).hexdigest() for d in datas]),
        ("decode", lambda: [decode(d, ".md", s.rel) for s, d in zip(sources, datas, strict=True)]),
        (
            "front matter (split + YAML)",
            lambda: [
                reader.read(t, path=s.rel, rel=s.rel, options=options)
                for s, t in zip(sources, texts, strict=True)
            ],
        ),
        ("normalize", lambda: [normalize(doc, config) for doc in docs]),
        ("store rows (stored_source)", rows),
        (
            "pickle back to the parent",
            lambda: [
                pickle.dumps((row, doc.body.encode("utf-8", "surrogatepass")), -1)
                for row, doc in zip(stored, docs, strict=True)
            ],
        ),
    ]
    table = []
    total = 0.0
    for name, work in stages:
        seconds = best_of(repeat, work)
        total += seconds
        table.append(f"| {name} | {seconds * 1e6 / len(sources):,.0f} | {seconds:.3f} |")
    table.append(f"| **all of the above** | {total * 1e6 / len(sources):,.0f} | {total:.3f} |")
    pairs = [(a, d.body) for a, d in zip(articles, docs, strict=True) if a is not None]
    return config, pairs, table


def render_table(
    bodies: list[tuple[Article, str]], engines: list[str], repeat: int
) -> tuple[list[str], list[str]]:
    """(rows of CPU time per article by engine and step, rows of element counts)."""
    rows, counts = [], []
    links = [a.link for a, _ in bodies]
    reference: list[str] | None = None  # the first engine's output, normalized
    for name in engines:
        convert = engine(name)
        if convert is None:
            rows.append(f"| {name} | not installed | | | | |")
            continue
        raws = [convert(body) for _, body in bodies]
        cleans = [sanitize(raw, base_url=a.link) for (a, _), raw in zip(bodies, raws, strict=True)]
        t_convert = best_of(repeat, lambda c=convert: [c(body) for _, body in bodies])
        t_sanitize = best_of(
            repeat, lambda r=raws: [sanitize(x, base_url=u) for x, u in zip(r, links, strict=True)]
        )
        t_summary = best_of(repeat, lambda c=cleans: [summarize(x) for x in c])
        per = 1e3 / len(bodies)
        total = t_convert + t_sanitize + t_summary
        rows.append(
            f"| {name} | {t_convert * per:.2f} | {t_sanitize * per:.2f} | {t_summary * per:.2f} "
            f"| {total * per:.2f} | {total:.2f} |"
        )
        found = {label: sum(len(rx.findall(x)) for x in cleans) for label, rx in ELEMENTS.items()}
        shapes = [_SPACES.sub(" ", _BETWEEN_TAGS.sub("><", x)).strip() for x in cleans]
        if reference is None:
            reference = shapes
        same = sum(a == b for a, b in zip(shapes, reference, strict=True))
        counts.append(
            f"| {name} | " + " | ".join(f"{n:,}" for n in found.values()) + f" | {same:,} |"
        )
    return rows, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--render-only", choices=ENGINES, help="render with this engine only")
    parser.add_argument("--limit", type=int, default=0, help="with --render-only: bodies")
    parser.add_argument("--cpu", type=int, default=None, help="the CPU to pin to (default: one)")
    args = parser.parse_args(argv)
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {args.cpu if args.cpu is not None else cpus[-1]})
    site = args.site.resolve()
    if args.render_only:
        config = load_config(site / "publisher.toml")
        listing = list_sources(config.content_dir, generator=config.generator)
        convert = engine(args.render_only)
        assert convert is not None, f"{args.render_only} is not installed"
        options = ReaderOptions(boilerplate_patterns=config.boilerplate_patterns)
        items = [i for folder in listing.names for i in listing.items(folder)][: args.limit]
        for item in items:
            text = decode(read_bytes(item, max_bytes=1 << 30, shown=item.rel), ".md", item.rel)[0]
            body = reader_for(".md").read(text, path=item.rel, rel=item.rel, options=options).body
            sanitize(convert(body), base_url="https://bench.example/x/y/")
        return 0
    load = os.getloadavg()
    start = time.perf_counter()
    config, pairs, source_rows = parse_all(site, args.repeat)
    bodies = published(pairs, config)
    engines = [e for e in args.engines.split(",") if e]
    render_rows, count_rows = render_table(bodies, engines, args.repeat)
    sizes = sorted(len(body.encode("utf-8")) for _, body in bodies)
    after = os.getloadavg()
    print(f"{site.name}: {len(pairs):,} sources; {len(bodies)} published bodies, median "
          f"{sizes[len(sizes) // 2]:,} bytes, largest {sizes[-1]:,}; one CPU; CPU time, best of "
          f"{args.repeat}; load average {load[0]:.2f} before, {after[0]:.2f} after "
          f"({time.perf_counter() - start:.0f} s)")  # fmt: skip
    print()
    print("| stage, per source | µs | s for all |")
    print("|---|---:|---:|")
    print("\n".join(source_rows))
    print()
    print("| engine | convert ms/article | sanitize ms | summary ms | all ms | s for all |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(render_rows))
    print()
    print("| engine | " + " | ".join(ELEMENTS) + f" | same HTML as {engines[0]} |")
    print("|---" * (len(ELEMENTS) + 2) + "|")
    print("\n".join(count_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
