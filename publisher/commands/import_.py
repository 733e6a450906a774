"""``publisher import``: scraped pages (files, URLs, standard input) turned into Markdown
sources with pinned ids.

Every page is read and converted before anything is written (``plan_import``), so one
bad page leaves every file untouched; a page imported before (its pinned id or link
anywhere in the content folder) is found and refused unless ``force`` replaces it.
Nothing here prints: warnings and errors come back for the command to show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from email.message import Message
from pathlib import Path

import yaml

from publisher.commands.markdown_source import (
    date_option,
    render_source,
    source_path,
    write_source,
)
from publisher.config import Config, load_config
from publisher.dates import DateError, parse_date
from publisher.errors import Problem, PublisherError, Severity
from publisher.ids import mint_id
from publisher.limits import check_front_matter
from publisher.model import SourceDoc
from publisher.slugs import slugify
from publisher.sources import (
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    ReaderOptions,
    page_suffixes,
    read_page,
)

FETCH_TIMEOUT = 20.0  # seconds for connecting and for the whole download of one page
STDIN = "-"  # the page name that reads standard input
# How much of a source is read for its front matter when looking for an earlier import.
_FRONT_MATTER_LIMIT = 16384


@dataclass(frozen=True, slots=True)
class PlannedSource:
    """A converted page: where its source goes, its text, and the earlier import of the
    same page it replaces (``force``)."""

    path: Path
    text: str
    replaces: Path | None = None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What importing the pages would write, the warnings met on the way (in order), and
    the pages that failed (nothing is written when there is any)."""

    sources: tuple[PlannedSource, ...]
    warnings: tuple[Problem, ...]
    errors: tuple[PublisherError, ...]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """The command's options: what overrides the page's own metadata, and where to write."""

    category: str | None = None
    when: str | None = None
    title: str | None = None
    out_dir: Path | None = None
    force: bool = False


def plan_import(
    pages: Sequence[str],
    options: ImportOptions,
    *,
    config_path: Path | None,
    read_stdin: Callable[[], bytes],
) -> ImportPlan:
    """Read and convert every page first, so one bad page leaves every file untouched.

    A bad config or ``--date`` raises PublisherError at once; a bad page is one error in
    the plan. ``read_stdin`` gives the bytes of the page named ``-``.
    """
    overrides = {"content_dir": str(options.out_dir)} if options.out_dir is not None else None
    config = load_config(config_path, overrides=overrides)
    # An earlier import may sit in the site's content folder or in the --out folder.
    site = load_config(config_path).content_dir if options.out_dir else config.content_dir
    searched = tuple(dict.fromkeys((config.content_dir, site)))
    published = date_option(options.when, config)
    planned: list[PlannedSource] = []
    warnings: list[Problem] = []
    errors: list[PublisherError] = []
    for page in pages:
        try:
            doc = _load(page, config, read_stdin)
            warnings += doc.problems
            item = _convert(doc, config, options, published, searched, warnings)
            if any(p.path == item.path for p in planned):
                raise PublisherError("another page has the same title and category", path=page)
            if item.path.exists() and not options.force and item.replaces != item.path:
                raise PublisherError(
                    "already exists (use --force to overwrite)", path=str(item.path)
                )
            planned.append(item)
        except PublisherError as exc:
            errors.append(exc)
    return ImportPlan(tuple(planned), tuple(warnings), tuple(errors))


def write_planned(item: PlannedSource, *, force: bool) -> None:
    """Write one converted page, and remove the earlier import it replaces."""
    write_source(item.path, item.text, force=force)
    if item.replaces is not None and item.replaces != item.path:
        item.replaces.unlink(missing_ok=True)


def _load(page: str, config: Config, read_stdin: Callable[[], bytes]) -> SourceDoc:
    """Read a page and scrape it with the reader its suffix (for stdin, its text) picks."""
    options = ReaderOptions(config.boilerplate_patterns, config.generator)
    if is_url(page):
        return fetch_page(page, options, max_bytes=config.max_source_bytes)
    shown = "<stdin>" if page == STDIN else page
    suffix = None if page == STDIN else Path(page).suffix.lower()
    if suffix is not None and suffix not in page_suffixes():
        *others, last = page_suffixes()
        use = f"{', '.join(others)} or {last}"
        raise PublisherError(f"not a page: use {use} (or {STDIN} for stdin)", path=page)
    if page == STDIN:
        data = read_stdin()
    else:
        try:
            data = Path(page).read_bytes()
        except OSError as exc:
            raise PublisherError(f"cannot read: {exc.strerror}", path=page) from None
    if len(data) > config.max_source_bytes:
        raise PublisherError(f"page is over {config.max_source_bytes} bytes", path=shown)
    return read_page(data, suffix, options, shown=shown)


def _convert(
    doc: SourceDoc,
    config: Config,
    options: ImportOptions,
    published: datetime | None,
    searched: tuple[Path, ...],
    warnings: list[Problem],
) -> PlannedSource:
    """One scraped page as a Markdown source (its warnings added to ``warnings``)."""
    shown = doc.path
    fields = {k: v.strip() for k, v in doc.fields.items() if isinstance(v, str) and v.strip()}
    title = (options.title or "").strip() or fields.get("title")
    category = (options.category or "").strip() or fields.get("category")
    if not title:
        raise PublisherError("no title found in the page: pass --title", path=shown)
    if not category:
        raise PublisherError("no category found in the page: pass --category", path=shown)
    if not doc.body.strip():
        raise PublisherError("no article text found in the page", path=shown)
    published = published or _page_date(fields, config, shown, warnings)
    slug = slugify(title)
    front: dict[str, object] = {
        "title": title,
        "id": mint_id(config.domain, published, slug),
        "date": published,
        "category": category,
        "author": fields.get("author"),
        "summary": fields.get("summary"),
        "link": fields.get("link"),
        "image": fields.get("image"),
        "tags": [t.strip() for t in fields.get("tags", "").split(",") if t.strip()],
    }
    path = source_path(config.content_dir, category, slug)
    earlier = find_imported(searched, id_=str(front["id"]), link=fields.get("link"))
    if earlier is not None and not options.force:
        raise PublisherError(
            f"already imported as {earlier} (use --force to replace it)", path=shown
        )
    return PlannedSource(path, render_source(front, doc.body), earlier)


def _page_date(
    fields: dict[str, str], config: Config, shown: str, warnings: list[Problem]
) -> datetime:
    """The page's own date, else now (with a warning either way it goes wrong)."""
    if "date" in fields:
        try:
            return parse_date(fields["date"], config.tz).replace(microsecond=0)
        except DateError as exc:
            warnings.append(_warning(shown, "import-date-ignored", f"date ignored: {exc}"))
    published = datetime.now(config.tz).replace(microsecond=0)
    warnings.append(
        _warning(
            shown,
            "import-undated",
            f"no date found in the page: dated now ({published.isoformat()});"
            " pass --date to give its publication date",
        )
    )
    return published


def _warning(shown: str, rule: str, message: str) -> Problem:
    return Problem(shown, None, Severity.WARNING, rule, message)


def is_url(page: str) -> bool:
    """True for an http(s) URL given to ``publisher import`` instead of a file."""
    return page.lower().startswith(("http://", "https://"))


def fetch_page(
    url: str, options: ReaderOptions, *, max_bytes: int, timeout: float = FETCH_TIMEOUT
) -> SourceDoc:
    """Fetch a page over http(s) (the validator's limits) and scrape it.

    The server's media type picks the reader (else the page's first character), its
    charset wins over the page's own, and the URL reached after redirects becomes the
    ``link`` unless the page names a canonical one.
    """
    from publisher.validate.fetch import PAGES, fetch

    fetched = fetch(url, timeout=timeout, max_bytes=max_bytes, accept=PAGES, purpose="import")
    if fetched.too_large:
        raise PublisherError(f"page is over {max_bytes} bytes", path=url)
    media = Message()
    media["Content-Type"] = fetched.content_type or ""
    kind = media.get_content_type() if fetched.content_type else ""
    suffix = (
        TEXT_SUFFIXES[0] if kind == "text/plain" else HTML_SUFFIXES[0] if "html" in kind else None
    )
    charset = media.get_param("charset")
    doc = read_page(
        fetched.data,
        suffix,
        options,
        shown=url,
        header_charset=charset if isinstance(charset, str) else None,
    )
    if not doc.fields.get("link"):
        doc = replace(doc, fields={**doc.fields, "link": fetched.final_url})
    return doc


def find_imported(folders: Iterable[Path], *, id_: str, link: str | None) -> Path | None:
    """The Markdown source under ``folders`` whose pinned ``id`` or ``link`` is this one.

    ``publisher import`` asks before writing, so importing a page twice (into another
    category, or on another day) never leaves two files claiming one article.
    """
    wanted = {("id", id_)} | ({("link", link.rstrip("/"))} if link else set())
    needles = [value for _, value in wanted]
    sources = (path for folder in folders if folder.is_dir() for path in folder.rglob("*.md"))
    for path in sorted(sources):
        head = _head(path)
        # Most files name neither: skip them before parsing YAML (archives are large).
        if not any(needle in head for needle in needles):
            continue
        front = _front_matter(head)
        found = {(k, str(front[k]).strip().rstrip("/")) for k in ("id", "link") if front.get(k)}
        if found & wanted:
            return path
    return None


def _head(path: Path) -> str:
    """The start of a source, where its front matter is; empty when it cannot be read."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(_FRONT_MATTER_LIMIT)
    except OSError:
        return ""


def _front_matter(head: str) -> dict[str, object]:
    """A source's YAML front matter, or nothing when it has none or it is not YAML."""
    if not head.startswith("---\n"):
        return {}
    end = head.find("\n---", 4)
    if end < 0 or check_front_matter(head[4:end], "yaml") is not None:
        return {}
    try:
        data = yaml.safe_load(head[4:end])
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}
