"""Checks on the Markdown text below the header: links, headings, callouts, raw HTML."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from portal.problems import Problem, suggestion

from .source import SourceFile

FENCE = re.compile(r"^\s*(```|~~~)")
INTERNAL_LINK = re.compile(r"[{|](?P<kind>filename|static|attach)[}|](?P<target>[^\s)\"'>]+)")
LEVEL_ONE_HEADING = re.compile(r"^#(?!#)\s*\S")
SETEXT_LEVEL_ONE = re.compile(r"^=+\s*$")
CALLOUT = re.compile(r"^!!!\s*(?P<kind>[\w-]*)")
CALLOUT_KINDS = ("note", "tip", "warning", "danger")
# Raw HTML an article may not carry: it runs script, loads other pages, or asks readers for data.
UNSAFE_ELEMENTS = (
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style",
    "form", "input", "textarea", "select", "button",
)  # fmt: skip
# Browsers drop tabs and line breaks inside addresses, and decode &#…; first: "java&#9;script:" still runs.
SCRIPT_ADDRESS = re.compile(r"(javascript|vbscript)\s*:|data\s*:\s*text/html", re.I)
URL_CONTROL = re.compile(r"[\x00-\x1f]")


class _TagScanner(HTMLParser):
    """Every start tag in a piece of Markdown, with its line: raw HTML may span lines, so one
    line at a time would miss `<img` on one line and `onerror=` on the next."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, list[tuple[str, str | None]]]] = []
        self.raw: list[str] = []  # each tag as written, to find the line of one attribute in it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((self.getpos()[0], tag, attrs))
        self.raw.append(self.get_starttag_text() or "")

    handle_startendtag = handle_starttag


def attribute_line(tag_line: int, raw_tag: str, name: str) -> int:
    """The line an attribute is written on, when a tag spans several lines."""
    found = re.search(rf"[\s/\"']{re.escape(name)}\b", raw_tag, re.I)
    return tag_line + raw_tag[: found.start() + 1].count("\n") if found else tag_line


def unsafe_html(text: str) -> list[tuple[int, str, str]]:
    """(line within `text`, what is wrong, how to fix it) for everything in `text` that would run script,
    load another page or be blocked by the site's security policy."""
    found: list[tuple[int, str, str]] = []
    scanner = _TagScanner()
    scanner.feed(text)
    scanner.close()
    for (tag_line, tag, attributes), raw in zip(scanner.tags, scanner.raw, strict=True):
        line = tag_line
        if tag in UNSAFE_ELEMENTS:
            found.append(
                (
                    line,
                    f"raw HTML <{tag}> is not allowed in articles",
                    "remove it; ask a developer if a page really needs it",
                )
            )
        for name, value in attributes:
            line = attribute_line(tag_line, raw, name)
            if name.startswith("on"):
                found.append((line, f"the HTML event handler '{name}' would run script", "remove the attribute"))
            elif name == "style":
                found.append(
                    (
                        line,
                        "inline 'style' attributes are blocked by the site's security policy",
                        "remove it; the theme styles the page",
                    )
                )
            elif value and SCRIPT_ADDRESS.match(URL_CONTROL.sub("", value).strip()):
                scheme = URL_CONTROL.sub("", value).strip().split(":")[0].strip().lower()
                found.append((line, f"a '{scheme}:' address would run script", "link to a normal page address instead"))
    for number, line_text in enumerate(text.split("\n"), 1):
        squeezed = URL_CONTROL.sub("", html.unescape(line_text))
        match = re.search(r"(javascript|vbscript)\s*:", squeezed, re.I)
        if match and not any(line == number and "address would run script" in what for line, what, _ in found):
            found.append(
                (number, f"a '{match[1].lower()}:' address would run script", "link to a normal page address instead")
            )
    return found


# Invisible characters that copying from Word or a PDF can bring in; feeds (XML) cannot hold them at all.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# Bidirectional controls make text show in another order than it is read: a phone number shows one number
# and dials another. The site's languages (English, Chinese) never need them.
BIDI_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BIDI_FIX = "delete it: retype the text, or paste it as plain text"


def bidi_problem(text: str) -> str | None:
    """What is wrong when `text` holds a bidirectional-control character, else None."""
    found = BIDI_CONTROL.search(text)
    if found is None:
        return None
    return f"this text holds an invisible direction mark (U+{ord(found[0]):04X}) that shows it in another order"


def check_control_characters(path: str, text: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        bidi = bidi_problem(line)
        if bidi:
            problems.append(Problem(path, number, bidi, BIDI_FIX))
        found = CONTROL_CHARACTER.search(line)
        if found:
            problems.append(
                Problem(
                    path,
                    number,
                    f"this line holds an invisible control character (U+{ord(found[0]):04X}) that feeds cannot carry",
                    "delete it: retype the line, or paste the text as plain text",
                )
            )
    return problems


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
        previous_text = text
    problems += check_raw_html(source)
    return problems


def check_raw_html(source: SourceFile) -> list[Problem]:
    """Unsafe raw HTML in the text (outside fenced code), with the file's own line numbers."""
    if not source.body_lines:
        return []
    kept = {number for number, _ in unfenced_lines(source)}
    first = source.body_lines[0][0]
    text = "\n".join(line if number in kept else "" for number, line in source.body_lines)
    return [Problem(source.path, first - 1 + line, what, fix) for line, what, fix in unsafe_html(text)]


def check_header_html(source: SourceFile, formatted: tuple[str, ...] = ("summary",)) -> list[Problem]:
    """Header fields Pelican renders as Markdown (FORMATTED_FIELDS: the Summary) become HTML like the text.
    Other fields (Title, Tags…) are plain text that templates always escape."""
    problems = []
    for key, found in source.fields.items():
        if key not in formatted:
            continue
        for _, what, fix in unsafe_html(found.value):
            problems.append(Problem(source.path, found.line, f"{found.key}: {what}", fix))
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
