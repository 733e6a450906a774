"""Sanitized HTML -> plain text: an article's summary, or any fragment's text."""

from __future__ import annotations

import html
import re

import nh3

from publisher.render.sanitize import DROP_WITH_CONTENT
from publisher.text import XML_ILLEGAL

SUMMARY_LENGTH = 280
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd|blockquote|pre|tr|td|th|figcaption)>|<br\s*/?>")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_SPACE = re.compile(r"\s+")
# Sanitized HTML writes every attribute in double quotes; an image reads as its alt text.
_IMG_ALT = re.compile(r'<img\b[^>]*?\balt="([^"]*)"[^>]*>')


def summarize(content_html: str, limit: int = SUMMARY_LENGTH) -> str:
    """Plain text of the first paragraph, cut at a word boundary near ``limit``."""
    match = _FIRST_PARAGRAPH.search(content_html)
    text = plain_text(match.group(1) if match else content_html)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.–—-")
    return cut + "…"


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, entities decoded, whitespace collapsed."""
    spaced = _BLOCK_END.sub(lambda m: m.group(0) + " ", _IMG_ALT.sub(r"\1", fragment))
    text = html.unescape(nh3.clean(spaced, tags=set(), clean_content_tags=set(DROP_WITH_CONTENT)))
    return _SPACE.sub(" ", XML_ILLEGAL.sub("", text)).strip()
