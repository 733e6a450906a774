"""Object storage, stage by stage: the output URL and [storage] in the config, each
object's headers, the upload order, and a folder's build loading no cloud library."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.config import StorageConfig, load_config
from publisher.errors import ConfigError
from publisher.storage import shown
from publisher.storage.headers import headers_for, object_digest
from publisher.storage.remote import upload_stage
from publisher.storage.url import StoreURL, parse_store_url
from tests.conftest import REPO, SITE_TOML


def config_with(tmp_path: Path, text: str, **overrides: object) -> object:
    """A config from SITE_TOML and ``text`` (top-level keys, or tables)."""
    path = tmp_path / "publisher.toml"
    path.write_text(
        SITE_TOML + text if text.startswith("[") else text + SITE_TOML, encoding="utf-8"
    )
    return load_config(path, overrides=overrides, environ={})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://my-bucket/feeds", StoreURL("s3", "my-bucket", "feeds")),
        ("s3://my-bucket", StoreURL("s3", "my-bucket", "")),
        ("s3://my-bucket/", StoreURL("s3", "my-bucket", "")),
        ("s3://my-bucket//site/feeds/", StoreURL("s3", "my-bucket", "site/feeds")),
        ("gs://my-bucket/feeds", StoreURL("gs", "my-bucket", "feeds")),
        ("gcs://my-bucket/feeds", StoreURL("gs", "my-bucket", "feeds")),
        ("az://container/feeds", StoreURL("az", "container", "feeds")),
        ("abfs://container/feeds", StoreURL("az", "container", "feeds")),
    ],
)
def test_output_urls(url: str, expected: StoreURL) -> None:
    assert parse_store_url(url) == expected
    assert str(expected) == url.rstrip("/").replace("gcs:", "gs:").replace("abfs:", "az:").replace(
        "//site", "/site"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://bucket/feeds", "unsupported URL scheme 'http://'"),
        ("s3://AKIA:secret@bucket/feeds", "credentials never go in the URL"),
        ("s3://bucket/feeds?versionId=1", "takes no query or fragment"),
        ("s3://b/feeds", "'b' is not a bucket name"),
        ("s3://bucket/../feeds", "may not contain '.' or '..'"),
    ],
)
def test_bad_output_urls(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("?", r"\?").replace(".", r"\.")):
        parse_store_url(url)


def test_output_dir_takes_a_url_from_the_file_the_environment_or_the_command_line(
    tmp_path: Path,
) -> None:
    config = config_with(tmp_path, 'output_dir = "s3://site-bucket/feeds"\n')
    assert config.output_dir == StoreURL("s3", "site-bucket", "feeds")  # type: ignore[attr-defined]
    config = config_with(tmp_path, "", output_dir="gs://other-bucket/x")
    assert config.output_dir == StoreURL("gs", "other-bucket", "x")  # type: ignore[attr-defined]
    config_with(tmp_path, "")
    env = load_config(
        tmp_path / "publisher.toml", environ={"PUBLISHER_OUTPUT_DIR": "s3://env-bucket"}
    )
    assert env.output_dir == StoreURL("s3", "env-bucket", "")
    # A folder is still a folder, resolved against the config file.
    assert config_with(tmp_path, 'output_dir = "out"\n').output_dir == tmp_path / "out"  # type: ignore[attr-defined]
    assert shown(StoreURL("s3", "b-1", "feeds"), "all/rss.xml") == "s3://b-1/feeds/all/rss.xml"
    assert shown(tmp_path, "all/rss.xml") == str(tmp_path / "all" / "rss.xml")


def test_the_storage_table(tmp_path: Path) -> None:
    assert config_with(tmp_path, "").storage == StorageConfig()  # type: ignore[attr-defined]
    config = config_with(
        tmp_path,
        '[storage]\nendpoint_url = "https://acct.r2.cloudflarestorage.com"\nregion = "auto"\n'
        'cache_control = "public, max-age=60"\nlock_expiry = 1200\n',
    )
    assert config.storage == StorageConfig(  # type: ignore[attr-defined]
        "https://acct.r2.cloudflarestorage.com", "auto", "public, max-age=60", 1200
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'secret_access_key = "x"',
            "'storage.secret_access_key': credentials never go in publisher.toml",
        ),
        (
            'aws_access_key_id = "x"',
            "'storage.aws_access_key_id': credentials never go in publisher.toml",
        ),
        ('account_key = "x"', "credentials never go in publisher.toml"),
        ('sas_token = "x"', "credentials never go in publisher.toml"),
        ('bucket = "x"', "unknown key 'storage.bucket'"),
        ("lock_expiry = 10", "'storage.lock_expiry' must be at least 60"),
        ('lock_expiry = "600"', "'storage.lock_expiry' must be an integer"),
        (
            'endpoint_url = "localhost:9000"',
            "'storage.endpoint_url' must be an absolute http(s) URL",
        ),
        ('cache_control = "a\\nb"', "'storage.cache_control' must be one line"),
    ],
)
def test_bad_storage_tables_name_the_key(tmp_path: Path, table: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        config_with(tmp_path, f"[storage]\n{table}\n")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("rel", "content_type", "encoding"),
    [
        ("all/rss.xml", "application/rss+xml; charset=utf-8", ""),
        ("tags/japan/atom.xml", "application/atom+xml; charset=utf-8", ""),
        ("world/feed.json", "application/feed+json; charset=utf-8", ""),
        ("world/archive/3.xml", "application/atom+xml; charset=utf-8", ""),
        ("index.html", "text/html; charset=utf-8", ""),
        ("index.opml", "text/x-opml; charset=utf-8", ""),
        ("feed.xsl", "application/xslt+xml; charset=utf-8", ""),
        (".publisher-manifest.json", "application/json; charset=utf-8", ""),
        ("all/rss.xml.gz", "application/rss+xml; charset=utf-8", "gzip"),
        ("all/feed.json.br", "application/feed+json; charset=utf-8", "br"),
        ("images/x.bin", "application/octet-stream", ""),
    ],
)
def test_each_object_has_its_formats_type_with_charset(
    rel: str, content_type: str, encoding: str
) -> None:
    headers = headers_for(rel, "max-age=60")
    assert (headers.content_type, headers.cache_control, headers.content_encoding) == (
        content_type, "max-age=60", encoding,
    )  # fmt: skip


def test_the_digest_covers_bytes_and_headers() -> None:
    plain = object_digest(b"x", headers_for("all/rss.xml", "max-age=60"))
    assert plain == object_digest(b"x", headers_for("all/rss.xml", "max-age=60"))
    assert plain != object_digest(b"y", headers_for("all/rss.xml", "max-age=60"))
    assert plain != object_digest(b"x", headers_for("all/rss.xml", "no-cache"))
    assert plain != object_digest(b"x", headers_for("all/atom.xml", "max-age=60"))


def test_upload_order_pages_then_feeds_then_site_files_then_the_manifest() -> None:
    rels = [
        ".publisher-manifest.json", "index.html", "feed.xsl", "index.opml", "all/rss.xml",
        "all/rss.xml.gz", "tags/x/feed.json", "all/archive/1.xml", "world/atom.xml",
        "all/archive/2.xml.gz", "world/12345/episode.mp3",
    ]  # fmt: skip
    ordered = sorted(rels, key=lambda rel: (upload_stage(rel), rel))
    assert ordered == [
        "all/archive/2.xml.gz", "all/archive/1.xml", "world/12345/episode.mp3",
        "all/rss.xml.gz", "all/rss.xml", "tags/x/feed.json", "world/atom.xml",
        "feed.xsl", "index.html", "index.opml", ".publisher-manifest.json",
    ]  # fmt: skip


def test_a_folders_build_loads_no_cloud_library(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copy(REPO / "publisher.toml", tmp_path / "publisher.toml")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from publisher.build import build\n"
        "from publisher.config import load_config\n"
        "assert build(load_config(Path('publisher.toml'))).written\n"
        "loaded = [m for m in ('s3fs', 'botocore', 'fsspec', 'publisher.storage.remote')"
        " if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path)
