"""Pelican signal handlers: the prepared reader in Pelican's place, renderings made before reading."""

from __future__ import annotations

import os
from typing import Any

from portal.workers import build_workers, in_workers

from .reader import PreparedMarkdownReader, Rendering, read_text


def use_prepared_reader(readers: Any) -> None:
    for extension in PreparedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = PreparedMarkdownReader


def prepare_renderings(generator: Any) -> None:
    """Render, on every core, the generator's Markdown files that Pelican's content cache lacks."""
    settings = generator.settings
    kind = "ARTICLE" if type(generator).__name__ == "ArticlesGenerator" else "PAGE"
    readers = generator.readers
    todo: list[tuple[str, PreparedMarkdownReader]] = []
    for name in sorted(generator.get_files(settings[f"{kind}_PATHS"], exclude=settings[f"{kind}_EXCLUDES"])):
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = readers.readers.get(path.rsplit(".", 1)[-1])
        if isinstance(reader, PreparedMarkdownReader) and readers.get_cached_data(path, None) is None:
            todo.append((path, reader))

    def render(job: tuple[str, PreparedMarkdownReader]) -> Rendering:
        path, reader = job
        return reader.render(read_text(path))

    for (path, reader), rendering in zip(todo, in_workers(render, todo, build_workers(settings)), strict=True):
        reader.prepared[path] = rendering
