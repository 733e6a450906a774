"""The sanitizer's fast path for URLs that are already absolute (issue 25): an absolute
http(s) URL that ``_absolute`` would give back unchanged is returned without parsing it.

The fast path must change nothing: hypothesis compares it with ``_absolute`` itself on
URLs built from the characters that matter (and on arbitrary text), and the whole
sanitizer with the one that always resolves, on untrusted HTML.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.render import sanitize as sanitize_module
from publisher.render.sanitize import (
    _CLEAN_ABSOLUTE,
    _absolute,
    _absolute_srcset,
    cleaned,
    sanitize,
)

BASES = [
    "https://news.example.org/science/a-title/",
    "http://news.example.org/science/a-title/",
    "https://example.org",
    "https://example.org/a/b?x=1#top",
    "https://EXAMPLE.org:8443/a;p/b/",
]
# Every character with a role in a URL's syntax, letters and digits, and a few that
# must be escaped or dropped (space, quote, non-ASCII, controls).
_CHARS = "abcXYZ019-._~!$&'()*+,;=:/?#[]@%\\ \"<>^`{|}\t\né\x00"
_PART = st.text(alphabet=_CHARS, max_size=12)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https", "ftp", "mailto", ""]))
    host = draw(st.sampled_from(["example.org", "a-b.example", "x", "EXAMPLE.ORG", "", "[::1]"]))
    port = draw(st.sampled_from(["", ":80", ":8443", ":", ":99999", ":x"]))
    head = f"{scheme}://{host}{port}" if scheme else draw(st.sampled_from(["", "/", "//", "../"]))
    pieces = draw(
        st.lists(st.one_of(_PART, st.sampled_from(["/", "?", "#", "%2F", "%zz"])), max_size=6)
    )
    url = head + "".join(pieces)
    return draw(st.sampled_from([url, f" {url}", f"{url} "]))


@settings(max_examples=1000, deadline=None)
@given(url=st.one_of(urls(), st.text(max_size=40)), base=st.sampled_from(BASES))
def test_a_clean_absolute_url_is_what_absolute_returns(url: str, base: str) -> None:
    if _CLEAN_ABSOLUTE.fullmatch(url):
        assert _absolute(url, base) == url


def _reference(fragment: str, base_url: str) -> str:
    """The sanitizer as it was before the fast path: every URL through ``_absolute``."""

    def absolutize(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src", "cite"):
            return _absolute(value, base_url)
        if attribute == "srcset":
            return _absolute_srcset(value, base_url)
        return value

    return cleaned(fragment, absolutize)


_QUOTE = st.sampled_from(['"', "'"])


@st.composite
def untrusted_html(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        tag, attribute = draw(st.sampled_from([
            ("a", "href"), ("img", "src"), ("blockquote", "cite"), ("q", "cite"),
            ("a", "title"), ("script", "src"), ("img", "srcset"),
        ]))  # fmt: skip
        value = draw(urls()).replace("&", "&amp;")
        quote = draw(_QUOTE)
        value = value.replace(quote, "&#39;" if quote == "'" else "&quot;")
        parts.append(
            f"<{tag} {attribute}={quote}{value}{quote}>{draw(st.text(max_size=5))}</{tag}>"
        )
        parts.append(draw(st.text(max_size=10)))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(fragment=untrusted_html(), base=st.sampled_from(BASES))
def test_the_sanitizer_with_the_fast_path_writes_the_same_bytes(fragment: str, base: str) -> None:
    assert sanitize(fragment, base_url=base) == _reference(fragment, base)


def test_the_fast_path_is_taken_for_ordinary_links() -> None:
    for url in (
        "https://example.org/a/b-c_d.html?q=1&r=a+b#sec-2",
        "http://example.org:8080/",
        "https://example.org",
        "https://en.wikipedia.org/wiki/Python_(programming_language)",
        "https://example.org/%E2%9C%93/",
    ):
        assert _CLEAN_ABSOLUTE.fullmatch(url), url
    for url in ("HTTPS://example.org/", "https://example.org/a b", "https://example.org/?",
                "https://example.org/#", "https://user@example.org/", "https://example.org/a;b",
                "javascript:alert(1)", "//example.org/x", "/x"):  # fmt: skip
        assert not _CLEAN_ABSOLUTE.fullmatch(url), url
    assert sanitize_module._CLEAN_ABSOLUTE is _CLEAN_ABSOLUTE
