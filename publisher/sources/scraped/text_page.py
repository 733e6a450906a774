"""Plain-text pages scraped from websites -> SourceDoc with a Markdown body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC

from publisher.dates import DateError, parse_date
from publisher.errors import Problem, Severity, SourceError
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions
from publisher.sources.scraped.boilerplate import (
    Block,
    check_patterns,
    ends_sentence,
    is_boilerplate,
    is_chrome,
    is_end_marker,
    is_prose,
    repeated_blocks,
    trim,
)
from publisher.sources.scraped.breadcrumbs import HOME_WORDS, split_breadcrumb
from publisher.sources.scraped.bylines import find_byline, starts_with_byline
from publisher.sources.scraped.markdown_text import (
    clean_text,
    escape_text,
    heading,
    same_text,
    squash,
)
from publisher.sources.scraped.page_dates import find_date, machine_date
from publisher.sources.scraped.page_reader import ScrapedPageReader

_HEADER_LINE = re.compile(r"^(title|date|category|author|link|summary)\s*:\s*(.*)$", re.IGNORECASE)
# Bullet glyphs a copied list keeps; "-", "+" and "*" stay text (escaped), as written.
_BULLET = re.compile(r"^[•▪◦‣·●○■□➢►]\s*(?=\S)")
# "Seoul, South Korea – ..." opens a news paragraph; such a line is never a subtitle.
_DATELINE = re.compile(r"^[^\W\d_][\w .,()/'’-]{1,50}\s[–—]\s")
_INNER_SENTENCE = re.compile(r"[.!?。！？]\s+\S")
_MAX_TITLE = 250
_MAX_SUBTITLE = 200
_MAX_HEADING = 100
_META_ZONE = 5  # units after the title that may hold subtitle, byline and date
_SCREEN = 20  # units in a first screenful: site header, menu, breadcrumb, headline, byline
_MAX_META_LINE = 80  # a date line further down is short: "Published March 3, 2025 | 4 min"


@dataclass(slots=True)
class _Page:
    fields: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class TextReader(ScrapedPageReader):
    """Scraped ``.txt`` pages: breadcrumb, title, subtitle, sections; boilerplate removed."""

    def scrape(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Everything the page yields, without requiring a title or a body."""
        return scrape_text(text, path=path, rel=rel, options=options)


def scrape_text(text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
    """Everything the page yields, without requiring a title or body (``import`` adds them)."""
    bad = check_patterns(options.boilerplate_patterns)
    if bad:
        raise SourceError(bad, path=path)
    lines = clean_text(text).split("\n")
    page = _Page()
    start = _header(lines, page, path)
    extra = tuple(options.boilerplate_patterns)
    units = [u for u in _units(lines, start) if not is_boilerplate(u, extra)]
    while units and is_end_marker(units[0]):
        units.pop(0)  # a "Related" or "Comments" link above the headline
    body = _head(units, page)
    body = _drop_leading_chrome(body)
    body = trim(body, extra)
    markdown = _render(body)
    return SourceDoc(
        path=path,
        rel=rel,
        fields=page.fields,
        body=markdown,
        body_format="markdown",
        body_line=body[0].line if body else len(lines),
        field_lines=page.lines,
        problems=tuple(page.problems),
    )


def _header(lines: list[str], page: _Page, path: str) -> int:
    """Read a ``Key: value`` block at the top; return the index of the first line after it."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    end = first
    found: list[tuple[int, str, str]] = []
    while end < len(lines) and lines[end].strip():
        match = _HEADER_LINE.match(squash(lines[end]))
        if not match:
            return 0
        found.append((end + 1, match.group(1).lower(), match.group(2).strip()))
        end += 1
    for number, key, value in found:
        if not value:
            continue
        if key == "date":
            value = _checked_date(value, number, page, path) or ""
            if not value:
                continue
        page.fields[key] = value
        page.lines[key] = number
    return end if found else 0


def _checked_date(value: str, line: int, page: _Page, path: str) -> str | None:
    candidate = machine_date(value)
    try:
        parse_date(candidate or value, UTC)
    except DateError as exc:
        page.problems.append(
            Problem(path, line, Severity.WARNING, "unreadable-date", f"date ignored: {exc}")
        )
        return None
    return candidate


def _units(lines: list[str], start: int) -> list[Block]:
    """Blank-line separated blocks; each line is a unit unless the block is hard-wrapped."""
    units: list[Block] = []
    block: list[tuple[int, str]] = []
    for number, raw in enumerate([*lines[start:], ""], start=start + 1):
        line = squash(raw)
        if line:
            block.append((number, line))
            continue
        if _hard_wrapped([t for _, t in block]):
            units.append(Block("p", " ".join(t for _, t in block), block[0][0]))
        else:
            for n, t in block:
                bullet = _BULLET.match(t)
                units.append(Block("li", t[bullet.end() :], n) if bullet else Block("p", t, n))
        block = []
    return units


def _hard_wrapped(texts: list[str]) -> bool:
    if len(texts) < 2 or any(_BULLET.match(t) for t in texts):
        return False
    if not all(40 <= len(t) <= 100 for t in texts[:-1]) or len(texts[-1]) > 100:
        return False
    return any(t[0].islower() for t in texts[1:])


def _head(units: list[Block], page: _Page) -> list[Block]:
    """Take site header, breadcrumb, title, subtitle, byline and date off the top.

    The breadcrumb may sit anywhere in the first screenful (below the site's name and
    menu); whatever comes before it is the site's header. Without one, short lines above
    the headline (a site name, menu words) and blocks the page repeats are the header.
    """
    screen = _first_screen(units)
    crumb_at = next(
        (i for i in range(screen) if _is_breadcrumb(units[i].text)),
        None,
    )
    idx, crumb_title = 0, None
    if crumb_at is not None:
        idx = crumb_at + 1
        crumbs = split_breadcrumb(units[crumb_at].text) or []
        following = units[idx].text if idx < len(units) else ""
        if same_text(following, crumbs[-1]) or len(crumbs) >= 3:
            crumb_title, crumbs = crumbs[-1], crumbs[:-1]
        sections = [c for c in crumbs if c.casefold() not in HOME_WORDS]
        if sections and "category" not in page.fields:
            page.fields["category"] = sections[-1]
            page.lines["category"] = units[crumb_at].line
    elif "title" not in page.fields:
        idx = _headline_at(units, screen)
    title = page.fields.get("title") or crumb_title
    crumb_line = units[crumb_at].line if crumb_title and crumb_at is not None else None
    title_line = page.lines.get("title") or crumb_line
    if idx < len(units):
        unit = units[idx]
        if isinstance(title, str) and same_text(unit.text, title):
            idx += 1
            if "title" not in page.fields:
                title, title_line = unit.text, unit.line  # the full line beats a cut crumb
        elif title is None and len(unit.text) <= _MAX_TITLE and not _is_long_prose(unit):
            title, title_line, idx = unit.text, unit.line, idx + 1
    if title is None:
        return units[idx:]
    page.fields["title"] = title
    page.lines["title"] = title_line or 1
    return _meta_zone(units, idx, page, screen)


def _drop_leading_chrome(body: list[Block]) -> list[Block]:
    """Short lines between the headline's block and the first paragraph are the site's.

    A share bar, a font-size button or an image credit sits there in any language; an
    article opens with its lede, not with a line that is no sentence.
    """
    first = next((i for i, unit in enumerate(body[:_SCREEN]) if is_prose(unit)), 0)
    return [u for i, u in enumerate(body) if i >= first or not is_chrome(u)]


def _is_breadcrumb(text: str) -> bool:
    # "By Jo | Staff writer | 3 June 2025" splits like a trail but is a byline.
    return bool(split_breadcrumb(text)) and not find_date(text) and not starts_with_byline(text)


def _first_screen(units: list[Block]) -> int:
    """The index of the first paragraph of article text (the end of the page's head)."""
    limit = min(len(units), _SCREEN)
    return next((i for i in range(limit) if _is_long_prose(units[i])), limit)


def _headline_at(units: list[Block], screen: int) -> int:
    """Where the headline is among the first screenful's short lines (0 when unsure).

    The headline is the last headline-like line above the first byline or date line (a
    deck between them is the subtitle), else the first headline-like line; site names
    and menu words above it are no headline: too short, or repeated further down.
    """
    site = repeated_blocks(units)
    candidates = [
        i
        for i in range(screen)
        if _headline_like(units[i]) and units[i].text.casefold() not in site
    ]
    meta = next((i for i in range(screen) if _meta_of(units[i])), None)
    above = [i for i in candidates if meta is None or i < meta]
    if not above:
        return 0
    if meta is not None and len(above) >= 2 and above[-2] == above[-1] - 1:
        deck, head = units[above[-1]], units[above[-2]]
        if len(deck.text) > len(head.text) and _subtitle_like(deck, units[meta]):
            return above[-2]
    return above[-1] if meta is not None else above[0]


def _headline_like(unit: Block) -> bool:
    text = unit.text
    if unit.kind != "p" or len(text) > _MAX_TITLE or _is_long_prose(unit) or _meta_of(unit):
        return False
    if is_end_marker(unit) or _is_breadcrumb(text):
        return False
    dense = sum(1 for ch in text if ord(ch) >= 0x2E80)  # CJK and Hangul: no spaces needed
    return len(text.split()) >= 3 or dense >= 6


def _is_long_prose(unit: Block) -> bool:
    return is_prose(unit) and len(unit.text) > 160


def _meta_zone(units: list[Block], idx: int, page: _Page, screen: int) -> list[Block]:
    """Subtitle, byline and date lines under the title leave the body.

    They sit right under the title; a date line may also come later in the first
    screenful (after a share bar, an image credit), so it is looked for up to there.
    """
    used: set[int] = set()
    limit = min(len(units) - 1, idx + _META_ZONE)
    for i in range(idx, limit):
        unit = units[i]
        if unit.kind != "p" or len(unit.text) > _MAX_SUBTITLE:
            break
        found = _meta_of(unit)
        if found:
            used.add(i)
            for key, value in found.items():
                if key not in page.fields:
                    page.fields[key], page.lines[key] = value, unit.line
        elif "summary" not in page.fields and not used and _subtitle_like(unit, units[i + 1]):
            page.fields["summary"] = unit.text
            page.lines["summary"] = unit.line
            used.add(i)
        else:
            break
    if "date" not in page.fields:
        for i in range(idx, min(len(units), max(screen, idx) + _META_ZONE)):
            found = _meta_of(units[i]) if units[i].kind == "p" else {}
            if "date" in found and len(units[i].text) <= _MAX_META_LINE:
                used.add(i)
                for key, value in found.items():
                    if key not in page.fields:
                        page.fields[key], page.lines[key] = value, units[i].line
                break
    return [u for i, u in enumerate(units[idx:], start=idx) if i not in used]


def _meta_of(unit: Block) -> dict[str, str]:
    """``date`` and ``author`` from a short dateline/byline such as ``By Jo | 2 June 2025``."""
    if len(unit.text) > 120 or (ends_sentence(unit.text) and len(unit.text) > 60):
        return {}
    found: dict[str, str] = {}
    when = find_date(unit.text)
    if when:
        found["date"] = when
    author = find_byline(unit.text)
    if author:
        found["author"] = author
    return found


def _subtitle_like(unit: Block, after: Block) -> bool:
    """One short sentence that is no dateline; with a closing period, only above a byline.

    A deck rarely ends with a period and a lede nearly always does, so a period counts
    against a subtitle unless a byline or date line follows it.
    """
    text = unit.text
    if _DATELINE.match(text) or _INNER_SENTENCE.search(text.rstrip()) or is_end_marker(unit):
        return False
    return not ends_sentence(text) or bool(_meta_of(after))


def _is_heading(unit: Block, after: Block | None) -> bool:
    """Short, no closing punctuation, starts like a sentence, and a paragraph follows."""
    text = unit.text
    if unit.kind != "p" or after is None or not is_prose(after) or len(text) > _MAX_HEADING:
        return False
    if len(text.split()) > 14 or text[0].islower() or text[0] in "([\"'“‘«-":
        return False
    stripped = text.rstrip("\"'”’»)")
    return bool(stripped) and stripped[-1] not in ".,;:…。、"


def _render(body: list[Block]) -> str:
    out: list[str] = []
    for i, unit in enumerate(body):
        after = body[i + 1] if i + 1 < len(body) else None
        if unit.kind == "li":
            item = "- " + escape_text(unit.text)
            if i and body[i - 1].kind == "li":
                out[-1] += "\n" + item  # consecutive bullets make one list
            else:
                out.append(item)
        elif _is_heading(unit, after):
            out.append(heading(unit.text))
        else:
            out.append(escape_text(unit.text))
    return "\n\n".join(out)
