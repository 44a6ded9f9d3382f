"""The search plugin's post-build step (sitebuild.pipeline.POST_BUILD_STEPS): the Pagefind index of every
written page, shard by shard, reusing the shards whose pages have not changed."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from .indexer import PAGES_PER_SHARD, build_search_index
from .model import setting

logger = logging.getLogger(__name__)


def index_site(settings: dict[str, Any], output: Path) -> None:
    cache = Path(settings["CACHE_PATH"]) / "search-index" if settings.get("CACHE_PATH") else None
    per_shard = int(settings.get("SEARCH_PAGES_PER_SHARD") or PAGES_PER_SHARD)
    shards, indexed = build_search_index(output, cache, setting(settings, "SEARCH_BUNDLE_DIR"), per_shard)
    logger.info("Search index: %d shard(s), %d indexed again, the others reused", shards, indexed)
