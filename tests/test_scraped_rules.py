"""The scraped-page rules one at a time: head, bylines, dates, trailer, site blocks."""

from __future__ import annotations

import pytest

from publisher.sources import ReaderOptions
from publisher.sources.scraped.boilerplate import Block, is_chrome, repeated_blocks, trim
from publisher.sources.scraped.bylines import find_byline
from publisher.sources.scraped.page_dates import find_date
from publisher.sources.scraped.text_page import scrape_text

LEDE = "The council voted on Monday to reopen the old river bridge to cyclists and walkers."
MORE = "Work starts in April and the bridge should reopen in time for the summer holidays."


def scrape(text: str) -> dict[str, object]:
    doc = scrape_text(text, path="p.txt", rel="p.txt", options=ReaderOptions())
    return {**doc.fields, "body": doc.body}


def test_a_title_saying_by_is_no_byline_and_its_crumb_is_a_crumb() -> None:
    page = scrape(
        "Home » Travel » Five towns to visit by train this spring\n\n"
        f"Five towns to visit by train this spring\n\n{LEDE}\n\n{MORE}\n"
    )
    assert page["title"] == "Five towns to visit by train this spring"
    assert page["category"] == "Travel"
    assert "author" not in page


def test_site_name_and_menu_above_a_headline_without_breadcrumb() -> None:
    page = scrape(
        "Riverside Gazette\n\nNews\n\nSport\n\nBridge reopens to cyclists after repairs\n\n"
        f"By Jo Marsh | 3 June 2025\n\n{LEDE}\n\n{MORE}\n\nRiverside Gazette\n"
    )
    assert page["title"] == "Bridge reopens to cyclists after repairs"
    assert page["author"] == "Jo Marsh" and page["date"] == "2025-06-03"
    assert "Riverside Gazette" not in str(page["body"]) and "Sport" not in str(page["body"])


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jo Bloggs | 2 June 2025", "Jo Bloggs"),
        ("Ten people were hurt by a falling tree", None),
        ("Photo: AP | Text by Jo Bloggs", "Jo Bloggs"),
        ("di Marco Rossi", "Marco Rossi"),
        ("Banjir rendam ribuan rumah di pesisir utara Jawa", None),
        ("김민준 기자", "김민준"),
        ("来源：南方财经网 记者 张伟", "张伟"),
        ("Yazar: Elif Yılmaz | 3 Mart 2025", "Elif Yılmaz"),
        ("Του Γιώργου Παπαδόπουλου", "Γιώργου Παπαδόπουλου"),
        ("Η ανάπλαση της πλατείας ολοκληρώθηκε", None),
    ],
)
def test_bylines(line: str, author: str | None) -> None:
    assert find_byline(line) == author


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Published March 3, 2025", "2025-03-03"),
        ("2025년 3월 3일 오후 2:20", "2025-03-03 14:20"),
        ("入力 2025.03.03 14:20", "2025-03-03 14:20"),
        ("3 de março de 2025", "2025-03-03"),
        ("3. März 2025, 9.30 Uhr", "2025-03-03 09:30"),
        ("Thứ hai, 25/03/2025 08:15 (GMT+7)", "2025-03-25 08:15+07:00"),
        ("3 Μαρτίου 2025, 11:20", "2025-03-03 11:20"),
        ("2025. március 3. 09:40", "2025-03-03 09:40"),
        ("03/04/2025", None),  # March 4 or 3 April: no date rather than a wrong one
        ("2025-02-30", None),
        ("3 hours ago", None),
    ],
)
def test_dates_written_in_text(text: str, found: str | None) -> None:
    assert find_date(text) == found


def test_trailer_in_an_unknown_language_is_cut_at_its_run_of_short_lines() -> None:
    blocks = [Block("p", LEDE), Block("p", MORE)]
    blocks += [Block("p", t) for t in ("Zyrtare", "Lajm i parë", "Lajm i dytë", "Lajm i tretë")]
    assert [b.text for b in trim(blocks)] == [LEDE, MORE]


def test_a_list_announced_by_a_colon_stays() -> None:
    intro = Block("p", "The bridge will be open to these users from April onwards:")
    items = [Block("p", t) for t in ("Cyclists", "Walkers", "Wheelchair users")]
    closing = Block("p", "Cars stay banned.")
    kept = trim([Block("p", LEDE), Block("p", MORE), intro, *items, closing])
    assert [b.text for b in kept][-4:] == ["Cyclists", "Walkers", "Wheelchair users", closing.text]


def test_link_dense_blocks_are_chrome_and_repeated_short_blocks_are_site_blocks() -> None:
    assert is_chrome(Block("list", "One two three", link_chars=13))
    assert not is_chrome(Block("list", "One two three"))
    assert not is_chrome(Block("p", LEDE))
    blocks = [
        Block("p", "Riverside Gazette"),
        Block("p", LEDE),
        Block("p", "© 2025 Riverside Gazette"),
    ]
    assert repeated_blocks(blocks) == {"riverside gazette"}
