"""An episode's front matter -> ``Episode``: the media file and the episode's details.

Pure rules over the fields a reader found (``normalize`` calls ``episode_from``); no
file is read here. A local media file's length, type and duration are read when the
article is published (``build/media.py``); for media elsewhere they come from the
front matter, since the build never fetches anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from publisher.model import Episode, Person, Transcript

# The fields an episode may have (``media`` makes an article an episode).
EPISODE_FIELDS = frozenset(
    {"media", "season", "episode", "episode_type", "explicit", "transcript", "chapters"}
    | {"duration", "people"}
)
EPISODE_TYPES = ("full", "trailer", "bonus")
# Media types by file suffix: Apple's names for the formats it takes, then the others.
MEDIA_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
    ".pdf": "application/pdf",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
    ".webm": "video/webm",
}
TRANSCRIPT_TYPES = {
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".json": "application/json",
}
CHAPTERS_TYPE = "application/json+chapters"
_DURATION = re.compile(r"(?:(\d+):)?([0-5]?\d):([0-5]\d)")
_MIME = re.compile(r"[\w!#$&^.+-]+/[\w!#$&^.+-]+")
_LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*")
_MAX_PERSON = 128

Absolute = Callable[[str, str], str]  # (url as written, field name) -> absolute URL
Warn = Callable[[str | None, str, str], None]  # (field, rule, message)


class EpisodeFieldError(ValueError):
    """One episode field is wrong; ``field`` names it (for its line in the file)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def media_type_for(path: str) -> str | None:
    """The media type of a media file, by its suffix (None when we do not know it)."""
    return MEDIA_TYPES.get(PurePosixPath(urlsplit(path).path).suffix.lower())


def is_local(value: str) -> bool:
    """A path beside the source or on the site, not a URL with a scheme."""
    return not urlsplit(value).scheme


def parse_duration(value: object, field: str) -> int:
    """Whole seconds from ``3600``, ``"1:00:00"``, ``"59:30"``; an error otherwise."""
    if isinstance(value, bool):
        raise EpisodeFieldError(field, f"{field!r} must be seconds or HH:MM:SS, got {value!r}")
    if isinstance(value, int | float):
        seconds = round(value)
    elif isinstance(value, str) and value.strip().isdigit():
        seconds = int(value.strip())
    elif isinstance(value, str) and (match := _DURATION.fullmatch(value.strip())):
        hours, minutes, secs = (int(part or 0) for part in match.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    else:
        raise EpisodeFieldError(field, f"{field!r} must be seconds or HH:MM:SS, got {value!r}")
    if seconds < 1:
        raise EpisodeFieldError(field, f"{field!r} must be at least one second")
    return seconds


def episode_from(fields: Mapping[str, object], absolute: Absolute, warn: Warn) -> Episode | None:
    """The episode the fields describe; None when there is no ``media`` (no episode).

    Episode details without ``media`` are an error: they would be silently lost.
    """
    media = fields.get("media")
    if media in (None, ""):
        stray = sorted(name for name in EPISODE_FIELDS - {"media"} if name in fields)
        if stray:
            raise EpisodeFieldError(
                stray[0], f"{stray[0]!r} is an episode's field: add 'media' (the audio file)"
            )
        return None
    url, length, media_type, duration = _media(media, fields, warn)
    local = is_local(url)
    if local and (length is not None or media_type is not None):
        warn("media", "source-media-field-ignored",
             "a local media file's length and type are read from the file: "
             "the values given are ignored")  # fmt: skip
        length = media_type = None
    if local and duration is not None:
        message = "a local media file's duration is read from the file: 'duration' is ignored"
        warn("duration", "source-media-field-ignored", message)
        duration = None
    if not local:
        media_type = media_type or media_type_for(url)
        if media_type is None:
            raise EpisodeFieldError(
                "media", f"cannot tell the media type of {url!r}: give media: {{url, type, length}}"
            )
        if length is None:
            raise EpisodeFieldError(
                "media",
                f"media elsewhere ({url}) needs its size in bytes: media: {{url, length}} "
                "(podcast apps use it to show and check the download)",
            )
    return Episode(
        media=absolute(url, "media"),
        media_path=url if local else None,
        length=length,
        type=media_type,
        duration=duration,
        season=_number(fields, "season"),
        number=_number(fields, "episode"),
        episode_type=_episode_type(fields),
        explicit=_explicit(fields),
        transcripts=_transcripts(fields.get("transcript"), absolute),
        chapters=absolute(_text(fields["chapters"], "chapters"), "chapters")
        if fields.get("chapters") not in (None, "")
        else None,
        people=_people(fields.get("people"), absolute),
    )


def _media(
    value: object, fields: Mapping[str, object], warn: Warn
) -> tuple[str, int | None, str | None, int | None]:
    """(url or path, length, type, duration) as the front matter gives them."""
    duration = parse_duration(fields["duration"], "duration") if "duration" in fields else None
    if isinstance(value, str):
        return value.strip(), None, None, duration
    if not isinstance(value, dict):
        raise EpisodeFieldError("media", "'media' must be a path, a URL, or {url, length, type}")
    unknown = sorted(set(value) - {"url", "length", "type", "duration"})
    if unknown:
        raise EpisodeFieldError("media", f"'media' has unknown key {unknown[0]!r}")
    url = _text(value.get("url"), "media")
    length = value.get("length")
    if length is not None and (isinstance(length, bool) or not isinstance(length, int)
                               or length < 1):  # fmt: skip
        raise EpisodeFieldError(
            "media", f"'media' length must be bytes (a whole number), got {length!r}"
        )
    media_type = value.get("type")
    if media_type is not None and not (
        isinstance(media_type, str) and _MIME.fullmatch(media_type.strip())
    ):
        raise EpisodeFieldError(
            "media", f"'media' type must be a media type such as audio/mpeg, got {media_type!r}"
        )
    if "duration" in value:
        duration = parse_duration(value["duration"], "duration")
    return url, length, media_type.strip() if media_type else None, duration


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EpisodeFieldError(field, f"{field!r} must be text (a path or URL)")
    return value.strip()


def _number(fields: Mapping[str, object], field: str) -> int | None:
    value = fields.get(field)
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise EpisodeFieldError(field, f"{field!r} must be a whole number from 1, got {value!r}")
    return value


def _episode_type(fields: Mapping[str, object]) -> str | None:
    value = fields.get("episode_type")
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().lower() not in EPISODE_TYPES:
        raise EpisodeFieldError(
            "episode_type", f"'episode_type' must be full, trailer or bonus, got {value!r}"
        )
    return value.strip().lower()


def _explicit(fields: Mapping[str, object]) -> bool | None:
    value = fields.get("explicit")
    if value is None or isinstance(value, bool):
        return value
    raise EpisodeFieldError("explicit", f"'explicit' must be true or false, got {value!r}")


def _transcripts(value: object, absolute: Absolute) -> tuple[Transcript, ...]:
    if value in (None, "", []):
        return ()
    items = value if isinstance(value, list) else [value]
    transcripts = []
    for item in items:
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict) or set(item) - {"url", "type", "language", "rel"}:
            raise EpisodeFieldError(
                "transcript", "'transcript' must be a path or URL, or {url, type, language, rel}"
            )
        url = _text(item.get("url"), "transcript")
        suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
        kind = item.get("type") or TRANSCRIPT_TYPES.get(suffix)
        if not isinstance(kind, str) or not _MIME.fullmatch(kind.strip()):
            raise EpisodeFieldError(
                "transcript", f"cannot tell the type of transcript {url!r}: give its 'type'"
            )
        language = item.get("language")
        if language is not None and not (
            isinstance(language, str) and _LANGUAGE.fullmatch(language.strip())
        ):
            raise EpisodeFieldError(
                "transcript", f"transcript language must be a tag such as en, got {language!r}"
            )
        rel = item.get("rel")
        if rel is not None and rel != "captions":
            raise EpisodeFieldError("transcript", "transcript rel can only be 'captions'")
        # SubRip and WebVTT files are captions by nature: apps may show them in time.
        if rel is None and kind in ("application/x-subrip", "text/vtt"):
            rel = "captions"
        transcripts.append(
            Transcript(absolute(url, "transcript"), kind.strip(),
                       language.strip() if language else None, rel)
        )  # fmt: skip
    return tuple(transcripts)


def _people(value: object, absolute: Absolute) -> tuple[Person, ...]:
    if value in (None, "", []):
        return ()
    items = value if isinstance(value, list) else [value]
    people = []
    for item in items:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or set(item) - {"name", "role", "group", "href", "img"}:
            raise EpisodeFieldError(
                "people", "'people' must be names, or {name, role, group, href, img}"
            )
        name = item.get("name")
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > _MAX_PERSON:
            raise EpisodeFieldError(
                "people", f"each person needs a name of 1 to {_MAX_PERSON} characters"
            )
        extra: dict[str, str | None] = {}
        for key in ("role", "group", "href", "img"):
            raw = item.get(key)
            if raw is not None and (not isinstance(raw, str) or not raw.strip()):
                raise EpisodeFieldError("people", f"a person's {key!r} must be text")
            text = raw.strip() if isinstance(raw, str) else None
            extra[key] = absolute(text, "people") if text and key in ("href", "img") else text
        people.append(Person(" ".join(name.split()), **extra))
    return tuple(people)
