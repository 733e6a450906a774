"""A Hugo page's link, as Hugo forms it.

Learnt from Hugo's code (gohugoio/hugo): a content file's path is parsed into folders,
a base name and identifiers (``common/paths/pathparser.go``: the extension, a configured
language as in ``post.fr.md``; a bundle is named by its folder); the page's link is its
folders and base name (``resources/page/page_paths.go`` ``CreateTargetPaths``: the
``slug`` replaces the base name), or the pattern of the first ``[permalinks]`` rule
whose target matches it, expanded token by token (``resources/page/permalinks.go``) and
query-unescaped and cleaned (``hugolib/page__paths.go``); every element is then
sanitized (``MakePathSanitized``) and the link escaped. ``uglyURLs`` end it in
``.html``; ``defaultContentLanguageInSubdir`` puts the language in front.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote_plus

from publisher.generators.hugo_dates import go_format, is_go_layout
from publisher.generators.hugo_urls import PathRules, go_lower, link_escape


class PermalinkError(ValueError):
    """A ``[permalinks]`` pattern Hugo would refuse (the message says why)."""


# --- content paths ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContentPath:
    """A content file's path as Hugo's path parser sees it (relative to its content root)."""

    folders: tuple[str, ...]  # as written
    name: str  # the base name without identifiers ("index" for a leaf bundle's index)
    language: str  # the language identifier in its name ("" for none)

    @property
    def is_leaf_index(self) -> bool:
        return self.name == "index"

    @property
    def is_branch_index(self) -> bool:
        return self.name == "_index"

    @property
    def base_name(self) -> str:
        """``BaseNameNoIdentifier``: a bundle is named by its folder."""
        if self.is_leaf_index and self.folders:
            return self.folders[-1]
        return self.name

    @property
    def container(self) -> tuple[str, ...]:
        """``ContainerDir``'s folders: a leaf bundle's parent, a page's own folder."""
        return self.folders[:-1] if self.is_leaf_index and self.folders else self.folders

    @property
    def section(self) -> str:
        """``Section``: the first folder; none for a page or bundle at the top."""
        if len(self.folders) <= (1 if self.is_leaf_index else 0):
            return ""
        return self.folders[0]

    def matched_path(self) -> str:
        """The path page matchers (permalinks, cascade targets) compare: lowercase,
        spaces as hyphens, no extension, a bundle by its folder."""
        parts = [*self.container, self.base_name] if self.base_name else list(self.container)
        return "/" + go_lower("/".join(parts)).replace(" ", "-")


def parse_content_path(rel: str, languages: frozenset[str]) -> ContentPath:
    """``rel`` (``/``-separated, inside the content root) as Hugo parses it: the last dot
    part is the extension; the first of the others from the end that is a configured
    language is the language; what is before it is the name."""
    folders, _, file = rel.rpartition("/")
    parts = file.split(".")
    name_end = len(parts) - 1 if len(parts) > 1 else len(parts)
    language = ""
    for index in range(len(parts) - 2, 0, -1):
        if parts[index].lower() in languages:
            language, name_end = parts[index].lower(), index
            break
    return ContentPath(
        tuple(f for f in folders.split("/") if f), ".".join(parts[:name_end]), language
    )


# --- globs (gobwas/glob with '/' as the separator, as Hugo's page matchers use it) ------


@functools.lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A Hugo path glob (``/blog/**``, ``/{posts,posts/**}``, ``*.md``) as a regex."""
    return re.compile(_glob_body(pattern) + r"\Z")


def _glob_body(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{":
            end, options = _alternatives(pattern, index)
            out.append("(?:" + "|".join(_glob_body(o) for o in options) + ")")
            index = end
            continue
        elif char == "[":
            end = pattern.find("]", index + 2)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : end]
                negate = body.startswith("!")
                body = re.escape(body[1:] if negate else body).replace("\\-", "-")
                out.append(f"[{'^' if negate else ''}{body}]")
                index = end + 1
                continue
        elif char == "\\" and index + 1 < len(pattern):
            out.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def _alternatives(pattern: str, start: int) -> tuple[int, list[str]]:
    depth = 0
    options: list[str] = []
    current: list[str] = []
    for index in range(start + 1, len(pattern)):
        char = pattern[index]
        if char == "{":
            depth += 1
        elif char == "}" and depth == 0:
            return index + 1, [*options, "".join(current)]
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            options.append("".join(current))
            current = []
            continue
        current.append(char)
    return len(pattern), [pattern[start:]]


# --- permalinks ---------------------------------------------------------------------------

_ATTRIBUTE = re.compile(r":[0-9A-Za-z_]+(?:\[.+?\])?")
_ESCAPED_COLON = "\x00"
_KNOWN = frozenset(
    {"year", "month", "monthname", "day", "weekday", "weekdayname", "yearday", "section"}
    | {"sectionslug", "sections", "sectionslugs", "title", "slug", "slugorfilename"}
    | {"filename", "contentbasename", "slugorcontentbasename"}
)


@dataclass(frozen=True, slots=True)
class Permalink:
    """One ``[permalinks]`` rule for pages: the paths it matches and its pattern."""

    target: str  # a glob over ``ContentPath.matched_path``
    pattern: str

    def matches(self, path: str) -> bool:
        return bool(glob_regex(self.target).match(path))


def section_target(section: str) -> str:
    """The glob Hugo gives ``[permalinks]``'s key ``section`` (``sectionToPathGlob``)."""
    section = section.strip(" /")
    return "/*" if not section else "/{" + section + "," + section + "/**}"


def check_pattern(pattern: str) -> None:
    """Refuse a pattern whose tokens Hugo does not know (it refuses to build)."""
    for match in _ATTRIBUTE.finditer(pattern.replace("\\:", _ESCAPED_COLON)):
        attribute = match.group()[1:]
        name = attribute.partition("[")[0]
        if name in _KNOWN or name in ("sections", "sectionslugs"):
            continue
        if "[" not in attribute and is_go_layout(attribute):
            continue
        raise PermalinkError(f"permalink attribute {match.group()!r} not recognised")


@dataclass(frozen=True, slots=True)
class HugoPage:
    """What a page's link is made of."""

    path: ContentPath
    title: str  # as Hugo has it ('' when the front matter has none)
    slug: str  # the front matter's ``slug`` ('' when none)
    date: datetime
    # The current section and its ancestors, outermost first: (folder, slug or title).
    sections: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class LinkRules:
    """The site's settings that shape a page's link."""

    paths: PathRules = field(default_factory=PathRules)
    permalinks: tuple[Permalink, ...] = ()
    ugly_urls: bool = False
    ugly_sections: frozenset[str] = frozenset()  # ``uglyURLs`` as a table of sections
    language_prefix: str = ""  # the default language's folder in links ('' for none)

    def link(self, page: HugoPage) -> str:
        """The page's link below the base URL, without its leading ``/`` (``posts/x/``)."""
        expanded = ""
        matched = page.path.matched_path()
        for rule in self.permalinks:
            if rule.matches(matched):
                expanded = self.expand(rule.pattern, page)
                break
        if expanded:
            expanded = go_clean(unquote_plus(expanded))
            elements = [expanded] if expanded not in (".", "/") else []
        else:
            # The path's folders and name are normalized first (lowercase, each space a
            # hyphen) unless the site keeps their case; a slug is taken as written.
            folders = [self._normalized(f) for f in page.path.container]
            elements = [*folders, page.slug or self._normalized(page.path.base_name)]
        elements = [self.paths.make_path_sanitized(e) for e in elements if e not in ("", "/")]
        link = _join(elements)
        section = go_lower(page.path.section).replace(" ", "-")
        if self.ugly_urls or section in self.ugly_sections:
            link = (link.rstrip("/") or "/index") + ".html"
        else:
            link = link.rstrip("/") + "/"
        if self.language_prefix:
            link = "/" + self.language_prefix + link
        return link_escape(link).lstrip("/")

    def _normalized(self, element: str) -> str:
        return go_lower(element).replace(" ", "-") if self.paths.to_lower else element

    def expand(self, pattern: str, page: HugoPage) -> str:
        """``pattern``'s tokens replaced by the page's values (``ExpandPattern``)."""
        escaped = pattern.replace("\\:", _ESCAPED_COLON)

        def replace(match: re.Match[str]) -> str:
            return self._attribute(match.group()[1:], page)

        return _ATTRIBUTE.sub(replace, escaped).replace(_ESCAPED_COLON, ":")

    def _attribute(self, attribute: str, page: HugoPage) -> str:
        urlize = self.paths.urlize
        name, bracket, cut = attribute.partition("[")
        date = page.date
        if not bracket:
            values: dict[str, Callable[[], str]] = {
                "year": lambda: str(date.year),
                "month": lambda: f"{date.month:02d}",
                "monthname": lambda: go_format(date, "January"),
                "day": lambda: f"{date.day:02d}",
                "weekday": lambda: str((date.weekday() + 1) % 7),
                "weekdayname": lambda: go_format(date, "Monday"),
                "yearday": lambda: str(date.timetuple().tm_yday),
                "section": lambda: go_lower(page.path.section).replace(" ", "-"),
                "sectionslug": lambda: urlize(page.sections[0][1]) if page.sections else "",
                "sections": lambda: "/".join(s for s, _ in page.sections),
                "sectionslugs": lambda: "/".join(urlize(t) for _, t in page.sections),
                "title": lambda: urlize(page.title),
                "slug": lambda: urlize(page.slug or page.title),
                "slugorfilename": lambda: urlize(page.slug or "") or _filename(page, urlize),
                "filename": lambda: _filename(page, urlize),
                "contentbasename": lambda: urlize(page.path.base_name),
                "slugorcontentbasename": lambda: urlize(page.slug or page.path.base_name),
            }
            if name in values:
                return values[name]()
            if is_go_layout(name):
                return go_format(date, name)
            raise PermalinkError(f"permalink attribute ':{attribute}' not recognised")
        entries: Sequence[str]
        if name == "sections":
            entries = [s for s, _ in page.sections]
        elif name == "sectionslugs":
            entries = [urlize(t) for _, t in page.sections]
        else:
            raise PermalinkError(f"permalink attribute ':{attribute}' not recognised")
        return "/".join(slice_entries(list(entries), "[" + cut))


def _filename(page: HugoPage, urlize: Callable[[str], str]) -> str:
    """``:filename``: the file's name without identifiers, a bundle's folder name."""
    name = page.path.name
    if name == "index":
        name = page.path.folders[-1] if page.path.folders else ""
    elif name == "_index":
        return ""
    return urlize(name)


def go_clean(path: str) -> str:
    """Go's ``path.Clean``: one slash between elements, ``.`` and ``..`` resolved, no
    trailing slash; ``.`` for nothing."""
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append(part)
            continue
        parts.append(part)
    cleaned = ("/" if rooted else "") + "/".join(parts)
    return cleaned or "."


def _join(elements: list[str]) -> str:
    """``pagePathBuilder.Path``: each element after a ``/`` unless one is there."""
    out: list[str] = []
    trailing = False
    for element in elements:
        if not trailing and not element.startswith("/"):
            out.append("/")
        trailing = element.endswith("/")
        out.append(element)
    return "".join(out) or "/"


def slice_entries(entries: list[str], cut: str) -> list[str]:
    """Hugo's ``toSliceFunc``: ``[2]``, ``[1:3]``, ``[:last]``, ``[last]`` of ``entries``,
    lenient out of range."""
    cut = cut.strip().lower()
    if not cut:
        return entries
    if len(cut) < 3 or cut[0] != "[" or cut[-1] != "]":
        return []
    inner = cut[1:-1]

    def index(text: str, low: bool) -> int:
        if text == "":
            return 0 if low else len(entries)
        if text == "last":
            return len(entries) - 1
        try:
            number = max(int(text), 0)
        except ValueError:
            number = 0
        if number >= len(entries):
            return -1 if low else len(entries)
        return number

    if not entries:
        return []
    if ":" not in inner:
        at = index(inner, True)
        return [] if at < 0 or not entries[at] else [entries[at]]
    low_text, _, high_text = inner.partition(":")
    low, high = index(low_text, True), index(high_text, False)
    if low < 0 or high < 0:
        return []
    return entries[low:high]
