"""Publishing: with PUBLISH_OPTIMISE (publishconf.py) the finished site gets fingerprinted CSS/JS,
minified HTML/CSS/JS and precompressed .gz/.br files. Local builds skip it to stay fast and readable.

Runs last among post-build steps, so it covers every file other plugins wrote (pages, PDFs, the
search index, sitemap and feeds).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from .pipeline import optimise_site

POST_BUILD_ORDER = 90  # after the sitemap (40) and the search index (50): works on the final files
logger = logging.getLogger(__name__)


def post_build(settings: dict[str, Any], output: Path) -> None:
    if not settings.get("PUBLISH_OPTIMISE"):
        return
    cache = Path(settings["CACHE_PATH"]) / "precompressed" if settings.get("CACHE_PATH") else None
    skipped = {str(settings.get("SEARCH_BUNDLE_DIR") or "pagefind")}
    report = optimise_site(output, str(settings.get("SITEURL") or ""), cache, skipped)
    logger.info(
        "Published: %d asset(s) fingerprinted, %d bytes saved by minifying, %d compressed file(s) written "
        "(%d reused from the cache)",
        len(report.renamed),
        report.bytes_saved,
        report.compression.written,
        report.compression.from_cache,
    )


def register() -> None:
    """Nothing to connect inside Pelican: all the work is in post_build."""
