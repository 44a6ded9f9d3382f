"""Run every plugin's content checks and print the problems an editor must fix."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from content_contract.public import MARKDOWN_SUFFIXES, check_settings, go_live_problems
from portal.problems import Problem, sort_problems

from .pipeline import CONTENT_CHECKS, enabled
from .progress import still_working


def run_checks(settings: dict[str, Any]) -> list[Problem]:
    """The settings check, every enabled plugin's content check (pipeline.CONTENT_CHECKS), the go-live check."""
    problems: list[Problem] = check_settings(settings)
    if any(problem.is_error for problem in problems):
        return sort_problems(problems)  # content checks would only trip over the same mistake
    with still_working("checking the content"):  # problems print at the end; say why nothing shows yet
        for step in enabled(CONTENT_CHECKS, settings):
            problems += step.function()(settings)
    # After the content checks, so a refused publish also lists what else must be fixed.
    return sort_problems(problems + go_live_problems(settings))


def report(problems: list[Problem], stream: TextIO | None = None, checked: str = "") -> int:
    """Print problems, then one line saying how it went (`checked`: what was read, e.g. "3 articles, 1 page");
    return how many are errors."""
    stream = stream or sys.stderr  # looked up now, so a redirected stderr is honoured
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    for problem in errors + warnings:
        print(printable(str(problem)), file=stream)
    if errors:
        print(
            f"\n{len(errors)} error(s), {len(warnings)} warning(s): nothing was published; "
            "the last good site is unchanged.",
            file=stream,
        )
    elif warnings:
        print(f"{checked}: 0 errors, {plural(len(warnings), 'warning')}".removeprefix(": "), file=stream)
    elif checked:
        print(f"{checked}: no problems", file=stream)
    return len(errors)


def check_and_report(settings: dict[str, Any], stream: TextIO | None = None) -> int:
    """Every check, its problems printed and one closing line; returns how many are errors."""
    return report(run_checks(settings), stream, content_summary(settings))


def content_summary(settings: Mapping[str, Any]) -> str:
    """'12 articles, 5 pages, 12 outlets, 2 campaigns': what the checks read, so a clean run says something."""
    root = Path(settings["PATH"])
    plugins = {name if isinstance(name, str) else getattr(name, "__name__", "") for name in settings["PLUGINS"]}
    parts = [
        plural(_markdown_files(root, settings.get("ARTICLE_PATHS", [])), "article"),
        plural(_markdown_files(root, settings.get("PAGE_PATHS", [])), "page"),
    ]
    if "outlets" in plugins:
        from outlets.reader import OUTLETS_FILE
        from portal.tables import count_rows

        parts.append(plural(count_rows(root / settings.get("OUTLETS_FILE", OUTLETS_FILE)), "outlet"))
    if "campaigns" in plugins:
        folder = root / settings.get("CAMPAIGNS_FOLDER", "campaigns")
        parts.append(plural(len(list(folder.glob("*.md"))) if folder.is_dir() else 0, "campaign"))
    return ", ".join(parts)


def _markdown_files(root: Path, folders: list[str]) -> int:
    return sum(
        1
        for folder in folders
        for path in (root / folder).rglob("*")
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() in MARKDOWN_SUFFIXES
    )


def printable(text: str) -> str:
    """A message quoting an editor's text: control characters and line separators in it are shown as
    <U+001E>, so the message stays on one line and cannot drive the terminal (an escape sequence)."""
    return "".join(f"<U+{ord(ch):04X}>" if _invisible(ch) else ch for ch in text)


def _invisible(ch: str) -> bool:
    return ch != "\t" and unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
