"""Score a translated site's feeds per language against its generator's own (issue 24
item 6).

    python bench/language_agreement.py CORPUS [--oracle ~/corpora/oracle]
                                              [--work /tmp/languages] [--only NAME ...]

For each site of bench/sites/manifest.toml with more than one language and an oracle
build, the site is switched as bench/generator_agreement.py does (``init --like``,
``pin-ids --from-feed`` each language's feed, ``build``; a build that fails has the
files it names taken out, up to 20 rounds, and the rest is scored), then each
language's feed of the generator
(bench/oracle_build.py keeps the other languages' in ``feeds/<lang>.xml``) is compared
with publisher's feed of that language (``feeds/all`` for the default,
``feeds/<lang>/all`` for the others). Columns, per language:

  theirs    items in the generator's feed of that language
  found     of those, items of ours in that language's feed with the same link
  ids       of the found, the same id (the generator's guid, pinned by pin-ids)
  titles    of the found, the same title
  language  our feed's language tag against theirs (primary subtags compared)
  foreign   items of ours the generator publishes in another language
  hreflang  our items' translation links, and how many land on a page the generator
            published in the language the link names
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import feedparser

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generator_agreement import _title_key, load_manifest, switch  # noqa: E402

from publisher.commands.pin_ids import link_key  # noqa: E402


@dataclass
class LanguageRow:
    site: str
    language: str
    theirs: int = 0
    ours: int = 0
    found: int = 0
    ids: int = 0
    titles: int = 0
    tag_theirs: str = ""
    tag_ours: str = ""
    foreign: int = 0
    hreflang: int = 0
    hreflang_ok: int = 0
    missing: bool = False
    examples: list[str] = field(default_factory=list)


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def score_languages(site: dict, oracle: Path, copy: Path) -> list[LanguageRow]:
    # Every language the generator published a feed of (bench/oracle_build.py keeps the
    # others in feeds/), the default first.
    others = sorted(p.stem for p in (oracle / site["name"] / "feeds").glob("*.xml"))
    languages = [site["languages"][0], *(o for o in others if o != site["languages"][0])]
    pages = json.loads((oracle / site["name"] / "content.json").read_text(encoding="utf-8"))
    page_language = {link_key(p["url"]): str(p.get("lang") or "") for p in pages if p.get("url")}
    rows = []
    for index, language in enumerate(languages):
        theirs_path = oracle / site["name"] / "feeds" / f"{language}.xml"
        if not theirs_path.is_file() and index == 0:
            theirs_path = oracle / site["name"] / "feed.xml"
        folder = copy / "feeds" / ("all" if index == 0 else f"{language.lower()}/all")
        row = LanguageRow(site["name"], language)
        rows.append(row)
        if not theirs_path.is_file():
            row.missing = True
            continue
        theirs = feedparser.parse(str(theirs_path))
        ours = feedparser.parse(str(folder / "rss.xml"))
        row.theirs, row.ours = len(theirs.entries), len(ours.entries)
        row.tag_theirs = theirs.feed.get("language", "")
        row.tag_ours = ours.feed.get("language", "")
        by_link = {link_key(e.get("link", "")): e for e in ours.entries}
        for item in theirs.entries:
            mine = by_link.get(link_key(item.get("link", "")))
            if mine is None:
                if len(row.examples) < 5:
                    row.examples.append(f"lost {item.get('link')}")
                continue
            row.found += 1
            if mine.get("id") == item.get("id"):
                row.ids += 1
            if _title_key(mine.get("title", "")) == _title_key(item.get("title", "")):
                row.titles += 1
        for entry in ours.entries:
            known = page_language.get(link_key(entry.get("link", "")))
            if known and _primary(known) != _primary(language):
                row.foreign += 1
            for link in entry.get("links", []):
                code = link.get("hreflang")
                if link.get("rel") != "alternate" or not code or link["href"] == entry.link:
                    continue
                row.hreflang += 1
                target = page_language.get(link_key(link["href"]))
                if target is not None and (not target or _primary(target) == _primary(code)):
                    row.hreflang_ok += 1
                elif len(row.examples) < 5:
                    row.examples.append(f"hreflang {code} {link['href']}")
    return rows


def table(rows: list[LanguageRow]) -> str:
    lines = [
        "| site | language | theirs | found (link) | same id | titles | tag theirs / ours "
        "| foreign | hreflang ok |",
        "|" + "---|" * 9,
    ]
    for r in rows:
        if r.missing:
            continue
        lines.append(
            f"| {r.site} | {r.language} | {r.theirs} | {r.found}/{r.theirs} | {r.ids}/{r.found}"
            f" | {r.titles}/{r.found}"
            f" | {r.tag_theirs or '-'} / {r.tag_ours or '-'} | {r.foreign}"
            f" | {r.hreflang_ok}/{r.hreflang} |"
        )
    scored = [r for r in rows if not r.missing]
    theirs = sum(r.theirs for r in scored)
    found = sum(r.found for r in scored)
    lines.append(
        f"| all | {len(scored)} feeds | {theirs} | {found}/{theirs} "
        f"({100 * found / theirs if theirs else 0:.1f}%) | {sum(r.ids for r in scored)}/{found}"
        f" | {sum(r.titles for r in scored)}/{found}"
        f" | {sum(_primary(r.tag_theirs) == _primary(r.tag_ours) for r in scored)}/{len(scored)}"
        f" agree | {sum(r.foreign for r in scored)}"
        f" | {sum(r.hreflang_ok for r in scored)}/{sum(r.hreflang for r in scored)} |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--oracle", type=Path, default=Path.home() / "corpora" / "oracle")
    parser.add_argument("--work", type=Path, default=Path("/tmp/languages"))
    parser.add_argument("--only", nargs="*", default=None)
    options = parser.parse_args(argv)
    rows: list[LanguageRow] = []
    for site in load_manifest():
        if site.get("skip") or len(site.get("languages", [])) < 2:
            continue
        if options.only and site["name"] not in options.only:
            continue
        if not (options.oracle / site["name"] / "content.json").is_file():
            print(f"{site['name']}: no oracle build, skipped", file=sys.stderr)
            continue
        # Every language's feed, as its subscribers hold them (the oracle's feed.xml is
        # another language's for letsencrypt: bench/README.md).
        old = sorted((options.oracle / site["name"] / "feeds").glob("*.xml"))
        default = options.oracle / site["name"] / "feeds" / f"{site['languages'][0]}.xml"
        if not default.is_file():
            old.append(options.oracle / site["name"] / "feed.xml")
        built = switch(site, options.corpus, options.oracle, options.work, 20, old)
        state = "built" if built.builds else built.error
        print(f"{site['name']}: {state} ({built.peeled} files taken out, {built.seconds} s)",
              file=sys.stderr, flush=True)  # fmt: skip
        found = score_languages(site, options.oracle, options.work / site["name"])
        for row in found:
            for line in row.examples:
                print(f"  {row.site} {row.language}: {line}", file=sys.stderr)
        rows += found
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
