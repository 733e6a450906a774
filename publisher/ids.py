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
    """RFC 4151 tag URI from the site's domain, the first publication date and the slug
    (or, with ``id_from = "path"``, the ``derived_name`` of the source's path).

    Never from the title, URL, path or category: those may change, an id may not. A
    slug that keeps non-ASCII letters (a generator's, Jekyll's "pretty" mode) is
    percent-encoded as UTF-8, as RFC 4151's specific part requires; publisher's own
    slugs are ASCII, so their ids are as they always were.
    """
    specific = slug if slug.isascii() else quote(slug, safe="/?:@!$&'()*+,;=-._~%")
    return f"tag:{domain},{published.date().isoformat()}:{specific}"


# What a tag URI's specific part may hold besides letters and digits (RFC 4151: pchar,
# "/" and "?"); anything else is percent-encoded as UTF-8.
_TAG_SAFE = "/?!$&'()*+,;=:@-._~"
_BUNDLE_INDEX = frozenset({"index", "_index"})


def derived_name(rel: str) -> str:
    """The name a source's derived id carries with ``id_from = "path"``: its path under
    the content folder without the suffix, a bundle's ``index`` dropped
    (``posts/my-trip/index.md`` -> ``posts/my-trip``), percent-encoded where a tag URI
    needs it. Two files never share one, unlike slugs (``docs/v3.3/intro.md`` and
    ``docs/v3.4/intro.md``); and it moves only when the file does, not with a title, a
    category or a permalink setting."""
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    path = folder if stem in _BUNDLE_INDEX and folder else f"{folder}/{stem}".lstrip("/")
    return quote(path, safe=_TAG_SAFE)


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
