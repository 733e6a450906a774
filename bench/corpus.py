"""Deterministic generator of a realistic news site for the build benchmark.

``python bench/corpus.py OUTDIR --articles N --categories K [--seed S] [--shape news|rich]``
writes ``OUTDIR/publisher.toml``, ``OUTDIR/content/<category>/<slug>.md`` and
``OUTDIR/bench.json`` (what was generated, and the newest article's path).
The same arguments always give byte-identical files: a seeded ``random.Random``
drives everything and the wall clock is never read.

Two shapes of body: ``news`` (this module: 400 to 1,500 words of news prose, a few
links) and ``rich`` (``corpus_rich.py``: link- and image-heavy pieces, long reads,
code, tables and footnotes). Front matter, titles, dates and paths are the same.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

# Bump when the output changes, so run.py regenerates cached corpora (``corpus_rich.VERSION``
# for the rich shape).
VERSION = 2
SHAPES = ("news", "rich")
BASE_URL = "https://bench.example"
DOMAIN = "bench.example"
# Every date lies in the five years before this instant: fixed, so output never
# depends on when it runs, and in the past, so no article is left out as scheduled.
END = datetime(2026, 11, 1, tzinfo=UTC)
SPAN_SECONDS = 5 * 365 * 86400

CATEGORIES = (
    ("World", "world"),
    ("Business", "business"),
    ("Technology", "technology"),
    ("Science", "science"),
    ("Culture", "culture"),
    ("Sport", "sport"),
    ("Health", "health"),
    ("Politics", "politics"),
    ("Climate", "climate"),
    ("Education", "education"),
    ("Travel", "travel"),
    ("Opinion", "opinion"),
    ("Economy", "economy"),
    ("Media", "media"),
    ("Food", "food"),
    ("Cities", "cities"),
)

_WORD_TEXT = (
    "the of and to in a is that for on with as by at from it was this be are an have "
    "which has not but they their more new been its after were also would who two will "
    "city council plan report year years government market company people said data "
    "energy water power grid network school students research study team project "
    "budget price prices growth policy law court vote minister election region local "
    "national public private sector workers union bank rate inflation trade export "
    "import harbour railway bridge station port street district village coast river "
    "forest climate heat rain drought flood storm season harvest farmers food health "
    "hospital doctors patients clinic vaccine software code system servers cloud chip "
    "factory engineers design launch testing results evidence sample survey museum "
    "festival film music novel author artist gallery theatre stadium match league "
    "coach players record final victory defeat season analysis question answer "
    "decision proposal agreement talks compact treaty delegation summit reform "
    "housing rent tenants landlords transit buses cyclists traffic airport flights "
    "café naïve façade rôle déjà-vu crème Zürich Straße Größe Fußball mañana niño "
    "España señora jalapeño São Paulo Kraków Łódź Ålesund smørrebrød Reykjavík "
    "Москва новости город совет 東京 経済 北京 市場 서울 Αθήνα"
)
WORDS = tuple(_WORD_TEXT.split())
CAPITALIZED = tuple(w for w in WORDS if w[0].isupper() or not w[0].isascii())
ASCII_WORDS = tuple(w for w in WORDS if w.isascii() and w.isalpha() and len(w) > 3)
TAGS = (
    "energy", "housing", "transport", "elections", "courts", "climate", "health",
    "schools", "markets", "startups", "ai", "space", "football", "film", "books",
    "music", "farming", "water", "europe", "asia", "americas", "africa", "économie",
    "städte", "наука", "文化",
)  # fmt: skip
PEOPLE = (
    "Ana Souza", "José Núñez", "Jürgen Groß", "Zoë Müller", "Priya Raman", "Анна Петрова",
    "山田太郎", "Ngozi Okafor", "Mateusz Wiśniewski", "Siobhán Kelly", "Li Wei", "Omar Haddad",
)  # fmt: skip
OFFSETS = (0, 0, 60, 120, -300, -240, -480, 330, 540, 600, -180, 345)
QUOTES = (
    "“We did not expect the numbers to move this fast,” one official said.",
    "«Это только начало», — сказал представитель совета.",
    "「まだ始まったばかりです」と担当者は語った。",
    "„Das ist erst der Anfang“, sagte eine Sprecherin der Stadt.",
    "«Es solo el principio», dijo la portavoz del ayuntamiento.",
)
CODE = (
    "```python\nimport csv\n\nwith open('results.csv', encoding='utf-8') as f:\n"
    "    rows = list(csv.DictReader(f))\nprint(len(rows), 'rows <ok> & done')\n```",
    '```json\n{"station": "Zürich HB", "delay_min": 4, "ok": true}\n```',
    "```sh\ncurl -s https://bench.example/api/v1/stats | jq '.total'\n```",
)
POOL_SIZE = 4000


@dataclass(frozen=True, slots=True)
class _Meta:
    """What one article's front matter and links need, decided before any body is written."""

    category: int
    slug: str
    title: str
    when: datetime


def _sentence(rng: random.Random) -> str:
    """One sentence of 6 to 22 vocabulary words; sometimes with inline markup."""
    words = rng.choices(WORDS, k=rng.randint(6, 22))
    words[0] = words[0][:1].upper() + words[0][1:]
    roll = rng.random()
    if roll < 0.08:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    elif roll < 0.14:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    elif roll < 0.18:
        i = rng.randrange(len(words))
        words[i] = f"`{words[i]}_v{rng.randint(1, 9)}`"
    elif roll < 0.20:
        words.append(f"({rng.randint(2, 98)}% & <{rng.randint(1, 9)} units)")
    return " ".join(words) + rng.choice(".....?!")


def _title(rng: random.Random) -> str:
    """A headline: a few words, a proper noun, sometimes a colon or a number."""
    words = rng.choices(ASCII_WORDS, k=rng.randint(4, 9))
    words[0] = words[0].capitalize()
    words.insert(rng.randrange(1, len(words)), rng.choice(CAPITALIZED))
    title = " ".join(words)
    roll = rng.random()
    if roll < 0.15:
        title = f"Analysis: {title}"
    elif roll < 0.25:
        title = f"{title} by {rng.randint(2, 90)}%"
    elif roll < 0.30:
        title = f"{title} — “{rng.choice(ASCII_WORDS)}” or not?"
    return title


def _slug(title: str) -> str:
    """Lowercase ASCII words with hyphens, as ``slugify`` leaves them (so the stem is the slug)."""
    out = []
    for word in title.split():
        kept = "".join(c for c in word.lower() if c.isascii() and c.isalnum())
        if kept:
            out.append(kept)
    return "-".join(out)[:60].strip("-") or "story"


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plan(rng: random.Random, articles: int, categories: int) -> list[_Meta]:
    """Category, unique slug, title and date for every article."""
    names = [CATEGORIES[i % len(CATEGORIES)] for i in range(categories)]
    taken: list[set[str]] = [set() for _ in names]
    metas = []
    for _ in range(articles):
        cat = rng.randrange(categories)
        title = _title(rng)
        base = _slug(title)
        slug, n = base, 1
        while slug in taken[cat]:
            n += 1
            slug = f"{base}-{n}"
        taken[cat].add(slug)
        offset = timezone(timedelta(minutes=rng.choice(OFFSETS)))
        when = (END - timedelta(seconds=rng.randrange(SPAN_SECONDS))).astimezone(offset)
        metas.append(_Meta(cat, slug, title, when))
    return metas


def _category_slugs(categories: int) -> list[str]:
    """Folder slug per category index; repeated names (K > 16) get a numeric suffix."""
    out = []
    for i in range(categories):
        slug = CATEGORIES[i % len(CATEGORIES)][1]
        out.append(slug if i < len(CATEGORIES) else f"{slug}-{i // len(CATEGORIES) + 1}")
    return out


def _category_names(categories: int) -> list[str]:
    """Display name per category index, unique like the slugs."""
    out = []
    for i in range(categories):
        name = CATEGORIES[i % len(CATEGORIES)][0]
        out.append(name if i < len(CATEGORIES) else f"{name} {i // len(CATEGORIES) + 1}")
    return out


def _link(rng: random.Random, me: _Meta, metas: list[_Meta], cat_slugs: list[str]) -> str:
    """A link to another article (relative or root-relative), an image path, or an external URL."""
    other = metas[rng.randrange(len(metas))]
    text = " ".join(rng.choices(ASCII_WORDS, k=rng.randint(2, 5)))
    roll = rng.random()
    if roll < 0.3 and other.category == me.category:
        href = f"../{other.slug}/"
    elif roll < 0.55:
        href = f"../../{cat_slugs[other.category]}/{other.slug}/"
    elif roll < 0.8:
        href = f"/{cat_slugs[other.category]}/{other.slug}/"
    elif roll < 0.9:
        href = f"/images/{other.slug}.jpg"
    else:
        href = f"https://example.org/reports/{rng.randint(1000, 9999)}?lang=en&page=2"
    return f"[{text}]({href})"


def _body(
    rng: random.Random, me: _Meta, metas: list[_Meta], pool: list[str], cat_slugs: list[str]
) -> str:
    """400 to 1,500 words of Markdown: paragraphs, headings, lists, links, images, code, quotes."""
    # Stop a little short of 1,500: the block that crosses the target overshoots it.
    target = rng.randint(400, 1380)
    words = 0
    blocks: list[str] = []

    def add(text: str) -> None:
        nonlocal words
        words += text.count(" ") + 1
        blocks.append(text)

    def paragraph() -> None:
        sentences = rng.choices(pool, k=rng.randint(3, 7))
        if rng.random() < 0.4:
            sentences.insert(rng.randrange(len(sentences)), _link(rng, me, metas, cat_slugs))
        add(" ".join(sentences))

    paragraph()
    paragraph()
    while words < target:
        heading = " ".join(rng.choices(ASCII_WORDS, k=rng.randint(2, 5)))
        add(f"## {heading.capitalize()}")
        for _ in range(rng.randint(1, 3)):
            if words < target:
                paragraph()
        roll = rng.random()
        if words >= target:
            break
        if roll < 0.2:
            items = rng.choices(pool, k=rng.randint(3, 6))
            add("\n".join(f"- {item}" for item in items))
        elif roll < 0.35:
            items = rng.choices(pool, k=rng.randint(3, 5))
            add("\n".join(f"{n}. {item}" for n, item in enumerate(items, 1)))
        elif roll < 0.5:
            add(f"> {rng.choice(QUOTES)}\n>\n> {rng.choice(pool)}")
        elif roll < 0.6:
            img = rng.choice(("/images/", "", "https://cdn.bench.example/img/"))
            add(f"![{rng.choice(ASCII_WORDS)} photo]({img}{me.slug}-{words}.jpg)")
        elif roll < 0.68:
            add(rng.choice(CODE))
    return "\n\n".join(blocks) + "\n"


def _author(rng: random.Random) -> str | None:
    """An ``author:`` value: none (site default), a name, or a name with an email."""
    roll = rng.random()
    if roll < 0.25:
        return None
    name = rng.choice(PEOPLE)
    if roll < 0.6:
        return _yaml_str(name)
    user = f"{_slug(name) or 'desk'}".replace("-", ".")
    return f"{{name: {_yaml_str(name)}, email: {_yaml_str(user + '@' + DOMAIN)}}}"


def _front_matter(
    rng: random.Random, me: _Meta, names: list[str], pool: list[str], ids: bool = True
) -> str:
    """YAML front matter with a pinned tag: id, zone-aware date and the optional fields.

    Without ``ids`` the ``id`` line is left out, as in a site migrated from another
    generator; the random sequence is the same either way, so both corpora match otherwise.
    """
    lines = ["---", f"title: {_yaml_str(me.title)}"]
    if ids:
        lines.append(f'id: "tag:{DOMAIN},{me.when.date().isoformat()}:{me.slug}"')
    lines.append(f"date: {me.when.isoformat()}")
    if rng.random() < 0.1:
        updated = me.when + timedelta(hours=rng.randint(1, 72))
        if updated < END:
            lines.append(f"updated: {updated.isoformat()}")
    lines.append(f"category: {names[me.category]}")
    lines.append(f"tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 4)))}]")
    author = _author(rng)
    if author:
        lines.append(f"author: {author}")
    if rng.random() < 0.35:
        lines.append(f"summary: {_yaml_str(' '.join(rng.choices(pool, k=2)))}")
    if rng.random() < 0.2:
        lines.append(f"image: /images/{me.slug}.jpg")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# What `publisher init` writes for a new site (bench/run.py --markdown sets another).
MARKDOWN = "commonmark"


def config_text(categories: int, markdown: str = MARKDOWN) -> str:
    """The site's ``publisher.toml``."""
    names = _category_names(categories)
    out = [
        'title = "Bench News"',
        'description = "A generated site for measuring publisher build times."',
        f'base_url = "{BASE_URL}"',
        'language = "en"',
        'timezone = "Europe/Berlin"',
        "items_per_feed = 50",
        f'markdown = "{markdown}"',
        "",
        "[author]",
        'name = "Bench Desk"',
        f'email = "desk@{DOMAIN}"',
        "",
        "[categories.all]",
        'title = "Bench News: all stories"',
    ]
    for name in names:
        out += ["", f'[categories."{name}"]', f'title = "Bench News: {name}"']
    return "\n".join(out) + "\n"


def version(shape: str = "news") -> int:
    """The generator version of a shape: a cached corpus of another version is stale."""
    return VERSION if shape == "news" else _rich().VERSION


def _rich() -> ModuleType:
    """The rich shape's module (a sibling script: bench/ is not a package)."""
    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    import corpus_rich

    return corpus_rich


def generate(
    outdir: Path,
    articles: int,
    categories: int,
    seed: int = 1,
    *,
    ids: bool = True,
    shape: str = "news",
) -> None:
    """Write ``publisher.toml``, ``content/`` and ``bench.json`` under ``outdir``."""
    if articles < 1 or categories < 1:
        raise ValueError("need at least one article and one category")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)}")
    body = _body if shape == "news" else _rich().body
    rng = random.Random(seed)
    # Sentences come from a pool: building every word of 100,000 articles one by one
    # would dominate the run time, and the builder's cost depends on length and markup.
    pool = [_sentence(rng) for _ in range(POOL_SIZE)]
    metas = _plan(rng, articles, categories)
    names = _category_names(categories)
    cat_slugs = _category_slugs(categories)
    content = outdir / "content"
    for slug in cat_slugs:
        (content / slug).mkdir(parents=True, exist_ok=True)
    (outdir / "publisher.toml").write_text(config_text(categories), encoding="utf-8")
    newest = max(metas, key=lambda m: (m.when, m.slug))
    for me in metas:
        text = _front_matter(rng, me, names, pool, ids) + body(rng, me, metas, pool, cat_slugs)
        with open(content / cat_slugs[me.category] / f"{me.slug}.md", "w", encoding="utf-8") as f:
            f.write(text)
    manifest = {
        "version": version(shape),
        "shape": shape,
        "articles": articles,
        "categories": categories,
        "seed": seed,
        "ids": ids,
        "newest": f"content/{cat_slugs[newest.category]}/{newest.slug}.md",
        "newest_category": names[newest.category],
        "newest_category_slug": cat_slugs[newest.category],
    }
    (outdir / "bench.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--categories", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-ids", action="store_true", help="leave out every `id` line")
    parser.add_argument("--shape", choices=SHAPES, default="news", help="the kind of bodies")
    args = parser.parse_args(argv)
    generate(
        args.outdir, args.articles, args.categories, args.seed, ids=not args.no_ids,
        shape=args.shape,
    )  # fmt: skip


if __name__ == "__main__":
    main()
