"""A local preview: a server for an output folder, and what keeps a preview build fresh.

The server sends regular files under one folder only (no traversal, no symlink escape,
no hidden files), with their feed media types, strong ETags, Last-Modified and 304s.
A feed folder (``/all/``, ``/<category>/``) without an ``index.html`` gets a generated
page linking its feeds; other folders get no listing.

``preview_config`` points a build at a temporary folder with every feed URL at the
server itself; ``Poller`` watches the sources and the config by their stats (no
dependency, no inotify) and calls back when something changed, so the caller rebuilds.
"""

from __future__ import annotations

import hashlib
import html
import mimetypes
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from publisher.compression import ENCODINGS, Encoding, sibling_encoding
from publisher.config import Config, config_file, load_config
from publisher.errors import PublisherError
from publisher.formats import FEED_FORMATS, INDEX_NAME, media_types_by_name

if TYPE_CHECKING:
    from publisher.build import BuildResult

INDEX = INDEX_NAME
# Exact file names first (the formats we write), then suffixes.
TYPES_BY_NAME = {name: f"{media}; charset=utf-8" for name, media in media_types_by_name().items()}
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
    """The Content-Type to send for a file called ``name`` (a compressed sibling asked
    for by its own name is the compressed file it is)."""
    if sibling_encoding(name) is not None:
        return "application/gzip" if name.endswith(".gz") else "application/octet-stream"
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
        encoding: Encoding | None = None
        try:
            if isinstance(target, _FolderIndex):
                data, mtime, name = target.page(), target.folder.stat().st_mtime, INDEX
            else:
                name = target.name
                encoding, target = self._precompressed(target)
                data, mtime = target.read_bytes(), target.stat().st_mtime
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        # Each representation its own strong tag: the bytes sent are what it names.
        etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        not_modified = self._not_modified(etag, mtime)
        self.send_response(HTTPStatus.NOT_MODIFIED if not_modified else HTTPStatus.OK)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        # A preview: readers should revalidate every time (cheap, thanks to the ETag).
        self.send_header("Cache-Control", "no-cache")
        if not isinstance(target, _FolderIndex) and _has_siblings(target, name):
            self.send_header("Vary", "Accept-Encoding")
        if not not_modified:
            self.send_header("Content-Type", content_type(name))
            if encoding is not None:
                self.send_header("Content-Encoding", encoding.name)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body and not not_modified:
            self.wfile.write(data)

    def _target(self) -> Path | _FolderIndex | str | HTTPStatus:
        """The file (or feed folder's index) to serve, a URL to redirect to, or the error
        status to send."""
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
            generated = None if (path / INDEX).is_file() else _FolderIndex.of(path, decoded)
            if not raw.endswith("/"):
                has_index = generated is not None or (path / INDEX).is_file()
                return raw + "/" if has_index else HTTPStatus.NOT_FOUND
            if generated is not None:
                return generated
            path = path / INDEX
            if not path.is_file():
                return HTTPStatus.NOT_FOUND
            path = path.resolve()
            if not path.is_relative_to(root):
                return HTTPStatus.NOT_FOUND
        return path if path.is_file() else HTTPStatus.NOT_FOUND

    def _precompressed(self, path: Path) -> tuple[Encoding | None, Path]:
        """The pre-compressed sibling of ``path`` to send, when the client accepts its
        encoding (Brotli first), else ``(None, path)``. A sibling is used only when it is a
        regular file in the same folder, no older than the file itself."""
        accepted = accepted_encodings(self.headers.get("Accept-Encoding", ""))
        for encoding in ENCODINGS:
            if encoding.name not in accepted:
                continue
            sibling = path.with_name(path.name + encoding.suffix)
            try:
                if sibling.is_symlink() or not sibling.is_file():
                    continue
                # A sibling older than its file is stale (a hand edit): send the file.
                if sibling.stat().st_mtime_ns < path.stat().st_mtime_ns:
                    continue
            except OSError:
                continue
            return encoding, sibling
        return None, path

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


def accepted_encodings(header: str) -> frozenset[str]:
    """The content codings an ``Accept-Encoding`` header accepts (RFC 9110 §12.5.3):
    named with a q-value above 0, or matched by ``*``; names lowercased."""
    accepted: set[str] = set()
    refused: set[str] = set()
    wildcard = False
    for part in header.split(","):
        name, _, params = part.partition(";")
        name = name.strip().lower()
        if not name:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        if name == "*":
            wildcard = quality > 0
        elif quality > 0:
            accepted.add(name)
        else:
            refused.add(name)
    if wildcard:
        accepted |= {e.name for e in ENCODINGS} - refused
    return frozenset(accepted)


def _has_siblings(path: Path, name: str) -> bool:
    """Whether the file served as ``path`` (its name ``name``) has a pre-compressed
    sibling: then the answer depends on Accept-Encoding, and caches must know."""
    folder = path.parent
    return any((folder / (name + e.suffix)).is_file() for e in ENCODINGS)


class _FolderIndex:
    """A generated page for a feed folder: links to its feeds, with autodiscovery."""

    def __init__(self, folder: Path, url_path: str, feeds: list[str]) -> None:
        self.folder = folder
        self.url_path = url_path
        self.feeds = feeds

    @classmethod
    def of(cls, folder: Path, url_path: str) -> _FolderIndex | None:
        """The index of ``folder`` if it holds a feed (regular files, not links), else None."""
        feeds = [f.file_name for f in FEED_FORMATS if (folder / f.file_name).is_file()]
        feeds = [name for name in feeds if not (folder / name).is_symlink()]
        return cls(folder, url_path, feeds) if feeds else None

    def page(self) -> bytes:
        title = html.escape(self.url_path.rstrip("/") or "/")
        links, items = [], []
        for fmt in FEED_FORMATS:
            if fmt.file_name in self.feeds:
                href = quote(fmt.file_name)
                links.append(
                    f'<link rel="alternate" type="{fmt.media_type}" title="{fmt.label}"'
                    f' href="{href}">'
                )
                items.append(f'<li><a href="{href}">{fmt.label}</a> ({fmt.file_name})</li>')
        return (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>Feeds in {title}</title>{''.join(links)}</head>\n"
            f"<body><h1>Feeds in {title}</h1><ul>{''.join(items)}</ul>"
            '<p><a href="/">All feeds</a></p></body></html>\n'
        ).encode()


def preview_output(folder: Path) -> Path:
    """Where a preview build in ``folder`` writes its feeds (what the server serves)."""
    return folder / "feeds"


def preview_config(config: Config, *, server_url: str, folder: Path, drafts: bool) -> Config:
    """``config`` for a preview build into ``folder``: every feed URL on the server at
    ``server_url``, its own cache, drafts if asked, and no hub (a preview pings nobody)."""
    return replace(
        config,
        feeds_url=server_url.rstrip("/"),
        output_dir=preview_output(folder),
        cache_dir=folder / "cache",
        drafts=drafts,
        hub="",
    )


class PreviewSite:
    """The site as it is now (its config read again for every build) and the preview
    builds of it into ``folder``, with every feed URL at ``server_url``."""

    def __init__(
        self, config_path: Path | None, server_url: str, folder: Path, *, drafts: bool
    ) -> None:
        self._config_path = config_path
        self._config_file = config_file(config_path).resolve()
        self._server_url = server_url
        self._folder = folder
        self._drafts = drafts
        self._watched: list[Path] = [self._config_file]

    def look(self) -> Snapshot:
        """What a change to the site changes: the config file, the content folder and
        the static folder (as the last build's config named them)."""
        return snapshot(self._watched)

    def build(self) -> BuildResult:
        """Build the preview, raising what ``build()`` raises; the server keeps the last
        good feeds until a build succeeds."""
        from publisher.build import build

        config = load_config(self._config_path)
        self._watched = [self._config_file, config.content_dir]
        if config.static_dir is not None:
            self._watched.append(config.static_dir)
        config = preview_config(
            config, server_url=self._server_url, folder=self._folder, drafts=self._drafts
        )
        return build(config, wait=30)


Snapshot = frozenset[tuple[str, int, int]]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """(path, size, mtime_ns) of every file under ``paths`` (files or folders): what a
    preview watches, so adding, removing, editing or touching a file changes it."""
    found: set[tuple[str, int, int]] = set()
    for path in paths:
        for file in _files_under(path):
            try:
                st = file.stat()
            except OSError:
                continue
            found.add((str(file), st.st_size, st.st_mtime_ns))
    return frozenset(found)


def _files_under(path: Path) -> Iterable[Path]:
    if path.is_file():
        yield path
        return
    for folder, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, editors' state
        for name in files:
            yield Path(folder, name)


class Poller(threading.Thread):
    """Calls ``changed()`` whenever ``look()`` returns something new, looking every
    ``interval`` seconds until ``stop()``. Polling stats costs milliseconds for a
    site's folder and needs nothing the standard library lacks."""

    def __init__(
        self, look: Callable[[], object], changed: Callable[[], None], *, interval: float = 0.3
    ) -> None:
        super().__init__(name="publisher-preview-poller", daemon=True)
        self._look = look
        self._changed = changed
        self._interval = interval
        self._stopping = threading.Event()
        self._last = look()

    def run(self) -> None:
        pause = self._interval
        while not self._stopping.wait(pause):
            started = time.monotonic()
            seen = self._look()
            # A large site's folder takes a while to look at: never spend more than a
            # fifth of the time looking (100,000 sources would otherwise keep a core busy).
            pause = max(self._interval, 4 * (time.monotonic() - started))
            if seen != self._last:
                self._last = seen
                self._changed()

    def stop(self) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join()


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
