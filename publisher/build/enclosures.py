"""An article's image as an enclosure: its media type, and its size when the file is ours."""

from __future__ import annotations

import html
import mimetypes
import os
import re
import stat
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from publisher.config import Config
from publisher.errors import Problem, Severity
from publisher.model import Article, Enclosure, Feed, FeedImage
from publisher.sources.imagesize import HEAD_BYTES, file_image_size

_FIRST_IMG = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", re.IGNORECASE)


def first_image(content_html: str) -> str | None:
    """The (already absolute) ``src`` of the first image in rendered content."""
    match = _FIRST_IMG.search(content_html)
    return html.unescape(match.group(1)) if match else None


def image_enclosure(
    article: Article, source: str, config: Config, roots: dict[Path, Path] | None = None
) -> tuple[Enclosure | None, Problem | None]:
    """The enclosure for ``article.image``, or None when it is not an image type we can name.

    The length is the file's size when the image is a local file: a relative path
    beside the source, or a URL on our own site found under ``static_dir``. A local
    image whose file is missing (beside the source, or under a configured
    ``static_dir``) gives no enclosure (never ``length="0"``) and a warning naming it;
    the caller leaves the image out of every format. ``roots`` keeps the folders
    resolved for one build's many images (see ``_inside``).
    """
    if not article.image:
        return None, None
    media_type, _ = mimetypes.guess_type(urlsplit(article.image).path)
    if not media_type or not media_type.startswith("image/"):
        return None, None
    located, certain = _local_file(article, source, config, roots)
    try:
        length = os.stat(located).st_size if located else None
    except OSError:
        length = None
    if length is None and located and certain:
        return None, Problem(
            article.source, None, Severity.WARNING, "source-image-missing",
            f"image {_shown(located, config)} not found: the feeds leave the image out",
        )  # fmt: skip
    # Not a file of ours (or not found where ours might be): its size is unknown.
    path = str(located) if located and length is not None else None
    return Enclosure(article.image, media_type, length, path=path), None


def _local_file(
    article: Article, source: str, config: Config, roots: dict[Path, Path] | None = None
) -> tuple[Path | None, bool]:
    """Where the image's file is (or would be) when it is ours, and whether it must be there.

    A path beside the source must exist; a URL on the site must exist under
    ``static_dir`` only when that is configured (by default the site's files may well
    be served from elsewhere).
    """
    return local_file(article.image_path or "", article.image or "", source, config, roots)


def local_file(
    raw: str, url: str, source: str, config: Config, roots: dict[Path, Path] | None = None
) -> tuple[Path | None, bool]:
    """The file behind a value written in a source (``raw``, resolved to ``url``) when it
    is ours, and whether it must be there: a relative path beside the source must exist;
    a URL on the site must exist under ``static_dir`` only when that is configured."""
    if raw and not urlsplit(raw).scheme and not raw.startswith("/"):
        candidate = Path(source).parent / unquote(urlsplit(raw).path)
        return _inside(candidate, config.content_dir, roots), True
    return site_file(url, config, roots), config.static_dir is not None


def site_file(url: str, config: Config, roots: dict[Path, Path] | None = None) -> Path | None:
    """The file under ``static_dir`` behind a URL on our own site (it may not exist).

    None for URLs elsewhere, or that would lead outside the folder.
    """
    parts = urlsplit(url)
    site = urlsplit(config.base_url)
    if parts.netloc != site.netloc or not parts.path.startswith(site.path or "/"):
        return None
    relative = unquote(parts.path[len(site.path) :]).lstrip("/")
    return _inside(config.static_root / PurePosixPath(relative), config.static_root, roots)


def _inside(candidate: Path, root: Path, roots: dict[Path, Path] | None = None) -> Path | None:
    """``candidate`` resolved, when it lies in ``root`` and is not a folder. ``roots``:
    ``root`` as resolved earlier in this build (each resolve stats every component)."""
    try:
        resolved = _resolve(candidate, roots)
    except (OSError, RuntimeError):
        return None
    base = roots.get(root) if roots is not None else None
    if base is None:
        base = root.resolve()
        if roots is not None:
            roots[root] = base
    # Never report (or read) a file outside the folders we own.
    if not resolved.is_relative_to(base) or resolved.is_dir():
        return None
    return resolved


def _resolve(candidate: Path, folders: dict[Path, Path] | None) -> Path:
    """``candidate.resolve()``, its folder resolved once per build (``folders``).

    Resolving stats every component of a path (and the result once more): about 10
    calls for each of a build's hundreds of images, most of them in one folder. A path
    resolves to its folder's resolution and its own name unless that name is a link
    (``os.path.realpath`` resolves a path component by component), which one ``lstat``
    tells; a link, "." or ".." is resolved whole as before. ``tests/test_enclosures.py``
    holds it to ``resolve``.
    """
    name = candidate.name
    if folders is None or name in ("", ".", ".."):
        return candidate.resolve()
    folder = candidate.parent
    base = folders.get(folder)
    if base is None:
        base = folders[folder] = folder.resolve()
    resolved = base / name
    try:
        if stat.S_ISLNK(os.lstat(resolved).st_mode):
            return candidate.resolve()
    except OSError:  # missing (never a loop: its folder is resolved)
        pass
    return resolved


def _shown(path: Path, config: Config) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def size_feed_images(feeds: list[Feed], config: Config) -> tuple[list[Feed], list[Problem]]:
    """Each feed's icon and logo with its pixel size, read from the file when it is ours.

    A URL on the site whose file is missing under a configured ``static_dir`` is a
    warning naming the path; the image stays, without a size.
    """
    sized: dict[str, FeedImage] = {}
    problems: list[Problem] = []

    def size(image: FeedImage | None, key: str) -> FeedImage | None:
        if image is None:
            return None
        if image.url not in sized:
            sized[image.url] = image
            local = site_file(image.url, config)
            if local is not None:
                dimensions = file_image_size(local) if local.is_file() else None
                if not local.is_file() and config.static_dir is not None:
                    problems.append(
                        Problem(
                            _shown(local, config), None, Severity.WARNING, "config-image-missing",
                            f"not found under static_dir, but the config's {key} is "
                            f"{image.url}: its size is left out of the feeds",
                        )
                    )  # fmt: skip
                elif dimensions:
                    sized[image.url] = replace(image, width=dimensions[0], height=dimensions[1])
        return sized[image.url]

    result = [replace(f, icon=size(f.icon, "icon"), logo=size(f.logo, "logo")) for f in feeds]
    artworks = {f.podcast.artwork.url for f in result if f.podcast is not None}
    for url in sorted(artworks):
        problems += _artwork_problems(url, config)
    return result, problems


def _artwork_problems(url: str, config: Config) -> list[Problem]:
    """What Apple Podcasts would refuse in a podcast's artwork when it is our file
    (format and pixel size, read from its bytes); a missing one is a warning."""
    from publisher.validate.podcast import artwork_findings

    local = site_file(url, config)
    if local is None:
        return []  # elsewhere: the validator checks its URL
    try:
        with local.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        if config.static_dir is None:
            return []
        return [
            Problem(
                _shown(local, config), None, Severity.WARNING, "config-image-missing",
                f"not found under static_dir, but a podcast's artwork is {url}",
            )
        ]  # fmt: skip
    return [
        Problem(_shown(local, config), None, Severity.PLATFORM, rule, message)
        for rule, message in artwork_findings(url, head)
    ]


def input_files(feeds: list[Feed], config: Config) -> tuple[str, ...]:
    """Every local file the feeds were made from besides the sources: episodes' media,
    images, and the feeds' icons, logos and podcast artwork (the fast path watches them)."""
    paths = {
        item.enclosure.path
        for feed in feeds
        for item in feed.items
        if item.enclosure is not None and item.enclosure.path
    }
    for feed in feeds:
        artwork = feed.podcast.artwork if feed.podcast else None
        for image in (feed.icon, feed.logo, artwork):
            local = site_file(image.url, config) if image else None
            if local is not None and local.is_file():
                paths.add(str(local))
    return tuple(sorted(paths))
