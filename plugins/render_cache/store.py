"""Pages rendered by earlier builds, filed by their key (see fingerprint.py).

A file is named after its key, so a stored page is valid for as long as it exists: a build that
fails half-way leaves nothing inconsistent, only files the next successful build prunes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

SUFFIX = ".html"


class RenderStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def get(self, key: str) -> str | None:
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        self.used.add(key)
        return text

    def put(self, key: str, written: Path) -> None:
        """Keeps a copy of a page the writer has just rendered."""
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f".{key}.{os.getpid()}.partial"
        shutil.copyfile(written, partial)
        os.replace(partial, self._path(key))
        self.used.add(key)

    def prune(self) -> int:
        """Removes the pages this build did not use (their content, theme or settings changed)."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.iterdir():
            if path.name.endswith(SUFFIX) and path.name[: -len(SUFFIX)] in self.used:
                continue
            path.unlink(missing_ok=True)
            removed += 1
        return removed
