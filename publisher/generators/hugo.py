"""Hugo: its config, its content layout, page bundles, links, sections and shortcodes.

Hugo's rules live in its own modules: ``hugo_config.py`` (finding and reading its config,
the ``[generator_options]`` table), ``hugo_links.py`` (a page's link), ``hugo_urls.py`` (urlize and
path escaping), ``hugo_dates.py`` (dates as it reads them).
"""

from __future__ import annotations

import functools
import html
import json
import re
import shlex
from collections.abc import Mapping, MutableMapping
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from publisher.dates import EARLIEST, DateError, parse_date
from publisher.generators import markdown_settings, site_config
from publisher.generators.base import (
    FrontMatterRules,
    Layout,
    SiteFacts,
    SiteFiles,
    SiteGenerator,
    SiteLanguage,
    TemplateRun,
    TemplateSite,
    TemplateWarning,
)
from publisher.generators.crossref import clean_target, relative_source, search_source
from publisher.generators.fields import ALIASES
from publisher.generators.hugo_config import HugoSettings, read_site, settings
from publisher.generators.hugo_dates import cast_date
from publisher.generators.hugo_layouts import HugoRules, fill, read_rules
from publisher.generators.hugo_links import ContentPath, HugoPage, glob_regex, parse_content_path
from publisher.generators.hugo_order import hugo_weight, order_key
from publisher.generators.templating import Expander, code_regions, embed_link, fenced
from publisher.model import SourceDoc
from publisher.render.settings import GENERATED_HTML, default_settings

if TYPE_CHECKING:
    from publisher.render.renderer import Engine

# A page without a date: Hugo's zero date is the year 1, which readers misread as 2001;
# it gets the earliest date every reader reads alike (docs/migrating/hugo.md).
HUGO_NO_DATE = EARLIEST.isoformat()
# Content files Hugo reads as pages (of those publisher reads).
_CONTENT_SUFFIXES = ("md", "markdown", "html", "htm")
# The fields Hugo's cascade may set on the pages below a section that decide whether a
# page is listed at all (``hugolib/page__meta.go``).
_CASCADED = frozenset(
    {"draft", "build", "_build", "headless", "expirydate", "unpublishdate", "publishdate"}
    | {"pubdate", "published", "date"}
)
_ENVIRONMENT = "production"


class Hugo(SiteGenerator):
    """Hugo: pages at their paths (or ``[permalinks]``), page bundles, ``_index.md``
    section pages and their ``cascade``, translations, shortcodes."""

    name = "hugo"
    title = "Hugo"
    config_files = (
        "hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
        "config.toml", "config.yaml", "config.yml", "config.json", "config/_default",
    )  # fmt: skip
    layout = Layout(
        "content",
        "{base_url}/{path}",
        "Hugo: every page under content/, its link its path (folders and file or\n"
        "# bundle name) or its section's permalinks below; _index.md section pages,\n"
        "# drafts, headless, expired and `build: {list: never}` pages are never published.",
    )
    front_matter = FrontMatterRules(
        kinds=frozenset({"yaml", "toml", "json"}),
        after_blank=True,
        optional=True,
        closed_by_prefix=True,
    )
    keys_ignore_case = True
    page_templates = ("_content.gotmpl",)

    def __init__(self, site: HugoSettings | None = None) -> None:
        self.site = site or HugoSettings()

    # The site ---------------------------------------------------------------------------

    def check_options(self, options: Mapping[str, object]) -> None:
        settings(options)

    def configured(self, options: Mapping[str, object]) -> Hugo:
        if not options:
            return self
        return _configured(json.dumps(options, sort_keys=True, default=str))

    # Hugo's automatic summary: the first summaryLength (70) words, in whole blocks.
    summary_words = 70

    def read_site_facts(self, root: Path) -> SiteFacts:
        site = read_site(root)
        content_dir, languages = site.content_dir, tuple[SiteLanguage, ...]()
        if len(site.built_languages) > 1:
            content_dir, folders = site.language_folders()
            languages = tuple(
                SiteLanguage(
                    code,
                    site.language_text(code, "title"),
                    site.language_text(code, "params", "description"),
                    folders[code],
                    site.language_tag(code),
                    site.language_base_url(code) if code != site.language else "",
                )
                for code in site.built_languages
            )
        return SiteFacts(
            title=site.title,
            base_url=site.base_url,
            timezone=site.timezone,
            content_dir=content_dir,
            languages=languages,
            language=site.language if languages else "",
            article_url=self.layout.article_url,
            feed_limit=site.feed_limit,
            options=site.options(),
            summary_words=_words(site.config.get("summarylength")),
            markdown=markdown_settings.hugo(site.config),
        )

    def run_page_template(
        self,
        site_root: Path,
        content_dir: Path,
        rel: str,
        language_folders: tuple[str, ...],
        ids: Mapping[str, str],
    ) -> TemplateRun:
        """A content adapter, run as Hugo runs it (``hugo_adapters``)."""
        from publisher.generators.hugo_adapters import run_adapter

        return run_adapter(
            site_root, content_dir, rel, urlize=self.urlize,
            language_folders=language_folders, ids=ids,
        )  # fmt: skip

    # A source's file --------------------------------------------------------------------

    def content_path(self, rel: str) -> ContentPath:
        return parse_content_path(rel, self.site.languages)

    def is_page(self, rel: str, files: SiteFiles, rules: object = None) -> bool:
        """No article: a leaf bundle's resource (a file inside a folder with an
        ``index.md`` other than that index), a file ``ignoreFiles`` names (its patterns search
        the file's absolute path, as Hugo's do)."""
        path = self.content_path(rel)
        if self.site.ignore_files:
            where = files.disk_path(rel)
            if any(p.search(where) for p in self.site.ignore_files):
                return True
        folders = rel.split("/")[:-1]
        for depth in range(len(folders), 0, -1):
            folder = "/".join(folders[:depth])
            if self._has_leaf_index(folder, files):
                return not (depth == len(folders) and path.is_leaf_index)
        return False

    def _has_leaf_index(self, folder: str, files: SiteFiles) -> bool:
        names = [f"index.{suffix}" for suffix in _CONTENT_SUFFIXES[:3]]
        names += [f"index.{language}.md" for language in sorted(self.site.languages)]
        return any(files.is_file(f"{folder}/{name}") for name in names)

    def path_language(self, rel: str) -> str:
        """The language in a file's name (``index.fr.md``); a site with one language
        publishes only its own (``normalize`` leaves the others out)."""
        return self.content_path(rel).language

    def translation_key(self, doc: SourceDoc, slug: str) -> tuple[str, bool]:
        """``translationKey``, else the page's path without its language: Hugo links
        ``post.md`` and ``post.fr.md``, and ``en/post.md`` and ``fr/post.md`` across
        content folders."""
        key, declared = super().translation_key(doc, slug)
        if key:
            return key, declared
        path = self.content_path(doc.rel)
        return "/".join((*path.container, path.base_name)), False

    def file_stem(self, rel: str) -> str:
        """Bundles are named by their folder; a translation's language is no part of it."""
        return self.content_path(rel).base_name or PurePosixPath(rel).stem

    # Its fields -------------------------------------------------------------------------

    def own_fields(self, doc: SourceDoc, files: SiteFiles) -> SourceDoc:
        """Keys lowercased (Hugo's are case-insensitive; the first spelling wins), and
        what the ``cascade`` of the ``_index.md`` above it gives the page."""
        fields: dict[str, object] = {}
        lines: dict[str, int] = {}
        for key, value in doc.fields.items():
            lower = key.lower()
            if lower not in fields:
                fields[lower] = value
                if key in doc.field_lines:
                    lines[lower] = doc.field_lines[key]
        for key, value in self._cascade(doc.rel, files).items():
            fields.setdefault(key, value)
        return replace(doc, fields=fields, field_lines=lines)

    def _cascade(self, rel: str, files: SiteFiles) -> dict[str, object]:
        """The values ``cascade`` blocks of the section pages above ``rel`` give it, the
        nearest section's first."""
        found: dict[str, object] = {}
        path = self.content_path(rel)
        if path.is_branch_index:
            return found
        matched = path.matched_path()
        folders = rel.split("/")[:-1]
        for depth in range(len(folders), -1, -1):
            for entry in _cascade_entries(files, "/".join([*folders[:depth], "_index.md"])):
                if _targets(entry, matched, path.language or self.site.language):
                    for key, value in entry.items():
                        if key in _CASCADED:
                            found.setdefault(key, value)
        return found

    def untitled(self, rel: str) -> str:
        """Hugo titles such a page '' (its feeds show an empty title); the file name
        reads better and finds the item again."""
        return self.file_stem(rel).replace("-", " ").strip() or "Untitled"

    def prefill(self, fields: MutableMapping[str, object], rel: str) -> None:
        """Hugo publishes pages without a date too: its zero date stands in."""
        dates = (*ALIASES["date"], *ALIASES["updated"], "published")
        if all(fields.get(n) in (None, "") or isinstance(fields.get(n), bool) for n in dates):
            fields["date"] = HUGO_NO_DATE

    def fallback_date(self, fields: MutableMapping[str, object], rel: str) -> object:
        return fields.get("updated")  # Hugo's date falls back on lastmod

    @property
    def orders_pages(self) -> bool:
        return self.site.hugo_order

    def page_order(self, doc: SourceDoc, published: datetime) -> bytes | None:
        """Hugo's default order (``pageOrder = "hugo"``): weight, date, link title, path."""
        if not self.site.hugo_order:
            return None
        title = doc.fields.get("linktitle") or doc.fields.get("title")
        shown = "" if title is None or isinstance(title, bool | dict | list) else str(title)
        weight = hugo_weight(doc.fields.get("weight"))
        return order_key(weight, published, shown, doc.rel)

    def read_date(self, value: object, tz: tzinfo) -> datetime:
        """publisher's own reading, else what spf13/cast reads (Hugo's dates): Go layouts,
        one-digit hours, RFC 1123; checked as publisher's own dates are."""
        try:
            return parse_date(value, tz)
        except DateError:
            found = cast_date(value.strip(), tz) if isinstance(value, str) else None
            if found is None:
                raise
            return parse_date(found, tz)

    def urlize(self, text: str) -> str:
        return self.site.links.paths.urlize(text)

    def default_categories(self, rel: str) -> list[str]:
        """The section, if the source is in one."""
        found = self.content_path(rel).section
        return [found] if found else []

    def url_section(self, section: str) -> str:
        return section.lower()

    def link_path(self, doc: SourceDoc, when: datetime, files: SiteFiles) -> str:
        """The whole path Hugo links the page at (``posts/my-trip/``)."""
        path = self.content_path(doc.rel)
        title = doc.fields.get("title")
        slug = doc.fields.get("slug")
        page = HugoPage(
            path=path,
            title=str(title) if isinstance(title, str | int | float) else "",
            slug=str(slug).strip() if isinstance(slug, str | int | float) else "",
            date=when,
            sections=self._sections(path, files),
        )
        return self.site.links.link(page)

    def _sections(self, path: ContentPath, files: SiteFiles) -> tuple[tuple[str, str], ...]:
        """The page's section and the sections around it, outermost first: the first
        folder, and each folder below it with an ``_index.md`` (name, slug or title)."""
        folders = path.container
        found: list[tuple[str, str]] = []
        for depth in range(1, len(folders) + 1):
            index = "/".join([*folders[:depth], "_index.md"])
            if depth > 1 and not files.is_file(index):
                continue
            doc = files.read(index) if files.is_file(index) else None
            fields = {k.lower(): v for k, v in doc.fields.items()} if doc else {}
            named = fields.get("slug") or fields.get("title") or folders[depth - 1]
            found.append((folders[depth - 1], str(named)))
        return tuple(found)

    # Its body ---------------------------------------------------------------------------

    def site_rules(self, root: Path, content_dir: Path) -> object:
        """The site's plain-HTML shortcode templates (``hugo_layouts``)."""
        return read_rules(root)

    def expand(self, body: str, site: TemplateSite) -> tuple[str, list[TemplateWarning]]:
        """Shortcodes rendered as Hugo would; ``{{</* x */>}}`` shows ``{{< x >}}``."""
        if "{{" not in body:
            return body, []
        return _Shortcodes(body, site).expand()

    def find_source(self, target: str, from_rel: str, files: SiteFiles) -> str | None:
        """As a path (see the base class), else a bare name anywhere."""
        found = relative_source(target, from_rel, files)
        cleaned = clean_target(target)
        if found or cleaned is None or "/" in cleaned.strip("/"):
            return found
        return search_source(files, PurePosixPath(cleaned).stem)


HUGO = Hugo()


@functools.lru_cache(maxsize=16)
def _configured(options: str) -> Hugo:
    return Hugo(settings(json.loads(options)))


def _cascade_entries(files: SiteFiles, index: str) -> list[dict[str, object]]:
    """The ``cascade`` blocks of the section page ``index`` (none when it has none)."""
    if not files.is_file(index):
        return []
    doc = files.read(index)
    if doc is None:
        return []
    raw = next((v for k, v in doc.fields.items() if k.lower() == "cascade"), None)
    entries = raw if isinstance(raw, list) else [raw]
    return [{str(k).lower(): v for k, v in e.items()} for e in entries if isinstance(e, dict)]


def _targets(entry: Mapping[str, object], path: str, language: str) -> bool:
    """Whether a cascade block's ``target`` (or ``_target``) takes in a page at ``path``."""
    target = entry.get("target", entry.get("_target"))
    if not isinstance(target, dict):
        return True
    target = {str(k).lower(): v for k, v in target.items()}
    checks = (("kind", "page"), ("path", path), ("environment", _ENVIRONMENT),
              ("lang", language))  # fmt: skip
    for key, value in checks:
        pattern = target.get(key)
        if isinstance(pattern, str) and pattern and not glob_regex(pattern.lower()).match(value):
            return False
    return True


def _words(value: object) -> int:
    """summaryLength, when the site sets one other than Hugo's 70."""
    count = site_config.feed_limit(value) or 0
    return 0 if count == Hugo.summary_words else count


class _Shortcodes(Expander):
    # Hugo runs a shortcode wherever it stands, in Markdown code too: authors show one in
    # code as {{</* x */>}}.
    code_protects = False

    def expand(self) -> tuple[str, list[TemplateWarning]]:
        text = self.scan(_HUGO_ANY, self.shortcode, lambda text: text)
        if GENERATED_HTML in text:  # code shows a shortcode's output as it is
            text = _unmarked_in_code(text)
        return text, self.warnings

    def shortcode(self, match: re.Match[str]) -> tuple[str, int]:
        if match["comment"] is not None:  # {{</* x */>}} shows {{< x >}}, as in Hugo
            return _HUGO_COMMENT.sub(r"{{\1\2\3}}", match.group()), match.end()
        rendered, after = self._shortcode(match)
        return rendered, max(after, match.end())

    def _nested(self, inner: str, at: int) -> str:
        """A pair's inner text with the shortcodes in it rendered too (Hugo renders
        them), their warnings at their lines in this body."""
        text, warnings = _Shortcodes(inner, self.site).expand()
        before = self.line(at) - 1
        self.warnings += [(line + before, message) for line, message in warnings]
        return text

    def _shortcode(self, match: re.Match[str]) -> tuple[str, int]:
        name = match["name"]
        if match["close"]:
            return "", 0  # the close of an unknown pair: its opening already warned
        args, named = _arguments(match["args"])
        inner, after = None, 0
        closing = re.compile(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]\}\}")
        at = match.start()
        # Hugo puts a shortcode, with what it encloses, where its opening tag stands (one
        # placeholder there while the Markdown is rendered): text it keeps stays at that
        # tag's indentation, inside the list item the tag is in.
        indent = _indentation(self.body, at)
        end = None if match["self"] else closing.search(self.body, match.end())
        if end and name in _PAIRED:
            inner, after = _indented(self.body[match.end() : end.start()], indent), end.end()
        # The site's own template wins over Hugo's embedded one of that name, as in Hugo's
        # template lookup; it is filled in when simple enough (hugo_layouts).
        own = self.site.rules.shortcodes if isinstance(self.site.rules, HugoRules) else {}
        if name in own:
            inner = self.body[match.end() : end.start()] if end else None
            written = fill(own[name], inner, args, named)
            return _generated_block(written), end.end() if end else 0
        if name.endswith(".inline"):
            # An inline shortcode defines its own template: what it shows is its text with
            # Go template actions taken out (Hugo would run them).
            end = closing.search(self.body, match.end())
            if match["self"] or end is None:
                self.warn(at, f"inline shortcode {name} cannot be rendered outside Hugo: removed")
                return "", 0
            inner = self.body[match.end() : end.start()]
            if _GO_ACTION.search(inner):
                self.warn(at, f"template code in inline shortcode {name} removed")
            return _GO_ACTION.sub("", inner), end.end()
        if name == "highlight":
            language = named.get("lang") or (args[0] if args else "")
            if inner is None:
                self.warn(at, "{{< highlight >}} has no closing {{< /highlight >}}: removed")
                return "", 0
            return fenced(inner.strip("\n"), language), after
        if name in _PAIRED and inner is not None:  # admonitions: their text stays
            return self._nested(inner, match.end()), after
        if name == "figure":
            return _figure(named), 0
        embed = _SIMPLE_EMBEDS.get(name, name)
        if embed in ("youtube", "vimeo", "gist", "tweet", "x", "instagram"):
            url, label = embed_link(embed, args, named)
            if url:
                link = f'<a {GENERATED_HTML} href="{html.escape(url)}">'
                return f"{link}{html.escape(label)}</a>", 0
        if name in ("ref", "relref"):
            target = named.get("path") or (args[0] if args else "")
            url = self.site.resolve(target)
            if url:
                return url, 0
            self.warn(at, f'{{{{< {name} "{target}" >}}}}: no such page; link removed')
            return "", 0
        shown = f"{{{{{match['open']} {name} {_CLOSE[match['open']]}}}}}"
        self.warn(at, f"shortcode {shown} cannot be rendered outside Hugo: removed")
        if end and indent and not name.endswith(".inline"):  # its text stays, in place
            inner = _indented(self.body[match.end() : end.start()], indent)
            return self._nested(inner, match.end()), end.end()
        return "", 0


def _generated_block(text: str) -> str:
    """HTML a template wrote, as one block the renderer keeps where raw HTML is left out
    (Hugo inserts a shortcode's output after rendering): marked, with no blank line in
    it that would end the block (a comment holds its place; the sanitizer drops it)."""
    lines = [line if line.strip() else "<!-- -->" for line in text.strip("\n").splitlines()]
    return f"\n\n<div {GENERATED_HTML}>\n" + "\n".join(lines) + "\n</div>\n\n"


_HUGO_COMMENT = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)
_HUGO = re.compile(
    r"\{\{(?P<open>[<%])\s*(?P<close>/)?\s*(?P<name>[\w.-]+)(?P<args>(?:[^>%\"]|\"[^\"]*\")*?)"
    r"\s*(?P<self>/)?\s*(?P<end>[>%])\}\}",
    re.DOTALL,
)
_HUGO_ANY = re.compile(r"(?P<comment>\{\{[<%]/\*.*?\*/[>%]\}\})|" + _HUGO.pattern, re.DOTALL)
_CLOSE = {"<": ">", "%": "%"}
_GO_ACTION = re.compile(r"\{\{-?.*?-?\}\}", re.DOTALL)
# Hugo's privacy-friendly variants of its embeds.
_SIMPLE_EMBEDS = {"twitter_simple": "tweet", "vimeo_simple": "vimeo", "twitter": "tweet"}
_PAIRED = frozenset(
    {"highlight", "details", "admonition", "notice", "hint", "tip", "note", "warning"}
)


_TAG = re.compile(r"<[^>]*>")
_MARKDOWN_INLINE = re.compile(r"[\\`*_\[<&'\"\-.!]")


def _markdownify(text: str) -> str:
    """Hugo's ``markdownify``: ``text`` rendered as Markdown by Goldmark with Hugo's
    defaults, a single paragraph's ``<p>`` dropped."""
    if not _MARKDOWN_INLINE.search(text):
        return html.escape(text)
    rendered = _goldmark().convert(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and "<p>" not in rendered[3:]:
        rendered = rendered[3:-4]
    return rendered


@functools.lru_cache(maxsize=1)
def _goldmark() -> Engine:
    from publisher.render.renderer import new_engine  # only a site with figures needs it

    return new_engine(default_settings("hugo"))


def _unmarked_in_code(text: str) -> str:
    """``text`` without the generated-HTML attribute in its code (a shortcode's output shown
    in a code block is text there, not HTML to keep)."""
    out, at = [], 0
    for start, end in code_regions(text):
        out += [text[at:start], text[start:end].replace(f" {GENERATED_HTML}", "")]
        at = end
    out.append(text[at:])
    return "".join(out)


def _indentation(body: str, at: int) -> str:
    """The blanks before ``at`` when only blanks stand before it on its line."""
    start = body.rfind("\n", 0, at) + 1
    before = body[start:at]
    return before if before and not before.strip(" \t") else ""


def _indented(text: str, indent: str) -> str:
    """``text`` with its lines after the first moved right by ``indent`` when one of them
    is less deep (all alike, so that code in it keeps its shape; blank lines as they are)."""
    if not indent:
        return text
    first, *rest = text.split("\n")
    deep = len(indent.expandtabs(4))
    if all(
        not line.strip() or len(line.expandtabs(4)) - len(line.lstrip()) >= deep for line in rest
    ):
        return text
    lines = [indent + line if line.strip() else line for line in rest]
    return "\n".join([first, *lines])


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and ``name="value"`` arguments of a shortcode."""
    try:
        words = shlex.split(text.replace("\n", " "))
    except ValueError:
        words = text.split()
    positional: list[str] = []
    named: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if sep and re.fullmatch(r"[\w-]+", key):
            named[key] = value
        else:
            positional.append(word)
    return positional, named


def _figure(named: dict[str, str]) -> str:
    """Hugo's built-in ``figure`` (its template ``_shortcodes/figure.html``): the caption
    and ``attr`` through ``markdownify``, the caption as plain text the image's ``alt``
    when it has none."""
    src = named.get("src", "")
    if not src:
        return ""
    caption_html = _markdownify(named.get("caption", ""))
    alt = named.get("alt") or html.unescape(_TAG.sub("", caption_html))
    image = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
    if named.get("link"):
        image = f'<a href="{html.escape(named["link"])}">{image}</a>'
    caption = ""
    if named.get("title"):
        caption += f"<h4>{html.escape(named['title'])}</h4>"
    if named.get("caption") or named.get("attr"):
        attr = _markdownify(named.get("attr", ""))
        if named.get("attrlink"):
            # (the template's line break stays before the link, not before a bare attr)
            attr = f'\n<a href="{html.escape(named["attrlink"])}">{attr}</a>'
        caption += f"<p>{caption_html}{attr}</p>"
    if caption:
        caption = f"<figcaption>{caption}</figcaption>"
    return f"\n\n<figure {GENERATED_HTML}>{image}{caption}</figure>\n\n"
