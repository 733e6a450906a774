"""Pelican: its settings files, ``Title:`` headers, pages, slugs from titles, link markers."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath

from publisher.generators import markdown_settings
from publisher.generators.base import (
    Layout,
    SiteFacts,
    SiteFiles,
    SiteGenerator,
    TemplateSite,
    TemplateWarning,
)
from publisher.generators.site_config import feed_limit
from publisher.generators.templating import code_regions, inside

_PELICAN_SETTING = re.compile(
    r"""^(?P<key>[A-Z_]+)\s*=\s*(?:(?P<q>["'])(?P<value>.*?)(?P=q)|(?P<number>\d+))\s*$""",
    re.MULTILINE,
)
_PELICAN_PLACEHOLDERS = {
    "{date:%Y}": "{year}", "{date:%m}": "{month}", "{date:%d}": "{day}",
    "{slug}": "{slug}", "{category}": "{category}",
}  # fmt: skip
_PELICAN = re.compile(
    r"(?:\{|\|)(?P<kind>filename|static|attach|tag|category|author|index)(?:\}|\|)"
)
_PELICAN_TARGET = re.compile(r"[^\s)\"'>]*")


class Pelican(SiteGenerator):
    """Pelican: the folder is the category, ``pages/`` are pages, ``{filename}`` links."""

    name = "pelican"
    title = "Pelican"
    # publishconf.py holds the production SITEURL; pelicanconf.py the rest.
    config_files = ("pelicanconf.py", "publishconf.py")
    layout = Layout(
        "content",
        "{base_url}/{slug}.html",
        "Pelican: Markdown with `Title:`/`Date:` headers; the folder is the category,\n"
        "# content/pages/ are pages (not in feeds), `Status: draft` is never published.",
    )
    pages_folder = "pages"
    skips_undated = True

    def read_site_facts(self, root: Path) -> SiteFacts:
        settings: dict[str, str] = {}
        for name in self.config_files:
            path = root / name
            if path.is_file():
                for match in _PELICAN_SETTING.finditer(path.read_text(encoding="utf-8")):
                    value = match["value"] if match["number"] is None else match["number"]
                    if value or match["key"] not in settings:
                        settings[match["key"]] = value
        article_url = ""
        if settings.get("ARTICLE_URL"):
            pattern = settings["ARTICLE_URL"]
            for name, ours in _PELICAN_PLACEHOLDERS.items():
                pattern = pattern.replace(name, ours)
            bare = re.sub(r"\{(year|month|day|slug|category)\}", "", pattern)
            article_url = "" if "{" in bare else "{base_url}/" + pattern.lstrip("/")
        return SiteFacts(
            title=settings.get("SITENAME", ""),
            base_url=settings.get("SITEURL", "").rstrip("/"),
            timezone=settings.get("TIMEZONE", ""),
            content_dir=settings.get("PATH", ""),
            article_url=article_url,
            feed_limit=feed_limit(settings.get("FEED_MAX_ITEMS")),
            markdown=markdown_settings.pelican(root, self.config_files),
        )

    def is_page(self, rel: str, files: SiteFiles) -> bool:
        """Pelican's pages (``pages/about.md``)."""
        return PurePosixPath(rel).parts[0] == self.pages_folder

    def urlize(self, text: str) -> str:
        # Pelican: transliterate to ASCII, drop punctuation, spaces and runs of '-' to '-'.
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        words = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
        return re.sub(r"[-\s]+", "-", words)

    def slug(self, explicit: str | None, rel: str, title: str) -> str:
        """Pelican's SLUGIFY_SOURCE is the title."""
        return self.urlize(explicit or title)

    def default_categories(self, rel: str) -> list[str] | None:
        """A source at the top of the content folder has none; else its folder."""
        return [] if len(PurePosixPath(rel).parts) < 2 else None

    def expand(self, body: str, site: TemplateSite) -> tuple[str, list[TemplateWarning]]:
        """``{filename}``, ``{static}`` and friends in link targets, as Pelican writes
        them."""
        if "{" not in body and "|" not in body:
            return body, []
        return _markers(body, site)


PELICAN = Pelican()


def _markers(body: str, site: TemplateSite) -> tuple[str, list[TemplateWarning]]:
    """Pelican's ``{filename}``, ``{static}`` and friends in link targets."""
    code = code_regions(body)
    warnings: list[TemplateWarning] = []
    out: list[str] = []
    position = 0
    for match in _PELICAN.finditer(body):
        if match.start() < position or inside(match.start(), code):
            continue
        target = _PELICAN_TARGET.match(body, match.end())
        path = target.group() if target else ""
        end = target.end() if target else match.end()
        out.append(body[position : match.start()])
        kind = match["kind"]
        if kind == "filename":
            url = site.resolve(path)
            if url is None:
                line = body.count("\n", 0, match.start()) + 1
                warnings.append((line, f"{{filename}}{path}: no such page; link removed"))
                url = ""
        elif kind in ("static", "attach"):
            url = site.base_url + "/" + path.lstrip("/")
        elif kind == "index":
            url = site.base_url + "/index.html" + path
        else:
            url = f"{site.base_url}/{kind}/{path.strip('/')}.html"
        out.append(url)
        position = end
    out.append(body[position:])
    return "".join(out), warnings
