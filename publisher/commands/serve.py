"""``publisher serve``: preview the output folder in a feed reader or browser."""

from __future__ import annotations

from pathlib import Path

import click

from publisher.commands import reports_errors

_HELP = """Serve the output folder to preview feeds.

Serves it over HTTP for a feed reader or browser. Files are sent with their feed media
types (application/rss+xml, application/atom+xml, application/feed+json, text/x-opml,
text/html), strong ETags and Last-Modified, so readers can poll it as they would the
real site. Only files inside the folder are served; `/` shows index.html. One line per
request goes to stderr; Ctrl+C stops it.

For the feeds' own links to point here, build with feeds_url set to this address,
e.g. PUBLISHER_FEEDS_URL=http://127.0.0.1:8000 publisher build.

\b
Examples:
  publisher serve                       # the config's output_dir on 127.0.0.1:8000
  publisher serve --dir feeds --port 8080
  publisher serve --bind 0.0.0.0        # reachable from other machines on the network
"""


@click.command("serve", help=_HELP)
@click.option(
    "--dir",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder to serve [default: the config's output_dir].",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="TCP port (0 picks a free one).")  # fmt: skip
@click.option("--bind", default="127.0.0.1", show_default=True,
              help="Address to listen on.")  # fmt: skip
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file [default: ./publisher.toml, or $PUBLISHER_CONFIG].",
)
@reports_errors
def serve_command(folder: Path | None, port: int, bind: str, config_path: Path | None) -> None:
    from publisher.serve import make_server

    if folder is None:
        from publisher.config import load_config

        folder = load_config(config_path).output_dir
    server = make_server(folder, bind, port)
    host = f"[{bind}]" if ":" in bind else bind
    url = f"http://{host}:{server.server_port}/"  # the real port when --port 0
    click.echo(f"Serving {folder} at {url} (Ctrl+C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
