"""Item identity: RFC 4151 tag URIs minted from the site's domain, date and slug, and
which values can be an id."""

from __future__ import annotations

import re
from datetime import datetime

from publisher.text import NOT_IN_URI

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def mint_id(domain: str, published: datetime, slug: str) -> str:
    """RFC 4151 tag URI from the site's domain, the first publication date and the slug.

    Never from the title, URL, path or category: those may change, an id may not.
    """
    return f"tag:{domain},{published.date().isoformat()}:{slug}"


def is_iri(value: object) -> bool:
    """Whether an ``id`` value can be a feed id: an absolute IRI such as a tag: URI."""
    return isinstance(value, str) and bool(_SCHEME.match(value)) and not NOT_IN_URI.search(value)
