"""SourceDoc -> Article: field rules, slugs, zone-aware dates, ids, absolute URLs."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit

from publisher.config import CONTENT_MODES, Config, LanguageConfig, language_key
from publisher.dates import DateError, parse_date
from publisher.episode_fields import EPISODE_FIELDS, EpisodeFieldError, episode_from
from publisher.errors import Problem, Severity
from publisher.generators import site_generator
from publisher.generators.fields import (
    ALIASES,
    CATEGORY_FIELDS,
    DRAFT,
    EXPIRY_FIELDS,
    GENERATOR_FIELDS,
    PAGE_TEMPLATE,
    TAG_FIELDS,
    canonical,
    never_published,
    section,
    site_fields,
)
from publisher.generators.files import (
    EVERY_SOURCE,
    NoOtherFiles,
    SiteFiles,
    declared_translation_key,
)
from publisher.ids import derived_name, is_iri, mint_id
from publisher.languages import LanguageFolder, folder_language, language_root
from publisher.limits import check_html, check_markdown
from publisher.model import Article, Author, SourceDoc
from publisher.slugs import category_slug, slugify
from publisher.sources import MARKDOWN_SUFFIXES
from publisher.text import XML_ILLEGAL, debugging, escape_uri, internal_error, iri_to_uri

if TYPE_CHECKING:
    # Only a site with a generator uses them (whose module imports generators.base):
    # a site without one builds without importing it (see generators/files.py).
    from publisher.generators.base import SiteGenerator, TemplateSite

KNOWN_FIELDS = frozenset(
    {"title", "date", "updated", "category", "tags", "author", "summary", "id", "slug", "link"}
    | {"draft", "image", "content", "language", "translation_key"}
    | EPISODE_FIELDS
)
MAX_TITLE_LENGTH = 500
_SPACE = re.compile(r"\s+")
_Warn = Callable[[str | None, str, str], None]
# The addresses feed readers (and our validator) accept: no quotes, brackets or spaces.
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?~-]+@[\w-]+(?:\.[\w-]+)+")


# A source read with no other file of the site beside it.
_ALONE = NoOtherFiles()


class _Invalid(Exception):
    """One field is wrong; carries the field name for its line number."""

    def __init__(self, field: str, message: str, *, line: int | None = None):
        super().__init__(message)
        self.field = field
        self.line = line


def normalize(
    doc: SourceDoc, config: Config, files: SiteFiles = _ALONE
) -> tuple[Article | None, list[Problem]]:
    """Apply every metadata rule to one source; None (with an error) when it cannot publish.

    Drafts also give None, with no problem, unless ``config.drafts`` (a preview).
    ``files`` are the site's other sources, as the generator's rules look at them (a
    bundle's index, a cross reference's target); by default the source stands alone.
    """
    problems = list(doc.problems)

    def warn(field: str | None, rule: str, message: str) -> None:
        line = doc.field_lines.get(field) if field else None
        problems.append(Problem(doc.path, line, Severity.WARNING, rule, message))

    generator = site_generator(config)
    # A translated site's language folder is its language's content root.
    doc, in_folder, files = folder_language(doc, config, files)
    if in_folder is None and config.multilingual and all(x.folder for x in config.languages):
        return None, problems  # in no language's content folder: the generator skips it too
    # Hugo's leaf-bundle resources and Pelican's pages are no articles: nothing to say.
    if generator and generator.is_page(doc.rel, files, config.site_rules):
        return None, problems
    named = generator.path_language(doc.rel) if generator else ""
    if named and not config.multilingual and language_key(named) != language_key(config.language):
        return None, problems  # another language's translation: only its own feeds show it
    if named and config.multilingual and config.language_named(named) is None:
        return None, problems  # a language the site does not publish (Hugo's disabled ones)
    ignored = set(config.ignore_fields)
    theme_keys = bool(generator and generator.theme_fields)  # Jekyll: every key is the theme's
    for name in sorted(set() if theme_keys else _unknown_fields(doc, generator, ignored)):
        warn(name, "source-unknown-field", f"unknown field {name!r} is ignored")
    if generator:
        doc = generator.own_fields(doc, files)
    try:
        doc = site_fields(doc, generator, config.site_rules)
        # Escapes such as "\x01" in YAML, or entities in a scraped page, get past the
        # decoder's check; lxml refuses such characters, so they go here, field by field.
        doc = replace(doc, fields=_xml_safe_fields(doc.fields, warn))
        _boolean(doc, "draft")  # a value that is not a boolean is an error, even in a draft
        # What the generator fills in (Pelican's DEFAULT_METADATA status, a date from the
        # file name) counts as the source's own.
        doc = canonical(doc, generator)
        withheld = never_published(doc.rel, doc.fields)
        if withheld and not (config.drafts and withheld == DRAFT):
            return None, problems
        if (
            generator
            and generator.skips_undated
            and not any(doc.fields.get(n) for n in ALIASES["date"])
        ):
            warn(None, "source-not-an-article",
                 f"no Date: not published ({generator.title} skips it too)")  # fmt: skip
            return None, problems
        language = _language_of(doc, config, generator, in_folder)
        article = _apply_rules(doc, config, warn, files, language)
        if language is not None:
            article = _with_translations(article, doc, config, generator, language)
        if generator:
            when = article.published.isoformat()
            page = {"title": article.title, "url": article.link, "date": when}
            site = template_site(config, doc.rel, files, page)
            for at, message in generator.expand(doc.body, site)[1]:
                problems.append(
                    Problem(doc.path, doc.body_line + at - 1, Severity.WARNING,
                            "source-template-removed", message)
                )  # fmt: skip
    except _Invalid as exc:
        line = exc.line or doc.field_lines.get(exc.field)
        problems.append(Problem(doc.path, line, Severity.ERROR, "source-invalid-field", str(exc)))
        return None, problems
    except Exception as exc:  # a bug must cost one file, not the build (PUBLISHER_DEBUG shows it)
        if debugging():
            raise
        message = internal_error(exc, "reading this file")
        problems.append(Problem(doc.path, None, Severity.ERROR, "source-internal-error", message))
        return None, problems
    return article, problems


def _language_of(
    doc: SourceDoc,
    config: Config,
    generator: SiteGenerator | None,
    in_folder: LanguageConfig | None,
) -> LanguageConfig | None:
    """The language a translated site's source is written in (None: one language)."""
    if not config.multilingual:
        return None
    if in_folder is not None:
        code = in_folder.code
    elif generator:
        code = generator.source_language(doc)
    else:
        name = "language" if "language" in doc.fields else "lang"
        value = doc.fields.get(name)
        if value is not None and not isinstance(value, str):
            raise _Invalid(name, f"{name!r} must be a language code such as fr")
        code = (value or "").strip()
    language = config.language_named(code) if code else config.languages[0]
    if language is None:
        known = ", ".join(lang.code for lang in config.languages)
        raise _Invalid(
            "language" if "language" in doc.fields else "lang",
            f"language {code!r} is not one of the site's languages ({known}): "
            "add it to 'languages' in publisher.toml",
        )
    return language


def _with_translations(
    article: Article,
    doc: SourceDoc,
    config: Config,
    generator: SiteGenerator | None,
    language: LanguageConfig,
) -> Article:
    """The article with its language (the site's default: '') and translation key."""
    own = "" if language is config.languages[0] else language.code
    if generator:
        key, declared = generator.translation_key(doc, article.slug)
    else:
        key = declared_translation_key(doc.fields)
        declared = bool(key)
    return replace(article, language=own, translation_key=key, translation_declared=declared)


def _unknown_fields(doc: SourceDoc, generator: SiteGenerator | None, ignored: set[str]) -> set[str]:
    unknown = set(doc.fields) - KNOWN_FIELDS - GENERATOR_FIELDS - ignored
    if unknown and generator and generator.keys_ignore_case:
        lowered = {name.lower() for name in ignored} | _KNOWN_LOWERCASE
        return {name for name in unknown if name.lower() not in lowered}
    return unknown


_KNOWN_LOWERCASE = frozenset(name.lower() for name in KNOWN_FIELDS | GENERATOR_FIELDS)


def _xml_safe_fields(fields: Mapping[str, object], warn: _Warn) -> dict[str, object]:
    """``fields`` without XML-illegal characters in any text, one warning per field."""
    cleaned: dict[str, object] = {}
    for name, value in fields.items():
        removed: list[str] = []
        cleaned[name] = _xml_safe(value, removed)
        if removed:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in removed}))
            warn(name, "source-illegal-character",
                 f"removed {len(removed)} character(s) XML cannot carry ({codes}) "
                 f"from {name!r}")  # fmt: skip
    return cleaned


def _xml_safe(value: object, removed: list[str]) -> object:
    if isinstance(value, str):
        found = XML_ILLEGAL.findall(value)
        if not found:
            return value
        removed += found
        return XML_ILLEGAL.sub("", value)
    if isinstance(value, list):
        return [_xml_safe(item, removed) for item in value]
    if isinstance(value, dict):
        return {_xml_safe(k, removed): _xml_safe(v, removed) for k, v in value.items()}
    return value


def _check_body(doc: SourceDoc) -> None:
    """Refuse a body over one of publisher's own limits (publisher/limits.py) before
    Python-Markdown or nh3 sees it, naming the line."""
    check = check_markdown if doc.body_format == "markdown" else check_html
    exceeded = check(doc.body)
    if exceeded is not None:
        raise _Invalid("body", exceeded.message, line=doc.body_line + exceeded.line - 1)


# A cross reference as rendered: (the target as written, the source it led to or None).
Reference = tuple[str, str | None]


def template_site(
    config: Config,
    rel: str,
    files: SiteFiles,
    page: Mapping[str, str] | None = None,
    record: list[Reference] | None = None,
) -> TemplateSite:
    """How template syntax in the source at ``rel`` is rendered for this site (``page``:
    the article's own values, its title and link); each cross reference resolved is
    added to ``record``, when given."""
    generator = site_generator(config)

    def resolve(target: str) -> str | None:
        if not generator:
            return None
        other, url = _link_to(config, generator, rel, target, files)
        if record is not None:
            record.append((target, other))
        return url

    def lists_articles() -> None:
        if record is not None:
            record.append((EVERY_SOURCE, None))

    from publisher.generators.base import TemplateSite  # a generator's: see the imports

    page = dict(page or {})
    return TemplateSite(
        config.base_url,
        resolve,
        rel,
        page.get("url", ""),
        files,
        page,
        config.site_rules,
        lists_articles,
    )


def expand_templates(
    body: str, config: Config, rel: str, files: SiteFiles, page: Mapping[str, str] | None = None
) -> str:
    """A Markdown body with the generator's template syntax rendered (see
    ``SiteGenerator.expand``)."""
    return expand_with_references(body, config, rel, files, page)[0]


def expand_with_references(
    body: str, config: Config, rel: str, files: SiteFiles, page: Mapping[str, str] | None = None
) -> tuple[str, tuple[Reference, ...]]:
    """``expand_templates``, and the cross references it followed: what the rendered
    body depends on besides its own file (``build/bodies`` renders it again when one of
    them changes)."""
    generator = site_generator(config)
    if generator is None:
        return body, ()
    # In a language's content folder, as normalize saw the source; what the references
    # lead to is named from the content folder again.
    rel, language, files = language_root(rel, config, files)
    record: list[Reference] = []
    expanded = generator.expand(body, template_site(config, rel, files, page, record))[0]
    if language is not None:
        prefix = language.folder + "/"
        record = [(target, prefix + other if other else other) for target, other in record]
    return expanded, tuple(dict.fromkeys(record))


def _link_to(
    config: Config, generator: SiteGenerator, rel: str, target: str, files: SiteFiles
) -> tuple[str | None, str | None]:
    """The source a cross reference in ``rel`` points to, and its URL; None for what
    there is none of.

    The other source is read for its link (its own cross references are not followed).
    """
    other = generator.find_source(target, rel, files)
    doc = files.read(other) if other is not None else None
    if doc is None:
        return other, None
    in_folder = files.language if isinstance(files, LanguageFolder) else None
    try:
        doc = generator.own_fields(doc, files)
        doc = site_fields(doc, generator, config.site_rules)
        language = _language_of(doc, config, generator, in_folder)
        article = _apply_rules(canonical(doc, generator), config, lambda *_: None, files, language)
    except _Invalid:
        return other, None
    anchor = target.partition("#")[2]
    return other, article.link + (f"#{anchor}" if anchor else "")


def _apply_rules(
    doc: SourceDoc,
    config: Config,
    warn: _Warn,
    files: SiteFiles = _ALONE,
    language: LanguageConfig | None = None,
) -> Article:
    tz = config.tz
    generator = site_generator(config)
    title = _clean_text(_title(doc, generator))
    if len(title) > MAX_TITLE_LENGTH:
        raise _Invalid("title", f"'title' is {len(title)} characters (at most {MAX_TITLE_LENGTH})")
    if "date" not in doc.fields or doc.fields["date"] in (None, ""):
        hint = (
            ""
            if doc.rel.endswith(MARKDOWN_SUFFIXES)
            else (": add a Date: line or run `publisher import --date`")
        )
        raise _Invalid("date", f"no date{hint or ': add a date field'}")
    published = _date(doc, "date", tz, generator)
    updated = (
        _date(doc, "updated", tz, generator)
        if doc.fields.get("updated") not in (None, "")
        else published
    )
    if updated < published:
        warn("updated", "source-updated-before-date", "'updated' is before 'date': using 'date'")
        updated = published

    categories = _categories(doc, generator)
    category = categories[0] if categories else ""
    cat_slug = category_slug(category) if category else ""
    slug = _slug(doc, generator, title)
    link = _article_link(doc, config, categories, slug, published, title, files, language)
    expires = _expiry(doc, tz, generator)

    image = _optional_text(doc, "image")
    authors = _authors(doc, generator, config) or ((config.author,) if config.author else ())
    tags = _tags(doc, generator)
    summary = _clean_text(_optional_text(doc, "summary") or "") or None
    image_url = _absolute(image, link, "image") if image else None
    content_mode = _optional_text(doc, "content")
    if content_mode is not None and content_mode not in CONTENT_MODES:
        raise _Invalid("content", f"'content' must be full or summary, got {content_mode!r}")
    explicit_id = _optional_text(doc, "id")
    if explicit_id:
        if not is_iri(explicit_id):
            raise _Invalid(
                "id", f"'id' must be an absolute IRI such as a tag: URI, got {explicit_id!r}"
            )
        article_id = explicit_id
    else:
        name = derived_name(doc.rel) if config.id_from == "path" else slug
        # A translation is its own item: another language's id names its language.
        translated = language is not None and language is not config.languages[0]
        folder = f"{language_key(language.code)}/" if translated and language else ""
        specific = name if name.startswith(folder) else folder + name
        article_id = mint_id(config.domain, published, specific)
        template = doc.fields.get(PAGE_TEMPLATE)
        pin = (
            f'"{doc.rel}" = "{article_id}"` to [page_ids] in publisher.toml (a page '
            f"{template} makes)"
            if template
            else f"id: {article_id}` to the source"
        )
        warn(None, "source-id-not-pinned",
             f"no 'id': derived {article_id}; add `{pin} to pin it")  # fmt: skip
    _check_body(doc)
    try:
        # Media, transcripts, chapters and people resolve against the link, as images do.
        episode = episode_from(doc.fields, lambda url, name: _absolute(url, link, name), warn)
    except EpisodeFieldError as exc:
        raise _Invalid(exc.field, str(exc)) from None

    return Article(
        id=article_id,
        title=generator.display_title(title, config.site_rules) if generator else title,
        slug=slug,
        category=category,
        category_slug=cat_slug,
        link=link,
        published=published,
        updated=updated,
        source=doc.path,
        body_format=doc.body_format,
        authors=authors,
        tags=tags,
        summary=summary,
        image=image_url,
        image_path=image,
        id_pinned=bool(explicit_id),
        more_categories=tuple(categories[1:]),
        expires=expires,
        episode=episode,
        content_mode=content_mode,
        summary_separator=generator.summary_separator(doc.fields) if generator else None,
        order=generator.page_order(doc, published) if generator else None,
    )


def _slug(doc: SourceDoc, generator: SiteGenerator | None, title: str) -> str:
    explicit = _optional_text(doc, "slug")
    if not generator:
        return slugify(explicit or PurePosixPath(doc.rel).stem)
    return generator.slug(explicit, doc.rel, title) or slugify(title)


def _expiry(doc: SourceDoc, tz: tzinfo, generator: SiteGenerator | None) -> datetime | None:
    for name in EXPIRY_FIELDS:
        if doc.fields.get(name) not in (None, ""):
            return _date(doc, name, tz, generator)
    return None


def _title(doc: SourceDoc, generator: SiteGenerator | None) -> str:
    """The ``title`` field; a generator may title a source that has none."""
    if doc.fields.get("title") in (None, "") and generator:
        untitled = generator.untitled(doc.rel)
        if untitled is not None:
            return untitled
    return _required_text(doc, "title")


def _clean_text(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _optional_text(doc: SourceDoc, name: str) -> str | None:
    value = doc.fields.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Invalid(name, f"{name!r} must be text, got {_kind(value)}")
    return str(value).strip()


def _required_text(doc: SourceDoc, name: str) -> str:
    value = _optional_text(doc, name)
    if not value:
        raise _Invalid(
            name, f"missing required field {name!r}" if value is None else f"{name!r} is empty"
        )
    return value


def _boolean(doc: SourceDoc, name: str) -> bool:
    value = doc.fields.get(name, False)
    if not isinstance(value, bool):
        raise _Invalid(name, f"{name!r} must be true or false, got {_kind(value)}")
    return value


def _date(doc: SourceDoc, name: str, tz: tzinfo, generator: SiteGenerator | None) -> datetime:
    value = doc.fields[name]
    try:
        if generator:
            return generator.read_date(value, tz)
        return parse_date(value, tz)
    except DateError as exc:
        raise _Invalid(name, f"{name!r}: {exc}") from None


def _categories(doc: SourceDoc, generator: SiteGenerator | None) -> list[str]:
    """Every category named by ``category``/``categories``, first one first, no repeats.

    Without one, the folder is the category; a generator's post may have none at all
    (it then appears only in the ``all`` feed).
    """
    found: dict[str, str] = {}
    for name in CATEGORY_FIELDS:
        value = doc.fields.get(name)
        if value in (None, "", []):
            continue
        for item in _category_items(value, name, generator):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise _Invalid(name, f"{name!r} must be text or a list of text, got {_kind(item)}")
            text = _clean_text(str(item))
            if text:
                found.setdefault(text.casefold(), text)
    if found:
        return list(found.values())
    default = generator.default_categories(doc.rel) if generator else None
    if default is not None:
        return default
    parts = PurePosixPath(doc.rel).parts
    if len(parts) > 1:
        # A bare folder name reads better capitalized in feeds (business/ -> Business).
        folder = parts[0]
        return [folder[:1].upper() + folder[1:] if folder.islower() else folder]
    raise _Invalid("category", "no category: add a 'category' field or put the file in a folder")


def _category_items(value: object, field: str, generator: SiteGenerator | None) -> list[object]:
    if generator:
        return generator.split_categories(value, field=field)
    return list(value) if isinstance(value, list) else [value]


def _article_link(
    doc: SourceDoc,
    config: Config,
    categories: list[str],
    slug: str,
    when: datetime,
    title: str,
    files: SiteFiles,
    language: LanguageConfig | None = None,
) -> str:
    generator = site_generator(config)
    if generator:
        local = when.astimezone(config.tz) if generator.url_dates_in_site_zone else when
        try:
            own = generator.article_link(doc.fields, doc.rel, local, config)
        except ValueError as exc:
            raise _Invalid("link", str(exc)) from None
        if own is not None:
            return own
    explicit = _optional_text(doc, "link")
    if explicit and "/:" not in explicit:  # a Jekyll permalink pattern is no link
        return iri_to_uri(_absolute(explicit, config.base_url + "/", "link"))
    explicit_slug = _optional_text(doc, "slug")
    pattern = config.section_urls.get(section(doc.rel), config.article_url)
    path = ""
    if "{path}" in pattern:
        path = generator.link_path(doc, when, files) if generator else _path(doc.rel)
    link = _pattern_link(
        config, doc.rel, categories, slug, when, title, bool(explicit_slug), path, language
    )
    # A stray character in a pattern (a permalink copied with a backtick), a folder
    # name with a space or a slug in Cyrillic must cost no feed: percent-encoded, as
    # explicit links are (an RSS link is a URI). What still is no http(s) URL is this
    # source's error, never every feed's.
    link = iri_to_uri(escape_uri(link))
    try:
        parts = urlsplit(link)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise _Invalid("link", f"the link made from article_url, {link!r}, is no http(s) URL")
    return link


def _path(rel: str) -> str:
    """``{path}`` for publisher's own sources: folders and name, URL-escaped."""
    return quote(str(PurePosixPath(rel).with_suffix("")))


def _pattern_link(
    config: Config,
    rel: str,
    categories: list[str],
    slug: str,
    when: datetime,
    title: str,
    has_slug: bool,
    path: str = "",
    language: LanguageConfig | None = None,
) -> str:
    generator = site_generator(config)
    translated = language is not None and language is not config.languages[0]
    if generator and generator.url_dates_in_site_zone:
        when = when.astimezone(config.tz)
    cat_slug = ""
    if categories:
        cat_slug = (
            generator.url_category(categories[0]) if generator else category_slug(categories[0])
        )
    where = section(rel)
    pattern = config.section_urls.get(where, config.article_url)
    if translated and config.translation_url:
        pattern = config.translation_url
    # Slugifying costs: only for the patterns that use these (a cold build does 10k).
    titled = file = ""
    if "{title}" in pattern or "{slug_or_title}" in pattern:
        titled = generator.urlize(title) if generator else slugify(title or "x")
    if "{file}" in pattern:
        file = generator.url_file(rel) if generator else slugify(PurePosixPath(rel).stem)
    link = pattern.format(
        base_url=config.base_url,
        date=when,  # {date:%Y/%b}: any strftime format (Pelican's ARTICLE_URL)
        lang=language.code if language is not None else config.language,
        category=cat_slug,
        slug=slug,
        year=f"{when.year:04d}",
        month=f"{when.month:02d}",
        day=f"{when.day:02d}",
        section=generator.url_section(where) if generator else where,
        # Jekyll's :categories: each category downcased, joined into folders.
        categories="/".join(dict.fromkeys(quote(c.lower()) for c in categories))
        if "{categories}" in pattern
        else "",
        title=titled,
        file=file,
        # Hugo's :slug: the slug field, else the title.
        slug_or_title=slug if has_slug else titled,
        path=path,
    )
    if (
        translated
        and language is not None
        and "{lang}" not in pattern
        and (generator is None or generator.language_in_links)
        and link.startswith(config.base_url + "/")
    ):
        # Another language's pages live under its folder (Hugo's /fr/...), or on its
        # own host when it has one (Hugo's baseURL per language).
        path = link[len(config.base_url) :]
        home = language.link or f"{config.base_url}/{language_key(language.code)}/"
        link = home.rstrip("/") + path
    # An empty placeholder leaves '//' in the path; generators collapse it, so do we.
    scheme, sep, rest = link.partition("://")
    if not sep or "//" not in rest:
        return link
    return scheme + sep + re.sub(r"/{2,}", "/", rest)


def _absolute(url: str, base: str, name: str) -> str:
    try:
        resolved = urljoin(base, url)
        parts = urlsplit(resolved)
    except ValueError:  # e.g. an unclosed IPv6 bracket: "http://[::1"
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise _Invalid(name, f"{name!r} must be an http(s) URL, got {url!r}")
    # Spaces and the like are a typing slip ("my photo.jpg"): percent-encode, as browsers do.
    return escape_uri(resolved)


def _authors(doc: SourceDoc, generator: SiteGenerator | None, config: Config) -> tuple[Author, ...]:
    """The source's authors, each completed from its ``[authors."Name"]`` profile."""
    value = doc.fields.get("author")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    authors = []
    for item in items:
        if isinstance(item, str) and item.strip():
            authors.append(Author(_clean_text(item)))
        elif generator and isinstance(item, dict):
            # jekyll-import writes {login, email, display_name}; themes add url, avatar...
            name = item.get("name") or item.get("display_name") or item.get("login")
            if isinstance(name, str) and name.strip():
                email = item.get("email")
                valid = isinstance(email, str) and _EMAIL.fullmatch(email.strip())
                address = email.strip() if valid and isinstance(email, str) else None
                links = _person_links(item, config, strict=False)
                authors.append(Author(_clean_text(name), address, **links))
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            email = item.get("email")
            valid = isinstance(email, str) and _EMAIL.fullmatch(email.strip())
            if email is not None and not valid:
                raise _Invalid("author", f"'author' email must be an address, got {email!r}")
            unknown = sorted(set(item) - {"name", "email", "url", "avatar"})
            if unknown:
                raise _Invalid("author", f"'author' has unknown key {unknown[0]!r}")
            links = _person_links(item, config, strict=True)
            name = _clean_text(item["name"])
            authors.append(Author(name, email.strip() if email else None, **links))
        else:
            raise _Invalid("author", "'author' must be a name, or {name: ..., email: ...}")
    return tuple(_profiled(author, config) for author in authors)


def _person_links(item: Mapping[str, object], config: Config, *, strict: bool) -> dict[str, str]:
    """An author's ``url`` and ``avatar``, absolute; a generator's theme field that is no
    URL is left out (``strict``: an error, for our own sources)."""
    links: dict[str, str] = {}
    for key in ("url", "avatar"):
        value = item.get(key)
        if value is None or value == "":
            continue
        try:
            if not isinstance(value, str):
                raise _Invalid("author", f"'author' {key} must be a URL, got {_kind(value)}")
            links[key] = _absolute(value.strip(), config.base_url + "/", f"author {key}")
        except _Invalid as exc:
            if strict:
                raise _Invalid("author", str(exc)) from None
    return links


def _profiled(author: Author, config: Config) -> Author:
    """``author`` with what its ``[authors."Name"]`` profile adds (the source's own win)."""
    profile = config.authors.get(author.name.casefold())
    if profile is None:
        return author
    return Author(
        author.name,
        author.email or profile.email,
        author.url or profile.url,
        author.avatar or profile.avatar,
    )


def _tags(doc: SourceDoc, generator: SiteGenerator | None) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in TAG_FIELDS:
        value = doc.fields.get(name)
        if value is None:
            continue
        if isinstance(value, str):
            value = value.split(",")
        if generator and isinstance(value, list):  # `tags: [2019, go]` is fine in Hugo
            value = [str(t) for t in value if isinstance(t, str | int | float)]
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise _Invalid(name, f"{name!r} must be a list of text, got {_kind(value)}")
        for tag in value:
            if tag.strip():
                seen.setdefault(_clean_text(tag))
    return tuple(seen)


def _kind(value: object) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }
    return names.get(type(value), type(value).__name__)
