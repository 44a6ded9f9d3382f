"""Site search: the /search/ page (search.html + search.js) and a Pagefind index of article and page bodies.

The index is built after every page is written (`post_build`), from the parts templates mark with
`data-pagefind-body`, filed under `data-pagefind-filter` topic and audience values.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from .generator import SearchPageGenerator
from .indexer import PAGES_PER_SHARD, build_search_index
from .model import setting

POST_BUILD_ORDER = 50  # after the sitemap (40), before fingerprinting and compression (90)
logger = logging.getLogger(__name__)


def get_generators(_pelican: Any) -> type[Generator]:
    return SearchPageGenerator


def post_build(settings: dict[str, Any], output: Path) -> None:
    cache = Path(settings["CACHE_PATH"]) / "search-index" if settings.get("CACHE_PATH") else None
    per_shard = int(settings.get("SEARCH_PAGES_PER_SHARD") or PAGES_PER_SHARD)
    shards, indexed = build_search_index(output, cache, setting(settings, "SEARCH_BUNDLE_DIR"), per_shard)
    logger.info("Search index: %d shard(s), %d indexed again, the others reused", shards, indexed)


def register() -> None:
    signals.get_generators.connect(get_generators)
