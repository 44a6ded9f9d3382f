"""Read a Markdown file the way Pelican's Markdown reader will, keeping line numbers.

Python-Markdown's `meta` extension takes `Key: value` lines from the top of the
file until the first blank line; indented lines continue the previous value.
We mirror those rules so every problem can name its line. Three slips are kept apart so they can be
named instead of cascading: a header line typed with a tab or spaces in front (Markdown would glue it to
the line above), recorded in `indented`; one with the Chinese colon or a space before the colon, recorded
in `slipped_colons`; and the first line that ends the header without a blank line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
YAML_FENCE = re.compile(r"^-{3}(\s.*)?$")
YAML_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
INDENTED_KEY_LINE = re.compile(r"^(?P<indent>[ \t\u3000\u00a0]+)(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
# 'Title：…' (the Chinese colon) or 'Title : …': Markdown sees no header line there.
SLIPPED_COLON_LINE = re.compile(r"^(?P<written>(?P<key>[A-Za-z0-9_-]+)(?:\s*：|\s+:))\s*(?P<value>.*)$")
TAB_LENGTH = 4  # Python-Markdown expands tabs to four spaces before reading the header
# Every header field the site reads (articles, pages, campaigns, Pelican's own). An indented line that
# starts with one of them is a header line with a tab or spaces in front, not a continuation.
KNOWN_KEYS = frozenset({
    "title", "date", "topic", "summary", "reviewed", "audience", "tags", "slug", "modified", "status", "lang",
    "leaflet", "start", "end", "leaflets", "author", "authors", "template", "translation", "save_as", "url",
})  # fmt: skip


@dataclass
class HeaderField:
    key: str  # as written
    value: str
    line: int


@dataclass
class SourceFile:
    path: str
    fields: dict[str, HeaderField] = field(default_factory=dict)  # by lowercased key
    duplicates: list[tuple[HeaderField, HeaderField]] = field(default_factory=list)
    body_lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    stray_line: int | None = None  # a non-header line where a blank line was expected
    indented: list[tuple[HeaderField, str]] = field(default_factory=list)  # (field, the tab/spaces before it)
    slipped_colons: list[tuple[HeaderField, str]] = field(default_factory=list)  # (field, 'Title：' as written)
    decode_error: str | None = None

    def get(self, key: str) -> str | None:
        found = self.fields.get(key.lower())
        return found.value if found else None

    def line_of(self, key: str) -> int:
        found = self.fields.get(key.lower())
        return found.line if found else 1

    @property
    def body_text(self) -> str:
        return "\n".join(text for _, text in self.body_lines)


def parse_source(path: str, raw: bytes) -> SourceFile:
    source = SourceFile(path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_line = raw[: error.start].count(b"\n") + 1
        source.decode_error = f"line {bad_line}"
        return source

    # Lines as Markdown splits them (not str.splitlines, which also breaks at U+2028, form feeds…).
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    index = 0
    if lines and YAML_FENCE.match(lines[0]):
        index = 1
    previous: HeaderField | None = None
    while index < len(lines):
        line = lines[index]
        number = index + 1
        if not line.strip():
            index += 1
            break
        if YAML_END.match(line) and index > 0:
            index += 1
            break
        indented = INDENTED_KEY_LINE.match(line)
        # One to three spaces are fine for Markdown too; a tab or four spaces would join the line above, and
        # after a full-width or no-break space Markdown sees no header line at all.
        if indented and _breaks_header(indented["indent"]) and _is_known_key(indented["key"]):
            previous = _add_field(source, HeaderField(indented["key"], indented["value"].strip(), number))
            source.indented.append((previous, indented["indent"]))
            index += 1
            continue
        slipped = SLIPPED_COLON_LINE.match(line)
        if slipped and _is_known_key(slipped["key"]):
            previous = _add_field(source, HeaderField(slipped["key"], slipped["value"].strip(), number))
            source.slipped_colons.append((previous, slipped["written"]))
            index += 1
            continue
        expanded = line.expandtabs(TAB_LENGTH)
        key_match = KEY_LINE.match(expanded)
        more_match = CONTINUATION_LINE.match(expanded)
        if key_match:
            previous = _add_field(source, HeaderField(key_match["key"], key_match["value"].strip(), number))
        elif more_match and previous is not None:
            previous.value = f"{previous.value} {more_match['value'].strip()}".strip()
        else:
            # Markdown would start the body here; the contract wants a blank line first.
            source.stray_line = number
            break
        index += 1
    source.body_lines = [(i + 1, lines[i]) for i in range(index, len(lines))]
    return source


def _add_field(source: SourceFile, current: HeaderField) -> HeaderField:
    earlier = source.fields.get(current.key.lower())
    if earlier:
        source.duplicates.append((earlier, current))
    else:
        source.fields[current.key.lower()] = current
    return current


def _breaks_header(indent: str) -> bool:
    return bool(indent.strip(" ")) or len(indent) > 3


def _is_known_key(key: str) -> bool:
    """A field the site reads, or a near-miss of one ('Topc'): either way a header line, not more text."""
    lowered = key.lower()
    return lowered in KNOWN_KEYS or bool(difflib.get_close_matches(lowered, KNOWN_KEYS, n=1, cutoff=0.8))
