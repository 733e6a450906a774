"""Click commands that live in their own modules, and the error handling they share."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

import click

from publisher.errors import Problem, ProblemsFound, PublisherError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn PublisherError into one line per problem on stderr and its exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ProblemsFound as exc:
            print_problems(exc.problems)
            sys.exit(int(exc.exit_status))
        except PublisherError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(int(exc.exit_status))

    return wrapper  # type: ignore[return-value]  # wraps keeps the signature


def print_problems(problems: Iterable[Problem]) -> None:
    """One line per problem on stderr, in file order."""
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
        click.echo(str(problem), err=True)
