"""The validator corpus: small feeds under tests/validate/, each carrying its expectation.

An XML feed says what it expects in a comment near the top, a JSON feed (or any
feed) in a side file ``<name>.expect``::

    <!-- expect: rss-missing-channel-title, date-not-rfc822 | self-url: https://x/rss.xml -->
    <!-- expect: valid | w3c: unknown -->

The rule list is compared with exactly the error and warning rule ids reported
(infos are not compared). ``self-url`` says where the feed was fetched from.
``w3c`` is the verdict of the W3C Feed Validation Service (``valid`` or
``invalid``), measured by running its code on the file (``unknown`` where the
verdict depends on HTTP headers); when absent it is taken to match the expected
rules (see docs/validator-rules.md, "Agreement with the W3C validator").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher.errors import Severity
from publisher.validate import FEED_SUFFIXES, FORMATS, validate_bytes
from publisher.validate.rules import RULES_BY_ID

CORPUS = Path(__file__).parent / "validate"
_EXPECT = re.compile(r"expect:\s*(.*?)\s*(?:-->|$)", re.MULTILINE)


@dataclass(frozen=True)
class Case:
    path: Path
    rules: frozenset[str]
    options: dict[str, str]

    @property
    def name(self) -> str:
        return self.path.relative_to(CORPUS).as_posix()

    @property
    def expected_valid(self) -> bool:
        return not any(RULES_BY_ID[r].severity is Severity.ERROR for r in self.rules)

    @property
    def w3c(self) -> str:
        """What the W3C service would say: valid, invalid or unknown."""
        default = "valid" if self.expected_valid else "invalid"
        return self.options.get("w3c", default)


def _load(path: Path) -> Case:
    side = path.with_name(path.name + ".expect")
    # Dropping NULs lets the ASCII comment of a UTF-16 file be read too.
    head = path.read_bytes()[:1200].replace(b"\x00", b"").decode("latin-1")
    text = side.read_text("utf-8") if side.exists() else head
    match = _EXPECT.search(text)
    assert match, f"{path}: no 'expect:' line"
    first, *rest = (part.strip() for part in match[1].split("|"))
    rules = frozenset() if first == "valid" else frozenset(r.strip() for r in first.split(","))
    options = dict((part.split(":", 1)[0].strip(), part.split(":", 1)[1].strip()) for part in rest)
    return Case(path, rules, options)


CASES = [
    _load(path)
    for path in sorted(CORPUS.rglob("*"))
    if path.suffix in FEED_SUFFIXES and path.is_file()
]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 80
    assert sum(case.expected_valid for case in CASES) >= 20
    assert sum(not case.expected_valid for case in CASES) >= 40


def test_expectations_name_real_rules() -> None:
    unknown = {(case.name, rule) for case in CASES for rule in case.rules} - {
        (case.name, rule) for case in CASES for rule in case.rules if rule in RULES_BY_ID
    }
    assert not unknown


def test_corpus_covers_the_catalog() -> None:
    # These need HTTP, a size limit or are infos (never compared): tested in the CLI suite.
    untestable = {
        "feed-too-large",
        "http-content-type",
        "http-unexpected-content-type",
        "xml-unknown-namespace",
        "rss-not-rss2",
        "app-document",
        "unchecked-document",
        "feed-discovered",
        "feed-advertised-unreadable",
        # Needs the artwork's bytes (a build's local file, or --fetch-images): test_podcast.py.
        "podcast-artwork-size",
    }
    covered = {rule for case in CASES for rule in case.rules}
    # How a feed is served (http-...) is checked against real servers: tests/delivery/.
    from tests.test_delivery import corpus_rules

    covered |= corpus_rules()
    assert set(RULES_BY_ID) - covered - untestable == set()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_corpus_case(case: Case) -> None:
    report = validate_bytes(
        case.path.read_bytes(),
        name=case.name,
        self_url=case.options.get("self-url"),
        content_type=case.options.get("content-type"),
    )
    found = {p.rule for p in report.problems if p.severity is not Severity.INFO}
    shown = "\n".join(str(p) + f"  [{p.rule}]" for p in report.problems)
    assert found == set(case.rules), f"{case.name}:\n{shown}"
    assert report.format in FORMATS
    lines = re.split(r"\r\n|\r|\n", case.path.read_bytes().decode("utf-8", "replace"))
    for problem in report.problems:
        assert problem.line is None or problem.line >= 1
        assert problem.column is None or problem.column >= 1
        about_element = not problem.rule.startswith(("xml-", "json-", "feed-html-page"))
        if problem.line is not None and about_element:
            # A finding about an element points at its start tag.
            assert problem.column is not None, problem
            at = lines[problem.line - 1][problem.column - 1 :]
            assert at.startswith("<"), (problem, at[:40])


def w3c_agreement() -> tuple[int, list[str], list[str]]:
    """(cases compared, disagreements, cases where the W3C verdict is unknown)."""
    xml_cases = [case for case in CASES if case.path.suffix != ".json"]
    unknown = [case.name for case in xml_cases if case.w3c == "unknown"]
    compared = [case for case in xml_cases if case.w3c != "unknown"]
    disagree = [case.name for case in compared if (case.w3c == "valid") != case.expected_valid]
    return len(compared), disagree, unknown


# W3C-invalid cases we call valid on purpose, each explained in docs/validator-rules.md
# ("Agreement with the W3C validator"). The other direction is never allowed: a feed
# the W3C service calls valid gets at most a warning here.
JUDGED_DIFFERENTLY: list[str] = []


def test_w3c_valid_feeds_never_get_an_error() -> None:
    compared = [case for case in CASES if case.path.suffix != ".json" and case.w3c == "valid"]
    assert compared
    assert [case.name for case in compared if not case.expected_valid] == []


def test_w3c_agreement_is_documented() -> None:
    compared, disagree, _unknown = w3c_agreement()
    assert sorted(disagree) == JUDGED_DIFFERENTLY
    docs = (CORPUS.parent.parent / "docs" / "validator-rules.md").read_text("utf-8")
    assert f"{compared - len(disagree)} of {compared}" in docs
