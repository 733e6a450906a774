"""Media RSS (``media:``, http://search.yahoo.com/mrss/) elements and their attributes.

Checked against the Media RSS 1.5.1 specification: numeric attributes, the
``medium``/``expression`` enumerations, rating schemes, restrictions (ISO 3166
country codes), hashes, credits (lowercase roles), text types and NPT times, URLs,
and groups that must offer alternatives.
"""

from __future__ import annotations

import re

from lxml import etree

from publisher.validate.rules import Findings
from publisher.validate.values import (
    MIME,
    check_integer,
    check_iri,
    check_language,
    line_of,
    local,
    text_of,
)

MEDIA_NS = "http://search.yahoo.com/mrss/"
MEDIA_NS_WRONG = "http://search.yahoo.com/mrss"
_ONCE = frozenset(("title", "description", "keywords", "copyright", "player", "hash"))
_NUMBER = re.compile(r"\d+(?:\.\d*)?")
_NPT = re.compile(r"now|\d+(?:\.\d+)?|\d+:\d\d:\d\d(?:\.\d+)?")
_MEDIUMS = ("image", "audio", "video", "document", "executable")
_EXPRESSIONS = ("sample", "full", "nonstop")
_RATINGS = {
    "urn:simple": ("adult", "nonadult"),
    "urn:mpaa": ("g", "m", "nc-17", "pg", "pg-13", "r", "x"),
    "urn:v-chip": (
        "14+", "18+", "c", "c8", "g", "pg", "tv-14", "tv-g", "tv-ma", "tv-pg", "tv-y",
        "tv-y7", "tv-y7-fv",
    ),
}  # fmt: skip
_ICRA_CODE = r"(?:[nsvlocx]z [01]|(?:n[a-c]|s[a-f]|v[a-j]|l[a-c]|o[a-h]|c[a-b]|x[a-e]) 1)"
_ICRA = re.compile(rf"r \({_ICRA_CODE}(?: {_ICRA_CODE})*\)")
_HASH = re.compile(r"[0-9A-Za-z]+")
# ISO 3166-1 alpha-2, as the spec asks for restriction type="country".
COUNTRIES = frozenset(
    [
        "AD",
        "AE",
        "AF",
        "AG",
        "AI",
        "AL",
        "AM",
        "AO",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AW",
        "AX",
        "AZ",
        "BA",
        "BB",
        "BD",
        "BE",
        "BF",
        "BG",
        "BH",
        "BI",
        "BJ",
        "BL",
        "BM",
        "BN",
        "BO",
        "BQ",
        "BR",
        "BS",
        "BT",
        "BV",
        "BW",
        "BY",
        "BZ",
        "CA",
        "CC",
        "CD",
        "CF",
        "CG",
        "CH",
        "CI",
        "CK",
        "CL",
        "CM",
        "CN",
        "CO",
        "CR",
        "CU",
        "CV",
        "CW",
        "CX",
        "CY",
        "CZ",
        "DE",
        "DJ",
        "DK",
        "DM",
        "DO",
        "DZ",
        "EC",
        "EE",
        "EG",
        "EH",
        "ER",
        "ES",
        "ET",
        "FI",
        "FJ",
        "FK",
        "FM",
        "FO",
        "FR",
        "GA",
        "GB",
        "GD",
        "GE",
        "GF",
        "GG",
        "GH",
        "GI",
        "GL",
        "GM",
        "GN",
        "GP",
        "GQ",
        "GR",
        "GS",
        "GT",
        "GU",
        "GW",
        "GY",
        "HK",
        "HM",
        "HN",
        "HR",
        "HT",
        "HU",
        "ID",
        "IE",
        "IL",
        "IM",
        "IN",
        "IO",
        "IQ",
        "IR",
        "IS",
        "IT",
        "JE",
        "JM",
        "JO",
        "JP",
        "KE",
        "KG",
        "KH",
        "KI",
        "KM",
        "KN",
        "KP",
        "KR",
        "KW",
        "KY",
        "KZ",
        "LA",
        "LB",
        "LC",
        "LI",
        "LK",
        "LR",
        "LS",
        "LT",
        "LU",
        "LV",
        "LY",
        "MA",
        "MC",
        "MD",
        "ME",
        "MF",
        "MG",
        "MH",
        "MK",
        "ML",
        "MM",
        "MN",
        "MO",
        "MP",
        "MQ",
        "MR",
        "MS",
        "MT",
        "MU",
        "MV",
        "MW",
        "MX",
        "MY",
        "MZ",
        "NA",
        "NC",
        "NE",
        "NF",
        "NG",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NU",
        "NZ",
        "OM",
        "PA",
        "PE",
        "PF",
        "PG",
        "PH",
        "PK",
        "PL",
        "PM",
        "PN",
        "PR",
        "PS",
        "PT",
        "PW",
        "PY",
        "QA",
        "RE",
        "RO",
        "RS",
        "RU",
        "RW",
        "SA",
        "SB",
        "SC",
        "SD",
        "SE",
        "SG",
        "SH",
        "SI",
        "SJ",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SR",
        "SS",
        "ST",
        "SV",
        "SX",
        "SY",
        "SZ",
        "TC",
        "TD",
        "TF",
        "TG",
        "TH",
        "TJ",
        "TK",
        "TL",
        "TM",
        "TN",
        "TO",
        "TR",
        "TT",
        "TV",
        "TW",
        "TZ",
        "UA",
        "UG",
        "UM",
        "US",
        "UY",
        "UZ",
        "VA",
        "VC",
        "VE",
        "VG",
        "VI",
        "VN",
        "VU",
        "WF",
        "WS",
        "YE",
        "YT",
        "ZA",
        "ZM",
        "ZW",
    ]
)


def _invalid(element: etree._Element, message: str, found: Findings) -> None:
    found.add("media-invalid-value", message, line_of(element))


def _numbers(element: etree._Element, found: Findings) -> None:
    line = line_of(element)
    name = local(element.tag)
    for attr in ("bitrate", "duration", "framerate", "samplingrate"):
        value = element.get(attr)
        if value is not None and not _NUMBER.fullmatch(value.strip()):
            _invalid(element, f"media:{name} {attr} {value[:30]!r} is not a number", found)
    check_integer(element.get("channels"), f"media:{name} channels", found, line)
    for attr in ("fileSize", "height", "width"):
        check_integer(element.get(attr), f"media:{name} {attr}", found, line, low=1)


def _content(element: etree._Element, found: Findings) -> None:
    _numbers(element, found)
    line = line_of(element)
    for attr, allowed in (
        ("medium", _MEDIUMS),
        ("expression", _EXPRESSIONS),
        ("isDefault", ("true", "false")),
    ):
        value = element.get(attr)
        if value is not None and value not in allowed:
            _invalid(element, f"media:content {attr} {value!r}: one of {', '.join(allowed)}", found)
    kind = element.get("type")
    if kind is not None and not MIME.fullmatch(kind.strip()):
        _invalid(element, f"media:content type {kind!r} is not a MIME type", found)
    check_language(element.get("lang"), "media:content lang", found, line)
    check_iri(element.get("url"), "media:content url", found, line, absolute=True)


def _with_url(element: etree._Element, found: Findings) -> None:
    name, line = local(element.tag), line_of(element)
    url = element.get("url")
    if url is None:
        found.add("missing-attribute", f"media:{name} has no url", line)
    else:
        check_iri(url, f"media:{name} url", found, line, absolute=True)
    for attr in ("height", "width"):
        check_integer(element.get(attr), f"media:{name} {attr}", found, line, low=1)
    time = element.get("time")
    if time is not None and not _NPT.fullmatch(time):
        _invalid(element, f"media:{name} time {time!r} is not a Normal Play Time", found)


def _text(element: etree._Element, found: Findings) -> None:
    name, line = local(element.tag), line_of(element)
    kind = element.get("type")
    if kind is not None and kind not in ("plain", "html"):
        _invalid(element, f'media:{name} type {kind!r} must be "plain" or "html"', found)
    for attr in ("start", "end"):
        value = element.get(attr)
        if value is not None and not _NPT.fullmatch(value):
            _invalid(element, f"media:{name} {attr} {value!r} is not a Normal Play Time", found)
    check_language(element.get("lang"), f"media:{name} lang", found, line)


def _rating(element: etree._Element, found: Findings) -> None:
    scheme = element.get("scheme") or "urn:simple"
    value = text_of(element).strip()
    if scheme == "urn:icra":
        valid = _ICRA.fullmatch(value) is not None
    elif scheme in _RATINGS:
        valid = value in _RATINGS[scheme]
    else:
        check_iri(scheme, "media:rating scheme", found, line_of(element), absolute=True)
        return
    if not valid:
        _invalid(element, f"media:rating {value[:30]!r} is not a {scheme} rating", found)


def _restriction(element: etree._Element, found: Findings) -> None:
    line = line_of(element)
    relationship = element.get("relationship")
    if relationship is None:
        found.add("missing-attribute", "media:restriction has no relationship", line)
    elif relationship not in ("allow", "deny"):
        _invalid(
            element, f'media:restriction relationship {relationship!r}: "allow" or "deny"', found
        )
    kind = element.get("type")
    value = text_of(element).strip()
    if kind is None:
        if value and value not in ("all", "none"):
            _invalid(element, 'media:restriction without type holds "all" or "none"', found)
    elif kind == "country":
        unknown = [code for code in value.upper().split() if code not in COUNTRIES]
        if unknown:
            _invalid(
                element, f"media:restriction names no country {unknown[0]!r} (ISO 3166)", found
            )
    elif kind == "uri":
        for uri in value.split():
            check_iri(uri, "media:restriction uri", found, line, absolute=True)
    else:
        _invalid(element, f'media:restriction type {kind!r}: "country", "uri" or none', found)


def _hash(element: etree._Element, found: Findings) -> None:
    algo = element.get("algo") or "md5"
    value = text_of(element).strip()
    if algo not in ("md5", "sha-1"):
        _invalid(element, f'media:hash algo {algo!r}: "md5" or "sha-1"', found)
    elif not _HASH.fullmatch(value) or len(value) != (32 if algo == "md5" else 40):
        _invalid(element, f"media:hash {value[:50]!r} is not an {algo} digest", found)


def _credit(element: etree._Element, found: Findings) -> None:
    role = element.get("role")
    if role is not None and role != role.lower():
        _invalid(element, f"media:credit role {role!r} must be lowercase", found)
    scheme = element.get("scheme")
    if scheme is not None and scheme != "urn:ebu":
        check_iri(scheme, "media:credit scheme", found, line_of(element), absolute=True)


def _value(element: etree._Element, name: str, found: Findings) -> None:
    if name == "content":
        _content(element, found)
        _children(element, "content", found)
    elif name == "group":
        if len(list(element.iterchildren(f"{_own(element)}content"))) < 2:
            _invalid(element, "media:group needs two or more media:content alternatives", found)
        _children(element, "group", found)
    elif name in ("thumbnail", "player"):
        _with_url(element, found)
    elif name in ("title", "description", "text"):
        _text(element, found)
    elif name == "rating":
        _rating(element, found)
    elif name == "restriction":
        _restriction(element, found)
    elif name == "hash":
        _hash(element, found)
    elif name == "credit":
        _credit(element, found)
    elif name == "category":
        scheme = element.get("scheme")
        check_iri(scheme, "media:category scheme", found, line_of(element), absolute=True)
    elif name == "copyright":
        check_iri(element.get("url"), "media:copyright url", found, line_of(element), absolute=True)


def _own(element: etree._Element) -> str:
    """The element's namespace in Clark notation (the slash-less variant included)."""
    return str(element.tag).rsplit("}", 1)[0] + "}"


def _children(parent: etree._Element, where: str, found: Findings) -> None:
    own = _own(parent)
    for kid in parent:
        if isinstance(kid.tag, str) and kid.tag.startswith(own):
            check(kid, where, found)


_WRONG_DECLARATION = re.compile(
    r"""xmlns(?::[\w.-]+)?\s*=\s*["']http://search\.yahoo\.com/mrss["']"""
)


def check_declarations(text: str, found: Findings) -> None:
    """Media RSS declared without its trailing slash (once per document, where declared)."""
    if "search.yahoo.com/mrss" not in text:
        return
    match = _WRONG_DECLARATION.search(text)
    if match is not None:
        tag = text.rfind("<", 0, match.start())  # the start tag holding the declaration
        line_start = text.rfind("\n", 0, tag) + 1
        found.add(
            "media-invalid-value",
            f"the Media RSS namespace is {MEDIA_NS!r}, with the trailing slash",
            text.count("\n", 0, tag) + 1,
            tag - line_start + 1,
        )


def check(element: etree._Element, where: str, found: Findings) -> None:
    """Check one ``media:`` element (and what it holds), met inside ``where``."""
    name = local(element.tag)
    if name in _ONCE and next(element.itersiblings(element.tag, preceding=True), None) is not None:
        found.add(
            "extension-duplicate-element",
            f"{where} has more than one media:{name}",
            line_of(element),
        )
    _value(element, name, found)
