"""Site boilerplate in scraped pages: what it looks like, and where the article ends.

Every pattern is a case-insensitive regex that must match a whole block (a line of a
text page, a paragraph or heading of an HTML page) after whitespace is squashed. The
config key ``boilerplate_patterns`` adds to ``BOILERPLATE``, with the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Blocks removed wherever they appear (never more than the block itself).
BOILERPLATE: tuple[str, ...] = (
    # share bars and their button labels
    r"(share|share this( article| story| post| page)?|share on \w+|teilen|artikel teilen"
    r"|compartir|comparte|partager( cet article| sur \w+)?|поделиться|シェア|共有)"
    r"(\s*[:：].{0,60})?",
    r"((facebook|twitter|x|linkedin|whatsapp|e-?mail|pinterest|telegram|reddit|print|copy link"
    r"|tumblr|pocket|vk|line|threads|bluesky|messenger)[\s,|/·•]*)+",
    r"like this:|like loading\.*|loading\.*|click to (share|print|email) .{0,60}",
    # newsletter and subscription prompts
    r".{0,80}\b(subscribe|sign up|register)( now| today)? (to|for) (our|the|my) (free |daily "
    r"|weekly )?(newsletter|mailing list|channel|podcast|updates|alerts|feed)\b.{0,120}",
    r"(get|receive|join|sign up for|subscribe to) (our|the) .{0,40}newsletter\b.{0,120}"
    r"|newsletter|.{0,40}newsletter (abonnieren|sign-?up)|enter your e-?mail( address)?.{0,80}",
    r"(newsletter abonnieren|jetzt abonnieren|suscríbete|abonnez-vous|подпишитесь|購読する)"
    r".{0,120}",
    r"(follow us|folgen sie uns|síguenos|suivez-nous|подписывайтесь|フォローする).{0,80}",
    # e-mail newsletter chrome
    r"view (this (e-?mail|newsletter) )?in (your|a) browser|unsubscribe\b.{0,80}"
    r"|.{0,40}\byou (are receiving|received) this (e-?mail|newsletter)\b.{0,160}"
    r"|forward this (e-?mail|newsletter) to a friend.{0,80}",
    # cookie and consent notices
    r".{0,120}\b(we|this (web)?site|our site) uses? cookies\b.{0,200}",
    r".{0,80}(wir verwenden cookies|utilizamos cookies|usamos cookies|nous utilisons des cookies"
    r"|ce site utilise des cookies|мы используем (файлы )?cookie|クッキーを使用).{0,200}",
    r"(accept|reject|allow|decline)( all)?( cookies)?|cookie (settings|policy|preferences|notice)"
    r"|manage (cookies|preferences|consent)|(alle )?akzeptieren|aceptar( todo)?|tout accepter|ok",
    # ad-blocker pleas and ad labels
    r"ad-?block(er)? detected|.{0,120}\bdisabl\w* (your )?ad-? ?block\w*.{0,120}",
    r".{0,80}\bwhitelist\b.{0,40}\bad-? ?block\w*.{0,80}",
    r"advertisement|advertising|sponsored( content)?|anzeige|werbung|publicidad|publicité"
    r"|реклама|広告|スポンサーリンク|pr",
    # comment forms and anti-spam notices
    r".{0,40}this site uses akismet to reduce spam.{0,120}",
    r"your email address will not be published.{0,120}|required fields are marked.{0,20}",
    r"save my name, email.{0,160}|notify me of (follow-up comments|new posts).{0,80}",
    r"(name|e-?mail|website|comment)\s*\*?|post comment|submit|cancel reply",
    # teasers for other articles inside the text, and "read more" links
    r"(read more|read also|also read|see also|related|lesen sie auch|mehr zum thema|lee también"
    r"|te puede interesar|à lire aussi|lire aussi|voir aussi|читайте также|関連記事)"
    r"\s*[:：»›>]\s*.+",
    r"(read more|continue reading|weiterlesen|leer más|lire la suite|читать далее|続きを読む)"
    r"\s*[»›>→…]*",
    # site chrome that scrapers copy along with the page
    r"skip to (main )?content|menu|search|close|toggle navigation|sign in|log in|back to top",
    r"(\d+|one|two|three|four|five) min(ute)?s? read|reading time\s*:.{0,20}|lesezeit.{0,20}",
    r"(©|\(c\)|copyright\s*(©|\(c\))?\s*\d{4})\s*.{0,120}|.{0,120}\ball rights reserved\b.{0,40}",
)

# Blocks that start the page's trailer: the first one in the last part cuts the rest.
END_MARKERS: tuple[str, ...] = (
    # related and recommended lists
    r"(you (may|might) (also )?(like|enjoy)|you may be interested in|recommended( for you"
    r"| stories| reading)?|related( (articles?|posts?|stories|news|content|coverage|reading))?"
    r"|more (stories|news)|more (from|on|in) .{1,40}|read next|up next|further reading"
    r"|popular( (posts|now|stories))?|trending( now)?|most (read|popular))\s*:?",
    r"(mehr zum thema|das könnte sie auch interessieren|weitere artikel|ähnliche artikel"
    r"|meistgelesen|te puede interesar|también te puede interesar|noticias relacionadas"
    r"|artículos relacionados|más noticias|lo más leído|à lire aussi|lire aussi"
    r"|sur le même sujet|articles similaires|vous aimerez aussi|les plus lus|читайте также"
    r"|похожие (статьи|новости|материалы)|ещё по теме|еще по теме|関連記事|あわせて読みたい"
    r"|おすすめ記事|人気記事)\s*[:：]?",
    # comment sections
    r"(leave|post|write|add) a (comment|reply)( cancel reply)?|\d+ (comments?|responses?|replies)"
    r"|\d+ thoughts? on .{0,200}|comments?( \(\d+\))?|join the (conversation|discussion)"
    r"|kommentare?( \(\d+\))?|kommentar schreiben|comentarios|deja (un comentario|una respuesta)"
    r"|commentaires|laisser un commentaire|комментарии|оставить комментарий|コメント",
    # author boxes and tag lists close the article too
    r"about the author|über den autor|sobre el autor|à propos de l'auteur|об авторе",
    r"(tags?|topics|filed under|schlagworte|themen|etiquetas|mots-clés|теги|タグ)\s*[:：].{0,200}",
)

# Promotional last sentences of the last paragraph ("Stay tuned to example.com for ...").
TRAILING_SENTENCES: tuple[str, ...] = (
    r"stay tuned (to|with|at) .+|stay tuned for (more|further|continued|updates|the latest).*",
    r"follow (us|\S+) on (twitter|x|facebook|instagram|telegram|linkedin|youtube|tiktok"
    r"|google news)\b.*",
    r"(subscribe|sign up) (to|for) our .+",
    r"(read|find|get) more (news|stories|articles|coverage|updates) (at|on) .+",
    r"for (more|the latest) (news|updates|stories|coverage)\b.*\b(visit|follow|check)\b.+",
)

# Past this length a block is article text, whatever words it contains.
_MAX_BOILERPLATE_CHARS = 300
# Chrome is short: menu items, related headlines, form labels, notices of one line.
_MAX_CHROME_CHARS = 100
# This many chrome blocks in a row after the article's text start the page's trailer.
_CHROME_RUN = 3
_CLOSERS = "\"'”’»)]」』）"
_SENTENCE_END = ".!?…。！？"
_COPYRIGHT = re.compile(r"[©ⓒ]|\(c\)\s*\d{4}|copyright", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=\S)")


@dataclass(slots=True)
class Block:
    """One block of a scraped page: its plain text, and Markdown once it is rendered."""

    kind: str  # "p", "h", "li", "list", "quote", "pre", "img", "hr"
    text: str
    line: int = 0
    md: str = ""
    link_chars: int = 0  # characters of ``text`` inside links (HTML only)


@lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE | re.DOTALL) for p in patterns)


def check_patterns(patterns: Iterable[str]) -> str | None:
    """The first pattern that is not a valid regex, with the reason; None when all are."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            return f"bad boilerplate pattern {pattern!r}: {exc}"
    return None


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends like a sentence (closing quotes and brackets ignored)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def is_prose(block: Block) -> bool:
    """A paragraph of article text rather than a label, link or heading."""
    if block.kind not in ("p", "quote"):
        return False
    return len(block.text) >= 120 or (len(block.text) >= 40 and ends_sentence(block.text))


def _matches(block: Block, patterns: tuple[re.Pattern[str], ...]) -> bool:
    if block.kind == "pre" or len(block.text) > _MAX_BOILERPLATE_CHARS:
        return False
    return any(p.fullmatch(block.text) for p in patterns)


def is_boilerplate(block: Block, extra: tuple[str, ...] = ()) -> bool:
    """True when the whole block is site boilerplate (built-in or configured pattern)."""
    return _matches(block, _compile(BOILERPLATE + extra))


def is_end_marker(block: Block) -> bool:
    """True when the block opens a page trailer ("Related", "Leave a comment", ...)."""
    return _matches(block, _compile(END_MARKERS))


def link_dense(block: Block) -> bool:
    """Mostly link text: a related list, a tag cloud, a navigation row."""
    return bool(block.text) and block.link_chars >= 0.5 * len(block.text)


def is_chrome(block: Block) -> bool:
    """A block that looks like site chrome in any language: short and no sentence, or links.

    Headings count: a trailer's "related" or "comments" title is one, and an article's
    own headings are followed by prose, so they never make a run of chrome.
    """
    if block.kind in ("pre", "table", "img", "quote"):
        return False
    if link_dense(block) or is_end_marker(block):
        return True
    if block.kind in ("list", "li"):
        return False  # an article's own list, unless its items are links
    if _announces(block.text):
        return False
    return len(block.text) <= _MAX_CHROME_CHARS and not ends_sentence(block.text)


def _announces(text: str) -> bool:
    """A phrase ending in a colon announces the article's list ("Share this:" is a label)."""
    if not text.rstrip().endswith((":", "：")):
        return False
    dense = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return len(text.split()) >= 5 or dense >= 10


def repeated_blocks(blocks: list[Block]) -> set[str]:
    """Short texts a page shows more than once, or again inside a copyright line: site blocks.

    A site's name, its share bar and its menu often sit both above and below the article;
    an article never repeats a short non-sentence verbatim.
    """
    seen: dict[str, int] = {}
    for block in blocks:
        if block.kind in ("p", "li", "h") and len(block.text) <= _MAX_CHROME_CHARS:
            key = block.text.casefold()
            seen[key] = seen.get(key, 0) + 1
    repeated = {k for k, n in seen.items() if n > 1 and not ends_sentence(k)}
    notices = [b.text.casefold() for b in blocks if _COPYRIGHT.search(b.text)]
    for key in seen:
        if len(key) >= 4 and any(key in n and key != n for n in notices):
            repeated.add(key)
    return repeated


def trim(blocks: list[Block], extra: tuple[str, ...] = ()) -> list[Block]:
    """Remove boilerplate blocks, cut the trailer, drop stray short lines at the end."""
    lines = _compile(BOILERPLATE + extra)
    kept = [b for b in blocks if not _matches(b, lines)]
    site = repeated_blocks(kept)
    kept = [b for b in kept if not (b.text.casefold() in site and is_chrome(b))]
    kept = _cut_trailer(kept)
    kept = _cut_chrome_run(kept)
    markers = _compile(END_MARKERS)
    kept = [b for b in kept if not _matches(b, markers)]
    # Stray short lines after the last sentence (tag and related links); never the only text.
    while len(kept) > 1 and kept[-1].kind in ("p", "h") and not _looks_final(kept[-1]):
        if not any(is_prose(b) for b in kept[:-1]):
            break
        kept.pop()
    _drop_trailing_sentences(kept)
    return kept


def _looks_final(block: Block) -> bool:
    # "(Reporting by ...; Editing by ...)" credit lines end articles and are kept.
    credit = block.text.startswith("(") and block.text.endswith(")")
    return block.kind == "p" and (ends_sentence(block.text) or len(block.text) >= 120 or credit)


def _cut_trailer(blocks: list[Block]) -> list[Block]:
    """Cut at the first end marker with article text before it and less after it.

    "Less after it" counts prose only up to the next marker, so a long comment thread
    after a short related list does not save the list, and a marker line near the top
    (prose before it is nil) never swallows the article.
    """
    markers = _compile(END_MARKERS)
    positions = [i for i, b in enumerate(blocks) if _matches(b, markers)]
    prose = [len(b.text) if is_prose(b) else 0 for b in blocks]
    for n, i in enumerate(positions):
        before = sum(prose[:i])
        stop = positions[n + 1] if n + 1 < len(positions) else len(blocks)
        if before and sum(prose[i + 1 : stop]) <= before:
            return blocks[:i]
    return blocks


def _cut_chrome_run(blocks: list[Block]) -> list[Block]:
    """Cut at the first run of chrome after the article's text, whatever its language.

    A run of short non-sentences (a related list, a comment form, a site footer) that
    follows prose and has less prose after it (up to the next run) than before it is
    the trailer. A run right after a paragraph ending in a colon is the article's own list.
    """
    chrome = [is_chrome(b) for b in blocks]
    prose = [0]  # prose[i]: characters of article text before block i
    for block in blocks:
        prose.append(prose[-1] + (len(block.text) if is_prose(block) else 0))
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(blocks):
        if not chrome[i]:
            i += 1
            continue
        j = i
        while j < len(blocks) and chrome[j]:
            j += 1
        if j - i >= _CHROME_RUN or (
            j == len(blocks) and any(is_end_marker(b) for b in blocks[i:j])
        ):
            runs.append((i, j))
        i = j
    for n, (start, end) in enumerate(runs):
        before = prose[start]
        if not before or (start and blocks[start - 1].text.rstrip().endswith((":", "："))):
            continue
        stop = runs[n + 1][0] if n + 1 < len(runs) else len(blocks)
        if prose[stop] - prose[end] <= before:
            return blocks[:start]
    return blocks


def _drop_trailing_sentences(blocks: list[Block]) -> None:
    patterns = _compile(TRAILING_SENTENCES)
    if not blocks or blocks[-1].kind != "p":
        return
    last = blocks[-1]
    sentences = _SENTENCE_SPLIT.split(last.text)
    dropped = 0
    while sentences and any(p.fullmatch(sentences[-1]) for p in patterns):
        sentences.pop()
        dropped += 1
    if not dropped:
        return
    if not sentences:
        blocks.pop()
        return
    last.text = " ".join(sentences)
    if last.md:
        md_sentences = _SENTENCE_SPLIT.split(last.md)
        last.md = " ".join(md_sentences[: len(md_sentences) - dropped])
