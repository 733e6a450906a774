"""Podcasts: episodes as sources, the show's feeds, what podcast apps read from them,
the fast path noticing a replaced media file, and the podcast platform rules."""

from __future__ import annotations

import json
import shutil
import struct
import threading
import uuid
import wave
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from publisher.build import build
from publisher.config import load_config
from publisher.errors import ConfigError, ProblemsFound, Severity
from publisher.ids import PODCAST_GUID_NAMESPACE, podcast_guid
from publisher.validate import validate_bytes
from publisher.validate.podcast import artwork_findings
from tests.conftest import REPO, SITE_TOML, Site, parse_feed
from tests.test_feed_images import jpeg, png

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
SAMPLE_RSS = "https://news.example.com/feeds/field-notes/rss.xml"
EPISODES = {  # the sample podcast: file -> (bytes, whole seconds)
    "a-street-that-stays-cool.mp3": (14554, 4),
    "listening-to-the-sea-floor.mp3": (16647, 4),
    "the-grid-at-dawn.mp3": (12552, 3),
}

SHOW = """\
[categories.radio]
title = "Radio"

[categories.radio.podcast]
artwork = "/art.png"
category = "News"
subcategory = "Daily News"
owner = {name = "Desk", email = "desk@site.example"}
"""


def wav(seconds: float, rate: int = 8000) -> bytes:
    """A real WAV file of silence (mutagen reads its duration from the header)."""
    import io

    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(struct.pack("<h", 0) * int(seconds * rate))
    return out.getvalue()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled sample site (content/ and publisher.toml) built into a temp folder."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "publisher.toml", root / "publisher.toml")
    build(load_config(root / "publisher.toml"))
    yield root / "feeds"


def podcast_site(site: Site, extra: str = "") -> None:
    """The test site with a podcast category, Radio, and its 1400 px artwork."""
    site.config(SITE_TOML + "\n" + SHOW + extra)
    (site.content / "art.png").write_bytes(png(1400, 1400))


def episode(site: Site, name: str = "one", **fields: object) -> Path:
    front: dict[str, object] = {
        "title": f"Episode {name}",
        "id": f"tag:site.example,2026-01-01:{name}",
        "date": "2026-01-01T10:00:00Z",
        "category": "Radio",
        "media": f"/radio/{name}.wav",
    }
    front.update(fields)
    return site.article(f"radio/{name}.md", front, "Show notes.")


# --- podcast:guid -----------------------------------------------------------------


def test_podcast_guid_is_the_specs_uuid5_of_the_feed_url() -> None:
    # Both examples of the Podcasting 2.0 namespace's guid page.
    assert podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert (
        podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/")
        == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert str(PODCAST_GUID_NAMESPACE) == "ead4c236-bf58-58c6-a2c6-a6b28d128cb6"
    assert uuid.UUID(podcast_guid(SAMPLE_RSS)).version == 5


# --- the bundled sample podcast, read by real clients -------------------------------


def test_sample_podcast_rss_carries_every_tag_apple_and_podcasting_2_require(
    sample: Path,
) -> None:
    data = (sample / "field-notes" / "rss.xml").read_bytes()
    parse_feed(data, name="field-notes/rss.xml", self_url=SAMPLE_RSS)
    channel = etree.fromstring(data).find("channel")
    assert channel is not None
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.find(f"{ITUNES}image").get("href").endswith("field-notes-artwork.png")
    category = channel.find(f"{ITUNES}category")
    assert category.get("text") == "News"
    assert category.find(f"{ITUNES}category").get("text") == "News Commentary"
    owner = channel.find(f"{ITUNES}owner")
    assert [child.tag for child in owner] == [f"{ITUNES}name", f"{ITUNES}email"]
    assert channel.findtext(f"{PODCAST}guid") == podcast_guid(SAMPLE_RSS)
    locked = channel.find(f"{PODCAST}locked")
    assert (locked.text, locked.get("owner")) == ("yes", "podcasts@news.example.com")
    items = channel.findall("item")
    assert len(items) == 3
    for item in items:
        enclosure = item.find("enclosure")
        name = enclosure.get("url").rsplit("/", 1)[1]
        size, seconds = EPISODES[name]
        assert enclosure.get("length") == str(size)
        assert enclosure.get("type") == "audio/mpeg"
        assert item.findtext(f"{ITUNES}duration") == str(seconds)


def test_podcast_apps_read_every_episode_with_duration_and_artwork(sample: Path) -> None:
    """gPodder's parser, as a podcast app reads the feed."""
    with (sample / "field-notes" / "rss.xml").open("rb") as stream:
        show = podcastparser.parse(SAMPLE_RSS, stream)
    assert show["cover_url"] == "https://news.example.com/images/field-notes-artwork.png"
    assert show["itunes_categories"] == [["News", "News Commentary"]]
    assert show["explicit"] is False
    assert show["type"] == "episodic"
    assert len(show["episodes"]) == 3
    for episode_ in show["episodes"]:
        (enclosure,) = episode_["enclosures"]
        name = enclosure["url"].rsplit("/", 1)[1]
        assert (enclosure["file_size"], episode_["total_time"]) == EPISODES[name]
        assert enclosure["mime_type"] == "audio/mpeg"
        assert episode_["guid"].startswith("tag:news.example.com,")
        assert episode_["season"] == 1
    numbers = sorted(episode_["number"] for episode_ in show["episodes"])
    assert numbers == [1, 2, 3]
    bonus = next(e for e in show["episodes"] if e["number"] == 3)
    assert bonus["type"] == "bonus"
    # podcastparser 0.6.11 reads no podcast:person or podcast:transcript; both are
    # checked in the XML by test_a_local_episode_gets_length_type_and_duration_from_the_file.


def test_feedparser_reads_episodes_in_every_format(sample: Path) -> None:
    rss = feedparser.parse((sample / "field-notes" / "rss.xml").read_bytes())
    assert rss.feed.image.href.endswith("field-notes-artwork.png")
    for entry in rss.entries:
        (enclosure,) = entry.enclosures
        size, seconds = EPISODES[enclosure.href.rsplit("/", 1)[1]]
        assert (int(enclosure.length), enclosure.type) == (size, "audio/mpeg")
        assert entry.itunes_duration == str(seconds)
    atom = feedparser.parse((sample / "field-notes" / "atom.xml").read_bytes())
    assert not atom.bozo
    for entry in atom.entries:
        (enclosure,) = entry.enclosures
        assert int(enclosure.length) == EPISODES[enclosure.href.rsplit("/", 1)[1]][0]
    document = json.loads((sample / "field-notes" / "feed.json").read_bytes())
    for item in document["items"]:
        (attachment,) = item["attachments"]
        size, seconds = EPISODES[attachment["url"].rsplit("/", 1)[1]]
        assert attachment == {
            "url": attachment["url"], "mime_type": "audio/mpeg",
            "size_in_bytes": size, "duration_in_seconds": seconds,
        }  # fmt: skip
    assert (
        validate_bytes(
            (sample / "field-notes" / "feed.json").read_bytes(), name="feed.json"
        ).problems
        == ()
    )


def test_feeds_that_are_no_podcast_carry_episodes_as_plain_enclosures(sample: Path) -> None:
    data = (sample / "all" / "rss.xml").read_bytes()
    parse_feed(data, name="all/rss.xml")
    root = etree.fromstring(data)
    assert not root.findall(f".//{ITUNES}duration"), "iTunes tags would make 'all' a podcast"
    urls = [e.get("url") for e in root.iterfind("channel/item/enclosure")]
    assert sum(url.endswith(".mp3") for url in urls) == 3


# --- episodes as sources ----------------------------------------------------------


def test_a_local_episode_gets_length_type_and_duration_from_the_file(site: Site) -> None:
    podcast_site(site)
    (site.content / "radio").mkdir()
    shutil.copy(
        REPO / "content" / "field-notes" / "the-grid-at-dawn.mp3",
        site.content / "radio" / "one.mp3",
    )
    episode(site, media="/radio/one.mp3", season=2, episode=5, episode_type="trailer", explicit=True,
            transcript="/radio/one.srt",
            people=[{"name": "Ana", "role": "host"}, "Ben"])  # fmt: skip
    site.build()
    data = site.feed("radio", "rss.xml")
    parse_feed(data, name="radio/rss.xml", self_url="https://site.example/feeds/radio/rss.xml")
    item = etree.fromstring(data).find("channel/item")
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "audio/mpeg"
    assert enclosure.get("length") == "12552"
    assert item.findtext(f"{ITUNES}duration") == "3"
    assert item.findtext(f"{ITUNES}season") == "2"
    assert item.findtext(f"{ITUNES}episodeType") == "trailer"
    assert item.findtext(f"{ITUNES}explicit") == "true"
    transcript = item.find(f"{PODCAST}transcript")
    assert transcript.attrib == {
        "url": "https://site.example/radio/one.srt",
        "type": "application/x-subrip",
        "rel": "captions",
    }
    people = item.findall(f"{PODCAST}person")
    assert [(p.text, p.get("role")) for p in people] == [("Ana", "host"), ("Ben", None)]


def test_media_elsewhere_is_published_as_the_front_matter_describes_it(site: Site) -> None:
    podcast_site(site)
    episode(site, media={"url": "https://cdn.example/one.m4a", "length": 1234567},
            duration="1:02:03")  # fmt: skip
    site.build()
    item = etree.fromstring(site.feed("radio", "rss.xml")).find("channel/item")
    assert item.find("enclosure").attrib == {
        "url": "https://cdn.example/one.m4a", "length": "1234567", "type": "audio/x-m4a",
    }  # fmt: skip
    assert item.findtext(f"{ITUNES}duration") == "3723"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"media": "https://cdn.example/one.mp3"}, "needs its size in bytes"),
        ({"media": "/radio/missing.wav"}, "not found"),
        (
            {"media": "/radio/notes.wav"},
            "content/radio/notes.wav: cannot be read as audio or video",
        ),
        ({"media": None, "season": 1}, "'season' is an episode's field"),
        ({"episode": 0}, "'episode' must be a whole number from 1"),
        ({"episode_type": "regular"}, "must be full, trailer or bonus"),
        ({"explicit": "yes"}, "'explicit' must be true or false"),
        ({"media": {"url": "https://cdn.example/x.mp3", "length": "big"}}, "must be bytes"),
    ],
)
def test_bad_episode_fields_are_one_line_errors_naming_the_file(
    site: Site, fields: dict[str, object], message: str
) -> None:
    podcast_site(site)
    (site.content / "radio").mkdir()
    (site.content / "radio" / "notes.wav").write_text("not audio")
    (site.content / "radio" / "one.wav").write_bytes(wav(1.0))
    episode(site, **fields)
    result = site.run("build")
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.output.splitlines() if "error" in line]
    assert line.startswith("content/radio/one.md") and message in line, line


def test_a_duration_given_for_a_local_file_is_ignored_with_a_warning(site: Site) -> None:
    podcast_site(site)
    (site.content / "radio").mkdir()
    (site.content / "radio" / "one.wav").write_bytes(wav(2.0))
    episode(site, duration=999)
    result = site.build()
    assert "source-media-field-ignored" in result.output or "is ignored" in result.output
    item = etree.fromstring(site.feed("radio", "rss.xml")).find("channel/item")
    assert item.findtext(f"{ITUNES}duration") == "2"


def test_a_replaced_media_file_is_noticed_by_the_next_cron_run(site: Site) -> None:
    podcast_site(site)
    (site.content / "radio").mkdir()
    media = site.content / "radio" / "one.wav"
    media.write_bytes(wav(2.0))
    episode(site)
    site.build()
    config = load_config(site.root / "publisher.toml")
    assert build(config).skipped  # nothing changed: the fast path
    media.write_bytes(wav(7.0))
    result = build(config)
    assert not result.skipped
    item = etree.fromstring(site.feed("radio", "rss.xml")).find("channel/item")
    assert item.findtext(f"{ITUNES}duration") == "7"
    assert item.find("enclosure").get("length") == str(media.stat().st_size)
    assert build(config).skipped
    # WAV is published as it is, and Apple's refusal of it is said, not hidden.
    report = validate_bytes(site.feed("radio", "rss.xml"), name="radio/rss.xml")
    assert [(p.rule, p.severity) for p in report.problems] == [
        ("podcast-enclosure-type", Severity.PLATFORM)
    ]


def test_a_replaced_image_is_noticed_by_the_next_cron_run(site: Site) -> None:
    site.article("news/a.md", {"title": "A", "id": "tag:site.example,2026:a",
                               "date": "2026-01-01T10:00:00Z", "image": "/pic.png"})  # fmt: skip
    (site.content / "pic.png").write_bytes(png(10, 10))
    site.build()
    config = load_config(site.root / "publisher.toml")
    assert build(config).skipped
    (site.content / "pic.png").write_bytes(png(300, 300))
    assert not build(config).skipped
    enclosure = etree.fromstring(site.feed("news", "rss.xml")).find("channel/item/enclosure")
    assert enclosure.get("length") == str((site.content / "pic.png").stat().st_size)


# --- show settings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('category = "News"\nowner = {name = "D", email = "d@site.example"}', "needs 'artwork'"),
        ('artwork = "/a.png"\ncategory = "Newz"', "not one of Apple's categories"),
        ('artwork = "/a.png"\ncategory = "News"\nsubcategory = "Golf"', "not one of Apple's under"),
        ('artwork = "/a.png"\ncategory = "News"', "needs an owner with an email"),
        ('artwork = "/a.png"\ncategory = "News"\ntype = "weekly"', "'episodic' or 'serial'"),
        ('artwork = "/a.png"\ncategory = "News"\nguid = "show-1"', "must be a UUID"),
        ('artwork = "/a.png"\ncategory = "News"\nexplicit = "no"', "must be true or false"),
        ('artwork = "/a.png"\ncategory = "News"\nartist = "x"', "unknown key"),
    ],
)
def test_show_settings_are_checked_when_the_config_is_read(
    tmp_path: Path, table: str, message: str
) -> None:
    path = tmp_path / "publisher.toml"
    path.write_text(
        'title = "T"\nbase_url = "https://site.example"\n[author]\nname = "Desk"\n'
        f"[categories.radio.podcast]\n{table}\n"
    )
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_a_pinned_guid_survives_a_move_of_the_feeds(site: Site) -> None:
    podcast_site(site, 'guid = "917393E3-1B1E-5CEF-ACE4-EDAA54E1F810"\n')
    (site.content / "radio").mkdir()
    (site.content / "radio" / "one.wav").write_bytes(wav(1.0))
    episode(site)
    site.build()
    channel = etree.fromstring(site.feed("radio", "rss.xml")).find("channel")
    assert channel.findtext(f"{PODCAST}guid") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_artwork_apple_would_refuse_is_a_platform_finding_of_the_build(site: Site) -> None:
    podcast_site(site)
    (site.content / "art.png").write_bytes(png(600, 200))
    (site.content / "radio").mkdir()
    (site.content / "radio" / "one.wav").write_bytes(wav(1.0))
    episode(site)
    result = site.build()
    assert "content/art.png: platform: artwork is 600x200 pixels" in result.output


def test_new_starts_an_episode_from_a_media_file(site: Site) -> None:
    podcast_site(site)
    (site.content / "radio").mkdir()
    (site.content / "radio" / "two.wav").write_bytes(wav(1.0))
    result = site.run("new", "Episode two", "-c", "Radio", "--episode", "content/radio/two.wav")
    assert result.exit_code == 0, result.output
    text = Path(result.output.strip()).read_text()
    assert "media: /radio/two.wav" in text and "draft: true" in text
    outside = site.root / "elsewhere.wav"
    outside.write_bytes(wav(1.0))
    result = site.run("new", "Three", "-c", "Radio", "--episode", str(outside))
    assert result.exit_code == 1 and "put the media file among the site's files" in result.output
    (site.root / "text.wav").write_text("hello")
    result = site.run("new", "Four", "-c", "Radio", "--episode", "text.wav")
    assert result.exit_code == 1 and "text.wav: cannot be read as audio or video" in result.output


# --- the platform rules -------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "rules"),
    [
        (png(1400, 1400), []),
        (jpeg(3000, 3000), []),
        (png(1400, 1000), ["podcast-artwork-size"]),
        (jpeg(1200, 1200), ["podcast-artwork-size"]),
        (png(3001, 3001), ["podcast-artwork-size"]),
        (b"GIF89a" + struct.pack("<HH", 1400, 1400), ["podcast-artwork-format"]),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", ["podcast-artwork-format"]),
    ],
)
def test_artwork_is_judged_by_its_bytes_when_they_can_be_read(
    image: bytes, rules: list[str]
) -> None:
    assert [rule for rule, _ in artwork_findings("https://x.example/a.png", image)] == rules


def test_validate_reads_artwork_only_when_asked(tmp_path: Path) -> None:
    feed = (REPO / "tests" / "validate" / "podcast" / "valid-podcasting20.xml").read_bytes()
    report = validate_bytes(feed, name="f", read_artwork=lambda url: png(500, 500))
    assert [p.rule for p in report.problems] == ["podcast-artwork-size"]
    assert report.platform and not report.errors
    assert report.problems[0].severity is Severity.PLATFORM
    assert validate_bytes(feed, name="f").problems == ()


def test_platform_findings_are_counted_apart_and_fail_validate_only_when_strict(
    site: Site,
) -> None:
    case = REPO / "tests" / "validate" / "podcast" / "no-category.xml"
    result = site.run("validate", str(case))
    # Valid by its specifications (the W3C passes it): not a failure unless asked.
    assert result.exit_code == 0
    assert site.run("validate", "--strict", str(case)).exit_code == 1
    assert ": platform podcast-missing-category " in result.output
    assert (
        result.output.splitlines()[-1] == "1 file checked: 0 errors, 0 warnings, 1 platform finding"
    )
    document = json.loads(site.run("validate", "--format", "json", str(case)).stdout)
    assert document["summary"]["platform"] == 1
    assert document["targets"][0]["valid"] is True
    assert document["targets"][0]["accepted_by_platforms"] is False


def test_a_building_podcast_stops_for_a_missing_media_file_and_publishes_nothing(
    site: Site,
) -> None:
    podcast_site(site)
    episode(site)
    with pytest.raises(ProblemsFound) as stopped:
        build(load_config(site.root / "publisher.toml"))
    (problem,) = [p for p in stopped.value.problems if p.is_error]
    assert problem.rule == "source-media-unreadable"
    assert not site.out.exists() or not any(site.out.rglob("rss.xml"))


class _Artwork(BaseHTTPRequestHandler):
    """A podcast feed whose artwork is on this server: too small, or gone."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        feed = (REPO / "tests" / "validate" / "podcast" / "valid-podcasting20.xml").read_bytes()
        bodies = {
            "/small.xml": (feed.replace(b"https://harbourtalk.example.org/artwork-3000.jpg",
                                        f"{base}/small.png".encode()), "application/rss+xml"),
            "/gone.xml": (feed.replace(b"https://harbourtalk.example.org/artwork-3000.jpg",
                                       f"{base}/gone.png".encode()), "application/rss+xml"),
            "/small.png": (png(600, 600), "image/png"),
        }  # fmt: skip
        if self.path not in bodies:
            self.send_error(404, "Not Found")
            return
        body, kind = bodies[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def artwork_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Artwork)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_images_reads_the_artwork_and_nothing_is_fetched_without_it(
    site: Site, artwork_server: str
) -> None:
    small = f"{artwork_server}/small.xml"
    quiet = site.run("validate", small)
    assert "podcast-artwork" not in quiet.output  # only the feed was fetched
    fetched = site.run("validate", "--fetch-images", small)
    assert fetched.exit_code == 0  # a platform finding fails only with --strict
    assert "platform podcast-artwork-size artwork is 600x600 pixels" in fetched.output
    gone = site.run("validate", "--fetch-images", f"{artwork_server}/gone.xml")
    assert "platform podcast-missing-artwork" in gone.output
    assert "cannot be fetched: HTTP 404" in gone.output
