"""The second corpus shape of the build benchmark: articles shaped like real blogs' and
magazines', link-heavy and image-heavy, long-form, with code, tables and footnotes.

``python bench/corpus.py OUTDIR --shape rich --articles N`` writes the same layout as the
news shape (``publisher.toml``, ``content/<category>/<slug>.md``, ``bench.json``), with the
same front matter, from a seeded ``random.Random`` (the same arguments give byte-identical
files). The bodies are of five kinds, in the proportions a mixed site shows:

- brief (25%): a few short paragraphs, a link or two, sometimes one image;
- links (20%): a roundup, a list of links with a line of comment each (nested
  bullets under some), link-dense paragraphs, reference links defined at the end;
- photos (12%): an essay of 8 to 40 images with titles, linked thumbnails and
  reference images, each followed by an italic caption with a credit link;
- tech (28%): `##`/`###` sections, fenced code in several languages, tables of
  figures with aligned columns, numbered steps with nested bullets, links to docs;
- long-form (15%): 1,500 to 8,000 words, footnotes, blockquotes (some nested),
  inline and reference links, a horizontal rule, headings.

Inline links take every form CommonMark knows (with titles, with emphasis or code in the
text, URLs with queries, fragments and balanced parentheses, autolinks, full, collapsed
and shortcut references); images have titles and alt text. The lengths are log-normal
per kind: the median article is a few KB and the longest stop at about 50 KB. Only
Markdown every generator renders is used (no raw HTML: Hugo leaves it out by default),
so Hugo builds the same site for the ratio.
"""

from __future__ import annotations

import math
import random

import corpus  # the sibling module: the vocabulary, plan and front matter are shared

VERSION = 1
# Bodies stop growing past this many bytes (the tail of real archives' long reads); the
# block that crosses it may overshoot by a few KB.
MAX_BODY_BYTES = 48_000
KINDS = (("brief", 25), ("links", 20), ("photos", 12), ("tech", 28), ("longform", 15))
# Per kind: (median words, log-normal sigma, fewest, most).
LENGTHS = {
    "brief": (180, 0.45, 60, 700),
    "links": (350, 0.5, 120, 2000),
    "photos": (150, 0.5, 60, 800),
    "tech": (550, 0.55, 200, 4000),
    "longform": (1800, 0.45, 1000, 7000),
}
# Per kind: the chance that a sentence carries an inline link or image reference.
LINK_DENSITY = {"brief": 0.2, "links": 0.9, "photos": 0.3, "tech": 0.35, "longform": 0.3}
SITES = (
    "https://www.example.org", "https://news.example.com", "https://docs.example.dev",
    "https://en.wikipedia.example", "https://github.example", "https://blog.example.net",
    "https://papers.example.edu", "https://www.example.co.uk", "https://example.jp",
)  # fmt: skip
CDN = "https://cdn.bench.example/media"
LANGUAGES = ("python", "go", "js", "sh", "yaml", "toml", "rust", "sql", "")
CODE_LINES = {
    "python": (
        "def {a}({b}, {c}=None):", '    """{w}."""', "    for {b} in {c}:", "        yield {b}",
        "    return {a}({b}) + {n}", "import {a}", "from {a} import {b}", "{a} = {{'{b}': {n}}}",
        "print(f'{{{a}!r}} <{n}> & done')", "class {A}:", "    {b}: int = {n}",
    ),
    "go": (
        "func {A}({b} int) error {{", "\treturn nil", "}}", "if err != nil {{",
        '\tlog.Printf("{a}: %v", err)', "for _, {b} := range {c} {{", "{b} := {n} * time.Second",
    ),
    "js": (
        "const {a} = await fetch(`/api/{b}?n={n}`);", "export function {a}({b}) {{", "}}",
        "  return {b}.map(({c}) => {c} * {n});", "if ({a} && {b} < {n}) {{", "let {a} = [];",
    ),
    "sh": (
        "$ {a} --{b} {n}", "curl -s 'https://api.example.dev/{a}?page={n}&q={b}' | jq .",
        "export {A}={n}", "for f in *.{b}; do {a} \"$f\"; done", "sudo systemctl restart {a}",
    ),
    "yaml": ("{a}:", "  {b}: {n}", "  - {c}", "{a}: true", "# {w}"),
    "toml": ("[{a}]", '{b} = "{c}"', "{b} = {n}", "{a}.{b} = [{n}, {n}]"),
    "rust": (
        "fn {a}({b}: &str) -> Result<(), Error> {{", "    Ok(())", "}}",
        "let {b} = {c}.iter().map(|x| x * {n}).collect::<Vec<_>>();", "use std::{a};",
    ),
    "sql": (
        "SELECT {a}, count(*) FROM {b}", "WHERE {c} > {n}", "GROUP BY {a}",
        "ORDER BY 2 DESC LIMIT {n};", "CREATE INDEX {a}_{b} ON {b} ({c});",
    ),
    "": ("{w}", "{a} {b} {c} {n}", "  {a}: {n}"),
}  # fmt: skip
IDENTIFIERS = (
    "config", "items", "feed", "parse", "render", "cache", "result", "value", "entry",
    "index", "build", "loader", "client", "stats", "rows", "path", "worker", "queue",
)  # fmt: skip


class _Writer:
    """One article's body, built block by block; links to define at the end."""

    def __init__(
        self,
        rng: random.Random,
        me: corpus._Meta,
        metas: list[corpus._Meta],
        pool: list[str],
        cat_slugs: list[str],
        kind: str,
    ) -> None:
        self.rng = rng
        self.me = me
        self.metas = metas
        self.pool = pool
        self.cat_slugs = cat_slugs
        self.kind = kind
        self.density = LINK_DENSITY[kind]
        self.blocks: list[str] = []
        self.words = 0
        self.size = 0  # bytes so far, with the definitions written at the end
        self.references: list[str] = []  # "[label]: url" definitions
        self.footnotes: list[str] = []

    # -- small pieces ---------------------------------------------------------------

    def add(self, block: str) -> None:
        self.words += block.count(" ") + 1
        self.size += len(block) + 2
        self.blocks.append(block)

    def define(self, reference: str) -> None:
        """A link reference definition, written at the end."""
        self.size += len(reference) + 1
        self.references.append(reference)

    def note(self, footnote: str) -> None:
        """A footnote definition, written at the end."""
        self.size += len(footnote) + 1
        self.footnotes.append(footnote)

    def phrase(self, low: int = 2, high: int = 5) -> str:
        return " ".join(self.rng.choices(corpus.ASCII_WORDS, k=self.rng.randint(low, high)))

    def title(self) -> str:
        return self.phrase(2, 6).capitalize()

    def external(self) -> str:
        rng = self.rng
        site = rng.choice(SITES)
        roll = rng.random()
        words = "-".join(rng.choices(corpus.ASCII_WORDS, k=rng.randint(1, 4)))
        if roll < 0.4:
            return f"{site}/{rng.randint(2015, 2026)}/{rng.randint(1, 12):02d}/{words}/"
        if roll < 0.6:
            return f"{site}/search?q={words.replace('-', '+')}&page={rng.randint(1, 9)}"
        if roll < 0.7:
            return f"{site}/wiki/{words.capitalize()}_({rng.choice(corpus.ASCII_WORDS)})"
        if roll < 0.85:
            return f"{site}/docs/{words}#{rng.choice(corpus.ASCII_WORDS)}"
        return f"{site}/{words}.html"

    def internal(self) -> str:
        other = self.metas[self.rng.randrange(len(self.metas))]
        roll = self.rng.random()
        if roll < 0.3 and other.category == self.me.category:
            return f"../{other.slug}/"
        if roll < 0.6:
            return f"/{self.cat_slugs[other.category]}/{other.slug}/"
        return f"{corpus.BASE_URL}/{self.cat_slugs[other.category]}/{other.slug}/"

    def url(self) -> str:
        return self.internal() if self.rng.random() < 0.35 else self.external()

    def image_src(self, n: int) -> str:
        roll = self.rng.random()
        stem = f"{self.me.slug}-{n}"
        if roll < 0.4:
            return f"{CDN}/{self.me.when.year}/{stem}.jpg"
        if roll < 0.7:
            return f"/images/{self.me.when.year}/{stem}.jpg"
        if roll < 0.85:
            return f"{stem}.webp"
        return f"{CDN}/{stem}.png?w={self.rng.choice((640, 1200, 1600))}&fit=crop"

    def link(self) -> str:
        """An inline link, a reference link or an autolink, as writers mix them."""
        rng = self.rng
        text = self.phrase()
        roll = rng.random()
        if roll < 0.35:
            return f"[{text}]({self.url()})"
        if roll < 0.5:
            return f'[{text}]({self.url()} "{self.title()}")'
        if roll < 0.56:
            return f"[*{text}*]({self.url()})"
        if roll < 0.6:
            return f"[`{rng.choice(IDENTIFIERS)}()`]({self.external()})"
        if roll < 0.8:
            label = len(self.references) + 1
            title = f' "{self.title()}"' if rng.random() < 0.3 else ""
            self.define(f"[{label}]: {self.url()}{title}")
            return f"[{text}][{label}]"
        if roll < 0.9:
            self.define(f"[{text}]: {self.url()}")
            return f"[{text}][]" if rng.random() < 0.5 else f"[{text}]"
        return f"<{self.external()}>"

    def image(self, n: int) -> str:
        """An image with alt text, mostly with a title; some linked, some by reference."""
        rng = self.rng
        alt = self.phrase(2, 7)
        src = self.image_src(n)
        title = f' "{self.title()}"' if rng.random() < 0.7 else ""
        roll = rng.random()
        if roll < 0.6:
            return f"![{alt}]({src}{title})"
        if roll < 0.8:
            full = src.replace(".jpg", "-full.jpg")
            return f"[![{alt}]({src}{title})]({full})"
        label = f"img{n}"
        self.define(f"[{label}]: {src}{title}")
        return f"![{alt}][{label}]"

    def sentence(self) -> str:
        """A pooled sentence, with a link spliced into it as often as the kind has them."""
        text = self.rng.choice(self.pool)
        if self.rng.random() >= self.density:
            return text
        words = text.split(" ")
        at = self.rng.randrange(1, len(words))
        words.insert(at, self.link())
        return " ".join(words)

    def paragraph(self, low: int = 2, high: int = 6) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(low, high))]
        if self.kind == "longform" and self.rng.random() < 0.25:
            n = len(self.footnotes) + 1
            note = " ".join(self.sentence() for _ in range(self.rng.randint(1, 2)))
            self.note(f"[^{n}]: {note}")
            sentences[-1] += f"[^{n}]"
        return " ".join(sentences)

    # -- blocks ---------------------------------------------------------------------

    def bullets(self, nested: bool) -> str:
        rng = self.rng
        marker = rng.choice("-*")
        lines = []
        for _ in range(rng.randint(3, 7)):
            lines.append(f"{marker} {self.sentence()}")
            if nested and rng.random() < 0.35:
                for _ in range(rng.randint(1, 3)):
                    lines.append(f"    - {self.sentence()}")
        return "\n".join(lines)

    def steps(self) -> str:
        lines = []
        for n in range(1, self.rng.randint(3, 8) + 1):
            lines.append(f"{n}. {self.sentence()}")
            if self.rng.random() < 0.3:
                lines.append(f"    - {self.sentence()}")
                lines.append(f"    - `{self.rng.choice(IDENTIFIERS)}` {self.phrase()}")
        return "\n".join(lines)

    def quote(self) -> str:
        rng = self.rng
        lines = [f"> {rng.choice(corpus.QUOTES)}", ">", f"> {self.sentence()} {self.sentence()}"]
        if rng.random() < 0.2:
            lines += [">", f"> > {self.sentence()}"]
        if rng.random() < 0.4:
            lines += [">", f"> — {rng.choice(corpus.PEOPLE)}, {self.link()}"]
        return "\n".join(lines)

    def code(self) -> str:
        rng = self.rng
        lang = rng.choice(LANGUAGES)
        templates = CODE_LINES[lang]
        lines = []
        for _ in range(rng.randint(4, 30)):
            a, b, c = rng.choices(IDENTIFIERS, k=3)
            line = rng.choice(templates).format(
                a=a, b=b, c=c, A=a.capitalize(), n=rng.randint(1, 999), w=self.phrase()
            )
            lines.append(line)
        return f"```{lang}\n" + "\n".join(lines) + "\n```"

    def table(self) -> str:
        rng = self.rng
        columns = rng.randint(3, 6)
        head = [self.phrase(1, 2).capitalize() for _ in range(columns)]
        align = [":---"] + [rng.choice(("---:", ":---:", "---")) for _ in range(columns - 1)]
        rows = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
        for _ in range(rng.randint(3, 15)):
            cells = [f"`{rng.choice(IDENTIFIERS)}`" if rng.random() < 0.3 else self.phrase(1, 3)]
            for _ in range(columns - 1):
                roll = rng.random()
                if roll < 0.6:
                    cells.append(f"{rng.uniform(0, 5000):,.1f}")
                elif roll < 0.8:
                    cells.append(f"{rng.randint(-40, 90)}%")
                elif roll < 0.9:
                    cells.append(f"[{self.phrase(1, 2)}]({self.url()})")
                else:
                    cells.append(f"**{rng.randint(1, 99)}**")
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def heading(self, level: int) -> str:
        return f"{'#' * level} {self.title()}"

    def photo(self, n: int) -> None:
        self.add(self.image(n))
        credit = f"[{self.rng.choice(corpus.PEOPLE)}]({self.external()})"
        self.add(f"*{self.sentence()}* Photo: {credit}")

    # -- the article ----------------------------------------------------------------

    def body(self) -> str:
        rng = self.rng
        median, sigma, low, high = LENGTHS[self.kind]
        target = min(high, max(low, round(rng.lognormvariate(math.log(median), sigma))))
        shapes = {
            "brief": self._brief, "links": self._links, "photos": self._photos,
            "tech": self._tech, "longform": self._longform,
        }  # fmt: skip
        shapes[self.kind](target)
        tail = []
        if self.footnotes:
            tail.append("\n".join(self.footnotes))
        if self.references:
            tail.append("\n".join(self.references))
        return "\n\n".join(self.blocks + tail) + "\n"

    def _more(self, target: int) -> bool:
        return self.words < target and self.size < MAX_BODY_BYTES

    def _brief(self, target: int) -> None:
        self.add(self.paragraph())
        if self.rng.random() < 0.3:
            self.add(self.image(1))
        while self._more(target):
            self.add(self.paragraph())

    def _links(self, target: int) -> None:
        self.add(self.paragraph(2, 4))
        while self._more(target):
            self.add(self.heading(2))
            lines = []
            for _ in range(self.rng.randint(4, 12)):
                lines.append(f"- {self.link()}: {self.sentence()}")
                if self.rng.random() < 0.25:
                    lines.append(f"    - {self.sentence()} {self.link()}")
            self.add("\n".join(lines))
            if self.rng.random() < 0.5:
                self.add(self.paragraph(2, 4))

    def _photos(self, target: int) -> None:
        self.add(self.paragraph(2, 4))
        count = self.rng.randint(8, 40)
        for n in range(1, count + 1):
            if self.size >= MAX_BODY_BYTES:
                break
            self.photo(n)
            if self.rng.random() < 0.3 and self._more(target):
                self.add(self.paragraph(1, 4))
        while self._more(target):
            self.add(self.paragraph())

    def _tech(self, target: int) -> None:
        rng = self.rng
        self.add(self.paragraph())
        while self._more(target):
            self.add(self.heading(2))
            self.add(self.paragraph())
            for _ in range(rng.randint(1, 3)):
                roll = rng.random()
                if roll < 0.35:
                    self.add(self.code())
                elif roll < 0.5:
                    self.add(self.table())
                elif roll < 0.65:
                    self.add(self.steps())
                elif roll < 0.75:
                    self.add(self.bullets(nested=True))
                elif roll < 0.85:
                    self.add(self.heading(3))
                    self.add(self.paragraph())
                else:
                    self.add(self.image(self.words))
                if self._more(target):
                    self.add(self.paragraph(1, 4))

    def _longform(self, target: int) -> None:
        rng = self.rng
        self.add(self.paragraph(3, 7))
        self.add(self.paragraph(3, 7))
        while self._more(target):
            self.add(self.heading(2))
            for _ in range(rng.randint(2, 6)):
                if not self._more(target):
                    break
                self.add(self.paragraph(3, 8))
                roll = rng.random()
                if roll < 0.15:
                    self.add(self.quote())
                elif roll < 0.22:
                    self.add(self.image(self.words))
                elif roll < 0.3:
                    self.add(self.bullets(nested=True))
                elif roll < 0.33:
                    self.add(self.heading(3))
                elif roll < 0.35:
                    self.add("* * *")


def body(
    rng: random.Random,
    me: corpus._Meta,
    metas: list[corpus._Meta],
    pool: list[str],
    cat_slugs: list[str],
) -> str:
    """One article's Markdown body, of a kind drawn with KINDS' weights."""
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    return _Writer(rng, me, metas, pool, cat_slugs, kind).body()
