"""``publisher pin-ids``: pin every source's id, taking it from the site's old feed.

A site switching its feeds to publisher must not change the id of anything already
published, or every subscriber's reader shows the whole archive again as new. So each
source whose link matches an item of the old feed gets that item's exact guid/id (and
its exact link, when it differs only in form), written as one line into its front
matter; every other source gets the tag URI the build would derive. Files are edited
in place, atomically, and nothing but the added lines changes.

It never guesses: when an item of the old feed has no source of its own (no source's
link matches it, or two do), nothing is written unless the user names how many such
items to give up (``allow_unmatched``), and the plan says why they do not match. The
old feed's item count (less the items given up) becomes the config's
``items_per_feed`` in a run that pins ids, so the switch brings subscribers no older
article as new.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit

from lxml import etree

from publisher.atomic import write_atomic
from publisher.config import Config
from publisher.errors import Problem, PublisherError, Severity, SourceError
from publisher.generators import site_generator
from publisher.generators.base import FrontMatterRules
from publisher.generators.fields import FEED_ID
from publisher.ids import is_iri
from publisher.limits import check_json
from publisher.model import Article
from publisher.normalize import normalize
from publisher.sources import ReaderOptions, list_sources, parse_source, read_bytes
from publisher.sources.decode import decode_source
from publisher.sources.frontmatter import YAML_OPEN, detect
from publisher.sources.site_files import SourceFolder

MAX_FEED_BYTES = 50_000_000
_ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True, slots=True)
class OldItem:
    """One item of the feed a site published before: its link and its exact id."""

    link: str
    id: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Pin:
    """Lines to add to one source's front matter."""

    path: Path
    shown: str
    id: str
    link: str | None  # the old feed's link, when ours differs from it in form only
    from_feed: bool
    key: str = "id"  # feed_id when the source's own `id` is its generator's (WordPress's)
    generator: str = ""  # the site's generator: how it finds and writes front matter
    # A page a generator's template made (Hugo's content adapters) has no file to hold an
    # id: its path under the content folder, the key of publisher.toml's [page_ids].
    page: str = ""


@dataclass(frozen=True, slots=True)
class OldFeed:
    """A feed the site published before: where it was read from, the site it names
    (its channel or feed link; '' when none) and its items."""

    name: str
    site: str
    items: tuple[OldItem, ...]


@dataclass(frozen=True, slots=True)
class Unmatched:
    """An old item no single source matches, and what tells the user why: the sources
    that share its link (two or more), or else ours of the same title, if any."""

    item: OldItem
    sharing: tuple[str, ...] = ()  # sources whose link matches it: more than one
    same_title: tuple[str, str] | None = None  # (source, the link we publish it at)


@dataclass(frozen=True, slots=True)
class PinPlan:
    pins: tuple[Pin, ...]
    unmatched: tuple[Unmatched, ...]
    problems: tuple[Problem, ...]
    old_items: int = 0  # items of the old feeds, all of them
    # Why links may not match at all (base_url against the old feed's host), for the user.
    hints: tuple[str, ...] = ()
    # The old feed's item count, when the config's items_per_feed should become it.
    items_per_feed: int | None = None
    # A translated site: (language code, its old feeds' item count) where its own
    # ``[languages.<code>] items_per_feed`` should become that.
    language_items: tuple[tuple[str, int], ...] = ()


# Reading old feeds ------------------------------------------------------------------


def read_old_feed(data: bytes, name: str) -> OldFeed:
    """An RSS 2.0, Atom or JSON Feed document: the site it names and its items, in
    document order."""
    if data.lstrip()[:1] == b"{":
        return _json_feed(data, name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PublisherError(f"not a feed: {exc}", path=name) from None
    if root.tag == f"{_ATOM}feed":
        return OldFeed(name, _atom_link(root), tuple(_atom_items(root)))
    if etree.QName(root).localname in ("rss", "RDF"):
        channel = root.find("channel")
        if channel is None:
            channel = root.find("{http://purl.org/rss/1.0/}channel")
        site = ""
        if channel is not None:
            site = _text(channel.find("link")) or _text(
                channel.find("{http://purl.org/rss/1.0/}link")
            )
        return OldFeed(name, site, tuple(_rss_items(root)))
    raise PublisherError("not an RSS, Atom or JSON feed", path=name)


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _rss_items(root: etree._Element) -> Iterable[OldItem]:
    for item in root.iter("item", "{http://purl.org/rss/1.0/}item"):
        link = _text(item.find("link")) or _text(item.find("{http://purl.org/rss/1.0/}link"))
        about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about", "")
        # Without a guid, readers tell items apart by their link.
        ident = _text(item.find("guid")) or about or link
        if link or ident:
            yield OldItem(link or ident, ident, _text(item.find("title")))


def _alternate(element: etree._Element) -> str:
    """The absolute ``href`` of an Atom element's first alternate link ('' if none)."""
    for candidate in element.findall(f"{_ATOM}link"):
        if candidate.get("rel", "alternate") == "alternate":
            return urljoin(candidate.base or "", candidate.get("href", "").strip())
    return ""


def _atom_link(root: etree._Element) -> str:
    return _alternate(root)


def _atom_items(root: etree._Element) -> Iterable[OldItem]:
    for entry in root.iter(f"{_ATOM}entry"):
        link = _alternate(entry)
        ident = _text(entry.find(f"{_ATOM}id"))
        if link or ident:
            yield OldItem(link or ident, ident or link, _text(entry.find(f"{_ATOM}title")))


def _json_feed(data: bytes, name: str) -> OldFeed:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PublisherError(f"not a feed: not UTF-8 (byte {exc.start})", path=name) from None
    exceeded = check_json(text)
    if exceeded is not None:
        raise PublisherError(f"not a feed: {exceeded.message}", path=name, line=exceeded.line)
    try:
        feed = json.loads(text)
    except ValueError as exc:
        raise PublisherError(f"not a feed: {exc}", path=name) from None
    items = feed.get("items") if isinstance(feed, dict) else None
    if not isinstance(items, list):
        raise PublisherError("not a JSON Feed: no 'items' list", path=name)
    found = []
    for item in items:
        if isinstance(item, dict):
            link, ident = str(item.get("url") or ""), str(item.get("id") or "")
            if link or ident:
                found.append(OldItem(link or ident, ident or link, str(item.get("title") or "")))
    assert isinstance(feed, dict)
    return OldFeed(name, str(feed.get("home_page_url") or ""), tuple(found))


def load_old_feed(target: str, *, timeout: float = 20.0) -> OldFeed:
    """Items of the feed at ``target``: a file, or an http(s) URL."""
    if target.lower().startswith(("http://", "https://")):
        from publisher.validate.fetch import fetch

        fetched = fetch(target, timeout=timeout, max_bytes=MAX_FEED_BYTES)
        if fetched.too_large:
            raise PublisherError(f"over {MAX_FEED_BYTES} bytes", path=target)
        return read_old_feed(fetched.data, target)
    try:
        return read_old_feed(Path(target).read_bytes(), target)
    except OSError as exc:
        raise PublisherError(f"cannot read: {exc.strerror}", path=target) from None


def link_key(url: str) -> tuple[str, str]:
    """What two spellings of one page's address share, as real old feeds spell them:
    scheme aside, host without ``www.``, path decoded, case folded, ``//`` as ``/``,
    without ``index.html``, ``.html`` or a trailing slash, and without the query
    parameters feeds add to track readers (Pelican's ``?ref=feed``, ``utm_*``); any
    other query stays (``/?p=12`` and ``/?p=13`` are two pages)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ("", url)
    path = re.sub(r"/{2,}", "/", unquote(parts.path))
    path = re.sub(r"/index\.html?$", "/", path)
    path = path.rstrip("/").removesuffix(".html").removesuffix(".htm").casefold()
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name != "ref" and not name.startswith("utm_")
    ]
    return host, (path or "/") + (f"?{urlencode(query)}" if query else "")


# Planning ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Read:
    """One source that became an article."""

    path: Path
    shown: str
    article: Article
    own_id: bool  # the front matter has an `id` of the generator's own (pin as feed_id)
    id_line: int | None
    page: str = ""  # a generated page's path under the content folder (see Pin.page)


def plan_pins(config: Config, feeds: Sequence[OldFeed]) -> PinPlan:
    """What to write into which source: ids from the old ``feeds`` where exactly one
    source's link matches an item, derived ids elsewhere; and what stands in the way."""
    old: dict[tuple[str, str], OldItem] = {}
    for feed in feeds:
        for each in feed.items:
            old.setdefault(link_key(each.link), each)
    articles, problems = _read_sources(config)
    by_key: dict[tuple[str, str], list[_Read]] = {}
    for read in articles:
        by_key.setdefault(link_key(read.article.link), []).append(read)
    taken = {r.article.id: r.shown for r in articles if r.article.id_pinned}
    pins: list[Pin] = []
    for read in articles:
        key = link_key(read.article.link)
        item = old.get(key)
        sharing = by_key[key]
        if read.article.id_pinned:
            if item and len(sharing) == 1 and item.id != read.article.id:
                problems.append(Problem(
                    read.shown, read.id_line, Severity.WARNING, "pin-id-differs",
                    f"has id {read.article.id!r}, but the old feed's item for its link has "
                    f"{item.id!r}: left as it is",
                ))  # fmt: skip
            continue
        if item and len(sharing) > 1:
            others = ", ".join(r.shown for r in sharing if r is not read)
            why = f"its link is old item {item.link}'s, and so is {others}'s: one link, two sources"
            problems.append(_not_pinned(read, why))
            continue
        if item and not is_iri(item.id):
            # An RSS guid may be any text ("1234"); an id here is an IRI (Atom's must be),
            # and the build refuses one that is not: writing it would break the next build.
            problems.append(_not_pinned(read, (
                f"old item {item.link}'s id {item.id!r} is no IRI, and publisher's ids are "
                "(Atom requires one): give the source an id of your choosing; readers that "
                f"knew the item by {item.id!r} will show it once as new"
            )))  # fmt: skip
            continue
        new_id = item.id if item else read.article.id
        if new_id in taken:
            whose = f"old item {item.link}'s id" if item else "the id derived for it"
            why = f"{whose}, {new_id!r}, is also {taken[new_id]}'s: give one of them an id"
            problems.append(_not_pinned(read, why))
            continue
        taken[new_id] = read.shown
        link = item.link if item and item.link != read.article.link and not read.page else None
        field = FEED_ID if read.own_id else "id"
        pins.append(Pin(
            read.path, read.shown, new_id, link, item is not None, field, config.generator,
            read.page,
        ))  # fmt: skip
    unmatched = tuple(
        _unmatched(item, by_key.get(key, []), articles)
        for key, item in old.items()
        if len(by_key.get(key, ())) != 1
    )
    # The switch (a run that pins ids, given the old feed) keeps the old feed's size: its
    # distinct items (Pelican lists an article twice when two sources share its URL) that
    # have a source (``_kept_items``). Items given up (--allow-unmatched) leave their
    # places empty: filled, they would bring older articles to subscribers as new. A later
    # run with nothing to pin leaves a setting the user may have changed since.
    counts = [_kept_items(feed.items, by_key) for feed in feeds if feed.items]
    items = min(counts) if counts and pins else None
    language_items: tuple[tuple[str, int], ...] = ()
    if config.multilingual and pins:
        items, language_items = _counts_by_language(config, feeds, by_key)
    return PinPlan(
        tuple(pins),
        unmatched,
        tuple(problems),
        old_items=len(old),
        hints=(*_hints(config, feeds), *_prefix_hint(unmatched)) if unmatched else (),
        items_per_feed=items if items != config.items_per_feed else None,
        language_items=language_items,
    )


def _kept_items(items: Sequence[OldItem], by_key: Mapping[tuple[str, str], list[_Read]]) -> int:
    """How many distinct items of an old feed have exactly one source (are kept); when
    none has, all of them: every article then reaches subscribers as new, and the old
    feed's size at least bounds how many do."""
    kept = {item.id for item in items if len(by_key.get(link_key(item.link), ())) == 1}
    return len(kept) or len({item.id for item in items})


def _counts_by_language(
    config: Config, feeds: Sequence[OldFeed], by_key: Mapping[tuple[str, str], list[_Read]]
) -> tuple[int | None, tuple[tuple[str, int], ...]]:
    """A translated site's old feeds, one per language (Hugo's ``/fr/index.xml``): the
    default language's item count for ``items_per_feed``, and each other language's
    for its own, where they change; a feed is the language most of its items are in."""
    counts: dict[str, int] = {}
    for feed in feeds:
        languages = Counter(
            by_key[key][0].article.language
            for key in (link_key(item.link) for item in feed.items)
            if len(by_key.get(key, ())) == 1
        )
        if languages:
            code = languages.most_common(1)[0][0]
            count = _kept_items(feed.items, by_key)
            counts[code] = min(count, counts.get(code, count))
    items = counts.pop("", None)
    default = items or config.items_per_feed
    changed = []
    for code, count in counts.items():
        language = config.language_named(code)
        if language is not None and (language.items_per_feed or default) != count:
            changed.append((language.code, count))
    return (items if items != config.items_per_feed else None), tuple(sorted(changed))


def _read_sources(config: Config) -> tuple[list[_Read], list[Problem]]:
    """Every source that is an article (drafts and broken ones left out), and the errors."""
    from publisher.build.generated import with_generated

    listing = list_sources(config.content_dir, generator=config.generator, rules=config.site_rules)
    listing = with_generated(config, listing).listing
    found, problems = listing.found(), list(listing.problems)
    files = SourceFolder.of(config.content_dir, config.generator, listing.elsewhere)
    options = ReaderOptions(config.boilerplate_patterns, config.generator)
    generator = site_generator(config)
    articles: list[_Read] = []
    for source in found:
        if generator is not None and not generator.reads(source.rel):
            continue
        shown = _shown(config.content_dir / source.rel)
        try:
            data = read_bytes(source, max_bytes=config.max_source_bytes, shown=shown)
            doc = parse_source(source, data, options, shown=shown)
        except SourceError as exc:
            problems.append(_error(exc, shown))
            continue
        article, found_problems = normalize(doc, config, files)
        problems += [p for p in found_problems if p.is_error]
        if article is not None:  # else a draft, or broken (its error is listed)
            own_id = doc.fields.get("id") not in (None, "")
            page = source.rel if source.rel in listing.elsewhere else ""
            articles.append(
                _Read(Path(source.path), shown, article, own_id, doc.field_lines.get("id"), page)
            )
    return articles, problems


def _not_pinned(read: _Read, why: str) -> Problem:
    return Problem(read.shown, None, Severity.ERROR, "pin-id-conflict", f"not pinned: {why}")


def _unmatched(item: OldItem, sharing: list[_Read], articles: list[_Read]) -> Unmatched:
    if sharing:
        return Unmatched(item, sharing=tuple(r.shown for r in sharing))
    wanted = title_key(item.title)
    for read in articles if wanted else ():
        if title_key(read.article.title) == wanted:
            return Unmatched(item, same_title=(read.shown, read.article.link))
    return Unmatched(item)


def title_key(title: str) -> str:
    """A title's letters and digits, case folded (typography and markup aside)."""
    text = html.unescape(re.sub(r"<[^>]*>", "", title))
    return "".join(c for c in text.casefold() if c.isalnum())


def _prefix_hint(unmatched: Sequence[Unmatched]) -> tuple[str, ...]:
    """When most old items of one of our titles differ from our link only by a leading
    folder (a language's, ``/en-us``, or a section's), which one."""
    leads: Counter[tuple[str, str]] = Counter()
    pairs = [(m.item.link, m.same_title[1]) for m in unmatched if m.same_title]
    for old, ours in pairs:
        theirs, mine = urlsplit(old).path.rstrip("/"), urlsplit(ours).path.rstrip("/")
        if theirs != mine and theirs.endswith(mine):
            leads[("old", theirs[: len(theirs) - len(mine)])] += 1
        elif theirs != mine and mine.endswith(theirs):
            leads[("ours", mine[: len(mine) - len(theirs)])] += 1
    if not leads:
        return ()
    (whose, lead), uses = leads.most_common(1)[0]
    if uses * 2 <= len(pairs):
        return ()
    what = "theirs: a folder (a language's?) our" if whose == "old" else "ours: a folder our"
    return (
        f"{uses} of the {len(pairs)} old items whose title we have differ from our link "
        f"only by a leading {lead} in {what} article_url "
        + ("leaves out" if whose == "old" else "adds"),
    )


def _hints(config: Config, feeds: Sequence[OldFeed]) -> tuple[str, ...]:
    """Why the old feed's links may match none of ours: another host than base_url's,
    or base_url's path not in them."""
    links = [item.link for feed in feeds for item in feed.items]
    links = links or [feed.site for feed in feeds if feed.site]
    if not links:
        return ()
    ours = link_key(config.base_url)[0]
    hosts = Counter(link_key(link)[0] for link in links)
    host, uses = hosts.most_common(1)[0]
    if host and host != ours:
        site = next((feed.site for feed in feeds if link_key(feed.site)[0] == host), "")
        named = f" (it names {site} as its site)" if site else ""
        return (
            f"base_url in publisher.toml is {config.base_url}, but "
            f"{'all' if uses == len(links) else uses} of the old feed's {len(links)} links "
            f"are on {host}{named}: set base_url to the address the site is published at",
        )
    prefix = urlsplit(config.base_url).path.rstrip("/")
    if prefix:
        under = sum(1 for link in links if urlsplit(link).path.startswith(prefix + "/"))
        if under * 2 < len(links):
            return (
                f"base_url in publisher.toml ends in {prefix}, but {len(links) - under} of "
                f"the old feed's {len(links)} links are not under it",
            )
    return ()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _error(exc: SourceError, shown: str) -> Problem:
    return Problem(exc.path or shown, exc.line, Severity.ERROR, "source-invalid", exc.message)


# Writing ----------------------------------------------------------------------------


def pin_lines(
    data: bytes, fields: Sequence[tuple[str, str]], shown: str, *, generator: str = ""
) -> tuple[bytes, int]:
    """``data`` with one front matter line per field added after its first line, in
    the file's own syntax and line ending; and the line number of the first one added.

    The first line is where every kind can take one: after YAML's ``---`` and TOML's
    ``+++`` (TOML keys after a ``[table]`` would belong to the table), after JSON's
    ``{``, among Pelican's headers (which end at the first blank line). In a Pelican
    site every Markdown header is Pelican's (a ``---`` line opens it), and a
    reStructuredText source takes a ``:key: value`` field at the top of its field list.
    Where the site's ``generator`` allows blank lines before front matter, its first
    line is the first that is not blank; where a source needs none (Hugo), one is added
    to a source without it, holding only these lines.

    Raises SourceError when the file's front matter cannot take a line safely.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("only UTF-8 sources can be edited in place", path=shown)
    if generator == "pelican" and shown.lower().endswith(".rst"):
        return _rst_field_lines(data, fields, shown)
    rules = _front_matter_rules(generator)
    begin = 0
    if rules.after_blank:
        text = data.removeprefix(b"\xef\xbb\xbf")
        found = len(data) - len(text.lstrip(b" \t\r\n"))
        begin = data.rfind(b"\n", 0, found) + 1
    end = data.find(b"\n", begin)
    first = data[begin : end if end >= 0 else len(data)].removeprefix(b"\xef\xbb\xbf")
    first_text = first.decode("utf-8", "replace").rstrip("\r")
    kind = detect(first_text.strip() if rules.after_blank else first_text)
    if kind not in rules.kinds and rules.optional:
        newline = b"\r\n" if b"\r\n" in data[:4096] else b"\n"
        block = [YAML_OPEN] + [f"{k}: {_quoted(v)}" for k, v in fields] + [YAML_OPEN]
        bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        added = b"".join(line.encode("utf-8") + newline for line in block)
        return bom + added + data[len(bom) :], 2
    if end < 0:
        raise SourceError("nothing after the first line: no front matter to add to", path=shown)
    newline = b"\r\n" if data[end - 1 : end] == b"\r" else b"\n"
    if (
        generator == "pelican"
        and kind in ("yaml", "pelican", None)
        and (kind is not None or _META_KEY.match(first_text))
    ):
        kind = "pelican"
    lines = []
    for key, value in fields:
        quoted = _quoted(value)
        if kind == "yaml":
            lines.append(f"{key}: {quoted}")
        elif kind == "toml":
            lines.append(f"{key} = {quoted}")
        elif kind == "json" and first_text.strip() == "{":
            lines.append(f"  {json.dumps(key)}: {quoted},")
        elif kind == "pelican":
            if "\n" in value or "\r" in value:
                raise SourceError("a Pelican header value must be one line", path=shown)
            lines.append(f"{key.capitalize()}: {value}")
        else:
            raise SourceError(
                "cannot add a line to this front matter (put '{' alone on the first line)"
                if kind == "json"
                else "no front matter to add an id to",
                path=shown,
            )
    added = b"".join(line.encode("utf-8") + newline for line in lines)
    return data[: end + 1] + added + data[end + 1 :], data.count(b"\n", 0, end + 1) + 1


def _front_matter_rules(generator: str) -> FrontMatterRules:
    from publisher.generators import generator_named

    rules = generator_named(generator)
    return rules.front_matter if rules is not None else FrontMatterRules()


_META_KEY = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:")
_RST_FIELD = re.compile(rb"^:[^:\s][^:]*:(?:\s|$)")


def _rst_field_lines(
    data: bytes, fields: Sequence[tuple[str, str]], shown: str
) -> tuple[bytes, int]:
    """A reStructuredText source with ``:key: value`` fields added before the first
    field of its field list (the metadata Pelican reads, right after the title)."""
    lines = data.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if _RST_FIELD.match(line)), None)
    if at is None:
        raise SourceError("no field list (:date: ...) to add an id to", path=shown)
    newline = b"\r\n" if lines[at].endswith(b"\r\n") else b"\n"
    added = []
    for key, value in fields:
        if "\n" in value or "\r" in value:
            raise SourceError("a field list value must be one line", path=shown)
        added.append(f":{key}: {value}".encode() + newline)
    return b"".join(lines[:at] + added + lines[at:]), at + 1


def preview_pin(pin: Pin) -> str:
    """The lines ``apply_pin`` would add, as text, without writing."""
    return _added(*_edited(pin))


def _quoted(value: str) -> str:
    """A double-quoted string that YAML, TOML and JSON all read back as ``value``: JSON's
    escapes, plus \\u escapes for what YAML takes as line breaks (NEL, U+2028/9) or
    refuses (DEL, C1 controls, BOM) and TOML refuses (DEL)."""
    return _ESCAPE_MORE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False)
    )


_ESCAPE_MORE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def apply_pin(pin: Pin) -> str:
    """Add the pin's lines to its file, atomically; returns the lines added."""
    data, new = _edited(pin)
    _replace(pin.path, new)
    return _added(data, new)


def _edited(pin: Pin) -> tuple[bytes, bytes]:
    try:
        data = pin.path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=pin.shown) from None
    fields = [(pin.key, pin.id)] + ([("link", pin.link)] if pin.link else [])
    new, _ = pin_lines(data, fields, pin.shown, generator=pin.generator)
    _check_pinned(new, pin)
    return data, new


def _added(data: bytes, new: bytes) -> str:
    """The lines ``new`` has that ``data`` has not (added in one place)."""
    start = next((i for i, (a, b) in enumerate(zip(data, new, strict=False)) if a != b), len(data))
    start = new.rfind(b"\n", 0, start) + 1
    return new[start : start + len(new) - len(data)].decode("utf-8")


def _check_pinned(new: bytes, pin: Pin) -> None:
    """Read the edited text back: the id must be what we meant, or nothing is written."""
    from publisher.sources import MARKDOWN_SUFFIXES, reader_for

    text, _ = decode_source(new, pin.shown)
    suffix = pin.path.suffix.lower()
    reader = reader_for(".rst" if suffix == ".rst" and pin.generator else MARKDOWN_SUFFIXES[0])
    options = ReaderOptions(generator=pin.generator)
    doc = reader.read(text, path=pin.shown, rel=pin.path.name, options=options)
    if doc.fields.get(pin.key) != pin.id:
        raise SourceError("adding the id line would not give this id: left as it is",
                          path=pin.shown)  # fmt: skip


def _replace(path: Path, data: bytes) -> None:
    """Replace the source atomically, keeping its permission bits."""
    write_atomic(path, data, mode=path.stat().st_mode & 0o7777)
