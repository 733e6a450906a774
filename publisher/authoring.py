"""Create new Markdown sources (``publisher new``, ``publisher import``) with pinned ids."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import yaml

from publisher.dates import format_rfc3339
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


def mint_id(domain: str, published: datetime, slug: str) -> str:
    """RFC 4151 tag URI from the site's domain, the first publication date and the slug."""
    return f"tag:{domain},{published.date().isoformat()}:{slug}"


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


def write_source(path: Path, text: str, *, force: bool = False) -> None:
    """Write a new source file; refuse to overwrite one unless ``force``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o644)
    except FileExistsError:
        raise PublisherError("already exists (use --force to overwrite)", path=str(path)) from None
    except OSError as exc:
        raise PublisherError(f"cannot write: {exc.strerror}", path=str(path)) from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
