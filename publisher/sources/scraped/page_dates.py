"""Dates in scraped pages, written the way people write them, in many languages."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

_MONTHS: dict[str, int] = {}
# Month names as dates write them: English, German, French, Spanish, Portuguese, Italian,
# Dutch, Swedish/Danish/Norwegian, Polish, Czech, Turkish, Indonesian, Russian, Ukrainian
# (genitive, as in "3 марта 2025"). No two languages give one word different months.
for _number, _names in enumerate(
    (
        "january jan januar janvier enero janeiro gennaio januari stycznia ledna ocak января січня",
        "february feb februar février fevrier febrero fevereiro febbraio februari lutego února"
        " şubat subat февраля лютого",
        "march mar märz maerz mars marzo março marco maart marca března mart maret марта березня",
        "april apr avril abril aprile kwietnia dubna nisan апреля квітня",
        "may mai mayo maio maggio mei maj maja května mayıs mayis мая травня",
        "june jun juni juin junio junho giugno czerwca června haziran июня червня",
        "july jul juli juillet julio julho luglio lipca července temmuz июля липня",
        "august aug août aout agosto augustus augusti sierpnia srpna ağustos agustus agu"
        " августа серпня",
        "september sep sept septembre septiembre setiembre setembro settembre września"
        " września září eylül eylul сентября вересня",
        "october oct oktober octobre octubre outubro ottobre okt października října ekim"
        " октября жовтня",
        "november nov novembre noviembre novembro listopada listopadu kasım kasim ноября листопада",
        "december dec dezember décembre decembre diciembre dezembro dicembre desember des"
        " grudnia prosince aralık aralik декабря грудня",
    ),
    start=1,
):
    _MONTHS.update(dict.fromkeys(_names.split(), _number))
# Hungarian, and Greek in the genitive ("3 Μαρτίου 2025").
for _number, _names in enumerate(
    (
        "január ιανουαρίου",
        "február φεβρουαρίου",
        "március μαρτίου",
        "április απριλίου",
        "május μαΐου μαΐου",
        "június ιουνίου",
        "július ιουλίου",
        "augusztus αυγούστου",
        "szeptember σεπτεμβρίου",
        "október οκτωβρίου",
        "november νοεμβρίου",
        "december δεκεμβρίου",
    ),
    start=1,
):
    _MONTHS.update(dict.fromkeys(_names.split(), _number))

_TIME = (
    r"(?:(?P<pre>[^\d\n]{0,12}?)(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?!\d)\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*\(?(?P<zone>(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}\b))?)?"
)
# Written before the time in Korean, Chinese and Japanese: 오후 2:20, 下午2:20, 午後2:20.
_AM = ("오전", "上午", "午前")
_PM = ("오후", "下午", "午後")
_DATE_PATTERNS = tuple(
    re.compile(p + _TIME, re.IGNORECASE)
    for p in (
        r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})",
        r"(?P<y>\d{4})\s*[年년]\s*(?P<mo>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일号號]?",
        r"(?<![\d.])(?P<y>20\d{2}|19\d{2})[./](?P<mo>\d{1,2})[./](?P<d>\d{1,2})(?![\d])",
        r"(?<!\d)(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?P<y>\d{4})",
        # 03/03/2025: day first in most of the world, month first in the US; taken only
        # when the two agree or a number over 12 settles it (find_date checks).
        r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})",
        r"(?<!\d)(?P<d>\d{1,2})(?:er|st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<mon>[^\W\d_]{3,})\.?,?"
        r"\s+(?:de\s+)?(?P<y>\d{4})",
        r"(?P<mon>[^\W\d_]{3,})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})",
        # Year first, then the month's name: "2025. március 3." (Hungarian).
        r"(?P<y>\d{4})\.?\s+(?P<mon>[^\W\d_]{3,})\s+(?P<d>\d{1,2})\.?(?!\d)",
    )
)


def find_date(text: str) -> str | None:
    """The first date in ``text``: ``YYYY-MM-DD[ HH:MM[+hh:mm]]``; no zone means the site's."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = match.groupdict()
            parts = _day_and_month(found) if found.get("a") else found
            if parts is None:
                continue
            month = int(parts["mo"]) if parts.get("mo") else _MONTHS.get(parts["mon"].lower())
            try:
                day = date(int(parts["y"]), month or 0, int(parts["d"]))
            except ValueError:
                continue
            if parts["h"] is None:
                return day.isoformat()
            hour = int(parts["h"])
            before = parts["pre"] or ""
            if parts["ampm"] or any(word in before for word in _AM + _PM):
                hour %= 12
                if any(w in before for w in _PM) or (parts["ampm"] or "").lower()[:1] == "p":
                    hour += 12
            if hour < 24 and int(parts["mi"]) < 60:
                return f"{day.isoformat()} {hour:02d}:{parts['mi']}{_zone(parts['zone'])}"
            return day.isoformat()
    return None


def _day_and_month(parts: dict[str, Any]) -> dict[str, Any] | None:
    """``a/b/yyyy`` as day and month when that reading is the only one (else None)."""
    a, b = int(parts["a"] or 0), int(parts["b"] or 0)
    if a == b or (a > 12 >= b):
        return {**parts, "d": parts["a"], "mo": parts["b"]}
    if b > 12 >= a:
        return {**parts, "d": parts["b"], "mo": parts["a"]}
    return None


def _zone(text: str | None) -> str:
    """``GMT+1`` -> ``+01:00``, ``+0900`` -> ``+09:00``, ``UTC`` -> ``+00:00``; none -> ``""``."""
    if not text:
        return ""
    match = re.search(r"([+-])(\d{1,2}):?(\d{2})?$", text)
    if not match:
        return "+00:00"
    sign, hours, minutes = match.groups()
    if int(hours) > 14:
        return ""
    return f"{sign}{int(hours):02d}:{minutes or '00'}"


def machine_date(value: str) -> str | None:
    """A date from metadata (RFC 3339, RFC 822 or human) as a string ``parse_date`` takes."""
    value = value.strip()
    if re.match(
        r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$", value
    ):
        return value
    if re.match(r"^\w{3},", value):
        try:
            return parsedate_to_datetime(value).isoformat()
        except (TypeError, ValueError, IndexError):
            return None
    return find_date(value)
