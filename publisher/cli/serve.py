"""``publisher serve``: preview the site's feeds, rebuilt on every change, in a feed reader."""

from __future__ import annotations

import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from publisher.cli._shared import config_option, print_problems, report_error, reports_errors
from publisher.errors import ProblemsFound, PublisherError

if TYPE_CHECKING:
    from http.server import ThreadingHTTPServer

    from publisher.commands.serve import PreviewSite

_HELP = """Preview the feeds, rebuilt on every change.

Builds the site into a temporary folder with every feed URL pointing at this server
(so a feed reader follows its links here, not to production), serves it, and
rebuilds whenever a source or the config changes: keep a reader open on
http://127.0.0.1:8000/all/rss.xml while writing. --drafts includes drafts. The
published folder and its cache are never touched; hub pings are never sent.

Files are sent with their feed media types (application/rss+xml,
application/atom+xml, application/feed+json, text/x-opml, text/html), strong ETags
and Last-Modified, so readers poll it as they would the real site. `/` shows
index.html; `/all/` and every category folder show their feeds. New warnings and
errors of each rebuild go to stderr, with one line per request; Ctrl+C stops it.

--dir serves an already built folder as it is, without building.

\b
Examples:
  publisher serve                       # build and serve on 127.0.0.1:8000
  publisher serve --drafts --port 8080  # drafts included
  publisher serve --dir feeds           # the published folder, as built
  publisher serve --bind 0.0.0.0        # reachable from other machines on the network
"""


@click.command("serve", help=_HELP)
@click.option(
    "--dir",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Serve this built folder as it is (no build, no rebuild).",
)
@click.option("--drafts", is_flag=True, help="Include drafts in the preview.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="TCP port (0 picks a free one).")  # fmt: skip
@click.option("--bind", default="127.0.0.1", show_default=True,
              help="Address to listen on.")  # fmt: skip
@config_option
@reports_errors
def serve_command(
    folder: Path | None, drafts: bool, port: int, bind: str, config_path: Path | None
) -> None:
    from publisher.commands import serve as preview

    if folder is not None:
        if drafts:
            raise click.UsageError("--drafts needs a build: it cannot be used with --dir")
        _serve(preview.make_server(folder, bind, port), str(folder))
        return
    from publisher.config import load_config

    config = load_config(config_path)  # a bad config is an error before anything listens
    with tempfile.TemporaryDirectory(prefix="publisher-preview-") as temp:
        work = Path(temp)
        output = preview.preview_output(work)
        output.mkdir()
        server = preview.make_server(output, bind, port)
        host = f"[{bind}]" if ":" in bind else bind
        url = f"http://{host}:{server.server_port}"  # the real port when --port 0
        site = preview.PreviewSite(config_path, url, work, drafts=drafts)
        _rebuild(site)
        poller = preview.Poller(site.look, partial(_rebuild, site))
        poller.start()
        try:
            _serve(server, f"a preview of {config.content_dir}")
        finally:
            poller.stop()


def _serve(server: ThreadingHTTPServer, what: str) -> None:
    host, port = server.server_address[:2]
    shown = f"[{host!s}]" if ":" in str(host) else str(host)
    click.echo(f"Serving {what} at http://{shown}:{port}/ (Ctrl+C to stop)", err=True)
    try:
        with _sigterm_stops():
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@contextmanager
def _sigterm_stops() -> Iterator[None]:
    """While serving, ``kill`` (SIGTERM) stops the server as Ctrl+C does, so the
    preview's temporary folder is removed. Signals are only handled in the main thread;
    the previous handler is put back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _rebuild(site: PreviewSite) -> None:
    """Build the preview and tell what is new; problems are printed, never raised."""
    try:
        result = site.build()
    except ProblemsFound as exc:
        print_problems(exc.first_seen)
        return
    except PublisherError as exc:
        report_error(exc)
        return
    print_problems(result.first_seen)
    if result.written:
        click.echo(f"built: {len(result.written)} file(s) changed", err=True)
