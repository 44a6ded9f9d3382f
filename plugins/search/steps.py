"""The search plugin's post-build step (sitebuild.pipeline.POST_BUILD_STEPS): the Pagefind index of every
written page, shard by shard, reusing the shards whose pages have not changed."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from portal.run import print_later

from .indexer import PAGES_PER_SHARD, build_search_index
from .model import setting

logger = logging.getLogger(__name__)


def index_site(settings: dict[str, Any], output: Path) -> None:
    cache = Path(settings["CACHE_PATH"]) / "search-index" if settings.get("CACHE_PATH") else None
    per_shard = int(settings.get("SEARCH_PAGES_PER_SHARD") or PAGES_PER_SHARD)
    later = print_later(settings)  # the preview's pages-first build: the index of an edit can follow too
    bundle = setting(settings, "SEARCH_BUNDLE_DIR")
    shards, indexed, stale = build_search_index(output, cache, bundle, per_shard, stale_ok=later is not None)
    if later is not None and stale:
        later.append(f"the search index ({stale} shard(s) hold the last index until then)")
    logger.info("Search index: %d shard(s), %d indexed again, the others reused", shards, indexed)
