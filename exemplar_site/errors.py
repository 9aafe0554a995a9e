"""Problems found in a site's files, and the exceptions that carry them to the command line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one file: shown to staff as `PATH:LINE: error|warning: MESSAGE`."""

    path: str
    line: int | None
    severity: Severity
    message: str

    def format(self) -> str:
        """Return the one-line form that editors and CI logs understand."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(path: str, line: int | None, message: str) -> Problem:
    """Shorthand for an error problem."""
    return Problem(path, line, "error", message)


def warning(path: str, line: int | None, message: str) -> Problem:
    """Shorthand for a warning problem."""
    return Problem(path, line, "warning", message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, then line, so a report reads top to bottom."""
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.severity, p.message))


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error (warnings alone do not fail a build)."""
    return any(p.is_error for p in problems)


class UsageError(Exception):
    """The command cannot run as asked (bad folder, unsafe output): exit status 2."""


class Refused(Exception):
    """The command would destroy work (e.g. overwrite a file): exit status 1, nothing changed."""


class ContentError(Exception):
    """The content has errors; carries every problem found so all are shown at once."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sort_problems(problems)
        super().__init__(f"{sum(p.is_error for p in self.problems)} error(s) in the content")
