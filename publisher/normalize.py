"""SourceDoc -> Article: field rules, slugs, zone-aware dates, ids, absolute URLs."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import PurePosixPath
from urllib.parse import quote, urljoin, urlsplit

from publisher.config import Config
from publisher.crossref import find_source
from publisher.dates import DateError, parse_date
from publisher.errors import Problem, Severity, SourceError
from publisher.generators import (
    ALIASES,
    CATEGORY_FIELDS,
    DRAFT,
    EXPIRY_FIELDS,
    GENERATOR_FIELDS,
    TAG_FIELDS,
    Generator,
    file_date,
    file_stem,
    generator_slug,
    is_bundle_resource,
    is_page,
    never_published,
    section,
    split_categories,
)
from publisher.ids import mint_id
from publisher.limits import check_html, check_markdown
from publisher.model import Article, Author, SourceDoc
from publisher.slugs import category_slug, slugify
from publisher.sources.base import ReaderOptions
from publisher.sources.decode import decode_source
from publisher.sources.markdown import MarkdownReader
from publisher.templating import Site, expand
from publisher.text import NOT_IN_URI, XML_ILLEGAL, debugging, escape_uri, internal_error

KNOWN_FIELDS = frozenset(
    {"title", "date", "updated", "category", "tags", "author", "summary", "id", "slug", "link"}
    | {"draft", "image"}
)
MAX_TITLE_LENGTH = 500
_SPACE = re.compile(r"\s+")
_Warn = Callable[[str | None, str, str], None]
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# The addresses feed readers (and our validator) accept: no quotes, brackets or spaces.
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?~-]+@[\w-]+(?:\.[\w-]+)+")


class _Invalid(Exception):
    """One field is wrong; carries the field name for its line number."""

    def __init__(self, field: str, message: str, *, line: int | None = None):
        super().__init__(message)
        self.field = field
        self.line = line


def normalize(doc: SourceDoc, config: Config) -> tuple[Article | None, list[Problem]]:
    """Apply every metadata rule to one source; None (with an error) when it cannot publish.

    Drafts also give None, with no problem, unless ``config.drafts`` (a preview).
    """
    problems = list(doc.problems)

    def warn(field: str | None, rule: str, message: str) -> None:
        line = doc.field_lines.get(field) if field else None
        problems.append(Problem(doc.path, line, Severity.WARNING, rule, message))

    generator = _generator(config)
    # Hugo's leaf-bundle resources and Pelican's pages are no articles: nothing to say.
    if (
        generator == "hugo"
        and is_bundle_resource(doc.rel, lambda rel: (config.content_dir / rel).is_file())
    ) or is_page(doc.rel, generator):
        return None, problems
    ignored = set(config.ignore_fields)
    for name in sorted(set(doc.fields) - KNOWN_FIELDS - GENERATOR_FIELDS - ignored):
        warn(name, "source-unknown-field", f"unknown field {name!r} is ignored")
    try:
        # Escapes such as "\x01" in YAML, or entities in a scraped page, get past the
        # decoder's check; lxml refuses such characters, so they go here, field by field.
        doc = replace(doc, fields=_xml_safe_fields(doc.fields, warn))
        _boolean(doc, "draft")  # a value that is not a boolean is an error, even in a draft
        withheld = never_published(doc.rel, doc.fields)
        if withheld and not (config.drafts and withheld == DRAFT):
            return None, problems
        if generator == "pelican" and not any(doc.fields.get(n) for n in ALIASES["date"]):
            warn(None, "source-not-an-article", "no Date: not published (Pelican skips it too)")
            return None, problems
        article = _apply_rules(_canonical(doc, _generator(config)), config, warn)
        if config.generator:
            for at, message in expand(doc.body, template_site(config, doc.rel))[1]:
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


def template_site(config: Config, rel: str) -> Site:
    """How template syntax in the source at ``rel`` is rendered for this site."""
    generator = _generator(config)

    def resolve(target: str) -> str | None:
        return _link_to(config, generator, rel, target)

    return Site(generator, config.base_url, resolve)


def expand_templates(body: str, config: Config, rel: str) -> str:
    """A Markdown body with the generator's template syntax rendered (see templating)."""
    if not config.generator:
        return body
    return expand(body, template_site(config, rel))[0]


def _link_to(config: Config, generator: Generator, rel: str, target: str) -> str | None:
    """The URL of the source a cross reference in ``rel`` points to; None if none.

    The other source is read for its link (its own cross references are not followed).
    """
    path = find_source(config.content_dir, generator, rel, target)
    if path is None:
        return None
    other_rel = path.relative_to(config.content_dir.resolve()).as_posix()
    try:
        text, _ = decode_source(path.read_bytes(), other_rel)
        doc = MarkdownReader().read(text, path=other_rel, rel=other_rel, options=ReaderOptions())
        article = _apply_rules(_canonical(doc, generator), config, lambda *_: None)
    except (OSError, SourceError, _Invalid):
        return None
    anchor = target.partition("#")[2]
    return article.link + (f"#{anchor}" if anchor else "")


def _generator(config: Config) -> Generator:
    name = config.generator
    return name if name in ("hugo", "jekyll", "pelican") else ""  # type: ignore[return-value]  # checked by config


# Where a generator site's pinned id goes when its own `id` field means something else.
FEED_ID = "feed_id"


def is_iri(value: object) -> bool:
    """Whether an ``id`` value can be a feed id: an absolute IRI such as a tag: URI."""
    return isinstance(value, str) and bool(_SCHEME.match(value)) and not NOT_IN_URI.search(value)


_ALIAS_NAMES = frozenset(
    name for names in ALIASES.values() for name in names if name not in ALIASES
) | {"published"}
# Hugo's zero date, which its feeds carry as the year 1: the earliest date feeds can take.
HUGO_NO_DATE = "1970-01-01T00:00:00+00:00"


def _canonical(doc: SourceDoc, generator: Generator) -> SourceDoc:
    """``doc`` with generators' names for our fields (``lastmod``, ``description``, ...)
    copied to ours, and a Jekyll post's file-name date as its date when it has none.

    Hugo publishes pages without a title or a date too: the file name and its zero date
    stand in (its own date falls back on ``lastmod`` first).
    """
    if not generator and _ALIAS_NAMES.isdisjoint(doc.fields):
        return doc  # a publisher source: nothing to copy (the common case, kept cheap)
    fields = dict(doc.fields)
    lines = dict(doc.field_lines)
    if generator:
        own_id = fields.get("id")
        if own_id not in (None, "") and not is_iri(own_id):
            # jekyll-import's WordPress post number and the like: the generator's, not ours;
            # ours is then pinned as feed_id (see migrate).
            fields["generator_id"] = fields.pop("id")
        if fields.get(FEED_ID) not in (None, ""):
            fields["id"] = fields[FEED_ID]
            lines["id"] = lines.get(FEED_ID, 1)
        if not isinstance(fields.get("image", ""), str):
            fields.pop("image")  # a theme's {src, alt} cover: for its pages, not feeds
    if generator == "hugo":
        if fields.get("title") in (None, ""):
            fields["title"] = file_stem(doc.rel, generator).replace("-", " ").strip() or "Untitled"
        if all(fields.get(n) in (None, "") for n in (*ALIASES["date"], *ALIASES["updated"])):
            fields["date"] = HUGO_NO_DATE
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
    named = file_date(doc.rel, generator)
    if named and fields.get("date") in (None, ""):
        fields["date"] = named
    if generator == "hugo" and fields.get("date") in (None, ""):
        fields["date"] = fields.get("updated")  # Hugo's date falls back on lastmod
    return replace(doc, fields=fields, field_lines=lines)


def _apply_rules(doc: SourceDoc, config: Config, warn: _Warn) -> Article:
    tz = config.tz
    title = _clean_text(_required_text(doc, "title"))
    if len(title) > MAX_TITLE_LENGTH:
        raise _Invalid("title", f"'title' is {len(title)} characters (at most {MAX_TITLE_LENGTH})")
    if "date" not in doc.fields or doc.fields["date"] in (None, ""):
        hint = (
            ""
            if doc.rel.endswith((".md", ".markdown"))
            else (": add a Date: line or run `publisher import --date`")
        )
        raise _Invalid("date", f"no date{hint or ': add a date field'}")
    published = _date(doc, "date", tz)
    updated = (
        _date(doc, "updated", tz) if doc.fields.get("updated") not in (None, "") else published
    )
    if updated < published:
        warn("updated", "source-updated-before-date", "'updated' is before 'date': using 'date'")
        updated = published

    generator = _generator(config)
    categories = _categories(doc, generator)
    category = categories[0] if categories else ""
    cat_slug = category_slug(category) if category else ""
    slug = _slug(doc, generator, title)
    link = _article_link(doc, config, categories, slug, published, title)
    expires = _expiry(doc, tz)

    image = _optional_text(doc, "image")
    authors = _authors(doc, _generator(config)) or ((config.author,) if config.author else ())
    tags = _tags(doc, _generator(config))
    summary = _clean_text(_optional_text(doc, "summary") or "") or None
    image_url = _absolute(image, link, "image") if image else None
    explicit_id = _optional_text(doc, "id")
    if explicit_id:
        if not is_iri(explicit_id):
            raise _Invalid(
                "id", f"'id' must be an absolute IRI such as a tag: URI, got {explicit_id!r}"
            )
        article_id = explicit_id
    else:
        article_id = mint_id(config.domain, published, slug)
        warn(None, "source-id-not-pinned",
             f"no 'id': derived {article_id}; add `id: {article_id}` to pin it")  # fmt: skip
    _check_body(doc)

    return Article(
        id=article_id,
        title=title,
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
    )


def _slug(doc: SourceDoc, generator: Generator, title: str) -> str:
    explicit = _optional_text(doc, "slug")
    if not generator:
        return slugify(explicit or PurePosixPath(doc.rel).stem)
    if generator == "pelican" and not explicit:
        explicit = title  # Pelican's SLUGIFY_SOURCE is the title
    slug = generator_slug(explicit or file_stem(doc.rel, generator), generator)
    return slug or slugify(title)


def _expiry(doc: SourceDoc, tz: tzinfo) -> datetime | None:
    for name in EXPIRY_FIELDS:
        if doc.fields.get(name) not in (None, ""):
            return _date(doc, name, tz)
    return None


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


def _date(doc: SourceDoc, name: str, tz: tzinfo) -> datetime:
    try:
        return parse_date(doc.fields[name], tz)
    except DateError as exc:
        raise _Invalid(name, f"{name!r}: {exc}") from None


def _categories(doc: SourceDoc, generator: Generator) -> list[str]:
    """Every category named by ``category``/``categories``, first one first, no repeats.

    Without one, the folder is the category; a generator's post may have none at all
    (it then appears only in the ``all`` feed).
    """
    found: dict[str, str] = {}
    for name in CATEGORY_FIELDS:
        value = doc.fields.get(name)
        if value in (None, "", []):
            continue
        for item in split_categories(value, field=name, generator=generator):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise _Invalid(name, f"{name!r} must be text or a list of text, got {_kind(item)}")
            text = _clean_text(str(item))
            if text:
                found.setdefault(text.casefold(), text)
    if found:
        return list(found.values())
    parts = PurePosixPath(doc.rel).parts
    if generator == "jekyll" or (generator == "pelican" and len(parts) < 2):
        return []  # Jekyll's folders under _posts are no categories
    if generator == "hugo":
        return [section(doc.rel)] if section(doc.rel) else []
    if len(parts) > 1:
        # A bare folder name reads better capitalized in feeds (business/ -> Business).
        folder = parts[0]
        return [folder[:1].upper() + folder[1:] if folder.islower() else folder]
    raise _Invalid("category", "no category: add a 'category' field or put the file in a folder")


def _article_link(
    doc: SourceDoc, config: Config, categories: list[str], slug: str, when: datetime, title: str
) -> str:
    explicit = _optional_text(doc, "link")
    if explicit and "/:" not in explicit:  # a Jekyll permalink pattern is no link
        return _absolute(explicit, config.base_url + "/", "link")
    explicit_slug = _optional_text(doc, "slug")
    return _pattern_link(config, doc.rel, categories, slug, when, title, bool(explicit_slug))


def _pattern_link(
    config: Config,
    rel: str,
    categories: list[str],
    slug: str,
    when: datetime,
    title: str,
    has_slug: bool,
) -> str:
    generator = _generator(config)
    if generator == "jekyll":
        when = when.astimezone(config.tz)  # Jekyll's URL dates are in the site's zone
    cat_slug = category_slug(categories[0]) if categories else ""
    where = section(rel)
    pattern = config.section_urls.get(where, config.article_url)
    # Slugifying costs: only for the patterns that use these (a cold build does 10k).
    titled = file = ""
    if "{title}" in pattern or "{slug_or_title}" in pattern:
        titled = generator_slug(title, generator) if generator else slugify(title or "x")
    if "{file}" in pattern:
        stem = file_stem(rel, generator)
        file = generator_slug(stem, generator) if generator else slugify(stem)
    link = pattern.format(
        base_url=config.base_url,
        category=cat_slug,
        slug=slug,
        year=f"{when.year:04d}",
        month=f"{when.month:02d}",
        day=f"{when.day:02d}",
        section=where.lower() if generator == "hugo" else where,
        # Jekyll's :categories: each category downcased, joined into folders.
        categories="/".join(dict.fromkeys(quote(c.lower()) for c in categories))
        if "{categories}" in pattern
        else "",
        title=titled,
        file=file,
        # Hugo's :slug: the slug field, else the title.
        slug_or_title=slug if has_slug else titled,
    )
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


def _authors(doc: SourceDoc, generator: Generator) -> tuple[Author, ...]:
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
                authors.append(Author(_clean_text(name), address))
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            email = item.get("email")
            valid = isinstance(email, str) and _EMAIL.fullmatch(email.strip())
            if email is not None and not valid:
                raise _Invalid("author", f"'author' email must be an address, got {email!r}")
            unknown = sorted(set(item) - {"name", "email"})
            if unknown and not generator:  # themes add url, twitter, avatar...: theirs
                raise _Invalid("author", f"'author' has unknown key {unknown[0]!r}")
            authors.append(Author(_clean_text(item["name"]), email.strip() if email else None))
        else:
            raise _Invalid("author", "'author' must be a name, or {name: ..., email: ...}")
    return tuple(authors)


def _tags(doc: SourceDoc, generator: Generator) -> tuple[str, ...]:
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
