"""Article metadata from an HTML page: Open Graph, meta tags, JSON-LD, breadcrumbs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC
from typing import Any

from lxml import html as lxml_html

from publisher.dates import DateError, parse_date
from publisher.errors import Problem, Severity
from publisher.limits import check_json
from publisher.sources.scraped.breadcrumbs import HOME_WORDS, split_breadcrumb
from publisher.sources.scraped.bylines import find_byline
from publisher.sources.scraped.markdown_text import same_text, squash
from publisher.sources.scraped.page_dates import find_date, machine_date

_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "techarticle", "scholarlyarticle", "report", "webpage", "posting"}
)  # fmt: skip
# " | Site", " - Site", " – Site", " — Site" at the end of a <title>.
_MAX_META = 1000
_MAX_TITLE = 300
_MAX_TAG = 60
_MAX_TAGS = 20
_ABSOLUTE = re.compile(r"^https?://\S+$")
_SITE_SUFFIX = re.compile(r"^(?P<title>.+)\s[|\-–—·]\s(?P<site>(?:(?!\s[|\-–—·]\s).){1,60})$")


def _text(value: object) -> str | None:
    # Longer than any headline or deck: markup swallowed by an unclosed tag, not metadata.
    if isinstance(value, str) and value.strip() and len(value) <= _MAX_META:
        return squash(value)
    return None


def _metas(root: lxml_html.HtmlElement) -> dict[str, str]:
    """``property``/``name``/``itemprop`` (lowercased) -> the first non-empty content."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = _text(meta.get("content"))
        if content is None:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, content)
    return found


def _json_ld(root: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = script.text or ""
        if check_json(text) is not None:
            continue  # nested past any real JSON-LD: skipped, as broken JSON-LD is
        try:
            data = json.loads(text)
        except ValueError:
            continue  # broken JSON-LD is common and never fatal
        objects.extend(_walk(data, 0))
    return objects


def _walk(data: object, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _walk(data.get("@graph"), depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _names(value: object) -> list[str]:
    """Author-like values: a string, ``{"name": ...}`` or a list of those."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and not name.startswith(("http://", "https://")):
            names.append(name)
    return names


def _urls(value: object) -> list[str]:
    """URLs from a JSON-LD value: a string, ``{"@id"|"url": ...}`` or a list of those."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("url") or item.get("@id") or item.get("contentUrl")
        url = _text(item)
        if url:
            found.append(url)
    return found


def _tags(metas: dict[str, str], root: lxml_html.HtmlElement, article: dict[str, Any]) -> list[str]:
    """Tags from every ``article:tag``, else JSON-LD ``keywords``, else ``<meta keywords>``."""
    found: list[str | None] = [
        _text(m.get("content"))
        for m in root.iter("meta")
        if (m.get("property") or m.get("name") or "").strip().lower() == "article:tag"
    ]
    keywords = article.get("keywords")
    if not any(found) and isinstance(keywords, list):
        found = [_text(k) for k in keywords]
    elif not any(found) and isinstance(keywords, str):
        found = list(keywords.split(","))
    if not any(found):
        found = list((metas.get("keywords") or metas.get("news_keywords") or "").split(","))
    tags: list[str] = []
    for tag in found:
        tag = squash(tag or "")
        if tag and len(tag) <= _MAX_TAG and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags[:_MAX_TAGS]


def _first_text(root: lxml_html.HtmlElement, tag: str) -> str | None:
    for el in root.iter(tag):
        text = _text(el.text_content())
        if text:
            return text
    return None


def strip_site(title: str, site: str | None) -> str:
    """``Headline | Site`` -> ``Headline``; with a known site name only that suffix goes."""
    match = _SITE_SUFFIX.match(title)
    if not match:
        return title
    if site and not same_text(match["site"], site):
        return title
    return match["title"]


def _position(item: dict[str, Any]) -> int:
    position = item.get("position")
    return position if isinstance(position, int) else 0


def _item_name(item: object) -> str | None:
    return _text(item.get("name")) if isinstance(item, dict) else None


def _crumbs(root: lxml_html.HtmlElement, ld: list[dict[str, Any]]) -> list[str]:
    for obj in ld:
        if "breadcrumblist" in _types(obj) and isinstance(obj.get("itemListElement"), list):
            items = [i for i in obj["itemListElement"] if isinstance(i, dict)]
            items.sort(key=_position)
            names = [_text(i.get("name")) or _item_name(i.get("item")) for i in items]
            return [n for n in names if n]
    for el in root.iter():
        marks = " ".join(el.get(a) or "" for a in ("class", "id", "aria-label")).lower()
        if isinstance(el.tag, str) and _CRUMB_MARKS.search(marks):
            parts = [_text(li.text_content()) for li in el.iter("li")]
            if not any(parts):
                parts = [_text(a.text_content()) for a in el.iter("a")]
            return [p for p in parts if p]
    return _written_crumbs(root)


def _written_crumbs(root: lxml_html.HtmlElement) -> list[str]:
    """A trail of links above the headline, written with arrows (``Home » News``).

    Bars are left out: ``Home | News | Sport`` is a menu as often as a trail.
    """
    for el in root.iter():
        if el.tag == "h1":
            break
        if el.tag not in _CRUMB_TAGS:
            continue
        links = sum(1 for _ in el.iter("a"))
        text = _text(el.text_content()) if 2 <= links <= 8 else None
        if not text or len(text) > 200 or "|" in text or find_date(text):
            continue
        crumbs = split_breadcrumb(text)
        if crumbs:
            return crumbs
    return []


_CRUMB_TAGS = frozenset({"div", "p", "nav", "span", "ol", "ul"})


def read_meta(
    root: lxml_html.HtmlElement, content: lxml_html.HtmlElement, path: str
) -> tuple[dict[str, str], list[Problem]]:
    """The page's fields and any warnings.

    Fields: title, date, category, author, link, summary, image, and tags (joined by
    ``", "``, since fields are strings; ``import`` writes them as a list).
    """
    metas = _metas(root)
    ld = _json_ld(root)
    article = next((o for o in ld if _types(o) & _ARTICLE_TYPES and o.get("headline")), None)
    article = article or next((o for o in ld if _types(o) & _ARTICLE_TYPES), {})
    site = metas.get("og:site_name") or next(iter(_names(article.get("publisher"))), None)
    fields: dict[str, str] = {}
    title_tag = _first_text(root, "title")
    og_title = metas.get("og:title")
    titles = (
        og_title and strip_site(og_title, site or "\x00"),  # no site name: keep it whole
        _first_text(content, "h1") or _first_text(root, "h1"),
        _text(article.get("headline")),
        metas.get("twitter:title"),
        title_tag and strip_site(title_tag, site),
    )
    _put(fields, "title", *[t for t in titles if t and len(t) <= _MAX_TITLE])
    problems = _date(fields, metas, content, root, article, path)
    section = article.get("articleSection")
    section = section[0] if isinstance(section, list) and section else section
    crumbs = [c for c in _crumbs(root, ld) if c.casefold() not in HOME_WORDS]
    if crumbs and fields.get("title") and same_text(crumbs[-1], fields["title"]):
        crumbs.pop()
    _put(fields, "category", metas.get("article:section"), _text(section), *crumbs[-1:])
    by = metas.get("author") or metas.get("article:author")
    _put(
        fields,
        "author",
        by if by and "://" not in by else None,
        ", ".join(_names(article.get("author"))),
        *[find_byline(t) for t in _head_texts(content, root)],
    )
    rels = [(ln.get("rel") or "").lower().split() for ln in root.iter("link")]
    canonical = [
        ln.get("href")
        for ln, rel in zip(root.iter("link"), rels, strict=True)
        if "canonical" in rel
    ]
    links = [*canonical, metas.get("og:url"), *_urls(article.get("mainEntityOfPage"))]
    links += _urls(article.get("url"))
    _put(fields, "link", *[u.strip() for u in links if u and _ABSOLUTE.match(u.strip())])
    images = [metas.get("og:image"), metas.get("og:image:url"), metas.get("twitter:image")]
    images += _urls(article.get("image"))
    _put(fields, "image", *[u.strip() for u in images if u and _ABSOLUTE.match(u.strip())])
    tags = _tags(metas, root, article)
    if tags:
        fields["tags"] = ", ".join(tags)
    _put(
        fields,
        "summary",
        metas.get("og:description"),
        metas.get("description"),
        metas.get("twitter:description"),
        _text(article.get("description")),
    )
    return fields, problems


def _date(
    fields: dict[str, str],
    metas: dict[str, str],
    content: lxml_html.HtmlElement,
    root: lxml_html.HtmlElement,
    article: dict[str, Any],
    path: str,
) -> list[Problem]:
    """The first readable publication date; a warning when there were only unreadable ones."""
    dates = [metas.get(k) for k in ("article:published_time", "datepublished", "date", "pubdate")]
    dates += [el.get("datetime") for el in (*content.iter("time"), *root.iter("time"))]
    dates.append(_text(article.get("datePublished")))
    bad = None
    for candidate in filter(None, dates):
        value = machine_date(candidate) or candidate
        try:
            parse_date(value, UTC)
        except DateError as exc:
            bad = bad or str(exc)
            continue
        fields["date"] = value
        return []
    written = _written_date(content, root)
    if written:
        fields["date"] = written
        return []
    if bad is None:
        return []
    return [Problem(path, None, Severity.WARNING, "unreadable-date", f"date ignored: {bad}")]


def _written_date(content: lxml_html.HtmlElement, root: lxml_html.HtmlElement) -> str | None:
    """A date as people write it, in a short dateline (see ``_head_texts``)."""
    return next(filter(None, (find_date(t) for t in _head_texts(content, root))), None)


def _head_texts(content: lxml_html.HtmlElement, root: lxml_html.HtmlElement) -> Iterator[str]:
    """Short texts where a dateline or byline sits, most likely first, in any language.

    Elements whose class or id says date, time, byline, author, info or meta; then the
    short blocks just above the article (nearest first: its headline block, not the
    site's header); then short blocks atop the article, until its first long paragraph.
    """
    marked = 0
    for el in (*content.iter(), *root.iter()):
        if isinstance(el.tag, str) and el.tag not in ("script", "style", "head", "title"):
            marks = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
            if not _DATE_MARKS.search(marks):
                continue
            marked += 1
            if marked > _MAX_MARKED:
                break  # a page marking everything "meta" marks nothing
            text = _text(el.text_content())
            if text and len(text) <= _MAX_DATELINE:
                yield text
    above = []
    for el in root.iter(_LEAVES):
        if el is content or content in el.iterancestors():
            break
        if not any(True for _ in el.iterchildren(_LEAVES)):
            above.append(el)
    for el in reversed(above[-_ABOVE:]):
        text = _text(el.text_content())
        if text and len(text) <= _MAX_DATELINE:
            yield text
    for el in content.iter(_LEAVES):
        text = _text(el.text_content())
        if not text:
            continue
        if el.tag == "p" and len(text) > 160:
            return  # the article has started: dates in its text are events, not its date
        if len(text) <= _MAX_DATELINE:
            yield text


_LEAVES = ("p", "div", "span", "li", "small", "time", "address")
_MAX_MARKED = 40
_ABOVE = 12  # blocks above the article that may still be its head
_CRUMB_MARKS = re.compile(r"crumb|location|navpath|path-nav")
_DATE_MARKS = re.compile(
    r"date|time|byline|author|writer|posted|published|meta|info|dateline|fecha|datum"
)
_MAX_DATELINE = 120


def _put(fields: dict[str, str], key: str, *candidates: str | None) -> None:
    value = next((c for c in candidates if c), None)
    if value:
        fields[key] = value
