"""Make the bundled sample podcast's media: three short MP3 episodes and the artwork.

Run by hand (needs Debian's ``lame``); the files are committed, so a build never needs
it. Each episode is a few seconds of soft tones, mono, 32 kbit/s (about 16 KB); the
artwork is a 1400 x 1400 RGB PNG without alpha, the smallest size Apple Podcasts takes.

    python bench/make_sample_podcast.py
"""

from __future__ import annotations

import math
import struct
import subprocess
import tempfile
import wave
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPISODES = ROOT / "content" / "field-notes"
ARTWORK = ROOT / "content" / "images" / "field-notes-artwork.png"
RATE = 22050
# (file, seconds, notes in Hz): a different little figure per episode.
SOUNDS = (
    ("the-grid-at-dawn.mp3", 3.0, (392.0, 523.25, 659.25)),
    ("listening-to-the-sea-floor.mp3", 4.0, (293.66, 349.23, 440.0, 349.23)),
    ("a-street-that-stays-cool.mp3", 3.5, (440.0, 554.37, 659.25, 880.0)),
)


def tones(seconds: float, notes: tuple[float, ...]) -> bytes:
    """16-bit mono samples: each note in turn, faded in and out so nothing clicks."""
    frames = int(seconds * RATE)
    per_note = frames // len(notes)
    samples = bytearray()
    for index in range(frames):
        note = notes[min(index // per_note, len(notes) - 1)]
        within = (index % per_note) / per_note
        envelope = math.sin(math.pi * within) ** 2
        value = int(9000 * envelope * math.sin(2 * math.pi * note * index / RATE))
        samples += struct.pack("<h", value)
    return bytes(samples)


def write_mp3(path: Path, seconds: float, notes: tuple[float, ...], title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "episode.wav"
        with wave.open(str(wav), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(tones(seconds, notes))
        subprocess.run(
            ["lame", "--quiet", "-m", "m", "--cbr", "-b", "32", "--resample", "22.05",
             "--tt", title, "--ta", "Example News", "--tl", "Field Notes",
             str(wav), str(path)],
            check=True,
        )  # fmt: skip


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def write_artwork(path: Path, size: int = 1400) -> None:
    """A square RGB PNG: a dark field, a ring of sound waves, no alpha channel."""
    rows = bytearray()
    centre = size / 2
    for y in range(size):
        rows.append(0)  # filter: none
        for x in range(size):
            distance = math.hypot(x - centre, y - centre)
            ring = int(distance / 70) % 2 == 0 and distance < size * 0.45
            rows += bytes((240, 180, 60) if ring else (20, 40, 70))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    png = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
    png += _chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + _chunk(b"IEND", b"")
    path.write_bytes(png)


def main() -> None:
    EPISODES.mkdir(parents=True, exist_ok=True)
    for name, seconds, notes in SOUNDS:
        title = name.removesuffix(".mp3").replace("-", " ").capitalize()
        write_mp3(EPISODES / name, seconds, notes, title)
    write_artwork(ARTWORK)
    for path in (*sorted(EPISODES.glob("*.mp3")), ARTWORK):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
