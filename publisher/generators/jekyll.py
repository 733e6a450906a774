"""Jekyll: its config, dated post names, its permalinks, categories and Liquid.

The rules themselves are Jekyll's, each in a module of its own: ``jekyll_site.py``
(``_config.yml``: facts for init, front matter defaults for every build),
``jekyll_urls.py`` (post names, slugify, permalinks), ``jekyll_dates.py`` (dates as
Ruby's Time.parse reads them).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping, MutableMapping
from datetime import datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from publisher.dates import in_range
from publisher.generators import jekyll_site, markdown_settings
from publisher.generators.base import (
    Layout,
    SiteFacts,
    SiteFiles,
    SiteGenerator,
    TemplateSite,
    TemplateWarning,
)
from publisher.generators.crossref import clean_target, first_source, search_source
from publisher.generators.jekyll_dates import parse_jekyll_date
from publisher.generators.jekyll_site import JekyllRules, deep_merge
from publisher.generators.jekyll_urls import (
    Post,
    check_template,
    generate_url,
    placeholders,
    post_name,
    titleize_slug,
)
from publisher.generators.smartify import feed_title
from publisher.generators.templating import Expander, embed_link
from publisher.sources import MARKDOWN_SUFFIXES
from publisher.text import escape_uri

if TYPE_CHECKING:
    from publisher.config import Config

# The old spelling of a post's name (before one-digit months), kept for ``slug``: the
# slug feeds derived ids, which must not change.
_JEKYLL_NAME = re.compile(r"^(?P<date>\d{2,4}-\d{1,2}-\d{1,2})-(?P<title>.+)$")
# Jekyll's "pretty" slug mode: these survive, every other run of characters is one '-'.
_JEKYLL_NOT_KEPT = re.compile(r"[^\w._~!$&'()+,;=@]+")
# A Jekyll placeholder in a URL template (``:title``), as Jekyll's URL finds them.
_JEKYLL_PLACEHOLDER = re.compile(r":[a-z_]+")
# Entries Jekyll's reader skips in _posts: hidden, special or backup files.
_SPECIAL = "._#~"
_NO_RULES = JekyllRules()


def _separator(value: object) -> str:
    """The site's excerpt_separator, when it sets one other than Jekyll's default."""
    return value if isinstance(value, str) and value and value != "\n\n" else ""


class Jekyll(SiteGenerator):
    """Jekyll: ``_posts/YYYY-MM-DD-title.md``, ``categories: a b``, Liquid tags."""

    name = "jekyll"
    title = "Jekyll"
    language_in_links = False  # a translated post's link is its permalink's
    config_files = (jekyll_site.CONFIG_NAME,)
    layout = Layout(
        "_posts",
        "{base_url}/:categories/:year/:month/:day/:title:output_ext",
        "Jekyll: _posts/YYYY-MM-DD-title.md (the date comes from the file name);\n"
        "# _drafts/ and `published: false` are never published. The front matter\n"
        "# defaults of _config.yml (defaults:) apply as Jekyll applies them, read on\n"
        "# every build.",
    )
    url_dates_in_site_zone = True  # Jekyll's URL dates are in the site's zone
    # A post's excerpt is what comes before its excerpt_separator, by default the first
    # blank line (the first paragraph); an `excerpt` in front matter wins over both.
    summary_separators = ("\n\n",)
    field_summary_first = True

    def summary_separator(self, fields: Mapping[str, object]) -> str | None:
        """A post's own ``excerpt_separator``."""
        value = fields.get("excerpt_separator")
        return value if isinstance(value, str) and value else None

    theme_fields = True  # every front matter key is data for the site's layouts
    posts_folder = "_posts"  # en/_posts/ too: the folders above it are categories

    def read_site_facts(self, root: Path) -> SiteFacts:
        facts = jekyll_site.facts(root)
        notes = [n for n in (facts.timezone_note, facts.feed_note) if n]
        if facts.collections:
            listed = ", ".join(f"_{name}/" for name in facts.collections)
            notes.append(f"the site's own feed lists {listed} too: read as articles")
        article_url = "{base_url}" + facts.permalink
        wrong = self.check_article_url(article_url)
        if wrong:
            notes.append(f"the permalink {facts.permalink!r}: {wrong}")
            article_url = ""
        missing = "" if facts.base_url else _missing_url(root)
        config = jekyll_site.read_config(root)
        return SiteFacts(
            title=facts.title,
            base_url=facts.base_url,
            timezone=facts.timezone,
            content_dir="." if facts.collections or _posts_elsewhere(root) else "",
            article_url=article_url,
            feed_limit=facts.feed_limit,
            language=facts.language,
            notes=tuple(notes),
            missing_url=missing,
            url_hint=_cname_url(root) if missing else "",
            summary_separator=_separator(config.get("excerpt_separator")),
            markdown=markdown_settings.jekyll(config),
        )

    def site_rules(self, root: Path, content_dir: Path) -> object:
        return jekyll_site.rules(root, content_dir)

    def check_article_url(self, pattern: str) -> str | None:
        if not _JEKYLL_PLACEHOLDER.search(pattern):
            return None  # publisher's own placeholders only
        template = pattern.removeprefix("{base_url}")
        if "{" in template:
            return "Jekyll's placeholders (:title) go after {base_url} alone"
        return check_template(template)

    def article_folders(self, rules: object = None) -> tuple[str, ...]:
        """``_posts``, and the folders of the collections the site's own feed lists."""
        listed = rules.collections if isinstance(rules, JekyllRules) else {}
        return ("_posts", *(f"_{name}" for name in listed))

    def is_page(self, rel: str, files: SiteFiles, rules: object = None) -> bool:
        """What Jekyll's post reader skips: names without a date, hidden, special
        (``_draft.md``) and backup (``x.md~``) files. A document of a collection the
        site's feed lists is an article, dated in its name or not."""
        if isinstance(rules, JekyllRules) and rules.collection_of(rules.site_path(rel)):
            name = rel.rpartition("/")[2]
            return name[:1] in _SPECIAL or name.endswith("~")
        entry = _posts_entry(rel)
        name = entry.rpartition("/")[2]
        if entry[:1] in _SPECIAL or name[:1] in _SPECIAL or entry.endswith("~"):
            return True
        return post_name(entry) is None

    def file_stem(self, rel: str) -> str:
        """A post's name: the slug part of its file name, trailing periods dropped."""
        found = post_name(rel)
        return found.slug if found else PurePosixPath(rel).stem

    def file_date(self, rel: str) -> str | None:
        """The date in a post's file name (``2024-01-05-title.md``, ``2014-3-2-x.md``)."""
        found = post_name(rel)
        return found.date if found else None

    def slug(self, explicit: str | None, rel: str, title: str) -> str:
        stem = PurePosixPath(rel).stem
        match = _JEKYLL_NAME.match(stem)
        return self.urlize(explicit or (match["title"] if match else stem))

    def read_date(self, value: object, tz: tzinfo) -> datetime:
        """As Jekyll's ``Utils.parse_date`` (Ruby's Time.parse) reads it."""
        return in_range(parse_jekyll_date(value, tz))

    def site_defaults(self, fields: MutableMapping[str, object], rel: str, rules: object) -> None:
        """``_config.yml``'s front matter defaults under the post's own fields, and the
        folders above ``_posts`` as categories (``Document#categories_from_path``)."""
        if not isinstance(rules, JekyllRules):
            return
        if rules.unpublished and fields.get("published") is False:
            del fields["published"]  # `unpublished: true` publishes them all
        path = rules.site_path(rel)
        collection = rules.collection_of(path)
        above = "" if path.startswith("_posts") or collection else path.partition("_posts")[0]
        folders = [f for f in above.split("/") if f and f != "_posts"]
        defaults = rules.defaults_for(path, collection or "posts")
        if not defaults and not folders:
            return
        merged = deep_merge(defaults, dict(fields))
        if folders or "categories" in defaults:
            listed = folders + _listed(defaults.get("categories"), split=True)
            merged["categories"] = list(dict.fromkeys(
                listed + _listed(fields.get("categories"), split=True)
            ))  # fmt: skip
        fields.clear()
        fields.update(merged)

    def prefill(self, fields: MutableMapping[str, object], rel: str) -> None:
        """A post without a title is titled from its file name (``Utils.titleize_slug``)."""
        if fields.get("title") in (None, False):
            fields["title"] = titleize_slug(self.file_stem(rel))
        for name in ("url", "link"):
            fields.pop(name, None)  # Jekyll's URL is its own: these are a theme's fields

    def article_link(
        self, fields: Mapping[str, object], rel: str, when: datetime, config: Config
    ) -> str | None:
        """Jekyll's URL for the post (``Document#url``): its own ``permalink`` (which may
        use placeholders), else ``article_url`` when it is a Jekyll template."""
        rules = config.site_rules if isinstance(config.site_rules, JekyllRules) else _NO_RULES
        own = fields.get("permalink")
        path = rules.site_path(rel)
        collection = rules.collection_of(path)
        if isinstance(own, str) and own.strip():
            template = own.strip()
        elif collection:
            template = rules.collections[collection]
        elif _JEKYLL_PLACEHOLDER.search(config.article_url):
            template = config.article_url.removeprefix("{base_url}")
        else:
            return None  # publisher's own placeholders: the pattern's link
        name = post_name(_posts_entry(path))
        slug = fields.get("slug")
        post = Post(
            path=path,
            slug=str(slug) if isinstance(slug, str | int | float) and slug != "" else
            (name.slug if name else PurePosixPath(rel).stem),
            categories=jekyll_categories(fields),
            date=when,
            output_ext=_output_ext(PurePosixPath(rel).suffix.lower(), rules),
            collection=collection or "posts",
        )  # fmt: skip
        base = rules.link_base(config.base_url)
        return escape_uri(base + generate_url(template, placeholders(post)))

    def display_title(self, title: str, rules: object = None) -> str:
        """As jekyll-feed prints it: through ``smartify`` (curly quotes, dashes), unless
        the site's own feed template prints titles as written."""
        if isinstance(rules, JekyllRules) and not rules.smart_titles:
            return title
        return feed_title(title)

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
        """Liquid tags and outputs rendered as Jekyll would; ``{% raw %}`` shows its text;
        then kramdown's own syntax that prints nothing (attribute lists, ``{::comment}``)
        taken out."""
        warnings: list[TemplateWarning] = []
        if "{%" in body or "{{" in body:
            from publisher.generators import jekyll_liquid  # the engine: only when asked

            body, warnings = jekyll_liquid.render(body, site)
        if "{:" in body:
            body = _Kramdown(body, site).expand()
        if "`]" in body:
            body = _code_label_references(body, site)
        return body, warnings

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


def jekyll_categories(fields: Mapping[str, object]) -> list[str]:
    """``data["categories"]`` after ``Document#populate_categories``: ``categories``
    (split on spaces when written as one string), then ``category`` (as written), each
    once."""
    listed = _listed(fields.get("categories"), split=True)
    single = fields.get("category")
    more = _listed(single, split=False) if single is not None else listed
    return list(dict.fromkeys(str(c) for c in listed + more))


def _listed(value: object, *, split: bool) -> list[Any]:
    """A categories value as a flat list (Ruby's Array(), flatten, compact)."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split() if split else [value]
    if isinstance(value, list):
        return [item for part in value for item in _listed(part, split=False)]
    return [value]


def _posts_entry(path: str) -> str:
    """A path as Jekyll's post reader sees it: from inside the last ``_posts`` folder."""
    if path.startswith("_posts/") or "/_posts/" in path:
        return path.rpartition("_posts/")[2]
    return path


def _output_ext(suffix: str, rules: JekyllRules) -> str:
    """``:output_ext``: what Jekyll's converter for the file writes."""
    if suffix in rules.markdown_exts or suffix in MARKDOWN_SUFFIXES or suffix in (".html", ".htm"):
        return ".html"
    return suffix


def _posts_elsewhere(root: Path) -> bool:
    """Whether the site keeps posts in a ``_posts`` folder other than its top one
    (``en/_posts/``): then the whole site is the content folder."""
    skipped = {"_site", "node_modules", "vendor", ".git"}
    for folder, subfolders, _ in os.walk(root):
        subfolders[:] = [d for d in subfolders if d not in skipped and not d.startswith(".")]
        if Path(folder) != root and "_posts" in subfolders:
            return True
        if Path(folder) != root and Path(folder).name == "_posts":
            subfolders[:] = []  # folders inside _posts are no other _posts
    return False


def _missing_url(root: Path) -> str:
    return (
        f"{root / jekyll_site.CONFIG_NAME} names no url (GitHub Pages fills it in when it "
        "builds the site)"
    )


def _cname_url(root: Path) -> str:
    """The address a GitHub Pages site's CNAME file gives it, if any."""
    try:
        name = (root / "CNAME").read_text(encoding="utf-8").strip().splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return f"https://{name[0].strip()}" if name and name[0].strip() else ""


class _Kramdown(Expander):
    """kramdown's extensions and attribute lists outside code: what prints nothing goes
    (a whole line when it stands alone); ``{::nomarkdown}`` and ``{::options}`` stay, for
    the kramdown flavour to keep what the first wraps as raw HTML and to read the second's
    ``parse_block_html`` (publisher.render.kramdown_syntax)."""

    def expand(self) -> str:
        return self.scan(_KRAMDOWN, self.piece, lambda code: code)

    def piece(self, match: re.Match[str]) -> tuple[str, int]:
        if match["wrapped"] is not None or match[0].startswith("{::options"):
            return match[0], match.end()
        start, end = match.start(), match.end()
        line_start = self.body.rfind("\n", 0, start) + 1
        line_end = self.body.find("\n", end)
        line_end = len(self.body) if line_end < 0 else line_end
        if not self.body[line_start:start].strip() and not self.body[end:line_end].strip():
            return "", min(line_end + 1, len(self.body))  # the line is nothing else
        return "", end


def _code_label_references(body: str, site: TemplateSite) -> str:
    """Reference links whose label holds code (``[`AsMut`][]`` with ``[`AsMut`]: url``)
    with a plain id, as kramdown matches them: a Markdown renderer that reads code spans
    before links would otherwise leave the brackets."""
    ids = {_label_key(m["label"]): m["label"].replace("`", "")
           for m in _CODE_LABEL_DEFINITION.finditer(body)}  # fmt: skip
    if not ids:
        return body

    def relabel(match: re.Match[str]) -> tuple[str, int]:
        if match["defined"] is not None:
            key = _label_key(match["defined"])
            return (f"[{ids[key]}]:" if key in ids else match[0]), match.end()
        text, label = match["text"], match["label"]
        key = _label_key(label if label else text)
        if key not in ids:
            return match[0], match.end()
        return f"[{text}][{ids[key]}]", match.end()

    return Expander(body, site).scan(_LABELLED, relabel, lambda code: code)


def _label_key(label: str) -> str:
    return " ".join(label.split()).lower()


_CODE_LABEL_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n]*`[^\]\n]*)\]:", re.MULTILINE)
# A definition's label, or a reference: [text][label], [text][] or [text] alone.
_LABELLED = re.compile(
    r"^[ ]{0,3}\[(?P<defined>[^\]\n]*`[^\]\n]*)\]:"
    # The text may hold code with brackets in it: [`@[TargetFeature]`][`TargetFeature`].
    r"|\[(?P<text>(?:`[^`\n]*`|[^\]\n`]|`)*+)\](?:\[(?P<label>[^\]\n]*)\]|(?![\[(:]))",
    re.MULTILINE,
)


# kramdown: {::comment}...{:/comment}, {::nomarkdown}...{:/nomarkdown}, {::options .../},
# an attribute list ({: .class #id key="v"}, {:toc}), a definition ({:name: .x}), {:/}.
_KRAMDOWN = re.compile(
    r"\{::comment\}.*?\{:/(?:comment)?\}"
    r"|\{::nomarkdown\}(?P<wrapped>.*?)\{:/(?:nomarkdown)?\}"
    r"|\{::options\b[^}]*/\}"
    r"|\{:(?!:)(?:[\w-]+:)?(?:[ \t]*(?:[.#][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]*)"
    r"|[\w-]+))*[ \t]*\}"
    r"|\{:/[\w-]*\}",
    re.DOTALL,
)


def liquid_embed(name: str, words: list[str]) -> str | None:
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
