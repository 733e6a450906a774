"""Hugo: its config, its content layout, page bundles, urlize, sections and shortcodes."""

from __future__ import annotations

import html
import re
import shlex
import tomllib
from collections.abc import MutableMapping
from pathlib import Path, PurePosixPath

from publisher.dates import EARLIEST
from publisher.generators import markdown_settings, site_config
from publisher.generators.base import (
    Layout,
    SiteFacts,
    SiteFiles,
    SiteGenerator,
    TemplateSite,
    TemplateWarning,
)
from publisher.generators.crossref import clean_target, relative_source, search_source
from publisher.generators.fields import ALIASES, section
from publisher.generators.templating import Expander, embed_link, fenced

# Hugo's zero date, which its feeds carry as the year 1: the earliest date feeds can take.
HUGO_NO_DATE = EARLIEST.isoformat()
# Hugo's urlize keeps letters, digits, marks and "._-+~"; spaces become '-'; the rest goes.
_HUGO_DROPPED = re.compile(r"[^\w\s.\-+~]+")
# A leaf bundle is a folder with one of these (its other files are its resources).
_BUNDLE_INDEXES = ("index.md", "index.markdown", "index.html")
# Hugo's permalink tokens (https://gohugo.io/content-management/urls/#tokens) and ours.
_HUGO_TOKENS = {
    ":year": "{year}", ":month": "{month}", ":day": "{day}", ":section": "{section}",
    ":sections": "{section}", ":title": "{title}", ":slug": "{slug_or_title}",
    ":filename": "{file}", ":contentbasename": "{file}", ":slugorfilename": "{slug}",
    ":slugorcontentbasename": "{slug}",
}  # fmt: skip


class Hugo(SiteGenerator):
    """Hugo: sections, page bundles, ``_index.md`` section pages, shortcodes."""

    name = "hugo"
    title = "Hugo"
    config_files = ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml")
    layout = Layout(
        "content",
        "{base_url}/{section}/{slug}/",
        "Hugo: content/<section>/<file>.md or page bundles <section>/<name>/index.md;\n"
        "# _index.md section pages, drafts, headless and expired pages are never published.",
    )

    def read_site_facts(self, root: Path) -> SiteFacts:
        import yaml

        data: dict[str, object] = {}
        for name in self.config_files:
            path = root / name
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                loaded = tomllib.loads(text) if name.endswith(".toml") else yaml.safe_load(text)
                data = loaded if isinstance(loaded, dict) else {}
                break
        content = data.get("contentDir") or data.get("contentdir") or ""
        limit = data.get("rssLimit") or site_config.nested(data, "services", "rss", "limit")
        return SiteFacts(
            title=site_config.text(data.get("title")),
            base_url=site_config.text(data.get("baseURL") or data.get("baseurl")).rstrip("/"),
            timezone=site_config.text(data.get("timeZone") or data.get("timezone")),
            content_dir=site_config.text(content),
            section_urls=_permalinks(data.get("permalinks")),
            feed_limit=site_config.feed_limit(limit),
            markdown=markdown_settings.hugo(data),
        )

    def is_page(self, rel: str, files: SiteFiles) -> bool:
        """A page resource: a file inside a leaf bundle (a folder with an ``index.md``)
        other than that index. Hugo publishes no page for it."""
        folders = rel.split("/")[:-1]
        for depth in range(len(folders), 0, -1):
            folder = "/".join(folders[:depth])
            for index in _BUNDLE_INDEXES:
                if files.is_file(f"{folder}/{index}"):
                    return rel != f"{folder}/{index}"
        return False

    def file_stem(self, rel: str) -> str:
        """Bundles are named by their folder."""
        path = PurePosixPath(rel)
        if path.stem == "index" and len(path.parts) > 1:
            return path.parent.name
        return path.stem

    def prefill(self, fields: MutableMapping[str, object], rel: str) -> None:
        """Hugo publishes pages without a title or a date too: the file name and its
        zero date stand in."""
        if fields.get("title") in (None, ""):
            fields["title"] = self.file_stem(rel).replace("-", " ").strip() or "Untitled"
        if all(fields.get(n) in (None, "") for n in (*ALIASES["date"], *ALIASES["updated"])):
            fields["date"] = HUGO_NO_DATE

    def fallback_date(self, fields: MutableMapping[str, object], rel: str) -> object:
        return fields.get("updated")  # Hugo's date falls back on lastmod

    def urlize(self, text: str) -> str:
        # Hugo's urlize: spaces become hyphens, the path is lowercased.
        return "-".join(_HUGO_DROPPED.sub("", text).split()).lower()

    def default_categories(self, rel: str) -> list[str]:
        """The section, if the source is in one."""
        return [section(rel)] if section(rel) else []

    def url_section(self, section: str) -> str:
        return section.lower()

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


def _permalinks(raw: object) -> tuple[tuple[str, str], ...]:
    """Hugo's ``[permalinks]`` (or ``[permalinks.page]``) as section -> article_url."""
    if isinstance(raw, dict) and isinstance(raw.get("page"), dict):
        raw = raw["page"]
    if not isinstance(raw, dict):
        return ()
    found = []
    for name, pattern in sorted(raw.items()):
        if not isinstance(pattern, str) or name in ("tags", "categories"):
            continue
        for token in sorted(_HUGO_TOKENS, key=len, reverse=True):
            pattern = pattern.replace(token, _HUGO_TOKENS[token])
        if ":" not in pattern and "{" not in re.sub(r"\{(\w+)\}", "", pattern):
            found.append((name, "{base_url}/" + pattern.lstrip("/")))
    return tuple(found)


class _Shortcodes(Expander):
    def expand(self) -> tuple[str, list[TemplateWarning]]:
        def in_code(text: str) -> str:
            return _HUGO_COMMENT.sub(r"{{\1\2\3}}", text)

        return self.scan(_HUGO_ANY, self.shortcode, in_code), self.warnings

    def shortcode(self, match: re.Match[str]) -> tuple[str, int]:
        if match["comment"] is not None:  # {{</* x */>}} shows {{< x >}}, as in Hugo
            return _HUGO_COMMENT.sub(r"{{\1\2\3}}", match.group()), match.end()
        rendered, after = self._shortcode(match)
        return rendered, max(after, match.end())

    def _shortcode(self, match: re.Match[str]) -> tuple[str, int]:
        name = match["name"]
        if match["close"]:
            return "", 0  # the close of an unknown pair: its opening already warned
        args, named = _arguments(match["args"])
        inner, after = None, 0
        closing = re.compile(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]\}\}")
        if not match["self"]:
            end = closing.search(self.body, match.end())
            if end and name in _PAIRED:
                inner, after = self.body[match.end() : end.start()], end.end()
        at = match.start()
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
            return inner, after
        if name == "figure":
            return _figure(named), 0
        embed = _SIMPLE_EMBEDS.get(name, name)
        if embed in ("youtube", "vimeo", "gist", "tweet", "x", "instagram"):
            url, label = embed_link(embed, args, named)
            if url:
                return f'<a href="{html.escape(url)}">{html.escape(label)}</a>', 0
        if name in ("ref", "relref"):
            target = named.get("path") or (args[0] if args else "")
            url = self.site.resolve(target)
            if url:
                return url, 0
            self.warn(at, f'{{{{< {name} "{target}" >}}}}: no such page; link removed')
            return "", 0
        shown = f"{{{{{match['open']} {name} {_CLOSE[match['open']]}}}}}"
        self.warn(at, f"shortcode {shown} cannot be rendered outside Hugo: removed")
        return "", 0


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
    src = named.get("src", "")
    if not src:
        return ""
    image = f'<img src="{html.escape(src)}" alt="{html.escape(named.get("alt", ""))}">'
    if named.get("link"):
        image = f'<a href="{html.escape(named["link"])}">{image}</a>'
    caption = ""
    if named.get("title"):
        caption += f"<h4>{html.escape(named['title'])}</h4>"
    text = named.get("caption", "")
    if named.get("attr"):
        text = f"{text} {named['attr']}".strip()
    if text:
        caption += f"<p>{html.escape(text)}</p>"
    if caption:
        caption = f"<figcaption>{caption}</figcaption>"
    return f"\n\n<figure>{image}{caption}</figure>\n\n"
