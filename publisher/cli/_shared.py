"""What every command shares: the ``--config`` option, the one error reporter, problem
printing and terminal progress. Only the CLI prints."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from publisher.errors import ExitStatus, Problem, ProblemsFound, PublisherError
from publisher.text import debugging, internal_error

F = TypeVar("F", bound=Callable[..., Any])

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file [default: ./publisher.toml, or $PUBLISHER_CONFIG].",
)


def reports_errors(command: F) -> F:
    """Turn PublisherError into one line per problem on stderr and its exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ProblemsFound as exc:
            print_problems(exc.first_seen)
            sys.exit(int(exc.exit_status))
        except PublisherError as exc:
            report_error(exc)
            sys.exit(int(exc.exit_status))

    return wrapper  # type: ignore[return-value]  # wraps keeps the signature


def report_error(exc: PublisherError) -> None:
    """One ``error: ...`` line on stderr (for a command that goes on after it)."""
    click.echo(f"error: {exc}", err=True)


def print_problems(problems: Iterable[Problem]) -> None:
    """One line per problem on stderr, in file order."""
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
        click.echo(str(problem), err=True)


def report_bug(exc: Exception) -> None:
    """The last resort for a bug: one line under cron (PUBLISHER_DEBUG=1 re-raises)."""
    if debugging():
        raise exc
    click.echo(f"{internal_error(exc)} (set PUBLISHER_DEBUG=1 "
               "for a traceback, and please report it)", err=True)  # fmt: skip
    sys.exit(int(ExitStatus.BAD_INPUT))


class TerminalProgress:
    """One self-overwriting status line on a terminal; cron (no TTY) never sees it."""

    def __init__(self, interval: float = 0.2) -> None:
        self._interval = interval
        self._last = 0.0
        self._shown = False

    @classmethod
    def if_terminal(cls) -> TerminalProgress | None:
        """A progress line when stderr is a terminal, else None."""
        return cls() if sys.stderr.isatty() else None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < self._interval:
            return
        self._last = now
        click.echo(f"\r{stage} {done}/{total}\x1b[K", err=True, nl=False)
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            click.echo("\r\x1b[K", err=True, nl=False)
