"""Exit statuses, the one exception hierarchy, and the Problem record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class ExitStatus(IntEnum):
    """Process exit codes, documented in the README."""

    OK = 0
    BAD_INPUT = 1
    USAGE = 2
    LOCKED = 3
    OUTPUT = 4


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    # A valid feed that a podcast platform (Apple Podcasts, a podcast app) refuses or
    # skips: counted apart from errors, which break a specification.
    PLATFORM = "platform"


@dataclass(frozen=True)
class Problem:
    """One finding about one input: a bad source, a config key, a feed rule."""

    path: str
    line: int | None
    severity: Severity
    rule: str
    message: str
    column: int | None = None
    # What makes two warnings "the same" for telling once, when their message carries
    # details that change from build to build (a feed's item counts): by default the
    # message itself.
    told_as: str | None = field(default=None, compare=False)

    def location(self) -> str:
        """``path``, ``path:line`` or ``path:line:column``."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class PublisherError(Exception):
    """Base of every error the CLI turns into a message and an exit code."""

    exit_status: ExitStatus = ExitStatus.BAD_INPUT

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        return where + self.message


class ConfigError(PublisherError):
    """The configuration file or an option is wrong."""


class SourceError(PublisherError):
    """One article source cannot be read or understood."""


class ProblemsFound(PublisherError):
    """Input problems were collected; every one is reported, then the run fails."""

    def __init__(self, problems: Iterable[Problem], *, first_seen: Iterable[Problem] | None = None):
        self.problems = tuple(problems)
        # What to tell by default: every error and the warnings not told before (a build
        # tells a warning once); all of them unless the raiser says otherwise.
        self.first_seen = self.problems if first_seen is None else tuple(first_seen)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(f"{len(errors)} error(s) found")


class TargetUnreadable(PublisherError):
    """A file, folder or URL to validate that cannot be read at all (exit status 2)."""

    exit_status = ExitStatus.USAGE


class LockHeld(PublisherError):
    """Another build holds the lock."""

    exit_status = ExitStatus.LOCKED


class OutputError(PublisherError):
    """The output could not be written; nothing was replaced."""

    exit_status = ExitStatus.OUTPUT
