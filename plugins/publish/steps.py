"""The publish plugin's post-build step (sitebuild.pipeline.POST_BUILD_STEPS), the last one: with
PUBLISH_OPTIMISE it fingerprints, minifies and precompresses every file the other steps left."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def optimise(settings: dict[str, Any], output: Path) -> None:
    if not settings.get("PUBLISH_OPTIMISE"):
        return
    from .pipeline import optimise_site  # here: the minifiers take most of a second to load

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
