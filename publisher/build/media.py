"""An episode's media file as an enclosure: its byte length, media type and duration,
read from the file when it is ours (the only module that imports mutagen).

Worked out on every build for the published episodes, like image enclosures, so a
replaced media file is seen without invalidating any cache (the fast path compares
the files' stats, see ``build/fastpath.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

from publisher.build.enclosures import local_file
from publisher.config import Config
from publisher.episode_fields import media_type_for
from publisher.errors import Problem, Severity
from publisher.model import Article, Enclosure

# What mutagen found in the bytes -> the media type we publish, when the name says nothing
# more precise (MP4 files are named by their suffix: .m4a audio, .mp4 and .m4v video).
_TYPE_BY_FORMAT = {
    "MP3": "audio/mpeg",
    "MP4": "audio/x-m4a",
    "AAC": "audio/aac",
    "OggVorbis": "audio/ogg",
    "OggOpus": "audio/ogg",
    "OggFLAC": "audio/ogg",
    "OggSpeex": "audio/ogg",
    "FLAC": "audio/flac",
    "WAVE": "audio/wav",
}
_MP4_TYPES = frozenset(("audio/x-m4a", "video/mp4", "video/x-m4v", "video/quicktime"))


def media_enclosure(
    article: Article, source: str, config: Config
) -> tuple[Enclosure | None, Problem | None]:
    """The enclosure of ``article``'s episode, or the error that keeps it from publishing.

    A local file (beside the source, or a URL on the site under ``static_dir``) must be
    there and be audio or video mutagen can read; its length, type and duration come
    from it. Media elsewhere is published as the front matter describes it.
    """
    episode = article.episode
    if episode is None:
        return None, None
    if episode.media_path is None:
        return Enclosure(episode.media, episode.type or "", episode.length, episode.duration), None
    located, _ = local_file(episode.media_path, episode.media, source, config)
    if located is None or not located.is_file():
        where = _shown(located, config) if located is not None else episode.media_path
        return None, _error(article, f"media file {where} not found")
    try:
        length = os.stat(located).st_size
        media_type, duration = probe(located)
    except ValueError as exc:
        return None, _error(article, f"media file {_shown(located, config)}: {exc}")
    except OSError as exc:
        return None, _error(article, f"media file {_shown(located, config)}: {exc.strerror or exc}")
    return Enclosure(episode.media, media_type, length, duration, path=str(located)), None


def probe(path: Path) -> tuple[str, int]:
    """(media type, duration in whole seconds) read from a media file's bytes.

    A file mutagen cannot read as audio or video, one without a duration, or one whose
    name says another format than its bytes, is a ValueError saying so.
    """
    import mutagen  # loaded only by builds that publish an episode

    try:
        media = mutagen.File(path)
    except mutagen.MutagenError as exc:
        raise ValueError(f"cannot be read as audio or video ({exc})") from None
    if media is None or media.info is None:
        raise ValueError("is not audio or video that can be read (MP3, M4A, MP4, Ogg, FLAC, WAV)")
    found = type(media).__name__
    by_bytes = _TYPE_BY_FORMAT.get(found)
    by_name = media_type_for(path.name)
    if by_bytes is None:
        raise ValueError(f"is {found}, which podcast apps do not play")
    if (
        by_name is not None
        and by_name != by_bytes
        and not (by_bytes in _MP4_TYPES and by_name in _MP4_TYPES)
    ):
        raise ValueError(f"is named as {by_name} but its bytes are {found} ({by_bytes})")
    seconds = float(getattr(media.info, "length", 0.0) or 0.0)
    if seconds <= 0:
        raise ValueError("has no duration that can be read")
    # Round half up, and never 0: a two-second clip is "2", not "0:00".
    return by_name if by_name in _MP4_TYPES else by_bytes, max(1, int(seconds + 0.5))


def _shown(path: Path, config: Config) -> str:
    """A file as the user knows it: relative to the config file's folder when inside it."""
    return (
        path.relative_to(config.root).as_posix() if path.is_relative_to(config.root) else str(path)
    )


def _error(article: Article, message: str) -> Problem:
    return Problem(article.source, None, Severity.ERROR, "source-media-unreadable", message)
