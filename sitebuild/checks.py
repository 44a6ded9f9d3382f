"""Run every plugin's content checks and print the problems an editor must fix."""

from __future__ import annotations

import importlib
import sys
from typing import Any, TextIO

from content_contract.problems import Problem, sort_problems
from content_contract.settings_check import check_settings

from .progress import still_working


def run_checks(settings: dict[str, Any]) -> list[Problem]:
    """Problems from every enabled plugin that offers `check_content(settings)`."""
    problems: list[Problem] = check_settings(settings)
    if any(problem.is_error for problem in problems):
        return sort_problems(problems)  # content checks would only trip over the same mistake
    with still_working("checking the content"):  # problems print at the end; say why nothing shows yet
        for name in settings.get("PLUGINS", []):
            module = importlib.import_module(name) if isinstance(name, str) else name
            checker = getattr(module, "check_content", None)
            if checker is not None:
                problems += checker(settings)
    return sort_problems(problems)


def report(problems: list[Problem], stream: TextIO = sys.stderr) -> int:
    """Print problems; return how many are errors."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    for problem in errors + warnings:
        print(problem, file=stream)
    if errors:
        print(
            f"\n{len(errors)} error(s), {len(warnings)} warning(s): nothing was published; "
            "the last good site is unchanged.",
            file=stream,
        )
    elif warnings:
        print(f"{len(warnings)} warning(s), no errors.", file=stream)
    return len(errors)
