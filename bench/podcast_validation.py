"""The validator's podcast rules on real podcast feeds and on single mistakes.

Run by hand::

    python bench/podcast_validation.py [FOLDER ...] [--show-real]

1. **Real feeds.** Every RSS file under the FOLDERs (checkouts of public repositories
   whose tests keep real podcast feeds, see bench/README.md) that is a podcast is
   validated; the findings are printed per feed and per rule, to be compared by hand
   with what the specifications and Apple's requirements say (the verdicts are in
   bench/README.md).
2. **Single mistakes.** Each of the base feeds below (valid podcasts in several
   publishers' shapes) gets one mistake at a time, from ``MISTAKES``: each names the
   rules the specifications and Apple's requirements say it breaks, and the clause.
   A mistake scores *exact* when the new findings are exactly those rules, *extra*
   when they include them and more, *missed* otherwise.
"""

from __future__ import annotations

import argparse
import copy
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from publisher.errors import Severity
from publisher.validate import validate_bytes
from publisher.validate.podcast import is_podcast

ROOT = Path(__file__).resolve().parent.parent
I = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"  # noqa: E741
P = "{https://podcastindex.org/namespace/1.0}"
BASES = {
    "publisher (Field Notes)": ROOT / "feeds" / "field-notes" / "rss.xml",
    "Podcasting 2.0 host": ROOT / "tests" / "validate" / "podcast" / "valid-podcasting20.xml",
    "Apple's sample shape": ROOT / "tests" / "validate" / "itunes" / "podcast-valid.xml",
    "Libsyn shape": ROOT / "tests" / "validate" / "realistic" / "libsyn-valid.xml",
}
APPLE = "Apple Podcasts RSS requirements"
RSS = "RSS 2.0"
P20 = "Podcasting 2.0"

Mutate = Callable[[etree._Element], None]


@dataclass(frozen=True)
class Mistake:
    name: str
    expected: frozenset[str]
    clause: str
    mutate: Mutate


def _channel(root: etree._Element) -> etree._Element:
    channel = root.find("channel")
    assert channel is not None
    return channel


def _items(root: etree._Element) -> list[etree._Element]:
    return _channel(root).findall("item")


def _one(parent: etree._Element, path: str) -> etree._Element:
    found = parent.find(path)
    if found is None:
        raise LookupError(path)
    return found


def _drop(path: str, everywhere: bool = False) -> Mutate:
    def mutate(root: etree._Element) -> None:
        matches = _channel(root).findall(path)
        if not matches:
            raise LookupError(path)
        for element in matches if everywhere else matches[:1]:
            element.getparent().remove(element)

    return mutate


def _set_attr(path: str, attr: str, value: str | None) -> Mutate:
    def mutate(root: etree._Element) -> None:
        element = _one(_channel(root), path)
        if value is None:
            del element.attrib[attr]
        else:
            element.set(attr, value)

    return mutate


def _set_text(path: str, value: str) -> Mutate:
    def mutate(root: etree._Element) -> None:
        _one(_channel(root), path).text = value

    return mutate


def _channel_text(tag: str, value: str) -> Mutate:
    """Set (adding it when absent) a child of the channel."""

    def mutate(root: etree._Element) -> None:
        element = _channel(root).find(tag)
        if element is None:
            element = etree.SubElement(_channel(root), tag)
        element.text = value

    return mutate


def _put(where: str, tag: str, text: str, **attrs: str) -> Mutate:
    """Give an element that may appear once this text and these attributes, in the
    channel or the first item (adding it when absent)."""

    def mutate(root: etree._Element) -> None:
        parent = _channel(root) if where == "channel" else _items(root)[0]
        element = parent.find(tag)
        if element is None:
            element = etree.SubElement(parent, tag)
        element.attrib.clear()
        element.attrib.update(attrs)
        element.text = text

    return mutate


def _add(where: str, tag: str, text: str | None = None, **attrs: str) -> Mutate:
    """Add an element to the channel (``where="channel"``) or the first item."""

    def mutate(root: etree._Element) -> None:
        parent = _channel(root) if where == "channel" else _items(root)[0]
        element = etree.SubElement(parent, tag, attrs)
        element.text = text

    return mutate


def _item_text(tag: str, value: str) -> Mutate:
    """Set (adding it when absent) a child of the first item."""

    def mutate(root: etree._Element) -> None:
        item = _items(root)[0]
        element = item.find(tag)
        if element is None:
            element = etree.SubElement(item, tag)
        element.text = value

    return mutate


def _two_items(root: etree._Element) -> list[etree._Element]:
    """The first two items; a feed of one gets a second episode, a copy with its own
    guid and media URL."""
    items = _items(root)
    if len(items) == 1:
        second = copy.deepcopy(items[0])
        _one(second, "guid").text = (_one(second, "guid").text or "") + "-2"
        enclosure = _one(second, "enclosure")
        enclosure.set("url", enclosure.get("url", "") + "?2")
        items[0].addnext(second)
        items = _items(root)
    return items[:2]


def _same_as_first(path: str, attr: str | None = None) -> Mutate:
    """The second item's ``path`` (its ``attr``) made the same as the first's."""

    def mutate(root: etree._Element) -> None:
        first, second = (_one(item, path) for item in _two_items(root))
        if attr:
            second.set(attr, first.get(attr) or "")
        else:
            second.text = first.text

    return mutate


def _no_items(root: etree._Element) -> None:
    for item in _items(root):
        item.getparent().remove(item)


def _category(text: str, sub: str | None = None) -> Mutate:
    def mutate(root: etree._Element) -> None:
        category = _one(_channel(root), f"{I}category")
        category.set("text", text)
        for child in list(category):
            category.remove(child)
        if sub:
            etree.SubElement(category, f"{I}category", text=sub)

    return mutate


def _twice(path: str) -> Mutate:
    def mutate(root: etree._Element) -> None:
        element = _one(_channel(root), path)
        element.addnext(copy.deepcopy(element))

    return mutate


def _m(name: str, expected: str, clause: str, mutate: Mutate) -> Mistake:
    return Mistake(name, frozenset(expected.split()), clause, mutate)


MISTAKES: tuple[Mistake, ...] = (
    _m("no itunes:image", "podcast-missing-artwork", f"{APPLE}: artwork required",
       _drop(f"{I}image")),
    _m("artwork is a GIF", "podcast-artwork-format", f"{APPLE}: JPEG or PNG",
       _set_attr(f"{I}image", "href", "https://cdn.example.org/show/artwork.gif")),
    _m("artwork is WebP", "podcast-artwork-format", f"{APPLE}: JPEG or PNG",
       _set_attr(f"{I}image", "href", "https://cdn.example.org/show/artwork.webp")),
    _m("itunes:image without href", "missing-attribute podcast-missing-artwork",
       f"{APPLE}: href holds the artwork URL", _set_attr(f"{I}image", "href", None)),
    _m("relative artwork URL", "url-not-absolute", f"{APPLE}: a full URL",
       _set_attr(f"{I}image", "href", "/artwork.jpg")),
    _m("no itunes:category", "podcast-missing-category", f"{APPLE}: category required",
       _drop(f"{I}category", everywhere=True)),
    _m("category not Apple's", "itunes-invalid-value", f"{APPLE}: categories from Apple's list",
       _category("Newz")),
    _m("subcategory of another category", "itunes-invalid-value",
       f"{APPLE}: subcategory under its own category", _category("News", "Golf")),
    _m("category from the pre-2019 list", "itunes-obsolete-category",
       "Apple's category list (2019 revision)", _category("Games & Hobbies")),
    _m("no itunes:explicit", "podcast-missing-explicit", f"{APPLE}: explicit required",
       _drop(f"{I}explicit")),
    _m("explicit 'maybe'", "itunes-invalid-value", f"{APPLE}: true or false",
       _set_text(f"{I}explicit", "maybe")),
    _m("explicit 'yes'", "itunes-invalid-value", f"{APPLE}: true or false (yes/no are gone)",
       _set_text(f"{I}explicit", "yes")),
    _m("no language", "podcast-missing-language", f"{APPLE}: language required",
       _drop("language")),
    _m("no itunes:owner", "podcast-missing-owner-email", f"{APPLE}: owner email (recommended)",
       _drop(f"{I}owner")),
    _m("owner without email", "itunes-invalid-value", f"{APPLE}: itunes:email in itunes:owner",
       _drop(f"{I}owner/{I}email")),
    _m("owner email not an address", "itunes-invalid-value", f"{APPLE}: an email address",
       _set_text(f"{I}owner/{I}email", "desk at example dot org")),
    _m("itunes:type 'weekly'", "itunes-invalid-value", f"{APPLE}: episodic or serial",
       _channel_text(f"{I}type", "weekly")),
    _m("no episode", "podcast-no-episodes", f"{APPLE}: a show needs an episode", _no_items),
    _m("episode without enclosure", "podcast-enclosure-missing", f"{APPLE}: enclosure required",
       _drop("item/enclosure")),
    _m("enclosure audio/ogg", "podcast-enclosure-type", f"{APPLE}: supported types",
       _set_attr("item/enclosure", "type", "audio/ogg")),
    _m("enclosure type 'mp3'", "rss-enclosure-invalid-type", f"{RSS}: type is a MIME type",
       _set_attr("item/enclosure", "type", "mp3")),
    _m("enclosure length 0", "podcast-enclosure-length", f"{APPLE}: length in bytes",
       _set_attr("item/enclosure", "length", "0")),
    _m("enclosure without length", "rss-enclosure-missing-attribute",
       f"{RSS}: url, length and type required", _set_attr("item/enclosure", "length", None)),
    _m("enclosure length '12 MB'", "rss-enclosure-invalid-length", f"{RSS}: length in bytes",
       _set_attr("item/enclosure", "length", "12 MB")),
    _m("relative enclosure URL", "url-not-absolute", f"{RSS}: an http URL",
       _set_attr("item/enclosure", "url", "/media/episode.mp3")),
    _m("ftp enclosure URL", "url-invalid", f"{RSS}: must be an http url",
       _set_attr("item/enclosure", "url", "ftp://media.example.org/episode.mp3")),
    _m("two episodes, one media URL", "podcast-duplicate-enclosure-url",
       f"{APPLE}: a used enclosure URL is ignored", _same_as_first("enclosure", "url")),
    _m("two episodes, one guid", "rss-duplicate-guid", f"{APPLE}: unique guid per episode",
       _same_as_first("guid")),
    _m("episode without guid", "rss-item-missing-guid", f"{APPLE}: guid (recommended)",
       _drop("item/guid")),
    _m("duration '1h 5m'", "itunes-invalid-value", f"{APPLE}: seconds or HH:MM:SS",
       _item_text(f"{I}duration", "1h 5m")),
    _m("duration '12:75'", "itunes-invalid-value", f"{APPLE}: seconds or HH:MM:SS",
       _item_text(f"{I}duration", "12:75")),
    _m("episode number 0", "number-invalid", f"{APPLE}: a non-zero integer",
       _item_text(f"{I}episode", "0")),
    _m("season 'two'", "number-invalid", f"{APPLE}: a non-zero integer",
       _item_text(f"{I}season", "two")),
    _m("episodeType 'regular'", "itunes-invalid-value", f"{APPLE}: full, trailer or bonus",
       _item_text(f"{I}episodeType", "regular")),
    _m("itunes:duration in the channel", "extension-unknown-element",
       f"{APPLE}: duration is an episode's", _add("channel", f"{I}duration", "120")),
    _m("two itunes:explicit in the channel", "extension-duplicate-element",
       f"{APPLE}: one explicit", _twice(f"{I}explicit")),
    _m("podcast:guid not a UUID", "podcast-invalid-value", f"{P20}: guid is a UUIDv5",
       _put("channel", f"{P}guid", "my-show")),
    _m("podcast:locked 'true'", "podcast-invalid-value", f"{P20}: yes or no",
       _put("channel", f"{P}locked", "true")),
    _m("podcast:locked owner a name", "podcast-invalid-value", f"{P20}: owner is an email",
       _put("channel", f"{P}locked", "yes", owner="Show Desk")),
    _m("podcast:transcript without type", "missing-attribute", f"{P20}: url and type required",
       _add("item", f"{P}transcript", url="https://example.org/t.vtt")),
    _m("podcast:transcript type 'vtt'", "podcast-invalid-value", f"{P20}: type is a MIME type",
       _add("item", f"{P}transcript", url="https://example.org/t.vtt", type="vtt")),
    _m("podcast:chapters in the channel", "extension-unknown-element",
       f"{P20}: chapters is an item's",
       _add("channel", f"{P}chapters", url="https://example.org/c.json",
            type="application/json+chapters")),
    _m("podcast:season 'two'", "podcast-invalid-value", f"{P20}: an integer",
       _put("item", f"{P}season", "two")),
    _m("empty podcast:person", "podcast-invalid-value", f"{P20}: the name cannot be blank",
       _add("item", f"{P}person", "", role="host")),
    _m("podcast:funding without url", "missing-attribute", f"{P20}: url required",
       _add("channel", f"{P}funding", "Support us")),
    _m("pubDate in ISO 8601", "date-not-rfc822", f"{RSS}: RFC 822 dates",
       _item_text("pubDate", "2026-11-23T06:00:00Z")),
)  # fmt: skip


def _findings(data: bytes) -> Counter[str]:
    report = validate_bytes(data, name="feed")
    return Counter(p.rule for p in report.problems if p.severity is not Severity.INFO)


def single_mistakes() -> tuple[int, Counter[str]]:
    """Apply every mistake to every base feed; print one row per mistake."""
    totals: Counter[str] = Counter()
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False)
    print("## Single mistakes\n")
    print("| mistake | the spec says | expected | " + " | ".join(BASES) + " |")
    print("|---|---|---|" + "---|" * len(BASES))
    for mistake in MISTAKES:
        cells = []
        for path in BASES.values():
            original = etree.fromstring(path.read_bytes(), parser)
            before = _findings(etree.tostring(original, xml_declaration=True, encoding="UTF-8"))
            root = copy.deepcopy(original)
            try:
                mistake.mutate(root)
            except LookupError:
                cells.append("n/a")
                continue
            after = _findings(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
            new = {rule for rule in after if after[rule] > before[rule]}
            verdict = (
                "exact" if new == mistake.expected
                else "extra" if mistake.expected <= new
                else "missed"
            )  # fmt: skip
            totals[verdict] += 1
            cells.append(verdict if verdict == "exact" else f"{verdict}: {', '.join(sorted(new))}")
        expected = ", ".join(f"`{r}`" for r in sorted(mistake.expected))
        print(f"| {mistake.name} | {mistake.clause} | {expected} | " + " | ".join(cells) + " |")
    return sum(totals.values()), totals


def real_feeds(folders: list[Path], show: bool) -> None:
    """Validate every podcast among the RSS files under ``folders``."""
    print("## Real feeds\n")
    print("| feed | items | errors | platform | warnings | rules (count) |")
    print("|---|---|---|---|---|---|")
    by_rule: Counter[str] = Counter()
    feeds = 0
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".xml", ".rss") or not path.is_file():
                continue
            data = path.read_bytes()
            try:
                root = etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False))
            except etree.XMLSyntaxError:
                continue
            channel = root.find("channel") if root is not None else None
            if channel is None or not is_podcast(channel):
                continue
            feeds += 1
            report = validate_bytes(data, name=str(path))
            counts = Counter(p.rule for p in report.problems if p.severity is not Severity.INFO)
            by_rule.update(counts.keys())
            rules = ", ".join(f"{rule} ({n})" for rule, n in sorted(counts.items()))
            print(
                f"| {path.relative_to(folder.parent)} | {len(channel.findall('item'))} | "
                f"{len(report.errors)} | {len(report.platform)} | {len(report.warnings)} | "
                f"{rules} |"
            )
            if show:
                for problem in report.problems:
                    print(f"    {problem.line}: {problem.severity.value} {problem.rule} "
                          f"{problem.message[:120]}")  # fmt: skip
    print(f"\n{feeds} podcast feeds; feeds per rule: {dict(sorted(by_rule.items()))}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="checkouts holding real feeds")
    parser.add_argument("--show-real", action="store_true", help="print every finding")
    args = parser.parse_args()
    if args.folders:
        real_feeds(args.folders, args.show_real)
    count, totals = single_mistakes()
    print(f"\n{count} single mistakes: {totals['exact']} exact, {totals['extra']} with extra "
          f"findings, {totals['missed']} missed")  # fmt: skip


if __name__ == "__main__":
    main()
