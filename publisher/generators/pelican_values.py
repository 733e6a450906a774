"""Pelican's readings of a value: its slugs (``pelican.utils.slugify``) and its dates
(``pelican.utils.get_date``), as its own tests pin them (tests/pelican/).

Slugs transliterate to ASCII as Pelican does, with text-unidecode (the Artistic-licensed
port of the same Text::Unidecode tables Pelican's GPL ``unidecode`` grew from); the rows
where the two could differ are listed in tests/pelican/slugify.toml.
"""

from __future__ import annotations

import html
import re
import unicodedata
import warnings
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone

from publisher.dates import DateError

# Pelican's default SLUG_REGEX_SUBSTITUTIONS (pelican/settings.py).
DEFAULT_SUBSTITUTIONS: tuple[tuple[str, str], ...] = (
    (r"[^\w\s-]", ""),  # every character but letters, digits, '_', spaces and '-'
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),  # runs of spaces and '-' become one '-'
)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_SPACES = re.compile(" +")
# Two defaults differing in every date field: a field the text leaves out shows as a
# difference (Pelican would take it from the day it builds).
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


def slugify(
    value: str,
    substitutions: Iterable[tuple[str, str]] = DEFAULT_SUBSTITUTIONS,
    *,
    preserve_case: bool = False,
    use_unicode: bool = False,
) -> str:
    """Pelican's slug of ``value``: tags stripped, NFKC, ASCII (unless ``use_unicode``),
    each substitution applied in order (case-insensitively), lowercased, stripped."""
    value = _strip_tags(value)
    value = unicodedata.normalize("NFKC", value)
    if not use_unicode:
        value = _ascii(value)
    for source, replacement in substitutions:
        value = re.sub(
            unicodedata.normalize("NFKC", source),
            unicodedata.normalize("NFKC", replacement),
            value,
            flags=re.IGNORECASE,
        )
    if not preserve_case:
        value = value.lower()
    return value.strip()


def _strip_tags(value: str) -> str:
    """markupsafe's ``striptags``, which Pelican applies first: tags and comments out,
    entities read, runs of white space made one space."""
    if "<" not in value and "&" not in value:
        return value
    return " ".join(html.unescape(_TAG.sub("", value)).split())


def _ascii(value: str) -> str:
    if value.isascii():
        return value
    from text_unidecode import unidecode

    text: str = unidecode(value)
    return text


def get_date(text: str) -> datetime:
    """Pelican's ``get_date``: dateutil's parser, after runs of spaces are made one.

    Naive when the text names no zone (the site's zone applies, as in Pelican); a zone
    it names becomes a fixed offset. DateError for text dateutil cannot read, and for
    text without a year, month or day: Pelican fills those in from the day it builds,
    so the article's date (and its id) would change from one build to the next.
    """
    import dateutil.parser

    text = _SPACES.sub(" ", text)
    readings = []
    for default in _DEFAULTS:
        try:
            with warnings.catch_warnings():
                # "tzname X identified but not understood": naive, as Pelican takes it.
                warnings.simplefilter("ignore")
                readings.append(dateutil.parser.parse(text, default=default))
        except (ValueError, OverflowError, TypeError):
            raise DateError(f"cannot read date {text!r} (Pelican cannot either)") from None
    if readings[0] != readings[1]:
        raise DateError(
            f"date {text!r} has no year, month or day: Pelican takes it from the day it "
            "builds; write the whole date"
        )
    return _fixed_zone(readings[0])


def _fixed_zone(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is None:
        return value.replace(tzinfo=None)
    zone = UTC if offset == timedelta(0) else timezone(offset)
    return value.replace(tzinfo=zone)
