"""``validate_bytes`` never raises: arbitrary bytes and mutated valid feeds give a report."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.errors import Problem
from publisher.validate import FORMATS, ValidationReport, validate_bytes
from publisher.validate.rules import RULES_BY_ID

CORPUS = Path(__file__).parent / "validate"
SEEDS = [
    (CORPUS / name).read_bytes()
    for name in (
        "rss/valid-full.xml",
        "atom/valid-full.xml",
        "json/valid-full.json",
        "rss/rss10-valid.xml",
        "xml/utf16-bom.xml",
    )
]
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Fragments that steer mutations into the interesting corners of the parser.
SPICE = [
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"&#0;",
    b"&amp;",
    b"&nope;",
    b"<![CDATA[",
    b"]]>",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<?xml version="1.0" encoding="bogus"?>',
    b"<script>",
    b"javascript:",
    b'{"items": [',
    b"<entry>",
    b"<item>",
    b'type="xhtml"',
]


def _check(report: ValidationReport, name: str) -> None:
    assert isinstance(report, ValidationReport)
    assert report.target == name
    assert report.format in FORMATS
    for problem in report.problems:
        assert isinstance(problem, Problem)
        assert problem.rule in RULES_BY_ID
        assert problem.severity is RULES_BY_ID[problem.rule].severity
        assert problem.line is None or problem.line >= 1


@FUZZ
@given(st.binary(max_size=2048))
def test_arbitrary_bytes(data: bytes) -> None:
    _check(validate_bytes(data, name="fuzz"), "fuzz")


@FUZZ
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1),
            st.integers(min_value=0, max_value=40),
            st.one_of(st.binary(max_size=16), st.sampled_from(SPICE)),
        ),
        min_size=1,
        max_size=6,
    ),
    content_type=st.sampled_from([None, "text/html", "application/xml; charset=latin-9", "x"]),
)
def test_mutated_feeds(
    seed: bytes, edits: list[tuple[float, int, bytes]], content_type: str | None
) -> None:
    data = bytearray(seed)
    for where, cut, insert in edits:
        at = int(where * len(data))
        data[at : at + cut] = insert
    report = validate_bytes(
        bytes(data), name="mutant", self_url="http://127.0.0.1/feed", content_type=content_type
    )
    _check(report, "mutant")


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text_in_a_title(text: str) -> None:
    seed = SEEDS[0]
    data = seed.replace(b"Example feed", text.encode("utf-8", errors="surrogatepass"), 1)
    _check(validate_bytes(data, name="title"), "title")
