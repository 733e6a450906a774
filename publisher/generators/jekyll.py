"""Jekyll: its config, dated post names, its "pretty" slugs, categories and Liquid."""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from publisher.generators import markdown_settings, site_config
from publisher.generators.base import (
    Layout,
    SiteFacts,
    SiteFiles,
    SiteGenerator,
    TemplateSite,
    TemplateWarning,
)
from publisher.generators.crossref import clean_target, first_source, search_source
from publisher.generators.templating import Expander, embed_link, fenced
from publisher.sources import MARKDOWN_SUFFIXES

# A Jekyll post's file name: the date, then the title part.
_JEKYLL_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<title>.+)$")
# Jekyll's "pretty" slug mode: these survive, every other run of characters is one '-'.
_JEKYLL_NOT_KEPT = re.compile(r"[^\w._~!$&'()+,;=@]+")
# Jekyll's built-in permalink styles.
_JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "none": "/:categories/:title:output_ext",
}
_JEKYLL_PLACEHOLDERS = {
    ":categories": "{categories}", ":year": "{year}", ":month": "{month}", ":day": "{day}",
    ":title": "{slug}", ":slug": "{slug}", ":output_ext": ".html",
}  # fmt: skip
# jekyll-feed's default number of items.
_FEED_POSTS_LIMIT = 10


class Jekyll(SiteGenerator):
    """Jekyll: ``_posts/YYYY-MM-DD-title.md``, ``categories: a b``, Liquid tags."""

    name = "jekyll"
    title = "Jekyll"
    config_files = ("_config.yml",)
    layout = Layout(
        "_posts",
        "{base_url}/{categories}/{year}/{month}/{day}/{slug}.html",
        "Jekyll: _posts/YYYY-MM-DD-title.md (the date comes from the file name);\n"
        "# _drafts/ and `published: false` are never published.",
    )
    url_dates_in_site_zone = True  # Jekyll's URL dates are in the site's zone

    def read_site_facts(self, root: Path) -> SiteFacts:
        import yaml

        path = root / self.config_files[0]
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
        data = data if isinstance(data, dict) else {}
        url = site_config.text(data.get("url")).rstrip("/")
        url += site_config.text(data.get("baseurl")).rstrip("/")
        limit = site_config.feed_limit(site_config.nested(data, "feed", "posts_limit"))
        return SiteFacts(
            title=site_config.text(data.get("title")),
            base_url=url,
            timezone=site_config.text(data.get("timezone")),
            article_url=_pattern(site_config.text(data.get("permalink")) or "date"),
            feed_limit=limit or _FEED_POSTS_LIMIT,
            markdown=markdown_settings.jekyll(data),
        )

    def is_page(self, rel: str, files: SiteFiles) -> bool:
        """Files in ``_posts`` without a dated name are no posts."""
        return not _JEKYLL_NAME.match(PurePosixPath(rel).stem)

    def file_stem(self, rel: str) -> str:
        """A post's name is the title part of its file name."""
        stem = PurePosixPath(rel).stem
        match = _JEKYLL_NAME.match(stem)
        return match["title"] if match else stem

    def file_date(self, rel: str) -> str | None:
        """The date in a post's file name (``2024-01-05-title.md``)."""
        match = _JEKYLL_NAME.match(PurePosixPath(rel).stem)
        return match["date"] if match else None

    def urlize(self, text: str) -> str:
        # Jekyll's :title keeps case ("cased: true") and the "pretty" characters.
        return _JEKYLL_NOT_KEPT.sub("-", text).strip("-")

    def split_categories(self, value: object, *, field: str) -> list[object]:
        """``categories: tech news`` is two categories; ``category`` is one."""
        if isinstance(value, str) and field == "categories":
            return list(value.split())
        return super().split_categories(value, field=field)

    def default_categories(self, rel: str) -> list[str]:
        return []  # Jekyll's folders under _posts are no categories

    def expand(self, body: str, site: TemplateSite) -> tuple[str, list[TemplateWarning]]:
        """Liquid tags and outputs rendered as Jekyll would; ``{% raw %}`` shows its text."""
        if "{%" not in body and "{{" not in body:
            return body, []
        return _Liquid(body, site).expand()

    def find_source(self, target: str, from_rel: str, files: SiteFiles) -> str | None:
        """``post_url`` names a post by its file name (maybe in a subfolder); ``link`` by
        its path."""
        cleaned = clean_target(target)
        if cleaned is None:
            return None
        name = cleaned.removeprefix("/").removeprefix("_posts/")
        found = first_source(files, [name] + [name + s for s in MARKDOWN_SUFFIXES])
        return found or search_source(files, PurePosixPath(name).name)


JEKYLL = Jekyll()


def _pattern(permalink: str) -> str:
    """A Jekyll permalink style or pattern as an article_url; '' if it cannot be copied."""
    pattern = _JEKYLL_STYLES.get(permalink, permalink)
    for name in sorted(_JEKYLL_PLACEHOLDERS, key=len, reverse=True):
        pattern = pattern.replace(name, _JEKYLL_PLACEHOLDERS[name])
    if ":" in pattern or not pattern.startswith("/"):
        return ""  # e.g. :y_day or :short_year: not reproduced, the default is used
    return "{base_url}" + pattern


class _Liquid(Expander):
    """A body's Liquid tags and outputs, rendered one by one."""

    def expand(self) -> tuple[str, list[TemplateWarning]]:
        def in_code(text: str) -> str:
            return _LIQUID_RAW_TAGS.sub("", text)  # {% raw %} shows what it wraps

        return self.scan(_LIQUID_ANY, self.liquid_piece, in_code), self.warnings

    def liquid_piece(self, match: re.Match[str]) -> tuple[str, int]:
        at = match.start()
        if match["raw"] is not None:
            return match["raw"], match.end()
        if match["expr"] is not None:
            value = _liquid_output(match["expr"], self.site)
            if value is None:
                shown = " ".join(match["expr"].split())
                self.warn(at, f"Liquid output {{{{ {shown} }}}} cannot be rendered: removed")
                return "", match.end()
            return value, match.end()
        name, args = match["name"], match["args"].strip()
        if name in ("comment", "highlight"):
            end = re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}").search(self.body, match.end())
            if end is None:
                self.warn(at, f"{{% {name} %}} has no {{% end{name} %}}: removed")
                return "", match.end()
            if name == "comment":
                return "", end.end()
            inner = self.body[match.end() : end.start()].strip("\n")
            language = args.split()[0] if args else ""
            return fenced(_LIQUID_RAW_TAGS.sub("", inner), language), end.end()
        if name in ("gist", "youtube", "vimeo"):  # jekyll-gist and the embed plugins
            link = _liquid_embed(name, args.replace('"', " ").replace("'", " ").split())
            if link:
                return link, match.end()
        if name in ("link", "post_url"):
            target = args.strip().strip("\"'")
            url = self.site.resolve(f"_posts/{target}" if name == "post_url" else target)
            if url:
                return url, match.end()
            self.warn(at, f"{{% {name} {target} %}}: no such page; link removed")
            return "", match.end()
        if name.startswith("end") and name[3:] in _LIQUID_BLOCKS:
            return "", match.end()  # its opening tag already warned
        self.warn(at, f"Liquid tag {{% {name} %}} cannot be rendered outside Jekyll: removed")
        return "", match.end()


_LIQUID_RAW_TAGS = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_LIQUID_BLOCKS = frozenset({"if", "unless", "for", "case", "capture", "comment", "highlight"})
_LIQUID_ANY = re.compile(
    r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|\{%-?\s*(?P<name>\w+)(?P<args>.*?)-?%\}"
    r"|\{\{-?(?P<expr>.*?)-?\}\}",
    re.DOTALL,
)


def _liquid_embed(name: str, words: list[str]) -> str | None:
    """``{% gist user/id [file] %}``, ``{% youtube id-or-URL %}``, ``{% vimeo id %}``."""
    if not words:
        return None
    target = words[0]
    url: str | None
    if target.startswith(("https://", "http://")):
        labels = {"youtube": "Watch on YouTube", "vimeo": "Watch on Vimeo", "gist": "Gist"}
        url, label = target, labels[name]
    elif name == "gist":
        url, label = f"https://gist.github.com/{quote(target)}", f"Gist {target}"
    else:
        url, label = embed_link(name, [target], {})
    if url is None:
        return None
    return f'<a href="{html.escape(url)}">{html.escape(label)}</a>'


_QUOTED = r"""(?P<q>["'])(?P<text>.*?)(?P=q)"""


def _liquid_output(expr: str, site: TemplateSite) -> str | None:
    """The value of the few Liquid outputs posts use for links; None for any other."""
    parts = urlsplit(site.base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    base_path = parts.path.rstrip("/")
    expr = " ".join(expr.split())
    if expr == "site.url":
        return origin
    if expr == "site.baseurl":
        return base_path
    match = re.fullmatch(_QUOTED + r"\s*\|\s*(?P<filter>relative_url|absolute_url)", expr)
    if match:
        path = "/" + match["text"].lstrip("/")
        return (origin if match["filter"] == "absolute_url" else "") + base_path + path
    match = re.fullmatch(r"site\.(?:url|baseurl)\s*\|\s*append:\s*" + _QUOTED, expr)
    if match:
        return site.base_url + "/" + match["text"].lstrip("/")
    return None
