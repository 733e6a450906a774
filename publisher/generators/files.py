"""The site's files as a generator's rules look at them, and what ``normalize`` asks of
every source with or without a generator.

Apart from ``generators.base`` so that building a site without a generator (an edit's
``normalize`` of the changed source) does not import that module: making its dataclasses
and ``SiteGenerator`` is about 3.5 ms of an edit that never uses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from publisher.model import SourceDoc


# The target of the cross reference a body makes when its template syntax lists the
# site's articles (Jekyll's ``site.posts``): what it shows changes with any of them, so
# it is rendered again when any source changed or went (``build/bodies._Moved``).
EVERY_SOURCE = "\0every source"


def declared_translation_key(fields: Mapping[str, object]) -> str:
    """The translation key a source names itself (``translation_key``, Hugo's
    ``translationKey``, lowercased by its reader), '' for none."""
    for key in ("translation_key", "translationKey", "translationkey"):
        value = fields.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return ""


class SiteFiles(Protocol):
    """The site's source files, as a generator's rules look at them (a leaf bundle's
    index, the target of a cross reference). ``normalize`` reads no file itself: the
    build passes these in (``sources.site_files.SourceFolder`` reads the content folder).

    Paths are relative to the content folder, with ``/``.
    """

    def is_file(self, rel: str) -> bool:
        """Whether a file exists at ``rel``."""
        ...

    def source(self, rel: str) -> str | None:
        """The path of the file ``rel`` leads to (links followed) when it is a file
        inside the content folder, else None."""
        ...

    def named(self, name: str) -> str | None:
        """The first file called ``name`` anywhere in the content folder (in sorted
        order, hidden folders skipped), else None."""
        ...

    def read(self, rel: str) -> SourceDoc | None:
        """The Markdown source at ``rel``, parsed; None when it cannot be read."""
        ...

    def disk_path(self, rel: str) -> str:
        """Where ``rel`` is on disk, absolute (``rel`` itself when there is no disk)."""
        ...


class NoOtherFiles:
    """A source read on its own: the site has no other file."""

    def is_file(self, rel: str) -> bool:
        return False

    def source(self, rel: str) -> str | None:
        return None

    def named(self, name: str) -> str | None:
        return None

    def read(self, rel: str) -> SourceDoc | None:
        return None

    def disk_path(self, rel: str) -> str:
        return rel
