"""Problems found in content: collected as values, reported all at once.

Every check of the build (articles, outlets.csv, campaigns, settings) reports a Problem worded for an
editor: `path:line: what is wrong — how to fix it`. Nothing here knows about any one kind of file.
"""

from __future__ import annotations

import difflib
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


def cell_problem(path: str | os.PathLike[str], line: int | None, column: str | None, what: str, fix: str) -> Problem:
    """A problem in one cell of a table: `column: what` (or just `what` for the whole row or file)."""
    return Problem(str(path), line, f"{column}: {what}" if column else what, fix)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (display_path(p.path), p.line or 0, p.what))


def quote(text: str, limit: int = 40) -> str:
    """Editor text inside a message: printable, shortened, quoted."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return f"'{clean[:limit]}…'" if len(clean) > limit else f"'{clean}'"


def suggestion(word: str, choices: list[str]) -> str:
    """The words "did you mean 'x'? " for the closest choice, or "" when none is close."""
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


class ContentProblems(Exception):
    """Raised when content has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        errors = sum(p.is_error for p in self.problems)
        super().__init__(f"{errors} problem(s) in the content")
