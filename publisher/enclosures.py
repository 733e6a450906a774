"""An article's image as an enclosure: its media type, and its size when the file is ours."""

from __future__ import annotations

import html
import mimetypes
import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from publisher.config import Config
from publisher.model import Enclosure

_FIRST_IMG = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", re.IGNORECASE)


def first_image(content_html: str) -> str | None:
    """The (already absolute) ``src`` of the first image in rendered content."""
    match = _FIRST_IMG.search(content_html)
    return html.unescape(match.group(1)) if match else None


def image_enclosure(
    image: str | None, image_path: str | None, source: str, config: Config
) -> Enclosure | None:
    """The enclosure for an article's ``image`` (absolute URL; ``image_path`` as written
    in the source); None when it is not an image type we can name.

    The length is the file's size when the image is a local file: a relative path
    beside the source, or a URL on our own site found under ``static_dir``.
    """
    if not image:
        return None
    media_type, _ = mimetypes.guess_type(urlsplit(image).path)
    if not media_type or not media_type.startswith("image/"):
        return None
    local = _local_file(image, image_path, source, config)
    length = None
    if local is not None:
        try:
            length = os.stat(local).st_size
        except OSError:
            length = None
    return Enclosure(image, media_type, length)


def _local_file(image: str, image_path: str | None, source: str, config: Config) -> Path | None:
    raw = image_path or ""
    if raw and not urlsplit(raw).scheme and not raw.startswith("/"):
        candidate = Path(source).parent / unquote(urlsplit(raw).path)
        root = config.content_dir
    else:
        url = urlsplit(image)
        site = urlsplit(config.base_url)
        if url.netloc != site.netloc or not url.path.startswith(site.path or "/"):
            return None
        relative = unquote(url.path[len(site.path) :]).lstrip("/")
        candidate = config.static_root / PurePosixPath(relative)
        root = config.static_root
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):
        return None
    # Never report (or read) a file outside the folders we own.
    return resolved if resolved.is_relative_to(root.resolve()) and resolved.is_file() else None
