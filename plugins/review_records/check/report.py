"""Reporters: turn a list of problems into text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ..problems import Problem

__all__ = ["REPORTERS", "github_report", "json_report", "summary_line", "text_report"]


def summary_line(problems: Sequence[Problem], files: int) -> str:
    """One line: how many files were checked and what was found."""
    errors = sum(1 for problem in problems if problem.severity == "error")
    warnings = len(problems) - errors
    checked = f"checked {files} file{'s' if files != 1 else ''}"
    if not problems:
        return f"{checked}: no problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{checked}: {', '.join(parts)}"


def text_report(problems: Sequence[Problem], files: int) -> str:
    """``PATH:LINE:COL: severity: message [rule]`` lines, then the summary line."""
    lines = [problem.format() for problem in problems]
    lines.append(summary_line(problems, files))
    return "\n".join(lines) + "\n"


def json_report(problems: Sequence[Problem], files: int) -> str:
    """A JSON list of problem objects (``path line column severity rule message``)."""
    return json.dumps([problem.as_dict() for problem in problems], indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_report(problems: Sequence[Problem], files: int) -> str:
    """GitHub Actions workflow commands, so problems annotate the changed lines."""
    lines = [
        f"::{problem.severity} file={_escape_property(problem.path)},line={problem.line},"
        f"col={problem.column},title={_escape_property(problem.rule)}::"
        f"{_escape_data(problem.message)}"
        for problem in problems
    ]
    lines.append(summary_line(problems, files))
    return "\n".join(lines) + "\n"


#: Report format name → reporter.
REPORTERS: dict[str, Callable[[Sequence[Problem], int], str]] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
}
