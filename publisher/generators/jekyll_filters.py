"""Jekyll's Liquid filters (``lib/jekyll/filters.rb``, ``filters/url_filters.rb``,
``filters/date_filters.rb``, ``filters/grouping_filters.rb``), for the engine of
``jekyll_liquid.py``: what Jekyll adds to Liquid's standard filters, and ``where``
and ``sort`` as Jekyll redefines them. Learned from Jekyll 4.3; each answers what
Jekyll answers for the values a body can hold (text, numbers, dates, lists, tables).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

from liquid.filter import with_context, with_environment

from publisher.generators.jekyll_urls import slugify as jekyll_slugify
from publisher.generators.smartify import smartify as jekyll_smartify

_WORDS = re.compile(r"\S+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _text(value: object) -> str:
    """Ruby's ``to_s`` of a Liquid value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    if isinstance(value, list):
        return "".join(_text(v) for v in value)
    return str(value)


def _site(environment: Any) -> Mapping[str, Any]:
    drop = getattr(environment, "site_drop", None)
    return drop if isinstance(drop, Mapping) else {}


@with_environment
def relative_url(value: object, *, environment: Any) -> object:
    """``relative_url``: ``baseurl`` and the path, one ``/`` between them."""
    if value is None:
        return value
    text = _text(value)
    if _SCHEME.match(text):
        return text
    site = _site(environment)
    base = _text(site.get("baseurl")).rstrip("/")
    if base and not base.startswith("/"):
        base = "/" + base
    path = "/" + text.lstrip("/") if text or not base else ""
    joined = (base + path) if base or path else text
    return _escape_path(joined)


@with_environment
def absolute_url(value: object, *, environment: Any) -> object:
    """``absolute_url``: ``url`` before ``relative_url``'s path (as written when there is
    no ``url``)."""
    if value is None:
        return value
    text = _text(value)
    if _SCHEME.match(text):
        return text
    site = _site(environment)
    url = _text(site.get("url"))
    relative = relative_url(text, environment=environment)
    if not url:
        return relative
    return (
        url.rstrip("/") + str(relative)
        if str(relative).startswith("/")
        else url + "/" + str(relative)
    )


def _escape_path(path: str) -> str:
    """Addressable's normalization of a path Jekyll applies to what these filters give."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return path
    return quote(path, safe="/:@!$&'()*+,;=-._~%?#[]")


def _as_date(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        from dateutil import parser

        try:
            parsed: datetime = parser.parse(value)
        except (ValueError, OverflowError):
            return None
        return parsed
    return None


def date_to_xmlschema(value: object) -> object:
    when = _as_date(value)
    if when is None:
        return value
    text = when.strftime("%Y-%m-%dT%H:%M:%S%z")
    return text[:-2] + ":" + text[-2:] if when.utcoffset() is not None else text


def date_to_rfc822(value: object) -> object:
    when = _as_date(value)
    return when.strftime("%a, %d %b %Y %H:%M:%S %z") if when else value


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{({1: 'st', 2: 'nd', 3: 'rd'}).get(day % 10, 'th')}"


def _stringify_date(value: object, month: str, kind: object, style: object) -> object:
    when = _as_date(value)
    if when is None:
        return value
    if kind == "ordinal":
        day = _ordinal(when.day)
        if style == "US":
            return f"{when.strftime(month)} {day}, {when.year}"
        return f"{day} {when.strftime(month)} {when.year}"
    return f"{when.day:02d} {when.strftime(month)} {when.year}"


def date_to_string(value: object, kind: object = None, style: object = None) -> object:
    return _stringify_date(value, "%b", kind, style)


def date_to_long_string(value: object, kind: object = None, style: object = None) -> object:
    return _stringify_date(value, "%B", kind, style)


def xml_escape(value: object) -> str:
    return html.escape(_text(value), quote=True).replace("&#x27;", "&#39;")


def cgi_escape(value: object) -> str:
    return quote_plus(_text(value), safe="*-._")


def uri_escape(value: object) -> str:
    return quote(_text(value), safe="!#$&'()*+,/:;=?@[]~-._%")


def slugify(value: object, mode: object = None) -> str:
    return jekyll_slugify(_text(value), mode if isinstance(mode, str) else None)


def markdownify(value: object) -> str:
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark").render(_text(value)))


def smartify(value: object) -> str:
    return jekyll_smartify(_text(value))


def _json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return str(date_to_xmlschema(value))
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return _text(value)


def jsonify(value: object) -> str:
    return json.dumps(_json_value(value), ensure_ascii=False, separators=(",", ":"))


def number_of_words(value: object, mode: object = None) -> int:
    return len(_WORDS.findall(_text(value)))


def normalize_whitespace(value: object) -> str:
    return " ".join(_text(value).split())


def array_to_sentence_string(value: object, connector: object = "and") -> str:
    items = [_text(v) for v in value] if isinstance(value, list) else [_text(value)]
    word = _text(connector)
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {word} {items[1]}"
    return f"{', '.join(items[:-1])}, {word} {items[-1]}"


def _items(value: object) -> list[Any]:
    if isinstance(value, Mapping):
        return [list(pair) for pair in value.items()]
    if isinstance(value, list | tuple):
        return list(value)
    return [] if value is None else [value]


def _property(item: object, name: object) -> object:
    if isinstance(item, Mapping):
        value: object = item
        for part in _text(name).split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        return value
    return None


def where(value: object, name: object, target: object) -> list[Any]:
    """Jekyll's ``where``: items whose property, as text, is the target's text, or whose
    list property holds it."""
    wanted = _text(target)
    found = []
    for item in _items(value):
        got = _property(item, name)
        if isinstance(got, list):
            if any(_text(v) == wanted for v in got):
                found.append(item)
        elif _text(got) == wanted:
            found.append(item)
    return found


def group_by(value: object, name: object) -> list[dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for item in _items(value):
        groups.setdefault(_text(_property(item, name)), []).append(item)
    return [{"name": k, "items": v, "size": len(v)} for k, v in groups.items()]


def sort(value: object, name: object = None, nils: object = "first") -> list[Any]:
    """Jekyll's ``sort``: by the items, or by a property with items lacking it first
    (``nils: "last"``: last)."""
    items = _items(value)

    def key(item: object) -> tuple[int, Any]:
        got = _property(item, name) if name is not None else item
        if got is None:
            return (0 if nils != "last" else 2, "")
        return (1, _comparable(got))

    try:
        return sorted(items, key=key)
    except TypeError:
        return sorted(items, key=lambda item: (key(item)[0], _text(key(item)[1])))


def _comparable(value: object) -> Any:
    if isinstance(value, bool):
        return str(value)
    return value


def to_integer(value: object) -> object:
    try:
        return int(float(_text(value))) if not isinstance(value, bool) else int(value)
    except ValueError:
        return 0


def push(value: object, item: object) -> list[Any]:
    return [*_items(value), item]


def pop(value: object, count: object = 1) -> list[Any]:
    items = _items(value)
    return items[: max(0, len(items) - int(_text(count) or 1))]


def shift(value: object, count: object = 1) -> list[Any]:
    return _items(value)[int(_text(count) or 1) :]


def unshift(value: object, item: object) -> list[Any]:
    return [item, *_items(value)]


def inspect(value: object) -> str:
    return html.escape(repr(value))


@with_context
def where_exp(value: object, variable: object, expression: object, *, context: Any) -> list[Any]:
    """``where_exp``: the items for which the condition, with the item named
    ``variable``, holds (as Liquid's ``if`` reads it)."""
    template = context.env.from_string("{% if " + _text(expression) + " %}1{% endif %}")
    found = []
    for item in _items(value):
        buffer = context.get_buffer()
        with context.extend({_text(variable): item}):
            template.render_with_context(context, buffer, partial=True)
        if buffer.getvalue() == "1":
            found.append(item)
    return found


def find(value: object, name: object, target: object) -> object:
    found = where(value, name, target)
    return found[0] if found else None


FILTERS: dict[str, Callable[..., Any]] = {
    "relative_url": relative_url,
    "absolute_url": absolute_url,
    "date_to_xmlschema": date_to_xmlschema,
    "date_to_rfc822": date_to_rfc822,
    "date_to_string": date_to_string,
    "date_to_long_string": date_to_long_string,
    "xml_escape": xml_escape,
    "cgi_escape": cgi_escape,
    "uri_escape": uri_escape,
    "slugify": slugify,
    "markdownify": markdownify,
    "smartify": smartify,
    "jsonify": jsonify,
    "number_of_words": number_of_words,
    "normalize_whitespace": normalize_whitespace,
    "array_to_sentence_string": array_to_sentence_string,
    "where": where,
    "group_by": group_by,
    "sort": sort,
    "to_integer": to_integer,
    "push": push,
    "pop": pop,
    "shift": shift,
    "unshift": unshift,
    "inspect": inspect,
    "find": find,
    "where_exp": where_exp,
}
