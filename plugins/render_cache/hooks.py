"""Pelican's writer swapped for the reusing one, and every writer finished (its cache index saved) at the end."""

from __future__ import annotations

from typing import Any

from .writer import ReusingWriter

_writers: list[ReusingWriter] = []


class _TrackedWriter(ReusingWriter):
    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings)
        _writers.append(self)


def get_writer(_pelican: Any) -> type[ReusingWriter]:
    return _TrackedWriter


def finish_writers(_pelican: Any) -> None:
    while _writers:
        _writers.pop().finish()
