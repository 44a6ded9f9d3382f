"""A Markdown reader that renders the way Pelican's MarkdownReader does, in two halves.

`portal.markdown.render_markdown_file` is the half that costs: Markdown to HTML, plain strings in and
out, so a worker process can do it (the content check's workers usually have already).
`PreparedMarkdownReader.read` is the cheap half, in the build's own process: it turns the header into
Pelican metadata (dates, categories, tags…), which hold the settings and stay here.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader
from pelican.utils import pelican_open
from portal.markdown import Rendering, render_with, text_digest

logger = logging.getLogger(__name__)


def read_text(path: str) -> str:
    with pelican_open(path) as text:  # Pelican's own opening: UTF-8, byte-order mark removed
        return str(text)


class PreparedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, taking renderings made ahead (in worker processes) when it has them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Absolute path → rendering, filled by hooks.prepare_renderings for this run's generator only
        # (another language run renders with its own settings).
        self.prepared: dict[str, Rendering] = {}

    def render(self, text: str) -> Rendering:
        return render_with(text, self.settings)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        self._source_path = source_path
        text = read_text(source_path)
        rendering = self.prepared.pop(source_path, None)
        if rendering is None or rendering.digest != text_digest(text):  # not prepared, or saved since
            rendering = self.render(text)
        return rendering.html, self.header_metadata(rendering)

    def header_metadata(self, rendering: Rendering) -> dict[str, Any]:
        """Pelican metadata from the header: formatted fields as their HTML, single-valued fields
        take their first value (with Pelican's warning), repeated fields stay lists."""
        metadata: dict[str, Any] = {}
        for name, values in rendering.header.items():
            if name in rendering.formatted:
                metadata[name] = self.process_metadata(name, rendering.formatted[name])
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
                if len(values) > 1:
                    logger.warning("Duplicate definition of `%s` for %s. Using first one.", name, self._source_path)
                metadata[name] = self.process_metadata(name, values[0])
            elif len(values) > 1:
                metadata[name] = self.process_metadata(name, values)
            else:
                metadata[name] = self.process_metadata(name, values[0])
        return metadata
