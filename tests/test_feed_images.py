"""Feed icons and logos: RSS <image> with the spec's size rules, Atom icon/logo, JSON Feed."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from publisher.config import load_config
from publisher.errors import ConfigError
from publisher.formats._feedgen import rss_image_size
from publisher.model import FeedImage
from publisher.sources.imagesize import image_size

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = 'title = "T"\nbase_url = "https://site.example"\n'


def png(width: int, height: int) -> bytes:
    """A real, minimal PNG (one grey row repeated)."""
    rows = (b"\x00" + b"\x80" * width) * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width) + b"\x03" + b"\x00" * 9
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def webp_vp8x(width: int, height: int) -> bytes:
    body = b"VP8X" + struct.pack("<I", 10) + b"\x00" * 4
    body += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (png(600, 200), (600, 200)),
        (gif(88, 31), (88, 31)),
        (jpeg(1200, 675), (1200, 675)),
        (webp_vp8x(512, 512), (512, 512)),
        (b"\x00\x00\x01\x00\x01\x00\x20\x20" + b"\x00" * 14, (32, 32)),  # ICO, 32 x 32
        (b"\x00\x00\x01\x00\x01\x00\x00\x00" + b"\x00" * 14, (256, 256)),  # ICO, 0 = 256
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),  # no intrinsic size
        (png(10, 10)[:20], None),  # truncated
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", None),  # JPEG with no frame header
        (b"", None),
    ],
)
def test_image_size_reads_headers(data, size):
    assert image_size(data) == size


@given(st.binary(max_size=300))
def test_image_size_never_raises_on_any_bytes(data):
    size = image_size(data)
    assert size is None or (size[0] > 0 and size[1] > 0)


@given(st.binary(max_size=200))
def test_image_size_never_raises_after_a_known_signature(tail):
    for head in (b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8", b"RIFF\x00\x00\x00\x00WEBP"):
        size = image_size(head + tail)
        assert size is None or min(size) > 0


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (88, 31, ("88", "31")),  # fits: as it is
        (144, 400, ("144", "400")),  # the limits themselves
        (600, 200, ("144", "48")),  # too wide: scaled, aspect kept
        (300, 1000, ("120", "400")),  # too high: scaled
        (5000, 1, ("144", "1")),  # never 0
        (None, None, (None, None)),  # unknown: left out (readers assume 88 x 31)
    ],
)
def test_rss_image_size_fits_the_spec(width, height, expected):
    assert rss_image_size(FeedImage("https://x.example/i.png", width, height)) == expected


def test_config_resolves_site_paths_and_checks_urls(tmp_path):
    path = tmp_path / "publisher.toml"
    path.write_text(
        BASE + 'icon = "/img/icon.png"\nlogo = "https://cdn.example/logo.png"\n'
        '[categories.tech]\nicon = "img/tech.png"\n'
    )
    config = load_config(path)
    assert config.icon == "https://site.example/img/icon.png"
    assert config.logo == "https://cdn.example/logo.png"
    assert config.category("tech").icon == "https://site.example/img/tech.png"
    path.write_text(BASE + 'logo = "ftp://x.example/l.png"\n')
    with pytest.raises(ConfigError, match="'logo' must be an absolute http"):
        load_config(path)
    path.write_text(BASE + "[categories.tech]\nlogo = 5\n")
    with pytest.raises(ConfigError, match=re.escape("'categories.tech.logo' must be a string")):
        load_config(path)


def _write_site(site, extra: str = "") -> None:
    site.config(BASE + 'icon = "/img/icon.png"\nlogo = "/img/logo.png"\n' + extra)
    (site.content / "img").mkdir(parents=True, exist_ok=True)
    (site.content / "img" / "icon.png").write_bytes(png(256, 256))
    (site.content / "img" / "logo.png").write_bytes(png(600, 200))
    site.article("tech/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})


def test_every_format_carries_the_icon_and_logo(site, check_feed):
    _write_site(site)
    result = site.build()
    assert result.output == ""
    rss = etree.fromstring(site.feed("tech", "rss.xml"))
    image = rss.find("channel/image")
    assert [(e.tag, e.text) for e in image] == [
        ("url", "https://site.example/img/logo.png"),
        ("title", rss.findtext("channel/title")),  # the channel's, as the spec expects
        ("link", rss.findtext("channel/link")),
        ("width", "144"),
        ("height", "48"),
    ]
    parsed = check_feed(site.feed("tech", "rss.xml"))  # feedparser and our validator
    assert parsed.feed.image.href == "https://site.example/img/logo.png"
    assert parsed.feed.image.width == 144
    atom = etree.fromstring(site.feed("tech", "atom.xml"))
    assert atom.findtext(f"{ATOM}icon") == "https://site.example/img/icon.png"
    assert atom.findtext(f"{ATOM}logo") == "https://site.example/img/logo.png"
    parsed = check_feed(site.feed("tech", "atom.xml"))
    assert parsed.feed.icon == "https://site.example/img/icon.png"
    assert parsed.feed.logo == "https://site.example/img/logo.png"
    document = json.loads(site.feed("tech", "feed.json"))
    assert document["icon"] == document["favicon"] == "https://site.example/img/icon.png"
    page = lxml_html.document_fromstring((site.out / "index.html").read_bytes())
    assert page.xpath("//header/img/@src") == ["https://site.example/img/logo.png"]
    assert page.xpath("//header/img/@alt") == [""]
    assert page.xpath("//head/link[@rel='icon']/@href") == ["https://site.example/img/icon.png"]


def test_category_images_override_the_site_and_show_on_the_index(site):
    _write_site(site, '[categories.tech]\nicon = "https://cdn.example/tech.png"\n')
    site.article("news/b.md", {"title": "B", "id": "urn:x:b", "date": "2026-01-02"})
    site.build()
    atom = etree.fromstring(site.feed("tech", "atom.xml"))
    assert atom.findtext(f"{ATOM}icon") == "https://cdn.example/tech.png"
    news = etree.fromstring(site.feed("news", "atom.xml"))
    assert news.findtext(f"{ATOM}icon") == "https://site.example/img/icon.png"
    page = lxml_html.document_fromstring((site.out / "index.html").read_bytes())
    icons = page.xpath("//section//h2/img[@class='feed-icon']/@src")
    assert icons == ["https://cdn.example/tech.png"]  # only where it differs from the site's
    assert page.get_element_by_id("feed-tech-title").text_content().strip() == "Tech"


def test_rss_image_needs_png_jpeg_or_gif(site):
    site.config(BASE + 'icon = "/i.png"\nlogo = "https://cdn.example/logo.svg"\n')
    site.article("tech/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})
    site.build()
    rss = etree.fromstring(site.feed("tech", "rss.xml"))
    # The SVG logo cannot be an RSS image; the icon (not found: no size) stands in.
    assert rss.findtext("channel/image/url") == "https://site.example/i.png"
    assert rss.find("channel/image/width") is None
    site.config(BASE + 'logo = "https://cdn.example/logo.svg"\n')
    site.build()
    assert etree.fromstring(site.feed("tech", "rss.xml")).find("channel/image") is None


def test_missing_icon_under_a_configured_static_dir_is_a_warning(site):
    site.config(BASE + 'static_dir = "static"\nicon = "/img/icon.png"\n')
    (site.root / "static").mkdir()
    site.article("tech/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})
    result = site.build()
    assert result.output == (
        "static/img/icon.png: warning: not found under static_dir, but the config's icon is "
        "https://site.example/img/icon.png: its size is left out of the feeds\n"
    )
    assert etree.fromstring(site.feed("tech", "atom.xml")).findtext(f"{ATOM}icon") == (
        "https://site.example/img/icon.png"
    )


def test_changing_the_logo_file_changes_the_rss_size(site):
    _write_site(site)
    site.build()
    (site.content / "img" / "logo.png").write_bytes(png(100, 50))
    site.build("--no-cache")
    rss = etree.fromstring(site.feed("tech", "rss.xml"))
    assert (rss.findtext("channel/image/width"), rss.findtext("channel/image/height")) == (
        "100",
        "50",
    )


def test_logo_outside_the_static_folder_is_never_read(site, tmp_path: Path):
    site.config(BASE + 'logo = "/../../secret.png"\n')
    (tmp_path.parent / "secret.png").write_bytes(png(50, 50))
    site.article("tech/a.md", {"title": "A", "id": "urn:x:a", "date": "2026-01-01"})
    site.build()
    assert etree.fromstring(site.feed("tech", "rss.xml")).find("channel/image/width") is None
