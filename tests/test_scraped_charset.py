"""HTML pages in the charset they declare; contradictions are errors naming the charset."""

from __future__ import annotations

import pytest

from publisher.errors import SourceError
from publisher.sources.scraped.charset import declared_charset, decode_html

TEXTS = {
    "windows-1252": "Café crème – déjà vu",
    "iso-8859-9": "İzmir'de köprü açıldı",
    "koi8-r": "Дунай вышел из берегов",
    "shift_jis": "量子コンピューターの新記録",
    "euc-kr": "부산 불꽃축제",
    "gb2312": "高铁新线本月通车",
    "big5": "圖書館夜間開放",
}


def page(charset: str, text: str, how: str = "meta") -> bytes:
    head = {
        "meta": f'<meta charset="{charset}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        "xml": f'<?xml version="1.0" encoding="{charset}"?>',
    }[how]
    return f"{head}<title>{text}</title><p>{text}</p>".encode(charset)


@pytest.mark.parametrize("charset", sorted(TEXTS))
@pytest.mark.parametrize("how", ["meta", "http-equiv", "xml"])
def test_declared_charsets_are_decoded(charset: str, how: str) -> None:
    text, problems = decode_html(page(charset, TEXTS[charset], how), "p.html")
    assert f"<p>{TEXTS[charset]}</p>" in text
    assert problems == []


def test_the_server_s_charset_wins_over_the_page_s() -> None:
    data = page("windows-1252", "Café").replace(b"windows-1252", b"utf-8")
    text, _ = decode_html(data, "p.html", header_charset="windows-1252")
    assert "<p>Café</p>" in text


def test_narrow_labels_decode_as_the_superset_browsers_use() -> None:
    # GB2312 pages routinely carry GBK characters; ISO-8859-1 ones carry cp1252 quotes.
    data = '<meta charset="gb2312"><p>镕</p>'.encode("gbk")
    assert "<p>镕</p>" in decode_html(data, "p.html")[0]
    data = '<meta charset="iso-8859-1"><p>“quoted”</p>'.encode("cp1252")
    assert "<p>“quoted”</p>" in decode_html(data, "p.html")[0]


def test_utf8_bytes_under_a_legacy_declaration_are_an_error_naming_it() -> None:
    data = '<meta charset="euc-kr"><p>부산</p>'.encode()
    with pytest.raises(SourceError) as caught:
        decode_html(data, "p.html")
    assert str(caught.value) == (
        "p.html: declares charset 'euc-kr' but its bytes are UTF-8 "
        "(fix the declaration or save the page in the declared charset)"
    )


def test_bytes_that_are_not_the_declared_charset_name_both() -> None:
    data = b'<meta charset="shift_jis"><p>\x82\xa0\xff\xfe broken \xe9</p>'
    with pytest.raises(SourceError, match=r"declares charset 'shift_jis' but byte \d+ is not "):
        decode_html(data, "p.html")


def test_unknown_charset_and_bom_and_utf16_label() -> None:
    with pytest.raises(SourceError, match="declares an unknown charset 'klingon-8'"):
        decode_html(b"<meta charset=klingon-8><p>x</p>", "p.html")
    bom = b"\xef\xbb\xbf" + '<meta charset="windows-1252"><p>Café</p>'.encode()
    assert "<p>Café</p>" in decode_html(bom, "p.html")[0]  # the BOM wins
    assert "<p>hi</p>" in decode_html(b"<meta charset=utf-16><p>hi</p>", "p.html")[0]


def test_declaration_is_only_looked_for_near_the_top() -> None:
    assert declared_charset(b"<meta charset=koi8-r>") == "koi8-r"
    assert declared_charset(b" " * 5000 + b"<meta charset=koi8-r>") is None
