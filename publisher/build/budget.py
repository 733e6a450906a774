"""A feed's byte budget (``max_feed_bytes``): its oldest items left out until every
format fits, never fewer than the feed's ``min_items``.

Every format keeps the same items (RSS, Atom and JSON Feed subscribers see the same
articles), so the count is the largest that fits in all of them. Sizes grow with the
items but not in proportion (each item's HTML differs), so the count is searched:
the first guess is proportional, then halving, about five renders for a 50-item feed,
and only for a feed over its budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from publisher.errors import Problem, Severity
from publisher.model import Feed

RULE = "feed-over-budget"

Render = Callable[[Feed], dict[str, bytes]]


def fit(feed: Feed, render: Render) -> tuple[dict[str, bytes], Problem | None]:
    """``render(feed)``, or the render of ``feed`` with its oldest items left out so that
    no document is larger than ``feed.max_bytes``, and the warning that says so."""
    files = render(feed)
    budget = feed.max_bytes
    if budget is None or _largest(files) <= budget:
        return files, None
    total = len(feed.items)
    floor = min(feed.min_items, total)
    best: tuple[int, dict[str, bytes]] | None = None
    low, high = floor, total - 1
    guess = max(low, min(high, total * budget // _largest(files)))
    while low <= high:
        count = guess
        trial = render(_newest(feed, count))
        if _largest(trial) <= budget:
            best = (count, trial)
            low = count + 1
        else:
            high = count - 1
        guess = (low + high) // 2
    if best is None:
        kept = render(_newest(feed, floor)) if floor < total else files
        return kept, _warning(feed, files, kept, floor, fits=False)
    return best[1], _warning(feed, files, best[1], best[0], fits=True)


def _newest(feed: Feed, count: int) -> Feed:
    items = feed.items[:count]
    updated = max((a.updated for a in items), default=feed.updated)
    return replace(feed, items=items, updated=updated)


def _largest(files: dict[str, bytes]) -> int:
    return max(len(data) for data in files.values())


def _warning(
    feed: Feed, before: dict[str, bytes], after: dict[str, bytes], kept: int, *, fits: bool
) -> Problem:
    budget = feed.max_bytes or 0
    largest = max(before, key=lambda rel: len(before[rel]))
    dropped = feed.items[kept:]
    what = f"{len(before[largest]):,} bytes with {len(feed.items)} items"
    if dropped:
        newest_left_out = dropped[0]
        when = newest_left_out.published.date().isoformat()
        left_out = (
            f"left out its {len(dropped)} oldest (the newest of them {newest_left_out.title!r}, "
            f"{when}), keeping {kept}"
        )
    else:
        left_out = "left out nothing"
    if fits:
        message = f"{what} is over max_feed_bytes ({budget:,}): {left_out} in every format"
    else:
        size = max(len(data) for data in after.values())
        message = (
            f"{what} is over max_feed_bytes ({budget:,}), and even its newest {kept} take "
            f'{size:,} bytes: {left_out} (the fewest a feed keeps); set content = "summary" '
            "or raise max_feed_bytes"
        )
    # Told once while the feed stays over this budget, whatever the counts of the day.
    return Problem(
        largest, None, Severity.WARNING, RULE, message,
        told_as=f"over max_feed_bytes {budget}" + ("" if fits else " (not met)"),
    )  # fmt: skip
