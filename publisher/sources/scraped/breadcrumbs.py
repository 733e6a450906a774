"""Breadcrumb trails in scraped pages (``Home » Section » Title``)."""

from __future__ import annotations

import re

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
