"""Item identity: RFC 4151 tag URIs minted from the site's domain, date and slug."""

from __future__ import annotations

from datetime import datetime


def mint_id(domain: str, published: datetime, slug: str) -> str:
    """RFC 4151 tag URI from the site's domain, the first publication date and the slug.

    Never from the title, URL, path or category: those may change, an id may not.
    """
    return f"tag:{domain},{published.date().isoformat()}:{slug}"
