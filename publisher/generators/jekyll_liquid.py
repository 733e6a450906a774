"""A Jekyll body's Liquid, rendered as Jekyll renders it before its Markdown.

Jekyll (4.3, ``lib/jekyll/renderer.rb``) renders a document's Liquid first, in Liquid's
lax mode: what Liquid cannot parse is skipped, an undefined variable prints nothing, an
unknown filter leaves its input as it was. The engine is python-liquid (imported only
here, and only when a Jekyll body holds Liquid); Jekyll's own tags and filters are
added to it: ``include`` (and ``include_relative``, and jekyll-include-cache's
``include_cached``) with ``include.*`` parameters, ``post_url``, ``link``,
``highlight`` (a fenced block for the Markdown renderer), the embed plugins' ``gist``,
``youtube``, ``vimeo`` (a link), and the filters of ``jekyll_filters.py``. Variables:
``page`` (front matter with Jekyll's url, date, slug, categories, tags, collection),
``site`` (``_config.yml``, ``site.data`` from ``_data/``, ``site.posts`` and the other
collections, each read only when a body asks), ``include``.

``site.time`` is the page's own date, not the clock: a rebuild with nothing changed
must give the same bytes, and Jekyll's value is the moment its build ran.

What cannot be rendered (a tag of a plugin, a syntax error, a missing include) is one
warning naming the line of the body (and the included file and its line) and is
removed; the rest of the body renders. Every limit is ours (below), so a release of
the library never changes a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from liquid import BoundTemplate, Environment, Mode, RenderContext
from liquid.ast import BlockNode, Node
from liquid.builtin.expressions import Identifier
from liquid.builtin.tags.capture_tag import CaptureNode
from liquid.exceptions import LiquidError
from liquid.parser import get_parser
from liquid.stream import TokenStream
from liquid.tag import Tag
from liquid.token import TOKEN_EOF, TOKEN_EXPRESSION, TOKEN_TAG, Token
from liquid.undefined import Undefined

from publisher.generators import jekyll_filters
from publisher.generators.base import TemplateSite, TemplateWarning
from publisher.generators.jekyll_site import JekyllRules
from publisher.generators.jekyll_variables import JekyllSite, PageValues, SiteValues
from publisher.generators.templating import fenced

# Our limits (python-liquid's own defaults may change with a release).
LOOP_ITERATIONS = 1_000_000  # every loop of one body, included files' too
INCLUDE_DEPTH = 30  # includes within includes (and scopes pushed by them)
BLOCK_NESTING = 64  # blocks inside blocks, as written
OUTPUT_CHARACTERS = 16 * 1024 * 1024  # what one body may render to
LOCAL_NAMESPACE = 16 * 1024 * 1024  # python-liquid's size of what assign and capture hold
INCLUDE_BYTES = 1024 * 1024  # an included file larger than this is not read

# Jekyll's include tag (``tags/include.rb``): parameters, a file name holding {{ }},
# and the characters a file name may have.
_PARAM = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))"""
)
_PARAMS = re.compile(rf"^(?:\s*{_PARAM.pattern}\s*)*\Z")
_VARIABLE_NAME = re.compile(
    r"(?P<variable>[^{]*(\{\{\s*[\w\-.]+\s*(\|.*)?\}\}[^\s{}]*)+)(?P<params>.*)", re.DOTALL
)
_BAD_SEQUENCE = re.compile(r"[./]{2,}")
_FILE_NAME = re.compile(r"^[\w/.\-()+~#@]+$")
# Liquid 4's lax capture: the first run of a variable's characters (``/dev/null``: dev).
_LAX_NAME = re.compile(r"[\w\-.\[\]]+")
# Tags that stand only inside another's block.
_INNER_TAGS = frozenset({"else", "elsif", "when", "break", "continue"})
# Liquid markup, taken out of a body the engine could not render at all.
_MARKUP = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_LITERALS = {"true": True, "false": False, "nil": None, "null": None}


def render(body: str, site: TemplateSite) -> tuple[str, list[TemplateWarning]]:
    """``body`` with its Liquid rendered, and a warning per thing left out."""
    rules = site.rules if isinstance(site.rules, JekyllRules) else None
    env = rules.memo.get("liquid") if rules else None
    if not isinstance(env, _Environment):
        env = _Environment(rules)
        if rules:
            rules.memo["liquid"] = env  # one engine per build: what it read is shared
    env.begin(site)
    try:
        template = env.from_string(body, name=site.rel or "body")
        out = template.render(page=env.page, site=env.site_drop, jekyll=_JEKYLL)
    except LiquidError as exc:  # what lax mode does not skip
        env.error(exc)
        return _MARKUP.sub("", body), sorted(env.problems, key=lambda p: p[0])
    except RecursionError:
        env.problems.append((1, "Liquid nested too deep to render: its tags removed"))
        return _MARKUP.sub("", body), sorted(env.problems, key=lambda p: p[0])
    return out, sorted(env.problems, key=lambda p: p[0])


_JEKYLL = {"version": "4.3.1", "environment": "production"}


class _Context(RenderContext):
    """Liquid's lax filters: an unknown one warns and leaves its input as it was."""

    def filter(self, name: str, token: Token | None) -> Any:
        if name not in self.env.filters:
            assert isinstance(self.env, _Environment)
            self.env.note(token, f"Liquid filter {name!r} is unknown to Jekyll: skipped")
            return _unchanged
        return super().filter(name, token)

    def error(self, exc: LiquidError) -> None:
        self.env.error(exc)


def _unchanged(value: object, *_args: object, **_kwargs: object) -> object:
    return value


class _Template(BoundTemplate):
    context_class = _Context


class _Environment(Environment):
    """The engine a build's Jekyll bodies are rendered with: the site, what has been read
    of it, and what went wrong in the body being rendered (``begin`` starts one)."""

    template_class = _Template
    block_nesting_limit = BLOCK_NESTING
    context_depth_limit = 2 * INCLUDE_DEPTH + 8  # scopes: ours is the include count
    loop_iteration_limit = LOOP_ITERATIONS
    local_namespace_limit = LOCAL_NAMESPACE
    output_stream_limit = OUTPUT_CHARACTERS

    def __init__(self, rules: JekyllRules | None) -> None:
        super().__init__(tolerance=Mode.LAX, strict_filters=True)
        self.jekyll = JekyllSite(rules)
        self.root = self.jekyll.root
        # Read once per build: parsed includes (with what parsing them said), the
        # site's data and collections.
        self.parsed: dict[str, tuple[BoundTemplate | None, list[tuple[Token | None, str]]]] = {}
        self.read: dict[str, Any] = {}
        # What an included file that depends only on the site wrote, assigned, and
        # whether it listed the site's articles (each body using it then does).
        self.outputs: dict[str, tuple[str, dict[str, object], bool]] = {}
        for tag in (_Include, _IncludeRelative, _IncludeCached, _PostUrl, _Link, _Highlight,
                    _Capture, _Gist, _Youtube, _Vimeo):  # fmt: skip
            self.add_tag(tag)
        for name, function in jekyll_filters.FILTERS.items():
            self.add_filter(name, function)
        self.begin(TemplateSite("", lambda _: None))

    def begin(self, site: TemplateSite) -> None:
        """Start rendering a body of ``site``'s page."""
        self.template_site = site
        self.problems: list[TemplateWarning] = []
        # The include tags being rendered, outermost first: (file, the tag's token).
        self.including: list[tuple[str, Token]] = []
        self.warned: set[str] = set()
        self.parsing: list[tuple[Token | None, str]] | None = None
        self.page: Mapping[str, Any] = PageValues(self.jekyll, site)
        self.site_drop = SiteValues(self.jekyll, site, self.page)

    @property
    def config(self) -> Mapping[str, Any]:
        return self.jekyll.config

    # What went wrong -------------------------------------------------------------------

    def error(
        self,
        exc: type[LiquidError] | LiquidError,
        msg: str | None = None,
        token: Token | None = None,
    ) -> None:
        """Lax mode: never raise; say what was left out, once per place."""
        if not isinstance(exc, LiquidError):
            exc = exc(msg, token=token)
        elif not exc.token:
            exc.token = token
        message = str(exc).split("\n", 1)[0]
        found = re.fullmatch(r"unexpected tag '(\w+)'", message)
        if found:
            name = found[1]
            if name.startswith("end") and name[3:] in self.warned:
                return  # its opening tag already warned
            self.warned.add(name)
            closing = name.startswith("end") and name[3:] in self.tags
            if name in self.tags or closing or name in _INNER_TAGS:
                message = f"Liquid tag {{% {name} %}} out of place: removed"
            else:
                message = f"Liquid tag {{% {name} %}} cannot be rendered outside Jekyll: removed"
        else:
            message = f"Liquid cannot be rendered ({message}): removed"
        self.note(exc.token, message)

    def note(self, token: Token | None, message: str) -> None:
        """A warning at ``token``: the body's line, or the line of the include tag that
        led there (naming the included file and its line)."""
        if self.parsing is not None:
            self.parsing.append((token, message))  # told wherever it is included
            return
        if self.including:
            name, outer = self.including[0]
            inner = self.including[-1][0]
            if token is not None and token.source is not outer.source and token.start_index >= 0:
                message = f"{inner}, line {_line(token)}: {message}"
            else:
                message = f"in {name}: {message}"
            token = outer
        line = _line(token) if token is not None and token.start_index >= 0 else 1
        if (line, message) not in self.problems:
            self.problems.append((line, message))

    # Included files --------------------------------------------------------------------

    def included(self, folder: Path, name: str, shown: str, token: Token) -> BoundTemplate | None:
        """The parsed file ``name`` under ``folder`` (None, with a warning, when there is
        none inside the site)."""
        if self.root is None:
            self.note(token, f"{{% include {shown} %}}: the site's files are unknown: removed")
            return None
        path = folder / name
        key = str(path)
        if key not in self.parsed:
            self.parsed[key] = self._parse_include(folder, path, shown, token)
        template, said = self.parsed[key]
        if said and self.parsing is None:
            if template is not None:  # what parsing it said names it
                self.including.append((path.relative_to(self.root).as_posix(), token))
            for at, message in said:
                self.note(at, message)
            if template is not None:
                self.including.pop()
        return template

    def _parse_include(
        self, folder: Path, path: Path, shown: str, token: Token
    ) -> tuple[BoundTemplate | None, list[tuple[Token | None, str]]]:
        assert self.root is not None
        try:
            real = path.resolve()
            inside = real.is_relative_to(self.root.resolve())
            text = real.read_text(encoding="utf-8") if inside and real.is_file() else None
            if text is not None and len(text) > INCLUDE_BYTES:
                text = None
        except (OSError, UnicodeDecodeError, ValueError, RuntimeError):
            text = None
        if text is None:
            where = folder.relative_to(self.root) if folder.is_relative_to(self.root) else folder
            return None, [
                (token, f"{{% include {shown} %}}: no such file in {where.as_posix()}/: removed")
            ]
        shown_path = path.relative_to(self.root).as_posix()
        said: list[tuple[Token | None, str]] = []
        self.parsing = said
        template: BoundTemplate | None = None
        try:
            template = self.from_string(text, name=shown_path, path=shown_path)
        except LiquidError as exc:
            self.error(exc)
        finally:
            self.parsing = None
        return template, said


def _line(token: Token) -> int:
    return token.source.count("\n", 0, token.start_index) + 1


# Tags ------------------------------------------------------------------------------


def _expression(stream: TokenStream) -> tuple[Token, str]:
    """The tag token and its expression as written ('' when it has none)."""
    token = stream.current
    if stream.peek.kind == TOKEN_EXPRESSION:
        next(stream)
        return token, stream.current.value.strip()
    return token, ""


class _IncludeNode(Node):
    __slots__ = ("file", "params", "relative", "shown")

    def __init__(self, token: Token, file: str, params: str, *, relative: bool) -> None:
        super().__init__(token)
        self.file = file
        self.params = params
        self.relative = relative
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env = context.env
        assert isinstance(env, _Environment)
        name = self.file
        if _VARIABLE_NAME.fullmatch(name):
            name = _render_inline(env, self.file, context)
        name = name.strip()
        if _BAD_SEQUENCE.search(name) or not _FILE_NAME.match(name):
            env.note(self.token, f"{{% include {self.file} %}}: the file name is not one "
                     "Jekyll accepts: removed")  # fmt: skip
            return False
        if len(env.including) >= INCLUDE_DEPTH:
            env.note(self.token, f"includes nested deeper than {INCLUDE_DEPTH}: removed")
            return False
        folder = _include_folder(env, context, relative=self.relative)
        if folder is None:
            env.note(self.token, f"{{% include {name} %}}: the site's files are unknown: removed")
            return False
        template = env.included(folder, name, name, self.token)
        if template is None:
            return False
        namespace: dict[str, object] = {}
        if self.params:
            namespace["include"] = _params(self.params, context)
        shown = str(template.path)
        cacheable = _depends_on_site_only(env, shown, template)
        # A file included without parameters sees the including file's ``include``.
        seen = namespace["include"] if self.params else _lookup(context, "include")
        key = f"{shown}\0{seen!r}" if cacheable else ""
        if key in env.outputs:
            text, assigned, lists = env.outputs[key]
            if lists:
                env.template_site.lists_articles()
            buffer.write(text)
            for name, value in assigned.items():
                context.assign(name, value)
            return True
        said = len(env.problems)
        listings = env.jekyll.listings
        out = context.get_buffer(buffer)
        env.including.append((shown, self.token))
        try:
            with context.extend(namespace, template=template):
                template.render_with_context(context, out, partial=True)
        finally:
            env.including.pop()
        buffer.write(out.getvalue())
        if key and len(env.problems) == said:
            names = env.read[f"locals\0{shown}"]
            assigned = {n: context.locals[n] for n in names if n in context.locals}
            env.outputs[key] = (out.getvalue(), assigned, env.jekyll.listings != listings)
        return True


# Tags whose output depends on more than the site and the include's parameters.
_PAGE_TAGS = frozenset(
    {"include", "include_relative", "include_cached", "increment", "decrement", "cycle",
     "ifchanged", "render", "post_url", "link"}
)  # fmt: skip


def _depends_on_site_only(env: _Environment, shown: str, template: BoundTemplate) -> bool:
    """Whether what an included file writes (and assigns) depends only on the site and
    its parameters: then it is rendered once per build and parameters (the site's
    references file, included by every post, loops over every topic)."""
    known = env.read.get(f"site-only\0{shown}")
    if known is None:
        analysis = template.analyze(include_partials=False)
        variables = [v for found in analysis.variables.values() for v in found]
        known = (
            set(analysis.globals) <= {"site", "include", "jekyll"}
            and not (set(analysis.tags) & _PAGE_TAGS)
            and not any(list(v.segments)[:2] == ["site", "time"] for v in variables)
        )
        env.read[f"site-only\0{shown}"] = known
        env.read[f"locals\0{shown}"] = list(analysis.locals)
    return bool(known)


def _render_inline(env: _Environment, text: str, context: RenderContext) -> str:
    """A file name holding ``{{ }}``, rendered in the current context."""
    template = env.from_string(text)
    buffer = context.get_buffer()
    template.render_with_context(context, buffer, partial=True)
    return buffer.getvalue()


def _include_folder(env: _Environment, context: RenderContext, *, relative: bool) -> Path | None:
    if env.root is None:
        return None
    if not relative:
        includes = env.config.get("includes_dir")
        return env.root / (includes if isinstance(includes, str) and includes else "_includes")
    # include_relative: beside the file being rendered (the body's, or an included one's).
    if env.including:
        return (env.root / env.including[-1][0]).parent
    disk = env.template_site.files.disk_path(env.template_site.rel)
    return Path(disk).parent


def _params(markup: str, context: RenderContext) -> dict[str, object]:
    """``Include#parse_params``: quoted values with their escapes, else a variable."""
    found: dict[str, object] = {}
    for match in _PARAM.finditer(markup):
        if match[2] is not None:
            value: object = match[2].replace('\\"', '"')
        elif match[3] is not None:
            value = match[3].replace("\\'", "'")
        else:
            value = _lookup(context, match[4])
        found[match[1]] = value
    return found


def _lookup(context: RenderContext, path: str) -> object:
    """``context[path]`` in Liquid 4: a literal (``2``, ``true``) or a variable
    (``page.title``)."""
    if _NUMBER.fullmatch(path):
        return float(path) if "." in path else int(path)
    if path in _LITERALS:
        return _LITERALS[path]
    value: object = context.resolve(path.split(".")[0])
    for part in path.split(".")[1:]:
        try:
            value = context.get_item(value, part)
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
    return None if isinstance(value, Undefined) else value


class _Include(Tag):
    name = "include"
    block = False
    relative = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = _expression(stream)
        matched = _VARIABLE_NAME.fullmatch(markup)
        if matched:
            file, params = matched["variable"].strip(), matched["params"].strip()
        else:
            file, *rest = re.split(r"\s+", markup, maxsplit=1)
            params = rest[0].strip() if rest else ""
        if params and not _PARAMS.match(params):
            raise LiquidError(f"invalid parameters for include: {params}", token=token)
        return _IncludeNode(token, file, params, relative=self.relative)


class _IncludeRelative(_Include):
    name = "include_relative"
    relative = True


class _IncludeCached(_Include):
    name = "include_cached"  # jekyll-include-cache: the same output, rendered once


class _LinkNode(Node):
    __slots__ = ("kind", "target")

    def __init__(self, token: Token, kind: str, target: str) -> None:
        super().__init__(token)
        self.kind = kind
        self.target = target
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        env = context.env
        assert isinstance(env, _Environment)
        target = self.target
        if "{{" in target:
            target = _render_inline(env, target, context).strip()
        target = target.strip("\"'")
        path = f"_posts/{target}" if self.kind == "post_url" else target
        url = env.template_site.resolve(path)
        if url:
            buffer.write(url)
        else:
            env.note(self.token, f"{{% {self.kind} {target} %}}: no such page; link removed")
        return True


class _PostUrl(Tag):
    name = "post_url"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = _expression(stream)
        return _LinkNode(token, self.name, markup)


class _Link(_PostUrl):
    name = "link"


class _HighlightNode(Node):
    __slots__ = ("body", "language")

    def __init__(self, token: Token, language: str, body: BlockNode) -> None:
        super().__init__(token)
        self.language = language
        self.body = body
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        inner = context.get_buffer(buffer)
        self.body.render(context, inner)
        buffer.write(fenced(inner.getvalue().strip("\n"), self.language))
        return True


class _Highlight(Tag):
    """``{% highlight lang %}``: a fenced block, for the Markdown renderer to mark up."""

    name = "highlight"
    end = "endhighlight"

    def parse(self, stream: TokenStream) -> Node:
        token, markup = _expression(stream)
        next(stream)
        body = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        words = markup.split()
        return _HighlightNode(token, words[0] if words else "", body)


class _Capture(Tag):
    """Liquid 4's lax ``capture``: the name is the first run of a variable's
    characters (``{% capture /dev/null %}`` captures into ``dev``)."""

    name = "capture"
    end = "endcapture"

    def parse(self, stream: TokenStream) -> Node:
        token, markup = _expression(stream)
        found = _LAX_NAME.search(markup)
        if found is None:
            raise LiquidError("capture names no variable", token=token)
        next(stream)
        body = get_parser(self.env).parse_block(stream, (self.end, TOKEN_EOF))
        stream.expect(TOKEN_TAG, value=self.end)
        return CaptureNode(token, Identifier(found[0], token=token), body)


class _EmbedNode(Node):
    __slots__ = ("kind", "words")

    def __init__(self, token: Token, kind: str, words: list[str]) -> None:
        super().__init__(token)
        self.kind = kind
        self.words = words
        self.blank = False

    def render_to_output(self, context: RenderContext, buffer: TextIO) -> int:
        from publisher.generators.jekyll import liquid_embed

        link = liquid_embed(self.kind, self.words)
        if link:
            buffer.write(link)
        else:
            env = context.env
            assert isinstance(env, _Environment)
            env.note(self.token, f"Liquid tag {{% {self.kind} %}} names nothing to embed: removed")
        return True


class _Gist(Tag):
    name = "gist"
    block = False

    def parse(self, stream: TokenStream) -> Node:
        token, markup = _expression(stream)
        return _EmbedNode(token, self.name, markup.replace('"', " ").replace("'", " ").split())


class _Youtube(_Gist):
    name = "youtube"


class _Vimeo(_Gist):
    name = "vimeo"
