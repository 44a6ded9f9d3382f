"""One Markdown rendering per file per build: made by whoever needs it first, used by everyone after.

The content check (content_contract) must see the HTML Pelican will publish, and Pelican's reader
(plugin reading) must produce it; both take `render_markdown_file`, so a file is converted once. The
check runs first, in worker processes; it `keep`s each rendering here and the reader `take`s it.

A rendering is used only for the exact text and Markdown settings it was made from (digest and
settings key), so a file saved between the check and the reader is simply rendered again. The reader
keeps what it renders too: the language runs after the first take the first run's renderings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markdown import Markdown

from .digest import stable


@dataclass(frozen=True)
class Rendering:
    digest: str  # of the text rendered: a rendering is used only for the text it was made from
    html: str
    header: dict[str, list[str]]  # the header fields as the meta extension read them, names in lower case
    formatted: dict[str, str] = field(default_factory=dict)  # FORMATTED_FIELDS (Summary…) rendered as HTML


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def text_of(data: bytes) -> str:
    """A file's text as Pelican opens it (pelican.utils.pelican_open): UTF-8 with universal newlines,
    the byte-order mark removed. Raises UnicodeDecodeError like Pelican would."""
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    return text[1:] if text.startswith("\ufeff") else text


def render_markdown_file(text: str, markdown: Mapping[str, Any], formatted_fields: list[str]) -> Rendering:
    """The file's body and formatted header fields in HTML, the steps Pelican's MarkdownReader takes:
    one Markdown instance per file; formatted fields converted by it after a reset, header reading off."""
    md = Markdown(**markdown)
    html = md.convert(text)
    header = {name.lower(): list(values) for name, values in getattr(md, "Meta", {}).items()}
    formatted = {}
    if any(name in formatted_fields for name in header):
        md.preprocessors.deregister("meta")  # a Summary that looks like a header is still text
        for name, values in header.items():
            if name in formatted_fields:
                md.reset()
                formatted[name] = md.convert("\n".join(values))
    return Rendering(text_digest(text), html, header, formatted)


def reader_config(markdown: Mapping[str, Any]) -> dict[str, Any]:
    """The MARKDOWN setting as Pelican's MarkdownReader completes it (in place, when it starts): every
    configured extension loaded, and the meta extension that reads the header."""
    config = {"extension_configs": {}, **markdown}
    extensions = list(config.get("extensions") or [])
    extensions += [name for name in config["extension_configs"] if name not in extensions]
    if "markdown.extensions.meta" not in extensions:
        extensions.append("markdown.extensions.meta")
    return {**config, "extensions": extensions}


def render_with(text: str, settings: Mapping[str, Any]) -> Rendering:
    """Rendered as Pelican's reader renders with these settings (Pelican's defaults where they are unset)."""
    return render_markdown_file(text, reader_config(settings.get("MARKDOWN") or {}), _formatted(settings))


def _formatted(settings: Mapping[str, Any]) -> list[str]:
    return list(settings.get("FORMATTED_FIELDS", ["summary"]))


# (absolute path, settings key) → rendering, for this process. Kept until the next check replaces it.
_kept: dict[tuple[str, str], Rendering] = {}


def settings_key(settings: Mapping[str, Any]) -> str:
    """What a rendering depends on besides the text. An extension given as an object is described by its
    class and state, so the equal extension each language run adds (safe_links) gives the same key."""
    config = reader_config(settings.get("MARKDOWN") or {})
    config["extensions"] = [_described(extension) for extension in config["extensions"]]
    return stable([config, _formatted(settings)])


def _described(extension: Any) -> str:
    if isinstance(extension, str):
        return extension
    kind = type(extension)
    return f"{kind.__module__}.{kind.__qualname__}{stable(vars(extension))}"


def keep(path: str, settings: Mapping[str, Any], rendering: Rendering) -> None:
    _kept[(path, settings_key(settings))] = rendering


def take(path: str, settings: Mapping[str, Any], text: str) -> Rendering | None:
    """The kept rendering of exactly this text with these settings, or None."""
    rendering = _kept.get((path, settings_key(settings)))
    return rendering if rendering is not None and rendering.digest == text_digest(text) else None


def forget_all() -> None:
    _kept.clear()
