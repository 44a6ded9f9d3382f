"""Problems found in content: collected as values, reported all at once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, worded for an editor.

    `what` says what is wrong, `fix` says how to put it right; `line` is the
    file's own line number (1-based) or None when no single line is to blame.
    """

    path: str
    line: int | None
    what: str
    fix: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{display_path(self.path)}:{self.line}" if self.line else display_path(self.path)
        label = "warning: " if self.severity is Severity.WARNING else ""
        fix = f" — {self.fix}" if self.fix else ""
        return f"{where}: {label}{self.what}{fix}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as an editor would type it: relative to the working folder when inside it."""
    absolute = Path(path).resolve()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def warning(path: str, line: int | None, what: str, fix: str = "") -> Problem:
    return Problem(str(path), line, what, fix, Severity.WARNING)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (display_path(p.path), p.line or 0, p.what))


class ContentProblems(Exception):
    """Raised when content has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        errors = sum(p.is_error for p in self.problems)
        super().__init__(f"{errors} problem(s) in the content")
