"""Checks on the Markdown text below the header: links, headings, callouts, raw HTML."""

from __future__ import annotations

import re
from pathlib import Path

from .fields import suggestion
from .problems import Problem
from .source import SourceFile

FENCE = re.compile(r"^\s*(```|~~~)")
INTERNAL_LINK = re.compile(r"[{|](?P<kind>filename|static|attach)[}|](?P<target>[^\s)\"'>]+)")
LEVEL_ONE_HEADING = re.compile(r"^#(?!#)\s*\S")
SETEXT_LEVEL_ONE = re.compile(r"^=+\s*$")
CALLOUT = re.compile(r"^!!!\s*(?P<kind>[\w-]*)")
CALLOUT_KINDS = ("note", "tip", "warning", "danger")
UNSAFE_HTML = (
    (
        re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|base)\b", re.I),
        "raw HTML <{0}> is not allowed in articles",
        "remove it; ask a developer if a page really needs it",
    ),
    (
        re.compile(r"<[a-z][^>]*\s(on[a-z]+)\s*=", re.I),
        "the HTML event handler '{0}' would run script",
        "remove the attribute",
    ),
    (
        re.compile(r"(javascript|vbscript)\s*:", re.I),
        "a '{0}:' address would run script",
        "link to a normal page address instead",
    ),
    (
        re.compile(r"<[a-z][^>]*\s(style)\s*=", re.I),
        "inline '{0}' attributes are blocked by the site's security policy",
        "remove it; the theme styles the page",
    ),
)


def unfenced_lines(source: SourceFile) -> list[tuple[int, str]]:
    """Body lines outside fenced code blocks (code may show anything)."""
    lines: list[tuple[int, str]] = []
    in_fence = False
    for number, text in source.body_lines:
        if FENCE.match(text):
            in_fence = not in_fence
            continue
        if not in_fence:
            lines.append((number, text))
    return lines


def check_body(source: SourceFile) -> list[Problem]:
    problems: list[Problem] = []
    if not source.body_text.strip():
        problems.append(
            Problem(
                source.path,
                None,
                "the file has no text below its header",
                "write the article text after one blank line",
            )
        )
        return problems
    lines = unfenced_lines(source)
    previous_text = ""
    for position, (number, text) in enumerate(lines):
        if LEVEL_ONE_HEADING.match(text) or (SETEXT_LEVEL_ONE.match(text) and previous_text.strip()):
            problems.append(
                Problem(
                    source.path,
                    number,
                    "a level-1 heading makes a second main title (the Title is the page's only one)",
                    "use '## ' for section headings",
                )
            )
        callout = CALLOUT.match(text)
        if callout:
            problems += check_callout(source, callout["kind"], number, lines[position + 1 :])
        for pattern, what, fix in UNSAFE_HTML:
            found = pattern.search(text)
            if found:
                problems.append(Problem(source.path, number, what.format(found.group(1).lower()), fix))
        previous_text = text
    return problems


def check_callout(source: SourceFile, kind: str, number: int, following: list[tuple[int, str]]) -> list[Problem]:
    problems: list[Problem] = []
    if kind not in CALLOUT_KINDS:
        problems.append(
            Problem(
                source.path,
                number,
                f"callout kind '{kind}' is not known",
                f"{suggestion(kind, list(CALLOUT_KINDS))}write '!!! ' followed by one of: {', '.join(CALLOUT_KINDS)}",
            )
        )
    next_text = next((text for _, text in following if text.strip()), "")
    if not next_text.startswith(("    ", "\t")):
        problems.append(
            Problem(
                source.path,
                number,
                "this callout box is empty: its text is not indented",
                "indent the lines of the box by 4 spaces",
            )
        )
    return problems


def internal_links(source: SourceFile) -> list[tuple[int, str, str]]:
    """(line, kind, target) for every {filename}/{static}/{attach} link outside code."""
    found = []
    for number, text in unfenced_lines(source):
        for match in INTERNAL_LINK.finditer(text):
            found.append((number, match["kind"], match["target"]))
    return found


def resolve_link(content_root: Path, source_path: Path, target: str) -> Path:
    """Where Pelican will look for a link target: content root for '/…', else beside the file."""
    bare = re.split(r"[#?]", target, maxsplit=1)[0]
    if bare.startswith("/"):
        return content_root / bare.lstrip("/")
    return source_path.parent / bare
