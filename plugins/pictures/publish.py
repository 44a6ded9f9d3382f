"""After Pelican has written every page: the published pictures, cleaned, and their variants.

Pelican's static generator copies each picture as it is; this step writes over that copy (by renaming
a new file over it, never through a shared link) with one that has no location or other metadata,
and writes the resized variants the pages' srcset name.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .model import RASTER_SUFFIXES, Picture, read_picture, widths_setting
from .variants import VariantCache, offered, write_atomically


def cache_root(settings: Mapping[str, Any]) -> Path:
    """This content folder's own picture cache (each build prunes what it no longer uses)."""
    base = settings.get("PORTAL_CACHE_ROOT") or settings.get("CACHE_PATH") or "cache"
    site = hashlib.sha256(str(Path(settings["PATH"]).resolve()).encode()).hexdigest()[:16]
    return Path(base) / "pictures" / site


def raster_pictures(settings: Mapping[str, Any]) -> Iterator[tuple[Picture, bytes]]:
    """Every raster picture in the content folder's static paths (images/)."""
    root = Path(settings["PATH"])
    for folder in settings.get("STATIC_PATHS", []):
        base = root / folder
        files = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in files:
            if path.is_file() and not path.is_symlink() and path.suffix.lower() in RASTER_SUFFIXES:
                data = path.read_bytes()
                picture = read_picture(root, path.relative_to(root).as_posix(), data)
                if picture is not None:
                    yield picture, data


def publish_pictures(settings: Mapping[str, Any], output: Path) -> VariantCache:
    cache = VariantCache(cache_root(settings))
    widths = widths_setting(settings)
    for picture, data in raster_pictures(settings):
        published = output / picture.relative
        if not published.is_file():
            continue  # not published (kept out by the public_only checks): no variants either
        copies, wanted = offered(cache, picture, data, widths)
        write_atomically(published, copies["original"])
        for variant in wanted:
            write_atomically(output / variant.path, copies[variant.path])
    cache.prune()
    return cache


def post_build(settings: dict[str, Any], output: Path) -> None:
    started = time.perf_counter()
    cache = publish_pictures(settings, output)
    if cache.made or cache.reused:
        took = time.perf_counter() - started
        print(f"Pictures: {cache.made} made, {cache.reused} reused ({took:.1f} s).")
