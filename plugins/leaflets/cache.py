"""PDFs kept between builds, keyed by a hash of everything that shapes them.

A key covers the leaflet's HTML (article, metadata, templates and settings are all in it), the
stylesheet, the installed fonts, WeasyPrint's version, this plugin's own code and the print files'
colour profile. Same key, same bytes: a warm build copies cached PDFs into the output instead of
rendering them.

The cache is not trusted: each entry's JSON records the SHA-256 of its PDF, checked before the
PDF is used; a PDF that does not match is dropped and rendered again. PDFs are copied, not
hard-linked, into the output: a link would share the cache's bytes, so damage to a cache file
after the build would reach the published site.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)
PLUGIN_DIR = Path(__file__).resolve().parent
DIGEST_FIELD = "pdf_sha256"  # in each entry's JSON, beside the metadata callers see
# Where fontconfig finds fonts on Debian; a font added, removed or updated there may change a PDF.
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))  # so ("ab", "c") and ("a", "bc") differ
        hasher.update(data)
    return hasher.hexdigest()


@cache
def folder_code_version(folder: Path) -> str:
    """The Python code of a plugin folder: a change to it changes every key it is part of."""
    return digest(*(p.read_bytes() for p in sorted(folder.glob("*.py"))))


def code_version() -> str:
    """This plugin's own code: a change to how leaflets are made re-renders them."""
    return folder_code_version(PLUGIN_DIR)


@cache
def fonts_fingerprint() -> str:
    """Every installed font file (path, size, modification time).

    Which font draws a character is fontconfig's choice among all installed fonts (a missing glyph
    falls back to any of them), so all of them count, not just the ones the stylesheet names.
    """
    entries: list[str] = []
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for directory, _dirs, files in os.walk(root):
            for name in files:
                path = Path(directory) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue
                entries.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
    return digest(*sorted(entries))


@dataclass(frozen=True)
class CachedPdf:
    path: Path
    meta: dict[str, Any]


@dataclass
class PdfCache:
    """A folder of `<key>.pdf` files with a `<key>.json` beside each (page count and such)."""

    root: Path
    used: set[str] = field(default_factory=set)
    checked: dict[str, CachedPdf] = field(default_factory=dict)  # verified this build: hashed once

    def pdf_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pdf"

    def get(self, key: str) -> CachedPdf | None:
        """The entry when its PDF matches the digest in its JSON; a damaged entry is removed."""
        if key in self.checked:
            return self.checked[key]
        pdf, meta = self.pdf_path(key), self.pdf_path(key).with_suffix(".json")
        if not (pdf.is_file() and meta.is_file()):
            return None
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            expected = data.pop(DIGEST_FIELD)
            valid = isinstance(expected, str) and hmac.compare_digest(expected, file_digest(pdf))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            valid = False
        if not valid:
            logger.warning("cache entry %s was corrupt; rebuilt", pdf)
            meta.unlink(missing_ok=True)
            pdf.unlink(missing_ok=True)
            return None
        self.used.add(key)
        self.checked[key] = CachedPdf(pdf, data)
        return self.checked[key]

    def _record(self, key: str, pdf_digest: str, meta: dict[str, Any]) -> CachedPdf:
        path = self.pdf_path(key)
        # The JSON goes last: a PDF without its JSON is never taken for a finished entry.
        record = json.dumps({**meta, DIGEST_FIELD: pdf_digest}, sort_keys=True).encode()
        write_atomically(path.with_suffix(".json"), record)
        self.used.add(key)
        self.checked[key] = CachedPdf(path, meta)
        return self.checked[key]

    def put(self, key: str, pdf: bytes, meta: dict[str, Any]) -> CachedPdf:
        path = self.pdf_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, pdf)
        return self._record(key, hashlib.sha256(pdf).hexdigest(), meta)

    def adopt(self, key: str, meta: dict[str, Any]) -> CachedPdf:
        """Record a PDF a worker already wrote at `pdf_path(key)`."""
        return self._record(key, file_digest(self.pdf_path(key)), meta)

    def prune(self) -> int:
        """Remove entries this build did not use, so the cache does not grow forever."""
        removed = 0
        if not self.root.is_dir():
            return removed
        for path in self.root.glob("*/*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                path.with_suffix(".pdf").unlink(missing_ok=True)
                removed += 1
        return removed


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _file_mode() -> int:
    """Permissions a normal new file gets (mkstemp would make it private; the site must be readable)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> None:
    """Readers never see half a file: write beside it, then rename over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def publish(source: Path, output_root: Path, save_as: str) -> Path:
    """Copy a cached PDF into the output (a copy, so the published file never shares the cache's bytes)."""
    target = output_root / save_as
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def build_cache(settings: Mapping[str, Any]) -> Path:
    """The build cache every plugin keeps its folders in."""
    return Path(settings.get("PORTAL_CACHE_ROOT") or settings.get("CACHE_PATH") or "cache")


def cache_root(settings: Mapping[str, Any]) -> Path:
    """This content folder's own leaflet cache inside the build cache, one per language run
    (each run prunes what it did not use, so two runs must not share a folder)."""
    site = digest(str(Path(settings["PATH"]).resolve()), str(settings.get("DEFAULT_LANG", "")))[:16]
    return build_cache(settings) / "leaflets" / site
