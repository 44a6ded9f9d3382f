"""Pages rendered by earlier builds, filed by their key (see fingerprint.py).

A file is named after its key, so a stored page is valid for as long as it exists: a build that
fails half-way leaves nothing inconsistent, only files the next successful build prunes. Files
are written by a background thread (file creation is slow on some disks and the rendering goes
on meanwhile), each to a temporary name renamed into place when complete.

The cache is not trusted: each file starts with a line holding the SHA-256 of the page after it,
and a page whose bytes do not match (truncated, flipped, edited) is dropped and rendered again.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

logger = logging.getLogger(__name__)

SUFFIX = ".html"
HEADER = b"sha256:"  # first line: HEADER + hex digest of the page + newline
HEADER_LENGTH = len(HEADER) + 64 + 1


class RenderStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self._writer: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def get(self, key: str) -> str | None:
        path = self._path(key)
        try:
            stored = path.read_bytes()
        except FileNotFoundError:
            return None
        page = verified_page(stored)
        if page is None:
            logger.warning("cache entry %s was corrupt; rebuilt", path)
            path.unlink(missing_ok=True)
            return None
        self.used.add(key)
        return page

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
        partial.write_bytes(HEADER + hashlib.sha256(page).hexdigest().encode() + b"\n" + page)
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


def verified_page(stored: bytes) -> str | None:
    """The page in a stored file when its digest line matches it, else None."""
    header, page = stored[:HEADER_LENGTH], stored[HEADER_LENGTH:]
    expected = HEADER + hashlib.sha256(page).hexdigest().encode() + b"\n"
    if not hmac.compare_digest(header, expected):
        return None
    try:
        return page.decode("utf-8")
    except UnicodeDecodeError:
        return None
