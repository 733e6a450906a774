"""Formatting validation reports: text lines, a summary line, one JSON document, exit status."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from publisher.errors import ExitStatus, Problem, Severity
from publisher.validate.rules import RULES_BY_ID, Rule

if TYPE_CHECKING:
    from publisher.validate import ValidationReport


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A target that could not be read, with the reason."""

    target: str
    message: str


def finding_line(problem: Problem) -> str:
    """``path:line:column: severity rule-id message`` (line and column when known)."""
    return f"{problem.location()}: {problem.severity.value} {problem.rule} {problem.message}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _counts(reports: Sequence[ValidationReport]) -> tuple[int, int]:
    errors = sum(len(report.errors) for report in reports)
    warnings = sum(len(report.warnings) for report in reports)
    return errors, warnings


def _platform(reports: Sequence[ValidationReport]) -> int:
    return sum(len(report.platform) for report in reports)


def summary_line(reports: Sequence[ValidationReport], unreadable: Sequence[Unreadable]) -> str:
    """E.g. ``3 files checked: 1 error, 2 warnings`` (``, 1 platform finding`` when a
    podcast platform would refuse something)."""
    errors, warnings = _counts(reports)
    line = (
        f"{_plural(len(reports), 'file')} checked: "
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    )
    if platform := _platform(reports):
        line += f", {_plural(platform, 'platform finding')}"
    if unreadable:
        line += f", {len(unreadable)} unreadable"
    return line


def exit_status(
    reports: Sequence[ValidationReport], unreadable: Sequence[Unreadable], strict: bool
) -> ExitStatus:
    """2 if a target was unreadable, 1 if any error (or, under --strict, a warning or a
    platform finding), else 0.

    A platform finding is about a valid feed (one the W3C validator passes): like a
    warning, it fails the check only when asked to, so a feed valid by its specifications
    never fails ``validate`` by default."""
    if unreadable:
        return ExitStatus.USAGE
    errors, warnings = _counts(reports)
    if errors or (strict and (warnings or _platform(reports))):
        return ExitStatus.BAD_INPUT
    return ExitStatus.OK


def by_line(problems: Sequence[Problem]) -> list[Problem]:
    """Findings in source order: document-wide ones (no line) first, then by line and column."""
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def fix_of(problem: Problem) -> str | None:
    """The one-line fix for a finding's rule; None for infos, which need none."""
    if problem.severity is Severity.INFO:
        return None
    return RULES_BY_ID[problem.rule].fix


def text_lines(reports: Sequence[ValidationReport], fixes: bool = True) -> list[str]:
    """One line per finding, by target then by line, each followed by ``  fix: ...``."""
    lines: list[str] = []
    for report in reports:
        for problem in by_line(report.problems):
            lines.append(finding_line(problem))
            fix = fix_of(problem) if fixes else None
            if fix:
                lines.append(f"  fix: {fix}")
    return lines


def _escape_property(value: str) -> str:
    return (
        value.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_lines(reports: Sequence[ValidationReport]) -> list[str]:
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=rule::message``."""
    lines: list[str] = []
    for report in reports:
        for problem in by_line(report.problems):
            level = {"error": "error", "platform": "warning", "warning": "warning"}.get(
                problem.severity.value, "notice"
            )
            props = [f"file={_escape_property(report.target)}"]
            if problem.line is not None:
                props.append(f"line={problem.line}")
                if problem.column is not None:
                    props.append(f"col={problem.column}")
            props.append(f"title={_escape_property(problem.rule)}")
            message = problem.message
            fix = fix_of(problem)
            if fix:
                message += f" (fix: {fix})"
            lines.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    return lines


def _problem_json(problem: Problem) -> dict[str, object]:
    return {
        "rule": problem.rule,
        "severity": problem.severity.value,
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
        "fix": fix_of(problem),
    }


def json_document(
    reports: Sequence[ValidationReport], unreadable: Sequence[Unreadable], strict: bool
) -> str:
    """The whole run as one JSON document."""
    errors, warnings = _counts(reports)
    document = {
        "targets": [
            {
                "target": report.target,
                "format": report.format,
                "valid": not report.errors and not (strict and report.warnings),
                # A valid feed a podcast platform would still refuse.
                "accepted_by_platforms": not report.errors and not report.platform,
                "findings": [_problem_json(problem) for problem in by_line(report.problems)],
            }
            for report in reports
        ],
        "unreadable": [{"target": u.target, "message": u.message} for u in unreadable],
        "summary": {
            "files": len(reports),
            "errors": errors,
            "warnings": warnings,
            "platform": _platform(reports),
            "unreadable": len(unreadable),
            "strict": strict,
            "exit_status": int(exit_status(reports, unreadable, strict)),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def rules_lines(rules: Sequence[Rule]) -> list[str]:
    """``rule-id  severity  summary``, aligned, for ``--rules``."""
    width = max(len(rule.id) for rule in rules)
    return [f"{rule.id:<{width}}  {rule.severity.value:<8}  {rule.summary}" for rule in rules]
