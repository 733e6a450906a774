"""Hugo shortcodes, Jekyll Liquid tags and Pelican link markers in a Markdown body.

Each is rendered the way its generator would (highlighted code becomes a code block,
videos and gists become links, cross references become the other article's URL);
anything else is removed, with a warning naming the line, so template syntax never
reaches a subscriber raw. Code blocks and code spans keep what is written in them,
except the escapes authors use to show template syntax there (Hugo's ``{{</* x */>}}``,
Liquid's ``{% raw %}``), which are resolved as the generator resolves them.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from publisher.generators.fields import Generator

# (line within the body, 1-based; message)
Warning_ = tuple[int, str]
Resolve = Callable[[str], str | None]

_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_CODE_SPAN = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)", re.DOTALL)
_INDENTED = re.compile(r"(?:(?<=\n\n)|\A)(?:(?:[ ]{4}|\t)[^\n]*(?:\n|\Z)|[ \t]*\n)+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")

_HUGO_COMMENT = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)
_HUGO = re.compile(
    r"\{\{(?P<open>[<%])\s*(?P<close>/)?\s*(?P<name>[\w.-]+)(?P<args>(?:[^>%\"]|\"[^\"]*\")*?)"
    r"\s*(?P<self>/)?\s*(?P<end>[>%])\}\}",
    re.DOTALL,
)
_LIQUID_RAW_TAGS = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_PELICAN = re.compile(
    r"(?:\{|\|)(?P<kind>filename|static|attach|tag|category|author|index)(?:\}|\|)"
)
_PELICAN_TARGET = re.compile(r"[^\s)\"'>]*")
_LIQUID_BLOCKS = frozenset({"if", "unless", "for", "case", "capture", "comment", "highlight"})


@dataclass(frozen=True, slots=True)
class Site:
    """What rendering template syntax needs to know about the site and the page."""

    generator: Generator
    base_url: str
    resolve: Resolve  # another source's path as the author wrote it -> its URL


def expand(body: str, site: Site) -> tuple[str, list[Warning_]]:
    """``body`` with its template syntax rendered, and a warning per thing removed."""
    if site.generator == "hugo" and "{{" in body:
        return _Expander(body, site).hugo()
    if site.generator == "jekyll" and ("{%" in body or "{{" in body):
        return _Expander(body, site).liquid()
    if site.generator == "pelican" and ("{" in body or "|" in body):
        return _pelican(body, site)
    return body, []


class _Expander:
    def __init__(self, body: str, site: Site) -> None:
        self.body = body
        self.site = site
        self.code = _code_regions(body)
        self.warnings: list[Warning_] = []

    def line(self, offset: int) -> int:
        return self.body.count("\n", 0, offset) + 1

    def warn(self, offset: int, message: str) -> None:
        self.warnings.append((self.line(offset), message))

    def in_code(self, offset: int) -> tuple[int, int] | None:
        return next(((s, e) for s, e in self.code if s <= offset < e), None)

    def scan(
        self,
        pattern: re.Pattern[str],
        handle: Callable[[re.Match[str]], tuple[str, int]],
        in_code: Callable[[str], str],
    ) -> str:
        """Each match outside code replaced by what ``handle`` makes of it (which also says
        where to go on); code regions pass through ``in_code``, other text unchanged."""
        out: list[str] = []
        position = 0
        while position < len(self.body):
            match = pattern.search(self.body, position)
            if match is None:
                out.append(self.body[position:])
                break
            region = self.in_code(match.start())
            if region:
                start = max(position, region[0])
                out += [self.body[position:start], in_code(self.body[start : region[1]])]
                position = region[1]
                continue
            out.append(self.body[position : match.start()])
            text, position = handle(match)
            out.append(text)
        return "".join(out)

    # Hugo ------------------------------------------------------------------------------

    def hugo(self) -> tuple[str, list[Warning_]]:
        def in_code(text: str) -> str:
            return _HUGO_COMMENT.sub(r"{{\1\2\3}}", text)

        return self.scan(_HUGO_ANY, self.shortcode, in_code), self.warnings

    def shortcode(self, match: re.Match[str]) -> tuple[str, int]:
        if match["comment"] is not None:  # {{</* x */>}} shows {{< x >}}, as in Hugo
            return _HUGO_COMMENT.sub(r"{{\1\2\3}}", match.group()), match.end()
        rendered, after = self._shortcode(match)
        return rendered, max(after, match.end())

    def _shortcode(self, match: re.Match[str]) -> tuple[str, int]:
        name = match["name"]
        if match["close"]:
            return "", 0  # the close of an unknown pair: its opening already warned
        args, named = _arguments(match["args"])
        inner, after = None, 0
        closing = re.compile(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]\}\}")
        if not match["self"]:
            end = closing.search(self.body, match.end())
            if end and name in _PAIRED:
                inner, after = self.body[match.end() : end.start()], end.end()
        at = match.start()
        if name.endswith(".inline"):
            # An inline shortcode defines its own template: what it shows is its text with
            # Go template actions taken out (Hugo would run them).
            end = closing.search(self.body, match.end())
            if match["self"] or end is None:
                self.warn(at, f"inline shortcode {name} cannot be rendered outside Hugo: removed")
                return "", 0
            inner = self.body[match.end() : end.start()]
            if _GO_ACTION.search(inner):
                self.warn(at, f"template code in inline shortcode {name} removed")
            return _GO_ACTION.sub("", inner), end.end()
        if name == "highlight":
            language = named.get("lang") or (args[0] if args else "")
            if inner is None:
                self.warn(at, "{{< highlight >}} has no closing {{< /highlight >}}: removed")
                return "", 0
            return _fenced(inner.strip("\n"), language), after
        if name in _PAIRED and inner is not None:  # admonitions: their text stays
            return inner, after
        if name == "figure":
            return _figure(named, self.site), 0
        embed = _SIMPLE_EMBEDS.get(name, name)
        if embed in ("youtube", "vimeo", "gist", "tweet", "x", "instagram"):
            url, label = _embed_link(embed, args, named)
            if url:
                return f'<a href="{html.escape(url)}">{html.escape(label)}</a>', 0
        if name in ("ref", "relref"):
            target = named.get("path") or (args[0] if args else "")
            url = self.site.resolve(target)
            if url:
                return url, 0
            self.warn(at, f'{{{{< {name} "{target}" >}}}}: no such page; link removed')
            return "", 0
        shown = f"{{{{{match['open']} {name} {_CLOSE[match['open']]}}}}}"
        self.warn(at, f"shortcode {shown} cannot be rendered outside Hugo: removed")
        return "", 0

    # Liquid ----------------------------------------------------------------------------

    def liquid(self) -> tuple[str, list[Warning_]]:
        def in_code(text: str) -> str:
            return _LIQUID_RAW_TAGS.sub("", text)  # {% raw %} shows what it wraps

        return self.scan(_LIQUID_ANY, self.liquid_piece, in_code), self.warnings

    def liquid_piece(self, match: re.Match[str]) -> tuple[str, int]:
        at = match.start()
        if match["raw"] is not None:
            return match["raw"], match.end()
        if match["expr"] is not None:
            value = _liquid_output(match["expr"], self.site)
            if value is None:
                shown = " ".join(match["expr"].split())
                self.warn(at, f"Liquid output {{{{ {shown} }}}} cannot be rendered: removed")
                return "", match.end()
            return value, match.end()
        name, args = match["name"], match["args"].strip()
        if name in ("comment", "highlight"):
            end = re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}").search(self.body, match.end())
            if end is None:
                self.warn(at, f"{{% {name} %}} has no {{% end{name} %}}: removed")
                return "", match.end()
            if name == "comment":
                return "", end.end()
            inner = self.body[match.end() : end.start()].strip("\n")
            language = args.split()[0] if args else ""
            return _fenced(_LIQUID_RAW_TAGS.sub("", inner), language), end.end()
        if name in ("gist", "youtube", "vimeo"):  # jekyll-gist and the embed plugins
            link = _liquid_embed(name, args.replace('"', " ").replace("'", " ").split())
            if link:
                return link, match.end()
        if name in ("link", "post_url"):
            target = args.strip().strip("\"'")
            url = self.site.resolve(f"_posts/{target}" if name == "post_url" else target)
            if url:
                return url, match.end()
            self.warn(at, f"{{% {name} {target} %}}: no such page; link removed")
            return "", match.end()
        if name.startswith("end") and name[3:] in _LIQUID_BLOCKS:
            return "", match.end()  # its opening tag already warned
        self.warn(at, f"Liquid tag {{% {name} %}} cannot be rendered outside Jekyll: removed")
        return "", match.end()


_HUGO_ANY = re.compile(r"(?P<comment>\{\{[<%]/\*.*?\*/[>%]\}\})|" + _HUGO.pattern, re.DOTALL)
_LIQUID_ANY = re.compile(
    r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|\{%-?\s*(?P<name>\w+)(?P<args>.*?)-?%\}"
    r"|\{\{-?(?P<expr>.*?)-?\}\}",
    re.DOTALL,
)
_CLOSE = {"<": ">", "%": "%"}
_GO_ACTION = re.compile(r"\{\{-?.*?-?\}\}", re.DOTALL)
# Hugo's privacy-friendly variants of its embeds.
_SIMPLE_EMBEDS = {"twitter_simple": "tweet", "vimeo_simple": "vimeo", "twitter": "tweet"}
_PAIRED = frozenset(
    {"highlight", "details", "admonition", "notice", "hint", "tip", "note", "warning"}
)


def _code_regions(body: str) -> list[tuple[int, int]]:
    """Start and end offsets of fenced blocks, indented blocks and code spans."""
    regions: list[tuple[int, int]] = []
    position = 0
    while True:
        opening = _FENCE.search(body, position)
        if opening is None:
            break
        fence = opening["fence"]
        closing = re.compile(r"^[ ]{0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$",
                             re.MULTILINE)  # fmt: skip
        end = closing.search(body, opening.end())
        stop = end.end() if end else len(body)
        regions.append((opening.start(), stop))
        position = stop
    for match in _INDENTED.finditer(body):
        if not match.group().strip() or _inside(match.start(), regions):
            continue
        before = body[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        if not _LIST_ITEM.match(before) and not before.startswith((" ", "\t")):
            regions.append((match.start(), match.end()))
    for match in _CODE_SPAN.finditer(body):
        if not _inside(match.start(), regions) and "\n\n" not in match.group():
            regions.append((match.start(), match.end()))
    return sorted(regions)


def _inside(offset: int, regions: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in regions)


def _arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and ``name="value"`` arguments of a shortcode."""
    try:
        words = shlex.split(text.replace("\n", " "))
    except ValueError:
        words = text.split()
    positional: list[str] = []
    named: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if sep and re.fullmatch(r"[\w-]+", key):
            named[key] = value
        else:
            positional.append(word)
    return positional, named


def _fenced(code: str, language: str) -> str:
    """A fenced code block longer than any run of backticks in ``code``."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    language = re.sub(r"[^\w+#.-]", "", language)
    return f"\n{fence}{language}\n{code}\n{fence}\n"


def _figure(named: dict[str, str], site: Site) -> str:
    src = named.get("src", "")
    if not src:
        return ""
    image = f'<img src="{html.escape(src)}" alt="{html.escape(named.get("alt", ""))}">'
    if named.get("link"):
        image = f'<a href="{html.escape(named["link"])}">{image}</a>'
    caption = ""
    if named.get("title"):
        caption += f"<h4>{html.escape(named['title'])}</h4>"
    text = named.get("caption", "")
    if named.get("attr"):
        text = f"{text} {named['attr']}".strip()
    if text:
        caption += f"<p>{html.escape(text)}</p>"
    if caption:
        caption = f"<figcaption>{caption}</figcaption>"
    return f"\n\n<figure>{image}{caption}</figure>\n\n"


def _embed_link(name: str, args: list[str], named: dict[str, str]) -> tuple[str | None, str]:
    ident = named.get("id") or (args[0] if args else "")
    title = named.get("title", "")
    if not ident and name not in ("tweet", "x"):
        return None, ""
    if name == "youtube":
        return f"https://www.youtube.com/watch?v={quote(ident)}", title or "Watch on YouTube"
    if name == "vimeo":
        return f"https://vimeo.com/{quote(ident)}", title or "Watch on Vimeo"
    if name == "instagram":
        return f"https://www.instagram.com/p/{quote(ident)}/", title or "View on Instagram"
    if name == "gist":
        user = named.get("user") or ident
        gist = named.get("id") if "user" in named else (args[1] if len(args) > 1 else "")
        if not gist:
            return None, ""
        return f"https://gist.github.com/{quote(user)}/{quote(gist)}", f"Gist {user}/{gist}"
    user = named.get("user", "")
    status = named.get("id") or (args[-1] if args else "")
    if not status:
        return None, ""
    url = f"https://x.com/{quote(user or 'i')}/status/{quote(status)}"
    return url, f"Post by @{user}" if user else "View the post"


def _liquid_embed(name: str, words: list[str]) -> str | None:
    """``{% gist user/id [file] %}``, ``{% youtube id-or-URL %}``, ``{% vimeo id %}``."""
    if not words:
        return None
    target = words[0]
    url: str | None
    if target.startswith(("https://", "http://")):
        labels = {"youtube": "Watch on YouTube", "vimeo": "Watch on Vimeo", "gist": "Gist"}
        url, label = target, labels[name]
    elif name == "gist":
        url, label = f"https://gist.github.com/{quote(target)}", f"Gist {target}"
    else:
        url, label = _embed_link(name, [target], {})
    if url is None:
        return None
    return f'<a href="{html.escape(url)}">{html.escape(label)}</a>'


_QUOTED = r"""(?P<q>["'])(?P<text>.*?)(?P=q)"""


def _liquid_output(expr: str, site: Site) -> str | None:
    """The value of the few Liquid outputs posts use for links; None for any other."""
    parts = urlsplit(site.base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    base_path = parts.path.rstrip("/")
    expr = " ".join(expr.split())
    if expr == "site.url":
        return origin
    if expr == "site.baseurl":
        return base_path
    match = re.fullmatch(_QUOTED + r"\s*\|\s*(?P<filter>relative_url|absolute_url)", expr)
    if match:
        path = "/" + match["text"].lstrip("/")
        return (origin if match["filter"] == "absolute_url" else "") + base_path + path
    match = re.fullmatch(r"site\.(?:url|baseurl)\s*\|\s*append:\s*" + _QUOTED, expr)
    if match:
        return site.base_url + "/" + match["text"].lstrip("/")
    return None


def _pelican(body: str, site: Site) -> tuple[str, list[Warning_]]:
    """Pelican's ``{filename}``, ``{static}`` and friends in link targets."""
    code = _code_regions(body)
    warnings: list[Warning_] = []
    out: list[str] = []
    position = 0
    for match in _PELICAN.finditer(body):
        if match.start() < position or _inside(match.start(), code):
            continue
        target = _PELICAN_TARGET.match(body, match.end())
        path = target.group() if target else ""
        end = target.end() if target else match.end()
        out.append(body[position : match.start()])
        kind = match["kind"]
        if kind == "filename":
            url = site.resolve(path)
            if url is None:
                line = body.count("\n", 0, match.start()) + 1
                warnings.append((line, f"{{filename}}{path}: no such page; link removed"))
                url = ""
        elif kind in ("static", "attach"):
            url = site.base_url + "/" + path.lstrip("/")
        elif kind == "index":
            url = site.base_url + "/index.html" + path
        else:
            url = f"{site.base_url}/{kind}/{path.strip('/')}.html"
        out.append(url)
        position = end
    out.append(body[position:])
    return "".join(out), warnings
