"""The content folder as a generator's rules look at it (``generators.base.SiteFiles``):
what the build hands ``normalize`` and the renderer, so that they read no file
themselves."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from publisher.errors import SourceError
from publisher.model import SourceDoc
from publisher.sources.base import ReaderOptions
from publisher.sources.decode import decode_source


@dataclass(frozen=True, slots=True)
class SourceFolder:
    """The source files under ``root`` (a content folder), on disk, read as ``generator``
    finds front matter."""

    root: Path
    generator: str = ""
    # Sources kept outside ``root`` (pages a generator's templates made): rel -> path.
    elsewhere: Mapping[str, str] = field(default_factory=dict)
    # Sources read (and files looked for) once each: generators' rules look at the same
    # ones for many sources (Hugo's section pages and bundle indexes). One build's
    # folder: nothing changes under it.
    _read: dict[str, SourceDoc | None] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    _files: dict[str, bool] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def of(
        cls, content_dir: Path, generator: str = "", elsewhere: Mapping[str, str] | None = None
    ) -> SourceFolder:
        return cls(content_dir.resolve(), generator, elsewhere or {})

    def is_file(self, rel: str) -> bool:
        if rel not in self._files:
            self._files[rel] = rel in self.elsewhere or os.path.isfile(os.path.join(self.root, rel))
        return self._files[rel]

    def source(self, rel: str) -> str | None:
        if rel in self.elsewhere:
            return rel
        path = (self.root / rel).resolve()
        if path.is_file() and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return None

    def named(self, name: str) -> str | None:
        for path in sorted(self.root.rglob(name)):
            parts = path.relative_to(self.root).parts
            if not any(part.startswith(".") for part in parts):
                return "/".join(parts)
        return None

    def disk_path(self, rel: str) -> str:
        return self.elsewhere.get(rel) or os.path.join(self.root, rel)

    def read(self, rel: str) -> SourceDoc | None:
        if rel not in self._read:
            self._read[rel] = self._parse(rel)
        return self._read[rel]

    def _parse(self, rel: str) -> SourceDoc | None:
        from publisher.sources import MARKDOWN_SUFFIXES, reader_for

        suffix = Path(rel).suffix.lower()
        try:
            text, _ = decode_source(Path(self.disk_path(rel)).read_bytes(), rel)
            reader = reader_for(suffix if suffix == ".rst" else MARKDOWN_SUFFIXES[0])
            options = ReaderOptions(generator=self.generator)
            return reader.read(text, path=rel, rel=rel, options=options)
        except (OSError, SourceError):
            return None
