"""Our scraped-page readers against trafilatura, scored on tests/scraped/.

Run by hand, in a throwaway virtualenv that has both (trafilatura is no dependency)::

    python3 -m venv /tmp/traf && /tmp/traf/bin/pip install -e . trafilatura lxml_html_clean
    /tmp/traf/bin/python bench/scraped_compare.py [--details]

Each page is scored against its reviewed expectation (``*.expected.md``):

- title: the extracted title equals the expected one (case and spacing aside);
- date: the same calendar day (pages whose expectation has a date);
- headings kept: share of the expected body's headings (``##`` or a bold-only line)
  found as a line of the extracted body;
- article kept: share of the expected body's paragraphs (40+ characters) whose first
  40 characters are in the extracted body;
- boilerplate gone: share of the page's boilerplate phrases (``boilerplate.phrases``
  that occur in the page but not in its expected body) absent from the extracted body;
  "clean pages" counts pages with none left.

trafilatura reads HTML only, so a ``.txt`` page is handed to it as the HTML a browser
would show for it (each blank-line separated block a ``<p>``, lines kept apart by
``<br>``); it decodes the bytes itself. Ours runs exactly as ``publisher import`` does.
The expectations are our reviewed output, so where ours is wrong and the reviewer
accepted it (a missed author, say) the truth leans our way: read the ``--details``.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from publisher.sources import ReaderOptions, read_page  # noqa: E402

CORPUS = ROOT / "tests" / "scraped"
_HEADING = re.compile(r"^(?:#{1,6}\s+(.+?)|\*\*(.+?)\*\*)\s*$")
_MARKUP = re.compile(r"[*_`\\#>]|\[|\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)")


@dataclass(frozen=True)
class Extracted:
    title: str
    date: str
    body: str


@dataclass
class Score:
    title: int = 0
    dated: int = 0
    date: int = 0
    headings: float = 0.0
    article: float = 0.0
    boiler: float = 0.0
    clean: int = 0
    pages: int = 0


def _norm(text: str) -> str:
    return " ".join(_MARKUP.sub("", html.unescape(text)).casefold().split())


def _expected(page: Path) -> tuple[dict[str, object], str]:
    _, front, body = page.with_suffix(".expected.md").read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def ours(page: Path) -> Extracted:
    doc = read_page(page.read_bytes(), page.suffix, ReaderOptions(), shown=page.name)
    return Extracted(str(doc.fields.get("title", "")), str(doc.fields.get("date", "")), doc.body)


def _as_html(text: str) -> str:
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    paras = ["<p>" + "<br>".join(html.escape(x) for x in b.split("\n")) + "</p>" for b in blocks]
    return "<html><body>" + "\n".join(paras) + "</body></html>"


def trafilatura_reader(precision: bool = False) -> Callable[[Path], Extracted]:
    """trafilatura as its documentation suggests; ``precision`` sets favor_precision."""
    import trafilatura

    def read(page: Path) -> Extracted:
        data: bytes | str = page.read_bytes()
        if page.suffix == ".txt":
            data = _as_html(page.read_text(encoding="utf-8"))
        meta = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
        body = trafilatura.extract(
            data,
            output_format="markdown",
            include_formatting=True,
            include_comments=False,
            favor_precision=precision,
        )
        title = getattr(meta, "title", None) or ""
        date = getattr(meta, "date", None) or ""
        return Extracted(title, date, body or "")

    return read


def score(page: Path, got: Extracted, phrases: list[str], total: Score) -> str:
    front, body = _expected(page)
    source = page.read_bytes().decode("utf-8", errors="ignore")
    if page.suffix == ".html":
        from publisher.sources import decode

        source = decode(page.read_bytes(), page.suffix, page.name)[0]
    total.pages += 1
    notes = []
    title_ok = _norm(got.title) == _norm(str(front.get("title", "")))
    total.title += title_ok
    if not title_ok:
        notes.append(f"title {got.title!r}")
    if front.get("date"):
        total.dated += 1
        day_ok = str(got.date)[:10] == str(front["date"])[:10]
        total.date += day_ok
        if not day_ok:
            notes.append(f"date {got.date!r}")
    got_lines = {_norm(line) for line in got.body.split("\n")}
    got_text = _norm(got.body)
    heads = [m.group(1) or m.group(2) for m in map(_HEADING.match, body.split("\n")) if m]
    kept = [h for h in heads if _norm(h) in got_lines]
    total.headings += len(kept) / len(heads) if heads else 1.0
    if len(kept) < len(heads):
        notes.append(f"headings {len(kept)}/{len(heads)}")
    paras = [p for p in body.split("\n\n") if len(p) >= 40 and not _HEADING.match(p.strip())]
    found = [p for p in paras if _norm(p)[:40] in got_text]
    total.article += len(found) / len(paras) if paras else 1.0
    if len(found) < len(paras):
        notes.append(f"paragraphs {len(found)}/{len(paras)}")
    junk = [p for p in phrases if p in source and p not in body]
    left = [p for p in junk if p in got.body]
    total.boiler += 1 - len(left) / len(junk) if junk else 1.0
    total.clean += not left
    if left:
        notes.append(f"boilerplate left {left}")
    return "; ".join(notes) or "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true", help="print each page's misses")
    args = parser.parse_args()
    phrases = [
        line
        for line in (CORPUS / "boilerplate.phrases").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    pages = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    readers: dict[str, Callable[[Path], Extracted]] = {"publisher": ours}
    try:
        readers["trafilatura"] = trafilatura_reader()
        readers["trafilatura (favor_precision)"] = trafilatura_reader(precision=True)
    except ImportError:
        print("trafilatura is not importable: scoring ours only", file=sys.stderr)
    for kinds in ((".txt", ".html"), (".html",), (".txt",)):
        subset = [p for p in pages if p.suffix in kinds]
        print(f"\n{len(subset)} pages ({', '.join(kinds)})\n")
        print(
            "| extractor | title | date | headings kept | article kept "
            "| boilerplate gone | clean pages |"
        )
        print("|---|---|---|---|---|---|---|")
        for name, read in readers.items():
            total = Score()
            details = []
            for page in subset:
                try:
                    got = read(page)
                except Exception as exc:  # a crash on one page scores it empty
                    got = Extracted("", "", "")
                    details.append(f"  {page.name}: crashed: {type(exc).__name__}")
                details.append(f"  {page.name}: {score(page, got, phrases, total)}")
            n = total.pages
            print(
                f"| {name} | {total.title}/{n} | {total.date}/{total.dated} "
                f"| {100 * total.headings / n:.0f}% | {100 * total.article / n:.0f}% "
                f"| {100 * total.boiler / n:.0f}% | {total.clean}/{n} |"
            )
            if args.details and kinds == (".txt", ".html"):
                print(f"\n{name}:\n" + "\n".join(details) + "\n", file=sys.stderr)


if __name__ == "__main__":
    main()
