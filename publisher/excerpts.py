"""Summaries on purpose (``content = "summary"``): where an article's excerpt ends, and
how a summary item reads (the excerpt, then "Read more" in the feed's language).

Which excerpt an article has, first that applies:

1. the part of its body before the summary separator (``<!--more-->``, Jekyll's
   ``excerpt_separator``, the config's ``summary_separator``), rendered as the body is;
2. its ``summary`` field (``description``, ``excerpt``) as a paragraph;
3. automatically: whole blocks of the rendered body up to ``summary_words`` words
   (Hugo's ``summaryLength``, Pelican's ``SUMMARY_MAX_LENGTH``), or the first paragraph.

Jekyll lets an ``excerpt`` field win over the separator; the generators say which
(``SiteGenerator.field_summary_first``). Pure functions: ``render`` and the build call
them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lxml import etree

from publisher.generators import generator_named
from publisher.model import Article

if TYPE_CHECKING:
    from publisher.config import Config

# The separator of an article whose site and generator name none (Hugo's, WordPress's).
DEFAULT_SEPARATOR = "<!--more-->"
_WORD = re.compile(r"\w+")

# "Read more" in the languages feeds are most often written in (primary subtag, or a
# whole tag where a region writes it differently); any other language gets English.
READ_MORE: dict[str, str] = {
    "en": "Read more",
    "ar": "اقرأ المزيد",
    "ca": "Continua llegint",
    "cs": "Číst dále",
    "da": "Læs mere",
    "de": "Weiterlesen",
    "el": "Διαβάστε περισσότερα",
    "es": "Leer más",
    "fa": "ادامه مطلب",
    "fi": "Lue lisää",
    "fr": "Lire la suite",
    "he": "להמשך קריאה",
    "hi": "और पढ़ें",
    "hu": "Tovább olvasom",
    "id": "Baca selengkapnya",
    "it": "Continua a leggere",
    "ja": "続きを読む",
    "ko": "계속 읽기",
    "nb": "Les mer",
    "nl": "Lees verder",
    "nn": "Les meir",
    "no": "Les mer",
    "pl": "Czytaj dalej",
    "pt": "Leia mais",
    "pt-pt": "Ler mais",
    "ro": "Citește mai mult",
    "ru": "Читать далее",
    "sk": "Čítať ďalej",
    "sv": "Läs mer",
    "th": "อ่านต่อ",
    "tr": "Devamını oku",
    "uk": "Читати далі",
    "vi": "Đọc tiếp",
    "zh": "阅读全文",
    "zh-hant": "閱讀全文",
    "zh-tw": "閱讀全文",
    "zh-hk": "閱讀全文",
}


def read_more(language: str) -> tuple[str, str | None]:
    """``(text, lang)``: "Read more" in ``language`` (an RFC 5646 tag), and the tag to
    mark it with when it had to fall back on English (None when it is in ``language``)."""
    tag = language.strip().lower().replace("_", "-")
    parts = tag.split("-")
    for key in (tag, "-".join(parts[:2]), parts[0]):
        if key in READ_MORE:
            return READ_MORE[key], None
    return READ_MORE["en"], None if parts[0] in ("", "en") else "en"


@dataclass(frozen=True, slots=True)
class ExcerptRule:
    """How one site's articles are cut: the separators the body may hold (the first
    found wins), the automatic length in words (0: the first paragraph), and whether a
    ``summary`` field wins over a separator."""

    separators: tuple[str, ...]
    words: int
    field_first: bool = False


def excerpt_rule(config: Config) -> ExcerptRule | None:
    """The site's rule, or None when no feed can show a summary (nothing to compute).

    An article can still ask for one itself (``content: summary``): ``wanted`` says.
    """
    generator = generator_named(config.generator)
    if config.summary_separator:
        separators: tuple[str, ...] = (config.summary_separator,)
    elif generator is not None:
        separators = generator.summary_separators
    else:
        separators = (DEFAULT_SEPARATOR,)
    words = config.summary_words or (generator.summary_words if generator else 0)
    return ExcerptRule(separators, words, bool(generator and generator.field_summary_first))


def wanted(article: Article, config: Config) -> bool:
    """Whether some feed may show ``article`` as a summary, so its excerpt is worth making."""
    if article.content_mode is not None:
        return article.content_mode == "summary"
    return config.content == "summary" or any(
        c.content == "summary" for c in config.categories.values()
    )


def split_body(body: str, article: Article, rule: ExcerptRule) -> tuple[str, bool] | None:
    """``(the body before the separator, whether anything follows it)``, or None when
    the body holds no separator (the article's own, else the site's)."""
    separators = (article.summary_separator,) if article.summary_separator else rule.separators
    text = body.lstrip("\r\n")  # Jekyll's "\n\n" must not match a leading blank line
    for separator in separators:
        head, found, tail = text.partition(separator)
        if found and head.strip():
            return head, bool(tail.strip())
    return None


def field_excerpt(summary: str) -> str:
    """A ``summary`` field as the excerpt's HTML: one paragraph."""
    return f"<p>{html.escape(summary, quote=False)}</p>"


def automatic_excerpt(content_html: str, words: int) -> str | None:
    """Whole top-level blocks of ``content_html`` until ``words`` words (0: up to the
    first paragraph), or None when that is the whole body (nothing left out)."""
    # Imported here: only summary feeds without a separator or summary field need it,
    # and lxml.html costs an edit rebuild ~2 ms to import.
    from lxml import html as lxml_html

    try:
        blocks = lxml_html.fragments_fromstring(content_html)
    except (etree.ParserError, ValueError):
        return None
    kept: list[str] = []
    count = 0
    for block in blocks:
        if isinstance(block, str):  # text before the first element
            kept.append(html.escape(block, quote=False))
            count += len(_WORD.findall(block))
            continue
        kept.append(lxml_html.tostring(block, encoding="unicode", with_tail=True))
        text = etree.tostring(block, method="text", encoding="unicode", with_tail=False)
        count += len(_WORD.findall(text))
        if (words and count >= words) or (not words and block.tag == "p"):
            break
    if len(kept) >= len(blocks):
        return None
    return "".join(kept).strip()


def as_summary(article: Article, language: str) -> Article:
    """``article`` as a summary item shows it: its excerpt, then a "Read more" link to
    the article in ``language``; the whole article when it is its own excerpt."""
    if article.excerpt_html is None:
        return article
    text, lang = read_more(language)
    marked = f' lang="{lang}"' if lang else ""
    link = html.escape(article.link)
    more = f'<p{marked}><a href="{link}">{html.escape(text)}</a></p>'
    return replace(article, content_html=f"{article.excerpt_html}\n{more}")


def shows_summary(article: Article, feed_content: str) -> bool:
    """Whether a feed whose content is ``feed_content`` shows ``article`` as a summary
    (the article's own ``content`` field wins)."""
    return (article.content_mode or feed_content) == "summary"
