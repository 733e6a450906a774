"""A local preview server for the output folder: feeds with the right media types.

Serves regular files under one folder only (no traversal, no symlink escape, no
hidden files, no directory listings), with strong ETags, Last-Modified and 304s.
"""

from __future__ import annotations

import hashlib
import mimetypes
import socket
import sys
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from publisher.errors import PublisherError

INDEX = "index.html"
# Exact file names first (the formats we write), then suffixes.
TYPES_BY_NAME = {
    "rss.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
    "feed.json": "application/feed+json; charset=utf-8",
}
TYPES_BY_SUFFIX = {
    ".opml": "text/x-opml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".xsl": "application/xslt+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def content_type(name: str) -> str:
    """The Content-Type to send for a file called ``name``."""
    if name in TYPES_BY_NAME:
        return TYPES_BY_NAME[name]
    suffix = Path(name).suffix.lower()
    if suffix in TYPES_BY_SUFFIX:
        return TYPES_BY_SUFFIX[suffix]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


class PreviewServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows its (resolved) folder."""

    daemon_threads = True  # a stuck client never keeps the process alive on Ctrl+C
    root: Path
    quiet: bool

    def __init__(self, address: tuple[str, int], root: Path, *, quiet: bool = False) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.root = root
        self.quiet = quiet
        super().__init__(address, PreviewHandler)


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD for files under the server's folder; anything else is refused."""

    server: PreviewServer
    server_version = "publisher-preview"
    timeout = 30  # seconds a silent client may hold a thread

    def do_GET(self) -> None:  # the name http.server dispatches to
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, *, body: bool) -> None:
        target = self._target()
        if isinstance(target, HTTPStatus):
            self.send_error(target)
            return
        if isinstance(target, str):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            data = target.read_bytes()
            mtime = target.stat().st_mtime
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        not_modified = self._not_modified(etag, mtime)
        self.send_response(HTTPStatus.NOT_MODIFIED if not_modified else HTTPStatus.OK)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        # A preview: readers should revalidate every time (cheap, thanks to the ETag).
        self.send_header("Cache-Control", "no-cache")
        if not not_modified:
            self.send_header("Content-Type", content_type(target.name))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body and not not_modified:
            self.wfile.write(data)

    def _target(self) -> Path | str | HTTPStatus:
        """The file to serve, a URL to redirect to, or the error status to send."""
        raw = urlsplit(self.path).path
        if not raw.startswith("/"):
            return HTTPStatus.BAD_REQUEST
        try:
            decoded = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return HTTPStatus.BAD_REQUEST
        parts = decoded.split("/")[1:]
        # Refuse rather than normalize: "..", "." and backslashes only appear in probes.
        if any(p in ("..", ".") or "\\" in p or "\x00" in p for p in parts):
            return HTTPStatus.BAD_REQUEST
        if any(p.startswith(".") for p in parts):
            return HTTPStatus.NOT_FOUND  # hidden: the build manifest, temp files
        root = self.server.root
        try:
            path = root.joinpath(*parts).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return HTTPStatus.NOT_FOUND
        # resolve() followed every symlink: what is left must still be inside the folder.
        if path != root and not path.is_relative_to(root):
            return HTTPStatus.NOT_FOUND
        if path.is_dir():
            if not raw.endswith("/"):
                return raw + "/" if (path / INDEX).is_file() else HTTPStatus.NOT_FOUND
            path = path / INDEX
            if not path.is_file():
                return HTTPStatus.NOT_FOUND
            path = path.resolve()
            if not path.is_relative_to(root):
                return HTTPStatus.NOT_FOUND
        return path if path.is_file() else HTTPStatus.NOT_FOUND

    def _not_modified(self, etag: str, mtime: float) -> bool:
        # RFC 9110: If-None-Match wins; If-Modified-Since only counts without it.
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = [t.strip().removeprefix("W/") for t in match.split(",")]
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        # HTTP dates have whole seconds; a file changed within the second is "modified".
        return int(mtime) <= when.timestamp()

    def version_string(self) -> str:
        """The Server header: no Python version to advertise."""
        return self.server_version

    def log_error(self, format: str, *args: Any) -> None:  # base class signature
        """Silent: the request's own log line already carries the status."""

    def log_message(self, format: str, *args: Any) -> None:  # base class signature
        """One line per request on stderr, unless the server is quiet."""
        if not self.server.quiet:
            stamp = datetime.now(UTC).strftime("%H:%M:%S")
            sys.stderr.write(f"{stamp} {self.address_string()} {format % args}\n")


def make_server(folder: Path, bind: str, port: int, *, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``folder`` listening on ``bind:port`` (port 0: any free port).

    Call ``serve_forever()`` on it, and ``shutdown()`` then ``server_close()`` to stop.
    """
    if not folder.is_dir():
        raise PublisherError("no such folder (run `publisher build` first)", path=str(folder))
    try:
        return PreviewServer((bind, port), folder.resolve(), quiet=quiet)
    except OSError as exc:
        raise PublisherError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from None
