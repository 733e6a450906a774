"""SourceDoc -> Article: field rules, slugs, zone-aware dates, ids, absolute URLs."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from publisher.config import Config
from publisher.dates import DateError, parse_date
from publisher.errors import Problem, Severity
from publisher.ids import mint_id
from publisher.model import Article, Author, SourceDoc
from publisher.slugs import category_slug, slugify
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
# Python-Markdown's inline parser is quadratic in the '[' of one paragraph (upstream
# issue #798): 8000 of them take ~10 s, 50000 take minutes. No real paragraph has 1000.
MAX_BRACKETS_PER_PARAGRAPH = 1000


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

    for name in sorted(set(doc.fields) - KNOWN_FIELDS - set(config.ignore_fields)):
        warn(name, "source-unknown-field", f"unknown field {name!r} is ignored")
    try:
        # Escapes such as "\x01" in YAML, or entities in a scraped page, get past the
        # decoder's check; lxml refuses such characters, so they go here, field by field.
        doc = replace(doc, fields=_xml_safe_fields(doc.fields, warn))
        if _boolean(doc, "draft") and not config.drafts:
            return None, problems
        article = _apply_rules(doc, config, warn)
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
    """Refuse Markdown that would take Python-Markdown minutes (see MAX_BRACKETS...)."""
    if doc.body_format != "markdown" or doc.body.count("[") <= MAX_BRACKETS_PER_PARAGRAPH:
        return
    line = doc.body_line
    for paragraph in re.split(r"(\n[ \t]*\n)", doc.body):
        count = paragraph.count("[")
        if count > MAX_BRACKETS_PER_PARAGRAPH and paragraph.strip():
            start = line + len(paragraph) - len(paragraph.lstrip("\n"))
            raise _Invalid(
                "body",
                f"the paragraph at line {start} has {count} '[' (at most "
                f"{MAX_BRACKETS_PER_PARAGRAPH}: Markdown links are slow to parse): split it",
                line=start,
            )
        line += paragraph.count("\n")


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

    category = _category(doc)
    cat_slug = category_slug(category)
    slug = slugify(_optional_text(doc, "slug") or PurePosixPath(doc.rel).stem)
    link = _article_link(doc, config, cat_slug, slug, published)

    image = _optional_text(doc, "image")
    authors = _authors(doc) or ((config.author,) if config.author else ())
    tags = _tags(doc)
    summary = _clean_text(_optional_text(doc, "summary") or "") or None
    image_url = _absolute(image, link, "image") if image else None
    explicit_id = _optional_text(doc, "id")
    if explicit_id:
        if not _SCHEME.match(explicit_id) or NOT_IN_URI.search(explicit_id):
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
    )


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


def _category(doc: SourceDoc) -> str:
    category = _optional_text(doc, "category")
    if category:
        return _clean_text(category)
    parts = PurePosixPath(doc.rel).parts
    if len(parts) > 1:
        # A bare folder name reads better capitalized in feeds (business/ -> Business).
        folder = parts[0]
        return folder[:1].upper() + folder[1:] if folder.islower() else folder
    raise _Invalid("category", "no category: add a 'category' field or put the file in a folder")


def _article_link(doc: SourceDoc, config: Config, cat_slug: str, slug: str, when: datetime) -> str:
    explicit = _optional_text(doc, "link")
    if explicit:
        return _absolute(explicit, config.base_url + "/", "link")
    return config.article_url.format(
        base_url=config.base_url,
        category=cat_slug,
        slug=slug,
        year=f"{when.year:04d}",
        month=f"{when.month:02d}",
        day=f"{when.day:02d}",
    )


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


def _authors(doc: SourceDoc) -> tuple[Author, ...]:
    value = doc.fields.get("author")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    authors = []
    for item in items:
        if isinstance(item, str) and item.strip():
            authors.append(Author(_clean_text(item)))
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            email = item.get("email")
            valid = isinstance(email, str) and _EMAIL.fullmatch(email.strip())
            if email is not None and not valid:
                raise _Invalid("author", f"'author' email must be an address, got {email!r}")
            unknown = sorted(set(item) - {"name", "email"})
            if unknown:
                raise _Invalid("author", f"'author' has unknown key {unknown[0]!r}")
            authors.append(Author(_clean_text(item["name"]), email.strip() if email else None))
        else:
            raise _Invalid("author", "'author' must be a name, or {name: ..., email: ...}")
    return tuple(authors)


def _tags(doc: SourceDoc) -> tuple[str, ...]:
    value = doc.fields.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise _Invalid("tags", f"'tags' must be a list of text, got {_kind(value)}")
    seen: dict[str, None] = {}
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
