"""Template syntax in Markdown bodies, one case per file under tests/templating/<generator>/.

Each ``NAME.md`` is a body as an author of that generator writes it; ``NAME.expected``
beside it is the body publisher renders from it, then the warnings (``line: message``)
after a ``==== warnings`` line. Regenerate with ``pytest --update-goldens`` and review
the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.generators import NAMES, generator_named
from publisher.generators.base import TemplateSite, TemplateWarning

CORPUS = Path(__file__).parent / "templating"
CASES = sorted(CORPUS.glob("*/*.md"))
BASE = "https://site.example/blog"
# What cross references point at in these cases (as the build finds them on disk).
PAGES = {
    "hugo": {"other.md": "/posts/other/", "/posts/other": "/posts/other/"},
    "jekyll": {"_posts/2021-03-14-welcome": "/meta/2021/03/14/welcome.html",
               "_posts/2021-03-14-welcome.md": "/meta/2021/03/14/welcome.html"},
    "pelican": {"/posts/other.md": "/other.html", "other.md": "/other.html"},
}  # fmt: skip


def _site(generator: str) -> TemplateSite:
    def resolve(target: str) -> str | None:
        path, _, anchor = target.partition("#")
        found = PAGES[generator].get(path)
        return BASE + found + (f"#{anchor}" if anchor else "") if found else None

    page = {"title": "A title", "url": BASE + "/2021/03/a.html"}
    return TemplateSite(BASE, resolve, link=page["url"], page=page)


def expand(body: str, generator: str) -> tuple[str, list[TemplateWarning]]:
    """``body`` as the generator called ``generator`` renders it, with its warnings."""
    rules = generator_named(generator)
    assert rules is not None
    return rules.expand(body, _site(generator))


def _render(case: Path) -> str:
    body, warnings = expand(case.read_text(encoding="utf-8"), case.parent.name)
    shown = [f"{line}: {message}" for line, message in warnings]
    return body + ("==== warnings\n" + "\n".join(shown) + "\n" if shown else "")


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case(case: Path, request: pytest.FixtureRequest) -> None:
    expected_path = case.with_suffix(".expected")
    actual = _render(case)
    if request.config.getoption("--update-goldens") or not expected_path.exists():
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


_OUTSIDE_CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]*`|^(?: {4}|\t).*$", re.DOTALL | re.MULTILINE)
_SYNTAX = {
    "hugo": re.compile(r"\{\{[<%]"),
    "jekyll": re.compile(r"\{%|\{\{"),
    "pelican": re.compile(r"\{(?:filename|static|attach)\}"),
}


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_template_syntax_left_outside_code(case: Path) -> None:
    body, _ = expand(case.read_text(encoding="utf-8"), case.parent.name)
    prose = _OUTSIDE_CODE.sub("", body)
    if case.stem in ("code_keeps_syntax", "raw_and_comments"):
        return  # their prose shows template syntax on purpose ({{</* */>}}, {% raw %})
    assert not _SYNTAX[case.parent.name].search(prose), prose


_PIECES = st.sampled_from(
    ["{{<", ">}}", "{{%", "%}}", "{{", "}}", "{%", "%}", "/", " ", "\n", "```", "`", "x",
     "highlight", "/highlight", "raw", "endraw", "ref", '"', "=", "{filename}", "    ", "#"]
)  # fmt: skip


@pytest.mark.parametrize("generator", NAMES)
@given(text=st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_any_text_expands_without_crashing(generator: str, text: str) -> None:
    body, warnings = expand(text, generator)
    assert isinstance(body, str)
    lines = text.count("\n") + 1
    assert all(1 <= line <= lines for line, _ in warnings)


def test_a_body_without_template_syntax_is_untouched() -> None:
    body = "Plain *Markdown* with {braces} and 100% of % signs.\n"
    for generator in NAMES:
        assert expand(body, generator) == (body, [])


def test_code_regions_follow_fences_inside_list_items_and_skip_code_spans() -> None:
    from publisher.generators.templating import code_regions

    body = (
        "1. Install:\n\n   ```shell\n    helm repo add x\n    ```\n\n2. Then {{ this }}.\n\n"
        "A span: ```DateTime.Now```: and {{ that }}.\n"
    )
    regions = [body[start:end] for start, end in code_regions(body)]
    assert "   ```shell\n    helm repo add x\n    ```" in regions[0]
    assert "2. Then" not in regions[0]
    assert "```DateTime.Now```" in regions
    assert not any("{{ that }}" in region for region in regions)
