"""Problems found in records, as values: the one currency of the checker."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors fail every run, warnings fail ``--strict`` runs."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one place in one file.

    Attributes:
        path: POSIX path relative to the folder of ``mkdocs.yml``.
        line: 1-based line of the offending key or value.
        column: 1-based column of the offending key or value.
        severity: error or warning.
        rule: a stable, kebab-case rule id, e.g. ``schema-unknown-key``.
        message: plain words a board manager understands.
    """

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by path, then position, then rule: the order reports use."""
        return (self.path, self.line, self.column, self.rule, self.message)

    def format(self) -> str:
        """Render as ``PATH:LINE:COL: severity: message [rule]``."""
        return (
            f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"
        )

    def as_dict(self) -> dict[str, str | int]:
        """A JSON-ready mapping with the keys DESIGN.md fixes."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "rule": self.rule,
            "message": self.message,
        }


@dataclass(slots=True)
class ProblemSink:
    """Collects problems for one file so that helpers need not carry the path around."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def error(self, line: int, column: int, rule: str, message: str) -> None:
        """Record an error at ``line``:``column``."""
        self.problems.append(Problem(self.path, line, column, Severity.ERROR, rule, message))

    def warning(self, line: int, column: int, rule: str, message: str) -> None:
        """Record a warning at ``line``:``column``."""
        self.problems.append(Problem(self.path, line, column, Severity.WARNING, rule, message))


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Return the problems sorted by path then line, without duplicates."""
    return sorted(set(problems), key=Problem.sort_key)
