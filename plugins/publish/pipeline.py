"""The publishing steps, in the order they must run on the finished site:

1. minify CSS and JavaScript (so the content hash names what is served),
2. give CSS/JS content-hashed names and rewrite every reference to them,
3. minify HTML (after its references were rewritten),
4. write .gz and .br beside every text file.

The search bundle (pagefind/) keeps its own names: Pagefind already hashes its index files and
loads its chunks by name. Its JavaScript and JSON are still precompressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .fingerprint import fingerprint_assets
from .minify import minify_tree
from .precompress import CompressionReport, precompress_tree


@dataclass
class PublishReport:
    renamed: dict[str, str]
    bytes_saved: int
    compression: CompressionReport


def optimise_site(output: Path, siteurl: str, cache: Path | None, skipped_folders: set[str]) -> PublishReport:
    saved = minify_tree(output, (".css", ".js"), skipped_folders)
    renamed = fingerprint_assets(output, siteurl, skipped_folders)
    saved += minify_tree(output, (".html",), skipped_folders)
    compression = precompress_tree(output, cache)
    return PublishReport(renamed, saved, compression)
