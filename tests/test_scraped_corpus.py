"""Scraped pages in tests/scraped/ -> the Markdown source beside each (``*.expected.md``).

Each expected file is what the reader found, as a Markdown source (front matter +
body; no id, and the date only when the page has one), plus ``problems`` when the
reader warned. Pages are read as bytes and decoded as a build decodes them (HTML pages
in their declared charset: some are EUC-KR, GB2312, windows-1252, ISO-8859-9).
Regenerate with ``pytest tests/test_scraped_corpus.py --update-goldens`` (the one
switch for every expectation) and review the diff by eye.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml

from publisher.commands.markdown_source import render_source
from publisher.model import SourceDoc
from publisher.sources import ReaderOptions, decode, reader_for

CORPUS = Path(__file__).parent / "scraped"
PAGES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))

# Phrases from the corpus pages' boilerplate (many in languages no pattern list knows,
# which the structural rules must remove); none may survive into a body.
FORBIDDEN = tuple(
    line
    for line in (CORPUS / "boilerplate.phrases").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
)
# Every page's language: the corpus must keep covering many, including ones no list knows.
LANGUAGES = {
    "blog_share_newsletter": "en", "french_louvre": "fr", "german_bahn": "de",
    "hardwrapped_newsletter": "en", "header_block": "en", "japanese_quantum": "ja",
    "jsonld_only": "en", "malformed_no_article": "en", "markdown_specials": "en",
    "news_portal_cookie": "en", "related_list": "en", "russian_danube": "ru",
    "seed_archyde": "en", "spanish_ciencia": "es", "wire_credit": "en", "wordpress_en": "en",
    "en_coastal_courier": "en", "en_no_crumb_header": "en", "en_blog_comments": "en",
    "ko_semiconductor": "ko", "ko_festival": "ko", "zh_highspeed_rail": "zh",
    "zh_library": "zh", "it_venezia": "it", "it_olio": "it", "pt_lisboa": "pt",
    "pt_br_chuva": "pt", "nl_fiets": "nl", "pl_tramwaje": "pl", "tr_kopru": "tr",
    "tr_deprem": "tr", "de_fahrrad": "de", "vi_metro": "vi", "sv_tag": "sv",
    "id_banjir": "id", "el_limani": "el", "hu_villamos": "hu",
}  # fmt: skip


def _read(page: Path) -> SourceDoc:
    text, problems = decode(page.read_bytes(), page.suffix, page.name)
    assert not problems
    return reader_for(page.suffix).read(
        text, path=page.name, rel=page.name, options=ReaderOptions()
    )


def _as_source(doc: SourceDoc) -> str:
    fields = dict(doc.fields)
    if doc.problems:
        fields["problems"] = [str(p) for p in doc.problems]
    return render_source(fields, doc.body)


def test_corpus_is_big_enough() -> None:
    assert len(PAGES) >= 30
    assert {p.suffix for p in PAGES} == {".txt", ".html"}
    assert {p.stem for p in PAGES} == set(LANGUAGES)
    assert len(set(LANGUAGES.values())) >= 9


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_scraped_page(page: Path, update_goldens: bool) -> None:
    doc = _read(page)
    actual = _as_source(doc)
    expected_path = page.with_suffix(".expected.md")
    if update_goldens:
        expected_path.write_text(actual, encoding="utf-8", newline="\n")
    assert expected_path.exists(), f"no {expected_path.name}: run with --update-goldens"
    assert actual == expected_path.read_text(encoding="utf-8")

    # The expectation itself must be sane, so a regenerated bug does not pass unseen.
    front = yaml.safe_load(actual.split("---\n")[1])
    assert front["title"] and "\n" not in front["title"]
    assert doc.body.strip()
    leaked = [phrase for phrase in FORBIDDEN if phrase in doc.body]
    assert not leaked, f"boilerplate left in {page.name}: {leaked}"
    html = markdown.markdown(doc.body, extensions=["extra", "sane_lists"])
    assert "&lt;script&gt;" in html or "<script" not in html
