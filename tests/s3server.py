"""A real S3-compatible server for the object storage tests: moto's, on 127.0.0.1.

moto's standalone server (``python -m moto.server``) runs in a subprocess, so the build
under test talks HTTP to it exactly as it would to S3 (signed requests, conditional
writes, bucket policies, IAM when enforced). Its request log (werkzeug's, one line per
request) is what the tests count requests with.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any

import botocore.session

REGION = "us-east-1"
KEY_ID, SECRET = "testing-key", "testing-secret"
_REQUEST = re.compile(r'"(GET|PUT|POST|DELETE|HEAD) (\S+) HTTP/1\.[01]" (\d{3})')
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class S3Server:
    endpoint: str
    log: Path
    process: subprocess.Popen[bytes]

    def client(self, key_id: str = KEY_ID, secret: str = SECRET) -> Any:
        return botocore.session.get_session().create_client(
            "s3", endpoint_url=self.endpoint, region_name=REGION,
            aws_access_key_id=key_id, aws_secret_access_key=secret,
        )  # fmt: skip

    def public_bucket(self, name: str) -> str:
        """A new bucket anyone may read (as a site's bucket behind a CDN), named ``name``."""
        s3 = self.client()
        s3.create_bucket(Bucket=name)
        policy = {
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{name}/*",
            }],
        }  # fmt: skip
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
        return name

    def mark(self) -> int:
        """Where the request log stands now (after the requests made so far are logged)."""
        return len(self._settled_lines())

    def requests(self, since: int = 0, *, settled: bool = True) -> list[tuple[str, str, int]]:
        """(method, path, status) of each request logged after ``since`` (without
        ``settled``: as logged so far, while requests are still being made)."""
        lines = self._settled_lines() if settled else self._lines()
        found = []
        for line in lines[since:]:
            match = _REQUEST.search(_ANSI.sub("", line))
            if match:
                found.append((match.group(1), match.group(2), int(match.group(3))))
        return found

    def _settled_lines(self) -> list[str]:
        # A request is logged just after its response is sent: wait until the log is still.
        previous, deadline = -1, time.monotonic() + 5
        while True:
            lines = self._lines()
            if len(lines) == previous or time.monotonic() > deadline:
                return lines
            previous = len(lines)
            time.sleep(0.15)

    def _lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8", errors="replace").splitlines()

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object of ``bucket`` by key, read back."""
        s3 = self.client()
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
        return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}

    def fetch(self, path: str) -> tuple[bytes, Message]:
        """An anonymous GET, as a feed reader makes it: (body, headers by any case)."""
        with urllib.request.urlopen(f"{self.endpoint}/{path}", timeout=10) as response:
            return response.read(), response.headers


def aws_environment(server: S3Server, home: Path) -> dict[str, str]:
    """The standard AWS variables pointing at ``server`` (credentials and endpoint come
    from the environment, as on a real host); no config file of this machine is read."""
    return {
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ENDPOINT_URL_S3": server.endpoint,
        "AWS_CONFIG_FILE": str(home / "aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }


@contextlib.contextmanager
def running_server(folder: Path, *, enforce_auth_after: int | None = None) -> Iterator[S3Server]:
    """moto's S3 server on a free port of 127.0.0.1, stopped on the way out.

    ``enforce_auth_after``: IAM is enforced once that many requests were served (moto's
    INITIAL_NO_AUTH_ACTION_COUNT), so a test can set up users and policies first.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = folder / f"moto-{port}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if enforce_auth_after is not None:
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = str(enforce_auth_after)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=sink, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    server = S3Server(f"http://127.0.0.1:{port}", log, process)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto server did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
