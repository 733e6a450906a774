"""Safe, readable, ASCII slugs for categories and articles."""

from __future__ import annotations

import functools
import hashlib
import re

from slugify import slugify as _transliterate_slug

MAX_SLUG_LENGTH = 80
_ALREADY_A_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Names that are special on Windows filesystems, or that our own output layout uses.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "index", "all", "archive"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)


def slugify(text: str, *, reserved: frozenset[str] = frozenset()) -> str:
    """Lowercase ASCII words joined by hyphens; never empty, never a path, never reserved.

    Non-Latin text is transliterated (``Мир`` -> ``mir``). Text with nothing to
    transliterate falls back to ``x-`` plus a short hash, so distinct names stay distinct.
    """
    if _ALREADY_A_SLUG.fullmatch(text) and len(text) <= MAX_SLUG_LENGTH:
        # Most file names already are slugs; skip transliteration (a cold build's hot path).
        slug = text
    else:
        slug = _transliterate_slug(text, max_length=MAX_SLUG_LENGTH, word_boundary=True)
    if not slug:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        return f"x-{digest}"
    if slug in reserved:
        slug = f"{slug}-1"
    return slug


@functools.lru_cache(maxsize=4096)
def category_slug(name: str) -> str:
    """Slug for a category; avoids names our output layout or Windows reserve (``all``)."""
    return slugify(name, reserved=_RESERVED)


@functools.lru_cache(maxsize=4096)
def tag_slug(name: str) -> str:
    """Slug for a tag's feed folder under ``tags/``; names differing in case share one."""
    return slugify(name.strip().lower(), reserved=_RESERVED)
