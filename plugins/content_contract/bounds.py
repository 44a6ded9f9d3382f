"""Limits on Markdown shapes that make Python-Markdown slow or make it fail without a reason.

Measured on Python-Markdown 3 (see issue 13): each `[` that never closes makes the link patterns
scan the rest of its paragraph again, so 2,000 of them in one paragraph take seconds and 40 KB take
minutes. A `<a` that never reaches its `>` makes the HTML parser read the rest of the file again, so
thousands of them take minutes too. Very deep list or quote nesting recurses until
Pelican gives up with "Could not process" and no reason. These checks run on the source, before
anything is rendered, and name the line. The limits are far above anything the site's articles use
(at most 4 `[` in a paragraph, no unfinished tag, 1 level of nesting).
"""

from __future__ import annotations

import re

from portal.problems import Problem

from .source import SourceFile

# Per paragraph: brackets that never close, and every `[` (balanced ones cost too, far less).
MAX_UNCLOSED_BRACKETS = 8
MAX_BRACKETS = 200
MAX_UNFINISHED_TAGS = 20
# Lists and quotes inside each other: a level is a `>` or four columns of indentation.
MAX_NESTING = 8
MAX_REPORTED = 20  # per file: a pasted file can break the limits in every paragraph
# A tag start that meets another `<` or a blank line before its `>`.
UNFINISHED_TAG = re.compile(r"<[A-Za-z/!?][^<>]*?(?=<|\n[ \t]*\n|\Z)")
ESCAPED = re.compile(r"\\.")  # `\[` and `\<` are plain characters to Markdown and cost nothing
QUOTE_MARKS = re.compile(r"^(?:[ ]{0,3}>)+")


def _nesting(line: str) -> int:
    """Levels of quote (`>`) and list indentation (4 columns, a tab is 4) in front of the text."""
    quotes = QUOTE_MARKS.match(line)
    depth = quotes.group(0).count(">") if quotes else 0
    rest = line[quotes.end() :] if quotes else line
    columns = 0
    for character in rest:
        if character == " ":
            columns += 1
        elif character == "\t":
            columns += 4 - columns % 4
        else:
            break
    return depth + columns // 4


def _paragraphs(source: SourceFile) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines: Markdown's inline patterns work on one such block at a time."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, text in source.body_lines:
        if text.strip():
            blocks[-1].append((number, text))
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _bracket_problem(path: str, block: list[tuple[int, str]]) -> Problem | None:
    """The line where a paragraph passes a bracket limit, if it does."""
    open_lines: list[int] = []  # the line of each `[` not closed yet
    brackets = 0
    for number, text in block:
        for character in ESCAPED.sub("", text):
            if character == "[":
                brackets += 1
                open_lines.append(number)
            elif character == "]" and open_lines:
                open_lines.pop()
            if brackets > MAX_BRACKETS:
                return Problem(
                    path,
                    number,
                    f"this paragraph has more than {MAX_BRACKETS} '[' (links or brackets)",
                    "split it into shorter paragraphs with blank lines, or write a bracket that is text as \\[",
                )
    if len(open_lines) > MAX_UNCLOSED_BRACKETS:
        return Problem(
            path,
            open_lines[0],
            f"this paragraph has {len(open_lines)} '[' that are never closed with ']' "
            f"(at most {MAX_UNCLOSED_BRACKETS}; the first is on this line)",
            "close each link's text with ']', or write a bracket that is text as \\[",
        )
    return None


def _unfinished_tag_line(source: SourceFile) -> int | None:
    """The line of the first unfinished tag over the limit, if the file has too many."""
    text = source.body_text
    for count, found in enumerate(UNFINISHED_TAG.finditer(text), start=1):
        if count > MAX_UNFINISHED_TAGS:
            return source.body_lines[text.count("\n", 0, found.start())][0]
    return None


def check_bounds(source: SourceFile) -> list[Problem]:
    """Problems with the size and shape of the text; when there are any, nothing should render it."""
    problems: list[Problem] = []
    nested = next(((n, t) for n, t in source.body_lines if _nesting(t) > MAX_NESTING), None)
    if nested is not None:
        problems.append(
            Problem(
                source.path,
                nested[0],
                f"lists or quotes are nested {_nesting(nested[1])} levels deep here (at most {MAX_NESTING})",
                "flatten the list or quote; each '>' or four spaces of indentation is one level",
            )
        )
    unfinished = _unfinished_tag_line(source)
    if unfinished is not None:
        problems.append(
            Problem(
                source.path,
                unfinished,
                f"more than {MAX_UNFINISHED_TAGS} '<' in this file start an HTML tag that never ends with '>'; "
                "this is the first one over the limit",
                "end each tag with '>', or write a '<' that is text as &lt;",
            )
        )
    # Header values too: the Summary is rendered as Markdown like the text.
    blocks = [[(found.line, found.value)] for found in source.fields.values()] + _paragraphs(source)
    for block in blocks:
        found = _bracket_problem(source.path, block)
        if found is not None:
            problems.append(found)
    if len(problems) > MAX_REPORTED:
        more = len(problems) - MAX_REPORTED
        problems = problems[:MAX_REPORTED]
        problems.append(
            Problem(
                source.path,
                problems[-1].line,
                f"…and {more:,} more places in this file over the same limits",
                "fix the ones above first",
            )
        )
    return problems
