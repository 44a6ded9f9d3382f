"""Read a Markdown file the way Pelican's Markdown reader will, keeping line numbers.

Python-Markdown's `meta` extension takes `Key: value` lines from the top of the
file until the first blank line; indented lines continue the previous value.
We mirror those rules so every problem can name its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
YAML_FENCE = re.compile(r"^-{3}(\s.*)?$")
YAML_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")


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
        line = raw[: error.start].count(b"\n") + 1
        source.decode_error = f"line {line}"
        return source

    lines = text.splitlines()
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
        key_match = KEY_LINE.match(line)
        more_match = CONTINUATION_LINE.match(line)
        if key_match:
            current = HeaderField(key_match["key"], key_match["value"].strip(), number)
            earlier = source.fields.get(current.key.lower())
            if earlier:
                source.duplicates.append((earlier, current))
            else:
                source.fields[current.key.lower()] = current
            previous = current
        elif more_match and previous is not None:
            previous.value = f"{previous.value} {more_match['value'].strip()}".strip()
        else:
            # Markdown would start the body here; the contract wants a blank line first.
            source.stray_line = number
            break
        index += 1
    source.body_lines = [(i + 1, lines[i]) for i in range(index, len(lines))]
    return source
