"""Pelican signal handlers: the prepared reader in Pelican's place, renderings made before reading."""

from __future__ import annotations

import os
from typing import Any

from portal.markdown import Rendering, keep, take
from portal.workers import build_workers, in_workers

from .reader import PreparedMarkdownReader, read_text


def use_prepared_reader(readers: Any) -> None:
    for extension in PreparedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = PreparedMarkdownReader


def prepare_renderings(generator: Any) -> None:
    """Hand the reader a rendering of each Markdown file Pelican's content cache lacks: the content
    check's (portal.markdown), else one made now on every core."""
    settings = generator.settings
    kind = "ARTICLE" if type(generator).__name__ == "ArticlesGenerator" else "PAGE"
    readers = generator.readers
    todo: list[tuple[str, str, PreparedMarkdownReader]] = []
    for name in sorted(generator.get_files(settings[f"{kind}_PATHS"], exclude=settings[f"{kind}_EXCLUDES"])):
        path = os.path.abspath(os.path.join(generator.path, name))
        reader = readers.readers.get(path.rsplit(".", 1)[-1])
        if not isinstance(reader, PreparedMarkdownReader) or readers.get_cached_data(path, None) is not None:
            continue
        text = read_text(path)
        checked = take(path, reader.settings, text)
        if checked is not None:
            reader.prepared[path] = checked
        else:
            todo.append((path, text, reader))

    def render(job: tuple[str, str, PreparedMarkdownReader]) -> Rendering:
        _, text, reader = job
        return reader.render(text)

    for (path, _, reader), rendering in zip(todo, in_workers(render, todo, build_workers(settings)), strict=True):
        reader.prepared[path] = rendering
        keep(path, reader.settings, rendering)  # for the next language run, which reads the same files
