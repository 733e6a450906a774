"""Which Markdown renderer agrees best with each generator's own rendering (issue 24).

    python bench/renderer_agreement.py CORPUS [--oracle ~/corpora/oracle] [--only NAME ...]
                                              [--timing N]

For every Markdown post the oracle build rendered (bench/oracle_build.py's content.json)
whose body has no template syntax (shortcodes, Liquid, Pelican link markers: those are
publisher's templating's business, not the renderer's), each candidate renders the body
and its text (HTML reduced to normalized text, as bench/generator_agreement.py compares
items) is compared with the generator's. Prints, per generator and candidate, the share of
posts at least 98% similar, the mean similarity, and the render time per post.

Candidates (only those importable are run):
  publisher         publisher's renderer for the site as `init --like` configures it (the
                    flavour and options read from the generator's config: goldmark,
                    kramdown, python-markdown with Pelican's MARKDOWN), sanitized
  publisher-as-site the same, but raw HTML left out wherever Hugo leaves it out (its
                    default without markup.goldmark.renderer.unsafe), where publisher keeps it
  cmark-gfm         cmarkgfm: CommonMark + GFM tables, strikethrough, autolinks, task
                    lists, footnotes, raw HTML kept
  cmark-gfm+smart   the same with smart punctuation
  python-markdown   publisher's own flavour, Python-Markdown with extra and sane lists
  pymd+smarty       the same plus the smarty extension (typographic quotes and dashes)
  pymd-pelican      Python-Markdown as Pelican configures it by default
                    (codehilite, extra, meta), Pelican's own renderer
  markdown-it-gfm   markdown-it-py, CommonMark plus the GFM extensions Goldmark enables
                    (tables, strikethrough, autolinks, task lists), footnotes, definition
                    lists and the typographer, via mdit-py-plugins and linkify-it-py
  markdown-it-gfm-nohtml  the same without raw HTML (Goldmark's default, unsafe = false)
  markdown-it-cm    markdown-it-py, plain CommonMark
  mistune           mistune 3 with its table, strikethrough, footnote, url and def_list plugins
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "sites"))
sys.path.insert(0, str(HERE.parent))
from fetch_corpus import load_manifest  # noqa: E402
from generator_agreement import SIMILAR, similarity, text_of  # noqa: E402

_TEMPLATE = re.compile(r"\{\{[<%]|\{%|\{\{|\{(?:filename|static|attach)\}|\|filename\|")
_YAML = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)
_TOML = re.compile(r"\A\ufeff?\s*\+\+\+[ \t]*\r?\n.*?^\+\+\+[ \t]*\r?$\n?", re.S | re.M)
_PELICAN = re.compile(r"\A(?:[A-Za-z][\w -]*:.*\r?\n)+\r?\n")
MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")


def body_of(text: str) -> str:
    """The Markdown body: front matter (YAML, TOML, JSON, Pelican headers) removed."""
    for pattern in (_YAML, _TOML):
        match = pattern.match(text)
        if match:
            return text[match.end() :]
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        depth = 0
        for i, char in enumerate(stripped):
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth == 0:
                return stripped[i + 1 :]
    match = _PELICAN.match(text)
    return text[match.end() :] if match else text


Render = Callable[[str], str]
# A candidate: (generator, the site's folder) -> its renderer for that site's posts.
Candidate = Callable[[str, Path], Render]
BASE_URL = "https://site.example/post/"


def publisher_candidate(site_html: bool) -> Candidate:
    """publisher's renderer with the settings ``init --like`` reads from the site."""
    from publisher.generators import generator_named
    from publisher.render.renderer import new_engine
    from publisher.render.sanitize import sanitize

    made: dict[Path, Render] = {}

    def for_site(generator: str, root: Path) -> Render:
        if root not in made:
            found = generator_named(generator)
            settings = found.site_facts(root).markdown if found else None
            assert settings is not None
            if site_html and generator == "hugo":
                settings = replace(settings, raw_html=_hugo_unsafe(root))
            engine = new_engine(settings)
            made[root] = lambda body: sanitize(engine.convert(body), base_url=BASE_URL)
        return made[root]

    return for_site


def _hugo_unsafe(root: Path) -> bool:
    """Whether Hugo keeps raw HTML on this site (markup.goldmark.renderer.unsafe set true
    in any of its config files: the root one or config/_default/)."""
    pattern = re.compile(r"unsafe\s*[=:]\s*true", re.IGNORECASE)
    files = [*root.glob("hugo.*"), *root.glob("config.*"), *root.glob("config/_default/*")]
    return any(pattern.search(f.read_text("utf-8", errors="replace")) for f in files)


def candidates() -> dict[str, Candidate]:
    found: dict[str, Candidate] = {
        name: _same(render) for name, render in site_independent().items()
    }
    return {
        "publisher": publisher_candidate(site_html=False),
        "publisher-as-site": publisher_candidate(site_html=True),
        **found,
    }


def _same(render: Render) -> Candidate:
    return lambda generator, root: render


def flavours() -> dict[str, Render]:
    """publisher's engine for each flavour with its defaults (for --timing: no sanitizing)."""
    from publisher.render.renderer import new_engine
    from publisher.render.settings import FLAVOURS, flavour_defaults

    return {f"publisher {name}": new_engine(flavour_defaults(name)).convert for name in FLAVOURS}


def site_independent() -> dict[str, Render]:
    found: dict[str, Render] = {}
    import markdown

    from publisher.render.python_markdown import PythonMarkdown
    from publisher.render.settings import MarkdownSettings

    found["python-markdown"] = PythonMarkdown(MarkdownSettings()).convert
    try:
        import cmarkgfm
        from cmarkgfm.cmark import Options

        cmark_gfm = ["table", "strikethrough", "autolink", "tasklist"]
        plain = Options.CMARK_OPT_FOOTNOTES | Options.CMARK_OPT_UNSAFE
        found["cmark-gfm"] = lambda body: cmarkgfm.markdown_to_html_with_extensions(
            body, plain, cmark_gfm
        )
        smart = plain | Options.CMARK_OPT_SMART
        found["cmark-gfm+smart"] = lambda body: cmarkgfm.markdown_to_html_with_extensions(
            body, smart, cmark_gfm
        )
    except ImportError:
        pass
    smarty = markdown.Markdown(extensions=["extra", "sane_lists", "smarty"], output_format="html")
    found["pymd+smarty"] = lambda body: smarty.reset().convert(body)
    try:
        import pygments  # noqa: F401  (codehilite needs it, as in Pelican)

        pelican = markdown.Markdown(
            extensions=["codehilite", "extra", "meta"],
            extension_configs={"codehilite": {"css_class": "highlight"}},
            output_format="html5",
        )
        found["pymd-pelican"] = lambda body: pelican.reset().convert(body)
    except ImportError:
        pass
    try:
        import linkify_it  # noqa: F401  (markdown-it-py's linkify needs it)
        from markdown_it import MarkdownIt
        from mdit_py_plugins.deflist import deflist_plugin
        from mdit_py_plugins.footnote import footnote_plugin
        from mdit_py_plugins.tasklists import tasklists_plugin

        gfm = (
            MarkdownIt("commonmark", {"typographer": True, "linkify": True, "html": True})
            .enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])
            .use(footnote_plugin)
            .use(deflist_plugin)
            .use(tasklists_plugin)
        )
        found["markdown-it-gfm"] = gfm.render
        # Goldmark's default: raw HTML in Markdown is omitted (markup.goldmark.renderer.unsafe).
        safe = (
            MarkdownIt("commonmark", {"typographer": True, "linkify": True, "html": False})
            .enable(["table", "strikethrough", "linkify", "replacements", "smartquotes"])
            .use(footnote_plugin)
            .use(deflist_plugin)
            .use(tasklists_plugin)
        )
        found["markdown-it-gfm-nohtml"] = safe.render
        found["markdown-it-cm"] = MarkdownIt("commonmark").render
    except ImportError:
        pass
    try:
        import mistune

        mist = mistune.create_markdown(
            escape=False,
            plugins=["table", "strikethrough", "footnotes", "url", "def_list", "task_lists"],
        )
        found["mistune"] = lambda body: str(mist(body))
    except ImportError:
        pass
    return found


def posts(corpus: Path, oracle: Path, only: list[str] | None) -> list[tuple[str, Path, str, str]]:
    """(generator, the site's folder, Markdown body, the generator's HTML) for every
    usable post."""
    found = []
    for site in load_manifest():
        if site.get("skip") or (only and site["name"] not in only):
            continue
        content = oracle / site["name"] / "content.json"
        if not content.is_file():
            continue
        root = corpus / site["name"]
        for post in json.loads(content.read_text(encoding="utf-8")):
            source = post.get("source") or ""
            if not source.lower().endswith(MARKDOWN) or not post.get("content"):
                continue
            path = _source_path(root, source, str(post.get("lang") or ""))
            if path is None:
                continue
            body = body_of(path.read_text(encoding="utf-8", errors="replace"))
            if _TEMPLATE.search(body):
                continue
            found.append((site["generator"], root, body, post["content"]))
    return found


def _source_path(root: Path, source: str, lang: str) -> Path | None:
    """Where a post's source is: Hugo's paths are relative to its content folder (one per
    language on multilingual sites, tried first), Jekyll's to the site, Pelican's to PATH."""
    own = [root / "content" / lang] if lang else []
    for base in (*own, root, root / "content", *sorted(root.glob("content/*"))):
        if (base / source).is_file():
            return base / source
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--oracle", type=Path, default=Path.home() / "corpora" / "oracle")
    parser.add_argument("--only", nargs="*", default=None, help="these sites only")
    parser.add_argument("--renderers", dest="only_renderers", nargs="*", default=None,
                        help="these candidates only")  # fmt: skip
    parser.add_argument(
        "--timing", type=int, default=0, metavar="N",
        help="only time the candidates: N posts (all generators), best of 5 passes",
    )  # fmt: skip
    options = parser.parse_args(argv)
    found = posts(options.corpus, options.oracle, options.only)
    renderers = candidates()
    if options.only_renderers:
        renderers = {k: v for k, v in renderers.items() if k in options.only_renderers}
    if options.timing:
        bodies = [body for _, _, body, _ in found][: options.timing]
        timed = {**flavours(), **site_independent()}
        if options.only_renderers:
            timed = {k: v for k, v in timed.items() if k in options.only_renderers}
        return timing(bodies, timed)
    print("| generator | posts | renderer | ≥0.98 similar | mean similarity | ms per post |")
    print("|---|---|---|---|---|---|")
    for generator in ("hugo", "jekyll", "pelican"):
        group = [(root, body, html) for gen, root, body, html in found if gen == generator]
        if not group:
            continue
        theirs = [text_of(html) for _, _, html in group]
        for name, candidate in renderers.items():
            rendered, seconds = [], 0.0
            for root, body, _ in group:
                render = candidate(generator, root)
                started = time.perf_counter()
                rendered.append(render(body))
                seconds += time.perf_counter() - started
            per_post = 1000 * seconds / len(group)
            pairs = zip(rendered, theirs, strict=True)
            scores = [similarity(text_of(mine), other) for mine, other in pairs]
            good = sum(1 for s in scores if s >= SIMILAR)
            print(
                f"| {generator} | {len(group)} | {name} | {good} ({100 * good / len(group):.1f}%) "
                f"| {sum(scores) / len(scores):.4f} | {per_post:.2f} |",
                flush=True,
            )
    return 0


def timing(bodies: list[str], renderers: dict[str, Render]) -> int:
    """Best of five passes over the same bodies, per candidate: the render cost alone, in
    CPU time (what the machine's load moves least)."""
    words = sum(len(body.split()) for body in bodies)
    print(f"{len(bodies)} posts, {words} words; CPU time, best of 5 passes")
    print("| renderer | ms per post | relative to python-markdown |")
    print("|---|---|---|")
    best: dict[str, float] = {}
    for name, render in renderers.items():
        passes = []
        for _ in range(5):
            started = time.process_time()
            for body in bodies:
                render(body)
            passes.append(time.process_time() - started)
        best[name] = 1000 * min(passes) / len(bodies)
    for name, ms in best.items():
        print(f"| {name} | {ms:.2f} | {ms / best['python-markdown']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
