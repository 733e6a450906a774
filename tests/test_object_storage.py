"""Publishing to object storage (issue 29), against a real S3-compatible server.

moto's S3 server runs on 127.0.0.1 (``tests/s3server.py``); builds reach it through the
standard AWS environment variables, as on a real host. What a reader sees is checked by
fetching objects anonymously over HTTP, as a feed reader (or a CDN) does, and by
``publisher validate URL``; what the build sent is checked in the server's request log.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.config import StorageConfig
from publisher.errors import LockHeld
from publisher.storage.lock import LOCK_NAME, Holder, LockLost, RemoteLock
from publisher.storage.objects import open_store
from publisher.storage.remote import EventLoop
from publisher.storage.url import StoreURL
from publisher.validate import validate_bytes
from tests.s3server import KEY_ID, SECRET, S3Server, aws_environment, running_server

REPO = Path(__file__).resolve().parent.parent
PREFIX = "feeds"
_names = count()


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with running_server(tmp_path_factory.mktemp("moto")) as server:
        yield server


@pytest.fixture
def bucket(s3: S3Server) -> str:
    return s3.public_bucket(f"site-{os.getpid()}-{next(_names)}")


@pytest.fixture
def aws(s3: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The AWS variables for builds in this process, and for subprocesses."""
    env = aws_environment(s3, tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return {**os.environ, **env}


def sample_site(folder: Path, feeds_url: str, *, extra: str = "") -> Path:
    """The repository's sample site, its feeds served from ``feeds_url``."""
    shutil.copytree(REPO / "content", folder / "content")
    config = (REPO / "publisher.toml").read_text(encoding="utf-8")
    (folder / "publisher.toml").write_text(
        f'feeds_url = "{feeds_url}"\n{extra}{config}', encoding="utf-8"
    )
    return folder


def generated_site(folder: Path, feeds_url: str, articles: int, categories: int) -> Path:
    """bench/corpus.py's site, with archive pages of 3 items: many small objects."""
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "corpus.py"), str(folder),
         "--articles", str(articles), "--categories", str(categories)],
        check=True,
    )  # fmt: skip
    config = folder / "publisher.toml"
    text = config.read_text(encoding="utf-8").replace("items_per_feed = 50", "items_per_feed = 3")
    config.write_text(f'feeds_url = "{feeds_url}"\narchive = true\n{text}', encoding="utf-8")
    return folder


def build(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", "--config", str(site / "publisher.toml"), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def folder_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def published(s3: S3Server, bucket: str) -> dict[str, bytes]:
    """The published files in the bucket (not the lock)."""
    return {
        key.removeprefix(f"{PREFIX}/"): data
        for key, data in s3.objects(bucket).items()
        if key.startswith(f"{PREFIX}/") and key != f"{PREFIX}/{LOCK_NAME}"
    }


def puts(requests: list[tuple[str, str, int]], bucket: str) -> list[str]:
    """The published files uploaded (PUT), in order, leaving out the lock."""
    head = f"/{bucket}/{PREFIX}/"
    return [
        path.removeprefix(head) for method, path, _ in requests
        if method == "PUT" and path.startswith(head) and not path.endswith(LOCK_NAME)
    ]  # fmt: skip


EXPECTED_TYPES = {
    "all/rss.xml": "application/rss+xml; charset=utf-8",
    "all/atom.xml": "application/atom+xml; charset=utf-8",
    "all/feed.json": "application/feed+json; charset=utf-8",
    "tags/climate/rss.xml": "application/rss+xml; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
    "index.opml": "text/x-opml; charset=utf-8",
    "feed.css": "text/css; charset=utf-8",
    ".publisher-manifest.json": "application/json; charset=utf-8",
}


def test_a_cold_upload_publishes_a_folder_builds_bytes_with_each_formats_headers(
    s3: S3Server, bucket: str, aws: dict[str, str], tmp_path: Path
) -> None:
    feeds_url = f"{s3.endpoint}/{bucket}/{PREFIX}"
    site = sample_site(tmp_path / "site", feeds_url)
    assert build(site, "--out", str(tmp_path / "folder"), "--cache-dir", str(tmp_path / "c1")) == (
        0,
        "",
    )
    assert build(site, "--out", f"s3://{bucket}/{PREFIX}") == (0, "")

    local = folder_files(tmp_path / "folder")
    assert published(s3, bucket) == local  # every file, byte for byte, and nothing else
    assert set(s3.objects(bucket)) == {f"{PREFIX}/{rel}" for rel in local}  # lock released
    for rel, media in EXPECTED_TYPES.items():
        body, headers = s3.fetch(f"{bucket}/{PREFIX}/{rel}")
        assert body == local[rel]
        assert headers["Content-Type"] == media, rel
        assert headers["Cache-Control"] == "public, max-age=300", rel
        assert "Content-Encoding" not in headers, rel
    # What a reader's fetch sees passes the validator: types, charset, self links.
    urls = [
        f"{feeds_url}/{rel}"
        for rel in sorted(local)
        if rel.endswith(("rss.xml", "atom.xml", "feed.json"))
    ]
    result = CliRunner().invoke(cli, ["validate", *urls])
    assert result.exit_code == 0, result.output
    # A bucket serves each object as stored: it never negotiates Accept-Encoding (the CDN
    # in front compresses), so each feed fetched from it directly is sent uncompressed,
    # and that is the only thing the delivery checks find.
    found = [line for line in result.output.splitlines() if ": warning " in line]
    assert len(found) == len(urls), result.output
    assert all(" warning http-not-compressed " in line for line in found), result.output
    summary = f"{len(urls)} files checked: 0 errors, {len(urls)} warnings"
    assert result.output.splitlines()[-1] == summary
    assert "application/rss+xml; charset=utf-8" in result.output


def test_a_no_op_build_lists_once_and_an_edit_uploads_only_its_feeds(
    s3: S3Server, bucket: str, aws: dict[str, str], tmp_path: Path
) -> None:
    site = sample_site(tmp_path / "site", f"{s3.endpoint}/{bucket}/{PREFIX}")
    out = f"s3://{bucket}/{PREFIX}"
    assert build(site, "--out", out) == (0, "")
    files = len(published(s3, bucket))

    mark = s3.mark()
    assert build(site, "--out", out) == (0, "")  # the cron run: the fast path
    assert [(m, p.split("?")[0]) for m, p, _ in s3.requests(mark)] == [("GET", f"/{bucket}")]

    mark = s3.mark()
    code, output = build(site, "--out", out, "-v")  # a full build that finds nothing to do
    assert code == 0 and "wrote" not in output and f"{files} file(s) unchanged" in output, output
    assert puts(s3.requests(mark), bucket) == []

    article = site / "content" / "science" / "deep-sea-sediment-cores.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8"
    )
    mark = s3.mark()
    code, output = build(site, "--out", out, "-v")
    changed = {
        f"{feed}/{name}" for feed in ("all", "science", "tags/climate")
        for name in ("rss.xml", "atom.xml", "feed.json")
    }  # fmt: skip
    assert code == 0
    assert {
        line.split(f"{out}/")[1] for line in output.splitlines() if line.startswith("wrote ")
    } == changed
    uploaded = puts(s3.requests(mark), bucket)
    assert sorted(uploaded) == sorted(changed)
    # The objects are the edited feeds: the new paragraph is in what readers fetch.
    assert b"One more paragraph." in s3.fetch(f"{bucket}/{PREFIX}/science/atom.xml")[0]


def test_objects_go_up_in_an_order_readers_never_notice(
    s3: S3Server, bucket: str, aws: dict[str, str], tmp_path: Path
) -> None:
    site = sample_site(
        tmp_path / "site", f"{s3.endpoint}/{bucket}/{PREFIX}", extra="archive = true\n"
    )
    config = site / "publisher.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("items_per_feed = 50", "items_per_feed = 2"),
        encoding="utf-8",
    )
    out = f"s3://{bucket}/{PREFIX}"
    mark = s3.mark()
    assert build(site, "--out", out) == (0, "")
    order = puts(s3.requests(mark), bucket)

    def rank(rel: str) -> int:
        if "/archive/" in rel:
            return 0
        if rel.endswith(("rss.xml", "atom.xml", "feed.json")):
            return 1
        return 3 if rel.startswith(".") else 2

    assert any("/archive/" in rel for rel in order)
    assert [rank(rel) for rel in order] == sorted(rank(rel) for rel in order)

    # Retiring a category: its files are deleted after every upload, before the manifest.
    config.write_text(
        f'retired_categories = ["Culture"]\n{config.read_text(encoding="utf-8")}', encoding="utf-8"
    )
    mark = s3.mark()
    assert build(site, "--out", out) == (0, "")
    requests = [(m, p) for m, p, _ in s3.requests(mark) if not p.endswith(LOCK_NAME)]
    deletes = [i for i, (m, p) in enumerate(requests) if m == "DELETE"]
    uploads = [i for i, (m, p) in enumerate(requests) if m == "PUT"]
    manifest = [
        i
        for i, (m, p) in enumerate(requests)
        if m == "PUT" and p.endswith(".publisher-manifest.json")
    ]
    assert (
        deletes
        and manifest
        and all(p.split("/")[3] == "culture" for m, p in requests if m == "DELETE")
    )
    assert max(i for i in uploads if i not in manifest) < min(deletes) <= max(deletes) < manifest[0]
    assert not any(key.startswith(f"{PREFIX}/culture/") for key in s3.objects(bucket))


def test_a_pre_compressed_sibling_is_stored_gzip_encoded_with_its_originals_type(
    s3: S3Server, bucket: str, aws: dict[str, str], tmp_path: Path
) -> None:
    """The hook for pre-compressed variants (``rss.xml.gz``): Content-Encoding from the
    suffix, Content-Type of the original, uploaded just before it."""
    import gzip

    from publisher.storage.remote import RemoteOutput

    body = b"<?xml version='1.0' encoding='UTF-8'?><rss version=\"2.0\"><channel/></rss>"
    output = RemoteOutput(StoreURL("s3", bucket, PREFIX), StorageConfig(), tmp_path)
    mark = s3.mark()
    try:
        files = {"all/rss.xml": body, "all/rss.xml.gz": gzip.compress(body, mtime=0)}
        assert output.publish(files).written == ("all/rss.xml", "all/rss.xml.gz")
        assert output.publish(files).written == ()
    finally:
        output.close()
    assert puts(s3.requests(mark), bucket) == ["all/rss.xml.gz", "all/rss.xml"]
    head = s3.client().head_object(Bucket=bucket, Key=f"{PREFIX}/all/rss.xml.gz")
    assert head["ContentType"] == "application/rss+xml; charset=utf-8"
    assert head["ContentEncoding"] == "gzip"


def test_a_changed_cache_control_uploads_every_object_again(
    s3: S3Server, bucket: str, aws: dict[str, str], tmp_path: Path
) -> None:
    site = sample_site(tmp_path / "site", f"{s3.endpoint}/{bucket}/{PREFIX}")
    out = f"s3://{bucket}/{PREFIX}"
    assert build(site, "--out", out) == (0, "")
    config = site / "publisher.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[storage]\ncache_control = "no-cache"\n',
        encoding="utf-8",
    )
    mark = s3.mark()
    assert build(site, "--out", out) == (0, "")
    assert len(puts(s3.requests(mark), bucket)) == len(published(s3, bucket))
    assert s3.fetch(f"{bucket}/{PREFIX}/all/rss.xml")[1]["Cache-Control"] == "no-cache"


def test_a_build_on_another_host_uploads_nothing_the_first_one_published(
    s3: S3Server, bucket: str, aws: dict[str, str], tmp_path: Path
) -> None:
    """A second host (its own cache) finds the objects' digests in their metadata."""
    site = sample_site(tmp_path / "site", f"{s3.endpoint}/{bucket}/{PREFIX}")
    out = f"s3://{bucket}/{PREFIX}"
    assert build(site, "--out", out, "--cache-dir", str(tmp_path / "host-a")) == (0, "")
    mark = s3.mark()
    assert build(site, "--out", out, "--cache-dir", str(tmp_path / "host-b")) == (0, "")
    requests = s3.requests(mark)
    assert puts(requests, bucket) == []
    assert sum(1 for m, *_ in requests if m == "HEAD") == len(published(s3, bucket))


def test_bad_output_urls_are_one_line_errors(tmp_path: Path) -> None:
    site = sample_site(tmp_path / "site", "https://news.example.com/feeds")
    for url, message in [
        ("ftp://bucket/feeds", "unsupported URL scheme 'ftp://' (use s3://, gs:// or az://)"),
        ("s3://key:secret@bucket/feeds", "credentials never go in the URL"),
        ("s3://B/feeds", "'B' is not a bucket name"),
    ]:
        code, output = build(site, "--out", url)
        assert code == 1 and output.count("\n") == 1 and message in output, output


def test_refused_writes_exit_4_with_one_line_and_a_refused_feed_leaves_pages_whole(
    tmp_path: Path,
) -> None:
    """IAM enforced once the setup's requests are served: a key that may only read (the
    bucket refuses every write), and one that may write the lock and archive pages but
    not feeds (an upload fails midway), until the bucket's owner grants it the rest."""
    bucket, setup = "refusing-site", 10
    with running_server(tmp_path, enforce_auth_after=setup) as server:
        server.client().create_bucket(Bucket=bucket)  # 1
        iam = admin_iam(server)
        keys = {}
        for name, policy in [  # 3 requests each
            ("admin", allow(["s3:*", "iam:*"], "*")),
            ("reader", allow(["s3:Get*", "s3:List*"], "*")),
            ("pages", pages_only(bucket)),
        ]:
            iam.create_user(UserName=name)
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
            keys[name] = iam.create_access_key(UserName=name)["AccessKey"]

        def env(name: str) -> dict[str, str]:
            key = keys[name]
            return {
                **aws_environment(server, tmp_path), "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
                "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
            }  # fmt: skip

        site = sample_site(
            tmp_path / "site", "https://news.example.com/feeds", extra="archive = true\n"
        )
        config = site / "publisher.toml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("items_per_feed = 50", "items_per_feed = 2"),
            encoding="utf-8",
        )
        out = f"s3://{bucket}/{PREFIX}"
        done = run_build(site, env("reader"), "--out", out)
        assert (done.returncode, done.stdout) == (4, "")
        assert done.stderr == (
            f"error: {out}/.publisher-lock: cannot write: Access Denied (AccessDenied)\n"
        )

        done = run_build(site, env("pages"), "--out", out)
        assert (done.returncode, done.stdout) == (4, "")
        assert re.fullmatch(
            rf"error: {out}/[a-z0-9/-]+/(rss\.xml|atom\.xml|feed\.json): cannot upload: Access Denied "
            r"\(AccessDenied\); \d+ of \d+ object\(s\) or more were uploaded before it, each "
            r"whole: the next build uploads the rest\n",
            done.stderr,
        ), done.stderr
        admin = server.client(keys["admin"]["AccessKeyId"], keys["admin"]["SecretAccessKey"])
        listed = admin.list_objects_v2(Bucket=bucket)["Contents"]
        pages = {o["Key"] for o in listed}
        assert pages and all("/archive/" in key for key in pages)  # no feed, lock released

        iam_admin = admin_iam(server, keys["admin"])
        iam_admin.put_user_policy(
            UserName="pages", PolicyName="p", PolicyDocument=json.dumps(allow(["s3:*"], "*"))
        )
        done = run_build(site, env("pages"), "--out", out, "-v")
        assert done.returncode == 0, done.stderr
        written = {
            line.split(f"{out}/")[1]
            for line in done.stdout.splitlines()
            if line.startswith("wrote ")
        }
        assert written and not written & {key.removeprefix(f"{PREFIX}/") for key in pages}
        everything = {o["Key"] for o in admin.list_objects_v2(Bucket=bucket)["Contents"]}
        assert everything == pages | {f"{PREFIX}/{rel}" for rel in written}


def allow(actions: list[str], resource: str | list[str]) -> dict[str, object]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}],
    }


def pages_only(bucket: str) -> dict[str, object]:
    """Read anything; write (and delete) the lock and archive pages, nothing else."""
    policy = allow(["s3:Get*", "s3:List*"], "*")
    writable = [
        f"arn:aws:s3:::{bucket}/{PREFIX}/{LOCK_NAME}",
        f"arn:aws:s3:::{bucket}/{PREFIX}/*/archive/*",
    ]
    policy["Statement"].append(  # type: ignore[attr-defined]
        {"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": writable}
    )
    return policy


def test_a_missing_bucket_exits_4_with_one_line(
    s3: S3Server, aws: dict[str, str], tmp_path: Path
) -> None:
    site = sample_site(tmp_path / "site", "https://news.example.com/feeds")
    assert build(site, "--out", "s3://no-such-bucket/feeds") == (
        4,
        "error: s3://no-such-bucket/feeds/.publisher-lock: cannot write: "
        "The specified bucket does not exist (NoSuchBucket)\n",
    )


def admin_iam(server: S3Server, key: dict[str, str] | None = None) -> Any:
    """An IAM client of ``server``: the setup's (before IAM is enforced), or ``key``'s."""
    import botocore.session

    key_id, secret = (key["AccessKeyId"], key["SecretAccessKey"]) if key else (KEY_ID, SECRET)
    return botocore.session.get_session().create_client(
        "iam", endpoint_url=server.endpoint, region_name="us-east-1",
        aws_access_key_id=key_id, aws_secret_access_key=secret,
    )  # fmt: skip


def run_build(site: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", "build", "--config", str(site / "publisher.toml"), *args],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def start_build(site: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "publisher", "build", "--config", str(site / "publisher.toml"), *args],
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_for(condition: object, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.slow
def test_a_build_killed_mid_upload_leaves_every_object_whole_and_the_next_finishes(
    s3: S3Server, bucket: str, aws: dict[str, str], tmp_path: Path
) -> None:
    site = generated_site(tmp_path / "site", f"{s3.endpoint}/{bucket}/{PREFIX}", 300, 2)
    out = f"s3://{bucket}/{PREFIX}"
    mark = s3.mark()
    victim = start_build(site, aws, "--out", out)
    wait_for(lambda: len(puts(s3.requests(mark, settled=False), bucket)) >= 20)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    before = published(s3, bucket)
    assert len(before) >= 20
    for rel, data in before.items():  # each object whole: a valid feed document
        assert not [p for p in validate_bytes(data, name=rel).problems if p.is_error], rel
        assert data.rstrip().endswith(b"</feed>"), rel
    # Archive pages go first: no feed links a page that is not there.
    assert all("/archive/" in rel for rel in before)

    # The killed build's lock stays until it expires: the next build says so, exit 3.
    done = run_build(site, aws, "--out", out)
    assert done.returncode == 3 and done.stderr.count("\n") == 1
    assert f"another build is publishing to {out} (host " in done.stderr
    # Its expiry passes (written into the lock as if its 15 minutes were over).
    s3_client = s3.client()
    key = f"{PREFIX}/{LOCK_NAME}"
    holder = Holder.from_bytes(s3_client.get_object(Bucket=bucket, Key=key)["Body"].read())
    assert holder is not None and holder.pid == victim.pid
    stale = Holder(holder.host, holder.pid, holder.token, datetime.now(UTC) - timedelta(seconds=1))
    s3_client.put_object(Bucket=bucket, Key=key, Body=stale.to_bytes())

    mark = s3.mark()
    done = run_build(site, aws, "--out", out)
    assert done.returncode == 0, done.stderr
    reuploaded = set(puts(s3.requests(mark), bucket)) & set(before)
    assert not reuploaded  # what the killed build uploaded is whole, and kept
    after = published(s3, bucket)
    listed = json.loads(after[".publisher-manifest.json"])["files"]
    assert sorted(after) == sorted([*listed, ".publisher-manifest.json"])  # complete
    assert len(before) < len(after) - 50  # killed well before the end (about 200 objects)
    for rel, data in after.items():
        if rel.endswith(("rss.xml", "atom.xml", "feed.json")) or "/archive/" in rel:
            assert not [p for p in validate_bytes(data, name=rel).problems if p.is_error], rel
    assert f"{PREFIX}/{LOCK_NAME}" not in s3.objects(bucket)  # released


@pytest.mark.slow
def test_two_hosts_at_once_one_publishes_the_other_exits_3(
    s3: S3Server, bucket: str, aws: dict[str, str], tmp_path: Path
) -> None:
    site = generated_site(tmp_path / "site", f"{s3.endpoint}/{bucket}/{PREFIX}", 300, 2)
    out = f"s3://{bucket}/{PREFIX}"
    first = start_build(site, aws, "--out", out, "--cache-dir", str(tmp_path / "host-a"))
    client = s3.client()

    def locked() -> bool:
        listed = client.list_objects_v2(Bucket=bucket, Prefix=f"{PREFIX}/{LOCK_NAME}")
        return bool(listed.get("KeyCount"))

    wait_for(locked)
    second = run_build(site, aws, "--out", out, "--cache-dir", str(tmp_path / "host-b"))
    assert second.returncode == 3, second.stderr
    assert second.stderr.count("\n") == 1 and second.stderr.startswith(
        f"error: another build is publishing to {out} (host "
    )
    assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
    # The second host's next run publishes nothing new: the first one did it all.
    mark = s3.mark()
    again = run_build(site, aws, "--out", out, "--cache-dir", str(tmp_path / "host-b"))
    assert again.returncode == 0, again.stderr
    assert puts(s3.requests(mark), bucket) == []


def test_the_lock_object_keeps_one_holder_expires_and_is_taken_over_once(
    s3: S3Server, bucket: str, aws: dict[str, str]
) -> None:
    """The lock on the server's real conditional writes, with a clock the test moves."""
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    loop = EventLoop()
    url = StoreURL("s3", bucket, PREFIX)
    store = loop.run(open_store(url, StorageConfig()))
    try:

        def lock() -> RemoteLock:
            return RemoteLock(store, loop.run, expiry=600, clock=lambda: now[0])

        first, second, third = lock(), lock(), lock()
        first.acquire()
        with pytest.raises(
            LockHeld, match=r"another build is publishing to s3://.* expires 2026-01-01 00:10:00Z"
        ):
            second.acquire()
        now[0] += timedelta(seconds=300)
        first.ensure()  # renewed: now good until 00:15
        now[0] += timedelta(seconds=400)
        with pytest.raises(LockHeld):
            second.acquire()
        now[0] += timedelta(seconds=300)  # 00:16: expired without a renewal
        second.acquire()  # taken over
        with pytest.raises(LockHeld):
            third.acquire()
        with pytest.raises(LockLost, match="lost the lock"):
            first.ensure()
        first.release()  # not its lock any more: left alone
        assert Holder.from_bytes(loop.run(store.get(LOCK_NAME))[0]).token == second._token  # type: ignore[index,union-attr]
        second.release()
        assert loop.run(store.get(LOCK_NAME)) is None
        third.acquire()
        third.release()
    finally:
        loop.run(store.close())
        loop.close()
