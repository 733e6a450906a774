"""What the fields and file names of Hugo, Jekyll and Pelican sources mean.

Pure rules over a source's relative path and its front matter, so that
``normalize`` can read sources as those generators keep them: which names are
aliases of ours, which pages are never published, what an article's slug is, and
which fields are for the generator's own HTML (recognized, ignored, no warning).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from typing import Literal

Generator = Literal["", "hugo", "jekyll", "pelican"]
GENERATORS: tuple[Generator, ...] = ("hugo", "jekyll", "pelican")

# Our field -> the names generators use for it, in the order they win.
ALIASES: Mapping[str, tuple[str, ...]] = {
    "date": ("date", "publishDate", "publishdate", "pubDate", "pubdate"),
    "updated": ("updated", "lastmod", "lastMod", "last_modified_at", "modified"),
    "summary": ("summary", "description", "excerpt"),
    "author": ("author", "authors"),
    "link": ("link", "url", "permalink"),
}
# Lists merged from every name present (Jekyll and Hugo keep both on one page).
CATEGORY_FIELDS = ("category", "categories")
TAG_FIELDS = ("tags", "keywords")
EXPIRY_FIELDS = ("expiryDate", "expirydate", "unpublishdate", "unpublishDate")

# Fields Hugo, Jekyll and Pelican (and their popular themes) use for their own HTML.
GENERATOR_FIELDS = frozenset(
    {"layout", "weight", "aliases", "menu", "menus", "toc", "comments", "images", "cover"}
    | {"series", "type", "linkTitle", "linktitle", "markup", "outputs", "resources"}
    | {"sitemap", "translationKey", "isCJKLanguage", "keywords", "subtitle", "hidden"}
    | {"math", "mathjax", "katex", "featured_image", "featuredImage", "thumbnail"}
    | {"share", "showToc", "TocOpen", "ShowReadingTime", "ShowWordCount", "hideSummary"}
    | {"cascade", "build", "_build", "params", "lang", "language", "translation"}
    | {"excerpt_separator", "header", "sidebar", "author_profile", "related", "redirect_from"}
    | {"redirect_to", "mermaid", "tocDepth", "classes", "save_as", "template", "og_image"}
    | {"twitter", "status", "headless", "published", "expiryDate", "expirydate"}
    | {"unpublishdate", "unpublishDate", "categories", "description", "excerpt", "lastmod"}
    | {"lastMod", "last_modified_at", "modified", "publishDate", "publishdate", "pubDate"}
    | {"pubdate", "authors", "url", "permalink", "canonical", "canonicalURL", "image_alt"}
    | {"tag", "license", "disqus_identifier", "draft", "feed_id", "generator_id"}
    # What jekyll-import leaves in posts it brought over from WordPress.
    | {"wordpress_id", "guid", "meta", "parent_id", "password", "wordpress_url"}
)
# A Jekyll post's file name: the date, then the title part.
_JEKYLL_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<title>.+)$")
# Jekyll's "pretty" slug mode: these survive, every other run of characters is one '-'.
_JEKYLL_NOT_KEPT = re.compile(r"[^\w._~!$&'()+,;=@]+")
# Hugo's urlize keeps letters, digits, marks and "._-+~"; spaces become '-'; the rest goes.
_HUGO_DROPPED = re.compile(r"[^\w\s.\-+~]+")


# never_published's reason for a source marked ``draft: true``: the one kind of
# unpublished source a preview (``--drafts``) shows.
DRAFT = "draft: true"


def never_published(rel: str, fields: Mapping[str, object]) -> str | None:
    """Why a source is never published (a reason for --verbose), or None if it may be.

    Drafts, Jekyll's ``published: false`` and ``_drafts/``, Hugo's headless bundles
    and section pages (``_index.md``), Pelican's ``Status: draft``/``hidden``.
    """
    # String work, not PurePosixPath: this runs for every source of a cold build.
    folders, _, name = rel.rpartition("/")
    if "_drafts" in folders.split("/"):
        return "in _drafts/"
    if name.rsplit(".", 1)[0] == "_index":
        return "a section page (_index)"
    if fields.get("draft") is True or str(fields.get("draft", "")).lower() == "true":
        return DRAFT
    if fields.get("published") is False or str(fields.get("published", "")).lower() == "false":
        return "published: false"
    if fields.get("headless") is True:
        return "headless: true"
    for name in ("build", "_build"):  # Hugo's build options: list never = in no list, no feed
        options = fields.get(name)
        if isinstance(options, dict) and options.get("list") in (False, "never", "false"):
            return f"{name}: list never"
    status = fields.get("status")
    if isinstance(status, str) and status.strip().lower() in ("draft", "hidden", "skip"):
        return f"status: {status.strip().lower()}"
    return None


def is_page(rel: str, generator: Generator) -> bool:
    """Sources the generator does not publish as articles: Pelican's pages
    (``pages/about.md``), and files in Jekyll's ``_posts`` without a dated name."""
    if generator == "pelican":
        return PurePosixPath(rel).parts[0] == "pages"
    if generator == "jekyll":
        return not _JEKYLL_NAME.match(PurePosixPath(rel).stem)
    return False


def is_bundle_resource(rel: str, has_file: Callable[[str], bool]) -> bool:
    """Whether a Hugo source is a page resource: a file inside a leaf bundle (a folder
    with an ``index.md``) other than that index. Hugo publishes no page for it."""
    folders = rel.split("/")[:-1]
    for depth in range(len(folders), 0, -1):
        folder = "/".join(folders[:depth])
        for index in ("index.md", "index.markdown", "index.html"):
            if has_file(f"{folder}/{index}"):
                return rel != f"{folder}/{index}"
    return False


def file_stem(rel: str, generator: Generator) -> str:
    """The name a generator gives a source: Hugo bundles are named by their folder."""
    path = PurePosixPath(rel)
    stem = path.stem
    if generator == "hugo" and stem == "index" and len(path.parts) > 1:
        return path.parent.name
    if generator == "jekyll":
        match = _JEKYLL_NAME.match(stem)
        if match:
            return match["title"]
    return stem


def file_date(rel: str, generator: Generator) -> str | None:
    """The date in a Jekyll post's file name (``2024-01-05-title.md``), else None."""
    if generator != "jekyll":
        return None
    match = _JEKYLL_NAME.match(PurePosixPath(rel).stem)
    return match["date"] if match else None


def section(rel: str) -> str:
    """Hugo's section: the first folder under the content folder ('' at its top)."""
    folder, slash, _ = rel.partition("/")
    return folder if slash else ""


def generator_slug(text: str, generator: Generator) -> str:
    """The slug the generator puts in URLs for a file name, ``slug`` field or title."""
    if generator == "hugo":
        # Hugo's urlize: spaces become hyphens, the path is lowercased.
        return "-".join(_HUGO_DROPPED.sub("", text).split()).lower()
    if generator == "jekyll":
        # Jekyll's :title keeps case ("cased: true") and the "pretty" characters.
        return _JEKYLL_NOT_KEPT.sub("-", text).strip("-")
    if generator == "pelican":
        # Pelican: transliterate to ASCII, drop punctuation, spaces and runs of '-' to '-'.
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        words = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
        return re.sub(r"[-\s]+", "-", words)
    return text


def split_categories(value: object, *, field: str, generator: Generator) -> list[object]:
    """``categories: tech news`` is two categories in Jekyll; ``category`` is one."""
    if isinstance(value, str):
        words: list[object] = list(value.split())
        return words if field == "categories" and generator == "jekyll" else [value]
    if isinstance(value, list):
        return list(value)
    return [value]
