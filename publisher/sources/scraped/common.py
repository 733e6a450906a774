"""Helpers shared by the scraped-page readers: whitespace, Markdown escaping, dates, crumbs."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

from publisher.errors import SourceError
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions

# Characters that are never text: C0 controls (but tab/newline), lone surrogates, non-characters.
_JUNK_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Zero-width spaces and BOMs that scrapers leave behind (ZWJ/ZWNJ carry meaning: kept).
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\u00ad]")
_SPACE_RUN = re.compile(r"[^\S\n]+")
# A single no-break space is typography (French « », numbers); runs of anything collapse.
_KEPT_SPACES = frozenset({"\u00a0", "\u202f"})


def clean_text(text: str) -> str:
    """Drop control and zero-width characters and unify line ends; keeps every other char."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x85", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _ZERO_WIDTH.sub("", _JUNK_CHARS.sub("", text))


def squash(line: str) -> str:
    """Collapse whitespace runs to one space (one no-break space stays) and strip the ends."""

    def one(match: re.Match[str]) -> str:
        run = match.group()
        return run if run in _KEPT_SPACES else " "

    return _SPACE_RUN.sub(one, line).strip()


# ---- Markdown escaping: the text must render exactly as written -------------------------
# Braces too: the renderer's attr_list extension reads a trailing ``{...}`` as attributes.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Openers that change a line's meaning: headings, quotes, list bullets, ordered lists.
_LINE_START = re.compile(r"^(?:(#|>)|([-+])(?=\s|$)|(\d+)(?=[.)](?:\s|$)))")
# A line of only hyphens or equals signs is a thematic break (``---``) or underlines the
# line above as a heading (setext): escaped, it stays text.
_RULE_LINE = re.compile(r"^[ \t]*(-|=)(?:[ \t]*\1)*[ \t]*$")


def escape_inline(text: str) -> str:
    """Escape characters Markdown would read as markup anywhere in a line."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    return text.replace("<", "&lt;")


def escape_line_start(text: str) -> str:
    """Escape an opener at the start of each line (``# ``, ``> ``, ``- ``, ``1. ``)."""

    def fix(match: re.Match[str]) -> str:
        if match.group(3):
            return match.group(3) + "\\"
        return "\\" + match.group()

    def one(line: str) -> str:
        rule = _RULE_LINE.match(line)
        if rule:
            # Python-Markdown escapes "-" but not "=": the entity renders as the sign itself.
            first = line.index(rule.group(1))
            return line[:first] + ("\\-" if rule.group(1) == "-" else "&#61;") + line[first + 1 :]
        return _LINE_START.sub(fix, line, count=1)

    return "\n".join(one(line) for line in text.split("\n"))


def escape_text(text: str) -> str:
    """Escape one paragraph of plain text for Markdown."""
    return escape_line_start(escape_inline(text))


def heading(text: str, level: int = 2) -> str:
    """An ATX heading; every ``#`` escaped so a trailing one is not read as a closer."""
    return "#" * level + " " + escape_inline(text).replace("#", "\\#")


# ---- Dates written the way people write them -------------------------------------------
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


# ---- Bylines ----------------------------------------------------------------------------
# Words that only mean "by" in a byline may follow a space; "di", "door", "av" and the
# Greek "του"/"της" are everyday words too ("in", "through", "of", "the"), so they must
# open the line or a segment.
_BYLINE = re.compile(
    r"(?:(?:^|[|•·,]\s*|\s)(?:by|written by|von|por|par|autor:?|autore:?|yazar:?"
    r"|penulis:?|muhabir:?|reporter:?|автор:?|text:)"
    r"|(?:^|[|•·,]\s*)(?:di|door|av|του|της))\s+"
    r"(?P<name>[^|•·,\d]{2,60}?)\s*(?:$|[|•·,–—]|\s(?:on|am|el|le|on)\s)",
    re.IGNORECASE,
)
# Bylines written without spaces or with the title after the name: 记者 张三, 홍길동 기자.
_CJK_BYLINE = re.compile(
    r"(?:(?:记者|記者|作者|文)\s*[:：|]?\s*(?P<zh>[\u4e00-\u9fff]{2,4}))"
    r"|(?:(?P<ko>[가-힣]{2,4})\s*(?:기자|특파원|선임기자))"
)


def find_byline(text: str) -> str | None:
    """The author's name in a short byline: ``By Jo Bloggs | 2 June``, ``홍길동 기자``.

    Inside a line ("Photo: AP | Text by Jo Bloggs") the name must look like one (every
    word capitalized but particles such as "de" or "van"), so "visit by train this
    spring" or "hurt by a falling tree" name nobody.
    """
    for byline in _BYLINE.finditer(text):
        name = byline["name"].strip()
        if byline.start() == 0 or _looks_like_a_name(name):
            return name
    cjk = _CJK_BYLINE.search(text)
    return (cjk["zh"] or cjk["ko"]) if cjk else None


def starts_with_byline(text: str) -> bool:
    """True when ``text`` opens with a byline word and a name (``By Jo``, ``Von Jo``)."""
    return _BYLINE.match(text) is not None


# Lowercase words inside names: "Ludwig van Beethoven", "Maria da Silva".
_PARTICLES = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le",
                        "du", "dos", "das", "bin", "al", "y", "e"})  # fmt: skip


def _looks_like_a_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 5:
        return False
    return (
        all(w[0].isupper() or w.casefold() in _PARTICLES for w in words) and words[0][0].isupper()
    )


# ---- Breadcrumbs --------------------------------------------------------------------------
# The first crumb of a trail, in the languages we meet; it is never the category.
_HOME = (
    "home|homepage|start|startseite|inicio|início|portada|accueil|главная|головна|ホーム|トップ"
    "|홈|首页|首頁|pagina iniziale|página inicial|voorpagina|startpagina|strona główna"
    "|anasayfa|ana sayfa|beranda|trang chủ|forside|startsida|etusivu|címlap|kezdőlap|αρχική"
)
HOME_WORDS = frozenset(_HOME.split("|"))
_CRUMB_SPLIT = re.compile(r"\s+(?:»|>|/|\||›|→|::)\s+")


def split_breadcrumb(line: str) -> list[str] | None:
    """The crumbs of ``Home » Section » Title`` (``>``, ``/``, ``|``, ``›`` too), else None."""
    if len(line) > 300:
        return None
    crumbs = [c.strip() for c in _CRUMB_SPLIT.split(line)]
    if len(crumbs) < 2 or len(crumbs) > 8 or not all(crumbs):
        return None
    if len(crumbs) == 2 and crumbs[0].casefold() not in HOME_WORDS:
        return None
    if any(len(c) > 200 for c in crumbs):
        return None
    return crumbs


def same_text(a: str, b: str) -> bool:
    """Equal up to case, spacing and a trailing ellipsis (for truncated crumbs)."""
    fa, fb = (" ".join(s.casefold().split()) for s in (a, b))
    if fa == fb:
        return True
    for short, full in ((fa, fb), (fb, fa)):
        stem = short.rstrip(".…").rstrip()
        if short.endswith(("…", "...")) and len(stem) >= 10 and full.startswith(stem):
            return True
    return False


def _require_title_and_body(doc: SourceDoc) -> SourceDoc:
    """Raise ``SourceError`` when a scraped page gave no title or no body."""
    if not doc.fields.get("title"):
        raise SourceError("no title found (add a 'Title:' line at the top)", path=doc.path, line=1)
    if not doc.body.strip():
        line = doc.field_lines.get("title", doc.body_line)
        raise SourceError("no article text found after the title", path=doc.path, line=line)
    return doc


class ScrapedPageReader:
    """A scraped page format: ``scrape`` takes what the page yields (``import`` fills the
    gaps), ``read`` (a build) also needs a title and a body. Subclasses give ``scrape``."""

    suffixes: tuple[str, ...] = ()

    def scrape(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Everything the page yields, without requiring a title or a body."""
        raise NotImplementedError

    def read(self, text: str, *, path: str, rel: str, options: ReaderOptions) -> SourceDoc:
        """Parse one page; raise ``SourceError`` when it has no title or no body."""
        return _require_title_and_body(self.scrape(text, path=path, rel=rel, options=options))
