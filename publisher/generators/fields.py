"""What the fields of Hugo, Jekyll and Pelican sources mean, alike in all three.

Pure rules over a source's relative path and its front matter, so that ``normalize``
can read sources as those generators keep them: which names are aliases of ours, which
sources are never published, and which fields are for the generator's own HTML
(recognized, ignored, no warning). What differs between generators is each one's own
module (``hugo.py``, ``jekyll.py``, ``pelican.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from publisher.ids import is_iri
from publisher.model import SourceDoc

if TYPE_CHECKING:
    from publisher.generators.base import SiteGenerator

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
# The field a page a generator's template made (Hugo's content adapters) carries in the
# source written for it: the template's path, for what we tell about the page.
PAGE_TEMPLATE = "_page_template"
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
    | {PAGE_TEMPLATE}
)

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
        listed = options.get("list") if isinstance(options, dict) else None
        if listed in (False, "never", "false"):
            return f"{name}: list never"
        if listed == "local":  # in its section's lists only: not in the site's feed
            return f"{name}: list local"
    status = fields.get("status")
    if isinstance(status, str) and status.strip().lower() in ("draft", "hidden", "skip"):
        return f"status: {status.strip().lower()}"
    return None


def section(rel: str) -> str:
    """Hugo's section: the first folder under the content folder ('' at its top)."""
    folder, slash, _ = rel.partition("/")
    return folder if slash else ""


# Where a generator site's pinned id goes when its own `id` field means something else.
FEED_ID = "feed_id"
_ALIAS_NAMES = frozenset(
    name for names in ALIASES.values() for name in names if name not in ALIASES
) | {"published"}


def site_fields(doc: SourceDoc, generator: SiteGenerator | None, rules: object) -> SourceDoc:
    """``doc`` with what the site's own config gives it (``SiteGenerator.site_defaults``),
    before any rule reads its fields."""
    if generator is None or rules is None:
        return doc
    fields = dict(doc.fields)
    generator.site_defaults(fields, doc.rel, rules)
    return doc if fields == doc.fields else replace(doc, fields=fields)


def canonical(doc: SourceDoc, generator: SiteGenerator | None) -> SourceDoc:
    """``doc`` with generators' names for our fields (``lastmod``, ``description``, ...)
    copied to ours, and what the generator supplies for a source that lacks it (a Jekyll
    post's file-name date; Hugo's file name as a title, its zero date, ``lastmod``).
    """
    if not generator and _ALIAS_NAMES.isdisjoint(doc.fields):
        return doc  # a publisher source: nothing to copy (the common case, kept cheap)
    fields = dict(doc.fields)
    lines = dict(doc.field_lines)
    if generator:
        own_id = fields.get("id")
        if own_id not in (None, "") and not is_iri(own_id):
            # jekyll-import's WordPress post number and the like: the generator's, not ours;
            # ours is then pinned as feed_id (see commands.pin_ids).
            fields["generator_id"] = fields.pop("id")
        if fields.get(FEED_ID) not in (None, ""):
            fields["id"] = fields[FEED_ID]
            lines["id"] = lines.get(FEED_ID, 1)
        if not isinstance(fields.get("image", ""), str):
            fields.pop("image")  # a theme's {src, alt} cover: for its pages, not feeds
        generator.prefill(fields, doc.rel)
    for ours, names in ALIASES.items():
        for name in names:
            if fields.get(name) not in (None, "", []) and not isinstance(fields[name], bool):
                fields[ours] = fields[name]
                if name in lines:
                    lines[ours] = lines[name]
                break
    # Hugo also accepts `published` as a date; Jekyll's `published: false` never gets here.
    published = fields.get("published")
    if fields.get("date") in (None, "") and published not in (None, "", True):
        fields["date"] = published
        lines["date"] = lines.get("published", 1)
    if generator and fields.get("date") in (None, ""):
        fallback = generator.fallback_date(fields, doc.rel)
        if fallback not in (None, ""):
            fields["date"] = fallback
    return replace(doc, fields=fields, field_lines=lines)
