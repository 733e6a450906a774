"""A Markdown source as ``new`` and ``import`` write it: its front matter and text, its
path, a ``--date`` value, and the atomic write that never overwrites by accident."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import yaml

from publisher.atomic import write_atomic
from publisher.config import Config
from publisher.dates import DateError, format_rfc3339, parse_date
from publisher.errors import PublisherError
from publisher.slugs import category_slug

# Front matter keys in the order a person expects to read them.
FIELD_ORDER = (
    "title", "id", "date", "updated", "category", "tags", "author",
    "summary", "link", "image", "slug", "draft",
)  # fmt: skip


class _FrontMatterDumper(yaml.SafeDumper):
    """Block-style mapping (one field a line) with short flow-style lists: ``tags: [a, b]``."""


def _flow_list(dumper: yaml.SafeDumper, value: list[object]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_FrontMatterDumper.add_representer(list, _flow_list)


def render_source(fields: Mapping[str, object], body: str) -> str:
    """A Markdown source: YAML front matter between ``---`` lines, a blank line, the body."""
    ordered = {k: fields[k] for k in FIELD_ORDER if fields.get(k) not in (None, "", [], ())}
    ordered.update({k: v for k, v in fields.items() if k not in FIELD_ORDER and v is not None})
    for key, value in ordered.items():
        if isinstance(value, datetime):
            ordered[key] = format_rfc3339(value)
    front = yaml.dump(
        ordered, Dumper=_FrontMatterDumper, allow_unicode=True, sort_keys=False, width=1000
    )
    return f"---\n{front}---\n\n{body.strip()}\n"


def source_path(content_dir: Path, category: str, slug: str) -> Path:
    """Where a new article goes: ``content/<category-slug>/<slug>.md``."""
    return content_dir / category_slug(category) / f"{slug}.md"


def date_option(when: str | None, config: Config) -> datetime | None:
    """A ``--date`` value in the site's zone, to the second; PublisherError if unreadable."""
    if not when:
        return None
    try:
        return parse_date(when, config.tz).replace(microsecond=0)
    except DateError as exc:
        raise PublisherError(f"--date: {exc}") from None


def write_source(path: Path, text: str, *, force: bool = False) -> None:
    """Write a source file atomically; refuse to overwrite one unless ``force``."""
    try:
        write_atomic(path, text.encode("utf-8"), overwrite=force)
    except FileExistsError:
        raise PublisherError("already exists (use --force to overwrite)", path=str(path)) from None
    except OSError as exc:
        raise PublisherError(f"cannot write: {exc.strerror}", path=str(path)) from None
