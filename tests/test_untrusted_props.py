"""Property tests (issue #6): whatever a source holds, `publisher build` publishes a
valid feed or refuses with one line per problem, and never raises.

Front matter is generated both as valid YAML (``yaml.safe_dump`` of arbitrary values,
so every character and YAML-special string reaches the field rules) and as raw text;
bodies mix arbitrary text with HTML/Markdown fragments from a small grammar of tags,
attributes and URLs. Each example is a fresh site in a temporary folder, built in
process through the CLI.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from publisher.cli import cli
from publisher.validate import validate_bytes
from tests.conftest import SITE_TOML

# One problem per line: "path[:line]: severity: message", or the CLI's "error: ..." line.
PROBLEM_LINE = re.compile(r"^(?:\S[^\n]*?(?::\d+)?: (?:error|warning): |error: )\S")


def bounded(examples: int) -> settings:
    """Few enough examples to keep the file quick; no deadline (a build touches disk)."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


# Characters that break naive pipelines: XML-illegal ones, YAML specials, markup.
NASTY = st.sampled_from([
    "\x00", "\x07", "\x0b", "\x1b", "\ufffe", "\uffff", "\ud800", "\udfff", "\r", "\r\n",
    "\u2028", "\u0085", "\ufeff", ":", "- ", "#", "&", "*", "!", "|", ">", "%", "@", "`",
    "{", "}", "[", "]", "'", '"', "\\", "<", "]]>", "<script>", "---", "...", "\t",
])  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=12), NASTY), max_size=8).map("".join)
LONG_TEXT = st.one_of(TEXT, st.integers(400, 700).map(lambda n: "long " * n))
BAD_DATES = [
    "2026-02-30", "2026-01-01T25:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59-05:00",
    "2026-01-01 10:00", "2026-01-01T10:00:00+99:00", "yes", "", "0000-00-00", "soon",
]  # fmt: skip
DATES = st.one_of(
    st.builds(
        lambda moment, sep: moment.isoformat(sep=sep),
        st.datetimes(min_value=datetime(1850, 1, 1), timezones=st.none() | st.timezones()),
        st.sampled_from("T "),
    ),
    st.sampled_from(BAD_DATES),
    TEXT,
)
SCALARS = st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.floats())
AUTHORS = st.one_of(
    TEXT,
    st.fixed_dictionaries(
        {"name": TEXT}, optional={"email": st.one_of(st.just("a@b.example"), TEXT)}
    ),
    st.lists(TEXT, max_size=3),
)
FIELDS = st.fixed_dictionaries(
    {"title": st.one_of(LONG_TEXT, SCALARS), "date": DATES},
    optional={
        "id": st.one_of(st.sampled_from(["urn:x:1", "tag:a.example,2026:x"]), TEXT),
        "category": st.one_of(TEXT, SCALARS, st.lists(TEXT, max_size=2)),
        "tags": st.one_of(TEXT, st.lists(TEXT, max_size=4), SCALARS),
        "author": AUTHORS,
        "summary": st.one_of(LONG_TEXT, SCALARS),
        "slug": st.one_of(TEXT, LONG_TEXT),
        "updated": DATES,
        "link": st.one_of(TEXT, st.sampled_from(["https://e.example/a b", "http://[::1", "/rel"])),
        "image": st.one_of(TEXT, st.sampled_from(["/i.png", "data:x", "javascript:x"])),
        "draft": st.one_of(st.booleans(), TEXT),
    },
)
# Plus unknown fields with any name (known names keep their generated value).
FIELDS = st.builds(
    lambda known, extra: {**extra, **known}, FIELDS, st.dictionaries(TEXT, SCALARS, max_size=2)
)

TAGS = ["p", "a", "img", "script", "style", "iframe", "svg", "math", "div", "b", "form"]
ATTRS = ["href", "src", "srcset", "onclick", "onload", "style", "title", "cite", "xlink:href"]
URLS = [
    "javascript:alert(1)", "&#x6A;avascript:x", "data:text/html,x", "vbscript:x", "http://[::1",
    "https://ok.example/a b", "rel/path.png", "//cdn.example/x", " java\tscript:x", "mailto:a@b",
]  # fmt: skip
SNIPPETS = [
    "<!-- c -->", "<![CDATA[ x ]]>", "]]>", "&#1;", "&#xFFFE;", "&#0;", "&amp;", "&", "<",
    "[l](javascript:x)", "![i](data:x)", "\n\n", "\n- item\n", "> quote\n", "```\ncode\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", "[^1]\n\n[^1]: note", "    indented",
]  # fmt: skip
FRAGMENTS = st.one_of(
    st.builds(
        lambda tag, attr, url, close: f'<{tag} {attr}="{url}">x{"</" + tag + ">" if close else ""}',
        st.sampled_from(TAGS),
        st.sampled_from(ATTRS),
        st.sampled_from(URLS),
        st.booleans(),
    ),
    st.sampled_from(SNIPPETS),
    st.text(max_size=20),
)
BODIES = st.lists(FRAGMENTS, max_size=12).map("".join)


def build_site(files: Mapping[str, bytes]) -> tuple[int, str, dict[str, bytes]]:
    """Build a fresh site holding ``files`` under content/; exit code, stderr, outputs."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "publisher.toml").write_text(SITE_TOML, encoding="utf-8")
        for rel, data in files.items():
            path = root / "content" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        before = os.getcwd()
        os.chdir(root)
        try:
            result = CliRunner().invoke(cli, ["build"])
        finally:
            os.chdir(before)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # an uncaught exception is the bug we look for
        out = root / "feeds"
        written = (
            {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
            if out.exists()
            else {}
        )
        return result.exit_code, result.stderr, written


def check_outcome(code: int, stderr: str, written: dict[str, bytes]) -> None:
    assert code in (0, 1), stderr
    lines = stderr.splitlines()
    assert all(PROBLEM_LINE.match(line) for line in lines), stderr
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    if code == 1:
        assert any(": error: " in line or line.startswith("error: ") for line in lines)
    for rel, data in written.items():
        if rel.endswith((".xml", ".json")) and not rel.startswith("."):
            if rel.endswith(".xml"):
                parsed = feedparser.parse(data)
                assert not parsed.bozo, (rel, parsed.get("bozo_exception"))
                assert not re.search(
                    r"<script|javascript:|vbscript:|\son[a-z]+=",
                    " ".join(c.value for e in parsed.entries for c in e.get("content", [])),
                    re.IGNORECASE,
                )
            errors = [str(p) for p in validate_bytes(data, name=rel).problems if p.is_error]
            assert not errors, errors


def front_matter(fields: dict[str, object]) -> bytes:
    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    return f"---\n{text}---\n".encode("utf-8", "surrogatepass")


@bounded(200)
@given(fields=FIELDS, body=TEXT)
def test_any_front_matter_values_publish_or_refuse_cleanly(fields, body):
    data = front_matter(fields) + body.encode("utf-8", "surrogatepass")
    check_outcome(*build_site({"news/a.md": data}))


@bounded(200)
@given(
    raw=st.lists(
        st.one_of(TEXT, st.sampled_from(["title: x", "date: 2026-01-01", "---"])), max_size=8
    )
)
def test_any_raw_front_matter_text_publishes_or_refuses_cleanly(raw):
    text = "---\ntitle: T\n" + "\n".join(raw) + "\ndate: 2026-01-01\n---\nBody\n"
    check_outcome(*build_site({"news/a.md": text.encode("utf-8", "surrogatepass")}))


@pytest.mark.slow
@bounded(500)
@given(
    fields=FIELDS,
    bodies=st.lists(BODIES, min_size=1, max_size=3),
    raw=st.binary(max_size=200),
)
def test_many_sources_with_markup_bodies_publish_or_refuse_cleanly(fields, bodies, raw):
    files = {
        f"news/b{i}.md": (
            f"---\ntitle: B{i}\nid: urn:x:b{i}\ndate: 2026-01-0{i + 1}\n---\n{body}\n"
        ).encode("utf-8", "surrogatepass")
        for i, body in enumerate(bodies)
    }
    files["news/fields.md"] = front_matter(fields) + bodies[0].encode("utf-8", "surrogatepass")
    files["news/raw.md"] = raw
    files["scraped/page.txt"] = raw
    files["scraped/page.html"] = b"<html><title>T</title><p>" + raw + b"</p></html>"
    check_outcome(*build_site(files))


# Link forms each flavour reads its own way (kramdown's URLs hold spaces).
LINKS = ["[l](/a b)", '[l](/a b "t")', "[l](a (b) c)", "[l](<a b>)", "[l](x\ny)", "[l]( ", "]("]
FLAVOUR_BODIES = st.lists(st.one_of(FRAGMENTS, st.sampled_from(LINKS)), max_size=12).map("".join)


@bounded(150)
@given(flavour=st.sampled_from(["commonmark", "goldmark", "kramdown"]), body=FLAVOUR_BODIES)
def test_every_flavour_renders_untrusted_bodies_safely(flavour, body):
    """markdown-it-py's flavours, as a build calls them: sanitized HTML with nothing
    executable, or publisher's one-line refusal; never an internal error."""
    from publisher.errors import SourceError
    from publisher.render.renderer import Renderer
    from publisher.render.settings import flavour_defaults
    from tests.test_render import _article

    try:
        html = Renderer(flavour_defaults(flavour)).render(_article(), body).content_html
    except SourceError as exc:
        assert exc.message.startswith("cannot render the body: "), exc.message
        return
    for element in lxml_html.fragment_fromstring(html, create_parent="div").iter():
        assert element.tag not in ("script", "style", "iframe", "svg", "math"), html
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), html
            if name in ("href", "src", "cite", "srcset"):
                assert re.match(r"(?:https?|mailto):", value), html
