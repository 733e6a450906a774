"""A feed's files made again from the last ones, when only some of its items changed:
the changed items are rendered alone, and put between the unchanged items' bytes.

An edit changes one article, yet its feeds' files used to be made whole again: every
item through feedgen and lxml, every document through the validator (most of an edit's
work at 10,000 articles). Each format writes an item the same way wherever it stands,
given the same root element (in the XML formats it declares every namespace an item
uses), so a document is its head, its items' bytes in order, and its tail (``cut``);
the changed items' bytes come from a document of the same feed holding only them
(``spliced``), with the feed's head and tail, and the others are taken from the last
document as they are.

What validating the new document would find is known without validating it in one
case, checked here (``_may_skip_validation``): the feed's own lines unchanged and
nothing found before; otherwise it is validated whole, as before.

A feed over its byte budget keeps the newest items that fit (``build/budget.py``):
``budget.fit`` searches the count as for a whole render, on documents put together
from the items' bytes (``_within_budget``), so its files and warning are the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from publisher.build.budget import RULE
from publisher.build.cache import FeedOutput, Spare
from publisher.errors import Problem
from publisher.formats import FeedFormat, feed_files
from publisher.model import Feed
from publisher.validator_limits import DEFAULT_MAX_BYTES

# Where items start and end in the documents each format writes (indented by lxml's
# pretty printer, or by json.dumps(indent=2)). Text and attribute values are escaped,
# and JSON strings hold no raw line break, so these bytes only ever mark items.
_XML_ITEMS = {
    "rss": (b"\n    <item>\n", b"\n    </item>\n"),
    "atom": (b"\n  <entry>\n", b"\n  </entry>\n"),
}
_JSON_ITEMS = b'\n  "items": [\n'
_JSON_BETWEEN = b"\n    },\n    {\n"  # one item's closing line, the next one's opening
_JSON_END = b"\n  ]\n}\n"
_ROOTS = {"rss": b"\n<rss", "atom": b"\n<feed"}


@dataclass(frozen=True, slots=True)
class Cut:
    """A document as its head, each item's bytes, and its tail: ``head`` +
    ``between``.join(``items``) + ``tail`` gives it back."""

    head: bytes
    items: list[bytes]
    tail: bytes
    between: bytes

    def joined(self, items: Sequence[bytes]) -> bytes:
        """The document with these items in place of its own."""
        return self.head + self.between.join(items) + self.tail


def cut(document: bytes, kind: str) -> Cut | None:
    """``document`` (a feed written in format ``kind``) at its items, or None when it
    has none or is not laid out as our formats write it."""
    if kind == "json":
        return _cut_json(document)
    if kind not in _XML_ITEMS:
        return None
    start, end = _XML_ITEMS[kind]
    first = document.find(start)
    if first < 0:
        return None
    position = first + 1
    items = []
    while document.startswith(start[1:], position):
        close = document.find(end, position)
        if close < 0:
            return None
        close += len(end)
        items.append(document[position:close])
        position = close
    if document.find(start, position - 1) >= 0:  # items apart from one another
        return None
    return Cut(document[: first + 1], items, document[position:], b"")


def _cut_json(document: bytes) -> Cut | None:
    start = document.find(_JSON_ITEMS)
    if start < 0 or not document.endswith(_JSON_END):
        return None
    head = document[: start + len(_JSON_ITEMS)]
    body = document[len(head) : len(document) - len(_JSON_END)]
    if not (body.startswith(b"    {\n") and body.endswith(b"\n    }")):
        return None
    closing = len(b"\n    }")
    items = []
    position = 0
    while (between := body.find(_JSON_BETWEEN, position)) >= 0:
        items.append(body[position : between + closing])
        position = between + closing + len(b",\n")
    items.append(body[position:])
    return Cut(head, items, _JSON_END, b",\n")


def spliced(
    feed: Feed,
    fingerprint: str,
    prints: Sequence[str],
    alone: Feed,
    previous: FeedOutput,
) -> FeedOutput | None:
    """``feed``'s files made from ``previous`` (its last files, of items
    ``previous.items``) and from a document of ``alone`` (the same feed holding only its
    items whose bytes the last files lack, with their HTML; at least one): None when
    that cannot be done (the documents' root elements differ, or one is not as
    expected).

    ``prints`` are the items' ``item_print``, in the feed's order. A feed over its byte
    budget (``build/budget.py``) keeps the newest items that fit, as a whole render
    does: ``budget.fit`` searches the count on documents put together from the items'
    bytes, each with the head and tail of that many items (rendered with one of them).
    The last files of such a feed lack its oldest items: those are in ``alone``.
    """
    kept: list[str] | None = None
    cuts: list[tuple[str, FeedFormat, Cut, Cut, bytes, dict[str, bytes]]] = []
    kept_bytes = _with_bytes(feed, previous)  # cuts a whole document: once, not per item
    spare = _usable_spare(feed, previous)
    fresh_prints = [p for p in prints if p not in kept_bytes]
    for rel, fmt in feed_files(feed):
        last = previous.files.get(rel)
        old = cut(last, fmt.kind) if last is not None else None
        if old is None or len(old.items) > len(previous.items):
            return None
        if kept is None:
            kept = list(previous.items[: len(old.items)])
        if len(old.items) != len(kept):
            return None  # the formats' last files hold different items
        made = fmt.render(alone)
        new = cut(made, fmt.kind)
        if new is None or len(new.items) != len(alone.items):
            return None
        if _root(new.head, fmt.kind) != _root(old.head, fmt.kind):
            return None  # other namespaces declared: the kept items may not read the same
        spans = dict(zip(kept, old.items, strict=True))
        spans.update(spare.get(rel, {}))
        if fresh_prints:
            spans.update(zip(fresh_prints, new.items, strict=True))
        if any(p not in spans for p in prints):
            return None
        cuts.append((rel, fmt, old, new, made, spans))
    files = {rel: new.joined([spans[p] for p in prints]) for rel, _, _, new, _, spans in cuts}
    spared = frozenset(spare[next(iter(spare))]) if spare else frozenset()
    if feed.max_bytes is not None and max(map(len, files.values())) > feed.max_bytes:
        return _within_budget(feed, fingerprint, prints, files, cuts, previous, spared)
    heads = {rel: new for rel, _, _, new, _, _ in cuts}
    whole = any(p in spared for p in prints)
    problems = _validated(feed, previous, files, heads, cuts, whole=whole)
    return FeedOutput(fingerprint, files, problems, tuple(prints))


def _validated(
    feed: Feed,
    previous: FeedOutput,
    files: dict[str, bytes],
    heads: dict[str, Cut],
    cuts: list[tuple[str, FeedFormat, Cut, Cut, bytes, dict[str, bytes]]],
    *,
    whole: bool = False,
) -> tuple[Problem, ...]:
    """What validating each of ``files`` whole finds, each put together from the items'
    bytes with the head and tail of ``heads[rel]``: validated whole only when
    ``_may_skip_validation`` cannot tell it from the changed items' document (and
    always with ``whole``: an item kept spare by an earlier edit is in them, written in
    neither the last document nor the changed items')."""
    from publisher.validate import validate_bytes

    problems: list[Problem] = []
    for rel, fmt, old, new, made, _ in cuts:
        self_url = feed.urls[fmt.kind]
        head = heads[rel]
        if (
            not whole
            and head.head == new.head
            and head.tail == new.tail
            and _may_skip_validation(feed, previous, new, old, files[rel])
            and not validate_bytes(made, name=rel, self_url=self_url).problems
        ):
            continue  # nothing to find: see _may_skip_validation
        problems += validate_bytes(files[rel], name=rel, self_url=self_url).problems
    return tuple(problems)


class _NotSpliced(Exception):
    """A trial document cannot be put together from the items' bytes."""


def _within_budget(
    feed: Feed,
    fingerprint: str,
    prints: Sequence[str],
    whole: dict[str, bytes],
    cuts: list[tuple[str, FeedFormat, Cut, Cut, bytes, dict[str, bytes]]],
    previous: FeedOutput,
    spared: frozenset[str] = frozenset(),
) -> FeedOutput | None:
    """``feed``'s files as ``budget.fit`` makes them (its newest items that fit, and the
    warning), every trial document put together from the items' bytes (``whole``: all
    of them), then validated as ``_validated`` does (``spared``: the items' whose bytes
    an earlier edit kept spare). The items left out are kept spare in turn."""
    from publisher.build.budget import fit

    heads: dict[datetime, list[Cut]] = {}
    # Each trial's documents, with the cuts whose heads and tails they were given, and
    # how many items they hold.
    trials: list[tuple[dict[str, bytes], list[Cut], int]] = [
        (whole, [new for _, _, _, new, _, _ in cuts], len(prints))
    ]

    def render(trial: Feed) -> dict[str, bytes]:
        if trial.items == feed.items and trial.updated == feed.updated:
            return whole
        if not trial.items:
            raise _NotSpliced
        if trial.updated not in heads:  # a trial differs from the feed in its date alone
            one = replace(trial, items=trial.items[:1])
            found = []
            for _, fmt, old, _, _, _ in cuts:
                parts = cut(fmt.render(one), fmt.kind)
                if parts is None or _root(parts.head, fmt.kind) != _root(old.head, fmt.kind):
                    raise _NotSpliced
                found.append(parts)
            heads[trial.updated] = found
        count = len(trial.items)
        files = {
            rel: parts.joined([spans[p] for p in prints[:count]])
            for (rel, _, _, _, _, spans), parts in zip(cuts, heads[trial.updated], strict=True)
        }
        trials.append((files, heads[trial.updated], count))
        return files

    try:
        files, over = fit(feed, render)
    except _NotSpliced:
        return None
    used, count = next((parts, count) for made, parts, count in trials if made is files)
    heads_used = {rel: parts for (rel, *_), parts in zip(cuts, used, strict=True)}
    # The budget's warning is ours, not the validator's: what it found before is the rest.
    found = tuple(p for p in previous.problems if p.rule != RULE)
    problems = _validated(
        feed, replace(previous, problems=found), files, heads_used, cuts,
        whole=any(p in spared for p in prints[:count]),
    )  # fmt: skip
    left_out = prints[count:]
    spare: Spare = {
        rel: (_root(old.head, fmt.kind), {p: spans[p] for p in left_out})
        for rel, fmt, old, _, _, spans in cuts
        if left_out
    }
    return FeedOutput(
        fingerprint, files, ((over,) if over else ()) + problems, tuple(prints), spare
    )


def _root(head: bytes, kind: str) -> bytes:
    """The root element's start tag in a document's head (every namespace an item uses
    is declared there); nothing for JSON."""
    if kind not in _XML_ITEMS:
        return b""
    start = head.find(_ROOTS[kind])
    return head[start : head.find(b">", start) + 1] if start >= 0 else head


def alone(feed: Feed, prints: Sequence[str], previous: FeedOutput) -> Feed:
    """``feed`` holding only the items whose bytes ``previous`` lacks (else its first
    item, so that its documents still show where items go)."""
    kept = _with_bytes(feed, previous)
    items = tuple(a for a, p in zip(feed.items, prints, strict=True) if p not in kept)
    return replace(feed, items=items or feed.items[:1])


def _with_bytes(feed: Feed, previous: FeedOutput) -> frozenset[str]:
    """The items whose bytes ``previous`` holds: its files' newest items, all but those
    its byte budget left out (as many as its first format's document holds), and the
    ones it kept spare (``_usable_spare``)."""
    spare = _usable_spare(feed, previous)
    spared = frozenset(spare[next(iter(spare))]) if spare else frozenset()
    for rel, fmt in feed_files(feed):
        last = previous.files.get(rel)
        parts = cut(last, fmt.kind) if last is not None else None
        if parts is None:
            return frozenset()
        return frozenset(previous.items[: len(parts.items)]) | spared
    return frozenset()


def _usable_spare(feed: Feed, previous: FeedOutput) -> dict[str, dict[str, bytes]]:
    """The items ``previous`` kept spare (left out by its byte budget), by format file:
    none unless every format's are there, for the same items, written under the root
    element of its last file (namespaces declared alike)."""
    if not previous.spare:
        return {}
    usable: dict[str, dict[str, bytes]] = {}
    for rel, fmt in feed_files(feed):
        last, entry = previous.files.get(rel), previous.spare.get(rel)
        if last is None or entry is None or entry[0] != _root(last, fmt.kind):
            return {}
        usable[rel] = entry[1]
    if len({frozenset(items) for items in usable.values()}) != 1:
        return {}
    return usable


def _may_skip_validation(
    feed: Feed, previous: FeedOutput, new: Cut, old: Cut, document: bytes
) -> bool:
    """Whether the validator would find nothing in ``document`` if it finds nothing in
    the document of the changed items alone (``new``, which the caller then validates):
    true when it found nothing in the last document (``previous``, cut as ``old``), both
    have this one's head and tail, and this one's items are each one of theirs.

    Every rule of the validator looks at the document's head and tail, or at one item
    with them, except these, which look at several items and are ruled out here:
    repeated ids (RSS guids, Atom and JSON Feed ids: ours are each article's id),
    Atom's all-entries-one-id, and a podcast's checks over its episodes (podcast feeds
    are always validated whole). Positions (lines, JSON item indexes) only show in
    findings, and the size limit is checked here.
    """
    if previous.problems or feed.podcast is not None or len(document) > DEFAULT_MAX_BYTES:
        return False
    if new.head != old.head or new.tail != old.tail:
        return False
    ids = [article.id.strip() for article in feed.items]
    return len(set(ids)) == len(ids)
