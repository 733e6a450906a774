"""Switch every corpus site to publisher as the README tells a user, and score the result
against what the site's own generator published (issue 24).

    python bench/generator_agreement.py CORPUS [--oracle ~/corpora/oracle]
                                               [--work /tmp/agreement] [--only NAME ...]
                                               [--json results.json]

CORPUS is the folder bench/sites/fetch_corpus.py fills (one folder per site of
bench/sites/manifest.toml); the oracle folder is bench/oracle_build.py's output. For
each site, on a hard-linked copy (publisher replaces files atomically, so the corpus is
never changed), in the site's folder:

    publisher init --like GENERATOR
    publisher pin-ids --from-feed ORACLE/<site>/feed.xml
    publisher build
    publisher build            # must print nothing

(when `init` asks to edit base_url because the site's config has none, the manifest's
base_url is written in, as the user would; a site whose config holds a development URL
gets the manifest's `init_args`, e.g. --base-url). publisher is this checkout's
(`python -m publisher` with this checkout first on the path). Columns:

  builds    y, or n and the first error line of the step that failed
  kept      old feed's items found in ours with the same id and the same link
  titles    of the kept items, same title; dates: same published instant ("+N dateless":
            besides those, Hugo's pages without a date, the year 1 there and 1970 here, on
            purpose: docs/migrating/hugo.md)
  content   items of ours whose text (HTML reduced to normalized text) is at least 98%
            similar to the generator's own rendering of the same page
  moved     items of ours at another address than the generator's page of that title
  leaked    items of ours the generator has no page for, at that address or of that title
            (letters and digits compared): drafts, future, unpublished, and items whose link
            and title both differ
  template  items with template syntax left outside code
  older     items of ours not in the old feed and older than its oldest item: what
            subscribers would get as new although it is old
  noop      what the second build printed (must be nothing)
  pin-ids   files pin-ids changed on its own, and how many old items it left unmatched:
            a write with unmatched items is a write on a poor match. When it refuses and
            names the count (`--allow-unmatched N`), the harness runs it again with that
            flag, as a user accepting the loss would, to score the rest (pin_allowed).
  order     (last lines) sites whose kept items come in the order the old feed lists them

With --peel N, a site whose build fails is built again without the files named in its
errors (up to N rounds), and the rest is scored; the site still counts as not building.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import feedparser
import lxml.html

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "sites"))
sys.path.insert(0, str(ROOT))
from fetch_corpus import load_manifest  # noqa: E402

from publisher.commands.pin_ids import link_key  # noqa: E402

SIMILAR = 0.98
_CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL | re.IGNORECASE)
# Template syntax a subscriber must never see: shortcodes, Liquid tags and outputs, Pelican
# link markers. Bare "{{"/"}}" are left out: LaTeX (\frac{a}{b}}) is full of them.
_TEMPLATE = re.compile(
    r"\{\{[<%]|[>%]\}\}|\{%-?\s*\w|\w\s*-?%\}|\{\{-?\s*[\w.\"']+[^{}]*\}\}"
    r"|\{(?:filename|static|attach)\}|\|filename\|"
)
_SPACE = re.compile(r"\s+")


@dataclass
class Row:
    site: str
    generator: str
    builds: bool = False
    error: str = ""
    init_edit: bool = False
    old_items: int = 0
    our_items: int = 0
    kept: int = 0
    titles: int = 0
    dates: int = 0
    dateless: int = 0  # Hugo's zero date (the year 1) published as 1970, on purpose
    same_order: bool = False  # the kept items in the old feed's order
    compared: int = 0
    similar: int = 0
    leaked: int = 0
    moved: int = 0
    template: int = 0
    older: int = 0
    noop: str = ""
    pin_exit: int = 0
    pin_written: int = 0
    pin_unmatched: int = 0
    pin_changed: int = 0  # files pin-ids replaced on its own (no --allow-unmatched)
    pin_allowed: int = 0  # the unmatched count given back as --allow-unmatched, to score the rest
    pin_old: int = 0  # the old feed's items (old_items counts them only for sites scored)
    peeled: int = 0
    seconds: float = 0.0
    examples: dict[str, list[str]] = field(default_factory=dict)

    def example(self, kind: str, text: str, limit: int = 5) -> None:
        found = self.examples.setdefault(kind, [])
        if len(found) < limit:
            found.append(text)


def publisher(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args], cwd=cwd, env=env, text=True,
        capture_output=True, stdin=subprocess.DEVNULL, timeout=1800,
    )  # fmt: skip


def first_error(done: subprocess.CompletedProcess[str]) -> str:
    lines = (done.stderr + done.stdout).splitlines()
    for line in lines:
        if "error" in line.lower():
            return line.strip()
    return (lines[0].strip() if lines else f"exit {done.returncode}")[:300]


def text_of(fragment: str) -> str:
    """What a reader sees of an HTML fragment, whitespace collapsed."""
    if not fragment.strip():
        return ""
    try:
        tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
        for bad in tree.xpath("//script|//style"):
            bad.drop_tree()
        text = tree.text_content()
    except (ValueError, lxml.etree.ParserError):
        text = re.sub(r"<[^>]+>", " ", fragment)
    return _SPACE.sub(" ", html.unescape(text)).strip()


# Words, and each CJK character on its own (Chinese and Japanese put no spaces between
# words, so a whole paragraph would otherwise be one "word").
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_TOKEN = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+")


def similarity(ours: str, theirs: str) -> float:
    """difflib's ratio over the two texts' tokens (1.0: the same words in the same order)."""
    a, b = _TOKEN.findall(ours), _TOKEN.findall(theirs)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def entry_content(entry: feedparser.FeedParserDict) -> str:
    if entry.get("content"):
        return str(entry.content[0].value)
    return str(entry.get("summary", ""))


def instant(entry: feedparser.FeedParserDict) -> float | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return time.mktime((*value[:8], 0)) if value else None
    return None


def zero_date(entry: feedparser.FeedParserDict) -> bool:
    """Hugo's date of a page without one: the year 1."""
    value = entry.get("published_parsed") or entry.get("updated_parsed")
    return bool(value) and value.tm_year == 1


def epoch_date(entry: feedparser.FeedParserDict) -> bool:
    """What publisher dates such a page: 1970-01-01T00:00:00Z."""
    value = entry.get("published_parsed") or entry.get("updated_parsed")
    return bool(value) and tuple(value[:6]) == (1970, 1, 1, 0, 0, 0)


def set_base_url(config: Path, base_url: str) -> None:
    text = config.read_text(encoding="utf-8")
    text = re.sub(r'^base_url = ".*"$', f'base_url = "{base_url}"', text, flags=re.MULTILINE)
    config.unlink()
    config.write_text(text, encoding="utf-8")


def inodes(folder: Path) -> dict[str, int]:
    """Each file's inode under ``folder`` (the copy is hard-linked to the corpus, and
    publisher replaces files atomically: a changed file has a new inode)."""
    found = {}
    for path in folder.rglob("*"):
        if ".publisher-cache" not in path.parts and path.is_file() and not path.is_symlink():
            found[str(path.relative_to(folder))] = path.stat().st_ino
    return found


_ALLOW = re.compile(r"--allow-unmatched (\d+)")


def switch(
    site: dict,
    corpus: Path,
    oracle: Path,
    work: Path,
    peel: int,
    old_feeds: list[Path] | None = None,
) -> Row:
    """``old_feeds``: the feeds subscribers hold (default: the oracle's ``feed.xml``)."""
    row = Row(site["name"], site["generator"])
    started = time.monotonic()
    copy = work / site["name"]
    if copy.exists():
        shutil.rmtree(copy)
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-al", str(corpus / site["name"]), str(copy)], check=True)
    for command in site.get("prepare", []):  # the site's own build steps (new files only)
        subprocess.run(command, shell=True, cwd=copy, check=True, capture_output=True)
    old_feeds = old_feeds or [oracle / site["name"] / "feed.xml"]
    from_feeds = [arg for feed in old_feeds for arg in ("--from-feed", str(feed))]
    row.pin_old = sum(len(feedparser.parse(str(f)).entries) for f in old_feeds)  # unscored too
    # init_args: what the user adds because the site's config holds a development URL.
    init = ["init", "--like", site["generator"], *site.get("init_args", [])]
    steps = [("init", init),
             ("pin-ids", ["pin-ids", *from_feeds]),
             ("build", ["build"]), ("build again", ["build"])]  # fmt: skip
    results = {}
    for name, args in steps:
        before = inodes(copy) if name == "pin-ids" else {}
        done = publisher(*args, cwd=copy)
        if name == "init" and done.returncode != 0 and "base-url" in done.stderr + done.stdout:
            # The user reads the error and gives the address.
            row.init_edit = True
            row.example("init", first_error(done))
            done = publisher(*args, "--base-url", site.get("base_url", ""), cwd=copy)
        results[name] = done
        if name == "init" and done.returncode == 0 and "edit title and base_url" in done.stdout:
            row.init_edit = True
            if site.get("base_url"):
                set_base_url(copy / "publisher.toml", site["base_url"])
        if name == "pin-ids":
            row.pin_exit = done.returncode
            row.pin_written = done.stdout.count("(from the old feed)")
            row.pin_unmatched = (done.stdout + done.stderr).count("no source for old item")
            after = inodes(copy)
            row.pin_changed = sum(1 for rel, ino in after.items() if before.get(rel) != ino)
            allow = _ALLOW.search(done.stdout + done.stderr)
            if done.returncode != 0 and allow:
                row.pin_allowed = int(allow.group(1))
                row.example("pin-ids refused", first_error(done))
                done = publisher(*args, "--allow-unmatched", allow.group(1), cwd=copy)
            for line in (done.stdout + done.stderr).splitlines():
                if "error" in line:
                    row.example("pin-ids errors", line, limit=20)
            continue  # a failing pin-ids still leaves a site to build
        if done.returncode != 0:
            row.error = row.error or f"{name}: {first_error(done)}"
            break
    else:
        row.builds = True
    if not row.builds and peel and "build" in results and results["build"].returncode != 0:
        # Take out each file the build refuses, to see what else the site would show.
        for _ in range(peel):
            done = results["build"]
            errors = [line for line in done.stderr.splitlines() if ": error:" in line]
            for line in errors:
                row.example("errors", line, limit=200)
            files = {line.split(":", 1)[0] for line in errors}
            files = {f for f in files if (copy / f).is_file()}
            if not files:
                break
            for rel in files:
                (copy / rel).unlink()
                row.peeled += 1
            results["build"] = publisher("build", cwd=copy)
            if results["build"].returncode == 0:
                results["build again"] = publisher("build", cwd=copy)
                break
    again = results.get("build again")
    if again is not None and results["build"].returncode == 0:
        row.noop = (again.stdout + again.stderr).strip()
    row.seconds = round(time.monotonic() - started, 1)
    if (copy / "feeds" / "all" / "atom.xml").is_file():
        score(row, site, oracle, copy)
    return row


def score(row: Row, site: dict, oracle: Path, copy: Path) -> None:
    parsed = feedparser.parse(str(oracle / site["name"] / "feed.xml"))
    old = parsed.entries
    ours_path = copy / "feeds" / "all" / "atom.xml"
    # A translated site's oracle feed may be one language's (letsencrypt's /ca/index.xml):
    # compare it with our feed of that language, where we publish one.
    language = str(parsed.feed.get("language", "")).lower()
    if language and (copy / "feeds" / language / "all" / "atom.xml").is_file():
        ours_path = copy / "feeds" / language / "all" / "atom.xml"
    ours = feedparser.parse(str(ours_path)).entries if ours_path.is_file() else []
    row.old_items, row.our_items = len(old), len(ours)
    by_id = {e.get("id"): e for e in ours}
    kept = {e.get("id") for e in old} & by_id.keys()
    row.same_order = [e.get("id") for e in old if e.get("id") in kept] == [
        e.get("id") for e in ours if e.get("id") in kept
    ]
    for item in old:
        mine = by_id.get(item.get("id"))
        if mine is None or mine.get("link") != item.get("link"):
            row.example("lost", f"{item.get('id')} {item.get('link')}")
            continue
        row.kept += 1
        if (
            _SPACE.sub(" ", mine.get("title", "")).strip()
            == _SPACE.sub(" ", item.get("title", "")).strip()
        ):
            row.titles += 1
        else:
            row.example("title", f"{item.get('title')!r} -> {mine.get('title')!r}")
        if instant(mine) == instant(item):
            row.dates += 1
        elif zero_date(item) and epoch_date(mine):
            row.dateless += 1
        else:
            row.example("date", f"{item.get('link')}: {item.get('published', item.get('updated'))} "
                                f"-> {mine.get('published')}")  # fmt: skip
    posts = json.loads((oracle / site["name"] / "content.json").read_text(encoding="utf-8"))
    published = {link_key(p["url"]): p for p in posts if p.get("url")}
    by_title: dict[str, list[dict]] = {}
    for post in posts:
        by_title.setdefault(_title_key(str(post.get("title") or "")), []).append(post)
    old_keys = {link_key(e.get("link", "")) for e in old} | {e.get("id") for e in old}
    oldest = min((t for t in (instant(e) for e in old) if t), default=None)
    for entry in ours:
        key = link_key(entry.get("link", ""))
        post = published.get(key)
        if post is None:
            same = by_title.get(_title_key(entry.get("title", "")), [])
            post = same[0] if len(same) == 1 else None
        content = entry_content(entry)
        outside = html.unescape(_CODE.sub("", content))
        found = _TEMPLATE.findall(outside)
        if found:
            # Only what the generator itself did not show (an author writing about
            # templates shows the syntax on purpose, and the generator shows it too).
            theirs = html.unescape(_CODE.sub("", post["content"] or "")) if post else ""
            if len(found) > len(_TEMPLATE.findall(theirs)):
                row.template += 1
                match = _TEMPLATE.search(outside)
                assert match
                around = outside[max(0, match.start() - 40) : match.end() + 40]
                row.example("template", f"{entry.get('link')}: …{around}…")
        if post is None:
            row.leaked += 1
            row.example("leaked", f"{entry.get('link')} ({entry.get('title')})")
        else:
            if link_key(post["url"]) != key:  # published by the generator, at another address
                row.moved += 1
                row.example("moved", f"{entry.get('link')} (generator: {post['url']})")
            row.compared += 1
            ratio = similarity(text_of(content), text_of(post.get("content") or ""))
            if ratio >= SIMILAR:
                row.similar += 1
            else:
                row.example("content", f"{entry.get('link')}: {ratio:.3f}")
        if key not in old_keys and entry.get("id") not in old_keys and oldest is not None:
            when = instant(entry)
            if when is not None and when < oldest:
                row.older += 1
                row.example("older", f"{entry.get('link')} {entry.get('published')}")


def _title_key(title: str) -> str:
    """A title's letters and digits, case folded: "Gratitude, and That’s Right" and
    "Gratitude, and That's Right" are one title (typography and case aside)."""
    return "".join(c for c in html.unescape(title).casefold() if c.isalnum())


def dateless(count: int) -> str:
    return f" (+{count} dateless)" if count else ""


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "-"


def table(rows: list[Row]) -> str:
    head = ("| site | gen | builds | kept (id+link) | titles | dates | content ≥0.98 | moved "
            "| leaked | template | older as new | no-op |")  # fmt: skip
    lines = [head, "|" + "---|" * 12]
    for r in rows:
        built = "y" if r.builds else f"n: {r.error[:90]}"
        if r.peeled:
            built += f" ({r.peeled} files taken out to score the rest)"
        if r.init_edit:
            built += " (init: no URL)"
        lines.append(
            f"| {r.site} | {r.generator} | {built} | {pct(r.kept, r.old_items)} "
            f"| {pct(r.titles, r.kept)} | {pct(r.dates, r.kept)}{dateless(r.dateless)} "
            f"| {pct(r.similar, r.compared)} "
            f"| {r.moved} | {r.leaked} | {r.template} | {r.older} "
            f"| {'empty' if not r.noop else r.noop.splitlines()[0][:60]} |"
        )
    lines.append("")
    lines.append("| generator | sites | build | old items kept | titles | dates | content ≥0.98 "
                 "| moved | leaked | template | older as new | no-op empty |")  # fmt: skip
    lines.append("|" + "---|" * 12)
    for gen in ("hugo", "jekyll", "pelican", "all"):
        group = [r for r in rows if gen in ("all", r.generator)]
        if not group:
            continue
        built = [r for r in group if r.builds]
        old = sum(r.old_items for r in group)
        kept = sum(r.kept for r in group)
        lines.append(
            f"| {gen} | {len(group)} | {len(built)} "
            f"| {kept}/{old} ({100 * kept / max(old, 1):.1f}%) "
            f"| {pct(sum(r.titles for r in group), kept)} "
            f"| {pct(sum(r.dates for r in group), kept)}"
            f"{dateless(sum(r.dateless for r in group))} "
            f"| {pct(sum(r.similar for r in group), sum(r.compared for r in group))} "
            f"| {sum(r.moved for r in group)} | {sum(r.leaked for r in group)} "
            f"| {sum(r.template for r in group)} "
            f"| {sum(r.older for r in group)} "
            f"| {sum(1 for r in built if not r.noop)}/{len(built)} |"
        )
    return "\n".join(lines)


def pin_table(rows: list[Row]) -> str:
    """What pin-ids did on its own: files changed, old items left unmatched, and whether
    that was a write on a poor match (files changed while items were unmatched)."""
    head = "| site | gen | old items | unmatched | files changed | poor match | then allowed |"
    lines = [head, "|" + "---|" * 7]
    for r in rows:
        poor = "yes" if r.pin_changed and r.pin_unmatched else ""
        allowed = str(r.pin_allowed) if r.pin_allowed else ""
        lines.append(f"| {r.site} | {r.generator} | {r.pin_old} | {r.pin_unmatched} "
                     f"| {r.pin_changed} | {poor} | {allowed} |")  # fmt: skip
    poor_sites = sum(1 for r in rows if r.pin_changed and r.pin_unmatched)
    lines.append(f"\nsites where pin-ids wrote on a poor match: {poor_sites} of {len(rows)}")
    for gen in ("hugo", "jekyll", "pelican"):
        group = [r for r in rows if r.generator == gen and r.kept]
        if group:
            same = sum(r.same_order for r in group)
            lines.append(f"{gen} sites whose kept items are in the old feed's order: "
                         f"{same} of {len(group)}")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--oracle", type=Path, default=Path.home() / "corpora" / "oracle")
    parser.add_argument("--work", type=Path, default=Path("/tmp/agreement"))
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write every row here")
    parser.add_argument(
        "--peel", type=int, default=0, metavar="N",
        help="when a build fails, take out the files it names and build again (N times), "
        "scoring what remains (the row still says n)",
    )  # fmt: skip
    options = parser.parse_args(argv)
    rows = []
    for site in load_manifest():
        if options.only and site["name"] not in options.only:
            continue
        if site.get("skip"):
            continue
        if not (options.oracle / site["name"] / "feed.xml").is_file():
            print(f"{site['name']}: no oracle feed, skipped", file=sys.stderr)
            continue
        row = switch(site, options.corpus, options.oracle, options.work, options.peel)
        rows.append(row)
        print(f"{row.site}: {'built' if row.builds else row.error} ({row.seconds} s)",
              file=sys.stderr, flush=True)  # fmt: skip
    print(table(rows))
    print()
    print(pin_table(rows))
    if options.json:
        options.json.write_text(json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
