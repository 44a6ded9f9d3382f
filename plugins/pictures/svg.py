"""What an SVG may not carry: it is published as it is, and a browser opening it runs what it holds."""

from __future__ import annotations

import re
from xml.parsers import expat

# Elements that run script or pull in other documents (HTML inside foreignObject can hold anything).
REFUSED_ELEMENTS = frozenset({"script", "foreignobject", "handler", "iframe", "embed", "object", "listener"})
LINK_ATTRIBUTES = frozenset({"href", "xlink:href", "src"})
OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)
SCRIPT_ADDRESS = re.compile(r"(javascript|vbscript)\s*:|data\s*:", re.I)


def svg_problems(text: str) -> list[tuple[int, str]]:
    """(line, what is wrong) for everything in an SVG that would run script or load something
    from elsewhere; a file that is not well-formed XML is one problem."""
    found: list[tuple[int, str]] = []
    parser = expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        local = name.rsplit(":", 1)[-1].lower()
        if local in REFUSED_ELEMENTS:
            found.append((line, f"the SVG holds a <{name}> element, which can run script"))
        for key, value in attrs.items():
            lowered = key.lower()
            if lowered.rsplit(":", 1)[-1].startswith("on"):
                found.append((line, f"the SVG holds the event handler '{key}', which would run script"))
            elif SCRIPT_ADDRESS.search(value) and ("script" in value.lower() or lowered in LINK_ATTRIBUTES):
                found.append((line, f"the SVG's '{key}' holds a script or data address"))
            elif lowered in LINK_ATTRIBUTES and not value.strip().startswith("#"):
                found.append((line, f"the SVG's '{key}' links to {value.strip()[:60]!r}, outside the picture"))
            elif OUTSIDE_URL.search(value):
                found.append((line, f"the SVG's '{key}' loads url(…) from outside the picture"))

    def text_data(data: str) -> None:  # <style> text: @import and url() load other files
        if OUTSIDE_URL.search(data) or "@import" in data.lower():
            found.append((parser.CurrentLineNumber, "the SVG's style loads a file from outside the picture"))

    def entity(*_args: object) -> None:  # entities can expand to gigabytes or read local files
        found.append((parser.CurrentLineNumber, "the SVG declares an XML entity"))

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text_data
    parser.EntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *_args: 1
    try:
        parser.Parse(text, True)
    except expat.ExpatError as error:
        found.append((error.lineno, f"the SVG is not well-formed XML ({expat.errors.messages[error.code]})"))
    return found
