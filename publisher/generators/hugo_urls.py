"""Hugo's URL rules: how it sanitizes a path, urlizes a title, escapes a link.

Learnt from Hugo's own code and tests (gohugoio/hugo): ``common/paths/path.go``
``Sanitize``, ``helpers/path.go`` ``MakePath``/``MakePathSanitized``, ``helpers/url.go``
``URLize``, ``common/paths/path.go`` ``PathEscape`` (Go's ``url.Parse(...).EscapedPath()``)
and ``resources/page/page_paths.go`` (``#`` escaped as ``%23`` in links). Their test
tables are data-driven tests here (tests/generator_tables/hugo/).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters Sanitize keeps besides letters, digits and marks (isAllowedPathCharacter).
_KEPT_PUNCTUATION = frozenset("./\\_#+~-@")
_HEX = frozenset("0123456789abcdefABCDEF")
# Go's unicode.IsSpace: Latin-1's spaces and Unicode's White_Space property.
_GO_SPACES = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
)
# Bytes Go's url package never escapes in a path (shouldEscape with encodePath).
_PATH_SAFE = frozenset(
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~$&+,/:;=@"
)
# Bytes Go's validEncoded accepts as already escaped, besides _PATH_SAFE and '%'.
_VALID_ENCODED = _PATH_SAFE | frozenset(b"!$&'()*+,;=:@[]%")


@dataclass(frozen=True, slots=True)
class PathRules:
    """The site's settings that change paths: ``disablePathToLower``, ``removePathAccents``."""

    to_lower: bool = True
    remove_accents: bool = False

    def make_path(self, text: str) -> str:
        """``MakePath``: sanitized, accents removed when the site asks, case kept."""
        text = sanitize(text)
        return remove_accents(text) if self.remove_accents else text

    def make_path_sanitized(self, text: str) -> str:
        """``MakePathSanitized``: ``make_path``, lowercased unless the site disables it."""
        text = self.make_path(text)
        return go_lower(text) if self.to_lower else text

    def urlize(self, text: str) -> str:
        """``URLize``: ``make_path_sanitized``, then escaped as Go's ``url.Parse`` and
        ``String`` do (non-ASCII percent-encoded; a ``#`` starts a fragment)."""
        return url_escape(self.make_path_sanitized(text))


def _allowed(text: str, index: int, char: str) -> bool:
    if char == " ":
        return False
    if char.isalpha() or char in _KEPT_PUNCTUATION:
        return True
    category = unicodedata.category(char)
    if category == "Nd" or category.startswith("M"):
        return True
    return char == "%" and index + 2 < len(text) and text[index + 1 : index + 3] in _HEX_PAIRS


_HEX_PAIRS = frozenset(a + b for a in _HEX for b in _HEX)


def sanitize(text: str) -> str:
    """``paths.Sanitize``: letters, digits, marks, ``./\\_#+~-@`` and ``%XX`` escapes stay;
    a run of spaces between kept characters becomes one ``-`` (none next to an explicit
    ``-``, none at either end); everything else goes."""
    out: list[str] = []
    prepend_hyphen = was_hyphen = False
    for index, char in enumerate(text):
        if _allowed(text, index, char):
            was_hyphen = char == "-"
            if prepend_hyphen:
                if not was_hyphen:
                    out.append("-")
                prepend_hyphen = False
            out.append(char)
        elif out and not was_hyphen and char in _GO_SPACES:
            prepend_hyphen = True
    return "".join(out)


def remove_accents(text: str) -> str:
    """``text.RemoveAccentsString``: NFD, nonspacing marks removed, NFC."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept)


def go_lower(text: str) -> str:
    """Go's ``strings.ToLower``: each character on its own (no final-sigma rule, and
    ``İ`` becomes ``i``), unlike ``str.lower``."""
    if text.isascii():
        return text.lower()
    return "".join(c.lower()[0] for c in text)


def _escape(data: bytes) -> str:
    return "".join(chr(b) if b in _PATH_SAFE else f"%{b:02X}" for b in data)


def _unescape(text: str) -> bytes | None:
    """Go's ``unescape`` for a path: None where a ``%`` has no two hex digits."""
    raw = text.encode("utf-8", "surrogatepass")
    out = bytearray()
    index = 0
    while index < len(raw):
        byte = raw[index]
        if byte == 0x25:  # '%'
            pair = raw[index + 1 : index + 3].decode("ascii", "replace")
            if pair not in _HEX_PAIRS:
                return None
            out.append(int(pair, 16))
            index += 3
            continue
        out.append(byte)
        index += 1
    return bytes(out)


def escaped_path(path: str) -> str:
    """Go's ``url.URL.EscapedPath`` of a URL parsed from ``path``: the path as written
    when it is a valid escaping of itself, else the decoded path escaped again."""
    decoded = _unescape(path)
    if decoded is None:
        return _escape(path.encode("utf-8", "surrogatepass"))
    raw = path.encode("utf-8", "surrogatepass")
    if all(b in _VALID_ENCODED for b in raw):
        return path
    return _escape(decoded)


def url_escape(uri: str) -> str:
    """Hugo's ``URLEscape``: Go's ``url.Parse(uri).String()`` for what ``sanitize``
    leaves (no scheme, no query): the path escaped, and a ``#`` fragment kept only when
    something follows it."""
    path, sep, fragment = uri.partition("#")
    escaped = escaped_path(path)
    if sep and fragment:
        decoded = _unescape(fragment)
        text = fragment if decoded is None else decoded.decode("utf-8", "replace")
        escaped += "#" + _escape_fragment(text)
    return escaped


def _escape_fragment(text: str) -> str:
    safe = _PATH_SAFE | frozenset(b"?!()*")
    return "".join(chr(b) if b in safe else f"%{b:02X}" for b in text.encode("utf-8"))


def link_escape(link: str) -> str:
    """How Hugo writes a page's link (``CreateTargetPaths``): ``#`` as ``%23``, then
    ``paths.PathEscape`` (non-ASCII and the like percent-encoded)."""
    return escaped_path(link.replace("#", "%23"))
