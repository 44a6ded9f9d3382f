"""site/page.html.gz and page.html.br beside each text file, for hosts that serve them directly
(nginx gzip_static/brotli_static, Apache MultiViews, most CDNs).

Brotli at its best setting is slow, so results are cached by the content's SHA-256: a build
only compresses files whose bytes changed. Output is deterministic (gzip without time or name).
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import brotli

TEXT_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg", ".map", ".webmanifest", ".ics")


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)


ENCODINGS = {".gz": gzip_bytes, ".br": brotli_bytes}
DECODERS = {".gz": gzip.decompress, ".br": brotli.decompress}


def unpacks_to(packed: bytes, suffix: str, data: bytes) -> bool:
    """A cached copy is used only when it decompresses to exactly this file: a damaged cache is redone."""
    try:
        return DECODERS[suffix](packed) == data
    except Exception:  # any damage: gzip and brotli raise their own error types
        return False


@dataclass
class CompressionReport:
    files: int = 0
    written: int = 0
    from_cache: int = 0


def text_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file())


def precompress_tree(output: Path, cache: Path | None) -> CompressionReport:
    """Write .gz and .br beside every text file where they are smaller than the file itself."""
    report = CompressionReport()
    used: set[str] = set()
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    for path in text_files(output):
        data = path.read_bytes()
        report.files += 1
        key = hashlib.sha256(data).hexdigest()
        for suffix, compress in ENCODINGS.items():
            cached = cache / f"{key}{suffix}" if cache is not None else None
            used.add(f"{key}{suffix}")
            packed = cached.read_bytes() if cached is not None and cached.is_file() else b""
            if packed and unpacks_to(packed, suffix, data):
                report.from_cache += 1
            else:
                packed = compress(data)
                if cached is not None:
                    cached.write_bytes(packed)
            if len(packed) < len(data):
                path.with_name(path.name + suffix).write_bytes(packed)
                report.written += 1
    if cache is not None:
        # Forget files no longer on the site, so the cache stays the size of one build.
        for entry in cache.iterdir():
            if entry.name not in used:
                entry.unlink() if entry.is_file() else shutil.rmtree(entry)
    return report
