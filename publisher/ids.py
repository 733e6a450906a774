"""Item identity: RFC 4151 tag URIs minted from the site's domain, date and slug, and
which values can be an id."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from urllib.parse import quote

from publisher.text import NOT_IN_URI

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def mint_id(domain: str, published: datetime, slug: str) -> str:
    """RFC 4151 tag URI from the site's domain, the first publication date and the slug.

    Never from the title, URL, path or category: those may change, an id may not. A
    slug that keeps non-ASCII letters (a generator's, Jekyll's "pretty" mode) is
    percent-encoded as UTF-8, as RFC 4151's specific part requires; publisher's own
    slugs are ASCII, so their ids are as they always were.
    """
    specific = slug if slug.isascii() else quote(slug, safe="/?:@!$&'()*+,;=-._~%")
    return f"tag:{domain},{published.date().isoformat()}:{specific}"


def is_iri(value: object) -> bool:
    """Whether an ``id`` value can be a feed id: an absolute IRI such as a tag: URI."""
    return isinstance(value, str) and bool(_SCHEME.match(value)) and not NOT_IN_URI.search(value)


# The Podcasting 2.0 namespace's UUID namespace for podcast:guid.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    """``podcast:guid`` as the Podcasting 2.0 namespace derives it: a UUIDv5 of the
    feed's URL with its scheme and trailing slashes stripped (``podnews.net/rss`` ->
    ``9b024349-ccf0-5f69-a609-6b82873eab3c``, the spec's example)."""
    seed = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, seed))
