"""Pages rendered by earlier builds, filed by their key (see fingerprint.py).

A file is named after its key, so a stored page is valid for as long as it exists: a build that
fails half-way leaves nothing inconsistent, only files the next successful build prunes. Files
are written by a background thread (file creation is slow on some disks and the rendering goes
on meanwhile), each to a temporary name renamed into place when complete.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

logger = logging.getLogger(__name__)

SUFFIX = ".html"


class RenderStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self._writer: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []

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
        """Keeps a copy of a page the writer has just rendered (read now: a later write may replace it)."""
        page = written.read_bytes()
        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="render-store")
        self._pending.append(self._writer.submit(self._store, key, page))
        self.used.add(key)

    def _store(self, key: str, page: bytes) -> None:
        partial = self.folder / f".{key}.{os.getpid()}.partial"
        partial.write_bytes(page)
        os.replace(partial, self._path(key))

    def flush(self) -> None:
        """Waits until every page handed to put() is stored; a page that could not be is only not reused."""
        for pending in self._pending:
            try:
                pending.result()
            except OSError as error:
                logger.warning("The render cache could not keep a page: %s", error)
        self._pending.clear()
        if self._writer is not None:
            self._writer.shutdown()
            self._writer = None

    def prune(self) -> int:
        """Removes the pages this build did not use (their content, theme or settings changed)."""
        self.flush()
        if not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.iterdir():
            if path.name.endswith(SUFFIX) and path.name[: -len(SUFFIX)] in self.used:
                continue
            path.unlink(missing_ok=True)
            removed += 1
        return removed
